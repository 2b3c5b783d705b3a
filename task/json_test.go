package task_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
	"github.com/starmap-go/starmap/task"
)

// checkAppendJSON asserts that r.AppendJSON writes what json.Marshal(r)
// writes, byte for byte, after a prefix it keeps, and fails where
// json.Marshal fails, with its error, leaving dst as it was.
func checkAppendJSON(t interface {
	Helper()
	Fatalf(string, ...any)
}, r task.Record) {
	t.Helper()
	want, wantErr := json.Marshal(r)
	got, err := r.AppendJSON(nil)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("AppendJSON error %v, json.Marshal error %v", err, wantErr)
	}
	if wantErr != nil {
		if err.Error() != wantErr.Error() {
			t.Fatalf("AppendJSON error %q, json.Marshal error %q", err, wantErr)
		}
		prefix := []byte(`{"x":`)
		out, _ := r.AppendJSON(prefix)
		if string(out) != string(prefix) {
			t.Fatalf("a failed AppendJSON changed dst to %q", out)
		}
		return
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("AppendJSON differs from json.Marshal at byte %d:\n got …%s\nwant …%s", i, clip(got, i), clip(want, i))
	}
	// Appended after a prefix, into a buffer with spare capacity.
	prefix := make([]byte, 0, len(want)+64)
	prefix = append(prefix, `[1,`...)
	out, err := r.AppendJSON(prefix)
	if err != nil || string(out) != `[1,`+string(want) {
		t.Fatalf("AppendJSON after a prefix: %q, %v", out, err)
	}
}

func clip(b []byte, i int) []byte {
	lo, hi := max(0, i-40), min(len(b), i+40)
	return b[lo:hi]
}

// TestRecordAppendJSON_lived: records of real tasks driven by random
// commands (both formats, the settlement models, the review path with
// findings, waivers and checklists) encode as encoding/json encodes them.
func TestRecordAppendJSON_lived(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		checkAppendJSON(rt, livedRecord(rt))
	})
}

// TestRecordAppendJSON_arbitrary: records with any value in any field —
// hostile strings, invalid UTF-8, huge and fractional decimals, times in
// odd zones and out of range, invalid actors and enums, nil and empty
// slices, compliance records — encode as encoding/json encodes them, and
// fail where it fails.
func TestRecordAppendJSON_arbitrary(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		checkAppendJSON(rt, arbitraryRecord(rt))
	})
}

// TestRecordAppendJSON_full: the record with every part present encodes
// (the property tests would pass on records that all fail).
func TestRecordAppendJSON_full(t *testing.T) {
	r := fullRecord()
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
	checkAppendJSON(t, r)
}

// TestAppendJSON_strings: encoding/json's escaping, case by case.
func TestAppendJSON_strings(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`<a href="x">&amp;</a>`, `"\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e"`},
		{"back\\slash", `"back\\slash"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x1f", `"\u0000\u0001\u001f"`},
		{"\x7f", "\"\x7f\""},
		{"line\u2028para\u2029", `"line\u2028para\u2029"`},
		{"中文【广告】", `"中文【广告】"`},
		{"emoji 😀", `"emoji 😀"`},
		{"bad \xff byte", `"bad \ufffd byte"`},
		{"cut \xe2\x80", `"cut \ufffd\ufffd"`},
		{"surrogate \xed\xa0\x80", `"surrogate \ufffd\ufffd\ufffd"`},
		{"\ufffd", "\"\ufffd\""},
		{"\u2027\u202a", "\"\u2027\u202a\""},
	} {
		r := fullRecord()
		r.Template.Requirements = c.in
		got, err := r.AppendJSON(nil)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if want := `"Requirements":` + c.want + `,`; !bytes.Contains(got, []byte(want)) {
			t.Errorf("%q: no %s in %s", c.in, want, got)
		}
		checkAppendJSON(t, r)
	}
}

// TestAppendJSON_decimals: decimal's String, quoted, for the shapes the
// fast path writes itself and those it hands to decimal.
func TestAppendJSON_decimals(t *testing.T) {
	for _, c := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.Decimal{}, `"0"`},
		{decimal.New(0, -5), `"0"`},
		{decimal.New(0, 7), `"0"`},
		{decimal.New(5, -2), `"0.05"`},
		{decimal.New(100, -2), `"1"`},
		{decimal.New(1050, -2), `"10.5"`},
		{decimal.New(-1050, -2), `"-10.5"`},
		{decimal.New(-5, -3), `"-0.005"`},
		{decimal.New(12, 3), `"12000"`},
		{decimal.New(-12, 3), `"-12000"`},
		{decimal.New(999999999999999999, -18), `"0.999999999999999999"`},
		{decimal.New(-9223372036854775808, 0), `"-9223372036854775808"`},
		{decimal.New(1, 60), `"1` + strings.Repeat("0", 60) + `"`},
		{decimal.New(1, -60), `"0.` + strings.Repeat("0", 59) + `1"`},
		{decimal.RequireFromString("123456789012345678901234567890.5"), `"123456789012345678901234567890.5"`},
	} {
		r := fullRecord()
		r.Price = c.d
		got, err := r.AppendJSON(nil)
		if err != nil {
			t.Fatalf("%v: %v", c.d, err)
		}
		if want := `"Price":` + c.want + `,`; !bytes.Contains(got, []byte(want)) {
			t.Errorf("%s: no %s in %s", c.d, want, got)
		}
		checkAppendJSON(t, r)
	}
}

// TestAppendJSON_decimalSwitches: with decimal's package-wide format
// switches set otherwise (a host may), AppendJSON still writes what
// json.Marshal writes. Not parallel: the switches are globals.
func TestAppendJSON_decimalSwitches(t *testing.T) {
	for _, set := range []func(bool){
		func(v bool) { decimal.MarshalJSONWithoutQuotes = v },
		func(v bool) { decimal.TrimTrailingZeros = !v },
		func(v bool) { decimal.UseScientificNotation = v },
	} {
		set(true)
		r := fullRecord()
		r.Price, r.Fee = decimal.New(1500, 3), decimal.New(1050, -2)
		checkAppendJSON(t, r)
		set(false)
	}
}

// TestAppendJSON_times: Time.MarshalJSON's RFC 3339 with nanoseconds, in
// any zone, and its refusals.
func TestAppendJSON_times(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string // "" for an error
	}{
		{time.Time{}, `"0001-01-01T00:00:00Z"`},
		{time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST()), `"2026-10-01T09:00:00+08:00"`},
		{time.Date(2026, 10, 1, 9, 0, 0, 120, time.UTC), `"2026-10-01T09:00:00.00000012Z"`},
		{time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", -(3*3600+30*60))), `"2026-01-02T03:04:05-03:30"`},
		{time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 23*3600+59*60)), `"2026-01-02T03:04:05+23:59"`},
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), `"0000-01-01T00:00:00Z"`},
		{time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), `"9999-12-31T23:59:59.999999999Z"`},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)), ""},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", -100*3600)), ""},
	} {
		r := fullRecord()
		r.OrderedAt = c.t
		got, err := r.AppendJSON(nil)
		if c.want == "" {
			if err == nil {
				t.Errorf("%v: no error", c.t)
			}
		} else if err != nil {
			t.Errorf("%v: %v", c.t, err)
		} else if want := `"OrderedAt":` + c.want + `,`; !bytes.Contains(got, []byte(want)) {
			t.Errorf("%v: no %s in %s", c.t, want, got)
		}
		checkAppendJSON(t, r)
	}
}

// TestAppendJSON_actors: Actor.MarshalJSON's forms, and its refusal of an
// invalid actor.
func TestAppendJSON_actors(t *testing.T) {
	for _, c := range []struct {
		a    starmap.Actor
		want string // "" for an error
	}{
		{starmap.Actor{}, `null`},
		{starmap.AdvertiserActor("adv-1"), `{"role":"advertiser","id":"adv-1"}`},
		{starmap.SubAccountActor("adv-1", "sub-7"), `{"role":"advertiser-sub","id":"sub-7","advertiser":"adv-1"}`},
		{starmap.PlatformActor("a<b>&c"), `{"role":"platform","id":"a\u003cb\u003e\u0026c"}`},
		{starmap.CreatorActor("达人-1"), `{"role":"creator","id":"达人-1"}`},
		{starmap.CreatorActor(""), ""},
		{starmap.MCNActor("a b"), ""},
		{starmap.SubAccountActor("", "sub-7"), ""},
	} {
		r := fullRecord()
		r.History[1].Actor = c.a
		got, err := r.AppendJSON(nil)
		if c.want == "" {
			if err == nil {
				t.Errorf("%v: no error", c.a)
			}
		} else if err != nil {
			t.Errorf("%v: %v", c.a, err)
		} else if want := `"Actor":` + c.want + `,`; !bytes.Contains(got, []byte(want)) {
			t.Errorf("%v: no %s in %s", c.a, want, got)
		}
		checkAppendJSON(t, r)
	}
}

// handEncoded are the struct types AppendJSON writes field by field; a
// field added to one of them must be taught to it.
var handEncoded = []reflect.Type{
	reflect.TypeFor[task.Record](), reflect.TypeFor[task.Template](), reflect.TypeFor[task.Due](),
	reflect.TypeFor[task.MountedComponent](), reflect.TypeFor[task.Policy](), reflect.TypeFor[task.Refund](),
	reflect.TypeFor[task.Metrics](), reflect.TypeFor[task.Settlement](), reflect.TypeFor[task.Sale](),
	reflect.TypeFor[task.Change](), reflect.TypeFor[task.Posting](), reflect.TypeFor[task.Compliance](),
	reflect.TypeFor[compliance.Point](), reflect.TypeFor[compliance.Finding](), reflect.TypeFor[compliance.Span](),
	reflect.TypeFor[compliance.Waiver](), reflect.TypeFor[compliance.Checklist](), reflect.TypeFor[compliance.Mark](),
	reflect.TypeFor[compliance.Item](), reflect.TypeFor[compliance.Rejection](),
}

// ownJSON are the field types with their own JSON (MarshalJSON or
// MarshalText), which AppendJSON writes as that method does.
var ownJSON = map[reflect.Type]bool{
	reflect.TypeFor[time.Time](): true, reflect.TypeFor[decimal.Decimal](): true,
	reflect.TypeFor[starmap.Actor](): true, reflect.TypeFor[starmap.Date](): true,
	reflect.TypeFor[compliance.Kind](): true, reflect.TypeFor[compliance.Severity](): true,
	reflect.TypeFor[compliance.PointKind](): true, reflect.TypeFor[compliance.Digest](): true,
}

// TestAppendJSON_fieldCoverage: every exported field of every type
// AppendJSON writes by hand is written, in declaration order, under its
// name; no field carries a tag or a type with its own JSON that the
// encoder does not know. Read from what AppendJSON writes for a record
// with every part present.
func TestAppendJSON_fieldCoverage(t *testing.T) {
	hand := map[reflect.Type]bool{}
	for _, typ := range handEncoded {
		hand[typ] = true
	}
	const teach = "teach jsonWriter in task/json.go to write it, in declaration order, as encoding/json does " +
		"(check the field's type for MarshalJSON/MarshalText and the field's tag), make fullRecord and " +
		"arbitraryRecord in task/json_test.go fill it, and run the AppendJSON tests"
	for _, typ := range handEncoded {
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			tag, hasTag := f.Tag.Lookup("json")
			if hasTag && !(typ == reflect.TypeFor[task.Change]() && f.Name == "Compliance" && tag == ",omitzero") {
				t.Errorf("%s.%s has the json tag %q: %s", typ.Name(), f.Name, tag, teach)
			}
			ft := f.Type
			for !hand[ft] && !ownJSON[ft] && (ft.Kind() == reflect.Slice || ft.Kind() == reflect.Array) {
				ft = ft.Elem()
			}
			if hand[ft] || ownJSON[ft] {
				continue
			}
			marshaler := reflect.TypeFor[json.Marshaler]()
			texter := reflect.TypeFor[encoding.TextMarshaler]()
			pt := reflect.PointerTo(ft)
			if ft.Implements(marshaler) || ft.Implements(texter) || pt.Implements(marshaler) || pt.Implements(texter) {
				t.Errorf("%s.%s is a %s, which has its own JSON now (MarshalJSON or MarshalText): %s", typ.Name(), f.Name, ft, teach)
			}
			switch ft.Kind() {
			case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Uint8, reflect.Uint64:
			default:
				t.Errorf("%s.%s is a %s (%s), a kind AppendJSON does not write: %s", typ.Name(), f.Name, ft, ft.Kind(), teach)
			}
		}
	}

	b, err := fullRecord().AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	written := map[reflect.Type][]string{}
	d := json.NewDecoder(bytes.NewReader(b))
	if err := walkKeys(d, reflect.TypeFor[task.Record](), hand, written); err != nil {
		t.Fatalf("reading AppendJSON's output by the types: %v", err)
	}
	for _, typ := range handEncoded {
		var want []string
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() {
				want = append(want, f.Name)
			}
		}
		got, ok := written[typ]
		if !ok {
			t.Errorf("no %s in fullRecord's JSON: make fullRecord fill one", typ.Name())
			continue
		}
		if !slices.Equal(got, want) {
			var missing []string
			for _, f := range want {
				if !slices.Contains(got, f) {
					missing = append(missing, typ.Name()+"."+f)
				}
			}
			t.Errorf("AppendJSON writes %s's fields as %v, the type has %v (missing: %v): %s", typ.Name(), got, want, missing, teach)
		}
	}
}

// walkKeys reads one JSON value of type typ from d, recording for each
// hand-encoded struct type the longest list of keys seen for it.
func walkKeys(d *json.Decoder, typ reflect.Type, hand map[reflect.Type]bool, written map[reflect.Type][]string) error {
	switch {
	case hand[typ]:
		if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
			return fmt.Errorf("%s: %v, %v instead of an object", typ, tok, err)
		}
		var keys []string
		for d.More() {
			tok, err := d.Token()
			if err != nil {
				return err
			}
			k, _ := tok.(string)
			f, ok := typ.FieldByName(k)
			if !ok {
				return fmt.Errorf("%s has no field %q", typ, k)
			}
			keys = append(keys, k)
			if err := walkKeys(d, f.Type, hand, written); err != nil {
				return err
			}
		}
		if _, err := d.Token(); err != nil {
			return err
		}
		if len(keys) > len(written[typ]) {
			written[typ] = keys
		}
		return nil
	case (typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array) && hand[typ.Elem()] ||
		typ.Kind() == reflect.Array && typ.Elem().Kind() == reflect.Array:
		tok, err := d.Token()
		if err != nil || tok == nil {
			return err
		}
		for d.More() {
			if err := walkKeys(d, typ.Elem(), hand, written); err != nil {
				return err
			}
		}
		_, err = d.Token()
		return err
	}
	var raw json.RawMessage
	return d.Decode(&raw)
}

// fullRecord is a record with every part present: each optional list
// non-empty, a history entry with a full compliance record.
func fullRecord() task.Record {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	f := compliance.Finding{Kind: compliance.KindAbsoluteTerm, Severity: compliance.SeverityBlock, Term: "最佳",
		Point: compliance.PointProduct, Span: compliance.Span{Start: 1, End: 3}, Bytes: compliance.Span{Start: 3, End: 9},
		Text: "最佳", Digest: compliance.DigestOf("最佳")}
	mark := compliance.Mark{Item: compliance.StandardItems()[0], Pass: false, Note: "太暗"}
	dues := []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.DateOf(at)}, {Milestone: task.MilestoneFinal}}
	return task.Record{
		ID: "task-1", Advertiser: "adv-1", Creator: "cre-1", MCN: "mcn-1", Signing: "sgn-1", MCNShareBP: 1000,
		Format: starmap.FormatShortVideo, Price: decimal.New(100000, -2), Fee: decimal.New(5000, -2), LiveDuration: time.Hour,
		Template: task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"60s video", "<b>"},
			Requirements: "口播", Disclosure: true,
			Points: []compliance.Point{{Kind: compliance.PointLink, Text: "https://v.example.com/a?b=1&c=<2>"}}, Dues: dues},
		Components: []task.MountedComponent{{ID: "cmp-1", Title: "领券", AppID: "tt-1"}},
		Policy:     task.DefaultPolicy(), OrderedAt: at,
		State: task.StatePublished, ScriptRejections: 1, VideoRejections: 2,
		DeliveredAt: at.Add(time.Hour), LiveStart: at.Add(2 * time.Hour), LiveCard: true, BroadcastActual: 90 * time.Minute,
		Metrics: task.Metrics{Exposure: 1, Clicks: 2, ComponentClicks: 3, Favourites: 4, AddToCart: 5, Orders: 6, GMV: decimal.New(12345, -2)},
		DueAt:   at.Add(48 * time.Hour),
		Settlement: task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{decimal.New(1, 0), decimal.New(25, -1)},
			Rate: decimal.New(3000, -2)},
		Campaign: "cmp-9", Accepted: []bool{true, false},
		Sales: []task.Sale{{Order: "o-1", At: at, Amount: decimal.New(100000, -2)}, {Order: "o-1", At: at, Amount: decimal.New(1, -2), Refund: true}},
		Plays: 12345,
		History: []task.Change{
			{Seq: 1, Command: 0, To: task.StatePending, Actor: starmap.AdvertiserActor("adv-1"), At: at},
			{Seq: 2, Command: task.CmdSubmitScript, From: task.StateAccepted, To: task.StateScriptSubmitted,
				Actor: starmap.SubAccountActor("adv-1", "sub-7"), At: at.Add(time.Minute), Reason: "理由\n<>", Ref: "oss://s-1",
				Compliance: task.Compliance{Checked: true, Findings: []compliance.Finding{f},
					Waiver:    compliance.Waiver{Finding: f, By: starmap.PlatformActor("rev-1"), At: at, Reason: "注册商标"},
					Checklist: compliance.Checklist{Marks: []compliance.Mark{mark}},
					Rejection: compliance.Rejection{Failed: []compliance.Mark{mark}, Findings: []compliance.Finding{f}}}},
		},
		Postings: []task.Posting{{Kind: task.PostingFreeze, From: task.AccountAdvertiserAvailable, To: task.AccountAdvertiserAvailable + 1,
			Amount: decimal.New(105000, -2), At: at}},
		Version: 7,
	}
}

// livedRecord is the record of a task driven by random commands, well-
// formed or not, from random actors.
func livedRecord(rt *rapid.T) task.Record {
	f := starmap.FormatShortVideo
	if rapid.Bool().Draw(rt, "live") {
		f = starmap.FormatLive
	}
	o := order(f, rapid.Bool().Draw(rt, "signed"))
	if rapid.IntRange(0, 3).Draw(rt, "open") == 0 {
		o.Creator, o.MCN = "", ""
	}
	if rapid.Bool().Draw(rt, "points") {
		o.Template.Points = []compliance.Point{{Kind: compliance.PointProduct, Text: product}, {Kind: compliance.PointLink, Text: link}}
	}
	if rapid.Bool().Draw(rt, "dues") {
		o.Template.Dues = []task.Due{{Milestone: task.MilestoneDraft, Date: starmap.DateOf(t0).AddDays(3)}}
	}
	o.Price = dec(rapid.SampledFrom([]string{"1000.00", "0.01", "12800.00", "99999999.99", "1234.5"}).Draw(rt, "price"))
	o.Settlement = rapid.SampledFrom([]task.Settlement{{}, {Model: task.ModelDeliverable},
		{Model: task.ModelCPM, Rate: dec("30.00")}, {Model: task.ModelCPS, Rate: dec("2000")}}).Draw(rt, "settlement")
	var mounted []task.MountedComponent
	if rapid.Bool().Draw(rt, "component") {
		mounted = []task.MountedComponent{{ID: "cmp-1", Title: "领券<&>", AppID: "tt-1"}}
		o.Components = []string{"cmp-1"}
	}
	tk, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), mounted)
	if err != nil {
		rt.Skip(err)
	}
	actors := []starmap.Actor{advertiser, subAccount, creator, otherCre, mcn, platform}
	texts := []string{"", clean, clean + "全网第一", "唯一的<最佳>产品\u2028", "没有披露"}
	now := t0
	for i, n := 0, rapid.IntRange(8, 40).Draw(rt, "steps"); i < n; i++ {
		now = now.Add(time.Duration(rapid.IntRange(0, 50).Draw(rt, "hours")) * time.Hour)
		// Mostly a command the task allows, so that histories get long.
		type choice struct {
			by starmap.Actor
			c  task.Command
		}
		choices := []choice{{rapid.SampledFrom(actors).Draw(rt, "any by"), rapid.SampledFrom(task.Commands()).Draw(rt, "any command")}}
		ends := rapid.IntRange(0, 9).Draw(rt, "allow an end") == 5
		for _, by := range actors {
			for _, c := range task.Commands() {
				end := c == task.CmdDecline || c == task.CmdExpire || c == task.CmdCancel
				if tk.Can(by, c) && (ends || !end) {
					choices = append(choices, choice{by, c})
				}
			}
		}
		ch := rapid.SampledFrom(choices).Draw(rt, "choice")
		r := task.Request{Command: ch.c,
			Reason: rapid.SampledFrom([]string{"", "理由", "bad \"quote\" \\ <tag>"}).Draw(rt, "reason"),
			Ref:    rapid.SampledFrom([]string{"", "oss://v-1"}).Draw(rt, "ref"),
			Text:   rapid.SampledFrom(texts).Draw(rt, "text"),
			Start:  now.Add(time.Hour), Duration: time.Duration(rapid.IntRange(0, 3).Draw(rt, "duration")) * time.Hour}
		if rapid.Bool().Draw(rt, "answers") {
			var failed map[compliance.ItemKey]string
			if rapid.Bool().Draw(rt, "fail an item") {
				failed = map[compliance.ItemKey]string{compliance.ItemClarity: "太暗"}
			}
			r.Answers = answers(failed)
		}
		if sub, ok := tk.Submission(); ok && len(sub.Findings) > 0 {
			r.Finding = rapid.SampledFrom(sub.Findings).Draw(rt, "finding")
		}
		if r.Command == task.CmdReportResults {
			r.Metrics = task.Metrics{Exposure: int64(rapid.IntRange(0, 1e6).Draw(rt, "exposure")), Orders: 3, GMV: dec("99.90")}
			if rapid.Bool().Draw(rt, "sales") {
				r.Sales = []task.Sale{{Order: fmt.Sprintf("o-%d", i), At: now, Amount: dec("10.00")}}
			}
			r.Deliverables = []bool{rapid.Bool().Draw(rt, "deliverable")}
		}
		_, _ = tk.Apply(ch.by, now, r) // refused commands leave the task as it was
	}
	return tk.Record()
}

// nasty are pieces of strings encoding/json escapes or must not.
var nasty = []string{"", "a", "<", ">", "&", "\u2028", "\u2029", "\xff", "\xe2\x80", "\xed\xa0\x80", "中文", `"`, `\`,
	"\x00", "\x1f", "\b\f\n\r\t", "\x7f", "é", "😀", "\ufffd", "</script>", "\u00e9\u0301", " "}

func nastyString() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.Custom(func(t *rapid.T) string {
			return strings.Join(rapid.SliceOfN(rapid.SampledFrom(nasty), 0, 6).Draw(t, "pieces"), "")
		}),
		rapid.String(),
		rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOfN(rapid.Byte(), 0, 12).Draw(t, "bytes")) }),
	)
}

// rare is true one draw in two hundred: for values json.Marshal refuses,
// so that most records still encode.
func rare(t *rapid.T, label string) bool { return rapid.IntRange(0, 199).Draw(t, label) == 100 }

func anyDecimal() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		switch rapid.IntRange(0, 5).Draw(t, "decimal shape") {
		case 0:
			return decimal.Decimal{}
		case 1: // amounts and rates
			return decimal.New(rapid.Int64Range(-1e12, 1e12).Draw(t, "coefficient"), int32(rapid.IntRange(-8, 0).Draw(t, "exp")))
		case 2:
			return decimal.New(rapid.Int64().Draw(t, "coefficient"), int32(rapid.IntRange(-60, 60).Draw(t, "exp")))
		case 3: // beyond an int64 coefficient
			digits := rapid.StringMatching(`-?[1-9][0-9]{18,40}(\.[0-9]{1,30})?`).Draw(t, "digits")
			return decimal.RequireFromString(digits)
		case 4: // trailing zeros kept in the coefficient
			return decimal.New(rapid.Int64Range(-1e6, 1e6).Draw(t, "coefficient")*1000, int32(rapid.IntRange(-6, 2).Draw(t, "exp")))
		}
		return decimal.New(rapid.Int64Range(-9, 9).Draw(t, "coefficient"), int32(rapid.IntRange(-300, 300).Draw(t, "exp")))
	})
}

func anyTime(t *rapid.T, label string) time.Time {
	switch rapid.IntRange(0, 4).Draw(t, label+" shape") {
	case 0:
		return time.Time{}
	case 1:
		return t0.Add(time.Duration(rapid.Int64Range(-1e17, 1e17).Draw(t, label)))
	}
	zones := []*time.Location{time.UTC, starmap.CST(), time.FixedZone("", -(3*3600 + 30*60)), time.FixedZone("LMT", 8*3600+5*60+43),
		time.FixedZone("", 14*3600), time.FixedZone("", -12*3600)}
	if rare(t, label+" odd zone") {
		zones = []*time.Location{time.FixedZone("", 24*3600), time.FixedZone("", -25*3600), time.FixedZone("", 100*3600)}
	}
	year := rapid.IntRange(0, 9999).Draw(t, label+" year")
	if rare(t, label+" odd year") {
		year = rapid.IntRange(-2, 10001).Draw(t, label+" year")
	}
	return time.Date(year, time.Month(rapid.IntRange(1, 12).Draw(t, label+" month")), rapid.IntRange(1, 28).Draw(t, label+" day"),
		rapid.IntRange(0, 23).Draw(t, label+" hour"), rapid.IntRange(0, 59).Draw(t, label+" minute"), 0,
		rapid.IntRange(0, 999999999).Draw(t, label+" ns"), rapid.SampledFrom(zones).Draw(t, label+" zone"))
}

func anyActor(t *rapid.T, label string) starmap.Actor {
	id := rapid.SampledFrom([]string{"adv-1", "sub-7", "a<b>&c", "达人"}).Draw(t, label+" id")
	if rare(t, label+" bad id") {
		id = nastyString().Draw(t, label+" id")
	}
	switch rapid.IntRange(0, 5).Draw(t, label+" role") {
	case 0:
		return starmap.Actor{}
	case 1:
		return starmap.AdvertiserActor(id)
	case 2:
		adv := "adv-1"
		if rare(t, label+" bad advertiser") {
			adv = nastyString().Draw(t, label+" advertiser")
		}
		return starmap.SubAccountActor(adv, id)
	case 3:
		return starmap.CreatorActor(id)
	case 4:
		return starmap.MCNActor(id)
	}
	return starmap.PlatformActor(id)
}

func sliceOf[T any](t *rapid.T, label string, gen func(*rapid.T, string) T) []T {
	switch rapid.IntRange(0, 3).Draw(t, label+" shape") {
	case 0:
		return nil
	case 1:
		return []T{}
	}
	out := make([]T, rapid.IntRange(1, 4).Draw(t, label+" len"))
	for i := range out {
		out[i] = gen(t, fmt.Sprintf("%s[%d]", label, i))
	}
	return out
}

// enum is a value of a uint8 enum of n declared values, now and then one
// outside them.
func enum[E ~uint8](t *rapid.T, label string, n int) E {
	if rare(t, label+" undeclared") {
		return E(rapid.Uint8().Draw(t, label))
	}
	return E(rapid.IntRange(0, n).Draw(t, label))
}

func anyFinding(t *rapid.T, label string) compliance.Finding {
	f := compliance.Finding{Kind: enum[compliance.Kind](t, label+" kind", 4), Severity: enum[compliance.Severity](t, label+" severity", 2),
		Term: nastyString().Draw(t, label+" term"), Point: enum[compliance.PointKind](t, label+" point", 3),
		Span:  compliance.Span{Start: rapid.Int().Draw(t, label+" start"), End: rapid.Int().Draw(t, label+" end")},
		Bytes: compliance.Span{Start: rapid.Int().Draw(t, label+" bstart"), End: rapid.Int().Draw(t, label+" bend")},
		Text:  nastyString().Draw(t, label+" text")}
	if rapid.Bool().Draw(t, label+" digest") {
		f.Digest = compliance.DigestOf(f.Text)
	}
	return f
}

func anyMark(t *rapid.T, label string) compliance.Mark {
	return compliance.Mark{Item: compliance.Item{Key: compliance.ItemKey(nastyString().Draw(t, label+" key")),
		ZH: nastyString().Draw(t, label+" zh"), EN: nastyString().Draw(t, label+" en")},
		Pass: rapid.Bool().Draw(t, label+" pass"), Note: nastyString().Draw(t, label+" note")}
}

func anyCompliance(t *rapid.T, label string) task.Compliance {
	if rapid.IntRange(0, 2).Draw(t, label) > 0 {
		return task.Compliance{} // most entries record none
	}
	c := task.Compliance{Checked: rapid.Bool().Draw(t, label+" checked"), Findings: sliceOf(t, label+" findings", anyFinding)}
	if rapid.Bool().Draw(t, label+" waiver") {
		c.Waiver = compliance.Waiver{Finding: anyFinding(t, label+" waived"), By: anyActor(t, label+" by"),
			At: anyTime(t, label+" waived at"), Reason: nastyString().Draw(t, label+" reason")}
	}
	c.Checklist.Marks = sliceOf(t, label+" marks", anyMark)
	c.Rejection = compliance.Rejection{Failed: sliceOf(t, label+" failed", anyMark), Findings: sliceOf(t, label+" cited", anyFinding)}
	return c
}

func anyDecimalAt(t *rapid.T, label string) decimal.Decimal { return anyDecimal().Draw(t, label) }

// arbitraryRecord fills every field with any value, valid or not.
func arbitraryRecord(t *rapid.T) task.Record {
	s := func(label string) string { return nastyString().Draw(t, label) }
	d := func(label string) decimal.Decimal { return anyDecimal().Draw(t, label) }
	i := func(label string) int { return rapid.Int().Draw(t, label) }
	i64 := func(label string) int64 { return rapid.Int64().Draw(t, label) }
	var p task.Policy
	p.ScriptRejections, p.VideoRejections, p.InvitationDays = i("sr"), i("vr"), i("inv")
	p.AutoAcceptDays, p.LiveConfirmDays, p.LiveEarlyStart = i("aa"), i("lc"), time.Duration(i64("les"))
	p.FeeRate, p.MCNShare, p.CutoffDays, p.ReturnDays = d("fee rate"), d("mcn share"), i("cutoff"), i("return")
	if rapid.Bool().Draw(t, "refunds") {
		for a := range p.Refunds {
			for b := range p.Refunds[a] {
				p.Refunds[a][b] = task.Refund{CreatorShare: d("creator share"), FeeShare: d("fee share")}
			}
		}
	}
	var points []compliance.Point
	if rapid.Bool().Draw(t, "points") {
		points = sliceOf(t, "points", func(t *rapid.T, label string) compliance.Point {
			return compliance.Point{Kind: enum[compliance.PointKind](t, label+" kind", 3), Text: s(label + " text")}
		})
	}
	return task.Record{
		ID: s("id"), Advertiser: s("advertiser"), Creator: s("creator"), MCN: s("mcn"), Signing: s("signing"), MCNShareBP: i("bp"),
		Format: enum[starmap.Format](t, "format", 2), Price: d("price"), Fee: d("fee"), LiveDuration: time.Duration(i64("live")),
		Template: task.Template{Objective: enum[task.Objective](t, "objective", 4),
			Deliverables: sliceOf(t, "deliverables", func(t *rapid.T, label string) string { return s(label) }),
			Requirements: s("requirements"), Disclosure: rapid.Bool().Draw(t, "disclosure"), Points: points,
			Dues: sliceOf(t, "dues", func(t *rapid.T, label string) task.Due {
				return task.Due{Milestone: enum[task.Milestone](t, label+" milestone", 4),
					Date: starmap.DateOf(anyTime(t, label+" date"))}
			})},
		Components: sliceOf(t, "components", func(t *rapid.T, label string) task.MountedComponent {
			return task.MountedComponent{ID: s(label + " id"), Title: s(label + " title"), AppID: s(label + " app")}
		}),
		Policy: p, OrderedAt: anyTime(t, "ordered"),
		State: enum[task.State](t, "state", 17), ScriptRejections: i("script rejections"), VideoRejections: i("video rejections"),
		DeliveredAt: anyTime(t, "delivered"), LiveStart: anyTime(t, "live start"), LiveCard: rapid.Bool().Draw(t, "card"),
		BroadcastActual: time.Duration(i64("actual")),
		Metrics: task.Metrics{Exposure: i64("exposure"), Clicks: i64("clicks"), ComponentClicks: i64("component clicks"),
			Favourites: i64("favourites"), AddToCart: i64("cart"), Orders: i64("orders"), GMV: d("gmv")},
		DueAt: anyTime(t, "due"),
		Settlement: task.Settlement{Model: enum[task.Model](t, "model", 3),
			Weights: sliceOf(t, "weights", anyDecimalAt), Rate: d("rate")},
		Campaign: s("campaign"),
		Accepted: sliceOf(t, "accepted", func(t *rapid.T, label string) bool { return rapid.Bool().Draw(t, label) }),
		Sales: sliceOf(t, "sales", func(t *rapid.T, label string) task.Sale {
			return task.Sale{Order: s(label + " order"), At: anyTime(t, label+" at"), Amount: d(label + " amount"),
				Refund: rapid.Bool().Draw(t, label+" refund")}
		}),
		Plays: i64("plays"),
		History: sliceOf(t, "history", func(t *rapid.T, label string) task.Change {
			return task.Change{Seq: i(label + " seq"), Command: enum[task.Command](t, label+" command", 30),
				From: enum[task.State](t, label+" from", 17), To: enum[task.State](t, label+" to", 17),
				Actor: anyActor(t, label+" actor"), At: anyTime(t, label+" at"), Reason: s(label + " reason"), Ref: s(label + " ref"),
				Compliance: anyCompliance(t, label+" compliance")}
		}),
		Postings: sliceOf(t, "postings", func(t *rapid.T, label string) task.Posting {
			return task.Posting{Kind: enum[task.PostingKind](t, label+" kind", 5), From: enum[task.Account](t, label+" from", 8),
				To: enum[task.Account](t, label+" to", 8), Amount: d(label + " amount"), At: anyTime(t, label+" at")}
		}),
		Version: rapid.Uint64().Draw(t, "version"),
	}
}

// benchRecord is a published short video that had eight results reports:
// the record pgstore's transition benchmark writes back on every command
// (15 history entries). reviewed makes it go the review path: scripts and
// videos with text (checked, a warning found) and reviews with the
// checklist.
func benchRecord(b testing.TB, reviewed bool) task.Record {
	now := time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	o := task.Order{ID: "b1-0-0", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(1000)}
	text := ""
	var ans []compliance.Answer
	if reviewed {
		o.Template = task.Template{Objective: task.ObjectiveAddToCart, Deliverables: []string{"60s video"}, Disclosure: true,
			Points: []compliance.Point{{Kind: compliance.PointProduct, Text: product}, {Kind: compliance.PointLink, Text: link}}}
		text, ans = clean+"，唯一推荐", answers(nil)
	}
	tk, _, err := task.New(starmap.AdvertiserActor("adv-1"), now, o, task.DefaultPolicy(), nil)
	if err != nil {
		b.Fatal(err)
	}
	adv, cre, data := starmap.AdvertiserActor("adv-1"), starmap.CreatorActor("cre-1"), starmap.PlatformActor("data")
	type step struct {
		by  starmap.Actor
		req task.Request
	}
	steps := []step{
		{cre, task.Request{Command: task.CmdAcceptOrder}},
		{cre, task.Request{Command: task.CmdSubmitScript, Ref: "s-1", Text: text}},
		{adv, task.Request{Command: task.CmdApproveScript, Answers: ans}},
		{cre, task.Request{Command: task.CmdSubmitVideo, Ref: "v-1", Text: text}},
		{adv, task.Request{Command: task.CmdApproveVideo, Answers: ans}},
		{cre, task.Request{Command: task.CmdPublish, Ref: "p-1"}},
	}
	for i := range 8 {
		steps = append(steps, step{data, task.Request{Command: task.CmdReportResults,
			Metrics: task.Metrics{Exposure: int64(1000 * (i + 1)), Clicks: int64(i + 1)}}})
	}
	for _, st := range steps {
		now = now.Add(time.Hour)
		if _, err := tk.Apply(st.by, now, st.req); err != nil {
			b.Fatal(err)
		}
	}
	return tk.Record()
}

// BenchmarkRecordJSON: encoding/json against AppendJSON on the record a
// transition writes, as pgstore's benchmark makes it (published) and on
// the review path (reviewed); AppendJSON into a reused buffer, as pgstore
// does, and into nil.
//
//	go test -run XXX -bench RecordJSON -benchmem ./task/
func BenchmarkRecordJSON(b *testing.B) {
	for _, reviewed := range []bool{false, true} {
		r := benchRecord(b, reviewed)
		want, err := json.Marshal(r)
		if err != nil {
			b.Fatal(err)
		}
		if got, err := r.AppendJSON(nil); err != nil || !bytes.Equal(got, want) {
			b.Fatalf("AppendJSON differs: %v", err)
		}
		name := "published"
		if reviewed {
			name = "reviewed"
		}
		b.Logf("%s: %d bytes, %d history entries", name, len(want), len(r.History))
		b.Run(name+"/encoding_json", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := json.Marshal(r); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/AppendJSON", func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 2*len(want))
			for range b.N {
				var err error
				if buf, err = r.AppendJSON(buf[:0]); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/AppendJSON_nil", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := r.AppendJSON(nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestChangeAppendJSON: each history entry of arbitrary and lived records
// encodes alone as encoding/json encodes it, and fails where it fails
// leaving dst as it was.
func TestChangeAppendJSON(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		r := arbitraryRecord(rt)
		if rapid.Bool().Draw(rt, "lived") {
			r = livedRecord(rt)
		}
		for _, c := range r.History {
			want, wantErr := json.Marshal(c)
			got, err := c.AppendJSON([]byte("x,"))
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				rt.Fatalf("Change.AppendJSON error %v, json.Marshal error %v", err, wantErr)
			}
			if wantErr != nil {
				if string(got) != "x," {
					rt.Fatalf("a failed Change.AppendJSON changed dst to %q", got)
				}
				continue
			}
			if string(got) != "x,"+string(want) {
				rt.Fatalf("Change.AppendJSON:\n got %s\nwant x,%s", got, want)
			}
		}
	})
}
