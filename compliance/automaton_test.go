package compliance

import (
	"testing"
	"unicode/utf8"
)

// decodeRune agrees with utf8.DecodeRuneInString on every one-, two- and
// three-byte sequence starting with a three-byte lead, and on the edges.
func TestDecodeRune(t *testing.T) {
	buf := make([]byte, 3)
	for c0 := 0xE0; c0 <= 0xEF; c0++ {
		for c1 := 0; c1 < 256; c1++ {
			for c2 := 0; c2 < 256; c2++ {
				buf[0], buf[1], buf[2] = byte(c0), byte(c1), byte(c2)
				s := string(buf)
				for _, in := range []string{s, s[:2], s[:1]} {
					r, w := decodeRune(in, 0)
					wr, ww := utf8.DecodeRuneInString(in)
					if r != wr || w != ww {
						t.Fatalf("decodeRune(%q) = %U, %d; utf8 says %U, %d", in, r, w, wr, ww)
					}
				}
			}
		}
	}
	for _, s := range []string{"a", "\x80", "é", "😀", "\xf0\x9f", "\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbf\xbd"} {
		r, w := decodeRune(s, 0)
		if wr, ww := utf8.DecodeRuneInString(s); r != wr || w != ww {
			t.Errorf("decodeRune(%q) = %U, %d; utf8 says %U, %d", s, r, w, wr, ww)
		}
	}
}

// classMap numbers every pattern rune, whichever table holds it: ASCII,
// the direct CJK table, or the hash table (non-CJK runes, and every rune
// when there are too many classes for the direct table).
func TestClassMap(t *testing.T) {
	for _, n := range []int{0, 1, 5, 1000, 70000} {
		var runes []rune
		for r := rune(0x30); len(runes) < n; r += 7 {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			runes = append(runes, r)
		}
		m := newClassMap(runes)
		if n >= 1<<16 && m.cjk != nil {
			t.Errorf("%d classes do not fit the direct table", n)
		}
		for i, r := range runes {
			if got := m.get(r); got != int32(i+1) {
				t.Fatalf("n=%d: class of %U = %d, want %d", n, r, got, i+1)
			}
		}
		for _, r := range []rune{0x31, 0x4E01, 0x10FFFF, 0xFFFF} {
			want := int32(0)
			for i, x := range runes {
				if x == r {
					want = int32(i + 1)
				}
			}
			if got := m.get(r); got != want {
				t.Errorf("n=%d: class of %U = %d, want %d", n, r, got, want)
			}
		}
	}
}

// The automaton agrees with the model on patterns of scripts outside
// ASCII and CJK (the hash table) and on supplementary ideographs.
func TestAutomatonOtherScripts_CPL1(t *testing.T) {
	terms := BlockTerms("лучший", "ベスト", "최고", "𠀀𠀁", "best", "最ベ")
	allowed := []string{"ベストセラー"}
	c, err := NewChecker(WithTerms(terms...), WithAllowed(allowed...))
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"ЛУЧШИЙ товар", "лучшийтовар", "ベスト ベストセラー", "최 고의", "𠀀 𠀁", "the BEST, bestest", "最ベスト", "最，ベスト", "ベ\nスト", "𠀀、𠀁"} {
		fs, err := c.Check(text, Requirements{})
		if err != nil {
			t.Fatal(err)
		}
		var got []modelFinding
		for _, f := range fs {
			got = append(got, modelFinding{f.Kind, f.Term, f.Span, f.Bytes})
		}
		want, _ := modelCheck(terms, allowed, nil, nil, text)
		if len(got) != len(want) {
			t.Fatalf("%q: %+v, model %+v", text, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: %+v, model %+v", text, got, want)
			}
		}
		if text == "ЛУЧШИЙ товар" && len(got) != 1 || text == "лучшийтовар" && len(got) != 0 {
			t.Errorf("%q: Cyrillic boundaries: %+v", text, got)
		}
	}
}
