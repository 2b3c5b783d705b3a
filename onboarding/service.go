package onboarding

import (
	"context"
	"errors"
	"time"

	"github.com/starmap-go/starmap"
)

// ApplicationFilter selects applications to list; zero fields match all.
type ApplicationFilter struct {
	State   State
	Kind    Kind
	Subject string
}

// Match reports whether r passes the filter.
func (f ApplicationFilter) Match(r ApplicationRecord) bool {
	return (f.State == 0 || r.State == f.State) &&
		(f.Kind == 0 || r.Kind == f.Kind) &&
		(f.Subject == "" || r.Subject() == f.Subject)
}

// Store persists applications. Implementations keep the contract of
// the package doc; onboardingtest.TestStore checks it.
type Store interface {
	// CreateApplication stores a new record at version 1 and returns 1.
	// An existing id fails with an error matching starmap.ErrConflict
	// (starmap.ErrAlreadyExists) and stores nothing.
	CreateApplication(ctx context.Context, r ApplicationRecord) (uint64, error)
	// GetApplication returns the record with its version; a missing id
	// fails with an error matching starmap.ErrNotFound.
	GetApplication(ctx context.Context, id string) (ApplicationRecord, error)
	// UpdateApplication replaces the record r.ID if its stored version is
	// expected, stores expected+1 and returns it; otherwise it fails with an
	// error matching starmap.ErrConflict (starmap.ErrVersionConflict), or
	// starmap.ErrNotFound for a missing id, and stores nothing.
	UpdateApplication(ctx context.Context, r ApplicationRecord, expected uint64) (uint64, error)
	// ListApplications returns every record the filter matches, ordered by
	// SubmittedAt, then ID.
	ListApplications(ctx context.Context, f ApplicationFilter) ([]ApplicationRecord, error)
}

// Config wires a Service.
type Config struct {
	Store Store
	Clock starmap.Clock
	// Policy defaults to DefaultPolicy when its Name is empty.
	Policy Policy
	// Calendar counts the opening deadline; nil means starmap.ChinaCalendar.
	Calendar *starmap.Calendar
	// Attempts bounds retries on version conflicts (starmap.DefaultAttempts if < 1).
	Attempts int
	// Cancellations and Tasks are needed for account cancellation (ONB-8)
	// only; without them those methods answer ErrLeavingNotConfigured.
	Cancellations CancellationStore
	Tasks         TaskLister
	// CodeKey is the host's secret key (at least MinCodeKeyLen bytes) for
	// the HMAC of verification codes: a stored digest does not give a
	// code away without it. Keep it out of the store. Needed for ONB-8.
	CodeKey []byte
	// Signings confirms that a creator is signed to the MCN agency its
	// application names (ONB-3). Without it, creator applications that
	// name an MCN are refused with ErrSigningUnverified.
	Signings SigningVerifier
}

// SigningVerifier confirms MCN signings from the host's own records (the
// signed contract, the agency's creator list): the library cannot know
// them, and an unverified MCN id would let anyone use the MCN route (ONB-3)
// or let an agency apply for an account it does not manage.
type SigningVerifier interface {
	// Signed reports whether the creator holding account on platform is
	// signed to the agency mcn.
	Signed(ctx context.Context, mcn string, platform Platform, account string) (bool, error)
}

// ErrSigningUnverified: a creator application names an MCN agency that the
// host's SigningVerifier does not confirm (or the service has none).
var ErrSigningUnverified = starmap.NewRule("onboarding.application.signing_unverified", starmap.ErrForbidden,
	"无法确认达人账号{account}已签约MCN机构{mcn}", "account {account} is not confirmed as signed to MCN agency {mcn}")

// Service runs applications: store + clock + policy (ONB-5, ONB-9).
type Service struct {
	store    Store
	clock    starmap.Clock
	policy   Policy
	cal      *starmap.Calendar
	attempts int
	cancels  CancellationStore
	tasks    TaskLister
	signings SigningVerifier
	codeKey  []byte
}

// ErrConfig is a Service built with a missing store or clock, or an invalid
// policy (joined with the policy's problems).
var ErrConfig = starmap.NewRule("onboarding.service.config", starmap.ErrInvalid,
	"入驻服务配置有误:{problem}", "onboarding service config: {problem}")

// NewService checks the config and builds a Service.
func NewService(c Config) (*Service, error) {
	if c.Store == nil {
		return nil, ErrConfig.New(problem("未配置存储", "no store"))
	}
	if c.Clock == nil {
		return nil, ErrConfig.New(problem("未配置时钟", "no clock"))
	}
	if c.Policy.Name == "" {
		c.Policy = DefaultPolicy()
	}
	if err := c.Policy.Validate(); err != nil {
		return nil, errors.Join(ErrConfig.New(problem("入驻规则无效", "invalid policy")), err)
	}
	if c.Calendar == nil {
		c.Calendar = starmap.ChinaCalendar()
	}
	return &Service{store: c.Store, clock: c.Clock, policy: c.Policy, cal: c.Calendar, attempts: c.Attempts,
		cancels: c.Cancellations, tasks: c.Tasks, signings: c.Signings, codeKey: append([]byte(nil), c.CodeKey...)}, nil
}

// Policy returns the service's policy.
func (s *Service) Policy() Policy { return s.policy }

// Submit stores a new application (ONB-9) and returns it with its event.
// A creator application that names an MCN agency is stored only when the
// Config's SigningVerifier confirms the signing (ErrSigningUnverified
// otherwise), whoever submits it.
func (s *Service) Submit(ctx context.Context, actor starmap.Actor, id string, sub Submission) (*Application, []starmap.Event, error) {
	now := s.clock.Now()
	a, ev, err := Submit(id, now, actor, sub)
	if err != nil {
		return nil, nil, err
	}
	if c := sub.Creator; sub.Kind == KindCreator && c.MCN != "" {
		ok := false
		if s.signings != nil {
			if ok, err = s.signings.Signed(ctx, c.MCN, c.Platform, c.AccountID); err != nil {
				return nil, nil, err
			}
		}
		if !ok {
			return nil, nil, ErrSigningUnverified.New(starmap.Arg("account", c.AccountID), starmap.Arg("mcn", c.MCN))
		}
	}
	v, err := s.store.CreateApplication(ctx, a.r.Clone())
	if err != nil {
		return nil, nil, err
	}
	a.r.Version = v
	return a, []starmap.Event{ev}, nil
}

// Get loads an application.
func (s *Service) Get(ctx context.Context, id string) (*Application, error) {
	r, err := s.store.GetApplication(ctx, id)
	if err != nil {
		return nil, err
	}
	return FromRecord(r)
}

// List pages through the applications the filter matches, in the store's
// order (submission instant, then id).
func (s *Service) List(ctx context.Context, f ApplicationFilter, req starmap.PageRequest) (starmap.Page[ApplicationRecord], error) {
	rs, err := s.store.ListApplications(ctx, f)
	if err != nil {
		return starmap.Page[ApplicationRecord]{}, err
	}
	return starmap.PageOf(rs, req)
}

// Eligibility evaluates a stored application's facts against the service's
// policy today, without changing anything.
func (s *Service) Eligibility(ctx context.Context, id string) (Decision, error) {
	a, err := s.Get(ctx, id)
	if err != nil {
		return Decision{}, err
	}
	return a.Eligibility(s.policy, starmap.DateOf(s.clock.Now())), nil
}

// change runs load → decide → write with the version read, retrying on
// conflicts; decide gets the instant read once for the operation.
func (s *Service) change(ctx context.Context, id string, decide func(a *Application, now time.Time) (starmap.Event, error)) (*Application, []starmap.Event, error) {
	now := s.clock.Now()
	var out *Application
	var ev starmap.Event
	err := starmap.RetryOnConflict(ctx, starmap.Retry{Attempts: s.attempts}, func() error {
		r, err := s.store.GetApplication(ctx, id)
		if err != nil {
			return err
		}
		a, err := FromRecord(r)
		if err != nil {
			return err
		}
		e, err := decide(a, now)
		if err != nil {
			return err
		}
		v, err := s.store.UpdateApplication(ctx, a.r.Clone(), r.Version)
		if err != nil {
			return err
		}
		a.r.Version = v
		out, ev = a, e
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, []starmap.Event{ev}, nil
}

// GrantSpecialApproval records a special approval (特批) on a submitted
// agency application: platform actors only (ONB-6).
func (s *Service) GrantSpecialApproval(ctx context.Context, actor starmap.Actor, id, reason string) (*Application, []starmap.Event, error) {
	if err := starmap.RequireRole(actor, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.change(ctx, id, func(a *Application, now time.Time) (starmap.Event, error) {
		return a.GrantSpecialApproval(now, actor, reason)
	})
}

// Approve confirms onboarding and fixes the opening deadline (ONB-5,
// ONB-9); an ineligible application is refused with every reason.
func (s *Service) Approve(ctx context.Context, actor starmap.Actor, id string) (*Application, []starmap.Event, error) {
	if err := starmap.RequireRole(actor, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.change(ctx, id, func(a *Application, now time.Time) (starmap.Event, error) {
		return a.Approve(now, actor, s.policy, s.cal)
	})
}

// Reject rejects a submitted application with written reasons (ONB-9).
func (s *Service) Reject(ctx context.Context, actor starmap.Actor, id string, reasons ...string) (*Application, []starmap.Event, error) {
	if err := starmap.RequireRole(actor, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.change(ctx, id, func(a *Application, now time.Time) (starmap.Event, error) {
		return a.Reject(now, actor, reasons)
	})
}

// Review decides a submitted application on its facts: approve when
// eligible, otherwise reject with the decision's reasons in the platform's
// wording (zh-CN), one per unmet requirement.
func (s *Service) Review(ctx context.Context, actor starmap.Actor, id string) (*Application, []starmap.Event, error) {
	if err := starmap.RequireRole(actor, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.change(ctx, id, func(a *Application, now time.Time) (starmap.Event, error) {
		d := a.Eligibility(s.policy, starmap.DateOf(now))
		if d.Eligible {
			return a.Approve(now, actor, s.policy, s.cal)
		}
		reasons := make([]string, len(d.Reasons))
		for i, r := range d.Reasons {
			reasons[i] = r.Message(starmap.ZH)
		}
		return a.Reject(now, actor, reasons)
	})
}

// Open records that the Star Map account opened (ONB-5, ONB-9).
func (s *Service) Open(ctx context.Context, actor starmap.Actor, id string) (*Application, []starmap.Event, error) {
	if err := starmap.RequireRole(actor, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.change(ctx, id, func(a *Application, now time.Time) (starmap.Event, error) {
		return a.Open(now, actor)
	})
}

// Overdue lists the approved applications whose opening deadline has
// passed today (ONB-5), in the store's order.
func (s *Service) Overdue(ctx context.Context) ([]ApplicationRecord, error) {
	today := starmap.DateOf(s.clock.Now())
	rs, err := s.store.ListApplications(ctx, ApplicationFilter{State: StateApproved})
	if err != nil {
		return nil, err
	}
	var out []ApplicationRecord
	for _, r := range rs {
		if today.After(r.Deadline) {
			out = append(out, r)
		}
	}
	return out, nil
}
