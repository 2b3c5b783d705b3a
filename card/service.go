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
// (platform only). It fails with an error matching starmap.ErrConflict if
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
	err := starmap.RetryOnConflict(ctx, s.attempts, func() error {
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
// platform only). It never touches editable items.
func (s *Service) Sync(ctx context.Context, by starmap.Actor, creatorID string, basic Basic) (*Card, []starmap.Event, error) {
	return s.change(ctx, by, creatorID, func(c *Card, now time.Time) ([]starmap.Event, bool, error) {
		evs, err := c.Sync(basic, by, now)
		return evs, err == nil, err
	})
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
// creator ("" releases it; platform only).
func (s *Service) AssignVirtualNumber(ctx context.Context, by starmap.Actor, creatorID, number string) (*Card, []starmap.Event, error) {
	return s.change(ctx, by, creatorID, func(c *Card, now time.Time) ([]starmap.Event, bool, error) {
		evs, err := c.AssignVirtualNumber(number, by, now)
		return evs, len(evs) > 0, err
	})
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

// Card returns the card itself, real phone included, to its owner or the
// platform; others get ErrNotOwner or starmap.ErrActorRole.
func (s *Service) Card(ctx context.Context, by starmap.Actor, creatorID string) (*Card, error) {
	if err := starmap.RequireRole(by, starmap.RoleCreator, starmap.RolePlatform); err != nil {
		return nil, err
	}
	c, err := s.load(ctx, creatorID)
	if err != nil {
		return nil, err
	}
	if by.Role() == starmap.RoleCreator {
		if err := c.checkOwner(by); err != nil {
			return nil, err
		}
	}
	return c, nil
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
