package card

import (
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
)

// Record is the stored form of a card: what a Store keeps and returns.
// Build one with Card.Record and turn it back with FromRecord; hosts map
// its fields to columns or a document. Contacts hold normalised values;
// Hidden lists the hidden items in ascending order.
type Record struct {
	CreatorID string
	// Version is the stored version (see the package's store contract).
	Version        uint64
	Basic          Basic
	SyncedAt       time.Time
	Introduction   string
	Collaborations []Collaboration
	Phone          string
	Feishu         string
	WeChat         string
	Email          string
	Hidden         []Item
	// ShowVirtualNumber is the creator's switch; VirtualNumber the
	// platform's number ("" if none assigned).
	ShowVirtualNumber bool
	VirtualNumber     string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	// History holds the kept changes, oldest first; HistoryDropped counts
	// older changes no longer kept (MaxHistory).
	History        []Change
	HistoryDropped int
}

// Clone returns a deep copy of r: stores use it so that nobody shares
// memory with them.
func (r Record) Clone() Record {
	r.Collaborations = append([]Collaboration(nil), r.Collaborations...)
	r.Hidden = append([]Item(nil), r.Hidden...)
	r.History = append([]Change(nil), r.History...)
	return r
}

// Record returns the card's stored form, with the version it was loaded at.
func (c *Card) Record() Record {
	r := Record{
		CreatorID: c.creatorID, Version: c.version, Basic: c.basic, SyncedAt: c.syncedAt,
		Introduction: c.intro, Collaborations: append([]Collaboration(nil), c.collabs...),
		Phone: c.contacts[Phone], Feishu: c.contacts[Feishu], WeChat: c.contacts[WeChat], Email: c.contacts[Email],
		ShowVirtualNumber: c.showVirtual, VirtualNumber: c.virtual,
		CreatedAt: c.createdAt, UpdatedAt: c.updatedAt,
		History: append([]Change(nil), c.history...), HistoryDropped: c.dropped,
	}
	for it := ItemAvatar; it < itemEnd; it++ {
		if c.hidden&(1<<it) != 0 {
			r.Hidden = append(r.Hidden, it)
		}
	}
	return r
}

// ErrRecordInvalid is a stored record that breaks the card's invariants:
// the store or a migration handed back something no operation could have
// produced.
var ErrRecordInvalid = starmap.NewRule("card.record.invalid", starmap.ErrInvalid,
	"名片记录 {id} 无效:{problem}", "card record {id} is invalid: {problem}")

// FromRecord rebuilds a card from its stored form (rehydration). It checks
// the invariants every operation keeps — a valid creator id, valid basic
// information, the editable items within their limits, contacts in
// normalised form, hideable items only, a well-formed virtual number
// different from the phone, a history within MaxHistory — and refuses a
// record that breaks one with ErrRecordInvalid (wrapping the rule broken).
// It does not re-run the phone-in-public-field check: views mask the
// number wherever it appears (CRD-3), whatever the store holds.
func FromRecord(r Record) (*Card, error) {
	bad := func(err error, problem string) (*Card, error) {
		return nil, ErrRecordInvalid.Wrap(err, starmap.P("id", r.CreatorID), starmap.P("problem", problem))
	}
	if err := starmap.ValidateID("creator id", r.CreatorID); err != nil {
		return bad(err, "creator id")
	}
	if err := r.Basic.Validate(); err != nil {
		return bad(err, "basic information")
	}
	if s, err := ValidateIntroduction(r.Introduction); err != nil || s != r.Introduction {
		return bad(err, "introduction")
	}
	cs, err := ValidateCollaborations(r.Collaborations)
	if err != nil || len(cs) != len(r.Collaborations) {
		return bad(err, "collaborations")
	}
	for i := range cs {
		if cs[i] != r.Collaborations[i] {
			return bad(nil, "collaborations not trimmed")
		}
	}
	c := &Card{
		creatorID: r.CreatorID, version: r.Version, basic: r.Basic, syncedAt: r.SyncedAt,
		intro: r.Introduction, collabs: cs, showVirtual: r.ShowVirtualNumber,
		createdAt: r.CreatedAt, updatedAt: r.UpdatedAt,
		history: append([]Change(nil), r.History...), dropped: r.HistoryDropped,
	}
	for _, kv := range [...]struct {
		m ContactMethod
		v string
	}{{Phone, r.Phone}, {Feishu, r.Feishu}, {WeChat, r.WeChat}, {Email, r.Email}} {
		if kv.v == "" {
			continue
		}
		n, err := ValidateContact(kv.m, kv.v)
		if err != nil || n != kv.v {
			return bad(err, fmt.Sprintf("%s not in normalised form", kv.m))
		}
		c.contacts[kv.m] = n
	}
	for i, it := range r.Hidden {
		if ok, _, _ := it.Hideable(); !ok {
			return bad(nil, "hidden item "+it.String()+" cannot be hidden")
		}
		if i > 0 && r.Hidden[i-1] >= it {
			return bad(nil, "hidden items not in ascending order")
		}
		c.hidden |= 1 << it
	}
	if r.VirtualNumber != "" {
		n, err := NormalizePhone(r.VirtualNumber)
		if err != nil || n != r.VirtualNumber {
			return bad(err, "virtual number not in normalised form")
		}
		if n == r.Phone {
			return bad(nil, "virtual number is the real number")
		}
		c.virtual = n
	}
	if len(r.History) > MaxHistory || r.HistoryDropped < 0 {
		return bad(nil, "history longer than MaxHistory")
	}
	if r.CreatedAt.IsZero() || r.UpdatedAt.Before(r.CreatedAt) {
		return bad(nil, "timestamps")
	}
	return c, nil
}
