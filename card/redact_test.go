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
		{"CRD-3_chinese_lower", "电话一三八一二三四五六七八", "电话***********"},
		{"CRD-3_chinese_spoken", "幺三八幺两三四五六七八", "***********"},
		{"CRD-3_chinese_upper", "壹叁捌壹贰叁肆伍陆柒捌", "***********"},
		{"CRD-3_mixed_systems", "138一二三四五六七八", "***********"},
		{"CRD-3_chinese_word_breaks_it", "一三八转一二三四五六七八", "一三八转一二三四五六七八"},
		{"CRD-3_format_characters_skipped", "1\u200b38\u00ad1234\u200d5678", "*\u200b**\u00ad****\u200d****"},
		{"CRD-3_backwards_under_rlo", "\u202e8765 4321 831", "\u202e**** **** ***"},
		{"CRD-3_groups_reversed", "שלום 5678 1234 138", "שלום **** **** ***"},
		{"CRD-3_numbers_reversed_joined", "טל 1234-5678 138", "טל ****-**** ***"},
		{"CRD-3_roman_suzhou_ideographs", "Ⅰ〣Ⅷ㈠㊁3 4 5 6 7 8", "****** * * * * *"},
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
	// Zero, in each of its forms, with a number that has zeros.
	const z = "13800001234"
	for _, in := range []string{"一三八〇〇〇〇一二三四", "一三八零零零零一二三四", "一三八○○○○一二三四", "壹叁捌零零零零壹贰叁肆", "138⓪⓿０٠1234"} {
		if !containsPhone(in, z) || containsPhone(redactPhone(in, z), z) {
			t.Errorf("zero forms: %q not found or not masked (%q)", in, redactPhone(in, z))
		}
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

// forms of one digit for FuzzPhoneDetector, chosen by the fuzzer's bytes.
var fuzzForms = [10][]string{
	{"0", "０", "零", "〇", "○", "⓪", "𝟎", "٠"},
	{"1", "１", "一", "幺", "壹", "①", "Ⅰ", "〡", "㈠", "¹"},
	{"2", "２", "二", "两", "贰", "②", "Ⅱ", "〢", "㊁", "₂"},
	{"3", "３", "三", "叁", "參", "③", "Ⅲ", "〣", "𝟑", "³"},
	{"4", "４", "四", "肆", "④", "Ⅳ", "〤", "⑷"},
	{"5", "５", "五", "伍", "⑤", "Ⅴ", "〥", "⒌"},
	{"6", "６", "六", "陆", "陸", "⑥", "Ⅵ", "〦"},
	{"7", "７", "七", "柒", "⑦", "Ⅶ", "〧", "❼"},
	{"8", "８", "八", "捌", "⑧", "Ⅷ", "〨", "➇"},
	{"9", "９", "九", "玖", "⑨", "Ⅸ", "〩", "➒"},
}

var fuzzCf = []string{"", "\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\U000e0041"}
var fuzzSeps = []string{"", " ", "-", ".", "·", ",", "/"}

// writeFuzzed writes phone as the fuzzer's bytes pick: a form, a format
// character and a separator for each digit, and an order (as written,
// backwards under a right-to-left override, or groups last first).
func writeFuzzed(phone string, pick []byte) string {
	next := func(n int) int {
		if len(pick) == 0 {
			return 0
		}
		b := pick[0]
		pick = pick[1:]
		return int(b) % n
	}
	order := next(3)
	digits := make([]string, len(phone))
	for i := range phone {
		forms := fuzzForms[phone[i]-'0']
		digits[i] = fuzzCf[next(len(fuzzCf))] + forms[next(len(forms))]
	}
	switch order {
	case 1: // backwards under RLO
		var b strings.Builder
		for i := len(digits) - 1; i >= 0; i-- {
			b.WriteString(digits[i] + fuzzSeps[next(len(fuzzSeps))])
		}
		return "\u202e" + b.String()
	case 2: // 3 4 4 groups, last first, after Hebrew
		g := []string{strings.Join(digits[:3], ""), strings.Join(digits[3:7], ""), strings.Join(digits[7:], "")}
		return "שלום " + g[2] + " " + g[1] + fuzzSeps[1+next(len(fuzzSeps)-1)] + g[0]
	}
	var b strings.Builder
	for _, d := range digits {
		b.WriteString(d + fuzzSeps[next(len(fuzzSeps))])
	}
	return b.String()
}

// FuzzPhoneDetector: the number, written in forms the fuzzer picks and set
// between letters in any text, is always found; after redaction it is
// never found again, and redaction is idempotent; a text without it is
// left alone; nothing panics.
func FuzzPhoneDetector(f *testing.F) {
	for _, s := range []string{"", "abc", "电话", "13812345678", "\u202e", "שלום 5678", "一三八", "%31%33", "\xff\xfe"} {
		f.Add(s, s, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	}
	f.Add("x", "y", []byte{1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3})
	f.Add("x", "y", []byte{2, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6})
	const p = "13812345678"
	f.Fuzz(func(t *testing.T, before, after string, pick []byte) {
		text := before + "x" + writeFuzzed(p, pick) + "x" + after
		if !containsPhone(text, p) {
			t.Fatalf("containsPhone(%q) = false", text)
		}
		for _, s := range []string{text, before, after} {
			got := redactPhone(s, p)
			if containsPhone(got, p) {
				t.Fatalf("redactPhone(%q) = %q still holds the number", s, got)
			}
			if again := redactPhone(got, p); again != got {
				t.Fatalf("redaction is not idempotent: %q → %q → %q", s, got, again)
			}
			if !containsPhone(s, p) && got != s {
				t.Fatalf("redactPhone(%q) = %q changed a text without the number", s, got)
			}
		}
	})
}
