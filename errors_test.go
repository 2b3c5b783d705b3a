package starmap

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	testRule = NewRule("test.end_not_after", ErrInvalid,
		"结束日期 {end} 必须晚于 {current}", "end {end} must be after {current}")
	testForbidden = NewRule("test.only_creator", ErrForbidden, "仅达人可操作", "only the creator may do this")
)

func TestErrors_X5_IsAsMatrix(t *testing.T) {
	raised := testRule.New(Arg("end", d(2026, 3, 31)), Arg("current", "2026-03-31"))
	wrapped := fmt.Errorf("renewing grant g-1: %w", raised)
	joined := errors.Join(testForbidden.New(), wrapped)
	kinds := []*Rule{ErrInvalid, ErrForbidden, ErrNotFound, ErrConflict}

	cases := []struct {
		name   string
		err    error
		is     []error
		isNot  []error
		asCode Code
	}{
		{"raised", raised, []error{testRule, ErrInvalid}, []error{testForbidden, ErrForbidden, ErrNotFound, ErrConflict}, "test.end_not_after"},
		{"wrapped with %w", wrapped, []error{testRule, ErrInvalid}, []error{testForbidden, ErrForbidden}, "test.end_not_after"},
		{"joined", joined, []error{testRule, testForbidden, ErrInvalid, ErrForbidden}, []error{ErrNotFound, ErrConflict}, "test.only_creator"},
		{"the sentinel itself", testRule, []error{testRule, ErrInvalid}, []error{ErrForbidden}, ""},
		{"store conflict", ErrVersionConflict.New(Arg("what", "grant"), Arg("id", "g"), Arg("expected", 3)), []error{ErrVersionConflict, ErrConflict}, []error{ErrInvalid, ErrNotFound}, "store.version_conflict"},
		{"kind itself", ErrNotFound, []error{ErrNotFound}, []error{ErrConflict, ErrInvalid}, ""},
	}
	for _, c := range cases {
		t.Run("X-5_"+c.name, func(t *testing.T) {
			for _, target := range c.is {
				if !errors.Is(c.err, target) {
					t.Errorf("errors.Is(%v, %v) = false, want true", c.err, target)
				}
			}
			for _, target := range c.isNot {
				if errors.Is(c.err, target) {
					t.Errorf("errors.Is(%v, %v) = true, want false", c.err, target)
				}
			}
			var e *Error
			if got := errors.As(c.err, &e); got != (c.asCode != "") {
				t.Fatalf("errors.As = %v", got)
			}
			if c.asCode != "" && e.Code() != c.asCode {
				t.Fatalf("code = %q, want %q", e.Code(), c.asCode)
			}
		})
	}
	for _, k := range kinds {
		if k.Kind() != k {
			t.Errorf("kind %v is not its own kind", k.Code())
		}
	}
	if testRule.Kind() != ErrInvalid {
		t.Fatal("rule kind")
	}
}

func TestErrors_X5_MessagesBothLanguages(t *testing.T) {
	err := testRule.New(Arg("end", d(2026, 3, 31)), Arg("current", d(2026, 4, 30)))
	if got := err.Message(ZH); got != "结束日期 2026-03-31 必须晚于 2026-04-30" {
		t.Fatalf("zh = %q", got)
	}
	if got := err.Message(EN); got != "end 2026-03-31 must be after 2026-04-30" {
		t.Fatalf("en = %q", got)
	}
	if got := err.Error(); got != "test.end_not_after: end 2026-03-31 must be after 2026-04-30" {
		t.Fatalf("Error() = %q", got)
	}
	if v, ok := err.Param("current"); !ok || v != "2026-04-30" {
		t.Fatalf("Param = %q, %v", v, ok)
	}
	if _, ok := err.Param("nope"); ok {
		t.Fatal("unknown param reported as set")
	}
	ps := err.Params()
	ps[0].Value = "tampered"
	if v, _ := err.Param("end"); v != "2026-03-31" {
		t.Fatal("Params must return a copy")
	}
	// A missing parameter leaves its placeholder visible rather than lying.
	if got := testRule.New().Message(EN); got != "end {end} must be after {current}" {
		t.Fatalf("unfilled = %q", got)
	}
	joined := errors.Join(testForbidden.New(), err)
	if got := Message(joined, ZH); got != "仅达人可操作\n结束日期 2026-03-31 必须晚于 2026-04-30" {
		t.Fatalf("joined zh = %q", got)
	}
	if got := Message(errors.New("plain"), ZH); got != "plain" {
		t.Fatalf("plain = %q", got)
	}
	if Message(nil, EN) != "" {
		t.Fatal("nil message")
	}
	cause := errors.New("disk on fire")
	w := testForbidden.Wrap(cause)
	if !errors.Is(w, cause) || !strings.HasSuffix(w.Error(), ": disk on fire") {
		t.Fatalf("Wrap lost its cause: %v", w)
	}
}

func TestErrors_X5_MessageOfWrappedJoin(t *testing.T) {
	err := fmt.Errorf("eligibility: %w", errors.Join(testForbidden.New(), fmt.Errorf("x: %w", ErrMoneyNegative.New(Arg("value", "-1")))))
	if got := Message(err, ZH); got != "仅达人可操作\n金额不能为负数:-1" {
		t.Fatalf("every rule error inside must be rendered: %q", got)
	}
}

func TestErrors_X5_MessageShowsCauses(t *testing.T) {
	inner := errors.Join(ErrMoneyNegative.New(Arg("value", "-1")), errors.New("not a rule"))
	err := fmt.Errorf("ordering: %w", testForbidden.Wrap(inner))
	if got := Message(err, ZH); got != "仅达人可操作\n金额不能为负数:-1" {
		t.Fatalf("Message = %q", got)
	}
	if got := Codes(err); len(got) != 2 || got[0] != "test.only_creator" || got[1] != "money.negative" {
		t.Fatalf("Codes = %v", got)
	}
}

func TestErrors_X5_LocalisedParams(t *testing.T) {
	err := ErrActorRole.New(LabeledArg("role", "达人", "creator"), Arg("allowed", 3))
	if got := err.Message(ZH); got != "达人无权执行此操作(允许:3)" {
		t.Fatalf("zh = %q", got)
	}
	if got := err.Message(EN); got != "role creator may not do this (allowed: 3)" {
		t.Fatalf("en = %q", got)
	}
	var nilDate *Date
	if p := Arg("d", nilDate); p.Value != "<nil>" {
		t.Fatalf("Arg of a nil Stringer = %q", p.Value)
	}
	var zero Error
	if zero.Error() == "" || zero.Code() != "" || zero.Is(ErrInvalid) {
		t.Fatal("a zero Error must be safe to use")
	}
}

// The zh-CN messages of the root's own rules carry no English words.
func TestErrors_X5_RootMessagesAreChinese(t *testing.T) {
	_, calErr := ParseCalendar(strings.NewReader("2026-01-01\n"))
	errs := []error{
		calErr,
		CreatorActor("").Validate(),
		Actor{role: 9, id: "x"}.Validate(),
		RequireRole(SubAccountActor("adv", "sub"), RoleAdvertiser, RoleCreator),
		ValidateID("task id", "a b"),
	}
	for _, err := range errs {
		zh := Message(err, ZH)
		for _, word := range []string{"want", "bad", "empty", "unknown", "advertiser", "creator", "white space", "task id"} {
			if strings.Contains(zh, word) {
				t.Errorf("zh message %q contains %q", zh, word)
			}
		}
	}
	if got := Message(errs[3], ZH); got != "广告主子账号无权执行此操作(允许:广告主主账号、达人)" {
		t.Fatalf("role message = %q", got)
	}
}

func TestErrors_X5_CodesOfJoined(t *testing.T) {
	err := fmt.Errorf("eligibility: %w", errors.Join(testRule.New(), errors.New("other"), fmt.Errorf("x: %w", testForbidden.New())))
	got := Codes(err)
	if len(got) != 2 || got[0] != "test.end_not_after" || got[1] != "test.only_creator" {
		t.Fatalf("Codes = %v", got)
	}
	if Codes(nil) != nil {
		t.Fatal("Codes(nil)")
	}
}

func TestErrors_X5_Catalogue(t *testing.T) {
	rules := Rules()
	seen := map[Code]bool{}
	for i, r := range rules {
		if seen[r.Code()] {
			t.Fatalf("duplicate code %q", r.Code())
		}
		seen[r.Code()] = true
		if i > 0 && rules[i-1].Code() >= r.Code() {
			t.Fatal("catalogue not sorted by code")
		}
		if r.Template(ZH) == "" || r.Template(EN) == "" {
			t.Fatalf("%q lacks a message", r.Code())
		}
	}
	for _, c := range []Code{"date.malformed", "calendar.line", "money.too_precise", "actor.role_not_allowed", "store.version_conflict", "invalid"} {
		if !seen[c] {
			t.Errorf("catalogue lacks %q", c)
		}
	}
	mustPanic(t, "duplicate code", func() { NewRule("test.end_not_after", ErrInvalid, "x", "x") })
	mustPanic(t, "kind not shared", func() { NewRule("test.bad_kind", testRule, "x", "x") })
	mustPanic(t, "nil kind", func() { NewRule("test.nil_kind", nil, "x", "x") })
	mustPanic(t, "made-up kind", func() { NewRule("test.made_up_kind", &Rule{}, "x", "x") })
	mustPanic(t, "empty message", func() { NewRule("test.empty", ErrInvalid, "", "x") })
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

func ExampleRule_New() {
	err := fmt.Errorf("early renewal: %w", ErrMoneyNegative.New(Arg("value", "-1.00")))

	var e *Error
	if errors.As(err, &e) {
		fmt.Println(e.Code())
		fmt.Println(e.Message(ZH))
		fmt.Println(e.Message(EN))
	}
	fmt.Println(errors.Is(err, ErrMoneyNegative), errors.Is(err, ErrInvalid), errors.Is(err, ErrConflict))
	// Output:
	// money.negative
	// 金额不能为负数:-1.00
	// amount -1.00 must not be negative
	// true true false
}

func TestArgClipsHugeValues_X5(t *testing.T) {
	huge := strings.Repeat("字", 1<<20)
	p := Arg("value", huge)
	if len(p.Value) > 1000 || !strings.HasSuffix(p.Value, "(3145728 bytes)") {
		t.Fatalf("a 3 MiB value became %d bytes: %.80q", len(p.Value), p.Value)
	}
	l := LabeledArg("value", huge, "\xff"+huge)
	if len(l.ZH) > 1000 || len(l.Value) > 1000 || !utf8.ValidString(l.Value) {
		t.Fatalf("LabeledArg kept %d / %d bytes", len(l.ZH), len(l.Value))
	}
	if Arg("v", "short").Value != "short" {
		t.Fatal("a short value must be kept whole")
	}
}
