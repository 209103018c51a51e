// Package sbi drives biometric devices that implement MOSIP's Secure Biometric Interface
// (SBI, formerly MDS) 0.9.5 for registration devices, and adapts them to the enroll ports:
// a fingerprint scanner becomes an enroll.FingerScanner (Scanner), a face camera an
// enroll.Camera (Camera) and an iris camera an enroll.IrisScanner (Iris).
//
// # Transport
//
// An SBI device service is an HTTP/1.1 server bound to 127.0.0.1 on one port of 4501–4600,
// answering custom methods: MOSIPDISC /device (discovery), MOSIPDINFO /info (device info),
// RCAPTURE /capture (registration capture) and STREAM /stream (M-JPEG live preview).
// HTTP on loopback is therefore this package's transport and it imports net/http for it.
// This does not break the rule that sync/remote is the station's only network client: the
// requests never leave the machine, and Discover and Client refuse any base URL whose host
// is not a loopback address.
//
// # Trust
//
// Every block the device signs (deviceInfo, digitalId, each capture's data) is a JWS
// compact token (RFC 7515) with alg RS256 and the signer's certificate in the x5c header.
// The package verifies them itself with crypto/rsa and crypto/x509 (no JWT library):
// the x5c leaf must chain to Config.Roots (the device-provider CAs the station trusts),
// the signature must verify under the leaf's RSA key, and a capture must be signed by the
// same certificate that signed the device info (after a device key rotation, the one the
// device info names when fetched again). Anything unsigned, untrusted, tampered or
// inconsistent is rejected with an error of kind enroll.KindProtocol.
//
// # Hash chain
//
// Captures of one enrollment are chained (spec "Registration Capture", bio.previousHash
// and hash, clarified 24 May 2021): for each returned biometric,
//
//	hash = HEX(SHA-256(prev || SHA-256(bioValue)))   (upper case)
//
// where bioValue is the base64url-decoded ISO record and prev is the previous hash
// decoded from hex; for the first capture prev is SHA-256 of the empty string (the
// request's previousHash is then the hex of SHA-256("")). Within one response the chain
// continues from one biometric to the next. A Chain carries the last hash across devices
// and modalities; the client verifies every link before it accepts a capture.
//
// # Images
//
// bioValue is an ISO/IEC 19794-4:2011 (finger), 19794-5:2011 (face) or 19794-6:2011
// (iris) record. The package parses the records and decodes uncompressed, PNG and JPEG
// images with the standard library; WSQ and JPEG 2000 (which real registration devices
// send) are decoded only through Config.Decoders, so that the station can plug in its
// codecs without this package importing them.
//
// The package sbitest is a strict in-process model of an SBI device service (with fault
// injection) used by the tests and by cmd/sbimock.
package sbi
