package tour

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// cardTour walks a creator through their card (达人名片, CRD-1 … CRD-6) on
// the in-memory store with a fixed clock: the platform opens it from the
// Douyin account, the creator fills contacts (one typo, one privacy slip),
// turns on the virtual number, hides an item, previews and shares it; an
// advertiser and the creator see different cards.
func cardTour(ctx context.Context, w io.Writer, stores Stores) error {
	clock := starmap.NewManualClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()))
	svc, err := card.NewService(stores.Cards, clock)
	if err != nil {
		return err
	}
	platform := starmap.PlatformActor("account-sync")
	creator := starmap.CreatorActor("c-1001")
	advertiser := starmap.AdvertiserActor("adv-7")

	fmt.Fprintln(w, "== card: the creator card 达人名片")
	c, _, err := svc.Open(ctx, platform, "c-1001", card.Basic{
		Avatar: "https://p3.example.com/avatar/c-1001.jpeg", Nickname: "星图小厨",
		DouyinID: "xiaochu2026", Location: "浙江 杭州"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "platform opened the card from the Douyin account (CRD-1): %s / %s, completeness %d%%\n",
		c.Basic().Nickname, c.Basic().DouyinID, c.Completeness())

	// CRD-2: a form save with a typo in the WeChat id and the phone number
	// in the introduction — every problem reported, nothing saved.
	clock.Advance(10 * time.Minute)
	_, _, err = svc.Edit(ctx, creator, "c-1001", card.NewEdit().
		SetContact(card.Phone, "+86 138-1234-5678").
		SetContact(card.WeChat, "2026xiaochu").
		SetIntroduction("家常菜与烘焙,每周三更。商务电话 138 1234 5678"))
	fmt.Fprintln(w, "creator saves phone, WeChat and introduction → refused:")
	for _, line := range strings.Split(starmap.Message(err, starmap.ZH), "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}

	clock.Advance(5 * time.Minute)
	c, evs, err := svc.Edit(ctx, creator, "c-1001", card.NewEdit().
		SetContact(card.Phone, "+86 138-1234-5678").
		SetContact(card.WeChat, "xiaochu_2026").
		SetContact(card.Email, "biz@example.com").
		SetIntroduction("家常菜与烘焙,每周三更。").
		SetCollaborations(card.Collaboration{Brand: "某厨电品牌", Description: "蒸烤箱种草视频"}).
		ShowVirtualNumber(true).
		Hide(card.ItemLocation))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "fixed and saved at once (CRD-4): %d changes recorded, version %d, completeness %d%%\n",
		len(evs), c.Version(), c.Completeness())
	for _, e := range evs {
		if e.Note == "phone" {
			fmt.Fprintf(w, "  history keeps the phone masked: %q → %q\n", e.From, e.To)
		}
	}
	target, err := svc.ForwardingTarget(ctx, platform, "c-1001")
	if err != nil {
		return err
	}
	pv, _, err := svc.AssignVirtualNumber(ctx, platform, "c-1001", "170 0000 1234")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "platform binds virtual number %s to %s (CRD-3); its view of the card: phone filled %v, the real number not in it\n",
		pv.VirtualNumber, card.MaskPhone(target), pv.PhoneFilled)

	if _, _, err := svc.Edit(ctx, creator, "c-1001", card.NewEdit().Hide(card.ItemNickname)); err != nil {
		fmt.Fprintf(w, "hiding the nickname → %s\n", starmap.Message(err, starmap.ZH))
	}

	for _, s := range c.Sections() {
		mark := "    "
		if s.Suggested {
			mark = "建议"
		}
		fmt.Fprintf(w, "%s %s %2d/%2d (CRD-6)", mark, s.Title, s.Points, s.Weight)
		if len(s.Missing) > 0 {
			fmt.Fprintf(w, ", missing %v", s.Missing)
		}
		fmt.Fprintln(w)
	}

	own, err := svc.View(ctx, creator, "c-1001")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "-- the creator sees (%s view)\n%s", own.Audience, indent(own.Text()))
	adv, err := svc.View(ctx, advertiser, "c-1001")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "-- an advertiser sees (%s view, the same as the preview)\n%s", adv.Audience, indent(adv.Text()))

	for _, target := range []card.ShareTarget{card.ShareLink, card.ShareWeChat} {
		s, err := svc.Share(ctx, creator, "c-1001", target, "https://www.example.com/card")
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "share to %s (CRD-5): %s %q", target, s.URL, s.Title)
		if s.Description != "" {
			fmt.Fprintf(w, " — %s", s.Description)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}
