package card

import "context"

// Store persists card records, one per creator, keyed by creator id.
// Implementations keep and return what they are given — they apply no
// rule — and never share memory with their callers (Record.Clone). The kit
// in card/cardtest checks this contract; memstore.CardStore passes it.
type Store interface {
	// Get returns the card of creatorID with Version set to the stored
	// version, or an error matching starmap.ErrNotFound.
	Get(ctx context.Context, creatorID string) (Record, error)
	// Create stores a new record (its Version is ignored) at version 1 and
	// returns 1, or fails with an error matching starmap.ErrConflict when
	// a card of that creator exists.
	Create(ctx context.Context, r Record) (uint64, error)
	// Update replaces the record of r.CreatorID if its stored version is
	// r.Version, and returns the new version, r.Version+1. It fails with an
	// error matching starmap.ErrConflict when the stored version differs
	// and starmap.ErrNotFound when there is no such card; either way
	// nothing is written.
	Update(ctx context.Context, r Record) (uint64, error)
	// List returns up to limit records whose creator id sorts after after
	// ("" from the start), in ascending creator id order (bytewise), with
	// their versions: the walk a platform job uses to re-sync every card
	// from its account. limit < 1 returns nothing.
	List(ctx context.Context, after string, limit int) ([]Record, error)
}
