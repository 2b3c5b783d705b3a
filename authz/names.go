package authz

import (
	"fmt"

	"github.com/starmap-go/starmap"
)

// names is the one bilingual table of an enum: the English name (String,
// stable ASCII) and the zh-CN label of each value, indexed by the value. A
// value without an English name is not declared.
type names []struct{ en, zh string }

// text names v in lang; an undeclared value reads typ(v) in English and
// unknown(v) in zh-CN, so that nothing renders empty.
func (t names) text(v uint8, lang starmap.Lang, typ, unknown string) string {
	if int(v) < len(t) && t[v].en != "" {
		if lang == starmap.ZH {
			return t[v].zh
		}
		return t[v].en
	}
	if lang == starmap.ZH {
		return fmt.Sprintf("%s(%d)", unknown, v)
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}
