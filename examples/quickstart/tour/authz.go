package tour

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// authzTour narrates data authorization (AUZ-*): a creator grants a shop
// its all-sales data, renews early on the last valid day, the shop's
// sub-account is refused, a renewal after expiry starts in the future, and a
// live-session request goes through the merchant's confirmation.
func authzTour(ctx context.Context, w io.Writer, stores Stores) error {
	clock := starmap.NewManualClock(time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST()))
	svc, err := authz.NewService(stores.Authz, clock)
	if err != nil {
		return err
	}
	star := starmap.CreatorActor("star-42")
	shop := authz.MerchantParty("shop-7")
	mainAcct, sub := starmap.AdvertiserActor("shop-7"), starmap.SubAccountActor("shop-7", "ops-1")
	date := func(s string) starmap.Date { d, _ := starmap.ParseDate(s); return d }
	check := func(who starmap.Actor, day string) {
		d := svc.Check(authz.Query{Account: who, Creator: "star-42", Scope: authz.AllSales, Day: date(day)})
		fmt.Fprintf(w, "  check %-28s all-sales on %s → %s\n", who, day, d)
	}
	say := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

	say("== authz: data authorization — today is %s", starmap.Today(clock))
	if _, _, err := svc.Grant(ctx, star, shop, date("2026-03-01"), date("2026-03-31"), "agreed offline"); err != nil {
		return err
	}
	say("star-42 grants shop-7 its all-sales data for 2026-03-01..2026-03-31 (AUZ-2)")
	check(mainAcct, "2026-03-31")
	check(mainAcct, "2026-04-01")
	check(sub, "2026-03-15")

	clock.Set(time.Date(2026, 3, 31, 21, 0, 0, 0, starmap.CST()))
	if _, _, err := svc.EarlyRenew(ctx, star, shop, date("2026-03-31"), ""); err != nil {
		say("%s, early renewal to 2026-03-31 refused: %s", starmap.Today(clock), starmap.Message(err, starmap.ZH))
	}
	g, evs, err := svc.EarlyRenew(ctx, star, shop, date("2026-04-30"), "")
	if err != nil {
		return err
	}
	say("%s, early renewal to 2026-04-30 (AUZ-5): event %s; periods %v", starmap.Today(clock), evs[0].Type, g.Periods())
	check(mainAcct, "2026-04-01")

	clock.Set(time.Date(2026, 5, 3, 9, 0, 0, 0, starmap.CST()))
	if _, _, err := svc.Renew(ctx, star, shop, date("2026-05-10"), date("2026-05-31"), ""); err != nil {
		return err
	}
	say("%s, validity over; renewal for 2026-05-10..2026-05-31 (AUZ-6)", starmap.Today(clock))
	check(mainAcct, "2026-05-03")
	check(mainAcct, "2026-05-10")

	page, err := svc.MerchantGrants(ctx, mainAcct, starmap.PageRequest{})
	if err != nil {
		return err
	}
	say("shop-7's list (AUZ-8):")
	for _, v := range page.Items {
		say("  %s  %s  until %s  periods %v", v.Key.Creator, v.Status.Label(starmap.ZH), v.End, v.Periods)
	}

	if _, _, err := svc.RequestLive(ctx, sub, "star-42", "live-0503"); err != nil {
		return err
	}
	pending, _ := svc.PendingLive(ctx, star, starmap.PageRequest{})
	say("ops-1 clicks 解锁更多数据 on live-0503; star-42 sees %d pending request(s) until it is confirmed (AUZ-3)", len(pending.Items))
	if _, _, err := svc.ConfirmLive(ctx, sub, "star-42", "live-0503"); err != nil {
		return err
	}
	pending, _ = svc.PendingLive(ctx, star, starmap.PageRequest{})
	say("confirmed: star-42 sees %d pending request(s)", len(pending.Items))
	if _, _, err := svc.GrantLive(ctx, star, pending.Items[0].Key(), ""); err != nil {
		return err
	}
	d := svc.Check(authz.Query{Account: sub, Creator: "star-42", Scope: authz.LiveSession, Session: "live-0503", Day: starmap.Today(clock)})
	say("  check %-28s live-0503 → %s (AUZ-9: sub-accounts see live-session data)", sub, d)
	return nil
}
