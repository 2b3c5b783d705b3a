package onboarding_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

var (
	reviewer = starmap.PlatformActor("reviewer-1")
	cal      = starmap.ChinaCalendar()
)

func at(y int, m time.Month, dd, h int) time.Time {
	return time.Date(y, m, dd, h, 0, 0, 0, starmap.CST())
}

func creatorSubmission(followers int64) onboarding.Submission {
	return onboarding.Submission{Kind: onboarding.KindCreator, Creator: creator(onboarding.Douyin, followers, false)}
}

func submitted(t *testing.T, now time.Time, followers int64) *onboarding.Application {
	t.Helper()
	a, ev, err := onboarding.Submit(starmap.CreatorActor("acct-1"), now, "app-1", creatorSubmission(followers))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != "onboarding.application_submitted" || ev.To != "submitted" || ev.From != "none" {
		t.Fatalf("event %+v", ev)
	}
	return a
}

func creator(pl onboarding.Platform, followers int64, signed bool) onboarding.Applicant {
	a := onboarding.Applicant{Platform: pl, AccountID: "acct-1", Followers: followers, Standing: onboarding.StandingNormal}
	if signed {
		a.MCN = "mcn-1"
	}
	return a
}

func withStanding(a onboarding.Applicant, s onboarding.Standing) onboarding.Applicant {
	a.Standing = s
	return a
}

func codesOrNil(d onboarding.Decision) []starmap.Code {
	if len(d.Reasons) == 0 {
		return nil
	}
	return d.Codes()
}

var d = starmap.MustDate

func hostPolicy() onboarding.Policy {
	p := onboarding.Policy2023()
	p.Name = "host"
	p.Agency.MinFollowerVolume = onboarding.FigureOf(1000000)
	return p
}

func goodAgency(founded starmap.Date) onboarding.Agency {
	return onboarding.Agency{ID: "mcn-1", Founded: founded, Qualified: true, Creators: 5,
		FollowerVolume: 1000000, OperatingCapability: true}
}

type tasks map[string][]onboarding.RunningTask

func (t tasks) RunningTasks(_ context.Context, account string) ([]onboarding.RunningTask, error) {
	if account == "broken" {
		return nil, errors.New("task store down")
	}
	return t[account], nil
}

// codeKey is the host's code key in these tests.
var codeKey = []byte("test-code-key-0123456789")

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func itoa(n int) string { return starmap.Arg("", n).Value }

func newService(t *testing.T, clock starmap.Clock, p onboarding.Policy) (*onboarding.Service, onboarding.Store) {
	t.Helper()
	st := memstore.NewOnboardingStore()
	s, err := onboarding.NewService(st, clock, onboarding.WithPolicy(p))
	if err != nil {
		t.Fatal(err)
	}
	return s, st
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

// leavingService is a Service over a fresh memstore with account
// cancellation enabled (WithLeaving) and the given options.
func leavingService(t *testing.T, clock starmap.Clock, lister onboarding.TaskLister, opts ...onboarding.Option) (*onboarding.Service, *memstore.OnboardingStore) {
	t.Helper()
	st := memstore.NewOnboardingStore()
	s, err := onboarding.NewService(st, clock, append([]onboarding.Option{onboarding.WithLeaving(lister, codeKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// conflictingStore answers every update with a version conflict, as if
// another replica always wrote first, and counts the tries.
type conflictingStore struct {
	*memstore.OnboardingStore
	updates atomic.Int32
}

func (c *conflictingStore) UpdateApplication(context.Context, onboarding.ApplicationRecord) (uint64, error) {
	c.updates.Add(1)
	return 0, starmap.ErrVersionConflict.New()
}

func (c *conflictingStore) UpdateCancellation(context.Context, onboarding.CancellationRecord) (uint64, error) {
	c.updates.Add(1)
	return 0, starmap.ErrVersionConflict.New()
}

// hugeAmounts are balances beyond starmap.CheckAmount's bound or below the
// fen, with the root error each must carry (X-4, ONB-8).
func hugeAmounts() map[string]struct {
	d    decimal.Decimal
	root *starmap.Rule
} {
	return map[string]struct {
		d    decimal.Decimal
		root *starmap.Rule
	}{
		"1e30":              {decimal.New(1, 30), starmap.ErrMoneyTooLarge},
		"1e15":              {decimal.New(1, 15), starmap.ErrMoneyTooLarge},
		"100001_digits":     {money(strings.Repeat("9", 100001)), starmap.ErrMoneyTooLarge},
		"max_plus_a_fen":    {money(starmap.MaxAmountText).Add(money("0.01")), starmap.ErrMoneyTooLarge},
		"below_the_fen":     {money("10.005"), starmap.ErrMoneyTooPrecise},
		"negative":          {money("-0.01"), starmap.ErrMoneyNegative},
		"negative_and_huge": {decimal.New(-1, 40), starmap.ErrMoneyTooLarge},
	}
}

// badTexts are free-text values every field refuses (X-5, issue 11).
func badTexts() map[string]string {
	return map[string]string{
		"10MiB":         strings.Repeat("理", 10<<20/3),
		"1001_runes":    strings.Repeat("理", 1001),
		"invalid_utf8":  "理由\xff\xfe",
		"nul":           "理\x00由",
		"esc":           "理\x1b[31m由",
		"bidi_override": "理\u202e由",
	}
}
