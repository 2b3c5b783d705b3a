package onboarding_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// countingStore counts the loads of applications and cancellations.
type countingStore struct {
	*memstore.OnboardingStore
	appLoads, cancelLoads atomic.Int32
}

func (c *countingStore) GetApplication(ctx context.Context, id string) (onboarding.ApplicationRecord, error) {
	c.appLoads.Add(1)
	return c.OnboardingStore.GetApplication(ctx, id)
}

func (c *countingStore) GetCancellation(ctx context.Context, id string) (onboarding.CancellationRecord, error) {
	c.cancelLoads.Add(1)
	return c.OnboardingStore.GetCancellation(ctx, id)
}

// TestStateRefusalsAreNotRetried: a step from the wrong state is invalid
// input, not a version conflict; the service loads once and gives up.
func TestStateRefusalsAreNotRetried(t *testing.T) {
	for _, rule := range []*starmap.Rule{onboarding.ErrApplicationState, onboarding.ErrCancellationState, onboarding.ErrCloseBlocked} {
		if rule.Kind() != starmap.ErrInvalid {
			t.Errorf("%s is %s, want invalid", rule.Code(), rule.Kind().Code())
		}
	}
	ctx := context.Background()
	st := &countingStore{OnboardingStore: memstore.NewOnboardingStore()}
	s, err := onboarding.NewService(onboarding.Config{Store: st, Clock: starmap.FixedClock(at(2026, 11, 20, 10))})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Open(ctx, reviewer, "app-1"); !errors.Is(err, onboarding.ErrApplicationState) || errors.Is(err, starmap.ErrConflict) {
		t.Fatalf("open from submitted: %v", err)
	}
	if n := st.appLoads.Load(); n != 1 {
		t.Fatalf("a state refusal loaded the application %d times, want 1", n)
	}
}

func TestCheckCloseNilLister(t *testing.T) {
	_, err := onboarding.CheckClose(context.Background(), nil, "adv-1", money("1"))
	if !errors.Is(err, onboarding.ErrNoTaskLister) {
		t.Fatalf("nil lister: %v", err)
	}
}

// TestCancellationHolderAndTime: someone other than the holder is
// ErrNotAccountHolder (not a role error), and a zero instant is refused by
// every step, changing nothing (ONB-8).
func TestCancellationHolderAndTime(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	plan, _ := onboarding.PlanClose("adv-1", nil, money("9.90"))
	c, _, err := onboarding.StartCancellation(now, holder, plan, "482913", 10*time.Minute, codeKey)
	if err != nil {
		t.Fatal(err)
	}
	other := starmap.AdvertiserActor("adv-2")
	if _, err := c.ResendCode(now, other, "111111", time.Minute, codeKey); !errors.Is(err, onboarding.ErrNotAccountHolder) {
		t.Fatalf("resend by another: %v", err)
	}
	if _, err := c.EnterCode(now, other, "482913", codeKey); !errors.Is(err, onboarding.ErrNotAccountHolder) {
		t.Fatalf("code by another: %v", err)
	}
	var zero time.Time
	if _, err := c.EnterCode(zero, holder, "482913", codeKey); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("code at zero time: %v", err)
	}
	if _, err := c.ResendCode(zero, holder, "111111", time.Minute, codeKey); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("resend at zero time: %v", err)
	}
	if len(c.History()) != 1 {
		t.Fatalf("refusals changed the cancellation: %d entries", len(c.History()))
	}
	if _, err := c.EnterCode(now, holder, "482913", codeKey); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Approve(zero, reviewer, plan); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("approve at zero time: %v", err)
	}
	if _, err := c.Reject(zero, reviewer, "理由"); !errors.Is(err, onboarding.ErrCancellationInvalid) {
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

// TestHandBuiltClosePlan: a ClosePlan is a plain value; the pure steps
// re-check it whoever built it (ONB-8).
func TestHandBuiltClosePlan(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	for name, c := range map[string]struct {
		plan onboarding.ClosePlan
		want *starmap.Rule
	}{
		"negative_refund": {onboarding.ClosePlan{Account: "adv-1", Refund: money("-5")}, onboarding.ErrBalanceInvalid},
		"sub_fen_refund":  {onboarding.ClosePlan{Account: "adv-1", Refund: money("0.001")}, onboarding.ErrBalanceInvalid},
		"blockers":        {onboarding.ClosePlan{Account: "adv-1", Blockers: []onboarding.RunningTask{{ID: "t-1"}}}, onboarding.ErrCloseBlocked},
	} {
		t.Run("ONB-8_start_"+name, func(t *testing.T) {
			if _, _, err := onboarding.StartCancellation(now, holder, c.plan, "482913", time.Minute, codeKey); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %s", err, c.want.Code())
			}
		})
		t.Run("ONB-8_approve_"+name, func(t *testing.T) {
			good, _ := onboarding.PlanClose("adv-1", nil, money("1"))
			cx, _, err := onboarding.StartCancellation(now, holder, good, "482913", time.Minute, codeKey)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cx.EnterCode(now, holder, "482913", codeKey); err != nil {
				t.Fatal(err)
			}
			if _, err := cx.Approve(now, reviewer, c.plan); !errors.Is(err, c.want) || cx.State() != onboarding.CancelUnderReview {
				t.Fatalf("err = %v, state %s", err, cx.State())
			}
		})
	}
	t.Run("ONB-8_approve_plan_of_another_account", func(t *testing.T) {
		good, _ := onboarding.PlanClose("adv-1", nil, money("1"))
		cx, _, _ := onboarding.StartCancellation(now, holder, good, "482913", time.Minute, codeKey)
		cx.EnterCode(now, holder, "482913", codeKey)
		other, _ := onboarding.PlanClose("adv-2", nil, money("1"))
		if _, err := cx.Approve(now, reviewer, other); !errors.Is(err, onboarding.ErrCancellationInvalid) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestOneCancellationPerAccount: an account has one cancellation, so the
// refund is owed once; the approval re-reads the running tasks and the
// balance (ONB-8).
func TestOneCancellationPerAccount(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(at(2026, 11, 20, 10))
	st := memstore.NewOnboardingStore()
	lister := tasks{}
	s, err := onboarding.NewService(onboarding.Config{Store: st, Clock: clock, Cancellations: st, Tasks: lister, CodeKey: codeKey})
	if err != nil {
		t.Fatal(err)
	}
	holder := starmap.AdvertiserActor("adv-1")
	if _, _, err := s.StartCancellation(ctx, holder, money("100"), "123456", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartCancellation(ctx, holder, money("100"), "654321", time.Hour); !errors.Is(err, onboarding.ErrCancellationOpen) {
		t.Fatalf("second start while waiting for the code: %v", err)
	}
	if _, _, err := s.EnterCode(ctx, holder, "123456"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartCancellation(ctx, holder, money("100"), "654321", time.Hour); !errors.Is(err, onboarding.ErrCancellationOpen) {
		t.Fatalf("second start under review: %v", err)
	}
	// A task started after the code was entered blocks the approval.
	lister["adv-1"] = []onboarding.RunningTask{{ID: "t-new", State: "pending"}}
	if _, _, err := s.ApproveCancellation(ctx, reviewer, "adv-1", money("100")); !errors.Is(err, onboarding.ErrCloseBlocked) {
		t.Fatalf("approved with a running task: %v", err)
	}
	delete(lister, "adv-1")
	// The balance read at approval is what is refunded.
	c, _, err := s.ApproveCancellation(ctx, reviewer, "adv-1", money("80.00"))
	if err != nil || c.State() != onboarding.CancelDone || !c.Refund().Equal(money("80")) {
		t.Fatalf("%v refund %s", err, c.Refund())
	}
	if _, _, err := s.StartCancellation(ctx, holder, money("80"), "654321", time.Hour); !errors.Is(err, onboarding.ErrCancellationOpen) {
		t.Fatalf("start after the account was cancelled: %v", err)
	}
	// Rejected: the holder may start again, on the same record.
	cr := starmap.CreatorActor("cr-1")
	if _, _, err := s.StartCancellation(ctx, cr, money("1"), "123456", time.Hour); err != nil {
		t.Fatal(err)
	}
	s.EnterCode(ctx, cr, "123456")
	if _, _, err := s.RejectCancellation(ctx, reviewer, "cr-1", "存在未处理的投诉"); err != nil {
		t.Fatal(err)
	}
	c, evs, err := s.StartCancellation(ctx, cr, money("2"), "777777", time.Hour)
	if err != nil || c.State() != onboarding.CancelAwaitingCode || evs[0].Type != "onboarding.cancellation_restart" || len(c.History()) != 4 {
		t.Fatalf("restart: %v %+v", err, evs)
	}
}

// TestConcurrentCancellationStarts: of N holders' tabs starting at once,
// exactly one cancellation is created.
func TestConcurrentCancellationStarts(t *testing.T) {
	ctx := context.Background()
	st := memstore.NewOnboardingStore()
	s, err := onboarding.NewService(onboarding.Config{Store: st, Clock: starmap.FixedClock(at(2026, 11, 20, 10)), Cancellations: st, Tasks: tasks{}, CodeKey: codeKey})
	if err != nil {
		t.Fatal(err)
	}
	holder := starmap.AdvertiserActor("adv-1")
	const n = 8
	var wg sync.WaitGroup
	var ok, open atomic.Int32
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := s.StartCancellation(ctx, holder, money("10"), "123456", time.Hour)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, onboarding.ErrCancellationOpen):
				open.Add(1)
			default:
				t.Errorf("unexpected %v", err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 || open.Load() != n-1 {
		t.Fatalf("%d started, %d refused", ok.Load(), open.Load())
	}
}

// signings is a host's record of MCN signings: mcn → accounts.
type signings map[string][]string

func (s signings) Signed(_ context.Context, mcn string, _ onboarding.Platform, account string) (bool, error) {
	for _, a := range s[mcn] {
		if a == account {
			return true, nil
		}
	}
	return false, nil
}

// TestApplicantIsTheAccount: a creator applies only for its own account,
// and an MCN named in a creator application must be confirmed by the
// host's SigningVerifier, whoever submits (ONB-3, ONB-9, X-7).
func TestApplicantIsTheAccount(t *testing.T) {
	ctx := context.Background()
	now := at(2026, 11, 20, 10)
	victim := onboarding.Applicant{Platform: onboarding.Douyin, AccountID: "victim-dy", Followers: 10, Standing: onboarding.StandingNormal}
	if _, _, err := onboarding.Submit("app-1", now, starmap.CreatorActor("stranger"), onboarding.Submission{Kind: onboarding.KindCreator, Creator: victim}); !errors.Is(err, onboarding.ErrApplicantMismatch) {
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
			s, err := onboarding.NewService(onboarding.Config{Store: st, Clock: starmap.FixedClock(now), Signings: c.verifier})
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

// TestDeadlinePastTheCalendar: approved on 2026-12-29 on ChinaCalendar
// (2025–2026 data), the weekend rule gives 2027-01-01 (元旦); the deadline
// is flagged unverified. A host calendar with 2027 verifies it (ONB-5).
func TestDeadlinePastTheCalendar(t *testing.T) {
	now := at(2026, 12, 29, 10)
	approve := func(t *testing.T, cal *starmap.Calendar) (*onboarding.Application, starmap.Event) {
		t.Helper()
		a := submitted(t, now, 200000)
		ev, err := a.Approve(now, reviewer, onboarding.DefaultPolicy(), cal)
		if err != nil {
			t.Fatal(err)
		}
		return a, ev
	}
	t.Run("ONB-5_uncovered_year_flagged", func(t *testing.T) {
		a, ev := approve(t, starmap.ChinaCalendar())
		if a.Deadline() != d(2027, 1, 1) || a.DeadlineVerified() || !a.Record().DeadlineUnverified {
			t.Fatalf("deadline %s verified=%v", a.Deadline(), a.DeadlineVerified())
		}
		if !strings.Contains(ev.Note, "unverified") || !strings.Contains(ev.Note, "2027") {
			t.Fatalf("note %q", ev.Note)
		}
	})
	t.Run("ONB-5_covered_year_verified", func(t *testing.T) {
		cal, err := starmap.ParseCalendar(strings.NewReader("2026-10-01 off\n2027-01-01 off\n"))
		if err != nil {
			t.Fatal(err)
		}
		a, ev := approve(t, cal)
		if a.Deadline() != d(2027, 1, 4) || !a.DeadlineVerified() || strings.Contains(ev.Note, "unverified") {
			t.Fatalf("deadline %s verified=%v note %q", a.Deadline(), a.DeadlineVerified(), ev.Note)
		}
	})
	t.Run("ONB-5_inside_the_data_verified", func(t *testing.T) {
		a := submitted(t, at(2026, 11, 20, 10), 200000)
		if _, err := a.Approve(at(2026, 11, 20, 10), reviewer, onboarding.DefaultPolicy(), starmap.ChinaCalendar()); err != nil || !a.DeadlineVerified() {
			t.Fatalf("%v verified=%v", err, a.DeadlineVerified())
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

// TestCodeDigestIsKeyed: the stored digest is an HMAC under the host's
// key, not a plain hash of 4–8 digits that anyone could reverse (ONB-8).
func TestCodeDigestIsKeyed(t *testing.T) {
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	plan, _ := onboarding.PlanClose("adv-1", nil, money("1"))
	c, _, err := onboarding.StartCancellation(now, holder, plan, "482913", time.Hour, codeKey)
	if err != nil {
		t.Fatal(err)
	}
	if c.Record().CodeDigest == sha256.Sum256([]byte("482913")) {
		t.Fatal("the digest is the plain SHA-256 of the code")
	}
	other, _, _ := onboarding.StartCancellation(now, holder, plan, "482913", time.Hour, []byte("another-key-0123456789"))
	if other.Record().CodeDigest == c.Record().CodeDigest {
		t.Fatal("the digest does not depend on the key")
	}
	if _, err := c.EnterCode(now, holder, "482913", []byte("another-key-0123456789")); !errors.Is(err, onboarding.ErrCodeWrong) {
		t.Fatalf("the right code under the wrong key: %v", err)
	}
	if _, err := c.EnterCode(now, holder, "482913", codeKey); err != nil || c.State() != onboarding.CancelUnderReview {
		t.Fatalf("%v %s", err, c.State())
	}
	if _, _, err := onboarding.StartCancellation(now, holder, plan, "482913", time.Hour, []byte("short")); !errors.Is(err, onboarding.ErrCancellationInvalid) {
		t.Fatalf("short key: %v", err)
	}
	st := memstore.NewOnboardingStore()
	s, _ := onboarding.NewService(onboarding.Config{Store: st, Clock: starmap.FixedClock(now), Cancellations: st, Tasks: tasks{}})
	if _, _, err := s.StartCancellation(context.Background(), holder, money("1"), "482913", time.Hour); !errors.Is(err, onboarding.ErrLeavingNotConfigured) {
		t.Fatalf("no code key: %v", err)
	}
}
