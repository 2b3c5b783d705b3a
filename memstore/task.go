package memstore

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TaskStore is the in-memory task.Store: records on the versioned table,
// deep-copied in and out. Its zero value is an empty store, ready to use
// (as NewTaskStore's); a nil *TaskStore answers starmap.ErrServiceNotReady.
// ListDue scans every record: the reference answers what a database store
// answers from an index on (DueAt, ID).
type TaskStore struct {
	once sync.Once
	lg   logged
	t    *table[string, task.Record]
}

// NewTaskStore returns an empty TaskStore, appending to its own event log
// unless WithLog names a shared one.
func NewTaskStore(opts ...Option) *TaskStore { return &TaskStore{lg: logged{l: logOf(opts)}} }

// Log returns the event log the store appends to (OPS-1).
func (s *TaskStore) Log() *Log {
	if s == nil {
		return nil
	}
	return s.lg.log()
}

var _ task.Store = (*TaskStore)(nil)

// ready makes the table on first use and refuses a nil store and a done
// context.
func (s *TaskStore) ready(ctx context.Context) error {
	if s == nil {
		return starmap.ErrServiceNotReady.New()
	}
	s.once.Do(func() { s.t = newTable[string, task.Record]("任务", "task", task.Record.Clone, s.lg.log()) })
	return starmap.CheckContext(ctx)
}

// Get implements task.Store.
func (s *TaskStore) Get(ctx context.Context, id string) (task.Record, error) {
	if err := s.ready(ctx); err != nil {
		return task.Record{}, err
	}
	r, v, err := s.t.get(id)
	if err != nil {
		return task.Record{}, err
	}
	r.Version = v
	return r, nil
}

// Create implements task.Store.
func (s *TaskStore) Create(ctx context.Context, r task.Record) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	r.Version = 0
	return s.t.create(r.ID, r, starmap.PendingEvents(ctx))
}

// Update implements task.Store.
func (s *TaskStore) Update(ctx context.Context, r task.Record) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	expected := r.Version
	r.Version = 0
	return s.t.update(r.ID, r, expected, starmap.PendingEvents(ctx))
}

// List implements task.Store: the records q selects, by ID.
func (s *TaskStore) List(ctx context.Context, q task.Query) (starmap.Page[task.Record], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[task.Record]{}, err
	}
	if err := q.Validate(); err != nil {
		return starmap.Page[task.Record]{}, err
	}
	after := ""
	if q.Cursor != "" {
		parts, err := starmap.DecodeCursor(q.Cursor, 1)
		if err != nil {
			return starmap.Page[task.Record]{}, err
		}
		after = parts[0]
	}
	keep := func(r task.Record) bool {
		return r.ID > after && (q.Advertiser == "" || r.Advertiser == q.Advertiser) &&
			(q.Creator == "" || r.Creator == q.Creator) && (!q.Open || !r.State.Terminal())
	}
	recs, versions := s.t.list(keep, func(a, b task.Record) bool { return a.ID < b.ID })
	return taskPage(recs, versions, q.EffectiveLimit(), func(r task.Record) string { return starmap.EncodeCursor(r.ID) }), nil
}

// ListDue implements task.Store: the records due at q.At, by (DueAt, ID).
func (s *TaskStore) ListDue(ctx context.Context, q task.DueQuery) (starmap.Page[task.Record], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[task.Record]{}, err
	}
	if err := q.Validate(); err != nil {
		return starmap.Page[task.Record]{}, err
	}
	var afterAt time.Time
	afterID, first := "", q.Cursor == ""
	if !first {
		var err error
		if afterAt, afterID, err = decodeDueCursor(q.Cursor); err != nil {
			return starmap.Page[task.Record]{}, err
		}
	}
	keep := func(r task.Record) bool {
		if r.DueAt.IsZero() || r.DueAt.After(q.At) {
			return false
		}
		return first || r.DueAt.After(afterAt) || r.DueAt.Equal(afterAt) && r.ID > afterID
	}
	less := func(a, b task.Record) bool {
		if !a.DueAt.Equal(b.DueAt) {
			return a.DueAt.Before(b.DueAt)
		}
		return a.ID < b.ID
	}
	recs, versions := s.t.list(keep, less)
	return taskPage(recs, versions, q.EffectiveLimit(), func(r task.Record) string {
		return starmap.EncodeCursor(strconv.FormatInt(r.DueAt.Unix(), 10), strconv.Itoa(r.DueAt.Nanosecond()), r.ID)
	}), nil
}

// decodeDueCursor reads a ListDue cursor: DueAt's Unix seconds and
// nanosecond, and the id.
func decodeDueCursor(c string) (time.Time, string, error) {
	parts, err := starmap.DecodeCursor(c, 3)
	if err != nil {
		return time.Time{}, "", err
	}
	sec, err1 := strconv.ParseInt(parts[0], 10, 64)
	nsec, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || nsec < 0 || nsec > 999_999_999 {
		return time.Time{}, "", starmap.ErrCursorInvalid.New(starmap.Arg("cursor", c))
	}
	return time.Unix(sec, int64(nsec)), parts[2], nil
}

// taskPage cuts the first page of limit records, with their versions, and
// the cursor of its last record when more follow.
func taskPage(recs []task.Record, versions []uint64, limit int, cursor func(task.Record) string) starmap.Page[task.Record] {
	more := len(recs) > limit
	if more {
		recs, versions = recs[:limit], versions[:limit]
	}
	for i := range recs {
		recs[i].Version = versions[i]
	}
	p := starmap.Page[task.Record]{Items: recs}
	if more {
		p.Next = cursor(recs[len(recs)-1])
	}
	return p
}
