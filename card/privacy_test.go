package card_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// TestPhoneInOtherDigitForms is CRD-3: the real number written in any
// digit form a reader reads as digits — other scripts' decimal digits,
// mathematical, segmented, circled, superscript, subscript, dingbats, or
// percent-encoded in a link — is refused in a public field and masked in
// every view for others.
func TestPhoneInOtherDigitForms(t *testing.T) {
	cases := []struct {
		name string
		e    *card.Edit
	}{
		{"math_bold", card.NewEdit().SetIntroduction("商务联系 𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖")},
		{"monospace", card.NewEdit().SetIntroduction("商务联系 𝟷𝟹𝟾 𝟷𝟸𝟹𝟺 𝟻𝟼𝟽𝟾")},
		{"circled", card.NewEdit().SetIntroduction("商务联系 ①③⑧①②③④⑤⑥⑦⑧")},
		{"superscript", card.NewEdit().SetIntroduction("商务联系 ¹³⁸¹²³⁴⁵⁶⁷⁸")},
		{"subscript", card.NewEdit().SetIntroduction("商务联系 ₁₃₈₁₂₃₄₅₆₇₈")},
		{"segmented", card.NewEdit().SetIntroduction("商务联系 🯱🯳🯸🯱🯲🯳🯴🯵🯶🯷🯸")},
		{"arabic_indic", card.NewEdit().SetIntroduction("商务联系 ١٣٨١٢٣٤٥٦٧٨")},
		{"parenthesised_and_full_stop", card.NewEdit().SetIntroduction("⑴⑶⑻⒈⒉⒊⒋⒌⒍⒎⒏")},
		{"dingbats", card.NewEdit().SetCollaborations(card.Collaboration{Brand: "品牌", Description: "❶➂➑➊②③④⑤⑥⑦⑧"})},
		{"percent_encoded_feishu", card.NewEdit().SetContact(card.Feishu, "https://www.feishu.cn/invitation/%31%33%38%31%32%33%34%35%36%37%38")},
	}
	for _, c := range cases {
		t.Run("CRD-3_"+c.name, func(t *testing.T) {
			cd := openCard(t)
			apply(t, cd, card.NewEdit().SetContact(card.Phone, realPhone))
			before := cd.Record()
			_, err := cd.Apply(owner, t0.Add(2*time.Hour), c.e)
			if !errors.Is(err, card.ErrPhoneInPublicField) {
				t.Fatalf("Apply = %v; want ErrPhoneInPublicField", err)
			}
			if cd.Record().UpdatedAt != before.UpdatedAt {
				t.Fatal("the refused edit changed the card")
			}
		})
	}
	// Planted in a record (the edit check bypassed), the views mask them.
	{
		t.Run("CRD-3_view_masks_every_form", func(t *testing.T) {
			cd := openCard(t)
			apply(t, cd, card.NewEdit().SetContact(card.Phone, realPhone))
			r := cd.Record()
			r.Introduction = "商务联系 𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖 ①③⑧①②③④⑤⑥⑦⑧ ¹³⁸¹²³⁴⁵⁶⁷⁸ ١٣٨١٢٣٤٥٦٧٨ 🯱🯳🯸🯱🯲🯳🯴🯵🯶🯷🯸"
			r.Feishu = "https://www.feishu.cn/invitation/%31%33%38%31%32%33%34%35%36%37%38"
			cd2, err := card.FromRecord(r)
			if err != nil {
				t.Fatal(err)
			}
			txt := card.Render(cd2, starmap.AdvertiserActor("a-1")).Text()
			for _, leak := range []string{"𝟏𝟑𝟖", "①③⑧", "¹³⁸", "١٣٨", "🯱🯳🯸", "%31%33%38", "138"} {
				if strings.Contains(txt, leak) {
					t.Fatalf("the advertiser's view holds %q:\n%s", leak, txt)
				}
			}
		})
	}
}

func TestPrivacyEdits(t *testing.T) {
	cases := []struct {
		name string
		edit *card.Edit
		item card.Item
	}{
		{"CRD-3_phone_in_introduction", card.NewEdit().SetIntroduction("商务请致电 138 1234 5678"), card.ItemIntroduction},
		{"CRD-3_phone_in_collaboration", card.NewEdit().SetCollaborations(card.Collaboration{Brand: "b", Description: "联系13812345678"}), card.ItemCollaborations},
		{"CRD-3_phone_in_wechat", card.NewEdit().SetContact(card.WeChat, "wx13812345678"), card.ItemWeChat},
		{"CRD-3_phone_in_email", card.NewEdit().SetContact(card.Email, "13812345678@163.com"), card.ItemEmail},
		{"CRD-3_phone_in_feishu", card.NewEdit().SetContact(card.Feishu, "13812345678@feishu.example.com"), card.ItemFeishu},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := openCard(t)
			apply(t, k, card.NewEdit().SetContact(card.Phone, realPhone))
			before := k.Record()
			_, err := k.Apply(owner, t0.Add(time.Hour), c.edit)
			if !errors.Is(err, card.ErrPhoneInPublicField) {
				t.Fatalf("err = %v; want ErrPhoneInPublicField", err)
			}
			var e *starmap.Error
			errors.As(err, &e)
			if f, _ := e.Param("field"); f != c.item.String() {
				t.Fatalf("field = %q; want %s", f, c.item)
			}
			if d := cmp.Diff(before, k.Record(), cmp.AllowUnexported(starmap.Actor{})); d != "" {
				t.Fatalf("refused edit changed the card:\n%s", d)
			}
		})
	}
	t.Run("CRD-3_setting_phone_checks_existing_fields", func(t *testing.T) {
		k := openCard(t)
		apply(t, k, card.NewEdit().SetIntroduction("电话 13812345678").SetContact(card.WeChat, "wx13812345678"))
		_, err := k.Apply(owner, t0, card.NewEdit().SetContact(card.Phone, realPhone))
		if got := starmap.Codes(err); len(got) != 2 || got[0] != card.ErrPhoneInPublicField.Code() {
			t.Fatalf("codes = %v", got)
		}
		if k.Lit(card.Phone) {
			t.Fatal("refused phone stored")
		}
	})
	t.Run("CRD-3_other_numbers_are_fine", func(t *testing.T) {
		k := openCard(t)
		apply(t, k, card.NewEdit().SetContact(card.Phone, realPhone).SetIntroduction("粉丝 1381234567,合作 13912345678"))
	})
}

// leakForms are the ways of writing 13812345678 that issue 11 found
// accepted and shown unchanged to an advertiser, and their relatives:
// every one reads as the number to a reader (CRD-3).
var leakForms = []struct{ name, text string }{
	{"chinese_lower", "电话一三八一二三四五六七八"},
	{"chinese_spoken_yao", "电话幺三八幺二三四五六七八"},
	{"chinese_upper", "壹叁捌壹贰叁肆伍陆柒捌"},
	{"rlo_reversed", "\u202e8765 4321 831"},
	{"rlo_reversed_with_pdf", "电话\u202e8765-4321-831\u202c欢迎"},
	{"mixed_ascii_chinese", "138一二三四五六七八"},
	{"mixed_every_system", "①三⑧幺２叁④5六柒８"},
	{"liang_for_two", "一三八一两三四五六七八"},
	{"traditional_upper", "壹參捌壹貳參肆伍陸柒捌"},
	{"roman_and_suzhou", "Ⅰ〣Ⅷ〡Ⅱ〣Ⅳ〥Ⅵ〧Ⅷ"},
	{"ideographs_parenthesised_circled", "㈠㈢㈧㊀㊁㊂㊃㊄㊅㊆㊇"},
	{"zero_width_spaces", "1\u200b3\u200b8\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8"},
	{"joiners_soft_hyphens_bom", "13\u200d8\u00ad12\u2060345\ufeff67\u180e8"},
	{"tag_characters", "138\U000e0031\U000e00321234\U000e00205678"},
	{"format_chars_between_chinese", "一\u200b三\u200c八\u200d一二三四五六七八"},
	{"groups_reversed_after_hebrew", "שלום 5678 1234 138"},
	{"groups_reversed_after_arabic", "هاتف 5678-1234-138"},
	{"numbers_reversed_after_hebrew", "טל 1234-5678 138"},
	{"reversed_chinese_under_rlo", "\u202e八七六五四三二一八三一"},
	{"rlm_marks_between", "138\u200f1234\u200e5678"},
}

// TestIssue11PhoneLeaks_CRD3 is issue 11's CRD-3: with the real phone
// 13812345678 on the card, each of leakForms is refused by an edit with
// ErrPhoneInPublicField (texts holding bidi controls are refused as text
// too), and, planted in a stored record, shows to no third party.
func TestIssue11PhoneLeaks_CRD3(t *testing.T) {
	for _, f := range leakForms {
		t.Run("CRD-3_refused_on_edit_"+f.name, func(t *testing.T) {
			for name, e := range map[string]*card.Edit{
				"introduction":  card.NewEdit().SetIntroduction("商务合作 " + f.text),
				"collaboration": card.NewEdit().SetCollaborations(card.Collaboration{Brand: "品牌", Description: f.text}),
			} {
				c := openCard(t)
				apply(t, c, card.NewEdit().SetContact(card.Phone, realPhone))
				before := c.Record()
				_, err := c.Apply(owner, t0.Add(2*time.Hour), e)
				if !errors.Is(err, card.ErrPhoneInPublicField) {
					t.Fatalf("%s %q: Apply = %v; want ErrPhoneInPublicField", name, f.text, err)
				}
				if hasBidiControl(f.text) && !errors.Is(err, starmap.ErrTextInvalid) {
					t.Fatalf("%s %q: bidi controls not refused: %v", name, f.text, err)
				}
				if d := cmp.Diff(before, c.Record(), cmp.AllowUnexported(starmap.Actor{})); d != "" {
					t.Fatalf("the refused edit changed the card:\n%s", d)
				}
			}
		})
		t.Run("CRD-3_masked_in_views_"+f.name, func(t *testing.T) {
			s, st, _ := newService(t)
			ctx := context.Background()
			if _, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetContact(card.Phone, realPhone)); err != nil {
				t.Fatal(err)
			}
			// A record stored by an earlier version, which let these through.
			r, err := st.Get(ctx, owner.ID())
			if err != nil {
				t.Fatal(err)
			}
			r.Introduction = "商务合作 " + f.text
			r.Collaborations = []card.Collaboration{{Brand: "品牌", Description: f.text}}
			if _, err := st.Update(ctx, r); err != nil {
				t.Fatal(err)
			}
			for _, viewer := range []starmap.Actor{starmap.AdvertiserActor("adv-1"), starmap.MCNActor("mcn-1"), {}} {
				v, err := s.View(ctx, viewer, owner.ID())
				if err != nil {
					t.Fatalf("View by %s: %v", viewer, err)
				}
				j, _ := json.Marshal(v)
				for _, txt := range []string{v.Text(), string(j), v.Introduction, v.Collaborations[0].Description} {
					if leaks(txt, realPhone) || hasBidiControl(txt) {
						t.Fatalf("%s sees %q", viewer, txt)
					}
				}
			}
			// The owner sees the text as stored.
			if o, _ := s.View(ctx, owner, owner.ID()); o.Introduction != r.Introduction {
				t.Fatalf("owner sees %q; want %q", o.Introduction, r.Introduction)
			}
		})
	}
}

// TestNotLeaks_CRD3 lists what the detector leaves alone: other numbers,
// numbers broken by a letter, place-value Chinese numbers, and the forms
// the package doc says it does not read (spelled-out English, look-alike
// letters).
func TestNotLeaks_CRD3(t *testing.T) {
	for _, text := range []string{
		"粉丝 1381234567,合作 13912345678", // a digit short; another number
		"138a12345678",                 // a letter breaks it
		"一百三十八亿一千二百三十四万五千六百七十八",                                   // place-value, not digit by digit
		"one three eight one two three four five six seven eight", // spelled out in English
		"l38l2345678",     // look-alike letters
		"87654321831 反着写", // backwards without a bidi control is still read
	} {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetContact(card.Phone, realPhone))
		_, err := c.Apply(owner, t0.Add(time.Hour), card.NewEdit().SetIntroduction(text))
		want := strings.HasPrefix(text, "87654321831")
		if errors.Is(err, card.ErrPhoneInPublicField) != want {
			t.Errorf("%q: Apply = %v; want refused=%v", text, err, want)
		}
	}
}
