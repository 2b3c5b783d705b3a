package authz

import (
	"math/bits"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"github.com/starmap-go/starmap"
)

// Index is the in-memory read model behind the access check (AUZ-10): every
// grant and live-session request reduced to what Check needs, laid out so
// that a check usually reads one cache line of the index, takes no lock and
// allocates nothing.
//
// Layout. Every entry is a slot of a fixed number of 64-bit words: first
// its whole key packed inline (a header word with the kind, the scope and
// the id lengths, then the creator, grantee and session ids, each
// zero-padded to whole words), then one data word — for a grant its first
// and last covered day as day numbers and two flags (revoked; covered days
// with gaps), for a live-session request its state. Keys of up to seven
// words (two ids of up to 24 bytes, 19-digit numeric ids included) take
// 8-word, 64-byte slots, one cache line; keys of two ids of up to 8 bytes
// 4-word slots, half a line; longer keys go to tables of 16, 32 or 64-word
// slots, so a few long ids never widen every slot. Each table is an
// open-addressing table with linear probing, at most three quarters full,
// split into shards by the top bits of a hash of the packed key, keyed at
// random per index (so the layout is not predictable from outside). A
// check packs the query's key into words on the stack, eight bytes per
// load, hashes it once, walks the probe sequence comparing the whole key
// word by word — the answer never rests on the hash alone — and decides
// from the data word beside it. The covered days of a grant whose
// periods leave gaps (a renewal after expiry) are a list kept beside the
// table, read only for such grants.
//
// Concurrency. A key, once written into a slot, never changes; a write to
// an entry the table holds replaces its data word (and, first, its span
// list) with one atomic store, so a concurrent Check sees the entry as it
// was before the write or after it, never a mix. A new key is written with
// its first word last: the word that tells a reader the slot is taken. A
// table more than three quarters full is rebuilt twice as large beside the
// old one and swapped in through an atomic.Pointer; readers still on the
// old one answer from the state before that write. Slot words are only ever
// accessed through sync/atomic (plain loads on amd64 and arm64), which
// keeps the race detector's view exact. Writers (PutGrant, PutLive,
// Install) are serialised by a mutex; a write costs O(1) but for the rare
// rebuild of one shard.
//
// Updates carry the version the store returned for the write (an explicit
// argument of PutGrant and PutLive: not the aggregate's Version, which is
// the version it was loaded at) and are applied only when newer than what
// the index holds, so a host may feed the same index from several sources
// (its own Service, a change feed of other replicas) in any order.
//
// Build one with NewIndex. The zero Index, and a nil *Index, are empty and
// stay empty: they deny every query and ignore updates.
type Index struct {
	hasher
	mu   sync.Mutex
	tabs [keyClasses][indexShards]atomic.Pointer[table]
}

const (
	indexShardBits = 6
	indexShards    = 1 << indexShardBits

	// keyClasses: slots of 4, 8, 16, 32 and 64 words (stride 4<<class),
	// holding keys of up to 3, 7, 15, 31 and 63 words. The largest key, a
	// live-session key of three ids of starmap.MaxIDLen bytes, is 1 + 3*16
	// = 49 words.
	keyClasses  = 5
	maxKeyWords = 63
	liveTag     = 0x10

	minSlots = 8

	// Flags in the low half of a grant's data word, above the 22 bits of a
	// day number (starmap.MaxDate is day 3,652,059).
	flagRevoked = 1 << 31
	flagGaps    = 1 << 30

	sideChunkBits = 6
	sideChunkSize = 1 << sideChunkBits
)

// Ids of more than starmap.MaxIDLen bytes are refused by every constructor,
// so no index entry holds one; the header stores each length in a byte.
var _ [255 - starmap.MaxIDLen]struct{}

// hasher hashes packed keys by folded multiplications of their words with
// random keys: inline and cheaper than a call for so few words. The keys
// are drawn per index, so no one outside can aim keys at one probe
// sequence.
type hasher struct {
	made bool // by NewIndex; the zero Index holds nothing
	k    [8]uint64
}

func newHasher() hasher {
	h := hasher{made: true}
	for i := range h.k {
		h.k[i] = rand.Uint64()
	}
	return h
}

func fold(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// words3 hashes a key of the smallest class (three words, zero-padded).
func (hs *hasher) words3(w *[3]uint64) uint64 {
	k := &hs.k
	return fold(fold(w[0]^k[0], w[1]^k[1])^w[2]^k[2], k[7])
}

// words7 hashes a key of the common class (seven words, zero-padded).
func (hs *hasher) words7(w *[7]uint64) uint64 {
	k := &hs.k
	h := fold(w[0]^k[0], w[1]^k[1]) ^ fold(w[2]^k[2], w[3]^k[3]) ^ fold(w[4]^k[4], w[5]^k[5])
	return fold(h^w[6]^k[6], k[7])
}

// hash hashes a key of nw words.
func (hs *hasher) hash(k *key, nw int) uint64 {
	if nw <= 3 {
		return hs.words3((*[3]uint64)(k.w[:3]))
	}
	if nw <= 7 {
		return hs.words7((*[7]uint64)(k.w[:7]))
	}
	h := uint64(nw)
	for j := 0; j < nw; j += 2 {
		h = fold(h^k.w[j]^hs.k[j&7], k.w[j+1]^hs.k[(j+1)&7])
	}
	return fold(h, hs.k[7])
}

// A table is one shard of one key class.
type table struct {
	hs     *hasher
	stride int      // words per slot: stride-1 key words, then the data word
	mask   uint64   // slots - 1, slots a power of two
	words  []uint64 // slots*stride words, read and written with sync/atomic only
	// side holds, per slot, the covered spans of a grant whose data word
	// has flagGaps: chunks made on first use. A list, once stored, is
	// replaced by a newer one but never cleared, so a reader that saw the
	// flag always finds a list.
	side   []atomic.Pointer[sideChunk]
	grants atomic.Int64
	lives  atomic.Int64

	// Writers only (under Index.mu, or a builder's own table).
	vers []uint64 // the stored version of each slot's entry
	used int
}

type sideChunk [sideChunkSize]atomic.Pointer[[]span]

// span is a run of consecutive covered days; a grant's periods are merged
// into spans (an early renewal's period continues the one before it).
type span struct{ from, to uint32 }

func newTable(hs *hasher, stride, slots int) *table {
	return &table{
		hs:     hs,
		stride: stride,
		mask:   uint64(slots - 1),
		words:  make([]uint64, slots*stride),
		side:   make([]atomic.Pointer[sideChunk], (slots+sideChunkSize-1)/sideChunkSize),
		vers:   make([]uint64, slots),
	}
}

func (t *table) slots() int { return int(t.mask) + 1 }

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{hasher: newHasher()} }

// empty reports whether ix is a nil or zero Index, which holds nothing.
func (ix *Index) empty() bool { return ix == nil || !ix.made }

// dayNum is d's day number (1 for 0001-01-01); d must not be zero.
func dayNum(d starmap.Date) uint32 { return uint32(starmap.MinDate().DaysUntil(d) + 1) }

// A key is packed into words: a header word (kind, the live-session tag,
// and the three id lengths in bytes), then the creator, the grantee and
// the session, each from a word boundary and zero-padded to whole words.
// Each id starting on a word lets a check load it eight bytes at a time
// straight into the words it compares, with no byte buffer in between;
// the lengths in the header make the packing one to one.

// keyWords is how many words the key takes, or maxKeyWords+1 when an id is
// longer than any index entry can hold.
func keyWords(creator, grantee, session string) int {
	if len(creator) > starmap.MaxIDLen || len(grantee) > starmap.MaxIDLen || len(session) > starmap.MaxIDLen {
		return maxKeyWords + 1
	}
	return 1 + (len(creator)+7)>>3 + (len(grantee)+7)>>3 + (len(session)+7)>>3
}

func header(tag byte, creator, grantee, session string) uint64 {
	return uint64(tag) | uint64(len(creator))<<8 | uint64(len(grantee))<<16 | uint64(len(session))<<24
}

// putID writes id into w from word j on and returns the next word.
func putID(w []uint64, j int, id string) int {
	for ; len(id) >= 8; id = id[8:] {
		w[j] = le64(id)
		j++
	}
	if len(id) > 0 {
		w[j] = word(id)
		j++
	}
	return j
}

// le64 is the first eight bytes of s as a little-endian word (one load).
func le64(s string) uint64 {
	s = s[:8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint64 {
	s = s[:4]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

func le16(s string) uint64 {
	s = s[:2]
	return uint64(s[0]) | uint64(s[1])<<8
}

// leShort is s, of 1 to 7 bytes, as a zero-padded little-endian word:
// overlapping loads instead of a loop (for 1 to 3 bytes the first, middle
// and last byte cover them all).
func leShort(s string) uint64 {
	n := len(s)
	if n >= 4 {
		return le32(s) | le32(s[n-4:])<<(8*(n-4))
	}
	return uint64(s[0]) | uint64(s[n/2])<<(8*(n/2)) | uint64(s[n-1])<<(8*(n-1))
}

// word is s, of 1 to 8 bytes, as a zero-padded little-endian word.
func word(s string) uint64 {
	if len(s) == 8 {
		return le64(s)
	}
	return leShort(s)
}

// classOf is the key class of a key of nw <= maxKeyWords words.
func classOf(nw int) int {
	switch {
	case nw <= 3:
		return 0
	case nw <= 7:
		return 1
	case nw <= 15:
		return 2
	case nw <= 31:
		return 3
	}
	return 4
}

func shardOf(h uint64) uint64 { return h >> (64 - indexShardBits) }

// find returns the slot holding key k (its stride-1 words) at hash h and
// its data word, or the empty slot that ends the probe sequence.
func (t *table) find(h uint64, k []uint64) (slot int, data uint64, found bool) {
	n := t.stride
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.words[int(i)*n : int(i)*n+n]
		w0 := atomic.LoadUint64(&s[0])
		if w0 == 0 {
			return int(i), 0, false
		}
		if w0 == k[0] && sameKey(s[1:n-1], k[1:n-1]) {
			return int(i), atomic.LoadUint64(&s[n-1]), true
		}
	}
}

func sameKey(s, k []uint64) bool {
	for j := range s {
		if atomic.LoadUint64(&s[j]) != k[j] {
			return false
		}
	}
	return true
}

// find4 is find for 4-word slots (keys of two short ids), unrolled: two
// slots per cache line.
func (t *table) find4(h uint64, k *[3]uint64) (slot int, data uint64, found bool) {
	w := t.words
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := (*[4]uint64)(w[i*4 : i*4+4])
		w0 := atomic.LoadUint64(&s[0])
		if w0 == 0 {
			return int(i), 0, false
		}
		if (w0^k[0])|(atomic.LoadUint64(&s[1])^k[1])|(atomic.LoadUint64(&s[2])^k[2]) == 0 {
			return int(i), atomic.LoadUint64(&s[3]), true
		}
	}
}

// find8 is find for 8-word slots, unrolled: one cache line per probe, the
// seven key words compared without a branch each.
func (t *table) find8(h uint64, k *[7]uint64) (slot int, data uint64, found bool) {
	w := t.words
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := (*[8]uint64)(w[i*8 : i*8+8])
		w0 := atomic.LoadUint64(&s[0])
		if w0 == 0 {
			return int(i), 0, false
		}
		if (w0^k[0])|(atomic.LoadUint64(&s[1])^k[1])|(atomic.LoadUint64(&s[2])^k[2])|
			(atomic.LoadUint64(&s[3])^k[3])|(atomic.LoadUint64(&s[4])^k[4])|
			(atomic.LoadUint64(&s[5])^k[5])|(atomic.LoadUint64(&s[6])^k[6]) == 0 {
			return int(i), atomic.LoadUint64(&s[7]), true
		}
	}
}

// spans returns the span list of slot i (only for a data word with
// flagGaps).
func (t *table) spans(i int) []span {
	if c := t.side[i>>sideChunkBits].Load(); c != nil {
		if p := c[i&(sideChunkSize-1)].Load(); p != nil {
			return *p
		}
	}
	return nil // unreachable: the list is stored before the flag
}

func (t *table) setSpans(i int, sp []span) {
	c := t.side[i>>sideChunkBits].Load()
	if c == nil {
		c = new(sideChunk)
		t.side[i>>sideChunkBits].Store(c)
	}
	c[i&(sideChunkSize-1)].Store(&sp)
}

// decide answers an all-sales query on day from a grant's data word.
func (t *table) decide(i int, data uint64, day uint32) Decision {
	lo := uint32(data)
	if lo&(flagRevoked|flagGaps) == 0 {
		switch {
		case day < lo:
			return DeniedNotYetValid
		case day <= uint32(data>>32):
			return Allowed
		}
		return DeniedExpired
	}
	if lo&flagRevoked != 0 {
		return DeniedRevoked
	}
	for _, sp := range t.spans(i) {
		if day < sp.from {
			return DeniedNotYetValid
		}
		if day <= sp.to {
			return Allowed
		}
	}
	return DeniedExpired
}

// Check answers q from the current state (AUZ-9, AUZ-10): Allowed, or the
// reason it is not. It takes no lock and does not allocate. It answers
// exactly what Scan answers over the grants and requests the index holds.
func (ix *Index) Check(q Query) Decision {
	// The common question — all-sales data, asked by a merchant's main
	// account or an agency — goes straight to the lookup; precheck would
	// answer it the same (Allowed, with this party) at several times the
	// cost of the rest.
	if q.Scope == AllSales && !q.Day.IsZero() && q.Creator != "" && !ix.empty() {
		var kind PartyKind
		switch q.Account.Role() {
		case starmap.RoleAdvertiser:
			kind = Merchant
		case starmap.RoleMCN:
			kind = Agency
		}
		if id := q.Account.ID(); kind != 0 && id != "" {
			return ix.checkAll(q.Creator, id, kind, dayNum(q.Day))
		}
	}
	p, d := precheck(&q)
	if d != Allowed {
		return d
	}
	if ix.empty() {
		return DeniedNoGrant
	}
	if q.Scope == AllSales {
		return ix.checkAll(q.Creator, p.ID, p.Kind, dayNum(q.Day))
	}
	d = DeniedNoGrant
	if _, _, data, ok := ix.lookup(byte(p.Kind)|liveTag, q.Creator, p.ID, q.Session); ok {
		d = liveDecision(LiveState(data))
	}
	if d == Allowed || q.Account.Role() == starmap.RoleAdvertiserSub {
		return d
	}
	// All-sales data includes every live session (AUZ-1, QA 1).
	if ix.checkAll(q.Creator, p.ID, p.Kind, dayNum(q.Day)) == Allowed {
		return Allowed
	}
	return d
}

// checkAll decides an all-sales query. Two ids of up to 8 bytes each (a
// key of the smallest class) are looked up and decided here with nothing
// called, the check's common case; other keys go through lookup.
func (ix *Index) checkAll(creator, grantee string, kind PartyKind, day uint32) Decision {
	if len(creator)-1 < 8 && len(grantee)-1 < 8 { // 1 to 8 bytes each
		k := [3]uint64{uint64(kind) | uint64(len(creator))<<8 | uint64(len(grantee))<<16, word(creator), word(grantee)}
		h := ix.words3(&k)
		t := ix.tabs[0][shardOf(h)].Load()
		if t == nil {
			return DeniedNoGrant
		}
		w := t.words
		for i := h & t.mask; ; i = (i + 1) & t.mask {
			s := (*[4]uint64)(w[i*4 : i*4+4])
			w0 := atomic.LoadUint64(&s[0])
			if w0 == 0 {
				return DeniedNoGrant
			}
			if (w0^k[0])|(atomic.LoadUint64(&s[1])^k[1])|(atomic.LoadUint64(&s[2])^k[2]) == 0 {
				data := atomic.LoadUint64(&s[3])
				if lo := uint32(data); lo&(flagRevoked|flagGaps) == 0 {
					switch {
					case day < lo:
						return DeniedNotYetValid
					case day <= uint32(data>>32):
						return Allowed
					}
					return DeniedExpired
				}
				return t.decide(int(i), data, day)
			}
		}
	}
	t, i, data, ok := ix.lookup(byte(kind), creator, grantee, "")
	if !ok {
		return DeniedNoGrant
	}
	return t.decide(i, data, day)
}

// lookup finds the entry of a key: its table, slot and data word. A key of
// the common class is packed, hashed and compared in words on the stack;
// longer ones go through lookupLong.
func (ix *Index) lookup(tag byte, creator, grantee, session string) (*table, int, uint64, bool) {
	nw := 1 + (len(creator)+7)>>3 + (len(grantee)+7)>>3 + (len(session)+7)>>3
	if nw <= 3 {
		var k [3]uint64
		k[0] = header(tag, creator, grantee, session)
		j := putID(k[:], 1, creator)
		j = putID(k[:], j, grantee)
		putID(k[:], j, session)
		h := ix.words3(&k)
		t := ix.tabs[0][shardOf(h)].Load()
		if t == nil {
			return nil, 0, 0, false
		}
		i, data, ok := t.find4(h, &k)
		return t, i, data, ok
	}
	if nw > 7 {
		return ix.lookupLong(tag, creator, grantee, session)
	}
	var k [7]uint64
	k[0] = header(tag, creator, grantee, session)
	j := putID(k[:], 1, creator)
	j = putID(k[:], j, grantee)
	putID(k[:], j, session)
	h := ix.words7(&k)
	t := ix.tabs[1][shardOf(h)].Load()
	if t == nil {
		return nil, 0, 0, false
	}
	i, data, ok := t.find8(h, &k)
	return t, i, data, ok
}

// lookupLong is lookup for keys of more than seven words (any class).
func (ix *Index) lookupLong(tag byte, creator, grantee, session string) (*table, int, uint64, bool) {
	var k key
	nw := k.set(tag, creator, grantee, session)
	if nw > maxKeyWords {
		return nil, 0, 0, false // no entry holds an id that long
	}
	h := ix.hash(&k, nw)
	t := ix.tabs[classOf(nw)][shardOf(h)].Load()
	if t == nil {
		return nil, 0, 0, false
	}
	i, data, ok := t.find(h, k.w[:t.stride-1])
	return t, i, data, ok
}

// key is a packed key of any class, zero-padded to the largest.
type key struct{ w [maxKeyWords + 1]uint64 }

// set packs the key and returns its words, or maxKeyWords+1 (and packs
// nothing) when an id is too long for any entry.
func (k *key) set(tag byte, creator, grantee, session string) int {
	nw := keyWords(creator, grantee, session)
	if nw > maxKeyWords {
		return nw
	}
	k.w[0] = header(tag, creator, grantee, session)
	j := putID(k.w[:], 1, creator)
	j = putID(k.w[:], j, grantee)
	putID(k.w[:], j, session)
	return nw
}

// fromWords takes the key held in slot words s (a writer's rehash) and
// returns its length in words.
func (k *key) fromWords(s []uint64) int {
	*k = key{}
	copy(k.w[:], s)
	return 1 + (int(byte(s[0]>>8))+7)>>3 + (int(byte(s[0]>>16))+7)>>3 + (int(byte(s[0]>>24))+7)>>3
}

// An entry is what a write brings: the packed key, its words and hash,
// the data word, the span list (grants with gaps), the stored version.
type entry struct {
	k     key
	n     int // words
	h     uint64
	data  uint64
	spans []span
	ver   uint64
	live  bool
}

func (e *entry) class() int { return classOf(e.n) }

// grantEntry reduces g to its entry; false when g has nothing to index (a
// zero Grant, or ids longer than any grant may have).
func (ix *Index) grantEntry(e *entry, g *Grant, stored uint64) bool {
	k := g.Key()
	if k.Creator == "" {
		return false
	}
	*e = entry{ver: stored}
	switch {
	case !g.revokedOn.IsZero():
		e.data = flagRevoked
	case len(g.periods) == 0:
		return false
	default:
		// Merge the periods into spans; the list is made only when one
		// does not continue the one before (a gap).
		first := span{dayNum(g.periods[0].Start), dayNum(g.periods[0].End)}
		cur, spans := first, []span(nil)
		for _, p := range g.periods[1:] {
			from, to := dayNum(p.Start), dayNum(p.End)
			if cur.to+1 == from {
				cur.to = to
				continue
			}
			if spans == nil {
				spans = make([]span, 0, len(g.periods))
			}
			spans = append(spans, cur)
			cur = span{from, to}
		}
		if spans == nil {
			e.data = uint64(cur.from) | uint64(cur.to)<<32
		} else {
			spans = append(spans, cur)
			e.data = uint64(spans[0].from) | uint64(cur.to)<<32 | flagGaps
			e.spans = spans
		}
	}
	if e.n = e.k.set(byte(k.Grantee.Kind), k.Creator, k.Grantee.ID, ""); e.n > maxKeyWords {
		return false
	}
	e.h = ix.hash(&e.k, e.n)
	return true
}

// liveEntry reduces r to its entry; false when r has nothing to index.
func (ix *Index) liveEntry(e *entry, r *LiveRequest, stored uint64) bool {
	k := r.Key()
	if r.state == LiveNone || k.Session == "" {
		return false
	}
	*e = entry{ver: stored, data: uint64(r.state), live: true}
	if e.n = e.k.set(byte(k.Grantee.Kind)|liveTag, k.Creator, k.Grantee.ID, k.Session); e.n > maxKeyWords {
		return false
	}
	e.h = ix.hash(&e.k, e.n)
	return true
}

// put brings e into t unless t holds its key at a version keep says stays
// (keep(held, e.ver)). It returns the table that now holds it: t, or — when
// a new key would fill t past three quarters — a table twice as large, for the caller
// to publish; t itself is then left as it was.
func (t *table) put(e *entry, keep func(held, v uint64) bool) *table {
	kw := e.k.w[:t.stride-1]
	i, _, found := t.find(e.h, kw)
	if found {
		if !keep(t.vers[i], e.ver) {
			t.vers[i] = e.ver
			if e.spans != nil {
				t.setSpans(i, e.spans)
			}
			atomic.StoreUint64(&t.words[i*t.stride+t.stride-1], e.data)
		}
		return t
	}
	if 4*(t.used+1) > 3*t.slots() {
		t = t.grown()
		i, _, _ = t.find(e.h, kw)
	}
	t.insert(i, kw, e.data, e.spans, e.ver, e.live)
	return t
}

// insert writes a new key into the empty slot i: the first key word last,
// so a reader that sees the slot taken sees all of it.
func (t *table) insert(i int, kw []uint64, data uint64, spans []span, ver uint64, live bool) {
	s := t.words[i*t.stride : (i+1)*t.stride]
	for j := 1; j < len(kw); j++ {
		atomic.StoreUint64(&s[j], kw[j])
	}
	if spans != nil {
		t.setSpans(i, spans)
	}
	atomic.StoreUint64(&s[len(kw)], data)
	t.vers[i] = ver
	atomic.StoreUint64(&s[0], kw[0])
	t.used++
	if live {
		t.lives.Add(1)
	} else {
		t.grants.Add(1)
	}
}

// grown is a copy of t with twice the slots.
func (t *table) grown() *table {
	nt := newTable(t.hs, t.stride, 2*t.slots())
	t.each(func(i int, s []uint64, k *key, n int) {
		h := t.hs.hash(k, n)
		j, _, _ := nt.find(h, s[:t.stride-1])
		data := s[t.stride-1]
		var spans []span
		if byte(k.w[0])&liveTag == 0 && uint32(data)&flagGaps != 0 {
			spans = t.spans(i)
		}
		nt.insert(j, s[:t.stride-1], data, spans, t.vers[i], byte(k.w[0])&liveTag != 0)
	})
	return nt
}

// each calls f for every taken slot of t with its words (loaded) and key
// (a writer's walk).
func (t *table) each(f func(i int, s []uint64, k *key, n int)) {
	var k key
	s := make([]uint64, t.stride)
	for i := 0; i <= int(t.mask); i++ {
		for j := range s {
			s[j] = atomic.LoadUint64(&t.words[i*t.stride+j])
		}
		if s[0] == 0 {
			continue
		}
		n := k.fromWords(s[:t.stride-1])
		f(i, s, &k, n)
	}
}

// keepUnlessNewer: an update replaces what is held when it is newer
// (stored versions only move forward; version 0, a grant never stored,
// always replaces).
func keepUnlessNewer(old, v uint64) bool { return !(v == 0 || v > old) }

// keepUnlessStrictlyNewer is Install's rule for entries the index held
// while a builder was filled: they replace the builder's only when both are
// versioned and theirs is strictly newer.
func keepUnlessStrictlyNewer(builder, held uint64) bool {
	return held == 0 || builder == 0 || held <= builder
}

// putEntry writes e into the index and publishes the table if it changed.
func (ix *Index) putEntry(e *entry) {
	c, s := e.class(), shardOf(e.h)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	t := ix.tabs[c][s].Load()
	fresh := t == nil
	if fresh {
		t = newTable(&ix.hasher, 4<<c, minSlots)
	}
	if next := t.put(e, keepUnlessNewer); next != t || fresh {
		ix.tabs[c][s].Store(next)
	}
}

// PutGrant brings the index up to date with g as stored at version stored,
// unless it already holds a newer version of it. A zero Grant is ignored.
//
// stored must be the version the store returned for g: the result of the
// CreateGrant or UpdateGrant that wrote g, or the Version of the record g
// was just read from (FromRecord). It is NOT g.Version(): a grant changed
// by Revoke, EarlyRenew, Renew or Regrant still carries the version it was
// loaded at (the one its write must pass for compare-and-swap), which the
// index already holds, so passing that would drop the change as "not
// newer" — and leave the index allowing what the store denies. Passing the
// stored version makes every update land in version order whatever order
// the host feeds them in. stored 0 means "unversioned" and always
// replaces (hosts without versions; never mix the two).
func (ix *Index) PutGrant(g Grant, stored uint64) {
	if ix.empty() {
		return
	}
	var e entry
	if ix.grantEntry(&e, &g, stored) {
		ix.putEntry(&e)
	}
}

// PutLive brings the index up to date with r as stored at version stored,
// unless it already holds a newer version of it. A zero LiveRequest is
// ignored. stored is the version the store returned for r (the result of
// CreateLive or UpdateLive, or the Version of the record r was read from),
// not r.Version(): see PutGrant.
func (ix *Index) PutLive(r LiveRequest, stored uint64) {
	if ix.empty() {
		return
	}
	var e entry
	if ix.liveEntry(&e, &r, stored) {
		ix.putEntry(&e)
	}
}

// Len returns how many grants and live-session requests the index holds.
func (ix *Index) Len() (grants, lives int) {
	if ix.empty() {
		return 0, 0
	}
	for c := range ix.tabs {
		for s := range ix.tabs[c] {
			if t := ix.tabs[c][s].Load(); t != nil {
				grants += int(t.grants.Load())
				lives += int(t.lives.Load())
			}
		}
	}
	return grants, lives
}

// footprint is the memory the index's tables take, in bytes (for the
// benchmarks' bytes-per-grant figure).
func (ix *Index) footprint() int {
	n := 0
	for c := range ix.tabs {
		for s := range ix.tabs[c] {
			t := ix.tabs[c][s].Load()
			if t == nil {
				continue
			}
			n += 8*len(t.words) + 8*len(t.vers) + 8*len(t.side)
			for j := range t.side {
				if ch := t.side[j].Load(); ch != nil {
					n += 8 * sideChunkSize
					for k := range ch {
						if p := ch[k].Load(); p != nil {
							n += 24 + 8*cap(*p)
						}
					}
				}
			}
		}
	}
	return n
}

// IndexBuilder collects grants and requests for a bulk load of an Index
// (warming up from a store, or a benchmark's million grants) into tables
// of its own, published by Install. Get one from Index.Builder.
type IndexBuilder struct {
	ix   *Index
	tabs [keyClasses][indexShards]*table
}

// Builder returns an empty builder for ix.
func (ix *Index) Builder() *IndexBuilder {
	b := &IndexBuilder{ix: ix}
	if ix.empty() {
		b.ix = nil // a builder of the zero Index takes nothing
	}
	return b
}

func (b *IndexBuilder) add(e *entry) {
	c, s := e.class(), shardOf(e.h)
	t := b.tabs[c][s]
	if t == nil {
		t = newTable(&b.ix.hasher, 4<<c, minSlots)
	}
	b.tabs[c][s] = t.put(e, keepUnlessNewer)
}

// AddGrant adds g as stored at version stored (see PutGrant; for a record
// just listed, its Version). The newer version wins if a grant is added
// twice.
func (b *IndexBuilder) AddGrant(g Grant, stored uint64) {
	if b == nil || b.ix == nil {
		return
	}
	var e entry
	if b.ix.grantEntry(&e, &g, stored) {
		b.add(&e)
	}
}

// AddLive adds r as stored at version stored (see PutLive). The newer
// version wins if a request is added twice.
func (b *IndexBuilder) AddLive(r LiveRequest, stored uint64) {
	if b == nil || b.ix == nil {
		return
	}
	var e entry
	if b.ix.liveEntry(&e, &r, stored) {
		b.add(&e)
	}
}

// Install merges the builder's content into the index, table by table:
// what the builder holds replaces what the index holds, except entries the
// index holds at a strictly newer version (writes that happened while the
// builder was filled); entries only the index holds stay. The builder must
// come from this index and is spent afterwards.
func (ix *Index) Install(b *IndexBuilder) {
	if b == nil || ix.empty() || b.ix != ix {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for c := range b.tabs {
		for s, next := range b.tabs[c] {
			if next == nil {
				continue // the builder has nothing here: the index's table stays
			}
			if old := ix.tabs[c][s].Load(); old != nil {
				var e entry
				old.each(func(i int, w []uint64, k *key, n int) {
					e = entry{k: *k, n: n, h: ix.hash(k, n), data: w[old.stride-1],
						ver: old.vers[i], live: byte(k.w[0])&liveTag != 0}
					if !e.live && uint32(e.data)&flagGaps != 0 {
						e.spans = old.spans(i)
					}
					next = next.put(&e, keepUnlessStrictlyNewer)
				})
			}
			ix.tabs[c][s].Store(next)
		}
	}
	b.ix = nil
}
