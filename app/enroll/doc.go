// Package enroll is the e-KTP enrollment domain: the vocabulary of the station and its
// rules, free of I/O.
//
// The words:
//
//   - An Applicant comes to the desk with a request (RequestType: Baru, Pindah datang, …).
//   - Biodata is what SIAK holds about the person (UU 24/2013 Pasal 58(2)); coded fields
//     store SIAK codes and render labels from CodeList tables.
//   - A NIK (16 digits, PP KK CC DDMMYY SSSS) and a Nomor KK are checked by ValidateNIK and
//     ValidateKK: Issues of SeverityError block, Issues of SeverityWarning need an
//     acknowledgement with a reason.
//   - Eligibility says whether the person may be recorded today (from 16), must hold a
//     card (17, or married or ever married), and is a priority (22 or older).
//   - The Checklist is the office's requirement list (Persyaratan), configuration with
//     conditions, not code.
//   - A Record is one recording: biodata, captures (face, signature, ten fingers with
//     exceptions), per-step timestamps, and a Status that moves through the lifecycle
//     state machine from DRAFT to the central statuses (BIO_CAPTURED … CARD_ISSUED).
//   - The Service runs the workflow against small ports: Repository (the store), Clock
//     and IDs (injected so tests are exact), and the device ports (Camera, SignaturePad,
//     FingerScanner; IrisScanner reserved).
//
// Errors are *Error values with a Kind the UI can act on.
package enroll
