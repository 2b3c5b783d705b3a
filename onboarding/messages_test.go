package onboarding_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// zhAllowed are the Latin words a zh-CN message may carry: MCN, the
// platform's own term (seed 000: MCN签约达人), and the literal words of the
// policy text form that the reader must type (ParsePolicy), and the name of
// the constructor the root's ErrServiceNotReady tells a developer to call.
var zhAllowed = []string{"MCN", "base", "true", "false", "none", "clamp", "roll", "NewService"}

// TestZHMessagesCarryNoEnglish renders every refusal the package raises in
// zh-CN and checks that no English word (3+ Latin letters) appears, other
// than the ids this test uses and the words in zhAllowed.
func TestZHMessagesCarryNoEnglish(t *testing.T) {
	ctx := context.Background()
	now := at(2026, 11, 20, 10)
	var errs []error
	add := func(err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("collected a nil error (case %d)", len(errs))
		}
		errs = append(errs, err)
	}
	addDecision := func(d onboarding.Decision) {
		t.Helper()
		if d.Eligible {
			t.Fatal("collected an eligible decision")
		}
		add(d.Err())
	}
	p := hostPolicy()
	// Eligibility (ONB-1 … ONB-4, ONB-6, ONB-7).
	addDecision(onboarding.CheckCreator(p, onboarding.Applicant{Platform: 9, Followers: -1, MCN: "a b", Standing: 9}))
	addDecision(onboarding.CheckCreator(p, onboarding.Applicant{Platform: onboarding.Douyin, AccountID: ""}))
	addDecision(onboarding.CheckCreator(onboarding.Policy2022(), withStanding(creator(onboarding.Douyin, 5, false), onboarding.StandingViolation)))
	addDecision(onboarding.CheckCreator(onboarding.Policy2022(), withStanding(creator(onboarding.Toutiao, 5, false), onboarding.StandingRateLimited)))
	addDecision(onboarding.CheckAgency(d(2026, 6, 1), p, onboarding.Agency{ID: "m", Founded: d(2026, 1, 1), FollowerVolume: 1,
		Approval: onboarding.SpecialApproval{By: starmap.MCNActor("m"), On: d(2027, 1, 1)}}))
	addDecision(onboarding.CheckAgency(d(2026, 6, 1), p, onboarding.Agency{ID: "m", Founded: d(2026, 1, 1),
		Approval: onboarding.SpecialApproval{By: starmap.SubAccountActor("a", "s"), On: d(2026, 2, 1)}}))
	addDecision(onboarding.CheckAgency(d(2026, 6, 1), onboarding.Policy2023(), onboarding.Agency{Founded: d(2027, 1, 1)}))
	addDecision(onboarding.CheckAgency(d(2026, 6, 1), onboarding.Policy2023(), onboarding.Agency{ID: "m"}))
	addDecision(onboarding.CheckAgency(starmap.Date{}, onboarding.Policy2023(), onboarding.Agency{ID: "m", Founded: d(2020, 1, 1)}))
	addDecision(onboarding.CheckMerchant(onboarding.Merchant{Kind: onboarding.MerchantIndividual}))
	addDecision(onboarding.CheckMerchant(onboarding.Merchant{ID: "a", Kind: 7}))
	_, err := onboarding.GrantSpecialApproval(starmap.MCNActor("m"), d(2026, 1, 1), "x")
	add(err)
	_, err = onboarding.GrantSpecialApproval(reviewer, d(2026, 1, 1), " ")
	add(err)
	_, err = onboarding.GrantSpecialApproval(reviewer, starmap.Date{}, "理由")
	add(err)

	// Applications (ONB-5, ONB-9).
	sub := creatorSubmission(200000)
	for _, c := range []struct {
		id    string
		now   time.Time
		actor starmap.Actor
		sub   onboarding.Submission
	}{
		{"", now, starmap.CreatorActor("acct-1"), sub},
		{"app-1", time.Time{}, starmap.CreatorActor("acct-1"), sub},
		{"app-1", now, starmap.CreatorActor("acct-1"), onboarding.Submission{Kind: 9}},
		{"app-1", now, starmap.CreatorActor("acct-1"), onboarding.Submission{Kind: onboarding.KindCreator}},
		{"app-1", now, starmap.CreatorActor("acct-1"), onboarding.Submission{Kind: onboarding.KindAgency}},
		{"app-1", now, starmap.MCNActor("m"), sub},
		{"app-1", now, starmap.SubAccountActor("a", "s"), onboarding.Submission{Kind: onboarding.KindMerchant, Merchant: onboarding.Merchant{ID: "a"}}},
		{"app-1", now, starmap.CreatorActor(""), sub},
	} {
		_, _, err := onboarding.Submit(c.actor, c.now, c.id, c.sub)
		add(err)
	}
	a := submitted(t, now, 10)
	_, err = a.Open(reviewer, now)
	add(err)
	_, err = a.GrantSpecialApproval(reviewer, now, "理由")
	add(err)
	_, err = a.Approve(reviewer, time.Time{}, p, cal)
	add(err)
	_, err = a.Approve(reviewer, now, p, cal)
	add(err)
	_, err = a.Reject(reviewer, now, []string{" "})
	add(err)
	_, err = a.Approve(starmap.MCNActor("m"), now, p, cal)
	add(err)
	ok := submitted(t, now, 200000)
	if _, err := ok.Approve(reviewer, now, p, cal); err != nil {
		t.Fatal(err)
	}
	_, err = ok.Open(reviewer, now.Add(-24*time.Hour))
	add(err)
	good := ok.Record()
	for _, mutate := range []func(r *onboarding.ApplicationRecord){
		func(r *onboarding.ApplicationRecord) { r.ID = "" },
		func(r *onboarding.ApplicationRecord) { r.Kind = 9 },
		func(r *onboarding.ApplicationRecord) { r.State = 9 },
		func(r *onboarding.ApplicationRecord) { r.History = nil },
		func(r *onboarding.ApplicationRecord) { r.Deadline = starmap.Date{} },
		func(r *onboarding.ApplicationRecord) {
			r.State = onboarding.StateOpened
			r.History = append(r.History, onboarding.Change{To: onboarding.StateOpened})
		},
	} {
		r := good.Clone()
		mutate(&r)
		_, err := onboarding.FromRecord(r)
		add(err)
	}

	// Policies.
	bad := onboarding.Policy{Name: "x y"}
	bad.Douyin = onboarding.PlatformPolicy{MinFollowers: onboarding.Figure{Value: 3}, MCNRoute: true, MCNRequired: true}
	bad.Xigua.MinFollowers = onboarding.FigureOf(-1)
	bad.Agency.MonthEnd = 9
	bad.Agency.MinFollowerVolume = onboarding.Figure{Value: 2}
	add(bad.Validate())
	bad.Agency.MinFollowerVolume = onboarding.FigureOf(-2)
	add(bad.Validate())
	for _, text := range []string{
		"base = seed-000-2023\n抖音",
		"base = seed-000-2023\n名称 = 甲",
		"base = seed-000-2023\nname = 甲\nname = 乙",
		"name = 甲\nbase = seed-000-2023",
		"base = 预设",
		"base = seed-000-2023\ndouyin.min_followers = 10万",
		"base = seed-000-2023\nopening_workdays = 三",
		"base = seed-000-2023\ndouyin.mcn_route = 是",
		"base = seed-000-2023\nagency.month_end = 月末",
		"base = seed-000-2023\nname =",
		"name = 甲",
	} {
		_, err := onboarding.ParsePolicyString(text)
		add(err)
	}
	_, err = onboarding.NewService(nil, nil)
	add(err)
	_, err = onboarding.NewService(memstore.NewOnboardingStore(), nil)
	add(err)
	_, err = onboarding.NewService(memstore.NewOnboardingStore(), starmap.FixedClock(now), onboarding.WithPolicy(bad))
	add(err)

	// Leaving (ONB-8).
	holder := starmap.AdvertiserActor("a")
	plan, _ := onboarding.PlanClose("a", nil, money("1"))
	_, err = onboarding.PlanClose("a", nil, money("-1"))
	add(err)
	_, err = onboarding.PlanClose("", nil, money("1"))
	add(err)
	_, err = onboarding.CheckClose(ctx, nil, "a", money("1"))
	add(err)
	blocked, _ := onboarding.PlanClose("a", []onboarding.RunningTask{{ID: "t-1"}}, money("1"))
	_, _, err = onboarding.StartCancellation(holder, now, blocked, "123456", time.Minute, codeKey)
	add(err)
	_, _, err = onboarding.StartCancellation(holder, now, plan, "12", time.Minute, codeKey)
	add(err)
	_, _, err = onboarding.StartCancellation(starmap.AdvertiserActor("b"), now, plan, "123456", time.Minute, codeKey)
	add(err)
	_, _, err = onboarding.StartCancellation(holder, now, onboarding.ClosePlan{Account: "a", Refund: money("0.001")}, "123456", time.Minute, codeKey)
	add(err)
	c, _, err := onboarding.StartCancellation(holder, now, plan, "123456", time.Minute, codeKey)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.EnterCode(starmap.SubAccountActor("a", "s"), now, "123456", codeKey)
	add(err)
	_, err = c.EnterCode(holder, now, "000000", codeKey)
	add(err)
	_, err = c.EnterCode(holder, now.Add(time.Hour), "123456", codeKey)
	add(err)
	_, err = c.ResendCode(holder, now, "1", time.Minute, codeKey)
	add(err)
	_, err = c.Approve(reviewer, now, plan)
	add(err)
	_, err = c.Restart(holder, now, plan, "123456", time.Minute, codeKey)
	add(err)
	_, err = c.EnterCode(holder, time.Time{}, "123456", codeKey)
	add(err)
	if _, err := c.EnterCode(holder, now, "123456", codeKey); err != nil {
		t.Fatal(err)
	}
	other, _ := onboarding.PlanClose("b", nil, money("1"))
	_, err = c.Approve(reviewer, now, other)
	add(err)
	_, err = c.Reject(reviewer, now, "")
	add(err)
	r := c.Record()
	r.Account = "b"
	_, err = onboarding.CancellationFromRecord(r)
	add(err)
	st := memstore.NewOnboardingStore()
	s, err := onboarding.NewService(st, starmap.FixedClock(now), onboarding.WithLeaving(tasks{}, codeKey))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartCancellation(ctx, holder, money("1"), "123456", time.Hour); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.StartCancellation(ctx, holder, money("1"), "123456", time.Hour)
	add(err)
	bare, _ := onboarding.NewService(st, starmap.FixedClock(now))
	_, err = bare.CheckClose(ctx, holder, money("1"))
	add(err)
	signed := creator(onboarding.Douyin, 1, true)
	signed.AccountID = "acct-1"
	_, _, err = bare.Submit(ctx, starmap.CreatorActor("acct-1"), "app-9", onboarding.Submission{Kind: onboarding.KindCreator, Creator: signed})
	add(err)

	// The reshaped service: options, reads, queries, bounds (issues 10, 11).
	_, err = onboarding.NewService(st, starmap.FixedClock(now), nil)
	add(err)
	_, err = onboarding.NewService(st, starmap.FixedClock(now), onboarding.WithCalendar(nil))
	add(err)
	_, err = onboarding.NewService(st, starmap.FixedClock(now), onboarding.WithLeaving(nil, codeKey))
	add(err)
	_, err = onboarding.NewService(st, starmap.FixedClock(now), onboarding.WithLeaving(tasks{}, nil))
	add(err)
	_, err = onboarding.NewService(st, starmap.FixedClock(now), onboarding.WithSigningVerifier(nil))
	add(err)
	_, _, err = (&onboarding.Service{}).Approve(ctx, reviewer, "app-1")
	add(err)
	_, err = s.Get(ctx, starmap.CreatorActor("acct-2"), "app-1")
	add(err)
	_, err = s.GetCancellation(ctx, starmap.AdvertiserActor("b"), "a")
	add(err)
	_, err = s.List(ctx, reviewer, onboarding.ApplicationQuery{State: 9, Kind: 9})
	add(err)
	_, err = s.List(ctx, reviewer, onboarding.ApplicationQuery{Kind: 9})
	add(err)
	_, err = s.List(ctx, reviewer, onboarding.ApplicationQuery{Subject: "a b"})
	add(err)
	_, err = s.ListCancellations(ctx, reviewer, onboarding.CancellationQuery{State: 9})
	add(err)
	_, err = onboarding.PlanClose("a", nil, money(strings.Repeat("9", 40)))
	add(err)
	_, err = onboarding.PlanClose("a", nil, money("0.001"))
	add(err)
	_, err = onboarding.PlanClose("a", []onboarding.RunningTask{{ID: "t-1", State: "\x00"}}, money("1"))
	add(err)
	_, err = onboarding.PlanClose("a", []onboarding.RunningTask{{ID: "t 1"}}, money("1"))
	add(err)
	_, err = submitted(t, now, 1).Reject(reviewer, now, []string{"\xff"})
	add(err)
	late := submitted(t, time.Date(9999, 12, 31, 10, 0, 0, 0, starmap.CST()), 200000)
	_, err = late.Approve(reviewer, time.Date(9999, 12, 31, 10, 0, 0, 0, starmap.CST()), p, cal)
	add(err)
	_, _, err = onboarding.StartCancellation(holder, now, plan, "123456", 48*time.Hour, codeKey)
	add(err)

	// Service.Review stores zh-CN reasons.
	if _, _, err := s.Submit(ctx, starmap.CreatorActor("acct-1"), "app-1", onboarding.Submission{Kind: onboarding.KindCreator,
		Creator: onboarding.Applicant{Platform: onboarding.Douyin, AccountID: "acct-1", Followers: -5, Standing: 9}}); err != nil {
		t.Fatal(err)
	}
	reviewed, _, err := s.Review(ctx, reviewer, "app-1")
	if err != nil || len(reviewed.Reasons()) < 2 {
		t.Fatalf("review: %v %v", err, reviewed)
	}
	var texts []string
	for _, e := range errs {
		if len(starmap.Codes(e)) == 0 {
			t.Fatalf("uncoded error %v", e)
		}
		texts = append(texts, starmap.Message(e, starmap.ZH))
	}
	texts = append(texts, reviewed.Reasons()...)

	// The ids this test uses, and the keys of the policy text form (literal
	// syntax a reader must type, named by the policy errors).
	ids := []string{"acct-1", "app-1", "app-9", "mcn-1", "seed-000-2023", "t-1"}
	for _, l := range strings.Split(onboarding.Policy2023().Text(), "\n") {
		if k, _, ok := strings.Cut(l, " = "); ok {
			ids = append(ids, k)
		}
	}
	allowed := append(ids, zhAllowed...)
	for _, m := range texts {
		if w := kit.EnglishWords(m, allowed...); len(w) > 0 {
			t.Errorf("English words %q in zh-CN message %q", w, m)
		}
	}
	if len(texts) < 60 {
		t.Fatalf("only %d messages checked", len(texts))
	}
	var e *starmap.Error
	if !errors.As(errs[0], &e) {
		t.Fatal("not a rule error")
	}
}

// TestMessagesFilled: every reason the checks raise renders in both
// languages with every placeholder filled.
func TestMessagesFilled(t *testing.T) {
	var errs []*starmap.Error
	p := hostPolicy()
	errs = append(errs, onboarding.CheckCreator(p, onboarding.Applicant{Platform: 9, Followers: -1, MCN: "a b"}).Reasons...)
	errs = append(errs, onboarding.CheckCreator(onboarding.Policy2022(), withStanding(creator(onboarding.Douyin, 5, false), onboarding.StandingViolation)).Reasons...)
	errs = append(errs, onboarding.CheckCreator(p, withStanding(creator(onboarding.Toutiao, 5, false), onboarding.StandingRateLimited)).Reasons...)
	young := onboarding.Agency{ID: "m", Founded: d(2026, 1, 1), FollowerVolume: 1,
		Approval: onboarding.SpecialApproval{By: starmap.MCNActor("m"), On: d(2027, 1, 1)}}
	errs = append(errs, onboarding.CheckAgency(d(2026, 6, 1), p, young).Reasons...)
	errs = append(errs, onboarding.CheckAgency(d(2026, 6, 1), onboarding.Policy2023(), onboarding.Agency{Founded: d(2027, 1, 1)}).Reasons...)
	errs = append(errs, onboarding.CheckMerchant(onboarding.Merchant{Kind: onboarding.MerchantIndividual}).Reasons...)
	if len(errs) < 20 {
		t.Fatalf("only %d reasons collected", len(errs))
	}
	for _, e := range errs {
		for _, lang := range []starmap.Lang{starmap.ZH, starmap.EN} {
			if m := e.Message(lang); strings.ContainsAny(m, "{}") || m == "" {
				t.Errorf("%s: unfilled message %q", e.Code(), m)
			}
		}
		if !strings.HasPrefix(string(e.Code()), "onboarding.") {
			t.Errorf("code %s", e.Code())
		}
	}
}
