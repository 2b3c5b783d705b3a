package memstore

import (
	"cmp"
	"context"
	"sync"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// AuthzStore is the in-memory authz.Store: grants and live-session requests
// in two versioned tables. Safe for concurrent use; passes authztest. Its
// zero value is an empty store, ready to use; a nil *AuthzStore answers
// every method with starmap.ErrServiceDependency.
type AuthzStore struct {
	once   sync.Once
	lg     logged
	grants *table[authz.GrantKey, authz.GrantRecord]
	lives  *table[authz.LiveKey, authz.LiveRecord]
}

var _ authz.Store = (*AuthzStore)(nil)

// NewAuthzStore returns an empty store, appending to its own event log
// unless WithLog names a shared one.
func NewAuthzStore(opts ...Option) *AuthzStore { return &AuthzStore{lg: logged{l: logOf(opts)}} }

// Log returns the event log the store appends to (OPS-1): what an
// authz.Follower on another replica reads.
func (s *AuthzStore) Log() *Log {
	if s == nil {
		return nil
	}
	return s.lg.log()
}

// ready makes the tables on first use and checks the context.
func (s *AuthzStore) ready(ctx context.Context) error {
	if s == nil {
		return starmap.ErrServiceDependency.New(starmap.LabeledArg("what", "数据授权存储", "authz store"))
	}
	s.once.Do(func() {
		s.grants = newTable[authz.GrantKey, authz.GrantRecord]("数据授权", "grant", authz.GrantRecord.Clone, s.lg.log())
		s.lives = newTable[authz.LiveKey, authz.LiveRecord]("直播间数据申请", "live request", authz.LiveRecord.Clone, s.lg.log())
	})
	return starmap.CheckContext(ctx)
}

// GetGrant implements authz.Store.
func (s *AuthzStore) GetGrant(ctx context.Context, key authz.GrantKey) (authz.GrantRecord, error) {
	if err := s.ready(ctx); err != nil {
		return authz.GrantRecord{}, err
	}
	r, v, err := s.grants.get(key)
	if err != nil {
		return authz.GrantRecord{}, err
	}
	r.Version = v
	return r, nil
}

// CreateGrant implements authz.Store.
func (s *AuthzStore) CreateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	rec.Version = 0
	return s.grants.create(rec.Key, rec, starmap.PendingEvents(ctx))
}

// UpdateGrant implements authz.Store.
func (s *AuthzStore) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	expected := rec.Version
	rec.Version = 0
	return s.grants.update(rec.Key, rec, expected, starmap.PendingEvents(ctx))
}

// ListGrants implements authz.Store: the grants q selects in key order
// (creator, grantee kind, grantee id), paged after q.Page.Cursor.
func (s *AuthzStore) ListGrants(ctx context.Context, q authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[authz.GrantRecord]{}, err
	}
	after, err := pageAfter(q.Page, authz.ParseGrantKey)
	if err != nil {
		return starmap.Page[authz.GrantRecord]{}, err
	}
	rs, vs := s.grants.list(func(r authz.GrantRecord) bool {
		return (q.Creator == "" || q.Creator == r.Key.Creator) &&
			(q.Grantee == authz.Party{} || q.Grantee == r.Key.Grantee) &&
			(after == nil || compareGrantKeys(*after, r.Key) < 0)
	}, func(a, b authz.GrantRecord) bool { return compareGrantKeys(a.Key, b.Key) < 0 })
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return cutKeyPage(rs, q.Page, func(r authz.GrantRecord) string { return r.Key.String() }), nil
}

// GetLive implements authz.Store.
func (s *AuthzStore) GetLive(ctx context.Context, key authz.LiveKey) (authz.LiveRecord, error) {
	if err := s.ready(ctx); err != nil {
		return authz.LiveRecord{}, err
	}
	r, v, err := s.lives.get(key)
	if err != nil {
		return authz.LiveRecord{}, err
	}
	r.Version = v
	return r, nil
}

// CreateLive implements authz.Store.
func (s *AuthzStore) CreateLive(ctx context.Context, rec authz.LiveRecord) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	rec.Version = 0
	return s.lives.create(rec.Key, rec, starmap.PendingEvents(ctx))
}

// UpdateLive implements authz.Store.
func (s *AuthzStore) UpdateLive(ctx context.Context, rec authz.LiveRecord) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	expected := rec.Version
	rec.Version = 0
	return s.lives.update(rec.Key, rec, expected, starmap.PendingEvents(ctx))
}

// ListLive implements authz.Store: the requests q selects in key order
// (creator, session, grantee kind, grantee id), paged after
// q.Page.Cursor.
func (s *AuthzStore) ListLive(ctx context.Context, q authz.LiveQuery) (starmap.Page[authz.LiveRecord], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[authz.LiveRecord]{}, err
	}
	after, err := pageAfter(q.Page, authz.ParseLiveKey)
	if err != nil {
		return starmap.Page[authz.LiveRecord]{}, err
	}
	rs, vs := s.lives.list(func(r authz.LiveRecord) bool {
		return (q.Creator == "" || q.Creator == r.Key.Creator) &&
			(q.Grantee == authz.Party{} || q.Grantee == r.Key.Grantee) &&
			(q.State == authz.LiveNone || q.State == r.State) &&
			(after == nil || compareLiveKeys(*after, r.Key) < 0)
	}, func(a, b authz.LiveRecord) bool { return compareLiveKeys(a.Key, b.Key) < 0 })
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return cutKeyPage(rs, q.Page, func(r authz.LiveRecord) string { return r.Key.String() }), nil
}

// pageAfter checks the page request and reads its cursor: nil for the first
// page, else the key it names (authz.Store: EncodeCursor of the key's text).
func pageAfter[K any](req starmap.PageRequest, parse func(string) (K, error)) (*K, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if req.Cursor == "" {
		return nil, nil
	}
	parts, err := starmap.DecodeCursor(req.Cursor, 1)
	if err != nil {
		return nil, err
	}
	k, err := parse(parts[0])
	if err != nil {
		return nil, starmap.ErrCursorInvalid.Wrap(err, starmap.Arg("cursor", req.Cursor))
	}
	return &k, nil
}

// cutKeyPage keeps the first page of rs (already after the cursor, in key
// order) and names its last key in Next when more follow.
func cutKeyPage[R any](rs []R, req starmap.PageRequest, key func(R) string) starmap.Page[R] {
	n := req.EffectiveLimit()
	if len(rs) <= n {
		return starmap.Page[R]{Items: rs}
	}
	return starmap.Page[R]{Items: rs[:n:n], Next: starmap.EncodeCursor(key(rs[n-1]))}
}

// The key orders of authz.Store's lists, as its documentation states them:
// ids compared byte by byte, the grantee kind by its number.

func compareGrantKeys(a, b authz.GrantKey) int {
	if c := cmp.Compare(a.Creator, b.Creator); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Grantee.Kind, b.Grantee.Kind); c != 0 {
		return c
	}
	return cmp.Compare(a.Grantee.ID, b.Grantee.ID)
}

func compareLiveKeys(a, b authz.LiveKey) int {
	if c := cmp.Compare(a.Creator, b.Creator); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Session, b.Session); c != 0 {
		return c
	}
	return compareGrantKeys(authz.GrantKey{Grantee: a.Grantee}, authz.GrantKey{Grantee: b.Grantee})
}
