package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/rekam-id/rekam/app/auth"
	"github.com/rekam-id/rekam/app/enroll"
	core "github.com/rekam-id/rekam/app/station"
	"github.com/rekam-id/rekam/app/ui"
	"github.com/rekam-id/rekam/store/sqlite"
)

// unlock logs id in and unlocks the encrypted store with the session's key; it loads the
// fingerprint index, which lives in the encrypted samples. A plain store needs nothing.
func (rt *runtime) unlock(ctx context.Context, s *auth.Session) error {
	if err := rt.store.Unlock(ctx, s.Cipher); err != nil {
		return err
	}
	rt.session = s
	if err := rt.unsealKey(ctx); err != nil {
		return err
	}
	return rt.index.load(ctx, rt.store)
}

// unsealKey takes the station's signing key out of the encrypted store (when it is not
// in a file, as on stations provisioned before keys were sealed).
func (rt *runtime) unsealKey(ctx context.Context) error {
	if !rt.provisioned || rt.key != nil || rt.session == nil {
		return nil
	}
	k, err := unsealStationKey(ctx, rt.store, rt.session)
	if err != nil {
		return err
	}
	rt.key = k
	if rt.builder != nil {
		rt.builder.Key = k
	}
	return nil
}

// unlockCLI unlocks the store for a command-line tool run --as an account (password from
// standard input or REKAM_PASSWORD). A plain (not yet provisioned) store needs no login.
func (rt *runtime) unlockCLI(ctx context.Context, as string, act core.Action, out io.Writer) error {
	s, err := unlockStore(ctx, rt.store, as, act, out)
	if err != nil || s == nil {
		return err
	}
	rt.session = s
	if err := rt.unsealKey(ctx); err != nil {
		return err
	}
	return rt.index.load(ctx, rt.store)
}

// unlockStore logs as in, checks that its role may take act (core.Authorize), and unlocks an encrypted
// store; it returns nil for a plain (not yet provisioned) one.
func unlockStore(ctx context.Context, st *sqlite.Store, as string, act core.Action, out io.Writer) (*auth.Session, error) {
	if !st.Encrypted() {
		return nil, nil
	}
	accounts, _ := stationAccounts(st)
	s, err := loginAs(ctx, accounts, as, out)
	if err != nil {
		return nil, err
	}
	if err := core.Authorize(s, act); err != nil {
		return nil, err
	}
	return s, st.Unlock(ctx, s.Cipher)
}

// asFlag adds the --as flag (the account a command runs as) to fs.
func asFlag(fs *flag.FlagSet) *string {
	return fs.String("as", os.Getenv("REKAM_OPERATOR"), "the account this runs as (its password is read from standard input or REKAM_PASSWORD)")
}

// audit records an event in the station's audit log; a failure is reported, not hidden.
func (rt *runtime) audit(ctx context.Context, actor string, a auth.Action, subject, detail string) error {
	if rt.log == nil {
		return nil
	}
	if actor == "" {
		actor = auth.SystemActor
	}
	if _, err := rt.log.Record(ctx, actor, a, subject, detail); err != nil {
		return fmt.Errorf("audit %s: %w", a, err)
	}
	return nil
}

// auditedRepo records captures, overrides and sign-offs in the audit log as the workflow
// saves them, each entry in the store's transaction of the change (auth.WithIntent).
// Entries name records by ID, never by NIK or name.
type auditedRepo struct {
	enroll.Repository
	rt   *runtime
	mu   sync.Mutex
	seen map[string]map[string]bool // record → sample keys and overrides already logged
}

// pending returns the audit intents of r's captures and overrides not yet logged, and
// the keys to mark as logged once they commit.
func (a *auditedRepo) pending(r *enroll.Record) ([]auth.Intent, []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	seen := a.seen[r.ID]
	var in []auth.Intent
	var keys []string
	for key, smp := range r.Samples() {
		k := key + "@" + smp.At.String()
		if !seen[k] {
			keys = append(keys, k)
			in = append(in, auth.Intent{Actor: r.Operator, Action: auth.ActionCapture, Subject: r.ID,
				Detail: fmt.Sprintf("%s by %s %s", key, smp.Device.Make, smp.Device.Model)})
		}
	}
	for _, o := range r.Overrides {
		k := "override:" + string(o.Kind) + ":" + o.Subject + "@" + o.At.String()
		if !seen[k] {
			keys = append(keys, k)
			in = append(in, auth.Intent{Actor: o.Supervisor, Action: auth.ActionOverride, Subject: r.ID,
				Detail: fmt.Sprintf("%s %s: %s", o.Kind, o.Subject, o.Reason)})
		}
	}
	return in, keys
}

func (a *auditedRepo) logged(id string, keys []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.seen == nil {
		a.seen = map[string]map[string]bool{}
	}
	if a.seen[id] == nil {
		a.seen[id] = map[string]bool{}
	}
	for _, k := range keys {
		a.seen[id][k] = true
	}
}

// SaveDraft saves the draft with the audit entries of its new captures and overrides.
func (a *auditedRepo) SaveDraft(ctx context.Context, r *enroll.Record) error {
	in, keys := a.pending(r)
	if err := a.Repository.SaveDraft(auth.WithIntent(ctx, in...), r); err != nil {
		return err
	}
	a.logged(r.ID, keys)
	return nil
}

// Commit saves the signed-off record with its sign-off entry in one transaction.
func (a *auditedRepo) Commit(ctx context.Context, r *enroll.Record, packet []byte) (int64, error) {
	in, keys := a.pending(r)
	op := ""
	if r.SignOff != nil {
		op = r.SignOff.Operator
	}
	in = append(in, auth.Intent{Actor: op, Action: auth.ActionSignOff, Subject: r.ID, Detail: "signed off and queued"})
	seq, err := a.Repository.Commit(auth.WithIntent(ctx, in...), r, packet)
	if err != nil {
		return seq, err
	}
	a.logged(r.ID, keys)
	return seq, nil
}

// accountLogin authenticates operators against the station's accounts, unlocking the
// store at the first login; before provisioning it accepts only the training operator.
func accountLogin(rt *runtime) func(ctx context.Context, id, password string) (ui.Operator, error) {
	training := stationLogin(rt)
	return func(ctx context.Context, id, password string) (ui.Operator, error) {
		if !rt.store.Encrypted() {
			return training(ctx, id, password)
		}
		accounts, _ := stationAccounts(rt.store)
		s, err := accounts.Login(ctx, id, password)
		if err != nil {
			return ui.Operator{}, enroll.E("login", enroll.KindPermission, err)
		}
		if rt.session == nil {
			if err := rt.unlock(ctx, s); err != nil {
				return ui.Operator{}, err
			}
		}
		role := map[auth.Role]ui.Role{auth.RoleOperator: ui.RoleOperator, auth.RoleSupervisor: ui.RoleSupervisor, auth.RoleAdmin: ui.RoleAdmin}[s.Account.Role]
		return ui.Operator{ID: s.Account.ID, Name: s.Account.Name, Role: role}, nil
	}
}
