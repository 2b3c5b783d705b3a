package mcn_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/onboarding"
)

// Values the refusals carry on purpose (ids the caller put in), removed
// before a zh-CN message is searched for English, and the platform's own
// Latin term MCN.
var putInOnPurpose = []string{"mcn-a", "mcn-b", "c-1", "c-2", "c-9", "dy-c1", "dy-c2", "s1", "s2", "s9", "t-9", "e1", "MCN"}

// refusalCases raises every refusal the package can produce, each from
// the public API as a caller would meet it.
func refusalCases(t *testing.T) []struct {
	name string
	err  error
} {
	t.Helper()
	ctx := context.Background()
	def := mcn.DefaultPolicy()
	propose := func(f func(*mcn.Proposal)) error {
		_, err := newBook(t).Propose(mcnA, t0, with(prop("s1"), f), def)
		return err
	}
	second := func(_ []starmap.Event, err error) error { return err }
	active := func() *mcn.Book { return signed(t) }
	proposed := func() *mcn.Book {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, prop("s1"), def))
		return b
	}
	record := func(f func(*mcn.Record)) error {
		r := active().Record()
		f(&r)
		_, err := mcn.FromRecord(r)
		return err
	}
	march, _ := mcn.MonthPeriod(2026, time.March)
	from, _ := march.Bounds()
	statement := func(e mcn.Entry) error {
		_, err := mcn.BuildStatement("mcn-a", march, money("0"), []mcn.Entry{e})
		return err
	}
	f := newFixture(t, mcn.WithAccountCheck(holds{}), mcn.WithTaskSource(&tasks{lie: func(ts []mcn.TaskSummary) []mcn.TaskSummary {
		return []mcn.TaskSummary{summary("t-9", "c-2", "mcn-b", mcn.TaskRunning)}
	}}))
	f.sign(t, mcnA, prop("s1"))
	bare := newFixture(t)
	many := make([]mcn.Account, mcn.MaxAccounts+1)
	for i := range many {
		many[i] = douyin(strings.Repeat("x", i+1))
	}
	ended := active()
	must(t)(ended.End(creator1, at(3), "s1", "解约"))
	expired := newBook(t)
	must(t)(expired.Propose(mcnA, t0, with(prop("s1"), func(p *mcn.Proposal) { p.End = d(3) }), def))
	must(t)(expired.Accept(creator1, t0, "s1", def))

	return []struct {
		name string
		err  error
	}{
		{"share", propose(func(p *mcn.Proposal) { p.ShareBP = 10001 })},
		{"term_missing", propose(func(p *mcn.Proposal) { p.End = starmap.Date{} })},
		{"start_in_past", propose(func(p *mcn.Proposal) { p.Start = d(-1) })},
		{"end_before_start", propose(func(p *mcn.Proposal) { p.End = d(0) })},
		{"accounts_missing", propose(func(p *mcn.Proposal) { p.Accounts = nil })},
		{"accounts_too_many", propose(func(p *mcn.Proposal) { p.Accounts = many })},
		{"account_platform", propose(func(p *mcn.Proposal) { p.Accounts[0].Platform = 9 })},
		{"account_twice", propose(func(p *mcn.Proposal) { p.Accounts = append(p.Accounts, p.Accounts[0]) })},
		{"account_id", propose(func(p *mcn.Proposal) { p.Accounts[0].ID = "dy c1" })},
		{"account_unverified", func() error {
			_, _, err := f.svc.Propose(ctx, mcnA, with(prop("s2"), func(p *mcn.Proposal) { p.Accounts = []mcn.Account{douyin("dy-c2")} }))
			return err
		}()},
		{"creator_mismatch", propose(func(p *mcn.Proposal) { p.Creator = "c-2" })},
		{"id_taken", second(active().Propose(mcnB, t0, with(prop("s1"), func(p *mcn.Proposal) { p.Start, p.End = d(400), d(401) }), def))},
		{"overlap", second(active().Propose(mcnB, t0, prop("s2"), def))},
		{"limit_reached", func() error {
			b := proposed()
			must(t)(b.Propose(mcnA, t0, prop("s2"), def))
			return second(b.Propose(mcnA, t0, prop("s9"), def))
		}()},
		{"one_active", func() error {
			b := proposed()
			must(t)(b.Propose(mcnB, t0, prop("s2"), def))
			must(t)(b.Accept(creator1, t0, "s2", def))
			return second(b.Accept(creator1, t0, "s1", def))
		}()},
		{"reason_required", second(active().End(mcnA, t0, "s1", ""))},
		{"reason_text", second(active().End(mcnA, t0, "s1", "a\x00"))},
		{"unknown", second(active().End(mcnA, t0, "s9", "理由"))},
		{"not_party", second(active().End(mcnB, t0, "s1", "理由"))},
		{"book_forbidden", func() error { _, err := f.svc.Book(ctx, creator2, "c-1"); return err }()},
		{"not_proposed", second(active().Decline(creator1, t0, "s1", ""))},
		{"not_active", second(proposed().End(creator1, t0, "s1", "理由"))},
		{"role", second(proposed().Accept(mcnA, t0, "s1", def))},
		{"not_signed", mcn.MayActFor(at(1), active().Signings(), "mcn-b", "c-1")},
		{"signing_not_active", mcn.MayActFor(at(4), ended.Signings(), "mcn-a", "c-1")},
		{"signing_expired", mcn.MayActFor(at(4), expired.Signings(), "mcn-a", "c-1")},
		{"signing_not_started", mcn.MayActFor(t0, active().Signings(), "mcn-a", "c-1")},
		{"period", func() error {
			_, err := mcn.BuildStatement("mcn-a", mcn.Period{From: d(1), To: d(0)}, money("0"), nil)
			return err
		}()},
		{"period_missing", mcn.Period{}.Validate()},
		{"entry_party", statement(mcn.Entry{ID: "e1", Party: "mcn-b", Kind: mcn.EntryAdjustment, Amount: money("1"), At: from})},
		{"entry_sign_kind_time", statement(mcn.Entry{ID: "e1", Party: "mcn-a", Kind: mcn.EntryWithdrawal, Amount: money("1"), At: from.Add(-1)})},
		{"entry_amount", statement(mcn.Entry{ID: "e1", Party: "mcn-a", Kind: mcn.EntryAdjustment, Amount: money("0.001"), At: from})},
		{"entry_kind_and_task", statement(mcn.Entry{ID: "e1", Party: "mcn-a", Kind: 0, Amount: money("1"), At: from, Task: "t 1", Creator: "c 1"})},
		{"source", func() error { _, err := f.svc.Orders(ctx, mcnA, "mcn-a", mcn.OrderQuery{}); return err }()},
		{"workspace", func() error { _, err := f.svc.Orders(ctx, mcnB, "mcn-a", mcn.OrderQuery{}); return err }()},
		{"not_configured", func() error {
			_, err := bare.svc.Earnings(ctx, mcnA, "mcn-a", march)
			return err
		}()},
		{"filter", mcn.Query{MCN: "m a", State: 9, Account: mcn.Account{Platform: 9, ID: "x"}}.Validate()},
		{"key", func() error { _, err := mcn.ParseKey("c-1|s1"); return err }()},
		{"nil_context", func() error {
			var none context.Context
			_, _, err := f.svc.TermsAt(none, "c-1", t0)
			return err
		}()},
		{"record_share", record(func(r *mcn.Record) { r.Signings[0].ShareBP = -1 })},
		{"record_creator", record(func(r *mcn.Record) { r.Creator = "" })},
		{"record_history", record(func(r *mcn.Record) { r.History[0].Signing = "s9" })},
		{"signed_platform", func() error { _, err := f.svc.Signed(ctx, "mcn-a", onboarding.Platform(0), "dy-c1"); return err }()},
		{"service_not_ready", func() error { _, err := new(mcn.Service).SignedMCN(ctx, "c-1"); return err }()},
	}
}

// TestMessagesZH: every refusal of the package, rendered in zh-CN
// with the rule errors of its causes, carries no English word beyond the
// ids put in and the platform's term MCN; in English it carries no
// Chinese. Every rule the package declares is among the refusals, so none
// escapes the check.
func TestMessagesZH(t *testing.T) {
	seen := map[starmap.Code]bool{}
	for _, tc := range refusalCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no refusal")
			}
			codes := starmap.Codes(tc.err)
			if len(codes) == 0 {
				t.Fatalf("no rule error in %v", tc.err)
			}
			for _, c := range codes {
				seen[c] = true
			}
			zh := starmap.Message(tc.err, starmap.ZH)
			if w := kit.EnglishWords(zh, slices.Concat(putInOnPurpose, []string{"UTF", "NewService"})...); len(w) > 0 {
				t.Errorf("zh-CN message has English %q:\n%s", w, zh)
			}
			if !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("zh-CN message has no Chinese: %s", zh)
			}
			if en := starmap.Message(tc.err, starmap.EN); strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("English message has Chinese: %s", en)
			}
		})
	}
	for _, r := range starmap.Rules() {
		if strings.HasPrefix(string(r.Code()), "mcn.") && !seen[r.Code()] {
			t.Errorf("rule %s is never raised above", r.Code())
		}
	}
}

// TestMessagesExact: the wording of the refusals a user meets most, in
// both languages.
func TestMessagesExact(t *testing.T) {
	b := signed(t)
	_, err := b.Propose(mcnB, t0, prop("s2"), mcn.DefaultPolicy())
	e, _ := starmap.Find(err, mcn.ErrTermOverlap)
	if got := e.Message(starmap.ZH); got != "签约期限2026-03-03至2027-03-02与达人的签约s1(生效中,2026-03-03至2027-03-02)重叠" {
		t.Errorf("zh: %s", got)
	}
	if got := e.Message(starmap.EN); got != "the term 2026-03-03 to 2027-03-02 overlaps the creator's signing s1 (Active, 2026-03-03 to 2027-03-02)" {
		t.Errorf("en: %s", got)
	}
	err = mcn.MayActFor(at(1), b.Signings(), "mcn-b", "c-1")
	if got := starmap.Message(err, starmap.ZH); got != "MCN机构mcn-b未与达人c-1签约,不能代达人操作" {
		t.Errorf("zh: %s", got)
	}
	_, err = b.End(mcnB, t0, "s1", "x")
	if got := starmap.Message(err, starmap.ZH); got != "MCN机构mcn-b不是签约s1的当事方" {
		t.Errorf("zh: %s", got)
	}
	// A hostile id is shown quoted and short, never as it is.
	_, err = mcn.ParseKey(strings.Repeat("x", 1<<20))
	if m := err.Error(); len(m) > 200 {
		t.Errorf("a 1 MiB key makes a %d-byte message", len(m))
	}
	_, err = newBook(t).Propose(mcnA, t0, with(prop("s1"), func(p *mcn.Proposal) { p.Accounts[0].ID = "dy\u200bc1" }), mcn.Policy{})
	if m := starmap.Message(err, starmap.EN); !strings.Contains(m, `"dy\u200bc1"`) {
		t.Errorf("an invisible character is not made visible: %s", m)
	}
	if !errors.Is(err, starmap.ErrInvalid) {
		t.Errorf("not of kind invalid: %v", err)
	}
}
