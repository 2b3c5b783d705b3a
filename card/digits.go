package card

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Finding the phone in free text (CRD-3). A person can write a number in
// many ways that a reader still reads as the number: with separators
// ("138 1234-5678"), in full-width digits, in the decimal digits of any
// script (Arabic-Indic ١٣٨, mathematical bold 𝟏𝟑𝟖 or monospace 𝟷𝟹𝟾,
// segmented 🯱🯳🯸 — every rune of Unicode category Nd), as the digit-like
// number signs (circled ①③⑧, superscript ¹³⁸, subscript ₁₃₈, parenthesised
// ⑴, with full stop ⒈, dingbat circled ❶➀➊ — a small explicit table), or
// percent-encoded in a link (%31%33%38). The scanner below folds all of
// these to their value.

// numberSigns maps the number signs (category No) that read as a number
// to their value. Values above 9 (⑩, ⑳) stand for their decimal digits.
var numberSigns = func() map[rune]uint8 {
	m := map[rune]uint8{
		'¹': 1, '²': 2, '³': 3, '⁰': 0, // superscripts outside U+2074–2079
		'⓪': 0, '⓿': 0, '🄋': 0, '🄌': 0, '🄀': 0,
	}
	seq := func(first rune, from, to uint8) {
		for v := from; v <= to; v++ {
			m[first+rune(v-from)] = v
		}
	}
	seq('⁴', 4, 9)  // superscript 4–9
	seq('₀', 0, 9)  // subscript 0–9
	seq('①', 1, 20) // circled 1–20
	seq('⑴', 1, 20) // parenthesised 1–20
	seq('⒈', 1, 20) // with full stop 1–20
	seq('⓫', 11, 20)
	seq('⓵', 1, 10) // double circled
	seq('❶', 1, 10) // dingbat negative circled
	seq('➀', 1, 10) // dingbat circled sans-serif
	seq('➊', 1, 10) // dingbat negative circled sans-serif
	seq('㉑', 21, 35)
	seq('㊱', 36, 50)
	seq('🄁', 0, 9) // digit comma
	return m
}()

// decimals holds "0" … "50", the digits a folded rune stands for.
var decimals = func() (d [51]string) {
	for i := range d {
		if i < 10 {
			d[i] = string(rune('0' + i))
		} else {
			d[i] = string(rune('0'+i/10)) + string(rune('0'+i%10))
		}
	}
	return d
}()

// ndValue is the value of r when it is a decimal digit (Nd). Unicode
// encodes those in runs of ten, 0 to 9, and unicode.Nd's ranges are whole
// runs laid end to end, so the value is the offset from the range start
// modulo ten.
func ndValue(r rune) (int, bool) {
	if r >= '0' && r <= '9' {
		return int(r - '0'), true
	}
	if r < utf8.RuneSelf || !unicode.IsDigit(r) {
		return 0, false
	}
	if r <= 0xFFFF {
		rs := unicode.Nd.R16
		i := sort.Search(len(rs), func(i int) bool { return rune(rs[i].Hi) >= r })
		if i < len(rs) && rune(rs[i].Lo) <= r {
			return int(r-rune(rs[i].Lo)) % 10, true
		}
		return 0, false
	}
	rs := unicode.Nd.R32
	i := sort.Search(len(rs), func(i int) bool { return rune(rs[i].Hi) >= r })
	if i < len(rs) && rune(rs[i].Lo) <= r {
		return int(r-rune(rs[i].Lo)) % 10, true
	}
	return 0, false
}

// digitsAt reads the token at s[i]: the ASCII digits it stands for ("" if
// it is no digit) and its width in bytes. A token is one rune, or a
// percent-encoded ASCII digit ("%31").
func digitsAt(s string, i int) (string, int) {
	c := s[i]
	if c >= '0' && c <= '9' {
		return s[i : i+1], 1
	}
	if c == '%' && i+2 < len(s) && s[i+1] == '3' && s[i+2] >= '0' && s[i+2] <= '9' {
		return s[i+2 : i+3], 3
	}
	if c < utf8.RuneSelf {
		return "", 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if v, ok := ndValue(r); ok {
		return decimals[v], w
	}
	if v, ok := numberSigns[r]; ok {
		return decimals[v], w
	}
	return "", w
}

// breaksNumber reports whether the (non-digit) token at s[i] ends a
// number: a letter does; anything else — spaces, hyphens, dots, brackets,
// slashes, punctuation, symbols, marks, line breaks — may sit between the
// digits of a phone number without breaking it.
func breaksNumber(s string, i int) bool {
	if c := s[i]; c < utf8.RuneSelf {
		return c|0x20 >= 'a' && c|0x20 <= 'z'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// phoneSpans finds every place in s where the 11 digits of phone occur in
// order, written in any of the forms above and separated by nothing or by
// any run of characters that are not letters. It returns the byte ranges
// from the first to the last token holding a digit of each match. phone
// must be 11 ASCII digits; otherwise nothing is found.
func phoneSpans(s, phone string) [][2]int {
	if len(phone) != 11 || len(s) < 11 {
		return nil
	}
	var (
		spans  [][2]int
		stream []byte  // the digits of the current run of tokens
		owner  []int32 // for each digit of stream, its token's index
		toks   [][2]int
	)
	flush := func() {
		for from := 0; ; {
			j := strings.Index(string(stream[from:]), phone)
			if j < 0 {
				break
			}
			first, last := owner[from+j], owner[from+j+len(phone)-1]
			spans = append(spans, [2]int{toks[first][0], toks[last][1]})
			// Continue after the last token of the match.
			from = from + j + len(phone)
			for from < len(owner) && owner[from] == last {
				from++
			}
		}
		stream, owner, toks = stream[:0], owner[:0], toks[:0]
	}
	for i := 0; i < len(s); {
		d, w := digitsAt(s, i)
		switch {
		case d != "":
			toks = append(toks, [2]int{i, i + w})
			for k := 0; k < len(d); k++ {
				stream = append(stream, d[k])
				owner = append(owner, int32(len(toks)-1))
			}
		case breaksNumber(s, i):
			if len(stream) >= len(phone) {
				flush()
			}
			stream, owner, toks = stream[:0], owner[:0], toks[:0]
		}
		i += w
	}
	if len(stream) >= len(phone) {
		flush()
	}
	return spans
}

// containsPhone reports whether s holds phone (see phoneSpans), also once
// its percent-escapes are decoded (a link).
func containsPhone(s, phone string) bool {
	if len(phoneSpans(s, phone)) > 0 {
		return true
	}
	if d, ok := percentDecoded(s); ok {
		return len(phoneSpans(d, phone)) > 0
	}
	return false
}

// redactPhone replaces every occurrence of phone in s by asterisks, one
// per character of each token holding a digit; separators stay. It is the
// last line of defence of CRD-3: views for others and the history pass
// every text through it. A text that holds the number only once its
// percent-escapes are decoded is shown decoded, and masked.
//
// Masking turns digits into separators, which can join the digits before
// and after a masked number into the number again ("13812345" +
// "13812345678" + "678"); redaction repeats until none is left (each round
// masks at least eleven digits, so it ends).
func redactPhone(s, phone string) string {
	out := redactAll(s, phone)
	if d, ok := percentDecoded(out); ok && len(phoneSpans(d, phone)) > 0 {
		return redactAll(d, phone)
	}
	return out
}

func redactAll(s, phone string) string {
	for {
		spans := phoneSpans(s, phone)
		if len(spans) == 0 {
			return s
		}
		s = redactSpans(s, spans)
	}
}

func redactSpans(s string, spans [][2]int) string {
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := 0
	for _, sp := range spans {
		b.WriteString(s[prev:sp[0]])
		for i := sp[0]; i < sp[1]; {
			d, w := digitsAt(s, i)
			if d != "" {
				for range utf8.RuneCountInString(s[i : i+w]) {
					b.WriteByte('*')
				}
			} else {
				b.WriteString(s[i : i+w])
			}
			i += w
		}
		prev = sp[1]
	}
	b.WriteString(s[prev:])
	return b.String()
}

// percentDecoded decodes the valid %XX escapes of s, leaving anything else
// as it is; ok is false when s has none or the result is not valid UTF-8.
func percentDecoded(s string) (string, bool) {
	if strings.IndexByte(s, '%') < 0 {
		return "", false
	}
	b := make([]byte, 0, len(s))
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			n++
			continue
		}
		b = append(b, s[i])
	}
	if n == 0 || !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

func isHex(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}
