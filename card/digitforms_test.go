package card_test

import (
	"errors"
	"strings"
	"testing"
	"time"

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
