// Package onboardingtest is the conformance kit for onboarding.Store
// implementations, like testing/fstest beside io/fs: a host's store test
// calls TestStore with a constructor of empty stores. It also holds the
// rapid generators the package's property tests use.
package onboardingtest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/onboarding"
)

// TestStore checks a Store against the root package's one store contract
// for both of its record kinds — kit.CheckVersions: create at version 1
// whatever version is given, ErrConflict for an existing key, stale
// updates refused, ErrNotFound for a missing key, exactly one of many
// concurrent writers of one version wins, every field of every record
// kind round-trips (the largest amount, starmap.MinDate() and MaxDate,
// nanoseconds, all three parts of an actor), no memory shared with the
// caller — then what that check leaves out (an update at a version ahead
// of the store is a conflict; a refused create or update changes nothing),
// that records as the package's own steps write them come back and rebuild
// (FromRecord, CancellationFromRecord) unchanged, and the package's own
// listing rules: the filters of
// ApplicationQuery and CancellationQuery, the documented total orders,
// the one paging rule (0 means the default, clamped to the maximum, a
// negative limit refused), keyset cursors in the documented form that
// writes before them do not shift, and no memory shared through a list.
// newStore must return an empty store each call. A store that panics is
// reported as failing, not allowed to abort the test binary.
func TestStore(t *testing.T, newStore func() onboarding.Store) {
	fresh := func(t *testing.T) onboarding.Store {
		t.Helper()
		s := newStore()
		if s == nil {
			t.Fatal("newStore returned nil")
		}
		return safeStore{s}
	}
	t.Run("versions", func(t *testing.T) {
		s := fresh(t)
		kit.CheckVersions(t, 0, applicationRecords(s))
		kit.CheckVersions(t, 0, cancellationRecords(s))
	})
	t.Run("versions_beyond_the_shared_check", func(t *testing.T) { testVersionEdges(t, fresh(t)) })
	t.Run("records_a_service_writes", func(t *testing.T) { testServiceRecords(t, fresh(t)) })
	t.Run("applications", func(t *testing.T) { testApplicationLists(t, fresh) })
	t.Run("cancellations", func(t *testing.T) { testCancellationLists(t, fresh) })
}

// t0 is the kit's submission instant: a working day in 2026, with
// nanoseconds, so that a store that rounds instants fails the round trip.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 123456789, starmap.CST())

var reviewer = starmap.PlatformActor("reviewer-1")

var actorEqual = cmp.Comparer(func(a, b starmap.Actor) bool { return a == b })

// newApplication is record i of the version check. Record 0 sets every
// field — all three kinds of facts, every date (with starmap.MinDate() and
// MaxDate), an actor with all three parts, the largest counts — so that a
// store that drops or narrows any of them fails the round trip. The kit
// checks that itself (TestNewSetsEveryField). Stores apply no rules, so
// the record need not be one a Service would write.
func newApplication(i int) onboarding.ApplicationRecord {
	n := strconv.Itoa(i)
	at := t0.Add(time.Duration(i) * time.Second)
	by := starmap.SubAccountActor("adv-kit", "ops-"+n)
	return onboarding.ApplicationRecord{
		ID:   "app-" + n,
		Kind: onboarding.KindAgency,
		Creator: onboarding.Applicant{Platform: onboarding.Toutiao, AccountID: "tt-" + n, Followers: math.MaxInt64,
			Standing: onboarding.StandingRateLimited, MCN: "mcn-kit"},
		Agency: onboarding.Agency{ID: "mcn-" + n, Founded: starmap.MinDate(), Qualified: true, Creators: math.MaxInt32,
			FollowerVolume: math.MaxInt64, OperatingCapability: true,
			Approval: onboarding.SpecialApproval{By: reviewer, On: starmap.MaxDate(), Reason: "达人资源丰富且内容独特"}},
		Merchant:           onboarding.Merchant{ID: "adv-" + n, Kind: onboarding.MerchantCompany, Certified: true, Platform: onboarding.Douyin},
		State:              onboarding.StateOpened,
		SubmittedBy:        by,
		SubmittedAt:        at,
		ConfirmedOn:        starmap.MustDate(2026, 3, 2),
		Deadline:           starmap.MaxDate(),
		DeadlineUnverified: true,
		OpenedOn:           starmap.MustDate(2026, 3, 5),
		Reasons:            []string{"资料不全", "头像违规\n第二行"},
		History: []onboarding.Change{
			{At: at, Actor: by, Step: onboarding.StepSubmit, To: onboarding.StateSubmitted},
			{At: at.Add(time.Hour), Actor: reviewer, Step: onboarding.StepApprove, From: onboarding.StateSubmitted,
				To: onboarding.StateApproved, Note: "open by 2026-03-05"},
		},
		Version: 7,
	}
}

// newCancellation is cancellation record i of the version check; record 0
// sets every field, the refund at starmap.MaxAmountText.
func newCancellation(i int) onboarding.CancellationRecord {
	account := "acct-" + strconv.Itoa(i)
	holder := starmap.CreatorActor(account)
	var digest [32]byte
	for j := range digest {
		digest[j] = byte(j + 1)
	}
	at := t0.Add(time.Duration(i) * time.Second)
	return onboarding.CancellationRecord{
		ID: account, Account: account, Holder: holder, State: onboarding.CancelDone,
		CodeDigest: digest, CodeExpires: at.Add(10 * time.Minute), Attempts: onboarding.MaxCodeAttempts,
		Refund: decimal.RequireFromString(starmap.MaxAmountText), Reason: "存在未处理的投诉",
		History: []onboarding.CancelChange{
			{At: at, Actor: holder, Step: onboarding.CancelStepStart, To: onboarding.CancelAwaitingCode, Note: "refund 1.00"},
			{At: at.Add(time.Hour), Actor: reviewer, Step: onboarding.CancelStepApprove, From: onboarding.CancelUnderReview,
				To: onboarding.CancelDone, Note: "refund " + starmap.MaxAmountText},
		},
		Version: 7,
	}
}

func applicationRecords(s onboarding.Store) kit.Records[string, onboarding.ApplicationRecord] {
	return kit.Records[string, onboarding.ApplicationRecord]{
		Kind: "application", Get: s.GetApplication, Create: s.CreateApplication, Update: s.UpdateApplication,
		New:         newApplication,
		Key:         func(r onboarding.ApplicationRecord) string { return r.ID },
		Version:     func(r onboarding.ApplicationRecord) uint64 { return r.Version },
		WithVersion: func(r onboarding.ApplicationRecord, v uint64) onboarding.ApplicationRecord { r.Version = v; return r },
		Change: func(r onboarding.ApplicationRecord, i int) onboarding.ApplicationRecord {
			r = r.Clone()
			note := "change " + strconv.Itoa(i)
			r.Reasons = append(r.Reasons, note)
			r.History = append(r.History, onboarding.Change{At: t0.Add(time.Duration(i) * time.Minute), Actor: reviewer,
				Step: onboarding.StepOpen, From: onboarding.StateApproved, To: onboarding.StateOpened, Note: note})
			return r
		},
		Scribble: func(r *onboarding.ApplicationRecord) {
			for i := range r.Reasons {
				r.Reasons[i] = "scribbled"
			}
			for i := range r.History {
				r.History[i] = onboarding.Change{Note: "scribbled"}
			}
		},
		Options: []cmp.Option{actorEqual},
	}
}

func cancellationRecords(s onboarding.Store) kit.Records[string, onboarding.CancellationRecord] {
	return kit.Records[string, onboarding.CancellationRecord]{
		Kind: "cancellation", Get: s.GetCancellation, Create: s.CreateCancellation, Update: s.UpdateCancellation,
		New:         newCancellation,
		Key:         func(r onboarding.CancellationRecord) string { return r.ID },
		Version:     func(r onboarding.CancellationRecord) uint64 { return r.Version },
		WithVersion: func(r onboarding.CancellationRecord, v uint64) onboarding.CancellationRecord { r.Version = v; return r },
		Change: func(r onboarding.CancellationRecord, i int) onboarding.CancellationRecord {
			r = r.Clone()
			note := "change " + strconv.Itoa(i)
			r.Reason = note
			r.History = append(r.History, onboarding.CancelChange{At: t0.Add(time.Duration(i) * time.Minute), Actor: reviewer,
				Step: onboarding.CancelStepReject, From: onboarding.CancelUnderReview, To: onboarding.CancelRejected, Note: note})
			return r
		},
		Scribble: func(r *onboarding.CancellationRecord) {
			for i := range r.History {
				r.History[i] = onboarding.CancelChange{Note: "scribbled"}
			}
		},
		Options: []cmp.Option{actorEqual},
	}
}

// application is a small record for the list checks: what they filter and
// order on, and a history.
func application(id string, at time.Time, kind onboarding.Kind, state onboarding.State, subject string, deadline starmap.Date) onboarding.ApplicationRecord {
	r := onboarding.ApplicationRecord{ID: id, Kind: kind, State: state, SubmittedAt: at, Deadline: deadline,
		SubmittedBy: starmap.CreatorActor(subject), Reasons: []string{"kept"},
		History: []onboarding.Change{{At: at, Step: onboarding.StepSubmit, To: state, Note: "kept"}}}
	switch kind {
	case onboarding.KindCreator:
		r.Creator = onboarding.Applicant{Platform: onboarding.Douyin, AccountID: subject, Followers: 1, Standing: onboarding.StandingNormal}
	case onboarding.KindAgency:
		r.Agency = onboarding.Agency{ID: subject}
	case onboarding.KindMerchant:
		r.Merchant = onboarding.Merchant{ID: subject}
	}
	return r
}

func ids[R any](items []R, id func(R) string) []string {
	out := make([]string, 0, len(items))
	for _, r := range items {
		out = append(out, id(r))
	}
	return out
}

func appID(r onboarding.ApplicationRecord) string     { return r.ID }
func cancelID(r onboarding.CancellationRecord) string { return r.ID }

// appCursor is the cursor the Store doc promises after r.
func appCursor(r onboarding.ApplicationRecord) string {
	return starmap.EncodeCursor(strconv.FormatInt(r.SubmittedAt.Unix(), 10), strconv.Itoa(r.SubmittedAt.Nanosecond()), r.ID)
}

func testApplicationLists(t *testing.T, newStore func(*testing.T) onboarding.Store) {
	ctx := context.Background()
	list := func(t *testing.T, s onboarding.Store, q onboarding.ApplicationQuery) starmap.Page[onboarding.ApplicationRecord] {
		t.Helper()
		p, err := s.ListApplications(ctx, q)
		if err != nil {
			t.Fatalf("ListApplications(%+v): %v", q, err)
		}
		return p
	}
	create := func(t *testing.T, s onboarding.Store, rs ...onboarding.ApplicationRecord) {
		t.Helper()
		for _, r := range rs {
			if _, err := s.CreateApplication(ctx, r); err != nil {
				t.Fatalf("CreateApplication(%s): %v", r.ID, err)
			}
		}
	}

	t.Run("filters_and_order", func(t *testing.T) {
		s := newStore(t)
		day := starmap.MustDate(2026, 3, 10)
		// Created out of order; b and c share an instant written in two
		// zones (ordered by id), a is approved with an early deadline.
		create(t, s,
			application("d", t0.Add(3*time.Hour), onboarding.KindAgency, onboarding.StateSubmitted, "mcn-d", starmap.Date{}),
			application("c", t0.Add(time.Hour).UTC(), onboarding.KindCreator, onboarding.StateSubmitted, "dy-c", starmap.Date{}),
			application("a", t0.Add(2*time.Hour), onboarding.KindCreator, onboarding.StateApproved, "dy-a", day.AddDays(-1)),
			application("b", t0.Add(time.Hour), onboarding.KindMerchant, onboarding.StateApproved, "adv-b", day),
		)
		for _, c := range []struct {
			name string
			q    onboarding.ApplicationQuery
			want []string
		}{
			{"all_by_instant_then_id", onboarding.ApplicationQuery{}, []string{"b", "c", "a", "d"}},
			{"state", onboarding.ApplicationQuery{State: onboarding.StateSubmitted}, []string{"c", "d"}},
			{"kind", onboarding.ApplicationQuery{Kind: onboarding.KindCreator}, []string{"c", "a"}},
			{"subject", onboarding.ApplicationQuery{Subject: "dy-c"}, []string{"c"}},
			{"subject_of_another_kind", onboarding.ApplicationQuery{Subject: "adv-b"}, []string{"b"}},
			{"deadline_before_is_strict", onboarding.ApplicationQuery{DeadlineBefore: day}, []string{"a"}},
			{"deadline_before_excludes_no_deadline", onboarding.ApplicationQuery{DeadlineBefore: starmap.MaxDate()}, []string{"b", "a"}},
			{"combined", onboarding.ApplicationQuery{State: onboarding.StateApproved, Kind: onboarding.KindMerchant}, []string{"b"}},
			{"none", onboarding.ApplicationQuery{Kind: onboarding.KindAgency, State: onboarding.StateOpened}, []string{}},
		} {
			p := list(t, s, c.q)
			if got := ids(p.Items, appID); !cmp.Equal(got, c.want) || p.Next != "" {
				t.Errorf("%s: listed %v next %q, want %v and no next page", c.name, got, p.Next, c.want)
			}
		}
		r, err := s.GetApplication(ctx, "a")
		if err != nil {
			t.Fatalf("GetApplication: %v", err)
		}
		r.Reasons = []string{"updated"}
		if _, err := s.UpdateApplication(ctx, r); err != nil {
			t.Fatalf("UpdateApplication: %v", err)
		}
		for _, r := range list(t, s, onboarding.ApplicationQuery{}).Items {
			if want := map[bool]uint64{true: 2, false: 1}[r.ID == "a"]; r.Version != want {
				t.Errorf("listed %s at version %d, want %d", r.ID, r.Version, want)
			}
		}
	})

	t.Run("paging", func(t *testing.T) {
		s := newStore(t)
		const n = starmap.MaxPageLimit + 5
		var want []string
		for i := 0; i < n; i++ {
			// Two records per instant, so that pages also split ties.
			id := fmt.Sprintf("p-%03d", i)
			create(t, s, application(id, t0.Add(time.Duration(i/2)*time.Millisecond), onboarding.KindCreator, onboarding.StateSubmitted, "dy-"+id, starmap.Date{}))
			want = append(want, id)
		}
		p := list(t, s, onboarding.ApplicationQuery{})
		if len(p.Items) != starmap.DefaultPageLimit || p.Next == "" {
			t.Errorf("limit 0: %d records, next %q; want the default %d and a next page", len(p.Items), p.Next, starmap.DefaultPageLimit)
		}
		p = list(t, s, onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: 10 * starmap.MaxPageLimit}})
		if len(p.Items) != starmap.MaxPageLimit || p.Next == "" {
			t.Errorf("limit above the maximum: %d records, next %q; want %d and a next page", len(p.Items), p.Next, starmap.MaxPageLimit)
		}
		var got []string
		q := onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: 7}}
		for pages := 0; ; pages++ {
			if pages > n {
				t.Fatalf("paging does not end: %d pages", pages)
			}
			p := list(t, s, q)
			if len(p.Items) > 7 {
				t.Fatalf("page of %d records, limit 7", len(p.Items))
			}
			got = append(got, ids(p.Items, appID)...)
			if p.Next == "" {
				break
			}
			if len(p.Items) == 0 {
				t.Fatalf("an empty page with a next cursor")
			}
			if last := p.Items[len(p.Items)-1]; p.Next != appCursor(last) {
				t.Fatalf("next cursor %q, want the documented cursor of %s %q", p.Next, last.ID, appCursor(last))
			}
			q.Page.Cursor = p.Next
		}
		if !cmp.Equal(got, want) {
			t.Errorf("pages of 7 listed %d records, want %d in order (first differences: %s)", len(got), len(want), firstDiff(want, got))
		}
	})

	t.Run("keyset_cursor_is_not_shifted_by_writes", func(t *testing.T) {
		s := newStore(t)
		for i, id := range []string{"k1", "k2", "k3", "k4"} {
			create(t, s, application(id, t0.Add(time.Duration(i)*time.Hour), onboarding.KindCreator, onboarding.StateSubmitted, "dy-"+id, starmap.Date{}))
		}
		p := list(t, s, onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: 2}})
		if got := ids(p.Items, appID); !cmp.Equal(got, []string{"k1", "k2"}) || p.Next == "" {
			t.Fatalf("first page %v next %q", got, p.Next)
		}
		// One record before the cursor, one after it.
		create(t, s,
			application("k0", t0.Add(-time.Hour), onboarding.KindCreator, onboarding.StateSubmitted, "dy-k0", starmap.Date{}),
			application("k5", t0.Add(90*time.Minute), onboarding.KindCreator, onboarding.StateSubmitted, "dy-k5", starmap.Date{}))
		p = list(t, s, onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: 10, Cursor: p.Next}})
		if got := ids(p.Items, appID); !cmp.Equal(got, []string{"k5", "k3", "k4"}) || p.Next != "" {
			t.Errorf("second page %v next %q, want [k5 k3 k4] and no next page", got, p.Next)
		}
		// A cursor written by hand in the documented form is a position.
		at := application("x", t0.Add(2*time.Hour), onboarding.KindCreator, 0, "", starmap.Date{})
		at.ID = "k3"
		p = list(t, s, onboarding.ApplicationQuery{Page: starmap.PageRequest{Cursor: appCursor(at)}})
		if got := ids(p.Items, appID); !cmp.Equal(got, []string{"k4"}) {
			t.Errorf("after the documented cursor of k3: %v, want [k4]", got)
		}
	})

	t.Run("bad_page_refused", func(t *testing.T) {
		s := newStore(t)
		create(t, s, application("a", t0, onboarding.KindCreator, onboarding.StateSubmitted, "dy-a", starmap.Date{}))
		if _, err := s.ListApplications(ctx, onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
			t.Errorf("negative limit: %v, want ErrPageLimit", err)
		}
		for _, c := range []string{"not a cursor", starmap.EncodeCursor("1", "2"), starmap.EncodeCursor("x", "0", "a"), starmap.EncodeCursor("1", "1000000000", "a")} {
			if _, err := s.ListApplications(ctx, onboarding.ApplicationQuery{Page: starmap.PageRequest{Cursor: c}}); !errors.Is(err, starmap.ErrCursorInvalid) {
				t.Errorf("cursor %q: %v, want ErrCursorInvalid", c, err)
			}
		}
	})

	t.Run("no_shared_memory_through_list", func(t *testing.T) {
		s := newStore(t)
		create(t, s, application("a", t0, onboarding.KindCreator, onboarding.StateSubmitted, "dy-a", starmap.Date{}))
		p := list(t, s, onboarding.ApplicationQuery{})
		for i := range p.Items {
			for j := range p.Items[i].Reasons {
				p.Items[i].Reasons[j] = "scribbled"
			}
			for j := range p.Items[i].History {
				p.Items[i].History[j].Note = "scribbled"
			}
		}
		r, err := s.GetApplication(ctx, "a")
		if err != nil {
			t.Fatalf("GetApplication: %v", err)
		}
		if !cmp.Equal(r.Reasons, []string{"kept"}) || len(r.History) != 1 || r.History[0].Note != "kept" {
			t.Errorf("the store shares memory with a listed record: reasons %v history %+v", r.Reasons, r.History)
		}
	})
}

func testCancellationLists(t *testing.T, newStore func(*testing.T) onboarding.Store) {
	ctx := context.Background()
	cancellation := func(account string, state onboarding.CancelState) onboarding.CancellationRecord {
		r := newCancellation(0)
		r.ID, r.Account, r.Holder, r.State = account, account, starmap.AdvertiserActor(account), state
		r.History = []onboarding.CancelChange{{At: t0, Step: onboarding.CancelStepStart, To: state, Note: "kept"}}
		return r
	}
	list := func(t *testing.T, s onboarding.Store, q onboarding.CancellationQuery) starmap.Page[onboarding.CancellationRecord] {
		t.Helper()
		p, err := s.ListCancellations(ctx, q)
		if err != nil {
			t.Fatalf("ListCancellations(%+v): %v", q, err)
		}
		return p
	}
	create := func(t *testing.T, s onboarding.Store, rs ...onboarding.CancellationRecord) {
		t.Helper()
		for _, r := range rs {
			if _, err := s.CreateCancellation(ctx, r); err != nil {
				t.Fatalf("CreateCancellation(%s): %v", r.ID, err)
			}
		}
	}

	t.Run("filter_and_order", func(t *testing.T) {
		s := newStore(t)
		create(t, s, cancellation("c", onboarding.CancelUnderReview), cancellation("a", onboarding.CancelDone),
			cancellation("B", onboarding.CancelUnderReview), cancellation("b", onboarding.CancelLocked))
		if got := ids(list(t, s, onboarding.CancellationQuery{}).Items, cancelID); !cmp.Equal(got, []string{"B", "a", "b", "c"}) {
			t.Errorf("all: %v, want [B a b c] (byte order of ids)", got)
		}
		if got := ids(list(t, s, onboarding.CancellationQuery{State: onboarding.CancelUnderReview}).Items, cancelID); !cmp.Equal(got, []string{"B", "c"}) {
			t.Errorf("under review: %v, want [B c]", got)
		}
	})

	t.Run("paging", func(t *testing.T) {
		s := newStore(t)
		const n = starmap.MaxPageLimit + 5
		var want []string
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("acct-%03d", i)
			create(t, s, cancellation(id, onboarding.CancelAwaitingCode))
			want = append(want, id)
		}
		if p := list(t, s, onboarding.CancellationQuery{}); len(p.Items) != starmap.DefaultPageLimit || p.Next == "" {
			t.Errorf("limit 0: %d records, next %q; want the default %d and a next page", len(p.Items), p.Next, starmap.DefaultPageLimit)
		}
		if p := list(t, s, onboarding.CancellationQuery{Page: starmap.PageRequest{Limit: n}}); len(p.Items) != starmap.MaxPageLimit {
			t.Errorf("limit above the maximum: %d records, want %d", len(p.Items), starmap.MaxPageLimit)
		}
		var got []string
		q := onboarding.CancellationQuery{Page: starmap.PageRequest{Limit: 9}}
		for pages := 0; ; pages++ {
			if pages > n {
				t.Fatalf("paging does not end: %d pages", pages)
			}
			p := list(t, s, q)
			got = append(got, ids(p.Items, cancelID)...)
			if p.Next == "" {
				break
			}
			if len(p.Items) == 0 {
				t.Fatalf("an empty page with a next cursor")
			}
			if last := p.Items[len(p.Items)-1].ID; p.Next != starmap.EncodeCursor(last) {
				t.Fatalf("next cursor %q, want the documented cursor of %s", p.Next, last)
			}
			q.Page.Cursor = p.Next
		}
		if !cmp.Equal(got, want) {
			t.Errorf("pages of 9 listed %d records, want %d in order (first differences: %s)", len(got), len(want), firstDiff(want, got))
		}
		if _, err := s.ListCancellations(ctx, onboarding.CancellationQuery{Page: starmap.PageRequest{Limit: -5}}); !errors.Is(err, starmap.ErrPageLimit) {
			t.Errorf("negative limit: %v, want ErrPageLimit", err)
		}
		if _, err := s.ListCancellations(ctx, onboarding.CancellationQuery{Page: starmap.PageRequest{Cursor: "%%"}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("malformed cursor: %v, want ErrCursorInvalid", err)
		}
	})

	t.Run("no_shared_memory_through_list", func(t *testing.T) {
		s := newStore(t)
		create(t, s, cancellation("a", onboarding.CancelDone))
		p := list(t, s, onboarding.CancellationQuery{})
		for i := range p.Items {
			for j := range p.Items[i].History {
				p.Items[i].History[j].Note = "scribbled"
			}
		}
		r, err := s.GetCancellation(ctx, "a")
		if err != nil {
			t.Fatalf("GetCancellation: %v", err)
		}
		if len(r.History) != 1 || r.History[0].Note != "kept" {
			t.Errorf("the store shares memory with a listed record: %+v", r.History)
		}
	})
}

// firstDiff describes where two id lists part, for a short message.
func firstDiff(want, got []string) string {
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			return fmt.Sprintf("at %d want %q got %q", i, w, g)
		}
	}
	return "none"
}

// testVersionEdges: what kit.CheckVersions leaves out — an update carrying
// a version ahead of the stored one is a conflict, and a refused create or
// update leaves the stored record as it was.
func testVersionEdges(t *testing.T, s onboarding.Store) {
	ctx := context.Background()
	a := newApplication(500)
	if _, err := s.CreateApplication(ctx, a); err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
	other := newApplication(501)
	other.ID = a.ID
	if _, err := s.CreateApplication(ctx, other); !errors.Is(err, starmap.ErrConflict) {
		t.Errorf("second CreateApplication of %s: %v, want ErrConflict", a.ID, err)
	}
	ahead := a.Clone()
	ahead.Version = 2
	ahead.Reasons = []string{"ahead"}
	if _, err := s.UpdateApplication(ctx, ahead); !errors.Is(err, starmap.ErrConflict) {
		t.Errorf("UpdateApplication at a version ahead of the store: %v, want ErrConflict", err)
	}
	if got, err := s.GetApplication(ctx, a.ID); err != nil || got.Version != 1 || !got.SubmittedAt.Equal(a.SubmittedAt) || !cmp.Equal(got.Reasons, a.Reasons) {
		t.Errorf("refused writes changed the application: v%d %v %v (%v)", got.Version, got.SubmittedAt, got.Reasons, err)
	}
	c := newCancellation(500)
	if _, err := s.CreateCancellation(ctx, c); err != nil {
		t.Fatalf("CreateCancellation: %v", err)
	}
	again := newCancellation(501)
	again.ID, again.Account, again.Reason = c.ID, c.Account, "a second cancellation of one account"
	if _, err := s.CreateCancellation(ctx, again); !errors.Is(err, starmap.ErrConflict) {
		t.Errorf("second CreateCancellation of %s: %v, want ErrConflict (one account, one refund)", c.ID, err)
	}
	cahead := c.Clone()
	cahead.Version, cahead.Reason = 2, "ahead"
	if _, err := s.UpdateCancellation(ctx, cahead); !errors.Is(err, starmap.ErrConflict) {
		t.Errorf("UpdateCancellation at a version ahead of the store: %v, want ErrConflict", err)
	}
	if got, err := s.GetCancellation(ctx, c.ID); err != nil || got.Version != 1 || got.Reason != c.Reason {
		t.Errorf("refused writes changed the cancellation: v%d %q (%v)", got.Version, got.Reason, err)
	}
}

// testServiceRecords stores records as the package's own steps make them —
// an agency application granted a special approval, approved and opened, a
// merchant's approved on a calendar without the year's schedule, a
// creator's named MCN rejected with reasons; cancellations in every state —
// and checks that what comes back rebuilds (FromRecord,
// CancellationFromRecord) into the same aggregate.
func testServiceRecords(t *testing.T, s onboarding.Store) {
	ctx := context.Background()
	fail := func(what string, err error) bool {
		t.Helper()
		if err != nil && !errors.Is(err, onboarding.ErrCodeWrong) {
			t.Errorf("kit: %s: %v", what, err)
			return true
		}
		return false
	}
	p := onboarding.Policy2023()
	p.Name = "kit"
	p.Agency.MinFollowerVolume = onboarding.FigureOf(1000)
	var apps []*onboarding.Application
	ag, _, err := onboarding.Submit(starmap.MCNActor("mcn-kit"), t0, "agency-1", onboarding.Submission{Kind: onboarding.KindAgency,
		Agency: onboarding.Agency{ID: "mcn-kit", Founded: starmap.DateOf(t0).AddDays(-30), Qualified: true, Creators: 6, FollowerVolume: 5000, OperatingCapability: true}})
	if !fail("agency", err) {
		_, err1 := ag.GrantSpecialApproval(reviewer, t0.Add(time.Hour), "达人资源丰富且内容独特")
		_, err2 := ag.Approve(reviewer, t0.Add(2*time.Hour), p, starmap.ChinaCalendar())
		_, err3 := ag.Open(reviewer, t0.Add(26*time.Hour))
		if !fail("agency steps", errors.Join(err1, err2, err3)) {
			apps = append(apps, ag)
		}
	}
	m, _, err := onboarding.Submit(starmap.AdvertiserActor("adv-kit"), t0.Add(time.Minute), "merchant-1", onboarding.Submission{Kind: onboarding.KindMerchant,
		Merchant: onboarding.Merchant{ID: "adv-kit", Kind: onboarding.MerchantCompany, Certified: true, Platform: onboarding.Toutiao}})
	if !fail("merchant", err) {
		if _, err := m.Approve(reviewer, t0.Add(time.Hour), p, starmap.WeekendCalendar()); !fail("merchant approval", err) {
			apps = append(apps, m)
		}
	}
	c, _, err := onboarding.Submit(starmap.MCNActor("mcn-kit"), t0.Add(2*time.Minute), "creator-1", onboarding.Submission{Kind: onboarding.KindCreator,
		Creator: onboarding.Applicant{Platform: onboarding.Xigua, AccountID: "xg-kit", Followers: 1234, Standing: onboarding.StandingRateLimited, MCN: "mcn-kit"}})
	if !fail("creator", err) {
		if _, err := c.Reject(reviewer, t0.Add(time.Hour), []string{"账号状态异常(限流中),无法入驻", "资料不全"}); !fail("creator rejection", err) {
			apps = append(apps, c)
		}
	}
	opts := []cmp.Option{cmp.AllowUnexported(starmap.Actor{}, starmap.Date{})}
	for _, a := range apps {
		if _, err := s.CreateApplication(ctx, a.Record()); err != nil {
			t.Errorf("CreateApplication(%s): %v", a.ID(), err)
			continue
		}
		got, err := s.GetApplication(ctx, a.ID())
		if err != nil {
			t.Errorf("GetApplication(%s): %v", a.ID(), err)
			continue
		}
		back, err := onboarding.FromRecord(got)
		if err != nil {
			t.Errorf("FromRecord of the stored %s: %v", a.ID(), err)
			continue
		}
		want := a.Record()
		want.Version = 1
		if d := cmp.Diff(want, back.Record(), opts...); d != "" {
			t.Errorf("%s rebuilt from the store differs (-written +rebuilt):\n%s", a.ID(), d)
		}
	}

	key := []byte("onboardingtest-code-key")
	start := func(holder starmap.Actor) *onboarding.Cancellation {
		plan, err := onboarding.PlanClose(holder.ID(), nil, decimal.RequireFromString("12.30"))
		if fail("plan", err) {
			return nil
		}
		c, _, err := onboarding.StartCancellation(holder, t0, plan, "123456", time.Hour, key)
		if fail("start", err) {
			return nil
		}
		return c
	}
	var cancels []*onboarding.Cancellation
	steps := map[string]func(c *onboarding.Cancellation, h starmap.Actor) error{
		"adv-wait": func(c *onboarding.Cancellation, h starmap.Actor) error {
			_, err := c.EnterCode(h, t0.Add(time.Minute), "000000", key)
			return err
		},
		"cr-review": func(c *onboarding.Cancellation, h starmap.Actor) error {
			_, err := c.EnterCode(h, t0.Add(time.Minute), "123456", key)
			return err
		},
		"mcn-rejected": func(c *onboarding.Cancellation, h starmap.Actor) error {
			_, err1 := c.EnterCode(h, t0.Add(time.Minute), "123456", key)
			_, err2 := c.Reject(reviewer, t0.Add(time.Hour), "存在未处理的投诉")
			return errors.Join(err1, err2)
		},
		"adv-done": func(c *onboarding.Cancellation, h starmap.Actor) error {
			_, err1 := c.EnterCode(h, t0.Add(time.Minute), "123456", key)
			plan, err2 := onboarding.PlanClose("adv-done", nil, decimal.RequireFromString(starmap.MaxAmountText))
			_, err3 := c.Approve(reviewer, t0.Add(time.Hour), plan)
			return errors.Join(err1, err2, err3)
		},
		"adv-locked": func(c *onboarding.Cancellation, h starmap.Actor) error {
			for i := 0; i < onboarding.MaxCodeAttempts; i++ {
				if _, err := c.EnterCode(h, t0.Add(time.Minute), "000000", key); !errors.Is(err, onboarding.ErrCodeWrong) {
					return err
				}
			}
			return nil
		},
	}
	holders := map[string]starmap.Actor{"adv-wait": starmap.AdvertiserActor("adv-wait"), "cr-review": starmap.CreatorActor("cr-review"),
		"mcn-rejected": starmap.MCNActor("mcn-rejected"), "adv-done": starmap.AdvertiserActor("adv-done"), "adv-locked": starmap.AdvertiserActor("adv-locked")}
	for account, step := range steps {
		h := holders[account]
		if c := start(h); c != nil && !fail(account, step(c, h)) {
			cancels = append(cancels, c)
		}
	}
	states := map[onboarding.CancelState]bool{}
	for _, c := range cancels {
		states[c.State()] = true
		if _, err := s.CreateCancellation(ctx, c.Record()); err != nil {
			t.Errorf("CreateCancellation(%s): %v", c.ID(), err)
			continue
		}
		got, err := s.GetCancellation(ctx, c.ID())
		if err != nil {
			t.Errorf("GetCancellation(%s): %v", c.ID(), err)
			continue
		}
		back, err := onboarding.CancellationFromRecord(got)
		if err != nil {
			t.Errorf("CancellationFromRecord of the stored %s: %v", c.ID(), err)
			continue
		}
		want := c.Record()
		want.Version = 1
		if d := cmp.Diff(want, back.Record(), opts...); d != "" {
			t.Errorf("%s rebuilt from the store differs (-written +rebuilt):\n%s", c.ID(), d)
		}
	}
	if len(apps) != 3 || len(states) != 5 {
		t.Errorf("kit: %d applications and %d cancellation states exercised, want 3 and 5", len(apps), len(states))
	}
}
