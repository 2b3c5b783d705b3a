package compliance

import (
	"unicode"
	"unicode/utf8"
)

// Folding: the one normalisation that terms, allowed phrases, disclosure
// markers and the checked text all go through, so that a term matches
// however it is written (CPL-1). fold maps one rune of text to the rune the
// matcher sees, or reports that the rune is a separator the matcher skips:
//
//   - letters and numbers are kept; everything else — white space,
//     punctuation, symbols and emoji, combining and variation marks,
//     format characters (zero-width space and joiners, soft hyphen, word
//     joiner, byte-order mark, bidi controls), control characters, the
//     Hangul fillers that render blank, unassigned code points and the
//     U+FFFD that stands for an invalid byte — is a separator: "最 佳",
//     "最.佳", "最\u200b佳" and "最★佳" all fold to "最佳";
//   - full-width ASCII (U+FF01–U+FF5E) becomes ASCII: "ＮＯ．１" → "no1";
//   - letters lose their case ("No.1", "NO.1", "no.1" → "no1"); the
//     mathematical alphanumerics (𝐍𝐎) and the circled letters (Ⓝⓞ) become
//     ASCII letters first;
//   - decimal digits of every script (Unicode Nd: full-width, Arabic-Indic,
//     mathematical …) and the digit signs ① ⑴ ⒈ ❶ ➀ ➊ ⓵ ¹ ₁ become ASCII
//     digits.
//
// Not folded (a host adds such spellings as terms of their own):
// traditional and simplified characters (國家級 and 国家级 are different
// terms; DefaultTerms lists the traditional spellings of its terms), the
// Kangxi radicals and compatibility ideographs that look like common
// characters, homoglyphs across scripts (Cyrillic О for Latin O, the digit
// 0 for the letter O), and Chinese numerals against digits (第一 is not 第1).

// fold returns the folded rune and true, or false for a separator. It is
// idempotent: fold of a folded rune is that rune.
func fold(r rune) (rune, bool) {
	switch {
	case r < 0x80:
		f := asciiFold[r]
		return rune(f), f != 0
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF:
		// CJK Unified Ideographs and Extension A: every code point is
		// an assigned letter without case (checked by a test).
		return r, true
	case r >= 0xFF01 && r <= 0xFF5E:
		f := asciiFold[r-0xFEE0]
		return rune(f), f != 0
	case r < 0x100:
		f := latin1Fold[r-0x80]
		return f, f != 0
	case r >= 0x2000 && r < 0x2070:
		f := punctFold[r-0x2000]
		return f, f != 0
	case r >= 0x3000 && r < 0x3040:
		f := cjkPunctFold[r-0x3000]
		return f, f != 0
	}
	return foldSlow(r)
}

var (
	asciiFold    [0x80]byte
	latin1Fold   [0x80]rune
	punctFold    [0x70]rune
	cjkPunctFold [0x40]rune
)

func init() {
	for r := rune(0); r < 0x80; r++ {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			asciiFold[r] = byte(r)
		case r >= 'A' && r <= 'Z':
			asciiFold[r] = byte(r + 'a' - 'A')
		}
	}
	for i := range latin1Fold {
		latin1Fold[i], _ = foldSlow(rune(0x80 + i))
	}
	for i := range punctFold {
		punctFold[i], _ = foldSlow(rune(0x2000 + i))
	}
	for i := range cjkPunctFold {
		cjkPunctFold[i], _ = foldSlow(rune(0x3000 + i))
	}
}

// foldSlow is fold from the Unicode tables, for the runes the fast paths
// and the small tables do not cover (and to build those tables).
func foldSlow(r rune) (rune, bool) {
	if d, ok := digitValue(r); ok {
		return '0' + d, true
	}
	if l, ok := asciiLetter(r); ok {
		return l, true
	}
	switch r {
	case 0x115F, 0x1160, 0x3164, 0xFFA0: // Hangul fillers: letters that render blank
		return 0, false
	}
	switch {
	case unicode.IsLetter(r):
		// Upper then lower: "ı", "ſ" and the title-case digraphs end on
		// the same rune as their plain forms.
		f := unicode.ToLower(unicode.ToUpper(r))
		if f < 0x80 {
			return rune(asciiFold[f]), true
		}
		return f, true
	case unicode.IsNumber(r):
		return r, true
	}
	return 0, false
}

// digitValue reads the decimal digits of every script and the common digit
// signs as their value.
func digitValue(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9':
		return r - '0', true
	case r == 0xB2 || r == 0xB3: // ² ³
		return r - 0xB0, true
	case r == 0xB9: // ¹
		return 1, true
	case r == 0x2070: // ⁰
		return 0, true
	case r >= 0x2074 && r <= 0x2079: // ⁴ … ⁹
		return r - 0x2070, true
	case r >= 0x2080 && r <= 0x2089: // ₀ … ₉
		return r - 0x2080, true
	case r >= 0x2460 && r <= 0x2468: // ① … ⑨
		return r - 0x2460 + 1, true
	case r >= 0x2474 && r <= 0x247C: // ⑴ … ⑼
		return r - 0x2474 + 1, true
	case r >= 0x2488 && r <= 0x2490: // ⒈ … ⒐
		return r - 0x2488 + 1, true
	case r == 0x24EA || r == 0x24FF: // ⓪ ⓿
		return 0, true
	case r >= 0x24F5 && r <= 0x24FD: // ⓵ … ⓽
		return r - 0x24F5 + 1, true
	case r >= 0x2776 && r <= 0x277E: // ❶ … ❾
		return r - 0x2776 + 1, true
	case r >= 0x2780 && r <= 0x2788: // ➀ … ➈
		return r - 0x2780 + 1, true
	case r >= 0x278A && r <= 0x2792: // ➊ … ➒
		return r - 0x278A + 1, true
	case r >= 0x1F100 && r <= 0x1F10A: // 🄀 🄁 … 🄊 (digit with full stop or comma)
		if r == 0x1F100 || r == 0x1F101 {
			return 0, true
		}
		return (r - 0x1F102 + 1) % 10, true
	}
	if r < 0x660 || !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	// Unicode encodes every decimal digit set as a contiguous run 0…9
	// (a stability guarantee), and the Nd table's ranges are unions of
	// whole runs (checked by a test): the value is the offset modulo 10.
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10, true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10, true
		}
	}
	return 0, false
}

// asciiLetter reads the mathematical alphanumeric letters (𝐀 … 𝚣, in
// sets of 52) and the circled and parenthesised Latin letters as ASCII
// lower-case letters.
func asciiLetter(r rune) (rune, bool) {
	switch {
	case r >= 0x1D400 && r <= 0x1D6A3:
		i := (r - 0x1D400) % 52
		if i >= 26 {
			i -= 26
		}
		return 'a' + i, true
	case r >= 0x24B6 && r <= 0x24CF: // Ⓐ … Ⓩ
		return 'a' + r - 0x24B6, true
	case r >= 0x24D0 && r <= 0x24E9: // ⓐ … ⓩ
		return 'a' + r - 0x24D0, true
	case r >= 0x249C && r <= 0x24B5: // ⒜ … ⒵
		return 'a' + r - 0x249C, true
	case r >= 0x1F130 && r <= 0x1F149: // 🄰 … 🅉 squared
		return 'a' + r - 0x1F130, true
	case r >= 0x1F150 && r <= 0x1F169: // 🅐 … 🅩 negative circled
		return 'a' + r - 0x1F150, true
	case r >= 0x1F170 && r <= 0x1F189: // 🅰 … 🆉 negative squared
		return 'a' + r - 0x1F170, true
	}
	return 0, false
}

// wordRune reports whether a folded rune belongs to a script written with
// spaces between words (Latin letters, digits, Greek, Cyrillic …): a term
// that starts or ends with such a rune matches only at a word boundary
// (see Checker). Han, kana and Hangul are written without spaces and have
// no boundaries.
func wordRune(f rune) bool {
	if f < 0x80 {
		return true // a kept ASCII rune is a letter or digit
	}
	if f >= 0x3400 && f <= 0x9FFF {
		return false
	}
	return !unicode.In(f, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo, unicode.Yi)
}

// foldString folds s whole: the form that terms are compared in.
func foldString(s string) string { return string(foldAppend(make([]byte, 0, len(s)), s)) }

// foldAppend appends the folded form of s to dst.
func foldAppend(dst []byte, s string) []byte {
	for bi := 0; bi < len(s); {
		if b := s[bi]; b < utf8.RuneSelf {
			if f := asciiFold[b]; f != 0 {
				dst = append(dst, f)
			}
			bi++
			continue
		}
		r, w := decodeRune(s, bi)
		bi += w
		if r >= 0x4E00 && r <= 0x9FFF {
			dst = append(dst, s[bi-w:bi]...) // an ideograph folds to itself
			continue
		}
		if f, ok := fold(r); ok {
			if f < utf8.RuneSelf {
				dst = append(dst, byte(f))
			} else {
				dst = utf8.AppendRune(dst, f)
			}
		}
	}
	return dst
}
