package component_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

// These tests drive ordering end to end: task.Service with this package's
// Mounter as its MountChecker, both on memstore (CMP-3, CMP-4).

type orderRig struct {
	comps    *memstore.ComponentStore
	dir      *memstore.ComponentDirectory
	tasks    *memstore.TaskStore
	library  *component.Service
	ordering *task.Service
}

func newOrderRig(t interface{ Fatalf(string, ...any) }) *orderRig {
	clock := starmap.FixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()))
	r := &orderRig{comps: memstore.NewComponentStore(), dir: memstore.NewComponentDirectory(), tasks: memstore.NewTaskStore()}
	library, err := component.NewService(r.comps, clock)
	if err != nil {
		t.Fatalf("component.NewService: %v", err)
	}
	r.library = library
	// The one place these tests wire package task.
	svc, err := task.NewService(r.tasks, clock, task.WithMountChecker(newMounter(t, r.comps, r.dir)))
	if err != nil {
		t.Fatalf("task.NewService: %v", err)
	}
	r.ordering = svc
	return r
}

// order is the one call of task.Service.Order in these tests: it returns
// the task placed.
func (r *orderRig) order(by starmap.Actor, o task.Order) (*task.Task, error) {
	out, err := r.ordering.Order(context.Background(), by, o)
	return out.Task, err
}

var (
	orderReviewer = starmap.PlatformActor("reviewer-1")
	advs          = []string{"adv-1", "adv-2"}
)

func newOrder(id string, f starmap.Format, components []string) task.Order {
	o := task.Order{ID: id, Creator: "cre-1", Format: f, Price: decimal.RequireFromString("1000.00"),
		Template:   task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"one video"}, Disclosure: true},
		Components: components}
	if f == starmap.FormatLive {
		o.LiveDuration = time.Hour
	}
	return o
}

// spec is what the test decides about one component before creating it.
type spec struct {
	id      string
	owner   string
	channel starmap.Format
	state   component.State
	status  component.MiniProgramStatus
}

func appOf(i int) string { return fmt.Sprintf("tt%016x", i+1) }

func (r *orderRig) create(t interface{ Fatalf(string, ...any) }, i int, s spec) {
	ctx := context.Background()
	content := content(i)
	content.AppID = appOf(i)
	if _, _, err := r.library.Create(ctx, starmap.AdvertiserActor(s.owner), component.NewComponent{ID: s.id, Channel: s.channel, Content: content}); err != nil {
		t.Fatalf("create %s: %v", s.id, err)
	}
	switch s.state {
	case component.StateValid:
		if _, _, err := r.library.Approve(ctx, orderReviewer, s.id); err != nil {
			t.Fatalf("approve: %v", err)
		}
	case component.StateRejected:
		if _, _, err := r.library.Reject(ctx, orderReviewer, s.id, "标题不清楚"); err != nil {
			t.Fatalf("reject: %v", err)
		}
	}
	if s.status != component.MiniProgramUnknown {
		r.dir.Set(appOf(i), s.status)
	}
}

// snapshot is every component of both advertisers and the stored records
// of the given task ids (nil for a task that is not stored).
func (r *orderRig) snapshot(t tb, taskIDs ...string) ([]component.Record, []*task.Record) {
	ctx := context.Background()
	var tasks []*task.Record
	for _, id := range taskIDs {
		rec, err := r.tasks.Get(ctx, id)
		switch {
		case errors.Is(err, starmap.ErrNotFound):
			tasks = append(tasks, nil)
		case err != nil:
			t.Fatalf("get task %s: %v", id, err)
		default:
			tasks = append(tasks, &rec)
		}
	}
	return libraries(t, r.comps, advs...), tasks
}

// taskOpts compare task records whatever fields they hold: every field,
// exported or not, instants by Equal, amounts by value.
var taskOpts = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
}

// An order with any mix of components is accepted if and only if every
// component is mountable by an independent reading of CMP-3, and a refused
// order leaves both stores exactly as they were.
func TestOrderMountingProperty_CMP3(t *testing.T) {
	var accepted, refused int
	rapid.Check(t, func(rt *rapid.T) {
		r := newOrderRig(rt)
		format := rapid.SampledFrom([]starmap.Format{starmap.FormatShortVideo, starmap.FormatLive}).Draw(rt, "format")
		n := rapid.IntRange(1, 5).Draw(rt, "components")
		specs := make([]spec, n)
		for i := range specs {
			specs[i] = spec{id: fmt.Sprintf("cmp-%d", i), owner: "adv-1", channel: format,
				state: component.StateValid, status: component.MiniProgramUp}
			// Half the components are drawn mountable, so that whole orders
			// are accepted often enough; the others anyhow.
			if !rapid.Bool().Draw(rt, "mountable") {
				specs[i].owner = rapid.SampledFrom(advs).Draw(rt, "owner")
				specs[i].channel = rapid.SampledFrom([]starmap.Format{starmap.FormatShortVideo, starmap.FormatLive}).Draw(rt, "channel")
				specs[i].state = rapid.SampledFrom([]component.State{component.StateInReview, component.StateValid, component.StateRejected}).Draw(rt, "state")
				specs[i].status = rapid.SampledFrom([]component.MiniProgramStatus{component.MiniProgramUp, component.MiniProgramDelisted, component.MiniProgramUnknown}).Draw(rt, "status")
			}
			r.create(rt, i, specs[i])
		}
		// The order lists some of them, possibly twice, possibly an unknown id.
		pick := rapid.SliceOfN(rapid.IntRange(0, n), 1, 4).Draw(rt, "pick")
		var ids []string
		for _, p := range pick {
			if p == n {
				ids = append(ids, "cmp-missing")
			} else {
				ids = append(ids, specs[p].id)
			}
		}
		byID := map[string]spec{}
		for _, s := range specs {
			byID[s.id] = s
		}
		// Independent predicate: each listed component exists, is adv-1's,
		// valid, of the task's channel, with its mini-program up; none twice.
		want := true
		seen := map[string]bool{}
		for _, id := range ids {
			s, ok := byID[id]
			if !ok || seen[id] || s.owner != "adv-1" || s.state != component.StateValid || s.channel != format || s.status != component.MiniProgramUp {
				want = false
			}
			seen[id] = true
		}

		// An earlier order already in the store, which nothing may touch.
		if _, err := r.order(starmap.AdvertiserActor("adv-2"), newOrder("task-0", starmap.FormatShortVideo, nil)); err != nil {
			rt.Fatalf("seeding an order: %v", err)
		}
		compsBefore, tasksBefore := r.snapshot(rt, "task-0", "task-1")
		tk, err := r.order(starmap.SubAccountActor("adv-1", "ops-1"), newOrder("task-1", format, ids))
		if (err == nil) != want {
			rt.Fatalf("order of %v on a %v task: err %v, want accepted=%v (specs %+v)", ids, format, err, want, specs)
		}
		compsAfter, tasksAfter := r.snapshot(rt, "task-0", "task-1")
		if d := cmp.Diff(compsBefore, compsAfter, cmpOpts); d != "" {
			rt.Fatalf("ordering changed the component library:\n%s", d)
		}
		if !want {
			// A component listed twice is refused by the order's own
			// validation before any mount check; every other refusal is the
			// mount check's.
			if dup := hasDuplicate(ids); dup && !errors.Is(err, task.ErrComponentsInvalid) ||
				!dup && !errors.Is(err, task.ErrMountRefused) {
				rt.Fatalf("ids %v (duplicate: %v) refused with %v", ids, dup, err)
			}
			if d := cmp.Diff(tasksBefore, tasksAfter, taskOpts); d != "" {
				rt.Fatalf("a refused order changed the task store:\n%s", d)
			}
			refused++
			return
		}
		accepted++
		// CMP-4: the task carries a snapshot of each component, in order.
		got := tk.Components()
		if tasksBefore[1] != nil || tasksAfter[1] == nil {
			rt.Fatalf("task-1 stored before the order (%v) or not after it (%v)", tasksBefore[1] != nil, tasksAfter[1] != nil)
		}
		if d := cmp.Diff(tasksBefore[0], tasksAfter[0], taskOpts); d != "" {
			rt.Fatalf("an accepted order changed another task:\n%s", d)
		}
		if len(got) != len(ids) {
			rt.Fatalf("task shows %d components, ordered %d", len(got), len(ids))
		}
		for i, m := range got {
			if m.ID != ids[i] || m.AppID != appOf(indexOf(specs, ids[i])) {
				rt.Fatalf("component %d on the task = %+v, want %s", i, m, ids[i])
			}
		}
	})
	if accepted == 0 || refused == 0 {
		t.Fatalf("the property saw %d accepted and %d refused orders; it must see both", accepted, refused)
	}
}

func hasDuplicate(ids []string) bool {
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return true
		}
		seen[id] = true
	}
	return false
}

func indexOf(specs []spec, id string) int {
	for i, s := range specs {
		if s.id == id {
			return i
		}
	}
	return -1
}

// The delisted refusal reaches the order form with the platform's red
// message, and nothing is stored (CMP-3).
func TestOrderRefusedWhenDelisted_CMP3(t *testing.T) {
	r := newOrderRig(t)
	r.create(t, 0, spec{id: "cmp-spring", owner: "adv-1", channel: starmap.FormatShortVideo, state: component.StateValid, status: component.MiniProgramUp})
	ctx := context.Background()
	if _, err := r.order(starmap.AdvertiserActor("adv-1"), newOrder("t-1", starmap.FormatShortVideo, []string{"cmp-spring"})); err != nil {
		t.Fatalf("mountable order refused: %v", err)
	}
	r.dir.Set(appOf(0), component.MiniProgramDelisted)
	_, err := r.order(starmap.AdvertiserActor("adv-1"), newOrder("t-2", starmap.FormatShortVideo, []string{"cmp-spring"}))
	if !errors.Is(err, component.ErrMountDelisted) || !errors.Is(err, task.ErrMountRefused) {
		t.Fatalf("err = %v, want the delisted refusal", err)
	}
	// The order form shows the red prompt alone, out of the order's
	// refusal that wraps it.
	red, ok := starmap.Find(err, component.ErrMountDelisted)
	if !ok || red.Message(starmap.ZH) != delistedZH {
		t.Fatalf("the delisted prompt in %v: %v, %v", err, red, ok)
	}
	if id, _ := red.Param("component"); id != "cmp-spring" {
		t.Fatalf("the prompt names component %q", id)
	}
	if _, err := r.tasks.Get(ctx, "t-2"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("refused order stored: %v", err)
	}
}
