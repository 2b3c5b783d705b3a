package authz

import (
	"encoding/binary"
	"hash/maphash"
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
// its whole key packed inline (kind and scope, the id lengths, then the
// creator, grantee and session bytes, zero-padded), then one data word —
// for a grant its first and last covered day as day numbers and two flags
// (revoked; covered days with gaps), for a live-session request its state.
// Keys of up to 56 packed bytes (two ids of 26 bytes) take 8-word, 64-byte
// slots, one cache line; longer keys go to tables of 16, 32 or 64-word
// slots, so a few long ids never widen every slot. Each table is an
// open-addressing table with linear probing, at most half full, split into
// shards by the top bits of a seeded hash of the packed key (maphash, so
// the layout is not predictable from outside). A check packs the query's
// key on the stack, hashes it once, walks the probe sequence comparing the
// whole key word by word — the answer never rests on the hash alone — and
// decides from the data word beside it. The covered days of a grant whose
// periods leave gaps (a renewal after expiry) are a list kept beside the
// table, read only for such grants.
//
// Concurrency. A key, once written into a slot, never changes; a write to
// an entry the table holds replaces its data word (and, first, its span
// list) with one atomic store, so a concurrent Check sees the entry as it
// was before the write or after it, never a mix. A new key is written with
// its first word last: the word that tells a reader the slot is taken. A
// table more than half full is rebuilt twice as large beside the old one
// and swapped in through an atomic.Pointer; readers still on the old one
// answer from the state before that write. Slot words are only ever
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
	seed maphash.Seed
	mu   sync.Mutex
	tabs [keyClasses][indexShards]atomic.Pointer[table]
}

const (
	indexShardBits = 6
	indexShards    = 1 << indexShardBits

	// keyClasses: slots of 8, 16, 32 and 64 words (stride 8<<class),
	// holding packed keys of up to 56, 120, 248 and 504 bytes. The largest
	// key, a live-session key of three ids of starmap.MaxIDLen bytes, is
	// keyHeader + 3*128 = 388 bytes.
	keyClasses = 4
	keyHeader  = 4   // kind|scope, len(creator), len(grantee), len(session)
	maxKeyLen  = 504 // (8<<(keyClasses-1) - 1) * 8
	liveTag    = 0x10

	minSlots = 8

	// Flags in the low half of a grant's data word, above the 22 bits of a
	// day number (starmap.MaxDate is day 3,652,059).
	flagRevoked = 1 << 31
	flagGaps    = 1 << 30
	dayMask     = 1<<22 - 1

	sideChunkBits = 6
	sideChunkSize = 1 << sideChunkBits
)

// Ids of more than starmap.MaxIDLen bytes are refused by every constructor,
// so no index entry holds one; the header stores each length in a byte.
var _ [255 - starmap.MaxIDLen]struct{}

// A table is one shard of one key class.
type table struct {
	seed   maphash.Seed
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

func newTable(seed maphash.Seed, stride, slots int) *table {
	return &table{
		seed:   seed,
		stride: stride,
		mask:   uint64(slots - 1),
		words:  make([]uint64, slots*stride),
		side:   make([]atomic.Pointer[sideChunk], (slots+sideChunkSize-1)/sideChunkSize),
		vers:   make([]uint64, slots),
	}
}

func (t *table) slots() int { return int(t.mask) + 1 }

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{seed: maphash.MakeSeed()} }

// empty reports whether ix is a nil or zero Index, which holds nothing.
func (ix *Index) empty() bool { return ix == nil || ix.seed == (maphash.Seed{}) }

// dayNum is d's day number (1 for 0001-01-01); d must not be zero.
func dayNum(d starmap.Date) uint32 { return uint32(starmap.MinDate().DaysUntil(d) + 1) }

// packedLen is the length of the packed key, or maxKeyLen+1 when an id is
// longer than any index entry can hold.
func packedLen(creator, grantee, session string) int {
	if len(creator) > starmap.MaxIDLen || len(grantee) > starmap.MaxIDLen || len(session) > starmap.MaxIDLen {
		return maxKeyLen + 1
	}
	return keyHeader + len(creator) + len(grantee) + len(session)
}

// pack writes the key into b, which must be zero and hold packedLen bytes.
func pack(b []byte, tag byte, creator, grantee, session string) {
	b[0], b[1], b[2], b[3] = tag, byte(len(creator)), byte(len(grantee)), byte(len(session))
	n := keyHeader + copy(b[keyHeader:], creator)
	n += copy(b[n:], grantee)
	copy(b[n:], session)
}

// classOf is the key class of a packed key of n bytes (n <= maxKeyLen).
func classOf(n int) int {
	switch w := (n + 7) / 8; {
	case w <= 7:
		return 0
	case w <= 15:
		return 1
	case w <= 31:
		return 2
	}
	return 3
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

// find8 is find for 8-word slots, the common class, unrolled: one cache
// line per probe, the seven key words compared without a branch each.
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

// checkAll decides an all-sales query.
func (ix *Index) checkAll(creator, grantee string, kind PartyKind, day uint32) Decision {
	t, i, data, ok := ix.lookup(byte(kind), creator, grantee, "")
	if !ok {
		return DeniedNoGrant
	}
	return t.decide(i, data, day)
}

// lookup finds the entry of a key: its table, slot and data word. A key of
// the common class is packed, hashed and compared without leaving the
// stack; longer ones go through lookupLong.
func (ix *Index) lookup(tag byte, creator, grantee, session string) (*table, int, uint64, bool) {
	n := keyHeader + len(creator) + len(grantee) + len(session)
	if n > 56 {
		return ix.lookupLong(tag, creator, grantee, session)
	}
	var b [56]byte
	b[0], b[1], b[2], b[3] = tag, byte(len(creator)), byte(len(grantee)), byte(len(session))
	copy(b[keyHeader:], creator)
	copy(b[keyHeader+len(creator):], grantee)
	if session != "" {
		copy(b[keyHeader+len(creator)+len(grantee):], session)
	}
	h := maphash.Bytes(ix.seed, b[:n])
	t := ix.tabs[0][shardOf(h)].Load()
	if t == nil {
		return nil, 0, 0, false
	}
	k := [7]uint64{
		binary.LittleEndian.Uint64(b[0:]), binary.LittleEndian.Uint64(b[8:]),
		binary.LittleEndian.Uint64(b[16:]), binary.LittleEndian.Uint64(b[24:]),
		binary.LittleEndian.Uint64(b[32:]), binary.LittleEndian.Uint64(b[40:]),
		binary.LittleEndian.Uint64(b[48:]),
	}
	i, data, ok := t.find8(h, &k)
	return t, i, data, ok
}

// lookupLong is lookup for keys of more than 56 packed bytes.
func (ix *Index) lookupLong(tag byte, creator, grantee, session string) (*table, int, uint64, bool) {
	n := packedLen(creator, grantee, session)
	if n > maxKeyLen {
		return nil, 0, 0, false // no entry holds an id that long
	}
	var k key
	k.set(tag, creator, grantee, session, n)
	h := maphash.Bytes(ix.seed, k.b[:n])
	t := ix.tabs[classOf(n)][shardOf(h)].Load()
	if t == nil {
		return nil, 0, 0, false
	}
	i, data, ok := t.find(h, k.w[:t.stride-1])
	return t, i, data, ok
}

// key is a packed key of any class, as bytes (to hash) and as words (to
// compare and store).
type key struct {
	b [maxKeyLen]byte
	w [maxKeyLen / 8]uint64
}

func (k *key) set(tag byte, creator, grantee, session string, n int) {
	pack(k.b[:n], tag, creator, grantee, session)
	for j := 0; j < (n+7)/8; j++ {
		k.w[j] = binary.LittleEndian.Uint64(k.b[8*j:])
	}
}

// fromWords rebuilds the key held in slot words s (a writer's rehash) and
// returns its packed length.
func (k *key) fromWords(s []uint64) int {
	*k = key{}
	for j := range s {
		k.w[j] = s[j]
		binary.LittleEndian.PutUint64(k.b[8*j:], s[j])
	}
	return keyHeader + int(k.b[1]) + int(k.b[2]) + int(k.b[3])
}

// An entry is what a write brings: the packed key and its hash, the data
// word, the span list (grants with gaps), the stored version.
type entry struct {
	k     key
	n     int
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
	n := packedLen(k.Creator, k.Grantee.ID, "")
	if n > maxKeyLen || k.Creator == "" {
		return false
	}
	*e = entry{n: n, ver: stored}
	switch {
	case !g.revokedOn.IsZero():
		e.data = flagRevoked
	case len(g.periods) == 0:
		return false
	default:
		spans := make([]span, 0, len(g.periods))
		for _, p := range g.periods {
			from, to := dayNum(p.Start), dayNum(p.End)
			if n := len(spans); n > 0 && spans[n-1].to+1 == from {
				spans[n-1].to = to
				continue
			}
			spans = append(spans, span{from, to})
		}
		e.data = uint64(spans[0].from) | uint64(spans[len(spans)-1].to)<<32
		if len(spans) > 1 {
			e.data |= flagGaps
			e.spans = spans
		}
	}
	e.k.set(byte(k.Grantee.Kind), k.Creator, k.Grantee.ID, "", n)
	e.h = maphash.Bytes(ix.seed, e.k.b[:n])
	return true
}

// liveEntry reduces r to its entry; false when r has nothing to index.
func (ix *Index) liveEntry(e *entry, r *LiveRequest, stored uint64) bool {
	k := r.Key()
	n := packedLen(k.Creator, k.Grantee.ID, k.Session)
	if n > maxKeyLen || r.state == LiveNone || k.Session == "" {
		return false
	}
	*e = entry{n: n, ver: stored, data: uint64(r.state), live: true}
	e.k.set(byte(k.Grantee.Kind)|liveTag, k.Creator, k.Grantee.ID, k.Session, n)
	e.h = maphash.Bytes(ix.seed, e.k.b[:n])
	return true
}

// put brings e into t unless t holds its key at a version keep says stays
// (keep(held, e.ver)). It returns the table that now holds it: t, or — when
// a new key would fill t past half — a table twice as large, for the caller
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
	if 2*(t.used+1) > t.slots() {
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
	nt := newTable(t.seed, t.stride, 2*t.slots())
	t.each(func(i int, s []uint64, k *key, n int) {
		h := maphash.Bytes(t.seed, k.b[:n])
		j, _, _ := nt.find(h, s[:t.stride-1])
		data := s[t.stride-1]
		var spans []span
		if k.b[0]&liveTag == 0 && uint32(data)&flagGaps != 0 {
			spans = t.spans(i)
		}
		nt.insert(j, s[:t.stride-1], data, spans, t.vers[i], k.b[0]&liveTag != 0)
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
		t = newTable(ix.seed, 8<<c, minSlots)
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
		t = newTable(b.ix.seed, 8<<c, minSlots)
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
					e = entry{k: *k, n: n, h: maphash.Bytes(ix.seed, k.b[:n]), data: w[old.stride-1],
						ver: old.vers[i], live: k.b[0]&liveTag != 0}
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
