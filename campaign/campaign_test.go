package campaign_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

func TestNew_CAM1(t *testing.T) {
	tooPrecise := d("100.001")
	cases := []struct {
		name  string
		by    starmap.Actor
		spec  func(s *campaign.Spec)
		rules []*starmap.Rule
	}{
		{"CAM-1_项目汇总_a_campaign_with_budget_objective_targets", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{campaign.MetricROI, d("2.5")}, {campaign.MetricExposure, d("1000000")}}
		}, nil},
		{"CAM-1_小规模试点_pilot_with_smaller_budget", advertiser, func(s *campaign.Spec) { s.Pilot, s.PilotBudget = true, d("2000") }, nil},
		{"CAM-1_小规模试点_pilot_budget_equal_to_budget", advertiser, func(s *campaign.Spec) { s.Pilot, s.PilotBudget = true, d("10000") }, nil},
		{"CAM-1_largest_budget", advertiser, func(s *campaign.Spec) { s.Budget = d(starmap.MaxAmountText) }, nil},
		{"CAM-1_name_required", advertiser, func(s *campaign.Spec) { s.Name = "" }, []*starmap.Rule{campaign.ErrNameRequired}},
		{"CAM-1_name_one_line", advertiser, func(s *campaign.Spec) { s.Name = "a\nb" }, []*starmap.Rule{starmap.ErrTextInvalid}},
		{"CAM-1_objective_unknown", advertiser, func(s *campaign.Spec) { s.Objective = 9 }, []*starmap.Rule{campaign.ErrObjectiveInvalid}},
		{"CAM-1_budget_zero", advertiser, func(s *campaign.Spec) { s.Budget = decimal.Zero }, []*starmap.Rule{campaign.ErrBudgetInvalid}},
		{"CAM-1_budget_negative", advertiser, func(s *campaign.Spec) { s.Budget = d("-1") }, []*starmap.Rule{campaign.ErrBudgetInvalid}},
		{"CAM-1_X-4_budget_below_fen", advertiser, func(s *campaign.Spec) { s.Budget = tooPrecise }, []*starmap.Rule{starmap.ErrMoneyTooPrecise}},
		{"CAM-1_X-4_budget_too_large", advertiser, func(s *campaign.Spec) { s.Budget = d("1000000000000000") }, []*starmap.Rule{starmap.ErrMoneyTooLarge}},
		{"CAM-1_小规模试点_pilot_budget_above_budget", advertiser, func(s *campaign.Spec) { s.Pilot, s.PilotBudget = true, d("10000.01") },
			[]*starmap.Rule{campaign.ErrPilotBudgetInvalid}},
		{"CAM-1_小规模试点_pilot_without_pilot_budget", advertiser, func(s *campaign.Spec) { s.Pilot = true },
			[]*starmap.Rule{campaign.ErrPilotBudgetInvalid}},
		{"CAM-1_小规模试点_pilot_budget_without_pilot", advertiser, func(s *campaign.Spec) { s.PilotBudget = d("10") },
			[]*starmap.Rule{campaign.ErrPilotBudgetWithoutPilot}},
		{"CAM-1_target_count_fraction", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{campaign.MetricOrders, d("1.5")}}
		}, []*starmap.Rule{campaign.ErrTargetInvalid}},
		{"CAM-1_target_negative", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{campaign.MetricGMV, d("-1")}}
		}, []*starmap.Rule{campaign.ErrTargetInvalid}},
		{"CAM-1_target_conversion_above_one", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{campaign.MetricConversionRate, d("1.0001")}}
		}, []*starmap.Rule{campaign.ErrTargetInvalid}},
		{"CAM-1_target_conversion_five_places", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{campaign.MetricConversionRate, d("0.00001")}}
		}, []*starmap.Rule{campaign.ErrTargetInvalid}},
		{"CAM-1_target_CPI_below_fen", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{campaign.MetricCPI, d("0.001")}}
		}, []*starmap.Rule{campaign.ErrTargetInvalid}},
		{"CAM-1_target_count_above_cap", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{campaign.MetricExposure, d("1000000000000001")}}
		}, []*starmap.Rule{campaign.ErrTargetInvalid}},
		{"CAM-1_target_unknown_metric", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{0, d("1")}}
		}, []*starmap.Rule{campaign.ErrTargetInvalid}},
		{"CAM-1_target_duplicate", advertiser, func(s *campaign.Spec) {
			s.Targets = []campaign.Target{{campaign.MetricROI, d("1")}, {campaign.MetricROI, d("2")}}
		}, []*starmap.Rule{campaign.ErrTargetDuplicate}},
		{"CAM-1_too_many_targets", advertiser, func(s *campaign.Spec) {
			s.Targets = make([]campaign.Target, 12)
		}, []*starmap.Rule{campaign.ErrTooManyTargets}},
		{"CAM-1_every_problem_at_once", advertiser, func(s *campaign.Spec) {
			s.Name, s.Objective, s.Budget, s.PilotBudget = "", 0, decimal.Zero, d("1")
			s.Targets = []campaign.Target{{campaign.MetricOrders, d("-1")}}
		}, []*starmap.Rule{campaign.ErrNameRequired, campaign.ErrObjectiveInvalid, campaign.ErrTargetInvalid,
			campaign.ErrBudgetInvalid, campaign.ErrPilotBudgetWithoutPilot}},
		{"CAM-1_X-7_sub_account_cannot_create", subAccount, nil, []*starmap.Rule{campaign.ErrActorNotAllowed}},
		{"CAM-1_X-7_platform_cannot_create", platform, nil, []*starmap.Rule{campaign.ErrActorNotAllowed}},
		{"CAM-1_X-7_creator_cannot_create", creator, nil, []*starmap.Rule{campaign.ErrActorNotAllowed}},
		{"CAM-1_X-7_invalid_actor", starmap.Actor{}, nil, []*starmap.Rule{starmap.ErrActorInvalid}},
		{"CAM-1_bad_id", advertiser, func(s *campaign.Spec) { s.ID = "a/b" }, []*starmap.Rule{starmap.ErrIDInvalid}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := spec("cmp-1", "10000", "")
			if c.spec != nil {
				c.spec(&s)
			}
			got, ev, err := campaign.New(c.by, t0, s)
			if len(c.rules) == 0 {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				if ev.Type != "campaign.create" || ev.Subject != "cmp-1" || ev.To != "active" || ev.Actor != c.by || !ev.At.Equal(t0) {
					t.Fatalf("event %+v", ev)
				}
				if got.State() != campaign.StateActive || got.Advertiser() != "adv-1" || !got.Budget().Equal(s.Budget) || got.Pilot() != s.Pilot {
					t.Fatalf("campaign %+v", got.Record())
				}
				conserved(t, got)
				if !got.Available().Equal(map[bool]decimal.Decimal{true: s.PilotBudget, false: s.Budget}[s.Pilot]) {
					t.Fatalf("available %s", got.Available())
				}
				return
			}
			if err == nil {
				t.Fatalf("New accepted %+v", s)
			}
			for _, r := range c.rules {
				if !errors.Is(err, r) {
					t.Errorf("error %v does not report %s", err, r.Code())
				}
			}
			if n := len(starmap.Codes(err)); n < len(c.rules) {
				t.Errorf("%d codes reported (%v), want at least %d", n, starmap.Codes(err), len(c.rules))
			}
		})
	}
}

// Targets are kept in metric order, each readable by Target; Metric names
// its direction (CAM-1, seed 003 KPI).
func TestTargets_CAM1_KPI(t *testing.T) {
	s := spec("cmp-1", "10000", "")
	s.Targets = []campaign.Target{{campaign.MetricCPI, d("12.50")}, {campaign.MetricConversionRate, d("0.035")}, {campaign.MetricGMV, d("50000")}}
	c, _, err := campaign.New(advertiser, t0, s)
	if err != nil {
		t.Fatal(err)
	}
	var order []campaign.Metric
	for _, tg := range c.Targets() {
		order = append(order, tg.Metric)
	}
	if !slices.Equal(order, []campaign.Metric{campaign.MetricGMV, campaign.MetricConversionRate, campaign.MetricCPI}) {
		t.Fatalf("targets in order %v", order)
	}
	if v, ok := c.Target(campaign.MetricCPI); !ok || !v.Equal(d("12.5")) {
		t.Fatalf("CPI target = %s, %v", v, ok)
	}
	if _, ok := c.Target(campaign.MetricROI); ok {
		t.Fatal("an unset target reads as set")
	}
	for _, m := range campaign.Metrics() {
		want := m == campaign.MetricCPM || m == campaign.MetricCPE || m == campaign.MetricCPI
		if m.LowerIsBetter() != want {
			t.Errorf("%s.LowerIsBetter() = %v", m, !want)
		}
	}
	// The advertiser replaces them; an empty list clears them.
	if _, err := c.SetTargets(advertiser, t0, []campaign.Target{{campaign.MetricROI, d("3")}}, "复盘后调整"); err != nil {
		t.Fatal(err)
	}
	if ts := c.Targets(); len(ts) != 1 || ts[0].Metric != campaign.MetricROI {
		t.Fatalf("after SetTargets: %v", ts)
	}
	if _, err := c.SetTargets(subAccount, t0, nil, ""); !errors.Is(err, campaign.ErrActorNotAllowed) || !errors.Is(err, starmap.ErrActorRole) {
		t.Fatalf("a sub-account set targets: %v", err)
	}
	if _, err := c.SetTargets(advertiser, t0, nil, ""); err != nil || len(c.Targets()) != 0 {
		t.Fatalf("clearing targets: %v, %v", err, c.Targets())
	}
}

// The enums name themselves in both languages from one table.
func TestLabels_X5(t *testing.T) {
	cases := []struct {
		got, want string
	}{
		{campaign.ObjectiveExposure.Label(starmap.ZH), "曝光"},
		{campaign.ObjectiveFavourites.Label(starmap.ZH), "收藏"},
		{campaign.ObjectiveAddToCart.Label(starmap.ZH), "加购"},
		{campaign.ObjectivePurchase.Label(starmap.ZH), "购买"},
		{campaign.ObjectiveAddToCart.String(), "add-to-cart"},
		{campaign.Objective(0).String(), "unknown-objective"},
		{campaign.StateActive.Label(starmap.ZH), "进行中"},
		{campaign.StateClosed.Label(starmap.EN), "closed"},
		{campaign.State(7).Label(starmap.ZH), "未知状态"},
		{campaign.ReservationVoided.Label(starmap.ZH), "已作废"},
		{campaign.ReservationHeld.String(), "held"},
		{campaign.MetricCPI.Label(starmap.ZH), "单均成本"},
		{campaign.MetricConversionRate.String(), "conversion-rate"},
		{campaign.CommandGraduate.Label(starmap.ZH), "结束试点"},
		{campaign.CommandReserve.String(), "reserve"},
		{campaign.Command(0).String(), "unknown-command"},
		{(campaign.PartyOwner | campaign.PartyPlatform).String(), "owner|platform"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for o := campaign.ObjectiveExposure; o <= campaign.ObjectivePurchase; o++ {
		back, err := campaign.ParseObjective(o.String())
		if err != nil || back != o {
			t.Errorf("ParseObjective(%q) = %v, %v", o, back, err)
		}
	}
	if _, err := campaign.ParseObjective("曝光"); !errors.Is(err, campaign.ErrObjectiveInvalid) {
		t.Errorf("ParseObjective of a label: %v", err)
	}
	for _, m := range campaign.Metrics() {
		if strings.HasPrefix(m.String(), "unknown") || m.Label(starmap.ZH) == m.String() {
			t.Errorf("metric %d has no names", m)
		}
	}
}
