// Package tour is the quickstart's walk through the starmap SDK, written
// against the store interfaces of the packages so that the same tour runs
// on any store: examples/quickstart runs it on the in-memory stores
// (MemStores), pgstore/examples/quickstart on PostgreSQL. Every clock is
// a fixed or manual one and every id is given, so that the transcript is
// the same on every store and every run.
package tour

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/task"
)

// Stores are the stores the tour runs on, one per package. The tours
// share them: the task tours (orders, settlement, mounting) write into one
// task store and the component tours into one component store, under ids
// of their own, as the services of one host would. The tour expects them
// empty. The mini-program directory is not a store but the host's view of
// Douyin (component.Directory): the tour keeps an in-memory one.
type Stores struct {
	Onboarding onboarding.Store
	Tasks      task.Store
	Campaigns  campaign.Store
	Components component.Store
	Cards      card.Store
	Authz      authz.Store
	Star       star.Store
}

// MemStores returns new, empty in-memory stores.
func MemStores() Stores {
	return Stores{
		Onboarding: memstore.NewOnboardingStore(),
		Tasks:      memstore.NewTaskStore(),
		Campaigns:  memstore.NewCampaignStore(),
		Components: memstore.NewComponentStore(),
		Cards:      memstore.NewCardStore(),
		Authz:      memstore.NewAuthzStore(),
		Star:       memstore.NewStarStore(),
	}
}

// Run prints the root tour, then each package's tour in turn, to w.
func Run(ctx context.Context, w io.Writer, stores Stores) error {
	for _, tour := range []func(context.Context, io.Writer, Stores) error{
		rootTour,
		onboardingTour,
		taskTour,
		settlementTour,
		componentTour,
		mountingTour,
		cardTour,
		authzTour,
		complianceTour,
		starTour,
	} {
		if err := tour(ctx, w, stores); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

// rootTour shows the shared vocabulary: dates, working days, errors, money
// and actors.
func rootTour(_ context.Context, w io.Writer, _ Stores) error {
	// A fixed clock: the SDK never reads the wall clock by itself.
	clock := starmap.FixedClock(time.Date(2026, 9, 30, 16, 30, 0, 0, starmap.CST()))
	today := starmap.Today(clock)
	fmt.Fprintf(w, "== starmap quickstart — today is %s (%s, China Standard Time)\n", today, today.Weekday())

	// "within 3 working days" on the official 2026 schedule: the
	// National Day holiday (1–7 October, 10 October a make-up working day).
	cal := starmap.ChinaCalendar()
	deadline := cal.AddWorkdays(today, 3)
	fmt.Fprintf(w, "onboarding confirmed %s → Star Map account opens by %s (3 working days, ONB-5)\n", today, deadline)
	fmt.Fprintf(w, "  on a weekend-only calendar it would be %s\n", starmap.WeekendCalendar().AddWorkdays(today, 3))

	// dates are strict; bad input is an error in both languages.
	if _, err := starmap.ParseDate("2026-02-30"); err != nil {
		fmt.Fprintf(w, "ParseDate(\"2026-02-30\") refused: %s\n", err)
		fmt.Fprintf(w, "  zh-CN: %s\n", starmap.Message(err, starmap.ZH))
	}

	// money is decimal, to the fen.
	price, err := starmap.ParseCNY("12800.00")
	if err != nil {
		return err
	}
	fee := starmap.RoundFen(price.Mul(decimal.RequireFromString("0.05")))
	fmt.Fprintf(w, "price ¥%s + 5%% service fee ¥%s = ¥%s frozen\n",
		starmap.FormatCNY(price), starmap.FormatCNY(fee), starmap.FormatCNY(price.Add(fee)))
	if _, err := starmap.ParseCNY("1.005"); err != nil {
		fmt.Fprintf(w, "ParseCNY(\"1.005\") refused: %s\n", starmap.Message(err, starmap.EN))
	}

	// every command names its actor.
	sub := starmap.SubAccountActor("adv-1", "sub-7")
	if err := starmap.RequireRole(sub, starmap.RoleAdvertiser); err != nil {
		fmt.Fprintf(w, "%s asking for main-account-only data: %s\n", sub, starmap.Message(err, starmap.ZH))
	}
	return nil
}

// continued indents every line after the first of a multi-line message, so
// that it stays under the line that introduced it.
func continued(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }
