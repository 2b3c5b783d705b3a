package onboarding_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/onboarding/onboardingtest"
)

func TestAgencyAge(t *testing.T) {
	clamp := hostPolicy()
	roll := hostPolicy()
	roll.Agency.MonthEnd = starmap.RollToNextMonth
	tooYoung := []starmap.Code{"onboarding.agency.too_young"}
	for _, c := range []struct {
		name    string
		p       onboarding.Policy
		founded starmap.Date
		today   starmap.Date
		codes   []starmap.Code
	}{
		{"ONB-6_day_before_anniversary", clamp, d(2025, 3, 10), d(2026, 3, 9), tooYoung},
		{"ONB-6_anniversary_is_exactly_one_year_not_more", clamp, d(2025, 3, 10), d(2026, 3, 10), tooYoung},
		{"ONB-6_day_after_anniversary_qualifies", clamp, d(2025, 3, 10), d(2026, 3, 11), nil},
		{"ONB-6_founded_today", clamp, d(2026, 3, 10), d(2026, 3, 10), tooYoung},
		{"ONB-6_29_february_clamp_anniversary_28_february", clamp, d(2024, 2, 29), d(2025, 2, 28), tooYoung},
		{"ONB-6_29_february_clamp_qualifies_1_march", clamp, d(2024, 2, 29), d(2025, 3, 1), nil},
		{"ONB-6_29_february_roll_anniversary_1_march", roll, d(2024, 2, 29), d(2025, 3, 1), tooYoung},
		{"ONB-6_29_february_roll_qualifies_2_march", roll, d(2024, 2, 29), d(2025, 3, 2), nil},
		{"ONB-6_29_february_to_leap_year_via_4_years", func() onboarding.Policy { p := clamp; p.Agency.MinAgeYears = 4; return p }(),
			d(2024, 2, 29), d(2028, 2, 29), tooYoung},
		{"ONB-6_28_february_founding_unaffected_by_rule", roll, d(2023, 2, 28), d(2024, 2, 29), nil},
		{"ONB-6_founded_after_today_invalid", clamp, d(2026, 3, 11), d(2026, 3, 10), []starmap.Code{"onboarding.agency.invalid"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dec := onboarding.CheckAgency(c.today, c.p, goodAgency(c.founded))
			if diff := cmp.Diff(c.codes, codesOrNil(dec)); diff != "" {
				t.Fatalf("codes (-want +got):\n%s", diff)
			}
			if dec.Eligible && dec.Route != onboarding.RouteAgencyAge {
				t.Fatalf("route %s", dec.Route)
			}
		})
	}
	t.Run("ONB-6_too_young_figures", func(t *testing.T) {
		dec := onboarding.CheckAgency(d(2025, 1, 1), clamp, goodAgency(d(2024, 2, 29)))
		var e *starmap.Error
		if !errors.As(dec.Err(), &e) {
			t.Fatal(dec.Err())
		}
		if from, _ := e.Param("eligible_from"); from != "2025-03-01" {
			t.Fatalf("eligible_from = %s", from)
		}
	})
}

// TestAgencyAgeProperty: the first qualifying day is strictly after the
// anniversary, and every later day qualifies.
func TestAgencyAgeProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := hostPolicy()
		p.Agency.MonthEnd = rapid.SampledFrom([]starmap.MonthEnd{starmap.ClampToMonthEnd, starmap.RollToNextMonth}).Draw(t, "rule")
		founded := onboardingtest.Date().Draw(t, "founded")
		from := p.Agency.EligibleFrom(founded)
		anniversary := founded.AddYears(1, p.Agency.MonthEnd)
		if from != anniversary.AddDays(1) || !from.After(founded.AddDays(364)) {
			t.Fatalf("founded %s: eligible from %s, anniversary %s", founded, from, anniversary)
		}
		later := from.AddDays(rapid.IntRange(0, 3000).Draw(t, "later"))
		if !onboarding.CheckAgency(later, p, goodAgency(founded)).Eligible {
			t.Fatalf("founded %s not eligible on %s", founded, later)
		}
		if onboarding.CheckAgency(from.AddDays(-1), p, goodAgency(founded)).Eligible {
			t.Fatalf("founded %s eligible on the anniversary %s", founded, from.AddDays(-1))
		}
	})
}

func TestAgencySpecialApproval(t *testing.T) {
	p := hostPolicy()
	founded, today := d(2026, 1, 5), d(2026, 6, 1)
	reviewer := starmap.PlatformActor("reviewer-7")
	ok, err := onboarding.GrantSpecialApproval(reviewer, d(2026, 5, 20), "达人资源丰富且内容独特")
	if err != nil {
		t.Fatal(err)
	}
	withApproval := func(ap onboarding.SpecialApproval) onboarding.Agency {
		a := goodAgency(founded)
		a.Approval = ap
		return a
	}
	t.Run("ONB-6_special_approval_admits_a_younger_agency", func(t *testing.T) {
		dec := onboarding.CheckAgency(today, p, withApproval(ok))
		if !dec.Eligible || dec.Route != onboarding.RouteSpecialApproval {
			t.Fatalf("%+v %v", dec, dec.Err())
		}
	})
	t.Run("ONB-6_only_platform_may_grant", func(t *testing.T) {
		for _, a := range []starmap.Actor{starmap.MCNActor("mcn-1"), starmap.CreatorActor("c"), starmap.AdvertiserActor("adv")} {
			if _, err := onboarding.GrantSpecialApproval(a, today, "why"); !errors.Is(err, starmap.ErrActorRole) {
				t.Errorf("%s granted: %v", a, err)
			}
		}
		if _, err := onboarding.GrantSpecialApproval(reviewer, today, "  "); !errors.Is(err, onboarding.ErrApprovalReasonMissing) {
			t.Errorf("no reason: %v", err)
		}
	})
	for _, c := range []struct {
		name  string
		ap    onboarding.SpecialApproval
		codes []starmap.Code
	}{
		{"ONB-6_forged_approval_by_mcn_does_not_count",
			onboarding.SpecialApproval{By: starmap.MCNActor("mcn-1"), On: d(2026, 5, 1), Reason: "self"},
			[]starmap.Code{"onboarding.agency.approval_not_by_platform", "onboarding.agency.too_young"}},
		{"ONB-6_approval_without_reason",
			onboarding.SpecialApproval{By: reviewer, On: d(2026, 5, 1)},
			[]starmap.Code{"onboarding.agency.approval_reason_missing", "onboarding.agency.too_young"}},
		{"ONB-6_approval_dated_after_today",
			onboarding.SpecialApproval{By: reviewer, On: d(2026, 6, 2), Reason: "r"},
			[]starmap.Code{"onboarding.agency.approval_date", "onboarding.agency.too_young"}},
		{"ONB-6_approval_dated_before_founding",
			onboarding.SpecialApproval{By: reviewer, On: d(2026, 1, 4), Reason: "r"},
			[]starmap.Code{"onboarding.agency.approval_date", "onboarding.agency.too_young"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dec := onboarding.CheckAgency(today, p, withApproval(c.ap))
			if diff := cmp.Diff(c.codes, codesOrNil(dec)); diff != "" {
				t.Fatalf("codes (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ONB-6_policy_without_special_approval_ignores_it", func(t *testing.T) {
		q := p
		q.Agency.SpecialApproval = false
		dec := onboarding.CheckAgency(today, q, withApproval(ok))
		if diff := cmp.Diff([]starmap.Code{"onboarding.agency.too_young"}, codesOrNil(dec)); diff != "" {
			t.Fatal(diff)
		}
	})
}

func TestAgencyFigures(t *testing.T) {
	today := d(2026, 6, 1)
	old := d(2020, 1, 1)
	for _, c := range []struct {
		name  string
		p     onboarding.Policy
		edit  func(*onboarding.Agency)
		codes []starmap.Code
	}{
		{"ONB-6_4_creators_refused", hostPolicy(), func(a *onboarding.Agency) { a.Creators = 4 }, []starmap.Code{"onboarding.agency.too_few_creators"}},
		{"ONB-6_5_creators_accepted", hostPolicy(), func(a *onboarding.Agency) { a.Creators = 5 }, nil},
		{"ONB-6_6_creators_accepted", hostPolicy(), func(a *onboarding.Agency) { a.Creators = 6 }, nil},
		{"ONB-6_volume_n-1_refused", hostPolicy(), func(a *onboarding.Agency) { a.FollowerVolume = 999999 }, []starmap.Code{"onboarding.agency.followers_below"}},
		{"ONB-6_volume_n_accepted", hostPolicy(), func(a *onboarding.Agency) { a.FollowerVolume = 1000000 }, nil},
		{"ONB-6_volume_n+1_accepted", hostPolicy(), func(a *onboarding.Agency) { a.FollowerVolume = 1000001 }, nil},
		{"ONB-6_no_volume_figure_in_preset", onboarding.Policy2023(), func(a *onboarding.Agency) {}, []starmap.Code{"onboarding.agency.follower_figure_unknown"}},
		{"ONB-6_not_qualified", hostPolicy(), func(a *onboarding.Agency) { a.Qualified = false }, []starmap.Code{"onboarding.agency.not_qualified"}},
		{"ONB-6_no_operating_capability", hostPolicy(), func(a *onboarding.Agency) { a.OperatingCapability = false }, []starmap.Code{"onboarding.agency.no_operating_capability"}},
		{"ONB-6_every_condition_reported", hostPolicy(), func(a *onboarding.Agency) {
			*a = onboarding.Agency{ID: "mcn-1", Founded: today, Creators: 1, FollowerVolume: 3}
		}, []starmap.Code{"onboarding.agency.too_young", "onboarding.agency.not_qualified", "onboarding.agency.too_few_creators",
			"onboarding.agency.followers_below", "onboarding.agency.no_operating_capability"}},
		{"ONB-6_bad_id_and_no_founding_date", hostPolicy(), func(a *onboarding.Agency) { a.ID = ""; a.Founded = starmap.Date{} },
			[]starmap.Code{"onboarding.agency.invalid", "onboarding.agency.invalid"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := goodAgency(old)
			c.edit(&a)
			dec := onboarding.CheckAgency(today, c.p, a)
			if diff := cmp.Diff(c.codes, codesOrNil(dec)); diff != "" {
				t.Fatalf("codes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckMerchant(t *testing.T) {
	good := onboarding.Merchant{ID: "adv-1", Kind: onboarding.MerchantCompany, Certified: true, Platform: onboarding.Douyin}
	for _, c := range []struct {
		name  string
		edit  func(*onboarding.Merchant)
		codes []starmap.Code
	}{
		{"ONB-7_certified_company_douyin", func(m *onboarding.Merchant) {}, nil},
		{"ONB-7_certified_company_toutiao", func(m *onboarding.Merchant) { m.Platform = onboarding.Toutiao }, nil},
		{"ONB-7_xigua_account_refused", func(m *onboarding.Merchant) { m.Platform = onboarding.Xigua }, []starmap.Code{"onboarding.merchant.platform_not_supported"}},
		{"ONB-7_huoshan_account_refused", func(m *onboarding.Merchant) { m.Platform = onboarding.Huoshan }, []starmap.Code{"onboarding.merchant.platform_not_supported"}},
		{"ONB-7_not_certified", func(m *onboarding.Merchant) { m.Certified = false }, []starmap.Code{"onboarding.merchant.not_certified"}},
		{"ONB-7_individual_business", func(m *onboarding.Merchant) { m.Kind = onboarding.MerchantIndividual }, []starmap.Code{"onboarding.merchant.individual_business"}},
		{"ONB-7_every_condition_reported", func(m *onboarding.Merchant) {
			*m = onboarding.Merchant{ID: "adv-1", Kind: onboarding.MerchantIndividual, Platform: onboarding.Xigua}
		}, []starmap.Code{"onboarding.merchant.not_certified", "onboarding.merchant.individual_business", "onboarding.merchant.platform_not_supported"}},
		{"ONB-7_malformed", func(m *onboarding.Merchant) { *m = onboarding.Merchant{} },
			[]starmap.Code{"onboarding.merchant.invalid", "onboarding.merchant.not_certified", "onboarding.merchant.invalid", "onboarding.merchant.platform_not_supported"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := good
			c.edit(&m)
			dec := onboarding.CheckMerchant(m)
			if diff := cmp.Diff(c.codes, codesOrNil(dec)); diff != "" {
				t.Fatalf("codes (-want +got):\n%s", diff)
			}
			if dec.Eligible != (c.codes == nil) || (dec.Eligible && dec.Route != onboarding.RouteOneClick) {
				t.Fatalf("%+v", dec)
			}
		})
	}
}
