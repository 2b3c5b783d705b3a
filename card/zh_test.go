package card

import (
	"errors"
	"github.com/starmap-go/starmap/internal/kit"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

// refusals produces every refusal the package's tables and validators
// can give, with inputs whose own values hold no Latin word.
func refusals(t *testing.T) []error {
	t.Helper()
	var out []error
	add := func(v any, err error) {
		if err == nil {
			t.Fatalf("expected a refusal, got %v (refusal #%d)", v, len(out)+1)
		}
		out = append(out, err)
	}
	for en := range problemZH {
		out = append(out, ErrPhoneMalformed.New(problem(en)))
	}
	for _, s := range []string{"", "1", "+1 415 555 0100", "12812345678", "１３８", "13812345678901234567890123456789012", "--13812345678", "1-3-8-1-2-3-4-5-6-7-8", "138—1234", "1381234567８９"} {
		add(NormalizePhone(s))
	}
	for _, s := range []string{"", "a", "1abcdef", "a12345678901234567890", "a+b+c+d", "微信号"} {
		add(ValidateWeChat(s))
	}
	for _, s := range []string{"", "@", "a", "a@", "@b.cn", ".a@b.cn", "a@b", "a@-b.cn", "a@b.c", "a@b.c1", "a@b_c.cn", "á@b.cn", "a@" + strings.Repeat("b", 64) + ".cn", strings.Repeat("a", 65) + "@b.cn", strings.Repeat("a", 250) + "@b.cn"} {
		add(ValidateEmail(s))
	}
	for _, s := range []string{"", "13812345678", "x", "a@b", "ftp://feishu.cn/x", "https://u@feishu.cn/x", "https://feishu.cn:8/x", "https://evil.cn/x", "https://feishu.cn/ x", "https://%zz", "https://feishu.cn/" + strings.Repeat("x", 600), "https://-x.feishu.cn/x", "https://feishu.cn", "https://feishu.cn/", "https://feishu.cn/?"} {
		add(ValidateFeishu(s))
	}
	add(ValidateContact(ContactMethod(9), "x"))
	add(ValidateIntroduction("\x00"))
	add(ValidateIntroduction("\xff"))
	add(ValidateIntroduction(strings.Repeat("介", MaxIntroductionRunes+1)))
	add(ValidateCollaborations(make([]Collaboration, MaxCollaborations+1)))
	add(ValidateCollaborations([]Collaboration{{Brand: ""}, {Brand: strings.Repeat("品", MaxBrandRunes+1)}, {Brand: "品", Description: strings.Repeat("介", MaxDescriptionRunes+1)}, {Brand: "\x01"}}))
	out = append(out, Basic{}.Validate(), Basic{Avatar: "x", Nickname: " 昵称", DouyinID: "a b", Location: "\x01"}.Validate(),
		Basic{Avatar: "https://" + strings.Repeat("x", MaxAvatarLen), Nickname: strings.Repeat("昵", MaxNicknameRunes+1), DouyinID: strings.Repeat("x", MaxDouyinIDLen+1), Location: "\xff"}.Validate())

	now := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	pf := starmap.PlatformActor("p-1")
	me := starmap.CreatorActor("c-1")
	c, _, err := Open(pf, now, "c-1", Basic{Nickname: "昵称", DouyinID: "d-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(me, now, NewEdit().SetContact(Phone, "13812345678")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AssignVirtualNumber(pf, now, "17000001234"); err != nil {
		t.Fatal(err)
	}
	add(c.Apply(me, now, NewEdit().SetContact(ContactMethod(9), "x").Hide(Item(99), ItemAvatar, ItemNickname, ItemDouyinID, ItemPhone, ItemVirtualNumber).
		SetIntroduction("电话13812345678").SetContact(WeChat, "wx13812345678").SetContact(Email, "13812345678@163.com").
		SetContact(Feishu, "13812345678@163.com").SetCollaborations(Collaboration{Brand: "13812345678"})))
	add(c.Apply(me, now, NewEdit().SetContact(Phone, "17000001234")))
	add(c.Apply(starmap.CreatorActor("c-2"), now, NewEdit().SetIntroduction("你好")))
	add(c.AssignVirtualNumber(pf, now, "12"))
	add(c.AssignVirtualNumber(pf, now, "13812345678"))
	add(ShareCard(Preview(c), ShareTarget(9), "https://x.cn/c"))
	add(ShareCard(PublicView{}, ShareLink, "https://x.cn/c"))
	add(ShareCard(Preview(c), ShareLink, "::"))

	good := c.Record()
	for _, broke := range []func(*Record){
		func(r *Record) { r.CreatorID = "" },
		func(r *Record) { r.Basic.Nickname = "" },
		func(r *Record) { r.Introduction = " 介绍 " },
		func(r *Record) { r.Collaborations = []Collaboration{{Brand: ""}} },
		func(r *Record) { r.Collaborations = []Collaboration{{Brand: " 品牌 "}} },
		func(r *Record) { r.Phone = "+86 138 1234 5678" },
		func(r *Record) { r.Feishu = "x" },
		func(r *Record) { r.WeChat = " a12b34" },
		func(r *Record) { r.Email = "A@B.CN" },
		func(r *Record) { r.Hidden = []Item{ItemAvatar} },
		func(r *Record) { r.Hidden = []Item{ItemEmail, ItemLocation} },
		func(r *Record) { r.VirtualNumber = "170-0000-1234" },
		func(r *Record) { r.VirtualNumber = r.Phone },
		func(r *Record) { r.History = make([]Change, MaxHistory+1) },
		func(r *Record) { r.UpdatedAt = r.CreatedAt.Add(-time.Second) },
	} {
		r := good.Clone()
		broke(&r)
		add(FromRecord(r))
	}
	return out
}

// TestZHMessagesAreChinese renders every refusal in zh-CN and finds no
// English word (three or more Latin letters) in it, and no problem
// parameter without its Chinese wording.
func TestZHMessagesAreChinese(t *testing.T) {
	errs := refusals(t)
	if len(errs) < 60 {
		t.Fatalf("only %d refusals", len(errs))
	}
	for _, err := range errs {
		msg := starmap.Message(err, starmap.ZH)
		if w := kit.EnglishWords(msg); len(w) > 0 {
			t.Errorf("zh-CN message holds %q:\n%s\n(%v)", w, msg, err)
		}
		var walk func(error)
		walk = func(err error) {
			var e *starmap.Error
			if errors.As(err, &e) {
				for _, p := range e.Params() {
					if p.Name == "problem" && (p.ZH == "" || p.ZH == p.Value) {
						t.Errorf("problem %q has no Chinese wording (%s)", p.Value, e.Code())
					}
				}
			}
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				for _, x := range j.Unwrap() {
					walk(x)
				}
			}
		}
		walk(err)
		if starmap.Message(err, starmap.EN) == msg {
			t.Errorf("English and zh-CN render the same: %s", msg)
		}
	}
}
