package memstore

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/starmap-go/starmap"
)

type rec struct {
	ID   string
	Tags []string
}

func cloneRec(r rec) rec { r.Tags = append([]string(nil), r.Tags...); return r }

func TestTable_X8_VersionContract(t *testing.T) {
	tb := newTable[string, rec]("物件", "thing", cloneRec, nil)
	if _, _, err := tb.get("a"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("get missing: %v", err)
	}
	if v, err := tb.create("a", rec{ID: "a", Tags: []string{"x"}}, nil); err != nil || v != 1 {
		t.Fatalf("create = %d, %v", v, err)
	}
	if _, err := tb.create("a", rec{ID: "a"}, nil); !errors.Is(err, starmap.ErrConflict) || !errors.Is(err, starmap.ErrAlreadyExists) {
		t.Fatalf("create twice: %v", err)
	}
	got, v, err := tb.get("a")
	if err != nil || v != 1 || got.Tags[0] != "x" {
		t.Fatalf("get = %v %d %v", got, v, err)
	}
	got.Tags[0] = "mutated"
	if again, _, _ := tb.get("a"); again.Tags[0] != "x" {
		t.Fatal("a returned record aliases the store")
	}
	if v, err := tb.update("a", rec{ID: "a", Tags: []string{"y"}}, 1, nil); err != nil || v != 2 {
		t.Fatalf("update = %d, %v", v, err)
	}
	if _, err := tb.update("a", rec{ID: "a"}, 1, nil); !errors.Is(err, starmap.ErrConflict) || !errors.Is(err, starmap.ErrVersionConflict) {
		t.Fatalf("stale update: %v", err)
	}
	if _, err := tb.update("b", rec{ID: "b"}, 1, nil); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("update missing: %v", err)
	}
	_, _ = tb.create("c", rec{ID: "c"}, nil)
	items, versions := tb.list(func(r rec) bool { return r.ID != "b" }, func(a, b rec) bool { return a.ID > b.ID })
	if len(items) != 2 || items[0].ID != "c" || items[1].ID != "a" || versions[0] != 1 || versions[1] != 2 {
		t.Fatalf("list = %v %v", items, versions)
	}
}

func TestTable_X8_ConcurrentCASOneWinner(t *testing.T) {
	tb := newTable[string, rec]("物件", "thing", cloneRec, nil)
	_, _ = tb.create("a", rec{ID: "a"}, nil)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := tb.update("a", rec{ID: "a"}, 1, nil); err == nil {
				wins.Add(1)
			} else if !errors.Is(err, starmap.ErrConflict) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d writers won the same version", wins.Load())
	}
}

// Store errors name the record in the message's own language.
func TestTable_X5_RecordNamesInBothLanguages(t *testing.T) {
	tb := newTable[string, rec]("组件", "component", cloneRec, nil)
	_, _, errGet := tb.get("x-1")
	_, _ = tb.create("x-1", rec{}, nil)
	_, errDup := tb.create("x-1", rec{}, nil)
	_, errStale := tb.update("x-1", rec{}, 9, nil)
	for _, err := range []error{errGet, errDup, errStale} {
		if zh := starmap.Message(err, starmap.ZH); !strings.Contains(zh, "组件") || strings.Contains(zh, "component") {
			t.Errorf("zh message %q", zh)
		}
		if en := starmap.Message(err, starmap.EN); !strings.Contains(en, "component") || strings.Contains(en, "组件") {
			t.Errorf("en message %q", en)
		}
	}
}
