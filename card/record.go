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

// FromRecord rebuilds a card from its stored form (rehydration). It checks
// the invariants every operation keeps — a valid creator id, valid basic
// information, the editable items within their limits, contacts in
// normalised form, hideable items only, a well-formed virtual number
// different from the phone, a history within MaxHistory — and refuses a
// record that breaks one with ErrRecordInvalid (wrapping the rule broken).
// It does not re-run the phone-in-public-field check: views mask the
// number wherever it appears (CRD-3), whatever the store holds. Texts may
// hold the bidi controls earlier versions accepted (edits refuse them
// now): such a record still loads, and views for others drop them.
func FromRecord(r Record) (*Card, error) {
	bad := func(err error, problem, problemZH string) (*Card, error) {
		return nil, ErrRecordInvalid.Wrap(err, starmap.Arg("id", clip(r.CreatorID)), starmap.LabeledArg("problem", problemZH, problem))
	}
	if err := starmap.ValidateID("creator id", r.CreatorID); err != nil {
		return bad(err, "creator id", "达人编号无效")
	}
	if err := r.Basic.check(true); err != nil {
		return bad(err, "basic information", "基础信息有误")
	}
	if s, err := validateIntroduction(r.Introduction, true); err != nil || s != r.Introduction {
		return bad(err, "introduction", "达人介绍有误或首尾有空白")
	}
	cs, err := validateCollaborations(r.Collaborations, true)
	if err != nil || len(cs) != len(r.Collaborations) {
		return bad(err, "collaborations", "历史合作有误")
	}
	for i := range cs {
		if cs[i] != r.Collaborations[i] {
			return bad(nil, "collaborations not trimmed", "历史合作首尾有空白")
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
		var n string
		var err error
		if kv.m == Feishu {
			// A bare home-page link was accepted before it was refused;
			// such a record must still load (and can be edited away).
			n, err = validateFeishu(kv.v, false)
		} else {
			n, err = ValidateContact(kv.m, kv.v)
		}
		if err != nil || n != kv.v {
			// The value is shown with the real number masked: error
			// messages end up in logs (CRD-3).
			shown := redactPhone(clip(kv.v), r.Phone)
			if kv.m == Phone {
				shown = MaskPhone(kv.v)
			}
			return bad(err, fmt.Sprintf("%s %q not in normalised form", kv.m, shown),
				fmt.Sprintf("%s“%s”不是规范格式", kv.m.Item().Label(starmap.ZH), shown))
		}
		c.contacts[kv.m] = n
	}
	for i, it := range r.Hidden {
		if !it.Hideable() {
			return bad(nil, fmt.Sprintf("hidden item %s (%d) cannot be hidden", it, it),
				fmt.Sprintf("信息项%s(编号%d)不可隐藏", it.Label(starmap.ZH), it))
		}
		if i > 0 && r.Hidden[i-1] >= it {
			return bad(nil, "hidden items not in ascending order", "隐藏项未按升序排列")
		}
		c.hidden |= 1 << it
	}
	if r.VirtualNumber != "" {
		n, err := NormalizePhone(r.VirtualNumber)
		if err != nil || n != r.VirtualNumber {
			return bad(err, fmt.Sprintf("virtual number %q not in normalised form", clip(r.VirtualNumber)),
				fmt.Sprintf("虚拟号“%s”不是规范格式", clip(r.VirtualNumber)))
		}
		if n == r.Phone {
			return bad(nil, "virtual number is the real number", "虚拟号与真实手机号相同")
		}
		c.virtual = n
	}
	if len(r.History) > MaxHistory || r.HistoryDropped < 0 {
		return bad(nil, fmt.Sprintf("history of %d changes (at most %d), %d dropped", len(r.History), MaxHistory, r.HistoryDropped),
			fmt.Sprintf("变更记录%d条(最多%d条),已丢弃%d条", len(r.History), MaxHistory, r.HistoryDropped))
	}
	if r.CreatedAt.IsZero() || r.UpdatedAt.Before(r.CreatedAt) {
		return bad(nil, fmt.Sprintf("timestamps: created %s, updated %s", r.CreatedAt.Format(time.RFC3339), r.UpdatedAt.Format(time.RFC3339)),
			fmt.Sprintf("时间有误:创建于%s,更新于%s", r.CreatedAt.Format(time.RFC3339), r.UpdatedAt.Format(time.RFC3339)))
	}
	return c, nil
}
