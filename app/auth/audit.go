package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// Action is what an audit entry records.
type Action string

// The audited actions.
const (
	ActionLogin       Action = "login"        // an operator logged in
	ActionLoginFailed Action = "login_failed" // a wrong password or unknown account
	ActionLogout      Action = "logout"       // an operator logged out (or the session ended)
	ActionLock        Action = "lock"         // an account locked after failed logins, or the screen locked
	ActionCapture     Action = "capture"      // a sample was captured for a record
	ActionOverride    Action = "override"     // a supervisor approved an override; Detail holds the reason
	ActionSignOff     Action = "sign_off"     // an operator signed a record off
	ActionExport      Action = "export"       // sealed packets or the audit log left the station
	ActionImport      Action = "import"       // sealed packets came in from a drive
	ActionSync        Action = "sync"         // a sync with the centre ran
	ActionPurge       Action = "purge"        // biometric samples were purged
	ActionSettings    Action = "settings"     // a setting changed
	ActionAccount     Action = "account"      // an account was added, removed, unlocked, or its password changed
	ActionView        Action = "view"         // an operator opened a stored record (its personal data and biometrics)
	ActionProvision   Action = "provision"    // the station was re-provisioned for a centre (URL, CA, recipient)
	ActionMasterData  Action = "master_data"  // the region master data was replaced
)

// Actions lists every action.
var Actions = []Action{
	ActionLogin, ActionLoginFailed, ActionLogout, ActionLock, ActionCapture, ActionOverride,
	ActionSignOff, ActionExport, ActionImport, ActionSync, ActionPurge, ActionSettings, ActionAccount, ActionView,
	ActionProvision, ActionMasterData,
}

// HashLen is the length of an audit entry's hash.
const HashLen = sha256.Size

// AuditEntry is one line of the audit log. Subjects are record or account IDs, never a
// NIK or a name: the log is kept in the clear so that it can be verified and exported
// without the data key.
type AuditEntry struct {
	Seq      uint64    // 1 for the first entry, then +1 without gaps
	At       time.Time // when; hashed at nanosecond precision, so the store must keep it
	Actor    string    // the account ID that acted ("system" for the scheduler)
	Action   Action    // what happened
	Subject  string    // what it happened to: a record ID, an account ID, a file name
	Detail   string    // free text: an override's reason, a count, an error
	PrevHash []byte    // the Hash of entry Seq-1; HashLen zero bytes for the first entry
	Hash     []byte    // SHA-256 over the canonical encoding of the fields above
}

// ComputeHash returns SHA-256 over the canonical encoding of e (every field but Hash):
// the label "rekam-audit-v1", Seq and At as big-endian 64-bit integers (At in Unix
// nanoseconds), each string as a 32-bit big-endian length and its bytes, then PrevHash
// with its length. The encoding is injective, so no two different entries hash alike
// by shifting bytes between fields.
func (e AuditEntry) ComputeHash() []byte {
	h := sha256.New()
	var n [8]byte
	str := func(s string) {
		binary.BigEndian.PutUint32(n[:4], uint32(len(s)))
		h.Write(n[:4])
		h.Write([]byte(s))
	}
	str("rekam-audit-v1")
	binary.BigEndian.PutUint64(n[:], e.Seq)
	h.Write(n[:])
	binary.BigEndian.PutUint64(n[:], uint64(e.At.UnixNano()))
	h.Write(n[:])
	str(e.Actor)
	str(string(e.Action))
	str(e.Subject)
	str(e.Detail)
	str(string(e.PrevHash))
	return h.Sum(nil)
}

// Next returns the entry that follows prev (nil for the first entry of a log), with Seq,
// PrevHash and Hash filled in. At is kept at nanosecond precision in UTC.
func Next(prev *AuditEntry, at time.Time, actor string, action Action, subject, detail string) AuditEntry {
	e := AuditEntry{Seq: 1, At: at.UTC(), Actor: actor, Action: action, Subject: subject, Detail: detail,
		PrevHash: make([]byte, HashLen)}
	if prev != nil {
		e.Seq = prev.Seq + 1
		e.PrevHash = bytes.Clone(prev.Hash)
	}
	e.Hash = e.ComputeHash()
	return e
}

// ErrChainBroken is the cause of every VerifyChain failure.
var ErrChainBroken = errors.New("audit chain broken")

// VerifyChain checks a whole log, in the order the store returns it (by Seq): the first
// entry has Seq 1 and a zero PrevHash, each next entry has the next Seq and its
// predecessor's Hash, and every Hash matches its entry. It returns -1 and nil for an
// intact log, or the index of the first entry that breaks the chain and an error of kind
// KindConflict wrapping ErrChainBroken that names its Seq and what is wrong: a changed
// entry (hash mismatch), a deleted one (a gap in Seq), reordered ones (Seq going back).
//
// A chain alone cannot show that entries were cut from its end, or that someone with
// write access rewrote every hash after a change: compare the head against a copy kept
// elsewhere (VerifyAnchor) for that.
func VerifyChain(entries []AuditEntry) (firstBroken int, err error) {
	seen := make(map[uint64]bool, len(entries))
	for _, e := range entries {
		seen[e.Seq] = true
	}
	prevHash := make([]byte, HashLen)
	var prevSeq uint64
	for i, e := range entries {
		var why string
		switch {
		case e.Seq > prevSeq+1 && seen[prevSeq+1]:
			why = fmt.Sprintf("comes before entry %d (reordered)", prevSeq+1)
		case e.Seq > prevSeq+1:
			why = fmt.Sprintf("entries %d..%d before it are missing (deleted)", prevSeq+1, e.Seq-1)
		case e.Seq != prevSeq+1:
			why = fmt.Sprintf("follows entry %d (reordered or duplicated)", prevSeq)
		case !bytes.Equal(e.PrevHash, prevHash):
			why = "does not point at the entry before it (an entry was replaced or the log was spliced)"
		case !bytes.Equal(e.ComputeHash(), e.Hash):
			why = "its content does not match its hash (changed)"
		}
		if why != "" {
			return i, enroll.E("verify audit", enroll.KindConflict,
				fmt.Errorf("%w at entry %d (position %d): %s", ErrChainBroken, e.Seq, i+1, why))
		}
		prevHash, prevSeq = e.Hash, e.Seq
	}
	return -1, nil
}

// VerifyAnchor checks that entries contain anchor (a Seq and Hash recorded elsewhere
// earlier: in an exported report, or acknowledged by the centre) unchanged. Together with
// VerifyChain it shows that nothing up to the anchor was cut or rewritten. Errors:
// KindConflict wrapping ErrChainBroken.
func VerifyAnchor(entries []AuditEntry, anchorSeq uint64, anchorHash []byte) error {
	for _, e := range entries {
		if e.Seq == anchorSeq {
			if !bytes.Equal(e.Hash, anchorHash) {
				return enroll.E("verify audit", enroll.KindConflict,
					fmt.Errorf("%w: entry %d differs from the anchor kept elsewhere (the log was rewritten)", ErrChainBroken, anchorSeq))
			}
			return nil
		}
	}
	return enroll.E("verify audit", enroll.KindConflict,
		fmt.Errorf("%w: entry %d of the anchor kept elsewhere is missing (the log was cut)", ErrChainBroken, anchorSeq))
}
