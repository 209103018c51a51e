package afis

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/sync/uplink"
	"github.com/rekam-id/rekam/sync/wire"
)

var (
	packetIDPattern = regexp.MustCompile(`^PKT-[A-Za-z0-9._-]{1,100}$`)
	shaPattern      = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

func decodeKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("public key is not a base64 Ed25519 key")
	}
	return ed25519.PublicKey(b), nil
}

// Handler returns the protocol v1 HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+wire.PathHealth, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("POST "+wire.PathRegister, s.handleRegister)
	mux.HandleFunc("POST "+wire.PathBatches, s.authed(s.handleAnnounce))
	mux.HandleFunc("GET "+wire.PathStatus, s.authed(s.handleStatus))
	mux.HandleFunc("GET "+wire.PathMasterData, s.authed(s.handleMasterData))
	mux.HandleFunc("HEAD "+wire.PathPackets+"{id}", s.authed(s.handleOffset))
	mux.HandleFunc("PATCH "+wire.PathPackets+"{id}", s.authed(s.handleUpload))
	return mux
}

// fail writes an error body and logs the refusal.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, station string, status int, code, reason string, permanent bool) {
	s.refuse(r.Context(), station, r.RemoteAddr, code, reason)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(wire.ErrorBody{Error: code, Reason: reason, Permanent: permanent})
}

type authedHandler func(w http.ResponseWriter, r *http.Request, station string, body []byte)

// authed checks the station's request signature. Bodies of non-upload requests are read
// here (at most 1 MiB) because their hash is signed; uploads sign the packet's SHA-256.
func (s *Server) authed(h authedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		station := r.Header.Get(wire.HeaderStation)
		pub, ok := s.StationKey(station)
		if !ok {
			s.fail(w, r, station, http.StatusUnauthorized, "unknown_station", fmt.Sprintf("station %q is not registered", station), false)
			return
		}
		var body []byte
		var bodyHash string
		if r.Method == http.MethodPatch {
			bodyHash = r.Header.Get(wire.HeaderPacketSHA256)
		} else {
			var err error
			body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
			if err != nil {
				s.fail(w, r, station, http.StatusRequestEntityTooLarge, "too_large", "request body larger than 1 MiB", true)
				return
			}
			bodyHash = wire.BodyHash(body)
		}
		sig := r.Header.Get(wire.HeaderSignature)
		if sig == "" {
			s.fail(w, r, station, http.StatusUnauthorized, "unsigned", "request is not signed", false)
			return
		}
		if err := wire.Verify(pub, r.Method, r.URL.RequestURI(), r.Header.Get(wire.HeaderDate), sig, bodyHash, s.cfg.Now()); err != nil {
			s.fail(w, r, station, http.StatusUnauthorized, "bad_signature", err.Error(), false)
			return
		}
		if !s.seen.fresh(sig, s.cfg.Now()) {
			s.fail(w, r, station, http.StatusUnauthorized, "replayed", "request was already received (replay)", false)
			return
		}
		h(w, r, station, body)
	}
}

func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	var reg wire.Registration
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&reg); err != nil {
		s.fail(w, r, "", http.StatusBadRequest, "bad_json", "registration is not valid JSON: "+err.Error(), true)
		return
	}
	if err := s.Register(r.Context(), reg); err != nil {
		status := http.StatusForbidden
		if enroll.IsKind(err, enroll.KindInvalid) {
			status = http.StatusBadRequest
		}
		s.fail(w, r, reg.Station, status, "registration_refused", err.Error(), true)
		return
	}
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "{}\n")
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (s *Server) handleAnnounce(w http.ResponseWriter, r *http.Request, station string, body []byte) {
	var a uplink.Announcement
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		s.fail(w, r, station, http.StatusBadRequest, "bad_json", "announcement is not valid JSON: "+err.Error(), true)
		return
	}
	if a.Station != station || a.Incarnation == "" || len(a.Packets) > 1000 {
		s.fail(w, r, station, http.StatusBadRequest, "bad_announcement", "announcement names another station, no incarnation, or over 1000 packets", true)
		return
	}
	reply, err := s.announce(r.Context(), a)
	if err != nil {
		s.fail(w, r, station, http.StatusInternalServerError, "internal", err.Error(), false)
		return
	}
	writeJSON(w, reply)
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request, station string, _ []byte) {
	since, _ := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64)
	page, err := s.feed(r.Context(), station, since, 500)
	if err != nil {
		s.fail(w, r, station, http.StatusInternalServerError, "internal", err.Error(), false)
		return
	}
	writeJSON(w, page)
}

func (s *Server) handleMasterData(w http.ResponseWriter, r *http.Request, station string, _ []byte) {
	md := s.cfg.MasterData
	if md == nil || md.Version == r.URL.Query().Get("have") {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, md)
}

func (s *Server) handleOffset(w http.ResponseWriter, r *http.Request, station string, _ []byte) {
	id := r.PathValue("id")
	if !packetIDPattern.MatchString(id) {
		s.fail(w, r, station, http.StatusBadRequest, "bad_packet_id", "malformed packet ID", true)
		return
	}
	off, err := s.offset(r.Context(), station, id)
	if err != nil {
		s.fail(w, r, station, http.StatusInternalServerError, "internal", err.Error(), false)
		return
	}
	w.Header().Set(wire.HeaderUploadOffset, strconv.FormatInt(off, 10))
	w.WriteHeader(http.StatusOK)
}

func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request, station string, _ []byte) {
	id := r.PathValue("id")
	sha := r.Header.Get(wire.HeaderPacketSHA256)
	size, err1 := strconv.ParseInt(r.Header.Get(wire.HeaderUploadLength), 10, 64)
	off, err2 := strconv.ParseInt(r.Header.Get(wire.HeaderUploadOffset), 10, 64)
	switch {
	case !packetIDPattern.MatchString(id):
		s.fail(w, r, station, http.StatusBadRequest, "bad_packet_id", "malformed packet ID", true)
		return
	case !shaPattern.MatchString(sha) || err1 != nil || err2 != nil || size <= 0 || off < 0 || off > size:
		s.fail(w, r, station, http.StatusBadRequest, "bad_upload_headers", "missing or malformed upload headers", true)
		return
	case size > s.cfg.MaxPacket:
		s.fail(w, r, station, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("packet of %d bytes exceeds the limit of %d", size, s.cfg.MaxPacket), true)
		return
	case r.URL.Query().Get("offset") != strconv.FormatInt(off, 10):
		s.fail(w, r, station, http.StatusBadRequest, "bad_upload_headers", "offset header and signed offset differ", true)
		return
	}
	up := upload{station: station, packetID: id, recordID: r.Header.Get(wire.HeaderRecordID), sha: sha, size: size, offset: off,
		relay: r.URL.Query().Get("relay") == "1"}
	rc, err := s.receive(r.Context(), up, r.Body)
	if err != nil {
		var re *refusalError
		if errors.As(err, &re) {
			s.fail(w, r, station, re.status, re.code, re.reason, re.permanent)
			return
		}
		s.fail(w, r, station, http.StatusInternalServerError, "internal", err.Error(), false)
		return
	}
	writeJSON(w, rc)
}

// refusalError is a refusal with its HTTP status.
type refusalError struct {
	status    int
	code      string
	reason    string
	permanent bool
}

func (e *refusalError) Error() string { return e.code + ": " + e.reason }

func refused(status int, code string, permanent bool, format string, args ...any) error {
	return &refusalError{status: status, code: code, reason: fmt.Sprintf(format, args...), permanent: permanent}
}
