package task_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

func TestKPIs(t *testing.T) {
	m := task.Metrics{Exposure: 30000, Clicks: 1200, ComponentClicks: 300, Favourites: 150, AddToCart: 90,
		Orders: 37, GMV: dec("4321.00")}
	k := task.Compute(m, dec("1050.00"))
	for _, c := range []struct {
		name string
		r    task.Ratio
		want string
	}{
		{"TSK-6_conversion_orders_over_clicks_4dp", k.ConversionRate, "0.0308"}, // 37/1200 = 0.030833
		{"TSK-6_cpm_fen", k.CPM, "35"},                                          // 1050*1000/30000 = 35.00
		{"TSK-6_cpe_fen_half_away", k.CPE, "0.73"},                              // 1050/1440 = 0.72916
		{"TSK-6_roi_2dp", k.ROI, "4.12"},                                        // 4321/1050 = 4.1152
	} {
		t.Run(c.name, func(t *testing.T) {
			v, ok := c.r.Value()
			if !ok || !v.Equal(dec(c.want)) {
				t.Errorf("= %v, want %s", c.r, c.want)
			}
		})
	}
	t.Run("TSK-6_division_by_zero_undefined", func(t *testing.T) {
		k := task.Compute(task.Metrics{}, decimal.Zero)
		for _, r := range []task.Ratio{k.ConversionRate, k.CPM, k.CPE, k.ROI} {
			if r.Defined() || r.String() != "undefined" {
				t.Errorf("%v defined", r)
			}
		}
		k = task.Compute(task.Metrics{Exposure: 10, Clicks: 10, Orders: 0, GMV: decimal.Zero}, dec("5"))
		if v, ok := k.ConversionRate.Value(); !ok || !v.IsZero() {
			t.Errorf("0 orders of 10 clicks is a defined 0, got %v", k.ConversionRate)
		}
	})
	t.Run("TSK-6_half_away_from_zero", func(t *testing.T) {
		// 1 / 8 = 0.125 → 0.13
		k := task.Compute(task.Metrics{Clicks: 8}, dec("1"))
		if v, _ := k.CPE.Value(); !v.Equal(dec("0.13")) {
			t.Errorf("CPE %v", k.CPE)
		}
	})
}

func TestResultsOnTasks(t *testing.T) {
	mk := func(id, cre string, f starmap.Format, m task.Metrics, publishAt time.Time) *task.Task {
		o := order(f, false)
		o.ID, o.Creator = id, cre
		var mounted []task.MountedComponent
		if m.ComponentClicks > 0 { // CMP-4: component clicks need a component
			mounted = []task.MountedComponent{{ID: "cmp-1", Title: "领券", AppID: "tt-1"}}
			o.Components = []string{"cmp-1"}
		}
		tk, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), mounted)
		if err != nil {
			t.Fatal(err)
		}
		c := starmap.CreatorActor(cre)
		steps := []step{
			{by: c, req: cmd(task.CmdAcceptOrder)},
			{by: c, req: withRef(task.CmdSubmitScript)},
			{by: advertiser, req: cmd(task.CmdApproveScript)},
			{by: c, req: withRef(task.CmdSubmitVideo)},
			{by: advertiser, req: cmd(task.CmdApproveVideo)},
			{by: c, req: withRef(task.CmdPublish), at: publishAt},
		}
		if m != (task.Metrics{}) { // an empty report is refused (ErrResultsEmpty): no report, no results
			steps = append(steps, step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: m}, at: publishAt.Add(time.Hour)})
		}
		run(t, tk, steps...)
		return tk
	}
	a := mk("t-a", "cre-1", starmap.FormatShortVideo, task.Metrics{Exposure: 1000, Clicks: 100, ComponentClicks: 40, Orders: 10, GMV: dec("2100.00")}, t0.Add(24*time.Hour))
	b := mk("t-b", "cre-1", starmap.FormatShortVideo, task.Metrics{Exposure: 3000, Clicks: 100, Orders: 0, GMV: decimal.Zero}, t0.Add(240*time.Hour))
	c := mk("t-c", "cre-2", starmap.FormatShortVideo, task.Metrics{}, t0.Add(24*time.Hour))

	if got := a.Metrics().ComponentClicks; got != 40 {
		t.Errorf("CMP-4 component clicks %d", got)
	}
	if v, _ := a.KPIs().ROI.Value(); !v.Equal(dec("2")) {
		t.Errorf("TSK-6 task ROI %v", a.KPIs().ROI)
	}
	if c.KPIs().CPM.Defined() {
		t.Errorf("TSK-6 no exposure: CPM must be undefined")
	}
	sums := task.ByCreator([]*task.Task{c, b, a})
	if len(sums) != 2 || sums[0].Key != "cre-1" || sums[0].Tasks != 2 || sums[0].Metrics.Exposure != 4000 {
		t.Fatalf("TSK-6 per creator %+v", sums)
	}
	// ratio of sums: 10 orders / 200 clicks = 0.05, cost 2100, GMV 2100 → ROI 1.
	if v, _ := sums[0].KPIs.ConversionRate.Value(); !v.Equal(dec("0.05")) {
		t.Errorf("creator conversion %v", sums[0].KPIs.ConversionRate)
	}
	if v, _ := sums[0].KPIs.ROI.Value(); !v.Equal(dec("1")) {
		t.Errorf("creator ROI %v", sums[0].KPIs.ROI)
	}
	per := task.InPeriod([]*task.Task{a, b, c}, starmap.MustDate(2026, 10, 2), starmap.MustDate(2026, 10, 2))
	if per.Tasks != 2 || per.Metrics.Clicks != 100 {
		t.Errorf("TSK-6 period (a and c on 10-02) %+v", per)
	}
	empty := task.InPeriod([]*task.Task{a}, starmap.MustDate(2027, 1, 1), starmap.MustDate(2027, 1, 31))
	if empty.Tasks != 0 || empty.KPIs.ROI.Defined() {
		t.Errorf("empty period %+v", empty)
	}
	// Results after settlement still arrive; the state stays settled.
	run(t, a, step{by: advertiser, req: cmd(task.CmdAcceptDelivery)},
		step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 5000, GMV: dec("10")}}})
	if a.State() != task.StateSettled || a.Metrics().Exposure != 5000 {
		t.Errorf("results after settlement: %v %+v", a.State(), a.Metrics())
	}
	bad := task.Metrics{Orders: -1, GMV: dec("1.001")}
	if err := bad.Validate(); len(starmap.Codes(err)) != 2 || !errors.Is(err, task.ErrMetricsInvalid) {
		t.Errorf("TSK-6 invalid metrics: %v", err)
	} else {
		assertChinese(t, err)
	}
}

func TestTemplateAndMilestones(t *testing.T) {
	day := starmap.DateOf(t0)
	cases := []struct {
		name string
		tpl  task.Template
		ok   bool
	}{
		{"TSK-4_minimal", task.Template{Objective: task.ObjectiveExposure, Deliverables: []string{"video"}}, true},
		{"TSK-4_no_objective", task.Template{Deliverables: []string{"video"}}, false},
		{"TSK-4_blank_deliverable", task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"\u3000"}}, false},
		{"TSK-4_too_many_deliverables", task.Template{Objective: task.ObjectivePurchase, Deliverables: make([]string, task.MaxDeliverables+1)}, false},
		{"TSK-4_requirements_too_long", task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"v"},
			Requirements: strings.Repeat("长", starmap.TextBody.MaxRunes()+1)}, false},
		{"TSK-4_unknown_milestone", task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"v"},
			Dues: []task.Due{{Milestone: 9, Date: day}}}, false},
		{"TSK-4_empty_checklist", task.Template{Objective: task.ObjectivePurchase}, false},
		{"TSK-4_due_on_order_day_ok", task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"v"},
			Dues: []task.Due{{Milestone: task.MilestoneDraft, Date: day}}}, true},
		{"TSK-4_due_before_order_day", task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"v"},
			Dues: []task.Due{{Milestone: task.MilestoneDraft, Date: day.AddDays(-1)}}}, false},
		{"TSK-4_dues_out_of_order", task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"v"},
			Dues: []task.Due{{Milestone: task.MilestoneFinal, Date: day.AddDays(5)}, {Milestone: task.MilestoneDraft, Date: day.AddDays(6)}}}, false},
		{"TSK-4_due_dates_decreasing", task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"v"},
			Dues: []task.Due{{Milestone: task.MilestoneDraft, Date: day.AddDays(5)}, {Milestone: task.MilestoneFinal, Date: day.AddDays(4)}}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.tpl.Validate(day)
			if (err == nil) != c.ok || (err != nil && !errors.Is(err, task.ErrTemplateInvalid)) {
				t.Errorf("Validate = %v, want ok %v", err, c.ok)
			}
			assertChinese(t, err)
		})
	}

	o := order(starmap.FormatShortVideo, false)
	o.Template.Dues = []task.Due{
		{Milestone: task.MilestoneDraft, Date: day.AddDays(2)},
		{Milestone: task.MilestoneFirstReview, Date: day.AddDays(3)},
		{Milestone: task.MilestoneFinal, Date: day.AddDays(7)},
	}
	tk, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	run(t, tk, step{by: creator, req: cmd(task.CmdAcceptOrder)},
		step{by: creator, req: withRef(task.CmdSubmitScript), at: t0.AddDate(0, 0, 1)},
		step{by: advertiser, req: withReason(task.CmdRejectScript), at: t0.AddDate(0, 0, 4)})
	ms := tk.Milestones(day.AddDays(8))
	if len(ms) != 3 {
		t.Fatalf("milestones %+v", ms)
	}
	if !ms[0].Reached || ms[0].On != day.AddDays(1) || ms[0].Overdue {
		t.Errorf("TSK-4 draft %+v", ms[0])
	}
	if !ms[1].Reached || !ms[1].Overdue {
		t.Errorf("TSK-4 first review done late %+v", ms[1])
	}
	if ms[2].Reached || !ms[2].Overdue {
		t.Errorf("TSK-4 final not reached and late %+v", ms[2])
	}
	tpl := tk.Template()
	tpl.Deliverables[0] = "changed"
	if tk.Template().Deliverables[0] == "changed" {
		t.Error("Template() aliases the task")
	}
}

// TestMetricsBounds (TSK-6, CMP-4): counts are capped so that sums stay
// exact, component clicks are a part of clicks and need a mounted
// component.
func TestMetricsBounds(t *testing.T) {
	for _, c := range []struct {
		name string
		m    task.Metrics
		ok   bool
	}{
		{"TSK-6_at_cap", task.Metrics{Exposure: task.MaxCount, Clicks: task.MaxCount, GMV: dec("999999999999999.99")}, true},
		{"TSK-6_count_above_cap", task.Metrics{Exposure: task.MaxCount + 1}, false},
		{"TSK-6_max_int64", task.Metrics{Orders: math.MaxInt64}, false},
		{"TSK-6_gmv_above_cap", task.Metrics{GMV: dec("1000000000000000")}, false},
		{"CMP-4_component_clicks_equal_clicks", task.Metrics{Clicks: 5, ComponentClicks: 5}, true},
		{"CMP-4_component_clicks_above_clicks", task.Metrics{Clicks: 5, ComponentClicks: 6}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.m.Validate()
			if (err == nil) != c.ok || err != nil && !errors.Is(err, task.ErrMetricsInvalid) {
				t.Errorf("Validate = %v, want ok %v", err, c.ok)
			}
			assertChinese(t, err)
		})
	}
	t.Run("CMP-4_component_clicks_need_a_component", func(t *testing.T) {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StatePublished)
		r := task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Clicks: 10, ComponentClicks: 1}}
		if _, err := tk.Apply(platform, t0.Add(2*time.Hour), r); !errors.Is(err, task.ErrComponentClicksWithoutComponent) {
			t.Errorf("component clicks without a component: %v", err)
		}
		withCmp := newTask(t, starmap.FormatShortVideo, false, task.MountedComponent{ID: "cmp-1"})
		videoTo(t, withCmp, task.StatePublished)
		if _, err := withCmp.Apply(platform, t0.Add(2*time.Hour), r); err != nil {
			t.Errorf("component clicks with a component: %v", err)
		}
	})
	t.Run("TSK-6_sums_saturate", func(t *testing.T) {
		var tasks []*task.Task
		for i := 0; i < 10; i++ {
			tk := newTask(t, starmap.FormatShortVideo, false)
			videoTo(t, tk, task.StatePublished)
			run(t, tk, step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: task.MaxCount, Clicks: task.MaxCount}}})
			tasks = append(tasks, tk)
		}
		s := task.ByCreator(tasks)
		if len(s) != 1 || s[0].Metrics.Exposure != 10*task.MaxCount || s[0].Metrics.Exposure < 0 {
			t.Errorf("sum %+v", s)
		}
	})
}

// TestCostIsSpentOrCommitted (TSK-6): money still frozen on an undelivered
// task is no cost; a delivered task's price + fee is; an ended task costs
// what was paid out.
func TestCostIsSpentOrCommitted(t *testing.T) {
	pending := newTask(t, starmap.FormatShortVideo, false)
	working := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, working, task.StateVideoSubmitted)
	published := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, published, task.StatePublished)
	cancelled := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, cancelled, task.StateScriptApproved)
	run(t, cancelled, step{by: advertiser, req: withReason(task.CmdCancel)}) // 30 %: 300 + 15
	declined := newTask(t, starmap.FormatShortVideo, false)
	run(t, declined, step{by: creator, req: withReason(task.CmdDecline)})
	settled := newTask(t, starmap.FormatShortVideo, true)
	videoTo(t, settled, task.StateSettled)
	for _, c := range []struct {
		name string
		tk   *task.Task
		want string
	}{
		{"pending", pending, "0"}, {"in_progress", working, "0"}, {"published", published, "1050"},
		{"cancelled_with_compensation", cancelled, "315"}, {"declined", declined, "0"}, {"settled", settled, "1050"},
	} {
		if got := c.tk.Cost(); !got.Equal(dec(c.want)) {
			t.Errorf("TSK-6 %s: cost %s, want %s", c.name, got, c.want)
		}
	}
	s := task.ByCreator([]*task.Task{pending, working, published, cancelled, declined})
	if len(s) != 1 || !s[0].Cost.Equal(dec("1365")) || s[0].Tasks != 5 {
		t.Errorf("TSK-6 per creator %+v, want cost 1365 of 5 tasks", s)
	}
}

// TestReportResults_TSK6_only_metrics_replace_metrics (TSK-6, STL-1): a
// report of sales alone (the CPS flow) keeps the metrics measured before;
// a report with neither metrics nor sales is refused (ErrResultsEmpty) and
// changes nothing — before the CPM cut-off it no longer sets the plays and
// the pay to zero; a report that carries metrics replaces them wholesale,
// a count that goes down included.
func TestReportResults_TSK6_only_metrics_replace_metrics(t *testing.T) {
	measured := task.Metrics{Exposure: 1000, Clicks: 100, Favourites: 7, Orders: 10, GMV: dec("500.00")}
	cps := newSettled(t, task.Settlement{Model: task.ModelCPS, Rate: dec("1000")}, "100.00", false)
	videoTo(t, cps, task.StatePublished)
	run(t, cps,
		step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: measured}, at: day(1)},
		step{by: platform, req: task.Request{Command: task.CmdReportResults, Sales: []task.Sale{{Order: "o-1", At: day(1), Amount: dec("300.00")}}}, at: day(2)})
	if got := cps.Metrics(); got.Exposure != 1000 || got.Clicks != 100 || got.Favourites != 7 || got.Orders != 10 || !got.GMV.Equal(dec("500.00")) {
		t.Errorf("TSK-6 a report of sales alone wiped the metrics: %+v", got)
	}
	if v := cps.SettlementAt(day(2)); !v.NetGMV.Equal(dec("300.00")) || !v.Pay.Equal(dec("30.00")) {
		t.Errorf("STL-1 CPS view %+v", v)
	}

	cpm := newSettled(t, task.Settlement{Model: task.ModelCPM, Rate: dec("30.00")}, "12800.00", false)
	videoTo(t, cpm, task.StatePublished)
	run(t, cpm, step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 250_000}}, at: day(1)})
	n := cpm.HistoryLen()
	_, err := cpm.Apply(platform, day(2), task.Request{Command: task.CmdReportResults})
	if !errors.Is(err, task.ErrResultsEmpty) || !errors.Is(err, starmap.ErrInvalid) {
		t.Fatalf("empty report: %v, want ErrResultsEmpty", err)
	}
	assertChinese(t, err)
	if cpm.HistoryLen() != n || cpm.Metrics().Exposure != 250_000 {
		t.Errorf("refused empty report changed the task")
	}
	if v := cpm.SettlementAt(day(2)); v.Plays != 250_000 || !v.Pay.Equal(dec("7500.00")) {
		t.Errorf("STL-1 CPM plays %d pay %s after an empty report, want 250000, 7500.00", v.Plays, v.Pay)
	}

	// A report carrying metrics replaces them wholesale, down included.
	run(t, cpm, step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 240_000, Clicks: 3}}, at: day(3)})
	if got := cpm.Metrics(); got.Exposure != 240_000 || got.Clicks != 3 || got.Orders != 0 {
		t.Errorf("TSK-6 metrics not replaced wholesale: %+v", got)
	}
	if v := cpm.SettlementAt(day(3)); v.Plays != 240_000 {
		t.Errorf("STL-1 CPM plays %d, want the corrected 240000", v.Plays)
	}
}
