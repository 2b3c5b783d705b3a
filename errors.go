package starmap

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Code is a stable, machine-readable name of a rule, dotted from the package
// down: "authz.early_renew.end_not_after_current". Codes never change once
// published; hosts may store them and switch on them.
type Code string

// Lang selects the language of a rendered message.
type Lang uint8

const (
	// ZH is Simplified Chinese (zh-CN), the platform's own language.
	ZH Lang = iota + 1
	// EN is English.
	EN
)

// Rule is the sentinel of one rule: a code, the kind of failure it is,
// and its message in zh-CN and English. Every package declares one exported
// Rule per rule it enforces; errors.Is(err, pkg.ErrSomething) then matches
// any error raised for that rule, whatever its parameters.
//
// Messages are templates: {name} is replaced by the parameter of that name.
type Rule struct {
	code   Code
	kind   *Rule
	zh     string
	en     string
	shared bool // one of the four shared kinds
}

// Param is one named parameter of an error: the figures behind a message
// ("needed 100000, had 99999"). Value is language-neutral (a number, a
// date, an id) or English; ZH, when set, is what a zh-CN message shows
// instead, so that no Chinese message carries English words.
type Param struct {
	Name  string
	Value string
	ZH    string
}

// Arg makes a language-neutral Param, formatting v with fmt's %v (which uses
// a String method where there is one). A value longer than MaxArgBytes is
// cut short (clip), so that no message echoes a megabyte of bad input.
func Arg(name string, v any) Param {
	if x, ok := v.(string); ok {
		return Param{Name: name, Value: clip(x)}
	}
	return Param{Name: name, Value: clip(fmt.Sprint(v))}
}

// LabeledArg makes a Param whose wording differs by language: zh for zh-CN
// messages, en for English ones and for Value. Both are cut as Arg cuts.
func LabeledArg(name, zh, en string) Param {
	return Param{Name: name, Value: clip(en), ZH: clip(zh)}
}

// MaxArgBytes is the longest parameter value a message shows whole.
const MaxArgBytes = 4096

// clip cuts s to its first 200 characters and says how long it was, when
// it is longer than MaxArgBytes.
func clip(s string) string {
	if len(s) <= MaxArgBytes {
		return s
	}
	n, cut := 0, len(s)
	for i := range s {
		if n == 200 {
			cut = i
			break
		}
		n++
	}
	return strings.ToValidUTF8(s[:cut], "\ufffd") + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// text is the parameter's wording in lang.
func (p Param) text(lang Lang) string {
	if lang == ZH && p.ZH != "" {
		return p.ZH
	}
	return p.Value
}

var registry = struct {
	sync.Mutex
	byCode map[Code]*Rule
}{byCode: map[Code]*Rule{}}

// NewRule declares a rule. kind is one of the shared kinds (ErrInvalid,
// ErrForbidden, ErrNotFound, ErrConflict) so that a host can map every rule
// to a response class without knowing it; zh and en are the message
// templates. Codes are unique across the process: NewRule panics on a
// duplicate or empty code, an unknown kind or an empty message — a
// programming error found when the package is initialised, never input.
func NewRule(code Code, kind *Rule, zh, en string) *Rule {
	if code == "" || zh == "" || en == "" {
		panic("starmap: NewRule needs a code and both messages")
	}
	if kind == nil || !kind.shared {
		panic("starmap: NewRule " + string(code) + ": kind must be one of the shared kinds")
	}
	return register(&Rule{code: code, kind: kind, zh: zh, en: en})
}

func newKind(code Code, zh, en string) *Rule {
	return register(&Rule{code: code, zh: zh, en: en, shared: true})
}

func register(r *Rule) *Rule {
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.byCode[r.code]; dup {
		panic("starmap: duplicate rule code " + string(r.code))
	}
	registry.byCode[r.code] = r
	return r
}

// Rules lists every rule declared in the process, ordered by code: the
// catalogue of codes and messages, for documentation and for hosts that
// translate them further.
func Rules() []*Rule {
	registry.Lock()
	defer registry.Unlock()
	out := make([]*Rule, 0, len(registry.byCode))
	for _, r := range registry.byCode {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].code < out[j].code })
	return out
}

// Code returns the rule's stable code.
func (r *Rule) Code() Code { return r.code }

// Kind returns the shared kind the rule belongs to (the kind itself for a
// shared kind).
func (r *Rule) Kind() *Rule {
	if r.kind == nil {
		return r
	}
	return r.kind
}

// Template returns the rule's message template in lang.
func (r *Rule) Template(lang Lang) string {
	if lang == ZH {
		return r.zh
	}
	return r.en
}

// Error renders the rule with its placeholders unfilled: a Rule is an error
// so that it can be a sentinel for errors.Is; raise it with New.
func (r *Rule) Error() string { return string(r.code) + ": " + r.en }

// Is makes errors.Is(ruleSentinel, sharedKind) true, so a rule is
// recognisably, say, invalid input.
func (r *Rule) Is(target error) bool { return r.kind != nil && target == r.kind }

// New raises the rule with the given parameters.
func (r *Rule) New(params ...Param) *Error { return &Error{rule: r, params: params} }

// Wrap raises the rule with a cause that errors.Is and errors.As also see.
func (r *Rule) Wrap(cause error, params ...Param) *Error {
	return &Error{rule: r, params: params, cause: cause}
}

// Error is a broken rule with its parameters. errors.Is matches it against
// its Rule and the Rule's kind; errors.As extracts it to read the code and
// parameters or render the message in either language.
type Error struct {
	rule   *Rule
	params []Param
	cause  error
}

// Rule returns the rule that was broken.
func (e *Error) Rule() *Rule { return e.rule }

// Code returns the rule's stable code ("" for a zero Error).
func (e *Error) Code() Code {
	if e.rule == nil {
		return ""
	}
	return e.rule.code
}

// Params returns a copy of the error's parameters.
func (e *Error) Params() []Param { return append([]Param(nil), e.params...) }

// Param returns the value of the named parameter and whether it is set.
func (e *Error) Param(name string) (string, bool) {
	for _, p := range e.params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// Message renders the error in lang, filling the template's placeholders.
func (e *Error) Message(lang Lang) string {
	if e.rule == nil {
		return "starmap: zero Error"
	}
	return fill(e.rule.Template(lang), e.params, lang)
}

// Error is the code followed by the English message (and the cause, if any).
func (e *Error) Error() string {
	if e.rule == nil {
		return "starmap: zero Error"
	}
	s := string(e.rule.code) + ": " + e.Message(EN)
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s
}

// Is matches the error's rule and the rule's kind.
func (e *Error) Is(target error) bool {
	if e.rule == nil {
		return false
	}
	return target == e.rule || (e.rule.kind != nil && target == e.rule.kind)
}

// Unwrap returns the cause given to Wrap.
func (e *Error) Unwrap() error { return e.cause }

func fill(tmpl string, params []Param, lang Lang) string {
	if len(params) == 0 || !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			break
		}
		name := tmpl[i+1 : i+j]
		b.WriteString(tmpl[:i])
		if p, ok := lookup(params, name); ok {
			b.WriteString(p.text(lang))
		} else {
			b.WriteString(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}

func lookup(params []Param, name string) (Param, bool) {
	for _, p := range params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Message renders any error in lang: each rule error inside it (looking
// through wrapping, errors.Join and rule errors' causes, as Codes does) in
// its catalogue wording, one per line; an error with no rule error inside
// by its Error method.
func Message(err error, lang Lang) string {
	if err == nil {
		return ""
	}
	var lines []string
	walkRuleErrors(err, func(e *Error) { lines = append(lines, e.Message(lang)) })
	if len(lines) == 0 {
		return err.Error()
	}
	return strings.Join(lines, "\n")
}

// walkRuleErrors calls f for each *Error inside err, depth first, in
// order: an *Error first, then the rule errors in its cause (an order
// refused because a component's mini-program is taken down shows both the
// refusal and the platform's own message).
func walkRuleErrors(err error, f func(*Error)) {
	switch x := err.(type) {
	case nil:
	case *Error:
		f(x)
		walkRuleErrors(x.cause, f)
	case interface{ Unwrap() []error }:
		for _, e := range x.Unwrap() {
			walkRuleErrors(e, f)
		}
	case interface{ Unwrap() error }:
		walkRuleErrors(x.Unwrap(), f)
	}
}

// Find returns the first error of rule inside err, looking through
// wrapping, errors.Join and causes as Codes does: the way a host shows one
// message alone (the 下架 prompt of a refused order, say) out of a refusal
// that reports several rules.
func Find(err error, rule *Rule) (*Error, bool) {
	var found *Error
	walkRuleErrors(err, func(e *Error) {
		if found == nil && e.rule == rule {
			found = e
		}
	})
	return found, found != nil
}

// Codes lists the codes of every rule error inside err, in order, looking
// through errors.Join and wrapping: the answer to "which rules were broken"
// for an eligibility check that reports them all.
func Codes(err error) []Code {
	var out []Code
	walkRuleErrors(err, func(e *Error) { out = append(out, e.Code()) })
	return out
}

// The shared kinds. Every rule belongs to one, and stores and services wrap
// them, so that a host can answer "bad request", "forbidden", "not found" or
// "conflict, retry" for any error of the SDK with errors.Is.
var (
	// ErrInvalid: the input breaks a rule; nothing was changed.
	ErrInvalid = newKind("invalid", "输入不符合规则", "the input breaks a rule")
	// ErrForbidden: the actor may not do this; nothing was changed.
	ErrForbidden = newKind("forbidden", "无权执行此操作", "the actor may not do this")
	// ErrNotFound: the thing asked for does not exist in the store.
	ErrNotFound = newKind("not_found", "未找到", "not found")
	// ErrConflict: a write carried a stale version or would create
	// something that exists; reload and decide again.
	ErrConflict = newKind("conflict", "数据已被修改,请刷新后重试", "the record was changed by someone else; reload and retry")
)

// Root rules.
var (
	ErrDateMalformed = NewRule("date.malformed", ErrInvalid,
		"日期格式错误:{value}(应为 YYYY-MM-DD)", "malformed date {value} (want YYYY-MM-DD)")
	ErrDateOutOfRange = NewRule("date.out_of_range", ErrInvalid,
		"日期不存在:{value}", "no such date {value} ({part} out of range)")
	ErrCalendarLine = NewRule("calendar.line", ErrInvalid,
		"工作日历第{line}行有误:{problem}", "working-day calendar line {line}: {problem}")
	ErrMoneyMalformed = NewRule("money.malformed", ErrInvalid,
		"金额格式错误:{value}", "malformed amount {value}")
	ErrMoneyTooPrecise = NewRule("money.too_precise", ErrInvalid,
		"金额最多两位小数(精确到分):{value}", "amount {value} has more than 2 decimal places (fen)")
	ErrMoneyTooLarge = NewRule("money.too_large", ErrInvalid,
		"金额过大:{value}(整数部分最多15位)", "amount {value} is too large (at most 15 digits before the point)")
	ErrMoneyNegative = NewRule("money.negative", ErrInvalid,
		"金额不能为负数:{value}", "amount {value} must not be negative")
	ErrActorInvalid = NewRule("actor.invalid", ErrInvalid,
		"操作人无效:{problem}", "invalid actor: {problem}")
	ErrActorRole = NewRule("actor.role_not_allowed", ErrForbidden,
		"{role}无权执行此操作(允许:{allowed})", "role {role} may not do this (allowed: {allowed})")
	ErrCursorInvalid = NewRule("page.cursor_invalid", ErrInvalid,
		"分页游标无效:{cursor}", "invalid page cursor {cursor}")
	ErrPageLimit = NewRule("page.limit_negative", ErrInvalid,
		"每页条数不能为负数:{limit}", "page limit {limit} must not be negative")
	ErrRecordNotFound = NewRule("store.not_found", ErrNotFound,
		"{what} {id} 不存在", "{what} {id} not found")
	ErrVersionConflict = NewRule("store.version_conflict", ErrConflict,
		"{what} {id} 已被修改(期望版本 {expected}),请刷新后重试", "{what} {id} was changed (expected version {expected}); reload and retry")
	ErrAlreadyExists = NewRule("store.already_exists", ErrConflict,
		"{what} {id} 已存在", "{what} {id} already exists")
)

// ErrTextInvalid is a free-text field that is not valid UTF-8, holds a
// control character (or a line break where the field is one line), a bidi
// control that would reorder what a reader sees, or is longer than its kind
// allows: the one error of every free-text field of the SDK.
var ErrTextInvalid = NewRule("text.invalid", ErrInvalid,
	"{what}无效:{problem}", "invalid {what}: {problem}")

// ErrIDInvalid is an id (of an actor, account, task, grant …) that is empty,
// too long, or holds spaces, control or format characters, a reserved
// separator, or invalid UTF-8.
var ErrIDInvalid = NewRule("id.invalid", ErrInvalid,
	"编号无效:{problem}", "invalid {what}: {problem}")

// ErrServiceDependency, ErrServiceOption and ErrServiceNotReady are the
// constructor's and the zero Service's errors (see NewService in each
// package).
var (
	ErrServiceDependency = NewRule("service.dependency_missing", ErrInvalid,
		"缺少必需的{what}", "the service needs a {what}, got nil")
	ErrServiceOption = NewRule("service.option_invalid", ErrInvalid,
		"第{index}个服务选项无效:{problem}", "service option {index} is invalid: {problem}")
	ErrServiceNotReady = NewRule("service.not_ready", ErrInvalid,
		"服务未初始化,请用构造函数创建", "the service was not made by NewService")
	// ErrContextMissing: a method was given a nil context.
	ErrContextMissing = NewRule("context.missing", ErrInvalid,
		"调用缺少上下文参数", "the call was given a nil context")
)
