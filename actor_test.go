package starmap

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestActor_X7_Validate(t *testing.T) {
	valid := []struct {
		a          Actor
		str, adv   string
		advertiser bool
	}{
		{AdvertiserActor("adv-1"), "advertiser:adv-1", "adv-1", true},
		{SubAccountActor("adv-1", "sub-7"), "advertiser-sub:adv-1/sub-7", "adv-1", true},
		{CreatorActor("c-9"), "creator:c-9", "", false},
		{MCNActor("m-3"), "mcn:m-3", "", false},
		{PlatformActor("reviewer-17"), "platform:reviewer-17", "", false},
		{CreatorActor("达人_01"), "creator:达人_01", "", false},
	}
	for _, c := range valid {
		t.Run("X-7_valid_"+c.str, func(t *testing.T) {
			if err := c.a.Validate(); err != nil {
				t.Fatal(err)
			}
			if c.a.String() != c.str || c.a.Advertiser() != c.adv || c.a.IsAdvertiser() != c.advertiser {
				t.Fatalf("got %q %q %v", c.a.String(), c.a.Advertiser(), c.a.IsAdvertiser())
			}
		})
	}
	invalid := []struct {
		name string
		a    Actor
	}{
		{"zero", Actor{}},
		{"empty id", CreatorActor("")},
		{"space in id", CreatorActor("c 1")},
		{"newline in id", MCNActor("m\n1")},
		{"too long", PlatformActor(strings.Repeat("x", MaxIDLen+1))},
		{"bad utf8", AdvertiserActor("\xff")},
		{"sub without advertiser", SubAccountActor("", "sub-1")},
		{"sub without id", SubAccountActor("adv-1", "")},
		{"unknown role", Actor{role: 99, id: "x"}},
		{"advertiser field on creator", Actor{role: RoleCreator, id: "c", advertiser: "a"}},
	}
	for _, c := range invalid {
		t.Run("X-7_invalid_"+c.name, func(t *testing.T) {
			err := c.a.Validate()
			if !errors.Is(err, ErrActorInvalid) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate = %v, want ErrActorInvalid", err)
			}
		})
	}
	if !(Actor{}).IsZero() || CreatorActor("c").IsZero() {
		t.Fatal("IsZero")
	}
	if Role(0).String() != "unknown-role" || Role(0).Valid() || !RolePlatform.Valid() {
		t.Fatal("Role names")
	}
}

func TestActor_X7_RequireRole(t *testing.T) {
	if err := RequireRole(CreatorActor("c"), RoleCreator, RoleMCN); err != nil {
		t.Fatal(err)
	}
	err := RequireRole(SubAccountActor("adv", "sub"), RoleAdvertiser)
	if !errors.Is(err, ErrActorRole) || !errors.Is(err, ErrForbidden) {
		t.Fatalf("RequireRole = %v, want ErrActorRole", err)
	}
	if got := Message(err, EN); got != "role advertiser-sub may not do this (allowed: advertiser)" {
		t.Fatalf("message = %q", got)
	}
	if err := RequireRole(CreatorActor(""), RoleCreator); !errors.Is(err, ErrActorInvalid) {
		t.Fatalf("invalid actor must be refused as invalid first: %v", err)
	}
	if err := RequireRole(PlatformActor("p")); !errors.Is(err, ErrActorRole) {
		t.Fatalf("no allowed roles must refuse: %v", err)
	}
}

func TestActor_X6_JSONRoundTrip(t *testing.T) {
	for _, a := range []Actor{AdvertiserActor("adv-1"), SubAccountActor("adv-1", "sub-7"), CreatorActor("c"), MCNActor("m"), PlatformActor("job")} {
		b, err := json.Marshal(Event{Type: "x", Actor: a})
		if err != nil {
			t.Fatal(err)
		}
		var ev Event
		if err := json.Unmarshal(b, &ev); err != nil || ev.Actor != a {
			t.Fatalf("%s → %s → %v, %v", a, b, ev.Actor, err)
		}
	}
	if b, _ := json.Marshal(SubAccountActor("adv-1", "sub-7")); string(b) != `{"role":"advertiser-sub","id":"sub-7","advertiser":"adv-1"}` {
		t.Fatalf("json = %s", b)
	}
	if b, _ := json.Marshal(Actor{}); string(b) != "null" {
		t.Fatalf("zero actor json = %s", b)
	}
	for _, bad := range []string{`{"role":"boss","id":"x"}`, `{"role":"creator","id":""}`, `{"role":"creator","id":"c","advertiser":"a"}`, `[1]`, `{"role":7}`} {
		a := CreatorActor("keep")
		if err := json.Unmarshal([]byte(bad), &a); err == nil || a != CreatorActor("keep") {
			t.Errorf("%s: %v, %v; want an error and no change", bad, a, err)
		}
	}
	if _, err := json.Marshal(CreatorActor("")); err == nil {
		t.Fatal("an invalid actor must not marshal")
	}
}

func TestActor_X7_NewActorAndParseRole(t *testing.T) {
	for r := RoleAdvertiser; r <= RolePlatform; r++ {
		back, err := ParseRole(r.String())
		if err != nil || back != r {
			t.Fatalf("ParseRole(%q) = %v, %v", r.String(), back, err)
		}
	}
	if _, err := ParseRole("Creator"); !errors.Is(err, ErrActorInvalid) {
		t.Fatal("role names are exact")
	}
	sub := SubAccountActor("adv-1", "sub-7")
	got, err := NewActor(sub.Role(), sub.ID(), sub.AdvertiserOf())
	if err != nil || got != sub {
		t.Fatalf("NewActor = %v, %v", got, err)
	}
	if _, err := NewActor(RoleCreator, "c", "adv"); !errors.Is(err, ErrActorInvalid) {
		t.Fatalf("NewActor with an advertiser for a creator: %v", err)
	}
	if RoleMCN.Label(ZH) != "MCN机构" || Role(0).Label(ZH) != "未知角色" || RoleCreator.Label(EN) != "creator" {
		t.Fatal("labels")
	}
}

func TestValidateID(t *testing.T) {
	for _, ok := range []string{"a", "task-2026-000001", "星图", strings.Repeat("x", MaxIDLen)} {
		if err := ValidateID("id", ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", " ", "a b", "a\tb", "a\x00b", "\u3000", strings.Repeat("x", MaxIDLen+1), "\xc3"} {
		if err := ValidateID("id", bad); !errors.Is(err, ErrIDInvalid) {
			t.Errorf("%q: %v, want ErrIDInvalid", bad, err)
		}
	}
}
