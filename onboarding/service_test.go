package onboarding_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// TestNewService: a nil store, clock or option and a refused option are
// coded errors from the constructor; the defaults are DefaultPolicy and
// starmap.ChinaCalendar.
func TestNewService(t *testing.T) {
	clock := starmap.FixedClock(at(2026, 1, 5, 9))
	st := memstore.NewOnboardingStore()
	var nilStore *memstore.OnboardingStore
	for _, c := range []struct {
		name  string
		store onboarding.Store
		clock starmap.Clock
		opts  []onboarding.Option
		want  []error
	}{
		{"nil_store", nil, clock, nil, []error{starmap.ErrServiceDependency}},
		{"typed_nil_store", nilStore, clock, nil, []error{starmap.ErrServiceDependency}},
		{"nil_clock", st, nil, nil, []error{starmap.ErrServiceDependency}},
		{"nil_option", st, clock, []onboarding.Option{nil}, []error{starmap.ErrServiceOption}},
		{"nil_calendar", st, clock, []onboarding.Option{onboarding.WithCalendar(nil)}, []error{starmap.ErrServiceOption, starmap.ErrServiceDependency}},
		{"nil_verifier", st, clock, []onboarding.Option{onboarding.WithSigningVerifier(nil)}, []error{starmap.ErrServiceOption, starmap.ErrServiceDependency}},
		{"nil_lister", st, clock, []onboarding.Option{onboarding.WithLeaving(nil, codeKey)}, []error{starmap.ErrServiceOption, starmap.ErrServiceDependency}},
		{"short_code_key", st, clock, []onboarding.Option{onboarding.WithLeaving(tasks{}, []byte("short"))}, []error{starmap.ErrServiceOption, onboarding.ErrCancellationInvalid}},
		{"no_code_key", st, clock, []onboarding.Option{onboarding.WithLeaving(tasks{}, nil)}, []error{starmap.ErrServiceOption, onboarding.ErrCancellationInvalid}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := onboarding.NewService(c.store, c.clock, c.opts...)
			if s != nil {
				t.Errorf("a Service was returned with the error")
			}
			for _, w := range c.want {
				if !errors.Is(err, w) {
					t.Errorf("err = %v, want %v", err, w)
				}
			}
		})
	}
	bad := onboarding.Policy2023()
	bad.OpeningWorkdays = 0
	_, err := onboarding.NewService(st, clock, onboarding.WithRetry(starmap.Retry{}), onboarding.WithPolicy(bad))
	if !errors.Is(err, starmap.ErrServiceOption) || !errors.Is(err, onboarding.ErrPolicyInvalid) {
		t.Fatalf("bad policy: %v", err)
	}
	if e, ok := starmap.Find(err, starmap.ErrServiceOption); !ok || e.Params()[0].Value != "2" {
		t.Fatalf("the refused option is not named by its index: %v", err)
	}
	s, err := onboarding.NewService(st, clock)
	if err != nil || s.Policy() != onboarding.DefaultPolicy() {
		t.Fatalf("default policy: %v", err)
	}
	if _, err := onboarding.NewService(st, clock, onboarding.WithPolicy(onboarding.Policy2022()), onboarding.WithCalendar(starmap.WeekendCalendar()),
		onboarding.WithSigningVerifier(signings{}), onboarding.WithLeaving(tasks{}, codeKey), onboarding.WithRetry(starmap.Retry{Attempts: 2})); err != nil {
		t.Fatalf("every option: %v", err)
	}
}

func TestServiceFlow(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(at(2026, 11, 20, 10))
	s, _ := newService(t, clock, onboarding.DefaultPolicy())

	t.Run("ONB-9_every_step_an_event_and_a_history_entry", func(t *testing.T) {
		a, evs, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(100000))
		if err != nil || a.Version() != 1 || len(evs) != 1 {
			t.Fatalf("%v v%d %v", err, a.Version(), evs)
		}
		clock.Advance(5 * time.Hour)
		a, evs2, err := s.Approve(ctx, reviewer, "app-1")
		if err != nil || a.Version() != 2 || a.Deadline() != d(2026, 11, 25) {
			t.Fatalf("%v v%d deadline %s", err, a.Version(), a.Deadline())
		}
		clock.AdvanceDays(3)
		a, evs3, err := s.Open(ctx, reviewer, "app-1")
		if err != nil || !a.DeadlineMet() {
			t.Fatalf("%v met=%v", err, a.DeadlineMet())
		}
		var types []string
		for _, e := range append(append(evs, evs2...), evs3...) {
			types = append(types, e.Type)
			if e.Subject != "app-1" {
				t.Fatalf("subject %q", e.Subject)
			}
		}
		want := []string{"onboarding.application_submitted", "onboarding.application_approved", "onboarding.application_opened"}
		if diff := cmp.Diff(want, types); diff != "" {
			t.Fatal(diff)
		}
		stored, err := s.Get(ctx, reviewer, "app-1")
		if err != nil || len(stored.History()) != 3 || stored.Version() != 3 || stored.State() != onboarding.StateOpened {
			t.Fatalf("%v %d v%d", err, len(stored.History()), stored.Version())
		}
		h := stored.History()
		if !h[1].At.Equal(at(2026, 11, 20, 15)) || h[1].Actor != reviewer || h[1].From != onboarding.StateSubmitted {
			t.Fatalf("history %+v", h[1])
		}
	})
	t.Run("ONB-9_duplicate_id_conflicts", func(t *testing.T) {
		if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(100000)); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ONB-9_review_rejects_with_every_reason", func(t *testing.T) {
		sub := onboarding.Submission{Kind: onboarding.KindCreator, Creator: withStanding(creator(onboarding.Xigua, 49999, false), onboarding.StandingViolation)}
		if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-2", sub); err != nil {
			t.Fatal(err)
		}
		dec, err := s.Eligibility(ctx, reviewer, "app-2")
		if err != nil || dec.Eligible || len(dec.Reasons) != 2 {
			t.Fatalf("%+v %v", dec, err)
		}
		a, evs, err := s.Review(ctx, reviewer, "app-2")
		if err != nil || a.State() != onboarding.StateRejected {
			t.Fatalf("%v %s", err, a.State())
		}
		want := []string{"账号状态异常(违规),无法入驻", "西瓜视频达人入驻星图粉丝需在50000以上,当前49999"}
		if diff := cmp.Diff(want, a.Reasons()); diff != "" || evs[0].Type != "onboarding.application_rejected" {
			t.Fatalf("%s %+v", diff, evs)
		}
	})
	t.Run("ONB-9_review_approves_when_eligible", func(t *testing.T) {
		if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-3", creatorSubmission(200000)); err != nil {
			t.Fatal(err)
		}
		a, _, err := s.Review(ctx, reviewer, "app-3")
		if err != nil || a.State() != onboarding.StateApproved {
			t.Fatalf("%v %s", err, a.State())
		}
	})
	t.Run("ONB-5_overdue_lists_late_openings", func(t *testing.T) {
		clock.AdvanceDays(10)
		over, err := s.Overdue(ctx, reviewer, starmap.PageRequest{})
		if err != nil || len(over.Items) != 1 || over.Items[0].ID() != "app-3" {
			t.Fatalf("%v %v", over, err)
		}
	})
	t.Run("X-8_list_pages", func(t *testing.T) {
		p1, err := s.List(ctx, reviewer, onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: 2}})
		if err != nil || len(p1.Items) != 2 || p1.Next == "" {
			t.Fatalf("%+v %v", p1, err)
		}
		p2, err := s.List(ctx, reviewer, onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: 2, Cursor: p1.Next}})
		if err != nil || len(p2.Items) != 1 || p2.Next != "" || p2.Items[0].ID() != "app-3" {
			t.Fatalf("%+v %v", p2, err)
		}
	})
	t.Run("X-7_roles_and_not_found", func(t *testing.T) {
		if _, _, err := s.Approve(ctx, starmap.CreatorActor("c-1"), "app-3"); !errors.Is(err, starmap.ErrForbidden) {
			t.Fatalf("creator approved: %v", err)
		}
		if _, _, err := s.Open(ctx, reviewer, "missing"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("missing: %v", err)
		}
		if _, _, err := s.GrantSpecialApproval(ctx, starmap.MCNActor("m"), "app-3", "x"); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("mcn granted: %v", err)
		}
	})
}

// TestServiceConcurrentSteps: two reviewers act on one application at
// once; the version check lets exactly one step through, the other reloads
// and is refused by the state machine.
func TestServiceConcurrentSteps(t *testing.T) {
	ctx := context.Background()
	s, st := newService(t, starmap.FixedClock(at(2026, 11, 20, 10)), onboarding.DefaultPolicy())
	if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				_, _, errs[i] = s.Approve(ctx, reviewer, "app-1")
			} else {
				_, _, errs[i] = s.Reject(ctx, reviewer, "app-1", "no")
			}
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, onboarding.ErrApplicationState) && !errors.Is(err, starmap.ErrConflict):
			t.Fatalf("unexpected %v", err)
		}
	}
	r, _ := st.GetApplication(ctx, "app-1")
	if ok != 1 || r.Version != 2 || len(r.History) != 2 {
		t.Fatalf("%d steps won; version %d, %d history entries", ok, r.Version, len(r.History))
	}
}

// TestServiceCalendar: the calendar of WithCalendar counts the deadline
// (ONB-5), starmap.ChinaCalendar by default.
func TestServiceCalendar(t *testing.T) {
	ctx := context.Background()
	clock := starmap.FixedClock(at(2026, 9, 30, 10))
	for _, c := range []struct {
		name string
		cal  *starmap.Calendar
		want starmap.Date
	}{
		{"ONB-5_default_china_calendar", nil, d(2026, 10, 10)},
		{"ONB-5_weekend_calendar_from_config", starmap.WeekendCalendar(), d(2026, 10, 5)},
		{"ONB-5_host_calendar_from_config", starmap.NewCalendar(map[starmap.Date]bool{d(2026, 10, 1): false, d(2026, 10, 2): false}), d(2026, 10, 7)},
	} {
		t.Run(c.name, func(t *testing.T) {
			var opts []onboarding.Option
			if c.cal != nil {
				opts = append(opts, onboarding.WithCalendar(c.cal))
			}
			s, err := onboarding.NewService(memstore.NewOnboardingStore(), clock, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(100000)); err != nil {
				t.Fatal(err)
			}
			a, _, err := s.Approve(ctx, reviewer, "app-1")
			if err != nil || a.Deadline() != c.want {
				t.Fatalf("deadline %s, want %s (%v)", a.Deadline(), c.want, err)
			}
		})
	}
}

// serviceCalls calls every method of a Service with plausible arguments
// and returns their errors by name (Policy has none: it is checked apart).
func serviceCalls(ctx context.Context, s *onboarding.Service) map[string]error {
	holder := starmap.AdvertiserActor("adv-1")
	errs := map[string]error{}
	_, _, errs["Submit"] = s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000))
	_, errs["Get"] = s.Get(ctx, reviewer, "app-1")
	_, errs["List"] = s.List(ctx, reviewer, onboarding.ApplicationQuery{})
	_, errs["Overdue"] = s.Overdue(ctx, reviewer, starmap.PageRequest{})
	_, errs["Eligibility"] = s.Eligibility(ctx, reviewer, "app-1")
	_, _, errs["GrantSpecialApproval"] = s.GrantSpecialApproval(ctx, reviewer, "app-1", "理由")
	_, _, errs["Approve"] = s.Approve(ctx, reviewer, "app-1")
	_, _, errs["Reject"] = s.Reject(ctx, reviewer, "app-1", "理由")
	_, _, errs["Review"] = s.Review(ctx, reviewer, "app-1")
	_, _, errs["Open"] = s.Open(ctx, reviewer, "app-1")
	_, errs["CheckClose"] = s.CheckClose(ctx, holder, money("1"))
	_, _, errs["StartCancellation"] = s.StartCancellation(ctx, holder, money("1"), "123456", time.Hour)
	_, errs["GetCancellation"] = s.GetCancellation(ctx, reviewer, "adv-1")
	_, errs["ListCancellations"] = s.ListCancellations(ctx, reviewer, onboarding.CancellationQuery{})
	_, _, errs["ResendCode"] = s.ResendCode(ctx, holder, "654321", time.Hour)
	_, _, errs["EnterCode"] = s.EnterCode(ctx, holder, "123456")
	_, _, errs["ApproveCancellation"] = s.ApproveCancellation(ctx, reviewer, "adv-1", money("1"))
	_, _, errs["RejectCancellation"] = s.RejectCancellation(ctx, reviewer, "adv-1", "理由")
	return errs
}

// TestZeroService: a Service not made by NewService — its zero value or a
// nil pointer — answers every method with starmap.ErrServiceNotReady and
// never panics.
func TestZeroService(t *testing.T) {
	var nilService *onboarding.Service
	for name, s := range map[string]*onboarding.Service{"zero": {}, "nil": nilService} {
		errs := serviceCalls(context.Background(), s)
		if len(errs) != 18 {
			t.Fatalf("%d methods called, want 18", len(errs))
		}
		for m, err := range errs {
			if !errors.Is(err, starmap.ErrServiceNotReady) {
				t.Errorf("%s Service.%s = %v, want ErrServiceNotReady", name, m, err)
			}
		}
		if p := s.Policy(); p.Validate() == nil {
			t.Errorf("%s Service has a valid policy %q", name, p.Name)
		}
	}
}

// TestNilContext: a nil context is a coded error, not a panic.
func TestNilContext(t *testing.T) {
	s, _ := leavingService(t, starmap.FixedClock(at(2026, 11, 20, 10)), tasks{})
	var nilCtx context.Context // a host's bug, passed on purpose
	for m, err := range serviceCalls(nilCtx, s) {
		if !errors.Is(err, starmap.ErrContextMissing) {
			t.Errorf("Service.%s with a nil context = %v, want ErrContextMissing", m, err)
		}
	}
	if _, err := onboarding.CheckClose(nilCtx, tasks{}, "adv-1", money("1")); !errors.Is(err, starmap.ErrContextMissing) {
		t.Errorf("CheckClose with a nil context = %v", err)
	}
}
