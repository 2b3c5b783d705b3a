package mcn_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/onboarding"
)

// Hostile inputs, by kind. Each must be refused with a coded error.
var (
	huge = strings.Repeat("a", 1<<20) // 1 MiB

	badIDs = []string{
		"", " ", "\t", huge, "\xff\xfe", "c\x00", "c\x1b[31m", "c-1\u200b", "c-1\u200d", "\u202ec-1",
		"\ufeffc-1", "c-1\u00ad", "c-1\U000E0041", "c:1", "c/1", "c|1", "c 1", "c\n1", strings.Repeat("长", 43),
	}

	badActors = []starmap.Actor{
		{}, starmap.MCNActor(""), starmap.MCNActor(huge), starmap.MCNActor("m\u200b"), starmap.MCNActor("m/1"),
		starmap.CreatorActor(""), starmap.CreatorActor("c\u202e"), starmap.PlatformActor(""), starmap.SubAccountActor("", "x"),
	}

	badReasons = []string{huge, strings.Repeat("理", 1001), "a\x00b", "a\x1bb", "a\x7fb", "\xff", "a\u202eb", "a\u2066b", "a\u200fb"}
)

// badProposals are proposals with one hostile field each (and the zero
// one), every one refused whatever the book holds.
func badProposals() []mcn.Proposal {
	out := []mcn.Proposal{{}}
	w := func(f func(*mcn.Proposal)) { out = append(out, with(prop("s1"), f)) }
	for _, id := range badIDs {
		w(func(p *mcn.Proposal) { p.ID = id })
		w(func(p *mcn.Proposal) { p.Creator = id })
		w(func(p *mcn.Proposal) { p.Accounts[0].ID = id })
	}
	for _, bp := range []int{-1, 10001, math.MaxInt, math.MinInt} {
		w(func(p *mcn.Proposal) { p.ShareBP = bp })
	}
	for _, pl := range []onboarding.Platform{0, 5, 255} {
		w(func(p *mcn.Proposal) { p.Accounts[0].Platform = pl })
	}
	w(func(p *mcn.Proposal) { p.Accounts = nil })
	w(func(p *mcn.Proposal) { p.Accounts = make([]mcn.Account, 10000) })
	w(func(p *mcn.Proposal) { p.Accounts = append(p.Accounts, p.Accounts[0]) })
	w(func(p *mcn.Proposal) { p.Start = starmap.Date{} })
	w(func(p *mcn.Proposal) { p.End = starmap.Date{} })
	w(func(p *mcn.Proposal) { p.Start = starmap.MinDate() })
	w(func(p *mcn.Proposal) { p.Start, p.End = starmap.MaxDate(), d(5) })
	w(func(p *mcn.Proposal) { p.End = starmap.MinDate() })
	return out
}

// TestAdversarial_X5 calls every exported constructor, aggregate method,
// pure rule and Service method with zero, nil, huge and malformed
// arguments (X-5, issue 11): each call returns a coded error, changes
// nothing — the store and the book are as they were — and never panics.
// It counts the calls it makes.
func TestAdversarial_X5(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, mcn.WithTaskSource(&tasks{}), mcn.WithLedger(&ledger{}))
	f.sign(t, mcnA, prop("s1"))
	if _, _, err := f.svc.Propose(ctx, mcnB, with(prop("s2"), func(p *mcn.Proposal) { p.Start, p.End = d(400), d(500) })); err != nil {
		t.Fatal(err)
	}
	snapshot := func() starmap.Page[mcn.Record] {
		p, err := f.store.List(ctx, mcn.Query{PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := snapshot()
	book := func() *mcn.Book {
		b, err := f.svc.Book(ctx, ops, "c-1")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	calls := 0
	refuse := func(name string, call func() error) {
		t.Helper()
		calls++
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s panicked: %v", name, r)
				}
			}()
			err = call()
		}()
		if err == nil {
			t.Errorf("%s: accepted", name)
			return
		}
		if len(starmap.Codes(err)) == 0 {
			t.Errorf("%s: an uncoded error %v", name, err)
		}
	}
	// onBook runs an aggregate method on a fresh copy of c-1's book and
	// checks the copy did not change.
	onBook := func(name string, call func(b *mcn.Book) error) {
		t.Helper()
		b := book()
		r := b.Record()
		refuse(name, func() error { return call(b) })
		if d := cmp.Diff(r, b.Record(), dateCmp, actorCmp); d != "" {
			t.Errorf("%s changed the book:\n%s", name, d)
		}
	}
	ev := func(_ []starmap.Event, err error) error { return err }
	sg := func(_ mcn.Signing, _ []starmap.Event, err error) error { return err }
	k := mcn.Key{Creator: "c-1", Signing: "s1"}
	def := mcn.DefaultPolicy()

	// Proposals: aggregate and Service.
	for _, p := range badProposals() {
		onBook("Book.Propose", func(b *mcn.Book) error { return ev(b.Propose(mcnB, t0, p, def)) })
		refuse("Service.Propose", func() error { return sg(f.svc.Propose(ctx, mcnB, p)) })
		refuse("Proposal.Validate", func() error { return p.Validate(day0) })
	}
	// Actors on every command.
	for _, a := range badActors {
		p := with(prop("s3"), func(p *mcn.Proposal) { p.Start, p.End = d(600), d(700) })
		onBook("Book.Propose actor", func(b *mcn.Book) error { return ev(b.Propose(a, t0, p, def)) })
		onBook("Book.Accept actor", func(b *mcn.Book) error { return ev(b.Accept(a, t0, "s2", def)) })
		onBook("Book.Decline actor", func(b *mcn.Book) error { return ev(b.Decline(a, t0, "s2", "")) })
		onBook("Book.Withdraw actor", func(b *mcn.Book) error { return ev(b.Withdraw(a, t0, "s2", "")) })
		onBook("Book.End actor", func(b *mcn.Book) error { return ev(b.End(a, t0, "s1", "理由")) })
		onBook("Book.Expire actor", func(b *mcn.Book) error { return ev(b.Expire(a, at(1000))) })
		refuse("Service.Propose actor", func() error { return sg(f.svc.Propose(ctx, a, p)) })
		refuse("Service.Accept actor", func() error { return sg(f.svc.Accept(ctx, a, k)) })
		refuse("Service.Decline actor", func() error { return sg(f.svc.Decline(ctx, a, k, "")) })
		refuse("Service.Withdraw actor", func() error { return sg(f.svc.Withdraw(ctx, a, k, "")) })
		refuse("Service.End actor", func() error { return sg(f.svc.End(ctx, a, k, "理由")) })
		refuse("Service.Expire actor", func() error { _, err := f.svc.Expire(ctx, a); return err })
		refuse("Service.Book actor", func() error { _, err := f.svc.Book(ctx, a, "c-1"); return err })
		refuse("Service.Signings actor", func() error { _, err := f.svc.Signings(ctx, a, "c-1"); return err })
		refuse("Service.SignedCreators actor", func() error {
			_, err := f.svc.SignedCreators(ctx, a, "mcn-a", starmap.PageRequest{})
			return err
		})
		refuse("Service.Orders actor", func() error { _, err := f.svc.Orders(ctx, a, "mcn-a", mcn.OrderQuery{}); return err })
		refuse("Service.Earnings actor", func() error {
			_, err := f.svc.Earnings(ctx, a, "mcn-a", mcn.Period{From: day0, To: day0})
			return err
		})
	}
	// Ids in every place one goes.
	for _, id := range badIDs {
		refuse("NewBook", func() error { _, err := mcn.NewBook(id); return err })
		if id != "c/1" { // c/1 is the key of signing 1 of creator c
			refuse("ParseKey", func() error { _, err := mcn.ParseKey(id); return err })
		}
		refuse("ParseKey creator", func() error { _, err := mcn.ParseKey(id + "/s1"); return err })
		refuse("ParseKey signing", func() error { _, err := mcn.ParseKey("c-1/" + id); return err })
		refuse("MayActFor mcn", func() error { return mcn.MayActFor(at(1), book().Signings(), id, "c-1") })
		refuse("MayActFor creator", func() error { return mcn.MayActFor(at(1), book().Signings(), "mcn-a", id) })
		refuse("BuildStatement mcn", func() error {
			_, err := mcn.BuildStatement(id, mcn.Period{From: day0, To: day0}, decimal.Zero, nil)
			return err
		})
		onBook("Book.Accept id", func(b *mcn.Book) error { return ev(b.Accept(creator1, t0, id, def)) })
		onBook("Book.End id", func(b *mcn.Book) error { return ev(b.End(mcnA, t0, id, "理由")) })
		for _, key := range []mcn.Key{{Creator: id, Signing: "s1"}, {Creator: "c-1", Signing: id}} {
			refuse("Service.Accept key", func() error { return sg(f.svc.Accept(ctx, creator1, key)) })
			refuse("Service.Decline key", func() error { return sg(f.svc.Decline(ctx, creator1, key, "")) })
			refuse("Service.Withdraw key", func() error { return sg(f.svc.Withdraw(ctx, mcnA, key, "")) })
			refuse("Service.End key", func() error { return sg(f.svc.End(ctx, ops, key, "理由")) })
		}
		refuse("Service.Book id", func() error { _, err := f.svc.Book(ctx, ops, id); return err })
		refuse("Service.Signings id", func() error { _, err := f.svc.Signings(ctx, ops, id); return err })
		refuse("Service.TermsAt id", func() error { _, _, err := f.svc.TermsAt(ctx, id, t0); return err })
		refuse("Service.SignedMCN id", func() error { _, err := f.svc.SignedMCN(ctx, id); return err })
		refuse("Service.MayActFor mcn", func() error { return f.svc.MayActFor(ctx, id, "c-1") })
		refuse("Service.MayActFor creator", func() error { return f.svc.MayActFor(ctx, "mcn-a", id) })
		refuse("Service.Signed mcn", func() error { _, err := f.svc.Signed(ctx, id, onboarding.Douyin, "dy-c1"); return err })
		refuse("Service.Signed account", func() error { _, err := f.svc.Signed(ctx, "mcn-a", onboarding.Douyin, id); return err })
		refuse("Service.SignedCreators mcn", func() error {
			_, err := f.svc.SignedCreators(ctx, ops, id, starmap.PageRequest{})
			return err
		})
		refuse("Service.Orders mcn", func() error { _, err := f.svc.Orders(ctx, ops, id, mcn.OrderQuery{}); return err })
		if id != "" { // "" asks for every creator's orders
			refuse("Service.Orders creator", func() error {
				_, err := f.svc.Orders(ctx, mcnA, "mcn-a", mcn.OrderQuery{Creator: id})
				return err
			})
		}
		refuse("Service.Earnings mcn", func() error {
			_, err := f.svc.Earnings(ctx, ops, id, mcn.Period{From: day0, To: day0})
			return err
		})
		if id != "" { // "" is no filter
			refuse("Query.Validate mcn", func() error { return mcn.Query{MCN: id}.Validate() })
			refuse("Query.Validate account", func() error {
				return mcn.Query{Account: mcn.Account{Platform: onboarding.Douyin, ID: id}}.Validate()
			})
		}
	}
	// Free text.
	for _, r := range badReasons {
		onBook("Book.End reason", func(b *mcn.Book) error { return ev(b.End(mcnA, t0, "s1", r)) })
		onBook("Book.Decline reason", func(b *mcn.Book) error { return ev(b.Decline(creator1, t0, "s2", r)) })
		onBook("Book.Withdraw reason", func(b *mcn.Book) error { return ev(b.Withdraw(mcnB, t0, "s2", r)) })
		refuse("Service.End reason", func() error { return sg(f.svc.End(ctx, mcnA, k, r)) })
		refuse("Service.Decline reason", func() error {
			return sg(f.svc.Decline(ctx, creator1, mcn.Key{Creator: "c-1", Signing: "s2"}, r))
		})
		refuse("Service.Withdraw reason", func() error {
			return sg(f.svc.Withdraw(ctx, mcnB, mcn.Key{Creator: "c-1", Signing: "s2"}, r))
		})
	}
	onBook("Book.End blank reason", func(b *mcn.Book) error { return ev(b.End(mcnA, t0, "s1", "")) })
	// Pages, cursors, filters.
	for _, page := range []starmap.PageRequest{{Limit: -1}, {Limit: math.MinInt}, {Cursor: "%%%"}, {Cursor: huge}, {Cursor: starmap.EncodeCursor("a", "b")}} {
		refuse("Service.SignedCreators page", func() error { _, err := f.svc.SignedCreators(ctx, mcnA, "mcn-a", page); return err })
		refuse("ReadCursor", func() error {
			if page.Cursor == "" {
				return page.Validate()
			}
			_, err := mcn.ReadCursor(page.Cursor)
			return err
		})
		refuse("MCNStore.List page", func() error { _, err := f.store.List(ctx, mcn.Query{PageRequest: page}); return err })
		if page.Limit < 0 {
			refuse("Service.Orders page", func() error {
				_, err := f.svc.Orders(ctx, mcnA, "mcn-a", mcn.OrderQuery{PageRequest: page})
				return err
			})
		}
	}
	for _, q := range []mcn.Query{{State: 9}, {State: 255}, {Account: mcn.Account{Platform: 9, ID: "x"}}, {Account: mcn.Account{ID: "x"}}} {
		refuse("Query.Validate", q.Validate)
	}
	// Periods, amounts and entries.
	march, _ := mcn.MonthPeriod(2026, time.March)
	from, _ := march.Bounds()
	for _, p := range []mcn.Period{{}, {From: day0}, {To: day0}, {From: d(1), To: d(0)}, {From: starmap.MaxDate(), To: starmap.MinDate()}} {
		refuse("Period.Validate", p.Validate)
		refuse("BuildStatement period", func() error { _, err := mcn.BuildStatement("mcn-a", p, decimal.Zero, nil); return err })
		refuse("Service.Earnings period", func() error { _, err := f.svc.Earnings(ctx, mcnA, "mcn-a", p); return err })
	}
	for _, y := range [][2]int{{0, 1}, {10000, 1}, {2026, 0}, {2026, 13}, {math.MinInt, 1}} {
		refuse("MonthPeriod", func() error { _, err := mcn.MonthPeriod(y[0], time.Month(y[1])); return err })
	}
	amounts := []decimal.Decimal{
		decimal.RequireFromString("1e16"), decimal.RequireFromString("-1e16"), decimal.RequireFromString("0.001"),
		decimal.New(1, 100000), decimal.New(1, -100000), decimal.RequireFromString(strings.Repeat("9", 1000)),
	}
	for _, a := range amounts {
		refuse("BuildStatement opening", func() error { _, err := mcn.BuildStatement("mcn-a", march, a, nil); return err })
		for _, k := range mcn.EntryKinds() {
			e := mcn.Entry{ID: "e1", Party: "mcn-a", Kind: k, Amount: a, Task: "t-1", Creator: "c-1", At: from}
			refuse("BuildStatement amount", func() error { _, err := mcn.BuildStatement("mcn-a", march, decimal.Zero, []mcn.Entry{e}); return err })
		}
	}
	for _, e := range []mcn.Entry{{}, {ID: "e1", Party: "mcn-a", Kind: 9, Amount: money("1"), At: from},
		{ID: "e1", Party: "mcn-a", Kind: mcn.EntryShare, Amount: money("1"), At: time.Time{}},
		{ID: "e1", Party: "mcn-a", Kind: mcn.EntryShare, Amount: money("1"), At: from}, // no task
		{ID: huge, Party: "mcn-a", Kind: mcn.EntryAdjustment, Amount: money("1"), At: from}} {
		refuse("BuildStatement entry", func() error { _, err := mcn.BuildStatement("mcn-a", march, decimal.Zero, []mcn.Entry{e}); return err })
	}
	// Records that no Book produced.
	for _, r := range []mcn.Record{{}, {Creator: huge}, {Creator: "c-1", Signings: []mcn.Signing{{}}},
		{Creator: "c-1", History: []mcn.Change{{}}}} {
		refuse("FromRecord", func() error { _, err := mcn.FromRecord(r); return err })
	}
	// Constructors and the zero service.
	refuse("NewService nil", func() error { _, err := mcn.NewService(nil, nil); return err })
	refuse("NewService nil option", func() error { _, err := mcn.NewService(f.store, f.clock, nil); return err })
	for name, err := range everyMethod(&mcn.Service{}) {
		refuse("zero Service."+name, func() error { return err })
	}

	if d := cmp.Diff(before, snapshot(), dateCmp, actorCmp); d != "" {
		t.Errorf("the hostile calls changed the store:\n%s", d)
	}
	t.Logf("X-5: %d hostile calls, each refused with a coded error, nothing changed", calls)
	if calls < 500 {
		t.Errorf("only %d hostile calls", calls)
	}
}
