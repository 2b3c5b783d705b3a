package task_test

import (
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TestRejectionCitesNoFindingOnOrdinaryWords_CPL4: a script whose only
// oddity is ordinary words across a comma (舌尖，端午节快乐, the compliance
// doc's own innocent example) is rejected for the picture; the creator is
// told only that (CPL-4: nothing else to cite). Today the rejection cites a
// term_across_break warn for 尖端 — "请确认是否规避广告禁用语" — which the
// platform cannot waive either (waivers take block findings only).
func TestRejectionCitesNoFindingOnOrdinaryWords_CPL4(t *testing.T) {
	tk, _ := submitted(t, clean+"舌尖，端午节快乐")
	if _, err := tk.Apply(advertiser, t0.Add(2*time.Hour), task.Request{Command: task.CmdRejectScript, Reason: "画面太暗"}); err != nil {
		t.Fatal(err)
	}
	last := tk.History()[tk.HistoryLen()-1]
	if got := last.RejectionText(starmap.ZH); strings.Contains(got, "尖端") {
		t.Errorf("CPL-4: a rejection of ordinary text cites %q", got)
	}
}
