// Package auth is who may use the station and how its data is protected at rest: operator
// accounts and roles, Argon2id password hashing with lockout, the station data key and
// its wrappings, the AEAD cipher for fields and samples, the keyed blind index, and the
// hash-chained audit log. It is pure logic over two small ports (AccountStore,
// AuditStore); the store implements them and cmd wires them in.
//
// The words:
//
//   - An Account is one operator: an ID (the login name), a display Name, a Role, a
//     password Hash (a PHC-style string with the Argon2id parameters and a per-user
//     salt), the lockout counters, and the station data key wrapped for that operator.
//   - A Role (operator, supervisor, admin) grants Permissions through one table, Table;
//     Allowed answers "may this role do that" and Check turns a refusal into an error of
//     kind enroll.KindPermission.
//   - The data key is 32 random bytes made at provisioning. It never touches the disk in
//     the clear: each account holds it wrapped (XChaCha20-Poly1305) under a key derived
//     from the account's password, and the station holds one more wrapping under the
//     recovery key printed at provisioning. Removing an account deletes its wrapping.
//   - A Session is a successful login: the account and the unwrapped data key, from which
//     Cipher derives the sub-keys that seal fields and samples and compute blind indexes.
//   - An AuditEntry is one line of the audit log; each is chained to its predecessor by
//     SHA-256, so VerifyChain finds a changed, deleted or reordered entry.
//
// One login costs one Argon2id evaluation: its 32-byte output is split by HKDF into the
// verifier stored in the Hash and the key that unwraps the data key, so the stored hash
// alone does not unwrap anything.
//
// Errors are *enroll.Error values. A wrong password, an unknown account and a bad
// recovery key are KindInvalid (the message does not say which); a locked, disabled or
// under-privileged account is KindPermission; a ciphertext that does not authenticate is
// KindInvalid wrapping ErrDecrypt; a broken audit chain is KindConflict wrapping
// ErrChainBroken.
package auth
