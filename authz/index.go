package authz

import (
	"hash/maphash"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/starmap-go/starmap"
)

// Index is the in-memory read model behind the access check (AUZ-10): every
// grant and live-session request reduced to what Check needs, in immutable
// snapshots that readers use without locks.
//
// The index is split into shards by creator. Each shard is an immutable
// snapshot behind an atomic.Pointer: Check loads the pointer and reads; a
// writer (PutGrant, PutLive, Install — serialised by a mutex) copies the one
// shard it changes, applies the change and swaps the pointer. A reader
// therefore sees, for any one grant, either the state before a write or the
// state after it, never a mix.
//
// Updates carry the aggregate's version and are applied only when newer
// than what the index holds, so a host may feed the same index from several
// sources (its own Service, a change feed of other replicas) in any order.
//
// Build one with NewIndex; the zero Index is not usable.
type Index struct {
	seed   maphash.Seed
	mu     sync.Mutex
	shards [indexShards]atomic.Pointer[shard]
}

const indexShards = 256

type shard struct {
	all  map[pairKey]entry
	live map[liveKey]liveEntry
}

type pairKey struct {
	creator, grantee string
	kind             PartyKind
}

type liveKey struct {
	creator, session, grantee string
	kind                      PartyKind
}

// span is a run of consecutive covered days; a grant's periods are merged
// into spans (an early renewal's period continues the one before it).
type span struct{ from, to starmap.Date }

type entry struct {
	version uint64
	revoked bool
	first   span   // the first span, inline: most grants have one
	more    []span // the rest, in order
}

type liveEntry struct {
	version uint64
	state   LiveState
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	ix := &Index{seed: maphash.MakeSeed()}
	for i := range ix.shards {
		ix.shards[i].Store(&shard{all: map[pairKey]entry{}, live: map[liveKey]liveEntry{}})
	}
	return ix
}

func (ix *Index) shardOf(creator string) int {
	return int(maphash.String(ix.seed, creator) & (indexShards - 1))
}

// Check answers q from the current snapshot (AUZ-9, AUZ-10): Allowed, or
// the reason it is not. It takes no lock and does not allocate. It answers
// exactly what Scan answers over the grants and requests the index holds.
func (ix *Index) Check(q Query) Decision {
	p, d := precheck(&q)
	if d != Allowed {
		return d
	}
	sh := ix.shards[ix.shardOf(q.Creator)].Load()
	if q.Scope == AllSales {
		e, ok := sh.all[pairKey{creator: q.Creator, grantee: p.ID, kind: p.Kind}]
		if !ok {
			return DeniedNoGrant
		}
		return e.decide(q.Day)
	}
	e, ok := sh.live[liveKey{creator: q.Creator, session: q.Session, grantee: p.ID, kind: p.Kind}]
	if !ok {
		return DeniedNoGrant
	}
	return liveDecision(e.state)
}

func (e *entry) decide(day starmap.Date) Decision {
	if e.revoked {
		return DeniedRevoked
	}
	if day.Before(e.first.from) {
		return DeniedNotYetValid
	}
	if !day.After(e.first.to) {
		return Allowed
	}
	for _, s := range e.more {
		if day.Before(s.from) {
			return DeniedNotYetValid
		}
		if !day.After(s.to) {
			return Allowed
		}
	}
	return DeniedExpired
}

func entryOf(g *Grant) (pairKey, entry, bool) {
	k := g.Key()
	pk := pairKey{creator: k.Creator, grantee: k.Grantee.ID, kind: k.Grantee.Kind}
	e := entry{version: g.version, revoked: !g.revokedOn.IsZero()}
	if e.revoked {
		return pk, e, true
	}
	if len(g.periods) == 0 {
		return pk, e, false
	}
	spans := make([]span, 0, len(g.periods))
	for _, p := range g.periods {
		if n := len(spans); n > 0 && spans[n-1].to.AddDays(1) == p.Start {
			spans[n-1].to = p.End
			continue
		}
		spans = append(spans, span{p.Start, p.End})
	}
	e.first = spans[0]
	if len(spans) > 1 {
		e.more = spans[1:]
	}
	return pk, e, true
}

func liveEntryOf(r *LiveRequest) (liveKey, liveEntry) {
	k := r.Key()
	return liveKey{creator: k.Creator, session: k.Session, grantee: k.Grantee.ID, kind: k.Grantee.Kind},
		liveEntry{version: r.version, state: r.state}
}

// newer reports whether an update at version v replaces one at old: stored
// versions only move forward; version 0 (a grant never stored) always
// replaces.
func newer(v, old uint64) bool { return v == 0 || v > old }

// PutGrant brings the index up to date with g, unless it already holds a
// newer version of it. A zero Grant is ignored.
func (ix *Index) PutGrant(g Grant) {
	pk, e, ok := entryOf(&g)
	if !ok {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	i := ix.shardOf(pk.creator)
	old := ix.shards[i].Load()
	if cur, found := old.all[pk]; found && !newer(e.version, cur.version) {
		return
	}
	next := &shard{all: maps.Clone(old.all), live: old.live}
	next.all[pk] = e
	ix.shards[i].Store(next)
}

// PutLive brings the index up to date with r, unless it already holds a
// newer version of it. A zero LiveRequest is ignored.
func (ix *Index) PutLive(r LiveRequest) {
	if r.state == LiveNone {
		return
	}
	lk, e := liveEntryOf(&r)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	i := ix.shardOf(lk.creator)
	old := ix.shards[i].Load()
	if cur, found := old.live[lk]; found && !newer(e.version, cur.version) {
		return
	}
	next := &shard{all: old.all, live: maps.Clone(old.live)}
	next.live[lk] = e
	ix.shards[i].Store(next)
}

// Len returns how many grants and live-session requests the index holds.
func (ix *Index) Len() (grants, lives int) {
	for i := range ix.shards {
		sh := ix.shards[i].Load()
		grants += len(sh.all)
		lives += len(sh.live)
	}
	return grants, lives
}

// IndexBuilder collects grants and requests for a bulk load of an Index
// (warming up from a store, or a benchmark's million grants) without
// copying a shard per grant. Get one from Index.Builder.
type IndexBuilder struct {
	ix     *Index
	shards [indexShards]shard
}

// Builder returns an empty builder for ix.
func (ix *Index) Builder() *IndexBuilder {
	b := &IndexBuilder{ix: ix}
	for i := range b.shards {
		b.shards[i] = shard{all: map[pairKey]entry{}, live: map[liveKey]liveEntry{}}
	}
	return b
}

// AddGrant adds g (the newer version wins if a grant is added twice).
func (b *IndexBuilder) AddGrant(g Grant) {
	pk, e, ok := entryOf(&g)
	if !ok {
		return
	}
	sh := &b.shards[b.ix.shardOf(pk.creator)]
	if cur, found := sh.all[pk]; found && !newer(e.version, cur.version) {
		return
	}
	sh.all[pk] = e
}

// AddLive adds r (the newer version wins if a request is added twice).
func (b *IndexBuilder) AddLive(r LiveRequest) {
	if r.state == LiveNone {
		return
	}
	lk, e := liveEntryOf(&r)
	sh := &b.shards[b.ix.shardOf(lk.creator)]
	if cur, found := sh.live[lk]; found && !newer(e.version, cur.version) {
		return
	}
	sh.live[lk] = e
}

// Install makes the builder's content the index's, shard by shard. Entries
// the index already holds at a newer version than the builder's (writes
// that happened while the builder was filled) are kept. The builder must
// come from this index and must not be used afterwards.
func (ix *Index) Install(b *IndexBuilder) {
	if b == nil || b.ix != ix {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i := range b.shards {
		next := &b.shards[i]
		old := ix.shards[i].Load()
		for k, e := range old.all {
			if cur, found := next.all[k]; !found || (e.version > cur.version && cur.version != 0) {
				next.all[k] = e
			}
		}
		for k, e := range old.live {
			if cur, found := next.live[k]; !found || (e.version > cur.version && cur.version != 0) {
				next.live[k] = e
			}
		}
		ix.shards[i].Store(&shard{all: next.all, live: next.live})
	}
	b.ix = nil
}
