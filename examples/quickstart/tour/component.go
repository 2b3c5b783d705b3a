package tour

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
)

// componentTour narrates the mini-program component library (CMP-1 …
// CMP-3): an advertiser creates a component, the platform rejects it, the
// advertiser fixes it, the platform approves it, and the order form checks
// it for mounting — then the mini-program is taken down.
func componentTour(ctx context.Context, w io.Writer, stores Stores) error {
	clock := starmap.NewManualClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()))
	store := stores.Components
	dir := memstore.NewComponentDirectory()
	svc, err := component.NewService(store, clock)
	if err != nil {
		return err
	}
	mounter, err := component.NewMounter(store, dir)
	if err != nil {
		return err
	}

	advertiser := starmap.SubAccountActor("adv-1", "ops-2")
	reviewer := starmap.PlatformActor("reviewer-17")
	const app = "tt6a791cc4f57bed5d01"
	dir.Set(app, component.MiniProgramUp)

	fmt.Fprintln(w, "== component: mini-program components (CMP-1 … CMP-3)")
	content := component.Content{
		AppID: app,
		Page:  component.Page{Path: "pages/goods/detail", Query: "sku=1024&from=xingtu"},
		Title: "点这里",
		Icon:  "https://img.example.com/spring.png",
	}
	c, evs, err := svc.Create(ctx, advertiser, component.NewComponent{ID: "cmp-spring", Channel: starmap.FormatShortVideo, Content: content})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s creates %s in the library of %s (channel %s, page %s): %s [%s]\n",
		advertiser, c.ID(), c.Owner(), c.Channel(), c.Content().Page, c.State().Label(starmap.ZH), evs[0].Type)

	// Mounting while in review is refused.
	if _, err := mounter.CheckMount(ctx, "adv-1", starmap.FormatShortVideo, []string{"cmp-spring"}); err != nil {
		fmt.Fprintf(w, "  mount now? %s\n", starmap.Message(err, starmap.ZH))
	}

	clock.Advance(2 * time.Hour)
	c, _, err = svc.Reject(ctx, reviewer, "cmp-spring", "标题过于笼统,请写明推广内容")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s — %s\n", reviewer, c.State().Label(starmap.ZH), c.Reason())

	clock.Advance(time.Hour)
	content.Title = "春季新品限时购"
	if _, _, err := svc.Edit(ctx, advertiser, "cmp-spring", content); err != nil {
		return err
	}
	if c, _, err = svc.Resubmit(ctx, advertiser, "cmp-spring"); err != nil {
		return err
	}
	fmt.Fprintf(w, "edited to %q and resubmitted: %s\n", c.Content().Title, c.State().Label(starmap.ZH))

	clock.Advance(time.Hour)
	if c, _, err = svc.Approve(ctx, reviewer, "cmp-spring"); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s approves: %s (%d changes in its history)\n", reviewer, c.State().Label(starmap.ZH), len(c.History()))

	mounted, err := mounter.CheckMount(ctx, "adv-1", starmap.FormatShortVideo, []string{"cmp-spring"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "order form, short-video task: mount %s %q → %s ✓\n", mounted[0].ID, mounted[0].Title, mounted[0].AppID)

	if _, err := mounter.CheckMount(ctx, "adv-1", starmap.FormatLive, []string{"cmp-spring"}); err != nil {
		fmt.Fprintf(w, "order form, live task: %s\n", starmap.Message(err, starmap.EN))
	}
	if _, err := mounter.CheckMount(ctx, "adv-2", starmap.FormatShortVideo, []string{"cmp-spring"}); err != nil {
		fmt.Fprintf(w, "another advertiser tries it: %s\n", starmap.Message(err, starmap.ZH))
	}

	dir.Set(app, component.MiniProgramDelisted)
	// The order form checks every component at once; a second, unknown
	// one is refused too. The red prompt is shown alone, under the order:
	// starmap.Find picks it out of the joined refusal.
	_, err = mounter.CheckMount(ctx, "adv-1", starmap.FormatShortVideo, []string{"cmp-spring", "cmp-autumn"})
	red, ok := starmap.Find(err, component.ErrMountDelisted)
	if !ok {
		return fmt.Errorf("component tour: a delisted mini-program was mounted (%v)", err)
	}
	fmt.Fprintf(w, "the mini-program is taken down (下架); the order cannot be submitted (%d refusals):\n  zh-CN: %s\n  en:    %s\n",
		len(starmap.Codes(err)), red.Message(starmap.ZH), red.Message(starmap.EN))
	return nil
}
