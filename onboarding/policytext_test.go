package onboarding_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

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

// TestParsePolicyWithoutBase: without a base every key must be given; a
// leading byte-order mark is ignored.
func TestParsePolicyWithoutBase(t *testing.T) {
	_, err := onboarding.ParsePolicyString("name = x\n")
	var e *starmap.Error
	if !errors.As(err, &e) || e.Rule() != onboarding.ErrPolicyKeysMissing {
		t.Fatalf("err = %v", err)
	}
	keys, _ := e.Param("keys")
	for _, k := range []string{"douyin.min_followers", "toutiao.mcn_required", "agency.min_creators", "agency.min_follower_volume", "opening_workdays"} {
		if !strings.Contains(keys, k) {
			t.Errorf("missing keys %q do not name %s", keys, k)
		}
	}
	if strings.Contains(keys, "name") {
		t.Errorf("name was given, yet listed: %q", keys)
	}
	full := onboarding.Policy2023().Text()
	for _, k := range []string{"xigua.mcn_route", "agency.month_end"} {
		var b strings.Builder
		for _, l := range strings.Split(full, "\n") {
			if !strings.HasPrefix(l, k+" ") {
				b.WriteString(l + "\n")
			}
		}
		if _, err := onboarding.ParsePolicyString(b.String()); !errors.Is(err, onboarding.ErrPolicyKeysMissing) {
			t.Errorf("without %s: %v", k, err)
		}
	}
	p, err := onboarding.ParsePolicyString("\ufeff" + full)
	if err != nil || p != onboarding.Policy2023() {
		t.Fatalf("with a BOM: %v", err)
	}
	if _, err := onboarding.ParsePolicyString("\ufeffbase = seed-000-2023\n"); err != nil {
		t.Fatalf("BOM before base: %v", err)
	}
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
