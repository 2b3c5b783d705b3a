package mcn

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// AccountChecker confirms from the host's records that a creator holds a
// platform account (the binding the host made when the creator joined).
// With one (WithAccountCheck), Service.Propose refuses an account the
// checker does not confirm, so that an MCN cannot name someone else's
// account in a signing and then use it on the onboarding MCN route
// (ONB-3).
type AccountChecker interface {
	Holds(ctx context.Context, creatorID string, a Account) (bool, error)
}

// Service runs the MCN workspace (MCN-1 … MCN-3) on a Store with a Clock:
// each command runs the root's load → decide → compare-and-swap cycle
// (starmap.Change) on the creator's book, deciding with the Book's pure
// methods. It reads the clock once per operation and returns the events
// of each change. It is also the SDK's implementation of the host
// callbacks onboarding.SigningVerifier (Signed) and task.SigningLookup
// (SignedMCN). Make one with NewService; a zero or nil Service answers
// every method with starmap.ErrServiceNotReady.
type Service struct {
	store Store
	clock starmap.Clock
	cfg   settings
}

// Option configures a Service (see NewService).
type Option func(*settings) error

type settings struct {
	retry    starmap.Retry
	policy   Policy
	accounts AccountChecker
	tasks    TaskSource
	ledger   Ledger
}

// WithRetry sets how many load → decide → write cycles an operation tries
// while it meets version conflicts, and the hook told of each (default:
// starmap.Retry{}, that is starmap.DefaultAttempts tries and no hook).
func WithRetry(r starmap.Retry) Option {
	return func(s *settings) error {
		s.retry = r
		return nil
	}
}

// WithPolicy sets the signing policy (default: DefaultPolicy, one active
// signing per creator).
func WithPolicy(p Policy) Option {
	return func(s *settings) error {
		s.policy = p
		return nil
	}
}

// WithAccountCheck makes Propose confirm every account of a proposal with
// the host (default: none — the host vouches for the accounts it passes).
func WithAccountCheck(c AccountChecker) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("账号核验", "account checker", c); err != nil {
			return err
		}
		s.accounts = c
		return nil
	}
}

// WithTaskSource gives the views the host's tasks (MCN-3): Orders needs
// it, SignedCreators lists open tasks with it (default: none).
func WithTaskSource(t TaskSource) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("任务来源", "task source", t); err != nil {
			return err
		}
		s.tasks = t
		return nil
	}
}

// WithLedger gives Earnings the host's ledger of MCN earnings (default:
// none).
func WithLedger(l Ledger) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("账本", "ledger", l); err != nil {
			return err
		}
		s.ledger = l
		return nil
	}
}

// NewService returns a Service over store and clock. A nil store or clock
// is starmap.ErrServiceDependency, a nil option (or a nil interface given
// to one) starmap.ErrServiceOption.
func NewService(store Store, clock starmap.Clock, opts ...Option) (*Service, error) {
	if err := errors.Join(
		starmap.RequireDependency("签约存储", "signing store", store),
		starmap.RequireDependency("时钟", "clock", clock),
	); err != nil {
		return nil, err
	}
	var cfg settings
	if err := starmap.ApplyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	return &Service{store: store, clock: clock, cfg: cfg}, nil
}

// Policy returns the service's signing policy (the zero Policy for a
// Service not made by NewService).
func (s *Service) Policy() Policy {
	if s == nil {
		return Policy{}
	}
	return s.cfg.policy
}

// begin is the start of every method: a Service made by NewService, and a
// context that is not done (a cancelled operation reads and writes
// nothing).
func (s *Service) begin(ctx context.Context) error {
	if s == nil || s.store == nil || s.clock == nil {
		return starmap.ErrServiceNotReady.New()
	}
	return starmap.CheckContext(ctx)
}

func (s *Service) access(create bool) starmap.Access[string, Record] {
	a := starmap.Access[string, Record]{Get: s.store.Get, Update: s.store.Update}
	if create {
		a.Create = s.store.Create
	}
	return a
}

// Propose records the proposal p of the MCN by to p.Creator (MCN-1) and
// returns the proposed signing. The proposal is checked first
// (Proposal.Validate, every problem at once); then, with WithAccountCheck,
// every account with the host; then the book's rules (Book.Propose). The
// creator's book is created by the first proposal. A checker that cannot
// answer is not a refusal: its error is returned wrapped, nothing stored.
func (s *Service) Propose(ctx context.Context, by starmap.Actor, p Proposal) (Signing, []starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return Signing{}, nil, err
	}
	if err := starmap.RequireRole(by, starmap.RoleMCN); err != nil {
		return Signing{}, nil, err
	}
	now := s.clock.Now()
	if err := p.Validate(starmap.DateOf(now)); err != nil {
		return Signing{}, nil, err
	}
	if s.cfg.accounts != nil {
		var errs []error
		for _, a := range p.Accounts {
			ok, err := s.cfg.accounts.Holds(ctx, p.Creator, a)
			if err != nil {
				return Signing{}, nil, fmt.Errorf("mcn: checking account %s of %s: %w", a, p.Creator, err)
			}
			if !ok {
				errs = append(errs, ErrAccountUnverified.New(platformParam(a.Platform), starmap.Arg("account", a.ID), starmap.Arg("creator", p.Creator)))
			}
		}
		if err := errors.Join(errs...); err != nil {
			return Signing{}, nil, err
		}
	}
	return s.change(ctx, true, Key{Creator: p.Creator, Signing: p.ID}, func(b *Book) ([]starmap.Event, error) {
		return b.Propose(by, now, p, s.cfg.policy)
	})
}

// Accept makes the proposed signing k active (MCN-1); by is k's creator.
// Under the default policy exactly one of many concurrent acceptances of
// a creator's overlapping proposals wins; the others are refused with
// ErrOneActive.
func (s *Service) Accept(ctx context.Context, by starmap.Actor, k Key) (Signing, []starmap.Event, error) {
	return s.command(ctx, by, k, []starmap.Role{starmap.RoleCreator}, func(b *Book, now time.Time) ([]starmap.Event, error) {
		return b.Accept(by, now, k.Signing, s.cfg.policy)
	})
}

// Decline refuses the proposed signing k; by is k's creator.
func (s *Service) Decline(ctx context.Context, by starmap.Actor, k Key, reason string) (Signing, []starmap.Event, error) {
	return s.command(ctx, by, k, []starmap.Role{starmap.RoleCreator}, func(b *Book, now time.Time) ([]starmap.Event, error) {
		return b.Decline(by, now, k.Signing, reason)
	})
}

// Withdraw takes back the proposed signing k; by is the MCN that proposed
// it.
func (s *Service) Withdraw(ctx context.Context, by starmap.Actor, k Key, reason string) (Signing, []starmap.Event, error) {
	return s.command(ctx, by, k, []starmap.Role{starmap.RoleMCN}, func(b *Book, now time.Time) ([]starmap.Event, error) {
		return b.Withdraw(by, now, k.Signing, reason)
	})
}

// End ends the active signing k with a reason; by is its MCN, its creator
// or the platform.
func (s *Service) End(ctx context.Context, by starmap.Actor, k Key, reason string) (Signing, []starmap.Event, error) {
	return s.command(ctx, by, k, []starmap.Role{starmap.RoleMCN, starmap.RoleCreator, starmap.RolePlatform},
		func(b *Book, now time.Time) ([]starmap.Event, error) { return b.End(by, now, k.Signing, reason) })
}

// command runs one command on signing k as by may see it: a creator acts
// on its own book only (ErrNotParty otherwise, before anything is read);
// an MCN sees only its own signings (another MCN's is ErrUnknown, exactly
// like a key that does not exist).
func (s *Service) command(ctx context.Context, by starmap.Actor, k Key, roles []starmap.Role,
	decide func(*Book, time.Time) ([]starmap.Event, error)) (Signing, []starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return Signing{}, nil, err
	}
	if err := starmap.RequireRole(by, roles...); err != nil {
		return Signing{}, nil, err
	}
	if err := k.Validate(); err != nil {
		return Signing{}, nil, err
	}
	if by.Role() == starmap.RoleCreator && by.ID() != k.Creator {
		return Signing{}, nil, ErrNotParty.New(actorParam(by), signingArg(k.Signing))
	}
	now := s.clock.Now()
	return s.change(ctx, false, k, func(b *Book) ([]starmap.Event, error) {
		if sg, ok := b.Signing(k.Signing); !ok || by.Role() == starmap.RoleMCN && sg.MCN != by.ID() {
			return nil, ErrUnknown.New(signingArg(k.Signing))
		}
		return decide(b, now)
	})
}

// change runs the root's cycle on k's book: decide on the loaded (or, for
// a proposal, new) book, write it with the version read.
func (s *Service) change(ctx context.Context, create bool, k Key, decide func(*Book) ([]starmap.Event, error)) (Signing, []starmap.Event, error) {
	var out *Book
	_, v, evs, err := starmap.Change(ctx, s.cfg.retry, s.access(create), k.Creator, func(cur Record, found bool) (Record, []starmap.Event, error) {
		var (
			b   *Book
			err error
		)
		switch {
		case found:
			b, err = FromRecord(cur)
		case create:
			b, err = NewBook(k.Creator)
		default:
			err = ErrUnknown.New(signingArg(k.Signing))
		}
		if err != nil {
			return Record{}, nil, err
		}
		e, err := decide(b)
		if err != nil {
			return Record{}, nil, err
		}
		out = b
		return b.Record(), e, nil
	})
	if err != nil {
		return Signing{}, nil, err
	}
	out.version = v
	sg, _ := out.Signing(k.Signing)
	return sg, evs, nil
}

// errNothingDue stops the cycle of a book that another sweep expired first.
var errNothingDue = errors.New("mcn: nothing due")

// Expire is the sweep (MCN-1) across every book: it asks the store for
// the books with something due by today (Query.Expiring), and runs
// Book.Expire on each through the root's cycle, as by, a platform actor.
// Sweeps on several replicas may overlap: a book another sweep expired
// first is skipped, and no expiry is recorded twice. A book that cannot
// be expired does not hold up the others: its error is joined to the
// result and the sweep goes on. It returns the events of every change it
// stored, also with an error (a done context or a store that cannot list
// stops it; the changes stored so far stay).
func (s *Service) Expire(ctx context.Context, by starmap.Actor) ([]starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	today := starmap.DateOf(now)
	var (
		all    []starmap.Event
		failed []error
	)
	q := Query{Expiring: today, PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}}
	for {
		page, err := s.store.List(ctx, q)
		if err != nil {
			return all, err
		}
		for _, r := range page.Items {
			_, _, evs, err := starmap.Change(ctx, s.cfg.retry, s.access(false), r.Creator, func(cur Record, found bool) (Record, []starmap.Event, error) {
				if !found {
					return Record{}, nil, errNothingDue
				}
				b, err := FromRecord(cur)
				if err != nil {
					return Record{}, nil, err
				}
				evs, err := b.Expire(by, now)
				if err != nil {
					return Record{}, nil, err
				}
				if len(evs) == 0 {
					return Record{}, nil, errNothingDue
				}
				return b.Record(), evs, nil
			})
			switch {
			case errors.Is(err, errNothingDue):
			case ctx.Err() != nil:
				return all, errors.Join(append(failed, ctx.Err())...)
			case err != nil:
				// One book that cannot be expired (a record that does not
				// read back, a store error) does not hold up the others.
				failed = append(failed, fmt.Errorf("mcn: expiring the signings of %s: %w", r.Creator, err))
			default:
				all = append(all, evs...)
			}
		}
		if page.Next == "" {
			return all, errors.Join(failed...)
		}
		q.Cursor = page.Next
	}
}

// Book returns a creator's whole book — every signing, whatever the MCN,
// and the history — to the creator itself or to the platform. A creator
// without a book gets an empty one. MCNs see their own signings through
// Signings.
func (s *Service) Book(ctx context.Context, by starmap.Actor, creator string) (*Book, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RoleCreator, starmap.RolePlatform); err != nil {
		return nil, err
	}
	if err := starmap.ValidateID("creator id", creator); err != nil {
		return nil, err
	}
	if by.Role() == starmap.RoleCreator && by.ID() != creator {
		return nil, ErrBookForbidden.New(actorParam(by), idArg("creator", creator))
	}
	return s.load(ctx, creator)
}

// load returns the stored book of creator, or an empty one.
func (s *Service) load(ctx context.Context, creator string) (*Book, error) {
	r, err := s.store.Get(ctx, creator)
	switch {
	case errors.Is(err, starmap.ErrNotFound):
		return NewBook(creator)
	case err != nil:
		return nil, err
	}
	return FromRecord(r)
}

// Signings returns the signings of creator that by may see: all of them
// to the creator itself and to the platform; to an MCN, its own (none
// when it has none — other MCNs' offers to the creator stay private).
func (s *Service) Signings(ctx context.Context, by starmap.Actor, creator string) ([]Signing, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RoleCreator, starmap.RoleMCN, starmap.RolePlatform); err != nil {
		return nil, err
	}
	if err := starmap.ValidateID("creator id", creator); err != nil {
		return nil, err
	}
	if by.Role() == starmap.RoleCreator && by.ID() != creator {
		return nil, ErrBookForbidden.New(actorParam(by), idArg("creator", creator))
	}
	b, err := s.load(ctx, creator)
	if err != nil {
		return nil, err
	}
	out := b.Signings()
	if by.Role() == starmap.RoleMCN {
		mine := out[:0]
		for _, sg := range out {
			if sg.MCN == by.ID() {
				mine = append(mine, sg)
			}
		}
		out = mine
	}
	return out, nil
}

// TermsAt returns the terms of the creator's signing in force at t
// (InForce), and false when none was: the pure lookup, over the store,
// that package task asks at ordering (TSK-5). It reads and never writes,
// and its answer for an instant does not change when signings end later.
// A creator without a book has no terms.
func (s *Service) TermsAt(ctx context.Context, creatorID string, t time.Time) (Terms, bool, error) {
	if err := s.begin(ctx); err != nil {
		return Terms{}, false, err
	}
	if err := starmap.ValidateID("creator id", creatorID); err != nil {
		return Terms{}, false, err
	}
	b, err := s.load(ctx, creatorID)
	if err != nil {
		return Terms{}, false, err
	}
	terms, ok := b.TermsAt(t)
	return terms, ok, nil
}

// TermsOf returns the terms of mcnID's signing with the creator in force
// at t (InForceWith): what package task keeps when an order or a claim
// names that MCN, and asks before the MCN acts for the creator.
func (s *Service) TermsOf(ctx context.Context, creatorID, mcnID string, t time.Time) (Terms, bool, error) {
	if err := s.begin(ctx); err != nil {
		return Terms{}, false, err
	}
	if err := errors.Join(starmap.ValidateID("creator id", creatorID), starmap.ValidateID("mcn id", mcnID)); err != nil {
		return Terms{}, false, err
	}
	b, err := s.load(ctx, creatorID)
	if err != nil {
		return Terms{}, false, err
	}
	terms, ok := InForceWith(t, b.signings, creatorID, mcnID)
	return terms, ok, nil
}

// SignedMCN implements task.SigningLookup: the MCN of the creator's
// signing in force now, "" when the creator is independent.
func (s *Service) SignedMCN(ctx context.Context, creatorID string) (string, error) {
	if err := s.begin(ctx); err != nil {
		return "", err
	}
	terms, _, err := s.TermsAt(ctx, creatorID, s.clock.Now())
	return terms.MCN, err
}

// MayActFor is the on-behalf check (MayActFor) at the clock's now, over
// the creator's stored book: nil when the MCN's signing with the creator
// is in force.
func (s *Service) MayActFor(ctx context.Context, mcnID, creatorID string) error {
	if err := s.begin(ctx); err != nil {
		return err
	}
	if err := errors.Join(starmap.ValidateID("mcn id", mcnID), starmap.ValidateID("creator id", creatorID)); err != nil {
		return err
	}
	b, err := s.load(ctx, creatorID)
	if err != nil {
		return err
	}
	return MayActFor(s.clock.Now(), b.signings, mcnID, creatorID)
}

// Signed implements onboarding.SigningVerifier (ONB-3): whether a signing
// of the agency mcnID that covers the platform account is in force now.
// Malformed input is a coded error, never a plain false.
func (s *Service) Signed(ctx context.Context, mcnID string, platform onboarding.Platform, account string) (bool, error) {
	if err := s.begin(ctx); err != nil {
		return false, err
	}
	a := Account{Platform: platform, ID: account}
	if err := errors.Join(starmap.ValidateID("mcn id", mcnID), a.validate()); err != nil {
		return false, err
	}
	now := s.clock.Now()
	q := Query{MCN: mcnID, State: StateActive, Account: a, PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}}
	for {
		page, err := s.store.List(ctx, q)
		if err != nil {
			return false, err
		}
		for _, r := range page.Items {
			for _, sg := range r.Signings {
				if sg.MCN == mcnID && sg.Creator == r.Creator && sg.Covers(a) && sg.InForce(now) {
					return true, nil
				}
			}
		}
		if page.Next == "" {
			return false, nil
		}
		q.Cursor = page.Next
	}
}
