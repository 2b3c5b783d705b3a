package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
)

// table keeps one record kind as rows: the key columns, the version, the
// columns its queries filter and sort on (real columns with indexes:
// states, due instants, money as numeric), and the whole record as json,
// history included, so that one statement writes a change and its history
// together — and, when the context carries pending events, appends them to
// the event log (eventlog.go) in that same statement. It is the one implementation of the version contract
// that every store of this package is built on.
type table[K, R any] struct {
	pool         *pgxpool.Pool
	name         string
	whatZH, what string

	keyCols []string
	keyArgs func(K) []any
	recKey  func(R) K
	keyText func(K) string

	version    func(R) uint64
	setVersion func(*R, uint64)

	cols    []string      // the columns besides key, version and doc
	colArgs func(R) []any // their values for a record

	getSQL, createSQL, updateSQL, existsSQL string
	// createLogSQL and updateLogSQL are createSQL and updateSQL that also
	// append the context's pending events to the event log (eventlog.go),
	// in the same statement: one round trip, atomic without a transaction.
	createLogSQL, updateLogSQL string

	// cache is the records last seen committed (cache.go), nil for a kind
	// whose spec gives no clone.
	cache *recentCache[R]

	encode func(dst []byte, r R) ([]byte, error) // spec.encode
}

// spec is what a store says of its table to newTable.
type spec[K, R any] struct {
	name         string
	whatZH, what string
	keyCols      []string
	keyArgs      func(K) []any
	recKey       func(R) K
	keyText      func(K) string
	version      func(R) uint64
	setVersion   func(*R, uint64)
	cols         []string
	colArgs      func(R) []any
	// clone, when set, deep-copies a record (no memory shared, no JSON):
	// it turns on the cache of recent records (cache.go).
	clone func(R) R
	// encode, when set, appends the record's JSON to dst, the very bytes
	// json.Marshal writes (so stored rows and decoding do not change),
	// without its reflection: a kind written on every command sets it.
	encode func(dst []byte, r R) ([]byte, error)
}

func newTable[K, R any](pool *pgxpool.Pool, s spec[K, R]) *table[K, R] {
	t := &table[K, R]{pool: pool, name: s.name, whatZH: s.whatZH, what: s.what,
		keyCols: s.keyCols, keyArgs: s.keyArgs, recKey: s.recKey, keyText: s.keyText,
		version: s.version, setVersion: s.setVersion, cols: s.cols, colArgs: s.colArgs}
	if s.clone != nil {
		t.cache = newRecentCache(s.clone)
	}
	t.encode = s.encode
	where := make([]string, len(s.keyCols))
	for i, c := range s.keyCols {
		where[i] = c + " = $" + strconv.Itoa(i+1)
	}
	k := len(s.keyCols)
	t.getSQL = "SELECT version, doc FROM " + s.name + " WHERE " + strings.Join(where, " AND ")
	t.existsSQL = "SELECT EXISTS (SELECT 1 FROM " + s.name + " WHERE " + strings.Join(where, " AND ") + ")"

	all := append(append(append([]string{}, s.keyCols...), s.cols...), "doc")
	ph := make([]string, len(all))
	for i := range all {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	t.createSQL = "INSERT INTO " + s.name + " (" + strings.Join(all, ", ") + ", version) VALUES (" +
		strings.Join(ph, ", ") + ", 1) ON CONFLICT DO NOTHING"
	// A data-modifying CTE runs to completion whether or not the outer
	// query reads it; the events are joined to the written row, so a
	// create that met an existing key or an update that met another
	// version appends none.
	t.createLogSQL = "WITH w AS (" + t.createSQL + " RETURNING version), " +
		appendEventsCTE(len(all)+1) + " SELECT version FROM w"

	sets := []string{"version = version + 1"}
	for i, c := range append(append([]string{}, s.cols...), "doc") {
		sets = append(sets, c+" = $"+strconv.Itoa(k+i+1))
	}
	t.updateSQL = "UPDATE " + s.name + " SET " + strings.Join(sets, ", ") + " WHERE " +
		strings.Join(where, " AND ") + " AND version = $" + strconv.Itoa(k+len(s.cols)+2) + " RETURNING version"
	t.updateLogSQL = "WITH w AS (" + t.updateSQL + "), " + appendEventsCTE(k+len(s.cols)+3) +
		" SELECT version FROM w"
	return t
}

func (t *table[K, R]) whatParam() starmap.Param { return starmap.LabeledArg("what", t.whatZH, t.what) }

func (t *table[K, R]) notFound(k K) error {
	return starmap.ErrRecordNotFound.New(t.whatParam(), starmap.Arg("id", t.keyText(k)))
}

// doc is the record as stored: its version lives in the version column.
func (t *table[K, R]) doc(r R) ([]byte, error) {
	t.setVersion(&r, 0)
	if t.encode == nil {
		return json.Marshal(r)
	}
	// Encoded into a pooled scratch buffer (growing one from nil cost more
	// than the encoding), then copied out at its size: the scratch never
	// reaches pgx, or anything the host hooked into it that might keep
	// the arguments, so it is free again as soon as it is copied.
	bp := docBufs.Get().(*[]byte)
	b, err := t.encode((*bp)[:0], r)
	if err != nil {
		docBufs.Put(bp)
		return nil, err
	}
	doc := make([]byte, len(b))
	copy(doc, b)
	if cap(b) <= maxPooledDoc {
		*bp = b[:0]
		docBufs.Put(bp)
	}
	return doc, nil
}

// docBufs are the scratch buffers of doc; one that grew past maxPooledDoc
// (a record with thousands of sales lines) is left to the collector.
var docBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

const maxPooledDoc = 256 << 10

func (t *table[K, R]) get(ctx context.Context, k K) (R, error) {
	var (
		r   R
		v   int64
		doc []byte
	)
	err := db(ctx, t.pool).QueryRow(ctx, t.getSQL, t.keyArgs(k)...).Scan(&v, &doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, t.notFound(k)
	}
	if err != nil {
		return r, mapErr(err)
	}
	if err := json.Unmarshal(doc, &r); err != nil {
		return r, fmt.Errorf("pgstore: %s %s: stored document: %w", t.what, t.keyText(k), err)
	}
	t.setVersion(&r, uint64(v))
	t.remember(ctx, k, r)
	return r, nil
}

// remember caches r (at its version) when it is known committed: read or
// written outside a host's transaction (cache.go says why only then).
func (t *table[K, R]) remember(ctx context.Context, k K, r R) {
	if t.cache == nil {
		return
	}
	if _, inTx := TxFrom(ctx); inTx {
		return
	}
	t.cache.put(t.keyText(k), t.version(r), r)
}

func (t *table[K, R]) forget(k K) {
	if t.cache != nil {
		t.cache.forget(t.keyText(k))
	}
}

// recent is the cached record of k (starmap.Access.Recent): a copy, at
// the version it was committed at, possibly stale. Inside a host's
// transaction it answers nothing, so that the transaction decides on what
// it reads.
func (t *table[K, R]) recent(ctx context.Context, k K) (R, bool) {
	if _, inTx := TxFrom(ctx); inTx || t.cache == nil {
		var zero R
		return zero, false
	}
	return t.cache.get(t.keyText(k))
}

func (t *table[K, R]) create(ctx context.Context, r R) (uint64, error) {
	doc, err := t.doc(r)
	if err != nil {
		return 0, err
	}
	k := t.recKey(r)
	args := append(append(t.keyArgs(k), t.colArgs(r)...), doc)
	created := true
	if evs := starmap.PendingEvents(ctx); len(evs) > 0 {
		var v int64
		err = db(ctx, t.pool).QueryRow(ctx, t.createLogSQL, append(args, eventArgs(evs)...)...).Scan(&v)
		if errors.Is(err, pgx.ErrNoRows) {
			created, err = false, nil
		}
	} else {
		var tag pgconn.CommandTag
		tag, err = db(ctx, t.pool).Exec(ctx, t.createSQL, args...)
		created = tag.RowsAffected() > 0
	}
	if err != nil {
		t.forget(k)
		return 0, mapErr(err)
	}
	if !created {
		return 0, starmap.ErrAlreadyExists.New(t.whatParam(), starmap.Arg("id", t.keyText(k)))
	}
	t.setVersion(&r, 1)
	t.remember(ctx, k, r)
	return 1, nil
}

// update is the compare-and-swap: UPDATE … WHERE key AND version = the
// version the record was read at. No row means a stale version or no
// record; one more read tells which. The context's pending events are
// appended by the same statement (updateLogSQL), so the write stays one
// round trip.
func (t *table[K, R]) update(ctx context.Context, r R) (uint64, error) {
	expected := t.version(r)
	doc, err := t.doc(r)
	if err != nil {
		return 0, err
	}
	k := t.recKey(r)
	args := append(append(append(t.keyArgs(k), t.colArgs(r)...), doc), int64(expected))
	sql := t.updateSQL
	if evs := starmap.PendingEvents(ctx); len(evs) > 0 {
		sql, args = t.updateLogSQL, append(args, eventArgs(evs)...)
	}
	var v int64
	err = db(ctx, t.pool).QueryRow(ctx, sql, args...).Scan(&v)
	if err != nil {
		t.forget(k)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		var exists bool
		if err := db(ctx, t.pool).QueryRow(ctx, t.existsSQL, t.keyArgs(k)...).Scan(&exists); err != nil {
			return 0, mapErr(err)
		}
		if !exists {
			return 0, t.notFound(k)
		}
		return 0, starmap.ErrVersionConflict.New(t.whatParam(), starmap.Arg("id", t.keyText(k)),
			starmap.Arg("expected", strconv.FormatUint(expected, 10)))
	}
	if err != nil {
		return 0, mapErr(err)
	}
	t.setVersion(&r, uint64(v))
	t.remember(ctx, k, r)
	return uint64(v), nil
}

// scan reads rows of (version, doc) into records.
func (t *table[K, R]) scan(rows pgx.Rows) ([]R, error) {
	defer rows.Close()
	var out []R
	for rows.Next() {
		var (
			r   R
			v   int64
			doc []byte
		)
		if err := rows.Scan(&v, &doc); err != nil {
			return nil, mapErr(err)
		}
		if err := json.Unmarshal(doc, &r); err != nil {
			return nil, fmt.Errorf("pgstore: %s: stored document: %w", t.what, err)
		}
		t.setVersion(&r, uint64(v))
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}

// mapErr turns the server's retry-me errors into ErrRetryable and leaves
// every other error as it is. 25P02 (a statement in a transaction that
// an earlier error aborted) is one of them: inside the host's
// transaction, a service that met a serialization failure or a deadlock
// retries its cycle, and only that statement's error reaches the host —
// which must still learn to run its whole transaction again (OPS-4).
func mapErr(err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && (pg.Code == "40001" || pg.Code == "40P01" || pg.Code == "25P02") {
		return ErrRetryable.Wrap(err, starmap.Arg("sqlstate", pg.Code))
	}
	return err
}
