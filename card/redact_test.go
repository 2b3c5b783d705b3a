package card

import (
	"strings"
	"testing"
)

func TestRedactPhone(t *testing.T) {
	const p = "13812345678"
	cases := []struct{ name, in, want string }{
		{"CRD-3_plain", "call 13812345678 now", "call *********** now"},
		{"CRD-3_spaces", "138 1234 5678", "*** **** ****"},
		{"CRD-3_hyphens_and_dots", "138-1234.5678", "***-****.****"},
		{"CRD-3_plus86", "+86 13812345678", "+86 ***********"},
		{"CRD-3_inside_digits", "9138123456789", "9***********9"},
		{"CRD-3_fullwidth", "电话１３８１２３４５６７８", "电话***********"},
		{"CRD-3_chinese_punctuation", "138,1234。5678", "***,****。****"},
		{"CRD-3_twice", "13812345678/13812345678", "***********/***********"},
		{"CRD-3_letter_breaks_it", "138a12345678", "138a12345678"},
		{"CRD-3_other_number_kept", "13912345678", "13912345678"},
		{"CRD-3_prefix_only", "1381234567", "1381234567"},
		{"CRD-3_restart_after_partial", "11381381234567813", "1138***********13"},
		{"CRD-3_empty", "", ""},
		{"CRD-3_math_bold", "电话𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "电话***********"},
		{"CRD-3_monospace", "𝟷𝟹𝟾 𝟷𝟸𝟹𝟺 𝟻𝟼𝟽𝟾", "*** **** ****"},
		{"CRD-3_circled", "①③⑧①②③④⑤⑥⑦⑧", "***********"},
		{"CRD-3_superscript", "¹³⁸¹²³⁴⁵⁶⁷⁸", "***********"},
		{"CRD-3_subscript", "₁₃₈₁₂₃₄₅₆₇₈", "***********"},
		{"CRD-3_segmented", "🯱🯳🯸🯱🯲🯳🯴🯵🯶🯷🯸", "***********"},
		{"CRD-3_arabic_indic", "١٣٨١٢٣٤٥٦٧٨", "***********"},
		{"CRD-3_dingbats_mixed", "❶③8➀②3⒋⑸⓺➐➑", "***********"},
		{"CRD-3_two_digit_sign", "⑬8 1234 5678", "** **** ****"},
		{"CRD-3_percent_encoded", "/invitation/%31%33%38%31%32%33%34%35%36%37%38", "/invitation/*********************************"},
		{"CRD-3_percent_encoded_fullwidth", "x/%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98", "x/***********"},
		{"CRD-3_joined_around_a_masked_number", "1381234513812345678678", "**********************"},
		{"CRD-3_letter_between_forms", "𝟏𝟑𝟖x12345678", "𝟏𝟑𝟖x12345678"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := redactPhone(c.in, p); got != c.want {
				t.Fatalf("redactPhone(%q) = %q; want %q", c.in, got, c.want)
			}
			if containsPhone(redactPhone(c.in, p), p) {
				t.Fatal("the redacted text still contains the number")
			}
		})
	}
	if got := redactPhone("13812345678", ""); got != "13812345678" {
		t.Fatalf("no phone: %q", got)
	}
}

// FuzzRedactPhone: whatever the text, the redacted text no longer holds
// the number, has as many characters, and is unchanged when it held none.
func FuzzRedactPhone(f *testing.F) {
	for _, s := range []string{"13812345678", "138 1234 5678", "１３８１２３４５６７８", "11381381234567813", "+86-138-1234-5678", "abc", "𝟏𝟑𝟖①②③⁴⁵⁶₇₈", "%31%33%381234%35678", "⑬⑧", "\xff13812345678"} {
		f.Add(s)
	}
	const p = "13812345678"
	f.Fuzz(func(t *testing.T, s string) {
		got := redactPhone(s, p)
		if containsPhone(got, p) {
			t.Fatalf("redactPhone(%q) = %q still holds the number", s, got)
		}
		if !containsPhone(s, p) && got != s {
			t.Fatalf("redactPhone(%q) = %q changed a text without the number", s, got)
		}
		if !strings.Contains(s, "%") && len([]rune(got)) != len([]rune(s)) {
			t.Fatalf("redactPhone(%q) = %q changed the length", s, got)
		}
	})
}
