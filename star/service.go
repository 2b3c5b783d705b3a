package star

import (
	"context"
	"errors"
	"time"

	"github.com/starmap-go/starmap"
)

// Service runs the roster and the marketplace over a Store with a clock:
// searches with cursors, comparisons, and the changes to creators,
// agencies and advertisers. Make it with NewService; its zero value
// answers starmap.ErrServiceNotReady.
type Service struct {
	store Store
	clock starmap.Clock
	cfg   settings
}

type settings struct {
	retry    starmap.Retry
	facts    FactSource
	lifetime time.Duration
	secret   []byte
}

// Option configures a Service (package doc, "Service").
type Option func(*settings) error

// WithRetry sets how often a change is retried on a version conflict.
func WithRetry(r starmap.Retry) Option {
	return func(s *settings) error { s.retry = r; return nil }
}

// WithFacts sets the host's source of the facts a comparison needs and
// the SDK does not hold; without it those cells are unknown.
func WithFacts(f FactSource) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("对比数据来源", "fact source", f); err != nil {
			return err
		}
		s.facts = f
		return nil
	}
}

// WithCursorLifetime sets how long a search cursor stays valid (default
// DefaultCursorLifetime); it must be positive.
func WithCursorLifetime(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return ErrCursorLifetime.New()
		}
		s.lifetime = d
		return nil
	}
}

// WithCursorSecret keys the MAC of search cursors (at least 16 bytes, the
// same on every replica), so that cursors cannot be forged; without it the
// key is the package's constant.
func WithCursorSecret(secret []byte) Option {
	return func(s *settings) error {
		if len(secret) < 16 {
			return ErrCursorSecret.New()
		}
		s.secret = append([]byte(nil), secret...)
		return nil
	}
}

// NewService returns a Service over store with clock. A nil store or clock
// is starmap.ErrServiceDependency, a nil or failing option
// starmap.ErrServiceOption.
func NewService(store Store, clock starmap.Clock, opts ...Option) (*Service, error) {
	if err := starmap.RequireDependency("达人存储", "store", store); err != nil {
		return nil, err
	}
	if err := starmap.RequireDependency("时钟", "clock", clock); err != nil {
		return nil, err
	}
	cfg := settings{lifetime: DefaultCursorLifetime, secret: defaultCursorSecret}
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

// begin is every method's common start: a ready service, a live context,
// a valid actor.
func (s *Service) begin(ctx context.Context, by starmap.Actor) error {
	if err := s.ready(); err != nil {
		return err
	}
	if err := starmap.CheckContext(ctx); err != nil {
		return err
	}
	return by.Validate()
}

// Search runs a marketplace query for by (STR-3) and returns one page and
// the cursor of the next ("" on the last page). Any valid actor may
// search the creators listed by default; only a platform actor may widen
// it with Query.Include (ErrIncludeForbidden). The query is validated
// (every problem at once), its cursor checked against it (package doc,
// "Cursors"), and the store asked for one more creator than the page
// holds.
func (s *Service) Search(ctx context.Context, by starmap.Actor, q Query) (starmap.Page[Creator], error) {
	if err := s.begin(ctx, by); err != nil {
		return starmap.Page[Creator]{}, err
	}
	pl, err := compile(q)
	if err != nil {
		return starmap.Page[Creator]{}, err
	}
	if pl.include != 0 && by.Role() != starmap.RolePlatform {
		return starmap.Page[Creator]{}, ErrIncludeForbidden.New()
	}
	now := s.clock.Now()
	var after Position
	if q.Cursor != "" {
		if after, err = decodeCursor(s.cfg.secret, pl.q, q.Cursor, now, s.cfg.lifetime); err != nil {
			return starmap.Page[Creator]{}, err
		}
	}
	limit := pl.q.EffectiveLimit()
	items, err := s.store.Search(ctx, SearchRequest{Query: pl.q, After: after, Limit: limit + 1})
	if err != nil {
		return starmap.Page[Creator]{}, err
	}
	page := make([]Creator, 0, min(len(items), limit))
	more := false
	for _, c := range items {
		if c.p == nil {
			continue // a broken store's zero value: nothing to show
		}
		if len(page) == limit {
			more = true
			break
		}
		page = append(page, c)
	}
	out := starmap.Page[Creator]{Items: page}
	if more {
		last := page[len(page)-1]
		out.Next = encodeCursor(s.cfg.secret, pl.q, Position{Key: pl.sortKey(last.p), ID: last.p.id}, now)
	}
	return out, nil
}

// sees reports whether by may see creator c: a listed creator anyone; an
// unlisted one the platform, the creator itself and its MCN.
func sees(by starmap.Actor, c Creator) bool {
	if c.Listed() || by.Role() == starmap.RolePlatform {
		return true
	}
	switch by.Role() {
	case starmap.RoleCreator:
		return by.ID() == c.ID()
	case starmap.RoleMCN:
		return c.MCN() != "" && by.ID() == c.MCN()
	}
	return false
}

// GetCreator returns one creator for by: ErrNotListed when by may not see
// it (an unlisted creator is seen only by the platform, itself and its
// MCN).
func (s *Service) GetCreator(ctx context.Context, by starmap.Actor, id string) (Creator, error) {
	if err := s.begin(ctx, by); err != nil {
		return Creator{}, err
	}
	if err := starmap.ValidateID("creator id", id); err != nil {
		return Creator{}, ErrCreatorInvalid.Wrap(err, fieldArg("编号", "id"), idProblem(err))
	}
	c, err := s.store.GetCreator(ctx, id)
	if err != nil {
		return Creator{}, err
	}
	if !sees(by, c) {
		return Creator{}, ErrNotListed.New(starmap.Arg("id", id))
	}
	return c, nil
}

// Compare builds the comparison of a shortlist for by (STR-4): it loads
// each creator (ErrNotListed for one by may not see), asks the host's
// FactSource, if configured, for schedule and content quality, and calls
// Compare.
func (s *Service) Compare(ctx context.Context, by starmap.Actor, ids []string, offer Offer, target Target) (Comparison, error) {
	if err := s.begin(ctx, by); err != nil {
		return Comparison{}, err
	}
	if _, _, errs := compareArgs(len(ids), offer, target); len(errs) > 0 {
		return Comparison{}, errors.Join(errs...)
	}
	var errs []error
	shortlist := make([]Creator, 0, len(ids))
	for _, id := range ids {
		c, err := s.GetCreator(ctx, by, id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		shortlist = append(shortlist, c)
	}
	if len(errs) > 0 {
		return Comparison{}, errors.Join(errs...)
	}
	var facts map[string]Facts
	if s.cfg.facts != nil {
		var err error
		if facts, err = s.cfg.facts.Facts(ctx, append([]string(nil), ids...)); err != nil {
			return Comparison{}, err
		}
	}
	return Compare(shortlist, offer, target, facts)
}

// creatorAccess is the compare-and-swap access to creators.
func (s *Service) creatorAccess(create bool) starmap.Access[string, Creator] {
	a := starmap.Access[string, Creator]{Get: s.store.GetCreator, Update: s.store.UpdateCreator}
	if create {
		a.Create = s.store.CreateCreator
	}
	return a
}

func listing(c Creator, found bool) string {
	switch {
	case !found:
		return ""
	case c.Listed():
		return "listed"
	}
	return "unlisted"
}

// PutCreator creates a creator or replaces the one with rec.ID — the
// platform's sync of its accounts, measurements and results (platform
// actors only). rec is validated (every problem at once) and an MCN it
// names must be an agency of the store (ErrAgencyUnknown). rec.Version is
// ignored: the write is a compare-and-swap on the version read. The event
// is star.creator.created or star.creator.updated, From and To the
// listing before and after ("listed", "unlisted"; "" before a creation).
func (s *Service) PutCreator(ctx context.Context, by starmap.Actor, rec CreatorRecord) (Creator, starmap.Event, error) {
	if err := s.begin(ctx, by); err != nil {
		return Creator{}, starmap.Event{}, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return Creator{}, starmap.Event{}, err
	}
	c, err := NewCreator(rec)
	if err != nil {
		return Creator{}, starmap.Event{}, err
	}
	if c.MCN() != "" {
		if _, err := s.store.GetAgency(ctx, c.MCN()); err != nil {
			if errors.Is(err, starmap.ErrNotFound) {
				return Creator{}, starmap.Event{}, ErrAgencyUnknown.Wrap(err, starmap.Arg("mcn", c.MCN()))
			}
			return Creator{}, starmap.Event{}, err
		}
	}
	now := s.clock.Now()
	out, v, evs, err := starmap.Change(ctx, s.cfg.retry, s.creatorAccess(true), c.ID(), func(cur Creator, found bool) (Creator, []starmap.Event, error) {
		ev := starmap.Event{Type: "star.creator.created", Subject: c.ID(), Actor: by, At: now, From: listing(cur, found), To: listing(c, true)}
		if found {
			ev.Type = "star.creator.updated"
		}
		return c.WithVersion(cur.Version()), []starmap.Event{ev}, nil
	})
	if err != nil {
		return Creator{}, starmap.Event{}, err
	}
	return out.WithVersion(v), evs[0], nil
}

// SetQuotes replaces a creator's quotes (STR-1): by the creator itself,
// the MCN it is signed to, or the platform (ErrNotYourCreator for anyone
// else). The quotes are validated (ErrQuoteInvalid, every problem at
// once). The event is star.creator.quotes_set.
func (s *Service) SetQuotes(ctx context.Context, by starmap.Actor, id string, quotes []Quote) (Creator, starmap.Event, error) {
	if err := s.begin(ctx, by); err != nil {
		return Creator{}, starmap.Event{}, err
	}
	if err := starmap.RequireRole(by, starmap.RoleCreator, starmap.RoleMCN, starmap.RolePlatform); err != nil {
		return Creator{}, starmap.Event{}, err
	}
	if err := starmap.ValidateID("creator id", id); err != nil {
		return Creator{}, starmap.Event{}, ErrCreatorInvalid.Wrap(err, fieldArg("编号", "id"), idProblem(err))
	}
	quotes = append([]Quote(nil), quotes...)
	now := s.clock.Now()
	out, v, evs, err := starmap.Change(ctx, s.cfg.retry, s.creatorAccess(false), id, func(cur Creator, found bool) (Creator, []starmap.Event, error) {
		if !found {
			return Creator{}, nil, nil // Change answers the load's not-found
		}
		mine := by.Role() == starmap.RolePlatform || (by.Role() == starmap.RoleCreator && by.ID() == id) ||
			(by.Role() == starmap.RoleMCN && cur.MCN() != "" && by.ID() == cur.MCN())
		if !mine {
			return Creator{}, nil, ErrNotYourCreator.New(starmap.Arg("id", id))
		}
		rec := cur.Record()
		rec.Quotes = quotes
		next, err := NewCreator(rec)
		if err != nil {
			return Creator{}, nil, err
		}
		l := listing(cur, true)
		ev := starmap.Event{Type: "star.creator.quotes_set", Subject: id, Actor: by, At: now, From: l, To: l}
		return next, []starmap.Event{ev}, nil
	})
	if err != nil {
		return Creator{}, starmap.Event{}, err
	}
	return out.WithVersion(v), evs[0], nil
}

func qualified(a Agency, found bool) string {
	switch {
	case !found:
		return ""
	case a.Qualified():
		return "qualified"
	}
	return "unqualified"
}

// PutAgency creates an MCN agency or replaces the one with rec.ID
// (platform actors only; STR-2). The event is star.agency.created or
// star.agency.updated, From and To "qualified" or "unqualified".
func (s *Service) PutAgency(ctx context.Context, by starmap.Actor, rec AgencyRecord) (Agency, starmap.Event, error) {
	if err := s.begin(ctx, by); err != nil {
		return Agency{}, starmap.Event{}, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return Agency{}, starmap.Event{}, err
	}
	a, err := NewAgency(rec)
	if err != nil {
		return Agency{}, starmap.Event{}, err
	}
	now := s.clock.Now()
	acc := starmap.Access[string, Agency]{Get: s.store.GetAgency, Create: s.store.CreateAgency, Update: s.store.UpdateAgency}
	out, v, evs, err := starmap.Change(ctx, s.cfg.retry, acc, a.ID(), func(cur Agency, found bool) (Agency, []starmap.Event, error) {
		ev := starmap.Event{Type: "star.agency.created", Subject: a.ID(), Actor: by, At: now, From: qualified(cur, found), To: qualified(a, true)}
		if found {
			ev.Type = "star.agency.updated"
		}
		return a.WithVersion(cur.Version()), []starmap.Event{ev}, nil
	})
	if err != nil {
		return Agency{}, starmap.Event{}, err
	}
	return out.WithVersion(v), evs[0], nil
}

// GetAgency returns an MCN agency (any valid actor).
func (s *Service) GetAgency(ctx context.Context, by starmap.Actor, id string) (Agency, error) {
	if err := s.begin(ctx, by); err != nil {
		return Agency{}, err
	}
	if err := starmap.ValidateID("agency id", id); err != nil {
		return Agency{}, ErrAgencyInvalid.Wrap(err, fieldArg("编号", "id"), idProblem(err))
	}
	return s.store.GetAgency(ctx, id)
}

func certified(a Advertiser, found bool) string {
	if !found {
		return ""
	}
	if _, ok := a.Certified(); ok {
		return "certified"
	}
	return "uncertified"
}

// PutAdvertiser creates an advertiser or replaces the one with rec.ID
// (platform actors only; STR-2). The event is star.advertiser.created or
// star.advertiser.updated, From and To "certified" or "uncertified".
func (s *Service) PutAdvertiser(ctx context.Context, by starmap.Actor, rec AdvertiserRecord) (Advertiser, starmap.Event, error) {
	if err := s.begin(ctx, by); err != nil {
		return Advertiser{}, starmap.Event{}, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return Advertiser{}, starmap.Event{}, err
	}
	a, err := NewAdvertiser(rec)
	if err != nil {
		return Advertiser{}, starmap.Event{}, err
	}
	now := s.clock.Now()
	acc := starmap.Access[string, Advertiser]{Get: s.store.GetAdvertiser, Create: s.store.CreateAdvertiser, Update: s.store.UpdateAdvertiser}
	out, v, evs, err := starmap.Change(ctx, s.cfg.retry, acc, a.ID(), func(cur Advertiser, found bool) (Advertiser, []starmap.Event, error) {
		ev := starmap.Event{Type: "star.advertiser.created", Subject: a.ID(), Actor: by, At: now, From: certified(cur, found), To: certified(a, true)}
		if found {
			ev.Type = "star.advertiser.updated"
		}
		return a.WithVersion(cur.Version()), []starmap.Event{ev}, nil
	})
	if err != nil {
		return Advertiser{}, starmap.Event{}, err
	}
	return out.WithVersion(v), evs[0], nil
}

// GetAdvertiser returns an advertiser (any valid actor).
func (s *Service) GetAdvertiser(ctx context.Context, by starmap.Actor, id string) (Advertiser, error) {
	if err := s.begin(ctx, by); err != nil {
		return Advertiser{}, err
	}
	if err := starmap.ValidateID("advertiser id", id); err != nil {
		return Advertiser{}, ErrAdvertiserInvalid.Wrap(err, fieldArg("编号", "id"), idProblem(err))
	}
	return s.store.GetAdvertiser(ctx, id)
}
