package task

import "github.com/starmap-go/starmap"

// nameTable is the one bilingual table of an enum: for each value, by its
// number, the stable ASCII name String returns and the zh-CN wording
// Label(starmap.ZH) returns. The English label is the name itself, as for
// starmap.Role. An entry with an empty name is no value of the enum.
type nameTable []nameEntry

type nameEntry struct{ name, zh string }

func (t nameTable) entry(i int) (nameEntry, bool) {
	if i < 0 || i >= len(t) || t[i].name == "" {
		return nameEntry{}, false
	}
	return t[i], true
}

// str is the name of value i, or unknown.
func (t nameTable) str(i int, unknown string) string {
	if e, ok := t.entry(i); ok {
		return e.name
	}
	return unknown
}

// label is the wording of value i in lang; an unknown value is "未知" in
// zh-CN and unknown in English.
func (t nameTable) label(i int, lang starmap.Lang, unknown string) string {
	e, ok := t.entry(i)
	switch {
	case !ok && lang == starmap.ZH:
		return "未知"
	case !ok:
		return unknown
	case lang == starmap.ZH:
		return e.zh
	}
	return e.name
}
