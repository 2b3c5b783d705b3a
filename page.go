package starmap

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// PageRequest asks for one page of a list: at most Limit items after the
// position Cursor names ("" for the first page). This is the one paging
// rule of every List in the SDK: 0 means DefaultPageLimit, a limit above
// MaxPageLimit is clamped to it, a negative one is ErrPageLimit. Cursors
// are opaque keyset positions over the list's documented total order
// (EncodeCursor), so a page is not shifted by writes before it.
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

// Validate reports a negative limit (ErrPageLimit).
func (r PageRequest) Validate() error {
	if r.Limit < 0 {
		return ErrPageLimit.New(Arg("limit", r.Limit))
	}
	return nil
}

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
			return Page[T]{}, ErrCursorInvalid.New(Arg("cursor", req.Cursor))
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

// EncodeCursor makes an opaque keyset cursor of the sort-key parts of the
// last item of a page; DecodeCursor reads it back. Every List of the SDK and
// every store writes its cursors with these two, so that a cursor handed
// out by one store implementation reads the same in another.
func EncodeCursor(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(b.String()))
}

// DecodeCursor returns the n parts of a cursor made by EncodeCursor, or
// ErrCursorInvalid when c is not such a cursor of n parts.
func DecodeCursor(c string, n int) ([]string, error) {
	bad := ErrCursorInvalid.New(Arg("cursor", c))
	raw, err := cursorEncoding.DecodeString(c)
	if err != nil {
		return nil, bad
	}
	s := string(raw)
	parts := make([]string, 0, n)
	for len(s) > 0 {
		colon := strings.IndexByte(s, ':')
		if colon < 1 || colon > 10 {
			return nil, bad
		}
		l, err := strconv.Atoi(s[:colon])
		if err != nil || l < 0 || strconv.Itoa(l) != s[:colon] || l > len(s)-colon-1 {
			return nil, bad
		}
		parts = append(parts, s[colon+1:colon+1+l])
		s = s[colon+1+l:]
		if len(parts) > n {
			return nil, bad
		}
	}
	if len(parts) != n {
		return nil, bad
	}
	return parts, nil
}

// cursorEncoding decodes strictly: non-zero trailing bits are refused, so
// that one position has one cursor.
var cursorEncoding = base64.RawURLEncoding.Strict()
