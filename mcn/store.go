package mcn

import (
	"context"
	"errors"
	"strconv"

	"github.com/starmap-go/starmap"
)

// Store persists the creators' books under the root's one store contract
// (X-8, see the starmap package doc), keyed by creator id. Implementations
// keep and return what they are given — they apply no rule — and never
// share memory with their callers. The kit in mcn/mcntest checks this
// contract, and that "one active signing per creator" holds under
// concurrent Service calls over the store.
type Store interface {
	// Get returns the book of creator with its Version set to the stored
	// version, or an error matching starmap.ErrNotFound
	// (starmap.ErrRecordNotFound).
	Get(ctx context.Context, creator string) (Record, error)
	// Create stores a new book at version 1 and returns 1; r.Version is
	// ignored. It fails with an error matching starmap.ErrConflict
	// (starmap.ErrAlreadyExists) when the creator has a book.
	Create(ctx context.Context, r Record) (uint64, error)
	// Update replaces the book of r.Creator if its stored version is
	// r.Version, stores r.Version+1 and returns it; starmap.ErrConflict
	// (starmap.ErrVersionConflict) when the stored version differs,
	// starmap.ErrNotFound when there is no such book.
	Update(ctx context.Context, r Record) (uint64, error)
	// List returns one page of the books q selects (Query.Matches), each
	// with its version, in the order and with the cursor Query documents.
	List(ctx context.Context, q Query) (starmap.Page[Record], error)
}

// Query selects one page of books for Store.List. A book is selected when
// one of its signings has every property the query names — of MCN (when
// set), in State (when set), covering Account (when set) — and, when
// Expiring is set, when it holds a proposed or active signing whose term
// ended before that day (what Book.Expire would close on it). The zero
// Query selects every book.
//
// Books are listed by creator id, ascending (bytewise), after the position
// Cursor names, at most Limit of them (starmap.PageRequest: 0 means
// starmap.DefaultPageLimit, clamped to starmap.MaxPageLimit, a negative
// limit is starmap.ErrPageLimit). The cursor is a keyset position that
// every store writes the same way: starmap.EncodeCursor of one part, the
// last listed creator id. Page.Next is that cursor of the last item when
// more books follow, "" otherwise; a cursor that is not one part is
// starmap.ErrCursorInvalid.
type Query struct {
	MCN      string
	State    State
	Account  Account
	Expiring starmap.Date
	starmap.PageRequest
}

// Matches reports whether the book r is selected by q, paging aside: the
// one definition of the filters, for stores to apply (or translate).
func (q Query) Matches(r Record) bool {
	if !q.Expiring.IsZero() {
		due := false
		for _, s := range r.Signings {
			if open(s.State) && s.End.Before(q.Expiring) {
				due = true
				break
			}
		}
		if !due {
			return false
		}
	}
	if q.MCN == "" && q.State == 0 && q.Account.IsZero() {
		return true
	}
	for _, s := range r.Signings {
		if (q.MCN == "" || s.MCN == q.MCN) && (q.State == 0 || s.State == q.State) && (q.Account.IsZero() || s.Covers(q.Account)) {
			return true
		}
	}
	return false
}

// Validate refuses what would select nothing by mistake — a state or
// platform that does not exist, a malformed id — and a negative limit.
func (q Query) Validate() error {
	var errs []error
	problem := func(zh, en string) {
		errs = append(errs, ErrFilterInvalid.New(starmap.LabeledArg("problem", zh, en)))
	}
	if q.MCN != "" && starmap.ValidateID("mcn id", q.MCN) != nil {
		problem("机构编号无效", "bad MCN id")
	}
	if q.State != 0 && !q.State.Valid() {
		problem("签约状态"+strconv.Itoa(int(q.State))+"不存在", "no state "+strconv.Itoa(int(q.State)))
	}
	if !q.Account.IsZero() && q.Account.validate() != nil {
		problem("平台账号无效", "bad platform account")
	}
	errs = append(errs, q.PageRequest.Validate())
	return errors.Join(errs...)
}

// CursorAfter is the cursor of a position after creator, in the form Query
// documents: what a store's Page.Next holds.
func CursorAfter(creator string) string { return starmap.EncodeCursor(creator) }

// ReadCursor reads a cursor of Query's form back to the creator id after
// which the page starts ("" for the empty cursor). Only the one text
// CursorAfter writes for a position is read: base64 that decodes alike
// but is written otherwise (other trailing bits) is
// starmap.ErrCursorInvalid, so that a position has one cursor.
func ReadCursor(c string) (string, error) {
	if c == "" {
		return "", nil
	}
	parts, err := starmap.DecodeCursor(c, 1)
	if err != nil {
		return "", err
	}
	if CursorAfter(parts[0]) != c {
		return "", starmap.ErrCursorInvalid.New(starmap.Arg("cursor", c))
	}
	return parts[0], nil
}
