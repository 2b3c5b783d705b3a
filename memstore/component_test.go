package memstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/component/componenttest"
	"github.com/starmap-go/starmap/memstore"
)

func TestComponentStore(t *testing.T) {
	componenttest.TestStore(t, func() component.Store { return memstore.NewComponentStore() })
}

// The zero ComponentStore is an empty store, as NewComponentStore's.
func TestComponentStoreZeroValue(t *testing.T) {
	componenttest.TestStore(t, func() component.Store { return new(memstore.ComponentStore) })
}

// A done context reads and writes nothing.
func TestComponentStoreContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := memstore.NewComponentStore()
	if _, err := s.Create(ctx, component.Record{ID: "cmp-1"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Create with a cancelled context = %v", err)
	}
	if _, err := s.Get(context.Background(), "cmp-1"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("a cancelled Create stored the record: %v", err)
	}
	if _, err := s.Get(ctx, "cmp-1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get with a cancelled context = %v", err)
	}
	if _, err := s.Update(ctx, component.Record{ID: "cmp-1", Version: 1}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Update with a cancelled context = %v", err)
	}
	if _, err := s.List(ctx, component.Query{Owner: "adv-1"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("List with a cancelled context = %v", err)
	}
}

func TestComponentDirectory(t *testing.T) {
	ctx := context.Background()
	for name, d := range map[string]*memstore.ComponentDirectory{
		"new":        memstore.NewComponentDirectory(),
		"zero_value": new(memstore.ComponentDirectory),
	} {
		t.Run(name, func(t *testing.T) {
			if s, err := d.MiniProgramStatus(ctx, "tt0000000000000000"); err != nil || s != component.MiniProgramUnknown {
				t.Fatalf("unknown app = %v, %v; want unknown, nil", s, err)
			}
			d.Set("tt0000000000000000", component.MiniProgramDelisted)
			if s, _ := d.MiniProgramStatus(ctx, "tt0000000000000000"); s != component.MiniProgramDelisted {
				t.Fatalf("after Set(delisted) = %v", s)
			}
			d.Set("tt0000000000000000", component.MiniProgramUp)
			if s, _ := d.MiniProgramStatus(ctx, "tt0000000000000000"); s != component.MiniProgramUp {
				t.Fatalf("after Set(up) = %v", s)
			}
			done, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := d.MiniProgramStatus(done, "tt0000000000000000"); !errors.Is(err, context.Canceled) {
				t.Fatalf("with a cancelled context = %v", err)
			}
		})
	}
}
