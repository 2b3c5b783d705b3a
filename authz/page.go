package authz

import (
	"sort"
	"strconv"
	"time"

	"github.com/starmap-go/starmap"
)

// Lists are paged by keyset (AUZ-8): a page's Next cursor names the sort
// key of its last row, and the next page holds the rows that come after
// that key in list order, as the list stands when the next page is asked
// for. Cursors are opaque to hosts (starmap.EncodeCursor of a tagged,
// versioned tuple); a cursor that does not decode to a well-formed key of the list
// asked for is refused with starmap.ErrCursorInvalid.
//
// What this guarantees, exactly: a row whose sort key does not change
// between two page requests is listed exactly once across them, whatever
// else is written meanwhile — no row is skipped or repeated because
// another row moved, was added or disappeared (offsets cannot promise
// that). A row whose own sort key changes is listed where it now stands:
// once more if it moved past the cursor (an early renewal or a renewal
// moves a grant's end later), not again if it moved before it (a grant
// given anew after a revocation may end earlier; a pending request
// confirmed again moves later).

// The cursors are starmap.EncodeCursor tuples: a tag naming the list and
// its version ("g1" grants, "l1" pending requests), then the sort key of
// the row. A cursor must read back to exactly itself (parse, encode,
// compare), so one row has one cursor.

func cursorInvalid(c string) error { return starmap.ErrCursorInvalid.New(starmap.Arg("cursor", c)) }

// grantPos is a grant row's place in list order: end, then key.
type grantPos struct {
	end starmap.Date
	key GrantKey
}

func grantPosLess(a, b grantPos) bool {
	if c := a.end.Compare(b.end); c != 0 {
		return c < 0
	}
	return compareGrantKeys(a.key, b.key) < 0
}

const grantCursorTag = "g1"

func grantCursor(v GrantView) string {
	return starmap.EncodeCursor(grantCursorTag, v.End.String(), v.Key.String())
}

func parseGrantCursor(c string) (grantPos, error) {
	p, err := starmap.DecodeCursor(c, 3)
	if err != nil || p[0] != grantCursorTag {
		return grantPos{}, cursorInvalid(c)
	}
	end, err := starmap.ParseDate(p[1])
	key, kerr := ParseGrantKey(p[2])
	if err != nil || kerr != nil || grantCursor(GrantView{Key: key, End: end}) != c {
		return grantPos{}, cursorInvalid(c)
	}
	return grantPos{end: end, key: key}, nil
}

// pageGrants cuts the page after req's cursor out of views, in list order.
func pageGrants(views []GrantView, req starmap.PageRequest) (starmap.Page[GrantView], error) {
	if err := req.Validate(); err != nil {
		return starmap.Page[GrantView]{}, err
	}
	start := 0
	if req.Cursor != "" {
		after, err := parseGrantCursor(req.Cursor)
		if err != nil {
			return starmap.Page[GrantView]{}, err
		}
		start = sort.Search(len(views), func(i int) bool {
			return grantPosLess(after, grantPos{end: views[i].End, key: views[i].Key})
		})
	}
	return cutPage(views, start, req, grantCursor), nil
}

// livePos is a pending request's place in list order: confirmation
// instant, then key.
type livePos struct {
	at  time.Time
	key LiveKey
}

func livePosLess(a, b livePos) bool {
	if !a.at.Equal(b.at) {
		return a.at.Before(b.at)
	}
	return compareLiveKeys(a.key, b.key) < 0
}

const liveCursorTag = "l1"

// liveCursor names the instant by Unix seconds and nanoseconds, which hold
// every instant a clock may give (UnixNano does not past 2262).
func liveCursor(r LiveRequest) string {
	at := r.ConfirmedAt()
	return starmap.EncodeCursor(liveCursorTag, strconv.FormatInt(at.Unix(), 10), strconv.Itoa(at.Nanosecond()), r.Key().String())
}

func parseLiveCursor(c string) (livePos, error) {
	p, err := starmap.DecodeCursor(c, 4)
	if err != nil || p[0] != liveCursorTag {
		return livePos{}, cursorInvalid(c)
	}
	secs, serr := strconv.ParseInt(p[1], 10, 64)
	nanos, nerr := strconv.Atoi(p[2])
	key, kerr := ParseLiveKey(p[3])
	if serr != nil || nerr != nil || kerr != nil || nanos < 0 || nanos > 999_999_999 {
		return livePos{}, cursorInvalid(c)
	}
	pos := livePos{at: time.Unix(secs, int64(nanos)), key: key}
	if starmap.EncodeCursor(liveCursorTag, strconv.FormatInt(pos.at.Unix(), 10), strconv.Itoa(pos.at.Nanosecond()), key.String()) != c {
		return livePos{}, cursorInvalid(c)
	}
	return pos, nil
}

// pageLive cuts the page after req's cursor out of rs, in list order.
func pageLive(rs []LiveRequest, req starmap.PageRequest) (starmap.Page[LiveRequest], error) {
	if err := req.Validate(); err != nil {
		return starmap.Page[LiveRequest]{}, err
	}
	start := 0
	if req.Cursor != "" {
		after, err := parseLiveCursor(req.Cursor)
		if err != nil {
			return starmap.Page[LiveRequest]{}, err
		}
		start = sort.Search(len(rs), func(i int) bool {
			return livePosLess(after, livePos{at: rs[i].ConfirmedAt(), key: rs[i].Key()})
		})
	}
	return cutPage(rs, start, req, liveCursor), nil
}

// cutPage takes up to the request's limit of items from start and names
// the last one in Next when more follow.
func cutPage[T any](items []T, start int, req starmap.PageRequest, cursor func(T) string) starmap.Page[T] {
	end := start + req.EffectiveLimit()
	if end > len(items) {
		end = len(items)
	}
	p := starmap.Page[T]{Items: append([]T(nil), items[start:end]...)}
	if end < len(items) && end > start {
		p.Next = cursor(items[end-1])
	}
	return p
}
