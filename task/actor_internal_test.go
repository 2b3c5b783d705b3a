package task

import (
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"pgregory.net/rapid"
)

// TestValidActorAgreesWithValidate: the fast actor check used by
// Apply and Can answers exactly what starmap.Actor.Validate answers.
func TestValidActorAgreesWithValidate(t *testing.T) {
	ids := []string{"", "a", "adv-1", "a b", "a\tb", "数据-1", "a\u3000b", "a\x7f", "\xff", strings.Repeat("x", starmap.MaxIDLen),
		strings.Repeat("x", starmap.MaxIDLen+1), "~!@#$%^&*()", "a\u00a0b"}
	check := func(t interface{ Fatalf(string, ...any) }, role starmap.Role, id, adv string) {
		a, err := starmap.NewActor(role, id, adv)
		var raw starmap.Actor
		if err == nil {
			raw = a
		} else {
			// Build the invalid actor the way a careless host would.
			switch role {
			case starmap.RoleAdvertiserSub:
				raw = starmap.SubAccountActor(adv, id)
			case starmap.RoleCreator:
				raw = starmap.CreatorActor(id)
			case starmap.RolePlatform:
				raw = starmap.PlatformActor(id)
			default:
				return
			}
		}
		if got, want := validActor(raw), raw.Validate() == nil; got != want {
			t.Fatalf("validActor(%v %q %q) = %v, Validate says %v", role, id, adv, got, want)
		}
	}
	for _, id := range ids {
		for _, adv := range ids {
			check(t, starmap.RoleAdvertiserSub, id, adv)
		}
		check(t, starmap.RoleCreator, id, "")
		check(t, starmap.RolePlatform, id, "")
	}
	if validActor(starmap.Actor{}) {
		t.Error("the zero actor is valid")
	}
	rapid.Check(t, func(rt *rapid.T) {
		id := rapid.String().Draw(rt, "id")
		adv := rapid.StringMatching(`[ -~\x{3000}\x{a0}]{0,4}`).Draw(rt, "adv")
		check(rt, starmap.RoleAdvertiserSub, id, adv)
		check(rt, starmap.RoleCreator, id, "")
	})
}
