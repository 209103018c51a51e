package sbitest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goldenRequest is the client's committed one-finger RCAPTURE request.
func goldenRequest(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "golden", "rcapture_request.json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRequestValidation sends broken capture requests and checks the error code.
func TestRequestValidation(t *testing.T) {
	pki, err := ReadPKI(filepath.Join("..", "testdata", "pki"))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(Options{PKI: pki, Now: func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	good := goldenRequest(t)
	tests := []struct{ name, from, to, code string }{
		{"valid", "", "", "0"},
		{"auth purpose", `"purpose":"Registration"`, `"purpose":"Auth"`, "501"},
		{"other env", `"env":"Developer"`, `"env":"Production"`, "501"},
		{"spec version", `"specVersion":"0.9.5"`, `"specVersion":"0.9.2"`, "501"},
		{"short transaction", `"txn-0001"`, `"t1"`, "112"},
		{"transaction with underscore", `"txn-0001"`, `"txn_0001"`, "112"},
		{"count mismatch", `"count":"1"`, `"count":"2"`, "109"},
		{"finger of another slap", `"Right IndexFinger"`, `"Left IndexFinger"`, "501"},
		{"unknown device", `"deviceId":"1"`, `"deviceId":"9"`, "501"},
		{"bad sub-device", `"deviceSubId":"2"`, `"deviceSubId":"7"`, "501"},
		{"bad previous hash", `"previousHash":"E3B0`, `"previousHash":"ZZ`, "501"},
		{"negative timeout", `"timeout":"10000"`, `"timeout":"-1"`, "501"},
		{"unknown field", `"customOpts":{}`, `"customOpts":{},"bogus":1`, "501"},
		{"numbers for strings", `"count":"1"`, `"count":1`, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Replace(good, tt.from, tt.to, 1)
			if tt.from != "" && body == good {
				t.Fatalf("%q not in the golden request", tt.from)
			}
			rec := httptest.NewRecorder()
			svc.Handler().ServeHTTP(rec, httptest.NewRequest("RCAPTURE", "/capture", strings.NewReader(body)))
			var resp struct {
				Biometrics []biometric `json:"biometrics"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Biometrics) == 0 {
				t.Fatalf("reply %q: %v", rec.Body.String(), err)
			}
			if got := resp.Biometrics[0].Error.ErrorCode; got != tt.code {
				t.Errorf("error code %s (%s), want %s", got, resp.Biometrics[0].Error.ErrorInfo, tt.code)
			}
		})
	}

	// The admin endpoint is off unless asked for.
	rec := httptest.NewRecorder()
	svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/admin/fault?mode=busy", nil))
	if rec.Code != http.StatusMethodNotAllowed || svc.currentFault() != FaultNone {
		t.Errorf("admin endpoint without Options.Admin: %d, fault %q", rec.Code, svc.currentFault())
	}
	svc.opt.Admin = true
	for mode, code := range map[string]int{"busy": http.StatusOK, "nonsense": http.StatusBadRequest} {
		rec := httptest.NewRecorder()
		svc.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/admin/fault?mode="+mode, nil))
		if rec.Code != code {
			t.Errorf("admin mode %q: %d, want %d", mode, rec.Code, code)
		}
	}
	if svc.currentFault() != FaultBusy {
		t.Errorf("fault %q after admin busy", svc.currentFault())
	}
}
