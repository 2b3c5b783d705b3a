package memstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
	"github.com/starmap-go/starmap/task/tasktest"
)

func TestTaskStore(t *testing.T) {
	tasktest.TestStore(t, func() task.Store { return memstore.NewTaskStore() })
}

// TestTaskStoreZero_X8: the zero TaskStore is an empty store, ready to use;
// a nil one answers a coded error.
func TestTaskStoreZero_X8(t *testing.T) {
	tasktest.TestStore(t, func() task.Store { return new(memstore.TaskStore) })
	var s *memstore.TaskStore
	ctx := context.Background()
	if _, err := s.Get(ctx, "t-1"); !errors.Is(err, starmap.ErrServiceNotReady) {
		t.Errorf("nil store Get: %v", err)
	}
	if _, err := s.ListDue(ctx, task.DueQuery{}); !errors.Is(err, starmap.ErrServiceNotReady) {
		t.Errorf("nil store ListDue: %v", err)
	}
}

// FuzzTaskStoreCursor hands List and ListDue arbitrary cursors: each is
// read or refused with starmap.ErrCursorInvalid, never a panic.
func FuzzTaskStoreCursor(f *testing.F) {
	f.Add(starmap.EncodeCursor("t-1"))
	f.Add(starmap.EncodeCursor("1790000000", "0", "t-1"))
	f.Add(starmap.EncodeCursor("-99999999999999999999", "5", "x"))
	f.Add(starmap.EncodeCursor("1", "1000000000", "x"))
	f.Add("%%%")
	s := memstore.NewTaskStore()
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, c string) {
		for _, err := range []error{
			func() error {
				_, err := s.List(ctx, task.Query{PageRequest: starmap.PageRequest{Cursor: c}})
				return err
			}(),
			func() error {
				_, err := s.ListDue(ctx, task.DueQuery{At: time.Now(), PageRequest: starmap.PageRequest{Cursor: c}})
				return err
			}(),
		} {
			if err != nil && !errors.Is(err, starmap.ErrCursorInvalid) {
				t.Fatalf("cursor %q: %v", c, err)
			}
		}
	})
}
