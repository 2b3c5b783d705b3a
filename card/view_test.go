package card_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

func TestAudienceOf(t *testing.T) {
	c := openCard(t)
	cases := []struct {
		name   string
		viewer starmap.Actor
		want   card.Audience
	}{
		{"CRD-5_owner", owner, card.AudienceOwner},
		{"CRD-5_advertiser", starmap.AdvertiserActor("a-1"), card.AudienceAdvertiser},
		{"CRD-5_sub_account", starmap.SubAccountActor("a-1", "s-1"), card.AudienceAdvertiser},
		{"CRD-5_mcn", starmap.MCNActor("m-1"), card.AudienceMCN},
		{"CRD-5_other_creator", starmap.CreatorActor("c-2"), card.AudiencePublic},
		{"CRD-5_platform", platform, card.AudiencePublic},
		{"CRD-5_anonymous", starmap.Actor{}, card.AudiencePublic},
		{"CRD-5_invalid_creator_with_owner_id", starmap.CreatorActor("c-1001 "), card.AudiencePublic},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := card.AudienceOf(c, tc.viewer); got != tc.want {
				t.Fatalf("AudienceOf(%s) = %s; want %s", tc.viewer, got, tc.want)
			}
		})
	}
}

func TestRender(t *testing.T) {
	c := fullCard(t)
	t.Run("CRD-3_owner_sees_everything", func(t *testing.T) {
		v := card.Render(c, owner)
		if v.Contact(card.Phone).Value != realPhone || v.Contact(card.Phone).Virtual {
			t.Fatalf("owner phone line %+v", v.Contact(card.Phone))
		}
		if v.Owner == nil || v.Owner.VirtualNumber != "17000001234" || !v.Owner.VirtualNumberShown || v.Owner.Completeness != 100 {
			t.Fatalf("owner details %+v", v.Owner)
		}
	})
	t.Run("CRD-5_third_parties_see_the_same", func(t *testing.T) {
		preview := card.Preview(c).View()
		if preview.Audience != card.AudiencePublic || preview.Owner != nil {
			t.Fatalf("preview %+v", preview)
		}
		for _, a := range []starmap.Actor{starmap.AdvertiserActor("a-1"), starmap.SubAccountActor("a-1", "s"), starmap.MCNActor("m-1"), starmap.CreatorActor("c-2"), platform, {}} {
			v := card.Render(c, a)
			if v.Audience == card.AudienceOwner {
				t.Fatalf("%s got the owner view", a)
			}
			v.Audience = card.AudiencePublic
			if d := cmp.Diff(preview, v); d != "" {
				t.Fatalf("%s sees something other than the preview (-preview +view):\n%s", a, d)
			}
		}
	})
	t.Run("CRD-3_third_party_phone_is_virtual", func(t *testing.T) {
		v := card.Render(c, starmap.MCNActor("m-1"))
		want := card.ContactView{Method: card.Phone, Lit: true, Value: "17000001234", Virtual: true}
		if v.Contact(card.Phone) != want {
			t.Fatalf("phone line %+v; want %+v", v.Contact(card.Phone), want)
		}
		b, _ := json.Marshal(v)
		if strings.Contains(string(b), realPhone) || strings.Contains(v.Text(), realPhone) {
			t.Fatal("third-party view contains the real number")
		}
	})
	t.Run("CRD-3_synced_fields_masked", func(t *testing.T) {
		k := fullCard(t)
		nb := basic0
		nb.DouyinID = realPhone
		nb.Nickname = "小厨 138-1234-5678"
		if _, err := k.Sync(platform, t0.Add(time.Hour), nb); err != nil {
			t.Fatal(err)
		}
		v := card.Render(k, starmap.AdvertiserActor("a-1"))
		if v.DouyinID != "***********" || v.Nickname != "小厨 ***-****-****" {
			t.Fatalf("synced fields not masked: %q %q", v.DouyinID, v.Nickname)
		}
		if o := card.Render(k, owner); o.DouyinID != realPhone {
			t.Fatalf("owner sees %q", o.DouyinID)
		}
	})
	t.Run("CRD-2_grey_for_others_when_empty", func(t *testing.T) {
		k := openCard(t)
		v := card.Render(k, starmap.AdvertiserActor("a-1"))
		if len(v.Contacts) != 4 {
			t.Fatalf("contacts %+v", v.Contacts)
		}
		for i, m := range card.ContactMethods() {
			if v.Contacts[i].Method != m || v.Contacts[i].Lit {
				t.Fatalf("contact %d = %+v; want grey %s", i, v.Contacts[i], m)
			}
		}
		if !strings.Contains(v.Text(), "微信号:未公开") {
			t.Fatalf("text does not show the grey WeChat: %q", v.Text())
		}
	})
	t.Run("CRD-4_hidden_and_empty_look_alike", func(t *testing.T) {
		hidden := fullCard(t)
		apply(t, hidden, card.NewEdit().Hide(card.ItemWeChat))
		empty := fullCard(t)
		apply(t, empty, card.NewEdit().ClearContact(card.WeChat))
		a := card.Render(hidden, starmap.AdvertiserActor("a-1")).Contact(card.WeChat)
		b := card.Render(empty, starmap.AdvertiserActor("a-1")).Contact(card.WeChat)
		if a != b {
			t.Fatalf("hidden %+v vs empty %+v", a, b)
		}
	})
	t.Run("CRD-3_private_phone_reads_not_public_to_others", func(t *testing.T) {
		// The phone is filled, its virtual number not shown: others see
		// it grey, and the text must not claim it was never filled.
		k := fullCard(t)
		apply(t, k, card.NewEdit().ShowVirtualNumber(false))
		others := card.Render(k, starmap.AdvertiserActor("a-1")).Text()
		if !strings.Contains(others, "手机号:未公开\n") || strings.Contains(others, "未填写") || strings.Contains(others, "1234-5678") {
			t.Fatalf("advertiser's text: %q", others)
		}
		// The owner's view still says which methods are unfilled.
		apply(t, k, card.NewEdit().ClearContact(card.Email))
		if mine := card.Render(k, owner).Text(); !strings.Contains(mine, "邮箱:未填写\n") || strings.Contains(mine, "未公开") {
			t.Fatalf("owner's text: %q", mine)
		}
	})
	t.Run("nil_card_renders_empty", func(t *testing.T) {
		if v := card.Render(nil, owner); v.Audience != card.AudiencePublic || v.Nickname != "" {
			t.Fatalf("Render(nil) = %+v", v)
		}
		if _, err := card.ShareCard(card.Preview(nil), card.ShareLink, "https://x.example/c"); !errors.Is(err, card.ErrShareEmpty) {
			t.Fatalf("share of nil card: %v", err)
		}
	})
	t.Run("views_do_not_alias_the_card", func(t *testing.T) {
		k := fullCard(t)
		v := card.Render(k, owner)
		v.Collaborations[0].Brand = "mutated"
		p := card.Preview(k).View()
		p.Collaborations[0].Brand = "mutated"
		if k.Collaborations()[0].Brand == "mutated" || card.Preview(k).View().Collaborations[0].Brand == "mutated" {
			t.Fatal("a view shares memory with the card")
		}
	})
}

func TestCompleteness(t *testing.T) {
	t.Run("CRD-6_weights_sum_to_100", func(t *testing.T) {
		sum := 0
		for _, it := range card.Items() {
			sum += it.Weight()
		}
		if sum != 100 {
			t.Fatalf("weights sum to %d", sum)
		}
	})
	t.Run("CRD-6_figures", func(t *testing.T) {
		c := openCard(t)
		if got := c.Completeness(); got != 20 {
			t.Fatalf("synced basic only: %d; want 20", got)
		}
		steps := []struct {
			e    *card.Edit
			want int
		}{
			{card.NewEdit().SetContact(card.Phone, realPhone), 35},
			{card.NewEdit().SetContact(card.WeChat, "xiaochu_2026"), 45},
			{card.NewEdit().SetIntroduction("你好"), 65},
			{card.NewEdit().SetContact(card.Feishu, "a@example.com").SetContact(card.Email, "b@example.com"), 85},
			{card.NewEdit().SetCollaborations(card.Collaboration{Brand: "b"}), 100},
			{card.NewEdit().Hide(card.ItemIntroduction, card.ItemEmail), 100},
			{card.NewEdit().ClearContact(card.WeChat), 90},
		}
		for i, s := range steps {
			apply(t, c, s.e)
			if got := c.Completeness(); got != s.want {
				t.Fatalf("step %d: %d; want %d", i, got, s.want)
			}
		}
		nb := basic0
		nb.Avatar, nb.Location = "", ""
		if _, err := c.Sync(platform, t0, nb); err != nil {
			t.Fatal(err)
		}
		if got := c.Completeness(); got != 80 {
			t.Fatalf("after sync without avatar and location: %d; want 80", got)
		}
	})
	t.Run("CRD-6_suggested_sections_first", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetContact(card.Email, "b@example.com"))
		ss := c.Sections()
		var order []card.Section
		seenOther := false
		for _, s := range ss {
			order = append(order, s.Section)
			if !s.Suggested {
				seenOther = true
			} else if seenOther {
				t.Fatalf("suggested section %s after a plain one", s.Section)
			}
		}
		if want := []card.Section{card.SectionContacts, card.SectionIntroduction, card.SectionCollaborations, card.SectionBasic}; !slices.Equal(order, want) {
			t.Fatalf("order %v; want %v", order, want)
		}
		contacts := ss[0]
		if contacts.Title != "联系方式" || contacts.Points != 10 || contacts.Weight != 45 ||
			!slices.Equal(contacts.Missing, []card.Item{card.ItemPhone, card.ItemFeishu, card.ItemWeChat}) {
			t.Fatalf("contacts section %+v", contacts)
		}
		if basic := ss[3]; basic.Editable || basic.Points != 20 || len(basic.Missing) != 0 {
			t.Fatalf("basic section %+v", basic)
		}
		total := 0
		for _, s := range ss {
			total += s.Points
		}
		if total != c.Completeness() {
			t.Fatalf("sections add to %d, completeness %d", total, c.Completeness())
		}
	})
}
