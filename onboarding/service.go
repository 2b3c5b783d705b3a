package onboarding

import (
	"context"
	"errors"
	"time"

	"github.com/starmap-go/starmap"
)

// Service runs applications and account cancellations over a Store with a
// clock (ONB-5, ONB-8, ONB-9). Make one with NewService; a Service that was
// not (its zero value, a nil pointer) answers every method with
// starmap.ErrServiceNotReady.
type Service struct {
	store Store
	clock starmap.Clock
	set   settings
}

// settings are what the options set; NewService starts from the defaults
// the package doc lists.
type settings struct {
	policy   Policy
	cal      *starmap.Calendar
	retry    starmap.Retry
	signings SigningVerifier
	tasks    TaskLister
	codeKey  []byte
}

// Option configures a Service (see NewService).
type Option func(*settings) error

// WithPolicy sets the onboarding policy (ONB-2, ONB-3, ONB-5, ONB-6);
// default DefaultPolicy. A policy that does not Validate is refused.
func WithPolicy(p Policy) Option {
	return func(s *settings) error {
		if err := p.Validate(); err != nil {
			return err
		}
		s.policy = p
		return nil
	}
}

// WithCalendar sets the working-day calendar that counts the opening
// deadline (ONB-5, X-3); default starmap.ChinaCalendar. Nil is refused.
func WithCalendar(c *starmap.Calendar) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("工作日历", "calendar", c); err != nil {
			return err
		}
		s.cal = c
		return nil
	}
}

// WithRetry sets how many load → decide → write cycles a change tries
// while it meets version conflicts; default starmap.Retry{}
// (starmap.DefaultAttempts, no hook).
func WithRetry(r starmap.Retry) Option {
	return func(s *settings) error {
		s.retry = r
		return nil
	}
}

// WithSigningVerifier sets the host's check of MCN signings (ONB-3).
// Default none: then every creator application that names an MCN is
// refused with ErrSigningUnverified. Nil is refused.
func WithSigningVerifier(v SigningVerifier) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("签约核验", "signing verifier", v); err != nil {
			return err
		}
		s.signings = v
		return nil
	}
}

// WithLeaving enables account cancellation (ONB-8): tasks lists the
// running tasks that block closing, and codeKey (at least MinCodeKeyLen
// bytes, copied; keep it out of the store) keys the HMAC of verification
// codes. Neither has a default — no list of tasks can be guessed, and a
// built-in key would be no secret — so without this option the leaving
// methods answer ErrLeavingNotConfigured, and a nil lister or a short key
// is refused here.
func WithLeaving(tasks TaskLister, codeKey []byte) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("任务查询", "task lister", tasks); err != nil {
			return err
		}
		if err := checkKey(codeKey); err != nil {
			return err
		}
		s.tasks, s.codeKey = tasks, append([]byte(nil), codeKey...)
		return nil
	}
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

// NewService makes a Service over store with clock, configured by opts
// (WithPolicy, WithCalendar, WithRetry, WithSigningVerifier, WithLeaving;
// the package doc lists their defaults). A nil store or clock is
// starmap.ErrServiceDependency; a nil or refused option is
// starmap.ErrServiceOption with its index and, as its cause, the option's
// own error.
func NewService(store Store, clock starmap.Clock, opts ...Option) (*Service, error) {
	if err := starmap.RequireDependency("存储", "store", store); err != nil {
		return nil, err
	}
	if err := starmap.RequireDependency("时钟", "clock", clock); err != nil {
		return nil, err
	}
	set := settings{policy: DefaultPolicy(), cal: starmap.ChinaCalendar()}
	if err := starmap.ApplyOptions(&set, opts); err != nil {
		return nil, err
	}
	return &Service{store: store, clock: clock, set: set}, nil
}

// begin is the first check of every method: a Service made by NewService,
// a context that is not nil and not done.
func (s *Service) begin(ctx context.Context) error {
	if s == nil || s.store == nil || s.clock == nil {
		return starmap.ErrServiceNotReady.New()
	}
	return needContext(ctx)
}

// Policy returns the service's policy (the zero Policy for a Service not
// made by NewService).
func (s *Service) Policy() Policy {
	if s == nil {
		return Policy{}
	}
	return s.set.policy
}

// Submit stores a new application (ONB-9) submitted by by, and returns it
// with its event. A creator application that names an MCN agency is
// stored only when the SigningVerifier (WithSigningVerifier) confirms the
// signing — ErrSigningUnverified otherwise, whoever submits it. An id that
// exists is starmap.ErrAlreadyExists (a Conflict).
func (s *Service) Submit(ctx context.Context, by starmap.Actor, id string, sub Submission) (*Application, []starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return nil, nil, err
	}
	now := s.clock.Now()
	a, ev, err := Submit(by, now, id, sub)
	if err != nil {
		return nil, nil, err
	}
	if sub.Kind == KindCreator {
		if err := s.verifySigning(ctx, sub.Creator); err != nil {
			return nil, nil, err
		}
	}
	rec, v, evs, err := starmap.Change(ctx, s.set.retry, applications(s.store, true), id, func(_ ApplicationRecord, found bool) (ApplicationRecord, []starmap.Event, error) {
		if found {
			return ApplicationRecord{}, nil, starmap.ErrAlreadyExists.New(starmap.LabeledArg("what", "入驻申请", "application"), starmap.Arg("id", id))
		}
		return a.r.Clone(), []starmap.Event{ev}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	rec.Version = v
	return &Application{r: rec}, evs, nil
}

// Get loads an application that by may see: the platform, its submitter
// and its subject (ErrNotParty otherwise).
func (s *Service) Get(ctx context.Context, by starmap.Actor, id string) (*Application, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	if err := by.Validate(); err != nil {
		return nil, err
	}
	if err := starmap.ValidateID("application id", id); err != nil {
		return nil, ErrApplicationInvalid.New(idProblem("申请编号", err))
	}
	r, err := s.store.GetApplication(ctx, id)
	if err != nil {
		return nil, err
	}
	if !r.visibleTo(by) {
		return nil, notParty(by, "入驻申请", "application", id)
	}
	return FromRecord(r)
}

func notParty(by starmap.Actor, whatZH, what, id string) error {
	return ErrNotParty.New(actorParam("actor", by), starmap.LabeledArg("what", whatZH, what), starmap.Arg("id", id))
}

// List pages through the applications q selects, in the store's order
// (submission instant, then id): the platform only.
func (s *Service) List(ctx context.Context, by starmap.Actor, q ApplicationQuery) (starmap.Page[*Application], error) {
	if err := s.begin(ctx); err != nil {
		return starmap.Page[*Application]{}, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return starmap.Page[*Application]{}, err
	}
	if err := q.validate(); err != nil {
		return starmap.Page[*Application]{}, err
	}
	p, err := s.store.ListApplications(ctx, q)
	if err != nil {
		return starmap.Page[*Application]{}, err
	}
	return rebuildPage(p, FromRecord)
}

// rebuildPage rebuilds each record of a page into its aggregate, checking
// it as FromRecord does; a record a store mangled fails the whole page.
func rebuildPage[R, A any](p starmap.Page[R], from func(R) (A, error)) (starmap.Page[A], error) {
	out := starmap.Page[A]{Items: make([]A, 0, len(p.Items)), Next: p.Next}
	for _, r := range p.Items {
		a, err := from(r)
		if err != nil {
			return starmap.Page[A]{}, err
		}
		out.Items = append(out.Items, a)
	}
	return out, nil
}

// Overdue pages through the approved applications whose opening deadline
// passed before today (ONB-5), in the store's order: the platform only.
func (s *Service) Overdue(ctx context.Context, by starmap.Actor, page starmap.PageRequest) (starmap.Page[*Application], error) {
	if err := s.begin(ctx); err != nil {
		return starmap.Page[*Application]{}, err
	}
	today := starmap.DateOf(s.clock.Now())
	return s.List(ctx, by, ApplicationQuery{State: StateApproved, DeadlineBefore: today, Page: page})
}

// Eligibility evaluates a stored application's facts against the service's
// policy today, without changing anything; by must be able to see it (Get).
func (s *Service) Eligibility(ctx context.Context, by starmap.Actor, id string) (Decision, error) {
	a, err := s.Get(ctx, by, id)
	if err != nil {
		return Decision{}, err
	}
	return a.Eligibility(starmap.DateOf(s.clock.Now()), s.set.policy), nil
}

// change runs one step on application id through starmap.Change: load,
// decide on the instant read once for the operation, compare-and-swap,
// the whole cycle again on a version conflict.
func (s *Service) change(ctx context.Context, by starmap.Actor, id string,
	decide func(a *Application, now time.Time) (starmap.Event, error)) (*Application, []starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return nil, nil, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	if err := starmap.ValidateID("application id", id); err != nil {
		return nil, nil, ErrApplicationInvalid.New(idProblem("申请编号", err))
	}
	now := s.clock.Now()
	rec, v, evs, err := starmap.Change(ctx, s.set.retry, applications(s.store, false), id, func(cur ApplicationRecord, found bool) (ApplicationRecord, []starmap.Event, error) {
		if !found {
			return cur, nil, nil // Change answers the store's not-found
		}
		a, err := FromRecord(cur)
		if err != nil {
			return cur, nil, err
		}
		ev, err := decide(a, now)
		if err != nil {
			return cur, nil, err
		}
		return a.r, []starmap.Event{ev}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	rec.Version = v
	return &Application{r: rec}, evs, nil
}

// GrantSpecialApproval records a special approval (特批) on a submitted
// agency application: platform actors only (ONB-6).
func (s *Service) GrantSpecialApproval(ctx context.Context, by starmap.Actor, id, reason string) (*Application, []starmap.Event, error) {
	return s.change(ctx, by, id, func(a *Application, now time.Time) (starmap.Event, error) {
		return a.GrantSpecialApproval(by, now, reason)
	})
}

// verifySigning asks the SigningVerifier whether a creator applying by
// the MCN route is signed to that MCN (ONB-3): nil for a creator without
// an MCN, ErrSigningUnverified when the verifier does not confirm it (or
// the service has none).
func (s *Service) verifySigning(ctx context.Context, c Applicant) error {
	if c.MCN == "" {
		return nil
	}
	ok := false
	if s.set.signings != nil {
		var err error
		if ok, err = s.set.signings.Signed(ctx, c.MCN, c.Platform, c.AccountID); err != nil {
			return err
		}
	}
	if !ok {
		return ErrSigningUnverified.New(starmap.Arg("account", c.AccountID), starmap.Arg("mcn", c.MCN))
	}
	return nil
}

// Approve confirms onboarding and fixes the opening deadline (ONB-5,
// ONB-9); an ineligible application is refused with every reason. A
// creator on the MCN route is verified again (ONB-3): a signing that has
// ended since submission is ErrSigningUnverified.
func (s *Service) Approve(ctx context.Context, by starmap.Actor, id string) (*Application, []starmap.Event, error) {
	return s.change(ctx, by, id, func(a *Application, now time.Time) (starmap.Event, error) {
		if a.r.Kind == KindCreator {
			if err := s.verifySigning(ctx, a.r.Creator); err != nil {
				return starmap.Event{}, err
			}
		}
		return a.Approve(by, now, s.set.policy, s.set.cal)
	})
}

// Reject rejects a submitted application with written reasons (ONB-9).
func (s *Service) Reject(ctx context.Context, by starmap.Actor, id string, reasons ...string) (*Application, []starmap.Event, error) {
	return s.change(ctx, by, id, func(a *Application, now time.Time) (starmap.Event, error) {
		return a.Reject(by, now, reasons)
	})
}

// Review decides a submitted application on its facts: approve when
// eligible, otherwise reject with the decision's reasons in the platform's
// wording (zh-CN), one per unmet requirement. A creator on the MCN route
// whose signing the verifier no longer confirms (ONB-3) is rejected with
// that reason too.
func (s *Service) Review(ctx context.Context, by starmap.Actor, id string) (*Application, []starmap.Event, error) {
	return s.change(ctx, by, id, func(a *Application, now time.Time) (starmap.Event, error) {
		var unsigned error
		if a.r.Kind == KindCreator {
			unsigned = s.verifySigning(ctx, a.r.Creator)
			if unsigned != nil && !errors.Is(unsigned, ErrSigningUnverified) {
				return starmap.Event{}, unsigned // the verifier could not answer
			}
		}
		d := a.Eligibility(starmap.DateOf(now), s.set.policy)
		if d.Eligible && unsigned == nil {
			return a.Approve(by, now, s.set.policy, s.set.cal)
		}
		var reasons []string
		if unsigned != nil {
			reasons = append(reasons, starmap.Message(unsigned, starmap.ZH))
		}
		for _, r := range d.Reasons {
			reasons = append(reasons, r.Message(starmap.ZH))
		}
		return a.Reject(by, now, reasons)
	})
}

// Open records that the Star Map account opened (ONB-5, ONB-9).
func (s *Service) Open(ctx context.Context, by starmap.Actor, id string) (*Application, []starmap.Event, error) {
	return s.change(ctx, by, id, func(a *Application, now time.Time) (starmap.Event, error) {
		return a.Open(by, now)
	})
}
