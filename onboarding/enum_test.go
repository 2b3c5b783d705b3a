package onboarding_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/onboarding"
)

type labeled interface {
	String() string
	Label(starmap.Lang) string
}

// TestEnumNames: every enum names each value once in stable ASCII
// (String, and Label in English) and once in Chinese (Label in zh-CN),
// from one table; a value outside the table still says something, in
// Chinese for zh-CN.
func TestEnumNames(t *testing.T) {
	enums := map[string][]labeled{}
	add := func(name string, vs ...labeled) { enums[name] = vs }
	add("Platform", onboarding.Douyin, onboarding.Xigua, onboarding.Huoshan, onboarding.Toutiao)
	add("Standing", onboarding.StandingViolation, onboarding.StandingRateLimited, onboarding.StandingNormal)
	add("Kind", onboarding.KindCreator, onboarding.KindAgency, onboarding.KindMerchant)
	add("State", onboarding.State(0), onboarding.StateSubmitted, onboarding.StateApproved, onboarding.StateRejected, onboarding.StateOpened)
	add("Step", onboarding.StepSubmit, onboarding.StepGrantApproval, onboarding.StepApprove, onboarding.StepReject, onboarding.StepOpen)
	add("SLA", onboarding.SLANone, onboarding.SLAPending, onboarding.SLAOverdue, onboarding.SLAMet, onboarding.SLAMissed)
	add("Route", onboarding.RouteNone, onboarding.RouteFollowers, onboarding.RouteMCNSigning, onboarding.RouteFollowersAndMCN,
		onboarding.RouteAgencyAge, onboarding.RouteSpecialApproval, onboarding.RouteOneClick)
	add("MerchantKind", onboarding.MerchantIndividual, onboarding.MerchantCompany)
	add("CancelState", onboarding.CancelState(0), onboarding.CancelAwaitingCode, onboarding.CancelUnderReview, onboarding.CancelDone,
		onboarding.CancelRejected, onboarding.CancelLocked)
	add("CancelStep", onboarding.CancelStepStart, onboarding.CancelStepResendCode, onboarding.CancelStepCodeWrong, onboarding.CancelStepCodeVerified,
		onboarding.CancelStepApprove, onboarding.CancelStepReject, onboarding.CancelStepRestart)
	add("out_of_table", onboarding.Platform(99), onboarding.Standing(0), onboarding.Kind(0), onboarding.State(99), onboarding.Step(0),
		onboarding.SLA(99), onboarding.Route(99), onboarding.MerchantKind(0), onboarding.CancelState(99), onboarding.CancelStep(0))
	for name, vs := range enums {
		seen := map[string]bool{}
		for _, v := range vs {
			s := v.String()
			if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r > unicode.MaxASCII || unicode.IsSpace(r) }) {
				t.Errorf("%s: String %q is not stable ASCII", name, s)
			}
			if name != "out_of_table" && seen[s] {
				t.Errorf("%s: String %q names two values", name, s)
			}
			seen[s] = true
			if v.Label(starmap.EN) != s {
				t.Errorf("%s: Label(EN) %q, String %q", name, v.Label(starmap.EN), s)
			}
			if zh := v.Label(starmap.ZH); zh == "" || len(kit.EnglishWords(zh, "MCN")) > 0 || !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("%s: Label(ZH) %q is not Chinese", name, zh)
			}
		}
	}
	if p, ok := onboarding.ParsePlatform(onboarding.Toutiao.String()); !ok || p != onboarding.Toutiao {
		t.Errorf("ParsePlatform does not read String back")
	}
	for _, s := range []onboarding.CancelStep{onboarding.CancelStepStart, onboarding.CancelStepRestart} {
		if s.EventType() != "onboarding.cancellation_"+s.String() {
			t.Errorf("event type %q", s.EventType())
		}
	}
	if onboarding.Unknown() != (onboarding.Figure{}) || onboarding.Unknown().Known {
		t.Error("Unknown is not the zero, unknown Figure")
	}
}
