package compliance_test

import (
	"errors"
	"testing"

	"github.com/starmap-go/starmap/compliance"
)

// TestAnswerAll_CPL4: AnswerAll answers every item of the form in its
// order, passing all but the failed ones, which carry their notes; Fill
// accepts that; a failed item the form lacks or one without a note is
// still Fill's to refuse.
func TestAnswerAll_CPL4(t *testing.T) {
	form := compliance.StandardForm()
	answers := form.AnswerAll(map[compliance.ItemKey]string{compliance.ItemWording: "删去“最佳”"})
	items := form.Items()
	if len(answers) != len(items) {
		t.Fatalf("CPL-4: %d answers for %d items", len(answers), len(items))
	}
	for i, a := range answers {
		wantPass := items[i].Key != compliance.ItemWording
		if a.Item != items[i].Key || a.Pass != wantPass {
			t.Errorf("CPL-4: answer %d = %+v; want %s pass=%v", i, a, items[i].Key, wantPass)
		}
	}
	cl, err := form.Fill(answers...)
	if err != nil {
		t.Fatal(err)
	}
	if f := cl.Failed(); len(f) != 1 || f[0].Item.Key != compliance.ItemWording || f[0].Note != "删去“最佳”" {
		t.Errorf("CPL-4: failed marks %+v", f)
	}
	if _, err := form.Fill(form.AnswerAll(map[compliance.ItemKey]string{"no-such-item": "x"})...); !errors.Is(err, compliance.ErrAnswerUnknownItem) {
		t.Errorf("CPL-4: an unknown failed item = %v, want ErrAnswerUnknownItem", err)
	}
	if _, err := form.Fill(form.AnswerAll(map[compliance.ItemKey]string{compliance.ItemClarity: ""})...); !errors.Is(err, compliance.ErrFailWithoutNote) {
		t.Errorf("CPL-4: a failed item without a note = %v, want ErrFailWithoutNote", err)
	}
	if got := form.AnswerAll(nil); len(got) != len(items) || !got[0].Pass {
		t.Errorf("CPL-4: AnswerAll(nil) = %+v", got)
	}
}
