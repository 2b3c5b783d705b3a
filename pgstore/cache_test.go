package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
	"github.com/starmap-go/starmap/task"
	"github.com/starmap-go/starmap/task/tasktest"
	"pgregory.net/rapid"
)

// genRecord draws a task record that reaches every kind of reference a
// Record holds (slices of the template, components, settlement weights,
// verdicts, sales, history with compliance, postings), with rapid's
// lengths. It is not a valid task: the cache never judges.
func genRecord(t *rapid.T) task.Record {
	at := time.Date(2026, 10, 1, 9, 0, 0, rapid.IntRange(0, 999_999_999).Draw(t, "ns"), starmap.CST())
	str := rapid.StringMatching(`[a-z0-9\p{Han}]{0,8}`)
	n := func(label string) int { return rapid.IntRange(0, 3).Draw(t, label) }
	amount := func(label string) decimal.Decimal {
		return decimal.New(rapid.Int64Range(1, 1e12).Draw(t, label), -2)
	}
	r := task.Record{ID: "t-" + str.Draw(t, "id"), Advertiser: "adv-1", Creator: "cre-1", Format: starmap.FormatShortVideo,
		Price: amount("price"), Fee: amount("fee"), Policy: task.DefaultPolicy(), OrderedAt: at, State: task.StatePublished,
		Metrics: task.Metrics{Exposure: rapid.Int64Range(0, 1e9).Draw(t, "exposure"), GMV: amount("gmv")},
		DueAt:   at.Add(48 * time.Hour), Version: rapid.Uint64Range(1, 1e6).Draw(t, "version")}
	for i := range n("deliverables") {
		r.Template.Deliverables = append(r.Template.Deliverables, str.Draw(t, fmt.Sprint("deliverable", i)))
		r.Accepted = append(r.Accepted, rapid.Bool().Draw(t, fmt.Sprint("accepted", i)))
		r.Settlement.Weights = append(r.Settlement.Weights, amount(fmt.Sprint("weight", i)))
	}
	for i := range n("points") {
		r.Template.Points = append(r.Template.Points, compliance.Point{Kind: compliance.PointProduct, Text: str.Draw(t, fmt.Sprint("point", i))})
		r.Template.Dues = append(r.Template.Dues, task.Due{Milestone: task.MilestoneDraft, Date: starmap.MustDate(2026, 11, 1+i)})
		r.Components = append(r.Components, task.MountedComponent{ID: "cmp-" + str.Draw(t, fmt.Sprint("cmp", i)), Title: "x"})
		r.Sales = append(r.Sales, task.Sale{Order: fmt.Sprint("ord-", i), At: at, Amount: amount(fmt.Sprint("sale", i))})
	}
	for i := range n("history") + 1 {
		c := task.Change{Seq: i + 1, Command: task.CmdReportResults, From: r.State, To: r.State,
			Actor: starmap.PlatformActor("data"), At: at.Add(time.Duration(i) * time.Minute), Reason: str.Draw(t, fmt.Sprint("reason", i))}
		if rapid.Bool().Draw(t, fmt.Sprint("compliance", i)) {
			f := compliance.Finding{Kind: compliance.KindAbsoluteTerm, Severity: compliance.SeverityBlock, Term: "最佳",
				Span: compliance.Span{Start: 1, End: 3}, Text: "最佳"}
			m := compliance.Mark{Pass: false, Note: str.Draw(t, fmt.Sprint("note", i))}
			c.Compliance = task.Compliance{Checked: true, Findings: []compliance.Finding{f},
				Checklist: compliance.Checklist{Marks: []compliance.Mark{m}},
				Rejection: compliance.Rejection{Failed: []compliance.Mark{m}, Findings: []compliance.Finding{f}}}
		}
		r.History = append(r.History, c)
	}
	for i := range n("postings") {
		r.Postings = append(r.Postings, task.Posting{Kind: task.PostingFreeze, From: task.AccountAdvertiserAvailable,
			To: task.AccountAdvertiserFrozen, Amount: amount(fmt.Sprint("posting", i)), At: at})
	}
	return r
}

// scribbleAll overwrites everything a record reaches through a reference.
func scribbleAll(r *task.Record) {
	for i := range r.Template.Deliverables {
		r.Template.Deliverables[i] = "scribbled"
	}
	for i := range r.Template.Points {
		r.Template.Points[i].Text = "scribbled"
	}
	for i := range r.Template.Dues {
		r.Template.Dues[i].Date = starmap.MustDate(2000, 1, 1)
	}
	for i := range r.Components {
		r.Components[i].ID = "scribbled"
	}
	for i := range r.Settlement.Weights {
		r.Settlement.Weights[i] = decimal.NewFromInt(-1)
	}
	for i := range r.Accepted {
		r.Accepted[i] = !r.Accepted[i]
	}
	for i := range r.Sales {
		r.Sales[i].Order = "scribbled"
	}
	for i := range r.History {
		r.History[i].Reason, r.History[i].Seq = "scribbled", -1
		x := &r.History[i].Compliance
		for j := range x.Findings {
			x.Findings[j].Text = "scribbled"
		}
		for j := range x.Checklist.Marks {
			x.Checklist.Marks[j].Note = "scribbled"
		}
		for j := range x.Rejection.Failed {
			x.Rejection.Failed[j].Note = "scribbled"
		}
		for j := range x.Rejection.Findings {
			x.Rejection.Findings[j].Term = "scribbled"
		}
	}
	for i := range r.Postings {
		r.Postings[i].Amount = decimal.NewFromInt(-1)
	}
	r.Metrics.Exposure = -1
}

// jsonRoundTrip is the record as the store would read it back.
func jsonRoundTrip(t *rapid.T, r task.Record) task.Record {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var out task.Record
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

var recordEqual = cmp.Options{tasktest.Equal(), cmpopts.EquateEmpty()}

// TestTaskCloneIsTheJSONRoundTrip_X8: the cache's typed copy of a record
// (task.Record.Clone, no JSON) holds what decoding the stored document
// would, so a decision on a cached record is one on the stored record.
func TestTaskCloneIsTheJSONRoundTrip_X8(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := genRecord(t)
		if d := cmp.Diff(jsonRoundTrip(t, r), r.Clone(), recordEqual); d != "" {
			t.Fatalf("X-8: clone differs from the JSON round trip (-json +clone):\n%s", d)
		}
	})
}

// TestTaskCacheSharesNoMemory_X8: mutating the record that was put, or a
// record the cache handed out, never changes what the cache hands out
// next.
func TestTaskCacheSharesNoMemory_X8(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := genRecord(t)
		want := jsonRoundTrip(t, r)
		c := newRecentCache(task.Record.Clone)
		c.put(r.ID, r.Version, r, 0)
		scribbleAll(&r)
		got, ok := c.get(want.ID)
		if !ok {
			t.Fatal("X-8: a record put is not cached")
		}
		if d := cmp.Diff(want, got, recordEqual); d != "" {
			t.Fatalf("X-8: the cache shares memory with the record put (-want +got):\n%s", d)
		}
		scribbleAll(&got)
		again, _ := c.get(want.ID)
		if d := cmp.Diff(want, again, recordEqual); d != "" {
			t.Fatalf("X-8: the cache shares memory with a record it handed out (-want +got):\n%s", d)
		}
	})
}

// TestTaskCacheKeepsTheLaterVersionAndIsBounded_X8: a slow read of an
// older version never replaces a newer one, forget drops an entry, and
// the cache never holds more than cacheSize records.
func TestTaskCacheKeepsTheLaterVersionAndIsBounded_X8(t *testing.T) {
	c := newRecentCache(task.Record.Clone)
	c.put("t-1", 5, task.Record{ID: "t-1", Version: 5, Plays: 5}, 0)
	c.put("t-1", 4, task.Record{ID: "t-1", Version: 4, Plays: 4}, 0)
	if got, ok := c.get("t-1"); !ok || got.Version != 5 || got.Plays != 5 {
		t.Fatalf("X-8: an older version replaced a newer one: %+v %v", got.Version, ok)
	}
	c.forget("t-1")
	if _, ok := c.get("t-1"); ok {
		t.Fatal("X-8: a forgotten record is still cached")
	}
	for i := range cacheSize + 100 {
		c.put(fmt.Sprint("t-", i), 1, task.Record{}, 0)
	}
	if n := len(c.m); n != cacheSize {
		t.Fatalf("cache holds %d records, want at most %d", n, cacheSize)
	}
}

// report is CmdReportResults by platform actor who.
func report(ctx context.Context, svc *task.Service, who, id string, exposure int64) (task.Outcome, error) {
	return svc.Do(ctx, starmap.PlatformActor(who), id, task.Request{Command: task.CmdReportResults,
		Metrics: task.Metrics{Exposure: exposure, GMV: decimal.NewFromInt(exposure)}})
}

// TestTaskCacheNeverHoldsARolledBackVersion_X8: replica A's store writes
// version 2 inside a host transaction that rolls back; replica B then
// writes version 2 for real, with other content. A's next command must
// decide on B's version 2 — had A cached the rolled-back version 2, its
// compare-and-swap on version 2 would pass and B's change would be lost.
func TestTaskCacheNeverHoldsARolledBackVersion_X8(t *testing.T) {
	pool := freshPool(t)
	ctx := context.Background()
	storeA, storeB := mustTaskStore(t, pool), mustTaskStore(t, twinPool(t, pool))
	conflicts := 0
	clock := starmap.FixedClock(benchStart.Add(24 * time.Hour))
	svcA, err := task.NewService(storeA, clock, task.WithRetry(starmap.Retry{OnConflict: func(int, error) { conflicts++ }}))
	if err != nil {
		t.Fatal(err)
	}
	svcB, err := task.NewService(storeB, clock)
	if err != nil {
		t.Fatal(err)
	}
	publishedTask(t, storeA, "rb-1") // created by A outside a transaction: cached at version 1
	if r, ok := storeA.Recent(ctx, "rb-1"); !ok || r.Version != 1 {
		t.Fatalf("X-8: a committed create is not cached at version 1: %v %v", r.Version, ok)
	}

	errRollback := errors.New("host rolls back")
	err = InTx(ctx, pool, func(ctx context.Context) error {
		if _, ok := storeA.Recent(ctx, "rb-1"); ok {
			t.Error("X-8: Recent answered inside a host transaction")
		}
		out, err := report(ctx, svcA, "data-tx", "rb-1", 111)
		if err != nil || out.Task.Version() != 2 {
			t.Fatalf("report in the host transaction: v%d %v", out.Task.Version(), err)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("InTx = %v", err)
	}
	if r, ok := storeA.Recent(ctx, "rb-1"); !ok || r.Version != 1 || len(r.History) != 7 {
		t.Fatalf("X-8: after the rollback A's cache holds v%d with %d changes (hit %v); want the committed v1 with 7", r.Version, len(r.History), ok)
	}

	if out, err := report(ctx, svcB, "data-b", "rb-1", 222); err != nil || out.Task.Version() != 2 {
		t.Fatalf("B's report: v%d %v", out.Task.Version(), err)
	}
	out, err := report(ctx, svcA, "data-a", "rb-1", 333)
	if err != nil || out.Task.Version() != 3 {
		t.Fatalf("A's report: v%d %v", out.Task.Version(), err)
	}
	if conflicts != 1 {
		t.Fatalf("X-8: A's command met %d conflicts; want 1 (its cached v1 refused, then B's v2 loaded)", conflicts)
	}
	got, err := storeB.Get(ctx, "rb-1")
	if err != nil {
		t.Fatal(err)
	}
	var who []string
	for _, c := range got.History[7:] {
		who = append(who, c.Actor.String())
	}
	if fmt.Sprint(who) != "[platform:data-b platform:data-a]" || got.Version != 3 {
		t.Fatalf("X-8: stored v%d with reports by %v; want B's then A's, nothing of the rolled-back one", got.Version, who)
	}
	if r, ok := storeA.Recent(ctx, "rb-1"); !ok || r.Version != 3 {
		t.Fatalf("X-8: A's committed write is not cached: v%d %v", r.Version, ok)
	}
}

// TestTaskRefusalOnStaleCacheDecidedAgain_X8: A created the task with
// its video approved (cached at version 1), B publishes it (version 2);
// A's report — refused on the cached state, results come after publishing
// — succeeds on the fresh one: no refusal is decided on a cached record,
// and the write lands on B's version.
func TestTaskRefusalOnStaleCacheDecidedAgain_X8(t *testing.T) {
	pool := freshPool(t)
	ctx := context.Background()
	storeA, storeB := mustTaskStore(t, pool), mustTaskStore(t, twinPool(t, pool))
	clock := starmap.FixedClock(benchStart.Add(24 * time.Hour))
	svcA, _ := task.NewService(storeA, clock)
	svcB, _ := task.NewService(storeB, clock)
	taskAfter(t, storeA, "rf-1", 5)
	if r, ok := storeA.Recent(ctx, "rf-1"); !ok || r.State != task.StateVideoApproved {
		t.Fatalf("setup: A's cache holds %v (hit %v)", r.State, ok)
	}
	if _, err := svcB.Do(ctx, cre1, "rf-1", task.Request{Command: task.CmdPublish, Ref: "p-1"}); err != nil {
		t.Fatal(err)
	}
	out, err := report(ctx, svcA, "data-a", "rf-1", 5)
	if err != nil || out.Task.Version() != 3 || out.Task.State() != task.StatePublished {
		t.Fatalf("X-8: A's report on a stale cache: v%d %v; want it decided again on B's version and stored at v3", out.Task.Version(), err)
	}
}
