package enroll

import "strings"

// Severity says whether an Issue blocks.
type Severity int

// Severities: an error blocks saving; a warning may be overridden with a reason.
const (
	SeverityWarning Severity = iota + 1
	SeverityError
)

// Issue is one finding of a validation rule, with a stable code and a message in both
// languages.
type Issue struct {
	Code     string   `json:"code"`  // stable, e.g. "NIK_BAD_MONTH"
	Field    string   `json:"field"` // the biodata field it concerns, e.g. "nik"
	Severity Severity `json:"severity"`
	ID       string   `json:"id"` // message in Bahasa Indonesia
	EN       string   `json:"en"` // message in English
}

// Message returns the message in lang ("id" or "en").
func (i Issue) Message(lang string) string {
	if lang == "en" {
		return i.EN
	}
	return i.ID
}

// Issues is a list of findings.
type Issues []Issue

// Errors returns the blocking issues.
func (is Issues) Errors() Issues { return is.filter(SeverityError) }

// Warnings returns the issues that need an acknowledgement.
func (is Issues) Warnings() Issues { return is.filter(SeverityWarning) }

// Blocking reports whether any issue is an error.
func (is Issues) Blocking() bool { return len(is.Errors()) > 0 }

// Has reports whether an issue with code is present.
func (is Issues) Has(code string) bool {
	for _, i := range is {
		if i.Code == code {
			return true
		}
	}
	return false
}

// Codes returns the codes, in order.
func (is Issues) Codes() []string {
	out := make([]string, len(is))
	for n, i := range is {
		out[n] = i.Code
	}
	return out
}

// Err returns nil when no issue blocks, else an *Error of KindInvalid listing the
// blocking issues in English.
func (is Issues) Err(op string) error {
	errs := is.Errors()
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for n, e := range errs {
		msgs[n] = e.Code + ": " + e.EN
	}
	return Errorf(op, KindInvalid, "%s", strings.Join(msgs, "; "))
}

func (is Issues) filter(s Severity) Issues {
	var out Issues
	for _, i := range is {
		if i.Severity == s {
			out = append(out, i)
		}
	}
	return out
}

func errIssue(code, field, id, en string) Issue {
	return Issue{Code: code, Field: field, Severity: SeverityError, ID: id, EN: en}
}

func warnIssue(code, field, id, en string) Issue {
	return Issue{Code: code, Field: field, Severity: SeverityWarning, ID: id, EN: en}
}
