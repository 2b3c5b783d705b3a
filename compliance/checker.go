package compliance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
)

// Limits of a Checker's lists.
const (
	// MaxPhraseRunes is the longest phrase of any list, counted in folded
	// runes (letters and digits).
	MaxPhraseRunes = 64
	// MaxPhrases is the longest list.
	MaxPhrases = 100_000
)

// Checker checks a script, a caption or a live stream's talking points
// (CPL-1 … CPL-3). It is built once by NewChecker from its lists and is
// immutable afterwards: one Checker serves every goroutine.
type Checker struct {
	a     *automaton
	terms []Term // merged, in the host's order; node.term indexes it
	// termRunes is the longest term in folded runes: after that many kept
	// runes no term reaches back across a clause break.
	termRunes      int
	allowed        []string
	markers        []string
	nonDisclosures []string
}

type settings struct {
	terms          []Term
	allowed        []string
	markers        []string
	nonDisclosures []string
}

// Option configures NewChecker. Without options a Checker uses
// DefaultTerms, DefaultAllowed, DefaultMarkers and DefaultNonDisclosures.
type Option func(*settings)

// WithTerms replaces the term list (DefaultTerms by default); no terms is
// a Checker that only checks disclosure and required points.
func WithTerms(terms ...Term) Option {
	terms = slices.Clone(terms)
	return func(s *settings) { s.terms = slices.Clip(terms) } // clipped: a later append copies
}

// AddTerms adds terms to the list as it stands (the defaults, or what
// WithTerms set).
func AddTerms(terms ...Term) Option {
	terms = slices.Clone(terms)
	return func(s *settings) { s.terms = append(s.terms, terms...) }
}

// WithAllowed replaces the allowed phrases (DefaultAllowed by default).
func WithAllowed(phrases ...string) Option {
	phrases = slices.Clone(phrases)
	return func(s *settings) { s.allowed = slices.Clip(phrases) }
}

// AddAllowed adds allowed phrases: trademarks and other phrases that
// contain a term lawfully. A finding inside an occurrence of an allowed
// phrase is dropped; nothing else is. Allowing a term's own text switches
// that term off.
func AddAllowed(phrases ...string) Option {
	phrases = slices.Clone(phrases)
	return func(s *settings) { s.allowed = append(s.allowed, phrases...) }
}

// WithMarkers replaces the disclosure markers (DefaultMarkers: 广告); at
// least one is needed (ErrNoMarkers), or a missing disclosure could never
// be found.
func WithMarkers(markers ...string) Option {
	markers = slices.Clone(markers)
	return func(s *settings) { s.markers = slices.Clip(markers) }
}

// WithNonDisclosures replaces the phrases that contain a marker and
// disclose nothing (DefaultNonDisclosures: 广告法, 不是广告 …).
func WithNonDisclosures(phrases ...string) Option {
	phrases = slices.Clone(phrases)
	return func(s *settings) { s.nonDisclosures = slices.Clip(phrases) }
}

// list names one list of phrases in errors.
type list struct{ zh, en string }

var (
	listTerms          = list{"违禁词", "term"}
	listAllowed        = list{"允许短语", "allowed phrase"}
	listMarkers        = list{"披露标识", "disclosure marker"}
	listNonDisclosures = list{"非披露短语", "non-disclosure phrase"}
)

// NewChecker builds a Checker. It validates every phrase of every list and
// reports every problem at once (errors.Join): a nil option
// (ErrOptionNil); an empty phrase, one that is not valid text (invalid
// UTF-8, control or bidi characters, longer than 200 characters), one with
// no letter or digit (it folds to nothing and could never match), or one
// longer than MaxPhraseRunes once folded (ErrPhraseInvalid); a term without
// a valid severity (ErrTermSeverity); a list longer than MaxPhrases
// (ErrTooManyPhrases); no disclosure marker (ErrNoMarkers). Terms that
// fold to the same text are one term: the first spelling is kept, with the
// graver severity.
func NewChecker(opts ...Option) (*Checker, error) {
	s := settings{
		terms:          DefaultTerms(),
		allowed:        DefaultAllowed(),
		markers:        DefaultMarkers(),
		nonDisclosures: DefaultNonDisclosures(),
	}
	var errs []error
	for i, o := range opts {
		if o == nil {
			errs = append(errs, ErrOptionNil.New(starmap.Arg("index", i+1)))
			continue
		}
		o(&s)
	}

	c := &Checker{}
	var pats []pattern
	byFold := make(map[string]int, len(s.terms))
	for _, t := range listOf(&errs, listTerms, s.terms, func(t Term) string { return t.Text }) {
		if !t.v.Severity.Valid() {
			errs = append(errs, ErrTermSeverity.New(starmap.Arg("index", t.index)))
			continue
		}
		if j, dup := byFold[t.folded]; dup {
			c.terms[j].Severity = max(c.terms[j].Severity, t.v.Severity)
			continue
		}
		byFold[t.folded] = len(c.terms)
		c.termRunes = max(c.termRunes, utf8.RuneCountInString(t.folded))
		pats = append(pats, pattern{folded: t.folded, role: roleTerm, term: int32(len(c.terms))})
		c.terms = append(c.terms, t.v)
	}
	addList := func(l list, phrases []string, role uint8, dst *[]string) {
		for _, p := range listOf(&errs, l, phrases, func(s string) string { return s }) {
			pats = append(pats, pattern{folded: p.folded, role: role, term: -1})
			*dst = append(*dst, p.v)
		}
	}
	if len(s.markers) == 0 {
		errs = append(errs, ErrNoMarkers.New())
	}
	addList(listAllowed, s.allowed, roleAllow, &c.allowed)
	addList(listMarkers, s.markers, roleMarker, &c.markers)
	addList(listNonDisclosures, s.nonDisclosures, roleNotMarker, &c.nonDisclosures)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.a = buildAutomaton(pats)
	return c, nil
}

type checked[T any] struct {
	v      T
	index  int // 1-based
	folded string
}

// listOf validates the phrases of one list, appending a problem to errs
// for each bad one, and returns the good ones with their folded text.
func listOf[T any](errs *[]error, l list, vs []T, text func(T) string) []checked[T] {
	if len(vs) > MaxPhrases {
		*errs = append(*errs, ErrTooManyPhrases.New(starmap.LabeledArg("list", l.zh, l.en),
			starmap.Arg("max", MaxPhrases), starmap.Arg("got", len(vs))))
		return nil
	}
	out := make([]checked[T], 0, len(vs))
	for i, v := range vs {
		zh, en := phraseProblem(text(v))
		if zh != "" {
			*errs = append(*errs, ErrPhraseInvalid.New(starmap.LabeledArg("list", l.zh, l.en),
				starmap.Arg("index", i+1), starmap.LabeledArg("problem", zh, en)))
			continue
		}
		out = append(out, checked[T]{v: v, index: i + 1, folded: foldString(text(v))})
	}
	return out
}

var phraseField = starmap.TextField{ZH: "短语", EN: "phrase", Kind: starmap.TextLine}

// phraseProblem says what is wrong with a phrase, in both languages, or
// "" when nothing is.
func phraseProblem(p string) (zh, en string) {
	if p == "" {
		return "为空", "empty"
	}
	if err := phraseField.Validate(p); err != nil {
		return problemOf(err)
	}
	n := 0
	for _, r := range p {
		if _, ok := fold(r); ok {
			n++
		}
	}
	switch {
	case n == 0:
		return "没有文字或数字(只有空白、标点或符号),无法匹配", "has no letter or digit (only spaces, punctuation or symbols), so it can never match"
	case n > MaxPhraseRunes:
		m := strconv.Itoa(MaxPhraseRunes)
		return "去掉空白和标点后超过" + m + "个字", "longer than " + m + " letters and digits"
	}
	return "", ""
}

// problemOf reads the problem parameter of a starmap.TextField error.
func problemOf(err error) (zh, en string) {
	if e, ok := starmap.Find(err, starmap.ErrTextInvalid); ok {
		for _, p := range e.Params() {
			if p.Name == "problem" {
				return p.ZH, p.Value
			}
		}
	}
	return starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN)
}

// Terms returns a copy of the Checker's terms, duplicates merged.
func (c *Checker) Terms() []Term {
	if c == nil {
		return nil
	}
	return slices.Clone(c.terms)
}

// Allowed returns a copy of the Checker's allowed phrases.
func (c *Checker) Allowed() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.allowed)
}

// Markers returns a copy of the Checker's disclosure markers.
func (c *Checker) Markers() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.markers)
}

// NonDisclosures returns a copy of the phrases that contain a marker and
// disclose nothing.
func (c *Checker) NonDisclosures() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.nonDisclosures)
}

// Span is a half-open range [Start, End) of offsets into a text.
type Span struct{ Start, End int }

// Len is End − Start.
func (s Span) Len() int { return s.End - s.Start }

// Finding is one thing the checker found (CPL-1 … CPL-3): a plain value a
// host stores with the submission it was found in.
type Finding struct {
	Kind     Kind
	Severity Severity
	// Term is the listed term as the list spells it (CPL-1), the first
	// disclosure marker (CPL-2), or the required point's text (CPL-3).
	Term string
	// Point is the kind of the missing point (CPL-3 only).
	Point PointKind
	// Span is where the term is in the original text, in runes (Unicode
	// code points, counted as []rune(text) counts them: an invalid byte is
	// one), from the term's first letter to its last: "最 佳" in "买最 佳的"
	// is [1, 4). Findings of something absent (CPL-2, CPL-3) have none
	// (the zero Span).
	Span Span
	// Bytes is the same range in bytes: text[Bytes.Start:Bytes.End] is
	// Text.
	Bytes Span
	// Text is the original text under the span ("最 佳"), "" for absence.
	Text string
	// Digest identifies the text the finding was found in: the SHA-256 of
	// the whole checked text, set by Check on every finding. A waiver
	// matches a finding on every field, so a waiver granted on one text
	// never clears the same finding in another text (a resubmission, or a
	// different script with the same term at the same span): a changed
	// text is checked and waived anew. The zero Digest is a finding not
	// made by Check (or stored before digests were kept).
	Digest Digest
}

// Digest is the SHA-256 of a checked text (Finding.Digest). It stores as
// 64 lower-case hex digits (MarshalText), the zero Digest as "".
type Digest [sha256.Size]byte

// DigestOf returns the digest of text, as Check records it.
func DigestOf(text string) Digest { return sha256.Sum256([]byte(text)) }

// IsZero reports whether d is the zero Digest.
func (d Digest) IsZero() bool { return d == Digest{} }

// String is the digest in hex, "" for the zero Digest.
func (d Digest) String() string {
	if d.IsZero() {
		return ""
	}
	return hex.EncodeToString(d[:])
}

// MarshalText writes the digest as String does.
func (d Digest) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a digest written by MarshalText: "" or 64 hex
// digits (ErrFindingInvalid otherwise).
func (d *Digest) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Digest{}
		return nil
	}
	var v Digest
	if n, err := hex.Decode(v[:], b); err != nil || n != len(v) || len(b) != 2*len(v) {
		return ErrFindingInvalid.New(starmap.LabeledArg("problem", "文本摘要无效", "invalid text digest"))
	}
	*d = v
	return nil
}

// Err raises the finding's rule (Kind.Rule) with its parameters: the
// finding's stable code and its message in either language
// (starmap.Message). Nil for a finding of no valid kind.
func (f Finding) Err() *starmap.Error {
	switch f.Kind {
	case KindAbsoluteTerm, KindTermAcrossBreak:
		return f.Kind.Rule().New(starmap.Arg("term", f.Term), starmap.Arg("text", visible(f.Text)),
			starmap.Arg("from", f.Span.Start+1), starmap.Arg("to", f.Span.End))
	case KindDisclosureMissing:
		return ErrDisclosureMissing.New(starmap.Arg("marker", f.Term))
	case KindPointMissing:
		return ErrPointMissing.New(starmap.LabeledArg("point", f.Point.Label(starmap.ZH), f.Point.Label(starmap.EN)),
			starmap.Arg("text", f.Term))
	}
	return nil
}

// visible shows the characters a reader cannot see — format characters
// (zero-width spaces and joiners, bidi controls, soft hyphens), control
// characters and line breaks, variation selectors, the blank Hangul
// fillers — as ‹U+XXXX›, so that a message shows how a term was hidden.
func visible(s string) string {
	hidden := func(r rune) bool {
		return unicode.Is(unicode.Cf, r) || unicode.IsControl(r) || unicode.Is(unicode.Variation_Selector, r) ||
			r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0 || r == utf8.RuneError
	}
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			fmt.Fprintf(&b, "‹U+%04X›", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Code is the stable code of the finding's rule ("" for an invalid kind).
func (f Finding) Code() starmap.Code {
	if r := f.Kind.Rule(); r != nil {
		return r.Code()
	}
	return ""
}

// Message renders the finding in lang.
func (f Finding) Message(lang starmap.Lang) string {
	if e := f.Err(); e != nil {
		return e.Message(lang)
	}
	return f.Kind.Label(lang)
}

// Validate checks that the finding could have come from a Checker: a
// valid kind and severity, a point kind exactly for a missing point, and
// spans that are ranges (empty for absence).
func (f Finding) Validate() error {
	bad := func(zh, en string) error {
		return ErrFindingInvalid.New(starmap.LabeledArg("problem", zh, en))
	}
	switch {
	case !f.Kind.Valid():
		return bad("未知类型", "unknown kind")
	case f.Term == "":
		return bad("没有所涉用语或要点", "no term")
	case !f.Severity.Valid():
		return bad("未知严重程度", "unknown severity")
	case (f.Kind == KindPointMissing) != f.Point.Valid():
		return bad("要点类型与检查发现类型不符", "point kind does not fit the finding kind")
	case f.Kind == KindTermAcrossBreak && f.Severity != SeverityWarn:
		return bad("跨标点的用语只能是警告", "a term across a clause break is a warn finding")
	case f.Kind.spanned() && (f.Span.Start < 0 || f.Span.End <= f.Span.Start || f.Bytes.Start < 0 || f.Bytes.End <= f.Bytes.Start):
		return bad("位置无效", "invalid span")
	case !f.Kind.spanned() && (f.Span != Span{} || f.Bytes != Span{} || f.Text != ""):
		return bad("缺失类的检查发现没有位置", "a finding of absence has no span")
	}
	return nil
}

// Requirements are what a task's template asks of the text (TSK-4): the
// disclosure of the commercial cooperation (CPL-2) and the points the
// text must carry (CPL-3). The zero Requirements ask nothing.
type Requirements struct {
	Disclosure bool
	Points     []Point
}

// Point is one required point: a product name, a link or a key message,
// supplied by the host from the template.
type Point struct {
	Kind PointKind
	Text string
}

// MaxPoints is the most required points one template may have.
const MaxPoints = 20

var pointField = starmap.TextField{ZH: "要求要点", EN: "required point", Kind: starmap.TextLine}

// Validate reports every problem of the requirements (errors.Join): more
// than MaxPoints points (ErrTooManyPoints); a point of unknown kind, with
// text that is blank, not valid text or has no letter or digit, or a link
// with white space in it (ErrPointInvalid).
func (r Requirements) Validate() error {
	if len(r.Points) == 0 {
		return nil
	}
	if len(r.Points) > MaxPoints {
		return ErrTooManyPoints.New(starmap.Arg("max", MaxPoints), starmap.Arg("got", len(r.Points)))
	}
	var errs []error
	bad := func(i int, zh, en string) {
		errs = append(errs, ErrPointInvalid.New(starmap.Arg("index", i+1), starmap.LabeledArg("problem", zh, en)))
	}
	for i, p := range r.Points {
		if !p.Kind.Valid() {
			bad(i, "未知的要点类型", "unknown point kind")
			continue
		}
		if err := pointField.Validate(p.Text); err != nil {
			zh, en := problemOf(err)
			bad(i, zh, en)
			continue
		}
		if p.Kind == PointLink {
			if p.Text == "" || strings.ContainsFunc(p.Text, unicode.IsSpace) {
				bad(i, "链接为空或含有空白", "the link is empty or holds white space")
			}
			continue
		}
		if foldString(p.Text) == "" {
			bad(i, "没有文字或数字", "has no letter or digit")
		}
	}
	return errors.Join(errs...)
}

// hit is a pattern occurrence found by the walk.
type hit struct {
	fs, fe  int // folded positions [fs, fe)
	rs, re  int // runes
	bs, be  int // bytes
	node    int32
	roles   uint8
	needEnd bool // the pattern ends with a word rune: the next rune decides
	across  bool // a term whose characters a clause break parts (KindTermAcrossBreak)
}

// ringSize holds the positions of the last MaxPhraseRunes folded runes.
const ringSize = MaxPhraseRunes

type pos struct {
	r, b     int
	breaks   int  // the clause breaks before this rune
	prevWord bool // the original rune just before this one is a word rune
}

// Check checks text against the Checker's lists and req (CPL-1 … CPL-3)
// and returns the findings: first the terms, in the order of their spans
// (by start, the longer first), then a missing disclosure, then the
// missing points in req's order. An error is returned only for invalid
// requirements (Requirements.Validate) or a Checker not made by
// NewChecker; any string can be checked.
//
// The text is read once, rune by rune, through the automaton, whatever the
// number of terms. An occurrence of a term is reported unless it lies
// inside an occurrence of an allowed phrase or inside an occurrence of a
// longer term (最高级 is reported, not also the 最高 in it); overlapping
// occurrences that do not contain one another are each reported. A term
// that starts (ends) with a word rune — a Latin letter or digit — matches
// only where the original rune before (after) it is not one: "NO.1" is in
// "全网NO.1!" but not in "piano1" or "NO.10". No phrase matches across a
// clause break (，。；！？、 , ; ! ? and line breaks) — except that a term
// whose characters a break parts is a warn finding of KindTermAcrossBreak
// (found by a second walk of the automaton through the breaks, which runs
// only for the few runes after a break that parted a pattern's prefix);
// a disclosure marker counts only written whole, with no separator
// between its characters.
//
// Allocation: none for a text with no finding and no point to look for;
// otherwise the findings slice, one byte copy of the text for its digest
// (Finding.Digest), and one folded copy of the text when req has product
// or message points.
func (c *Checker) Check(text string, req Requirements) ([]Finding, error) {
	if c == nil || c.a == nil {
		return nil, ErrCheckerNotReady.New()
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var buf [64]hit // most texts' hits fit: no allocation for them
	hits := c.scan(text, buf[:0])

	// Sort by start, the longer first; then one sweep drops what lies
	// inside an allowed phrase or a longer term, and finds an effective
	// disclosure marker.
	slices.SortFunc(hits, func(x, y hit) int {
		if x.fs != y.fs {
			return x.fs - y.fs
		}
		return y.fe - x.fe
	})
	maxAllow, maxTerm, maxNot, maxAcross := -1, -1, -1, -1
	kept, disclosed := 0, false
	for i := range hits {
		h := &hits[i]
		if h.across {
			// Across a break: reported unless inside a longer one. No
			// term, allowed phrase or marker within a clause can hold it
			// (none spans a break), nor is it any of theirs.
			if h.fe > maxAcross {
				hits[kept] = *h
				kept++
			}
			maxAcross = max(maxAcross, h.fe)
			continue
		}
		if h.roles&roleTerm != 0 && h.roles&roleAllow == 0 && h.fe > maxAllow && h.fe > maxTerm {
			hits[kept] = *h
			kept++
		}
		// A marker counts written whole: no separator between its
		// characters in the original (推广 告别 is not 广告).
		if h.roles&roleMarker != 0 && h.roles&roleNotMarker == 0 && h.fe > maxNot && h.re-h.rs == h.fe-h.fs {
			disclosed = true
		}
		if h.roles&roleAllow != 0 {
			maxAllow = max(maxAllow, h.fe)
		}
		if h.roles&roleTerm != 0 {
			maxTerm = max(maxTerm, h.fe)
		}
		if h.roles&roleNotMarker != 0 {
			maxNot = max(maxNot, h.fe)
		}
	}
	hits = hits[:kept]

	n := len(hits)
	missDisclosure := req.Disclosure && !disclosed
	if missDisclosure {
		n++
	}
	var missing []int // indexes of missing points; nil without points
	if len(req.Points) > 0 {
		missing = c.missingPoints(text, req.Points)
		n += len(missing)
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]Finding, 0, n)
	digest := DigestOf(text)
	for _, h := range hits {
		t := c.terms[c.a.nodes[h.node].term]
		kind, sev := KindAbsoluteTerm, t.Severity
		if h.across {
			kind, sev = KindTermAcrossBreak, SeverityWarn
		}
		out = append(out, Finding{Kind: kind, Severity: sev, Term: t.Text,
			Span: Span{h.rs, h.re}, Bytes: Span{h.bs, h.be}, Text: text[h.bs:h.be], Digest: digest})
	}
	if missDisclosure {
		out = append(out, Finding{Kind: KindDisclosureMissing, Severity: SeverityBlock, Term: c.markers[0], Digest: digest})
	}
	for _, i := range missing {
		p := req.Points[i]
		out = append(out, Finding{Kind: KindPointMissing, Severity: p.Kind.Severity(), Term: p.Text, Point: p.Kind, Digest: digest})
	}
	return out, nil
}

// scan walks text through the automaton and appends every pattern
// occurrence that sits at its word boundaries.
func (c *Checker) scan(text string, hits []hit) []hit {
	a := c.a
	var ring [ringSize]pos
	// state is the automaton's state within the clause (reset at a clause
	// break); xstate reads through the breaks, for the terms a break
	// parts. The two differ only after a break met a pattern in progress
	// (diverged), and only until they meet again — from then on they read
	// the same runes from the same state — or until c.termRunes kept runes
	// follow the break, when no term reaches back across it and xstate is
	// set to state (both then answer every term that starts after the
	// break). So the second walk costs only a few runes after the breaks
	// that part a pattern's prefix.
	state, xstate := int32(0), int32(0)
	breaks, sinceBreak := 0, 0
	diverged := false
	ri, fi := 0, 0
	prevWord := false
	pending := -1 // hits[pending:] were found at the previous kept rune; some wait for the next rune
	for bi := 0; bi < len(text); {
		// Decode, fold and classify, with the two common cases — ASCII
		// and a three-byte CJK ideograph — written out here: this loop
		// is the whole cost of a check.
		var f rune
		var w int
		var keep, word bool
		var cls int32
		var brk bool
		if b := text[bi]; b < utf8.RuneSelf {
			f, w = rune(asciiFold[b]), 1
			keep, word = f != 0, f != 0
			cls = a.classes.ascii[f]
			brk = asciiBreak[b]
		} else {
			var r rune
			r, w = decodeRune(text, bi)
			if r >= cjkLo && r <= cjkHi {
				f, keep = r, true
				if a.classes.cjk != nil {
					cls = int32(a.classes.cjk[r-cjkLo])
				} else {
					cls = a.classes.get(r)
				}
			} else {
				f, keep = fold(r)
				word = keep && wordRune(f)
				cls = a.classes.get(f)
				brk = !keep && clauseBreak(r)
			}
		}
		if brk { // a clause break: no phrase matches across it (but see xstate)
			// xstate is state unless diverged; either way it holds the
			// walk through the break.
			diverged = xstate != 0
			state = 0
			breaks++
			sinceBreak = 0
		}
		if pending >= 0 {
			if word { // the next rune continues a word: drop the matches that end inside it
				j := pending
				for _, h := range hits[pending:] {
					if !h.needEnd {
						hits[j] = h
						j++
					}
				}
				hits = hits[:j]
			}
			pending = -1
		}
		if keep {
			if state == 0 {
				state = a.root[cls]
			} else {
				state = a.step(state, cls)
			}
			if diverged && sinceBreak < c.termRunes { // a term ending here may reach back across a break
				xstate = a.step(xstate, cls) // never 0 while diverged
				diverged = xstate != state
			} else {
				xstate, diverged = state, false
			}
			if state != 0 || xstate != 0 { // a pattern may start here: remember where
				ring[fi%ringSize] = pos{r: ri, b: bi, breaks: breaks, prevWord: prevWord}
			}
			mark := len(hits)
			if a.nodes[state].out >= 0 {
				hits = c.emit(hits, state, fi, ri, bi+w, &ring, -1)
			}
			if diverged && a.nodes[xstate].out >= 0 {
				hits = c.emit(hits, xstate, fi, ri, bi+w, &ring, breaks)
			}
			for _, h := range hits[mark:] {
				if h.needEnd {
					pending = mark
					break
				}
			}
			fi++
			sinceBreak++
		}
		prevWord = word
		ri++
		bi += w
	}
	return hits
}

// emit appends the occurrences that end at folded rune fi (original rune
// ri, byte end) in automaton state st and sit at their start boundary.
// With breaks < 0 these are every pattern within the clause; otherwise st
// is the walk through the breaks, breaks the count so far, and only terms
// whose first rune came before a break — a break parts them — are
// appended, marked across.
func (c *Checker) emit(hits []hit, st int32, fi, ri, end int, ring *[ringSize]pos, breaks int) []hit {
	a := c.a
	for o := a.nodes[st].out; o >= 0; o = a.nodes[o].nextOut {
		n := &a.nodes[o]
		start := fi - int(n.depth) + 1
		p := ring[start%ringSize]
		if n.bounds&boundStart != 0 && p.prevWord {
			continue
		}
		h := hit{fs: start, fe: fi + 1, rs: p.r, re: ri + 1, bs: p.b, be: end,
			node: o, roles: n.roles, needEnd: n.bounds&boundEnd != 0}
		if breaks >= 0 {
			if n.roles&roleTerm == 0 || p.breaks == breaks {
				continue
			}
			h.roles, h.across = roleTerm, true
		}
		hits = append(hits, h)
	}
	return hits
}

// asciiBreak marks the ASCII clause breaks: , ; ! ? and the line breaks
// (LF, VT, FF, CR). The full stop is not one: it is the dot of NO.1 and
// of decimals.
var asciiBreak = [utf8.RuneSelf]bool{',': true, ';': true, '!': true, '?': true, '\n': true, '\v': true, '\f': true, '\r': true}

// clauseBreak reports whether r ends a clause (CPL-1, CPL-2): no term,
// allowed phrase, marker or non-disclosure matches across it. The
// Chinese clause marks ，。；！？、 (and the half-width ｡ ､), the ASCII
// , ; ! ?, and line and paragraph breaks (LF, VT, FF, CR, NEL, U+2028,
// U+2029). Other separators — spaces, zero-width and format characters,
// dots, symbols — are skipped inside a phrase, so that evasions match.
func clauseBreak(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiBreak[r]
	}
	switch r {
	case '，', '。', '；', '！', '？', '、', '｡', '､', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// decodeRune decodes the rune at text[bi:] as utf8.DecodeRuneInString
// does (an invalid byte is U+FFFD, one byte wide), with the ASCII and
// three-byte forms — Chinese text — decoded inline.
func decodeRune(text string, bi int) (rune, int) {
	c := text[bi]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xF0 == 0xE0 && bi+2 < len(text) {
		c1, c2 := text[bi+1], text[bi+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(text[bi:])
}

// missingPoints returns the indexes of the points text lacks: a link
// exactly as given, a product name or key message folded.
func (c *Checker) missingPoints(text string, points []Point) []int {
	var folded, point []byte
	var missing []int
	for i, p := range points {
		if p.Kind == PointLink {
			if !strings.Contains(text, p.Text) {
				missing = append(missing, i)
			}
			continue
		}
		if folded == nil {
			folded = foldAppend(make([]byte, 0, len(text)), text)
		}
		point = foldAppend(point[:0], p.Text)
		if !bytes.Contains(folded, point) {
			missing = append(missing, i)
		}
	}
	return missing
}
