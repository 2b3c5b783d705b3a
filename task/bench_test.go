package task

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

var benchNow = time.Date(2026, 10, 1, 10, 0, 0, 0, starmap.CST())

func benchTask(b *testing.B, f starmap.Format) *Task {
	b.Helper()
	o := Order{ID: "t-1", Creator: "c-1", Format: f, Price: decimal.NewFromInt(1000),
		Template: Template{Objective: ObjectiveExposure, Deliverables: []string{"one video"}}}
	var mounted []MountedComponent
	if f == starmap.FormatLive {
		o.LiveDuration = time.Hour
		o.Components = []string{"cmp-1"}
		mounted = []MountedComponent{{ID: "cmp-1", Title: "Shop", AppID: "tt1"}}
	}
	t, _, err := New(starmap.AdvertiserActor("a-1"), benchNow, o, DefaultPolicy(), mounted)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// BenchmarkTransition applies one command to an in-memory aggregate,
// recording history. The aggregate's history is truncated (capacity kept)
// every 64 commands so that memory stays flat over b.N.
func BenchmarkTransition(b *testing.B) {
	creator := starmap.CreatorActor("c-1")
	advertiser := starmap.AdvertiserActor("a-1")
	b.Run("script-review-cycle", func(b *testing.B) {
		t := benchTask(b, starmap.FormatShortVideo)
		t.policy.ScriptRejections = 10
		if _, err := t.Apply(creator, benchNow, Request{Command: CmdAcceptOrder}); err != nil {
			b.Fatal(err)
		}
		submit := Request{Command: CmdSubmitScript, Ref: "script-v1"}
		reject := Request{Command: CmdRejectScript, Reason: "more product close-ups"}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			var err error
			if i&1 == 0 {
				_, err = t.Apply(creator, benchNow, submit)
			} else {
				_, err = t.Apply(advertiser, benchNow, reject)
				if t.scriptRejections == 10 {
					t.scriptRejections = 0
				}
			}
			if err != nil {
				b.Fatal(err)
			}
			if len(t.history) == 64 {
				t.history = t.history[:1]
			}
		}
	})
	b.Run("live-card-toggle", func(b *testing.B) {
		t := benchTask(b, starmap.FormatLive)
		for _, r := range []Request{{Command: CmdAcceptOrder}, {Command: CmdSchedule, Start: benchNow.Add(10 * time.Minute)}, {Command: CmdStartBroadcast}} {
			if _, err := t.Apply(creator, benchNow, r); err != nil {
				b.Fatal(err)
			}
		}
		show, hide := Request{Command: CmdShowLiveCard}, Request{Command: CmdHideLiveCard}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r := show
			if i&1 == 1 {
				r = hide
			}
			if _, err := t.Apply(creator, benchNow, r); err != nil {
				b.Fatal(err)
			}
			if len(t.history) == 64 {
				t.history = t.history[:1]
			}
		}
	})
}

// BenchmarkSettlement applies the one command that moves money (验收: four
// postings with decimal arithmetic), resetting the aggregate to published
// each time: the cost of money, for comparison with BenchmarkTransition.
func BenchmarkSettlement(b *testing.B) {
	t := benchTask(b, starmap.FormatShortVideo)
	t.mcn = "m-1"
	creator, adv := starmap.CreatorActor("c-1"), starmap.AdvertiserActor("a-1")
	for _, r := range []Request{{Command: CmdAcceptOrder}, {Command: CmdSubmitScript, Ref: "s"}, {Command: CmdApproveScript},
		{Command: CmdSubmitVideo, Ref: "v"}, {Command: CmdApproveVideo}, {Command: CmdPublish, Ref: "p"}} {
		by := creator
		if r.Command == CmdApproveScript || r.Command == CmdApproveVideo {
			by = adv
		}
		if _, err := t.Apply(by, benchNow, r); err != nil {
			b.Fatal(err)
		}
	}
	hist, posts := len(t.history), len(t.postings)
	accept := Request{Command: CmdAcceptDelivery}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := t.Apply(adv, benchNow, accept); err != nil {
			b.Fatal(err)
		}
		t.state, t.history, t.postings = StatePublished, t.history[:hist], t.postings[:posts]
	}
}

// BenchmarkAllowed decides whether a command is allowed: the table lookup
// (Allowed) and the same with the task's identity check (Task.Can).
func BenchmarkAllowed(b *testing.B) {
	var sink bool
	b.Run("table", func(b *testing.B) {
		states := [4]State{StateScriptSubmitted, StatePending, StateOnAir, StatePublished}
		cmds := [4]Command{CmdRejectScript, CmdAcceptOrder, CmdShowLiveCard, CmdCancel}
		formats := [2]starmap.Format{starmap.FormatShortVideo, starmap.FormatLive}
		parties := [3]Party{PartyAdvertiser, PartyCreator, PartyPlatform}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sink = Allowed(formats[i&1], states[i&3], cmds[(i>>2)&3], parties[i%3])
		}
	})
	b.Run("task", func(b *testing.B) {
		t := benchTask(b, starmap.FormatShortVideo)
		adv := starmap.SubAccountActor("a-1", "s-1")
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sink = t.Can(adv, CmdCancel)
		}
	})
	_ = sink
}
