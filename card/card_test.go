package card_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

func TestOpen(t *testing.T) {
	t.Run("CRD-1_opened_from_account", func(t *testing.T) {
		c, evs, err := card.Open(platform, t0, "c-1", basic0)
		if err != nil {
			t.Fatal(err)
		}
		if c.Basic() != basic0 || !c.SyncedAt().Equal(t0) || c.Version() != 0 {
			t.Fatalf("opened card: %+v synced %v v%d", c.Basic(), c.SyncedAt(), c.Version())
		}
		if len(evs) != 1 || evs[0].Type != "card.opened" || evs[0].Subject != "c-1" || evs[0].Actor != platform {
			t.Fatalf("events = %+v", evs)
		}
		for _, m := range card.ContactMethods() {
			if c.Lit(m) {
				t.Fatalf("CRD-2: a new card has %s lit", m)
			}
		}
	})
	t.Run("X-7_only_platform_opens", func(t *testing.T) {
		for _, a := range []starmap.Actor{owner, starmap.AdvertiserActor("a-1"), starmap.MCNActor("m-1")} {
			if _, _, err := card.Open(a, t0, "c-1", basic0); !errors.Is(err, starmap.ErrActorRole) {
				t.Fatalf("Open by %s = %v; want ErrActorRole", a, err)
			}
		}
	})
	t.Run("CRD-1_bad_basic_every_problem", func(t *testing.T) {
		_, _, err := card.Open(platform, t0, "c-1", card.Basic{Avatar: "ftp://x", Nickname: "", DouyinID: "a b", Location: " 杭州"})
		if got := len(starmap.Codes(err)); got != 4 {
			t.Fatalf("Open with 4 bad fields: %d codes (%v)", got, err)
		}
		if !errors.Is(err, card.ErrBasicInvalid) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("bad_creator_id", func(t *testing.T) {
		if _, _, err := card.Open(platform, t0, "c 1", basic0); !errors.Is(err, starmap.ErrIDInvalid) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestBasicValidate(t *testing.T) {
	long := strings.Repeat("星", card.MaxNicknameRunes)
	text := starmap.ErrTextInvalid
	cases := []struct {
		name string
		b    card.Basic
		want *starmap.Rule // nil: valid
	}{
		{"CRD-1_minimal", card.Basic{Nickname: "a", DouyinID: "b"}, nil},
		{"CRD-1_nickname_at_limit", card.Basic{Nickname: long, DouyinID: "b"}, nil},
		{"CRD-1_nickname_over_limit", card.Basic{Nickname: long + "星", DouyinID: "b"}, card.ErrBasicInvalid},
		{"CRD-1_douyin_id_required", card.Basic{Nickname: "a"}, card.ErrBasicInvalid},
		{"CRD-1_douyin_id_65_bytes", card.Basic{Nickname: "a", DouyinID: strings.Repeat("x", 65)}, card.ErrBasicInvalid},
		{"CRD-1_douyin_id_format_character", card.Basic{Nickname: "a", DouyinID: "b\u200b"}, card.ErrBasicInvalid},
		{"CRD-1_avatar_http", card.Basic{Avatar: "http://x.example/a.png", Nickname: "a", DouyinID: "b"}, nil},
		{"CRD-1_avatar_relative", card.Basic{Avatar: "/a.png", Nickname: "a", DouyinID: "b"}, card.ErrBasicInvalid},
		{"CRD-1_location_control", card.Basic{Nickname: "a", DouyinID: "b", Location: "杭\x00州"}, text},
		{"CRD-1_nickname_bad_utf8", card.Basic{Nickname: "\xff", DouyinID: "b"}, text},
		{"CRD-1_nickname_bidi_control", card.Basic{Nickname: "\u202e小厨", DouyinID: "b"}, text},
		{"CRD-1_nickname_emoji_joiner", card.Basic{Nickname: "小厨👨\u200d🍳", DouyinID: "b"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.b.Validate()
			if (err == nil) != (c.want == nil) || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("Validate = %v; want %v", err, c.want)
			}
		})
	}
}

func TestSync(t *testing.T) {
	t.Run("CRD-1_sync_changes_basic_only", func(t *testing.T) {
		c := fullCard(t)
		before := c.Record()
		nb := card.Basic{Avatar: "https://p3.example.com/b.jpeg", Nickname: "星图大厨", DouyinID: "xiaochu2026", Location: "上海"}
		evs, err := c.Sync(platform, t0.Add(24*time.Hour), nb)
		if err != nil {
			t.Fatal(err)
		}
		after := c.Record()
		if after.Basic != nb || !after.SyncedAt.Equal(t0.Add(24*time.Hour)) {
			t.Fatalf("basic after sync = %+v", after.Basic)
		}
		// Everything editable is as it was.
		before.Basic, after.Basic = card.Basic{}, card.Basic{}
		before.SyncedAt, after.SyncedAt = time.Time{}, time.Time{}
		before.UpdatedAt, after.UpdatedAt = time.Time{}, time.Time{}
		before.History, after.History = nil, nil
		if d := cmp.Diff(before, after); d != "" {
			t.Fatalf("sync touched editable items (-before +after):\n%s", d)
		}
		var items []card.Item
		for _, e := range evs {
			if e.Type != "card.synced" {
				t.Fatalf("event %+v", e)
			}
			items = append(items, itemOf(e.Note))
		}
		if want := []card.Item{card.ItemAvatar, card.ItemNickname, card.ItemLocation}; !slices.Equal(items, want) {
			t.Fatalf("synced items = %v; want %v (Douyin id unchanged)", items, want)
		}
	})
	t.Run("CRD-1_OPS-1_sync_unchanged_records_nothing_but_its_event", func(t *testing.T) {
		c := openCard(t)
		h0, _ := c.History()
		at := t0.Add(time.Hour)
		evs, err := c.Sync(platform, at, basic0)
		h1, _ := c.History()
		if err != nil || len(h1) != len(h0) {
			t.Fatalf("no-op sync: %v, history %d→%d", err, len(h0), len(h1))
		}
		if len(evs) != 1 || evs[0].Type != card.EventSyncUnchanged || evs[0].Subject != c.CreatorID() ||
			evs[0].Actor != platform || !evs[0].At.Equal(at) || evs[0].From != "" || evs[0].To != "" || !c.SyncedAt().Equal(at) {
			t.Fatalf("no-op sync: events %+v, synced at %v; want one %s by the platform at %v", evs, c.SyncedAt(), card.EventSyncUnchanged, at)
		}
	})
	t.Run("CRD-1_creator_cannot_sync", func(t *testing.T) {
		c := openCard(t)
		nb := basic0
		nb.Nickname = "自己改的"
		if _, err := c.Sync(owner, t0, nb); !errors.Is(err, starmap.ErrActorRole) || !errors.Is(err, starmap.ErrForbidden) {
			t.Fatalf("Sync by creator = %v; want ErrActorRole", err)
		}
		if c.Basic() != basic0 {
			t.Fatal("refused sync changed the card")
		}
	})
	t.Run("CRD-1_bad_basic_changes_nothing", func(t *testing.T) {
		c := openCard(t)
		if _, err := c.Sync(platform, t0.Add(time.Hour), card.Basic{Nickname: "x"}); !errors.Is(err, card.ErrBasicInvalid) {
			t.Fatalf("err = %v", err)
		}
		if c.Basic() != basic0 || !c.SyncedAt().Equal(t0) {
			t.Fatal("refused sync changed the card")
		}
	})
}

func itemOf(name string) card.Item {
	for _, it := range card.Items() {
		if it.String() == name {
			return it
		}
	}
	return 0
}

func TestEdit(t *testing.T) {
	t.Run("CRD-1_editable_items", func(t *testing.T) {
		c := openCard(t)
		evs := apply(t, c, card.NewEdit().SetIntroduction("  你好\n我是小厨  ").
			SetCollaborations(card.Collaboration{Brand: " 品牌A ", Description: "视频"}))
		if c.Introduction() != "你好\n我是小厨" {
			t.Fatalf("introduction = %q (trimmed, line break kept)", c.Introduction())
		}
		if got := c.Collaborations(); len(got) != 1 || got[0].Brand != "品牌A" {
			t.Fatalf("collaborations = %+v", got)
		}
		if len(evs) != 2 || evs[0].Type != "card.edited" || evs[0].Note != "introduction" || evs[1].Note != "collaborations" {
			t.Fatalf("events = %+v", evs)
		}
		if c.Basic() != basic0 {
			t.Fatal("CRD-1: an edit changed basic information")
		}
	})
	t.Run("CRD-1_introduction_length_boundary", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetIntroduction(strings.Repeat("介", card.MaxIntroductionRunes)))
		_, err := c.Apply(owner, t0, card.NewEdit().SetIntroduction(strings.Repeat("介", card.MaxIntroductionRunes+1)))
		if !errors.Is(err, card.ErrIntroductionTooLong) {
			t.Fatalf("501 characters: %v", err)
		}
		if n := len([]rune(c.Introduction())); n != card.MaxIntroductionRunes {
			t.Fatalf("refused edit changed the introduction (%d runes)", n)
		}
	})
	t.Run("CRD-1_collaboration_limits", func(t *testing.T) {
		c := openCard(t)
		many := make([]card.Collaboration, card.MaxCollaborations)
		for i := range many {
			many[i] = card.Collaboration{Brand: "b"}
		}
		apply(t, c, card.NewEdit().SetCollaborations(many...))
		if _, err := c.Apply(owner, t0, card.NewEdit().SetCollaborations(append(many, card.Collaboration{Brand: "b"})...)); !errors.Is(err, card.ErrCollaborationsTooMany) {
			t.Fatalf("21 entries: %v", err)
		}
		_, err := c.Apply(owner, t0, card.NewEdit().SetCollaborations(
			card.Collaboration{Brand: " "},
			card.Collaboration{Brand: strings.Repeat("品", card.MaxBrandRunes+1)},
			card.Collaboration{Brand: strings.Repeat("品", card.MaxBrandRunes), Description: strings.Repeat("述", card.MaxDescriptionRunes+1)},
			card.Collaboration{Brand: "ok", Description: strings.Repeat("述", card.MaxDescriptionRunes)},
			card.Collaboration{Brand: "a\nb"},
		))
		codes := starmap.Codes(err)
		want := []starmap.Code{"card.collaboration.invalid", "card.collaboration.invalid", "card.collaboration.invalid", "text.invalid"}
		if !slices.Equal(codes, want) {
			t.Fatalf("codes = %v; want %v", codes, want)
		}
		if len(c.Collaborations()) != card.MaxCollaborations {
			t.Fatal("refused edit changed the collaborations")
		}
	})
	t.Run("CRD-2_every_malformed_contact_reported", func(t *testing.T) {
		c := fullCard(t)
		before := c.Record()
		_, err := c.Apply(owner, t0.Add(3*time.Hour), card.NewEdit().
			SetIntroduction("ok").
			SetContact(card.Phone, "12345").
			SetContact(card.Feishu, "nope").
			SetContact(card.WeChat, "1abc").
			SetContact(card.Email, "a@b").
			SetContact(card.ContactMethod(0), "x").
			Hide(card.ItemNickname))
		got := starmap.Codes(err)
		want := []starmap.Code{"card.contact.method_unknown", "card.contact.phone_malformed", "card.contact.feishu_malformed",
			"card.contact.wechat_malformed", "card.contact.email_malformed", "card.privacy.item_not_hideable"}
		if !slices.Equal(got, want) {
			t.Fatalf("codes = %v; want %v", got, want)
		}
		if d := cmp.Diff(before, c.Record(), cmp.AllowUnexported(starmap.Actor{})); d != "" {
			t.Fatalf("refused edit changed the card:\n%s", d)
		}
	})
	t.Run("CRD-2_lit_and_grey", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetContact(card.WeChat, "xiaochu_2026").SetContact(card.Email, "a@example.com"))
		lit := map[card.ContactMethod]bool{card.WeChat: true, card.Email: true}
		for _, m := range card.ContactMethods() {
			if c.Lit(m) != lit[m] {
				t.Fatalf("%s lit = %v", m, c.Lit(m))
			}
			if v := card.Render(c, owner).Contact(m); v.Lit != lit[m] {
				t.Fatalf("owner view %s lit = %v", m, v.Lit)
			}
		}
		apply(t, c, card.NewEdit().ClearContact(card.WeChat).SetContact(card.Email, "  "))
		if c.Lit(card.WeChat) || c.Lit(card.Email) {
			t.Fatal("cleared contacts still lit")
		}
	})
	t.Run("CRD-2_contacts_normalised", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetContact(card.Phone, "+86 138 1234 5678").SetContact(card.Email, "A@EXAMPLE.COM"))
		if c.Contact(card.Phone) != realPhone || c.Contact(card.Email) != "A@example.com" {
			t.Fatalf("phone %q email %q", c.Contact(card.Phone), c.Contact(card.Email))
		}
	})
	t.Run("CRD-4_unlimited_immediate_each_recorded", func(t *testing.T) {
		c := openCard(t)
		h0, _ := c.History()
		// A month of edits, several a day: none refused, each visible at once.
		for i := 0; i < 120; i++ {
			intro := "第" + strings.Repeat("次", i%7+1) + string(rune('A'+i%26))
			now := t0.Add(time.Duration(i) * 6 * time.Hour)
			evs, err := c.Apply(owner, now, card.NewEdit().SetIntroduction(intro))
			if err != nil {
				t.Fatalf("edit %d refused: %v", i, err)
			}
			if got := card.Render(c, starmap.AdvertiserActor("a-1")).Introduction; got != intro {
				t.Fatalf("edit %d not in effect at once: %q", i, got)
			}
			if len(evs) != 1 || !evs[0].At.Equal(now) || evs[0].To != intro || evs[0].Actor != owner {
				t.Fatalf("edit %d event %+v", i, evs)
			}
		}
		h, dropped := c.History()
		if len(h)+dropped != len(h0)+120 {
			t.Fatalf("history %d + dropped %d; want %d changes", len(h), dropped, len(h0)+120)
		}
		last := h[len(h)-1]
		if last.Kind != card.ChangeEdited || last.Item != card.ItemIntroduction || last.Actor != owner {
			t.Fatalf("last change %+v", last)
		}
	})
	t.Run("CRD-4_history_bounded", func(t *testing.T) {
		c := openCard(t)
		for i := 0; i < card.MaxHistory+50; i++ {
			apply(t, c, card.NewEdit().SetIntroduction(strings.Repeat("x", i%3+1)+string(rune('a'+i%26))))
		}
		h, dropped := c.History()
		if len(h) != card.MaxHistory || dropped != 51 {
			t.Fatalf("history %d dropped %d; want %d and 51", len(h), dropped, card.MaxHistory)
		}
	})
	t.Run("CRD-4_every_collaboration_change_recorded", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetCollaborations(card.Collaboration{Brand: "a: b"}))
		evs := apply(t, c, card.NewEdit().SetCollaborations(card.Collaboration{Brand: "a", Description: "b"}))
		if len(evs) != 1 || evs[0].From == evs[0].To {
			t.Fatalf("collaboration change events %+v", evs)
		}
	})
	t.Run("CRD-4_no_change_records_nothing", func(t *testing.T) {
		c := fullCard(t)
		h0, _ := c.History()
		evs := apply(t, c, card.NewEdit().SetContact(card.Phone, "138 1234 5678").SetIntroduction(c.Introduction()))
		h1, _ := c.History()
		if len(evs) != 0 || len(h1) != len(h0) {
			t.Fatalf("same values: %d events, history %d→%d", len(evs), len(h0), len(h1))
		}
		if evs := apply(t, c, card.NewEdit()); len(evs) != 0 {
			t.Fatal("empty edit produced events")
		}
	})
	t.Run("X-7_only_the_owner_edits", func(t *testing.T) {
		c := openCard(t)
		for _, a := range []starmap.Actor{starmap.CreatorActor("c-2"), starmap.AdvertiserActor("a-1"), starmap.MCNActor("m-1"), platform, {}} {
			_, err := c.Apply(a, t0, card.NewEdit().SetIntroduction("x"))
			if err == nil || c.Introduction() != "" {
				t.Fatalf("edit by %s accepted", a)
			}
		}
		if _, err := c.Apply(starmap.CreatorActor("c-2"), t0, card.NewEdit().SetIntroduction("x")); !errors.Is(err, card.ErrNotOwner) || !errors.Is(err, starmap.ErrForbidden) {
			t.Fatalf("other creator: %v; want ErrNotOwner", err)
		}
	})
	t.Run("CRD-3_phone_history_masked", func(t *testing.T) {
		c := openCard(t)
		evs := apply(t, c, card.NewEdit().SetContact(card.Phone, realPhone))
		if len(evs) != 1 || evs[0].To != "138****5678" || evs[0].Note != "phone" {
			t.Fatalf("phone event %+v", evs)
		}
		evs = apply(t, c, card.NewEdit().SetContact(card.Phone, "13800005678"))
		if evs[0].From != "138****5678" || evs[0].To != "138****5678 (changed)" {
			t.Fatalf("same-mask change event %+v", evs[0])
		}
		h, _ := c.History()
		for _, ch := range h {
			if strings.Contains(ch.Before+ch.After, realPhone) || strings.Contains(ch.Before+ch.After, "13800005678") {
				t.Fatalf("history holds a real number: %+v", ch)
			}
		}
	})
}

func TestHide(t *testing.T) {
	t.Run("CRD-4_single_items_hidden_and_shown_again", func(t *testing.T) {
		c := fullCard(t)
		adv := starmap.AdvertiserActor("a-1")
		hideable := []card.Item{card.ItemLocation, card.ItemIntroduction, card.ItemCollaborations, card.ItemFeishu, card.ItemWeChat, card.ItemEmail}
		for _, it := range hideable {
			apply(t, c, card.NewEdit().Hide(it))
			if !c.Hidden(it) {
				t.Fatalf("%s not hidden", it)
			}
			v := card.Render(c, adv)
			switch it {
			case card.ItemLocation:
				if v.Location != "" {
					t.Fatal("hidden location shown")
				}
			case card.ItemIntroduction:
				if v.Introduction != "" {
					t.Fatal("hidden introduction shown")
				}
			case card.ItemCollaborations:
				if len(v.Collaborations) != 0 {
					t.Fatal("hidden collaborations shown")
				}
			default:
				m := map[card.Item]card.ContactMethod{card.ItemFeishu: card.Feishu, card.ItemWeChat: card.WeChat, card.ItemEmail: card.Email}[it]
				if cv := v.Contact(m); cv.Lit || cv.Value != "" {
					t.Fatalf("hidden %s shown: %+v", m, cv)
				}
			}
			ov := card.Render(c, owner)
			if !slices.Contains(ov.Owner.Hidden, it) {
				t.Fatalf("owner view does not list %s as hidden", it)
			}
			apply(t, c, card.NewEdit().Unhide(it))
			if c.Hidden(it) {
				t.Fatalf("%s still hidden", it)
			}
		}
		if v := card.Render(c, adv); v.Location == "" || v.Introduction == "" || !v.Contact(card.WeChat).Lit {
			t.Fatalf("unhidden items not shown: %+v", v)
		}
	})
	t.Run("CRD-4_card_cannot_be_switched_off", func(t *testing.T) {
		for _, it := range []card.Item{card.ItemAvatar, card.ItemNickname, card.ItemDouyinID, card.ItemPhone, card.ItemVirtualNumber} {
			c := fullCard(t)
			_, err := c.Apply(owner, t0, card.NewEdit().Hide(it))
			if !errors.Is(err, card.ErrItemNotHideable) {
				t.Fatalf("Hide(%s) = %v; want ErrItemNotHideable", it, err)
			}
			if c.Hidden(it) {
				t.Fatalf("%s hidden after refusal", it)
			}
		}
		c := fullCard(t)
		_, err := c.Apply(owner, t0, card.NewEdit().Hide(card.ItemNickname))
		if msg := starmap.Message(err, starmap.ZH); !strings.Contains(msg, "暂时不支持指定关闭") {
			t.Fatalf("zh message %q does not quote the seed", msg)
		}
		if _, err := c.Apply(owner, t0, card.NewEdit().Hide(card.Item(99))); !errors.Is(err, card.ErrItemUnknown) {
			t.Fatalf("unknown item: %v", err)
		}
	})
	t.Run("CRD-4_hide_then_unhide_in_one_edit_last_wins", func(t *testing.T) {
		c := fullCard(t)
		apply(t, c, card.NewEdit().Hide(card.ItemEmail).Unhide(card.ItemEmail))
		if c.Hidden(card.ItemEmail) {
			t.Fatal("last call should win")
		}
	})
}

func TestVirtualNumber(t *testing.T) {
	adv := starmap.AdvertiserActor("a-1")
	cases := []struct {
		name           string
		phone, virtual string
		show           bool
		wantLit        bool
	}{
		{"CRD-3_shown_when_on_assigned_and_phone_filled", realPhone, "17000001234", true, true},
		{"CRD-3_not_shown_when_switched_off", realPhone, "17000001234", false, false},
		{"CRD-3_not_shown_without_assignment", realPhone, "", true, false},
		{"CRD-3_not_shown_without_phone", "", "17000001234", true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := openCard(t)
			e := card.NewEdit().ShowVirtualNumber(c.show)
			if c.phone != "" {
				e.SetContact(card.Phone, c.phone)
			}
			apply(t, k, e)
			if c.virtual != "" {
				if _, err := k.AssignVirtualNumber(platform, t0, c.virtual); err != nil {
					t.Fatal(err)
				}
			}
			cv := card.Render(k, adv).Contact(card.Phone)
			if cv.Lit != c.wantLit || cv.Virtual != c.wantLit {
				t.Fatalf("phone line %+v; want lit=%v", cv, c.wantLit)
			}
			if c.wantLit && cv.Value != c.virtual {
				t.Fatalf("value %q; want the virtual number", cv.Value)
			}
			if !c.wantLit && cv.Value != "" {
				t.Fatalf("grey phone line carries %q", cv.Value)
			}
			ov := card.Render(k, owner).Contact(card.Phone)
			if ov.Value != c.phone || ov.Virtual {
				t.Fatalf("owner sees %+v; want the real number", ov)
			}
		})
	}
	t.Run("CRD-3_assignment_rules", func(t *testing.T) {
		k := openCard(t)
		apply(t, k, card.NewEdit().SetContact(card.Phone, realPhone))
		if _, err := k.AssignVirtualNumber(platform, t0, realPhone); !errors.Is(err, card.ErrVirtualNumberInvalid) {
			t.Fatalf("real number as virtual: %v", err)
		}
		if _, err := k.AssignVirtualNumber(platform, t0, "12345"); !errors.Is(err, card.ErrVirtualNumberInvalid) || !errors.Is(err, card.ErrPhoneMalformed) {
			t.Fatalf("malformed virtual: %v", err)
		}
		if _, err := k.AssignVirtualNumber(owner, t0, "17000001234"); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("creator assigning: %v", err)
		}
		evs, err := k.AssignVirtualNumber(platform, t0, "170 0000 1234")
		if err != nil || len(evs) != 1 || evs[0].Type != "card.virtual_number_assigned" || k.VirtualNumber() != "17000001234" {
			t.Fatalf("assign: %v %+v %q", err, evs, k.VirtualNumber())
		}
		if evs, _ := k.AssignVirtualNumber(platform, t0, "17000001234"); len(evs) != 0 {
			t.Fatal("re-assigning the same number recorded a change")
		}
		if _, err := k.AssignVirtualNumber(platform, t0, ""); err != nil || k.VirtualNumber() != "" {
			t.Fatalf("release: %v %q", err, k.VirtualNumber())
		}
	})
}

func TestFromRecord(t *testing.T) {
	good := fullCard(t).Record()
	t.Run("round_trip", func(t *testing.T) {
		c, err := card.FromRecord(good)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(good, c.Record(), cmp.AllowUnexported(starmap.Actor{})); d != "" {
			t.Fatalf("(-record +rehydrated):\n%s", d)
		}
	})
	breakers := map[string]func(r *card.Record){
		"bad_id":              func(r *card.Record) { r.CreatorID = "" },
		"bad_basic":           func(r *card.Record) { r.Basic.Nickname = "" },
		"long_intro":          func(r *card.Record) { r.Introduction = strings.Repeat("x", card.MaxIntroductionRunes+1) },
		"untrimmed_intro":     func(r *card.Record) { r.Introduction = " x" },
		"bad_collaboration":   func(r *card.Record) { r.Collaborations = []card.Collaboration{{Brand: ""}} },
		"untrimmed_brand":     func(r *card.Record) { r.Collaborations = []card.Collaboration{{Brand: " b"}} },
		"unnormalised_phone":  func(r *card.Record) { r.Phone = "+86 13812345678" },
		"bad_wechat":          func(r *card.Record) { r.WeChat = "1" },
		"unhideable_hidden":   func(r *card.Record) { r.Hidden = []card.Item{card.ItemNickname} },
		"hidden_out_of_order": func(r *card.Record) { r.Hidden = []card.Item{card.ItemEmail, card.ItemLocation} },
		"virtual_is_real":     func(r *card.Record) { r.VirtualNumber = r.Phone },
		"virtual_malformed":   func(r *card.Record) { r.VirtualNumber = "123" },
		"no_created_at":       func(r *card.Record) { r.CreatedAt = time.Time{} },
		"history_too_long":    func(r *card.Record) { r.History = make([]card.Change, card.MaxHistory+1) },
	}
	for name, brk := range breakers {
		t.Run(name, func(t *testing.T) {
			r := good.Clone()
			brk(&r)
			if _, err := card.FromRecord(r); !errors.Is(err, card.ErrRecordInvalid) {
				t.Fatalf("FromRecord = %v; want ErrRecordInvalid", err)
			}
		})
	}
}
