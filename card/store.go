package card

import (
	"context"

	"github.com/starmap-go/starmap"
)

// Store persists card records, one per creator, keyed by creator id,
// under the SDK's one store contract (the root package doc): Get, Create
// (version 1 whatever it is given), Update (compare-and-swap on the
// version the record carries) and List. Implementations keep and return
// what they are given — they apply no rule — and never share memory with
// their callers (Record.Clone). The kit in card/cardtest checks this
// contract; memstore.CardStore passes it.
type Store interface {
	// Get returns the card of creatorID with Version set to the stored
	// version, or an error matching starmap.ErrNotFound.
	Get(ctx context.Context, creatorID string) (Record, error)
	// Create stores a new record at version 1, whatever its Version, and
	// returns 1, or fails with an error matching starmap.ErrConflict when a
	// card of that creator exists.
	Create(ctx context.Context, r Record) (uint64, error)
	// Update replaces the record of r.CreatorID if its stored version is
	// r.Version, and returns the new version, r.Version+1. It fails with an
	// error matching starmap.ErrConflict when the stored version differs
	// and starmap.ErrNotFound when there is no such card; either way
	// nothing is written.
	Update(ctx context.Context, r Record) (uint64, error)
	// List returns one page of records, with their versions, in ascending
	// creator id order (bytewise): the walk a platform job uses to re-sync
	// every card from its account. See Query for the paging rule.
	List(ctx context.Context, q Query) (starmap.Page[Record], error)
}

// Query asks Store.List for one page of cards in ascending creator id
// order, bytewise — a total order, since creator ids are unique. It pages
// by the SDK's one rule (starmap.PageRequest): a Limit of 0 means
// starmap.DefaultPageLimit, one above starmap.MaxPageLimit is clamped to
// it, a negative one is starmap.ErrPageLimit. The cursor is a keyset
// position: starmap.EncodeCursor of the creator id of the last record of
// the previous page ("" for the first page); the page holds the records
// whose creator id sorts after it, and its Next is the cursor of its last
// record when more follow, "" on the last page. A cursor that
// starmap.DecodeCursor(cursor, 1) cannot read is starmap.ErrCursorInvalid.
// Cards created or changed while a walk goes on never shift a page: a card
// created before the cursor is not seen, one after it is.
type Query struct {
	starmap.PageRequest
}
