package task_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

var (
	t0         = time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	advertiser = starmap.AdvertiserActor("adv-1")
	subAccount = starmap.SubAccountActor("adv-1", "sub-7")
	otherAdv   = starmap.AdvertiserActor("adv-2")
	creator    = starmap.CreatorActor("cre-1")
	otherCre   = starmap.CreatorActor("cre-2")
	mcn        = starmap.MCNActor("mcn-1")
	otherMCN   = starmap.MCNActor("mcn-2")
	platform   = starmap.PlatformActor("reviewer-1")
)

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
	Fatal(args ...any)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func order(f starmap.Format, signed bool) task.Order {
	o := task.Order{ID: "task-1", Creator: "cre-1", Format: f, Price: dec("1000.00"),
		Template: task.Template{Objective: task.ObjectiveAddToCart, Deliverables: []string{"60s video"},
			Requirements: "口播提到新品", Disclosure: true}}
	if signed {
		o.MCN = "mcn-1"
	}
	if f == starmap.FormatLive {
		o.LiveDuration = 2 * time.Hour
	}
	return o
}

func newTask(t tb, f starmap.Format, signed bool, mounted ...task.MountedComponent) *task.Task {
	t.Helper()
	o := order(f, signed)
	for _, m := range mounted {
		o.Components = append(o.Components, m.ID)
	}
	tk, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), mounted)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return tk
}

type step struct {
	by  starmap.Actor
	req task.Request
	at  time.Time
}

func run(t tb, tk *task.Task, steps ...step) {
	t.Helper()
	for i, s := range steps {
		at := s.at
		if at.IsZero() {
			at = t0.Add(time.Hour)
		}
		if _, err := tk.Apply(s.by, at, s.req); err != nil {
			t.Fatalf("step %d %v by %v: %v", i, s.req.Command, s.by, err)
		}
	}
}

func cmd(c task.Command) task.Request { return task.Request{Command: c} }
func withRef(c task.Command) task.Request {
	return task.Request{Command: c, Ref: "oss://file-1"}
}
func withReason(c task.Command) task.Request {
	return task.Request{Command: c, Reason: "画面太暗"}
}

// videoTo drives a short-video task to s along the happy path.
func videoTo(t tb, tk *task.Task, s task.State) {
	t.Helper()
	seq := []struct {
		after task.State
		step  step
	}{
		{task.StateAccepted, step{by: creator, req: cmd(task.CmdAcceptOrder)}},
		{task.StateScriptSubmitted, step{by: creator, req: withRef(task.CmdSubmitScript)}},
		{task.StateScriptApproved, step{by: advertiser, req: cmd(task.CmdApproveScript)}},
		{task.StateVideoSubmitted, step{by: creator, req: withRef(task.CmdSubmitVideo)}},
		{task.StateVideoApproved, step{by: advertiser, req: cmd(task.CmdApproveVideo)}},
		{task.StatePublished, step{by: creator, req: withRef(task.CmdPublish)}},
		{task.StateSettled, step{by: advertiser, req: cmd(task.CmdAcceptDelivery)}},
	}
	for i, x := range seq {
		if tk.State() == s {
			return
		}
		if i == 0 && tk.State() != task.StatePending {
			continue // claimed or accepted already
		}
		run(t, tk, x.step)
	}
	if tk.State() != s {
		t.Fatalf("videoTo: ended in %v, want %v", tk.State(), s)
	}
}

func liveTo(t tb, tk *task.Task, s task.State) {
	t.Helper()
	seq := []step{
		{by: creator, req: cmd(task.CmdAcceptOrder)},
		{by: creator, req: task.Request{Command: task.CmdSchedule, Start: t0.Add(24 * time.Hour)}},
		{by: creator, req: cmd(task.CmdStartBroadcast), at: t0.Add(24 * time.Hour)},
		{by: creator, req: task.Request{Command: task.CmdEndBroadcast, Duration: 2 * time.Hour}, at: t0.Add(26 * time.Hour)},
		{by: advertiser, req: cmd(task.CmdAcceptDelivery), at: t0.Add(27 * time.Hour)},
	}
	for i, x := range seq {
		if tk.State() == s {
			return
		}
		if i == 0 && tk.State() != task.StatePending {
			continue // claimed or accepted already
		}
		run(t, tk, x)
	}
	if tk.State() != s {
		t.Fatalf("liveTo: ended in %v, want %v", tk.State(), s)
	}
}

// idWords are the letters of the ids the tests use (adv-1, cre-2, mcn-1,
// reviewer-1, sub-7, task-1, cmp-1, scheduler) and MCN, the platform's own
// word (MCN机构): the only ASCII words a zh-CN message may show.
var idWords = []string{"adv", "cre", "mcn", "MCN", "reviewer", "sub", "task", "cmp", "scheduler"}

// assertChinese renders err in zh-CN and fails on an unfilled
// placeholder or an English word that is not part of an id.
func assertChinese(t tb, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := starmap.Message(err, starmap.ZH)
	if strings.ContainsAny(msg, "{}") {
		t.Fatalf("X-5 unfilled placeholder in zh-CN: %s", msg)
	}
	if w := kit.EnglishWords(msg, idWords...); len(w) > 0 {
		t.Fatalf("X-5 zh-CN message carries English %q: %s", w, msg)
	}
	if en := starmap.Message(err, starmap.EN); strings.ContainsAny(en, "{}") {
		t.Fatalf("X-5 unfilled placeholder in English: %s", en)
	}
}

// checkMoney asserts the statement's invariants (X-4, TSK-5) after any
// step: balances sum to zero, postings are positive whole fen that never
// overdraw an account but the advertiser's available one, the frozen
// balance is price + fee while the task runs and zero once it ended.
func checkMoney(t tb, tk *task.Task) {
	t.Helper()
	st := tk.Statement()
	if !st.Sum().IsZero() {
		t.Fatalf("X-4 statement sums to %s", st.Sum())
	}
	var bal [8]decimal.Decimal
	for _, p := range st.Postings {
		if p.Amount.Sign() <= 0 || starmap.CheckAmount(p.Amount) != nil {
			t.Fatalf("posting %+v not a positive whole-fen amount", p)
		}
		bal[p.From] = bal[p.From].Sub(p.Amount)
		bal[p.To] = bal[p.To].Add(p.Amount)
		for a := task.AccountAdvertiserFrozen; a <= task.AccountPlatformFee; a++ {
			if bal[a].Sign() < 0 {
				t.Fatalf("posting %+v made %v negative", p, a)
			}
		}
	}
	frozen := st.Balance(task.AccountAdvertiserFrozen)
	if tk.State().Terminal() && !frozen.IsZero() {
		t.Fatalf("X-4 %v task keeps %s frozen", tk.State(), frozen)
	}
	if !tk.State().Terminal() && !frozen.Equal(tk.Price().Add(tk.Fee())) {
		t.Fatalf("open task frozen %s, want %s", frozen, tk.Price().Add(tk.Fee()))
	}
	if !st.Frozen.Equal(st.Paid.Add(st.MCN).Add(st.Fee).Add(st.Refunded).Add(frozen)) {
		t.Fatalf("X-4 frozen ≠ paid + mcn + fee + refunded + still frozen")
	}
}

// Services on memstore, and fakes of what a host supplies.

// sweeper is the platform job the tests sweep as.
var sweeper = starmap.PlatformActor("scheduler")

func newService(t *testing.T, clock starmap.Clock, opts ...task.Option) (*task.Service, *memstore.TaskStore) {
	t.Helper()
	store := memstore.NewTaskStore()
	s, err := task.NewService(store, clock, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s, store
}

// mustDo runs one command through the Service and fails the test on error.
func mustDo(t *testing.T, s *task.Service, by starmap.Actor, id string, r task.Request) task.Outcome {
	t.Helper()
	out, err := s.Do(context.Background(), by, id, r)
	if err != nil {
		t.Fatalf("%v by %v: %v", r.Command, by, err)
	}
	return out
}

// listAll reads every record of a store.
func listAll(t *testing.T, store task.Store) []task.Record {
	t.Helper()
	p, err := store.List(context.Background(), task.Query{PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
	if err != nil {
		t.Fatal(err)
	}
	return p.Items
}

// fakeChecker mounts the components it knows for their format.
type fakeChecker struct {
	known map[string]starmap.Format
	calls int
}

var errUnmountable = starmap.NewRule("tasktest_fake.unmountable", starmap.ErrInvalid, "组件{id}无法挂载", "component {id} cannot be mounted")

func (f *fakeChecker) CheckMount(_ context.Context, adv string, format starmap.Format, ids []string) ([]task.MountedComponent, error) {
	f.calls++
	var errs []error
	var out []task.MountedComponent
	for _, id := range ids {
		if ff, ok := f.known[id]; !ok || ff != format {
			errs = append(errs, errUnmountable.New(starmap.Arg("id", id)))
			continue
		}
		out = append(out, task.MountedComponent{ID: id, Title: "title " + id, AppID: "tt-" + adv})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// failingChecker fails every check with err.
type failingChecker struct{ err error }

func (f failingChecker) CheckMount(context.Context, string, starmap.Format, []string) ([]task.MountedComponent, error) {
	return nil, f.err
}

// signings is a SigningLookup over a map; fail makes every lookup fail.
type signings struct {
	of   map[string]string
	fail error
	n    int
}

func (s *signings) SignedMCN(_ context.Context, creatorID string) (string, error) {
	s.n++
	return s.of[creatorID], s.fail
}

// sweptEvents sweeps as the scheduler and returns the events of every
// command the sweep ran; it fails the test on error.
func sweptEvents(t *testing.T, s *task.Service) []starmap.Event {
	t.Helper()
	outs, err := s.Sweep(context.Background(), sweeper)
	if err != nil {
		t.Fatalf("sweep: %v", err)
	}
	var evs []starmap.Event
	for _, o := range outs {
		evs = append(evs, o.Events...)
	}
	return evs
}
