// Package tasktest is the conformance kit for task.Store implementations,
// like testing/fstest beside io/fs: a host's store test calls TestStore
// with a constructor of empty stores.
//
// TestStore runs the SDK's one version-contract check (internal/kit
// CheckVersions: create at version 1, stale and missing writes, exactly
// one of many concurrent writers wins — hammered — no memory shared with
// callers, and a round trip of a record that sets every field, with the
// largest amount, MinDate, MaxDate and the latest DueAt the library
// makes), then what is particular to task.Store: valid tasks survive a
// round trip and load again, a refused Create changes nothing, List
// filters, orders by id and pages with the root's paging rule and keyset
// cursors, List with an MCN (MCN-3) answers exactly what a scan answers,
// newest first by (OrderedAt, id) descending, with its documented cursors,
// ListDue answers exactly what a scan of every record answers
// (DueAt set and not after At, ordered by DueAt then id, paged), cursors
// are the ones the task package documents, listed records share no memory
// with the store, and a cancelled context writes nothing. A broken store
// fails the test with messages; it never panics the test binary.
package tasktest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/task"
)

// kitNow is the instant the kit's records are ordered at; its nanoseconds
// make a store that rounds instants fail the round trip.
var kitNow = time.Date(2026, 10, 1, 9, 0, 0, 123456789, starmap.CST())

// recordOptions compare what a record holds beyond plain values:
// decimals by value, instants by Equal, actors by value. (kit.CheckVersions
// compares dates itself.)
func recordOptions() cmp.Options {
	return cmp.Options{
		cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b starmap.Actor) bool { return a == b }),
	}
}

// Equal returns the go-cmp options that compare task records (decimals by
// value, instants by Equal, actors and dates by value), for tests that
// compare what a store holds before and after. Each call returns options
// of its own.
func Equal() cmp.Options {
	return cmp.Options{recordOptions(), cmp.Comparer(func(a, b starmap.Date) bool { return a == b })}
}

// equal compares records in the kit's own checks.
var equal = Equal()

// TestStore runs the conformance checks; newStore must return an empty
// store each time.
func TestStore(t *testing.T, newStore func() task.Store) {
	t.Run("fixture_sets_every_field", func(t *testing.T) {
		for _, f := range unset(reflect.ValueOf(fullRecord(0)), "Record") {
			if f != "Record.Version" {
				t.Errorf("tasktest: fullRecord(0) leaves %s zero; extend it", f)
			}
		}
	})
	t.Run("versions", func(t *testing.T) {
		kit.CheckVersions(t, 0, records(newStore()))
	})
	t.Run("valid_tasks_round_trip", func(t *testing.T) { testValidTasks(t, newStore()) })
	t.Run("refused_create_changes_nothing", func(t *testing.T) { testRefusedCreate(t, newStore()) })
	t.Run("list", func(t *testing.T) { testList(t, newStore()) })
	t.Run("list_paging", func(t *testing.T) { testListPaging(t, newStore()) })
	t.Run("list_due_equals_scan", func(t *testing.T) { testListDue(t, newStore()) })
	t.Run("list_mcn_newest_first", func(t *testing.T) { testListMCN(t, newStore()) })
	t.Run("listed_records_are_copies", func(t *testing.T) { testListAliasing(t, newStore()) })
	t.Run("cancelled_context_writes_nothing", func(t *testing.T) { testCancelled(t, newStore()) })
}

// records describes task records to kit.CheckVersions.
func records(s task.Store) kit.Records[string, task.Record] {
	return kit.Records[string, task.Record]{
		Kind: "task", Get: s.Get, Create: s.Create, Update: s.Update,
		New:         fullRecord,
		Key:         func(r task.Record) string { return r.ID },
		Version:     func(r task.Record) uint64 { return r.Version },
		WithVersion: func(r task.Record, v uint64) task.Record { r.Version = v; return r },
		Change: func(r task.Record, i int) task.Record {
			r = r.Clone()
			r.History = append(r.History, task.Change{Seq: len(r.History) + 1, Command: task.CmdReportResults,
				From: r.State, To: r.State, Actor: starmap.PlatformActor("data-" + strconv.Itoa(i)), At: kitNow.Add(time.Duration(i) * time.Minute)})
			r.Metrics.Orders = int64(i) + 1
			return r
		},
		Scribble: scribble,
		Options:  []cmp.Option{recordOptions()},
	}
}

// scribble overwrites everything a record reaches through a reference.
func scribble(r *task.Record) {
	for i := range r.Template.Deliverables {
		r.Template.Deliverables[i] = "scribbled"
	}
	for i := range r.Template.Points {
		r.Template.Points[i] = compliance.Point{Kind: compliance.PointMessage, Text: "scribbled"}
	}
	for i := range r.Template.Dues {
		r.Template.Dues[i] = task.Due{Milestone: task.MilestoneFinal, Date: starmap.MustDate(2000, 1, 1)}
	}
	for i := range r.Components {
		r.Components[i] = task.MountedComponent{ID: "scribbled", Title: "scribbled", AppID: "scribbled"}
	}
	for i := range r.History {
		r.History[i].Reason, r.History[i].Ref, r.History[i].Seq = "scribbled", "scribbled", -1
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
		r.Postings[i] = task.Posting{Kind: task.PostingRefund, From: task.AccountMCN, To: task.AccountCreator, Amount: decimal.NewFromInt(-1)}
	}
}

// fullRecord returns a record with a key of its own for each i that sets
// every field of task.Record and of what it holds, with the extremes a
// store must keep: the largest amount (price, a posting, GMV), MinDate and
// MaxDate (milestone dues), the latest DueAt the library makes (MaxDate
// 00:00 CST), instants with nanoseconds and in a zone of their own, rates
// with RatePrecision places, texts with line breaks and tabs. It is not a
// valid task — stores never judge.
func fullRecord(i int) task.Record {
	max := decimal.RequireFromString(starmap.MaxAmountText)
	p := task.DefaultPolicy()
	p.ScriptRejections, p.VideoRejections, p.InvitationDays = 10, 9, 14
	p.AutoAcceptDays, p.LiveConfirmDays, p.LiveEarlyStart = 30, 29, 2*time.Hour
	p.FeeRate, p.MCNShare = decimal.RequireFromString("0.000001"), decimal.RequireFromString("1")
	for pr := task.ProgressInvited; pr <= task.ProgressVideo; pr++ {
		for j, by := range []task.Party{task.PartyAdvertiser, task.PartyCreator, task.PartyPlatform} {
			p.Refunds.Set(pr, by, task.Refund{CreatorShare: decimal.New(int64(pr)*10+int64(j), -2), FeeShare: decimal.New(int64(j)+1, -1)})
		}
	}
	n := strconv.Itoa(i)
	at := kitNow.Add(time.Duration(i) * time.Second)
	h := time.Hour
	return task.Record{
		ID: "task-" + n, Advertiser: "adv-" + n, Creator: "cre-" + n, MCN: "mcn-" + n, Signing: "sig-" + n, MCNShareBP: 10000,
		Format: starmap.FormatLive, Price: max, Fee: decimal.RequireFromString("0.01"), LiveDuration: 24 * h,
		Template: task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"2小时直播", "口播\t3次"},
			Requirements: "真实使用场景\n结尾引导下单", Disclosure: true,
			Points: []compliance.Point{{Kind: compliance.PointProduct, Text: "新茶"}, {Kind: compliance.PointLink, Text: "https://v.example.com/x" + n}},
			Dues:   []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.MinDate()}, {Milestone: task.MilestoneReview, Date: starmap.MaxDate()}}},
		Components: []task.MountedComponent{{ID: "cmp-" + n, Title: "新茶尝鲜", AppID: "tt-" + n}},
		Policy:     p, OrderedAt: at,
		State: task.StateBroadcast, ScriptRejections: 3, VideoRejections: 2,
		DeliveredAt: at.Add(27 * h).In(time.UTC), LiveStart: at.Add(24 * h), LiveCard: true, BroadcastActual: 2*h + 5*time.Minute,
		Metrics: task.Metrics{Exposure: task.MaxCount, Clicks: 9800, ComponentClicks: 120, Favourites: 2100,
			AddToCart: 640, Orders: 310, GMV: max},
		DueAt: starmap.MaxDate().StartOfDay(),
		Settlement: task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{decimal.RequireFromString("0.000001"), decimal.RequireFromString("999999.999999")},
			Rate: max},
		Campaign: "cmp-" + n, Accepted: []bool{true, false}, Plays: task.MaxCount,
		Sales: []task.Sale{{Order: "ord-" + n, At: at.Add(28 * h), Amount: max}, {Order: "ord-" + n, At: at.Add(29 * h).In(time.UTC), Amount: decimal.RequireFromString("0.01"), Refund: true}},
		History: []task.Change{
			{Seq: 1, To: task.StatePending, Actor: starmap.SubAccountActor("adv-"+n, "sub-"+n), At: at},
			{Seq: 2, Command: task.CmdDecline, From: task.StatePending, To: task.StateDeclined,
				Actor: starmap.MCNActor("mcn-" + n), At: at.Add(h), Reason: "档期冲突\n下月可以", Ref: "ref-" + n,
				Compliance: kitCompliance(at.Add(h))},
		},
		Postings: []task.Posting{
			{Kind: task.PostingFreeze, From: task.AccountAdvertiserAvailable, To: task.AccountAdvertiserFrozen, Amount: max, At: at.In(time.UTC)},
			{Kind: task.PostingMCNShare, From: task.AccountAdvertiserFrozen, To: task.AccountMCN, Amount: decimal.RequireFromString("0.01")},
		},
	}
}

// kitCompliance sets every field of task.Compliance with values a review
// makes: a finding with its spans, its waiver by the platform, a filled
// standard checklist with a failed item and the rejection citing both.
func kitCompliance(at time.Time) task.Compliance {
	f := compliance.Finding{Kind: compliance.KindAbsoluteTerm, Severity: compliance.SeverityBlock, Term: "最佳",
		Span: compliance.Span{Start: 1, End: 4}, Bytes: compliance.Span{Start: 3, End: 10}, Text: "最 佳"}
	var marks []compliance.Mark
	for _, it := range compliance.StandardItems() {
		marks = append(marks, compliance.Mark{Item: it, Pass: it.Key != compliance.ItemWording})
	}
	marks[len(marks)-1].Note = "删去“最佳”\n换成真实感受"
	return task.Compliance{
		Checked:   true,
		Findings:  []compliance.Finding{f},
		Waiver:    compliance.Waiver{Finding: f, By: starmap.PlatformActor("reviewer-k"), At: at.In(time.UTC), Reason: "已核实为注册商标"},
		Checklist: compliance.Checklist{Marks: marks},
		Rejection: compliance.Rejection{Failed: marks[len(marks)-1:], Findings: []compliance.Finding{f}},
	}
}

// unset lists the fields of v (a struct) that are zero in it — for a slice
// of structs, the fields zero in every element; nested structs of package
// task are walked, others (decimals, instants, actors, dates) are leaves.
func unset(v reflect.Value, path string) []string {
	var out []string
	ty := v.Type()
	for i := 0; i < ty.NumField(); i++ {
		f, fv := ty.Field(i), v.Field(i)
		name := path + "." + f.Name
		switch {
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct && ownType(f.Type.Elem()):
			if fv.Len() == 0 {
				out = append(out, name)
				continue
			}
			// A field counts as set when one element sets it.
			missing := map[string]int{}
			for j := 0; j < fv.Len(); j++ {
				for _, m := range unset(fv.Index(j), name+"[]") {
					missing[m]++
				}
			}
			for m, c := range missing {
				if c == fv.Len() {
					out = append(out, m)
				}
			}
		case f.Type.Kind() == reflect.Struct && ownType(f.Type):
			out = append(out, unset(fv, name)...)
		case fv.IsZero():
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func ownType(t reflect.Type) bool { return t.PkgPath() == reflect.TypeOf(task.Record{}).PkgPath() }

// Valid tasks, built through the task package itself.

var (
	kitAdvertiser = starmap.SubAccountActor("adv-full", "sub-full")
	kitCreator    = starmap.CreatorActor("cre-full")
	kitMCN        = starmap.MCNActor("mcn-full")
	kitReviewer   = starmap.PlatformActor("reviewer-full")
)

// validTasks builds two valid records that use most of what a task can
// hold: a settled short video of a creator signed to an MCN, ordered under
// a non-default policy with a mounted component, its script and video each
// rejected by the advertiser (the script with the review checklist, the
// checker's findings and the platform's waiver of one, CPL-2 … CPL-4) and
// results reported; and a live task with
// its schedule, live card switch and broadcast, waiting for acceptance
// (DueAt set). It reports, not panics, when the task package refuses a
// step.
func validTasks(t *testing.T) []task.Record {
	t.Helper()
	p := task.DefaultPolicy()
	p.ScriptRejections, p.VideoRejections, p.InvitationDays = 5, 4, 9
	p.AutoAcceptDays, p.LiveConfirmDays, p.LiveEarlyStart = 11, 12, 45*time.Minute
	p.FeeRate, p.MCNShare = decimal.RequireFromString("0.06"), decimal.RequireFromString("0.2")
	p.Refunds.Set(task.ProgressScript, task.PartyCreator, task.Refund{CreatorShare: decimal.RequireFromString("0.15"), FeeShare: decimal.RequireFromString("0.25")})
	tpl := task.Template{Objective: task.ObjectiveFavourites, Deliverables: []string{"60s video", "cover"},
		Requirements: "口播提到新品", Disclosure: true,
		Points: []compliance.Point{{Kind: compliance.PointProduct, Text: "新茶"}, {Kind: compliance.PointMessage, Text: "冷泡更香"}},
		Dues: []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.DateOf(kitNow).AddDays(3)},
			{Milestone: task.MilestoneReview, Date: starmap.DateOf(kitNow).AddDays(30)}}}
	mounted := []task.MountedComponent{{ID: "cmp-full", Title: "领券", AppID: "tt-full"}}
	type step struct {
		by    starmap.Actor
		after time.Duration
		r     task.Request
	}
	build := func(o task.Order, steps []step) (task.Record, bool) {
		o.Template, o.Components = tpl, []string{"cmp-full"}
		tk, _, err := task.New(kitAdvertiser, kitNow, o, p, mounted)
		if err != nil {
			t.Errorf("tasktest: building %s: %v", o.ID, err)
			return task.Record{}, false
		}
		for i, s := range steps {
			if _, err := tk.Apply(s.by, kitNow.Add(s.after), s.r); err != nil {
				t.Errorf("tasktest: building %s, step %d %v: %v", o.ID, i, s.r.Command, err)
				return task.Record{}, false
			}
		}
		return tk.Record(), true
	}
	h := time.Hour
	// The script's review (CPL-2 … CPL-4): the first draft has an absolute
	// term and no disclosure and is rejected with the checklist; the
	// second names the brand 全网第一茶铺, which the platform waives.
	script1 := "今年最佳的新茶,冷泡更香。"
	script2 := "【广告】全网第一茶铺的新茶,冷泡更香。"
	var waive compliance.Finding
	if c, err := compliance.NewChecker(); err != nil {
		t.Errorf("tasktest: the default checker: %v", err)
	} else if fs, err := c.Check(script2, tpl.Compliance()); err != nil || len(fs) == 0 {
		t.Errorf("tasktest: checking the second script: %v, %d findings", err, len(fs))
	} else {
		waive = fs[0]
	}
	answers := func(failed compliance.ItemKey, note string) []compliance.Answer {
		var out []compliance.Answer
		for _, it := range compliance.StandardItems() {
			a := compliance.Answer{Item: it.Key, Pass: it.Key != failed}
			if !a.Pass {
				a.Note = note
			}
			out = append(out, a)
		}
		return out
	}
	results := task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 9000, Clicks: 300,
		ComponentClicks: 120, Favourites: 80, AddToCart: 40, Orders: 12, GMV: decimal.RequireFromString("1234.56")}}
	var out []task.Record
	if r, ok := build(task.Order{ID: "full-video", Creator: "cre-full", MCN: "mcn-full", Format: starmap.FormatShortVideo,
		Price: decimal.RequireFromString("1999.99")}, []step{
		{kitMCN, h, task.Request{Command: task.CmdAcceptOrder}},
		{kitCreator, 2 * h, task.Request{Command: task.CmdSubmitScript, Ref: "script-v1", Text: script1}},
		{kitAdvertiser, 3 * h, task.Request{Command: task.CmdRejectScript, Reason: "开头加产品特写",
			Answers: answers(compliance.ItemWording, "删去“最佳”")}},
		{kitCreator, 4 * h, task.Request{Command: task.CmdSubmitScript, Ref: "script-v2", Text: script2}},
		{kitReviewer, 4*h + 30*time.Minute, task.Request{Command: task.CmdWaiveFinding, Finding: waive, Reason: "全网第一茶铺为注册商标"}},
		{kitReviewer, 5 * h, task.Request{Command: task.CmdApproveScript, Answers: answers("", "")}},
		{kitMCN, 6 * h, task.Request{Command: task.CmdSubmitVideo, Ref: "video-v1", Text: "【广告】新茶冷泡更香"}},
		{kitAdvertiser, 7 * h, task.Request{Command: task.CmdRejectVideo, Reason: "画面太暗"}},
		{kitCreator, 8 * h, task.Request{Command: task.CmdSubmitVideo, Ref: "video-v2"}},
		{kitAdvertiser, 9 * h, task.Request{Command: task.CmdApproveVideo}},
		{kitCreator, 10 * h, task.Request{Command: task.CmdPublish, Ref: "douyin-1"}},
		{kitReviewer, 11 * h, results},
		{kitAdvertiser, 12 * h, task.Request{Command: task.CmdAcceptDelivery}},
	}); ok {
		out = append(out, r)
	}
	start := kitNow.Add(24 * h)
	if r, ok := build(task.Order{ID: "full-live", Creator: "cre-full", MCN: "mcn-full", Format: starmap.FormatLive,
		Price: decimal.RequireFromString("6000.00"), LiveDuration: 2 * h}, []step{
		{kitCreator, h, task.Request{Command: task.CmdAcceptOrder}},
		{kitMCN, 2 * h, task.Request{Command: task.CmdSchedule, Start: start}},
		{kitCreator, 24 * h, task.Request{Command: task.CmdStartBroadcast}},
		{kitCreator, 24*h + time.Minute, task.Request{Command: task.CmdShowLiveCard}},
		{kitCreator, 26*h + 10*time.Minute, task.Request{Command: task.CmdEndBroadcast, Duration: 2*h + 5*time.Minute}},
		{kitReviewer, 27 * h, results},
	}); ok {
		out = append(out, r)
	}
	return out
}

// simpleRecord is a valid pending short-video task id of advertiser from
// creator, ordered at kitNow on the default template.
func simpleRecord(t *testing.T, id, advertiser, creator string) (task.Record, bool) {
	t.Helper()
	o := task.Order{ID: id, Creator: creator, Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(800)}
	tk, _, err := task.New(starmap.AdvertiserActor(advertiser), kitNow, o, task.DefaultPolicy(), nil)
	if err != nil {
		t.Errorf("tasktest: building a record: %v", err)
		return task.Record{}, false
	}
	return tk.Record(), true
}

func testValidTasks(t *testing.T, s task.Store) {
	ctx := context.Background()
	for _, r := range validTasks(t) {
		if _, err := s.Create(ctx, r); err != nil {
			t.Errorf("%s: Create: %v", r.ID, err)
			continue
		}
		got, err := s.Get(ctx, r.ID)
		if err != nil {
			t.Errorf("%s: Get: %v", r.ID, err)
			continue
		}
		r.Version = 1
		if d := cmp.Diff(r, got, equal); d != "" {
			t.Errorf("%s: Get differs from what was created (-want +got):\n%s", r.ID, d)
		}
		tk, err := task.FromRecord(got)
		if err != nil {
			t.Errorf("%s: the stored record is no longer a task: %v", r.ID, err)
			continue
		}
		// One more command, stored with the version read.
		if _, err := tk.Apply(kitReviewer, kitNow.Add(30*time.Hour), task.Request{Command: task.CmdReportResults,
			Metrics: task.Metrics{Exposure: 10000, GMV: decimal.RequireFromString("1.00")}}); err != nil {
			t.Errorf("%s: %v", r.ID, err)
			continue
		}
		want := tk.Record()
		if v, err := s.Update(ctx, want); err != nil || v != 2 {
			t.Errorf("%s: Update = %d, %v; want 2", r.ID, v, err)
			continue
		}
		again, err := s.Get(ctx, r.ID)
		if err != nil {
			t.Errorf("%s: Get: %v", r.ID, err)
			continue
		}
		want.Version = 2
		if d := cmp.Diff(want, again, equal); d != "" {
			t.Errorf("%s: Get differs from what was updated (-want +got):\n%s", r.ID, d)
		}
		if _, err := task.FromRecord(again); err != nil {
			t.Errorf("%s: the updated record is no longer a task: %v", r.ID, err)
		}
	}
}

func testRefusedCreate(t *testing.T, s task.Store) {
	ctx := context.Background()
	r, ok := simpleRecord(t, "task-1", "adv-1", "cre-1")
	r2, ok2 := simpleRecord(t, "task-1", "adv-2", "cre-2")
	if !ok || !ok2 {
		return
	}
	if _, err := s.Create(ctx, r); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if _, err := s.Create(ctx, r2); !errors.Is(err, starmap.ErrConflict) {
		t.Errorf("second Create: %v, want ErrConflict", err)
	}
	got, err := s.Get(ctx, "task-1")
	if err != nil || got.Advertiser != "adv-1" || got.Version != 1 {
		t.Errorf("the refused Create changed the record: %q v%d, %v", got.Advertiser, got.Version, err)
	}
}

// ids are the ids of a page's records.
func ids(rs []task.Record) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func testList(t *testing.T, s task.Store) {
	ctx := context.Background()
	for i, id := range []string{"t-3", "t-1", "t-5", "t-2", "t-4"} {
		r, ok := simpleRecord(t, id, fmt.Sprintf("adv-%d", i%2), "cre-1")
		if !ok {
			return
		}
		if id == "t-2" {
			r.State = task.StateDeclined
		}
		if id == "t-4" {
			r.Creator = "cre-2"
		}
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatalf("Create: %v", err)
		}
	}
	for _, c := range []struct {
		name string
		q    task.Query
		want []string
	}{
		{"all, by id", task.Query{}, []string{"t-1", "t-2", "t-3", "t-4", "t-5"}},
		{"open", task.Query{Open: true}, []string{"t-1", "t-3", "t-4", "t-5"}},
		{"by advertiser", task.Query{Advertiser: "adv-0"}, []string{"t-3", "t-4", "t-5"}},
		{"by creator", task.Query{Creator: "cre-2"}, []string{"t-4"}},
		{"by advertiser and creator, open", task.Query{Advertiser: "adv-1", Creator: "cre-1", Open: true}, []string{"t-1"}},
		{"unknown creator", task.Query{Creator: "cre-9"}, []string{}},
	} {
		p, err := s.List(ctx, c.q)
		if err != nil {
			t.Errorf("List %s: %v", c.name, err)
			continue
		}
		if d := cmp.Diff(c.want, ids(p.Items)); d != "" {
			t.Errorf("List %s (-want +got):\n%s", c.name, d)
		}
		if p.Next != "" {
			t.Errorf("List %s: a single page has the next cursor %q", c.name, p.Next)
		}
		for _, r := range p.Items {
			if r.Version != 1 {
				t.Errorf("List %s: %s at version %d, want 1", c.name, r.ID, r.Version)
			}
		}
	}
}

func testListPaging(t *testing.T, s task.Store) {
	ctx := context.Background()
	n := starmap.MaxPageLimit + 1
	var all []string
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("t-%03d", i)
		r, ok := simpleRecord(t, id, "adv-1", "cre-1")
		if !ok {
			return
		}
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatalf("Create: %v", err)
		}
		all = append(all, id)
	}
	for _, c := range []struct {
		limit, want int
	}{{0, starmap.DefaultPageLimit}, {7, 7}, {starmap.MaxPageLimit + 50, starmap.MaxPageLimit}} {
		p, err := s.List(ctx, task.Query{PageRequest: starmap.PageRequest{Limit: c.limit}})
		if err != nil {
			t.Errorf("List limit %d: %v", c.limit, err)
			continue
		}
		if d := cmp.Diff(all[:c.want], ids(p.Items)); d != "" {
			t.Errorf("List limit %d: want the first %d (-want +got):\n%s", c.limit, c.want, d)
		}
		if len(p.Items) > 0 && p.Next != starmap.EncodeCursor(p.Items[len(p.Items)-1].ID) {
			t.Errorf("List limit %d: next cursor %q, want starmap.EncodeCursor of the last id", c.limit, p.Next)
		}
	}
	// Walk every page of 17; the pages join up to the whole list.
	got := walkPages(t, "List", 17, n+1, func(cursor string) (starmap.Page[task.Record], error) {
		return s.List(ctx, task.Query{PageRequest: starmap.PageRequest{Limit: 17, Cursor: cursor}})
	}, func(r task.Record) string { return starmap.EncodeCursor(r.ID) })
	if d := cmp.Diff(all, got); d != "" {
		t.Errorf("the pages of 17 do not join up to the list (-want +got):\n%s", d)
	}
	if _, err := s.List(ctx, task.Query{PageRequest: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("List with a negative limit: %v, want ErrPageLimit", err)
	}
	for _, c := range []string{"not a cursor", starmap.EncodeCursor("a", "b")} {
		if _, err := s.List(ctx, task.Query{PageRequest: starmap.PageRequest{Cursor: c}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("List with cursor %q: %v, want ErrCursorInvalid", c, err)
		}
	}
}

// walkPages reads every page list gives, from the first, for a query of
// limit (at most maxPages pages: a store whose cursor never ends stops
// there): each page holds at most the effective limit, a page with a next
// cursor is full, and that cursor is cursorOf its last record (the
// documented keyset). It returns the ids in order; what names the query.
func walkPages(t *testing.T, what string, limit, maxPages int,
	list func(cursor string) (starmap.Page[task.Record], error), cursorOf func(task.Record) string) []string {
	t.Helper()
	want := starmap.PageRequest{Limit: limit}.EffectiveLimit()
	var got []string
	cursor := ""
	for range maxPages {
		p, err := list(cursor)
		if err != nil {
			t.Errorf("%s, limit %d: %v", what, limit, err)
			return got
		}
		if len(p.Items) > want || (p.Next != "" && len(p.Items) != want) {
			t.Errorf("%s, limit %d: a page of %d with next %q", what, limit, len(p.Items), p.Next)
		}
		if len(p.Items) > 0 && p.Next != "" && p.Next != cursorOf(p.Items[len(p.Items)-1]) {
			t.Errorf("%s: next cursor %q is not the documented one of the last record", what, p.Next)
		}
		got = append(got, ids(p.Items)...)
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	return got
}

// dueCursor is the documented ListDue cursor of a record.
func dueCursor(r task.Record) string {
	return starmap.EncodeCursor(strconv.FormatInt(r.DueAt.Unix(), 10), strconv.Itoa(r.DueAt.Nanosecond()), r.ID)
}

func testListDue(t *testing.T, s task.Store) {
	ctx := context.Background()
	// Records due on a few instants (ties on purpose, some in another
	// zone), some never due, created in a shuffled order.
	rng := rand.New(rand.NewPCG(11, 17))
	base := time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST())
	var recs []task.Record
	for i := 0; i < 3*starmap.DefaultPageLimit+7; i++ {
		r, ok := simpleRecord(t, fmt.Sprintf("d-%02d", rng.IntN(1000)*100+i), "adv-1", "cre-1")
		if !ok {
			return
		}
		switch k := rng.IntN(6); k {
		case 0:
			r.DueAt = time.Time{} // waits on no clock
		default:
			r.DueAt = base.AddDate(0, 0, k-3)
			if rng.IntN(2) == 0 {
				r.DueAt = r.DueAt.In(time.UTC)
			}
		}
		recs = append(recs, r)
	}
	recs[0].DueAt = starmap.MaxDate().StartOfDay() // the latest the library makes
	for _, r := range recs {
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatalf("Create: %v", err)
		}
	}
	scan := func(at time.Time) []string {
		var due []task.Record
		for _, r := range recs {
			if !r.DueAt.IsZero() && !r.DueAt.After(at) {
				due = append(due, r)
			}
		}
		sort.Slice(due, func(i, j int) bool {
			if !due[i].DueAt.Equal(due[j].DueAt) {
				return due[i].DueAt.Before(due[j].DueAt)
			}
			return due[i].ID < due[j].ID
		})
		return ids(due)
	}
	for _, at := range []time.Time{base.AddDate(0, 0, -10), base.AddDate(0, 0, -1), base, base.Add(-time.Nanosecond),
		base.AddDate(0, 0, 2).In(time.UTC), starmap.MaxDate().StartOfDay(), base.AddDate(100, 0, 0)} {
		for _, limit := range []int{0, 1, 6, starmap.MaxPageLimit} {
			got := walkPages(t, fmt.Sprintf("ListDue at %v", at), limit, len(recs)+2, func(cursor string) (starmap.Page[task.Record], error) {
				return s.ListDue(ctx, task.DueQuery{At: at, PageRequest: starmap.PageRequest{Limit: limit, Cursor: cursor}})
			}, dueCursor)
			if d := cmp.Diff(scan(at), got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("ListDue at %v, limit %d, differs from a scan (-scan +store):\n%s", at, limit, d)
			}
		}
	}
	if _, err := s.ListDue(ctx, task.DueQuery{At: base, PageRequest: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("ListDue with a negative limit: %v, want ErrPageLimit", err)
	}
	if _, err := s.ListDue(ctx, task.DueQuery{At: base, PageRequest: starmap.PageRequest{Cursor: starmap.EncodeCursor("x")}}); !errors.Is(err, starmap.ErrCursorInvalid) {
		t.Errorf("ListDue with a cursor of one part: %v, want ErrCursorInvalid", err)
	}
	// A record moves out of the due set when its DueAt changes.
	r := recs[1]
	got, err := s.Get(ctx, r.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	got.DueAt = time.Time{}
	if _, err := s.Update(ctx, got); err != nil {
		t.Fatalf("Update: %v", err)
	}
	p, err := s.ListDue(ctx, task.DueQuery{At: starmap.MaxDate().StartOfDay(), PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
	if err != nil {
		t.Fatalf("ListDue: %v", err)
	}
	for _, x := range p.Items {
		if x.ID == r.ID {
			t.Errorf("ListDue still answers %s after its DueAt was cleared", r.ID)
		}
		if x.ID == recs[0].ID && x.Version != 1 {
			t.Errorf("ListDue %s at version %d, want 1", x.ID, x.Version)
		}
	}
}

func testListAliasing(t *testing.T, s task.Store) {
	ctx := context.Background()
	r := fullRecord(500)
	if _, err := s.Create(ctx, r); err != nil {
		t.Fatalf("Create: %v", err)
	}
	want, err := s.Get(ctx, r.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	p, err := s.List(ctx, task.Query{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	for i := range p.Items {
		scribble(&p.Items[i])
	}
	d, err := s.ListDue(ctx, task.DueQuery{At: starmap.MaxDate().StartOfDay()})
	if err != nil {
		t.Fatalf("ListDue: %v", err)
	}
	if len(d.Items) != 1 {
		t.Fatalf("ListDue at the calendar's end: %d records, want 1", len(d.Items))
	}
	scribble(&d.Items[0])
	again, err := s.Get(ctx, r.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if diff := cmp.Diff(want, again, equal); diff != "" {
		t.Errorf("changing listed records changed the store (-before +after):\n%s", diff)
	}
}

func testCancelled(t *testing.T, s task.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, ok := simpleRecord(t, "task-c", "adv-1", "cre-1")
	if !ok {
		return
	}
	if _, err := s.Create(ctx, r); err == nil {
		t.Errorf("Create with a cancelled context succeeded")
	}
	if _, err := s.Get(context.Background(), r.ID); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("after a Create with a cancelled context: Get = %v, want ErrNotFound", err)
	}
	if _, err := s.Create(context.Background(), r); err != nil {
		t.Fatalf("Create: %v", err)
	}
	got, err := s.Get(context.Background(), r.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	got.State = task.StateDeclined
	if _, err := s.Update(ctx, got); err == nil {
		t.Errorf("Update with a cancelled context succeeded")
	}
	if again, err := s.Get(context.Background(), r.ID); err != nil || again.Version != 1 || again.State != task.StatePending {
		t.Errorf("after an Update with a cancelled context: %v v%d, %v; want pending v1", again.State, again.Version, err)
	}
}
