package dashboard_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/dashboard"
	"github.com/starmap-go/starmap/task"
	"pgregory.net/rapid"
)

var (
	t0       = time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	adv      = starmap.AdvertiserActor("adv-1")
	platform = starmap.PlatformActor("data")
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// tb is what the helpers need of *testing.T, *testing.B and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// delivered orders a task of creator in campaign cmp, takes it to
// acceptance (short video) or a valid broadcast, and reports m (unless m
// is the zero Metrics: a report must carry something).
func delivered(t tb, id, creator, cmp string, live bool, price string, m task.Metrics) *task.Task {
	t.Helper()
	o := task.Order{ID: id, Creator: creator, Format: starmap.FormatShortVideo, Price: dec(price), Campaign: cmp}
	if live {
		o.Format, o.LiveDuration = starmap.FormatLive, time.Hour
	}
	tk, _, err := task.New(adv, t0, o, task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	cre := starmap.CreatorActor(creator)
	at := t0.Add(time.Hour)
	steps := []struct {
		by starmap.Actor
		r  task.Request
	}{{cre, task.Request{Command: task.CmdAcceptOrder}}}
	if live {
		steps = append(steps, struct {
			by starmap.Actor
			r  task.Request
		}{cre, task.Request{Command: task.CmdSchedule, Start: at.Add(time.Hour)}})
	} else {
		for _, s := range []struct {
			by starmap.Actor
			r  task.Request
		}{{cre, task.Request{Command: task.CmdSubmitScript, Ref: "s"}}, {adv, task.Request{Command: task.CmdApproveScript}},
			{cre, task.Request{Command: task.CmdSubmitVideo, Ref: "v"}}, {adv, task.Request{Command: task.CmdApproveVideo}},
			{cre, task.Request{Command: task.CmdPublish, Ref: "p"}}, {adv, task.Request{Command: task.CmdAcceptDelivery}}} {
			steps = append(steps, s)
		}
	}
	for _, s := range steps {
		if _, err := tk.Apply(s.by, at, s.r); err != nil {
			t.Fatalf("%v: %v", s.r.Command, err)
		}
	}
	if live {
		at = at.Add(time.Hour)
		for _, r := range []task.Request{{Command: task.CmdStartBroadcast}} {
			if _, err := tk.Apply(cre, at, r); err != nil {
				t.Fatal(err)
			}
		}
		at = at.Add(2 * time.Hour)
		if _, err := tk.Apply(cre, at, task.Request{Command: task.CmdEndBroadcast, Duration: time.Hour}); err != nil {
			t.Fatal(err)
		}
		if _, err := tk.Apply(adv, at, task.Request{Command: task.CmdAcceptDelivery}); err != nil {
			t.Fatal(err)
		}
	}
	if m == (task.Metrics{}) { // an empty report is refused (task.ErrResultsEmpty): no report, no results
		return tk
	}
	if _, err := tk.Apply(platform, at, task.Request{Command: task.CmdReportResults, Metrics: m}); err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestCampaign_CAM2_数据看板(t *testing.T) {
	c, _, err := campaign.New(adv, t0, campaign.Spec{ID: "cmp-1", Name: "新品上市", Objective: campaign.ObjectivePurchase,
		Budget: dec("100000.00"), Targets: []campaign.Target{{Metric: campaign.MetricCPI, Value: dec("50.00")},
			{Metric: campaign.MetricConversionRate, Value: dec("0.2")}}})
	if err != nil {
		t.Fatal(err)
	}
	tasks := []*task.Task{
		delivered(t, "t-1", "cre-a", "cmp-1", false, "10000.00", task.Metrics{Exposure: 1_000_000, Clicks: 2000, Favourites: 300, AddToCart: 200, Orders: 300, GMV: dec("60000.00")}),
		delivered(t, "t-2", "cre-b", "cmp-1", true, "5000.00", task.Metrics{Exposure: 500_000, Clicks: 1000, Favourites: 100, AddToCart: 100, Orders: 100, GMV: dec("20000.00")}),
		delivered(t, "t-3", "cre-c", "cmp-1", false, "1000.00", task.Metrics{Exposure: 10_000, Clicks: 100, Orders: 1, GMV: dec("100.00")}),
		delivered(t, "t-4", "cre-a", "cmp-2", false, "1000.00", task.Metrics{Exposure: 1, Orders: 999}), // another campaign
	}
	s := dashboard.Campaign(c, tasks)
	tot := s.Total
	if tot.Tasks != 3 || tot.Metrics.Orders != 401 || !tot.Cost.Equal(dec("16800.00")) || !tot.Metrics.GMV.Equal(dec("80100.00")) {
		t.Fatalf("CAM-2 total %+v", tot)
	}
	for _, c := range []struct {
		name string
		got  task.Ratio
		want string
	}{
		{"CAM-2 转化率 orders/clicks", tot.KPIs.ConversionRate, "0.1294"},
		{"CAM-2 CPM", tot.KPIs.CPM, "11.13"},
		{"CAM-2 CPE", tot.KPIs.CPE, "4.42"},
		{"CAM-2 ROI", tot.KPIs.ROI, "4.77"},
		{"CAM-2 CPI 单均成本", tot.KPIs.CPI, "41.90"},
		{"CAM-2 达人成单贡献占比 cre-a", s.Shares[0].Percent, "74.81"},
		{"CAM-2 达人成单贡献占比 cre-b", s.Shares[1].Percent, "24.94"},
		{"CAM-2 达人成单贡献占比 cre-c", s.Shares[2].Percent, "0.25"},
		{"CAM-2 转化率提升幅度 live (10%) against short video (301/2100)", dashboard.Lift(campaign.MetricConversionRate, s.ByFormat[1], s.ByFormat[0]), "-0.3022"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if v, ok := c.got.Value(); !ok || !v.Equal(dec(c.want)) {
				t.Errorf("got %s, want %s", c.got, c.want)
			}
		})
	}
	// The board's one pass answers what the separate summaries answer.
	in := tasks[:3]
	same := func(a, b task.Summary) bool {
		return a.Key == b.Key && a.Tasks == b.Tasks && a.Cost.Equal(b.Cost) && a.Metrics.Orders == b.Metrics.Orders &&
			a.Metrics.Clicks == b.Metrics.Clicks && a.Metrics.GMV.Equal(b.Metrics.GMV) &&
			fmt.Sprint(a.KPIs) == fmt.Sprint(b.KPIs)
	}
	if !same(s.Total, dashboard.Total(in, "cmp-1")) {
		t.Errorf("total %+v, separately %+v", s.Total, dashboard.Total(in, "cmp-1"))
	}
	for i, g := range dashboard.ByCreator(in) {
		if !same(s.ByCreator[i], g) {
			t.Errorf("creator %d: %+v, separately %+v", i, s.ByCreator[i], g)
		}
	}
	for i, g := range dashboard.ByFormat(in) {
		if !same(s.ByFormat[i], g) {
			t.Errorf("format %d: %+v, separately %+v", i, s.ByFormat[i], g)
		}
	}
	if len(s.ByCreator) != 3 || len(s.ByFormat) != 2 || s.ByFormat[0].Key != "live" {
		t.Errorf("CAM-2 groups: %d creators, formats %+v", len(s.ByCreator), s.ByFormat)
	}
	if len(s.Targets) != 2 {
		t.Errorf("targets %+v", s.Targets)
	}
	for _, r := range s.Targets {
		want := r.Target.Metric == campaign.MetricCPI // 41.90 ≤ 50; 0.1291 < 0.2
		if r.Met != want {
			t.Errorf("target %v met = %v", r.Target.Metric, r.Met)
		}
	}
}

func TestLift_CAM2_division_by_zero(t *testing.T) {
	zero := dashboard.Total(nil, "none")
	some := dashboard.Total([]*task.Task{delivered(t, "t-1", "cre-a", "", false, "100.00", task.Metrics{Clicks: 10, Orders: 1})}, "x")
	for _, c := range []struct {
		name          string
		base, variant task.Summary
		m             campaign.Metric
		defined       bool
	}{
		{"CAM-2 lift from no clicks is undefined", zero, some, campaign.MetricConversionRate, false},
		{"CAM-2 lift to no clicks is undefined", some, zero, campaign.MetricConversionRate, false},
		{"CAM-2 lift from zero orders is undefined", zero, some, campaign.MetricOrders, false},
		{"CAM-2 lift of orders to zero is -100%", some, zero, campaign.MetricOrders, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := dashboard.Lift(c.m, c.base, c.variant); got.Defined() != c.defined {
				t.Errorf("lift = %s, defined want %v", got, c.defined)
			}
		})
	}
	if s := dashboard.Shares(nil); len(s) != 0 {
		t.Errorf("shares of nothing: %v", s)
	}
	if s := dashboard.Shares([]*task.Task{delivered(t, "t-2", "cre-a", "", false, "100.00", task.Metrics{})}); len(s) != 1 || s[0].Percent.Defined() {
		t.Errorf("CAM-2 shares of zero orders must be undefined: %+v", s)
	}
}

// TestShares_CAM2_sum_to_100: whatever the orders, the shares sum to
// exactly 100.00 and each is within 0.01 of the exact share.
func TestShares_CAM2_sum_to_100(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 12).Draw(rt, "creators")
		var tasks []*task.Task
		total := int64(0)
		for i := 0; i < n; i++ {
			o := rapid.Int64Range(0, 1_000_000).Draw(rt, "orders")
			if i == 0 && o == 0 {
				o = 1
			}
			total += o
			tasks = append(tasks, delivered(rt, fmt.Sprintf("t-%d", i), fmt.Sprintf("cre-%02d", i), "", false, "1.00", task.Metrics{Clicks: o, Orders: o}))
		}
		sum := decimal.Zero
		for _, s := range dashboard.Shares(tasks) {
			v, ok := s.Percent.Value()
			if !ok {
				rt.Fatalf("share of %s undefined", s.Creator)
			}
			exact := decimal.NewFromInt(100 * s.Orders).Div(decimal.NewFromInt(total))
			if v.Sub(exact).Abs().Cmp(dec("0.01")) >= 0 {
				rt.Fatalf("%s: %s far from %s", s.Creator, v, exact)
			}
			sum = sum.Add(v)
		}
		if !sum.Equal(decimal.NewFromInt(100)) {
			rt.Fatalf("shares sum to %s", sum)
		}
	})
}

// BenchmarkCampaignSummary10k is a campaign board over 10,000 tasks of 50
// creators in both content forms.
func BenchmarkCampaignSummary10k(b *testing.B) {
	c, _, err := campaign.New(adv, t0, campaign.Spec{ID: "cmp-1", Name: "大促", Objective: campaign.ObjectivePurchase,
		Budget: dec("100000000.00"), Targets: []campaign.Target{{Metric: campaign.MetricCPI, Value: dec("50.00")}}})
	if err != nil {
		b.Fatal(err)
	}
	var tasks []*task.Task
	for i := 0; i < 10000; i++ {
		tasks = append(tasks, delivered(b, fmt.Sprintf("t-%05d", i), fmt.Sprintf("cre-%02d", i%50), "cmp-1", i%7 == 0, "1000.00",
			task.Metrics{Exposure: int64(10000 + i), Clicks: int64(100 + i%13), Orders: int64(i % 17), GMV: decimal.NewFromInt(int64(i % 1000))}))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s := dashboard.Campaign(c, tasks); s.Total.Tasks != 10000 {
			b.Fatal(s.Total.Tasks)
		}
	}
}
