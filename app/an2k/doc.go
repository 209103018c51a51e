// Package an2k reads and writes ANSI/NIST-ITL 1-2011 Update 2015 transactions in the
// traditional (tagged and binary) encoding, version 0502.
//
// A Transaction is an ordered list of Records. The first record is the Type-1 transaction
// header; its content list (field 1.003, CNT) names the type and information designation
// character (IDC) of every record that follows. Two record layouts exist:
//
//   - Tagged records (types 1, 2, 9, 10, 13, 14, 15, 17 and every type this package does
//     not know, except 3 to 8): fields written as "T.FFF:value", separated by GS (0x1D),
//     the record ended by FS (0x1C). Inside a value, RS (0x1E) separates subfields and US
//     (0x1F) separates items. The image data field (T.999) is binary and comes last.
//   - Binary records (types 3 to 8): fixed-width big-endian header fields, starting with a
//     4-byte length, then the data. This package numbers their parts the way the standard
//     does (for Type-4: 4.001 LEN, 4.002 IDC, 4.003 IMP, 4.004 FGP, 4.005 ISR, 4.006 HLL,
//     4.007 VLL, 4.008 GCA, 4.009 DATA; for Type-8: 8.001 LEN, 8.002 IDC, 8.003 SIG,
//     8.004 SRT, 8.005 ISR, 8.006 HLL, 8.007 VLL, 8.008 DATA). Type-7 and the other legacy
//     types are kept as LEN, IDC and an opaque remainder.
//
// Reading keeps every byte: field order, field tags as written (a legacy "1.01" stays
// "1.01"), LEN values and the content list are stored as read, so Write reproduces the
// input byte for byte. Nothing is recomputed until Finalize is called; the Builder calls
// it for new transactions.
//
// Read in Tolerant mode accepts what real-world files contain and fails only when the
// record structure cannot be recovered. Strict mode additionally runs Check, which
// reports every problem found (mandatory fields, content list against records present,
// LEN fields, declared image size against the embedded WSQ, JPEG or PNG stream) as a
// Problems error naming the record and the field.
//
// Typed views cover what the enrollment station uses: the Type-1 Header, Type-2
// user-defined text (Record.Text and Record.SetText), Type-14 FingerImage, Type-10
// FaceImage, Type-8 Signature and the legacy Type-4 LegacyFinger. Every other field is
// reachable through Record.Field.
//
// The parser never allocates in proportion to a length field: every length is checked
// against the bytes actually remaining, and field values alias the input buffer.
package an2k
