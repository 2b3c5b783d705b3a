package starmap

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestCheckAmount_X4(t *testing.T) {
	huge := decimal.RequireFromString("1" + strings.Repeat("0", 100000))
	cases := []struct {
		in   decimal.Decimal
		want []*Rule
	}{
		{decimal.RequireFromString(MaxAmountText), nil},
		{decimal.RequireFromString("-" + MaxAmountText), nil},
		{decimal.RequireFromString("1.500"), nil},
		{decimal.RequireFromString("1e15"), []*Rule{ErrMoneyTooLarge}},
		{decimal.RequireFromString("1e30"), []*Rule{ErrMoneyTooLarge}},
		{huge, []*Rule{ErrMoneyTooLarge}},
		{decimal.RequireFromString("0.001"), []*Rule{ErrMoneyTooPrecise}},
		{decimal.RequireFromString("1000000000000000.001"), []*Rule{ErrMoneyTooLarge, ErrMoneyTooPrecise}},
		{decimal.New(1, 2000000000), []*Rule{ErrMoneyTooLarge}},
		{decimal.New(1, -2000000000), []*Rule{ErrMoneyTooPrecise}},
		{decimal.New(-5, 10000000), []*Rule{ErrMoneyTooLarge}},
		{decimal.New(12300, -4), nil}, // 1.2300: whole fen
		{decimal.New(12301, -4), []*Rule{ErrMoneyTooPrecise}},
		{decimal.New(0, 99), nil},
		{decimal.New(0, -MaxZeroExponent), nil},
		// A zero with an absurd exponent: refused at once, since the
		// next arithmetic on it would build a billion-digit power of ten.
		{decimal.New(0, 1000000000), []*Rule{ErrMoneyTooLarge}},
		{decimal.New(0, -1000000000), []*Rule{ErrMoneyTooPrecise}},
		{decimal.New(0, MaxZeroExponent+1), []*Rule{ErrMoneyTooLarge}},
	}
	for _, c := range cases {
		err := CheckAmount(c.in)
		if len(Codes(err)) != len(c.want) {
			t.Errorf("CheckAmount(%.30s) = %v, want %d rules", c.in, err, len(c.want))
		}
		for _, r := range c.want {
			if !errors.Is(err, r) {
				t.Errorf("CheckAmount(%.30s) = %v, want %s", c.in, err, r.Code())
			}
		}
		if len(Message(err, EN)) > 200 {
			t.Errorf("message for %.30s is %d bytes long", c.in, len(Message(err, EN)))
		}
	}
}

func TestTextField(t *testing.T) {
	line := TextField{ZH: "标题", EN: "title", Kind: TextLine}
	note := TextField{ZH: "备注", EN: "note", Kind: TextNote}
	for _, c := range []struct {
		f  TextField
		s  string
		ok bool
	}{
		{line, "", true},
		{line, "小美妆日记 👩‍💻", true}, // a ZWJ sequence is text, not a control
		{line, "a\nb", false},
		{note, "a\nb\tc", true},
		{note, "a\x00b", false},
		{note, "a\x1bb", false},
		{note, "\xff", false},
		{note, "x\u202eabc", false},
		{note, strings.Repeat("字", 1000), true},
		{note, strings.Repeat("字", 1001), false},
		{TextField{Kind: TextBody}, strings.Repeat("a", 10<<20), false},
	} {
		err := c.f.Validate(c.s)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrTextInvalid)) {
			t.Errorf("%s.Validate(%.20q) = %v, want ok=%v", c.f.EN, c.s, err, c.ok)
		}
	}
}

func TestValidateID_formatAndSeparators_X7(t *testing.T) {
	for _, id := range []string{"adv-1\u200b", "adv\u200d1", "\u202eadv", "\ufeffadv", "ad\u00adv", "adv\U000E0041", "a:b", "a/b", "a|b",
		"a\u034fb", "a\u115fb", "a\u3164b", "a\uffa0b", "a\u2800b", "a\ufe0fb"} {
		if err := ValidateID("id", id); !errors.Is(err, ErrIDInvalid) {
			t.Errorf("ValidateID(%q) = %v, want ErrIDInvalid", id, err)
		}
	}
	for _, id := range []string{"adv-1", "达人_01", "shop.42"} {
		if err := ValidateID("id", id); err != nil {
			t.Errorf("ValidateID(%q) = %v", id, err)
		}
	}
}

func TestParseActor_injective_X7(t *testing.T) {
	if SubAccountActor("a/b", "c").Validate() == nil || SubAccountActor("a", "b/c").Validate() == nil {
		t.Fatal("ids holding the separator must be invalid")
	}
	rapid.Check(t, func(t *rapid.T) {
		id := rapid.StringMatching(`[a-z0-9\-_.]{1,12}|[达人店]{1,4}`)
		role := Role(rapid.IntRange(int(RoleAdvertiser), int(RolePlatform)).Draw(t, "role"))
		adv := ""
		if role == RoleAdvertiserSub {
			adv = id.Draw(t, "adv")
		}
		a, err := NewActor(role, id.Draw(t, "id"), adv)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseActor(a.String())
		if err != nil || back != a {
			t.Fatalf("%s read back as %v, %v", a, back, err)
		}
	})
	for _, bad := range []string{"", "creator", "boss:x", "advertiser-sub:x", "creator:a:b"} {
		if _, err := ParseActor(bad); !errors.Is(err, ErrActorInvalid) {
			t.Errorf("ParseActor(%q) = %v", bad, err)
		}
	}
}

func TestManualClock_AdvanceDaysSaturates_X2(t *testing.T) {
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, CST())
	for _, n := range []int{math.MaxInt, 1 << 62, math.MaxInt32 * 4} {
		c := NewManualClock(start)
		c.AdvanceDays(n)
		if DateOf(c.Now()) != MaxDate() {
			t.Errorf("AdvanceDays(%d) → %v, want MaxDate", n, c.Now())
		}
		c.AdvanceDays(n)
		if DateOf(c.Now()) != MaxDate() {
			t.Errorf("AdvanceDays(%d) twice → %v", n, c.Now())
		}
	}
	c := NewManualClock(start)
	c.AdvanceDays(math.MinInt)
	if DateOf(c.Now()) != MinDate() {
		t.Errorf("AdvanceDays(MinInt) → %v, want MinDate", c.Now())
	}
	c = NewManualClock(time.Date(9999, 12, 20, 10, 0, 0, 0, CST()))
	c.Advance(math.MaxInt64)
	if DateOf(c.Now()) != MaxDate() {
		t.Errorf("Advance(MaxInt64) → %v, want the end of MaxDate", c.Now())
	}
	c = NewManualClock(MinDate().AddDays(1).StartOfDay())
	c.Advance(math.MinInt64)
	if !c.Now().Equal(MinDate().StartOfDay()) {
		t.Errorf("Advance(MinInt64) → %v, want the start of MinDate", c.Now())
	}
	c = NewManualClock(start)
	c.AdvanceDays(3)
	if !c.Now().Equal(start.AddDate(0, 0, 3)) {
		t.Errorf("AdvanceDays(3) → %v", c.Now())
	}
}

// FuzzTextField: any string gets an answer, and an accepted one is valid
// UTF-8 of the kind's length with no control character outside the line
// breaks and tabs a multi-line kind allows, and no bidi control.
func FuzzTextField(f *testing.F) {
	for _, s := range []string{"", "a\nb", "x\u202ey", "\xff", strings.Repeat("字", 201)} {
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, k uint8) {
		kind := TextKind(k%3 + 1)
		err := TextField{ZH: "字段", EN: "field", Kind: kind}.Validate(s)
		if err != nil {
			if !errors.Is(err, ErrTextInvalid) {
				t.Fatalf("uncoded refusal %v", err)
			}
			return
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > kind.MaxRunes() {
			t.Fatalf("accepted %q", s)
		}
		for _, r := range s {
			if IsBidiControl(r) || (unicode.IsControl(r) && !(kind != TextLine && (r == '\n' || r == '\t' || r == '\r'))) {
				t.Fatalf("accepted %q holding %U", s, r)
			}
		}
	})
}

// FuzzValidateID: an accepted id holds no space, control or format
// character and no separator, so every rendered key stays injective.
func FuzzValidateID(f *testing.F) {
	for _, s := range []string{"adv-1", "a:b", "adv\u200b", "达人"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if err := ValidateID("id", id); err != nil {
			if !errors.Is(err, ErrIDInvalid) {
				t.Fatalf("uncoded refusal %v", err)
			}
			return
		}
		if id == "" || len(id) > MaxIDLen || !utf8.ValidString(id) || strings.ContainsAny(id, IDSeparators) ||
			strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || invisible(r) }) >= 0 {
			t.Fatalf("accepted %q", id)
		}
	})
}

// FuzzCheckAmount: CheckAmount accepts exactly the amounts of at most 15
// integer digits in whole fen — compared with a reading of the written
// digits that does no decimal arithmetic.
func FuzzCheckAmount(f *testing.F) {
	for _, s := range []string{"1", "0.001", "999999999999999.99", "1e15", "-1e-3", "12.300", "1e2000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64 || strings.ContainsAny(s, "eE") && len(s) > 24 {
			return
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return
		}
		got := CheckAmount(d)
		// The model: the coefficient's digits and the exponent, as written.
		n, e := d.NumDigits(), int(d.Exponent())
		coef := d.Coefficient().String()
		coef = strings.TrimPrefix(coef, "-")
		tooLarge := !d.IsZero() && n+e > 15
		tooPrecise := false
		if below := -e - FenPlaces; below > 0 && !d.IsZero() {
			tail := coef
			if below < len(coef) {
				tail = coef[len(coef)-below:]
			}
			tooPrecise = below >= len(coef) || strings.Trim(tail, "0") != ""
		}
		if errors.Is(got, ErrMoneyTooLarge) != tooLarge || errors.Is(got, ErrMoneyTooPrecise) != tooPrecise {
			t.Fatalf("CheckAmount(%s) = %v; model says too large %v, too precise %v", s, got, tooLarge, tooPrecise)
		}
	})
}
