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
// states, due instants, money as numeric), and the record as json — all
// of it, or, for a kind with a tail (tailSpec: a task's history), all but
// the tail, which a column of its own holds and a change appends to — so
// that one statement writes a change and its history together, and, when
// the context carries pending events, appends them to the event log
// (eventlog.go) in that same statement. It is the one implementation of
// the version contract that every store of this package is built on.
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
	tail    *tailSpec[R]

	// selectCols is what every read selects: version, doc, and the tail's
	// length and column when there is one (scan's order).
	selectCols string

	getSQL, existsSQL string
	createStmt        logged
	// updateStmt is indexed by the way the tail is written: tailNone for
	// a kind without one, else tailFull, tailAppend or tailKeep.
	updateStmt [4]logged
	notify     *notifier

	// cache is the records last seen committed (cache.go), nil for a kind
	// whose spec gives no clone.
	cache *recentCache[R]

	encode func(dst []byte, r R) ([]byte, error) // spec.encode
}

// logged is one write statement, as it is without events (plain) and as
// it also appends the context's pending events to the event log
// (eventlog.go) in the same statement: one round trip, atomic without a
// transaction. log is indexed [n][tx]: n = 1 for exactly one event
// (appendEventCTE, the common case, nine scalars), 0 for any number
// (appendEventsCTE, nine arrays); tx = 1 inside a host's transaction,
// where the statement also notifies the log's channel (delivered at that
// transaction's commit, never on rollback), while outside one the store
// notifies after the statement has committed (notify.go).
type logged struct {
	plain string
	log   [2][2]string
}

// newLogged makes the logged forms of a write w that returns version,
// the events' parameters numbered from first.
func newLogged(w string, first int) logged {
	l := logged{plain: w}
	// A data-modifying CTE runs to completion whether or not the outer
	// query reads it; the events are joined to the written row, so a
	// create that met an existing key or an update that met another
	// version appends none.
	for n, cte := range [2]func(int) string{appendEventsCTE, appendEventCTE} {
		for tx, end := range [2]string{" SELECT version FROM w", notifyTail} {
			l.log[n][tx] = "WITH w AS (" + w + "), " + cte(first) + end
		}
	}
	return l
}

// The ways a write treats the tail column.
const (
	tailNone   = iota // the kind has no tail
	tailFull          // write the whole tail (a create; an update the cache cannot vouch for)
	tailAppend        // append the new entries to the stored ones
	tailKeep          // no new entries: leave the column as it is
)

// tailSpec is the part of a record kept in a column of its own, a JSON
// array in a text column that an update appends to in SQL — a task's
// history, which grows by an entry or two a change while the rest of the
// record stays the same size. Writing the whole record on every change
// made both ends encode, send, check and compress the whole history again
// (issue 15, Speed). An update appends only when the store's cache holds
// the very version being replaced, with exactly the entries stored in the
// column, and those entries are the first of the new record's (same):
// then the column holds them for certain, and the statement checks its
// length too. Anything else writes the whole tail.
type tailSpec[R any] struct {
	col, lenCol string
	// len is the number of entries of r; strip returns r without them
	// (what the document holds; it must not change r's memory).
	len   func(R) int
	strip func(R) R
	// encode appends the JSON of r's entries [from:], separated by commas
	// (no brackets).
	encode func(dst []byte, r R, from int) ([]byte, error)
	// decode sets r's entries from the column's JSON array.
	decode func(r *R, raw []byte) error
	// same says whether a's first n entries equal b's, to the byte of
	// their JSON.
	same func(a, b R, n int) bool
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
	// tail, when set, keeps part of the record apart (tailSpec).
	tail *tailSpec[R]
	// encode, when set, appends the record's JSON to dst, the very bytes
	// json.Marshal writes (so stored rows and decoding do not change),
	// without its reflection: a kind written on every command sets it.
	encode func(dst []byte, r R) ([]byte, error)
}

func newTable[K, R any](pool *pgxpool.Pool, s spec[K, R]) *table[K, R] {
	t := &table[K, R]{pool: pool, name: s.name, whatZH: s.whatZH, what: s.what,
		keyCols: s.keyCols, keyArgs: s.keyArgs, recKey: s.recKey, keyText: s.keyText,
		version: s.version, setVersion: s.setVersion, cols: s.cols, colArgs: s.colArgs, tail: s.tail}
	if s.clone != nil {
		t.cache = newRecentCache(s.clone)
	}
	t.encode = s.encode
	where := make([]string, len(s.keyCols))
	for i, c := range s.keyCols {
		where[i] = c + " = $" + strconv.Itoa(i+1)
	}
	key := strings.Join(where, " AND ")
	k := len(s.keyCols)
	t.selectCols = selectCols(s.tail)
	t.getSQL = "SELECT " + t.selectCols + " FROM " + s.name + " WHERE " + key
	t.existsSQL = "SELECT EXISTS (SELECT 1 FROM " + s.name + " WHERE " + key + ")"
	p := func(i int) string { return "$" + strconv.Itoa(i) }

	all := append(append(append([]string{}, s.keyCols...), s.cols...), "doc")
	if s.tail != nil {
		all = append(all, s.tail.col, s.tail.lenCol)
	}
	ph := make([]string, len(all))
	for i := range all {
		ph[i] = p(i + 1)
	}
	t.createStmt = newLogged("INSERT INTO "+s.name+" ("+strings.Join(all, ", ")+", version) VALUES ("+
		strings.Join(ph, ", ")+", 1) ON CONFLICT DO NOTHING RETURNING version", len(all)+1)

	// UPDATE … SET the columns and doc … WHERE key AND version = $v, then
	// per tail mode its parameters after $v.
	sets := []string{"version = version + 1"}
	for i, c := range append(append([]string{}, s.cols...), "doc") {
		sets = append(sets, c+" = "+p(k+i+1))
	}
	v := k + len(s.cols) + 2
	update := func(extraSets []string, extraWhere string) string {
		return "UPDATE " + s.name + " SET " + strings.Join(append(append([]string{}, sets...), extraSets...), ", ") +
			" WHERE " + key + " AND version = " + p(v) + extraWhere + " RETURNING version"
	}
	if s.tail == nil {
		t.updateStmt[tailNone] = newLogged(update(nil, ""), v+1)
	} else {
		c, n := s.tail.col, s.tail.lenCol
		// Full: $v+1 the whole array, $v+2 its length.
		t.updateStmt[tailFull] = newLogged(update([]string{c + " = " + p(v+1), n + " = " + p(v+2)}, ""), v+3)
		// Append: $v+1 the new entries (comma-separated), $v+2 the new
		// length, $v+3 the stored length the cache vouched for.
		t.updateStmt[tailAppend] = newLogged(update([]string{
			c + " = CASE WHEN " + n + " = 0 THEN '[' || " + p(v+1) + " || ']' ELSE left(" + c + ", -1) || ',' || " + p(v+1) + " || ']' END",
			n + " = " + p(v+2)}, " AND "+n+" = "+p(v+3)), v+4)
		// Keep: $v+1 the stored length.
		t.updateStmt[tailKeep] = newLogged(update(nil, " AND "+n+" = "+p(v+1)), v+2)
	}
	t.notify = &notifier{pool: pool}
	return t
}

func (t *table[K, R]) whatParam() starmap.Param { return starmap.LabeledArg("what", t.whatZH, t.what) }

func (t *table[K, R]) notFound(k K) error {
	return starmap.ErrRecordNotFound.New(t.whatParam(), starmap.Arg("id", t.keyText(k)))
}

// doc is the record as stored: its version lives in the version column,
// its tail (if any) in the tail's.
func (t *table[K, R]) doc(r R) ([]byte, error) {
	if t.tail != nil {
		r = t.tail.strip(r)
	}
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

// selectCols is what every read of a kind with tail (nil for none)
// selects, in scan's order: version, doc, and the tail's length and
// column.
func selectCols[R any](tail *tailSpec[R]) string {
	if tail == nil {
		return "version, doc"
	}
	return "version, doc, " + tail.lenCol + ", " + tail.col
}

// fullTail appends to args the whole tail of r as the column holds it
// and its length (a create, or an update in tailFull), and returns that
// length.
func (t *table[K, R]) fullTail(r R, args []any) ([]any, int, error) {
	b := []byte{'['}
	b, err := t.tail.encode(b, r, 0)
	if err != nil {
		return nil, 0, err
	}
	n := t.tail.len(r)
	return append(args, string(append(b, ']')), int32(n)), n, nil
}

// decode makes a record of a row read with selectCols.
func (t *table[K, R]) decode(v int64, doc []byte, tailLen int32, tail []byte) (R, error) {
	var r R
	if err := json.Unmarshal(doc, &r); err != nil {
		return r, err
	}
	// A row written before its kind had a tail column keeps the tail in
	// its document (length 0 here) until its next write.
	if t.tail != nil && tailLen > 0 {
		if err := t.tail.decode(&r, tail); err != nil {
			return r, err
		}
	}
	t.setVersion(&r, uint64(v))
	return r, nil
}

// scanDest are the destinations of a row of selectCols.
type scanDest struct {
	v       int64
	doc     []byte
	tailLen int32
	tail    []byte
}

func (t *table[K, R]) dest(d *scanDest) []any {
	if t.tail != nil {
		return []any{&d.v, &d.doc, &d.tailLen, &d.tail}
	}
	return []any{&d.v, &d.doc}
}

func (t *table[K, R]) get(ctx context.Context, k K) (R, error) {
	var d scanDest
	err := db(ctx, t.pool).QueryRow(ctx, t.getSQL, t.keyArgs(k)...).Scan(t.dest(&d)...)
	if errors.Is(err, pgx.ErrNoRows) {
		var zero R
		return zero, t.notFound(k)
	}
	if err != nil {
		var zero R
		return zero, mapErr(err)
	}
	r, err := t.decode(d.v, d.doc, d.tailLen, d.tail)
	if err != nil {
		return r, fmt.Errorf("pgstore: %s %s: stored document: %w", t.what, t.keyText(k), err)
	}
	t.remember(ctx, k, r, int(d.tailLen))
	return r, nil
}

// remember caches r (at its version, with the tail entries its row's
// column holds) when it is known committed: read or written outside a
// host's transaction (cache.go says why only then).
func (t *table[K, R]) remember(ctx context.Context, k K, r R, tailLen int) {
	if t.cache == nil {
		return
	}
	if _, inTx := TxFrom(ctx); inTx {
		return
	}
	t.cache.put(t.keyText(k), t.version(r), r, tailLen)
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

// logArgs picks the logged form of a write for ctx's pending events and
// appends their parameters to args; notifyAfter says whether the store
// must notify after the statement commits (notify.go).
func logArgs(ctx context.Context, l logged, args []any) (sql string, _ []any, notifyAfter bool) {
	evs := starmap.PendingEvents(ctx)
	if len(evs) == 0 {
		return l.plain, args, false
	}
	n, tx := 0, 0
	if len(evs) == 1 {
		n = 1
		args = append(args, eventArg(evs[0])...)
	} else {
		args = append(args, eventArgs(evs)...)
	}
	if _, inTx := TxFrom(ctx); inTx {
		tx = 1
	}
	return l.log[n][tx], args, tx == 0
}

func (t *table[K, R]) create(ctx context.Context, r R) (uint64, error) {
	doc, err := t.doc(r)
	if err != nil {
		return 0, err
	}
	k := t.recKey(r)
	args := append(append(t.keyArgs(k), t.colArgs(r)...), doc)
	tailLen := 0
	if t.tail != nil {
		if args, tailLen, err = t.fullTail(r, args); err != nil {
			return 0, err
		}
	}
	sql, args, notifyAfter := logArgs(ctx, t.createStmt, args)
	var v int64
	err = db(ctx, t.pool).QueryRow(ctx, sql, args...).Scan(&v)
	if notifyAfter && mayHaveCommitted(err) {
		t.notify.signal()
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, starmap.ErrAlreadyExists.New(t.whatParam(), starmap.Arg("id", t.keyText(k)))
	}
	if err != nil {
		t.forget(k)
		return 0, mapErr(err)
	}
	t.setVersion(&r, 1)
	t.remember(ctx, k, r, tailLen)
	return 1, nil
}

// mayHaveCommitted says whether a write statement that returned err may
// have committed, so that its events want a notification (notify.go):
// when it succeeded, and when the connection failed without the server's
// answer (OPS-4: the commit may have happened, its reply lost). An error
// the server reported (a PgError) or no row written means nothing was
// appended. A notification too many only makes followers read.
func mayHaveCommitted(err error) bool {
	if err == nil {
		return true
	}
	var pg *pgconn.PgError
	return !errors.Is(err, pgx.ErrNoRows) && !errors.As(err, &pg)
}

// tailMode says how an update of r (read at version expected) writes its
// tail, and from which entry: it appends only when the cache holds that
// very version with exactly the entries its row's column holds, and they
// are the first of r's (tailSpec).
func (t *table[K, R]) tailMode(ctx context.Context, k K, r R, expected uint64) (mode, from int) {
	if t.tail == nil {
		return tailNone, 0
	}
	if _, inTx := TxFrom(ctx); inTx || t.cache == nil {
		return tailFull, 0
	}
	old, stored, ok := t.cache.at(t.keyText(k), expected)
	if !ok || stored != t.tail.len(old) || stored > t.tail.len(r) || !t.tail.same(old, r, stored) {
		return tailFull, 0
	}
	if stored == t.tail.len(r) {
		return tailKeep, stored
	}
	return tailAppend, stored
}

// update is the compare-and-swap: UPDATE … WHERE key AND version = the
// version the record was read at. No row means a stale version or no
// record; one more read tells which. The context's pending events are
// appended by the same statement, so the write stays one round trip.
func (t *table[K, R]) update(ctx context.Context, r R) (uint64, error) {
	expected := t.version(r)
	doc, err := t.doc(r)
	if err != nil {
		return 0, err
	}
	k := t.recKey(r)
	args := append(append(append(t.keyArgs(k), t.colArgs(r)...), doc), int64(expected))
	mode, from := t.tailMode(ctx, k, r, expected)
	tailLen := 0
	switch mode {
	case tailFull:
		if args, tailLen, err = t.fullTail(r, args); err != nil {
			return 0, err
		}
	case tailAppend:
		entries, err := t.tail.encode(nil, r, from)
		if err != nil {
			return 0, err
		}
		tailLen = t.tail.len(r)
		args = append(args, string(entries), int32(tailLen), int32(from))
	case tailKeep:
		tailLen = from
		args = append(args, int32(from))
	}
	sql, args, notifyAfter := logArgs(ctx, t.updateStmt[mode], args)
	var v int64
	err = db(ctx, t.pool).QueryRow(ctx, sql, args...).Scan(&v)
	if err != nil {
		t.forget(k)
	}
	if notifyAfter && mayHaveCommitted(err) {
		t.notify.signal()
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
	t.remember(ctx, k, r, tailLen)
	return uint64(v), nil
}

// scan reads rows of selectCols into records.
func (t *table[K, R]) scan(rows pgx.Rows) ([]R, error) {
	defer rows.Close()
	var (
		out []R
		d   scanDest
	)
	dest := t.dest(&d)
	for rows.Next() {
		d.tailLen = 0
		if err := rows.Scan(dest...); err != nil {
			return nil, mapErr(err)
		}
		r, err := t.decode(d.v, d.doc, d.tailLen, d.tail)
		if err != nil {
			return nil, fmt.Errorf("pgstore: %s: stored document: %w", t.what, err)
		}
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
