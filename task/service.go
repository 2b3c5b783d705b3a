package task

import (
	"context"
	"errors"
	"fmt"

	"github.com/starmap-go/starmap"
)

// Store keeps task records with versions. Implementations never
// apply rules; they keep and return what they are given. memstore.TaskStore
// is the reference; task/tasktest checks any implementation.
type Store interface {
	// Get returns the record with its stored version, or an error matching
	// starmap.ErrNotFound.
	Get(ctx context.Context, id string) (Record, error)
	// Create stores a new record (its Version is ignored) at version 1 and
	// returns 1, or fails with an error matching starmap.ErrConflict when
	// the id exists.
	Create(ctx context.Context, r Record) (uint64, error)
	// Update stores r if the stored version is still r.Version and returns
	// the new version (r.Version+1); it fails with an error matching
	// starmap.ErrConflict when the version moved on, starmap.ErrNotFound
	// when the id does not exist.
	Update(ctx context.Context, r Record) (uint64, error)
	// List returns up to q.Limit records matching q, ordered by id, with
	// ids greater than q.After; a Limit < 1 means 100.
	List(ctx context.Context, q Query) ([]Record, error)
}

// Query selects records for Store.List. Empty fields select everything.
type Query struct {
	Advertiser string
	Creator    string
	// Open keeps only tasks in a non-terminal state.
	Open  bool
	After string
	Limit int
}

// Matches reports whether the record is selected by q (ignoring After and
// Limit): what a store filters on.
func (q Query) Matches(r Record) bool {
	return (q.Advertiser == "" || r.Advertiser == q.Advertiser) &&
		(q.Creator == "" || r.Creator == q.Creator) &&
		(!q.Open || !r.State.Terminal())
}

// Service runs the task rules against a Store with a Clock and a Policy:
// load → decide → write with the version read, retried on conflict.
type Service struct {
	store    Store
	clock    starmap.Clock
	policy   Policy
	mount    MountChecker
	attempts int
	sweeper  starmap.Actor
	signing  SigningLookup
}

// SigningLookup tells which MCN a creator is signed to ("" when
// independent); the host implements it from its signing records.
type SigningLookup interface {
	// SignedMCN returns the id of the MCN creator is signed to, "" if
	// none, or an error when the lookup failed.
	SignedMCN(ctx context.Context, creatorID string) (string, error)
}

// Option configures a Service.
type Option func(*Service)

// WithMountChecker sets the checker ordering calls for components (CMP-3);
// package component supplies one.
func WithMountChecker(m MountChecker) Option { return func(s *Service) { s.mount = m } }

// WithSigningLookup makes Service.Do look up the MCN of a creator who
// claims an open task: the lookup's answer becomes Request.MCN, and a
// claim naming another MCN is refused (ErrClaimMCNMismatch). Without it
// the MCN named in the Request is trusted: the host vouches for it.
func WithSigningLookup(l SigningLookup) Option { return func(s *Service) { s.signing = l } }

// WithAttempts sets how often an operation is tried on version conflicts.
func WithAttempts(n int) Option { return func(s *Service) { s.attempts = n } }

// WithSweeper sets the platform actor Sweep acts as (default
// platform:scheduler).
func WithSweeper(a starmap.Actor) Option { return func(s *Service) { s.sweeper = a } }

// NewService returns a Service, or the policy's or the sweeper's problems.
func NewService(store Store, clock starmap.Clock, p Policy, opts ...Option) (*Service, error) {
	s := &Service{store: store, clock: clock, policy: p, attempts: starmap.DefaultAttempts,
		sweeper: starmap.PlatformActor("scheduler")}
	for _, o := range opts {
		o(s)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(s.sweeper, starmap.RolePlatform); err != nil {
		return nil, err
	}
	return s, nil
}

// Order places an order (TSK-1, TSK-5, CMP-3). It validates the order,
// then — when components are asked for — calls the MountChecker before
// anything is stored: a refusal (or no checker) refuses the whole order and
// stores nothing. A checker error that carries rule errors is a refusal
// (ErrMountRefused wrapping them); any other checker error (a timeout, a
// directory that is down) is returned wrapped as it is, so errors.Is
// finds context.DeadlineExceeded and the order is not called invalid. It returns the stored task and its event.
func (s *Service) Order(ctx context.Context, by starmap.Actor, o Order) (*Task, []starmap.Event, error) {
	now := s.clock.Now()
	if err := ValidateOrder(o, by, starmap.DateOf(now)); err != nil {
		return nil, nil, err
	}
	var mounted []MountedComponent
	if len(o.Components) > 0 {
		if s.mount == nil {
			return nil, nil, ErrMountCheckerMissing.New()
		}
		m, err := s.mount.CheckMount(ctx, by.Advertiser(), o.Format, append([]string(nil), o.Components...))
		switch {
		case err != nil && len(starmap.Codes(err)) > 0:
			// The checker refused components by rule.
			return nil, nil, ErrMountRefused.Wrap(err)
		case err != nil:
			// The checker could not answer (a timeout, a directory down):
			// not a refusal and not invalid input.
			return nil, nil, fmt.Errorf("task: checking components: %w", err)
		}
		mounted = m
	}
	t, ev, err := New(o, by, now, s.policy, mounted)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.store.Create(ctx, t.Record())
	if err != nil {
		return nil, nil, err
	}
	t.version = v
	return t, []starmap.Event{ev}, nil
}

// Get loads a task.
func (s *Service) Get(ctx context.Context, id string) (*Task, error) {
	r, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return FromRecord(r)
}

// Do applies one command to task id by actor by at the clock's now, and
// stores the result with the version read, retrying on conflict (each try
// reloads and decides afresh). It returns the stored task and the event.
// An invalid actor is refused (ErrActorInvalid) before the store is read.
func (s *Service) Do(ctx context.Context, by starmap.Actor, id string, r Request) (*Task, []starmap.Event, error) {
	if err := by.Validate(); err != nil {
		return nil, nil, err
	}
	if r.Command == CmdClaim && s.signing != nil && by.Role() == starmap.RoleCreator {
		signed, err := s.signing.SignedMCN(ctx, by.ID())
		if err != nil {
			return nil, nil, fmt.Errorf("task: looking up the MCN of %s: %w", by.ID(), err)
		}
		if r.MCN != "" && r.MCN != signed {
			signedP := starmap.Arg("signed", signed)
			if signed == "" {
				signedP = starmap.LabeledArg("signed", "(无,独立达人)", "none (independent)")
			}
			return nil, nil, ErrClaimMCNMismatch.New(starmap.Arg("given", r.MCN), signedP)
		}
		r.MCN = signed
	}
	var t *Task
	var ev starmap.Event
	now := s.clock.Now()
	err := starmap.RetryOnConflict(ctx, starmap.Retry{Attempts: s.attempts}, func() error {
		var err error
		if t, err = s.Get(ctx, id); err != nil {
			return err
		}
		if ev, err = t.Apply(r, by, now); err != nil {
			return err
		}
		v, err := s.store.Update(ctx, t.Record())
		if err != nil {
			return err
		}
		t.version = v
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return t, []starmap.Event{ev}, nil
}

// Sweep runs every clock-driven command owed at the clock's now (TSK-7):
// expiries of invitations and automatic acceptances. A host calls it from
// a ticker. It returns the events of the commands it ran and the errors of
// those it could not (a task that moved on meanwhile is skipped silently).
func (s *Service) Sweep(ctx context.Context) ([]starmap.Event, error) {
	now := s.clock.Now()
	var events []starmap.Event
	var errs []error
	q := Query{Open: true, Limit: 100}
	for {
		recs, err := s.store.List(ctx, q)
		if err != nil {
			return events, err
		}
		for _, rec := range recs {
			t, err := FromRecord(rec)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			c, ok := t.Due(now)
			if !ok {
				continue
			}
			_, evs, err := s.Do(ctx, s.sweeper, t.id, Request{Command: c})
			switch {
			case err == nil:
				events = append(events, evs...)
			case errors.Is(err, ErrNotAllowedInState):
			default:
				errs = append(errs, err)
			}
		}
		if len(recs) < q.Limit {
			break
		}
		q.After = recs[len(recs)-1].ID
	}
	return events, errors.Join(errs...)
}

// tasks loads every task q selects, page by page.
func (s *Service) tasks(ctx context.Context, q Query) ([]*Task, error) {
	var out []*Task
	q.Limit = 100
	for {
		recs, err := s.store.List(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			t, err := FromRecord(r)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		if len(recs) < q.Limit {
			return out, nil
		}
		q.After = recs[len(recs)-1].ID
	}
}

// Results returns the results of the advertiser by acts for, per creator
// and for the period from..to (inclusive, by delivery day) (TSK-6). Only an
// advertiser (main or sub-account) may ask, for its own tasks.
func (s *Service) Results(ctx context.Context, by starmap.Actor, from, to starmap.Date) ([]Summary, Summary, error) {
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return nil, Summary{}, err
	}
	ts, err := s.tasks(ctx, Query{Advertiser: by.Advertiser()})
	if err != nil {
		return nil, Summary{}, err
	}
	return ByCreator(ts), InPeriod(ts, from, to), nil
}
