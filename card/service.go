package card

import (
	"context"
	"errors"
	"time"

	"github.com/starmap-go/starmap"
)

// Service runs creator cards on a Store with a Clock. Every command that
// changes a card runs the SDK's one load → decide → compare-and-swap cycle
// (starmap.Change): it loads the card, decides with the pure methods of
// Card, and writes with the version it read, running the whole cycle again
// on a version conflict. It reads the clock once per operation and returns
// the events of each change after the write that stored them succeeded.
// Every method honours its context: one that is done before the store is
// reached returns the context's error and writes nothing. Safe for
// concurrent use if the Store is.
//
// Make one with NewService. A Service that was not (its zero value, or a
// nil *Service) answers every method with starmap.ErrServiceNotReady.
type Service struct {
	store Store
	clock starmap.Clock
	retry starmap.Retry
}

// Option configures a Service (NewService). The options and their
// defaults are listed in the package doc.
type Option func(*settings) error

type settings struct {
	retry starmap.Retry
}

// WithRetry sets how many load → decide → write cycles a command tries
// while it meets version conflicts, and the hook told of each one
// (starmap.Retry). The default is starmap.DefaultAttempts tries, no hook.
func WithRetry(r starmap.Retry) Option {
	return func(s *settings) error {
		s.retry = r
		return nil
	}
}

// NewService returns a Service on store with clock. A nil store or clock
// is starmap.ErrServiceDependency; a nil option starmap.ErrServiceOption.
func NewService(store Store, clock starmap.Clock, opts ...Option) (*Service, error) {
	if err := starmap.RequireDependency("名片存储", "card store", store); err != nil {
		return nil, err
	}
	if err := starmap.RequireDependency("时钟", "clock", clock); err != nil {
		return nil, err
	}
	var cfg settings
	if err := starmap.ApplyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	return &Service{store: store, clock: clock, retry: cfg.retry}, nil
}

// begin is the first step of every method: the Service must be made by
// NewService, and the context must be there and not done.
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

// Open creates a creator's card from the account's basic information
// (platform only). The card it returns is new and holds no phone yet. It
// fails with starmap.ErrAlreadyExists (a starmap.ErrConflict) if the
// creator has a card.
func (s *Service) Open(ctx context.Context, by starmap.Actor, creatorID string, basic Basic) (*Card, []starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return nil, nil, err
	}
	// Every rule is checked before the store is asked anything.
	c, evs, err := Open(by, s.clock.Now(), creatorID, basic)
	if err != nil {
		return nil, nil, err
	}
	_, v, evs, err := starmap.Change(ctx, s.retry, s.access(true), creatorID, func(_ Record, found bool) (Record, []starmap.Event, error) {
		if found {
			return Record{}, nil, starmap.ErrAlreadyExists.New(starmap.LabeledArg("what", "达人名片", "card"), starmap.Arg("id", creatorID))
		}
		return c.Record(), evs, nil
	})
	if err != nil {
		return nil, nil, err
	}
	c.version = v
	return c, evs, nil
}

// errUnchanged tells change, from inside the cycle, that the decision
// changed nothing and there is nothing to write. It never leaves change.
var errUnchanged = errors.New("card: nothing to write")

// change runs the load → decide → compare-and-swap cycle on an existing
// card; decide returns the events of the change and whether there is
// anything to write.
func (s *Service) change(ctx context.Context, by starmap.Actor, creatorID string, decide func(c *Card, now time.Time) ([]starmap.Event, bool, error)) (*Card, []starmap.Event, error) {
	if err := s.begin(ctx); err != nil {
		return nil, nil, err
	}
	if err := by.Validate(); err != nil {
		return nil, nil, err
	}
	if err := starmap.ValidateID("creator id", creatorID); err != nil {
		return nil, nil, err
	}
	now := s.clock.Now()
	var out *Card
	_, v, events, err := starmap.Change(ctx, s.retry, s.access(false), creatorID, func(r Record, found bool) (Record, []starmap.Event, error) {
		if !found {
			return r, nil, nil // Change reports the card missing
		}
		c, err := FromRecord(r)
		if err != nil {
			return Record{}, nil, err
		}
		evs, write, err := decide(c, now)
		if err != nil {
			return Record{}, nil, err
		}
		out = c
		// An event is a fact stored with its change (OPS-1): a decision
		// that reports one writes, whatever it said.
		if !write && len(evs) == 0 {
			return Record{}, nil, errUnchanged
		}
		return c.Record(), evs, nil
	})
	switch {
	case errors.Is(err, errUnchanged):
		return out, nil, nil
	case err != nil:
		return nil, nil, err
	}
	out.version = v
	return out, events, nil
}

// load reads one card for a read-only method.
func (s *Service) load(ctx context.Context, creatorID string) (*Card, error) {
	if err := starmap.ValidateID("creator id", creatorID); err != nil {
		return nil, err
	}
	r, err := s.store.Get(ctx, creatorID)
	if err != nil {
		return nil, err
	}
	return FromRecord(r)
}

// Sync copies the account's basic information onto the card (CRD-1;
// platform only). It never touches editable items. The platform gets the
// card back as a PlatformView, which does not hold the real number
// (CRD-3). A sync always writes: it notes the sync time even when nothing
// else changed.
func (s *Service) Sync(ctx context.Context, by starmap.Actor, creatorID string, basic Basic) (PlatformView, []starmap.Event, error) {
	c, evs, err := s.change(ctx, by, creatorID, func(c *Card, now time.Time) ([]starmap.Event, bool, error) {
		evs, err := c.Sync(by, now, basic)
		return evs, err == nil, err
	})
	if err != nil {
		return PlatformView{}, nil, err
	}
	return c.PlatformView(), evs, nil
}

// Edit applies the creator's edit to their own card at once (CRD-4). An
// edit that changes nothing writes nothing.
func (s *Service) Edit(ctx context.Context, by starmap.Actor, creatorID string, e *Edit) (*Card, []starmap.Event, error) {
	return s.change(ctx, by, creatorID, func(c *Card, now time.Time) ([]starmap.Event, bool, error) {
		evs, err := c.Apply(by, now, e)
		return evs, len(evs) > 0, err
	})
}

// AssignVirtualNumber records the platform's virtual number for the
// creator ("" releases it; platform only), and returns the card as a
// PlatformView, without the real number.
func (s *Service) AssignVirtualNumber(ctx context.Context, by starmap.Actor, creatorID, number string) (PlatformView, []starmap.Event, error) {
	c, evs, err := s.change(ctx, by, creatorID, func(c *Card, now time.Time) ([]starmap.Event, bool, error) {
		evs, err := c.AssignVirtualNumber(by, now, number)
		return evs, len(evs) > 0, err
	})
	if err != nil {
		return PlatformView{}, nil, err
	}
	return c.PlatformView(), evs, nil
}

// View renders the card as viewer sees it (Render). The zero Actor is an
// anonymous reader and sees the public view; any other actor must be valid
// (starmap.ErrActorInvalid).
func (s *Service) View(ctx context.Context, viewer starmap.Actor, creatorID string) (View, error) {
	if err := s.begin(ctx); err != nil {
		return View{}, err
	}
	if !viewer.IsZero() {
		if err := viewer.Validate(); err != nil {
			return View{}, err
		}
	}
	c, err := s.load(ctx, creatorID)
	if err != nil {
		return View{}, err
	}
	return Render(c, viewer), nil
}

// Preview returns the third-party view of the owner's card (CRD-5); only
// the owner previews.
func (s *Service) Preview(ctx context.Context, by starmap.Actor, creatorID string) (PublicView, error) {
	c, err := s.owned(ctx, by, creatorID)
	if err != nil {
		return PublicView{}, err
	}
	return Preview(c), nil
}

// owned loads the card for its owner, refusing anyone else.
func (s *Service) owned(ctx context.Context, by starmap.Actor, creatorID string) (*Card, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return nil, err
	}
	c, err := s.load(ctx, creatorID)
	if err != nil {
		return nil, err
	}
	if err := c.checkOwner(by); err != nil {
		return nil, err
	}
	return c, nil
}

// Share prepares the owner's share of their card to target, from the
// third-party view (CRD-5); see ShareCard for baseURL.
func (s *Service) Share(ctx context.Context, by starmap.Actor, creatorID string, target ShareTarget, baseURL string) (Share, error) {
	p, err := s.Preview(ctx, by, creatorID)
	if err != nil {
		return Share{}, err
	}
	return ShareCard(p, target, baseURL)
}

// Card returns the card itself, real phone included, to its owner only
// (CRD-3); anyone else gets ErrNotOwner or starmap.ErrActorRole. The
// platform reads a card with PlatformCard, and the number a virtual
// number forwards to with ForwardingTarget.
func (s *Service) Card(ctx context.Context, by starmap.Actor, creatorID string) (*Card, error) {
	return s.owned(ctx, by, creatorID)
}

// platform loads the card for a platform actor.
func (s *Service) platform(ctx context.Context, by starmap.Actor, creatorID string) (*Card, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return nil, err
	}
	return s.load(ctx, creatorID)
}

// PlatformCard returns a card as the platform's jobs see it (platform
// only): everything they need to sync it and bind its virtual number, but
// not the real number.
func (s *Service) PlatformCard(ctx context.Context, by starmap.Actor, creatorID string) (PlatformView, error) {
	c, err := s.platform(ctx, by, creatorID)
	if err != nil {
		return PlatformView{}, err
	}
	return c.PlatformView(), nil
}

// ForwardingTarget returns the creator's real mobile number, "" if none
// is filled, to the platform's privacy-number service, which binds the
// virtual number to it (CRD-3; platform only). It is the one way a
// platform actor reads the real number: hosts should let only that
// service call it.
func (s *Service) ForwardingTarget(ctx context.Context, by starmap.Actor, creatorID string) (string, error) {
	c, err := s.platform(ctx, by, creatorID)
	if err != nil {
		return "", err
	}
	return c.contacts[Phone], nil
}

// maxCursorLen is longer than the cursor of any creator id
// (starmap.EncodeCursor of at most starmap.MaxIDLen bytes).
const maxCursorLen = 4 * starmap.MaxIDLen

// CreatorIDs lists the creator ids that have a card, in ascending order, a
// page at a time, for the platform's re-sync job (platform only). It pages
// as Store.List does (Query): req.Limit 0 is the default page, a negative
// one starmap.ErrPageLimit, and the cursor is the Next of the previous
// page.
func (s *Service) CreatorIDs(ctx context.Context, by starmap.Actor, req starmap.PageRequest) (starmap.Page[string], error) {
	if err := s.begin(ctx); err != nil {
		return starmap.Page[string]{}, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return starmap.Page[string]{}, err
	}
	if err := req.Validate(); err != nil {
		return starmap.Page[string]{}, err
	}
	if len(req.Cursor) > maxCursorLen {
		// No cursor of a creator id is this long; refuse it before it
		// reaches the store (and without echoing all of it).
		return starmap.Page[string]{}, starmap.ErrCursorInvalid.New(starmap.Arg("cursor", clip(req.Cursor)))
	}
	p, err := s.store.List(ctx, Query{PageRequest: req})
	if err != nil {
		return starmap.Page[string]{}, err
	}
	out := starmap.Page[string]{Items: make([]string, len(p.Items)), Next: p.Next}
	for i, r := range p.Items {
		out.Items[i] = r.CreatorID
	}
	return out, nil
}
