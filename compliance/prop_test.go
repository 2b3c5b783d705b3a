package compliance

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
	"pgregory.net/rapid"
)

// Generators for the properties. A small alphabet makes terms overlap,
// nest and straddle allowed phrases often.
var (
	smallHan   = []rune("最佳好第一全网级顶")
	smallLatin = []rune("not1paяア한")
	// separators evade: they are skipped inside a term. Clause breaks
	// (、。，！ line breaks) are not evasions: a term written across them
	// is a warn finding of its own (KindTermAcrossBreak); noise draws
	// them too.
	separators = []rune{' ', '\u200b', '\u200d', '\ufeff', '\u00ad', '.', '·', '\u3000', '*', '-', '★', '😀', '\ufe0f', '\u3164'}
	breaks     = []rune{'、', '。', '，', '!', '\n', '；', '?', '\u2028'}
	noise      = append(slices.Clone(separators), breaks...)
)

// evade writes s with random evasions: case, full width, and separators
// between its characters.
func evade(t *rapid.T, s string, label string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if i > 0 {
			for n := rapid.IntRange(0, 2).Draw(t, label+"-seps"); n > 0; n-- {
				b.WriteRune(rapid.SampledFrom(separators).Draw(t, label+"-sep"))
			}
		}
		if r < 0x80 {
			if r >= 'a' && r <= 'z' && rapid.Bool().Draw(t, label+"-upper") {
				r -= 'a' - 'A'
			}
			if r > ' ' && rapid.Bool().Draw(t, label+"-wide") {
				r += 0xFEE0
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// split writes s evaded, with at least one clause break between two of
// its characters (s as it is when it has one character).
func split(t *rapid.T, s string) string {
	rs := []rune(s)
	if len(rs) < 2 {
		return s
	}
	at := rapid.IntRange(1, len(rs)-1).Draw(t, "split-at")
	brk := string(rapid.SliceOfN(rapid.SampledFrom(append(slices.Clone(breaks), separators...)), 0, 2).Draw(t, "split-around"))
	return evade(t, string(rs[:at]), "s1") + string(rapid.SampledFrom(breaks).Draw(t, "split-break")) + brk + evade(t, string(rs[at:]), "s2")
}

func genPhrase(alpha []rune, min, max int) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return string(rapid.SliceOfN(rapid.SampledFrom(alpha), min, max).Draw(t, "runes"))
	})
}

// TestAutomatonMatchesModel_CPL1: on random term lists, allowed phrases,
// markers and texts (with evasions), Check finds exactly what the naive
// model finds, with the same spans.
func TestAutomatonMatchesModel_CPL1(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		alpha := append(slices.Clone(smallHan), smallLatin...)
		termTexts := rapid.SliceOfN(genPhrase(alpha, 1, 4), 1, 12).Draw(t, "terms")
		var terms []Term
		for _, s := range termTexts {
			terms = append(terms, Term{Text: s, Severity: rapid.SampledFrom([]Severity{SeverityWarn, SeverityBlock}).Draw(t, "sev")})
		}
		allowed := rapid.SliceOfN(genPhrase(alpha, 1, 6), 0, 4).Draw(t, "allowed")
		markers := rapid.SliceOfN(genPhrase(alpha, 1, 3), 1, 2).Draw(t, "markers")
		nonDisc := rapid.SliceOfN(genPhrase(alpha, 1, 4), 0, 2).Draw(t, "nondisc")
		c, err := NewChecker(WithTerms(terms...), WithAllowed(allowed...), WithMarkers(markers...), WithNonDisclosures(nonDisc...))
		if err != nil {
			t.Fatal(err)
		}
		// Text: pieces of terms and allowed phrases, evaded, between
		// random runes.
		var b strings.Builder
		for n := rapid.IntRange(0, 8).Draw(t, "pieces"); n > 0; n-- {
			switch rapid.IntRange(0, 3).Draw(t, "piece") {
			case 0:
				b.WriteString(evade(t, rapid.SampledFrom(termTexts).Draw(t, "term"), "t"))
			case 3:
				b.WriteString(split(t, rapid.SampledFrom(termTexts).Draw(t, "split")))
			case 1:
				if len(allowed) > 0 {
					b.WriteString(evade(t, rapid.SampledFrom(allowed).Draw(t, "allow"), "a"))
				}
			default:
				b.WriteString(string(rapid.SliceOfN(rapid.SampledFrom(append(alpha, noise...)), 0, 4).Draw(t, "noise")))
			}
		}
		text := b.String()
		got, err := c.Check(text, Requirements{Disclosure: true})
		if err != nil {
			t.Fatal(err)
		}
		want, disclosed := modelCheck(terms, allowed, markers, nonDisc, text)
		var gotM []modelFinding
		gotDisclosed := true
		for _, f := range got {
			if f.Kind == KindDisclosureMissing {
				gotDisclosed = false
				continue
			}
			if f.Kind == KindTermAcrossBreak && f.Severity != SeverityWarn {
				t.Fatalf("text %q: a term across a break at %v", text, f.Severity)
			}
			gotM = append(gotM, modelFinding{kind: f.Kind, term: f.Term, span: f.Span, byts: f.Bytes})
		}
		if !slices.Equal(gotM, want) {
			t.Fatalf("text %q\nterms %q allowed %q\nCheck: %+v\nmodel: %+v", text, termTexts, allowed, gotM, want)
		}
		if gotDisclosed != disclosed {
			t.Fatalf("text %q markers %q non-disclosures %q: disclosed %v, model %v", text, markers, nonDisc, gotDisclosed, disclosed)
		}
	})
}

// fillerRunes are runes of no default term or allowed phrase: text made of
// them can hold no term.
func fillerRunes() []rune {
	used := map[rune]bool{}
	for _, t := range DefaultTerms() {
		for _, r := range foldString(t.Text) {
			used[r] = true
		}
	}
	for _, a := range DefaultAllowed() {
		for _, r := range foldString(a) {
			used[r] = true
		}
	}
	var out []rune
	for _, r := range "的是了我你他她们这那个上下来去说要会能对在有和就也都很还没看用买送款色夏天新品开箱评测穿搭示例链接店铺直播间宝宝妈妈朋友价格优惠质量面料舒服喜欢推荐今天明天活动限时折扣包邮abcdefghijklmrsuvwxyzABC23456789" {
		if !used[foldOne(r)] {
			out = append(out, r)
		}
	}
	return out
}

func foldOne(r rune) rune { f, _ := fold(r); return f }

// TestInsertedTermFound_CPL1: a default term written anywhere in random
// text, with random evasions, is found — once, as that term, with the span
// of exactly what was written.
func TestInsertedTermFound_CPL1(t *testing.T) {
	c, err := NewChecker()
	if err != nil {
		t.Fatal(err)
	}
	filler := append(fillerRunes(), ' ', '，', '。', '！', '\n', '\u200b')
	terms := DefaultTerms()
	rapid.Check(t, func(t *rapid.T) {
		term := rapid.SampledFrom(terms).Draw(t, "term")
		before := string(rapid.SliceOfN(rapid.SampledFrom(filler), 0, 40).Draw(t, "before"))
		after := string(rapid.SliceOfN(rapid.SampledFrom(filler), 0, 40).Draw(t, "after"))
		// A Latin term needs a boundary: no ASCII letter or digit right
		// next to it.
		if wordRune(foldOne([]rune(term.Text)[0])) && before != "" {
			before += " "
		}
		if wordRune(foldOne([]rune(term.Text)[utf8.RuneCountInString(term.Text)-1])) && after != "" {
			after = " " + after
		}
		written := evade(t, term.Text, "w")
		text := before + written + after
		fs, err := c.Check(text, Requirements{})
		if err != nil {
			t.Fatal(err)
		}
		start := utf8.RuneCountInString(before)
		want := Span{start, start + utf8.RuneCountInString(written)}
		if len(fs) != 1 || fs[0].Term != term.Text || fs[0].Span != want || fs[0].Text != written || fs[0].Severity != term.Severity {
			t.Fatalf("text %q (term %q written %q at %v): findings %+v", text, term.Text, written, want, fs)
		}
	})
}

// TestInsertedTermAcrossBreakFound_CPL1: a default term of two or more
// characters written anywhere in random text with a clause break (and
// maybe more breaks and evasions) between two of its characters is found
// once as a warn finding of KindTermAcrossBreak, as that term, with the
// span of exactly what was written; anything else found is a term within
// one of its clauses, inside that span.
func TestInsertedTermAcrossBreakFound_CPL1(t *testing.T) {
	c, err := NewChecker()
	if err != nil {
		t.Fatal(err)
	}
	filler := append(fillerRunes(), ' ', '，', '。', '！', '\n', '\u200b')
	var terms []Term
	for _, tm := range DefaultTerms() {
		if utf8.RuneCountInString(tm.Text) >= 2 {
			terms = append(terms, tm)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		term := rapid.SampledFrom(terms).Draw(t, "term")
		before := string(rapid.SliceOfN(rapid.SampledFrom(filler), 0, 40).Draw(t, "before"))
		after := string(rapid.SliceOfN(rapid.SampledFrom(filler), 0, 40).Draw(t, "after"))
		if wordRune(foldOne([]rune(term.Text)[0])) && before != "" {
			before += " "
		}
		if wordRune(foldOne([]rune(term.Text)[utf8.RuneCountInString(term.Text)-1])) && after != "" {
			after = " " + after
		}
		written := split(t, term.Text)
		text := before + written + after
		fs, err := c.Check(text, Requirements{})
		if err != nil {
			t.Fatal(err)
		}
		start := utf8.RuneCountInString(before)
		want := Span{start, start + utf8.RuneCountInString(written)}
		across := 0
		for _, f := range fs {
			switch {
			case f.Kind == KindTermAcrossBreak:
				across++
				if f.Term != term.Text || f.Span != want || f.Text != written || f.Severity != SeverityWarn {
					t.Fatalf("text %q (term %q written %q at %v): across finding %+v", text, term.Text, written, want, f)
				}
			case f.Kind != KindAbsoluteTerm || f.Span.Start < want.Start || f.Span.End > want.End:
				t.Fatalf("text %q (term %q written %q at %v): finding %+v", text, term.Text, written, want, f)
			}
		}
		if across != 1 {
			t.Fatalf("text %q (term %q written %q): %d findings across a break in %+v", text, term.Text, written, across, fs)
		}
	})
}

// TestNoTermNoFinding_CPL1: text with no term and no evasion yields no
// finding.
func TestNoTermNoFinding_CPL1(t *testing.T) {
	c, err := NewChecker()
	if err != nil {
		t.Fatal(err)
	}
	filler := append(fillerRunes(), ' ', '，', '。', '！', '\n')
	rapid.Check(t, func(t *rapid.T) {
		text := string(rapid.SliceOf(rapid.SampledFrom(filler)).Draw(t, "text"))
		if fs, err := c.Check(text, Requirements{}); err != nil || fs != nil {
			t.Fatalf("Check(%q) = %+v, %v", text, fs, err)
		}
	})
}

// TestAllowListRemovesOnlyWhatItNames_CPL1: adding allowed phrases removes
// exactly the findings inside an occurrence of one of them, and nothing
// else.
func TestAllowListRemovesOnlyWhatItNames_CPL1(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		alpha := append(slices.Clone(smallHan), smallLatin...)
		termTexts := rapid.SliceOfN(genPhrase(alpha, 1, 3), 1, 8).Draw(t, "terms")
		terms := BlockTerms(termTexts...)
		allowed := rapid.SliceOfN(genPhrase(alpha, 1, 6), 1, 4).Draw(t, "allowed")
		without, err := NewChecker(WithTerms(terms...), WithAllowed())
		if err != nil {
			t.Fatal(err)
		}
		with, err := NewChecker(WithTerms(terms...), WithAllowed(allowed...))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for n := rapid.IntRange(0, 8).Draw(t, "pieces"); n > 0; n-- {
			pool := append(slices.Clone(termTexts), allowed...)
			b.WriteString(evade(t, rapid.SampledFrom(pool).Draw(t, "piece"), "p"))
			b.WriteString(string(rapid.SliceOfN(rapid.SampledFrom(append(alpha, noise...)), 0, 2).Draw(t, "noise")))
		}
		text := b.String()
		all, _ := without.Check(text, Requirements{})
		kept, _ := with.Check(text, Requirements{})
		m := foldModel(text)
		allowOcc := m.occurrences(allowed)
		insideAllowed := func(f Finding) bool {
			for _, a := range allowOcc {
				if m.orig[a.fs] <= f.Span.Start && f.Span.End <= m.orig[a.fe-1]+1 {
					return true
				}
			}
			return false
		}
		var want []Finding
		for _, f := range all {
			if !insideAllowed(f) {
				want = append(want, f)
			}
		}
		if !slices.Equal(kept, want) {
			t.Fatalf("text %q terms %q allowed %q\nwithout: %+v\nwith:    %+v\nwant:    %+v", text, termTexts, allowed, all, kept, want)
		}
	})
}

// FuzzCheck: any text, on the default lists and on a small list with
// Latin terms: no panic, no error, spans inside the text and agreeing with
// the bytes, each finding's text folds to its term and starts and ends on
// a letter or digit, and the automaton agrees with the model.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "最佳", "最 佳", "最\u200b佳", "ＮＯ．１", "全网第一", "piano1 NO.10", "#广告", "\xff最\xfe佳",
		"国家级非遗,最高级面料,全网NO.1,TOP 1", "第一次", "这不是广告", strings.Repeat("最", 100) + "佳",
		"最、佳", "最，\n佳", "舌尖，端午", "NO,1 NO,10", "最，高级"} {
		f.Add(s)
	}
	def, err := NewChecker()
	if err != nil {
		f.Fatal(err)
	}
	latinTerms := BlockTerms("no1", "top1", "ad", "最a", "a最")
	latin, err := NewChecker(WithTerms(latinTerms...), WithAllowed("top10", "bad"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n := len([]rune(text))
		for ci, c := range []*Checker{def, latin} {
			fs, err := c.Check(text, Requirements{Disclosure: true})
			if err != nil {
				t.Fatal(err)
			}
			var gotM []modelFinding
			for _, f := range fs {
				if f.Kind != KindAbsoluteTerm && f.Kind != KindTermAcrossBreak {
					continue
				}
				if f.Span.Start < 0 || f.Span.End > n || f.Span.Start >= f.Span.End ||
					f.Bytes.Start < 0 || f.Bytes.End > len(text) || f.Bytes.Start >= f.Bytes.End {
					t.Fatalf("%q: span %v bytes %v out of the text", text, f.Span, f.Bytes)
				}
				if text[f.Bytes.Start:f.Bytes.End] != f.Text || string([]rune(text)[f.Span.Start:f.Span.End]) != string([]rune(f.Text)) ||
					len([]rune(text[:f.Bytes.Start])) != f.Span.Start {
					t.Fatalf("%q: span %v and bytes %v disagree (%q)", text, f.Span, f.Bytes, f.Text)
				}
				if foldString(f.Text) != foldString(f.Term) {
					t.Fatalf("%q: finding text %q does not fold to its term %q", text, f.Text, f.Term)
				}
				first, _ := utf8.DecodeRuneInString(f.Text)
				last, _ := utf8.DecodeLastRuneInString(f.Text)
				if _, ok := fold(first); !ok {
					t.Fatalf("%q: span %q starts on a separator", text, f.Text)
				}
				if _, ok := fold(last); !ok {
					t.Fatalf("%q: span %q ends on a separator", text, f.Text)
				}
				if f.Kind == KindTermAcrossBreak && f.Severity != SeverityWarn {
					t.Fatalf("text %q: a term across a break at %v", text, f.Severity)
				}
				gotM = append(gotM, modelFinding{kind: f.Kind, term: f.Term, span: f.Span, byts: f.Bytes})
			}
			terms, allowed := DefaultTerms(), DefaultAllowed()
			if ci == 1 {
				terms, allowed = latinTerms, []string{"top10", "bad"}
			}
			want, _ := modelCheck(terms, allowed, nil, nil, text)
			if !slices.Equal(gotM, want) {
				t.Fatalf("%q: Check %+v, model %+v", text, gotM, want)
			}
		}
	})
}

// TestCheckConcurrent: one Checker serves many goroutines (run with -race).
func TestCheckConcurrent(t *testing.T) {
	c, err := NewChecker()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"最佳", "全网 ＮＯ．１", "第一次,品类第一", "#广告 独一无二", "nothing"}
	want := make([][]Finding, len(texts))
	for i, s := range texts {
		want[i], _ = c.Check(s, Requirements{Disclosure: true})
	}
	done := make(chan error)
	for g := 0; g < 8; g++ {
		go func() {
			var err error
			for k := 0; k < 200 && err == nil; k++ {
				i := (g + k) % len(texts)
				got, _ := c.Check(texts[i], Requirements{Disclosure: true})
				if !slices.Equal(got, want[i]) {
					err = fmt.Errorf("goroutine %d: %q gave %+v, want %+v", g, texts[i], got, want[i])
				}
			}
			done <- err
		}()
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// FuzzTermFindsItself: any phrase is either refused by NewChecker with a
// coded phrase error, or, as the only term, found exactly once in its own
// text, from its first letter or digit to its last.
func FuzzTermFindsItself(f *testing.F) {
	for _, s := range []string{"最佳", "NO.1", " 最 佳 ", "", "。", "\xff", "a\u200bb", strings.Repeat("好", 65), "𝐍𝐎①"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, term string) {
		c, err := NewChecker(WithTerms(Term{Text: term, Severity: SeverityBlock}), WithAllowed(), WithNonDisclosures())
		if err != nil {
			if codes := starmap.Codes(err); len(codes) != 1 || codes[0] != ErrPhraseInvalid.Code() {
				t.Fatalf("NewChecker(%q): %v", term, err)
			}
			return
		}
		fs, err := c.Check(term, Requirements{})
		if err != nil || len(fs) != 1 || fs[0].Term != term {
			t.Fatalf("Check(%q) = %+v, %v", term, fs, err)
		}
		first, last := -1, -1
		for i, r := range []rune(term) {
			if _, ok := fold(r); ok {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if fs[0].Span != (Span{first, last + 1}) {
			t.Fatalf("Check(%q): span %v, want [%d, %d)", term, fs[0].Span, first, last+1)
		}
	})
}
