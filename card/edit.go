package card

import (
	"encoding/json"
	"errors"
	"fmt"
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

// ValidateIntroduction checks an introduction and returns it trimmed of
// surrounding white space: at most MaxIntroductionRunes characters of valid
// UTF-8, line breaks allowed, no other control characters.
func ValidateIntroduction(s string) (string, error) {
	if err := checkText(ItemIntroduction, s, true); err != nil {
		return "", err
	}
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n > MaxIntroductionRunes {
		return "", ErrIntroductionTooLong.New(starmap.Arg("max", MaxIntroductionRunes), starmap.Arg("got", n))
	}
	return s, nil
}

func checkText(it Item, s string, multiline bool) error {
	switch {
	case !utf8.ValidString(s):
		return ErrTextInvalid.New(append(problem("not valid UTF-8"), starmap.Arg("field", it), starmap.Arg("field_zh", it.Label()))...)
	case hasControl(s, multiline):
		return ErrTextInvalid.New(append(problem("control characters"), starmap.Arg("field", it), starmap.Arg("field_zh", it.Label()))...)
	}
	return nil
}

// ValidateCollaborations checks past collaborations and returns them with
// surrounding white space trimmed: at most MaxCollaborations entries; each
// brand 1–MaxBrandRunes characters on one line; each description at most
// MaxDescriptionRunes characters. It reports every bad entry.
func ValidateCollaborations(cs []Collaboration) ([]Collaboration, error) {
	if len(cs) > MaxCollaborations {
		return nil, ErrCollaborationsTooMany.New(starmap.Arg("max", MaxCollaborations), starmap.Arg("got", len(cs)))
	}
	out := make([]Collaboration, 0, len(cs))
	var errs []error
	for i, c := range cs {
		bad := func(p string) {
			errs = append(errs, ErrCollaborationInvalid.New(append(problem(p), starmap.Arg("index", strconv.Itoa(i+1)))...))
		}
		if err := checkText(ItemCollaborations, c.Brand, false); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := checkText(ItemCollaborations, c.Description, true); err != nil {
			errs = append(errs, err)
			continue
		}
		c.Brand, c.Description = strings.TrimSpace(c.Brand), strings.TrimSpace(c.Description)
		switch {
		case c.Brand == "":
			bad("brand is empty")
		case utf8.RuneCountInString(c.Brand) > MaxBrandRunes:
			bad("brand too long")
		case utf8.RuneCountInString(c.Description) > MaxDescriptionRunes:
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
// (the introduction, a collaboration, Feishu, WeChat, e-mail): the number
// is the owner's alone (CRD-3). Fields the edit does not touch are checked
// too when the edit changes the phone.
//
// One change per item that actually changes is recorded and returned as
// an event; setting an item to its current value records nothing.
func (c *Card) Apply(e *Edit, by starmap.Actor, now time.Time) ([]starmap.Event, error) {
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
			errs = append(errs, ErrItemUnknown.New(it.param()))
			continue
		}
		if ok, reason, reasonZH := it.Hideable(); !ok {
			errs = append(errs, ErrItemNotHideable.New(starmap.Arg("item", it), starmap.Arg("item_zh", it.Label()),
				starmap.Arg("reason", reason), starmap.Arg("reason_zh", reasonZH)))
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

func appendErr(errs []error, err error) []error {
	if err != nil {
		return append(errs, err)
	}
	return errs
}

func sortedItems(m map[Item]bool) []Item {
	out := make([]Item, 0, len(m))
	for it := range m {
		out = append(out, it)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// leaks reports the public fields of d that hold the real phone: those the
// edit sets, or all of them when the phone changed.
func (d *draft) leaks(e *Edit, phoneChanged bool) []error {
	phone := d.contacts[Phone]
	if phone == "" {
		return nil
	}
	var errs []error
	leak := func(it Item) {
		errs = append(errs, ErrPhoneInPublicField.New(starmap.Arg("field", it), starmap.Arg("field_zh", it.Label())))
	}
	if (phoneChanged || e.intro != nil) && containsPhone(d.intro, phone) {
		leak(ItemIntroduction)
	}
	if phoneChanged || e.collabs != nil {
		for _, cb := range d.collabs {
			if containsPhone(cb.Brand, phone) || containsPhone(cb.Description, phone) {
				leak(ItemCollaborations)
				break
			}
		}
	}
	for _, m := range [...]ContactMethod{Feishu, WeChat, Email} {
		if (phoneChanged || e.contacts[m] != nil) && containsPhone(d.contacts[m], phone) {
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
