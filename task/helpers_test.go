package task_test

import (
	"github.com/starmap-go/starmap/internal/kit"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

var (
	t0         = time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST)
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
	tk, _, err := task.New(o, advertiser, t0, task.DefaultPolicy(), mounted)
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
		if _, err := tk.Apply(s.req, s.by, at); err != nil {
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
