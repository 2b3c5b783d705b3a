package component

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/starmap-go/starmap"
)

// Store persists component records under the root's one store contract
// (X-8, see the starmap package doc). Implementations keep and return what
// they are given — they apply no rule — and never share memory with their
// callers. The kit in component/componenttest checks this contract.
type Store interface {
	// Get returns the record of id with its Version set to the stored
	// version, or an error matching starmap.ErrNotFound
	// (starmap.ErrRecordNotFound).
	Get(ctx context.Context, id string) (Record, error)
	// Create stores a new record at version 1 and returns 1; r.Version is
	// ignored. It fails with an error matching starmap.ErrConflict
	// (starmap.ErrAlreadyExists) when r.ID exists.
	Create(ctx context.Context, r Record) (uint64, error)
	// Update replaces the record r.ID if its stored version is r.Version,
	// stores r.Version+1 and returns it. It fails with an error matching
	// starmap.ErrConflict (starmap.ErrVersionConflict) when the stored
	// version differs, and starmap.ErrNotFound (starmap.ErrRecordNotFound)
	// when r.ID does not exist.
	Update(ctx context.Context, r Record) (uint64, error)
	// List returns one page of the records q selects, each with its
	// version, in the order and with the cursor Query documents.
	List(ctx context.Context, q Query) (starmap.Page[Record], error)
}

// Filter narrows a list of one library; its zero value keeps everything.
type Filter struct {
	// State keeps only components in this state (0: any). Filtering on
	// StateValid and a channel gives what the order form offers
	// ("只支持选择审核通过的组件").
	State State
	// Channel keeps only components of this channel (0: any).
	Channel starmap.Format
}

// validate refuses a state or channel that does not exist: such a filter
// would silently keep nothing.
func (f Filter) validate() error {
	var errs []error
	if f.State != 0 && !f.State.Valid() {
		errs = append(errs, ErrFilterInvalid.New(starmap.LabeledArg("problem",
			"审核状态"+strconv.Itoa(int(f.State))+"不存在", "no state "+strconv.Itoa(int(f.State)))))
	}
	if f.Channel != 0 && !f.Channel.Valid() {
		errs = append(errs, ErrFilterInvalid.New(starmap.LabeledArg("problem",
			"投放渠道"+strconv.Itoa(int(f.Channel))+"不存在", "no channel "+strconv.Itoa(int(f.Channel)))))
	}
	return errors.Join(errs...)
}

// Query selects one page of one advertiser's library for Store.List: the
// records whose Owner is Owner and which Filter keeps, in the total order
// (CreatedAt, ID) — oldest first, ties broken by id — after the position
// Cursor names, at most Limit of them (starmap.PageRequest: 0 means
// starmap.DefaultPageLimit, clamped to starmap.MaxPageLimit, a negative
// limit is starmap.ErrPageLimit).
//
// The cursor is a keyset position, so writes before it do not shift the
// next page. Every store writes it the same way, so that a cursor of one
// store reads the same in another: starmap.EncodeCursor of three parts, the
// Unix seconds and the nanoseconds of the last item's CreatedAt and its ID,
// the numbers in canonical decimal. Page.Next is that cursor of the last
// item when more records follow it, "" otherwise; a cursor that is not
// such a position is starmap.ErrCursorInvalid.
type Query struct {
	Owner string
	Filter
	starmap.PageRequest
}

// Service runs the component library (CMP-1, CMP-2) on a Store with a
// Clock: each command runs the root's load → decide → compare-and-swap
// cycle (starmap.Change), deciding with the aggregate's pure methods. It
// reads the clock once per operation and returns the events of each change.
// Make one with NewService; a zero or nil Service answers every method with
// starmap.ErrServiceNotReady.
type Service struct {
	store Store
	clock starmap.Clock
	retry starmap.Retry
}

// Option configures a Service (see NewService).
type Option func(*settings) error

type settings struct {
	retry starmap.Retry
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

// NewService returns a Service over store and clock. A nil store or clock is
// starmap.ErrServiceDependency, a nil option starmap.ErrServiceOption.
func NewService(store Store, clock starmap.Clock, opts ...Option) (*Service, error) {
	if err := errors.Join(
		starmap.RequireDependency("组件存储", "component store", store),
		starmap.RequireDependency("时钟", "clock", clock),
	); err != nil {
		return nil, err
	}
	var cfg settings
	if err := starmap.ApplyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	return &Service{store: store, clock: clock, retry: cfg.retry}, nil
}

// begin is the start of every method: a Service made by NewService, and a
// context that is not done (a cancelled operation reads and writes nothing).
func (s *Service) begin(ctx context.Context) error {
	if s == nil || s.store == nil || s.clock == nil {
		return starmap.ErrServiceNotReady.New()
	}
	if ctx == nil {
		return starmap.ErrContextMissing.New()
	}
	return ctx.Err()
}

func (s *Service) access() starmap.Access[string, Record] {
	return starmap.Access[string, Record]{Get: s.store.Get, Create: s.store.Create, Update: s.store.Update}
}

// NewComponent is what Create needs: the id the host chose, the channel
// and the content.
type NewComponent struct {
	ID      string
	Channel starmap.Format
	Content Content
}

// Create adds a component to the library of the advertiser by acts for and
// submits it for review (CMP-1, CMP-2). It fails with an error matching
// ErrIDTaken (a starmap.ErrConflict) when the id is taken. Ids are chosen
// by the host, not typed by advertisers, so this refusal is no way to probe
// other libraries; it names only the id.
func (s *Service) Create(ctx context.Context, by starmap.Actor, nc NewComponent) (*Component, []starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return nil, nil, err
	}
	c, ev, err := New(by, s.clock.Now(), nc.ID, nc.Channel, nc.Content)
	if err != nil {
		return nil, nil, err
	}
	_, v, evs, err := starmap.Change(ctx, s.retry, s.access(), nc.ID, func(_ Record, found bool) (Record, []starmap.Event, error) {
		if found {
			return Record{}, nil, ErrIDTaken.New(starmap.Arg("component", nc.ID))
		}
		return c.Record(), []starmap.Event{ev}, nil
	})
	if errors.Is(err, starmap.ErrAlreadyExists) {
		// Every try met a record that Get had not seen: still a taken id.
		err = ErrIDTaken.Wrap(err, starmap.Arg("component", nc.ID))
	}
	if err != nil {
		return nil, nil, err
	}
	c.version = v
	return c, evs, nil
}

// Edit replaces the content of a rejected component of by's advertiser
// (CMP-2); it stays rejected until Resubmit. An id not in that library
// (unknown, or someone else's) is ErrUnknown.
func (s *Service) Edit(ctx context.Context, by starmap.Actor, id string, content Content) (*Component, []starmap.Event, error) {
	return s.change(ctx, by, id, []starmap.Role{starmap.RoleAdvertiser, starmap.RoleAdvertiserSub},
		func(c *Component, now time.Time) (starmap.Event, error) { return c.Edit(by, now, content) })
}

// Resubmit puts a rejected component of by's advertiser back in review.
// An id not in that library (unknown, or someone else's) is ErrUnknown.
func (s *Service) Resubmit(ctx context.Context, by starmap.Actor, id string) (*Component, []starmap.Event, error) {
	return s.change(ctx, by, id, []starmap.Role{starmap.RoleAdvertiser, starmap.RoleAdvertiserSub},
		func(c *Component, now time.Time) (starmap.Event, error) { return c.Resubmit(by, now) })
}

// Approve makes a component in review valid; by is a platform reviewer.
// An unknown id is ErrUnknown.
func (s *Service) Approve(ctx context.Context, by starmap.Actor, id string) (*Component, []starmap.Event, error) {
	return s.change(ctx, by, id, []starmap.Role{starmap.RolePlatform},
		func(c *Component, now time.Time) (starmap.Event, error) { return c.Approve(by, now) })
}

// Reject refuses a component in review with a reason; by is a platform
// reviewer. An unknown id is ErrUnknown.
func (s *Service) Reject(ctx context.Context, by starmap.Actor, id, reason string) (*Component, []starmap.Event, error) {
	return s.change(ctx, by, id, []starmap.Role{starmap.RolePlatform},
		func(c *Component, now time.Time) (starmap.Event, error) { return c.Reject(by, now, reason) })
}

// change runs one command on the component id as by may see it, through
// the root's cycle: a version conflict decides again on a fresh load.
func (s *Service) change(ctx context.Context, by starmap.Actor, id string, roles []starmap.Role,
	decide func(*Component, time.Time) (starmap.Event, error)) (*Component, []starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return nil, nil, err
	}
	if err := starmap.RequireRole(by, roles...); err != nil {
		return nil, nil, err
	}
	if err := starmap.ValidateID("component id", id); err != nil {
		return nil, nil, err
	}
	now := s.clock.Now()
	var out *Component
	_, v, evs, err := starmap.Change(ctx, s.retry, s.access(), id, func(cur Record, found bool) (Record, []starmap.Event, error) {
		c, err := visible(by, id, cur, found)
		if err != nil {
			return Record{}, nil, err
		}
		e, err := decide(c, now)
		if err != nil {
			return Record{}, nil, err
		}
		out = c
		return c.Record(), []starmap.Event{e}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	out.version = v
	return out, evs, nil
}

// visible rebuilds the loaded record of id as by may see it: the platform
// sees every component, an advertiser only those of its own library. An id
// that does not exist and, for an advertiser, another library's component
// are both ErrUnknown, the same error (the store's not-found is not
// wrapped, and the other library's record is not even rehydrated, so
// nothing tells them apart).
func visible(by starmap.Actor, id string, rec Record, found bool) (*Component, error) {
	if !found || by.Role() != starmap.RolePlatform && rec.Owner != by.Advertiser() {
		return nil, ErrUnknown.New(starmap.Arg("component", id))
	}
	return FromRecord(rec)
}

// Get returns a component to its owner (main account or sub-account) or to
// the platform. An id that does not exist, and for an advertiser a
// component of another library, are both ErrUnknown; other roles get
// starmap.ErrActorRole.
func (s *Service) Get(ctx context.Context, by starmap.Actor, id string) (*Component, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RolePlatform); err != nil {
		return nil, err
	}
	if err := starmap.ValidateID("component id", id); err != nil {
		return nil, err
	}
	rec, err := s.store.Get(ctx, id)
	if err != nil && !errors.Is(err, starmap.ErrNotFound) {
		return nil, err
	}
	return visible(by, id, rec, err == nil)
}

// List returns one page of the library of the advertiser by acts for, in
// Query's order (oldest first: CreatedAt, then id) with its keyset cursor,
// narrowed by filter. page follows the one paging rule
// (starmap.PageRequest). Only advertisers have a library: other roles get
// starmap.ErrActorRole.
func (s *Service) List(ctx context.Context, by starmap.Actor, filter Filter, page starmap.PageRequest) (starmap.Page[*Component], error) {
	var none starmap.Page[*Component]
	if err := s.begin(ctx); err != nil {
		return none, err
	}
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return none, err
	}
	if err := errors.Join(filter.validate(), page.Validate()); err != nil {
		return none, err
	}
	recs, err := s.store.List(ctx, Query{Owner: by.Advertiser(), Filter: filter, PageRequest: page})
	if err != nil {
		return none, err
	}
	out := starmap.Page[*Component]{Items: make([]*Component, 0, len(recs.Items)), Next: recs.Next}
	for _, r := range recs.Items {
		c, err := FromRecord(r)
		if err != nil {
			return none, err
		}
		out.Items = append(out.Items, c)
	}
	return out, nil
}
