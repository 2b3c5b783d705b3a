package onboarding_test

import (
	"errors"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/onboarding/onboardingtest"
)

const (
	codeBelow    = starmap.Code("onboarding.creator.followers_below")
	codeNoThresh = starmap.Code("onboarding.creator.no_threshold_known")
	codeMCN      = starmap.Code("onboarding.creator.mcn_signing_required")
)

// TestCheckCreatorThresholds checks every threshold of both presets at
// n-1, n and n+1, signed and not (ONB-2, ONB-3): "10万以上" includes 10万.
func TestCheckCreatorThresholds(t *testing.T) {
	type tc struct {
		name     string
		policy   onboarding.Policy
		a        onboarding.Applicant
		eligible bool
		route    onboarding.Route
		codes    []starmap.Code
	}
	p23, p22 := onboarding.Policy2023(), onboarding.Policy2022()
	cases := []tc{}
	for _, th := range []struct {
		pl onboarding.Platform
		n  int64
	}{{onboarding.Douyin, 100000}, {onboarding.Xigua, 50000}, {onboarding.Huoshan, 50000}} {
		pl := th.pl.String()
		cases = append(cases,
			tc{"ONB-2/2023/" + pl + "/n-1_unsigned_refused", p23, creator(th.pl, th.n-1, false), false, 0, []starmap.Code{codeBelow}},
			tc{"ONB-2/2023/" + pl + "/n_accepted", p23, creator(th.pl, th.n, false), true, onboarding.RouteFollowers, nil},
			tc{"ONB-2/2023/" + pl + "/n+1_accepted", p23, creator(th.pl, th.n+1, false), true, onboarding.RouteFollowers, nil},
			tc{"ONB-3/2023/" + pl + "/n-1_signed_by_mcn_route", p23, creator(th.pl, th.n-1, true), true, onboarding.RouteMCNSigning, nil},
			tc{"ONB-3/2023/" + pl + "/zero_followers_signed", p23, creator(th.pl, 0, true), true, onboarding.RouteMCNSigning, nil},
			tc{"ONB-3/2023/" + pl + "/n_signed_counts_followers", p23, creator(th.pl, th.n, true), true, onboarding.RouteFollowers, nil},
		)
	}
	cases = append(cases,
		tc{"ONB-3/2022/douyin/n-1_signed_refused", p22, creator(onboarding.Douyin, 99999, true), false, 0, []starmap.Code{codeBelow}},
		tc{"ONB-3/2022/douyin/n_signed_accepted", p22, creator(onboarding.Douyin, 100000, true), true, onboarding.RouteFollowersAndMCN, nil},
		tc{"ONB-3/2022/douyin/n+1_signed_accepted", p22, creator(onboarding.Douyin, 100001, true), true, onboarding.RouteFollowersAndMCN, nil},
		tc{"ONB-3/2022/douyin/n_unsigned_refused", p22, creator(onboarding.Douyin, 100000, false), false, 0, []starmap.Code{codeMCN}},
		tc{"ONB-3/2022/douyin/n+1_unsigned_refused", p22, creator(onboarding.Douyin, 100001, false), false, 0, []starmap.Code{codeMCN}},
		tc{"ONB-3/2022/douyin/n-1_unsigned_both_reasons", p22, creator(onboarding.Douyin, 99999, false), false, 0, []starmap.Code{codeBelow, codeMCN}},
		tc{"ONB-2/2022/xigua/no_threshold_known", p22, creator(onboarding.Xigua, 5000000, true), false, 0, []starmap.Code{codeNoThresh}},
		tc{"ONB-2/2023/toutiao/no_threshold_known_unsigned", p23, creator(onboarding.Toutiao, 5000000, false), false, 0, []starmap.Code{codeNoThresh}},
		tc{"ONB-3/2023/toutiao/signed_by_mcn_route", p23, creator(onboarding.Toutiao, 10, true), true, onboarding.RouteMCNSigning, nil},
		tc{"ONB-2/2022/toutiao/no_threshold_and_unsigned", p22, creator(onboarding.Toutiao, 10, false), false, 0, []starmap.Code{codeNoThresh, codeMCN}},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := onboarding.CheckCreator(c.policy, c.a)
			if d.Eligible != c.eligible || d.Route != c.route {
				t.Fatalf("eligible=%v route=%s, want %v %s (%v)", d.Eligible, d.Route, c.eligible, c.route, d.Err())
			}
			if diff := cmp.Diff(c.codes, codesOrNil(d)); diff != "" {
				t.Fatalf("codes (-want +got):\n%s", diff)
			}
			if c.eligible != (d.Err() == nil) {
				t.Fatalf("Err() = %v", d.Err())
			}
		})
	}
}

func TestCheckCreatorFigures(t *testing.T) {
	d := onboarding.CheckCreator(onboarding.Policy2023(), creator(onboarding.Xigua, 49999, false))
	var e *starmap.Error
	if !errors.As(d.Err(), &e) || !errors.Is(d.Err(), onboarding.ErrFollowersBelow) {
		t.Fatalf("err = %v", d.Err())
	}
	needed, _ := e.Param("needed")
	had, _ := e.Param("had")
	if needed != "50000" || had != "49999" {
		t.Fatalf("needed %s had %s", needed, had)
	}
	if got, want := e.Message(starmap.ZH), "西瓜视频达人入驻星图粉丝需在50000以上,当前49999"; got != want {
		t.Fatalf("zh = %q, want %q", got, want)
	}
	if got, want := e.Message(starmap.EN), "xigua creators need at least 50000 followers; the account has 49999"; got != want {
		t.Fatalf("en = %q, want %q", got, want)
	}
	if !errors.Is(d.Err(), starmap.ErrForbidden) {
		t.Fatal("a threshold reason is not Forbidden")
	}
}

// TestCheckCreatorStanding: ONB-4, violation and rate-limited accounts
// cannot join, and every other unmet requirement is still reported.
func TestCheckCreatorStanding(t *testing.T) {
	for _, c := range []struct {
		name  string
		a     onboarding.Applicant
		codes []starmap.Code
	}{
		{"ONB-4_violation_refused", withStanding(creator(onboarding.Douyin, 200000, false), onboarding.StandingViolation),
			[]starmap.Code{"onboarding.creator.standing_violation"}},
		{"ONB-4_rate_limited_refused", withStanding(creator(onboarding.Douyin, 200000, true), onboarding.StandingRateLimited),
			[]starmap.Code{"onboarding.creator.standing_rate_limited"}},
		{"ONB-4_rate_limited_and_below_both_reported", withStanding(creator(onboarding.Huoshan, 10, false), onboarding.StandingRateLimited),
			[]starmap.Code{"onboarding.creator.standing_rate_limited", codeBelow}},
		{"ONB-4_unknown_standing_refused", withStanding(creator(onboarding.Douyin, 200000, false), 0),
			[]starmap.Code{"onboarding.creator.standing_unknown"}},
		{"ONB-1_unknown_platform", creator(0, 200000, false), []starmap.Code{"onboarding.creator.platform_unknown"}},
		{"ONB-1_every_input_problem", onboarding.Applicant{Platform: 9, AccountID: "", Followers: -1, MCN: "a b"},
			[]starmap.Code{"onboarding.creator.platform_unknown", "onboarding.creator.account_invalid",
				"onboarding.creator.account_invalid", "onboarding.creator.followers_negative", "onboarding.creator.standing_unknown"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := onboarding.CheckCreator(onboarding.Policy2023(), c.a)
			if d.Eligible {
				t.Fatal("eligible")
			}
			if diff := cmp.Diff(c.codes, d.Codes()); diff != "" {
				t.Fatalf("codes (-want +got):\n%s", diff)
			}
		})
	}
}

// expectedCodes is the independent model: one simple predicate per
// condition of the package doc.
func expectedCodes(p onboarding.Policy, a onboarding.Applicant) []starmap.Code {
	var out []starmap.Code
	validPlatform := a.Platform >= 1 && a.Platform <= 4
	if !validPlatform {
		out = append(out, "onboarding.creator.platform_unknown")
	}
	if starmap.ValidateID("x", a.AccountID) != nil {
		out = append(out, "onboarding.creator.account_invalid")
	}
	if a.MCN != "" && starmap.ValidateID("x", a.MCN) != nil {
		out = append(out, "onboarding.creator.account_invalid")
	}
	if a.Followers < 0 {
		out = append(out, "onboarding.creator.followers_negative")
	}
	switch a.Standing {
	case onboarding.StandingViolation:
		out = append(out, "onboarding.creator.standing_violation")
	case onboarding.StandingRateLimited:
		out = append(out, "onboarding.creator.standing_rate_limited")
	case onboarding.StandingNormal:
	default:
		out = append(out, "onboarding.creator.standing_unknown")
	}
	if validPlatform {
		r := map[onboarding.Platform]onboarding.PlatformPolicy{1: p.Douyin, 2: p.Xigua, 3: p.Huoshan, 4: p.Toutiao}[a.Platform]
		signed := a.MCN != ""
		meets := r.MinFollowers.Known && a.Followers >= r.MinFollowers.Value
		if !meets && !(r.MCNRoute && signed) {
			if r.MinFollowers.Known {
				out = append(out, codeBelow)
			} else {
				out = append(out, codeNoThresh)
			}
		}
		if r.MCNRequired && !signed {
			out = append(out, codeMCN)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func TestCheckCreatorProperties(t *testing.T) {
	t.Run("ONB-2_reasons_are_exactly_the_broken_conditions", rapid.MakeCheck(func(t *rapid.T) {
		p := onboardingtest.Policy().Draw(t, "policy")
		a := onboardingtest.Applicant().Draw(t, "applicant")
		d := onboarding.CheckCreator(p, a)
		got := d.Codes()
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		want := expectedCodes(p, a)
		if len(want) == 0 {
			want = []starmap.Code{}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("codes (-model +got):\n%s", diff)
		}
		if d.Eligible != (len(want) == 0) {
			t.Fatalf("eligible = %v with %d reasons", d.Eligible, len(want))
		}
	}))
	t.Run("ONB-2_more_followers_never_hurt", rapid.MakeCheck(func(t *rapid.T) {
		p := onboardingtest.Policy().Draw(t, "policy")
		a := onboardingtest.WellFormedApplicant().Draw(t, "applicant")
		b := a
		b.Followers += rapid.Int64Range(0, 1<<40).Draw(t, "more")
		if onboarding.CheckCreator(p, a).Eligible && !onboarding.CheckCreator(p, b).Eligible {
			t.Fatalf("%d followers eligible, %d not", a.Followers, b.Followers)
		}
	}))
	t.Run("ONB-4_better_standing_never_hurts", rapid.MakeCheck(func(t *rapid.T) {
		p := onboardingtest.Policy().Draw(t, "policy")
		a := onboardingtest.WellFormedApplicant().Draw(t, "applicant")
		a.Standing = onboarding.Standing(rapid.IntRange(1, 3).Draw(t, "standing"))
		b := a
		b.Standing = onboarding.Standing(rapid.IntRange(int(a.Standing), 3).Draw(t, "better"))
		if onboarding.CheckCreator(p, a).Eligible && !onboarding.CheckCreator(p, b).Eligible {
			t.Fatalf("standing %s eligible, %s not", a.Standing, b.Standing)
		}
	}))
}
