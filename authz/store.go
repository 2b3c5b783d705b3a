package authz

import (
	"cmp"
	"context"

	"github.com/starmap-go/starmap"
)

// Store persists grants and live-session requests under the one store
// contract of the SDK (the root package doc): per kind Get, Create (stores
// version 1 whatever version it is given; starmap.ErrConflict if the key
// exists), Update (writes only if the stored version is still the record's
// Version, stores Version+1 and returns it; starmap.ErrConflict if it moved
// on, starmap.ErrNotFound if missing) and List. Hosts implement it
// (memstore.AuthzStore is the reference); authztest.TestStore checks an
// implementation. A store keeps and returns records as given — every
// field, it applies no rule — and shares no memory with its callers.
//
// # Lists
//
// ListGrants and ListLive return one page of the records their query
// selects, in key order:
//
//   - grants: creator, then grantee kind by its number (Merchant before
//     Agency), then grantee id;
//   - live-session requests: creator, then session, then grantee kind by
//     its number, then grantee id;
//
// ids compared as strings, byte by byte (Go's < on strings, SQL's
// COLLATE "C"). The query's Page is the one paging rule of the SDK
// (starmap.PageRequest: a negative limit is starmap.ErrPageLimit, 0 means
// starmap.DefaultPageLimit, a larger limit is clamped to
// starmap.MaxPageLimit). A page's Next is "" when no selected record
// follows it, and otherwise starmap.EncodeCursor(k.String()) for the key k
// of its last record; given that cursor, the next page holds the selected
// records whose keys come after k, as the store stands then (a keyset
// cursor: writes meanwhile shift nothing). A cursor that is not one part
// holding a key's text (ParseGrantKey, ParseLiveKey) is
// starmap.ErrCursorInvalid. The package keeps the order and the filters in
// this text only, so that a database store implements them in its own
// query; authztest checks them.
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
	// ListGrants returns a page of the grants q selects, in key order.
	ListGrants(ctx context.Context, q GrantQuery) (starmap.Page[GrantRecord], error)

	// GetLive returns the live-session request of key; an error matching
	// starmap.ErrNotFound if there is none.
	GetLive(ctx context.Context, key LiveKey) (LiveRecord, error)
	// CreateLive stores a new request at version 1 (rec.Version is
	// ignored); an error matching starmap.ErrConflict if key exists.
	CreateLive(ctx context.Context, rec LiveRecord) (uint64, error)
	// UpdateLive replaces the request if its stored version is
	// rec.Version; errors as UpdateGrant.
	UpdateLive(ctx context.Context, rec LiveRecord) (uint64, error)
	// ListLive returns a page of the requests q selects, in key order.
	ListLive(ctx context.Context, q LiveQuery) (starmap.Page[LiveRecord], error)
}

// GrantQuery selects grants for Store.ListGrants: those of Creator if it is
// set, those to Grantee if it is set (the whole party: kind and id; both
// set: the one pair), every grant if neither is (loading an Index). Page
// asks for one page of them.
type GrantQuery struct {
	Creator string
	Grantee Party
	Page    starmap.PageRequest
}

// selects reports whether q selects the grant of k (the service's check of
// what a store returns).
func (q GrantQuery) selects(k GrantKey) bool {
	return (q.Creator == "" || q.Creator == k.Creator) && (q.Grantee == Party{} || q.Grantee == k.Grantee)
}

// LiveQuery selects live-session requests for Store.ListLive: of Creator if
// set, to Grantee if set, in State if it is not LiveNone. Page asks for one
// page of them.
type LiveQuery struct {
	Creator string
	Grantee Party
	State   LiveState
	Page    starmap.PageRequest
}

func (q LiveQuery) selects(k LiveKey, s LiveState) bool {
	return (q.Creator == "" || q.Creator == k.Creator) && (q.Grantee == Party{} || q.Grantee == k.Grantee) &&
		(q.State == LiveNone || q.State == s)
}

// compareGrantKeys is the key order of grant lists (see Store).
func compareGrantKeys(a, b GrantKey) int {
	if c := cmp.Compare(a.Creator, b.Creator); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Grantee.Kind, b.Grantee.Kind); c != 0 {
		return c
	}
	return cmp.Compare(a.Grantee.ID, b.Grantee.ID)
}

// compareLiveKeys is the key order of live-session lists (see Store).
func compareLiveKeys(a, b LiveKey) int {
	if c := cmp.Compare(a.Creator, b.Creator); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Session, b.Session); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Grantee.Kind, b.Grantee.Kind); c != 0 {
		return c
	}
	return cmp.Compare(a.Grantee.ID, b.Grantee.ID)
}
