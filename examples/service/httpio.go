package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/starmap-go/starmap"
)

// The service's own rules: what HTTP can get wrong before a request
// reaches the SDK. They are coded and bilingual like the SDK's, so a
// client handles every refusal the same way.
var (
	ErrActorMissing = starmap.NewRule("api.actor.missing", starmap.ErrInvalid,
		"缺少请求头 {header}(操作人,如 advertiser:adv-1)", "missing header {header} (the acting actor, e.g. advertiser:adv-1)")
	ErrBodyMalformed = starmap.NewRule("api.body.malformed", starmap.ErrInvalid,
		"请求体不是有效的 JSON:{problem}", "the request body is not valid JSON: {problem}")
	ErrBodyUnknownField = starmap.NewRule("api.body.unknown_field", starmap.ErrInvalid,
		"请求体含有未知字段 {field}", "the request body has an unknown field {field}")
	ErrBodyTooLarge = starmap.NewRule("api.body.too_large", starmap.ErrInvalid,
		"请求体超过 {limit} 字节", "the request body is larger than {limit} bytes")
	ErrRouteNotFound = starmap.NewRule("api.route.not_found", starmap.ErrNotFound,
		"没有这个接口:{method} {path}", "no such endpoint: {method} {path}")
	// ErrMethodNotAllowed: a known path asked with a method it does not
	// serve (405, with the Allow header).
	ErrMethodNotAllowed = starmap.NewRule("api.route.method_not_allowed", starmap.ErrInvalid,
		"接口 {path} 不支持 {method},可用:{allowed}", "{path} does not take {method}; it takes {allowed}")
	ErrFieldInvalid = starmap.NewRule("api.field.invalid", starmap.ErrInvalid,
		"{field} 的取值 {value} 无效,可选:{allowed}", "{field} {value} is not one of {allowed}")
	// ErrInternal is what a failure that is no rule's (a lost database, a
	// bug) answers, always with 500 whatever its nominal kind: the caller
	// learns nothing of the inside.
	ErrInternal = starmap.NewRule("api.internal", starmap.ErrInvalid,
		"服务内部错误,请稍后重试", "internal error; try again later")
)

// ActorHeader carries the acting actor in starmap.Actor's text form
// ("creator:cre-1", "advertiser-sub:adv-1/ops-7", "platform:reviewer-3").
//
// It is a stand-in for real authentication, for the demo only: anyone can
// claim to be anyone. A real host derives the actor from a verified
// session or token and never from a header the caller writes.
const ActorHeader = "X-Starmap-Actor"

// MaxBodyBytes bounds every request body.
const MaxBodyBytes = 64 << 10

// langOf picks the language of messages from Accept-Language: zh-CN when
// a zh tag is preferred over en (highest q first, earlier first on ties),
// English when en is, zh-CN — the platform's own language — when neither
// is named.
func langOf(r *http.Request) starmap.Lang {
	best, bestQ := starmap.ZH, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		var l starmap.Lang
		switch primary {
		case "zh":
			l = starmap.ZH
		case "en":
			l = starmap.EN
		default:
			continue
		}
		if q > 0 && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// actorOf reads the acting actor from ActorHeader.
func actorOf(r *http.Request) (starmap.Actor, error) {
	h := r.Header.Get(ActorHeader)
	if h == "" {
		return starmap.Actor{}, ErrActorMissing.New(starmap.Arg("header", ActorHeader))
	}
	return starmap.ParseActor(h)
}

// decode reads the body into dst strictly: at most MaxBodyBytes, one JSON
// value, no field dst does not have.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		// One value only: anything after it but white space is an error.
		if dec.Decode(&struct{}{}) != io.EOF {
			return ErrBodyMalformed.New(starmap.LabeledArg("problem", "JSON 值之后还有内容", "data after the JSON value"))
		}
		return nil
	}
	var rule *starmap.Error
	var tooLarge *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &rule):
		return err // a field's own parser refused it (a date, say)
	case errors.As(err, &tooLarge):
		return ErrBodyTooLarge.New(starmap.Arg("limit", tooLarge.Limit))
	case errors.As(err, &syntax):
		return ErrBodyMalformed.New(starmap.LabeledArg("problem", "第 "+strconv.FormatInt(syntax.Offset, 10)+" 字节处语法错误",
			"syntax error at byte "+strconv.FormatInt(syntax.Offset, 10)))
	case errors.As(err, &typ):
		// Named in JSON's words, never the handler's Go types.
		zh, en := jsonKind(typ.Type)
		if typ.Field == "" {
			return ErrBodyMalformed.New(starmap.LabeledArg("problem", "请求体应为"+zh, "the body must be "+en))
		}
		return ErrBodyMalformed.New(starmap.LabeledArg("problem", "字段 "+typ.Field+" 应为"+zh,
			"field "+typ.Field+" must be "+en))
	case errors.Is(err, io.EOF):
		return ErrBodyMalformed.New(starmap.LabeledArg("problem", "请求体为空", "empty body"))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return ErrBodyMalformed.New(starmap.LabeledArg("problem", "请求体不完整", "truncated body"))
	}
	// encoding/json words this one as `json: unknown field "x"`.
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return ErrBodyUnknownField.New(starmap.Arg("field", f))
	}
	return ErrBodyMalformed.New(starmap.Arg("problem", err.Error()))
}

// errorBody is the JSON of every refusal.
type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	// Code is the first broken rule's code; Codes lists all of them (a
	// card edit or an eligibility check reports every problem at once).
	Code  starmap.Code   `json:"code"`
	Codes []starmap.Code `json:"codes"`
	// Kind is the shared kind: invalid, forbidden, not_found, conflict.
	Kind string `json:"kind"`
	// Message is every broken rule's message in the request's language,
	// one per line.
	Message string `json:"message"`
}

// statusOf maps the shared kinds to HTTP: invalid 400, forbidden 403,
// not found 404, conflict 409 (reload and retry). A body too large is 413.
// jsonKind names what a Go type reads from in JSON: an object, an array,
// a string, an integer, a number or a boolean.
func jsonKind(t reflect.Type) (zh, en string) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "JSON 值", "a JSON value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "对象", "an object"
	case reflect.Slice, reflect.Array:
		return "数组", "an array"
	case reflect.String:
		return "字符串", "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "范围内的整数", "an integer in range"
	case reflect.Float32, reflect.Float64:
		return "数字", "a number"
	case reflect.Bool:
		return "布尔值", "a boolean"
	}
	return "JSON 值", "a JSON value"
}

func statusOf(e *starmap.Error) int {
	switch {
	case e.Rule() == ErrBodyTooLarge:
		return http.StatusRequestEntityTooLarge
	case e.Rule() == ErrActorMissing:
		return http.StatusUnauthorized
	case e.Rule() == ErrMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case errors.Is(e, starmap.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(e, starmap.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(e, starmap.ErrConflict):
		return http.StatusConflict
	default:
		return http.StatusBadRequest
	}
}

// writeError answers err: a rule error with its status, code and message
// in the request's language; anything else (a lost database, a bug) with
// 500 and a message that tells the caller nothing about the inside, the
// detail going to the log.
func writeError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	lang := langOf(r)
	var e *starmap.Error
	if !errors.As(err, &e) {
		status := http.StatusInternalServerError
		switch {
		case errors.Is(err, context.Canceled):
			status = 499 // the client went away; nobody reads this
		case errors.Is(err, context.DeadlineExceeded):
			status = http.StatusServiceUnavailable
		default:
			logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		e = ErrInternal.New()
		writeJSON(w, status, errorBody{errorJSON{Code: e.Code(), Codes: []starmap.Code{e.Code()}, Kind: "internal", Message: e.Message(lang)}})
		return
	}
	writeJSON(w, statusOf(e), errorBody{errorJSON{
		Code: e.Code(), Codes: starmap.Codes(err), Kind: string(e.Rule().Kind().Code()), Message: starmap.Message(err, lang)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client may have gone; nothing to do about it
}
