package pgstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// AuthzStore is authz.Store on PostgreSQL: grants in authz_grants and
// live-session requests in authz_live (migration 0002), keys as columns
// in byte order, the live request's state as a column, each record whole
// as jsonb. Its lists run in SQL over the key order of authz.Store with
// keyset cursors (see the package doc for the index of each query). Every
// method runs in the host's transaction when ctx carries one (WithTx).
type AuthzStore struct {
	pool   *pgxpool.Pool
	grants *table[authz.GrantKey, authz.GrantRecord]
	lives  *table[authz.LiveKey, authz.LiveRecord]
}

var _ authz.Store = (*AuthzStore)(nil)

// NewAuthzStore returns the authz store on pool (migrated by Migrate); a
// nil pool is starmap.ErrServiceDependency.
func NewAuthzStore(pool *pgxpool.Pool) (*AuthzStore, error) {
	if err := requirePool(pool, "数据授权存储", "authz store"); err != nil {
		return nil, err
	}
	return &AuthzStore{
		pool: pool,
		grants: newTable(pool, spec[authz.GrantKey, authz.GrantRecord]{
			name: "authz_grants", whatZH: "数据授权", what: "grant",
			keyCols: []string{"creator", "grantee_kind", "grantee_id"},
			keyArgs: func(k authz.GrantKey) []any {
				return []any{k.Creator, int16(k.Grantee.Kind), k.Grantee.ID}
			},
			recKey:     func(r authz.GrantRecord) authz.GrantKey { return r.Key },
			keyText:    authz.GrantKey.String,
			version:    func(r authz.GrantRecord) uint64 { return r.Version },
			setVersion: func(r *authz.GrantRecord, v uint64) { r.Version = v },
			colArgs:    func(authz.GrantRecord) []any { return nil },
		}),
		lives: newTable(pool, spec[authz.LiveKey, authz.LiveRecord]{
			name: "authz_live", whatZH: "直播间数据申请", what: "live request",
			keyCols: []string{"creator", "session", "grantee_kind", "grantee_id"},
			keyArgs: func(k authz.LiveKey) []any {
				return []any{k.Creator, k.Session, int16(k.Grantee.Kind), k.Grantee.ID}
			},
			recKey:     func(r authz.LiveRecord) authz.LiveKey { return r.Key },
			keyText:    authz.LiveKey.String,
			version:    func(r authz.LiveRecord) uint64 { return r.Version },
			setVersion: func(r *authz.LiveRecord, v uint64) { r.Version = v },
			cols:       []string{"state"},
			colArgs:    func(r authz.LiveRecord) []any { return []any{int16(r.State)} },
		}),
	}, nil
}

// requirePool refuses a nil pool with the root's coded dependency error
// (starmap.ErrServiceDependency), naming the store.
func requirePool(pool *pgxpool.Pool, whatZH, what string) error {
	return starmap.RequireDependency(whatZH+"的数据库连接池", "the database pool of the "+what, pool)
}

// ready is the first check of every method: a nil ctx is
// starmap.ErrContextMissing, a done one its own error.
func ready(ctx context.Context) error { return starmap.CheckContext(ctx) }

// GetGrant implements authz.Store.
func (s *AuthzStore) GetGrant(ctx context.Context, key authz.GrantKey) (authz.GrantRecord, error) {
	if err := ready(ctx); err != nil {
		return authz.GrantRecord{}, err
	}
	return s.grants.get(ctx, key)
}

// CreateGrant implements authz.Store.
func (s *AuthzStore) CreateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.grants.create(ctx, rec)
}

// UpdateGrant implements authz.Store.
func (s *AuthzStore) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.grants.update(ctx, rec)
}

// ListGrants implements authz.Store: the grants q selects in key order
// (creator, grantee kind, grantee id), after q.Page.Cursor.
func (s *AuthzStore) ListGrants(ctx context.Context, q authz.GrantQuery) (starmap.Page[authz.GrantRecord], error) {
	var none starmap.Page[authz.GrantRecord]
	if err := ready(ctx); err != nil {
		return none, err
	}
	after, err := keyCursor(q.Page, authz.ParseGrantKey)
	if err != nil {
		return none, err
	}
	var w where
	if q.Creator != "" {
		w.add("creator = ?", q.Creator)
	}
	if q.Grantee != (authz.Party{}) {
		w.add("grantee_kind = ? AND grantee_id = ?", int16(q.Grantee.Kind), q.Grantee.ID)
	}
	if after != nil {
		w.add("(creator, grantee_kind, grantee_id) > (?, ?, ?)", after.Creator, int16(after.Grantee.Kind), after.Grantee.ID)
	}
	return listPage(ctx, s.grants, w, "creator, grantee_kind, grantee_id", q.Page,
		func(r authz.GrantRecord) string { return starmap.EncodeCursor(r.Key.String()) })
}

// GetLive implements authz.Store.
func (s *AuthzStore) GetLive(ctx context.Context, key authz.LiveKey) (authz.LiveRecord, error) {
	if err := ready(ctx); err != nil {
		return authz.LiveRecord{}, err
	}
	return s.lives.get(ctx, key)
}

// CreateLive implements authz.Store.
func (s *AuthzStore) CreateLive(ctx context.Context, rec authz.LiveRecord) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.lives.create(ctx, rec)
}

// UpdateLive implements authz.Store.
func (s *AuthzStore) UpdateLive(ctx context.Context, rec authz.LiveRecord) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.lives.update(ctx, rec)
}

// ListLive implements authz.Store: the requests q selects in key order
// (creator, session, grantee kind, grantee id), after q.Page.Cursor.
func (s *AuthzStore) ListLive(ctx context.Context, q authz.LiveQuery) (starmap.Page[authz.LiveRecord], error) {
	var none starmap.Page[authz.LiveRecord]
	if err := ready(ctx); err != nil {
		return none, err
	}
	after, err := keyCursor(q.Page, authz.ParseLiveKey)
	if err != nil {
		return none, err
	}
	var w where
	if q.Creator != "" {
		w.add("creator = ?", q.Creator)
	}
	if q.Grantee != (authz.Party{}) {
		w.add("grantee_kind = ? AND grantee_id = ?", int16(q.Grantee.Kind), q.Grantee.ID)
	}
	if q.State != authz.LiveNone {
		w.add("state = ?", int16(q.State))
	}
	if after != nil {
		w.add("(creator, session, grantee_kind, grantee_id) > (?, ?, ?, ?)",
			after.Creator, after.Session, int16(after.Grantee.Kind), after.Grantee.ID)
	}
	return listPage(ctx, s.lives, w, "creator, session, grantee_kind, grantee_id", q.Page,
		func(r authz.LiveRecord) string { return starmap.EncodeCursor(r.Key.String()) })
}

// where builds a list's conditions: each ? becomes the next $n.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// listSQL is the statement of one page: the rows w selects in order, one
// more than the page holds (to know whether another follows).
func listSQL(table string, w where, order string, limit int) string {
	return "SELECT version, doc FROM " + table + w.sql() + " ORDER BY " + order + " LIMIT " + strconv.Itoa(limit+1)
}

// listPage runs one page of a list: the rows w selects in order, after
// the cursor w already holds; Next is cursor of the last record when
// more follow. The page request was validated by the cursor's reader.
func listPage[K, R any](ctx context.Context, t *table[K, R], w where, order string, req starmap.PageRequest, cursor func(R) string) (starmap.Page[R], error) {
	limit := req.EffectiveLimit()
	rows, err := db(ctx, t.pool).Query(ctx, listSQL(t.name, w, order, limit), w.args...)
	if err != nil {
		return starmap.Page[R]{}, mapErr(err)
	}
	rs, err := t.scan(rows)
	if err != nil {
		return starmap.Page[R]{}, err
	}
	if len(rs) <= limit {
		return starmap.Page[R]{Items: rs}, nil
	}
	rs = rs[:limit:limit]
	return starmap.Page[R]{Items: rs, Next: cursor(rs[limit-1])}, nil
}

// keyCursor checks the page request and reads its cursor: nil for the
// first page, else the key whose text it holds (EncodeCursor of one part);
// anything else is starmap.ErrCursorInvalid.
func keyCursor[K any](req starmap.PageRequest, parse func(string) (K, error)) (*K, error) {
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
