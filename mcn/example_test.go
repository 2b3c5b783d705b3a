package mcn_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// An MCN proposes a signing, the creator accepts it; from its first day
// the MCN's terms are in force: the onboarding MCN route (ONB-3) sees the
// signing, task's lookup names the MCN, and a task ordered then keeps
// the MCN's share (TSK-5).
func ExampleService() {
	ctx := context.Background()
	clock := starmap.NewManualClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()))
	svc, err := mcn.NewService(memstore.NewMCNStore(), clock)
	if err != nil {
		panic(err)
	}
	agency, creator := starmap.MCNActor("mcn-a"), starmap.CreatorActor("c-1")
	p := mcn.Proposal{
		ID: "s1", Creator: "c-1",
		Accounts: []mcn.Account{{Platform: onboarding.Douyin, ID: "dy-42"}},
		Start:    starmap.MustDate(2026, 3, 3), End: starmap.MustDate(2027, 3, 2),
		ShareBP: 2000, Exclusive: true,
	}
	s, evs, err := svc.Propose(ctx, agency, p)
	fmt.Println(s.State.Label(starmap.ZH), evs[0].Type, evs[0].Subject, err)
	s, evs, err = svc.Accept(ctx, creator, s.Key())
	fmt.Println(s.State.Label(starmap.ZH), evs[0].Type, err)

	clock.AdvanceDays(1) // the term's first day
	ok, _ := svc.Signed(ctx, "mcn-a", onboarding.Douyin, "dy-42")
	who, _ := svc.SignedMCN(ctx, "c-1")
	terms, inForce, _ := svc.TermsAt(ctx, "c-1", clock.Now())
	fmt.Println(ok, who, inForce, terms.ShareBP, terms.ShareOf(decimal.RequireFromString("1000.00")).StringFixed(2))
	// Output:
	// 待确认 mcn.signing_proposed c-1/s1 <nil>
	// 生效中 mcn.signing_accepted <nil>
	// true mcn-a true 2000 200.00
}

// Under the default policy a creator holds one active signing: a second
// MCN's offer overlapping it is refused with its code and the platform's
// own words.
func ExampleService_Propose_overlap() {
	ctx := context.Background()
	svc, _ := mcn.NewService(memstore.NewMCNStore(), starmap.FixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())))
	p := mcn.Proposal{ID: "s1", Creator: "c-1", Accounts: []mcn.Account{{Platform: onboarding.Douyin, ID: "dy-42"}},
		Start: starmap.MustDate(2026, 3, 3), End: starmap.MustDate(2026, 12, 31), ShareBP: 2000}
	svc.Propose(ctx, starmap.MCNActor("mcn-a"), p)
	svc.Accept(ctx, starmap.CreatorActor("c-1"), mcn.Key{Creator: "c-1", Signing: "s1"})

	p.ID, p.Start = "s2", starmap.MustDate(2026, 6, 1)
	_, _, err := svc.Propose(ctx, starmap.MCNActor("mcn-b"), p)
	fmt.Println(starmap.Codes(err))
	fmt.Println(starmap.Message(err, starmap.ZH))
	// Output:
	// [mcn.signing.term_overlap]
	// 签约期限2026-06-01至2026-12-31与达人的签约s1(生效中,2026-03-03至2026-12-31)重叠
}

// Before an MCN claims or accepts a task for a creator (X-7), the host
// or package task asks MayActFor; after the signing ended, the MCN may no
// longer act, though tasks ordered while it was in force keep its terms.
func ExampleMayActFor() {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	b, _ := mcn.NewBook("c-1")
	p := mcn.Proposal{ID: "s1", Creator: "c-1", Accounts: []mcn.Account{{Platform: onboarding.Douyin, ID: "dy-42"}},
		Start: starmap.MustDate(2026, 3, 2), End: starmap.MustDate(2026, 12, 31), ShareBP: 1500}
	b.Propose(starmap.MCNActor("mcn-a"), t0, p, mcn.DefaultPolicy())
	b.Accept(starmap.CreatorActor("c-1"), t0, "s1", mcn.DefaultPolicy())
	ordered := t0.Add(time.Hour)
	b.End(starmap.CreatorActor("c-1"), t0.AddDate(0, 1, 0), "s1", "转签其他机构")

	fmt.Println(mcn.MayActFor(ordered, b.Signings(), "mcn-a", "c-1"))
	err := mcn.MayActFor(t0.AddDate(0, 2, 0), b.Signings(), "mcn-a", "c-1")
	fmt.Println(starmap.Message(err, starmap.ZH))
	terms, ok := b.TermsAt(ordered)
	fmt.Println(terms.MCN, terms.ShareBP, ok)
	// Output:
	// <nil>
	// MCN机构mcn-a与达人c-1的签约s1当前为已结束,不能代达人操作
	// mcn-a 1500 true
}

// The sweep ends every signing whose term is over, at the first instant
// after its last day, whenever it runs.
func ExampleService_Expire() {
	ctx := context.Background()
	clock := starmap.NewManualClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()))
	svc, _ := mcn.NewService(memstore.NewMCNStore(), clock)
	p := mcn.Proposal{ID: "s1", Creator: "c-1", Accounts: []mcn.Account{{Platform: onboarding.Douyin, ID: "dy-42"}},
		Start: starmap.MustDate(2026, 3, 2), End: starmap.MustDate(2026, 3, 31), ShareBP: 1000}
	svc.Propose(ctx, starmap.MCNActor("mcn-a"), p)
	svc.Accept(ctx, starmap.CreatorActor("c-1"), p.Key())

	clock.Set(time.Date(2026, 4, 3, 2, 0, 0, 0, starmap.CST())) // the sweep runs late
	evs, _ := svc.Expire(ctx, starmap.PlatformActor("scheduler"))
	signings, _ := svc.Signings(ctx, starmap.CreatorActor("c-1"), "c-1")
	fmt.Println(len(evs), evs[0].Type, signings[0].State, signings[0].ClosedAt.Format(time.DateTime))
	// Output:
	// 1 mcn.signing_expired ended 2026-04-01 00:00:00
}

// An MCN's earnings for a month reconcile with the ledger's entries to
// the fen: opening, every entry, totals by kind, closing.
func ExampleBuildStatement() {
	march, _ := mcn.MonthPeriod(2026, time.March)
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, starmap.CST())
	yuan := decimal.RequireFromString
	st, err := mcn.BuildStatement("mcn-a", march, yuan("500.00"), []mcn.Entry{
		{ID: "e1", Party: "mcn-a", Kind: mcn.EntryShare, Amount: yuan("200.00"), Task: "t-1", Creator: "c-1", At: at},
		{ID: "e2", Party: "mcn-a", Kind: mcn.EntryShare, Amount: yuan("33.33"), Task: "t-2", Creator: "c-2", At: at},
		{ID: "e3", Party: "mcn-a", Kind: mcn.EntryReversal, Amount: yuan("-33.33"), Task: "t-2", Creator: "c-2", At: at.Add(time.Hour)},
		{ID: "e4", Party: "mcn-a", Kind: mcn.EntryWithdrawal, Amount: yuan("-600.00"), At: at.Add(48 * time.Hour)},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("opening", st.Opening.StringFixed(2))
	for _, k := range st.ByKind {
		fmt.Println(k.Kind.Label(starmap.ZH), k.Total.StringFixed(2))
	}
	fmt.Println("closing", st.Closing.StringFixed(2), st.Reconcile())
	// Output:
	// opening 500.00
	// MCN分成 233.33
	// 分成冲回 -33.33
	// 提现 -600.00
	// 平台调整 0.00
	// closing 100.00 <nil>
}
