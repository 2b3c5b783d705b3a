package onboarding_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// FuzzPlanClose: any balance is either refunded exactly as given — within
// starmap.CheckAmount's bound, not negative — or refused with a coded
// ErrBalanceInvalid in a short message; never a panic (X-4, ONB-8).
func FuzzPlanClose(f *testing.F) {
	for _, s := range []string{"0", "0.01", "1280.50", starmap.MaxAmountText, "1e30", "1e15", "-0.01", "10.005", "1e-30", "-0", "999999999999999.995"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bal, err := decimal.NewFromString(s)
		if err != nil {
			t.Skip()
		}
		plan, err := onboarding.PlanClose("adv-1", nil, bal)
		if err != nil {
			if !errors.Is(err, onboarding.ErrBalanceInvalid) || len(err.Error()) > 1000 {
				t.Fatalf("balance %q: %v", s, err)
			}
			if starmap.CheckAmount(bal) == nil && bal.Sign() >= 0 {
				t.Fatalf("a valid balance %q refused: %v", s, err)
			}
			return
		}
		if starmap.CheckAmount(bal) != nil || bal.Sign() < 0 || !plan.Refund.Equal(bal) {
			t.Fatalf("balance %q accepted as %s", s, plan.Refund)
		}
	})
}

// FuzzRejectReason: any reason is either stored trimmed — valid UTF-8, no
// control characters but line breaks and tabs, at most 1,000 characters —
// or refused with a coded error and the application unchanged.
func FuzzRejectReason(f *testing.F) {
	for _, s := range []string{"资料不全", " 头像违规 ", "", "a\nb", "a\x00b", "\xff", "a\u202eb", strings.Repeat("理", 1001)} {
		f.Add(s)
	}
	now := at(2026, 11, 20, 10)
	f.Fuzz(func(t *testing.T, s string) {
		a, _, err := onboarding.Submit(starmap.CreatorActor("acct-1"), now, "app-1", creatorSubmission(1))
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.Reject(reviewer, now, []string{s})
		if err != nil {
			if len(starmap.Codes(err)) == 0 || a.State() != onboarding.StateSubmitted || len(a.History()) != 1 {
				t.Fatalf("reason %q: %v, state %s", s, err, a.State())
			}
			return
		}
		got := a.Reasons()
		if len(got) != 1 || got[0] != strings.TrimSpace(s) || !utf8.ValidString(got[0]) || utf8.RuneCountInString(s) > starmap.TextNote.MaxRunes() {
			t.Fatalf("reason %q stored as %q", s, got)
		}
		for _, r := range got[0] {
			if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
				t.Fatalf("reason %q stored with control character %U", s, r)
			}
		}
	})
}

// FuzzEnterCode: any typed code either verifies (the right one), is
// counted as wrong (4 to 8 digits), or is refused without a change; never
// a panic (ONB-8).
func FuzzEnterCode(f *testing.F) {
	for _, s := range []string{"482913", "000000", "", "12a4", "１２３４", "123456789", "\xff\xff\xff\xff"} {
		f.Add(s)
	}
	holder := starmap.AdvertiserActor("adv-1")
	now := at(2026, 11, 20, 10)
	plan, _ := onboarding.PlanClose("adv-1", nil, money("1"))
	f.Fuzz(func(t *testing.T, code string) {
		c, _, err := onboarding.StartCancellation(holder, now, plan, "482913", time.Hour, codeKey)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.EnterCode(holder, now, code, codeKey)
		digits := len(code) >= 4 && len(code) <= 8 && strings.Trim(code, "0123456789") == ""
		switch {
		case code == "482913":
			if err != nil || c.State() != onboarding.CancelUnderReview {
				t.Fatalf("the right code: %v", err)
			}
		case digits:
			if !errors.Is(err, onboarding.ErrCodeWrong) || c.Record().Attempts != 1 {
				t.Fatalf("code %q: %v, %d tries", code, err, c.Record().Attempts)
			}
		default:
			if !errors.Is(err, onboarding.ErrCancellationInvalid) || len(c.History()) != 1 || c.Record().Attempts != 0 {
				t.Fatalf("code %q: %v, %d tries", code, err, c.Record().Attempts)
			}
		}
	})
}
