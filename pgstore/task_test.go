package pgstore

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap/task"
	"github.com/starmap-go/starmap/task/tasktest"
)

func mustTaskStore(t testing.TB, pool *pgxpool.Pool) *TaskStore {
	t.Helper()
	s, err := NewTaskStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTaskStoreKit(t *testing.T) {
	tasktest.TestStore(t, func() task.Store { return mustTaskStore(t, freshPool(t)) })
}

func TestNewTaskStoreNilPool(t *testing.T) {
	if _, err := NewTaskStore(nil); err == nil {
		t.Fatal("NewTaskStore(nil) = nil error")
	}
}
