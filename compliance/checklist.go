package compliance

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/starmap-go/starmap"
)

// ItemKey is the stable key of a checklist item: one of the five standard
// keys below, or a host's own (1–64 of a–z, 0–9, '_', '-', '.', starting
// with a letter).
type ItemKey string

// The standard items of seed 003's 标准化审核清单, in its order (CPL-4).
const (
	ItemClarity     ItemKey = "clarity"             // 素材清晰度
	ItemSubtitles   ItemKey = "subtitle-accuracy"   // 字幕准确性
	ItemProductInfo ItemKey = "product-consistency" // 产品信息一致性
	ItemDisclosure  ItemKey = "disclosure"          // 披露合规
	ItemWording     ItemKey = "misleading-wording"  // 避免误导性用语
)

var standardItems = [...]Item{
	{Key: ItemClarity, ZH: "素材清晰度", EN: "material clarity"},
	{Key: ItemSubtitles, ZH: "字幕准确性", EN: "subtitle accuracy"},
	{Key: ItemProductInfo, ZH: "产品信息一致性", EN: "product information consistency"},
	{Key: ItemDisclosure, ZH: "披露合规", EN: "disclosure compliance"},
	{Key: ItemWording, ZH: "避免误导性用语", EN: "no misleading wording"},
}

// Standard reports whether k is one of the five standard keys.
func (k ItemKey) Standard() bool {
	_, ok := standardItem(k)
	return ok
}

// Label names a standard item in lang (素材清晰度 … in zh-CN); any other
// key is its own label (a host's item is labelled by its Item).
func (k ItemKey) Label(lang starmap.Lang) string {
	if it, ok := standardItem(k); ok {
		return it.Label(lang)
	}
	return string(k)
}

func standardItem(k ItemKey) (Item, bool) {
	for _, it := range standardItems {
		if it.Key == k {
			return it, true
		}
	}
	return Item{}, false
}

// Item is one point of the review checklist: its key and its labels in
// both languages. A Mark keeps the Item it answers, so a stored checklist
// reads as it was filled even after the host renames an item.
type Item struct {
	Key    ItemKey
	ZH, EN string
}

// String is the item's key.
func (it Item) String() string { return string(it.Key) }

// Label names the item in lang.
func (it Item) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		return it.ZH
	}
	return it.EN
}

// StandardItems returns the five standard items of seed 003 (素材清晰度,
// 字幕准确性, 产品信息一致性, 披露合规, 避免误导性用语), a fresh copy.
func StandardItems() []Item { return append([]Item(nil), standardItems[:]...) }

// MaxHostItems is the most items a host adds to the checklist.
const MaxHostItems = 45

// Limits of an item key, in bytes.
const maxKeyLen = 64

var (
	itemLabelField = starmap.TextField{ZH: "审核项名称", EN: "item label", Kind: starmap.TextLine}
	noteField      = starmap.TextField{ZH: "审核说明", EN: "note", Kind: starmap.TextNote}
)

// Form is the review checklist a platform uses (CPL-4): the five standard
// items, then the host's own. It is immutable; the zero Form and a nil
// *Form are the standard form.
type Form struct {
	host []Item
}

// StandardForm is the form of the five standard items alone.
func StandardForm() *Form { return &Form{} }

// NewForm makes the form of the standard items and the host's items, in
// the order given. It reports every problem at once (errors.Join): more
// than MaxHostItems (ErrTooManyItems); an item whose key is not a key, is
// a standard key or repeats another item's, or whose labels are blank or
// not valid text (ErrItemInvalid, with the item's 1-based index among the
// host's items).
func NewForm(host ...Item) (*Form, error) {
	if len(host) > MaxHostItems {
		return nil, ErrTooManyItems.New(starmap.Arg("max", MaxHostItems), starmap.Arg("got", len(host)))
	}
	var errs []error
	seen := map[ItemKey]bool{}
	for i, it := range host {
		for _, p := range itemProblems(it) {
			errs = append(errs, ErrItemInvalid.New(starmap.Arg("index", i+1), starmap.LabeledArg("problem", p[0], p[1])))
		}
		switch {
		case it.Key.Standard():
			errs = append(errs, ErrItemInvalid.New(starmap.Arg("index", i+1),
				starmap.LabeledArg("problem", "与标准审核项「"+it.Key.Label(starmap.ZH)+"」同名", "has the key of the standard item "+string(it.Key))))
		case seen[it.Key]:
			errs = append(errs, ErrItemInvalid.New(starmap.Arg("index", i+1),
				starmap.LabeledArg("problem", "与前面的审核项同名", "repeats an earlier item's key")))
		}
		seen[it.Key] = true
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Form{host: append([]Item(nil), host...)}, nil
}

// itemProblems lists what is wrong with an item's key and labels.
func itemProblems(it Item) [][2]string {
	var out [][2]string
	if !validKey(it.Key) {
		out = append(out, [2]string{"编号应为1至" + strconv.Itoa(maxKeyLen) + "个小写字母、数字或 _ - . ,以字母开头",
			"the key must be 1 to " + strconv.Itoa(maxKeyLen) + " of a-z, 0-9, _ - . starting with a letter"})
	}
	for _, l := range []struct{ v, zh, en string }{{it.ZH, "中文名称", "Chinese label"}, {it.EN, "英文名称", "English label"}} {
		if err := itemLabelField.Validate(l.v); err != nil {
			zh, en := problemOf(err)
			out = append(out, [2]string{l.zh + zh, l.en + ": " + en})
		} else if strings.TrimSpace(l.v) == "" || foldString(l.v) == "" {
			out = append(out, [2]string{l.zh + "为空", l.en + " is blank"})
		}
	}
	return out
}

func validKey(k ItemKey) bool {
	if len(k) == 0 || len(k) > maxKeyLen || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// Items returns the form's items: the standard five, then the host's.
func (f *Form) Items() []Item {
	out := StandardItems()
	if f != nil {
		out = append(out, f.host...)
	}
	return out
}

// Answer is a reviewer's answer to one item.
type Answer struct {
	Item ItemKey
	Pass bool
	// Note says what to change; required when the item fails (seed 003:
	// 对不合格的点给出具体修改建议), optional otherwise. At most 1,000
	// characters.
	Note string
}

// Mark is one answered item of a filled checklist.
type Mark struct {
	Item Item
	Pass bool
	Note string
}

// Checklist is a filled review checklist (CPL-4): a plain value that a
// host stores with the review it belongs to.
type Checklist struct {
	Marks []Mark // in the form's order
}

// AnswerAll answers every item of the form, in the form's order: each
// passes except those failed names, which fail with their note (CPL-4) —
// the common review, written once. An item failed names that the form
// lacks is answered too, so Fill reports it (ErrAnswerUnknownItem), as it
// reports a failed item without a note (ErrFailWithoutNote).
func (f *Form) AnswerAll(failed map[ItemKey]string) []Answer {
	items := f.Items()
	out := make([]Answer, 0, len(items)+len(failed))
	seen := make(map[ItemKey]bool, len(items))
	for _, it := range items {
		note, bad := failed[it.Key]
		seen[it.Key] = true
		out = append(out, Answer{Item: it.Key, Pass: !bad, Note: note})
	}
	var extra []ItemKey
	for k := range failed {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		out = append(out, Answer{Item: k, Pass: false, Note: failed[k]})
	}
	return out
}

// Fill answers the form. Every item is answered exactly once; it reports
// every problem at once (errors.Join): an answer for an item the form does
// not have (ErrAnswerUnknownItem), two answers for one item
// (ErrAnswerDuplicate), an unanswered item (ErrAnswerMissing), a failed
// item without a note (ErrFailWithoutNote), a note that is not valid text
// (ErrNoteInvalid).
func (f *Form) Fill(answers ...Answer) (Checklist, error) {
	items := f.Items()
	index := make(map[ItemKey]int, len(items))
	for i, it := range items {
		index[it.Key] = i
	}
	got := make([]*Answer, len(items))
	var errs []error
	for i := range answers {
		a := &answers[i]
		j, ok := index[a.Item]
		switch {
		case !ok:
			errs = append(errs, ErrAnswerUnknownItem.New(starmap.Arg("item", strconv.Quote(string(a.Item)))))
			continue
		case got[j] != nil:
			errs = append(errs, ErrAnswerDuplicate.New(itemArg(items[j])))
			continue
		}
		got[j] = a
		errs = append(errs, markProblems(items[j], a.Pass, a.Note)...)
	}
	marks := make([]Mark, len(items))
	for i, it := range items {
		if got[i] == nil {
			errs = append(errs, ErrAnswerMissing.New(itemArg(it)))
			continue
		}
		marks[i] = Mark{Item: it, Pass: got[i].Pass, Note: got[i].Note}
	}
	if len(errs) > 0 {
		return Checklist{}, errors.Join(errs...)
	}
	return Checklist{Marks: marks}, nil
}

func itemArg(it Item) starmap.Param { return starmap.LabeledArg("item", it.ZH, it.EN) }

// markProblems checks one answer's note.
func markProblems(it Item, pass bool, note string) []error {
	if err := noteField.Validate(note); err != nil {
		zh, en := problemOf(err)
		return []error{ErrNoteInvalid.New(itemArg(it), starmap.LabeledArg("problem", zh, en))}
	}
	if !pass && foldString(note) == "" {
		return []error{ErrFailWithoutNote.New(itemArg(it))}
	}
	return nil
}

// Failed returns the marks that failed, in order.
func (c Checklist) Failed() []Mark {
	var out []Mark
	for _, m := range c.Marks {
		if !m.Pass {
			out = append(out, m)
		}
	}
	return out
}

// Mark returns the mark of the item with key k.
func (c Checklist) Mark(k ItemKey) (Mark, bool) {
	for _, m := range c.Marks {
		if m.Item.Key == k {
			return m, true
		}
	}
	return Mark{}, false
}

// Validate checks a checklist read back from storage (or made without
// Form.Fill): every standard item is there, no item twice, every item a
// valid item, every note valid, a note on every failed item. It reports
// every problem (errors.Join of ErrChecklistInvalid).
func (c Checklist) Validate() error {
	var errs []error
	bad := func(zh, en string) {
		errs = append(errs, ErrChecklistInvalid.New(starmap.LabeledArg("problem", zh, en)))
	}
	seen := map[ItemKey]bool{}
	for i, m := range c.Marks {
		n := strconv.Itoa(i + 1)
		for _, p := range itemProblems(m.Item) {
			bad("第"+n+"项:"+p[0], "mark "+n+": "+p[1])
		}
		if seen[m.Item.Key] {
			bad("第"+n+"项重复", "mark "+n+" repeats its item")
		}
		seen[m.Item.Key] = true
		for _, err := range markProblems(m.Item, m.Pass, m.Note) {
			bad("第"+n+"项:"+starmap.Message(err, starmap.ZH), "mark "+n+": "+starmap.Message(err, starmap.EN))
		}
	}
	for _, it := range standardItems {
		if !seen[it.Key] {
			bad("缺少标准审核项「"+it.ZH+"」", "the standard item "+it.EN+" is missing")
		}
	}
	return errors.Join(errs...)
}
