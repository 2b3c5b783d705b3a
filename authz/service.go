package authz

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/starmap-go/starmap"
)

// Service runs the operations of the package on a Store with a Clock (X-2,
// each one loads the aggregate, decides with the pure rules, writes
// with the version it read, and runs the whole cycle again on a version
// conflict (starmap.Change, as the WithRetry setting says). The clock is
// read once per operation. After every successful write it brings its
// Index up to date, so that Check answers from the new state at once.
//
// Make one with NewService. A Service that was not (the zero value, a nil
// pointer) answers every method with starmap.ErrServiceNotReady, Check
// with DeniedNotReady, and Index with nil.
type Service struct {
	store Store
	clock starmap.Clock
	index *Index
	retry starmap.Retry
}

// Option is a setting of NewService: WithIndex, WithRetry.
type Option func(*settings) error

type settings struct {
	index *Index
	retry starmap.Retry
}

// WithIndex makes the service keep ix current instead of a new index of
// its own, and NewService does not load it: ix is one the host loaded (see
// LoadIndex) or shares with another Service over the same store, or feeds
// from its event stream. ix must come from NewIndex.
func WithIndex(ix *Index) Option {
	return func(s *settings) error {
		if ix.empty() {
			return starmap.ErrServiceDependency.New(starmap.LabeledArg("what", "由 NewIndex 创建的访问检查索引", "index made by NewIndex"))
		}
		s.index = ix
		return nil
	}
}

// WithRetry sets how many load → decide → write cycles an operation runs
// while its write meets version conflicts, and the hook told of each
// (default: starmap.Retry{}, that is starmap.DefaultAttempts tries).
func WithRetry(r starmap.Retry) Option {
	return func(s *settings) error {
		s.retry = r
		return nil
	}
}

// NewService returns a service over store and clock, ready to answer the
// access check: unless WithIndex gives it an index, it makes a new one and
// loads every grant and live-session request of the store into it
// (LoadIndex, with context.Background), so that a service over a store
// that holds a valid grant allows it at once. A nil store or clock is
// starmap.ErrServiceDependency, a nil or failing option
// starmap.ErrServiceOption; a failed load returns its error.
func NewService(store Store, clock starmap.Clock, opts ...Option) (*Service, error) {
	if err := errors.Join(starmap.RequireDependency("数据授权存储", "store", store),
		starmap.RequireDependency("时钟", "clock", clock)); err != nil {
		return nil, err
	}
	var cfg settings
	if err := starmap.ApplyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	s := &Service{store: store, clock: clock, index: cfg.index, retry: cfg.retry}
	if s.index == nil {
		s.index = NewIndex()
		if err := s.LoadIndex(context.Background()); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ready refuses a Service that NewService did not make, a nil context
// and a context that is done.
func (s *Service) ready(ctx context.Context) error {
	if !s.made() {
		return starmap.ErrServiceNotReady.New()
	}
	if ctx == nil {
		return starmap.ErrContextMissing.New()
	}
	return ctx.Err()
}

func (s *Service) made() bool { return s != nil && s.store != nil && s.clock != nil && s.index != nil }

// Index returns the index the service keeps current (nil for a Service
// not made by NewService).
func (s *Service) Index() *Index {
	if !s.made() {
		return nil
	}
	return s.index
}

// Check answers an access query from the index (AUZ-10); see Index.Check.
func (s *Service) Check(q Query) Decision {
	if !s.made() {
		return DeniedNotReady
	}
	return s.index.Check(q)
}

// LoadIndex brings the index up to date with every grant and live-session
// request of the store, paging through ListGrants and ListLive. NewService
// calls it unless given WithIndex. Call it to load a shared index (or one
// given WithIndex) under a deadline of the host's, or to resynchronise an
// index that may have missed writes of other replicas. Writes made
// meanwhile are kept: Index.Install keeps, of two versions of one record,
// the newer.
func (s *Service) LoadIndex(ctx context.Context) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	b := s.index.Builder()
	err := s.eachGrant(ctx, GrantQuery{}, func(r GrantRecord) error {
		g, err := FromRecord(r)
		if err != nil {
			return err
		}
		b.AddGrant(g, r.Version)
		return nil
	})
	if err != nil {
		return err
	}
	err = s.eachLive(ctx, LiveQuery{}, func(r LiveRecord) error {
		l, err := LiveFromRecord(r)
		if err != nil {
			return err
		}
		b.AddLive(l, r.Version)
		return nil
	})
	if err != nil {
		return err
	}
	s.index.Install(b)
	return nil
}

// eachGrant calls f with every grant q selects, page by page. Records a
// store returns that q does not select are skipped: a store that filters
// loosely (by grantee id alone, say) must not show a merchant an agency's
// grant (AUZ-1).
func (s *Service) eachGrant(ctx context.Context, q GrantQuery, f func(GrantRecord) error) error {
	q.Page = starmap.PageRequest{Limit: starmap.MaxPageLimit}
	for {
		p, err := s.store.ListGrants(ctx, q)
		if err != nil {
			return err
		}
		for _, r := range p.Items {
			if !q.selects(r.Key) {
				continue
			}
			if err := f(r); err != nil {
				return err
			}
		}
		if p.Next == "" {
			return nil
		}
		if p.Next == q.Page.Cursor || len(p.Items) == 0 {
			return ErrStorePaging.New()
		}
		q.Page.Cursor = p.Next
	}
}

// eachLive is eachGrant for live-session requests.
func (s *Service) eachLive(ctx context.Context, q LiveQuery, f func(LiveRecord) error) error {
	q.Page = starmap.PageRequest{Limit: starmap.MaxPageLimit}
	for {
		p, err := s.store.ListLive(ctx, q)
		if err != nil {
			return err
		}
		for _, r := range p.Items {
			if !q.selects(r.Key, r.State) {
				continue // a store that filters loosely never leaks a draft
			}
			if err := f(r); err != nil {
				return err
			}
		}
		if p.Next == "" {
			return nil
		}
		if p.Next == q.Page.Cursor || len(p.Items) == 0 {
			return ErrStorePaging.New()
		}
		q.Page.Cursor = p.Next
	}
}

// Grant is the creator's 授权 of all-sales data to grantee for start..end
// (AUZ-2): a first grant, or a new one after a revocation.
func (s *Service) Grant(ctx context.Context, by starmap.Actor, grantee Party, start, end starmap.Date, note string) (Grant, []starmap.Event, error) {
	if err := s.ready(ctx); err != nil {
		return Grant{}, nil, err
	}
	now := s.clock.Now()
	inputs := appendNoteErr(checkPeriod(starmap.DateOf(now), start, end, ErrGrantStartBeforeToday, ErrGrantEndBeforeStart), note)
	return s.changeGrant(ctx, by, grantee, inputs, true, func(g *Grant, found bool) (starmap.Event, error) {
		if !found {
			made, ev, err := NewGrant(by, now, grantee, start, end, note)
			*g = made
			return ev, err
		}
		return g.Regrant(by, now, start, end, note)
	})
}

// Revoke is the creator's 解除授权 of the grant to grantee (AUZ-4).
func (s *Service) Revoke(ctx context.Context, by starmap.Actor, grantee Party, note string) (Grant, []starmap.Event, error) {
	if err := s.ready(ctx); err != nil {
		return Grant{}, nil, err
	}
	now := s.clock.Now()
	inputs := appendNoteErr(nil, note)
	return s.changeGrant(ctx, by, grantee, inputs, false, func(g *Grant, found bool) (starmap.Event, error) {
		if !found {
			return starmap.Event{}, s.missingGrant(by, grantee, inputs)
		}
		return g.Revoke(by, now, note)
	})
}

// EarlyRenew is the creator's 提前续约 of the grant to grantee up to end
// (AUZ-5); the new period starts tomorrow.
func (s *Service) EarlyRenew(ctx context.Context, by starmap.Actor, grantee Party, end starmap.Date, note string) (Grant, []starmap.Event, error) {
	if err := s.ready(ctx); err != nil {
		return Grant{}, nil, err
	}
	now := s.clock.Now()
	var inputs []error
	if end.IsZero() {
		inputs = append(inputs, errDateMissing("end"))
	}
	inputs = appendNoteErr(inputs, note)
	return s.changeGrant(ctx, by, grantee, inputs, false, func(g *Grant, found bool) (starmap.Event, error) {
		if !found {
			return starmap.Event{}, s.missingGrant(by, grantee, inputs)
		}
		return g.EarlyRenew(by, now, end, note)
	})
}

// Renew is the creator's 续约 of the expired grant to grantee for
// start..end (AUZ-6).
func (s *Service) Renew(ctx context.Context, by starmap.Actor, grantee Party, start, end starmap.Date, note string) (Grant, []starmap.Event, error) {
	if err := s.ready(ctx); err != nil {
		return Grant{}, nil, err
	}
	now := s.clock.Now()
	inputs := appendNoteErr(checkPeriod(starmap.DateOf(now), start, end, ErrRenewStartBeforeToday, ErrRenewEndBeforeStart), note)
	return s.changeGrant(ctx, by, grantee, inputs, false, func(g *Grant, found bool) (starmap.Event, error) {
		if !found {
			return starmap.Event{}, s.missingGrant(by, grantee, inputs)
		}
		return g.Renew(by, now, start, end, note)
	})
}

// missingGrant is the refusal of an operation on a pair that holds no
// grant, with the operation's checks of its own arguments.
func (s *Service) missingGrant(by starmap.Actor, grantee Party, inputs []error) error {
	missing := starmap.ErrRecordNotFound.New(starmap.LabeledArg("what", "数据授权", "grant"), GrantKey{Creator: by.ID(), Grantee: grantee}.param())
	return errors.Join(append([]error{missing}, inputs...)...)
}

// changeGrant: the creator's own grant to grantee, loaded, decided,
// written by starmap.Change (created only when creates is true). An
// invalid actor, or one that is not a creator, is refused before anything
// else. An invalid grantee names no grant to load: it is reported
// together with inputs, the operation's checks of its own arguments (dates,
// note), so that every broken rule comes back at once; with a valid
// grantee the pure operation reports them all itself.
func (s *Service) changeGrant(ctx context.Context, by starmap.Actor, grantee Party, inputs []error, creates bool,
	decide func(g *Grant, found bool) (starmap.Event, error)) (Grant, []starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return Grant{}, nil, err
	}
	if err := grantee.Validate(); err != nil {
		return Grant{}, nil, errors.Join(append([]error{err}, inputs...)...)
	}
	key := GrantKey{Creator: by.ID(), Grantee: grantee}
	access := starmap.Access[GrantKey, GrantRecord]{Get: s.store.GetGrant, Update: s.store.UpdateGrant}
	if creates {
		access.Create = s.store.CreateGrant
	}
	var out Grant
	_, v, evs, err := starmap.Change(ctx, s.retry, access, key, func(cur GrantRecord, found bool) (GrantRecord, []starmap.Event, error) {
		var g Grant
		if found {
			var err error
			if g, err = loadGrant(cur, key); err != nil {
				return GrantRecord{}, nil, err
			}
		}
		e, err := decide(&g, found)
		if err != nil {
			return GrantRecord{}, nil, err
		}
		out = g
		return g.Record(), []starmap.Event{e}, nil
	})
	if err != nil {
		return Grant{}, nil, err
	}
	out = out.WithVersion(v)
	s.index.PutGrant(out, v)
	return out, evs, nil
}

// loadGrant rebuilds the grant a store returned for key, refusing a record
// of another key.
func loadGrant(r GrantRecord, key GrantKey) (Grant, error) {
	if r.Key != key {
		return Grant{}, ErrRecordInvalid.New(starmap.LabeledArg("problem", "存储返回了另一个授权", "the store returned another grant"))
	}
	return FromRecord(r)
}

// RequestLive is a merchant's (main or sub-account) or agency's click on
// 解锁更多数据 for a creator's live session (AUZ-3): a draft request, or a
// new draft after a decline or a revocation. It reaches the creator only
// after ConfirmLive: its event (authz.live.request) must not be turned into a
// notification to the creator; notify on authz.live.confirm.
func (s *Service) RequestLive(ctx context.Context, by starmap.Actor, creator, session string) (LiveRequest, []starmap.Event, error) {
	if err := s.ready(ctx); err != nil {
		return LiveRequest{}, nil, err
	}
	now := s.clock.Now()
	key, err := requesterKey(by, creator, session)
	if err != nil {
		return LiveRequest{}, nil, err
	}
	return s.changeLive(ctx, key, true, func(r *LiveRequest, found bool) (starmap.Event, error) {
		if !found {
			made, ev, err := NewLiveRequest(by, now, creator, session)
			*r = made
			return ev, err
		}
		return r.Rerequest(by, now)
	})
}

// ConfirmLive is the requester's 确认 of its draft request for the
// creator's session.
func (s *Service) ConfirmLive(ctx context.Context, by starmap.Actor, creator, session string) (LiveRequest, []starmap.Event, error) {
	if err := s.ready(ctx); err != nil {
		return LiveRequest{}, nil, err
	}
	now := s.clock.Now()
	key, err := requesterKey(by, creator, session)
	if err != nil {
		return LiveRequest{}, nil, err
	}
	return s.changeLive(ctx, key, false, func(r *LiveRequest, found bool) (starmap.Event, error) {
		if !found {
			return starmap.Event{}, missingLive(key, nil)
		}
		return r.Confirm(by, now)
	})
}

// requesterKey is the key of by's request for the creator's session: by
// must be a merchant (main or sub-account) or an agency, and the ids valid.
func requesterKey(by starmap.Actor, creator, session string) (LiveKey, error) {
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RoleMCN); err != nil {
		return LiveKey{}, err
	}
	p, _ := PartyOf(by)
	key := LiveKey{Creator: creator, Session: session, Grantee: p}
	if err := key.Validate(); err != nil {
		return LiveKey{}, err
	}
	return key, nil
}

func missingLive(key LiveKey, inputs []error) error {
	missing := starmap.ErrRecordNotFound.New(starmap.LabeledArg("what", "直播间数据申请", "live request"), key.param())
	return errors.Join(append([]error{missing}, inputs...)...)
}

// LiveRequestOf is the requester's own request for the creator's session,
// as the session's detail page shows it (seed 004, QA 5): its state and
// history. A merchant's main and sub-accounts see the merchant's request.
func (s *Service) LiveRequestOf(ctx context.Context, by starmap.Actor, creator, session string) (LiveRequest, error) {
	if err := s.ready(ctx); err != nil {
		return LiveRequest{}, err
	}
	key, err := requesterKey(by, creator, session)
	if err != nil {
		return LiveRequest{}, err
	}
	rec, err := s.store.GetLive(ctx, key)
	if err != nil {
		return LiveRequest{}, err
	}
	return loadLive(rec, key)
}

// GrantLive is the creator's 授权 of a pending request.
func (s *Service) GrantLive(ctx context.Context, by starmap.Actor, key LiveKey, note string) (LiveRequest, []starmap.Event, error) {
	return s.creatorLive(ctx, by, key, note, (*LiveRequest).Grant)
}

// DeclineLive is the creator's refusal of a pending request.
func (s *Service) DeclineLive(ctx context.Context, by starmap.Actor, key LiveKey, note string) (LiveRequest, []starmap.Event, error) {
	return s.creatorLive(ctx, by, key, note, (*LiveRequest).Decline)
}

// RevokeLive is the creator's 解除授权 of a granted request.
func (s *Service) RevokeLive(ctx context.Context, by starmap.Actor, key LiveKey, note string) (LiveRequest, []starmap.Event, error) {
	return s.creatorLive(ctx, by, key, note, (*LiveRequest).Revoke)
}

func (s *Service) creatorLive(ctx context.Context, by starmap.Actor, key LiveKey, note string,
	op func(r *LiveRequest, by starmap.Actor, now time.Time, note string) (starmap.Event, error)) (LiveRequest, []starmap.Event, error) {
	if err := s.ready(ctx); err != nil {
		return LiveRequest{}, nil, err
	}
	now := s.clock.Now()
	if err := requireOwner(by, key.Creator); err != nil {
		return LiveRequest{}, nil, err
	}
	if err := key.Validate(); err != nil {
		return LiveRequest{}, nil, err
	}
	inputs := appendNoteErr(nil, note)
	return s.changeLive(ctx, key, false, func(r *LiveRequest, found bool) (starmap.Event, error) {
		// A draft is invisible to the creator (AUZ-3): it answers as if
		// there were no request at all.
		if !found || r.State() == LiveDraft {
			return starmap.Event{}, missingLive(key, inputs)
		}
		return op(r, by, now, note)
	})
}

// changeLive: the request of key, loaded, decided, written by
// starmap.Change (created only when creates is true).
func (s *Service) changeLive(ctx context.Context, key LiveKey, creates bool,
	decide func(r *LiveRequest, found bool) (starmap.Event, error)) (LiveRequest, []starmap.Event, error) {
	access := starmap.Access[LiveKey, LiveRecord]{Get: s.store.GetLive, Update: s.store.UpdateLive}
	if creates {
		access.Create = s.store.CreateLive
	}
	var out LiveRequest
	_, v, evs, err := starmap.Change(ctx, s.retry, access, key, func(cur LiveRecord, found bool) (LiveRecord, []starmap.Event, error) {
		r := LiveRequest{key: key}
		if found {
			var err error
			if r, err = loadLive(cur, key); err != nil {
				return LiveRecord{}, nil, err
			}
		}
		e, err := decide(&r, found)
		if err != nil {
			return LiveRecord{}, nil, err
		}
		out = r
		return r.Record(), []starmap.Event{e}, nil
	})
	if err != nil {
		return LiveRequest{}, nil, err
	}
	out = out.WithVersion(v)
	s.index.PutLive(out, v)
	return out, evs, nil
}

// loadLive rebuilds the request a store returned for key, refusing a
// record of another key.
func loadLive(r LiveRecord, key LiveKey) (LiveRequest, error) {
	if r.Key != key {
		return LiveRequest{}, ErrRecordInvalid.New(starmap.LabeledArg("problem", "存储返回了另一个申请", "the store returned another request"))
	}
	return LiveFromRecord(r)
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
	if err := s.ready(ctx); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	today := starmap.Today(s.clock)
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	if err := page.Validate(); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	views, err := s.views(ctx, GrantQuery{Creator: by.ID()}, today, statuses)
	if err != nil {
		return starmap.Page[GrantView]{}, err
	}
	return pageGrants(views, page)
}

// MerchantGrants is the merchant's (or agency's) list of every creator it
// ever held an all-sales grant from (AUZ-8), with its status today
// (authorized, not yet valid, expired, revoked), nearest end date first
// (ties: creator id). All-sales data is for the main account only (AUZ-9):
// a sub-account gets ErrSubAccountAllSales.
func (s *Service) MerchantGrants(ctx context.Context, by starmap.Actor, page starmap.PageRequest) (starmap.Page[GrantView], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	today := starmap.Today(s.clock)
	if by.Role() == starmap.RoleAdvertiserSub && by.Validate() == nil {
		return starmap.Page[GrantView]{}, ErrSubAccountAllSales.New()
	}
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleMCN); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	if err := page.Validate(); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	p, _ := PartyOf(by)
	views, err := s.views(ctx, GrantQuery{Grantee: p}, today, nil)
	if err != nil {
		return starmap.Page[GrantView]{}, err
	}
	return pageGrants(views, page)
}

// views is every grant q selects as a list row of today, in list order,
// keeping only the statuses given (all if none).
func (s *Service) views(ctx context.Context, q GrantQuery, today starmap.Date, statuses []Status) ([]GrantView, error) {
	var views []GrantView
	err := s.eachGrant(ctx, q, func(r GrantRecord) error {
		g, err := FromRecord(r)
		if err != nil {
			return err
		}
		if v := viewOf(g, today); len(statuses) == 0 || containsStatus(statuses, v.Status) {
			views = append(views, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortGrantViews(views)
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

// sortGrantViews puts rows in list order (AUZ-8): end date ascending
// (由近到远), then creator, grantee kind, grantee id — a total order over
// the rows, which the lists page by keyset: see the package doc (# Lists
// and paging) for what paging guarantees while rows change.
func sortGrantViews(vs []GrantView) {
	sort.SliceStable(vs, func(i, j int) bool {
		return grantPosLess(grantPos{vs[i].End, vs[i].Key}, grantPos{vs[j].End, vs[j].Key})
	})
}

// PendingLive is the creator's list of live-session requests waiting for
// it (AUZ-3, AUZ-8): confirmed requests only — drafts never reach the
// creator — oldest confirmation first (ties: key order).
func (s *Service) PendingLive(ctx context.Context, by starmap.Actor, page starmap.PageRequest) (starmap.Page[LiveRequest], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[LiveRequest]{}, err
	}
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return starmap.Page[LiveRequest]{}, err
	}
	if err := page.Validate(); err != nil {
		return starmap.Page[LiveRequest]{}, err
	}
	var out []LiveRequest
	err := s.eachLive(ctx, LiveQuery{Creator: by.ID(), State: LivePending}, func(r LiveRecord) error {
		l, err := LiveFromRecord(r)
		if err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	if err != nil {
		return starmap.Page[LiveRequest]{}, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		return livePosLess(livePos{out[i].ConfirmedAt(), out[i].Key()}, livePos{out[j].ConfirmedAt(), out[j].Key()})
	})
	return pageLive(out, page)
}
