package card_test

// The tests' own leak detector: what a reader reads as the phone number,
// written independently of the package's folding (digits.go), so that the
// properties and the model test can catch that folding's blind spots.

import (
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/starmap-go/starmap/card/cardtest"
)

// digitRows is the leak detector's own table of ways to write the digits
// 0–9, one string of ten per style, written out here independently of the
// package's digit folding (Unicode Nd ranges plus a table of numerals), so
// the property can catch that folding's blind spots. A style with no zero
// has a space in its place; otherDigits holds the forms that fit no row.
var digitRows = []string{
	"0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९",
	"𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "𝟘𝟙𝟚𝟛𝟜𝟝𝟞𝟟𝟠𝟡", "𝟢𝟣𝟤𝟥𝟦𝟧𝟨𝟩𝟪𝟫", "𝟬𝟭𝟮𝟯𝟰𝟱𝟲𝟳𝟴𝟵", "𝟶𝟷𝟸𝟹𝟺𝟻𝟼𝟽𝟾𝟿",
	"🯰🯱🯲🯳🯴🯵🯶🯷🯸🯹", "⁰¹²³⁴⁵⁶⁷⁸⁹", "₀₁₂₃₄₅₆₇₈₉", "⓪①②③④⑤⑥⑦⑧⑨", "⓿❶❷❸❹❺❻❼❽❾",
	" ⑴⑵⑶⑷⑸⑹⑺⑻⑼", " ⒈⒉⒊⒋⒌⒍⒎⒏⒐", " ➀➁➂➃➄➅➆➇➈", " ➊➋➌➍➎➏➐➑➒",
	// Chinese numerals, lower and upper case (大写).
	"零一二三四五六七八九", "〇壹贰叁肆伍陆柒捌玖",
	// Roman and Suzhou numerals, parenthesised and circled ideographs.
	" ⅠⅡⅢⅣⅤⅥⅦⅧⅨ", " ⅰⅱⅲⅳⅴⅵⅶⅷⅸ", "〇〡〢〣〤〥〦〧〨〩", " ㈠㈡㈢㈣㈤㈥㈦㈧㈨", " ㊀㊁㊂㊃㊄㊅㊆㊇㊈",
}

// otherDigits: the spoken 幺 (1) and 两 (2), traditional upper case, and
// the circle written for zero.
var otherDigits = map[rune]byte{'幺': '1', '两': '2', '兩': '2', '貳': '2', '參': '3', '陸': '6', '○': '0'}

var digitOf = func() map[rune]byte {
	m := maps.Clone(otherDigits)
	for _, row := range digitRows {
		for d, r := range []rune(row) {
			if r != ' ' {
				m[r] = byte('0' + d)
			}
		}
	}
	return m
}()

// runsOf reads s as a reader does and returns its runs of digits: a
// letter (that is no numeral) ends a run; an invisible format character
// (Unicode Cf) is no character at all; any other character is a gap
// between the groups of digits of a run. Percent-escapes are decoded
// first. Each run is its groups of ASCII digits, in written order.
func runsOf(s string) [][]string {
	if d, err := url.PathUnescape(s); err == nil {
		s = d
	}
	var (
		runs  [][]string
		run   []string
		group strings.Builder
		gap   bool
	)
	end := func() {
		if group.Len() > 0 {
			run = append(run, group.String())
			group.Reset()
		}
	}
	for _, r := range s {
		d, digit := digitOf[r]
		switch {
		case digit:
			if gap {
				end()
				gap = false
			}
			group.WriteByte(d)
		case unicode.Is(unicode.Cf, r):
		case unicode.IsLetter(r):
			end()
			runs, run = append(runs, run), nil
		default:
			gap = true
		}
	}
	end()
	return append(runs, run)
}

// leaks reports whether a reader can read phone in s: in a run of its
// digits read forwards, backwards (as a right-to-left override shows
// them), or group by group from the last (as right-to-left text shows a
// row of numbers).
func leaks(s, phone string) bool {
	if strings.Contains(s, phone) {
		return true
	}
	for _, run := range runsOf(s) {
		forward := strings.Join(run, "")
		backward := []byte(forward)
		slices.Reverse(backward)
		groups := slices.Clone(run)
		slices.Reverse(groups)
		for _, reading := range []string{forward, string(backward), strings.Join(groups, "")} {
			if strings.Contains(reading, phone) {
				return true
			}
		}
	}
	return false
}

// hasBidiControl reports the characters that reorder text, which every
// free-text field refuses (starmap.TextField).
func hasBidiControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
	})
}

func TestLeakDetector(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"138 1234 5678", true}, {"𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", true}, {"①③⑧①②③④⑤⑥⑦⑧", true}, {"¹³⁸¹²³⁴⁵⁶⁷⁸", true},
		{"١٣٨١٢٣٤٥٦٧٨", true}, {"🯱🯳🯸🯱🯲🯳🯴🯵🯶🯷🯸", true}, {"%31%33%38%31%32%33%34%35%36%37%38", true},
		{"电话一三八一二三四五六七八", true}, {"电话幺三八幺二三四五六七八", true}, {"壹叁捌壹贰叁肆伍陆柒捌", true},
		{"\u202e8765 4321 831", true}, {"138一二三四五六七八", true}, {"1\u200b3\u200d8\u00ad1234\ufeff5678", true},
		{"שלום 5678 1234 138", true},
		{"138a12345678", false}, {"13912345678", false}, {"138一二三四五六七", false}, {"138 1234 567", false},
	} {
		if got := leaks(c.in, "13812345678"); got != c.want {
			t.Errorf("leaks(%q) = %v", c.in, got)
		}
	}
	// Every form the kit's generator writes is one the detector reads.
	for d := 0; d < 10; d++ {
		for _, f := range cardtest.DigitForms(d) {
			if got := runsOf(f); len(got) != 1 || strings.Join(got[0], "") != string(rune('0'+d)) {
				t.Errorf("the detector reads %q (a %d) as %q", f, d, got)
			}
		}
	}
}
