package star_test

import (
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/task"
	"pgregory.net/rapid"
)

// A short-video task of creator, ordered by adv-1 at price, taken through
// the flow of TSK-1: scriptRejects and videoRejects rejections first, then
// — when settle — publication, a results report with gmv and acceptance.
func videoTask(t testing.TB, id, creator, price string, scriptRejects, videoRejects int, settle bool, gmv string) *task.Task {
	t.Helper()
	adv, cre, plat := starmap.AdvertiserActor("adv-1"), starmap.CreatorActor(creator), starmap.PlatformActor("ops")
	at := now
	o := task.Order{ID: id, Creator: creator, Format: starmap.FormatShortVideo, Price: yuan(price),
		Template: task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"60s video"},
			Dues: []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.DateOf(now).AddDays(3)}}}}
	tk, _, err := task.New(adv, at, o, task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatalf("task.New: %v", err)
	}
	step := func(by starmap.Actor, r task.Request) {
		t.Helper()
		at = at.Add(time.Hour)
		if _, err := tk.Apply(by, at, r); err != nil {
			t.Fatalf("%s %v: %v", id, r.Command, err)
		}
	}
	step(cre, task.Request{Command: task.CmdAcceptOrder})
	step(cre, task.Request{Command: task.CmdSubmitScript, Ref: "s"})
	for i := 0; i < scriptRejects; i++ {
		step(adv, task.Request{Command: task.CmdRejectScript, Reason: "请改"})
		step(cre, task.Request{Command: task.CmdSubmitScript, Ref: "s"})
	}
	step(adv, task.Request{Command: task.CmdApproveScript})
	step(cre, task.Request{Command: task.CmdSubmitVideo, Ref: "v"})
	for i := 0; i < videoRejects; i++ {
		step(adv, task.Request{Command: task.CmdRejectVideo, Reason: "请改"})
		step(cre, task.Request{Command: task.CmdSubmitVideo, Ref: "v"})
	}
	if !settle {
		return tk
	}
	step(adv, task.Request{Command: task.CmdApproveVideo})
	step(cre, task.Request{Command: task.CmdPublish, Ref: "p"})
	step(plat, task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 1000, Clicks: 100, Orders: 5, GMV: yuan(gmv)}})
	step(adv, task.Request{Command: task.CmdAcceptDelivery})
	return tk
}

// The past results the marketplace filters on, folded from tasks.
func TestFoldPast_STR1(t *testing.T) {
	clean := videoTask(t, "t1", "star-1", "1000", 0, 0, true, "6000")
	rejected := videoTask(t, "t2", "star-1", "2000", 1, 0, true, "3000")
	running := videoTask(t, "t3", "star-1", "500", 0, 1, false, "")
	pending, _, err := task.New(starmap.AdvertiserActor("adv-1"), now, task.Order{ID: "t4", Creator: "star-1", Format: starmap.FormatShortVideo, Price: yuan("100"),
		Template: task.Template{Objective: task.ObjectiveExposure, Deliverables: []string{"v"}}}, task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	other := videoTask(t, "t5", "star-2", "1000", 0, 0, true, "9000")
	got := star.FoldPast("star-1", []*task.Task{clean, rejected, running, pending, other, nil, clean})
	// Completed: t1, t2. Cost: what was paid out, fee included.
	wantCost := clean.Cost().Add(rejected.Cost())
	if got.Completed != 2 || !got.GMV.Equal(yuan("9000")) || !got.Cost.Equal(wantCost) {
		t.Errorf("completed %d GMV %s cost %s; want 2, 9000, %s", got.Completed, got.GMV, got.Cost, wantCost)
	}
	// Reviewed: t1, t2, t3 (t4 never reached a review); first pass: t1 only.
	if got.Reviewed != 3 || got.FirstPass != 1 {
		t.Errorf("reviewed %d first pass %d; want 3 and 1", got.Reviewed, got.FirstPass)
	}
	if rate, ok := got.FirstPassRate(); !ok || rate != 3333 {
		t.Errorf("first-pass rate %d %v; want 3333 (1/3, rounded down)", rate, ok)
	}
	roi, ok := got.ROI()
	want := yuan("9000").DivRound(wantCost, star.ROIPlaces)
	if !ok || !roi.Equal(want) {
		t.Errorf("ROI %s %v; want %s", roi, ok, want)
	}
	// The fold fits a creator record as it is.
	if _, err := star.NewCreator(with("star-1", func(r *star.CreatorRecord) { r.Past = got })); err != nil {
		t.Errorf("the folded results do not validate: %v", err)
	}
	// Nothing to fold: known zeros, undefined rates.
	empty := star.FoldPast("star-9", []*task.Task{clean})
	if empty.Completed != 0 || !empty.GMV.IsZero() {
		t.Errorf("empty fold: %+v", empty)
	}
	if _, ok := empty.ROI(); ok {
		t.Error("ROI of nothing spent is defined")
	}
	if _, ok := empty.FirstPassRate(); ok {
		t.Error("first-pass rate of nothing reviewed is defined")
	}
}

// A task given at two moments counts once, in its furthest state; the
// fold does not depend on the order of the tasks.
func TestFoldPast_STR1_OrderAndDuplicates(t *testing.T) {
	early := videoTask(t, "t1", "star-1", "1000", 0, 1, false, "")
	late := videoTask(t, "t1", "star-1", "1000", 0, 1, true, "4000")
	tasks := []*task.Task{early, late, videoTask(t, "t2", "star-1", "300", 2, 0, true, "100"), videoTask(t, "t3", "star-1", "800", 0, 0, false, "")}
	want := star.FoldPast("star-1", tasks)
	if want.Completed != 2 || want.Reviewed != 3 || want.FirstPass != 1 {
		t.Fatalf("fold %+v; want 2 completed, 3 reviewed, 1 first pass", want)
	}
	rapid.Check(t, func(rt *rapid.T) {
		perm := rapid.Permutation(tasks).Draw(rt, "order")
		got := star.FoldPast("star-1", perm)
		if got.Completed != want.Completed || got.Reviewed != want.Reviewed || got.FirstPass != want.FirstPass ||
			!got.GMV.Equal(want.GMV) || !got.Cost.Equal(want.Cost) {
			rt.Fatalf("order %v: %+v, want %+v", perm, got, want)
		}
	})
}
