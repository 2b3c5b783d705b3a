package card

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
)

// Edit is a set of changes the creator saves at once, as the edit page
// does: build it with its methods (each returns the Edit, to chain) and
// apply it with Card.Apply. Only the editable items can be set — the
// basic information has no setter, so an edit cannot touch it (CRD-1).
// The zero Edit changes nothing.
type Edit struct {
	intro       *string
	collabs     *[]Collaboration
	contacts    [Email + 1]*string
	badMethods  []ContactMethod
	hide        map[Item]bool // item → hidden after the edit
	showVirtual *bool
}

// NewEdit returns an empty Edit.
func NewEdit() *Edit { return &Edit{} }

// SetIntroduction sets the introduction; "" clears it.
func (e *Edit) SetIntroduction(s string) *Edit { e.intro = &s; return e }

// SetCollaborations replaces the past collaborations; none clears them.
func (e *Edit) SetCollaborations(cs ...Collaboration) *Edit {
	cp := append([]Collaboration(nil), cs...)
	e.collabs = &cp
	return e
}

// SetContact sets a contact method; "" (or white space) clears it.
func (e *Edit) SetContact(m ContactMethod, value string) *Edit {
	if !m.Valid() {
		e.badMethods = append(e.badMethods, m)
		return e
	}
	e.contacts[m] = &value
	return e
}

// ClearContact empties a contact method (its icon turns grey).
func (e *Edit) ClearContact(m ContactMethod) *Edit { return e.SetContact(m, "") }

// Hide hides items from everyone but the owner (CRD-4).
func (e *Edit) Hide(items ...Item) *Edit { return e.setHidden(true, items) }

// Unhide shows hidden items again.
func (e *Edit) Unhide(items ...Item) *Edit { return e.setHidden(false, items) }

func (e *Edit) setHidden(h bool, items []Item) *Edit {
	if e.hide == nil {
		e.hide = map[Item]bool{}
	}
	for _, it := range items {
		e.hide[it] = h
	}
	return e
}

// ShowVirtualNumber turns showing the virtual number to others on or off
// (我的手机号-隐私保护, CRD-3).
func (e *Edit) ShowVirtualNumber(on bool) *Edit { e.showVirtual = &on; return e }

// IsEmpty reports whether the edit sets nothing.
func (e *Edit) IsEmpty() bool {
	if e == nil {
		return true
	}
	for _, p := range e.contacts {
		if p != nil {
			return false
		}
	}
	return e.intro == nil && e.collabs == nil && len(e.badMethods) == 0 && len(e.hide) == 0 && e.showVirtual == nil
}

// The free-text fields an edit sets (starmap.TextField). The card's own
// limits (MaxIntroductionRunes, MaxBrandRunes, MaxDescriptionRunes) are
// narrower than their kinds'.
var (
	introductionField = starmap.TextField{ZH: "达人介绍", EN: "introduction", Kind: starmap.TextBody}
	brandField        = starmap.TextField{ZH: "历史合作的品牌", EN: "brand of a past collaboration", Kind: starmap.TextLine}
	descriptionField  = starmap.TextField{ZH: "历史合作的内容", EN: "description of a past collaboration", Kind: starmap.TextNote}
)

// ValidateIntroduction checks an introduction and returns it trimmed of
// surrounding white space: valid multi-line text (starmap.ErrTextInvalid:
// valid UTF-8, no control characters but line breaks and tabs, no bidi
// controls) of at most MaxIntroductionRunes characters
// (ErrIntroductionTooLong).
func ValidateIntroduction(s string) (string, error) { return validateIntroduction(s, false) }

// validateIntroduction is ValidateIntroduction; stored true tolerates the
// bidi controls earlier versions stored (FromRecord).
func validateIntroduction(s string, stored bool) (string, error) {
	if err := introductionField.Validate(textOf(s, stored)); err != nil {
		return "", err
	}
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(textOf(s, stored)); n > MaxIntroductionRunes {
		return "", ErrIntroductionTooLong.New(starmap.Arg("max", MaxIntroductionRunes), starmap.Arg("got", n))
	}
	return s, nil
}

// textOf is the text a validator checks: s itself, or for a stored record
// s without the bidi controls earlier versions let through.
func textOf(s string, stored bool) string {
	if stored {
		return stripBidi(s)
	}
	return s
}

// ValidateCollaborations checks past collaborations and returns them with
// surrounding white space trimmed: at most MaxCollaborations entries
// (ErrCollaborationsTooMany); each brand one line of valid text
// (starmap.ErrTextInvalid) of 1–MaxBrandRunes characters, each description
// valid multi-line text of at most MaxDescriptionRunes
// (ErrCollaborationInvalid). It reports every bad entry.
func ValidateCollaborations(cs []Collaboration) ([]Collaboration, error) {
	return validateCollaborations(cs, false)
}

func validateCollaborations(cs []Collaboration, stored bool) ([]Collaboration, error) {
	if len(cs) > MaxCollaborations {
		return nil, ErrCollaborationsTooMany.New(starmap.Arg("max", MaxCollaborations), starmap.Arg("got", len(cs)))
	}
	out := make([]Collaboration, 0, len(cs))
	var errs []error
	for i, c := range cs {
		n := strconv.Itoa(i + 1)
		bad := func(p string) {
			errs = append(errs, ErrCollaborationInvalid.New(starmap.Arg("index", n), problem(p)))
		}
		// The text error names the entry: "第2条历史合作的品牌无效:…".
		bf, df := brandField, descriptionField
		bf.ZH, bf.EN = "第"+n+"条"+bf.ZH, bf.EN+" #"+n
		df.ZH, df.EN = "第"+n+"条"+df.ZH, df.EN+" #"+n
		if err := bf.Validate(textOf(c.Brand, stored)); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := df.Validate(textOf(c.Description, stored)); err != nil {
			errs = append(errs, err)
			continue
		}
		c.Brand, c.Description = strings.TrimSpace(c.Brand), strings.TrimSpace(c.Description)
		switch {
		case c.Brand == "":
			bad("brand is empty")
		case utf8.RuneCountInString(textOf(c.Brand, stored)) > MaxBrandRunes:
			bad("brand too long")
		case utf8.RuneCountInString(textOf(c.Description, stored)) > MaxDescriptionRunes:
			bad("description too long")
		default:
			out = append(out, c)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// draft is the editable state a decision works on.
type draft struct {
	intro       string
	collabs     []Collaboration
	contacts    [Email + 1]string
	hidden      uint16
	showVirtual bool
}

// Apply carries out an edit by the card's creator (CRD-4): edits are
// unlimited in number and take effect at once — there is no review and no
// monthly quota. Every field set is validated and every problem reported
// (errors.Join of coded errors); a refused edit changes nothing.
//
// Besides the format rules, an edit is refused with ErrPhoneInPublicField
// when it would put the real mobile number into a field others can see
// (the introduction, a collaboration, Feishu, WeChat, e-mail), in any of
// the forms the package doc lists: the number is the owner's alone
// (CRD-3). Fields the edit does not touch are checked too when the edit
// changes the phone.
//
// One change per item that actually changes is recorded and returned as
// an event; setting an item to its current value records nothing. A nil
// Edit changes nothing.
func (c *Card) Apply(by starmap.Actor, now time.Time, e *Edit) ([]starmap.Event, error) {
	if err := c.opened(now); err != nil {
		return nil, err
	}
	if err := c.checkOwner(by); err != nil {
		return nil, err
	}
	if e.IsEmpty() {
		return nil, nil
	}
	d := draft{intro: c.intro, collabs: c.collabs, contacts: c.contacts, hidden: c.hidden, showVirtual: c.showVirtual}
	var errs []error
	for _, m := range e.badMethods {
		errs = append(errs, ErrContactMethodUnknown.New(m.param()))
	}
	// A refused value stays in the draft as entered (or, for the phone, the
	// current number stays): the draft is then never saved, but the
	// privacy check below still sees it, so that every problem is reported
	// at once.
	if e.intro != nil {
		s, err := ValidateIntroduction(*e.intro)
		if err != nil {
			errs, s = append(errs, err), *e.intro
		}
		d.intro = s
	}
	if e.collabs != nil {
		cs, err := ValidateCollaborations(*e.collabs)
		if err != nil {
			errs, cs = append(errs, err), *e.collabs
			if len(cs) > MaxCollaborations {
				cs = cs[:MaxCollaborations] // refused anyway; bound the scan
			}
		}
		d.collabs = cs
	}
	for _, m := range contactMethods {
		p := e.contacts[m]
		if p == nil {
			continue
		}
		if strings.TrimSpace(*p) == "" {
			d.contacts[m] = ""
			continue
		}
		v, err := ValidateContact(m, *p)
		if err == nil && m == Phone && v == c.virtual {
			err = ErrPhoneIsVirtualNumber.New()
		}
		if err != nil {
			errs = append(errs, err)
			if m != Phone {
				d.contacts[m] = *p
			}
			continue
		}
		d.contacts[m] = v
	}
	for _, it := range sortedItems(e.hide) {
		if !it.Valid() {
			errs = append(errs, ErrItemUnknown.New(it.param("item")))
			continue
		}
		if !it.Hideable() {
			errs = append(errs, it.notHideable())
			continue
		}
		if e.hide[it] {
			d.hidden |= 1 << it
		} else {
			d.hidden &^= 1 << it
		}
	}
	if e.showVirtual != nil {
		d.showVirtual = *e.showVirtual
	}
	errs = append(errs, d.leaks(e, c.contacts[Phone] != d.contacts[Phone])...)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	chs := c.diff(d, by, now)
	if len(chs) == 0 {
		return nil, nil
	}
	c.intro, c.collabs, c.contacts, c.hidden, c.showVirtual = d.intro, d.collabs, d.contacts, d.hidden, d.showVirtual
	c.touch(now)
	return c.record(chs), nil
}

// sortedItems lists the edit's items in order, so that errors come out
// the same way every time.
func sortedItems(m map[Item]bool) []Item { return slices.Sorted(maps.Keys(m)) }

// maxLeakScan bounds the texts the privacy check reads, in bytes: far
// above anything a field accepts (an introduction of MaxIntroductionRunes
// is at most 2,000 bytes, the longest free text 80,000), so a text over it
// is refused anyway, and a 10 MiB refusal costs no scan.
const maxLeakScan = 4 * 20000

// leaks reports the public fields of d that hold the real phone: those the
// edit sets, or all of them when the phone changed.
func (d *draft) leaks(e *Edit, phoneChanged bool) []error {
	phone := d.contacts[Phone]
	if phone == "" {
		return nil
	}
	holds := func(s string) bool { return len(s) <= maxLeakScan && containsPhone(s, phone) }
	var errs []error
	leak := func(it Item) {
		errs = append(errs, ErrPhoneInPublicField.New(it.param("field")))
	}
	if (phoneChanged || e.intro != nil) && holds(d.intro) {
		leak(ItemIntroduction)
	}
	if phoneChanged || e.collabs != nil {
		for _, cb := range d.collabs {
			if holds(cb.Brand) || holds(cb.Description) {
				leak(ItemCollaborations)
				break
			}
		}
	}
	for _, m := range [...]ContactMethod{Feishu, WeChat, Email} {
		if (phoneChanged || e.contacts[m] != nil) && holds(d.contacts[m]) {
			leak(m.Item())
		}
	}
	return errs
}

// diff lists the changes from c to d.
func (c *Card) diff(d draft, by starmap.Actor, now time.Time) []Change {
	var chs []Change
	add := func(it Item, before, after string) {
		if before != after {
			chs = append(chs, Change{At: now, Actor: by, Kind: ChangeEdited, Item: it, Before: before, After: after})
		}
	}
	// Texts are recorded with the real number masked wherever it appears —
	// the number the card has after the edit and the one it had before
	// (CRD-3): the history and the events are not a way around it.
	redact := phoneRedactor(c.contacts[Phone], d.contacts[Phone])
	addText := func(it Item, before, after string) {
		if before == after {
			return
		}
		rb, ra := redact(before), redact(after)
		if rb == ra {
			ra += " (changed)"
		}
		add(it, rb, ra)
	}
	addText(ItemIntroduction, c.intro, d.intro)
	if !slices.Equal(c.collabs, d.collabs) {
		addText(ItemCollaborations, collabText(redactCollabs(c.collabs, redact)), collabText(redactCollabs(d.collabs, redact)))
	}
	for _, m := range contactMethods {
		before, after := c.contacts[m], d.contacts[m]
		if m == Phone {
			before, after = maskOrEmpty(before), maskOrEmpty(after)
			if c.contacts[m] != d.contacts[m] && before == after {
				after += " (changed)"
			}
			add(m.Item(), before, after)
			continue
		}
		addText(m.Item(), before, after)
	}
	for it := ItemAvatar; it < itemEnd; it++ {
		add(it, hiddenText(c.hidden, it), hiddenText(d.hidden, it))
	}
	add(ItemVirtualNumber, onOff(c.showVirtual), onOff(d.showVirtual))
	return chs
}

// phoneRedactor returns a function that masks each of the given phone
// numbers wherever it appears in a text (redactPhone).
func phoneRedactor(phones ...string) func(string) string {
	return func(s string) string {
		for _, p := range phones {
			s = redactPhone(s, p)
		}
		return s
	}
}

// redactCollabs masks the phone in collaborations before they are
// rendered for history (after JSON escaping, a line break inside a number
// would read as a letter and hide it).
func redactCollabs(cs []Collaboration, redact func(string) string) []Collaboration {
	out := make([]Collaboration, len(cs))
	for i, cb := range cs {
		out[i] = Collaboration{Brand: redact(cb.Brand), Description: redact(cb.Description)}
	}
	return out
}

func maskOrEmpty(p string) string {
	if p == "" {
		return ""
	}
	return MaskPhone(p)
}

func hiddenText(h uint16, it Item) string {
	if h&(1<<it) != 0 {
		return "hidden"
	}
	return "shown"
}

func onOff(b bool) string {
	if b {
		return "virtual number shown"
	}
	return "virtual number not shown"
}

// collabText renders collaborations for history unambiguously (as JSON),
// so that two different lists never look the same.
func collabText(cs []Collaboration) string {
	if len(cs) == 0 {
		return ""
	}
	b, err := json.Marshal(cs)
	if err != nil { // cannot happen: strings only
		return fmt.Sprint(cs)
	}
	return string(b)
}
