package authz_test

import (
	"context"
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

func date(s string) starmap.Date {
	d, _ := starmap.ParseDate(s)
	return d
}

// A creator grants a shop its all-sales data for March (AUZ-2). The end date
// is inclusive; the day after, the grant has expired. On the day before it
// was made there was no grant at all: Status answers past days from the
// grant's history.
func ExampleNewGrant() {
	creator := starmap.CreatorActor("star-42")
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST())
	g, ev, err := authz.NewGrant(creator, now, authz.MerchantParty("shop-7"), date("2026-03-01"), date("2026-03-31"), "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.Type, ev.Subject)
	for _, d := range []string{"2026-02-28", "2026-03-01", "2026-03-31", "2026-04-01"} {
		fmt.Println(d, g.Status(date(d)))
	}
	// A start in the past is refused, in the platform's words.
	_, _, err = authz.NewGrant(creator, now, authz.MerchantParty("shop-8"), date("2026-02-28"), date("2026-03-31"), "")
	fmt.Println(starmap.Message(err, starmap.ZH))
	// Output:
	// authz.grant.granted star-42→merchant:shop-7
	// 2026-02-28 none
	// 2026-03-01 authorized
	// 2026-03-31 authorized
	// 2026-04-01 expired
	// 开始日期仅支持今日及之后日期(开始 2026-02-28,今日 2026-03-01)
}

// Early renewal (提前续约, AUZ-5) on 20 March: the new period starts the next
// day, fixed by the system; the current one is closed on the day of the
// operation, so there is neither a gap nor an overlap. The end must be later
// than the current end.
func ExampleGrant_EarlyRenew() {
	creator := starmap.CreatorActor("star-42")
	g, _, _ := authz.NewGrant(creator, time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST()),
		authz.MerchantParty("shop-7"), date("2026-03-01"), date("2026-03-31"), "")
	on := time.Date(2026, 3, 20, 15, 0, 0, 0, starmap.CST())

	_, err := g.EarlyRenew(creator, on, date("2026-03-31"), "")
	fmt.Println(starmap.Codes(err))

	if _, err := g.EarlyRenew(creator, on, date("2026-06-30"), ""); err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range g.Periods() {
		fmt.Println(p, p.Origin)
	}
	fmt.Println(g.Status(date("2026-03-21")), g.Status(date("2026-06-30")), g.Status(date("2026-07-01")))
	// Output:
	// [authz.early_renew.end_not_after_current]
	// 2026-03-01..2026-03-20 grant
	// 2026-03-21..2026-06-30 early-renew
	// authorized authorized expired
}

// Renewal (续约, AUZ-6) only after the validity has ended; the start is
// chosen (today or later), and until it comes the grant is not yet valid
// (AUZ-11).
func ExampleGrant_Renew() {
	creator := starmap.CreatorActor("star-42")
	g, _, _ := authz.NewGrant(creator, time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST()),
		authz.AgencyParty("mcn-3"), date("2026-03-01"), date("2026-03-31"), "")

	_, err := g.Renew(creator, time.Date(2026, 3, 31, 22, 0, 0, 0, starmap.CST()), date("2026-04-01"), date("2026-04-30"), "")
	fmt.Println(starmap.Codes(err))

	ev, _ := g.Renew(creator, time.Date(2026, 4, 3, 10, 0, 0, 0, starmap.CST()), date("2026-04-10"), date("2026-04-30"), "")
	fmt.Println(ev.Type, ev.From, "→", ev.To)
	fmt.Println(g.Status(date("2026-04-09")), g.Status(date("2026-04-10")))
	// Output:
	// [authz.renew.not_expired]
	// authz.grant.renewed expired → not-yet-valid
	// not-yet-valid authorized
}

// The access check (AUZ-10): the question every data read asks, answered
// from the service's in-memory index, with a reason when the answer is no.
// All-sales data is for the merchant's main account only (AUZ-9).
func ExampleService_Check() {
	ctx := context.Background()
	clock := starmap.FixedClock(time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST()))
	svc, err := authz.NewService(memstore.NewAuthzStore(), clock)
	if err != nil {
		fmt.Println(err)
		return
	}
	creator := starmap.CreatorActor("star-42")
	if _, _, err := svc.Grant(ctx, creator, authz.MerchantParty("shop-7"), date("2026-03-01"), date("2026-03-31"), ""); err != nil {
		fmt.Println(err)
		return
	}
	ask := func(account starmap.Actor, day string) {
		d := svc.Check(authz.Query{Account: account, Creator: "star-42", Scope: authz.AllSales, Day: date(day)})
		fmt.Println(account, day, d)
	}
	ask(starmap.AdvertiserActor("shop-7"), "2026-03-31")
	ask(starmap.AdvertiserActor("shop-7"), "2026-04-01")
	ask(starmap.SubAccountActor("shop-7", "ops-1"), "2026-03-15")
	ask(starmap.AdvertiserActor("shop-9"), "2026-03-15")
	// Output:
	// advertiser:shop-7 2026-03-31 allowed
	// advertiser:shop-7 2026-04-01 denied-expired
	// advertiser-sub:shop-7/ops-1 2026-03-15 denied-sub-account
	// advertiser:shop-9 2026-03-15 denied-no-grant
}

// A live-session request (AUZ-3) reaches the creator only once the merchant
// confirms it; then main and sub-accounts may see that session's data.
func ExampleService_RequestLive() {
	ctx := context.Background()
	clock := starmap.FixedClock(time.Date(2026, 3, 1, 20, 0, 0, 0, starmap.CST()))
	svc, err := authz.NewService(memstore.NewAuthzStore(), clock)
	if err != nil {
		fmt.Println(err)
		return
	}
	sub := starmap.SubAccountActor("shop-7", "ops-1")
	creator := starmap.CreatorActor("star-42")

	svc.RequestLive(ctx, sub, "star-42", "live-0301")
	p, _ := svc.PendingLive(ctx, creator, starmap.PageRequest{})
	fmt.Println("pending before confirm:", len(p.Items))
	svc.ConfirmLive(ctx, sub, "star-42", "live-0301")
	p, _ = svc.PendingLive(ctx, creator, starmap.PageRequest{})
	fmt.Println("pending after confirm:", len(p.Items))
	svc.GrantLive(ctx, creator, p.Items[0].Key(), "")
	fmt.Println(svc.Check(authz.Query{Account: sub, Creator: "star-42", Scope: authz.LiveSession,
		Session: "live-0301", Day: date("2026-03-01")}))
	// Output:
	// pending before confirm: 0
	// pending after confirm: 1
	// allowed
}

// Revocation (解除授权) ends access at once, that day included, and the grant
// stays revoked after its end date passes; the periods keep what the
// merchant held.
func ExampleGrant_Revoke() {
	creator := starmap.CreatorActor("star-42")
	g, _, _ := authz.NewGrant(creator, time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST()),
		authz.MerchantParty("shop-7"), date("2026-03-01"), date("2026-03-31"), "")
	ev, _ := g.Revoke(creator, time.Date(2026, 3, 10, 16, 0, 0, 0, starmap.CST()), "contract ended")
	fmt.Println(ev.Type, ev.From, "→", ev.To, "("+ev.Note+")")
	fmt.Println(g.Status(date("2026-03-10")).Label(starmap.ZH), g.Status(date("2026-05-01")).Label(starmap.ZH))
	// The days before the revocation were authorized: Status answers a
	// past day from the history.
	fmt.Println(g.Status(date("2026-03-09")).Label(starmap.ZH))
	fmt.Println(g.Periods(), "end", g.End())
	// Output:
	// authz.grant.revoked authorized → revoked (contract ended)
	// 已被解除授权 已被解除授权
	// 已授权
	// [2026-03-01..2026-03-09] end 2026-03-31
}
