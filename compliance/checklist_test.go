package compliance_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// TestStandardItems_CPL4: the five items of seed 003's 标准化审核清单, in
// its order.
func TestStandardItems_CPL4(t *testing.T) {
	var zh []string
	for _, it := range compliance.StandardItems() {
		zh = append(zh, it.Label(starmap.ZH))
		if !it.Key.Standard() || it.Key.Label(starmap.ZH) != it.ZH || it.Key.Label(starmap.EN) != it.EN || it.String() != string(it.Key) {
			t.Errorf("item %+v", it)
		}
	}
	if got := strings.Join(zh, "、"); got != "素材清晰度、字幕准确性、产品信息一致性、披露合规、避免误导性用语" {
		t.Errorf("standard items %s", got)
	}
	if compliance.ItemKey("logo").Standard() || compliance.ItemKey("logo").Label(starmap.ZH) != "logo" {
		t.Error("a host key is not standard and labels itself")
	}
	items := compliance.StandardItems()
	items[0].ZH = "changed"
	if compliance.StandardItems()[0].ZH == "changed" {
		t.Error("StandardItems shares its array")
	}
}

var logoItem = compliance.Item{Key: "logo-visible", ZH: "品牌标识露出", EN: "logo visible"}

func TestNewForm_CPL4(t *testing.T) {
	f, err := compliance.NewForm(logoItem)
	if err != nil {
		t.Fatal(err)
	}
	if items := f.Items(); len(items) != 6 || items[5] != logoItem || items[0].Key != compliance.ItemClarity {
		t.Errorf("items %+v", items)
	}
	var zero compliance.Form
	var nilForm *compliance.Form
	if !slices.Equal(zero.Items(), compliance.StandardItems()) || !slices.Equal(nilForm.Items(), compliance.StandardItems()) {
		t.Error("the zero and nil Form are the standard form")
	}
	_, err = compliance.NewForm(
		compliance.Item{Key: "Logo", ZH: "标识", EN: "logo"},
		compliance.Item{Key: compliance.ItemClarity, ZH: "清晰", EN: "clear"},
		logoItem, logoItem,
		compliance.Item{Key: "music", ZH: " ", EN: "\x00"},
		compliance.Item{Key: "", ZH: "", EN: ""},
	)
	// Logo: bad key; clarity: standard; logo twice: repeat; music: two
	// labels; empty: key and two labels.
	if got := len(codes(err)); got != 8 || !hasCode(err, compliance.ErrItemInvalid) {
		t.Errorf("want 8 problems, got %d: %v", got, err)
	}
	many := make([]compliance.Item, compliance.MaxHostItems+1)
	if _, err := compliance.NewForm(many...); !hasCode(err, compliance.ErrTooManyItems) {
		t.Errorf("too many: %v", err)
	}
}

func TestFill_CPL4(t *testing.T) {
	f, err := compliance.NewForm(logoItem)
	if err != nil {
		t.Fatal(err)
	}
	answers := append(standardAnswers(), compliance.Answer{Item: logoItem.Key, Pass: false, Note: "片头未出现品牌标识"})
	slices.Reverse(answers) // any order in, the form's order out
	cl, err := f.Fill(answers...)
	if err != nil {
		t.Fatal(err)
	}
	if len(cl.Marks) != 6 || cl.Marks[0].Item.Key != compliance.ItemClarity || cl.Marks[5].Item != logoItem {
		t.Errorf("marks %+v", cl.Marks)
	}
	if failed := cl.Failed(); len(failed) != 1 || failed[0].Note != "片头未出现品牌标识" {
		t.Errorf("failed %+v", failed)
	}
	if m, ok := cl.Mark(compliance.ItemDisclosure); !ok || !m.Pass {
		t.Errorf("mark %+v %v", m, ok)
	}
	if err := cl.Validate(); err != nil {
		t.Errorf("a filled checklist is valid: %v", err)
	}

	t.Run("CPL-4 every problem at once", func(t *testing.T) {
		_, err := f.Fill(
			compliance.Answer{Item: compliance.ItemClarity, Pass: true},
			compliance.Answer{Item: compliance.ItemClarity, Pass: true},
			compliance.Answer{Item: compliance.ItemSubtitles, Pass: false},
			compliance.Answer{Item: compliance.ItemProductInfo, Pass: false, Note: "  。"},
			compliance.Answer{Item: compliance.ItemDisclosure, Pass: true, Note: "bad\x00note"},
			compliance.Answer{Item: "nope", Pass: true},
		)
		want := []starmap.Code{
			compliance.ErrAnswerDuplicate.Code(), compliance.ErrFailWithoutNote.Code(), compliance.ErrFailWithoutNote.Code(),
			compliance.ErrNoteInvalid.Code(), compliance.ErrAnswerUnknownItem.Code(),
			compliance.ErrAnswerMissing.Code(), compliance.ErrAnswerMissing.Code(),
		}
		if got := codes(err); !slices.Equal(got, want) {
			t.Errorf("codes %v\nwant  %v\n%v", got, want, err)
		}
	})
	t.Run("CPL-4 a long note", func(t *testing.T) {
		a := standardAnswers()
		a[0].Note = strings.Repeat("字", 1001)
		if _, err := compliance.StandardForm().Fill(a...); !hasCode(err, compliance.ErrNoteInvalid) {
			t.Errorf("got %v", err)
		}
	})
}

func TestChecklistValidate_CPL4(t *testing.T) {
	cl, err := compliance.StandardForm().Fill(standardAnswers()...)
	if err != nil {
		t.Fatal(err)
	}
	broken := compliance.Checklist{Marks: slices.Clone(cl.Marks[1:])} // 素材清晰度 missing
	broken.Marks = append(broken.Marks, broken.Marks[0])              // 字幕准确性 twice
	broken.Marks[1].Pass = false                                      // 产品信息一致性 failed, no note
	broken.Marks = append(broken.Marks, compliance.Mark{Item: compliance.Item{Key: "X"}, Pass: true})
	err = broken.Validate()
	if got := len(codes(err)); got != 6 || !hasCode(err, compliance.ErrChecklistInvalid) {
		// missing clarity, repeat, failed without note, bad key, two blank labels
		t.Errorf("want 6 problems, got %d: %v", got, err)
	}
	if err := (compliance.Checklist{}).Validate(); len(codes(err)) != 5 {
		t.Errorf("the empty checklist lacks the five standard items: %v", err)
	}
}
