package memstore

import (
	"sort"
	"strconv"
	"sync"

	"github.com/starmap-go/starmap"
)

// table is a race-safe map of versioned records: the one implementation of
// the version contract that every store in this package is built on.
// Records go in and come out through clone, so that no caller shares memory
// with the store.
type table[K comparable, V any] struct {
	whatZH string
	what   string
	clone  func(V) V
	log    *Log // where writes append their events (OPS-1); nil appends nowhere
	mu     sync.RWMutex
	rows   map[K]row[V]
}

type row[V any] struct {
	v       V
	version uint64
}

// newTable makes a table; whatZH and what name the record kind in zh-CN and
// English errors; clone deep-copies a record (nil when V holds no
// references); log is where its writes append their events.
func newTable[K comparable, V any](whatZH, what string, clone func(V) V, log *Log) *table[K, V] {
	if clone == nil {
		clone = func(v V) V { return v }
	}
	return &table[K, V]{whatZH: whatZH, what: what, clone: clone, log: log, rows: map[K]row[V]{}}
}

// whatParam names the record kind in both languages.
func (t *table[K, V]) whatParam() starmap.Param { return starmap.LabeledArg("what", t.whatZH, t.what) }

// idParam names a key in both languages when it can say itself in each
// (authz keys name the grantee's kind), plainly otherwise.
func idParam[K comparable](k K) starmap.Param {
	if l, ok := any(k).(interface{ Label(starmap.Lang) string }); ok {
		return starmap.LabeledArg("id", l.Label(starmap.ZH), l.Label(starmap.EN))
	}
	return starmap.Arg("id", k)
}

func (t *table[K, V]) notFound(k K) error {
	return starmap.ErrRecordNotFound.New(t.whatParam(), idParam(k))
}

// get returns the record and its version, or ErrRecordNotFound.
func (t *table[K, V]) get(k K) (V, uint64, error) {
	t.mu.RLock()
	r, ok := t.rows[k]
	t.mu.RUnlock()
	if !ok {
		var zero V
		return zero, 0, t.notFound(k)
	}
	return t.clone(r.v), r.version, nil
}

// create stores a new record at version 1 and appends evs to the log with
// it, or fails with ErrAlreadyExists and appends nothing.
func (t *table[K, V]) create(k K, v V, evs []starmap.Event) (uint64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.rows[k]; ok {
		return 0, starmap.ErrAlreadyExists.New(t.whatParam(), idParam(k))
	}
	t.rows[k] = row[V]{v: t.clone(v), version: 1}
	t.log.append(evs) // under the table's lock: see Log
	return 1, nil
}

// update replaces the record if its stored version is expected, storing
// expected+1 and appending evs to the log with it; ErrRecordNotFound or
// ErrVersionConflict otherwise, appending nothing.
func (t *table[K, V]) update(k K, v V, expected uint64, evs []starmap.Event) (uint64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.rows[k]
	if !ok {
		return 0, t.notFound(k)
	}
	if r.version != expected {
		return 0, starmap.ErrVersionConflict.New(t.whatParam(), idParam(k),
			starmap.Arg("expected", strconv.FormatUint(expected, 10)))
	}
	t.rows[k] = row[V]{v: t.clone(v), version: expected + 1}
	t.log.append(evs)
	return expected + 1, nil
}

// list returns clones of the records for which keep is true (all when keep
// is nil), with their versions, ordered by less on the records.
func (t *table[K, V]) list(keep func(V) bool, less func(a, b V) bool) ([]V, []uint64) {
	t.mu.RLock()
	type kv struct {
		v       V
		version uint64
	}
	var rows []kv
	for _, r := range t.rows {
		if keep == nil || keep(r.v) {
			rows = append(rows, kv{t.clone(r.v), r.version})
		}
	}
	t.mu.RUnlock()
	if less != nil {
		sort.Slice(rows, func(i, j int) bool { return less(rows[i].v, rows[j].v) })
	}
	vs := make([]V, len(rows))
	versions := make([]uint64, len(rows))
	for i, r := range rows {
		vs[i], versions[i] = r.v, r.version
	}
	return vs, versions
}
