package pgstore

import "sync"

// cacheSize bounds each store's cache of recent records.
const cacheSize = 4096

// recentCache is a store's bounded cache of the records it last saw
// committed (X-8, starmap.Access.Recent), keyed by the key's text. It holds
// copies (clone) and hands out copies, so no memory is shared with callers.
// A full cache drops an arbitrary entry (Go's map order): a miss only costs
// the load it would have saved, so no recency bookkeeping is worth a lock
// held longer.
//
// Soundness rests on what goes in: only a record known committed — read
// outside a host's transaction, or written by a statement that committed
// on its own — so that a cached (key, version) always names the content
// that version has in the database for good (versions only grow; no store
// deletes a row). A record read or written inside a host's transaction is
// never put: the transaction may roll back and a later write reuse the
// version with other content, which a compare-and-swap on the cached
// record would not see.
type recentCache[R any] struct {
	clone func(R) R

	mu sync.Mutex
	m  map[string]cached[R]
}

type cached[R any] struct {
	version uint64
	rec     R
	tail    int // the entries the row's tail column holds (tailSpec), 0 for none
}

func newRecentCache[R any](clone func(R) R) *recentCache[R] {
	return &recentCache[R]{clone: clone, m: make(map[string]cached[R])}
}

// get returns a copy of key's record, if cached.
func (c *recentCache[R]) get(key string) (R, bool) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if !ok {
		var zero R
		return zero, false
	}
	// The cached value is never changed in place (put replaces it), so the
	// copy can be made outside the lock.
	return c.clone(e.rec), true
}

// at returns key's cached record itself (no copy: the caller only
// reads it) and the tail length stored with it, if the cached one is at
// version.
func (c *recentCache[R]) at(key string, version uint64) (R, int, bool) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if !ok || e.version != version {
		var zero R
		return zero, 0, false
	}
	return e.rec, e.tail, true
}

// put caches a copy of rec, committed at version with tail entries in
// its row's tail column, unless a later version is cached already (a
// slow read must not replace a newer write).
func (c *recentCache[R]) put(key string, version uint64, rec R, tail int) {
	rec = c.clone(rec)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok && e.version > version {
		return
	}
	if _, ok := c.m[key]; !ok && len(c.m) >= cacheSize {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[key] = cached[R]{version: version, rec: rec, tail: tail}
}

// forget drops key (after a conflict or an error: what is cached is not
// what the database has).
func (c *recentCache[R]) forget(key string) {
	c.mu.Lock()
	delete(c.m, key)
	c.mu.Unlock()
}
