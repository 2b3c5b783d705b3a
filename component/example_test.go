package component_test

import (
	"context"
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
)

// A component goes from the advertiser's library through review onto an
// order: create → approve → mount (CMP-1, CMP-2, CMP-3).
func Example() {
	ctx := context.Background()
	clock := starmap.FixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()))
	store := memstore.NewComponentStore()
	dir := memstore.NewComponentDirectory()
	dir.Set("tt6a791cc4f57bed5d01", component.MiniProgramUp)
	svc, err := component.NewService(store, clock)
	if err != nil {
		fmt.Println(err)
		return
	}
	mounter, err := component.NewMounter(store, dir)
	if err != nil {
		fmt.Println(err)
		return
	}

	advertiser := starmap.AdvertiserActor("adv-1")
	c, _, err := svc.Create(ctx, advertiser, component.NewComponent{
		ID:      "cmp-spring",
		Channel: starmap.FormatShortVideo,
		Content: component.Content{
			AppID: "tt6a791cc4f57bed5d01",
			Page:  component.Page{Path: "pages/goods/detail", Query: "sku=1024"},
			Title: "春季新品限时购",
			Icon:  "https://img.example.com/spring.png",
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created:", c.State().Label(starmap.ZH))

	c, _, err = svc.Approve(ctx, starmap.PlatformActor("reviewer-17"), "cmp-spring")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("reviewed:", c.State().Label(starmap.ZH))

	mounted, err := mounter.CheckMount(ctx, "adv-1", starmap.FormatShortVideo, []string{"cmp-spring"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mounted: %s %q → %s\n", mounted[0].ID, mounted[0].Title, mounted[0].AppID)
	// Output:
	// created: 审核中
	// reviewed: 有效
	// mounted: cmp-spring "春季新品限时购" → tt6a791cc4f57bed5d01
}

// approved stores a valid component of adv-1 for the examples below.
func approved(ctx context.Context, store component.Store, id string, ch starmap.Format, c component.Content) error {
	svc, err := component.NewService(store, starmap.FixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())))
	if err != nil {
		return err
	}
	if _, _, err := svc.Create(ctx, starmap.AdvertiserActor("adv-1"), component.NewComponent{ID: id, Channel: ch, Content: c}); err != nil {
		return err
	}
	_, _, err = svc.Approve(ctx, starmap.PlatformActor("reviewer-17"), id)
	return err
}

// When the mini-program has been taken down (下架), the order cannot be
// submitted: the platform's red prompt, and a faithful English text.
func ExampleMounter_CheckMount_delisted() {
	ctx := context.Background()
	store := memstore.NewComponentStore()
	dir := memstore.NewComponentDirectory()
	content := component.Content{AppID: "tt07e3715e98c9aac0", Title: "直播间福利", Icon: "https://img.example.com/gift.png"}
	if err := approved(ctx, store, "cmp-gift", starmap.FormatLive, content); err != nil {
		fmt.Println(err)
		return
	}
	dir.Set("tt07e3715e98c9aac0", component.MiniProgramDelisted)

	mounter, err := component.NewMounter(store, dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = mounter.CheckMount(ctx, "adv-1", starmap.FormatLive, []string{"cmp-gift"})
	fmt.Println(starmap.Codes(err))
	fmt.Println(starmap.Message(err, starmap.ZH))
	fmt.Println(starmap.Message(err, starmap.EN))
	// Output:
	// [component.mount.mini_program_delisted]
	// 小程序被下架,组件无法挂载,请先恢复小程序之后再挂载组件
	// The mini-program has been taken down, so the component cannot be mounted; restore the mini-program first, then mount the component
}

// An order form that checks several components gets every refusal at once;
// starmap.Find picks the 下架 prompt out of them, to show it alone in red
// under the order — here beside a component listed twice and one that is
// not in the library.
func ExampleMounter_CheckMount_redPrompt() {
	ctx := context.Background()
	store := memstore.NewComponentStore()
	dir := memstore.NewComponentDirectory()
	content := component.Content{AppID: "tt07e3715e98c9aac0", Title: "直播间福利", Icon: "https://img.example.com/gift.png"}
	if err := approved(ctx, store, "cmp-gift", starmap.FormatLive, content); err != nil {
		fmt.Println(err)
		return
	}
	dir.Set("tt07e3715e98c9aac0", component.MiniProgramDelisted)
	mounter, err := component.NewMounter(store, dir)
	if err != nil {
		fmt.Println(err)
		return
	}

	_, err = mounter.CheckMount(ctx, "adv-1", starmap.FormatLive, []string{"cmp-ghost", "cmp-gift", "cmp-gift"})
	fmt.Println(starmap.Codes(err))
	if red, ok := starmap.Find(err, component.ErrMountDelisted); ok {
		id, _ := red.Param("component")
		fmt.Printf("red, under %s: %s\n", id, red.Message(starmap.ZH))
	}
	// Output:
	// [component.mount.unknown component.mount.mini_program_delisted component.mount.duplicate]
	// red, under cmp-gift: 小程序被下架,组件无法挂载,请先恢复小程序之后再挂载组件
}

// A rejected component shows the reviewer's reason; the advertiser edits it
// and submits it again (CMP-2).
func ExampleService_Reject() {
	ctx := context.Background()
	svc, err := component.NewService(memstore.NewComponentStore(), starmap.FixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())))
	if err != nil {
		fmt.Println(err)
		return
	}
	advertiser := starmap.AdvertiserActor("adv-1")
	content := component.Content{AppID: "tt07e3715e98c9aac0", Title: "点我", Icon: "https://img.example.com/a.png"}
	if _, _, err := svc.Create(ctx, advertiser, component.NewComponent{ID: "cmp-1", Channel: starmap.FormatShortVideo, Content: content}); err != nil {
		fmt.Println(err)
		return
	}
	c, _, _ := svc.Reject(ctx, starmap.PlatformActor("reviewer-17"), "cmp-1", "标题过于笼统,请写明推广内容")
	fmt.Printf("%s: %s\n", c.State().Label(starmap.ZH), c.Reason())

	content.Title = "春季新品限时购"
	if _, _, err := svc.Edit(ctx, advertiser, "cmp-1", content); err != nil {
		fmt.Println(err)
		return
	}
	c, evs, _ := svc.Resubmit(ctx, advertiser, "cmp-1")
	fmt.Printf("%s (%s, %s → %s)\n", c.State().Label(starmap.ZH), evs[0].Type, evs[0].From, evs[0].To)
	// Output:
	// 审核未通过: 标题过于笼统,请写明推广内容
	// 审核中 (component.resubmitted, rejected → in-review)
}

// NewService refuses what it cannot work with, with a coded error rather
// than a later panic.
func ExampleNewService() {
	_, err := component.NewService(nil, starmap.SystemClock())
	fmt.Println(starmap.Message(err, starmap.ZH))
	_, err = component.NewService(memstore.NewComponentStore(), starmap.SystemClock(), component.WithRetry(starmap.Retry{Attempts: 3}), nil)
	fmt.Println(starmap.Message(err, starmap.EN))
	// Output:
	// 缺少必需的组件存储
	// service option 2 is invalid: nil
}

// Mountable is the pure rule: every unmet requirement at once.
func ExampleMountable() {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	c, _, _ := component.New(starmap.AdvertiserActor("adv-1"), now, "cmp-1", starmap.FormatLive,
		component.Content{AppID: "tt07e3715e98c9aac0", Title: "直播间福利", Icon: "https://img.example.com/gift.png"})
	err := component.Mountable(c, "adv-1", starmap.FormatShortVideo, component.MiniProgramUp)
	fmt.Println(starmap.Message(err, starmap.EN))
	// Output:
	// component cmp-1 is in review; it can be mounted once approved
	// component cmp-1 is for live and cannot be mounted on a short-video task
}
