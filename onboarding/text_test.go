package onboarding_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// TestFreeText_X5: rejection reasons, special approval reasons,
// cancellation rejection reasons and the state of a running task are
// checked by their starmap.TextField: the bad texts are refused with
// starmap.ErrTextInvalid and nothing changes or is stored.
func TestFreeText_X5(t *testing.T) {
	ctx := context.Background()
	now := at(2026, 11, 20, 10)
	holder := starmap.AdvertiserActor("adv-1")
	for name, text := range badTexts() {
		t.Run("X-5_"+name, func(t *testing.T) {
			want := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, starmap.ErrTextInvalid) {
					t.Errorf("%s: %v, want ErrTextInvalid", what, err)
				}
			}
			a := submitted(t, now, 200000)
			_, err := a.Reject(reviewer, now, []string{"资料不全", text})
			want("Application.Reject", err)
			if a.State() != onboarding.StateSubmitted || len(a.History()) != 1 {
				t.Errorf("a refused rejection changed the application")
			}
			_, err = onboarding.GrantSpecialApproval(reviewer, d(2026, 11, 20), text)
			want("GrantSpecialApproval", err)
			ag := goodAgency(d(2026, 6, 1))
			ag.Approval = onboarding.SpecialApproval{By: reviewer, On: d(2026, 7, 1), Reason: text}
			dec := onboarding.CheckAgency(d(2026, 11, 20), hostPolicy(), ag)
			if dec.Eligible || !errors.Is(dec.Err(), starmap.ErrTextInvalid) {
				t.Errorf("CheckAgency counted an approval with a bad reason: %v", dec.Err())
			}
			_, err = onboarding.PlanClose("adv-1", []onboarding.RunningTask{{ID: "t-1", State: text}}, money("1"))
			want("PlanClose task state", err)

			s, st := leavingService(t, starmap.FixedClock(now), tasks{})
			if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000)); err != nil {
				t.Fatal(err)
			}
			_, _, err = s.Reject(ctx, reviewer, "app-1", text)
			want("Service.Reject", err)
			if _, _, err := s.Submit(ctx, starmap.MCNActor("mcn-1"), "app-2", onboarding.Submission{Kind: onboarding.KindAgency, Agency: goodAgency(d(2026, 6, 1))}); err != nil {
				t.Fatal(err)
			}
			_, _, err = s.GrantSpecialApproval(ctx, reviewer, "app-2", text)
			want("Service.GrantSpecialApproval", err)
			for _, id := range []string{"app-1", "app-2"} {
				if r, _ := st.GetApplication(ctx, id); r.Version != 1 {
					t.Errorf("%s was written: version %d", id, r.Version)
				}
			}
			if _, _, err := s.StartCancellation(ctx, holder, money("1"), "123456", time.Hour); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.EnterCode(ctx, holder, "123456"); err != nil {
				t.Fatal(err)
			}
			_, _, err = s.RejectCancellation(ctx, reviewer, "adv-1", text)
			want("Service.RejectCancellation", err)
			if r, _ := st.GetCancellation(ctx, "adv-1"); r.Version != 2 || r.State != onboarding.CancelUnderReview {
				t.Errorf("the cancellation was written: v%d %s", r.Version, r.State)
			}
		})
	}
	t.Run("X-5_reasons_may_span_lines", func(t *testing.T) {
		a := submitted(t, now, 200000)
		if _, err := a.Reject(reviewer, now, []string{"资料不全:\n1. 头像\n2. 简介"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("X-5_a_task_state_is_one_line", func(t *testing.T) {
		if _, err := onboarding.PlanClose("adv-1", []onboarding.RunningTask{{ID: "t-1", State: "a\nb"}}, money("1")); !errors.Is(err, starmap.ErrTextInvalid) {
			t.Fatalf("err = %v", err)
		}
		if _, err := onboarding.PlanClose("adv-1", []onboarding.RunningTask{{ID: "t 1"}}, money("1")); !errors.Is(err, onboarding.ErrCancellationInvalid) {
			t.Fatalf("task id with a space: %v", err)
		}
	})
	t.Run("ONB-9_too_many_reasons", func(t *testing.T) {
		a := submitted(t, now, 200000)
		many := make([]string, onboarding.MaxRejectReasons+1)
		for i := range many {
			many[i] = "理由"
		}
		if _, err := a.Reject(reviewer, now, many); !errors.Is(err, onboarding.ErrApplicationInvalid) {
			t.Fatalf("err = %v", err)
		}
		if _, err := a.Reject(reviewer, now, many[:onboarding.MaxRejectReasons]); err != nil {
			t.Fatalf("the most reasons allowed: %v", err)
		}
	})
	t.Run("ONB-8_many_blockers_named_briefly", func(t *testing.T) {
		running := make([]onboarding.RunningTask, 10000)
		for i := range running {
			running[i] = onboarding.RunningTask{ID: "t-" + itoa(i), State: "pending"}
		}
		plan, err := onboarding.PlanClose("adv-1", running, money("1"))
		if err != nil {
			t.Fatal(err)
		}
		e, ok := starmap.Find(plan.Err(), onboarding.ErrCloseBlocked)
		if !ok {
			t.Fatal(plan.Err())
		}
		count, _ := e.Param("count")
		list, _ := e.Param("tasks")
		if count != "10000" || len(list) > 300 || !strings.HasPrefix(list, "t-0, t-1,") || !strings.HasSuffix(list, "(+9980)") {
			t.Fatalf("count %s, tasks %q", count, list)
		}
	})
}
