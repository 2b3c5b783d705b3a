package card

import (
	"context"
	"time"

	"github.com/starmap-go/starmap"
)

// Service runs creator cards on a Store with a Clock: each command loads
// the card, decides with the pure methods of Card, and writes with the
// version it read, retrying on version conflicts (starmap.RetryOnConflict).
// It reads the clock once per operation and returns the events of each
// change after the write that stored them succeeded. Safe for concurrent
// use if the Store is.
type Service struct {
	store    Store
	clock    starmap.Clock
	attempts int
}

// NewService returns a Service on store with clock.
func NewService(store Store, clock starmap.Clock) *Service {
	return &Service{store: store, clock: clock, attempts: starmap.DefaultAttempts}
}

// Open creates a creator's card from the account's basic information
// (platform only). The card it returns is new and holds no phone yet. It fails with an error matching starmap.ErrConflict if
// the creator has a card.
func (s *Service) Open(ctx context.Context, by starmap.Actor, creatorID string, basic Basic) (*Card, []starmap.Event, error) {
	c, evs, err := Open(creatorID, basic, by, s.clock.Now())
	if err != nil {
		return nil, nil, err
	}
	v, err := s.store.Create(ctx, c.Record())
	if err != nil {
		return nil, nil, err
	}
	c.version = v
	return c, evs, nil
}

// change runs load → decide → write with retries; decide returns the events
// of the change, and write is skipped when decide says nothing changed.
func (s *Service) change(ctx context.Context, by starmap.Actor, creatorID string, decide func(c *Card, now time.Time) ([]starmap.Event, bool, error)) (*Card, []starmap.Event, error) {
	if err := by.Validate(); err != nil {
		return nil, nil, err
	}
	var out *Card
	var events []starmap.Event
	now := s.clock.Now()
	err := starmap.RetryOnConflict(ctx, starmap.Retry{Attempts: s.attempts}, func() error {
		c, err := s.load(ctx, creatorID)
		if err != nil {
			return err
		}
		evs, write, err := decide(c, now)
		if err != nil {
			return err
		}
		if write {
			v, err := s.store.Update(ctx, c.Record())
			if err != nil {
				return err
			}
			c.version = v
		}
		out, events = c, evs
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, events, nil
}

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
// (CRD-3).
func (s *Service) Sync(ctx context.Context, by starmap.Actor, creatorID string, basic Basic) (PlatformView, []starmap.Event, error) {
	c, evs, err := s.change(ctx, by, creatorID, func(c *Card, now time.Time) ([]starmap.Event, bool, error) {
		evs, err := c.Sync(basic, by, now)
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
		evs, err := c.Apply(e, by, now)
		return evs, len(evs) > 0, err
	})
}

// AssignVirtualNumber records the platform's virtual number for the
// creator ("" releases it; platform only), and returns the card as a
// PlatformView, without the real number.
func (s *Service) AssignVirtualNumber(ctx context.Context, by starmap.Actor, creatorID, number string) (PlatformView, []starmap.Event, error) {
	c, evs, err := s.change(ctx, by, creatorID, func(c *Card, now time.Time) ([]starmap.Event, bool, error) {
		evs, err := c.AssignVirtualNumber(number, by, now)
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
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return PublicView{}, err
	}
	c, err := s.load(ctx, creatorID)
	if err != nil {
		return PublicView{}, err
	}
	if err := c.checkOwner(by); err != nil {
		return PublicView{}, err
	}
	return Preview(c), nil
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

// PlatformCard returns a card as the platform's jobs see it (platform
// only): everything they need to sync it and bind its virtual number, but
// not the real number.
func (s *Service) PlatformCard(ctx context.Context, by starmap.Actor, creatorID string) (PlatformView, error) {
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return PlatformView{}, err
	}
	c, err := s.load(ctx, creatorID)
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
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return "", err
	}
	c, err := s.load(ctx, creatorID)
	if err != nil {
		return "", err
	}
	return c.contacts[Phone], nil
}

// CreatorIDs lists creator ids with a card in ascending order, a page at a
// time, for the platform's re-sync job (platform only). The cursor is the
// last id of the previous page.
func (s *Service) CreatorIDs(ctx context.Context, by starmap.Actor, req starmap.PageRequest) (starmap.Page[string], error) {
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return starmap.Page[string]{}, err
	}
	limit := req.EffectiveLimit()
	rs, err := s.store.List(ctx, req.Cursor, limit+1)
	if err != nil {
		return starmap.Page[string]{}, err
	}
	p := starmap.Page[string]{}
	for i, r := range rs {
		if i == limit {
			p.Next = p.Items[len(p.Items)-1]
			break
		}
		p.Items = append(p.Items, r.CreatorID)
	}
	return p, nil
}
