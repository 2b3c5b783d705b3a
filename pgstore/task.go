package pgstore

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TaskStore is the PostgreSQL task.Store: one row of table tasks per
// record (migrations 0010, 0012 and 0044), the record as json but for its
// history, which column history holds and each change appends to
// (taskHistory), with real columns for the queries — advertiser, creator,
// state, due_sec and due_nsec (DueAt, NULL when unset), price and fee as
// numeric, mcn (” for none) and ordered_sec, ordered_nsec (OrderedAt).
// Every statement runs in the context's transaction when it carries one
// (WithTx, InTx), so a host stores a task and its own rows together.
type TaskStore struct {
	t *table[string, task.Record]
}

var (
	_ task.Store       = (*TaskStore)(nil)
	_ task.RecentStore = (*TaskStore)(nil)
)

// NewTaskStore returns the task store of pool's database (migrated by
// Migrate); a nil pool is starmap.ErrServiceDependency.
func NewTaskStore(pool *pgxpool.Pool) (*TaskStore, error) {
	if err := starmap.RequireDependency("数据库连接池", "database pool", pool); err != nil {
		return nil, err
	}
	return &TaskStore{t: newTable(pool, spec[string, task.Record]{
		name: "tasks", whatZH: "任务", what: "task",
		keyCols:    []string{"id"},
		keyArgs:    func(id string) []any { return []any{id} },
		recKey:     func(r task.Record) string { return r.ID },
		keyText:    func(id string) string { return id },
		version:    func(r task.Record) uint64 { return r.Version },
		setVersion: func(r *task.Record, v uint64) { r.Version = v },
		cols: []string{"advertiser", "creator", "state", "due_sec", "due_nsec", "price", "fee",
			"mcn", "ordered_sec", "ordered_nsec"},
		colArgs: func(r task.Record) []any {
			return []any{r.Advertiser, r.Creator, int16(r.State), instantSec(r.DueAt), instantNsec(r.DueAt), r.Price.String(), r.Fee.String(),
				r.MCN, r.OrderedAt.Unix(), int32(r.OrderedAt.Nanosecond())}
		},
		clone:  task.Record.Clone,
		tail:   taskHistory,
		encode: func(dst []byte, r task.Record) ([]byte, error) { return r.AppendJSON(dst) },
	})}, nil
}

// taskSelect is what the task store's reads select (table.selectCols).
var taskSelect = selectCols(taskHistory)

// taskHistory keeps a task's history in column history (migration 0044),
// a JSON array that each change appends its entries to, with its length
// in history_len: a change then sends, checks and compresses its new
// entries, not the whole history again (tailSpec).
var taskHistory = &tailSpec[task.Record]{
	col: "history", lenCol: "history_len",
	len: func(r task.Record) int { return len(r.History) },
	strip: func(r task.Record) task.Record {
		r.History = nil
		return r
	},
	encode: func(dst []byte, r task.Record, from int) ([]byte, error) {
		for i, c := range r.History[from:] {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = c.AppendJSON(dst); err != nil {
				return nil, err
			}
		}
		return dst, nil
	},
	decode: func(r *task.Record, raw []byte) error { return json.Unmarshal(raw, &r.History) },
	same: func(a, b task.Record, n int) bool {
		for i := range n {
			if !sameChange(a.History[i], b.History[i]) {
				return false
			}
		}
		return true
	},
}

// sameChange says whether a and b are equal to the byte of their JSON:
// every field of task.Change (TestSameChangeCoversChange_X8 keeps the list
// whole), times compared with == (instant, zone and all).
func sameChange(a, b task.Change) bool {
	if a.Seq != b.Seq || a.Command != b.Command || a.From != b.From || a.To != b.To || a.Actor != b.Actor ||
		a.At != b.At || a.Reason != b.Reason || a.Ref != b.Ref {
		return false
	}
	if a.Compliance.IsZero() && b.Compliance.IsZero() {
		return true
	}
	return reflect.DeepEqual(a.Compliance, b.Compliance)
}

// instantSec and instantNsec are an instant as stored: Unix seconds and
// nanosecond, both nil (NULL) for the zero time.
func instantSec(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func instantNsec(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return int32(t.Nanosecond())
}

func (s *TaskStore) ready(ctx context.Context) error {
	if s == nil || s.t == nil {
		return starmap.ErrServiceNotReady.New()
	}
	return starmap.CheckContext(ctx)
}

// Get implements task.Store.
func (s *TaskStore) Get(ctx context.Context, id string) (task.Record, error) {
	if err := s.ready(ctx); err != nil {
		return task.Record{}, err
	}
	return s.t.get(ctx, id)
}

// Recent implements task.RecentStore: a copy of the record of id as this
// store last saw it committed — read, created or updated outside a host's
// transaction — possibly stale (another replica may have written since);
// false when it has none or when ctx carries a transaction. The cache is
// bounded (4096 tasks) and per store: a host that changes rows of tasks
// other than through the stores must not rewrite a version with other
// content (versions only grow), or must make a new store.
func (s *TaskStore) Recent(ctx context.Context, id string) (task.Record, bool) {
	if s.ready(ctx) != nil {
		return task.Record{}, false
	}
	return s.t.recent(ctx, id)
}

// Create implements task.Store.
func (s *TaskStore) Create(ctx context.Context, r task.Record) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	return s.t.create(ctx, r)
}

// Update implements task.Store.
func (s *TaskStore) Update(ctx context.Context, r task.Record) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	return s.t.update(ctx, r)
}

// terminalStates are the states of task.State.Terminal, for Query.Open.
var terminalStates = func() []int16 {
	var out []int16
	for s := task.State(1); s.Valid(); s++ {
		if s.Terminal() {
			out = append(out, int16(s))
		}
	}
	return out
}()

// List implements task.Store: the records q selects, by id, keyset-paged
// on id (index tasks_advertiser_id or tasks_creator_id when q names an
// advertiser or a creator, the primary key otherwise) — or, with q.MCN,
// newest first, keyset-paged on (ordered_sec, ordered_nsec, id)
// descending (index tasks_mcn_creator_ordered when q names a creator too,
// tasks_mcn_ordered otherwise).
func (s *TaskStore) List(ctx context.Context, q task.Query) (starmap.Page[task.Record], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[task.Record]{}, err
	}
	if err := q.Validate(); err != nil {
		return starmap.Page[task.Record]{}, err
	}
	sql, args, err := taskListSQL(q)
	if err != nil {
		return starmap.Page[task.Record]{}, err
	}
	limit := q.EffectiveLimit()
	recs, err := query(ctx, s.t, sql, args...)
	if err != nil {
		return starmap.Page[task.Record]{}, err
	}
	if q.MCN != "" {
		return cutPage(recs, limit, func(r task.Record) string { return instantCursorOf(r.OrderedAt, r.ID) }), nil
	}
	return cutPage(recs, limit, func(r task.Record) string { return starmap.EncodeCursor(r.ID) }), nil
}

// taskListSQL is the statement List runs for q, and its arguments.
func taskListSQL(q task.Query) (string, []any, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if q.MCN != "" {
		where = append(where, "mcn = "+arg(q.MCN))
	}
	if q.Cursor != "" && q.MCN != "" {
		sec, nsec, id, err := instantCursor(q.Cursor)
		if err != nil {
			return "", nil, err
		}
		where = append(where, "(ordered_sec, ordered_nsec, id) < ("+arg(sec)+", "+arg(int32(nsec))+", "+arg(id)+")")
	} else if q.Cursor != "" {
		parts, err := starmap.DecodeCursor(q.Cursor, 1)
		if err != nil {
			return "", nil, err
		}
		where = append(where, "id > "+arg(parts[0]))
	}
	if q.Advertiser != "" {
		where = append(where, "advertiser = "+arg(q.Advertiser))
	}
	if q.Creator != "" {
		where = append(where, "creator = "+arg(q.Creator))
	}
	if q.Open {
		where = append(where, "state <> ALL("+arg(terminalStates)+"::smallint[])")
	}
	sql := "SELECT " + taskSelect + " FROM tasks"
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	if q.MCN != "" {
		sql += " ORDER BY ordered_sec DESC, ordered_nsec DESC, id DESC"
	} else {
		sql += " ORDER BY id"
	}
	sql += " LIMIT " + arg(q.EffectiveLimit()+1)
	return sql, args, nil
}

// taskDueSQL is the statement ListDue runs.
var taskDueSQL = "SELECT " + taskSelect + " FROM tasks WHERE due_sec IS NOT NULL" +
	" AND (due_sec, due_nsec) <= ($1, $2) AND (due_sec, due_nsec, id) > ($3, $4, $5)" +
	" ORDER BY due_sec, due_nsec, id LIMIT $6"

// ListDue implements task.Store: the records whose due_at is set and not
// after q.At, by (due_at, id), keyset-paged from the partial index
// tasks_due.
func (s *TaskStore) ListDue(ctx context.Context, q task.DueQuery) (starmap.Page[task.Record], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[task.Record]{}, err
	}
	if err := q.Validate(); err != nil {
		return starmap.Page[task.Record]{}, err
	}
	// Before the first page: below every DueAt a task can hold.
	afterSec, afterNsec, afterID := int64(-1<<63), int32(0), ""
	if q.Cursor != "" {
		parts, err := starmap.DecodeCursor(q.Cursor, 3)
		if err != nil {
			return starmap.Page[task.Record]{}, err
		}
		sec, err1 := strconv.ParseInt(parts[0], 10, 64)
		nsec, err2 := strconv.ParseInt(parts[1], 10, 32)
		if err1 != nil || err2 != nil || nsec < 0 || nsec > 999_999_999 {
			return starmap.Page[task.Record]{}, starmap.ErrCursorInvalid.New(starmap.Arg("cursor", q.Cursor))
		}
		afterSec, afterNsec, afterID = sec, int32(nsec), parts[2]
	}
	limit := q.EffectiveLimit()
	recs, err := query(ctx, s.t, taskDueSQL, q.At.Unix(), int32(q.At.Nanosecond()), afterSec, afterNsec, afterID, limit+1)
	if err != nil {
		return starmap.Page[task.Record]{}, err
	}
	return cutPage(recs, limit, func(r task.Record) string {
		return starmap.EncodeCursor(strconv.FormatInt(r.DueAt.Unix(), 10), strconv.Itoa(r.DueAt.Nanosecond()), r.ID)
	}), nil
}

// cutPage cuts the first limit records of recs (limit+1 were asked for)
// and names the cursor of the last when more follow.
func cutPage[R any](recs []R, limit int, cursor func(R) string) starmap.Page[R] {
	p := starmap.Page[R]{Items: recs}
	if len(recs) > limit {
		p.Items = recs[:limit]
		p.Next = cursor(p.Items[limit-1])
	}
	return p
}

// query runs a list statement of t's table (selecting version, doc) on
// the context's transaction or the pool.
func query[K, R any](ctx context.Context, t *table[K, R], sql string, args ...any) ([]R, error) {
	rows, err := db(ctx, t.pool).Query(ctx, sql, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	return t.scan(rows)
}
