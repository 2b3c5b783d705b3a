package compliance

import (
	"testing"
	"unicode"
)

// TestFoldIdempotent_CPL1: folding a folded rune gives it back, for every
// code point, so a term and its own folded form are the same term, and the
// fast paths and tables agree with the Unicode tables.
func TestFoldIdempotent_CPL1(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		f, ok := fold(r)
		if !ok {
			if f != 0 {
				t.Fatalf("fold(%U) = %U, false: a separator folds to 0", r, f)
			}
			continue
		}
		if g, ok2 := fold(f); !ok2 || g != f {
			t.Fatalf("fold(%U) = %U but fold(%U) = %U, %v", r, f, f, g, ok2)
		}
		if !unicode.IsLetter(f) && !unicode.IsNumber(f) {
			t.Fatalf("fold(%U) = %U, which is neither letter nor number", r, f)
		}
		if (r >= 0x80 && r < 0x100) || (r >= 0x2000 && r < 0x2070) || (r >= 0x3000 && r < 0x3040) {
			if s, sok := foldSlow(r); s != f || sok != ok {
				t.Fatalf("table fold(%U) = %U, %v; foldSlow = %U, %v", r, f, ok, s, sok)
			}
		}
	}
}

// The fast path for CJK ideographs relies on every code point there being
// a caseless letter.
func TestFoldCJKFastPath(t *testing.T) {
	for _, rg := range [][2]rune{{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			if !unicode.IsLetter(r) || unicode.ToLower(unicode.ToUpper(r)) != r || !unicode.Is(unicode.Han, r) {
				t.Fatalf("%U is not a caseless Han letter", r)
			}
		}
	}
}

// digitValue relies on Unicode's decimal digits coming in whole runs 0…9,
// and on the Go table keeping each range a union of whole runs.
func TestDigitRuns(t *testing.T) {
	for _, rg := range unicode.Nd.R16 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("Nd range %U–%U stride %d is not whole runs of ten", rg.Lo, rg.Hi, rg.Stride)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("Nd range %U–%U stride %d is not whole runs of ten", rg.Lo, rg.Hi, rg.Stride)
		}
	}
}

func TestFoldString_CPL1(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"最佳", "最佳"},
		{"最 佳", "最佳"},
		{"最\u200b佳", "最佳"},
		{"最\u200d\ufeff\u00ad\u2060佳", "最佳"},
		{"最\u202e佳", "最佳"},
		{"最\u3164佳", "最佳"},
		{"最\ufe0f佳", "最佳"},
		{"最★佳😀", "最佳"},
		{"最、佳。", "最佳"},
		{"NO.1", "no1"},
		{"ＮＯ．１", "no1"},
		{"Ｎｏ 1", "no1"},
		{"𝐍𝐎.𝟏", "no1"},
		{"ⓃⓄ①", "no1"},
		{"TOP¹", "top1"},
		{"Top\u00a01", "top1"},
		{"٣", "3"},
		{"ſ", "s"},
		{"İ", "i"},
		{"\xff最\xfe佳", "最佳"},
		{"國家級", "國家級"},
		{"", ""},
		{" .,;!?。", ""},
	} {
		if got := foldString(c.in); got != c.want {
			t.Errorf("foldString(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWordRune(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want bool
	}{{'a', true}, {'1', true}, {'é', true}, {'я', true}, {'最', false}, {'ア', false}, {'한', false}, {0x20000, false}} {
		if got := wordRune(c.r); got != c.want {
			t.Errorf("wordRune(%q) = %v, want %v", c.r, got, c.want)
		}
	}
}
