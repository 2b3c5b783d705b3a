package compliance_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// refusals calls every exported constructor and function of the package
// with zero, nil, huge and malformed arguments and returns what each
// refused with; it fails the test on a panic or a refusal without a code.
func refusals(t *testing.T) (errs []error, inputs int) {
	t.Helper()
	huge := strings.Repeat("最", 1<<20)
	bad := "\xff\xfe"
	findings, passing, _ := reviewFixture(t)
	try := func(name string, f func() error) {
		t.Helper()
		inputs++
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panicked: %v", name, r)
				}
			}()
			err = f()
		}()
		if err == nil {
			t.Errorf("%s: accepted", name)
			return
		}
		if len(starmap.Codes(err)) == 0 || !(errors.Is(err, starmap.ErrInvalid) || errors.Is(err, starmap.ErrForbidden)) {
			t.Errorf("%s: uncoded refusal %v", name, err)
		}
		errs = append(errs, err)
	}
	newChecker := func(opts ...compliance.Option) func() error {
		return func() error { _, err := compliance.NewChecker(opts...); return err }
	}
	// NewChecker and its options.
	try("NewChecker(nil)", newChecker(nil))
	for _, s := range []string{"", " ", "\u200b", bad, "a\x00b", "a\u202eb", huge[:3*201], strings.Repeat("好", compliance.MaxPhraseRunes+1), "。!?"} {
		try("WithTerms("+s[:min(len(s), 9)]+")", newChecker(compliance.WithTerms(compliance.Term{Text: s, Severity: compliance.SeverityBlock})))
		try("AddTerms", newChecker(compliance.AddTerms(compliance.Term{Text: s, Severity: compliance.SeverityWarn})))
		try("WithAllowed", newChecker(compliance.WithAllowed(s)))
		try("AddAllowed", newChecker(compliance.AddAllowed(s)))
		try("WithMarkers", newChecker(compliance.WithMarkers(s)))
		try("WithNonDisclosures", newChecker(compliance.WithNonDisclosures(s)))
	}
	for _, sev := range []compliance.Severity{0, 3, 255} {
		try("severity", newChecker(compliance.WithTerms(compliance.Term{Text: "好", Severity: sev})))
	}
	try("WithMarkers()", newChecker(compliance.WithMarkers()))
	tooMany := make([]compliance.Term, compliance.MaxPhrases+1)
	try("too many terms", newChecker(compliance.WithTerms(tooMany...)))
	// Check.
	var zero compliance.Checker
	try("zero Checker", func() error { _, err := zero.Check("最佳", compliance.Requirements{}); return err })
	try("nil Checker", func() error { _, err := (*compliance.Checker)(nil).Check("", compliance.Requirements{}); return err })
	c := defaultChecker(t)
	for _, p := range []compliance.Point{{}, {Kind: 9, Text: "x"}, {Kind: compliance.PointProduct}, {Kind: compliance.PointProduct, Text: bad},
		{Kind: compliance.PointProduct, Text: "。"}, {Kind: compliance.PointLink, Text: "a b"}, {Kind: compliance.PointMessage, Text: huge[:3*201]},
		{Kind: compliance.PointLink, Text: "\x00"}} {
		try("Check point", func() error {
			_, err := c.Check("x", compliance.Requirements{Points: []compliance.Point{p}})
			return err
		})
	}
	try("Check many points", func() error {
		_, err := c.Check("x", compliance.Requirements{Points: make([]compliance.Point, compliance.MaxPoints+1)})
		return err
	})
	// Any text is checked: huge, invalid, empty — no refusal, no panic.
	for _, s := range []string{"", bad, huge, bad + huge + bad} {
		inputs++
		if _, err := c.Check(s, compliance.Requirements{Disclosure: true}); err != nil {
			t.Errorf("Check(%d bytes): %v", len(s), err)
		}
	}
	// Forms and answers.
	for _, it := range []compliance.Item{{}, {Key: "A"}, {Key: compliance.ItemClarity, ZH: "x", EN: "x"}, {Key: compliance.ItemKey(huge[:200]), ZH: "x", EN: "x"},
		{Key: "ok", ZH: bad, EN: "x"}, {Key: "ok", ZH: "x", EN: huge[:3*201]}, {Key: "ok", ZH: "\u200b", EN: "x"}, {Key: "a b", ZH: "x", EN: "x"}} {
		try("NewForm", func() error { _, err := compliance.NewForm(it); return err })
	}
	try("NewForm many", func() error { _, err := compliance.NewForm(make([]compliance.Item, 1000)...); return err })
	for _, form := range []*compliance.Form{nil, {}, compliance.StandardForm()} {
		try("Fill none", func() error { _, err := form.Fill(); return err })
		for _, a := range []compliance.Answer{{}, {Item: "nope", Pass: true}, {Item: compliance.ItemClarity}, {Item: compliance.ItemClarity, Note: bad},
			{Item: compliance.ItemClarity, Pass: true, Note: huge[:3*1001]}} {
			try("Fill", func() error { _, err := form.Fill(append(standardAnswers()[1:], a)...); return err })
		}
	}
	// Checklists read back.
	for _, cl := range []compliance.Checklist{{}, {Marks: make([]compliance.Mark, 3)}, {Marks: append(passing.Marks, passing.Marks[0])}} {
		try("Checklist.Validate", cl.Validate)
	}
	// Waivers.
	for _, by := range []starmap.Actor{{}, starmap.CreatorActor("c"), starmap.PlatformActor(""), starmap.PlatformActor(bad)} {
		try("Waive by", func() error { _, err := compliance.Waive(by, reviewAt, findings[0], "理由"); return err })
	}
	for _, f := range []compliance.Finding{{}, {Kind: 9, Severity: compliance.SeverityBlock}, {Kind: compliance.KindAbsoluteTerm, Severity: compliance.SeverityBlock},
		{Kind: compliance.KindPointMissing, Severity: compliance.SeverityBlock}, {Kind: compliance.KindDisclosureMissing, Severity: compliance.SeverityBlock, Span: compliance.Span{Start: 1, End: 2}},
		{Kind: compliance.KindAbsoluteTerm, Severity: compliance.SeverityBlock, Span: compliance.Span{Start: -1, End: 2}, Bytes: compliance.Span{Start: 0, End: 3}},
		findings[1]} {
		try("Waive finding", func() error { _, err := compliance.Waive(reviewer, reviewAt, f, "理由"); return err })
		if f != findings[1] { // findings[1] is a valid warn finding: Waive refuses it, Validate does not
			try("Finding.Validate", f.Validate)
		}
	}
	for _, reason := range []string{"", " ", "\u200b", bad, huge[:3*1001], "a\x00"} {
		try("Waive reason", func() error { _, err := compliance.Waive(reviewer, reviewAt, findings[0], reason); return err })
	}
	try("Waive zero time", func() error { _, err := compliance.Waive(reviewer, time.Time{}, findings[0], "理由"); return err })
	// Decide.
	for _, r := range []compliance.Review{{}, {Checklist: passing, Findings: []compliance.Finding{{}}},
		{Checklist: passing, Waivers: []compliance.Waiver{{}}},
		{Checklist: passing, Waivers: []compliance.Waiver{{Finding: findings[0], By: reviewer, At: reviewAt, Reason: "理由"}}}} {
		try("Decide", func() error { _, err := compliance.Decide(compliance.Policy{}, r); return err })
	}
	try("Rejection of nothing", func() error { _, err := compliance.Decision{}.Rejection(); return err })
	// Stored enums.
	for _, s := range []string{"x", bad, huge[:100], "Warn", " block"} {
		var sev compliance.Severity
		var k compliance.Kind
		var p compliance.PointKind
		try("Severity.UnmarshalText", func() error { return sev.UnmarshalText([]byte(s)) })
		try("Kind.UnmarshalText", func() error { return k.UnmarshalText([]byte(s)) })
		try("PointKind.UnmarshalText", func() error { return p.UnmarshalText([]byte(s)) })
	}
	// Values that never fail render something for anything.
	for _, f := range []compliance.Finding{{}, {Kind: 200}, {Kind: compliance.KindPointMissing, Point: 200}} {
		_ = f.Message(starmap.ZH) + f.Message(starmap.EN) + string(f.Code())
		_ = f.Err()
	}
	_ = compliance.Rejection{}.Text(starmap.ZH) + compliance.Item{}.Label(starmap.EN)
	_ = compliance.Decision{}.ApproveErr()
	return errs, inputs
}

// TestAdversarial_X5: nothing panics on input, every refusal is coded.
func TestAdversarial_X5(t *testing.T) {
	_, n := refusals(t)
	t.Logf("%d adversarial inputs", n)
	if n < 140 {
		t.Errorf("only %d inputs", n)
	}
}
