package onboarding_test

import (
	"errors"
	"strings"
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
			onboarding.Toutiao: {MinFollowers: onboarding.Unknown, MCNRoute: true},
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

func TestParsePolicy(t *testing.T) {
	t.Run("round_trip_presets", func(t *testing.T) {
		for _, p := range []onboarding.Policy{onboarding.Policy2023(), onboarding.Policy2022()} {
			q, err := onboarding.ParsePolicyString(p.Text())
			if err != nil || q != p {
				t.Fatalf("%s: %v, %v\n%s", p.Name, q, err, p.Text())
			}
		}
	})
	t.Run("base_and_overrides", func(t *testing.T) {
		p, err := onboarding.ParsePolicyString(`
# host policy: seed 000 plus a Toutiao figure and an agency follower figure
base = seed-000-2023
name = host-2026
toutiao.min_followers = 30000   # the host's own figure
agency.min_follower_volume = 1000000
agency.month_end = roll
`)
		if err != nil {
			t.Fatal(err)
		}
		want := onboarding.Policy2023()
		want.Name = "host-2026"
		want.Toutiao.MinFollowers = onboarding.FigureOf(30000)
		want.Agency.MinFollowerVolume = onboarding.FigureOf(1000000)
		want.Agency.MonthEnd = starmap.RollToNextMonth
		if p != want {
			t.Fatalf("got %+v\nwant %+v", p, want)
		}
	})
	for _, c := range []struct {
		name, text string
		line       string
	}{
		{"no_equals", "base = seed-000-2023\ndouyin.min_followers 5", "2"},
		{"unknown_key", "base = seed-000-2023\nweibo.min_followers = 5", "2"},
		{"unknown_field", "base = seed-000-2023\ndouyin.max_followers = 5", "2"},
		{"twice", "base = seed-000-2023\nname = a\nname = b", "3"},
		{"base_not_first", "name = a\nbase = seed-000-2023", "2"},
		{"unknown_preset", "base = seed-999", "1"},
		{"bad_number", "base = seed-000-2023\ndouyin.min_followers = 10万", "2"},
		{"leading_plus", "base = seed-000-2023\ndouyin.min_followers = +5", "2"},
		{"bad_bool", "base = seed-000-2023\n\n\ndouyin.mcn_route = yes", "4"},
		{"bad_month_end", "base = seed-000-2023\nagency.month_end = skip", "2"},
		{"empty_value", "base = seed-000-2023\nname =", "2"},
	} {
		t.Run("line_error/"+c.name, func(t *testing.T) {
			_, err := onboarding.ParsePolicyString(c.text)
			var se *starmap.Error
			if !errors.As(err, &se) || se.Code() != onboarding.ErrPolicyLine.Code() {
				t.Fatalf("err = %v, want a policy line error", err)
			}
			if l, _ := se.Param("line"); l != c.line {
				t.Fatalf("line = %s, want %s (%v)", l, c.line, err)
			}
		})
	}
	t.Run("invalid_result_lists_problems", func(t *testing.T) {
		_, err := onboarding.ParsePolicyString(onboarding.Policy{Name: "x"}.Text())
		codes := starmap.Codes(err)
		if len(codes) < 3 {
			t.Fatalf("an empty policy should fail on several fields, got %v", err)
		}
		for _, c := range codes {
			if c != onboarding.ErrPolicyInvalid.Code() {
				t.Fatalf("code %s, want only policy.invalid", c)
			}
		}
	})
}

func FuzzParsePolicy(f *testing.F) {
	f.Add(onboarding.Policy2023().Text())
	f.Add(onboarding.Policy2022().Text())
	f.Add("base = seed-000-2023\ntoutiao.min_followers = 1\n")
	f.Add("base = seed-001-2022 # c\nname=x\n\nagency.month_end = roll")
	f.Add("=\n==\n#")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := onboarding.ParsePolicyString(s)
		if err != nil {
			if len(starmap.Codes(err)) == 0 {
				t.Fatalf("uncoded error: %v", err)
			}
			if strings.TrimSpace(starmap.Message(err, starmap.ZH)) == "" {
				t.Fatal("empty message")
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed an invalid policy: %v", err)
		}
		q, err := onboarding.ParsePolicyString(p.Text())
		if err != nil || q != p {
			t.Fatalf("Text does not round-trip: %v\n%s", err, p.Text())
		}
	})
}
