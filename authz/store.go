package authz

import (
	"context"
)

// Store persists grants and live-session requests. Hosts implement
// it (memstore.AuthzStore is the reference); authztest.TestStore checks an
// implementation against this contract. A store keeps and returns records
// as given — it applies no rule — and shares no memory with its callers.
//
// Versions: a record is created at version 1; an update passes the version
// it read (rec.Version) and stores rec.Version+1 only if the stored version
// is still rec.Version. Every method returns the stored version on success.
type Store interface {
	// GetGrant returns the grant of key, with its version; an error
	// matching starmap.ErrNotFound if there is none.
	GetGrant(ctx context.Context, key GrantKey) (GrantRecord, error)
	// CreateGrant stores a new grant at version 1 (rec.Version is
	// ignored); an error matching starmap.ErrConflict if key exists.
	CreateGrant(ctx context.Context, rec GrantRecord) (uint64, error)
	// UpdateGrant replaces the grant if its stored version is rec.Version;
	// an error matching starmap.ErrConflict if it is not, matching
	// starmap.ErrNotFound if there is no such grant.
	UpdateGrant(ctx context.Context, rec GrantRecord) (uint64, error)
	// ListGrants returns the grants f selects, ordered by creator, grantee
	// kind, grantee id. An empty filter selects every grant (warming an
	// Index).
	ListGrants(ctx context.Context, f GrantFilter) ([]GrantRecord, error)

	// GetLive returns the live-session request of key; an error matching
	// starmap.ErrNotFound if there is none.
	GetLive(ctx context.Context, key LiveKey) (LiveRecord, error)
	// CreateLive stores a new request at version 1 (rec.Version is
	// ignored); an error matching starmap.ErrConflict if key exists.
	CreateLive(ctx context.Context, rec LiveRecord) (uint64, error)
	// UpdateLive replaces the request if its stored version is
	// rec.Version; errors as UpdateGrant.
	UpdateLive(ctx context.Context, rec LiveRecord) (uint64, error)
	// ListLive returns the requests f selects, ordered by creator, session,
	// grantee kind, grantee id.
	ListLive(ctx context.Context, f LiveFilter) ([]LiveRecord, error)
}

// GrantFilter selects grants: those of Creator if it is set, those to
// Grantee if it is set (both: the one pair), all if neither is.
type GrantFilter struct {
	Creator string
	Grantee Party
}

// Match reports whether the filter selects k (for store implementations).
func (f GrantFilter) Match(k GrantKey) bool {
	return (f.Creator == "" || f.Creator == k.Creator) && (f.Grantee == Party{} || f.Grantee == k.Grantee)
}

// LiveFilter selects live-session requests: of Creator if set, to Grantee
// if set, in State if it is not LiveNone.
type LiveFilter struct {
	Creator string
	Grantee Party
	State   LiveState
}

// Match reports whether the filter selects a request (for stores).
func (f LiveFilter) Match(k LiveKey, s LiveState) bool {
	return (f.Creator == "" || f.Creator == k.Creator) && (f.Grantee == Party{} || f.Grantee == k.Grantee) &&
		(f.State == LiveNone || f.State == s)
}

// GrantKeyLess is the store order of grants: creator, grantee kind, id.
func GrantKeyLess(a, b GrantKey) bool {
	if a.Creator != b.Creator {
		return a.Creator < b.Creator
	}
	if a.Grantee.Kind != b.Grantee.Kind {
		return a.Grantee.Kind < b.Grantee.Kind
	}
	return a.Grantee.ID < b.Grantee.ID
}

// LiveKeyLess is the store order of requests: creator, session, grantee
// kind, id.
func LiveKeyLess(a, b LiveKey) bool {
	if a.Creator != b.Creator {
		return a.Creator < b.Creator
	}
	if a.Session != b.Session {
		return a.Session < b.Session
	}
	if a.Grantee.Kind != b.Grantee.Kind {
		return a.Grantee.Kind < b.Grantee.Kind
	}
	return a.Grantee.ID < b.Grantee.ID
}
