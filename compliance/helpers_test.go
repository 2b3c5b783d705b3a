package compliance_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// defaultChecker is the Checker of the default lists.
func defaultChecker(t testing.TB) *compliance.Checker {
	t.Helper()
	c, err := compliance.NewChecker()
	if err != nil {
		t.Fatalf("NewChecker: %v", err)
	}
	return c
}

func mustChecker(t testing.TB, opts ...compliance.Option) *compliance.Checker {
	t.Helper()
	c, err := compliance.NewChecker(opts...)
	if err != nil {
		t.Fatalf("NewChecker: %v", err)
	}
	return c
}

func check(t testing.TB, c *compliance.Checker, text string, req compliance.Requirements) []compliance.Finding {
	t.Helper()
	fs, err := c.Check(text, req)
	if err != nil {
		t.Fatalf("Check(%q): %v", text, err)
	}
	return fs
}

// termsOf lists the terms of the absolute-term findings, in order.
func termsOf(fs []compliance.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Kind == compliance.KindAbsoluteTerm {
			out = append(out, f.Term)
		}
	}
	return out
}

// runeSlice is text[s.Start:s.End] counted in runes as []rune counts them.
func runeSlice(text string, s compliance.Span) string {
	rs := []rune(text)
	return string(rs[s.Start:s.End])
}

// codes lists the rule codes inside err.
func codes(err error) []starmap.Code { return starmap.Codes(err) }

func hasCode(err error, rule *starmap.Rule) bool {
	return slices.Contains(starmap.Codes(err), rule.Code()) && errors.Is(err, rule)
}

// standardAnswers answers the five standard items, all passing.
func standardAnswers() []compliance.Answer {
	var out []compliance.Answer
	for _, it := range compliance.StandardItems() {
		out = append(out, compliance.Answer{Item: it.Key, Pass: true})
	}
	return out
}
