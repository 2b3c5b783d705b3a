package onboarding

import (
	"strconv"

	"github.com/starmap-go/starmap"
)

// name is one value's entry in an enum's bilingual table: en is the stable
// ASCII name String returns (and Label gives in English), zh the Chinese
// wording users see. Every enum of the package has one such table, indexed
// by its value, and String and Label both read it.
type name struct{ en, zh string }

// nameOf is String for the enum whose table is t and Go type is typ: the
// entry's name, or typ(n) for a value outside the table.
func nameOf(t []name, v int, typ string) string {
	if v >= 0 && v < len(t) && t[v].en != "" {
		return t[v].en
	}
	return typ + "(" + strconv.Itoa(v) + ")"
}

// labelOf is Label: the Chinese wording in zh-CN (unknownZH and the number
// for a value outside the table, so that a zh-CN message never shows an
// English word), the name in any other language.
func labelOf(t []name, v int, typ, unknownZH string, lang starmap.Lang) string {
	if lang != starmap.ZH {
		return nameOf(t, v, typ)
	}
	if v >= 0 && v < len(t) && t[v].zh != "" {
		return t[v].zh
	}
	return unknownZH + strconv.Itoa(v)
}
