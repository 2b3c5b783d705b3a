package componenttest_test

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/component/componenttest"
	"github.com/starmap-go/starmap/memstore"
)

// broken wraps the reference store with one planted fault.
type broken struct {
	*memstore.ComponentStore
	fault string
}

func (b broken) Create(ctx context.Context, r component.Record) (uint64, error) {
	return b.ComponentStore.Create(ctx, b.narrow(r))
}

func (b broken) Update(ctx context.Context, r component.Record) (uint64, error) {
	if b.fault == "checks_then_writes" {
		// The version is checked, then written after a half-microsecond
		// window without a lock: the narrow race of a read-then-write
		// store. A writer that checks in another's window wins too.
		cur, err := b.ComponentStore.Get(ctx, r.ID)
		if err != nil {
			return 0, err
		}
		if cur.Version != r.Version {
			return b.ComponentStore.Update(ctx, r) // the conflict, as the store words it
		}
		time.Sleep(time.Microsecond / 2)
		if now, err := b.ComponentStore.Get(ctx, r.ID); err == nil {
			r.Version = now.Version
		}
	}
	if b.fault == "update_ignores_the_version" {
		if cur, err := b.ComponentStore.Get(ctx, r.ID); err == nil {
			r.Version = cur.Version
		}
	}
	return b.ComponentStore.Update(ctx, b.narrow(r))
}

// narrow is what a store with a too-narrow schema does to a record.
func (b broken) narrow(r component.Record) component.Record {
	r.History = slices.Clone(r.History)
	switch b.fault {
	case "drops_history_before":
		for i := range r.History {
			r.History[i].Before = component.Content{}
		}
	case "drops_sub_account_of_actor":
		for i := range r.History {
			if a := r.History[i].Actor; a.Role() == starmap.RoleAdvertiserSub {
				r.History[i].Actor = starmap.AdvertiserActor(a.Advertiser())
			}
		}
	case "keeps_whole_seconds":
		r.CreatedAt = r.CreatedAt.Truncate(time.Second)
	case "truncates_title_bytes":
		if len(r.Content.Title) > 255 {
			r.Content.Title = strings.ToValidUTF8(r.Content.Title[:255], "")
		}
	}
	return r
}

func (b broken) List(ctx context.Context, q component.Query) (starmap.Page[component.Record], error) {
	switch b.fault {
	case "ignores_the_state_filter":
		q.State = 0
	case "ignores_the_cursor":
		q.Cursor = ""
	case "clamps_nothing":
		if q.Limit > starmap.MaxPageLimit {
			q.Limit = 1 << 20 // the reference store clamps anyway; emulate by paging twice
			p, err := b.ComponentStore.List(ctx, q)
			if err != nil || p.Next == "" {
				return p, err
			}
			q.Cursor = p.Next
			more, err := b.ComponentStore.List(ctx, q)
			p.Items = append(p.Items, more.Items...)
			p.Next = more.Next
			return p, err
		}
	}
	p, err := b.ComponentStore.List(ctx, q)
	switch b.fault {
	case "orders_by_id_only":
		slices.SortFunc(p.Items, func(a, b component.Record) int { return strings.Compare(a.ID, b.ID) })
	case "next_of_its_own":
		if p.Next != "" {
			p.Next = starmap.EncodeCursor(p.Items[len(p.Items)-1].ID)
		}
	case "lists_versions_as_zero":
		for i := range p.Items {
			p.Items[i].Version = 0
		}
	}
	return p, err
}

var faults = []string{
	"drops_history_before",
	"drops_sub_account_of_actor",
	"keeps_whole_seconds",
	"truncates_title_bytes",
	"update_ignores_the_version",
	"checks_then_writes",
	"ignores_the_state_filter",
	"ignores_the_cursor",
	"clamps_nothing",
	"orders_by_id_only",
	"next_of_its_own",
	"lists_versions_as_zero",
}

const faultEnv = "COMPONENTTEST_FAULT"

// TestKitCatchesBrokenStores: the reference store passes; each store with
// a planted fault fails the kit — with a report, not a panic — in a child
// process of this test binary.
func TestKitCatchesBrokenStores(t *testing.T) {
	if fault := os.Getenv(faultEnv); fault != "" {
		componenttest.TestStore(t, func() component.Store {
			return broken{ComponentStore: memstore.NewComponentStore(), fault: fault}
		})
		return
	}
	componenttest.TestStore(t, func() component.Store { return broken{ComponentStore: memstore.NewComponentStore()} })
	if testing.Short() {
		t.Skip("the planted faults run in child processes; skipped in -short")
	}
	for _, fault := range faults {
		t.Run(fault, func(t *testing.T) {
			t.Parallel() // each child mostly waits on its one-winner rounds
			cmd := exec.Command(os.Args[0], "-test.run=^TestKitCatchesBrokenStores$")
			cmd.Env = append(os.Environ(), faultEnv+"="+fault)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the kit passed a store that %s:\n%s", fault, out)
			}
			if _, ok := err.(*exec.ExitError); !ok {
				t.Fatalf("running the kit: %v", err)
			}
			if strings.Contains(string(out), "panic:") {
				t.Fatalf("the kit panicked on a store that %s instead of reporting it:\n%s", fault, out)
			}
		})
	}
}
