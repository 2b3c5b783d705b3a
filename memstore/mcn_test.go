package memstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/mcn/mcntest"
	"github.com/starmap-go/starmap/memstore"
)

func TestMCNStore(t *testing.T) {
	mcntest.TestStore(t, func() mcn.Store { return memstore.NewMCNStore() })
}

// The zero MCNStore is an empty store, as NewMCNStore's.
func TestMCNStoreZeroValue(t *testing.T) {
	mcntest.TestStore(t, func() mcn.Store { return new(memstore.MCNStore) })
}

// A done context reads and writes nothing.
func TestMCNStoreContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := memstore.NewMCNStore()
	if _, err := s.Create(ctx, mcn.Record{Creator: "c-1"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Create with a cancelled context = %v", err)
	}
	if _, err := s.Get(context.Background(), "c-1"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("a cancelled Create stored the record: %v", err)
	}
	if _, err := s.Get(ctx, "c-1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get with a cancelled context = %v", err)
	}
	if _, err := s.Update(ctx, mcn.Record{Creator: "c-1", Version: 1}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Update with a cancelled context = %v", err)
	}
	if _, err := s.List(ctx, mcn.Query{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("List with a cancelled context = %v", err)
	}
}
