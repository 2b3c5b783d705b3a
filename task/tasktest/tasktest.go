// Package tasktest is the conformance kit for task.Store implementations,
// like testing/fstest beside io/fs: a host's store test calls TestStore
// with a constructor of empty stores, and the kit checks the contract of
// the root package and of task.Store: round trip, not found, already
// exists, stale version conflict, concurrent compare-and-swap (exactly one
// of N writers wins), list filtering, ordering, paging and the default
// limit, a round trip of records that set every field, and no aliasing
// between callers and the store (after Create, Get, List and Update).
package tasktest

import (
	"context"
	"errors"
	"fmt"
	"github.com/starmap-go/starmap/internal/kit"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// Now is the instant the kit's records are ordered at.
var Now = time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST)

// NewRecord builds a valid record of a pending short-video task id ordered
// by advertiser from creator, with one history entry and the freeze
// posting; it fails the test on error.
func NewRecord(t testing.TB, id, advertiser, creator string) task.Record {
	t.Helper()
	o := task.Order{ID: id, Creator: creator, Format: starmap.FormatShortVideo,
		Price: decimal.NewFromInt(800),
		Template: task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"60s video", "cover"},
			Dues: []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.DateOf(Now).AddDays(3)}}},
	}
	tk, _, err := task.New(o, starmap.AdvertiserActor(advertiser), Now, task.DefaultPolicy(),
		nil)
	if err != nil {
		t.Fatalf("tasktest: building a record: %v", err)
	}
	return tk.Record()
}

// FullRecords builds two valid records that between them set every field
// of task.Record: a settled short video of a creator signed to an MCN,
// ordered under a non-default policy with a mounted component, its
// script and video each rejected by the advertiser (reasons and refs in
// the history) and results reported; and a settled live task with its
// schedule, live card switch and broadcast. A store must give both back
// unchanged. It fails the test on error.
func FullRecords(t testing.TB) []task.Record {
	t.Helper()
	p := task.DefaultPolicy()
	p.ScriptRejections, p.VideoRejections, p.InvitationDays = 5, 4, 9
	p.AutoAcceptDays, p.LiveConfirmDays, p.LiveEarlyStart = 11, 12, 45*time.Minute
	p.FeeRate, p.MCNShare = decimal.RequireFromString("0.06"), decimal.RequireFromString("0.2")
	p.Refunds.Set(task.ProgressScript, task.PartyCreator, task.Refund{CreatorShare: decimal.RequireFromString("0.15"), FeeShare: decimal.RequireFromString("0.25")})
	adv, cre, mcn := starmap.SubAccountActor("adv-full", "sub-full"), starmap.CreatorActor("cre-full"), starmap.MCNActor("mcn-full")
	reviewer := starmap.PlatformActor("reviewer-full")
	tpl := task.Template{Objective: task.ObjectiveFavourites, Deliverables: []string{"60s video", "cover"},
		Requirements: "口播提到新品", Disclosure: true,
		Dues: []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.DateOf(Now).AddDays(3)},
			{Milestone: task.MilestoneReview, Date: starmap.DateOf(Now).AddDays(30)}}}
	mounted := []task.MountedComponent{{ID: "cmp-full", Title: "领券", AppID: "tt-full"}}
	build := func(o task.Order, steps []task.Request, at []time.Duration, by []starmap.Actor) task.Record {
		o.Template, o.Components = tpl, []string{"cmp-full"}
		tk, _, err := task.New(o, adv, Now, p, mounted)
		if err != nil {
			t.Fatalf("tasktest: building a full record: %v", err)
		}
		for i, r := range steps {
			if _, err := tk.Apply(r, by[i], Now.Add(at[i])); err != nil {
				t.Fatalf("tasktest: building a full record, step %d %v: %v", i, r.Command, err)
			}
		}
		return tk.Record()
	}
	h := time.Hour
	results := task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 9000, Clicks: 300,
		ComponentClicks: 120, Favourites: 80, AddToCart: 40, Orders: 12, GMV: decimal.RequireFromString("1234.56")}}
	video := build(task.Order{ID: "full-video", Creator: "cre-full", MCN: "mcn-full", Format: starmap.FormatShortVideo,
		Price: decimal.RequireFromString("1999.99")},
		[]task.Request{{Command: task.CmdAcceptOrder}, {Command: task.CmdSubmitScript, Ref: "script-v1"},
			{Command: task.CmdRejectScript, Reason: "开头加产品特写"}, {Command: task.CmdSubmitScript, Ref: "script-v2"},
			{Command: task.CmdApproveScript}, {Command: task.CmdSubmitVideo, Ref: "video-v1"},
			{Command: task.CmdRejectVideo, Reason: "画面太暗"}, {Command: task.CmdSubmitVideo, Ref: "video-v2"},
			{Command: task.CmdApproveVideo}, {Command: task.CmdPublish, Ref: "douyin-1"}, results,
			{Command: task.CmdAcceptDelivery}},
		[]time.Duration{h, 2 * h, 3 * h, 4 * h, 5 * h, 6 * h, 7 * h, 8 * h, 9 * h, 10 * h, 11 * h, 12 * h},
		[]starmap.Actor{mcn, cre, adv, cre, reviewer, mcn, adv, cre, adv, cre, reviewer, adv})
	start := Now.Add(24 * h)
	live := build(task.Order{ID: "full-live", Creator: "cre-full", MCN: "mcn-full", Format: starmap.FormatLive,
		Price: decimal.RequireFromString("6000.00"), LiveDuration: 2 * h},
		[]task.Request{{Command: task.CmdAcceptOrder}, {Command: task.CmdSchedule, Start: start},
			{Command: task.CmdStartBroadcast}, {Command: task.CmdShowLiveCard},
			{Command: task.CmdEndBroadcast, Duration: 2*h + 5*time.Minute}, results},
		[]time.Duration{h, 2 * h, 24 * h, 24*h + time.Minute, 26*h + 10*time.Minute, 27 * h},
		[]starmap.Actor{cre, mcn, cre, cre, cre, reviewer})
	return []task.Record{video, live}
}

// Equal is the go-cmp option set that compares records (decimals by value,
// times by instant).
var Equal = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.AllowUnexported(starmap.Actor{}, starmap.Date{}),
}

// TestStore runs the conformance checks; newStore must return an empty
// store each time.
func TestStore(t *testing.T, newStore func() task.Store) {
	ctx := context.Background()

	t.Run("round_trip", func(t *testing.T) {
		s := newStore()
		r := NewRecord(t, "task-1", "adv-1", "cre-1")
		v, err := s.Create(ctx, r)
		if err != nil || v != 1 {
			t.Fatalf("Create = %d, %v; want 1, nil", v, err)
		}
		got, err := s.Get(ctx, "task-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 {
			t.Errorf("Version = %d, want 1", got.Version)
		}
		r.Version = 1
		if d := cmp.Diff(r, got, Equal); d != "" {
			t.Errorf("Get differs from what was created (-want +got):\n%s", d)
		}
		tk, err := task.FromRecord(got)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tk.Apply(task.Request{Command: task.CmdAcceptOrder}, starmap.CreatorActor("cre-1"), Now); err != nil {
			t.Fatal(err)
		}
		v, err = s.Update(ctx, tk.Record())
		if err != nil || v != 2 {
			t.Fatalf("Update = %d, %v; want 2, nil", v, err)
		}
		got, err = s.Get(ctx, "task-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.State != task.StateAccepted || got.Version != 2 || len(got.History) != 2 {
			t.Errorf("after update: state %v version %d history %d; want accepted 2 2", got.State, got.Version, len(got.History))
		}
	})

	t.Run("full_round_trip", func(t *testing.T) {
		recs := FullRecords(t)
		// The two records set every field of task.Record between them, so
		// a store that drops one fails here.
		for i := 0; i < reflect.TypeOf(task.Record{}).NumField(); i++ {
			f := reflect.TypeOf(task.Record{}).Field(i)
			if f.Name == "Version" {
				continue
			}
			set := false
			for _, r := range recs {
				set = set || !reflect.ValueOf(r).Field(i).IsZero()
			}
			if !set {
				t.Errorf("tasktest: FullRecords leaves Record.%s zero; extend it", f.Name)
			}
		}
		s := newStore()
		for _, r := range recs {
			if _, err := s.Create(ctx, r); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			r.Version = 1
			if d := cmp.Diff(r, got, Equal); d != "" {
				t.Errorf("%s: Get differs from what was created (-want +got):\n%s", r.ID, d)
			}
			got.Metrics.Orders++ // any change; the store does not judge it
			if _, err := s.Update(ctx, got); err != nil {
				t.Fatal(err)
			}
			again, err := s.Get(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			got.Version = 2
			if d := cmp.Diff(got, again, Equal); d != "" {
				t.Errorf("%s: Get differs from what was updated (-want +got):\n%s", r.ID, d)
			}
			if _, err := task.FromRecord(again); err != nil {
				t.Errorf("%s: the stored record is no longer a task: %v", r.ID, err)
			}
		}
	})

	t.Run("not_found", func(t *testing.T) {
		s := newStore()
		if _, err := s.Get(ctx, "nope"); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("Get missing: %v, want ErrNotFound", err)
		}
		r := NewRecord(t, "nope", "adv-1", "cre-1")
		r.Version = 1
		if _, err := s.Update(ctx, r); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("Update missing: %v, want ErrNotFound", err)
		}
	})

	t.Run("already_exists", func(t *testing.T) {
		s := newStore()
		r := NewRecord(t, "task-1", "adv-1", "cre-1")
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		r2 := NewRecord(t, "task-1", "adv-2", "cre-2")
		if _, err := s.Create(ctx, r2); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("second Create: %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, "task-1")
		if got.Advertiser != "adv-1" || got.Version != 1 {
			t.Errorf("the failed Create changed the record: %+v", got.Advertiser)
		}
	})

	t.Run("stale_version", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, NewRecord(t, "task-1", "adv-1", "cre-1")); err != nil {
			t.Fatal(err)
		}
		a, _ := s.Get(ctx, "task-1")
		b, _ := s.Get(ctx, "task-1")
		a.State = task.StateAccepted
		if _, err := s.Update(ctx, a); err != nil {
			t.Fatal(err)
		}
		b.State = task.StateDeclined
		if _, err := s.Update(ctx, b); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("stale Update: %v, want ErrConflict", err)
		}
		got, _ := s.Get(ctx, "task-1")
		if got.State != task.StateAccepted || got.Version != 2 {
			t.Errorf("after stale update: %v v%d, want accepted v2", got.State, got.Version)
		}
	})

	t.Run("concurrent_cas", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, NewRecord(t, "task-1", "adv-1", "cre-1")); err != nil {
			t.Fatal(err)
		}
		base, _ := s.Get(ctx, "task-1")
		kit.OneWinner(t, 16, func(i int) error {
			r := base.Clone()
			r.ScriptRejections = i
			_, err := s.Update(ctx, r)
			return err
		})
		if got, _ := s.Get(ctx, "task-1"); got.Version != 2 {
			t.Errorf("version %d after one win, want 2", got.Version)
		}
	})

	t.Run("list", func(t *testing.T) {
		s := newStore()
		for i, id := range []string{"t-3", "t-1", "t-5", "t-2", "t-4"} {
			r := NewRecord(t, id, fmt.Sprintf("adv-%d", i%2), "cre-1")
			if id == "t-2" {
				r.State = task.StateDeclined
			}
			if _, err := s.Create(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(rs []task.Record) []string {
			out := []string{}
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		all, err := s.List(ctx, task.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff([]string{"t-1", "t-2", "t-3", "t-4", "t-5"}, ids(all)); d != "" {
			t.Errorf("List all (-want +got):\n%s", d)
		}
		for _, r := range all {
			if r.Version != 1 {
				t.Errorf("List %s version %d, want 1", r.ID, r.Version)
			}
		}
		open, _ := s.List(ctx, task.Query{Open: true})
		if d := cmp.Diff([]string{"t-1", "t-3", "t-4", "t-5"}, ids(open)); d != "" {
			t.Errorf("List open (-want +got):\n%s", d)
		}
		adv, _ := s.List(ctx, task.Query{Advertiser: "adv-0"})
		if d := cmp.Diff([]string{"t-3", "t-4", "t-5"}, ids(adv)); d != "" {
			t.Errorf("List by advertiser (-want +got):\n%s", d)
		}
		page, _ := s.List(ctx, task.Query{After: "t-2", Limit: 2})
		if d := cmp.Diff([]string{"t-3", "t-4"}, ids(page)); d != "" {
			t.Errorf("List page (-want +got):\n%s", d)
		}
		none, _ := s.List(ctx, task.Query{Creator: "cre-9"})
		if len(none) != 0 {
			t.Errorf("List by unknown creator: %v", ids(none))
		}
	})

	t.Run("list_default_limit", func(t *testing.T) {
		// A Limit < 1 means 100 (task.Store.List).
		s := newStore()
		for i := 0; i < 101; i++ {
			if _, err := s.Create(ctx, NewRecord(t, fmt.Sprintf("t-%03d", i), "adv-1", "cre-1")); err != nil {
				t.Fatal(err)
			}
		}
		for _, limit := range []int{0, -1} {
			got, err := s.List(ctx, task.Query{Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 100 || got[0].ID != "t-000" || got[99].ID != "t-099" {
				t.Errorf("List with Limit %d: %d records, want the first 100", limit, len(got))
			}
		}
		if got, _ := s.List(ctx, task.Query{Limit: 101}); len(got) != 101 {
			t.Errorf("List with Limit 101: %d records", len(got))
		}
		if got, _ := s.List(ctx, task.Query{After: "t-099"}); len(got) != 1 || got[0].ID != "t-100" {
			t.Errorf("the 101st record after t-099: %d records", len(got))
		}
	})

	t.Run("no_aliasing", func(t *testing.T) {
		s := newStore()
		r := NewRecord(t, "task-1", "adv-1", "cre-1")
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.History[0].Reason = "mutated after create"
		r.Template.Deliverables[0] = "mutated"
		got, _ := s.Get(ctx, "task-1")
		if got.History[0].Reason != "" || got.Template.Deliverables[0] != "60s video" {
			t.Errorf("mutating the created record changed the store")
		}
		got.History[0].Reason = "mutated after get"
		got.Postings[0].Kind = task.PostingRefund
		got.Template.Dues[0].Milestone = task.MilestoneFinal
		again, _ := s.Get(ctx, "task-1")
		if again.History[0].Reason != "" || again.Postings[0].Kind != task.PostingFreeze ||
			again.Template.Dues[0].Milestone != task.MilestoneDraft {
			t.Errorf("mutating a returned record changed the store")
		}
		list, _ := s.List(ctx, task.Query{})
		list[0].History[0].Reason = "mutated after list"
		again, _ = s.Get(ctx, "task-1")
		if again.History[0].Reason != "" {
			t.Errorf("mutating a listed record changed the store")
		}

		full := FullRecords(t)[0]
		if _, err := s.Create(ctx, full); err != nil {
			t.Fatal(err)
		}
		upd, _ := s.Get(ctx, full.ID)
		upd.History = append(upd.History[:len(upd.History):len(upd.History)], upd.History[0])
		if _, err := s.Update(ctx, upd); err != nil {
			t.Fatal(err)
		}
		want := upd.Clone()
		want.Version = 2
		upd.History[1].Reason = "mutated after update"
		upd.History[len(upd.History)-1].Ref = "mutated after update"
		upd.Postings[0].Amount = decimal.NewFromInt(1)
		upd.Components[0].Title = "mutated after update"
		upd.Template.Deliverables[0] = "mutated after update"
		upd.Template.Dues[0].Milestone = task.MilestoneFinal
		after, _ := s.Get(ctx, full.ID)
		if d := cmp.Diff(want, after, Equal); d != "" {
			t.Errorf("mutating a record after Update changed the store (-want +got):\n%s", d)
		}
	})
}
