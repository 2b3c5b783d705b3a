package campaign_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// args are the arguments a Service method may take.
type args struct {
	ctx     context.Context
	by      starmap.Actor
	id      string
	task    string
	amount  decimal.Decimal
	note    string
	targets []campaign.Target
	spec    campaign.Spec
	q       campaign.Query
	create  func(context.Context) error
	exists  campaign.TaskExists
}

// mutation replaces one argument with a bad value; field says which.
type mutation struct {
	field, name string
	apply       func(*args)
}

func badMutations() []mutation {
	huge := strings.Repeat("長", 30000)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	var ms []mutation
	add := func(field, name string, f func(*args)) { ms = append(ms, mutation{field, name, f}) }
	for name, by := range map[string]starmap.Actor{
		"zero": {}, "empty_id": starmap.AdvertiserActor(""), "huge_id": starmap.AdvertiserActor(huge),
		"separator": starmap.AdvertiserActor("a:b"), "creator": creator, "mcn": mcn, "other_advertiser": otherAdv,
		"other_sub": otherSub, "sub_without_main": starmap.SubAccountActor("", "s"),
	} {
		by := by
		add("by", name, func(a *args) { a.by = by })
	}
	add("ctx", "nil", func(a *args) { a.ctx = nil })
	add("ctx", "cancelled", func(a *args) { a.ctx = cancelled })
	for name, id := range map[string]string{"empty": "", "huge": huge, "space": "a b", "invalid_utf8": "\xff",
		"separator": "a/b", "zero_width": "a\u200bb", "control": "a\x00b", "missing": "no-such-campaign"} {
		id := id
		add("id", name, func(a *args) { a.id = id })
	}
	for name, task := range map[string]string{"empty": "", "huge": huge, "separator": "t|1", "bidi": "t\u202e1", "missing": "no-such-task"} {
		task := task
		add("task", name, func(a *args) { a.task = task })
	}
	for name, v := range map[string]decimal.Decimal{"zero_value": {}, "zero": decimal.Zero, "negative": d("-1"),
		"sub_fen": d("0.001"), "too_large": d("1000000000000000"), "huge_exponent": decimal.New(1, 1000),
		"tiny_exponent": decimal.New(1, -1000), "above_budget": d("999999999999999.99")} {
		v := v
		add("amount", name, func(a *args) { a.amount = v })
	}
	for name, note := range map[string]string{"huge": huge, "control": "a\x07", "bidi": "a\u202eb", "invalid_utf8": "\xfe"} {
		note := note
		add("note", name, func(a *args) { a.note = note })
	}
	for name, ts := range map[string][]campaign.Target{
		"too_many":  make([]campaign.Target, 100000),
		"zero":      {{}},
		"negative":  {{Metric: campaign.MetricGMV, Value: d("-1")}},
		"duplicate": {{Metric: campaign.MetricROI, Value: d("1")}, {Metric: campaign.MetricROI, Value: d("1")}},
		"huge":      {{Metric: campaign.MetricCPM, Value: decimal.New(1, 1000)}},
		"metric":    {{Metric: 200, Value: d("1")}},
	} {
		ts := ts
		add("targets", name, func(a *args) { a.targets = ts })
	}
	for name, f := range map[string]func(*campaign.Spec){
		"zero":         func(s *campaign.Spec) { *s = campaign.Spec{} },
		"id":           func(s *campaign.Spec) { s.ID = "a b" },
		"existing":     func(s *campaign.Spec) { s.ID = "cmp-1" },
		"name_huge":    func(s *campaign.Spec) { s.Name = huge },
		"name_newline": func(s *campaign.Spec) { s.Name = "a\nb" },
		"objective":    func(s *campaign.Spec) { s.Objective = 255 },
		"budget_zero":  func(s *campaign.Spec) { s.Budget = decimal.Decimal{} },
		"budget_huge":  func(s *campaign.Spec) { s.Budget = decimal.New(1, 1000) },
		"pilot_no_sum": func(s *campaign.Spec) { s.Pilot = true },
		"pilot_above":  func(s *campaign.Spec) { s.Pilot, s.PilotBudget = true, d("1000000") },
		"pilot_stray":  func(s *campaign.Spec) { s.PilotBudget = d("-1") },
		"targets_wrong": func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{Metric: campaign.MetricOrders, Value: d("0.5")}}
		},
	} {
		f := f
		add("spec", name, func(a *args) { f(&a.spec) })
	}
	for name, q := range map[string]campaign.Query{
		"negative_limit": {PageRequest: starmap.PageRequest{Limit: -1}},
		"cursor":         {PageRequest: starmap.PageRequest{Cursor: "!!"}},
		"cursor_huge":    {PageRequest: starmap.PageRequest{Cursor: huge}},
		"state":          {State: 77},
		"advertiser":     {Advertiser: "a b"},
		"other":          {Advertiser: "adv-2"},
	} {
		q := q
		add("q", name, func(a *args) { a.q = q })
	}
	add("create", "nil", func(a *args) { a.create = nil })
	add("exists", "nil", func(a *args) { a.exists = nil })
	return ms
}

// TestAdversarial_X5 calls every Service method, and the pure entry
// points, with zero, nil, huge and malformed arguments — one bad argument
// at a time, the others valid — and asserts a coded error (or the
// context's own), no panic and no change to the stored campaign.
func TestAdversarial_X5(t *testing.T) {
	f := newFixture(t)
	f.create(t, "cmp-1", "1000", "")
	if _, _, err := f.svc.Reserve(ctx, advertiser, "cmp-1", "t1", d("100")); err != nil {
		t.Fatal(err)
	}
	before := f.stored(t, "cmp-1")
	okCreate := func(context.Context) error { return nil }
	okExists := func(context.Context, string) (bool, error) { return true, nil }
	base := args{ctx: ctx, by: advertiser, id: "cmp-1", task: "t1", amount: d("1"), spec: spec("cmp-new", "100", ""),
		create: okCreate, exists: okExists}

	methods := []struct {
		name   string
		fields string // the arguments it takes
		call   func(a args) error
	}{
		{"Create", "ctx by spec", func(a args) error { _, _, err := f.svc.Create(a.ctx, a.by, a.spec); return err }},
		{"Get", "ctx by id", func(a args) error { _, err := f.svc.Get(a.ctx, a.by, a.id); return err }},
		{"List", "ctx by q", func(a args) error { _, err := f.svc.List(a.ctx, a.by, a.q); return err }},
		{"SetBudget", "ctx by id amount note", func(a args) error {
			_, _, err := f.svc.SetBudget(a.ctx, a.by, a.id, a.amount, a.note)
			return err
		}},
		{"SetTargets", "ctx by id targets note", func(a args) error {
			_, _, err := f.svc.SetTargets(a.ctx, a.by, a.id, a.targets, a.note)
			return err
		}},
		{"Graduate", "ctx by id note", func(a args) error { _, _, err := f.svc.Graduate(a.ctx, a.by, a.id, a.note); return err }},
		{"Close", "ctx by id note", func(a args) error { _, _, err := f.svc.Close(a.ctx, a.by, a.id, a.note); return err }},
		{"Reserve", "ctx by id task amount", func(a args) error {
			if a.task == "t1" {
				a.task = "t2"
			}
			_, _, err := f.svc.Reserve(a.ctx, a.by, a.id, a.task, a.amount)
			return err
		}},
		{"Release", "ctx by id task amount note", func(a args) error {
			_, _, err := f.svc.Release(a.ctx, a.by, a.id, a.task, a.amount, a.note)
			return err
		}},
		{"Settle", "ctx by id task amount note", func(a args) error {
			_, _, err := f.svc.Settle(a.ctx, a.by, a.id, a.task, a.amount, a.note)
			return err
		}},
		{"End", "ctx by id task amount note", func(a args) error {
			_, _, err := f.svc.End(a.ctx, a.by, a.id, a.task, a.amount, a.note)
			return err
		}},
		{"Void", "ctx by id task note", func(a args) error { _, _, err := f.svc.Void(a.ctx, a.by, a.id, a.task, a.note); return err }},
		{"OrderIn", "ctx by id task amount create", func(a args) error {
			if a.task == "t1" {
				a.task = "t3"
			}
			_, _, err := f.svc.OrderIn(a.ctx, a.by, a.id, a.task, a.amount, a.create)
			return err
		}},
		{"Orphans", "ctx by id exists", func(a args) error { _, err := f.svc.Orphans(a.ctx, a.by, a.id, a.exists); return err }},
		{"Reconcile", "ctx by id exists", func(a args) error { _, _, err := f.svc.Reconcile(a.ctx, a.by, a.id, a.exists); return err }},
	}
	tried := 0
	for _, m := range methods {
		for _, mu := range badMutations() {
			if !strings.Contains(" "+m.fields+" ", " "+mu.field+" ") {
				continue
			}
			// Some bad values are bad only for some methods: a huge
			// amount is a fine budget, a missing task a fine new one,
			// nothing spent a fine end of a task.
			if (m.name == "SetBudget" && mu.name == "above_budget") ||
				((m.name == "Reserve" || m.name == "OrderIn") && mu.field == "task" && mu.name == "missing") ||
				(m.name == "List" && mu.field == "by" && (mu.name == "other_advertiser" || mu.name == "other_sub")) ||
				(m.name == "Create" && mu.name == "other_advertiser") ||
				(m.name == "End" && mu.field == "amount" && (mu.name == "zero" || mu.name == "zero_value")) {
				continue
			}
			a := base
			mu.apply(&a)
			tried++
			err := func() (err error) {
				defer func() {
					if p := recover(); p != nil {
						err = fmt.Errorf("panic: %v", p)
					}
				}()
				return m.call(a)
			}()
			switch {
			case err == nil:
				t.Errorf("%s with %s %s: accepted", m.name, mu.field, mu.name)
			case strings.HasPrefix(err.Error(), "panic:"):
				t.Errorf("%s with %s %s: %v", m.name, mu.field, mu.name, err)
			case len(starmap.Codes(err)) == 0 && !errors.Is(err, context.Canceled):
				t.Errorf("%s with %s %s: an uncoded error %v", m.name, mu.field, mu.name, err)
			case len(err.Error()) > 2000:
				t.Errorf("%s with %s %s: a %d-byte error", m.name, mu.field, mu.name, len(err.Error()))
			}
		}
	}
	after := f.stored(t, "cmp-1")
	if after.Version != before.Version || len(after.History) != len(before.History) {
		t.Errorf("the bad calls changed the campaign: version %d → %d", before.Version, after.Version)
	}
	if _, err := f.store.Get(ctx, "cmp-new"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("a bad Create stored a campaign: %v", err)
	}

	// The pure entry points: a zero Campaign refuses everything; New and
	// FromRecord refuse zero and broken values.
	var zero campaign.Campaign
	pure := []func() error{
		func() error { _, err := zero.Reserve(advertiser, t0, "t1", d("1")); return err },
		func() error { _, err := zero.Release(platform, t0, "t1", d("1"), ""); return err },
		func() error { _, err := zero.Settle(platform, t0, "t1", d("1"), ""); return err },
		func() error { _, err := zero.Void(platform, t0, "t1", ""); return err },
		func() error { _, err := zero.SetBudget(advertiser, t0, d("1"), ""); return err },
		func() error { _, err := zero.SetTargets(advertiser, t0, nil, ""); return err },
		func() error { _, err := zero.Graduate(advertiser, t0, ""); return err },
		func() error { _, err := zero.Close(platform, t0, ""); return err },
		func() error { _, _, err := campaign.New(starmap.Actor{}, t0, campaign.Spec{}); return err },
		func() error { _, _, err := campaign.New(advertiser, t0, campaign.Spec{}); return err },
		func() error { _, err := campaign.FromRecord(campaign.Record{}); return err },
		func() error { _, err := campaign.ParseCursor(""); return err },
		func() error { _, err := campaign.ParseObjective(""); return err },
		func() error { return campaign.Target{}.Validate() },
	}
	good := newCampaign(t, "1000", "100").Record()
	for name, breakIt := range brokenRecords() {
		r := good.Clone()
		breakIt(&r)
		name := name
		pure = append(pure, func() error {
			_, err := campaign.FromRecord(r)
			if err == nil {
				return fmt.Errorf("FromRecord accepted a record with %s", name)
			}
			return err
		})
	}
	for i, call := range pure {
		tried++
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("panic: %v", p)
				}
			}()
			err = call()
		}()
		if err == nil || len(starmap.Codes(err)) == 0 {
			t.Errorf("pure call %d: %v", i, err)
		}
	}
	t.Logf("%d adversarial inputs tried", tried)
}

// brokenRecords breaks a valid record (of a pilot campaign of 1000 with a
// pilot budget of 100) in each way FromRecord must catch.
func brokenRecords() map[string]func(*campaign.Record) {
	held := campaign.Reservation{Task: "t1", Amount: d("10"), Held: d("10"), Spent: decimal.Zero, Released: decimal.Zero,
		State: campaign.ReservationHeld, At: t0, By: advertiser}
	withRes := func(rs ...campaign.Reservation) func(*campaign.Record) {
		return func(r *campaign.Record) { r.Reservations = rs }
	}
	broken := func(f func(*campaign.Reservation)) campaign.Reservation { r := held; f(&r); return r }
	return map[string]func(*campaign.Record){
		"bad id":         func(r *campaign.Record) { r.ID = "" },
		"bad advertiser": func(r *campaign.Record) { r.Advertiser = "a b" },
		"no name":        func(r *campaign.Record) { r.Name = "" },
		"bad objective":  func(r *campaign.Record) { r.Objective = 0 },
		"unsorted targets": func(r *campaign.Record) {
			r.Targets = []campaign.Target{{campaign.MetricROI, d("1")}, {campaign.MetricGMV, d("1")}}
		},
		"bad target":         func(r *campaign.Record) { r.Targets = []campaign.Target{{campaign.MetricROI, d("-1")}} },
		"zero budget":        func(r *campaign.Record) { r.Budget = decimal.Zero },
		"pilot above budget": func(r *campaign.Record) { r.PilotBudget = d("1001") },
		"stray pilot budget": func(r *campaign.Record) { r.Pilot = false },
		"bad state":          func(r *campaign.Record) { r.State = 0 },
		"no history":         func(r *campaign.Record) { r.History = nil },
		"history not create": func(r *campaign.Record) { r.History[0].Command = campaign.CommandClose },
		"history bad actor":  func(r *campaign.Record) { r.History[0].By = starmap.Actor{} },
		"history bad note":   func(r *campaign.Record) { r.History[0].Note = "\x00" },
		"unsorted tasks":     withRes(broken(func(x *campaign.Reservation) { x.Task = "t2" }), held),
		"repeated task":      withRes(held, held),
		"not conserved":      withRes(broken(func(x *campaign.Reservation) { x.Released = d("1") })),
		"negative held":      withRes(broken(func(x *campaign.Reservation) { x.Held, x.Spent = d("-1"), d("11") })),
		"state disagrees":    withRes(broken(func(x *campaign.Reservation) { x.State = campaign.ReservationSettled })),
		"voided with spent": withRes(broken(func(x *campaign.Reservation) {
			x.Held, x.Spent, x.State = decimal.Zero, d("10"), campaign.ReservationVoided
		})),
		"too many partials":  withRes(broken(func(x *campaign.Reservation) { x.Partial = campaign.MaxPartialMoves + 1 })),
		"bad reserver":       withRes(broken(func(x *campaign.Reservation) { x.By = starmap.CreatorActor("") })),
		"sub-fen amount":     withRes(broken(func(x *campaign.Reservation) { x.Amount, x.Held = d("10.001"), d("10.001") })),
		"above pilot budget": withRes(broken(func(x *campaign.Reservation) { x.Amount, x.Held = d("101"), d("101") })),
		"above budget": func(r *campaign.Record) {
			r.Pilot, r.PilotBudget = false, decimal.Zero
			withRes(broken(func(x *campaign.Reservation) { x.Amount, x.Held = d("1001"), d("1001") }))(r)
		},
		"graduated non-pilot":  func(r *campaign.Record) { r.Pilot, r.PilotBudget, r.GraduatedAt = false, decimal.Zero, t0 },
		"bad reservation task": withRes(broken(func(x *campaign.Reservation) { x.Task = "" })),
	}
}
