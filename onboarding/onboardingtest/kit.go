// Package onboardingtest is the conformance kit for onboarding.Store
// implementations, like testing/fstest beside io/fs: a host's store test
// calls TestStore with a constructor of empty stores.
package onboardingtest

import (
	"context"
	"errors"
	"fmt"
	"github.com/starmap-go/starmap/internal/kit"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// kitKey is the code key of the kit's cancellation records.
var kitKey = []byte("onboardingtest-code-key")

// Record returns a coherent submitted creator application record with id,
// submitted at, as a service would create it.
func Record(id string, at time.Time) onboarding.ApplicationRecord {
	a, _, err := onboarding.Submit(id, at, starmap.CreatorActor("dy-"+id), onboarding.Submission{
		Kind: onboarding.KindCreator,
		Creator: onboarding.Applicant{Platform: onboarding.Douyin, AccountID: "dy-" + id,
			Followers: 120000, Standing: onboarding.StandingNormal},
	})
	if err != nil {
		panic("onboardingtest: " + err.Error()) // fixed, valid input
	}
	return a.Record()
}

// Records returns coherent records of every kind and many states, as a
// service would store them, so that a store that drops a field fails the
// round trip: an agency application with a special approval, approved
// (confirmation day, deadline, an unverified deadline) and opened; a
// merchant application; a creator application naming an MCN; and a
// rejected one with reasons. at is the submission instant (CST, a working
// day in 2026).
func Records(at time.Time) []onboarding.ApplicationRecord {
	must := func(err error) {
		if err != nil {
			panic("onboardingtest: " + err.Error()) // fixed, valid input
		}
	}
	reviewer := starmap.PlatformActor("reviewer-1")
	p := onboarding.Policy2023()
	p.Name = "kit"
	p.Agency.MinFollowerVolume = onboarding.FigureOf(1000)
	today := starmap.DateOf(at)
	agency := onboarding.Agency{ID: "mcn-kit", Founded: today.AddDays(-30), Qualified: true, Creators: 6,
		FollowerVolume: 5000, OperatingCapability: true}
	ag, _, err := onboarding.Submit("agency-1", at, starmap.MCNActor("mcn-kit"), onboarding.Submission{Kind: onboarding.KindAgency, Agency: agency})
	must(err)
	_, err = ag.GrantSpecialApproval(at.Add(time.Hour), reviewer, "达人资源丰富且内容独特")
	must(err)
	_, err = ag.Approve(at.Add(2*time.Hour), reviewer, p, starmap.ChinaCalendar())
	must(err)
	_, err = ag.Open(at.Add(26*time.Hour), reviewer)
	must(err)

	merchant, _, err := onboarding.Submit("merchant-1", at.Add(time.Minute), starmap.AdvertiserActor("adv-kit"), onboarding.Submission{
		Kind: onboarding.KindMerchant, Merchant: onboarding.Merchant{ID: "adv-kit", Kind: onboarding.MerchantCompany, Certified: true, Platform: onboarding.Toutiao}})
	must(err)
	_, err = merchant.Approve(at.Add(time.Hour), reviewer, p, starmap.WeekendCalendar()) // no schedule: unverified
	must(err)

	signed, _, err := onboarding.Submit("creator-1", at.Add(2*time.Minute), starmap.MCNActor("mcn-kit"), onboarding.Submission{
		Kind: onboarding.KindCreator, Creator: onboarding.Applicant{Platform: onboarding.Xigua, AccountID: "xg-kit",
			Followers: 1234, Standing: onboarding.StandingRateLimited, MCN: "mcn-kit"}})
	must(err)
	_, err = signed.Reject(at.Add(time.Hour), reviewer, []string{"账号状态异常(限流中),无法入驻", "资料不全"})
	must(err)

	return []onboarding.ApplicationRecord{ag.Record(), merchant.Record(), signed.Record()}
}

// TestStore checks a Store against the contract of the onboarding package
// doc: round trip, not found, already exists, stale versions, concurrent
// compare-and-swap (exactly one of N writers wins), list filter and order,
// and no aliasing between the store and its callers. newStore must return
// an empty store each call.
func TestStore(t *testing.T, newStore func() onboarding.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST)

	t.Run("round_trip", func(t *testing.T) {
		s := newStore()
		r := Record("a1", t0)
		r.Reasons = []string{"x"}
		v, err := s.CreateApplication(ctx, r)
		if err != nil || v != 1 {
			t.Fatalf("create = %d, %v; want 1, nil", v, err)
		}
		got, err := s.GetApplication(ctx, "a1")
		if err != nil {
			t.Fatal(err)
		}
		want := r.Clone()
		want.Version = 1
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(starmap.Actor{}, starmap.Date{})); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
		if !got.SubmittedAt.Equal(t0) {
			t.Fatalf("SubmittedAt = %v, want %v", got.SubmittedAt, t0)
		}
		if _, err := onboarding.FromRecord(got); err != nil {
			t.Fatalf("FromRecord of a stored record: %v", err)
		}
	})

	t.Run("round_trip_every_field", func(t *testing.T) {
		s := newStore()
		rs := Records(t0)
		if ag := rs[0]; ag.Agency.Approval.IsZero() || ag.OpenedOn.IsZero() || ag.Deadline.IsZero() || ag.ConfirmedOn.IsZero() || ag.DeadlineUnverified {
			t.Fatalf("kit: the agency record lacks the fields it should exercise: %+v", ag)
		}
		if m := rs[1]; !m.DeadlineUnverified || m.Merchant.ID == "" || m.State != onboarding.StateApproved {
			t.Fatalf("kit: the merchant record lacks the fields it should exercise: %+v", m)
		}
		if c := rs[2]; c.Creator.MCN == "" || len(c.Reasons) != 2 || c.State != onboarding.StateRejected {
			t.Fatalf("kit: the creator record lacks the fields it should exercise: %+v", c)
		}
		for _, r := range rs {
			if _, err := s.CreateApplication(ctx, r); err != nil {
				t.Fatal(err)
			}
			got, err := s.GetApplication(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := r.Clone()
			want.Version = 1
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(starmap.Actor{}, starmap.Date{})); diff != "" {
				t.Fatalf("%s round trip (-want +got):\n%s", r.ID, diff)
			}
			if _, err := onboarding.FromRecord(got); err != nil {
				t.Fatalf("FromRecord of a stored record: %v", err)
			}
			// Updated records keep every field too.
			got.Reasons = append(got.Reasons, "updated")
			if _, err := s.UpdateApplication(ctx, got, 1); err != nil {
				t.Fatal(err)
			}
			again, _ := s.GetApplication(ctx, r.ID)
			want = got.Clone()
			want.Version = 2
			if diff := cmp.Diff(want, again, cmp.AllowUnexported(starmap.Actor{}, starmap.Date{})); diff != "" {
				t.Fatalf("%s update round trip (-want +got):\n%s", r.ID, diff)
			}
		}
	})

	t.Run("not_found", func(t *testing.T) {
		s := newStore()
		if _, err := s.GetApplication(ctx, "missing"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("get missing = %v, want ErrNotFound", err)
		}
		if _, err := s.UpdateApplication(ctx, Record("missing", t0), 1); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("update missing = %v, want ErrNotFound", err)
		}
	})

	t.Run("already_exists", func(t *testing.T) {
		s := newStore()
		if _, err := s.CreateApplication(ctx, Record("a1", t0)); err != nil {
			t.Fatal(err)
		}
		other := Record("a1", t0.Add(time.Hour))
		if _, err := s.CreateApplication(ctx, other); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("second create = %v, want ErrConflict", err)
		}
		got, _ := s.GetApplication(ctx, "a1")
		if !got.SubmittedAt.Equal(t0) || got.Version != 1 {
			t.Fatalf("failed create changed the record: %v v%d", got.SubmittedAt, got.Version)
		}
	})

	t.Run("version_conflict", func(t *testing.T) {
		s := newStore()
		r := Record("a1", t0)
		if _, err := s.CreateApplication(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.Reasons = []string{"first"}
		v, err := s.UpdateApplication(ctx, r, 1)
		if err != nil || v != 2 {
			t.Fatalf("update = %d, %v; want 2, nil", v, err)
		}
		r.Reasons = []string{"stale"}
		if _, err := s.UpdateApplication(ctx, r, 1); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("stale update = %v, want ErrConflict", err)
		}
		if _, err := s.UpdateApplication(ctx, r, 3); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("future-version update = %v, want ErrConflict", err)
		}
		got, _ := s.GetApplication(ctx, "a1")
		if got.Version != 2 || len(got.Reasons) != 1 || got.Reasons[0] != "first" {
			t.Fatalf("after stale updates: v%d %v; want v2 [first]", got.Version, got.Reasons)
		}
	})

	t.Run("concurrent_cas", func(t *testing.T) {
		s := newStore()
		if _, err := s.CreateApplication(ctx, Record("a1", t0)); err != nil {
			t.Fatal(err)
		}
		kit.OneWinner(t, 8, func(i int) error {
			r := Record("a1", t0)
			r.Reasons = []string{fmt.Sprint("writer ", i)}
			_, err := s.UpdateApplication(ctx, r, 1)
			return err
		})
		got, _ := s.GetApplication(ctx, "a1")
		if got.Version != 2 {
			t.Fatalf("version = %d, want 2", got.Version)
		}
	})

	t.Run("list_filter_and_order", func(t *testing.T) {
		s := newStore()
		// Created out of order; b and c share an instant (ordered by id).
		for _, c := range []struct {
			id string
			at time.Time
		}{{"d", t0.Add(3 * time.Hour)}, {"c", t0.Add(time.Hour)}, {"a", t0.Add(2 * time.Hour)}, {"b", t0.Add(time.Hour)}} {
			if _, err := s.CreateApplication(ctx, Record(c.id, c.at)); err != nil {
				t.Fatal(err)
			}
		}
		r, _ := s.GetApplication(ctx, "a")
		r.State = onboarding.StateRejected
		r.History = append(r.History, onboarding.Change{At: t0, Step: onboarding.StepReject, From: onboarding.StateSubmitted, To: onboarding.StateRejected})
		if _, err := s.UpdateApplication(ctx, r, r.Version); err != nil {
			t.Fatal(err)
		}
		ids := func(f onboarding.ApplicationFilter) []string {
			rs, err := s.ListApplications(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := []string{}
			for _, r := range rs {
				out = append(out, r.ID)
				if r.ID == "a" && r.Version != 2 {
					t.Errorf("listed a at version %d, want 2", r.Version)
				}
			}
			return out
		}
		if got, want := ids(onboarding.ApplicationFilter{}), []string{"b", "c", "a", "d"}; !cmp.Equal(got, want) {
			t.Fatalf("list all = %v, want %v", got, want)
		}
		if got, want := ids(onboarding.ApplicationFilter{State: onboarding.StateSubmitted}), []string{"b", "c", "d"}; !cmp.Equal(got, want) {
			t.Fatalf("list submitted = %v, want %v", got, want)
		}
		if got, want := ids(onboarding.ApplicationFilter{Subject: "dy-c"}), []string{"c"}; !cmp.Equal(got, want) {
			t.Fatalf("list by subject = %v, want %v", got, want)
		}
		if got := ids(onboarding.ApplicationFilter{Kind: onboarding.KindAgency}); len(got) != 0 {
			t.Fatalf("list agencies = %v, want none", got)
		}
	})

	t.Run("no_aliasing", func(t *testing.T) {
		s := newStore()
		r := Record("a1", t0)
		r.Reasons = []string{"kept"}
		if _, err := s.CreateApplication(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.Reasons[0] = "changed after create"
		r.History[0].Note = "changed after create"
		got, _ := s.GetApplication(ctx, "a1")
		if got.Reasons[0] != "kept" || got.History[0].Note != "" {
			t.Fatalf("the store shares memory with the created value: %v %q", got.Reasons, got.History[0].Note)
		}
		got.Reasons[0] = "changed after get"
		got.History[0].Note = "changed after get"
		again, _ := s.GetApplication(ctx, "a1")
		if again.Reasons[0] != "kept" || again.History[0].Note != "" {
			t.Fatalf("the store shares memory with a returned value: %v", again.Reasons)
		}
		list, _ := s.ListApplications(ctx, onboarding.ApplicationFilter{})
		list[0].Reasons[0] = "changed after list"
		again, _ = s.GetApplication(ctx, "a1")
		if again.Reasons[0] != "kept" {
			t.Fatalf("the store shares memory with a listed value: %v", again.Reasons)
		}
	})
}

// CancellationRecord returns a coherent cancellation record for account
// (its id is the account), started at.
func CancellationRecord(account string, at time.Time) onboarding.CancellationRecord {
	plan, err := onboarding.PlanClose(account, nil, decimal.RequireFromString("12.30"))
	if err != nil {
		panic("onboardingtest: " + err.Error())
	}
	c, _, err := onboarding.StartCancellation(at, starmap.AdvertiserActor(account), plan, "123456", time.Hour, kitKey)
	if err != nil {
		panic("onboardingtest: " + err.Error()) // fixed, valid input
	}
	return c.Record()
}

// CancellationRecords returns coherent cancellation records in every
// state a store keeps past the start — awaiting the code after a wrong
// try, under review, rejected with its reason, approved with its refund,
// locked — one account each, started at.
func CancellationRecords(at time.Time) []onboarding.CancellationRecord {
	must := func(err error) {
		if err != nil && !errors.Is(err, onboarding.ErrCodeWrong) {
			panic("onboardingtest: " + err.Error()) // fixed, valid input
		}
	}
	reviewer := starmap.PlatformActor("reviewer-1")
	start := func(account string, holder starmap.Actor) *onboarding.Cancellation {
		plan, err := onboarding.PlanClose(account, nil, decimal.RequireFromString("12.30"))
		must(err)
		c, _, err := onboarding.StartCancellation(at, holder, plan, "123456", time.Hour, kitKey)
		must(err)
		return c
	}
	var out []onboarding.CancellationRecord
	waiting := start("adv-wait", starmap.AdvertiserActor("adv-wait"))
	_, err := waiting.EnterCode(at.Add(time.Minute), starmap.AdvertiserActor("adv-wait"), "000000", kitKey)
	must(err)
	out = append(out, waiting.Record())

	review := start("cr-review", starmap.CreatorActor("cr-review"))
	_, err = review.EnterCode(at.Add(time.Minute), starmap.CreatorActor("cr-review"), "123456", kitKey)
	must(err)
	out = append(out, review.Record())

	rejected := start("mcn-rejected", starmap.MCNActor("mcn-rejected"))
	_, err = rejected.EnterCode(at.Add(time.Minute), starmap.MCNActor("mcn-rejected"), "123456", kitKey)
	must(err)
	_, err = rejected.Reject(at.Add(time.Hour), reviewer, "存在未处理的投诉")
	must(err)
	out = append(out, rejected.Record())

	done := start("adv-done", starmap.AdvertiserActor("adv-done"))
	_, err = done.EnterCode(at.Add(time.Minute), starmap.AdvertiserActor("adv-done"), "123456", kitKey)
	must(err)
	plan, err := onboarding.PlanClose("adv-done", nil, decimal.RequireFromString("7.05"))
	must(err)
	_, err = done.Approve(at.Add(time.Hour), reviewer, plan)
	must(err)
	out = append(out, done.Record())

	locked := start("adv-locked", starmap.AdvertiserActor("adv-locked"))
	for i := 0; i < onboarding.MaxCodeAttempts; i++ {
		_, err = locked.EnterCode(at.Add(time.Minute), starmap.AdvertiserActor("adv-locked"), "000000", kitKey)
		must(err)
	}
	return append(out, locked.Record())
}

// TestCancellationStore checks a CancellationStore against its contract:
// round trip, not found, already exists, stale versions, concurrent
// compare-and-swap and no aliasing.
func TestCancellationStore(t *testing.T, newStore func() onboarding.CancellationStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST)
	opts := cmp.Options{cmp.AllowUnexported(starmap.Actor{}), cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })}

	t.Run("round_trip_and_not_found", func(t *testing.T) {
		s := newStore()
		r := CancellationRecord("adv-1", t0)
		if v, err := s.CreateCancellation(ctx, r); err != nil || v != 1 {
			t.Fatalf("create = %d, %v", v, err)
		}
		got, err := s.GetCancellation(ctx, "adv-1")
		if err != nil {
			t.Fatal(err)
		}
		want := r.Clone()
		want.Version = 1
		if diff := cmp.Diff(want, got, opts); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
		if _, err := onboarding.CancellationFromRecord(got); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetCancellation(ctx, "missing"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("get missing = %v", err)
		}
		if _, err := s.UpdateCancellation(ctx, CancellationRecord("missing", t0), 1); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("update missing = %v", err)
		}
		if _, err := s.CreateCancellation(ctx, r); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("second create = %v", err)
		}
	})

	t.Run("round_trip_every_state", func(t *testing.T) {
		s := newStore()
		rs := CancellationRecords(t0)
		states := map[onboarding.CancelState]bool{}
		for _, r := range rs {
			states[r.State] = true
		}
		if len(states) != 5 || rs[0].Attempts != 1 || rs[2].Reason == "" || !rs[3].Refund.Equal(decimal.RequireFromString("7.05")) {
			t.Fatalf("kit: the records do not exercise every state and field: %+v", rs)
		}
		for _, r := range rs {
			if _, err := s.CreateCancellation(ctx, r); err != nil {
				t.Fatal(err)
			}
			got, err := s.GetCancellation(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := r.Clone()
			want.Version = 1
			if diff := cmp.Diff(want, got, opts); diff != "" {
				t.Fatalf("%s (%s) round trip (-want +got):\n%s", r.ID, r.State, diff)
			}
			if _, err := onboarding.CancellationFromRecord(got); err != nil {
				t.Fatal(err)
			}
			got.Reason += " updated"
			if _, err := s.UpdateCancellation(ctx, got, 1); err != nil {
				t.Fatal(err)
			}
			again, _ := s.GetCancellation(ctx, r.ID)
			want = got.Clone()
			want.Version = 2
			if diff := cmp.Diff(want, again, opts); diff != "" {
				t.Fatalf("%s update round trip (-want +got):\n%s", r.ID, diff)
			}
		}
	})

	t.Run("versions_and_concurrent_cas", func(t *testing.T) {
		s := newStore()
		r := CancellationRecord("adv-1", t0)
		if _, err := s.CreateCancellation(ctx, r); err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				w := r.Clone()
				w.Attempts = i + 1
				_, err := s.UpdateCancellation(ctx, w, 1)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					wins++
				} else if !errors.Is(err, starmap.ErrConflict) {
					t.Errorf("writer %d: %v", i, err)
				}
			}(i)
		}
		wg.Wait()
		got, _ := s.GetCancellation(ctx, "adv-1")
		if wins != 1 || got.Version != 2 || got.Attempts == 0 {
			t.Fatalf("wins = %d, version %d, attempts %d", wins, got.Version, got.Attempts)
		}
		if _, err := s.UpdateCancellation(ctx, r, 1); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("stale update = %v", err)
		}
	})

	t.Run("no_aliasing", func(t *testing.T) {
		s := newStore()
		r := CancellationRecord("adv-1", t0)
		if _, err := s.CreateCancellation(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.History[0].Note = "changed after create"
		got, _ := s.GetCancellation(ctx, "adv-1")
		if got.History[0].Note == "changed after create" {
			t.Fatal("the store shares memory with the created value")
		}
		got.History[0].Note = "changed after get"
		again, _ := s.GetCancellation(ctx, "adv-1")
		if again.History[0].Note == "changed after get" {
			t.Fatal("the store shares memory with a returned value")
		}
	})
}
