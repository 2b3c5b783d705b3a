package onboarding_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

func TestPresets(t *testing.T) {
	t.Run("ONB-2_ONB-3_seed_000_2023", func(t *testing.T) {
		p := onboarding.Policy2023()
		want := map[onboarding.Platform]onboarding.PlatformPolicy{
			onboarding.Douyin:  {MinFollowers: onboarding.FigureOf(100000), MCNRoute: true},
			onboarding.Xigua:   {MinFollowers: onboarding.FigureOf(50000), MCNRoute: true},
			onboarding.Huoshan: {MinFollowers: onboarding.FigureOf(50000), MCNRoute: true},
			onboarding.Toutiao: {MinFollowers: onboarding.Unknown(), MCNRoute: true},
		}
		for pl, w := range want {
			got, ok := p.For(pl)
			if !ok || got != w {
				t.Errorf("%s: %+v, want %+v", pl, got, w)
			}
		}
		if p.Agency.MinCreators != 5 || p.Agency.MinAgeYears != 1 || p.Agency.MinFollowerVolume.Known || p.OpeningWorkdays != 3 {
			t.Errorf("agency/SLA figures: %+v, %d", p.Agency, p.OpeningWorkdays)
		}
	})
	t.Run("ONB-3_seed_001_2022", func(t *testing.T) {
		p := onboarding.Policy2022()
		for _, pl := range onboarding.Platforms() {
			r, _ := p.For(pl)
			if !r.MCNRequired || r.MCNRoute {
				t.Errorf("%s: %+v, want MCN required and no MCN route", pl, r)
			}
			if (pl == onboarding.Douyin) != r.MinFollowers.Known {
				t.Errorf("%s: threshold known = %v", pl, r.MinFollowers.Known)
			}
		}
		if r, _ := p.For(onboarding.Douyin); r.MinFollowers.Value != 100000 {
			t.Errorf("douyin threshold %v, want 100000", r.MinFollowers)
		}
	})
	t.Run("ONB-3_default_is_the_newer_seed", func(t *testing.T) {
		if onboarding.DefaultPolicy() != onboarding.Policy2023() {
			t.Fatal("default policy is not Policy2023")
		}
	})
	t.Run("presets_validate", func(t *testing.T) {
		for _, p := range []onboarding.Policy{onboarding.Policy2023(), onboarding.Policy2022()} {
			if err := p.Validate(); err != nil {
				t.Errorf("%s: %v", p.Name, err)
			}
			q, ok := onboarding.PolicyByName(p.Name)
			if !ok || q != p {
				t.Errorf("PolicyByName(%q) = %v, %v", p.Name, q, ok)
			}
		}
		if _, ok := onboarding.PolicyByName("nope"); ok {
			t.Error("PolicyByName found an unknown preset")
		}
	})
}

func TestPolicyValidate(t *testing.T) {
	bad := onboarding.Policy2023()
	bad.Name = ""
	bad.Douyin.MinFollowers = onboarding.FigureOf(0)
	bad.Xigua.MCNRequired = true // with MCNRoute: contradictory
	bad.Huoshan.MinFollowers = onboarding.Figure{Value: 7}
	bad.Agency.MinAgeYears = 0
	bad.Agency.MonthEnd = 0
	bad.Agency.MinCreators = -1
	bad.Agency.MinFollowerVolume = onboarding.FigureOf(-5)
	bad.OpeningWorkdays = 0
	err := bad.Validate()
	var fields []string
	for _, e := range unwrapAll(err) {
		var se *starmap.Error
		if !errors.As(e, &se) || se.Code() != onboarding.ErrPolicyInvalid.Code() {
			t.Fatalf("not a policy error: %v", e)
		}
		f, _ := se.Param("field")
		fields = append(fields, f)
	}
	want := []string{"name", "douyin.min_followers", "xigua", "huoshan.min_followers", "agency.min_age_years",
		"agency.month_end", "agency.min_creators", "agency.min_follower_volume", "opening_workdays"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Fatalf("Validate lists every problem (-want +got):\n%s", diff)
	}
	if !errors.Is(err, starmap.ErrInvalid) {
		t.Fatal("policy problems are not ErrInvalid")
	}
}

func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}
