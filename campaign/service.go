package campaign

import (
	"context"
	"errors"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// Service runs the campaign commands on a Store with a Clock:
// each change loads the campaign, decides with the aggregate's methods and
// writes with the version it read (starmap.Change), the whole cycle
// retried on a version conflict. The clock is read once per operation.
// Methods return the campaign as stored and the events to publish.
type Service struct {
	store Store
	clock starmap.Clock
	cfg   settings
}

type settings struct {
	retry     starmap.Retry
	tx        Transactor
	orphanAge time.Duration
}

// Option configures a Service.
type Option func(*settings) error

// DefaultOrphanAge is how old a reservation without a task must be before
// Orphans and Reconcile count it as left behind (WithOrphanAge).
const DefaultOrphanAge = 15 * time.Minute

// WithRetry sets how many load → decide → write cycles a command tries
// while it meets version conflicts (default: starmap.DefaultAttempts).
// Under many concurrent orders on one campaign a conflict that outlasts
// the attempts is returned (starmap.ErrConflict: the host may retry); it
// never lets the budget be exceeded.
func WithRetry(r starmap.Retry) Option {
	return func(s *settings) error { s.retry = r; return nil }
}

// Transactor runs fn in one transaction of the host's database, passing fn
// a context that carries it; it commits when fn returns nil and rolls back
// otherwise (pgstore.InTx has this shape once bound to a pool).
type Transactor func(ctx context.Context, fn func(ctx context.Context) error) error

// WithTransactor makes OrderIn run the reservation and the task's creation
// in one transaction of the host's database instead of compensating (see
// the package doc). Default: none.
func WithTransactor(t Transactor) Option {
	return func(s *settings) error {
		if t == nil {
			return ErrOptionInvalid.New(starmap.LabeledArg("problem", "事务执行器为空", "nil transactor"))
		}
		s.tx = t
		return nil
	}
}

// WithOrphanAge sets how old an untouched reservation must be before
// Orphans and Reconcile may count it as left behind by a crash (default
// DefaultOrphanAge). It must be longer than any task creation takes, so
// that an order still in flight is never taken for an orphan; negative
// is ErrOptionInvalid.
func WithOrphanAge(d time.Duration) Option {
	return func(s *settings) error {
		if d < 0 {
			return ErrOptionInvalid.New(starmap.LabeledArg("problem", "孤立预留的时限不能为负数", "negative orphan age"))
		}
		s.orphanAge = d
		return nil
	}
}

// NewService returns a service over store and clock. A nil store or clock
// is starmap.ErrServiceDependency, a nil or failing option
// starmap.ErrServiceOption.
func NewService(store Store, clock starmap.Clock, opts ...Option) (*Service, error) {
	if err := starmap.RequireDependency("项目存储", "campaign store", store); err != nil {
		return nil, err
	}
	if err := starmap.RequireDependency("时钟", "clock", clock); err != nil {
		return nil, err
	}
	cfg := settings{orphanAge: DefaultOrphanAge}
	if err := starmap.ApplyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	return &Service{store: store, clock: clock, cfg: cfg}, nil
}

func (s *Service) ready() error {
	if s == nil || s.store == nil || s.clock == nil {
		return starmap.ErrServiceNotReady.New()
	}
	return nil
}

// start is what every method checks first: a service made by NewService,
// a live context, a valid actor and campaign id.
func (s *Service) start(ctx context.Context, by starmap.Actor, id string) error {
	if err := s.begin(ctx, by); err != nil {
		return err
	}
	return starmap.ValidateID("campaign id", id)
}

// begin is start without the campaign id (Create's New checks it with
// every other field, List has none).
func (s *Service) begin(ctx context.Context, by starmap.Actor) error {
	if err := s.ready(); err != nil {
		return err
	}
	if err := starmap.CheckContext(ctx); err != nil {
		return err
	}
	return by.Validate()
}

// Create creates a campaign for the advertiser by (its main account).
func (s *Service) Create(ctx context.Context, by starmap.Actor, spec Spec) (Campaign, []starmap.Event, error) {
	if err := s.begin(ctx, by); err != nil {
		return Campaign{}, nil, err
	}
	c, ev, err := New(by, s.clock.Now(), spec)
	if err != nil {
		return Campaign{}, nil, err
	}
	evs := []starmap.Event{ev}
	// Written without Change (a new id has nothing to load): the event goes
	// to the store with the record all the same (OPS-1).
	v, err := s.store.Create(starmap.WithPendingEvents(ctx, evs), c.Record())
	if err != nil {
		return Campaign{}, nil, err
	}
	return c.WithVersion(v), evs, nil
}

// Get returns a campaign to its advertiser (main or sub-account) or the
// platform.
func (s *Service) Get(ctx context.Context, by starmap.Actor, id string) (Campaign, error) {
	if err := s.start(ctx, by, id); err != nil {
		return Campaign{}, err
	}
	c, err := s.load(ctx, id)
	if err != nil {
		return Campaign{}, err
	}
	if _, err := PartyOf(by, id, c.advertiser); err != nil {
		return Campaign{}, err
	}
	return c, nil
}

func (s *Service) load(ctx context.Context, id string) (Campaign, error) {
	rec, err := s.store.Get(ctx, id)
	if err != nil {
		return Campaign{}, err
	}
	return FromRecord(rec)
}

// List pages through campaigns (项目汇总): an advertiser's main account and
// sub-accounts see their advertiser's campaigns (q.Advertiser empty or
// theirs), the platform any. Order and cursors: see Query.
func (s *Service) List(ctx context.Context, by starmap.Actor, q Query) (starmap.Page[Campaign], error) {
	if err := s.begin(ctx, by); err != nil {
		return starmap.Page[Campaign]{}, err
	}
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RolePlatform); err != nil {
		return starmap.Page[Campaign]{}, err
	}
	if by.IsAdvertiser() {
		if q.Advertiser != "" && q.Advertiser != by.Advertiser() {
			return starmap.Page[Campaign]{}, ErrNotOwner.New(starmap.Arg("campaign", "*"), starmap.Arg("advertiser", by.Advertiser()))
		}
		q.Advertiser = by.Advertiser()
	}
	if err := q.Validate(); err != nil {
		return starmap.Page[Campaign]{}, err
	}
	page, err := s.store.List(ctx, q)
	if err != nil {
		return starmap.Page[Campaign]{}, err
	}
	out := starmap.Page[Campaign]{Items: make([]Campaign, 0, len(page.Items)), Next: page.Next}
	for _, r := range page.Items {
		c, err := FromRecord(r)
		if err != nil {
			return starmap.Page[Campaign]{}, err
		}
		out.Items = append(out.Items, c)
	}
	return out, nil
}

// errUnchanged stops Change when a command changed nothing (an identical
// reservation repeated, a void repeated): nothing is written.
var errUnchanged = errors.New("campaign: unchanged")

// change runs one command on campaign id through starmap.Change.
func (s *Service) change(ctx context.Context, by starmap.Actor, id string,
	decide func(c *Campaign, now time.Time) ([]starmap.Event, error)) (Campaign, []starmap.Event, error) {
	if err := s.start(ctx, by, id); err != nil {
		return Campaign{}, nil, err
	}
	now := s.clock.Now()
	var out Campaign
	access := starmap.Access[string, Record]{Get: s.store.Get, Update: s.store.Update}
	_, v, events, err := starmap.Change(ctx, s.cfg.retry, access, id, func(cur Record, found bool) (Record, []starmap.Event, error) {
		if !found {
			return Record{}, nil, nil // Change answers the store's not-found error
		}
		// cur is this call's own copy (stores share no memory with their
		// callers): the campaign works on it in place, and the record
		// written shares its slices with the campaign returned, which
		// nobody changes after (private is cleared below).
		c, err := fromRecord(cur)
		if err != nil {
			return Record{}, nil, err
		}
		c.private = true
		evs, err := decide(&c, now)
		c.private = false
		if err != nil {
			return Record{}, nil, err
		}
		out = c
		if len(evs) == 0 {
			return Record{}, nil, errUnchanged
		}
		return c.record(false), evs, nil
	})
	switch {
	case errors.Is(err, errUnchanged):
		return out, nil, nil
	case err != nil:
		return Campaign{}, nil, err
	}
	return out.WithVersion(v), events, nil
}

// one adapts an aggregate method's (Event, error) to change's decide: a
// zero Event is "nothing changed".
func one(ev starmap.Event, err error) ([]starmap.Event, error) {
	if err != nil || ev.Type == "" {
		return nil, err
	}
	return []starmap.Event{ev}, nil
}

// SetBudget changes the campaign's budget (Campaign.SetBudget).
func (s *Service) SetBudget(ctx context.Context, by starmap.Actor, id string, budget decimal.Decimal, note string) (Campaign, []starmap.Event, error) {
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return one(c.SetBudget(by, now, budget, note))
	})
}

// SetTargets replaces the campaign's KPI targets (Campaign.SetTargets).
func (s *Service) SetTargets(ctx context.Context, by starmap.Actor, id string, targets []Target, note string) (Campaign, []starmap.Event, error) {
	targets = append([]Target(nil), targets...)
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return one(c.SetTargets(by, now, targets, note))
	})
}

// Graduate ends a pilot's pilot phase (Campaign.Graduate).
func (s *Service) Graduate(ctx context.Context, by starmap.Actor, id, note string) (Campaign, []starmap.Event, error) {
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return one(c.Graduate(by, now, note))
	})
}

// Close closes the campaign to new orders (Campaign.Close).
func (s *Service) Close(ctx context.Context, by starmap.Actor, id, note string) (Campaign, []starmap.Event, error) {
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return one(c.Close(by, now, note))
	})
}

// Reserve reserves amount (price + fee) of campaign id's budget for task
// (Campaign.Reserve): ErrBudgetExceeded or ErrPilotBudgetExceeded past
// what is available, with the amount left in the message. Repeating an
// identical reservation still held writes nothing and returns no event.
// Under concurrent orders each reservation is decided against the
// campaign as stored, by compare-and-swap: the budget is never exceeded.
func (s *Service) Reserve(ctx context.Context, by starmap.Actor, id, task string, amount decimal.Decimal) (Campaign, []starmap.Event, error) {
	c, evs, _, err := s.reserve(ctx, by, id, task, amount)
	return c, evs, err
}

// reserve is Reserve that also says whether this call made the
// reservation (false: it was already there).
func (s *Service) reserve(ctx context.Context, by starmap.Actor, id, task string, amount decimal.Decimal) (Campaign, []starmap.Event, bool, error) {
	c, evs, err := s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return one(c.Reserve(by, now, task, amount))
	})
	return c, evs, len(evs) > 0, err
}

// Release gives amount of what task holds back to the budget
// (Campaign.Release): a cancellation or a refund, whole or partial.
func (s *Service) Release(ctx context.Context, by starmap.Actor, id, task string, amount decimal.Decimal, note string) (Campaign, []starmap.Event, error) {
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return one(c.Release(by, now, task, amount, note))
	})
}

// Settle turns amount of what task holds into spent (Campaign.Settle).
func (s *Service) Settle(ctx context.Context, by starmap.Actor, id, task string, amount decimal.Decimal, note string) (Campaign, []starmap.Event, error) {
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return one(c.Settle(by, now, task, amount, note))
	})
}

// End ends task's reservation in one write (Campaign.End): spent is
// settled, the rest released. This is the call a task service makes when
// a task ends.
func (s *Service) End(ctx context.Context, by starmap.Actor, id, task string, spent decimal.Decimal, note string) (Campaign, []starmap.Event, error) {
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return c.End(by, now, task, spent, note)
	})
}

// Void gives back the whole reservation of a task that was never created
// (Campaign.Void); repeating it changes nothing.
func (s *Service) Void(ctx context.Context, by starmap.Actor, id, task, note string) (Campaign, []starmap.Event, error) {
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		return one(c.Void(by, now, task, note))
	})
}
