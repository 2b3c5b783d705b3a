package card_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/memstore"
)

// Hostile arguments, by kind. Each is wrong for every parameter of its
// kind; the table below gives each to every exported constructor, function
// and Service method that takes one, the other arguments valid.
var (
	huge = strings.Repeat("介", 1<<20) // 3 MiB

	badIDs = map[string]string{
		"empty": "", "huge": strings.Repeat("c", 1<<20), "space": "c 1001", "slash": "c/1001", "colon": "c:1001",
		"bar": "c|1001", "invalid_utf8": "c\xff", "zero_width": "c-1001\u200b", "rlo": "c-\u202e1001", "nul": "c\x00",
	}
	badActors = map[string]starmap.Actor{
		"zero": {}, "empty_id": starmap.CreatorActor(""), "huge_id": starmap.CreatorActor(strings.Repeat("c", 1<<20)),
		"separator": starmap.CreatorActor("c-1001/x"), "format_char": starmap.CreatorActor("c-1001\u200d"),
		"sub_without_main": starmap.SubAccountActor("", "s"), "unknown_role": unknownRoleActor(),
	}
	badBasics = map[string]card.Basic{
		"zero":              {},
		"huge_nickname":     {Nickname: huge, DouyinID: "d"},
		"huge_douyin_id":    {Nickname: "n", DouyinID: huge},
		"huge_avatar":       {Avatar: "https://x.example/" + huge, Nickname: "n", DouyinID: "d"},
		"bad_utf8":          {Nickname: "\xff", DouyinID: "d"},
		"control":           {Nickname: "n\x1b[31m", DouyinID: "d"},
		"bidi_nickname":     {Nickname: "\u202e8765 4321 831", DouyinID: "d"},
		"script_avatar":     {Avatar: "javascript:alert(1)", Nickname: "n", DouyinID: "d"},
		"format_douyin_id":  {Nickname: "n", DouyinID: "d\u200b"},
		"newline_location":  {Nickname: "n", DouyinID: "d", Location: "杭州\n上海"},
		"untrimmed":         {Nickname: " n ", DouyinID: "d"},
		"nickname_65_runes": {Nickname: strings.Repeat("星", card.MaxNicknameRunes+1), DouyinID: "d"},
	}
	badEdits = map[string]*card.Edit{
		"huge_intro":          card.NewEdit().SetIntroduction(huge),
		"bad_utf8_intro":      card.NewEdit().SetIntroduction("\xff\xfe"),
		"nul_intro":           card.NewEdit().SetIntroduction("a\x00b"),
		"escape_intro":        card.NewEdit().SetIntroduction("\x1b[2J"),
		"bidi_intro":          card.NewEdit().SetIntroduction("\u2067abc\u2069"),
		"leak_intro":          card.NewEdit().SetIntroduction("壹叁捌壹贰叁肆伍陆柒捌"),
		"many_collabs":        card.NewEdit().SetCollaborations(make([]card.Collaboration, 100000)...),
		"huge_brand":          card.NewEdit().SetCollaborations(card.Collaboration{Brand: huge}),
		"empty_brand":         card.NewEdit().SetCollaborations(card.Collaboration{Description: "x"}),
		"huge_description":    card.NewEdit().SetCollaborations(card.Collaboration{Brand: "b", Description: huge}),
		"contact_method_0":    card.NewEdit().SetContact(card.ContactMethod(0), "x"),
		"contact_method_255":  card.NewEdit().SetContact(card.ContactMethod(255), "x"),
		"huge_phone":          card.NewEdit().SetContact(card.Phone, huge),
		"huge_feishu":         card.NewEdit().SetContact(card.Feishu, "https://www.feishu.cn/"+huge),
		"huge_wechat":         card.NewEdit().SetContact(card.WeChat, "a"+huge),
		"huge_email":          card.NewEdit().SetContact(card.Email, huge+"@example.com"),
		"phone_circled":       card.NewEdit().SetContact(card.Phone, "①③⑧①②③④⑤⑥⑦⑧"),
		"phone_is_virtual":    card.NewEdit().SetContact(card.Phone, "17000001234"),
		"wechat_is_the_phone": card.NewEdit().SetContact(card.WeChat, "wx13812345678"),
		"hide_item_0":         card.NewEdit().Hide(card.Item(0)),
		"hide_item_255":       card.NewEdit().Hide(card.Item(255)),
		"hide_nickname":       card.NewEdit().Hide(card.ItemNickname),
		"unhide_phone":        card.NewEdit().Unhide(card.ItemPhone),
	}
	badNumbers = map[string]string{
		"huge": huge, "letters": "abc", "short": "1380013", "bad_utf8": "138\xff12345678", "the_real_phone": realPhone,
		"landline": "01012345678", "plus_other_country": "+14155550100", "circled": "①③⑧①②③④⑤⑥⑦⑧",
	}
	badTargets = map[string]card.ShareTarget{"0": 0, "5": 5, "255": 255}
	badURLs    = map[string]string{
		"empty": "", "huge": "https://x.example/" + huge, "script": "javascript:alert(1)", "http": "http://x.example/c",
		"query": "https://x.example/c?x=1", "fragment": "https://x.example/c#x", "userinfo": "https://u:p@x.example/c",
		"relative": "/card", "no_host": "https://", "bad_escape": "https://x.example/%zz", "control": "https://x.example/\x00",
	}
	badPages = map[string]starmap.PageRequest{
		"negative": {Limit: -1}, "min_int": {Limit: math.MinInt}, "garbage_cursor": {Cursor: "not a cursor"},
		"huge_cursor": {Cursor: huge}, "two_part_cursor": {Cursor: starmap.EncodeCursor("a", "b")}, "bad_utf8_cursor": {Cursor: "\xff"},
	}
	badRecords = map[string]func(*card.Record){
		"zero":            func(r *card.Record) { *r = card.Record{} },
		"huge_intro":      func(r *card.Record) { r.Introduction = huge },
		"bad_id":          func(r *card.Record) { r.CreatorID = "a/b" },
		"huge_history":    func(r *card.Record) { r.History = make([]card.Change, card.MaxHistory+1) },
		"negative_drops":  func(r *card.Record) { r.HistoryDropped = -1 },
		"hidden_unknown":  func(r *card.Record) { r.Hidden = []card.Item{255} },
		"phone_malformed": func(r *card.Record) { r.Phone = "①③⑧①②③④⑤⑥⑦⑧" },
		"virtual_is_real": func(r *card.Record) { r.VirtualNumber = r.Phone },
		"updated_before":  func(r *card.Record) { r.UpdatedAt = r.CreatedAt.Add(-time.Nanosecond) },
		"no_created_at":   func(r *card.Record) { r.CreatedAt = time.Time{} },
		"control_brand":   func(r *card.Record) { r.Collaborations = []card.Collaboration{{Brand: "\x07"}} },
		"many_collabs":    func(r *card.Record) { r.Collaborations = make([]card.Collaboration, card.MaxCollaborations+1) },
	}
)

// unknownRoleActor is an actor of a role outside the five, as a decoder
// that skipped validation might make.
func unknownRoleActor() starmap.Actor {
	a, _ := starmap.NewActor(starmap.Role(99), "x", "")
	return a
}

// adversarialCall is one call of the table: it must return a coded error
// (an *starmap.Error inside) and change nothing, or — noop — return no
// error and change nothing.
type adversarialCall struct {
	name string
	call func(s *card.Service, c *card.Card) error
	noop bool
}

func adversarialCalls() []adversarialCall {
	ctx := context.Background()
	var calls []adversarialCall
	add := func(name string, f func(s *card.Service, c *card.Card) error) {
		calls = append(calls, adversarialCall{name: name, call: f})
	}
	adv := starmap.AdvertiserActor("adv-1")
	for k, id := range badIDs {
		add("Service.Open/id_"+k, func(s *card.Service, _ *card.Card) error { _, _, err := s.Open(ctx, platform, id, basic0); return err })
		add("Service.Sync/id_"+k, func(s *card.Service, _ *card.Card) error { _, _, err := s.Sync(ctx, platform, id, basic0); return err })
		add("Service.Edit/id_"+k, func(s *card.Service, _ *card.Card) error {
			_, _, err := s.Edit(ctx, owner, id, card.NewEdit().SetIntroduction("x"))
			return err
		})
		add("Service.AssignVirtualNumber/id_"+k, func(s *card.Service, _ *card.Card) error {
			_, _, err := s.AssignVirtualNumber(ctx, platform, id, "17000009999")
			return err
		})
		add("Service.View/id_"+k, func(s *card.Service, _ *card.Card) error { _, err := s.View(ctx, adv, id); return err })
		add("Service.Preview/id_"+k, func(s *card.Service, _ *card.Card) error { _, err := s.Preview(ctx, owner, id); return err })
		add("Service.Share/id_"+k, func(s *card.Service, _ *card.Card) error {
			_, err := s.Share(ctx, owner, id, card.ShareLink, "https://x.example/c")
			return err
		})
		add("Service.Card/id_"+k, func(s *card.Service, _ *card.Card) error { _, err := s.Card(ctx, owner, id); return err })
		add("Service.PlatformCard/id_"+k, func(s *card.Service, _ *card.Card) error { _, err := s.PlatformCard(ctx, platform, id); return err })
		add("Service.ForwardingTarget/id_"+k, func(s *card.Service, _ *card.Card) error {
			_, err := s.ForwardingTarget(ctx, platform, id)
			return err
		})
		add("Open/id_"+k, func(*card.Service, *card.Card) error { _, _, err := card.Open(platform, t0, id, basic0); return err })
	}
	for k, a := range badActors {
		add("Service.Open/actor_"+k, func(s *card.Service, _ *card.Card) error { _, _, err := s.Open(ctx, a, "c-new", basic0); return err })
		add("Service.Sync/actor_"+k, func(s *card.Service, _ *card.Card) error { _, _, err := s.Sync(ctx, a, owner.ID(), basic0); return err })
		add("Service.Edit/actor_"+k, func(s *card.Service, _ *card.Card) error {
			_, _, err := s.Edit(ctx, a, owner.ID(), card.NewEdit().SetIntroduction("x"))
			return err
		})
		add("Service.AssignVirtualNumber/actor_"+k, func(s *card.Service, _ *card.Card) error {
			_, _, err := s.AssignVirtualNumber(ctx, a, owner.ID(), "17000009999")
			return err
		})
		if !a.IsZero() { // the zero Actor is the anonymous reader View serves
			add("Service.View/actor_"+k, func(s *card.Service, _ *card.Card) error { _, err := s.View(ctx, a, owner.ID()); return err })
		}
		add("Service.Preview/actor_"+k, func(s *card.Service, _ *card.Card) error { _, err := s.Preview(ctx, a, owner.ID()); return err })
		add("Service.Share/actor_"+k, func(s *card.Service, _ *card.Card) error {
			_, err := s.Share(ctx, a, owner.ID(), card.ShareLink, "https://x.example/c")
			return err
		})
		add("Service.Card/actor_"+k, func(s *card.Service, _ *card.Card) error { _, err := s.Card(ctx, a, owner.ID()); return err })
		add("Service.PlatformCard/actor_"+k, func(s *card.Service, _ *card.Card) error { _, err := s.PlatformCard(ctx, a, owner.ID()); return err })
		add("Service.ForwardingTarget/actor_"+k, func(s *card.Service, _ *card.Card) error {
			_, err := s.ForwardingTarget(ctx, a, owner.ID())
			return err
		})
		add("Service.CreatorIDs/actor_"+k, func(s *card.Service, _ *card.Card) error {
			_, err := s.CreatorIDs(ctx, a, starmap.PageRequest{})
			return err
		})
		add("Open/actor_"+k, func(*card.Service, *card.Card) error { _, _, err := card.Open(a, t0, "c-new", basic0); return err })
		add("Card.Apply/actor_"+k, func(_ *card.Service, c *card.Card) error {
			_, err := c.Apply(a, t0, card.NewEdit().SetIntroduction("x"))
			return err
		})
		add("Card.Sync/actor_"+k, func(_ *card.Service, c *card.Card) error { _, err := c.Sync(a, t0, basic0); return err })
		add("Card.AssignVirtualNumber/actor_"+k, func(_ *card.Service, c *card.Card) error {
			_, err := c.AssignVirtualNumber(a, t0, "17000009999")
			return err
		})
	}
	for k, b := range badBasics {
		add("Service.Open/basic_"+k, func(s *card.Service, _ *card.Card) error { _, _, err := s.Open(ctx, platform, "c-new", b); return err })
		add("Service.Sync/basic_"+k, func(s *card.Service, _ *card.Card) error {
			_, _, err := s.Sync(ctx, platform, owner.ID(), b)
			return err
		})
		add("Open/basic_"+k, func(*card.Service, *card.Card) error { _, _, err := card.Open(platform, t0, "c-new", b); return err })
		add("Card.Sync/basic_"+k, func(_ *card.Service, c *card.Card) error { _, err := c.Sync(platform, t0, b); return err })
		add("Basic.Validate/"+k, func(*card.Service, *card.Card) error { return b.Validate() })
	}
	for k, e := range badEdits {
		add("Service.Edit/edit_"+k, func(s *card.Service, _ *card.Card) error { _, _, err := s.Edit(ctx, owner, owner.ID(), e); return err })
		add("Card.Apply/edit_"+k, func(_ *card.Service, c *card.Card) error { _, err := c.Apply(owner, t0, e); return err })
	}
	for k, n := range badNumbers {
		add("Service.AssignVirtualNumber/number_"+k, func(s *card.Service, _ *card.Card) error {
			_, _, err := s.AssignVirtualNumber(ctx, platform, owner.ID(), n)
			return err
		})
		add("Card.AssignVirtualNumber/number_"+k, func(_ *card.Service, c *card.Card) error {
			_, err := c.AssignVirtualNumber(platform, t0, n)
			return err
		})
		if k != "the_real_phone" { // a valid phone: NormalizePhone accepts it
			add("NormalizePhone/"+k, func(*card.Service, *card.Card) error { _, err := card.NormalizePhone(n); return err })
		}
	}
	for k, tg := range badTargets {
		add("Service.Share/target_"+k, func(s *card.Service, _ *card.Card) error {
			_, err := s.Share(ctx, owner, owner.ID(), tg, "https://x.example/c")
			return err
		})
		add("ShareCard/target_"+k, func(_ *card.Service, c *card.Card) error {
			_, err := card.ShareCard(card.Preview(c), tg, "https://x.example/c")
			return err
		})
	}
	for k, u := range badURLs {
		add("Service.Share/url_"+k, func(s *card.Service, _ *card.Card) error {
			_, err := s.Share(ctx, owner, owner.ID(), card.ShareWeChat, u)
			return err
		})
		add("ShareCard/url_"+k, func(_ *card.Service, c *card.Card) error {
			_, err := card.ShareCard(card.Preview(c), card.ShareImage, u)
			return err
		})
	}
	for k, p := range badPages {
		add("Service.CreatorIDs/page_"+k, func(s *card.Service, _ *card.Card) error {
			_, err := s.CreatorIDs(ctx, platform, p)
			return err
		})
	}
	for k, brk := range badRecords {
		add("FromRecord/"+k, func(_ *card.Service, c *card.Card) error {
			r := c.Record()
			brk(&r)
			_, err := card.FromRecord(r)
			return err
		})
	}
	for _, m := range []card.ContactMethod{0, card.Phone, card.Feishu, card.WeChat, card.Email, 255} {
		for k, v := range map[string]string{"empty": "", "huge": huge, "bad_utf8": "\xff\xfe", "nul": "a\x00@b.cn", "rlo": "\u202e" + realPhone} {
			add(fmt.Sprintf("ValidateContact/%s_%s", m, k), func(*card.Service, *card.Card) error { _, err := card.ValidateContact(m, v); return err })
		}
	}
	for k, v := range map[string]string{"huge": huge, "bad_utf8": "\xff", "nul": "\x00", "bidi": "\u202e"} {
		add("ValidateIntroduction/"+k, func(*card.Service, *card.Card) error { _, err := card.ValidateIntroduction(v); return err })
		add("ValidateCollaborations/brand_"+k, func(*card.Service, *card.Card) error {
			_, err := card.ValidateCollaborations([]card.Collaboration{{Brand: v}})
			return err
		})
	}
	add("ValidateCollaborations/too_many", func(*card.Service, *card.Card) error {
		_, err := card.ValidateCollaborations(make([]card.Collaboration, 1<<20))
		return err
	})
	// Zero and nil values where a value is expected.
	add("Open/zero_time", func(*card.Service, *card.Card) error {
		_, _, err := card.Open(platform, time.Time{}, "c-new", basic0)
		return err
	})
	add("Card.Apply/zero_time", func(_ *card.Service, c *card.Card) error {
		_, err := c.Apply(owner, time.Time{}, card.NewEdit().SetIntroduction("x"))
		return err
	})
	add("Card.Sync/zero_time", func(_ *card.Service, c *card.Card) error { _, err := c.Sync(platform, time.Time{}, basic0); return err })
	for name, c := range map[string]*card.Card{"nil": nil, "zero": {}} {
		add("Card.Apply/"+name+"_card", func(*card.Service, *card.Card) error {
			_, err := c.Apply(owner, t0, card.NewEdit().SetIntroduction("x"))
			return err
		})
		add("Card.Sync/"+name+"_card", func(*card.Service, *card.Card) error { _, err := c.Sync(platform, t0, basic0); return err })
		add("Card.AssignVirtualNumber/"+name+"_card", func(*card.Service, *card.Card) error {
			_, err := c.AssignVirtualNumber(platform, t0, "17000009999")
			return err
		})
	}
	add("ShareCard/zero_view", func(*card.Service, *card.Card) error {
		_, err := card.ShareCard(card.PublicView{}, card.ShareLink, "https://x.example/c")
		return err
	})
	add("ShareCard/nil_card_preview", func(*card.Service, *card.Card) error {
		_, err := card.ShareCard(card.Preview(nil), card.ShareLink, "https://x.example/c")
		return err
	})
	add("NewService/nil_store", func(*card.Service, *card.Card) error {
		_, err := card.NewService(nil, starmap.FixedClock(t0))
		return err
	})
	add("NewService/nil_clock", func(*card.Service, *card.Card) error {
		_, err := card.NewService(memstore.NewCardStore(), nil)
		return err
	})
	add("NewService/nil_option", func(*card.Service, *card.Card) error {
		_, err := card.NewService(memstore.NewCardStore(), starmap.FixedClock(t0), nil)
		return err
	})
	for method, call := range map[string]func(s *card.Service) error{
		"Open": func(s *card.Service) error { _, _, err := s.Open(nil, platform, "c-new", basic0); return err },
		"Edit": func(s *card.Service) error { _, _, err := s.Edit(nil, owner, owner.ID(), card.NewEdit()); return err },
		"Sync": func(s *card.Service) error { _, _, err := s.Sync(nil, platform, owner.ID(), basic0); return err },
		"AssignVirtualNumber": func(s *card.Service) error {
			_, _, err := s.AssignVirtualNumber(nil, platform, owner.ID(), "")
			return err
		},
		"View":       func(s *card.Service) error { _, err := s.View(nil, adv, owner.ID()); return err },
		"CreatorIDs": func(s *card.Service) error { _, err := s.CreatorIDs(nil, platform, starmap.PageRequest{}); return err },
	} {
		add("Service."+method+"/nil_context", func(s *card.Service, _ *card.Card) error { return call(s) })
	}
	// Documented no-ops: an empty edit changes nothing and is no error.
	for name, e := range map[string]*card.Edit{"nil": nil, "zero": {}, "new": card.NewEdit()} {
		calls = append(calls,
			adversarialCall{name: "Service.Edit/" + name + "_edit", noop: true, call: func(s *card.Service, _ *card.Card) error {
				_, _, err := s.Edit(ctx, owner, owner.ID(), e)
				return err
			}},
			adversarialCall{name: "Card.Apply/" + name + "_edit", noop: true, call: func(_ *card.Service, c *card.Card) error {
				_, err := c.Apply(owner, t0, e)
				return err
			}})
	}
	return calls
}

// TestAdversarial_X5 calls every exported constructor, function and
// Service method of the package with zero, nil, huge (MiB) and malformed
// arguments: each answers with a coded error that does not echo
// megabytes of its input — or, for the empty edits the doc calls no-ops,
// with nothing — changes neither the store nor the card, and never
// panics.
func TestAdversarial_X5(t *testing.T) {
	ctx := context.Background()
	calls := adversarialCalls()
	t.Logf("%d adversarial calls", len(calls))
	if len(calls) < 300 {
		t.Fatalf("only %d calls", len(calls))
	}
	snapshot := func(st *memstore.CardStore) []card.Record {
		p, err := st.List(ctx, card.Query{PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
		if err != nil {
			t.Fatal(err)
		}
		return p.Items
	}
	for _, ac := range calls {
		t.Run(ac.name, func(t *testing.T) {
			s, st, _ := newService(t)
			if _, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetContact(card.Phone, realPhone).
				SetIntroduction("你好").ShowVirtualNumber(true)); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.AssignVirtualNumber(ctx, platform, owner.ID(), "17000001234"); err != nil {
				t.Fatal(err)
			}
			c, err := s.Card(ctx, owner, owner.ID())
			if err != nil {
				t.Fatal(err)
			}
			storeBefore, cardBefore := snapshot(st), c.Record()
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				err = ac.call(s, c)
			}()
			switch {
			case ac.noop && err != nil:
				t.Errorf("a no-op returned %v", err)
			case !ac.noop && err == nil:
				t.Errorf("accepted")
			case !ac.noop && len(starmap.Codes(err)) == 0:
				t.Errorf("error without a code: %v", err)
			case err != nil && len(err.Error())+len(starmap.Message(err, starmap.ZH)) > 16<<10:
				t.Errorf("the error echoes %d bytes of its input", len(err.Error()))
			}
			opts := cmp.AllowUnexported(starmap.Actor{})
			if d := cmp.Diff(storeBefore, snapshot(st), opts); d != "" {
				t.Errorf("the store changed (-before +after):\n%s", d)
			}
			if d := cmp.Diff(cardBefore, c.Record(), opts); d != "" {
				t.Errorf("the card changed (-before +after):\n%s", d)
			}
		})
	}
}
