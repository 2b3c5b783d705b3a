package onboarding_test

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// TestApplicantIsTheAccount: a creator applies only for its own account,
// and an MCN named in a creator application must be confirmed by the
// host's SigningVerifier, whoever submits (ONB-3, ONB-9, X-7).
func TestApplicantIsTheAccount(t *testing.T) {
	ctx := context.Background()
	now := at(2026, 11, 20, 10)
	victim := onboarding.Applicant{Platform: onboarding.Douyin, AccountID: "victim-dy", Followers: 10, Standing: onboarding.StandingNormal}
	if _, _, err := onboarding.Submit(starmap.CreatorActor("stranger"), now, "app-1", onboarding.Submission{Kind: onboarding.KindCreator, Creator: victim}); !errors.Is(err, onboarding.ErrApplicantMismatch) {
		t.Fatalf("a stranger applied for another's account: %v", err)
	}
	signedVictim := victim
	signedVictim.MCN = "mcn-evil"
	for name, c := range map[string]struct {
		verifier onboarding.SigningVerifier
		actor    starmap.Actor
		sub      onboarding.Applicant
		want     error
	}{
		"ONB-3_mcn_not_signed_refused":         {signings{"mcn-evil": {"other"}}, starmap.MCNActor("mcn-evil"), signedVictim, onboarding.ErrSigningUnverified},
		"ONB-3_no_verifier_refused":            {nil, starmap.MCNActor("mcn-evil"), signedVictim, onboarding.ErrSigningUnverified},
		"ONB-3_creator_naming_unsigned_mcn":    {signings{}, starmap.CreatorActor("victim-dy"), signedVictim, onboarding.ErrSigningUnverified},
		"ONB-3_verified_signing_accepted":      {signings{"mcn-evil": {"victim-dy"}}, starmap.MCNActor("mcn-evil"), signedVictim, nil},
		"ONB-9_unsigned_creator_needs_nothing": {nil, starmap.CreatorActor("victim-dy"), victim, nil},
	} {
		t.Run(name, func(t *testing.T) {
			st := memstore.NewOnboardingStore()
			var opts []onboarding.Option
			if c.verifier != nil {
				opts = append(opts, onboarding.WithSigningVerifier(c.verifier))
			}
			s, err := onboarding.NewService(st, starmap.FixedClock(now), opts...)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = s.Submit(ctx, c.actor, "app-1", onboarding.Submission{Kind: onboarding.KindCreator, Creator: c.sub})
			if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if _, gerr := st.GetApplication(ctx, "app-1"); (gerr == nil) != (c.want == nil) {
				t.Fatalf("stored = %v", gerr == nil)
			}
		})
	}
}

// TestSigningRecheckedAtDecision_ONB3: the MCN route is verified again when
// the platform decides — a signing ended after submission gets an Approve
// refused with ErrSigningUnverified and a Review rejected with that reason,
// not an approval on the strength of the MCN's name alone.
func TestSigningRecheckedAtDecision_ONB3(t *testing.T) {
	ctx := context.Background()
	now := at(2026, 11, 20, 10)
	reviewer := starmap.PlatformActor("reviewer-1")
	for _, decide := range []string{"approve", "review"} {
		t.Run(decide, func(t *testing.T) {
			host := signings{"mcn-1": {"acct-1"}}
			s, err := onboarding.NewService(memstore.NewOnboardingStore(), starmap.FixedClock(now), onboarding.WithSigningVerifier(host))
			if err != nil {
				t.Fatal(err)
			}
			app := creator(onboarding.Douyin, 10, true) // eligible by the MCN route alone
			if _, _, err := s.Submit(ctx, starmap.MCNActor("mcn-1"), "app-1", onboarding.Submission{Kind: onboarding.KindCreator, Creator: app}); err != nil {
				t.Fatalf("Submit: %v", err)
			}
			delete(host, "mcn-1") // the signing ends before the decision
			switch decide {
			case "approve":
				if _, _, err := s.Approve(ctx, reviewer, "app-1"); !errors.Is(err, onboarding.ErrSigningUnverified) {
					t.Fatalf("Approve after the signing ended = %v, want ErrSigningUnverified", err)
				}
			case "review":
				a, _, err := s.Review(ctx, reviewer, "app-1")
				if err != nil {
					t.Fatalf("Review: %v", err)
				}
				if a.State() != onboarding.StateRejected {
					t.Fatalf("Review after the signing ended left the application %v, want rejected", a.State())
				}
			}
		})
	}
}
