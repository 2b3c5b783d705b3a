package star

import (
	"context"
	"errors"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/starmap-go/starmap"
)

// Index is the in-memory marketplace index (STR-3): every creator reduced
// to the columns a search reads, in immutable snapshots that readers use
// without taking a lock, updated one creator at a time while it serves.
//
// A snapshot holds the rows — one per creator, in leaves of 64 rows with
// one array per column (signature, location, followers, engagement, heat,
// the price of each offer, completed orders, first-pass rate, a hash of
// the agency, the audience shares, the folded text a keyword searches) —
// and eight sorted orders: by id, heat, engagement, followers and the
// price of each offer. An order is a shallow B+-tree (order.go): groups of
// blocks of at most 256 entries; an entry is the sort value, the row and
// the row's 32-bit signature (platform, listing, signing, a bit of the
// region and bits of the categories), so that most filters are tested on
// the entry itself, in order, without touching the row.
//
// Search loads the current snapshot (one atomic load) and either walks the
// order of its sort — from the cursor's position and from where the range
// its filters allow on the sorted column begins, to where it ends —
// testing each entry's signature and then its row, until the page is full
// (cheap when a page's worth of matches comes early); or, when the walk has
// tested more rows than a sequential pass would cost (a filter selective
// against the sort) or the sort is the match score, it sweeps every row in
// storage order with a bounded heap, skipping rows whose score cannot beat
// the page's last one. Either way it answers exactly what Scan answers.
//
// Put copies only what one creator touches: its leaf, the 64-leaf node
// above it and the short list of nodes; in each order whose entry changed,
// the one or two blocks it leaves and enters, their groups and the short
// list of groups. It then swaps the snapshot pointer. A reader sees each
// creator either before or after a Put, never half-way; the next Search
// sees it. Writers are serialised by a mutex. Creators are never removed
// (the store contract has no delete; a closed account stays, unlisted).
//
// The zero Index is empty and usable; NewIndex and BuildIndex make one.
type Index struct {
	mu  sync.Mutex // serialises writers
	cur atomic.Pointer[snapshot]
}

const (
	leafBits = 6
	leafSize = 1 << leafBits
	nodeBits = 6
	nodeSize = 1 << nodeBits
)

// The orders of a snapshot.
const (
	orderID = iota
	orderHeat
	orderEngagement
	orderFollowers
	orderPrice // + offer index
	numOrders  = orderPrice + numOffers
)

// Signature bits of a row (sigOf).
const (
	sigPlatform   = 0 // bits 0–3: one per platform
	sigNotOpen    = 1 << 4
	sigRestricted = 1 << 5
	sigSigned     = 1 << 6
	sigRegionAt   = 8  // bits 8–15: region mod 8
	sigCategoryAt = 16 // bits 16–31: hash of each category mod 16
)

func regionSig(r Region) uint32 { return 1 << (sigRegionAt + uint32(r)%8) }

// categorySig is the bit of a category: FNV-1a of its bytes, mod 16.
func categorySig(c Category) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(c); i++ {
		h = (h ^ uint32(c[i])) * 16777619
	}
	return 1 << (sigCategoryAt + h%16)
}

func sigOf(p *profile) uint32 {
	s := uint32(1) << (sigPlatform + uint32(p.account.Platform) - 1)
	if p.status != StatusOpen {
		s |= sigNotOpen
	}
	if p.restrict {
		s |= sigRestricted
	}
	if p.mcn != "" {
		s |= sigSigned
	}
	s |= regionSig(p.account.Location.Region)
	for _, c := range p.cats {
		s |= categorySig(c)
	}
	return s
}

// sigOK tests the filters a signature decides: listing, platform and
// signing exactly, region and categories as a prefilter.
func (pl *plan) sigOK(s uint32) bool {
	return s&pl.sigNone == 0 && s&pl.sigAll == pl.sigAll &&
		(pl.sigPlat == 0 || s&pl.sigPlat != 0) &&
		(pl.sigRegion == 0 || s&pl.sigRegion != 0) &&
		(pl.sigCat == 0 || s&pl.sigCat != 0)
}

// needsProfile reports whether some filter reads what only the profile
// holds (the categories, exactly: the signature has a bit of each); the
// rows' columns decide every other filter — the agency by a hash of its
// id, confirmed on the profile of the few rows whose hash matches (mcnOK).
func (pl *plan) needsProfile() bool { return len(pl.cats) > 0 }

// mcnHash is FNV-1a of an agency id, never 0 (0 marks an independent
// creator in the column).
func mcnHash(id string) uint32 {
	if id == "" {
		return 0
	}
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h = (h ^ uint32(id[i])) * 16777619
	}
	return h | 1
}

// mcnOK confirms the agency filter on the profile of a row whose hash
// matched.
func (pl *plan) mcnOK(p *profile) bool { return pl.mcn == "" || p.mcn == pl.mcn }

type leaf struct {
	n         int
	row0      uint32 // the row of the leaf's first row
	prof      [leafSize]*profile
	version   [leafSize]uint64
	sig       [leafSize]uint32
	region    [leafSize]uint8
	eng       [leafSize]int32
	fp        [leafSize]int32  // first-pass rate, -1 unknown
	mcn       [leafSize]uint32 // mcnHash of the agency
	known     [leafSize]uint8  // which audience dimensions are known
	gender    [leafSize][numGenders]uint16
	age       [leafSize][numAges]uint16
	aud       [leafSize][numRegions]uint16
	followers [leafSize]int64
	heat      [leafSize]int64
	done      [leafSize]int64
	price     [numOffers][leafSize]int64 // fen, -1 no quote
	// text holds each row's folded text followed by "\x00"; row i is
	// text[off[i] : off[i+1]-1].
	text string
	off  [leafSize + 1]uint32
}

type node [nodeSize]*leaf

type snapshot struct {
	n      int
	nodes  []*node
	orders [numOrders]order
}

var emptySnapshot = &snapshot{}

// NewIndex returns an empty index.
func NewIndex() *Index {
	ix := &Index{}
	ix.cur.Store(emptySnapshot)
	return ix
}

func (ix *Index) load() *snapshot {
	if ix == nil {
		return emptySnapshot
	}
	if s := ix.cur.Load(); s != nil {
		return s
	}
	return emptySnapshot
}

// Len returns the number of creators in the index.
func (ix *Index) Len() int { return ix.load().n }

func (s *snapshot) at(row uint32) (*leaf, int) {
	n := s.nodes[row>>(leafBits+nodeBits)]
	return n[(row>>leafBits)&(nodeSize-1)], int(row & (leafSize - 1))
}

func (s *snapshot) id(row uint32) string {
	l, i := s.at(row)
	return l.prof[i].id
}

func (s *snapshot) creator(row uint32) Creator {
	l, i := s.at(row)
	return Creator{p: l.prof[i], version: l.version[i]}
}

// keyOf is the entry key of p in order k, and whether p is in it.
func keyOf(k int, p *profile) (int64, bool) {
	switch {
	case k == orderID:
		return 0, true
	case k == orderHeat:
		return p.heat, true
	case k == orderEngagement:
		return int64(p.eng), true
	case k == orderFollowers:
		return p.account.Followers, true
	}
	f := p.quotes[k-orderPrice]
	return f, f >= 0
}

// orderFor is the order a plan's sort walks.
func orderFor(pl *plan) int {
	switch pl.key {
	case SortEngagement:
		return orderEngagement
	case SortFollowers:
		return orderFollowers
	case SortPrice:
		return orderPrice + pl.sortOffer
	}
	return orderHeat
}

// columnKey is the sort value of row i of l under a column sort.
func (pl *plan) columnKey(l *leaf, i int) int64 {
	switch pl.key {
	case SortEngagement:
		return int64(l.eng[i])
	case SortFollowers:
		return l.followers[i]
	case SortPrice:
		return l.price[pl.sortOffer][i]
	}
	return l.heat[i]
}

// Get returns the creator with id, from the current snapshot.
func (ix *Index) Get(id string) (Creator, bool) {
	s := ix.load()
	row, ok := s.find(id)
	if !ok {
		return Creator{}, false
	}
	return s.creator(row), true
}

func (s *snapshot) find(id string) (uint32, bool) {
	o := &s.orders[orderID]
	e, ok := o.at(s.search(o, 0, id, false))
	if !ok || s.id(e.row) != id {
		return 0, false
	}
	return e.row, true
}

// Search answers r from the current snapshot (see the type's doc): the
// creators Scan would return, in the same order. It takes no lock and
// allocates the page and a constant amount besides.
func (ix *Index) Search(ctx context.Context, r SearchRequest) ([]Creator, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return nil, err
	}
	pl, err := r.plan()
	if err != nil {
		return nil, err
	}
	s := ix.load()
	if pl.key != SortMatch {
		if out, ok := s.walk(pl, r.After, r.Limit); ok {
			return out, nil
		}
	}
	return s.sweep(ctx, pl, r.After, r.Limit)
}

// rowOK tests the filters the columns decide exactly: ranges, price,
// region, past results.
func (pl *plan) rowOK(l *leaf, i int) bool {
	// The filters that usually pick few rows come first.
	if pl.mcnHash != 0 && l.mcn[i] != pl.mcnHash {
		return false
	}
	if pl.regionMask != 0 && pl.regionMask&(1<<l.region[i]) == 0 {
		return false
	}
	if pl.priceOffer >= 0 {
		if v := l.price[pl.priceOffer][i]; v < 0 || v < pl.priceMin || v > pl.priceMax {
			return false
		}
	}
	if f := l.followers[i]; f < pl.folMin || f > pl.folMax {
		return false
	}
	if e := l.eng[i]; e < pl.engMin || e > pl.engMax {
		return false
	}
	if pl.key == SortPrice && l.price[pl.sortOffer][i] < 0 {
		return false
	}
	if pl.aGender >= 0 && (l.known[i]&knownGender == 0 || l.gender[i][pl.aGender] < pl.aGenderMin) {
		return false
	}
	if pl.aAge >= 0 && (l.known[i]&knownAge == 0 || l.age[i][pl.aAge] < pl.aAgeMin) {
		return false
	}
	if pl.aRegion >= 0 && (l.known[i]&knownRegion == 0 || l.aud[i][pl.aRegion] < pl.aRegionMin) {
		return false
	}
	return l.done[i] >= pl.minDone && (pl.minFP == 0 || l.fp[i] >= pl.minFP)
}

func (l *leaf) textOf(i int) string { return l.text[l.off[i] : l.off[i+1]-1] }

// full tests row i of l against every filter of the plan.
func (pl *plan) full(l *leaf, i int, deep bool) bool {
	if !pl.rowOK(l, i) {
		return false
	}
	if pl.keyword != "" && !strings.Contains(l.textOf(i), pl.keyword) {
		return false
	}
	if deep {
		return pl.matches(l.prof[i])
	}
	return pl.mcnOK(l.prof[i])
}

// keyRange is the range of sort values the plan's filters allow on the
// column it sorts by (followers, engagement, the price of the sorted
// offer); the whole line for heat.
func (pl *plan) keyRange() (lo, hi int64) {
	switch pl.key {
	case SortFollowers:
		return pl.folMin, pl.folMax
	case SortEngagement:
		return int64(pl.engMin), int64(pl.engMax)
	case SortPrice:
		if pl.priceOffer == pl.sortOffer {
			return pl.priceMin, pl.priceMax
		}
		return 0, math.MaxInt64
	}
	return math.MinInt64, math.MaxInt64
}

// walk follows the plan's order from after — and from where the range
// its filters allow on the sorted column begins, to where it ends — and
// returns the page and true once it is full or the range ends; false when
// it gave up because it had tested more rows than a sweep would cost.
func (s *snapshot) walk(pl *plan, after Position, limit int) ([]Creator, bool) {
	o := &s.orders[orderFor(pl)]
	budget := s.n/64 + 256
	deep := pl.needsProfile()
	lo, hi := pl.keyRange()
	var out []Creator
	take := func(e ent) bool {
		if !pl.sigOK(e.sig) {
			return true
		}
		if budget--; budget < 0 {
			return false
		}
		l, i := s.at(e.row)
		if pl.full(l, i, deep) {
			if out == nil {
				out = make([]Creator, 0, limit)
			}
			out = append(out, Creator{p: l.prof[i], version: l.version[i]})
		}
		return len(out) < limit
	}
	if pl.asc {
		p := s.search(o, lo, "", false) // (lo, "") precedes every entry of key lo
		if !after.IsStart() {
			if pa := s.search(o, after.Key, after.ID, true); p.before(pa) {
				p = pa
			}
		}
		complete := o.each(p, func(e ent) bool { return e.key <= hi && take(e) })
		return out, complete || budget >= 0
	}
	p := o.end()
	if hi < math.MaxInt64 {
		p = s.search(o, hi+1, "", false)
	}
	if !after.IsStart() {
		if pa := s.search(o, after.Key, after.ID, false); pa.before(p) {
			p = pa
		}
	}
	complete := o.eachBack(p, func(e ent) bool { return e.key >= lo && take(e) })
	return out, complete || budget >= 0
}

// categoryBound is an upper bound of the category part of the match
// score of a row with signature sig: every target category whose
// signature bit the row has counts as carried.
func (pl *plan) categoryBound(sig uint32) int {
	if len(pl.tCats) == 0 {
		return 0
	}
	hit := 0
	for _, b := range pl.tCatSig {
		if sig&b != 0 {
			hit++
		}
	}
	return hit * FullShare / len(pl.tCats)
}

// kwMask returns a bit per row of l whose text holds the keyword.
func (l *leaf) kwMask(kw string) uint64 {
	var m uint64
	t := l.text
	from := 0
	for from < len(t) {
		j := strings.Index(t[from:], kw)
		if j < 0 {
			break
		}
		at := uint32(from + j)
		// The row holding byte at: the last off[i] ≤ at.
		i, found := slices.BinarySearch(l.off[:l.n+1], at)
		if !found {
			i--
		}
		m |= 1 << i
		from = int(l.off[i+1])
	}
	return m
}

// sweep reads every row in storage order and keeps the page with a
// bounded heap.
func (s *snapshot) sweep(ctx context.Context, pl *plan, after Position, limit int) ([]Creator, error) {
	top := newTopK(pl.asc, limit)
	deep := pl.needsProfile()
	start := !after.IsStart()
	for _, nd := range s.nodes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, l := range nd {
			if l == nil {
				break
			}
			all := ^uint64(0)
			if l.n < leafSize {
				all = 1<<l.n - 1
			}
			if pl.keyword != "" {
				all &= l.kwMask(pl.keyword)
			}
			for m := all; m != 0; m &= m - 1 {
				i := bits.TrailingZeros64(m)
				if !pl.sigOK(l.sig[i]) || !pl.rowOK(l, i) {
					continue
				}
				var k int64
				var sum, n int
				if pl.key == SortMatch {
					sum, n = pl.audienceSum(l.known[i], l.gender[i][:], l.age[i][:], l.aud[i][:])
					// When even the most the row's categories could give
					// cannot beat the page's last score, skip the row
					// without reading its profile.
					if b, full := top.bound(); full && !pl.asc && int64(pl.combine(sum, n, pl.categoryBound(l.sig[i]))) < b.key {
						continue
					}
				} else {
					k = pl.columnKey(l, i)
				}
				p := l.prof[i]
				if deep && !pl.matches(p) || !deep && !pl.mcnOK(p) {
					continue
				}
				if pl.key == SortMatch {
					cat := 0
					if len(pl.tCats) > 0 {
						cat = pl.categoryFit(p)
					}
					k = int64(pl.combine(sum, n, cat))
				}
				if start && keyBefore(pl.asc, k, p, after.Key, after.ID, true) {
					continue
				}
				if b, full := top.bound(); full && !keyBefore(pl.asc, k, p, b.key, b.c.p.id, false) {
					continue
				}
				top.push(hit{key: k, c: Creator{p: p, version: l.version[i]}})
			}
		}
	}
	return top.sorted(), nil
}

// keyBefore reports whether (k, p.id) comes before (key, id) in the
// order — or, with orEqual, is the same position — reading p's id only
// when the keys tie.
func keyBefore(asc bool, k int64, p *profile, key int64, id string, orEqual bool) bool {
	if k != key {
		return (k < key) == asc
	}
	if p.id == id {
		return orEqual
	}
	return (p.id < id) == asc
}

// List returns one page of every creator (listed or not) in id order,
// only those signed to q.MCN when it is set: what a store's ListCreators
// answers. Its cursor is starmap.EncodeCursor of the last id.
func (ix *Index) List(ctx context.Context, q ListQuery) (starmap.Page[Creator], error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return starmap.Page[Creator]{}, err
	}
	after, err := q.validate()
	if err != nil {
		return starmap.Page[Creator]{}, err
	}
	s := ix.load()
	o := &s.orders[orderID]
	limit := q.EffectiveLimit()
	var out []Creator
	p := pos{}
	if after != "" {
		p = s.search(o, 0, after, true)
	}
	next := ""
	o.each(p, func(e ent) bool {
		c := s.creator(e.row)
		if q.MCN != "" && c.p.mcn != q.MCN {
			return true
		}
		if len(out) == limit {
			next = starmap.EncodeCursor(out[len(out)-1].p.id)
			return false
		}
		out = append(out, c)
		return true
	})
	return starmap.Page[Creator]{Items: out, Next: next}, nil
}

// ListQuery asks for one page of the roster in id order (ListCreators):
// every creator, or those signed to MCN; the root's paging rule.
type ListQuery struct {
	MCN string
	starmap.PageRequest
}

func (q ListQuery) validate() (string, error) {
	var errs []error
	if err := q.PageRequest.Validate(); err != nil {
		errs = append(errs, err)
	}
	if q.MCN != "" {
		if err := starmap.ValidateID("MCN id", q.MCN); err != nil {
			errs = append(errs, ErrQueryInvalid.Wrap(err, fieldArg("MCN机构", "MCN"), idProblem(err)))
		}
	}
	after := ""
	if q.Cursor != "" {
		parts, err := starmap.DecodeCursor(q.Cursor, 1)
		if err != nil || starmap.ValidateID("creator id", parts[0]) != nil {
			errs = append(errs, starmap.ErrCursorInvalid.New(starmap.Arg("cursor", q.Cursor)))
		} else {
			after = parts[0]
		}
	}
	return after, errors.Join(errs...)
}
