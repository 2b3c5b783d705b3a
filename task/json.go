package task

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// AppendJSON appends the record's JSON to dst: exactly the bytes
// json.Marshal(r) produces (field order, escaping, the omitzero Compliance
// of history entries, the MarshalJSON forms of times, decimals and actors),
// without reflection. Stores write a task's record on every change, and
// encoding/json's reflection was most of that cost; json_test.go checks
// the two byte for byte and that the encoder knows every field.
//
// It fails where json.Marshal fails (an invalid actor, a time outside
// years 0 to 9999, an undeclared compliance enum), returning dst unchanged
// and json.Marshal's error. Decimals too large for an int64 coefficient
// (no amount or rate is) are encoded by encoding/json.
func (r Record) AppendJSON(dst []byte) ([]byte, error) {
	w := jsonWriter{b: dst}
	w.record(&r)
	if w.err != nil {
		return dst, w.err
	}
	return w.b, nil
}

// AppendJSON appends the history entry's JSON to dst, exactly the bytes
// json.Marshal(c) produces, as Record.AppendJSON does for the record (a
// store that keeps the history apart appends entries one by one). It
// fails, returning dst unchanged, where json.Marshal fails.
func (c Change) AppendJSON(dst []byte) ([]byte, error) {
	w := jsonWriter{b: dst}
	w.change(&c)
	if w.err != nil {
		return dst, w.err
	}
	return w.b, nil
}

// jsonWriter appends JSON to b; the first error sticks and stops nothing
// (the caller discards b then), which keeps the field code linear.
type jsonWriter struct {
	b   []byte
	err error
}

func (w *jsonWriter) record(r *Record) {
	w.raw(`{"ID":`)
	w.str(r.ID)
	w.raw(`,"Advertiser":`)
	w.str(r.Advertiser)
	w.raw(`,"Creator":`)
	w.str(r.Creator)
	w.raw(`,"MCN":`)
	w.str(r.MCN)
	w.raw(`,"Signing":`)
	w.str(r.Signing)
	w.raw(`,"MCNShareBP":`)
	w.int(int64(r.MCNShareBP))
	w.raw(`,"Format":`)
	w.uint(uint64(r.Format))
	w.raw(`,"Price":`)
	w.dec(r.Price)
	w.raw(`,"Fee":`)
	w.dec(r.Fee)
	w.raw(`,"LiveDuration":`)
	w.int(int64(r.LiveDuration))
	w.raw(`,"Template":`)
	w.template(&r.Template)
	w.raw(`,"Components":`)
	if r.Components == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i := range r.Components {
			if i > 0 {
				w.raw(",")
			}
			c := &r.Components[i]
			w.raw(`{"ID":`)
			w.str(c.ID)
			w.raw(`,"Title":`)
			w.str(c.Title)
			w.raw(`,"AppID":`)
			w.str(c.AppID)
			w.raw("}")
		}
		w.raw("]")
	}
	w.raw(`,"Policy":`)
	w.policy(&r.Policy)
	w.raw(`,"OrderedAt":`)
	w.time(r.OrderedAt)
	w.raw(`,"State":`)
	w.uint(uint64(r.State))
	w.raw(`,"ScriptRejections":`)
	w.int(int64(r.ScriptRejections))
	w.raw(`,"VideoRejections":`)
	w.int(int64(r.VideoRejections))
	w.raw(`,"DeliveredAt":`)
	w.time(r.DeliveredAt)
	w.raw(`,"LiveStart":`)
	w.time(r.LiveStart)
	w.raw(`,"LiveCard":`)
	w.bool(r.LiveCard)
	w.raw(`,"BroadcastActual":`)
	w.int(int64(r.BroadcastActual))
	w.raw(`,"Metrics":`)
	w.metrics(&r.Metrics)
	w.raw(`,"DueAt":`)
	w.time(r.DueAt)
	w.raw(`,"Settlement":{"Model":`)
	w.uint(uint64(r.Settlement.Model))
	w.raw(`,"Weights":`)
	if r.Settlement.Weights == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i, d := range r.Settlement.Weights {
			if i > 0 {
				w.raw(",")
			}
			w.dec(d)
		}
		w.raw("]")
	}
	w.raw(`,"Rate":`)
	w.dec(r.Settlement.Rate)
	w.raw(`},"Campaign":`)
	w.str(r.Campaign)
	w.raw(`,"Accepted":`)
	if r.Accepted == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i, a := range r.Accepted {
			if i > 0 {
				w.raw(",")
			}
			w.bool(a)
		}
		w.raw("]")
	}
	w.raw(`,"Sales":`)
	if r.Sales == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i := range r.Sales {
			if i > 0 {
				w.raw(",")
			}
			s := &r.Sales[i]
			w.raw(`{"Order":`)
			w.str(s.Order)
			w.raw(`,"At":`)
			w.time(s.At)
			w.raw(`,"Amount":`)
			w.dec(s.Amount)
			w.raw(`,"Refund":`)
			w.bool(s.Refund)
			w.raw("}")
		}
		w.raw("]")
	}
	w.raw(`,"Plays":`)
	w.int(r.Plays)
	w.raw(`,"History":`)
	if r.History == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i := range r.History {
			if i > 0 {
				w.raw(",")
			}
			w.change(&r.History[i])
		}
		w.raw("]")
	}
	w.raw(`,"Postings":`)
	if r.Postings == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i := range r.Postings {
			if i > 0 {
				w.raw(",")
			}
			p := &r.Postings[i]
			w.raw(`{"Kind":`)
			w.uint(uint64(p.Kind))
			w.raw(`,"From":`)
			w.uint(uint64(p.From))
			w.raw(`,"To":`)
			w.uint(uint64(p.To))
			w.raw(`,"Amount":`)
			w.dec(p.Amount)
			w.raw(`,"At":`)
			w.time(p.At)
			w.raw("}")
		}
		w.raw("]")
	}
	w.raw(`,"Version":`)
	w.uint(r.Version)
	w.raw("}")
}

func (w *jsonWriter) template(t *Template) {
	w.raw(`{"Objective":`)
	w.uint(uint64(t.Objective))
	w.raw(`,"Deliverables":`)
	if t.Deliverables == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i, d := range t.Deliverables {
			if i > 0 {
				w.raw(",")
			}
			w.str(d)
		}
		w.raw("]")
	}
	w.raw(`,"Requirements":`)
	w.str(t.Requirements)
	w.raw(`,"Disclosure":`)
	w.bool(t.Disclosure)
	w.raw(`,"Points":`)
	if t.Points == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i, p := range t.Points {
			if i > 0 {
				w.raw(",")
			}
			w.raw(`{"Kind":`)
			appendEnum(w, p.Kind)
			w.raw(`,"Text":`)
			w.str(p.Text)
			w.raw("}")
		}
		w.raw("]")
	}
	w.raw(`,"Dues":`)
	if t.Dues == nil {
		w.raw("null")
	} else {
		w.raw("[")
		for i, d := range t.Dues {
			if i > 0 {
				w.raw(",")
			}
			w.raw(`{"Milestone":`)
			w.uint(uint64(d.Milestone))
			w.raw(`,"Date":`)
			w.marshaler(d.Date) // a few per template at most
			w.raw("}")
		}
		w.raw("]")
	}
	w.raw("}")
}

func (w *jsonWriter) policy(p *Policy) {
	w.raw(`{"ScriptRejections":`)
	w.int(int64(p.ScriptRejections))
	w.raw(`,"VideoRejections":`)
	w.int(int64(p.VideoRejections))
	w.raw(`,"InvitationDays":`)
	w.int(int64(p.InvitationDays))
	w.raw(`,"AutoAcceptDays":`)
	w.int(int64(p.AutoAcceptDays))
	w.raw(`,"LiveConfirmDays":`)
	w.int(int64(p.LiveConfirmDays))
	w.raw(`,"LiveEarlyStart":`)
	w.int(int64(p.LiveEarlyStart))
	w.raw(`,"FeeRate":`)
	w.dec(p.FeeRate)
	w.raw(`,"MCNShare":`)
	w.dec(p.MCNShare)
	w.raw(`,"Refunds":[`)
	for i := range p.Refunds {
		if i > 0 {
			w.raw(",")
		}
		w.raw("[")
		for j := range p.Refunds[i] {
			if j > 0 {
				w.raw(",")
			}
			rf := &p.Refunds[i][j]
			w.raw(`{"CreatorShare":`)
			w.dec(rf.CreatorShare)
			w.raw(`,"FeeShare":`)
			w.dec(rf.FeeShare)
			w.raw("}")
		}
		w.raw("]")
	}
	w.raw(`],"CutoffDays":`)
	w.int(int64(p.CutoffDays))
	w.raw(`,"ReturnDays":`)
	w.int(int64(p.ReturnDays))
	w.raw("}")
}

func (w *jsonWriter) metrics(m *Metrics) {
	w.raw(`{"Exposure":`)
	w.int(m.Exposure)
	w.raw(`,"Clicks":`)
	w.int(m.Clicks)
	w.raw(`,"ComponentClicks":`)
	w.int(m.ComponentClicks)
	w.raw(`,"Favourites":`)
	w.int(m.Favourites)
	w.raw(`,"AddToCart":`)
	w.int(m.AddToCart)
	w.raw(`,"Orders":`)
	w.int(m.Orders)
	w.raw(`,"GMV":`)
	w.dec(m.GMV)
	w.raw("}")
}

func (w *jsonWriter) change(c *Change) {
	w.raw(`{"Seq":`)
	w.int(int64(c.Seq))
	w.raw(`,"Command":`)
	w.uint(uint64(c.Command))
	w.raw(`,"From":`)
	w.uint(uint64(c.From))
	w.raw(`,"To":`)
	w.uint(uint64(c.To))
	w.raw(`,"Actor":`)
	w.actor(c.Actor)
	w.raw(`,"At":`)
	w.time(c.At)
	w.raw(`,"Reason":`)
	w.str(c.Reason)
	w.raw(`,"Ref":`)
	w.str(c.Ref)
	// omitzero: encoding/json asks Compliance.IsZero.
	if !c.Compliance.IsZero() {
		w.raw(`,"Compliance":`)
		w.compliance(&c.Compliance)
	}
	w.raw("}")
}

// compliance writes the review path's record of an entry: compliance's
// types, whose enums store by name and digests in hex (their MarshalText).
func (w *jsonWriter) compliance(c *Compliance) {
	w.raw(`{"Checked":`)
	w.bool(c.Checked)
	w.raw(`,"Findings":`)
	w.findings(c.Findings)
	w.raw(`,"Waiver":{"Finding":`)
	w.finding(&c.Waiver.Finding)
	w.raw(`,"By":`)
	w.actor(c.Waiver.By)
	w.raw(`,"At":`)
	w.time(c.Waiver.At)
	w.raw(`,"Reason":`)
	w.str(c.Waiver.Reason)
	w.raw(`},"Checklist":{"Marks":`)
	w.marks(c.Checklist.Marks)
	w.raw(`},"Rejection":{"Failed":`)
	w.marks(c.Rejection.Failed)
	w.raw(`,"Findings":`)
	w.findings(c.Rejection.Findings)
	w.raw("}}")
}

func (w *jsonWriter) findings(fs []compliance.Finding) {
	if fs == nil {
		w.raw("null")
		return
	}
	w.raw("[")
	for i := range fs {
		if i > 0 {
			w.raw(",")
		}
		w.finding(&fs[i])
	}
	w.raw("]")
}

func (w *jsonWriter) finding(f *compliance.Finding) {
	w.raw(`{"Kind":`)
	appendEnum(w, f.Kind)
	w.raw(`,"Severity":`)
	appendEnum(w, f.Severity)
	w.raw(`,"Term":`)
	w.str(f.Term)
	w.raw(`,"Point":`)
	appendEnum(w, f.Point)
	w.raw(`,"Span":{"Start":`)
	w.int(int64(f.Span.Start))
	w.raw(`,"End":`)
	w.int(int64(f.Span.End))
	w.raw(`},"Bytes":{"Start":`)
	w.int(int64(f.Bytes.Start))
	w.raw(`,"End":`)
	w.int(int64(f.Bytes.End))
	w.raw(`},"Text":`)
	w.str(f.Text)
	// Digest.MarshalText: 64 hex digits, "" for the zero digest.
	w.raw(`,"Digest":"`)
	if !f.Digest.IsZero() {
		w.b = hex.AppendEncode(w.b, f.Digest[:])
	}
	w.raw(`"}`)
}

func (w *jsonWriter) marks(ms []compliance.Mark) {
	if ms == nil {
		w.raw("null")
		return
	}
	w.raw("[")
	for i := range ms {
		if i > 0 {
			w.raw(",")
		}
		m := &ms[i]
		w.raw(`{"Item":{"Key":`)
		w.str(string(m.Item.Key))
		w.raw(`,"ZH":`)
		w.str(m.Item.ZH)
		w.raw(`,"EN":`)
		w.str(m.Item.EN)
		w.raw(`},"Pass":`)
		w.bool(m.Pass)
		w.raw(`,"Note":`)
		w.str(m.Note)
		w.raw("}")
	}
	w.raw("]")
}

// storedEnum is a compliance enum that stores by name: MarshalText writes
// "" for the zero value, the name of a declared one, and refuses others.
type storedEnum interface {
	~uint8
	Valid() bool
	String() string
	MarshalText() ([]byte, error)
}

// appendEnum writes e as its MarshalText does, without the byte slice it
// allocates.
func appendEnum[E storedEnum](w *jsonWriter, e E) {
	switch {
	case e == 0:
		w.raw(`""`)
	case e.Valid():
		w.str(e.String())
	default:
		w.marshal(e) // its error, as encoding/json reports it
	}
}

func (w *jsonWriter) raw(s string) { w.b = append(w.b, s...) }

func (w *jsonWriter) int(v int64) { w.b = strconv.AppendInt(w.b, v, 10) }

func (w *jsonWriter) uint(v uint64) { w.b = strconv.AppendUint(w.b, v, 10) }

func (w *jsonWriter) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

func (w *jsonWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// marshal appends what encoding/json writes for v: the fallback of the
// rare parts, and the source of the exact error wherever a hand-written
// part meets a value json.Marshal refuses.
func (w *jsonWriter) marshal(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		w.fail(err)
		return
	}
	w.b = append(w.b, b...)
}

// marshaler appends a value's own MarshalJSON, which is what encoding/json
// writes for it when its output is already compact, as starmap's are.
func (w *jsonWriter) marshaler(v json.Marshaler) {
	b, err := v.MarshalJSON()
	if err != nil {
		w.marshal(v) // json.Marshal's error, wrapped as it wraps it
		return
	}
	w.b = append(w.b, b...)
}

// time appends t as Time.MarshalJSON does: RFC 3339 with nanoseconds,
// refused for a year outside 0 to 9999 or a zone hour outside 0 to 23
// (the checks of its strict form, made here on the formatted text).
func (w *jsonWriter) time(t time.Time) {
	w.b = append(w.b, '"')
	n := len(w.b)
	w.b = t.AppendFormat(w.b, time.RFC3339Nano)
	s := w.b[n:]
	bad := len(s) < len("2006-01-02T15:04:05Z") || s[4] != '-'
	if !bad && s[len(s)-1] != 'Z' {
		c := s[len(s)-len("Z07:00")]
		h := s[len(s)-len("07:00"):]
		bad = '0' <= c && c <= '9' || 10*(h[0]-'0')+(h[1]-'0') >= 24
	}
	if bad {
		w.b = w.b[:n-1]
		w.marshal(t)
		return
	}
	w.b = append(w.b, '"')
}

// maxFastExp bounds the exponents dec writes itself; beyond them (never a
// policy's rate or an amount) decimal's own MarshalJSON does.
const maxFastExp = 40

// dec appends d as decimal.Decimal.MarshalJSON does with the package's
// defaults: its String, quoted. A coefficient of up to 18 digits (every
// amount and rate) is written from an int64, without the big.Int String
// and its allocations; anything else, or decimal's global format switches
// set otherwise, goes through encoding/json.
func (w *jsonWriter) dec(d decimal.Decimal) {
	exp := d.Exponent()
	if decimal.MarshalJSONWithoutQuotes || !decimal.TrimTrailingZeros || decimal.UseScientificNotation ||
		exp > maxFastExp || exp < -maxFastExp || d.NumDigits() > 18 {
		w.marshal(d)
		return
	}
	v := d.CoefficientInt64()
	var digits [20]byte
	u := uint64(v)
	if v < 0 {
		u = -u
	}
	str := strconv.AppendUint(digits[:0], u, 10)
	w.b = append(w.b, '"')
	if v < 0 {
		w.b = append(w.b, '-')
	}
	switch {
	case exp >= 0:
		w.b = append(w.b, str...)
		if v != 0 {
			for range exp {
				w.b = append(w.b, '0')
			}
		}
	default:
		// As decimal's string(trimTrailingZeros): the integer part (or 0),
		// then the fraction without its trailing zeros, the point only
		// when a fraction digit remains.
		places := int(-exp)
		frac, lead := str, places-len(str)
		if lead < 0 {
			w.b = append(w.b, str[:-lead]...)
			frac, lead = str[-lead:], 0
		} else {
			w.b = append(w.b, '0')
		}
		i := len(frac)
		for i > 0 && frac[i-1] == '0' {
			i--
		}
		frac = frac[:i]
		if len(frac) > 0 {
			w.b = append(w.b, '.')
			for range lead {
				w.b = append(w.b, '0')
			}
			w.b = append(w.b, frac...)
		}
	}
	w.b = append(w.b, '"')
}

// actor appends a as Actor.MarshalJSON does: null for the zero actor,
// {"role","id"[,"advertiser"]} for a valid one, its error otherwise.
func (w *jsonWriter) actor(a starmap.Actor) {
	if a.IsZero() {
		w.raw("null")
		return
	}
	if a.Validate() != nil {
		w.marshal(a)
		return
	}
	w.raw(`{"role":`)
	w.str(a.Role().String())
	w.raw(`,"id":`)
	w.str(a.ID())
	if adv := a.AdvertiserOf(); adv != "" {
		w.raw(`,"advertiser":`)
		w.str(adv)
	}
	w.raw("}")
}

// str appends s as a JSON string the way encoding/json does by default:
// ", \ and control characters escaped (\b \f \n \r \t by name, the rest
// as \u00XX), <, > and & as \u003c \u003e \u0026 (HTML-safe), U+2028 and
// U+2029 escaped, and each byte of invalid UTF-8 replaced by \ufffd.
func (w *jsonWriter) str(s string) {
	const hex = "0123456789abcdef"
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}
