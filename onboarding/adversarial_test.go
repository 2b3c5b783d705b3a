package onboarding_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// The hostile host (issue 11): every exported constructor, pure step and
// Service method called with zero, nil, huge and malformed arguments, one
// argument at a time with the others valid. Each call must end in a coded
// error, change nothing (the store, the aggregate) and never panic.

var (
	hugeID   = strings.Repeat("x", 1<<20)
	badIDs   = []string{"", hugeID, "a\xff\xfeb", "a b", "a\u200bb", "a\u202eb", "a\ufeffb", "a:b", "a/b", "a|b", "a\x00b", "a\tb"}
	badCodes = []string{"", "1", "123", "123456789", "12a4", "１２３４５６", "\xff\xff\xff\xff", strings.Repeat("1", 1<<20), "12 34"}
	badDurs  = []time.Duration{0, -1, math.MinInt64, onboarding.MaxCodeValidity + 1, math.MaxInt64}
	badCurs  = []string{"x", "\xff", strings.Repeat("A", 1<<16), starmap.EncodeCursor("1", "2"), starmap.EncodeCursor("a", "0", "x"),
		starmap.EncodeCursor("1", "-1", "x"), starmap.EncodeCursor("01", "0", "x"), starmap.EncodeCursor("1", "1000000000", "x")}
	badLims = []int{-1, math.MinInt}
)

// badActors are actors no command accepts: zero, empty, huge and
// malformed ids.
func badActors() []starmap.Actor {
	return []starmap.Actor{{}, starmap.CreatorActor(""), starmap.CreatorActor(hugeID), starmap.CreatorActor("acct\u200b1"),
		starmap.MCNActor("a:b"), starmap.AdvertiserActor("a/b"), starmap.PlatformActor("\xff"), starmap.SubAccountActor("", "ops"),
		starmap.SubAccountActor("adv-1", "o|p")}
}

// badTextsAndBlank are the bad texts and the blank ones a reason needs.
func badTextsAndBlank() []string {
	out := []string{"", "   ", "\n\t"}
	for _, s := range badTexts() {
		out = append(out, s)
	}
	return out
}

func badAmounts() []decimal.Decimal {
	var out []decimal.Decimal
	for _, c := range hugeAmounts() {
		out = append(out, c.d)
	}
	return out
}

// attack is one hostile call; on a Service when svc is set.
type attack struct {
	name string
	call func(s *onboarding.Service) error
	svc  bool
}

func TestAdversarial_X5(t *testing.T) {
	ctx := context.Background()
	now := at(2026, 11, 20, 10)
	var attacks []attack
	add := func(svc bool, name string, call func(*onboarding.Service) error) {
		attacks = append(attacks, attack{name, call, svc})
	}
	pure := func(name string, call func() error) {
		add(false, name, func(*onboarding.Service) error { return call() })
	}
	service := func(name string, call func(*onboarding.Service) error) { add(true, name, call) }

	holder := starmap.AdvertiserActor("adv-1") // under review in the seeded store
	waiting := starmap.CreatorActor("cr-1")    // awaiting its code
	platformOnly := []starmap.Actor{starmap.CreatorActor("acct-1"), starmap.MCNActor("mcn-1"), holder, starmap.SubAccountActor("adv-1", "ops")}
	holders := []starmap.Actor{reviewer, starmap.SubAccountActor("adv-1", "ops")}
	strangers := []starmap.Actor{starmap.CreatorActor("stranger"), starmap.MCNActor("mcn-9"), starmap.AdvertiserActor("adv-9")}
	reasonsLists := [][]string{nil, {}, {"", " "}, make([]string, onboarding.MaxRejectReasons+1)}
	for _, s := range badTexts() {
		reasonsLists = append(reasonsLists, []string{"资料不全", s})
	}
	good := creatorSubmission(200000)
	goodPlan, _ := onboarding.PlanClose("adv-9", nil, money("1"))

	// Service: the application steps (app-1 submitted, app-9 opened).
	for _, by := range append(badActors(), platformOnly...) {
		by := by
		for _, m := range []string{"Approve", "Reject", "Review", "Open", "GrantSpecialApproval"} {
			m := m
			service(m+"/actor", func(s *onboarding.Service) error { return appStep(ctx, s, m, by, "app-1") })
		}
		service("List/actor", func(s *onboarding.Service) error {
			_, err := s.List(ctx, by, onboarding.ApplicationQuery{})
			return err
		})
		service("Overdue/actor", func(s *onboarding.Service) error { _, err := s.Overdue(ctx, by, starmap.PageRequest{}); return err })
		service("ListCancellations/actor", func(s *onboarding.Service) error {
			_, err := s.ListCancellations(ctx, by, onboarding.CancellationQuery{})
			return err
		})
	}
	for _, by := range append(badActors(), strangers...) {
		by := by
		service("Get/actor", func(s *onboarding.Service) error { _, err := s.Get(ctx, by, "app-1"); return err })
		service("Eligibility/actor", func(s *onboarding.Service) error { _, err := s.Eligibility(ctx, by, "app-1"); return err })
		service("GetCancellation/actor", func(s *onboarding.Service) error { _, err := s.GetCancellation(ctx, by, "adv-1"); return err })
	}
	for _, id := range append(badIDs, "missing") {
		id := id
		for _, m := range []string{"Approve", "Reject", "Review", "Open", "GrantSpecialApproval"} {
			m := m
			service(m+"/id", func(s *onboarding.Service) error { return appStep(ctx, s, m, reviewer, id) })
		}
		service("Get/id", func(s *onboarding.Service) error { _, err := s.Get(ctx, reviewer, id); return err })
		service("Eligibility/id", func(s *onboarding.Service) error { _, err := s.Eligibility(ctx, reviewer, id); return err })
		service("GetCancellation/id", func(s *onboarding.Service) error { _, err := s.GetCancellation(ctx, reviewer, id); return err })
		service("ApproveCancellation/id", func(s *onboarding.Service) error {
			_, _, err := s.ApproveCancellation(ctx, reviewer, id, money("1"))
			return err
		})
		service("RejectCancellation/id", func(s *onboarding.Service) error {
			_, _, err := s.RejectCancellation(ctx, reviewer, id, "理由")
			return err
		})
	}
	for _, rs := range reasonsLists {
		rs := rs
		service("Reject/reasons", func(s *onboarding.Service) error { _, _, err := s.Reject(ctx, reviewer, "app-1", rs...); return err })
	}
	for _, text := range badTextsAndBlank() {
		text := text
		service("GrantSpecialApproval/reason", func(s *onboarding.Service) error {
			_, _, err := s.GrantSpecialApproval(ctx, reviewer, "app-2", text)
			return err
		})
		service("RejectCancellation/reason", func(s *onboarding.Service) error {
			_, _, err := s.RejectCancellation(ctx, reviewer, "adv-1", text)
			return err
		})
	}
	// Service.Submit: every refusal, with a fresh id that would be stored.
	for _, by := range badActors() {
		by := by
		service("Submit/actor", func(s *onboarding.Service) error { _, _, err := s.Submit(ctx, by, "app-new", good); return err })
	}
	for _, id := range append(badIDs, "app-1") {
		id := id
		service("Submit/id", func(s *onboarding.Service) error {
			_, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), id, good)
			return err
		})
	}
	for _, sub := range badSubmissions() {
		sub := sub
		service("Submit/submission", func(s *onboarding.Service) error {
			_, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-new", sub)
			return err
		})
	}
	// Service: queries.
	for _, q := range badAppQueries() {
		q := q
		service("List/query", func(s *onboarding.Service) error { _, err := s.List(ctx, reviewer, q); return err })
	}
	for _, p := range badPages() {
		p := p
		service("Overdue/page", func(s *onboarding.Service) error { _, err := s.Overdue(ctx, reviewer, p); return err })
		service("ListCancellations/page", func(s *onboarding.Service) error {
			_, err := s.ListCancellations(ctx, reviewer, onboarding.CancellationQuery{Page: p})
			return err
		})
	}
	for _, st := range []onboarding.CancelState{6, 255} {
		st := st
		service("ListCancellations/state", func(s *onboarding.Service) error {
			_, err := s.ListCancellations(ctx, reviewer, onboarding.CancellationQuery{State: st})
			return err
		})
	}
	// Service: leaving.
	for _, by := range append(badActors(), holders...) {
		by := by
		service("CheckClose/actor", func(s *onboarding.Service) error { _, err := s.CheckClose(ctx, by, money("1")); return err })
		service("StartCancellation/actor", func(s *onboarding.Service) error {
			_, _, err := s.StartCancellation(ctx, by, money("1"), "123456", time.Hour)
			return err
		})
		service("ResendCode/actor", func(s *onboarding.Service) error { _, _, err := s.ResendCode(ctx, by, "654321", time.Hour); return err })
		service("EnterCode/actor", func(s *onboarding.Service) error { _, _, err := s.EnterCode(ctx, by, "123456"); return err })
	}
	for _, by := range append(badActors(), platformOnly...) {
		by := by
		service("ApproveCancellation/actor", func(s *onboarding.Service) error {
			_, _, err := s.ApproveCancellation(ctx, by, "adv-1", money("1"))
			return err
		})
		service("RejectCancellation/actor", func(s *onboarding.Service) error {
			_, _, err := s.RejectCancellation(ctx, by, "adv-1", "理由")
			return err
		})
	}
	for _, amount := range badAmounts() {
		amount := amount
		service("CheckClose/balance", func(s *onboarding.Service) error {
			_, err := s.CheckClose(ctx, starmap.CreatorActor("cr-9"), amount)
			return err
		})
		service("StartCancellation/balance", func(s *onboarding.Service) error {
			_, _, err := s.StartCancellation(ctx, starmap.CreatorActor("cr-9"), amount, "123456", time.Hour)
			return err
		})
		service("ApproveCancellation/balance", func(s *onboarding.Service) error {
			_, _, err := s.ApproveCancellation(ctx, reviewer, "adv-1", amount)
			return err
		})
	}
	for _, code := range badCodes {
		code := code
		service("StartCancellation/code", func(s *onboarding.Service) error {
			_, _, err := s.StartCancellation(ctx, starmap.CreatorActor("cr-9"), money("1"), code, time.Hour)
			return err
		})
		service("ResendCode/code", func(s *onboarding.Service) error {
			_, _, err := s.ResendCode(ctx, waiting, code, time.Hour)
			return err
		})
		service("EnterCode/code", func(s *onboarding.Service) error { _, _, err := s.EnterCode(ctx, waiting, code); return err })
	}
	for _, dur := range badDurs {
		dur := dur
		service("StartCancellation/validity", func(s *onboarding.Service) error {
			_, _, err := s.StartCancellation(ctx, starmap.CreatorActor("cr-9"), money("1"), "123456", dur)
			return err
		})
		service("ResendCode/validity", func(s *onboarding.Service) error { _, _, err := s.ResendCode(ctx, waiting, "654321", dur); return err })
	}

	// Pure constructors and functions.
	for _, by := range badActors() {
		by := by
		pure("Submit/actor", func() error { _, _, err := onboarding.Submit(by, now, "app-x", good); return err })
		pure("GrantSpecialApproval/actor", func() error {
			_, err := onboarding.GrantSpecialApproval(by, d(2026, 1, 1), "理由")
			return err
		})
		pure("StartCancellation/actor", func() error {
			_, _, err := onboarding.StartCancellation(by, now, goodPlan, "123456", time.Hour, codeKey)
			return err
		})
	}
	for _, id := range badIDs {
		id := id
		pure("Submit/id", func() error {
			_, _, err := onboarding.Submit(starmap.CreatorActor("acct-1"), now, id, good)
			return err
		})
		pure("PlanClose/account", func() error { _, err := onboarding.PlanClose(id, nil, money("1")); return err })
		pure("PlanClose/task", func() error {
			_, err := onboarding.PlanClose("adv-1", []onboarding.RunningTask{{ID: id, State: "pending"}}, money("1"))
			return err
		})
		pure("CheckClose/account", func() error { _, err := onboarding.CheckClose(ctx, tasks{}, id, money("1")); return err })
		pure("StartCancellation/plan_account", func() error {
			_, _, err := onboarding.StartCancellation(starmap.AdvertiserActor("adv-9"), now, onboarding.ClosePlan{Account: id}, "123456", time.Hour, codeKey)
			return err
		})
	}
	for _, sub := range badSubmissions() {
		sub := sub
		pure("Submit/submission", func() error {
			_, _, err := onboarding.Submit(starmap.CreatorActor("acct-1"), now, "app-x", sub)
			return err
		})
	}
	pure("Submit/zero_time", func() error {
		_, _, err := onboarding.Submit(starmap.CreatorActor("acct-1"), time.Time{}, "app-x", good)
		return err
	})
	for _, text := range badTextsAndBlank() {
		text := text
		pure("GrantSpecialApproval/reason", func() error { _, err := onboarding.GrantSpecialApproval(reviewer, d(2026, 1, 1), text); return err })
		if strings.TrimSpace(text) != "" {
			pure("PlanClose/task_state", func() error {
				_, err := onboarding.PlanClose("adv-1", []onboarding.RunningTask{{ID: "t-1", State: text}}, money("1"))
				return err
			})
		}
	}
	pure("GrantSpecialApproval/zero_day", func() error {
		_, err := onboarding.GrantSpecialApproval(reviewer, starmap.Date{}, "理由")
		return err
	})
	for _, amount := range badAmounts() {
		amount := amount
		pure("PlanClose/balance", func() error { _, err := onboarding.PlanClose("adv-1", nil, amount); return err })
		pure("CheckClose/balance", func() error { _, err := onboarding.CheckClose(ctx, tasks{}, "adv-1", amount); return err })
		pure("StartCancellation/plan_refund", func() error {
			_, _, err := onboarding.StartCancellation(starmap.AdvertiserActor("adv-9"), now, onboarding.ClosePlan{Account: "adv-9", Refund: amount}, "123456", time.Hour, codeKey)
			return err
		})
	}
	pure("CheckClose/nil_lister", func() error { _, err := onboarding.CheckClose(ctx, nil, "adv-1", money("1")); return err })
	for _, code := range badCodes {
		code := code
		pure("StartCancellation/code", func() error {
			_, _, err := onboarding.StartCancellation(starmap.AdvertiserActor("adv-9"), now, goodPlan, code, time.Hour, codeKey)
			return err
		})
	}
	for _, dur := range badDurs {
		dur := dur
		pure("StartCancellation/validity", func() error {
			_, _, err := onboarding.StartCancellation(starmap.AdvertiserActor("adv-9"), now, goodPlan, "123456", dur, codeKey)
			return err
		})
	}
	for _, key := range [][]byte{nil, {}, []byte("short"), make([]byte, onboarding.MinCodeKeyLen-1)} {
		key := key
		pure("StartCancellation/key", func() error {
			_, _, err := onboarding.StartCancellation(starmap.AdvertiserActor("adv-9"), now, goodPlan, "123456", time.Hour, key)
			return err
		})
	}
	pure("StartCancellation/zero_time", func() error {
		_, _, err := onboarding.StartCancellation(starmap.AdvertiserActor("adv-9"), time.Time{}, goodPlan, "123456", time.Hour, codeKey)
		return err
	})
	for _, r := range badApplicationRecords(t) {
		r := r
		pure("FromRecord", func() error { _, err := onboarding.FromRecord(r); return err })
	}
	for _, r := range badCancellationRecords(t) {
		r := r
		pure("CancellationFromRecord", func() error { _, err := onboarding.CancellationFromRecord(r); return err })
	}
	for _, text := range append(badTextsAndBlank(), "=", "base", strings.Repeat("a", 1<<17), "base = seed-000-2023\nname = "+hugeID) {
		text := text
		pure("ParsePolicy", func() error { _, err := onboarding.ParsePolicyString(text); return err })
	}
	for _, p := range []onboarding.Policy{{}, {Name: hugeID}, func() onboarding.Policy {
		p := onboarding.Policy2023()
		p.Douyin.MinFollowers = onboarding.FigureOf(math.MaxInt64)
		p.OpeningWorkdays = math.MaxInt
		p.Agency.MinAgeYears = math.MinInt
		return p
	}()} {
		p := p
		pure("Policy.Validate", func() error { return p.Validate() })
		pure("NewService/policy", func() error {
			_, err := onboarding.NewService(memstore.NewOnboardingStore(), starmap.FixedClock(now), onboarding.WithPolicy(p))
			return err
		})
	}
	var nilStore *memstore.OnboardingStore
	for _, c := range []struct {
		st    onboarding.Store
		clock starmap.Clock
		opts  []onboarding.Option
	}{
		{nil, nil, nil}, {nilStore, starmap.FixedClock(now), nil}, {memstore.NewOnboardingStore(), nil, nil},
		{memstore.NewOnboardingStore(), starmap.FixedClock(now), []onboarding.Option{nil}},
		{memstore.NewOnboardingStore(), starmap.FixedClock(now), []onboarding.Option{onboarding.WithCalendar(nil)}},
		{memstore.NewOnboardingStore(), starmap.FixedClock(now), []onboarding.Option{onboarding.WithSigningVerifier(nil)}},
		{memstore.NewOnboardingStore(), starmap.FixedClock(now), []onboarding.Option{onboarding.WithLeaving(nil, codeKey)}},
		{memstore.NewOnboardingStore(), starmap.FixedClock(now), []onboarding.Option{onboarding.WithLeaving(tasks{}, []byte("short"))}},
	} {
		c := c
		pure("NewService", func() error { _, err := onboarding.NewService(c.st, c.clock, c.opts...); return err })
	}

	// Aggregate methods on fixed values: nothing may change them.
	app, cancel, underReview := fixedAggregates(t, now)
	for _, by := range badActors() {
		by := by
		pure("Application.Approve/actor", func() error { _, err := app.Approve(by, now, onboarding.DefaultPolicy(), cal); return err })
		pure("Application.Reject/actor", func() error { _, err := app.Reject(by, now, []string{"理由"}); return err })
		pure("Application.Open/actor", func() error { _, err := app.Open(by, now); return err })
		pure("Application.GrantSpecialApproval/actor", func() error { _, err := app.GrantSpecialApproval(by, now, "理由"); return err })
		pure("Cancellation.EnterCode/actor", func() error { _, err := cancel.EnterCode(by, now, "123456", codeKey); return err })
		pure("Cancellation.ResendCode/actor", func() error { _, err := cancel.ResendCode(by, now, "654321", time.Hour, codeKey); return err })
		pure("Cancellation.Restart/actor", func() error { _, err := cancel.Restart(by, now, goodPlan, "123456", time.Hour, codeKey); return err })
		pure("Cancellation.Approve/actor", func() error { _, err := underReview.Approve(by, now, goodPlan); return err })
		pure("Cancellation.Reject/actor", func() error { _, err := underReview.Reject(by, now, "理由"); return err })
	}
	for _, rs := range reasonsLists {
		rs := rs
		pure("Application.Reject/reasons", func() error { _, err := app.Reject(reviewer, now, rs); return err })
	}
	pure("Application.Approve/zero_time", func() error {
		_, err := app.Approve(reviewer, time.Time{}, onboarding.DefaultPolicy(), cal)
		return err
	})
	pure("Application.Approve/zero_policy", func() error { _, err := app.Approve(reviewer, now, onboarding.Policy{}, cal); return err })
	pure("Application.Approve/end_of_time", func() error {
		_, err := app.Approve(reviewer, time.Date(9999, 12, 31, 0, 0, 0, 0, starmap.CST()), onboarding.DefaultPolicy(), nil)
		return err
	})
	for _, code := range badCodes {
		code := code
		pure("Cancellation.EnterCode/code", func() error {
			_, err := cancel.EnterCode(starmap.AdvertiserActor("adv-7"), now, code, codeKey)
			return err
		})
	}
	for _, text := range badTextsAndBlank() {
		text := text
		pure("Cancellation.Reject/reason", func() error { _, err := underReview.Reject(reviewer, now, text); return err })
	}
	for _, amount := range badAmounts() {
		amount := amount
		pure("Cancellation.Approve/refund", func() error {
			_, err := underReview.Approve(reviewer, now, onboarding.ClosePlan{Account: "adv-8", Refund: amount})
			return err
		})
	}

	// Run every attack on a seeded Service (a coded refusal, the store
	// unchanged) and every Service attack on a zero Service too.
	s, st := seededService(t, now)
	before := snapshot(t, st)
	appBefore, cancelBefore, reviewBefore := app.Record(), cancel.Record(), underReview.Record()
	tried := 0
	for _, a := range attacks {
		runs := []*onboarding.Service{s}
		if a.svc {
			runs = append(runs, &onboarding.Service{})
		}
		for i, svc := range runs {
			tried++
			err, panicked := calmly(func() error { return a.call(svc) })
			switch {
			case panicked != nil:
				t.Errorf("%s panicked: %v", a.name, panicked)
			case err == nil:
				t.Errorf("%s was accepted", a.name)
			case len(starmap.Codes(err)) == 0:
				t.Errorf("%s: an uncoded error %v", a.name, err)
			case i == 1 && !errors.Is(err, starmap.ErrServiceNotReady):
				t.Errorf("%s on a zero Service: %v", a.name, err)
			}
		}
	}
	opts := []cmp.Option{cmp.AllowUnexported(starmap.Actor{}, starmap.Date{})}
	if diff := cmp.Diff(before, snapshot(t, st), opts...); diff != "" {
		t.Errorf("the attacks changed the store (-before +after):\n%s", diff)
	}
	for name, c := range map[string][2]any{
		"application": {appBefore, app.Record()}, "cancellation": {cancelBefore, cancel.Record()}, "under review": {reviewBefore, underReview.Record()},
	} {
		if diff := cmp.Diff(c[0], c[1], opts...); diff != "" {
			t.Errorf("the attacks changed the %s (-before +after):\n%s", name, diff)
		}
	}
	t.Logf("%d hostile inputs tried (%d attacks, Service ones also on a zero Service)", tried, len(attacks))
	if tried < 1000 {
		t.Errorf("only %d inputs tried", tried)
	}
}

// appStep runs one application step of the Service by name.
func appStep(ctx context.Context, s *onboarding.Service, step string, by starmap.Actor, id string) error {
	var err error
	switch step {
	case "Approve":
		_, _, err = s.Approve(ctx, by, id)
	case "Reject":
		_, _, err = s.Reject(ctx, by, id, "理由")
	case "Review":
		_, _, err = s.Review(ctx, by, id)
	case "Open":
		_, _, err = s.Open(ctx, by, id)
	case "GrantSpecialApproval":
		_, _, err = s.GrantSpecialApproval(ctx, by, id, "理由")
	}
	return err
}

// calmly runs f and reports a panic instead of dying of it.
func calmly(f func() error) (err error, panicked any) {
	defer func() { panicked = recover() }()
	return f(), nil
}

func badSubmissions() []onboarding.Submission {
	subs := []onboarding.Submission{{}, {Kind: 99}, {Kind: onboarding.KindCreator}, {Kind: onboarding.KindAgency}, {Kind: onboarding.KindMerchant},
		{Kind: onboarding.KindAgency, Agency: onboarding.Agency{ID: "acct-1"}}, // the creator actor is no agency
		{Kind: onboarding.KindMerchant, Merchant: onboarding.Merchant{ID: "acct-1"}}}
	for _, id := range badIDs {
		c := creator(onboarding.Douyin, 1, false)
		c.AccountID = id
		subs = append(subs, onboarding.Submission{Kind: onboarding.KindCreator, Creator: c})
		if id != "" {
			c = creator(onboarding.Douyin, 1, false)
			c.MCN = id
			subs = append(subs, onboarding.Submission{Kind: onboarding.KindCreator, Creator: c})
		}
	}
	return subs
}

func badPages() []starmap.PageRequest {
	var out []starmap.PageRequest
	for _, l := range badLims {
		out = append(out, starmap.PageRequest{Limit: l})
	}
	for _, c := range badCurs {
		out = append(out, starmap.PageRequest{Cursor: c})
	}
	return out
}

func badAppQueries() []onboarding.ApplicationQuery {
	out := []onboarding.ApplicationQuery{{State: 5}, {State: 255}, {Kind: 4}, {Kind: 255}}
	for _, id := range badIDs[1:] { // "" selects every subject
		out = append(out, onboarding.ApplicationQuery{Subject: id})
	}
	for _, p := range badPages() {
		out = append(out, onboarding.ApplicationQuery{Page: p})
	}
	return out
}

func badApplicationRecords(t *testing.T) []onboarding.ApplicationRecord {
	good := submitted(t, at(2026, 11, 20, 10), 200000).Record()
	out := []onboarding.ApplicationRecord{{}}
	for _, f := range []func(*onboarding.ApplicationRecord){
		func(r *onboarding.ApplicationRecord) { r.ID = hugeID },
		func(r *onboarding.ApplicationRecord) { r.ID = "a\u200bb" },
		func(r *onboarding.ApplicationRecord) { r.Kind = 255 },
		func(r *onboarding.ApplicationRecord) { r.State = 255 },
		func(r *onboarding.ApplicationRecord) { r.History = nil },
		func(r *onboarding.ApplicationRecord) { r.State = onboarding.StateApproved },
		func(r *onboarding.ApplicationRecord) {
			r.State = onboarding.StateOpened
			r.History = append(r.History, onboarding.Change{To: onboarding.StateOpened})
		},
	} {
		r := good.Clone()
		f(&r)
		out = append(out, r)
	}
	return out
}

func badCancellationRecords(t *testing.T) []onboarding.CancellationRecord {
	plan, _ := onboarding.PlanClose("adv-1", nil, money("1"))
	c, _, err := onboarding.StartCancellation(starmap.AdvertiserActor("adv-1"), at(2026, 11, 20, 10), plan, "123456", time.Hour, codeKey)
	if err != nil {
		t.Fatal(err)
	}
	good := c.Record()
	out := []onboarding.CancellationRecord{{}}
	for _, f := range []func(*onboarding.CancellationRecord){
		func(r *onboarding.CancellationRecord) { r.ID, r.Account = hugeID, hugeID },
		func(r *onboarding.CancellationRecord) { r.Account = "adv-2" },
		func(r *onboarding.CancellationRecord) { r.Holder = starmap.AdvertiserActor("adv-2") },
		func(r *onboarding.CancellationRecord) { r.Holder = starmap.SubAccountActor("adv-1", "ops") },
		func(r *onboarding.CancellationRecord) { r.Holder = starmap.Actor{} },
		func(r *onboarding.CancellationRecord) { r.State = 255 },
		func(r *onboarding.CancellationRecord) { r.History = nil },
		func(r *onboarding.CancellationRecord) { r.Attempts = -1 },
		func(r *onboarding.CancellationRecord) { r.Attempts = math.MaxInt },
		func(r *onboarding.CancellationRecord) { r.Refund = decimal.New(1, 30) },
		func(r *onboarding.CancellationRecord) { r.Refund = money("-1") },
	} {
		r := good.Clone()
		f(&r)
		out = append(out, r)
	}
	return out
}

// fixedAggregates are a submitted application, a cancellation awaiting
// its code (adv-7) and one under review (adv-8), for the pure steps.
func fixedAggregates(t *testing.T, now time.Time) (*onboarding.Application, *onboarding.Cancellation, *onboarding.Cancellation) {
	app := submitted(t, now, 200000)
	start := func(account string) *onboarding.Cancellation {
		plan, _ := onboarding.PlanClose(account, nil, money("1"))
		c, _, err := onboarding.StartCancellation(starmap.AdvertiserActor(account), now, plan, "123456", time.Hour, codeKey)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	waiting, review := start("adv-7"), start("adv-8")
	if _, err := review.EnterCode(starmap.AdvertiserActor("adv-8"), now, "123456", codeKey); err != nil {
		t.Fatal(err)
	}
	return app, waiting, review
}

// seededService is a Service whose store holds a submitted creator
// application (app-1), a submitted agency application (app-2), an opened
// one (app-9), a cancellation under review (adv-1) and one awaiting its
// code (cr-1).
func seededService(t *testing.T, now time.Time) (*onboarding.Service, *memstore.OnboardingStore) {
	ctx := context.Background()
	s, st := leavingService(t, starmap.FixedClock(now), tasks{})
	must := func(_ any, _ []starmap.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", creatorSubmission(200000)))
	must(s.Submit(ctx, starmap.MCNActor("mcn-1"), "app-2", onboarding.Submission{Kind: onboarding.KindAgency, Agency: goodAgency(d(2026, 6, 1))}))
	must(s.Submit(ctx, starmap.CreatorActor("acct-9"), "app-9", onboarding.Submission{Kind: onboarding.KindCreator, Creator: onboarding.Applicant{
		Platform: onboarding.Douyin, AccountID: "acct-9", Followers: 200000, Standing: onboarding.StandingNormal}}))
	must(s.Approve(ctx, reviewer, "app-9"))
	must(s.Open(ctx, reviewer, "app-9"))
	must(s.StartCancellation(ctx, starmap.AdvertiserActor("adv-1"), money("1"), "123456", time.Hour))
	must(s.EnterCode(ctx, starmap.AdvertiserActor("adv-1"), "123456"))
	must(s.StartCancellation(ctx, starmap.CreatorActor("cr-1"), money("1"), "123456", time.Hour))
	return s, st
}

// snapshot is everything the store holds.
func snapshot(t *testing.T, st *memstore.OnboardingStore) [2]any {
	ctx := context.Background()
	apps, err := st.ListApplications(ctx, onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
	if err != nil {
		t.Fatal(err)
	}
	cancels, err := st.ListCancellations(ctx, onboarding.CancellationQuery{Page: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
	if err != nil {
		t.Fatal(err)
	}
	return [2]any{apps.Items, cancels.Items}
}
