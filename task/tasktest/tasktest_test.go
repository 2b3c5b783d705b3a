package tasktest_test

import (
	"context"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
	"github.com/starmap-go/starmap/task/tasktest"
)

// broken is memstore's task store with one planted fault.
type broken struct {
	*memstore.TaskStore
	fault string
	mu    sync.Mutex // the racy compare-and-swap's lock
}

// mangle applies a data fault to a record on its way in.
func (b *broken) mangle(r task.Record) task.Record {
	switch b.fault {
	case "drops_postings":
		r.Postings = nil
	case "drops_dues":
		r.Template.Dues = nil
	case "drops_due_at":
		r.DueAt = time.Time{}
	case "rounds_instants_to_microseconds":
		r.OrderedAt = r.OrderedAt.Truncate(time.Microsecond)
	case "narrows_amounts_to_13_digits":
		if r.Price.GreaterThan(decimalMax13) {
			r.Price = decimalMax13
		}
	}
	return r
}

func (b *broken) Create(ctx context.Context, r task.Record) (uint64, error) {
	if b.fault == "ignores_the_context" {
		ctx = context.Background()
	}
	return b.TaskStore.Create(ctx, b.mangle(r))
}

func (b *broken) Update(ctx context.Context, r task.Record) (uint64, error) {
	switch b.fault {
	case "ignores_the_context":
		ctx = context.Background()
	case "no_compare_and_swap", "racy_compare_and_swap":
		// Check the version, then — for the racy store after a window of
		// half a microsecond without the lock — write over whatever is
		// stored by then.
		b.mu.Lock()
		cur, err := b.TaskStore.Get(ctx, r.ID)
		if err != nil {
			b.mu.Unlock()
			return 0, err
		}
		if b.fault == "racy_compare_and_swap" {
			if cur.Version != r.Version {
				b.mu.Unlock()
				return b.TaskStore.Update(ctx, r) // the conflict, as memstore words it
			}
			b.mu.Unlock()
			time.Sleep(time.Microsecond / 2)
			b.mu.Lock()
			if cur, err = b.TaskStore.Get(ctx, r.ID); err != nil {
				b.mu.Unlock()
				return 0, err
			}
		}
		defer b.mu.Unlock()
		r.Version = cur.Version
	}
	return b.TaskStore.Update(ctx, b.mangle(r))
}

func (b *broken) List(ctx context.Context, q task.Query) (starmap.Page[task.Record], error) {
	switch b.fault {
	case "list_ignores_open":
		q.Open = false
	case "list_ignores_mcn":
		q.MCN = ""
	case "list_mcn_orders_by_id":
		p, err := b.TaskStore.List(ctx, q)
		sort.Slice(p.Items, func(i, j int) bool { return p.Items[i].ID < p.Items[j].ID })
		return p, err
	}
	return b.TaskStore.List(ctx, q)
}

func (b *broken) ListDue(ctx context.Context, q task.DueQuery) (starmap.Page[task.Record], error) {
	switch b.fault {
	case "list_due_ignores_at":
		q.At = starmap.MaxDate().StartOfDay()
	case "list_due_orders_by_id":
		p, err := b.TaskStore.ListDue(ctx, q)
		sort.Slice(p.Items, func(i, j int) bool { return p.Items[i].ID < p.Items[j].ID })
		return p, err
	case "list_due_includes_the_never_due":
		p, err := b.TaskStore.List(ctx, task.Query{PageRequest: q.PageRequest})
		return p, err
	}
	return b.TaskStore.ListDue(ctx, q)
}

// decimalMax13 is the largest amount of a store whose column holds 13
// digits before the point.
var decimalMax13 = decimal.RequireFromString("9999999999999.99")

var faults = []string{
	"drops_postings", "drops_dues", "drops_due_at", "rounds_instants_to_microseconds",
	"narrows_amounts_to_13_digits", "ignores_the_context", "no_compare_and_swap", "racy_compare_and_swap",
	"list_ignores_open", "list_ignores_mcn", "list_mcn_orders_by_id", "list_due_ignores_at", "list_due_orders_by_id", "list_due_includes_the_never_due",
}

const faultEnv = "TASKTEST_FAULT"

// TestStore_X8: memstore passes the kit; a store with any one planted
// fault fails it — with messages, never a panic — in a child process of
// this test binary.
func TestStore_X8(t *testing.T) {
	if fault := os.Getenv(faultEnv); fault != "" {
		tasktest.TestStore(t, func() task.Store { return &broken{TaskStore: memstore.NewTaskStore(), fault: fault} })
		return
	}
	tasktest.TestStore(t, func() task.Store { return memstore.NewTaskStore() })
	if testing.Short() {
		t.Skip("the planted faults run in child processes")
	}
	for _, fault := range faults {
		t.Run(fault, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestStore_X8$")
			cmd.Env = append(os.Environ(), faultEnv+"="+fault)
			out, err := cmd.CombinedOutput()
			switch {
			case err == nil:
				t.Errorf("the kit passed a store that %s:\n%s", fault, out)
			case strings.Contains(string(out), "panic:"):
				t.Errorf("the kit panicked on a store that %s:\n%s", fault, out)
			case !strings.Contains(string(out), "--- FAIL"):
				t.Errorf("the kit did not report a store that %s:\n%s", fault, out)
			}
		})
	}
}
