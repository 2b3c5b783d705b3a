package compliance_test

import (
	"testing"

	"github.com/starmap-go/starmap/compliance"
)

// TestCPL1_OrdinaryWordsAcrossBreakWarnOnly_CPL4: ordinary words either
// side of a comma (舌尖，端午节快乐) read like a term split by a clause
// break (尖，端), which is also how a writer evades 尖端; the checker cannot
// tell the two apart, so it flags the text with a warn finding — never a
// block — and leaves it to the reviewer: a rejection cites it only when the
// reviewer failed 避免误导性用语 (CPL-4), so a rejection for something
// else does not send the creator a doubt about their words.
func TestCPL1_OrdinaryWordsAcrossBreakWarnOnly_CPL4(t *testing.T) {
	c, err := compliance.NewChecker()
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.Check("舌尖，端午节快乐", compliance.Requirements{})
	if err != nil || len(f) != 1 || f[0].Kind != compliance.KindTermAcrossBreak || f[0].Severity != compliance.SeverityWarn {
		t.Fatalf("CPL-1: ordinary text across a clause break: %v %+v; want one warn across the break", err, f)
	}
	for _, wordingFails := range []bool{false, true} {
		answers := []compliance.Answer{
			{Item: compliance.ItemClarity, Pass: false, Note: "画面太暗"},
			{Item: compliance.ItemSubtitles, Pass: true},
			{Item: compliance.ItemProductInfo, Pass: true},
			{Item: compliance.ItemDisclosure, Pass: true},
			{Item: compliance.ItemWording, Pass: !wordingFails},
		}
		if wordingFails {
			answers[4].Note = "请勿用标点拆开禁用语"
		}
		cl, err := compliance.StandardForm().Fill(answers...)
		if err != nil {
			t.Fatal(err)
		}
		d, err := compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: cl, Findings: f})
		if err != nil {
			t.Fatal(err)
		}
		if cited := len(d.Cited) == 1 && d.Cited[0] == f[0]; cited != wordingFails || (!wordingFails && len(d.Cited) != 0) {
			t.Errorf("CPL-4: 避免误导性用语 failed %v: cited %+v", wordingFails, d.Cited)
		}
		if len(d.Blocking) != 0 {
			t.Errorf("CPL-1: a warn across a break blocks: %+v", d.Blocking)
		}
	}
}
