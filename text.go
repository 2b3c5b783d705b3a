package starmap

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// TextKind is the kind of a free-text field, which sets its length bound
// and whether it may hold line breaks.
type TextKind uint8

// The kinds of free text, with their bounds in characters (runes):
const (
	// TextLine: one line — names, titles, labels, references. ≤ 200.
	TextLine TextKind = iota + 1
	// TextNote: a short remark — reasons, notes, feedback; newlines and
	// tabs allowed. ≤ 1,000.
	TextNote
	// TextBody: a document — scripts, introductions, requirements;
	// newlines and tabs allowed. ≤ 20,000.
	TextBody
)

// MaxRunes is the longest text of the kind, in characters.
func (k TextKind) MaxRunes() int {
	switch k {
	case TextLine:
		return 200
	case TextNote:
		return 1000
	case TextBody:
		return 20000
	}
	return 0
}

func (k TextKind) multiline() bool { return k == TextNote || k == TextBody }

// TextField names a free-text field in both languages and gives its kind;
// packages declare one per field and call Validate on every value that
// enters.
type TextField struct {
	ZH, EN string
	Kind   TextKind
}

// Validate checks s against the field's kind; "" is valid (whether a field
// is required is the caller's rule).
func (f TextField) Validate(s string) error {
	bad := func(zh, en string) error {
		return ErrTextInvalid.New(LabeledArg("what", f.ZH, f.EN), LabeledArg("problem", zh, en))
	}
	if !utf8.ValidString(s) {
		return bad("含有无效的字符编码", "not valid UTF-8")
	}
	n := 0
	for _, r := range s {
		n++
		switch {
		case (r == '\n' || r == '\t' || r == '\r') && f.Kind.multiline():
		case unicode.IsControl(r):
			return bad("含有控制字符", "contains a control character")
		case IsBidiControl(r):
			return bad("含有改变文字方向的控制字符", "contains a bidi control character")
		}
	}
	if max := f.Kind.MaxRunes(); n > max {
		return ErrTextInvalid.New(LabeledArg("what", f.ZH, f.EN),
			LabeledArg("problem", "超过"+strconv.Itoa(max)+"个字符", "longer than "+strconv.Itoa(max)+" characters"))
	}
	return nil
}

// IsBidiControl reports the characters that change the order a reader
// sees text in: the embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069) and the marks U+200E, U+200F, U+061C. TextField refuses
// them.
func IsBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}
