package compliance_test

import (
	"testing"

	"github.com/starmap-go/starmap/compliance"
)

// TestCPL1_OrdinaryWordsAcrossBreakNoFinding (CPL-1): the package doc's own
// innocent sentence "舌尖，端午节快乐" (no term, no evasion) yields no
// finding at all — issue 14's property "text with no term and no evasion
// yields no finding". Today it yields a term_across_break warn for 尖端.
func TestCPL1_OrdinaryWordsAcrossBreakNoFinding(t *testing.T) {
	c, err := compliance.NewChecker()
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.Check("舌尖，端午节快乐", compliance.Requirements{})
	if err != nil || len(f) != 0 {
		t.Errorf("CPL-1: ordinary text across a clause break: %v %+v", err, f)
	}
}
