package compliance_test

import (
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

type enum interface {
	String() string
	Label(starmap.Lang) string
	MarshalText() ([]byte, error)
}

// TestEnums: every value has a stable name and a label in each language,
// stores by name and reads back; invalid values say so in both languages
// and do not store.
func TestEnums(t *testing.T) {
	cases := []struct {
		v      enum
		name   string
		zh     string
		decode func([]byte) (enum, error)
	}{
		{compliance.SeverityWarn, "warn", "警告", decodeSeverity},
		{compliance.SeverityBlock, "block", "拦截", decodeSeverity},
		{compliance.KindAbsoluteTerm, "absolute-term", "绝对化用语", decodeKind},
		{compliance.KindDisclosureMissing, "disclosure-missing", "未披露商业合作", decodeKind},
		{compliance.KindPointMissing, "point-missing", "缺少要求要点", decodeKind},
		{compliance.KindTermAcrossBreak, "term-across-break", "疑似拆分禁用语", decodeKind},
		{compliance.PointProduct, "product", "产品名称", decodePoint},
		{compliance.PointLink, "link", "产品链接", decodePoint},
		{compliance.PointMessage, "message", "关键信息", decodePoint},
	}
	for _, c := range cases {
		if c.v.String() != c.name || c.v.Label(starmap.EN) != c.name || c.v.Label(starmap.ZH) != c.zh {
			t.Errorf("%v: %q %q %q", c.v, c.v.String(), c.v.Label(starmap.EN), c.v.Label(starmap.ZH))
		}
		b, err := c.v.MarshalText()
		if err != nil || string(b) != c.name {
			t.Errorf("MarshalText(%v) = %q, %v", c.v, b, err)
		}
		back, err := c.decode(b)
		if err != nil || back != c.v {
			t.Errorf("UnmarshalText(%q) = %v, %v", b, back, err)
		}
		if _, err := c.decode([]byte(c.name + "x")); !hasCode(err, compliance.ErrEnumInvalid) {
			t.Errorf("UnmarshalText(%q): %v", c.name+"x", err)
		}
		if z, err := c.decode(nil); err != nil || z.String() == c.name {
			t.Errorf("UnmarshalText(\"\") = %v, %v: the zero value", z, err)
		}
	}
	for _, v := range []enum{compliance.Severity(9), compliance.Kind(9), compliance.PointKind(9)} {
		if _, err := v.MarshalText(); !hasCode(err, compliance.ErrEnumInvalid) {
			t.Errorf("MarshalText(%v): %v", v, err)
		}
		if v.Label(starmap.ZH) == v.Label(starmap.EN) || v.String() == "" {
			t.Errorf("invalid %v labels %q %q", v, v.Label(starmap.ZH), v.Label(starmap.EN))
		}
	}
	for _, v := range []enum{compliance.Severity(0), compliance.Kind(0), compliance.PointKind(0)} {
		if b, err := v.MarshalText(); err != nil || len(b) != 0 {
			t.Errorf("zero %T stores as %q, %v", v, b, err)
		}
	}
	if compliance.Kind(9).Rule() != nil || compliance.Kind(9).Item() != "" {
		t.Error("invalid kind has a rule or item")
	}
	for k, item := range map[compliance.Kind]compliance.ItemKey{
		compliance.KindAbsoluteTerm: compliance.ItemWording, compliance.KindDisclosureMissing: compliance.ItemDisclosure,
		compliance.KindPointMissing: compliance.ItemProductInfo, compliance.KindTermAcrossBreak: compliance.ItemWording} {
		if k.Item() != item || k.Rule() == nil {
			t.Errorf("%v: item %v", k, k.Item())
		}
	}
}

func decodeSeverity(b []byte) (enum, error) {
	var v compliance.Severity
	err := v.UnmarshalText(b)
	return v, err
}

func decodeKind(b []byte) (enum, error) {
	var v compliance.Kind
	err := v.UnmarshalText(b)
	return v, err
}

func decodePoint(b []byte) (enum, error) {
	var v compliance.PointKind
	err := v.UnmarshalText(b)
	return v, err
}
