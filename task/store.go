package task

import (
	"context"
	"time"

	"github.com/starmap-go/starmap"
)

// Store keeps task records under the root package's one store contract
// (X-8, written once in package starmap's doc): Get, Create and Update by
// Record.ID and Record.Version, List with starmap.PageRequest — plus
// ListDue, the query Service.Sweep runs. Stores never apply rules and share
// no memory with their callers. memstore.TaskStore is the reference;
// task/tasktest checks any implementation.
type Store interface {
	Get(ctx context.Context, id string) (Record, error)
	Create(ctx context.Context, r Record) (uint64, error)
	Update(ctx context.Context, r Record) (uint64, error)
	// List returns one page of the records q selects, ordered by ID; its
	// cursors are starmap.EncodeCursor(ID) of the page's last record. With
	// q.MCN set the order is the MCN workspace's instead (MCN-3): newest
	// first, by OrderedAt descending then ID descending, and the cursors
	// are starmap.EncodeCursor(seconds, nanoseconds, ID) of the page's last
	// record, OrderedAt's Unix seconds and nanosecond in decimal. A
	// database store answers it from an index on (MCN, OrderedAt, ID).
	List(ctx context.Context, q Query) (starmap.Page[Record], error)
	// ListDue returns one page of the records whose DueAt is set and not
	// after q.At, ordered by (DueAt, ID); its cursors are
	// starmap.EncodeCursor(seconds, nanoseconds, ID) of the page's last
	// record, DueAt's Unix seconds and nanosecond in decimal. A database
	// store answers it from an index on (DueAt, ID).
	ListDue(ctx context.Context, q DueQuery) (starmap.Page[Record], error)
}

// Query selects records for Store.List: the tasks of an advertiser, of a
// creator and kept with an MCN, only those in a non-terminal state when
// Open is set; an empty field selects everything. The page follows the root's one paging rule
// (starmap.PageRequest: 0 means the default, a limit above the maximum is
// clamped, a negative one is starmap.ErrPageLimit, a cursor the store did
// not make is starmap.ErrCursorInvalid).
type Query struct {
	Advertiser string
	Creator    string
	// MCN selects the tasks whose Record.MCN is this agency: the MCN kept
	// with the task when it was ordered or claimed (MCN-2, TSK-5) — with
	// WithSigningTerms, the MCN of the signing in force then — also after
	// that signing has ended. It also switches List to newest first (see
	// Store.List), the order of the MCN's orders received (MCN-3).
	MCN  string
	Open bool
	starmap.PageRequest
}

// DueQuery selects the tasks whose clock-driven command is owed at At
// (Record.DueAt set and not after At) for Store.ListDue, one page of them
// as Query's.
type DueQuery struct {
	At time.Time
	starmap.PageRequest
}
