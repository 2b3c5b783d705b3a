package authz

import (
	"encoding/base64"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/starmap-go/starmap"
)

// Lists are paged by keyset (AUZ-8): a page's Next cursor names the sort
// key of its last row, and the next page holds the rows that come after
// that key in list order, as the list stands when the next page is asked
// for. Cursors are opaque to hosts (base64url of a tagged, versioned
// tuple); a cursor that does not decode to a well-formed key of the list
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

const cursorSep = "\x00" // ids never hold control characters (ValidateID)

func encodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, cursorSep)))
}

// decodeCursor splits a cursor into n parts after the tag, refusing any
// other shape.
func decodeCursor(c, tag string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, cursorInvalid(c)
	}
	parts := strings.Split(string(b), cursorSep)
	if len(parts) != n+1 || parts[0] != tag {
		return nil, cursorInvalid(c)
	}
	return parts[1:], nil
}

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
	return GrantKeyLess(a.key, b.key)
}

const grantCursorTag = "g1"

func grantCursor(v GrantView) string {
	return encodeCursor(grantCursorTag, v.End.String(), v.Key.Creator,
		strconv.Itoa(int(v.Key.Grantee.Kind)), v.Key.Grantee.ID)
}

func parseGrantCursor(c string) (grantPos, error) {
	p, err := decodeCursor(c, grantCursorTag, 4)
	if err != nil {
		return grantPos{}, err
	}
	end, err := starmap.ParseDate(p[0])
	kind, kerr := strconv.Atoi(p[2])
	key := GrantKey{Creator: p[1], Grantee: Party{Kind: PartyKind(kind), ID: p[3]}}
	if err != nil || kerr != nil || kind < 0 || kind > 255 || key.Validate() != nil || grantCursor(GrantView{Key: key, End: end}) != c {
		return grantPos{}, cursorInvalid(c)
	}
	return grantPos{end: end, key: key}, nil
}

// pageGrants cuts the page after req's cursor out of views, in list order.
func pageGrants(views []GrantView, req starmap.PageRequest) (starmap.Page[GrantView], error) {
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
	return cut2page(views, start, req, grantCursor), nil
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
	return LiveKeyLess(a.key, b.key)
}

const liveCursorTag = "l1"

func liveCursor(r LiveRequest) string {
	k := r.Key()
	return encodeCursor(liveCursorTag, strconv.FormatInt(r.ConfirmedAt().UnixNano(), 10), k.Creator, k.Session,
		strconv.Itoa(int(k.Grantee.Kind)), k.Grantee.ID)
}

func parseLiveCursor(c string) (livePos, error) {
	p, err := decodeCursor(c, liveCursorTag, 5)
	if err != nil {
		return livePos{}, err
	}
	ns, nerr := strconv.ParseInt(p[0], 10, 64)
	kind, kerr := strconv.Atoi(p[3])
	key := LiveKey{Creator: p[1], Session: p[2], Grantee: Party{Kind: PartyKind(kind), ID: p[4]}}
	if nerr != nil || kerr != nil || kind < 0 || kind > 255 || key.Validate() != nil ||
		strconv.FormatInt(ns, 10) != p[0] || strconv.Itoa(kind) != p[3] {
		return livePos{}, cursorInvalid(c)
	}
	return livePos{at: time.Unix(0, ns), key: key}, nil
}

// pageLive cuts the page after req's cursor out of rs, in list order.
func pageLive(rs []LiveRequest, req starmap.PageRequest) (starmap.Page[LiveRequest], error) {
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
	return cut2page(rs, start, req, liveCursor), nil
}

// cut2page takes up to the request's limit of items from start and names
// the last one in Next when more follow.
func cut2page[T any](items []T, start int, req starmap.PageRequest, cursor func(T) string) starmap.Page[T] {
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
