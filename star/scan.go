package star

import (
	"context"

	"github.com/starmap-go/starmap"
)

// Position is a place in a search's order (a keyset position): just after
// the creator whose sort value is Key and whose id is ID. The zero Position
// (ID "") is the start of the order.
type Position struct {
	Key int64
	ID  string
}

// IsStart reports whether p is the start of the order.
func (p Position) IsStart() bool { return p.ID == "" }

// SearchRequest is what a Store's Search answers: the creators that match
// Query, in its Sort's order, strictly after After, at most Limit of them.
// Service.Search validates the query, turns its opaque cursor into After
// and asks for one more than the page size (to know whether a next page
// exists), so a store reads After and Limit and never Query's
// PageRequest.
type SearchRequest struct {
	Query Query
	After Position
	Limit int
}

// MaxRequestLimit is the largest SearchRequest.Limit: a full page and one
// more.
const MaxRequestLimit = MaxSearchLimit + 1

// plan compiles the request's query and checks its limit.
func (r SearchRequest) plan() (*plan, error) {
	p, err := compile(r.Query)
	if err != nil {
		return nil, err
	}
	if r.Limit < 1 || r.Limit > MaxRequestLimit {
		return nil, ErrQueryInvalid.New(fieldArg("每页条数", "limit"), rangeProblem(int64(r.Limit), 1, MaxRequestLimit))
	}
	if r.After.ID != "" {
		if err := starmap.ValidateID("creator id", r.After.ID); err != nil {
			return nil, ErrQueryInvalid.Wrap(err, fieldArg("分页位置", "position"), idProblem(err))
		}
	}
	return p, nil
}

// before reports whether (ka, ida) comes before (kb, idb) in the order:
// by key, then id, both ascending or both descending.
func before(asc bool, ka int64, ida string, kb int64, idb string) bool {
	if ka != kb {
		return (ka < kb) == asc
	}
	return ida != idb && (ida < idb) == asc
}

// hit is one result being ranked: its sort value and creator.
type hit struct {
	key int64
	c   Creator
}

// topK keeps the k first hits of an order seen in any sequence: a bounded
// heap whose root is the last of the kept ones, so a hit that comes after
// it is dropped in one comparison. Its memory is k hits, allocated once.
type topK struct {
	asc bool
	k   int
	h   []hit
}

func newTopK(asc bool, k int) *topK { return &topK{asc: asc, k: k, h: make([]hit, 0, k)} }

// after reports whether a comes after b (a ranks worse).
func (t *topK) after(a, b *hit) bool { return before(t.asc, b.key, b.c.p.id, a.key, a.c.p.id) }

// full reports whether k hits are kept, and if so bound is the worst.
func (t *topK) bound() (*hit, bool) {
	if len(t.h) < t.k {
		return nil, false
	}
	return &t.h[0], true
}

func (t *topK) push(x hit) {
	if len(t.h) < t.k {
		t.h = append(t.h, x)
		for i := len(t.h) - 1; i > 0; {
			parent := (i - 1) / 2
			if !t.after(&t.h[i], &t.h[parent]) {
				break
			}
			t.h[i], t.h[parent] = t.h[parent], t.h[i]
			i = parent
		}
		return
	}
	if !t.after(&t.h[0], &x) {
		return
	}
	t.h[0] = x
	t.down(0, len(t.h))
}

func (t *topK) down(i, n int) {
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		w := l
		if r := l + 1; r < n && t.after(&t.h[r], &t.h[l]) {
			w = r
		}
		if !t.after(&t.h[w], &t.h[i]) {
			return
		}
		t.h[i], t.h[w] = t.h[w], t.h[i]
		i = w
	}
}

// sorted empties the heap into a slice in order, first hit first.
func (t *topK) sorted() []Creator {
	n := len(t.h)
	out := make([]Creator, n)
	for end := n - 1; end >= 0; end-- {
		out[end] = t.h[0].c
		t.h[0] = t.h[end]
		t.down(0, end)
	}
	t.h = t.h[:0]
	return out
}

// Scan is the reference search (STR-3): it reads every creator, keeps
// those the query matches that come strictly after r.After, and returns
// the first r.Limit of them in the query's order, by a bounded heap. It is
// what the index must answer, what startest checks a Store against and
// what the benchmarks measure the index against. creators must have
// distinct ids; zero Creators are skipped. It honours ctx between chunks
// of the roster.
func Scan(ctx context.Context, creators []Creator, r SearchRequest) ([]Creator, error) {
	p, err := r.plan()
	if err != nil {
		return nil, err
	}
	top := newTopK(p.asc, r.Limit)
	start := !r.After.IsStart()
	for i, c := range creators {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if c.p == nil || !p.matches(c.p) {
			continue
		}
		k := p.sortKey(c.p)
		if start && !before(p.asc, r.After.Key, r.After.ID, k, c.p.id) {
			continue
		}
		if b, full := top.bound(); full && !before(p.asc, k, c.p.id, b.key, b.c.p.id) {
			continue
		}
		top.push(hit{key: k, c: c})
	}
	return top.sorted(), nil
}
