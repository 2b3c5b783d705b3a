package starmap

import "strconv"

// PageRequest asks for one page of a list: at most Limit items after the
// position Cursor names ("" for the first page). Limit is clamped to
// [1, MaxPageLimit]; 0 means DefaultPageLimit.
type PageRequest struct {
	Limit  int
	Cursor string
}

// Page is one page of a list and the cursor of the next ("" on the last).
type Page[T any] struct {
	Items []T
	Next  string
}

// Default and largest page sizes.
const (
	DefaultPageLimit = 20
	MaxPageLimit     = 200
)

// ErrCursorInvalid is a page cursor the list did not hand out.
var ErrCursorInvalid = NewRule("page.cursor_invalid", ErrInvalid,
	"分页游标无效:{cursor}", "invalid page cursor {cursor}")

// EffectiveLimit returns the request's limit clamped as documented.
func (r PageRequest) EffectiveLimit() int {
	switch {
	case r.Limit <= 0:
		return DefaultPageLimit
	case r.Limit > MaxPageLimit:
		return MaxPageLimit
	}
	return r.Limit
}

// PageOf cuts one page out of items, already in their final, deterministic
// order, using an offset cursor. It suits lists computed whole in memory
// (a creator's grants, a merchant's creators); lists over large or changing
// sets use keyset cursors of their own.
func PageOf[T any](items []T, req PageRequest) (Page[T], error) {
	start := 0
	if req.Cursor != "" {
		n, err := strconv.Atoi(req.Cursor)
		if err != nil || n < 0 || n > len(items) || strconv.Itoa(n) != req.Cursor {
			return Page[T]{}, ErrCursorInvalid.New(P("cursor", req.Cursor))
		}
		start = n
	}
	end := start + req.EffectiveLimit()
	if end > len(items) {
		end = len(items)
	}
	p := Page[T]{Items: append([]T(nil), items[start:end]...)}
	if end < len(items) {
		p.Next = strconv.Itoa(end)
	}
	return p, nil
}
