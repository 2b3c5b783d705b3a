package onboarding_test

import (
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// TestApplicationMachine runs random steps by random actors against the
// transition table (the model): a step the table allows for the actor's
// role moves to its target state and adds one history entry; any other is
// refused and changes nothing (ONB-9, X-6, X-7).
func TestApplicationMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		now := at(2026, 11, 2, 9)
		ag := goodAgency(d(2026, 6, 1)) // too young without a special approval
		a, _, err := onboarding.Submit(starmap.MCNActor("mcn-1"), now, "app-1", onboarding.Submission{Kind: onboarding.KindAgency, Agency: ag})
		if err != nil {
			t.Fatal(err)
		}
		p := hostPolicy()
		actors := []starmap.Actor{reviewer, starmap.MCNActor("mcn-1"), starmap.CreatorActor("c-1"), starmap.AdvertiserActor("adv-1")}
		granted := false
		t.Repeat(map[string]func(*rapid.T){
			"": func(t *rapid.T) {
				if a.State() != a.History()[len(a.History())-1].To {
					t.Fatalf("state %s, history ends in %s", a.State(), a.History()[len(a.History())-1].To)
				}
			},
			"step": func(t *rapid.T) {
				step := rapid.SampledFrom([]onboarding.Step{onboarding.StepGrantApproval, onboarding.StepApprove, onboarding.StepReject, onboarding.StepOpen}).Draw(t, "step")
				actor := rapid.SampledFrom(actors).Draw(t, "actor")
				now = now.Add(time.Duration(rapid.IntRange(1, 72).Draw(t, "hours")) * time.Hour)
				before := a.Record()
				var row *onboarding.Transition
				for _, tr := range onboarding.Transitions() {
					if tr.From == before.State && tr.Step == step {
						tr := tr
						row = &tr
					}
				}
				roleOK := row != nil && containsRole(row.Roles, actor.Role())
				// The one rule beyond the table: approval needs eligibility,
				// which this young agency has only with a special approval.
				eligible := step != onboarding.StepApprove || granted
				var ev starmap.Event
				switch step {
				case onboarding.StepGrantApproval:
					ev, err = a.GrantSpecialApproval(actor, now, "达人资源丰富且内容独特")
				case onboarding.StepApprove:
					ev, err = a.Approve(actor, now, p, cal)
				case onboarding.StepReject:
					ev, err = a.Reject(actor, now, []string{"不符合要求"})
				case onboarding.StepOpen:
					ev, err = a.Open(actor, now)
				}
				after := a.Record()
				if roleOK && eligible {
					if err != nil {
						t.Fatalf("%s by %s from %s refused: %v", step, actor, before.State, err)
					}
					if after.State != row.To || len(after.History) != len(before.History)+1 || ev.Type != step.EventType() || ev.Actor != actor {
						t.Fatalf("%s: state %s, history %d→%d, event %+v", step, after.State, len(before.History), len(after.History), ev)
					}
					if step == onboarding.StepGrantApproval {
						granted = true
					}
					return
				}
				switch {
				case err == nil:
					t.Fatalf("%s by %s from %s allowed", step, actor, before.State)
				case row == nil && !errors.Is(err, onboarding.ErrApplicationState):
					t.Fatalf("%s from %s: %v, want a state error", step, before.State, err)
				case row != nil && !roleOK && !errors.Is(err, starmap.ErrActorRole):
					t.Fatalf("%s by %s: %v, want a role error", step, actor, err)
				case row != nil && roleOK && !errors.Is(err, onboarding.ErrNotEligible):
					t.Fatalf("%s: %v, want not eligible", step, err)
				}
				if len(after.History) != len(before.History) || after.State != before.State {
					t.Fatalf("refused %s changed the application", step)
				}
			},
		})
	})
}

func containsRole(rs []starmap.Role, r starmap.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
