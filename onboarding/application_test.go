package onboarding_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

func TestApplicationLifecycle(t *testing.T) {
	t.Run("ONB-9_ONB-5_submitted_approved_opened_in_time", func(t *testing.T) {
		a := submitted(t, at(2026, 11, 20, 10), 150000) // Friday
		ev, err := a.Approve(reviewer, at(2026, 11, 20, 15), onboarding.DefaultPolicy(), cal)
		if err != nil {
			t.Fatal(err)
		}
		if a.State() != onboarding.StateApproved || a.ConfirmedOn() != d(2026, 11, 20) || a.Deadline() != d(2026, 11, 25) {
			t.Fatalf("state %s confirmed %s deadline %s", a.State(), a.ConfirmedOn(), a.Deadline())
		}
		if ev.Type != "onboarding.application_approved" || ev.Actor != reviewer || ev.Note != "open by 2026-11-25" {
			t.Fatalf("event %+v", ev)
		}
		if a.SLA(d(2026, 11, 25)) != onboarding.SLAPending || a.SLA(d(2026, 11, 26)) != onboarding.SLAOverdue {
			t.Fatal("SLA around the deadline day")
		}
		if _, err := a.Open(reviewer, at(2026, 11, 25, 23)); err != nil {
			t.Fatal(err)
		}
		if a.SLA(d(2027, 1, 1)) != onboarding.SLAMet || !a.DeadlineMet() || a.OpenedOn() != d(2026, 11, 25) {
			t.Fatalf("SLA %s", a.SLA(d(2027, 1, 1)))
		}
		var steps []onboarding.Step
		for _, c := range a.History() {
			steps = append(steps, c.Step)
		}
		if diff := cmp.Diff([]onboarding.Step{onboarding.StepSubmit, onboarding.StepApprove, onboarding.StepOpen}, steps); diff != "" {
			t.Fatal(diff)
		}
	})
	t.Run("ONB-5_deadline_over_national_day_2026", func(t *testing.T) {
		a := submitted(t, at(2026, 9, 29, 10), 150000)
		if _, err := a.Approve(reviewer, at(2026, 9, 30, 9), onboarding.DefaultPolicy(), cal); err != nil {
			t.Fatal(err)
		}
		// 1–7 October off; 8 (Thu), 9 (Fri), 10 (Sat, make-up working day).
		if a.Deadline() != d(2026, 10, 10) {
			t.Fatalf("deadline %s, want 2026-10-10", a.Deadline())
		}
	})
	t.Run("ONB-5_confirmation_day_in_CST", func(t *testing.T) {
		a := submitted(t, at(2026, 11, 20, 10), 150000)
		// 2026-11-22 17:00 UTC is Monday 23 November 01:00 in Beijing.
		if _, err := a.Approve(reviewer, time.Date(2026, 11, 22, 17, 0, 0, 0, time.UTC), onboarding.DefaultPolicy(), cal); err != nil {
			t.Fatal(err)
		}
		if a.ConfirmedOn() != d(2026, 11, 23) || a.Deadline() != d(2026, 11, 26) {
			t.Fatalf("confirmed %s deadline %s", a.ConfirmedOn(), a.Deadline())
		}
	})
	t.Run("ONB-5_opened_late_missed", func(t *testing.T) {
		a := submitted(t, at(2026, 11, 20, 10), 150000)
		a.Approve(reviewer, at(2026, 11, 20, 15), onboarding.DefaultPolicy(), cal)
		ev, err := a.Open(reviewer, at(2026, 11, 27, 9))
		if err != nil {
			t.Fatal(err)
		}
		if a.SLA(d(2026, 11, 27)) != onboarding.SLAMissed || a.DeadlineMet() || ev.Note != "deadline 2026-11-25 missed by 2 day(s)" {
			t.Fatalf("SLA %s, note %q", a.SLA(d(2026, 11, 27)), ev.Note)
		}
	})
	t.Run("ONB-9_rejected_with_reasons_is_final", func(t *testing.T) {
		a := submitted(t, at(2026, 11, 20, 10), 150000)
		if _, err := a.Reject(reviewer, at(2026, 11, 20, 11), []string{" ", ""}); !errors.Is(err, onboarding.ErrRejectReasonMissing) {
			t.Fatalf("reject without reasons: %v", err)
		}
		if a.State() != onboarding.StateSubmitted || len(a.History()) != 1 {
			t.Fatal("a refused rejection changed the application")
		}
		ev, err := a.Reject(reviewer, at(2026, 11, 20, 11), []string{"资料不全", " 头像违规 "})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"资料不全", "头像违规"}, a.Reasons()); diff != "" || ev.Note != "资料不全; 头像违规" {
			t.Fatalf("reasons %v note %q", a.Reasons(), ev.Note)
		}
		for _, f := range []func() error{
			func() error {
				_, err := a.Approve(reviewer, at(2026, 11, 21, 9), onboarding.DefaultPolicy(), cal)
				return err
			},
			func() error { _, err := a.Open(reviewer, at(2026, 11, 21, 9)); return err },
			func() error { _, err := a.Reject(reviewer, at(2026, 11, 21, 9), []string{"again"}); return err },
		} {
			if err := f(); !errors.Is(err, onboarding.ErrApplicationState) || !errors.Is(err, starmap.ErrInvalid) {
				t.Fatalf("step after rejection: %v", err)
			}
		}
		if a.SLA(d(2030, 1, 1)) != onboarding.SLANone {
			t.Fatal("a rejected application has an SLA")
		}
	})
	t.Run("ONB-9_open_before_approval_refused", func(t *testing.T) {
		a := submitted(t, at(2026, 11, 20, 10), 150000)
		if _, err := a.Open(reviewer, at(2026, 11, 20, 11)); !errors.Is(err, onboarding.ErrApplicationState) {
			t.Fatalf("open from submitted: %v", err)
		}
	})
	t.Run("ONB-9_approval_refused_when_ineligible_lists_every_reason", func(t *testing.T) {
		a, _, err := onboarding.Submit(starmap.CreatorActor("acct-1"), at(2026, 11, 20, 10), "app-2", onboarding.Submission{Kind: onboarding.KindCreator, Creator: withStanding(creator(onboarding.Douyin, 99999, false), onboarding.StandingRateLimited)})
		if err != nil {
			t.Fatal(err)
		}
		before := a.Record()
		_, err = a.Approve(reviewer, at(2026, 11, 20, 15), onboarding.DefaultPolicy(), cal)
		want := []starmap.Code{"onboarding.application.not_eligible", "onboarding.creator.standing_rate_limited", codeBelow}
		if diff := cmp.Diff(want, starmap.Codes(err)); diff != "" {
			t.Fatal(diff)
		}
		if diff := cmp.Diff(before, a.Record(), cmp.AllowUnexported(starmap.Actor{}, starmap.Date{})); diff != "" {
			t.Fatalf("refused approval changed the application: %s", diff)
		}
	})
	t.Run("ONB-3_the_policy_decides_at_approval", func(t *testing.T) {
		a := submitted(t, at(2026, 11, 20, 10), 150000) // unsigned
		if _, err := a.Approve(reviewer, at(2026, 11, 20, 15), onboarding.Policy2022(), cal); !errors.Is(err, onboarding.ErrMCNSigningRequired) {
			t.Fatalf("2022 policy approved an unsigned creator: %v", err)
		}
	})
}

func TestApplicationActors(t *testing.T) {
	now := at(2026, 11, 20, 10)
	signed := creator(onboarding.Douyin, 10, true) // MCN "mcn-1"
	for _, c := range []struct {
		name  string
		actor starmap.Actor
		sub   onboarding.Submission
		want  error
	}{
		{"X-7_creator_submits_own", starmap.CreatorActor("acct-1"), creatorSubmission(10), nil},
		{"X-7_creator_for_another_account_refused", starmap.CreatorActor("stranger"), creatorSubmission(10), onboarding.ErrApplicantMismatch},
		{"X-7_mcn_submits_for_signed_creator", starmap.MCNActor("mcn-1"), onboarding.Submission{Kind: onboarding.KindCreator, Creator: signed}, nil},
		{"X-7_other_mcn_refused", starmap.MCNActor("mcn-2"), onboarding.Submission{Kind: onboarding.KindCreator, Creator: signed}, onboarding.ErrApplicantMismatch},
		{"X-7_platform_cannot_submit", reviewer, creatorSubmission(10), onboarding.ErrApplicantMismatch},
		{"X-7_agency_submits_own", starmap.MCNActor("mcn-1"), onboarding.Submission{Kind: onboarding.KindAgency, Agency: goodAgency(d(2020, 1, 1))}, nil},
		{"X-7_agency_for_another", starmap.MCNActor("mcn-9"), onboarding.Submission{Kind: onboarding.KindAgency, Agency: goodAgency(d(2020, 1, 1))}, onboarding.ErrApplicantMismatch},
		{"X-7_merchant_main_account", starmap.AdvertiserActor("adv-1"), onboarding.Submission{Kind: onboarding.KindMerchant, Merchant: onboarding.Merchant{ID: "adv-1"}}, nil},
		{"X-7_merchant_sub_account_refused", starmap.SubAccountActor("adv-1", "s"), onboarding.Submission{Kind: onboarding.KindMerchant, Merchant: onboarding.Merchant{ID: "adv-1"}}, onboarding.ErrApplicantMismatch},
		{"X-7_invalid_actor", starmap.CreatorActor(""), creatorSubmission(10), starmap.ErrActorInvalid},
		{"ONB-9_unknown_kind", starmap.CreatorActor("c"), onboarding.Submission{}, onboarding.ErrApplicationInvalid},
		{"ONB-9_empty_subject", starmap.CreatorActor("c"), onboarding.Submission{Kind: onboarding.KindCreator}, onboarding.ErrApplicationInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := onboarding.Submit(c.actor, now, "app-1", c.sub)
			if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
	t.Run("X-7_only_platform_reviews", func(t *testing.T) {
		a := submitted(t, now, 150000)
		for _, actor := range []starmap.Actor{starmap.CreatorActor("c-1"), starmap.MCNActor("m"), starmap.AdvertiserActor("a")} {
			if _, err := a.Approve(actor, now, onboarding.DefaultPolicy(), cal); !errors.Is(err, starmap.ErrActorRole) {
				t.Fatalf("%s approved: %v", actor, err)
			}
			if _, err := a.Reject(actor, now, []string{"x"}); !errors.Is(err, starmap.ErrActorRole) {
				t.Fatalf("%s rejected: %v", actor, err)
			}
		}
	})
	t.Run("ONB-6_submitted_approval_is_dropped_platform_grants_it", func(t *testing.T) {
		ag := goodAgency(d(2026, 6, 1))
		ag.FollowerVolume = 5
		ag.Approval = onboarding.SpecialApproval{By: reviewer, On: d(2026, 7, 1), Reason: "self-made"}
		a, _, err := onboarding.Submit(starmap.MCNActor("mcn-1"), now, "app-3", onboarding.Submission{Kind: onboarding.KindAgency, Agency: ag})
		if err != nil {
			t.Fatal(err)
		}
		p := hostPolicy()
		p.Agency.MinFollowerVolume = onboarding.FigureOf(1)
		if dec := a.Eligibility(d(2026, 11, 20), p); dec.Eligible {
			t.Fatal("an applicant-supplied approval counted")
		}
		if _, err := a.GrantSpecialApproval(starmap.MCNActor("mcn-1"), now, "me"); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("mcn granted itself: %v", err)
		}
		ev, err := a.GrantSpecialApproval(reviewer, now, "达人资源丰富且内容独特")
		if err != nil || ev.Type != "onboarding.application_special_approval_granted" || a.State() != onboarding.StateSubmitted {
			t.Fatalf("%+v %v", ev, err)
		}
		dec := a.Eligibility(d(2026, 11, 20), p)
		if !dec.Eligible || dec.Route != onboarding.RouteSpecialApproval {
			t.Fatalf("%+v %v", dec, dec.Err())
		}
		if _, err := a.Approve(reviewer, now, p, cal); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFromRecord(t *testing.T) {
	good := submitted(t, at(2026, 1, 5, 9), 120000).Record()
	if _, err := onboarding.FromRecord(good); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*onboarding.ApplicationRecord){
		"bad_id":           func(r *onboarding.ApplicationRecord) { r.ID = "" },
		"unknown_kind":     func(r *onboarding.ApplicationRecord) { r.Kind = 7 },
		"unknown_state":    func(r *onboarding.ApplicationRecord) { r.State = 0 },
		"history_mismatch": func(r *onboarding.ApplicationRecord) { r.State = onboarding.StateRejected },
		"approved_without_deadline": func(r *onboarding.ApplicationRecord) {
			r.State = onboarding.StateApproved
			r.History = append(r.History, onboarding.Change{To: onboarding.StateApproved})
		},
	} {
		t.Run("X-8_"+name, func(t *testing.T) {
			r := good.Clone()
			edit(&r)
			if _, err := onboarding.FromRecord(r); !errors.Is(err, onboarding.ErrApplicationInvalid) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}
