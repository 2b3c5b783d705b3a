package compliance

import (
	"slices"
	"unicode/utf8"
)

// A naive model of Check's term matching: fold the text into a rune slice
// that remembers where each folded rune came from, try every phrase at
// every position, apply the boundary, allow and nesting rules literally.
// Quadratic and obviously right; the automaton must agree with it.

type folded struct {
	runes  []rune // folded runes
	orig   []int  // rune index in the original of each folded rune
	bytes  []int  // byte offset in the original of each folded rune
	width  []int  // byte width of that original rune
	kinds  []int8 // per original rune: -1 separator, 0 kept non-word, 1 kept word
	clause []int  // per folded rune: the number of clause breaks before it
}

func foldModel(text string) folded {
	var m folded
	ri, breaks := 0, 0
	for bi := 0; bi < len(text); {
		r, w := utf8.DecodeRuneInString(text[bi:])
		f, ok := fold(r)
		if !ok && clauseBreak(r) {
			breaks++
		}
		switch {
		case !ok:
			m.kinds = append(m.kinds, -1)
		case wordRune(f):
			m.kinds = append(m.kinds, 1)
		default:
			m.kinds = append(m.kinds, 0)
		}
		if ok {
			m.runes = append(m.runes, f)
			m.orig = append(m.orig, ri)
			m.bytes = append(m.bytes, bi)
			m.width = append(m.width, w)
			m.clause = append(m.clause, breaks)
		}
		ri++
		bi += w
	}
	return m
}

// occurrence is a phrase found in the folded text: folded [fs, fe).
type occurrence struct {
	phrase int
	fs, fe int
}

// occurrences finds every occurrence of every phrase that sits at its
// word boundaries, within a clause.
func (m folded) occurrences(phrases []string) []occurrence { return m.find(phrases, false) }

// find finds the occurrences within a clause, or (across) only those a
// clause break parts.
func (m folded) find(phrases []string, across bool) []occurrence {
	var out []occurrence
	for pi, p := range phrases {
		pr := []rune(foldString(p))
		for i := 0; i+len(pr) <= len(m.runes); i++ {
			if !slices.Equal(m.runes[i:i+len(pr)], pr) {
				continue
			}
			if (m.clause[i] != m.clause[i+len(pr)-1]) != across { // across a clause break, or not
				continue
			}
			if wordRune(pr[0]) {
				if o := m.orig[i]; o > 0 && m.kinds[o-1] == 1 {
					continue
				}
			}
			if wordRune(pr[len(pr)-1]) {
				if o := m.orig[i+len(pr)-1]; o+1 < len(m.kinds) && m.kinds[o+1] == 1 {
					continue
				}
			}
			out = append(out, occurrence{pi, i, i + len(pr)})
		}
	}
	return out
}

func covers(outer, inner occurrence) bool { return outer.fs <= inner.fs && inner.fe <= outer.fe }

type modelFinding struct {
	kind       Kind
	term       string
	span, byts Span
}

// modelCheck is Check's term findings and disclosure answer, by the model.
func modelCheck(terms []Term, allowed, markers, nonDisclosures []string, text string) ([]modelFinding, bool) {
	// Merge terms that fold alike, keeping the first spelling.
	var texts []string
	seen := map[string]bool{}
	for _, t := range terms {
		if f := foldString(t.Text); !seen[f] {
			seen[f] = true
			texts = append(texts, t.Text)
		}
	}
	m := foldModel(text)
	termOcc := m.occurrences(texts)
	allowOcc := m.occurrences(allowed)
	var out []occurrence
	for _, o := range termOcc {
		inside := false
		for _, a := range allowOcc {
			inside = inside || covers(a, o)
		}
		for _, p := range termOcc {
			inside = inside || (covers(p, o) && (p.fs != o.fs || p.fe != o.fe))
		}
		if !inside {
			out = append(out, o)
		}
	}
	// Terms a clause break parts: warn findings, unless inside a longer
	// one of their own.
	acrossOcc := m.find(texts, true)
	across := map[occurrence]bool{}
	for _, o := range acrossOcc {
		inside := false
		for _, p := range acrossOcc {
			inside = inside || (covers(p, o) && (p.fs != o.fs || p.fe != o.fe))
		}
		if !inside {
			out = append(out, o)
			across[o] = true
		}
	}
	slices.SortFunc(out, func(x, y occurrence) int {
		if x.fs != y.fs {
			return x.fs - y.fs
		}
		return y.fe - x.fe
	})
	var fs []modelFinding
	for _, o := range out {
		last := o.fe - 1
		kind := KindAbsoluteTerm
		if across[o] {
			kind = KindTermAcrossBreak
		}
		fs = append(fs, modelFinding{kind: kind, term: texts[o.phrase],
			span: Span{m.orig[o.fs], m.orig[last] + 1},
			byts: Span{m.bytes[o.fs], m.bytes[last] + m.width[last]}})
	}
	notOcc := m.occurrences(nonDisclosures)
	disclosed := false
	for _, o := range m.occurrences(markers) {
		if m.orig[o.fe-1]-m.orig[o.fs] != o.fe-1-o.fs { // a separator inside
			continue
		}
		denied := false
		for _, n := range notOcc {
			denied = denied || covers(n, o)
		}
		disclosed = disclosed || !denied
	}
	return fs, disclosed
}
