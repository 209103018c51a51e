package enroll

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Repository is the port to the local store. Implementations: store/sqlite, and the
// in-memory fake in this package's tests; one conformance suite checks both.
type Repository interface {
	// SaveDraft stores a DRAFT record with the samples captured so far, replacing the
	// previous version. Errors: KindInvalid (not a draft), KindUnavailable (disk), KindInternal.
	SaveDraft(ctx context.Context, r *Record) error
	// Commit stores a signed-off record (status BIO_CAPTURED), its samples, its sealed
	// packet (may be nil) and the next outbox sequence number in one transaction that is
	// durable when Commit returns. It returns the sequence number. Errors: KindConflict
	// (already committed), KindInvalid, KindUnavailable, KindInternal.
	Commit(ctx context.Context, r *Record, packet []byte) (seq int64, err error)
	// Get returns the record with its samples. Errors: KindNotFound.
	Get(ctx context.Context, id string) (*Record, error)
	// FindByNIK returns the summaries of every non-cancelled record with that NIK, newest first.
	FindByNIK(ctx context.Context, nik string) ([]Summary, error)
	// SetStatus moves a record to a new status with a reason, checking the lifecycle.
	// Errors: KindNotFound, KindConflict (illegal transition).
	SetStatus(ctx context.Context, id string, s Status, reason string, at time.Time) error
}

// Sealer builds, signs and seals the packet of a signed-off record. It runs once, at
// sign-off; the bytes it returns are the bytes that are uploaded.
type Sealer interface {
	// Seal returns the packet's reference and bytes. Errors: KindInvalid (incomplete
	// record), KindInternal.
	Seal(ctx context.Context, r *Record) (PacketRef, []byte, error)
}

// Config configures a Service. Clock and NewID are required.
type Config struct {
	Repo      Repository
	Clock     func() time.Time
	NewID     func() string
	Station   string
	Checklist Checklist
	Regions   RegionChecker // may be nil
	Sealer    Sealer        // may be nil (packets are then built later)
	// FingerQuality is the minimum finger quality; 0 means DefaultFingerQuality.
	FingerQuality int
	// Duplicates is the local fingerprint duplicate check; may be nil.
	Duplicates DuplicateIndex
	// AllowSelfApproval lets the operator who recorded an applicant also approve that
	// record's overrides and exceptions. Off by default (four eyes, DESIGN.md Trust); a
	// training station may turn it on.
	AllowSelfApproval bool
}

// Service runs the enrollment workflow of the service standard. Its methods may be
// called from several goroutines; the office settings (checklist, finger quality) can
// change while it runs.
type Service struct {
	cfg Config

	mu            sync.RWMutex
	checklist     Checklist
	fingerQuality int
}

// NewService returns a Service for cfg.
func NewService(cfg Config) *Service {
	if cfg.FingerQuality == 0 {
		cfg.FingerQuality = DefaultFingerQuality
	}
	if cfg.Checklist.Items == nil {
		cfg.Checklist = DefaultChecklist()
	}
	return &Service{cfg: cfg, checklist: cfg.Checklist, fingerQuality: cfg.FingerQuality}
}

// Checklist returns the configured requirement checklist.
func (s *Service) Checklist() Checklist {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.checklist
}

// SetChecklist changes the requirement checklist for records checked from now on.
// Errors: KindInvalid (a bad checklist).
func (s *Service) SetChecklist(c Checklist) error {
	if err := c.Check(); err != nil {
		return err
	}
	s.mu.Lock()
	s.checklist = c
	s.mu.Unlock()
	return nil
}

// SetFingerQuality changes the minimum finger quality (0 means DefaultFingerQuality).
// Errors: KindInvalid (outside 0–100).
func (s *Service) SetFingerQuality(q int) error {
	if q < 0 || q > 100 {
		return Errorf("set finger quality", KindInvalid, "finger quality %d is not 0–100", q)
	}
	if q == 0 {
		q = DefaultFingerQuality
	}
	s.mu.Lock()
	s.fingerQuality = q
	s.mu.Unlock()
	return nil
}

// FingerQuality returns the configured minimum finger quality.
func (s *Service) FingerQuality() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.fingerQuality
}

// Start opens a new draft for an applicant who has just stated the service they need.
func (s *Service) Start(ctx context.Context, req RequestType, queueNo, operator string) (*Record, error) {
	if !req.Valid() {
		return nil, Errorf("start enrollment", KindInvalid, "unknown request type %q", req)
	}
	now := s.cfg.Clock()
	r := &Record{ID: s.cfg.NewID(), Request: req, QueueNo: queueNo, Operator: operator,
		Status: StatusDraft, Times: Timestamps{Arrived: now}, Updated: now}
	return r, s.cfg.Repo.SaveDraft(ctx, r)
}

// Earlier returns the earlier recordings of nik at this station. A non-empty result means
// a re-recording needs a supervisor override (OverrideRerecordNIK).
func (s *Service) Earlier(ctx context.Context, nik string) ([]Summary, error) {
	return s.cfg.Repo.FindByNIK(ctx, nik)
}

// Validate returns the issues of the record's biodata on today's date.
func (s *Service) Validate(r *Record) Issues {
	return r.Biodata.Validate(s.cfg.Clock(), s.cfg.Regions)
}

// Eligibility returns the eligibility of the record's applicant today.
func (s *Service) Eligibility(r *Record) Eligibility {
	return CheckEligibility(r.Biodata.BirthDate, r.Biodata.MaritalStatus, s.cfg.Clock())
}

// SetBiodata stores the biodata on the draft. Blocking issues are returned as an error of
// KindInvalid together with all issues; the draft is saved either way, so nothing typed
// is lost.
func (s *Service) SetBiodata(ctx context.Context, r *Record, b Biodata) (Issues, error) {
	r.Biodata = b
	is := s.Validate(r)
	if err := s.save(ctx, r); err != nil {
		return is, err
	}
	return is, is.Err("set biodata")
}

// CheckDocuments records which documents the service officer saw and stamps the
// document-check time. It returns the outcomes and an error of KindInvalid when an
// applicable requirement is not met.
func (s *Service) CheckDocuments(ctx context.Context, r *Record, checked map[string]bool) ([]Outcome, error) {
	r.Checked = checked
	r.Outcomes = s.Checklist().Evaluate(r.Biodata, s.Eligibility(r), checked)
	if r.Times.DocsChecked.IsZero() {
		r.Times.DocsChecked = s.cfg.Clock()
	}
	if err := s.save(ctx, r); err != nil {
		return r.Outcomes, err
	}
	return r.Outcomes, Complete(r.Outcomes)
}

// Acknowledge records that the operator accepts a warning, with a reason.
func (s *Service) Acknowledge(ctx context.Context, r *Record, code, reason, by string) error {
	if strings.TrimSpace(reason) == "" {
		return Errorf("acknowledge warning", KindInvalid, "a reason is required for %s", code)
	}
	r.Acks = append(r.Acks, Ack{Code: code, Reason: reason, By: by, At: s.cfg.Clock()})
	return s.save(ctx, r)
}

// Override records a supervisor's approval. The caller has authenticated the supervisor.
// Errors: KindInvalid (no supervisor or reason), KindPermission (the supervisor recorded
// the applicant: four eyes), the repository's kinds.
func (s *Service) Override(ctx context.Context, r *Record, kind OverrideKind, subject, supervisor, reason string) error {
	if strings.TrimSpace(reason) == "" || supervisor == "" {
		return Errorf("override", KindInvalid, "an override needs a supervisor and a reason")
	}
	if err := s.fourEyes(r, supervisor); err != nil {
		return err
	}
	r.Overrides = append(r.Overrides, Override{Kind: kind, Subject: subject, Supervisor: supervisor,
		Reason: reason, At: s.cfg.Clock()})
	return s.save(ctx, r)
}

// fourEyes refuses an approval by the operator who recorded r (unless the office allows
// self-approval). Errors: KindPermission.
func (s *Service) fourEyes(r *Record, supervisor string) error {
	if s.cfg.AllowSelfApproval || r.Operator == "" {
		return nil
	}
	if strings.EqualFold(strings.TrimSpace(r.Operator), strings.TrimSpace(supervisor)) {
		return Errorf("approve", KindPermission,
			"%s recorded this applicant and may not also approve: another supervisor must (empat mata / four eyes)", supervisor)
	}
	return nil
}

func (s *Service) captureStarted(r *Record) {
	if r.Times.CaptureStart.IsZero() {
		r.Times.CaptureStart = s.cfg.Clock()
	}
}

// SetFace stores the face photo (replacing an earlier one: retake).
func (s *Service) SetFace(ctx context.Context, r *Record, f FaceSample) error {
	s.captureStarted(r)
	r.Face = &Sample{Format: FormatJPEG, Width: f.Width, Height: f.Height, Quality: -1, Device: f.Device, At: f.At, Data: f.JPEG}
	return s.save(ctx, r)
}

// SetSignature stores the signature image.
func (s *Service) SetSignature(ctx context.Context, r *Record, sig SignatureSample) error {
	s.captureStarted(r)
	r.Signature = &Sample{Format: FormatPNG, Width: sig.PadWidth, Height: sig.PadHeight, Quality: -1,
		Device: sig.Device, At: sig.At, Data: sig.PNG}
	return s.save(ctx, r)
}

// AddFingerTry records one impression of a finger and keeps the best of the tries. It
// returns whether another try is allowed (quality below threshold and fewer than
// MaxFingerTries tries).
func (s *Service) AddFingerTry(ctx context.Context, r *Record, f FingerSample) (retry bool, err error) {
	if !f.Position.Valid() || f.Image == nil {
		return false, Errorf("add finger", KindInvalid, "invalid finger sample for %v", f.Position)
	}
	s.captureStarted(r)
	fc := r.Finger(f.Position)
	fc.Tries++
	b := f.Image.Bounds()
	smp := &Sample{Format: FormatGray8, Width: b.Dx(), Height: b.Dy(), PPI: f.PPI, Quality: f.Quality,
		Device: f.Device, At: f.At, Data: grayBytes(f)}
	if fc.Sample == nil || smp.Quality > fc.Sample.Quality {
		fc.Sample, fc.Template = smp, nil
	}
	fc.Exception = ExceptionNone
	retry = fc.Sample.Quality < s.FingerQuality() && fc.Tries < MaxFingerTries
	return retry, s.save(ctx, r)
}

func grayBytes(f FingerSample) []byte {
	b := f.Image.Bounds()
	out := make([]byte, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := f.Image.PixOffset(b.Min.X, y)
		out = append(out, f.Image.Pix[i:i+b.Dx()]...)
	}
	return out
}

// SetFingerException records a finger that cannot be captured, with the supervisor's
// confirmation.
func (s *Service) SetFingerException(ctx context.Context, r *Record, pos FingerPosition, exc FingerException, supervisor, reason string) error {
	if !pos.Valid() || exc == ExceptionNone || !exc.Valid() {
		return Errorf("set finger exception", KindInvalid, "invalid exception %q for %v", exc, pos)
	}
	if err := s.fourEyes(r, supervisor); err != nil {
		return err
	}
	fc := r.Finger(pos)
	fc.Exception, fc.Sample, fc.Template = exc, nil, nil
	return s.Override(ctx, r, OverrideFingerException, fmt.Sprintf("%d:%s", pos, exc), supervisor, reason)
}

// Missing returns the codes of what the record still lacks before sign-off, empty when
// it is complete (MissingIssues gives the same with messages in both languages).
func (s *Service) Missing(r *Record) []string { return s.MissingIssues(r).Codes() }

// MissingIssues returns what the record still lacks before sign-off, one blocking Issue
// per gap with a message in Bahasa Indonesia and English.
func (s *Service) MissingIssues(r *Record) Issues {
	var out Issues
	is := s.Validate(r)
	out = append(out, is.Errors()...)
	for _, w := range is.Warnings() {
		if !r.Acked(w.Code) {
			out = append(out, errIssue("UNACKNOWLEDGED_"+w.Code, w.Field,
				"Peringatan belum dikonfirmasi: "+w.ID, "Warning not acknowledged: "+w.EN))
		}
	}
	if err := Complete(s.Checklist().Evaluate(r.Biodata, s.Eligibility(r), r.Checked)); err != nil {
		out = append(out, errIssue("REQUIREMENTS", "requirements", "Persyaratan belum lengkap", "Requirements not met"))
	}
	if el := s.Eligibility(r); !el.MayCapture {
		out = append(out, errIssue("NOT_ELIGIBLE", "birth_date", el.ID, el.EN))
	}
	if r.Face == nil {
		out = append(out, errIssue("FACE_MISSING", "face", "Foto wajah belum diambil", "No face photo"))
	}
	if r.Signature == nil {
		out = append(out, errIssue("SIGNATURE_MISSING", "signature", "Tanda tangan belum diambil", "No signature"))
	}
	done := map[FingerPosition]bool{}
	for _, f := range r.Fingers {
		done[f.Position] = f.Done()
	}
	for _, p := range AllFingers {
		if !done[p] {
			out = append(out, errIssue("FINGER_MISSING_"+FingerKey(p)[len("finger-"):], "fingers",
				"Sidik jari belum diambil: "+p.Label("id"), "Fingerprint not captured: "+p.Label("en")))
		}
	}
	return out
}

// Acked reports whether the record holds an acknowledgement of the warning code, or a
// supervisor's override of it.
func (r *Record) Acked(code string) bool {
	for _, a := range r.Acks {
		if a.Code == code {
			return true
		}
	}
	for _, o := range r.Overrides {
		if o.Kind == OverrideWarning && o.Subject == code {
			return true
		}
	}
	return false
}

// SignOff is the operator's confirmation ("tanda tangan dan stempel"): the record must be
// complete; it is stamped, sealed (when a Sealer is configured) and committed with its
// outbox sequence number in one durable transaction. The caller has verified the
// operator's password. Errors: KindInvalid (incomplete), KindConflict (not a draft),
// and the repository's and sealer's kinds.
func (s *Service) SignOff(ctx context.Context, r *Record, operator string) (int64, error) {
	if r.Status != StatusDraft {
		return 0, Errorf("sign off", KindConflict, "record %s is %s, not a draft", r.ID, r.Status)
	}
	if m := s.MissingIssues(r); len(m) > 0 {
		msgs := make([]string, len(m))
		for i, is := range m {
			msgs[i] = is.EN
		}
		return 0, Errorf("sign off", KindInvalid, "record %s is incomplete: %s", r.ID, strings.Join(msgs, "; "))
	}
	if err := s.checkDuplicates(ctx, r); err != nil {
		return 0, err
	}
	now := s.cfg.Clock()
	prev := *r
	r.Times.CaptureEnd = latestCapture(r, now)
	r.Times.SignedOff = now
	r.SignOff = &SignOff{Operator: operator, Station: s.cfg.Station, At: now}
	r.Outcomes = s.Checklist().Evaluate(r.Biodata, s.Eligibility(r), r.Checked)
	r.Status, r.StatusAt, r.Updated = StatusBioCaptured, now, now
	var packet []byte
	if s.cfg.Sealer != nil {
		ref, data, err := s.cfg.Sealer.Seal(ctx, r)
		if err != nil {
			*r = prev
			return 0, fmt.Errorf("sign off %s: %w", r.ID, err)
		}
		r.Packet, packet = &ref, data
	}
	seq, err := s.cfg.Repo.Commit(ctx, r, packet)
	if err != nil {
		*r = prev
		return 0, err
	}
	if s.cfg.Duplicates != nil {
		if err := s.cfg.Duplicates.Add(ctx, r); err != nil {
			// The record is saved and queued; the centre de-duplicates too. Say so.
			return seq, fmt.Errorf("record %s saved, but indexing its fingerprints failed: %w", r.ID, err)
		}
	}
	return seq, nil
}

func latestCapture(r *Record, def time.Time) time.Time {
	var t time.Time
	for _, smp := range r.Samples() {
		if smp.At.After(t) {
			t = smp.At
		}
	}
	if t.IsZero() {
		return def
	}
	return t
}

// Cancel abandons a draft.
func (s *Service) Cancel(ctx context.Context, r *Record, reason string) error {
	return s.cfg.Repo.SetStatus(ctx, r.ID, StatusCancelled, reason, s.cfg.Clock())
}

func (s *Service) save(ctx context.Context, r *Record) error {
	if r.Status != StatusDraft {
		return Errorf("save draft", KindConflict, "record %s is %s; only drafts change", r.ID, r.Status)
	}
	r.Updated = s.cfg.Clock()
	return s.cfg.Repo.SaveDraft(ctx, r)
}
