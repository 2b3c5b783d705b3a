package memstore

import (
	"context"

	"github.com/starmap-go/starmap/authz"
)

// AuthzStore is the in-memory authz.Store: grants and live-session requests
// in two versioned tables. Safe for concurrent use; passes authztest.
type AuthzStore struct {
	grants *table[authz.GrantKey, authz.GrantRecord]
	lives  *table[authz.LiveKey, authz.LiveRecord]
}

var _ authz.Store = (*AuthzStore)(nil)

// NewAuthzStore returns an empty store.
func NewAuthzStore() *AuthzStore {
	return &AuthzStore{
		grants: newTable[authz.GrantKey, authz.GrantRecord]("数据授权", "grant", authz.GrantRecord.Clone),
		lives:  newTable[authz.LiveKey, authz.LiveRecord]("直播间数据申请", "live request", authz.LiveRecord.Clone),
	}
}

// GetGrant implements authz.Store.
func (s *AuthzStore) GetGrant(ctx context.Context, key authz.GrantKey) (authz.GrantRecord, error) {
	if err := ctx.Err(); err != nil {
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
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	rec.Version = 0
	return s.grants.create(rec.Key, rec)
}

// UpdateGrant implements authz.Store.
func (s *AuthzStore) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	expected := rec.Version
	rec.Version = 0
	return s.grants.update(rec.Key, rec, expected)
}

// ListGrants implements authz.Store.
func (s *AuthzStore) ListGrants(ctx context.Context, f authz.GrantFilter) ([]authz.GrantRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rs, vs := s.grants.list(func(r authz.GrantRecord) bool { return f.Match(r.Key) },
		func(a, b authz.GrantRecord) bool { return authz.GrantKeyLess(a.Key, b.Key) })
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return rs, nil
}

// GetLive implements authz.Store.
func (s *AuthzStore) GetLive(ctx context.Context, key authz.LiveKey) (authz.LiveRecord, error) {
	if err := ctx.Err(); err != nil {
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
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	rec.Version = 0
	return s.lives.create(rec.Key, rec)
}

// UpdateLive implements authz.Store.
func (s *AuthzStore) UpdateLive(ctx context.Context, rec authz.LiveRecord) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	expected := rec.Version
	rec.Version = 0
	return s.lives.update(rec.Key, rec, expected)
}

// ListLive implements authz.Store.
func (s *AuthzStore) ListLive(ctx context.Context, f authz.LiveFilter) ([]authz.LiveRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rs, vs := s.lives.list(func(r authz.LiveRecord) bool { return f.Match(r.Key, r.State) },
		func(a, b authz.LiveRecord) bool { return authz.LiveKeyLess(a.Key, b.Key) })
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return rs, nil
}
