package tour

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

// mountingTour puts the two packages together (CMP-3, CMP-4, TSK-2): the
// task Service checks every component of an order through the component
// Mounter; a taken-down mini-program refuses the whole order; once it is
// back, the live order carries the component, and the creator switches its
// live card on during the stream.
func mountingTour(ctx context.Context, w io.Writer, stores Stores) error {
	clock := starmap.NewManualClock(time.Date(2026, 5, 6, 9, 0, 0, 0, starmap.CST()))
	comps, dir := stores.Components, memstore.NewComponentDirectory()
	library, err := component.NewService(comps, clock)
	if err != nil {
		return err
	}
	mounter, err := component.NewMounter(comps, dir)
	if err != nil {
		return err
	}
	orders, err := task.NewService(stores.Tasks, clock, task.WithMountChecker(mounter))
	if err != nil {
		return err
	}
	adv, creator := starmap.AdvertiserActor("adv-tea"), starmap.CreatorActor("cre-chen")
	const app = "tt0c1d2e3f4a5b6c7d01"

	fmt.Fprintln(w, "== mounting: components on orders (CMP-3, CMP-4, TSK-2)")
	if _, _, err := library.Create(ctx, adv, component.NewComponent{ID: "cmp-snowflake", Channel: starmap.FormatLive,
		Content: component.Content{AppID: app, Page: component.Page{Path: "pages/shop/index"}, Title: "新茶尝鲜", Icon: "https://img.example.com/tea.png"}}); err != nil {
		return err
	}
	if _, _, err := library.Approve(ctx, starmap.PlatformActor("reviewer-3"), "cmp-snowflake"); err != nil {
		return err
	}
	order := task.Order{ID: "live-0506", Creator: "cre-chen", Format: starmap.FormatLive,
		Price: decimal.RequireFromString("6000.00"), LiveDuration: 2 * time.Hour,
		Template:   task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"2小时直播"}, Disclosure: true},
		Components: []string{"cmp-snowflake"}}

	dir.Set(app, component.MiniProgramDelisted)
	if _, err := orders.Order(ctx, adv, order); err != nil {
		fmt.Fprintf(w, "live order with cmp-snowflake while its mini-program is taken down: refused, nothing stored\n  %s\n",
			continued(starmap.Message(err, starmap.ZH)))
	}
	dir.Set(app, component.MiniProgramUp)
	placed, err := orders.Order(ctx, adv, order)
	if err != nil {
		return err
	}
	tk := placed.Task
	fmt.Fprintf(w, "mini-program restored; order %s placed (%s), mounted: %s %q\n", tk.ID(), tk.State(), tk.Components()[0].ID, tk.Components()[0].Title)

	start := time.Date(2026, 5, 8, 20, 0, 0, 0, starmap.CST())
	for _, r := range []task.Request{{Command: task.CmdAcceptOrder}, {Command: task.CmdSchedule, Start: start}} {
		done, err := orders.Do(ctx, creator, tk.ID(), r)
		if err != nil {
			return err
		}
		tk = done.Task
	}
	clock.Set(start) // the evening of the stream
	for _, r := range []task.Request{{Command: task.CmdStartBroadcast}, {Command: task.CmdShowLiveCard}} {
		done, err := orders.Do(ctx, creator, tk.ID(), r)
		if err != nil {
			return err
		}
		tk = done.Task
	}
	fmt.Fprintf(w, "the creator accepts, schedules the stream for %s, goes on air then and switches the live card on by hand: %s, live card shown = %v\n",
		start.Format("2006-01-02 15:04"), tk.State(), tk.LiveCardShown())
	return nil
}
