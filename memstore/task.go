package memstore

import (
	"context"

	"github.com/starmap-go/starmap/task"
)

// TaskStore is the in-memory task.Store: records on the versioned table,
// deep-copied in and out.
type TaskStore struct {
	t *table[string, task.Record]
}

// NewTaskStore returns an empty TaskStore.
func NewTaskStore() *TaskStore {
	return &TaskStore{t: newTable[string, task.Record]("任务", "task", task.Record.Clone)}
}

var _ task.Store = (*TaskStore)(nil)

// Get implements task.Store.
func (s *TaskStore) Get(ctx context.Context, id string) (task.Record, error) {
	if err := ctx.Err(); err != nil {
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
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	r.Version = 0
	return s.t.create(r.ID, r)
}

// Update implements task.Store.
func (s *TaskStore) Update(ctx context.Context, r task.Record) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	expected := r.Version
	r.Version = 0
	return s.t.update(r.ID, r, expected)
}

// List implements task.Store.
func (s *TaskStore) List(ctx context.Context, q task.Query) ([]task.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit < 1 {
		limit = 100
	}
	recs, versions := s.t.list(func(r task.Record) bool { return r.ID > q.After && q.Matches(r) },
		func(a, b task.Record) bool { return a.ID < b.ID })
	if len(recs) > limit {
		recs, versions = recs[:limit], versions[:limit]
	}
	for i := range recs {
		recs[i].Version = versions[i]
	}
	return recs, nil
}
