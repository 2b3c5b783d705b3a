package onboarding_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

func TestCancellation(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	plan, _ := onboarding.PlanClose("adv-1", nil, money("99.90"))
	start := func(t *testing.T) *onboarding.Cancellation {
		t.Helper()
		c, ev, err := onboarding.StartCancellation(holder, now, plan, "482913", 10*time.Minute, codeKey)
		if err != nil || ev.Type != "onboarding.cancellation_start" || c.State() != onboarding.CancelAwaitingCode {
			t.Fatalf("%v %+v", err, ev)
		}
		return c
	}
	t.Run("ONB-8_conditions_code_review_cancelled", func(t *testing.T) {
		c := start(t)
		if _, err := c.EnterCode(holder, now.Add(time.Minute), "482913", codeKey); err != nil {
			t.Fatal(err)
		}
		if c.State() != onboarding.CancelUnderReview {
			t.Fatal(c.State())
		}
		if _, err := c.Approve(holder, now.Add(time.Hour), plan); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("holder approved own cancellation: %v", err)
		}
		ev, err := c.Approve(reviewer, now.Add(time.Hour), plan)
		if err != nil || c.State() != onboarding.CancelDone || ev.Note != "refund 99.90" || !c.Refund().Equal(money("99.9")) {
			t.Fatalf("%v %+v", err, ev)
		}
		var states []onboarding.CancelState
		for _, h := range c.History() {
			states = append(states, h.To)
		}
		want := []onboarding.CancelState{onboarding.CancelAwaitingCode, onboarding.CancelUnderReview, onboarding.CancelDone}
		if diff := cmp.Diff(want, states); diff != "" {
			t.Fatal(diff)
		}
		r := c.Record()
		if r.CodeDigest == ([32]byte{}) {
			t.Fatal("no digest kept")
		}
		if _, err := onboarding.CancellationFromRecord(r); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ONB-8_blocked_plan_cannot_start", func(t *testing.T) {
		blocked, _ := onboarding.PlanClose("adv-1", []onboarding.RunningTask{{ID: "t-1"}}, money("0"))
		if _, _, err := onboarding.StartCancellation(holder, now, blocked, "482913", time.Minute, codeKey); !errors.Is(err, onboarding.ErrCloseBlocked) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ONB-8_only_the_holder_starts", func(t *testing.T) {
		for _, a := range []starmap.Actor{reviewer, starmap.SubAccountActor("adv-1", "s")} {
			if _, _, err := onboarding.StartCancellation(a, now, plan, "482913", time.Minute, codeKey); !errors.Is(err, starmap.ErrActorRole) {
				t.Fatalf("%s: %v", a, err)
			}
		}
		c := start(t)
		if _, err := c.EnterCode(starmap.AdvertiserActor("adv-2"), now, "482913", codeKey); !errors.Is(err, starmap.ErrForbidden) {
			t.Fatalf("someone else entered the code: %v", err)
		}
	})
	t.Run("ONB-8_bad_code_input", func(t *testing.T) {
		for _, code := range []string{"", "123", "123456789", "12a4"} {
			if _, _, err := onboarding.StartCancellation(holder, now, plan, code, time.Minute, codeKey); !errors.Is(err, onboarding.ErrCancellationInvalid) {
				t.Fatalf("code %q: %v", code, err)
			}
		}
	})
	t.Run("ONB-8_expired_code_changes_nothing_resend_works", func(t *testing.T) {
		c := start(t)
		late := now.Add(11 * time.Minute)
		if _, err := c.EnterCode(holder, late, "482913", codeKey); !errors.Is(err, onboarding.ErrCodeExpired) {
			t.Fatalf("err = %v", err)
		}
		if len(c.History()) != 1 {
			t.Fatal("expired code changed the cancellation")
		}
		if _, err := c.ResendCode(holder, late, "111222", 5*time.Minute, codeKey); err != nil {
			t.Fatal(err)
		}
		if _, err := c.EnterCode(holder, late.Add(time.Minute), "482913", codeKey); !errors.Is(err, onboarding.ErrCodeWrong) {
			t.Fatalf("old code accepted: %v", err)
		}
		if _, err := c.EnterCode(holder, late.Add(time.Minute), "111222", codeKey); err != nil || c.State() != onboarding.CancelUnderReview {
			t.Fatalf("%v %s", err, c.State())
		}
	})
	t.Run("ONB-8_wrong_codes_lock", func(t *testing.T) {
		c := start(t)
		for i := 1; i <= onboarding.MaxCodeAttempts; i++ {
			_, err := c.EnterCode(holder, now, "000000", codeKey)
			var e *starmap.Error
			if !errors.As(err, &e) || e.Rule() != onboarding.ErrCodeWrong {
				t.Fatalf("try %d: %v", i, err)
			}
			left, _ := e.Param("left")
			if want := onboarding.MaxCodeAttempts - i; left != itoa(want) {
				t.Fatalf("try %d: left %s, want %d", i, left, want)
			}
		}
		if c.State() != onboarding.CancelLocked {
			t.Fatal(c.State())
		}
		if _, err := c.EnterCode(holder, now, "482913", codeKey); !errors.Is(err, onboarding.ErrCancellationState) {
			t.Fatalf("locked accepted a code: %v", err)
		}
	})
	t.Run("ONB-8_review_rejects_with_reason", func(t *testing.T) {
		c := start(t)
		if _, err := c.Approve(reviewer, now, plan); !errors.Is(err, onboarding.ErrCancellationState) {
			t.Fatalf("approved before the code: %v", err)
		}
		c.EnterCode(holder, now, "482913", codeKey)
		if _, err := c.Reject(reviewer, now, " "); !errors.Is(err, onboarding.ErrCancellationInvalid) {
			t.Fatalf("no reason: %v", err)
		}
		if _, err := c.Reject(reviewer, now, "账户存在未结清款项"); err != nil || c.State() != onboarding.CancelRejected {
			t.Fatalf("%v %s", err, c.State())
		}
	})
}

// TestCancellationHolderAndTime: someone other than the holder is
// ErrNotAccountHolder (not a role error), and a zero instant is refused by
// every step, changing nothing (ONB-8).
func TestCancellationHolderAndTime(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	plan, _ := onboarding.PlanClose("adv-1", nil, money("9.90"))
	c, _, err := onboarding.StartCancellation(holder, now, plan, "482913", 10*time.Minute, codeKey)
	if err != nil {
		t.Fatal(err)
	}
	other := starmap.AdvertiserActor("adv-2")
	if _, err := c.ResendCode(other, now, "111111", time.Minute, codeKey); !errors.Is(err, onboarding.ErrNotAccountHolder) {
		t.Fatalf("resend by another: %v", err)
	}
	if _, err := c.EnterCode(other, now, "482913", codeKey); !errors.Is(err, onboarding.ErrNotAccountHolder) {
		t.Fatalf("code by another: %v", err)
	}
	var zero time.Time
	if _, err := c.EnterCode(holder, zero, "482913", codeKey); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("code at zero time: %v", err)
	}
	if _, err := c.ResendCode(holder, zero, "111111", time.Minute, codeKey); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("resend at zero time: %v", err)
	}
	if len(c.History()) != 1 {
		t.Fatalf("refusals changed the cancellation: %d entries", len(c.History()))
	}
	if _, err := c.EnterCode(holder, now, "482913", codeKey); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Approve(reviewer, zero, plan); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("approve at zero time: %v", err)
	}
	if _, err := c.Reject(reviewer, zero, "理由"); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("reject at zero time: %v", err)
	}
	for _, h := range c.History() {
		if h.At.IsZero() {
			t.Fatalf("history dated at the zero time: %+v", h)
		}
	}
	if c.State() != onboarding.CancelUnderReview {
		t.Fatal(c.State())
	}
}

// TestCodeDigestIsKeyed: the stored digest is an HMAC under the host's
// key, not a plain hash of 4–8 digits that anyone could reverse (ONB-8).
func TestCodeDigestIsKeyed(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	plan, _ := onboarding.PlanClose("adv-1", nil, money("1"))
	c, _, err := onboarding.StartCancellation(holder, now, plan, "482913", time.Hour, codeKey)
	if err != nil {
		t.Fatal(err)
	}
	if c.Record().CodeDigest == sha256.Sum256([]byte("482913")) {
		t.Fatal("the digest is the plain SHA-256 of the code")
	}
	other, _, _ := onboarding.StartCancellation(holder, now, plan, "482913", time.Hour, []byte("another-key-0123456789"))
	if other.Record().CodeDigest == c.Record().CodeDigest {
		t.Fatal("the digest does not depend on the key")
	}
	if _, err := c.EnterCode(holder, now, "482913", []byte("another-key-0123456789")); !errors.Is(err, onboarding.ErrCodeWrong) {
		t.Fatalf("the right code under the wrong key: %v", err)
	}
	if _, err := c.EnterCode(holder, now, "482913", codeKey); err != nil || c.State() != onboarding.CancelUnderReview {
		t.Fatalf("%v %s", err, c.State())
	}
	if _, _, err := onboarding.StartCancellation(holder, now, plan, "482913", time.Hour, []byte("short")); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("short key: %v", err)
	}
	st := memstore.NewOnboardingStore()
	if _, err := onboarding.NewService(st, starmap.FixedClock(now), onboarding.WithLeaving(tasks{}, nil)); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("no code key: %v", err)
	}
	s, _ := onboarding.NewService(st, starmap.FixedClock(now))
	if _, _, err := s.StartCancellation(context.Background(), holder, money("1"), "482913", time.Hour); !errors.Is(err, onboarding.ErrLeavingNotConfigured) {
		t.Fatalf("no leaving option: %v", err)
	}
}
