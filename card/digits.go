package card

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
)

// Finding the phone in free text (CRD-3). A person can write a number in
// many ways that a reader still reads as the number; the scanner below
// folds each of them to its digits and looks for the 11 digits of the
// phone in every order a reader may see them in. The package doc lists
// exactly what is found and what is not.
//
// The scanner reads a text as tokens. A digit token is one rune that reads
// as digits (a decimal digit of any script, a number sign, a Chinese
// numeral — see numerals) or a percent-encoded ASCII digit ("%31"). A
// format character (Unicode Cf: zero-width spaces and joiners, bidi
// controls, soft hyphens, tag characters …) is invisible and is skipped as
// if it were not there. A letter that is not a numeral ends a run of the
// number; anything else (spaces, punctuation, symbols, marks, line breaks)
// separates digits without ending it.

// numerals maps the runes that are no decimal digit (Unicode Nd) but read
// as one, to their value. Values above 9 (⑩, ⑳, Ⅻ) stand for their decimal
// digits, as a reader reads them.
var numerals = func() map[rune]uint8 {
	m := map[rune]uint8{
		// Number signs.
		'¹': 1, '²': 2, '³': 3, '⁰': 0, // superscripts outside U+2074–2079
		'⓪': 0, '⓿': 0, '🄋': 0, '🄌': 0, '🄀': 0,
		// Chinese numerals, lower case, with 幺 and 两 (兩) as the digits 1
		// and 2 are spoken in numbers, and the circles written for zero.
		'零': 0, '〇': 0, '○': 0, '一': 1, '幺': 1, '二': 2, '两': 2, '兩': 2,
		'三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
		// Upper case (大写), simplified and traditional.
		'壹': 1, '贰': 2, '貳': 2, '叁': 3, '參': 3, '肆': 4, '伍': 5,
		'陆': 6, '陸': 6, '柒': 7, '捌': 8, '玖': 9,
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
	seq('🄁', 0, 9)  // digit comma
	seq('Ⅰ', 1, 12) // Roman numerals Ⅰ–Ⅻ
	seq('ⅰ', 1, 12) // small Roman numerals ⅰ–ⅻ
	seq('〡', 1, 9)  // Suzhou (Hangzhou) numerals 〡–〩
	seq('㈠', 1, 10) // parenthesised ideographs ㈠–㈩
	seq('㊀', 1, 10) // circled ideographs ㊀–㊉
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
// it is no digit), its width in bytes, and the rune there (utf8.RuneError
// for a percent escape or an invalid byte).
func digitsAt(s string, i int) (string, int, rune) {
	c := s[i]
	if c >= '0' && c <= '9' {
		return s[i : i+1], 1, rune(c)
	}
	if c == '%' && i+2 < len(s) && s[i+1] == '3' && s[i+2] >= '0' && s[i+2] <= '9' {
		return s[i+2 : i+3], 3, utf8.RuneError
	}
	if c < utf8.RuneSelf {
		return "", 1, rune(c)
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if v, ok := ndValue(r); ok {
		return decimals[v], w, r
	}
	if v, ok := numerals[r]; ok {
		return decimals[v], w, r
	}
	return "", w, r
}

// endsNumber reports a letter, which ends a run of a number (numerals
// are read as digits before this is asked).
func endsNumber(r rune) bool {
	if r < utf8.RuneSelf {
		return r|0x20 >= 'a' && r|0x20 <= 'z'
	}
	return unicode.IsLetter(r)
}

// isFormat reports a format character (Unicode Cf): invisible, so the
// scanner reads past it as if it were not there.
func isFormat(r rune) bool { return r >= 0xAD && unicode.Is(unicode.Cf, r) }

// isNumberJoiner reports the separators that a bidi renderer keeps inside
// a number when one stands alone between two digits (the Unicode bidi
// classes ES and CS: 1,234.5 or 138-1234 stay one left-to-right number in
// right-to-left text): + - , . / : and their full-width and small forms,
// the minus sign and the no-break spaces.
func isNumberJoiner(r rune) bool {
	switch r {
	case '+', '-', ',', '.', '/', ':', '\u00a0', '\u202f', '\u2212', '\u2044',
		'\uff0b', '\uff0d', '\uff0c', '\uff0e', '\uff0f', '\uff1a',
		'\ufe50', '\ufe52', '\ufe55', '\ufe62', '\ufe63', '\u060c':
		return true
	}
	return false
}

// digitToken is one token of a run that reads as digits.
type digitToken struct {
	start, end int    // byte offsets in the text
	digits     string // the ASCII digits it reads as
	// gap says what stands between the token and the previous digit token
	// of its run: nothing visible, one number joiner, or other separators.
	gap gapKind
}

type gapKind uint8

const (
	gapNone gapKind = iota
	gapJoiner
	gapSeparator
)

// The orders in which the scanner reads the digits of a run. A reader sees
// a run in its written (logical) order unless the renderer reorders it:
// a right-to-left override shows it backwards, character by character
// ("\u202e8765 4321 831" shows 138 1234 5678); right-to-left text around
// it (Hebrew or Arabic letters, an embedding, an isolate or a mark) shows
// its numbers from right to left, each number itself left to right
// ("5678 1234 138" after Hebrew letters shows 138 1234 5678), where a
// number is either every group of digits between separators, or such
// groups joined by a lone number joiner (1234-5678 stays one number).
const (
	readForward = iota
	readBackward
	readGroupsReversed
	readNumbersReversed
	readings
)

// phoneSpans finds every place in s where the 11 digits of phone can be
// read, in any of the readings above, as the digit tokens of one run. It
// returns the byte ranges, sorted and merged, from the first to the last
// token holding a digit of each match. phone must be 11 ASCII digits;
// otherwise nothing is found.
func phoneSpans(s, phone string) [][2]int {
	if len(phone) != 11 || len(s) < 11 {
		return nil
	}
	var (
		spans  [][2]int
		run    []digitToken
		ndig   int     // digits in run
		seps   int     // separators since the last digit token
		joiner bool    // all of them number joiners
		stream []byte  // scratch: the digits of a run in one reading
		owner  []int32 // for each digit of stream, its token's index
	)
	flush := func() {
		if ndig >= len(phone) {
			for rd := readForward; rd < readings; rd++ {
				stream, owner = readRun(run, rd, stream[:0], owner[:0])
				spans = appendMatches(spans, run, stream, owner, phone)
			}
		}
		run, ndig = run[:0], 0
	}
	for i := 0; i < len(s); {
		d, w, r := digitsAt(s, i)
		switch {
		case d != "":
			gap := gapSeparator
			switch {
			case seps == 0:
				gap = gapNone
			case seps == 1 && joiner:
				gap = gapJoiner
			}
			run = append(run, digitToken{start: i, end: i + w, digits: d, gap: gap})
			ndig += len(d)
			seps, joiner = 0, true
		case isFormat(r):
			// Invisible: neither a digit nor a separator.
		case endsNumber(r):
			flush()
			seps, joiner = 0, true
		default:
			seps++
			joiner = joiner && isNumberJoiner(r)
		}
		i += w
	}
	flush()
	return mergeSpans(spans)
}

// readRun appends the digits of run in reading rd to stream, and the index
// of the token of each digit to owner. A token's own digits (⑬ is "13")
// always read left to right: reordering moves whole characters.
func readRun(run []digitToken, rd int, stream []byte, owner []int32) ([]byte, []int32) {
	emit := func(from, to int) { // tokens run[from:to], in order
		for k := from; k < to; k++ {
			stream = append(stream, run[k].digits...)
			for range len(run[k].digits) {
				owner = append(owner, int32(k))
			}
		}
	}
	switch rd {
	case readForward:
		emit(0, len(run))
	case readBackward:
		for k := len(run) - 1; k >= 0; k-- {
			emit(k, k+1)
		}
	case readGroupsReversed, readNumbersReversed:
		// Cut the run into numbers, then emit them last first.
		splits := func(g gapKind) bool {
			if rd == readGroupsReversed {
				return g != gapNone
			}
			return g == gapSeparator
		}
		end := len(run)
		for k := len(run) - 1; k >= 0; k-- {
			if k == 0 || splits(run[k].gap) {
				emit(k, end)
				end = k
			}
		}
	}
	return stream, owner
}

// appendMatches appends the span of each occurrence of phone in stream.
func appendMatches(spans [][2]int, run []digitToken, stream []byte, owner []int32, phone string) [][2]int {
	for from := 0; from+len(phone) <= len(stream); {
		j := strings.Index(string(stream[from:]), phone)
		if j < 0 {
			break
		}
		j += from
		lo, hi := owner[j], owner[j]
		for _, k := range owner[j : j+len(phone)] {
			lo, hi = min(lo, k), max(hi, k)
		}
		spans = append(spans, [2]int{run[lo].start, run[hi].end})
		from = j + 1
	}
	return spans
}

// mergeSpans sorts spans and merges those that overlap.
func mergeSpans(spans [][2]int) [][2]int {
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	out := spans[:1]
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp[0] < last[1] {
			last[1] = max(last[1], sp[1])
			continue
		}
		out = append(out, sp)
	}
	return out
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
// per character of each digit token from the first to the last token of
// the match; separators and format characters stay. It is the last line
// of defence of CRD-3: views for others and the history pass every text
// through it. A text that holds the number only once its percent-escapes
// are decoded is shown decoded, and masked.
//
// Masking turns digits into separators, which can bring the digits before
// and after a masked number together into the number again ("13812345" +
// "13812345678" + "678"); redaction repeats until none is left (each round
// masks at least one more token, so it ends).
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
	var b strings.Builder
	b.Grow(len(s))
	prev := 0
	for _, sp := range spans {
		b.WriteString(s[prev:sp[0]])
		for i := sp[0]; i < sp[1]; {
			d, w, _ := digitsAt(s, i)
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

// stripBidi removes the bidi controls from s: views for others drop them,
// so that no text reorders what a reader sees (a record stored before
// edits refused them may hold some).
func stripBidi(s string) string {
	if strings.IndexFunc(s, starmap.IsBidiControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if starmap.IsBidiControl(r) {
			return -1
		}
		return r
	}, s)
}
