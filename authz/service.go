package authz

import (
	"context"
	"errors"
	"sort"

	"github.com/starmap-go/starmap"
)

// Service runs the operations of the package on a Store with a Clock (X-2,
// each one loads the aggregate, decides with the pure functions,
// writes with the version it read, and retries the whole cycle on a version
// conflict (starmap.RetryOnConflict). The clock is read once per operation.
// After every successful write it brings its Index up to date, so that
// Check answers from the new state at once.
type Service struct {
	store Store
	clock starmap.Clock
	index *Index
}

// NewService returns a service over store and clock, keeping index current
// (a new empty Index if index is nil). Call LoadIndex once at start-up to
// fill the index from the store.
func NewService(store Store, clock starmap.Clock, index *Index) *Service {
	if index == nil {
		index = NewIndex()
	}
	return &Service{store: store, clock: clock, index: index}
}

// Index returns the index the service keeps current.
func (s *Service) Index() *Index { return s.index }

// Check answers an access query from the index (AUZ-10); see Index.Check.
func (s *Service) Check(q Query) Decision { return s.index.Check(q) }

// LoadIndex fills the index with every grant and request of the store.
// Writes made meanwhile are kept (Install keeps the newer version).
func (s *Service) LoadIndex(ctx context.Context) error {
	b := s.index.Builder()
	recs, err := s.store.ListGrants(ctx, GrantFilter{})
	if err != nil {
		return err
	}
	for _, r := range recs {
		g, err := FromRecord(r)
		if err != nil {
			return err
		}
		b.AddGrant(g, r.Version)
	}
	lives, err := s.store.ListLive(ctx, LiveFilter{})
	if err != nil {
		return err
	}
	for _, r := range lives {
		l, err := LiveFromRecord(r)
		if err != nil {
			return err
		}
		b.AddLive(l, r.Version)
	}
	s.index.Install(b)
	return nil
}

// Grant is the creator's 授权 of all-sales data to grantee for start..end
// (AUZ-2): a first grant, or a new one after a revocation.
func (s *Service) Grant(ctx context.Context, by starmap.Actor, grantee Party, start, end starmap.Date, note string) (Grant, []starmap.Event, error) {
	now := s.clock.Now()
	inputs := checkPeriod(starmap.DateOf(now), start, end, ErrGrantStartBeforeToday, ErrGrantEndBeforeStart)
	return s.changeGrant(ctx, by, grantee, inputs, func(g *Grant, found bool) (Grant, starmap.Event, error) {
		if !found {
			return NewGrant(by, now, grantee, start, end, note)
		}
		return g.Regrant(by, now, start, end, note)
	})
}

// Revoke is the creator's 解除授权 of the grant to grantee (AUZ-4).
func (s *Service) Revoke(ctx context.Context, by starmap.Actor, grantee Party, note string) (Grant, []starmap.Event, error) {
	now := s.clock.Now()
	return s.changeGrant(ctx, by, grantee, nil, func(g *Grant, found bool) (Grant, starmap.Event, error) {
		if !found {
			return Grant{}, starmap.Event{}, s.missingGrant(by, grantee)
		}
		return g.Revoke(by, now, note)
	})
}

// EarlyRenew is the creator's 提前续约 of the grant to grantee up to end
// (AUZ-5); the new period starts tomorrow.
func (s *Service) EarlyRenew(ctx context.Context, by starmap.Actor, grantee Party, end starmap.Date, note string) (Grant, []starmap.Event, error) {
	now := s.clock.Now()
	var inputs []error
	if end.IsZero() {
		inputs = append(inputs, errDateMissing("end"))
	}
	return s.changeGrant(ctx, by, grantee, inputs, func(g *Grant, found bool) (Grant, starmap.Event, error) {
		if !found {
			return Grant{}, starmap.Event{}, errors.Join(append([]error{s.missingGrant(by, grantee)}, inputs...)...)
		}
		return g.EarlyRenew(by, now, end, note)
	})
}

// Renew is the creator's 续约 of the expired grant to grantee for
// start..end (AUZ-6).
func (s *Service) Renew(ctx context.Context, by starmap.Actor, grantee Party, start, end starmap.Date, note string) (Grant, []starmap.Event, error) {
	now := s.clock.Now()
	inputs := checkPeriod(starmap.DateOf(now), start, end, ErrRenewStartBeforeToday, ErrRenewEndBeforeStart)
	return s.changeGrant(ctx, by, grantee, inputs, func(g *Grant, found bool) (Grant, starmap.Event, error) {
		if !found {
			return Grant{}, starmap.Event{}, errors.Join(append([]error{s.missingGrant(by, grantee)}, inputs...)...)
		}
		return g.Renew(by, now, start, end, note)
	})
}

func (s *Service) missingGrant(by starmap.Actor, grantee Party) error {
	return starmap.ErrRecordNotFound.New(starmap.LabeledArg("what", "数据授权", "grant"), GrantKey{Creator: by.ID(), Grantee: grantee}.param())
}

// changeGrant: the creator's own grant to grantee, loaded, decided, written.
// An invalid actor, or one that is not a creator, is refused before
// anything else. An invalid grantee names no grant to load: it is
// reported together with inputs, the operation's checks of its own
// arguments (dates), so that every broken rule comes back at once; with a
// valid grantee the pure operation reports them all itself.
func (s *Service) changeGrant(ctx context.Context, by starmap.Actor, grantee Party, inputs []error,
	decide func(g *Grant, found bool) (Grant, starmap.Event, error)) (Grant, []starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return Grant{}, nil, err
	}
	if err := grantee.Validate(); err != nil {
		return Grant{}, nil, errors.Join(append([]error{err}, inputs...)...)
	}
	key := GrantKey{Creator: by.ID(), Grantee: grantee}
	var out Grant
	var ev starmap.Event
	err := starmap.RetryOnConflict(ctx, starmap.Retry{}, func() error {
		rec, err := s.store.GetGrant(ctx, key)
		found := err == nil
		if err != nil && !errors.Is(err, starmap.ErrNotFound) {
			return err
		}
		var cur Grant
		if found {
			if cur, err = FromRecord(rec); err != nil {
				return err
			}
		}
		next, e, err := decide(&cur, found)
		if err != nil {
			return err
		}
		var v uint64
		if found {
			v, err = s.store.UpdateGrant(ctx, next.Record())
		} else {
			v, err = s.store.CreateGrant(ctx, next.Record())
		}
		if err != nil {
			return err
		}
		out, ev = next.WithVersion(v), e
		return nil
	})
	if err != nil {
		return Grant{}, nil, err
	}
	s.index.PutGrant(out, out.Version())
	return out, []starmap.Event{ev}, nil
}

// RequestLive is a merchant's (main or sub-account) or agency's click on
// 解锁更多数据 for a creator's live session (AUZ-3): a draft request, or a
// new draft after a decline or a revocation. It reaches the creator only
// after ConfirmLive: its event (authz.live.request) must not be turned into a
// notification to the creator; notify on authz.live.confirm.
func (s *Service) RequestLive(ctx context.Context, by starmap.Actor, creator, session string) (LiveRequest, []starmap.Event, error) {
	now := s.clock.Now()
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RoleMCN); err != nil {
		return LiveRequest{}, nil, err
	}
	p, _ := PartyOf(by)
	key := LiveKey{Creator: creator, Session: session, Grantee: p}
	if err := key.Validate(); err != nil {
		return LiveRequest{}, nil, err
	}
	return s.changeLive(ctx, key, func(r *LiveRequest, found bool) (LiveRequest, starmap.Event, error) {
		if !found {
			return NewLiveRequest(by, now, creator, session)
		}
		return r.Rerequest(by, now)
	})
}

// ConfirmLive is the requester's 确认 of its draft request for the
// creator's session.
func (s *Service) ConfirmLive(ctx context.Context, by starmap.Actor, creator, session string) (LiveRequest, []starmap.Event, error) {
	now := s.clock.Now()
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RoleMCN); err != nil {
		return LiveRequest{}, nil, err
	}
	p, _ := PartyOf(by)
	return s.changeLive(ctx, LiveKey{Creator: creator, Session: session, Grantee: p}, func(r *LiveRequest, found bool) (LiveRequest, starmap.Event, error) {
		if !found {
			return LiveRequest{}, starmap.Event{}, starmap.ErrRecordNotFound.New(starmap.LabeledArg("what", "直播间数据申请", "live request"), r.key.param())
		}
		return r.Confirm(by, now)
	})
}

// LiveRequestOf is the requester's own request for the creator's session,
// as the session's detail page shows it (seed 004, QA 5): its state and
// history. A merchant's main and sub-accounts see the merchant's request.
func (s *Service) LiveRequestOf(ctx context.Context, by starmap.Actor, creator, session string) (LiveRequest, error) {
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RoleMCN); err != nil {
		return LiveRequest{}, err
	}
	p, _ := PartyOf(by)
	rec, err := s.store.GetLive(ctx, LiveKey{Creator: creator, Session: session, Grantee: p})
	if err != nil {
		return LiveRequest{}, err
	}
	return LiveFromRecord(rec)
}

// GrantLive is the creator's 授权 of a pending request.
func (s *Service) GrantLive(ctx context.Context, by starmap.Actor, key LiveKey, note string) (LiveRequest, []starmap.Event, error) {
	now := s.clock.Now()
	return s.creatorLive(ctx, by, key, func(r *LiveRequest) (LiveRequest, starmap.Event, error) { return r.Grant(by, now, note) })
}

// DeclineLive is the creator's refusal of a pending request.
func (s *Service) DeclineLive(ctx context.Context, by starmap.Actor, key LiveKey, note string) (LiveRequest, []starmap.Event, error) {
	now := s.clock.Now()
	return s.creatorLive(ctx, by, key, func(r *LiveRequest) (LiveRequest, starmap.Event, error) { return r.Decline(by, now, note) })
}

// RevokeLive is the creator's 解除授权 of a granted request.
func (s *Service) RevokeLive(ctx context.Context, by starmap.Actor, key LiveKey, note string) (LiveRequest, []starmap.Event, error) {
	now := s.clock.Now()
	return s.creatorLive(ctx, by, key, func(r *LiveRequest) (LiveRequest, starmap.Event, error) { return r.Revoke(by, now, note) })
}

func (s *Service) creatorLive(ctx context.Context, by starmap.Actor, key LiveKey,
	decide func(r *LiveRequest) (LiveRequest, starmap.Event, error)) (LiveRequest, []starmap.Event, error) {
	if err := requireOwner(by, key.Creator); err != nil {
		return LiveRequest{}, nil, err
	}
	return s.changeLive(ctx, key, func(r *LiveRequest, found bool) (LiveRequest, starmap.Event, error) {
		// A draft is invisible to the creator (AUZ-3): it answers as if
		// there were no request at all.
		if !found || r.State() == LiveDraft {
			return LiveRequest{}, starmap.Event{}, starmap.ErrRecordNotFound.New(starmap.LabeledArg("what", "直播间数据申请", "live request"), key.param())
		}
		return decide(r)
	})
}

func (s *Service) changeLive(ctx context.Context, key LiveKey,
	decide func(r *LiveRequest, found bool) (LiveRequest, starmap.Event, error)) (LiveRequest, []starmap.Event, error) {
	var out LiveRequest
	var ev starmap.Event
	err := starmap.RetryOnConflict(ctx, starmap.Retry{}, func() error {
		rec, err := s.store.GetLive(ctx, key)
		found := err == nil
		if err != nil && !errors.Is(err, starmap.ErrNotFound) {
			return err
		}
		cur := LiveRequest{key: key}
		if found {
			if cur, err = LiveFromRecord(rec); err != nil {
				return err
			}
		}
		next, e, err := decide(&cur, found)
		if err != nil {
			return err
		}
		var v uint64
		if found {
			v, err = s.store.UpdateLive(ctx, next.Record())
		} else {
			v, err = s.store.CreateLive(ctx, next.Record())
		}
		if err != nil {
			return err
		}
		out, ev = next.WithVersion(v), e
		return nil
	})
	if err != nil {
		return LiveRequest{}, nil, err
	}
	s.index.PutLive(out, out.Version())
	return out, []starmap.Event{ev}, nil
}

// GrantView is one row of a grant list (AUZ-8): the pair, its status on the
// day of the list, its current (or next, or last) period's start, its end,
// and every period held.
type GrantView struct {
	Key     GrantKey
	Status  Status
	Start   starmap.Date
	End     starmap.Date
	Periods []Period
}

func viewOf(g Grant, today starmap.Date) GrantView {
	return GrantView{Key: g.Key(), Status: g.Status(today), Start: g.Start(today), End: g.End(), Periods: g.Periods()}
}

// CreatorGrants is the creator's list of the shops and agencies it granted
// all-sales data to (AUZ-8), nearest end date first (ties: grantee kind,
// then id), with their status today. statuses, if given, keeps only those.
func (s *Service) CreatorGrants(ctx context.Context, by starmap.Actor, statuses []Status, page starmap.PageRequest) (starmap.Page[GrantView], error) {
	today := starmap.Today(s.clock)
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	views, err := s.views(ctx, GrantFilter{Creator: by.ID()}, today, statuses)
	if err != nil {
		return starmap.Page[GrantView]{}, err
	}
	SortGrantViews(views)
	return pageGrants(views, page)
}

// MerchantGrants is the merchant's (or agency's) list of every creator it
// ever held an all-sales grant from (AUZ-8), with its status today
// (authorized, not yet valid, expired, revoked), nearest end date first
// (ties: creator id). All-sales data is for the main account only (AUZ-9):
// a sub-account gets ErrSubAccountAllSales.
func (s *Service) MerchantGrants(ctx context.Context, by starmap.Actor, page starmap.PageRequest) (starmap.Page[GrantView], error) {
	today := starmap.Today(s.clock)
	if by.Role() == starmap.RoleAdvertiserSub && by.Validate() == nil {
		return starmap.Page[GrantView]{}, ErrSubAccountAllSales.New()
	}
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleMCN); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	p, _ := PartyOf(by)
	views, err := s.views(ctx, GrantFilter{Grantee: p}, today, nil)
	if err != nil {
		return starmap.Page[GrantView]{}, err
	}
	SortGrantViews(views)
	return pageGrants(views, page)
}

func (s *Service) views(ctx context.Context, f GrantFilter, today starmap.Date, statuses []Status) ([]GrantView, error) {
	recs, err := s.store.ListGrants(ctx, f)
	if err != nil {
		return nil, err
	}
	views := make([]GrantView, 0, len(recs))
	for _, r := range recs {
		if !f.Match(r.Key) {
			// A store that filters loosely (say, by grantee id alone)
			// must not show a merchant an agency's grant (AUZ-1).
			continue
		}
		g, err := FromRecord(r)
		if err != nil {
			return nil, err
		}
		v := viewOf(g, today)
		if len(statuses) > 0 && !containsStatus(statuses, v.Status) {
			continue
		}
		views = append(views, v)
	}
	return views, nil
}

func containsStatus(ss []Status, s Status) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// SortGrantViews puts rows in list order (AUZ-8): end date ascending
// (由近到远), then creator, grantee kind, grantee id — a total order over
// the rows, which the lists page by keyset: see the package doc (# Lists
// and paging) for what paging guarantees while rows change.
func SortGrantViews(vs []GrantView) {
	sort.SliceStable(vs, func(i, j int) bool {
		if c := vs[i].End.Compare(vs[j].End); c != 0 {
			return c < 0
		}
		return GrantKeyLess(vs[i].Key, vs[j].Key)
	})
}

// PendingLive is the creator's list of live-session requests waiting for
// it (AUZ-3, AUZ-8): confirmed requests only — drafts never reach the
// creator — oldest confirmation first (ties: key order).
func (s *Service) PendingLive(ctx context.Context, by starmap.Actor, page starmap.PageRequest) (starmap.Page[LiveRequest], error) {
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return starmap.Page[LiveRequest]{}, err
	}
	recs, err := s.store.ListLive(ctx, LiveFilter{Creator: by.ID(), State: LivePending})
	if err != nil {
		return starmap.Page[LiveRequest]{}, err
	}
	out := make([]LiveRequest, 0, len(recs))
	f := LiveFilter{Creator: by.ID(), State: LivePending}
	for _, r := range recs {
		if !f.Match(r.Key, r.State) {
			continue // a store that filters loosely never leaks a draft
		}
		l, err := LiveFromRecord(r)
		if err != nil {
			return starmap.Page[LiveRequest]{}, err
		}
		out = append(out, l)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return livePosLess(livePos{out[i].ConfirmedAt(), out[i].Key()}, livePos{out[j].ConfirmedAt(), out[j].Key()})
	})
	return pageLive(out, page)
}
