package card

import "github.com/starmap-go/starmap"

// enumText is one value's entry in its enum's bilingual table: the stable
// name String returns, and the zh-CN and English wording Label returns.
// Every enum of the package has one table, its entry 0 for values outside
// it.
type enumText struct{ name, zh, en string }

// lookup returns the entry of value i in table, entry 0 when there is none.
func lookup(table []enumText, i int) enumText {
	if i <= 0 || i >= len(table) {
		return table[0]
	}
	return table[i]
}

func (e enumText) label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		return e.zh
	}
	return e.en
}
