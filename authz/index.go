package authz

import (
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/starmap-go/starmap"
)

// Index is the in-memory read model behind the access check (AUZ-10): every
// grant and live-session request reduced to what Check needs, in immutable
// snapshots that readers use without locks.
//
// The index is split into shards by the hash of the key. Each shard is an
// immutable snapshot behind an atomic.Pointer: Check loads the pointer and
// reads; a writer (PutGrant, PutLive, Install — serialised by a mutex)
// copies the one shard it changes, applies the change and swaps the
// pointer. A reader therefore sees, for any one grant, either the state
// before a write or the state after it, never a mix.
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
	seed   maphash.Seed
	mu     sync.Mutex
	shards [indexShards]atomic.Pointer[shard]
}

const (
	indexShardBits = 10
	indexShards    = 1 << indexShardBits
)

type shard struct {
	all       table // open-addressing table over allSlots
	allSlots  []allSlot
	live      table
	liveSlots []liveSlot
}

// A table maps a 64-bit hash of the whole key (creator, grantee, kind; and
// session for live) to a slot, by open addressing with linear probing at a
// load of at most one half: the probe entries are 16 bytes side by side, so
// a lookup usually reads one cache line of the table and then its slot. The
// slots sit in a dense slice and hold the full key, compared on every hash
// match, so the answer never rests on the hash alone; keys whose hashes
// collide simply probe on.
type table []probe

type probe struct {
	h   uint64
	ref int32 // index of the slot + 1; 0 marks an empty probe entry
}

type allSlot struct {
	creator, grantee string
	e                entry
	kind             PartyKind
	revoked          bool
}

type liveSlot struct {
	creator, session, grantee string
	kind                      PartyKind
	e                         liveEntry
}

func (s *allSlot) same(o *allSlot) bool {
	return s.creator == o.creator && s.grantee == o.grantee && s.kind == o.kind
}

func (s *liveSlot) same(o *liveSlot) bool {
	return s.creator == o.creator && s.session == o.session && s.grantee == o.grantee && s.kind == o.kind
}

// span is a run of consecutive covered days; a grant's periods are merged
// into spans (an early renewal's period continues the one before it).
type span struct{ from, to starmap.Date }

// entry is what an all-sales slot knows of its grant. With the key beside
// it a slot is 64 bytes: one cache line.
type entry struct {
	version uint64
	first   span    // the first span, inline: most grants have one
	more    *[]span // the rest, in order; nil for most grants
}

type liveEntry struct {
	version uint64
	state   LiveState
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	ix := &Index{seed: maphash.MakeSeed()}
	empty := newShard() // immutable, so every shard may start as the same one
	for i := range ix.shards {
		ix.shards[i].Store(empty)
	}
	return ix
}

func newShard() *shard { return &shard{} }

const mix = 0x9E3779B97F4A7C15 // 2^64/φ: spreads one hash before combining

func (ix *Index) hashAll(creator, grantee string, kind PartyKind) uint64 {
	h := maphash.String(ix.seed, creator)
	return (h^uint64(kind))*mix ^ maphash.String(ix.seed, grantee)
}

func (ix *Index) hashLive(creator, session, grantee string, kind PartyKind) uint64 {
	return ix.hashAll(creator, grantee, kind)*mix ^ maphash.String(ix.seed, session)
}

// empty reports whether ix is a nil or zero Index, which holds nothing.
func (ix *Index) empty() bool { return ix == nil || ix.seed == (maphash.Seed{}) }

// shardOf picks the shard from the top bits of the key's hash (the maps
// hash the whole word again with their own seed, so the two do not
// interfere).
func shardOf(h uint64) int { return int(h >> (64 - indexShardBits)) }

// Check answers q from the current snapshot (AUZ-9, AUZ-10): Allowed, or
// the reason it is not. It takes no lock and does not allocate. It answers
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
		h := ix.hashAll(q.Creator, p.ID, p.Kind)
		return ix.shards[shardOf(h)].Load().findAll(h, q.Creator, p.ID, p.Kind, q.Day)
	}
	h := ix.hashLive(q.Creator, q.Session, p.ID, p.Kind)
	d = ix.shards[shardOf(h)].Load().findLive(h, q.Creator, q.Session, p.ID, p.Kind)
	if d == Allowed || q.Account.Role() == starmap.RoleAdvertiserSub {
		return d
	}
	// All-sales data includes every live session (AUZ-1, QA 1).
	h = ix.hashAll(q.Creator, p.ID, p.Kind)
	if ix.shards[shardOf(h)].Load().findAll(h, q.Creator, p.ID, p.Kind, q.Day) == Allowed {
		return Allowed
	}
	return d
}

// findAll looks the key up at hash h, comparing the whole key, and decides.
func (sh *shard) findAll(h uint64, creator, grantee string, kind PartyKind, day starmap.Date) Decision {
	t := sh.all
	if len(t) == 0 {
		return DeniedNoGrant
	}
	m := uint64(len(t) - 1)
	for i := h & m; ; i = (i + 1) & m {
		p := &t[i]
		if p.ref == 0 {
			return DeniedNoGrant
		}
		if p.h == h {
			if s := &sh.allSlots[p.ref-1]; s.creator == creator && s.grantee == grantee && s.kind == kind {
				return s.decide(day)
			}
		}
	}
}

// findLive looks the key up at hash h, comparing the whole key, and decides.
func (sh *shard) findLive(h uint64, creator, session, grantee string, kind PartyKind) Decision {
	t := sh.live
	if len(t) == 0 {
		return DeniedNoGrant
	}
	m := uint64(len(t) - 1)
	for i := h & m; ; i = (i + 1) & m {
		p := &t[i]
		if p.ref == 0 {
			return DeniedNoGrant
		}
		if p.h == h {
			if s := &sh.liveSlots[p.ref-1]; s.creator == creator && s.session == session && s.grantee == grantee && s.kind == kind {
				return liveDecision(s.e.state)
			}
		}
	}
}

// lookup returns the slot index of the first probe entry at h for which
// same is true, or -1.
func (t table) lookup(h uint64, same func(ref int) bool) int {
	if len(t) == 0 {
		return -1
	}
	m := uint64(len(t) - 1)
	for i := h & m; ; i = (i + 1) & m {
		p := t[i]
		if p.ref == 0 {
			return -1
		}
		if p.h == h && same(int(p.ref-1)) {
			return int(p.ref - 1)
		}
	}
}

// add records slot index ref at h, for a table holding n slots after the
// addition. A shared table is copied first; a table that would pass half
// full is rebuilt twice as large.
func (t table) add(h uint64, ref int, n int, shared bool) table {
	if 2*n > len(t) {
		size := 4
		for size < 2*n {
			size *= 2
		}
		grown := make(table, size)
		for _, p := range t {
			if p.ref != 0 {
				grown.place(p)
			}
		}
		t = grown
	} else if shared {
		t = append(table(nil), t...)
	}
	t.place(probe{h: h, ref: int32(ref + 1)})
	return t
}

func (t table) place(p probe) {
	m := uint64(len(t) - 1)
	for i := p.h & m; ; i = (i + 1) & m {
		if t[i].ref == 0 {
			t[i] = p
			return
		}
	}
}

func (s *allSlot) decide(day starmap.Date) Decision {
	if s.revoked {
		return DeniedRevoked
	}
	if day.Before(s.e.first.from) {
		return DeniedNotYetValid
	}
	if !day.After(s.e.first.to) {
		return Allowed
	}
	if s.e.more != nil {
		for _, sp := range *s.e.more {
			if day.Before(sp.from) {
				return DeniedNotYetValid
			}
			if !day.After(sp.to) {
				return Allowed
			}
		}
	}
	return DeniedExpired
}

func (ix *Index) slotOf(g *Grant, stored uint64) (uint64, allSlot, bool) {
	k := g.Key()
	// One allocation holds both ids, so a lookup that compares them reads
	// one place in memory, not two, and the slot keeps no Grant alive.
	both := k.Creator + k.Grantee.ID
	s := allSlot{creator: both[:len(k.Creator)], grantee: both[len(k.Creator):], kind: k.Grantee.Kind}
	s.e = entry{version: stored}
	s.revoked = !g.revokedOn.IsZero()
	h := ix.hashAll(s.creator, s.grantee, s.kind)
	if s.revoked {
		return h, s, true
	}
	if len(g.periods) == 0 {
		return h, s, false
	}
	spans := make([]span, 0, len(g.periods))
	for _, p := range g.periods {
		if n := len(spans); n > 0 && spans[n-1].to.AddDays(1) == p.Start {
			spans[n-1].to = p.End
			continue
		}
		spans = append(spans, span{p.Start, p.End})
	}
	s.e.first = spans[0]
	if len(spans) > 1 {
		more := spans[1:]
		s.e.more = &more
	}
	return h, s, true
}

func (ix *Index) liveSlotOf(r *LiveRequest, stored uint64) (uint64, liveSlot) {
	k := r.Key()
	all := k.Creator + k.Session + k.Grantee.ID
	c, ss := len(k.Creator), len(k.Creator)+len(k.Session)
	s := liveSlot{creator: all[:c], session: all[c:ss], grantee: all[ss:], kind: k.Grantee.Kind,
		e: liveEntry{version: stored, state: r.state}}
	return ix.hashLive(s.creator, s.session, s.grantee, s.kind), s
}

// putAll sets s in sh at hash h unless sh holds the same key at a version
// keep does not let s replace. sh's slot slices must be private to the
// caller; its table is copied first when tableShared and it must change.
func (sh *shard) putAll(h uint64, s allSlot, tableShared bool, keep func(old, new uint64) bool) {
	if i := sh.all.lookup(h, func(ref int) bool { return sh.allSlots[ref].same(&s) }); i >= 0 {
		if !keep(sh.allSlots[i].e.version, s.e.version) {
			sh.allSlots[i] = s
		}
		return
	}
	sh.allSlots = append(sh.allSlots, s)
	sh.all = sh.all.add(h, len(sh.allSlots)-1, len(sh.allSlots), tableShared)
}

// putLive is putAll for live-session slots.
func (sh *shard) putLive(h uint64, s liveSlot, tableShared bool, keep func(old, new uint64) bool) {
	if i := sh.live.lookup(h, func(ref int) bool { return sh.liveSlots[ref].same(&s) }); i >= 0 {
		if !keep(sh.liveSlots[i].e.version, s.e.version) {
			sh.liveSlots[i] = s
		}
		return
	}
	sh.liveSlots = append(sh.liveSlots, s)
	sh.live = sh.live.add(h, len(sh.liveSlots)-1, len(sh.liveSlots), tableShared)
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
	h, s, ok := ix.slotOf(&g, stored)
	if !ok {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	i := shardOf(h)
	old := ix.shards[i].Load()
	next := *old
	next.allSlots = append(make([]allSlot, 0, len(old.allSlots)+1), old.allSlots...)
	next.putAll(h, s, true, keepUnlessNewer)
	ix.shards[i].Store(&next)
}

// PutLive brings the index up to date with r as stored at version stored,
// unless it already holds a newer version of it. A zero LiveRequest is
// ignored. stored is the version the store returned for r (the result of
// CreateLive or UpdateLive, or the Version of the record r was read from),
// not r.Version(): see PutGrant.
func (ix *Index) PutLive(r LiveRequest, stored uint64) {
	if r.state == LiveNone || ix.empty() {
		return
	}
	h, s := ix.liveSlotOf(&r, stored)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	i := shardOf(h)
	old := ix.shards[i].Load()
	next := *old
	next.liveSlots = append(make([]liveSlot, 0, len(old.liveSlots)+1), old.liveSlots...)
	next.putLive(h, s, true, keepUnlessNewer)
	ix.shards[i].Store(&next)
}

// Len returns how many grants and live-session requests the index holds.
func (ix *Index) Len() (grants, lives int) {
	if ix.empty() {
		return 0, 0
	}
	for i := range ix.shards {
		sh := ix.shards[i].Load()
		if sh == nil {
			continue
		}
		grants += len(sh.allSlots)
		lives += len(sh.liveSlots)
	}
	return grants, lives
}

// IndexBuilder collects grants and requests for a bulk load of an Index
// (warming up from a store, or a benchmark's million grants) without
// copying a shard per grant. Get one from Index.Builder.
type IndexBuilder struct {
	ix     *Index
	shards [indexShards]*shard
}

// Builder returns an empty builder for ix.
func (ix *Index) Builder() *IndexBuilder {
	b := &IndexBuilder{ix: ix}
	if ix.empty() {
		b.ix = nil // a builder of the zero Index takes nothing
	}
	return b
}

// shard returns the builder's shard i, made on first use.
func (b *IndexBuilder) shard(i int) *shard {
	if b.shards[i] == nil {
		b.shards[i] = newShard()
	}
	return b.shards[i]
}

// AddGrant adds g as stored at version stored (see PutGrant; for a record
// just listed, its Version). The newer version wins if a grant is added
// twice.
func (b *IndexBuilder) AddGrant(g Grant, stored uint64) {
	if b == nil || b.ix == nil {
		return
	}
	if h, s, ok := b.ix.slotOf(&g, stored); ok {
		b.shard(shardOf(h)).putAll(h, s, false, keepUnlessNewer)
	}
}

// AddLive adds r as stored at version stored (see PutLive). The newer
// version wins if a request is added twice.
func (b *IndexBuilder) AddLive(r LiveRequest, stored uint64) {
	if b == nil || b.ix == nil || r.state == LiveNone {
		return
	}
	h, s := b.ix.liveSlotOf(&r, stored)
	b.shard(shardOf(h)).putLive(h, s, false, keepUnlessNewer)
}

// Install merges the builder's content into the index, shard by shard:
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
	for i, next := range b.shards {
		old := ix.shards[i].Load()
		if next == nil {
			continue // the builder has nothing for this shard: it stays as it is
		}
		for _, s := range old.allSlots {
			next.putAll(ix.hashAll(s.creator, s.grantee, s.kind), s, false, keepUnlessStrictlyNewer)
		}
		for _, s := range old.liveSlots {
			next.putLive(ix.hashLive(s.creator, s.session, s.grantee, s.kind), s, false, keepUnlessStrictlyNewer)
		}
		ix.shards[i].Store(next)
	}
	b.ix = nil
}
