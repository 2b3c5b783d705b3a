package compliance

import (
	"fmt"
	"strconv"

	"github.com/starmap-go/starmap"
)

// Severity is how grave a finding is.
type Severity uint8

const (
	// SeverityWarn (警告): the reviewer looks at it; it never prevents
	// approval by itself.
	SeverityWarn Severity = iota + 1
	// SeverityBlock (拦截): under the default Policy the review cannot
	// approve while the finding stands, unless the platform waives it.
	SeverityBlock
)

var severityNames = [...]string{"", "warn", "block"}
var severityZH = [...]string{"", "警告", "拦截"}

// Valid reports whether s is SeverityWarn or SeverityBlock.
func (s Severity) Valid() bool { return s == SeverityWarn || s == SeverityBlock }

// String names the severity: warn, block.
func (s Severity) String() string {
	if s.Valid() {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// Label names the severity in lang (警告, 拦截 in zh-CN).
func (s Severity) Label(lang starmap.Lang) string {
	if !s.Valid() {
		if lang == starmap.ZH {
			return "未知级别"
		}
		return s.String()
	}
	if lang == starmap.ZH {
		return severityZH[s]
	}
	return severityNames[s]
}

// MarshalText renders the severity's name ("" for the zero value), for
// storage.
func (s Severity) MarshalText() ([]byte, error) {
	return marshalEnum(s.Valid(), uint8(s), s.String(), "严重程度", "severity")
}

// UnmarshalText reads a name MarshalText wrote.
func (s *Severity) UnmarshalText(b []byte) error {
	return unmarshalEnum(b, severityNames[:], (*uint8)(s), "严重程度", "severity")
}

// Kind is what a finding is about; each kind is one rule of the package.
type Kind uint8

const (
	// KindAbsoluteTerm (CPL-1): an absolute term (绝对化用语).
	KindAbsoluteTerm Kind = iota + 1
	// KindDisclosureMissing (CPL-2): the commercial cooperation is not
	// disclosed (未披露商业合作).
	KindDisclosureMissing
	// KindPointMissing (CPL-3): a required point of the template is absent
	// (缺少要求要点).
	KindPointMissing
	// KindTermAcrossBreak (CPL-1): a listed term written across a clause
	// break (疑似拆分禁用语): always a warn finding.
	KindTermAcrossBreak
)

var kindNames = [...]string{"", "absolute-term", "disclosure-missing", "point-missing", "term-across-break"}
var kindZH = [...]string{"", "绝对化用语", "未披露商业合作", "缺少要求要点", "疑似拆分禁用语"}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool { return k >= KindAbsoluteTerm && k <= KindTermAcrossBreak }

// spanned reports whether a finding of kind k has a span in the text (a
// term found), rather than being about something absent.
func (k Kind) spanned() bool { return k == KindAbsoluteTerm || k == KindTermAcrossBreak }

// String names the kind: absolute-term, disclosure-missing, point-missing,
// term-across-break.
func (k Kind) String() string {
	if k.Valid() {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Label names the kind in lang (绝对化用语 … in zh-CN).
func (k Kind) Label(lang starmap.Lang) string {
	if !k.Valid() {
		if lang == starmap.ZH {
			return "未知类型"
		}
		return k.String()
	}
	if lang == starmap.ZH {
		return kindZH[k]
	}
	return kindNames[k]
}

// Rule is the kind's sentinel: ErrAbsoluteTerm, ErrDisclosureMissing,
// ErrPointMissing, ErrTermAcrossBreak (nil for an invalid kind).
func (k Kind) Rule() *starmap.Rule {
	switch k {
	case KindAbsoluteTerm:
		return ErrAbsoluteTerm
	case KindTermAcrossBreak:
		return ErrTermAcrossBreak
	case KindDisclosureMissing:
		return ErrDisclosureMissing
	case KindPointMissing:
		return ErrPointMissing
	}
	return nil
}

// Item is the standard checklist item the kind belongs to: an absolute
// term (also one across a clause break) to 避免误导性用语, a missing disclosure to 披露合规, a missing point
// to 产品信息一致性 ("" for an invalid kind). A reviewer reading the
// findings knows which item they bear on.
func (k Kind) Item() ItemKey {
	switch k {
	case KindAbsoluteTerm, KindTermAcrossBreak:
		return ItemWording
	case KindDisclosureMissing:
		return ItemDisclosure
	case KindPointMissing:
		return ItemProductInfo
	}
	return ""
}

// MarshalText renders the kind's name ("" for the zero value), for
// storage.
func (k Kind) MarshalText() ([]byte, error) {
	return marshalEnum(k.Valid(), uint8(k), k.String(), "检查发现类型", "finding kind")
}

// UnmarshalText reads a name MarshalText wrote.
func (k *Kind) UnmarshalText(b []byte) error {
	return unmarshalEnum(b, kindNames[:], (*uint8)(k), "检查发现类型", "finding kind")
}

// PointKind is what a required point of a template is (CPL-3; seed 003:
// 产品链接、话术要点).
type PointKind uint8

const (
	// PointProduct (产品名称): the product's name; found however it is
	// written (folded, like terms). Missing: a block finding.
	PointProduct PointKind = iota + 1
	// PointLink (产品链接): the product link; found only exactly as given
	// (a link that differs in a letter is another link). Missing: a block
	// finding.
	PointLink
	// PointMessage (关键信息): a key message of the talking points; found
	// however it is written. Missing: a warn finding (a creator may put a
	// message in their own words; the reviewer judges).
	PointMessage
)

var pointNames = [...]string{"", "product", "link", "message"}
var pointZH = [...]string{"", "产品名称", "产品链接", "关键信息"}

// Valid reports whether p is one of the point kinds.
func (p PointKind) Valid() bool { return p >= PointProduct && p <= PointMessage }

// String names the point kind: product, link, message.
func (p PointKind) String() string {
	if p.Valid() {
		return pointNames[p]
	}
	return fmt.Sprintf("PointKind(%d)", uint8(p))
}

// Label names the point kind in lang (产品名称, 产品链接, 关键信息 in zh-CN).
func (p PointKind) Label(lang starmap.Lang) string {
	if !p.Valid() {
		if lang == starmap.ZH {
			return "未知要点"
		}
		return p.String()
	}
	if lang == starmap.ZH {
		return pointZH[p]
	}
	return pointNames[p]
}

// Severity is the severity of the finding when a point of this kind is
// missing.
func (p PointKind) Severity() Severity {
	if p == PointMessage {
		return SeverityWarn
	}
	return SeverityBlock
}

// MarshalText renders the point kind's name ("" for the zero value, a
// finding that is not about a point), for storage.
func (p PointKind) MarshalText() ([]byte, error) {
	return marshalEnum(p.Valid(), uint8(p), p.String(), "要点类型", "point kind")
}

// UnmarshalText reads a name MarshalText wrote.
func (p *PointKind) UnmarshalText(b []byte) error {
	return unmarshalEnum(b, pointNames[:], (*uint8)(p), "要点类型", "point kind")
}

// marshalEnum renders a valid value by name and the zero value (none) as
// "", so that a struct with an unset enum (a Finding's Point outside
// CPL-3) still stores; any other value is an error.
func marshalEnum(valid bool, v uint8, name, whatZH, what string) ([]byte, error) {
	if v == 0 {
		return []byte{}, nil
	}
	if !valid {
		return nil, ErrEnumInvalid.New(starmap.LabeledArg("what", whatZH, what), starmap.Arg("value", v))
	}
	return []byte(name), nil
}

func unmarshalEnum(b []byte, names []string, dst *uint8, whatZH, what string) error {
	s := string(b)
	if s == "" {
		*dst = 0
		return nil
	}
	for i, n := range names {
		if i > 0 && n == s {
			*dst = uint8(i)
			return nil
		}
	}
	return ErrEnumInvalid.New(starmap.LabeledArg("what", whatZH, what), starmap.Arg("value", strconv.Quote(s)))
}
