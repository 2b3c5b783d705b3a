package component

import (
	"context"
	"errors"
	"time"

	"github.com/starmap-go/starmap"
)

// Store persists component records. Implementations keep and return
// what they are given — they apply no rule — and never share memory with
// their callers. The kit in component/componenttest checks this contract.
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
	// ListByOwner returns the records whose Owner is owner, each with its
	// version, ordered by CreatedAt then ID; none is an empty list, not an
	// error.
	ListByOwner(ctx context.Context, owner string) ([]Record, error)
}

// Service runs the component library (CMP-1, CMP-2) on a Store with a
// Clock: each command loads, decides with the aggregate's pure methods,
// and writes with the version it read, retrying on version conflicts. It
// reads the clock once per operation and returns the events of each change.
type Service struct {
	store    Store
	clock    starmap.Clock
	attempts int
}

// NewService returns a Service over store and clock.
func NewService(store Store, clock starmap.Clock) *Service {
	return &Service{store: store, clock: clock, attempts: starmap.DefaultAttempts}
}

// NewComponent is what Create needs: the id the host chose, the channel
// and the content.
type NewComponent struct {
	ID      string
	Channel starmap.Format
	Content Content
}

// Create adds a component to the library of the advertiser actor acts for
// and submits it for review (CMP-1, CMP-2). It fails with an error matching
// ErrIDTaken (a starmap.ErrConflict) when the id is taken. Ids are chosen
// by the host, not typed by advertisers, so this refusal is no way to probe
// other libraries; it names only the id.
func (s *Service) Create(ctx context.Context, actor starmap.Actor, nc NewComponent) (*Component, []starmap.Event, error) {
	now := s.clock.Now()
	c, ev, err := New(nc.ID, actor, nc.Channel, nc.Content, now)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.store.Create(ctx, c.Record())
	if errors.Is(err, starmap.ErrAlreadyExists) {
		return nil, nil, ErrIDTaken.New(p("component", nc.ID))
	}
	if err != nil {
		return nil, nil, err
	}
	c.version = v
	return c, []starmap.Event{ev}, nil
}

// Edit replaces the content of a rejected component of actor's advertiser
// (CMP-2); it stays rejected until Resubmit. An id not in that library
// (unknown, or someone else's) is ErrUnknown.
func (s *Service) Edit(ctx context.Context, actor starmap.Actor, id string, content Content) (*Component, []starmap.Event, error) {
	if err := starmap.RequireRole(actor, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return nil, nil, err
	}
	return s.update(ctx, actor, id, func(c *Component, now time.Time) (starmap.Event, error) {
		return c.Edit(actor, content, now)
	})
}

// Resubmit puts a rejected component of actor's advertiser back in review.
// An id not in that library (unknown, or someone else's) is ErrUnknown.
func (s *Service) Resubmit(ctx context.Context, actor starmap.Actor, id string) (*Component, []starmap.Event, error) {
	if err := starmap.RequireRole(actor, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return nil, nil, err
	}
	return s.update(ctx, actor, id, func(c *Component, now time.Time) (starmap.Event, error) {
		return c.Resubmit(actor, now)
	})
}

// Approve makes a component in review valid; reviewer is a platform actor.
// An unknown id is ErrUnknown.
func (s *Service) Approve(ctx context.Context, reviewer starmap.Actor, id string) (*Component, []starmap.Event, error) {
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.update(ctx, reviewer, id, func(c *Component, now time.Time) (starmap.Event, error) {
		return c.Approve(reviewer, now)
	})
}

// Reject refuses a component in review with a reason; reviewer is a
// platform actor. An unknown id is ErrUnknown.
func (s *Service) Reject(ctx context.Context, reviewer starmap.Actor, id, reason string) (*Component, []starmap.Event, error) {
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.update(ctx, reviewer, id, func(c *Component, now time.Time) (starmap.Event, error) {
		return c.Reject(reviewer, reason, now)
	})
}

func (s *Service) update(ctx context.Context, actor starmap.Actor, id string, decide func(*Component, time.Time) (starmap.Event, error)) (*Component, []starmap.Event, error) {
	if err := starmap.ValidateID("component id", id); err != nil {
		return nil, nil, err
	}
	now := s.clock.Now()
	var out *Component
	var ev starmap.Event
	err := starmap.RetryOnConflict(ctx, starmap.Retry{Attempts: s.attempts}, func() error {
		c, err := s.load(ctx, actor, id)
		if err != nil {
			return err
		}
		e, err := decide(c, now)
		if err != nil {
			return err
		}
		v, err := s.store.Update(ctx, c.Record())
		if err != nil {
			return err
		}
		c.version = v
		out, ev = c, e
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, []starmap.Event{ev}, nil
}

// load reads the component id as actor may see it: the platform sees every
// component, an advertiser only those of its own library. An id that does
// not exist and, for an advertiser, another library's component are both
// ErrUnknown, the same error (the store's not-found is not wrapped, so
// nothing tells them apart).
func (s *Service) load(ctx context.Context, actor starmap.Actor, id string) (*Component, error) {
	rec, err := s.store.Get(ctx, id)
	if errors.Is(err, starmap.ErrNotFound) || err == nil && actor.Role() != starmap.RolePlatform && rec.Owner != actor.Advertiser() {
		return nil, ErrUnknown.New(p("component", id))
	}
	if err != nil {
		return nil, err
	}
	return FromRecord(rec)
}

// Get returns a component to its owner (main account or sub-account) or to
// the platform. An id that does not exist, and for an advertiser a
// component of another library, are both ErrUnknown; other roles get
// ErrActorRole.
func (s *Service) Get(ctx context.Context, actor starmap.Actor, id string) (*Component, error) {
	if err := starmap.RequireRole(actor, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RolePlatform); err != nil {
		return nil, err
	}
	if err := starmap.ValidateID("component id", id); err != nil {
		return nil, err
	}
	return s.load(ctx, actor, id)
}

// Filter narrows List; its zero value keeps everything.
type Filter struct {
	// State keeps only components in this state (0: any). Filtering on
	// StateValid and a channel gives what the order form offers
	// ("只支持选择审核通过的组件").
	State State
	// Channel keeps only components of this channel (0: any).
	Channel starmap.Format
}

func (f Filter) keep(c *Component) bool {
	return (f.State == 0 || c.state == f.State) && (f.Channel == 0 || c.channel == f.Channel)
}

// List returns one page of the library of the advertiser actor acts for,
// oldest first (CreatedAt, then id), narrowed by filter.
func (s *Service) List(ctx context.Context, actor starmap.Actor, filter Filter, page starmap.PageRequest) (starmap.Page[*Component], error) {
	if err := starmap.RequireRole(actor, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return starmap.Page[*Component]{}, err
	}
	recs, err := s.store.ListByOwner(ctx, actor.Advertiser())
	if err != nil {
		return starmap.Page[*Component]{}, err
	}
	cs := make([]*Component, 0, len(recs))
	for _, r := range recs {
		c, err := FromRecord(r)
		if err != nil {
			return starmap.Page[*Component]{}, err
		}
		if filter.keep(c) {
			cs = append(cs, c)
		}
	}
	return starmap.PageOf(cs, page)
}
