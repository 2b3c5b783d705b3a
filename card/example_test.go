package card_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/memstore"
)

func ExampleNormalizePhone() {
	for _, in := range []string{"+86 138-1234-5678", "0086 13812345678", "12812345678", "1381234567"} {
		n, err := card.NormalizePhone(in)
		if err != nil {
			fmt.Printf("%-18q refused: %s\n", in, starmap.Message(err, starmap.EN))
			continue
		}
		fmt.Printf("%-18q → %s (shown to others as nothing; in history as %s)\n", in, n, card.MaskPhone(n))
	}
	// Output:
	// "+86 138-1234-5678" → 13812345678 (shown to others as nothing; in history as 138****5678)
	// "0086 13812345678" → 13812345678 (shown to others as nothing; in history as 138****5678)
	// "12812345678"      refused: malformed mobile number: not a mobile number (want 13x–19x) (want an 11-digit mainland China mobile number)
	// "1381234567"       refused: malformed mobile number: not 11 digits (want an 11-digit mainland China mobile number)
}

func ExampleValidateContact() {
	_, err := card.ValidateContact(card.WeChat, "13812345678")
	fmt.Println(starmap.Codes(err))
	fmt.Println(starmap.Message(err, starmap.ZH))
	// Output:
	// [card.contact.wechat_malformed]
	// 微信号格式错误:须以字母开头(微信号仅支持6-20个字母、数字、下划线或减号,以字母开头)
}

func ExampleCard_Apply() {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	creator := starmap.CreatorActor("c-1001")
	c, _, _ := card.Open(starmap.PlatformActor("sync"), now, "c-1001", card.Basic{Nickname: "星图小厨", DouyinID: "xiaochu2026"})

	// A form save: everything wrong is reported at once, and nothing changes.
	_, err := c.Apply(creator, now, card.NewEdit().
		SetContact(card.Phone, "138 1234 567").
		SetContact(card.Email, "biz@example").
		Hide(card.ItemNickname))
	fmt.Println(starmap.Codes(err))

	// A good save takes effect at once; each change is an event.
	evs, _ := c.Apply(creator, now, card.NewEdit().
		SetContact(card.Phone, "138 1234 5678").
		SetContact(card.Email, "biz@example.com").
		SetIntroduction("家常菜与烘焙,每周三更。"))
	for _, e := range evs {
		fmt.Printf("%s %s: %q → %q\n", e.Type, e.Note, e.From, e.To)
	}
	// Output:
	// [card.contact.phone_malformed card.contact.email_malformed card.privacy.item_not_hideable]
	// card.edited introduction: "" → "家常菜与烘焙,每周三更。"
	// card.edited phone: "" → "138****5678"
	// card.edited email: "" → "biz@example.com"
}

func ExampleRender() {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	platform := starmap.PlatformActor("sync")
	creator := starmap.CreatorActor("c-1001")
	c, _, _ := card.Open(platform, now, "c-1001", card.Basic{Nickname: "星图小厨", DouyinID: "xiaochu2026", Location: "浙江 杭州"})
	_, _ = c.Apply(creator, now, card.NewEdit().
		SetContact(card.Phone, "13812345678").
		SetContact(card.WeChat, "xiaochu_2026").
		ShowVirtualNumber(true).
		Hide(card.ItemLocation))
	_, _ = c.AssignVirtualNumber(platform, now, "17000001234")

	fmt.Print("-- the creator sees\n", card.Render(c, creator).Text())
	fmt.Print("-- an advertiser sees\n", card.Render(c, starmap.AdvertiserActor("adv-1")).Text())
	// Output:
	// -- the creator sees
	// 昵称:星图小厨
	// 抖音号:xiaochu2026
	// 所在地:浙江 杭州(对外隐藏)
	// 手机号:13812345678
	// 飞书:未填写
	// 微信号:xiaochu_2026
	// 邮箱:未填写
	// 完善度:40%
	// -- an advertiser sees
	// 昵称:星图小厨
	// 抖音号:xiaochu2026
	// 手机号(虚拟号):17000001234
	// 飞书:未公开
	// 微信号:xiaochu_2026
	// 邮箱:未公开
}

func ExampleShareCard() {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	c, _, _ := card.Open(starmap.PlatformActor("sync"), now, "c-1001", card.Basic{Avatar: "https://p3.example.com/a.jpeg", Nickname: "星图小厨", DouyinID: "xiaochu2026"})
	_, _ = c.Apply(starmap.CreatorActor("c-1001"), now, card.NewEdit().SetIntroduction("家常菜与烘焙,每周三更。\n商务合作请联系微信。"))

	// Only the third-party view (Preview) can be shared: ShareCard takes a
	// PublicView, which an owner's View cannot be turned into.
	p := card.Preview(c)
	for _, target := range []card.ShareTarget{card.ShareLink, card.ShareWeChat} {
		s, _ := card.ShareCard(p, target, "https://www.example.com/card")
		fmt.Printf("%s: %s %q %q\n", s.Target, s.URL, s.Title, s.Description)
	}
	// Output:
	// link: https://www.example.com/card/c-1001 "星图小厨的达人名片" ""
	// wechat: https://www.example.com/card/c-1001 "星图小厨的达人名片" "家常菜与烘焙,每周三更。"
}

func ExampleCard_Sections() {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	c, _, _ := card.Open(starmap.PlatformActor("sync"), now, "c-1001", card.Basic{Nickname: "星图小厨", DouyinID: "xiaochu2026"})
	_, _ = c.Apply(starmap.CreatorActor("c-1001"), now, card.NewEdit().SetContact(card.WeChat, "xiaochu_2026"))
	for _, s := range c.Sections() {
		mark := "    "
		if s.Suggested {
			mark = "建议"
		}
		fmt.Printf("%s %s %2d/%2d missing %v\n", mark, s.Title, s.Points, s.Weight, s.Missing)
	}
	fmt.Printf("完善度 %d%%\n", c.Completeness())
	// Output:
	// 建议 联系方式 10/45 missing [phone feishu email]
	// 建议 达人介绍  0/20 missing [introduction]
	//      历史合作  0/15 missing [collaborations]
	//      基础信息 10/20 missing [avatar location]
	// 完善度 20%
}

func ExampleService() {
	ctx := context.Background()
	clock := starmap.FixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()))
	svc, _ := card.NewService(memstore.NewCardStore(), clock)
	platform, creator := starmap.PlatformActor("sync"), starmap.CreatorActor("c-1001")

	_, _, _ = svc.Open(ctx, platform, "c-1001", card.Basic{Nickname: "星图小厨", DouyinID: "xiaochu2026"})
	c, evs, err := svc.Edit(ctx, creator, "c-1001", card.NewEdit().
		SetContact(card.Phone, "13812345678").
		SetIntroduction("商务合作请致电 138-1234-5678"))
	fmt.Println(c == nil, len(evs), starmap.Message(err, starmap.ZH))

	c, evs, _ = svc.Edit(ctx, creator, "c-1001", card.NewEdit().
		SetContact(card.Phone, "13812345678").
		SetIntroduction("商务合作请走星图下单"))
	fmt.Println(c.Version(), len(evs))

	v, _ := svc.View(ctx, starmap.MCNActor("mcn-9"), "c-1001")
	fmt.Printf("%s sees phone lit=%v, introduction %q\n", v.Audience, v.Contact(card.Phone).Lit, v.Introduction)
	// Output:
	// true 0 达人介绍中包含你的手机号,手机号仅对自己可见,请删除后再保存
	// 2 2
	// mcn sees phone lit=false, introduction "商务合作请走星图下单"
}

// The platform's calls get a PlatformView, without the real number; the
// privacy-number service reads the number to forward to through
// ForwardingTarget.
func ExampleService_ForwardingTarget() {
	ctx := context.Background()
	clock := starmap.FixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()))
	svc, _ := card.NewService(memstore.NewCardStore(), clock)
	platform, creator := starmap.PlatformActor("privacy-number"), starmap.CreatorActor("c-1001")

	_, _, _ = svc.Open(ctx, platform, "c-1001", card.Basic{Nickname: "星图小厨", DouyinID: "xiaochu2026"})
	_, _, _ = svc.Edit(ctx, creator, "c-1001", card.NewEdit().SetContact(card.Phone, "13812345678").ShowVirtualNumber(true))

	target, _ := svc.ForwardingTarget(ctx, platform, "c-1001")
	pv, _, _ := svc.AssignVirtualNumber(ctx, platform, "c-1001", "17000001234")
	fmt.Println(card.MaskPhone(target), pv.PhoneFilled, pv.VirtualNumber, pv.VirtualNumberShown)

	_, err := svc.Card(ctx, platform, "c-1001")
	fmt.Println(errors.Is(err, starmap.ErrForbidden))
	// Output:
	// 138****5678 true 17000001234 true
	// true
}

// A Service is made by NewService, which says what is missing instead of
// panicking later; WithRetry is its one option.
func ExampleNewService() {
	_, err := card.NewService(nil, starmap.SystemClock())
	fmt.Println(starmap.Codes(err), starmap.Message(err, starmap.ZH))

	svc, err := card.NewService(memstore.NewCardStore(), starmap.SystemClock(),
		card.WithRetry(starmap.Retry{Attempts: 3}))
	fmt.Println(svc != nil, err)

	var zero card.Service
	_, err = zero.View(context.Background(), starmap.Actor{}, "c-1001")
	fmt.Println(starmap.Codes(err))
	// Output:
	// [service.dependency_missing] 缺少必需的名片存储
	// true <nil>
	// [service.not_ready]
}
