package card_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap/card"
)

func TestShareCard(t *testing.T) {
	const base = "https://www.example.com/card"
	c := fullCard(t)
	p := card.Preview(c)
	t.Run("CRD-5_link", func(t *testing.T) {
		s, err := card.ShareCard(p, card.ShareLink, base)
		if err != nil {
			t.Fatal(err)
		}
		want := card.Share{Target: card.ShareLink, URL: base + "/c-1001", Title: "星图小厨的达人名片"}
		if s != want {
			t.Fatalf("share %+v; want %+v", s, want)
		}
	})
	t.Run("CRD-5_wechat", func(t *testing.T) {
		s, err := card.ShareCard(p, card.ShareWeChat, base+"/")
		if err != nil {
			t.Fatal(err)
		}
		if s.URL != base+"/c-1001" || s.Description != "家常菜与烘焙,每周三更。" || s.ImageURL != basic0.Avatar || s.Text != "" {
			t.Fatalf("share %+v", s)
		}
	})
	t.Run("CRD-5_feishu_and_image_text_is_the_preview", func(t *testing.T) {
		for _, tg := range []card.ShareTarget{card.ShareFeishu, card.ShareImage} {
			s, err := card.ShareCard(p, tg, base)
			if err != nil {
				t.Fatal(err)
			}
			if s.Text != p.Text() || !strings.Contains(s.Text, "手机号(虚拟号):17000001234") || strings.Contains(s.Text, realPhone) {
				t.Fatalf("%s text %q", tg, s.Text)
			}
		}
	})
	t.Run("CRD-5_wechat_description_cut", func(t *testing.T) {
		k := fullCard(t)
		apply(t, k, card.NewEdit().SetIntroduction(strings.Repeat("长", 100)))
		s, _ := card.ShareCard(card.Preview(k), card.ShareWeChat, base)
		if n := len([]rune(s.Description)); n != card.MaxShareDescriptionRunes || !strings.HasSuffix(s.Description, "…") {
			t.Fatalf("description %d runes: %q", n, s.Description)
		}
		k2 := openCard(t)
		s2, _ := card.ShareCard(card.Preview(k2), card.ShareWeChat, base)
		if s2.Description != "浙江 杭州 · 抖音号:xiaochu2026" {
			t.Fatalf("fallback description %q", s2.Description)
		}
	})
	t.Run("CRD-5_refusals", func(t *testing.T) {
		if _, err := card.ShareCard(p, card.ShareTarget(0), base); !errors.Is(err, card.ErrShareTargetUnknown) {
			t.Fatalf("target 0: %v", err)
		}
		for _, b := range []string{"http://x.example/c", "https://", "/card", "https://x.example/c?x=1", "https://u@x.example/"} {
			if _, err := card.ShareCard(p, card.ShareLink, b); !errors.Is(err, card.ErrShareBaseURLInvalid) {
				t.Fatalf("base %q: %v", b, err)
			}
		}
		if _, err := card.ShareCard(card.PublicView{}, card.ShareLink, base); !errors.Is(err, card.ErrShareEmpty) {
			t.Fatalf("zero view: %v", err)
		}
	})
	t.Run("CRD-5_hidden_items_not_shared", func(t *testing.T) {
		k := fullCard(t)
		apply(t, k, card.NewEdit().Hide(card.ItemWeChat, card.ItemLocation))
		s, _ := card.ShareCard(card.Preview(k), card.ShareImage, base)
		if strings.Contains(s.Text, "xiaochu_2026") || strings.Contains(s.Text, "杭州") {
			t.Fatalf("hidden items in the shared text: %q", s.Text)
		}
	})
}

// TestShareURLParsesBack is CRD-5 for share links: the link of a card
// names its creator one way only — two creators never share a link, and
// the last path segment unescapes to the creator id — for any valid id
// (non-ASCII, percent signs, dots …) that does not hold the creator's own
// number (which third parties see masked, link included).
func TestShareURLParsesBack(t *testing.T) {
	id := rapid.StringMatching(`[a-zA-Z0-9._~%!$&'()*+,;=@\-]{1,12}|[星图达人%?#]{1,6}[0-9]{0,4}`)
	link := func(t *rapid.T, creatorID string) string {
		c, _, err := card.Open(platform, t0, creatorID, basic0)
		if err != nil {
			t.Skipf("id %q: %v", creatorID, err)
		}
		s, err := card.ShareCard(card.Preview(c), card.ShareLink, "https://www.example.com/card")
		if err != nil {
			t.Fatalf("share of %q: %v", creatorID, err)
		}
		return s.URL
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b := id.Draw(t, "a"), id.Draw(t, "b")
		ua := link(t, a)
		seg, ok := strings.CutPrefix(ua, "https://www.example.com/card/")
		if !ok {
			t.Fatalf("link %q is not under the base", ua)
		}
		if got, err := url.PathUnescape(seg); err != nil || got != a {
			t.Fatalf("link %q reads back as %q, %v; want %q", ua, got, err, a)
		}
		if u, err := url.Parse(ua); err != nil || u.Path != "/card/"+a {
			t.Fatalf("link %q parses to path %q, %v", ua, u.Path, err)
		}
		if ub := link(t, b); a != b && ua == ub {
			t.Fatalf("creators %q and %q share the link %q", a, b, ua)
		}
	})
}
