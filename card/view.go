package card

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/starmap-go/starmap"
)

// Audience is who looks at a card (CRD-5): its owner or a third party of
// some kind. Every third party sees the same content; the audience only
// labels the view.
type Audience uint8

const (
	// AudienceOwner is the creator whose card it is.
	AudienceOwner Audience = iota + 1
	// AudienceAdvertiser is an advertiser (main account or sub-account).
	AudienceAdvertiser
	// AudienceMCN is an agency.
	AudienceMCN
	// AudiencePublic is anyone else: another creator, platform staff, or
	// an anonymous reader of a shared link. Preview renders this view.
	AudiencePublic
)

// audienceText is the one bilingual table of audiences.
var audienceText = [...]enumText{
	{"unknown-audience", "未知读者", "unknown audience"},
	AudienceOwner:      {"owner", "名片主人", "owner"},
	AudienceAdvertiser: {"advertiser", "广告主", "advertiser"},
	AudienceMCN:        {"mcn", "MCN机构", "agency"},
	AudiencePublic:     {"public", "公开访客", "public"},
}

// String names the audience, a stable name: owner, advertiser, mcn,
// public.
func (a Audience) String() string { return lookup(audienceText[:], int(a)).name }

// Label names the audience in lang: 名片主人, 广告主, MCN机构, 公开访客.
func (a Audience) Label(lang starmap.Lang) string { return lookup(audienceText[:], int(a)).label(lang) }

// MarshalText encodes the audience by name.
func (a Audience) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// AudienceOf says how viewer sees c: the owner only when viewer is a valid
// creator actor with the card's creator id; an advertiser or MCN by role;
// everyone else — other creators, the platform, the zero Actor (an
// anonymous reader), an invalid actor — the public.
func AudienceOf(c *Card, viewer starmap.Actor) Audience {
	if viewer.Validate() != nil {
		return AudiencePublic
	}
	switch {
	case c.IsOwner(viewer):
		return AudienceOwner
	case viewer.IsAdvertiser():
		return AudienceAdvertiser
	case viewer.Role() == starmap.RoleMCN:
		return AudienceMCN
	}
	return AudiencePublic
}

// ContactView is one contact method as a view shows it: lit with a value,
// or grey (CRD-2).
type ContactView struct {
	Method ContactMethod `json:"method"`
	// Lit is true when the method can be used: for the owner, when it is
	// filled; for others, when it is filled, not hidden, and (for the
	// phone) a virtual number is assigned and shown.
	Lit   bool   `json:"lit"`
	Value string `json:"value,omitempty"`
	// Virtual is true when Value is the platform's virtual number.
	Virtual bool `json:"virtual,omitempty"`
}

// OwnerDetails is what only the owner's view carries: the edit page's
// privacy settings and completeness.
type OwnerDetails struct {
	Hidden             []Item          `json:"hidden,omitempty"`
	VirtualNumber      string          `json:"virtual_number,omitempty"`
	VirtualNumberShown bool            `json:"virtual_number_shown"`
	Completeness       int             `json:"completeness"`
	Sections           []SectionStatus `json:"sections"`
}

// View is a card as one audience sees it. Render makes it; for a third
// party no field of it holds the creator's real mobile number (CRD-3).
type View struct {
	Audience       Audience        `json:"audience"`
	CreatorID      string          `json:"creator_id"`
	Avatar         string          `json:"avatar,omitempty"`
	Nickname       string          `json:"nickname"`
	DouyinID       string          `json:"douyin_id"`
	Location       string          `json:"location,omitempty"`
	Introduction   string          `json:"introduction,omitempty"`
	Collaborations []Collaboration `json:"collaborations,omitempty"`
	// Contacts lists the four methods in display order, lit or grey.
	Contacts []ContactView `json:"contacts"`
	// Owner is set in the owner's view only.
	Owner *OwnerDetails `json:"owner,omitempty"`
}

// Render is the one function that turns a card into what viewer sees
// (CRD-3, CRD-5). The owner sees everything, the real phone number
// included, with the hidden items, the virtual-number switch and the
// completeness figure and sections. Every other viewer — advertiser, MCN,
// public — sees the same third-party view:
//
//   - basic information, minus a hidden location;
//   - the introduction and collaborations unless hidden;
//   - Feishu, WeChat and e-mail unless hidden, lit when filled;
//   - for the phone, the platform's virtual number, lit, only if the
//     creator turned it on, a number is assigned and a real phone is
//     filled; otherwise a grey phone icon. Hidden and empty items look
//     alike (grey or absent), so a hidden item cannot be told apart.
//
// As a last line of defence every text of a third-party view passes
// through a filter that drops bidi controls and masks the real number
// wherever it appears, in every form the package doc lists (separators,
// digits of any script, number signs, Chinese numerals, format characters
// inserted, reversed or reordered display, percent-encoded links) — in
// synced fields (a Douyin id that is the phone number), in stored records
// that escaped the edit checks, in a virtual number equal to the real one
// (then not shown).
func Render(c *Card, viewer starmap.Actor) View {
	return render(c, AudienceOf(c, viewer))
}

func render(c *Card, a Audience) View {
	if c == nil {
		return View{Audience: a}
	}
	if a == AudienceOwner {
		return ownerView(c)
	}
	phone := c.contacts[Phone]
	// Bidi controls go first, so that what is masked is what a reader
	// would see in order; then the number, in any form, is masked.
	clean := func(s string) string { return redactPhone(stripBidi(s), phone) }
	shown := func(it Item) bool { return !c.Hidden(it) }
	v := View{
		Audience:  a,
		CreatorID: clean(c.creatorID),
		Avatar:    clean(c.basic.Avatar),
		Nickname:  clean(c.basic.Nickname),
		DouyinID:  clean(c.basic.DouyinID),
		Contacts:  make([]ContactView, 0, len(contactMethods)),
	}
	if shown(ItemLocation) {
		v.Location = clean(c.basic.Location)
	}
	if shown(ItemIntroduction) {
		v.Introduction = clean(c.intro)
	}
	if shown(ItemCollaborations) && len(c.collabs) > 0 {
		v.Collaborations = make([]Collaboration, len(c.collabs))
		for i, cb := range c.collabs {
			v.Collaborations[i] = Collaboration{Brand: clean(cb.Brand), Description: clean(cb.Description)}
		}
	}
	for _, m := range contactMethods {
		cv := ContactView{Method: m}
		if m == Phone {
			if c.showVirtual && c.virtual != "" && phone != "" && !containsPhone(c.virtual, phone) {
				cv.Lit, cv.Value, cv.Virtual = true, c.virtual, true
			}
		} else if val := c.contacts[m]; val != "" && shown(m.Item()) {
			cv.Lit, cv.Value = true, clean(val)
		}
		v.Contacts = append(v.Contacts, cv)
	}
	return v
}

func ownerView(c *Card) View {
	v := View{
		Audience: AudienceOwner, CreatorID: c.creatorID,
		Avatar: c.basic.Avatar, Nickname: c.basic.Nickname, DouyinID: c.basic.DouyinID, Location: c.basic.Location,
		Introduction: c.intro, Collaborations: c.Collaborations(),
		Contacts: make([]ContactView, 0, len(contactMethods)),
		Owner: &OwnerDetails{VirtualNumber: c.virtual, VirtualNumberShown: c.showVirtual,
			Completeness: c.Completeness(), Sections: c.Sections()},
	}
	for _, m := range contactMethods {
		val := c.contacts[m]
		v.Contacts = append(v.Contacts, ContactView{Method: m, Lit: val != "", Value: val})
	}
	for it := ItemAvatar; it < itemEnd; it++ {
		if c.Hidden(it) {
			v.Owner.Hidden = append(v.Owner.Hidden, it)
		}
	}
	return v
}

// Contact returns the view's line for method m.
func (v View) Contact(m ContactMethod) ContactView {
	for _, cv := range v.Contacts {
		if cv.Method == m {
			return cv
		}
	}
	return ContactView{Method: m}
}

// Text renders the view as labelled lines of plain text, in Chinese as the
// platform shows it: the summary an image share draws, and a readable
// dump for logs and tests. Every value follows its label, so no two values
// run together.
func (v View) Text() string {
	var b strings.Builder
	hidden := func(it Item) string {
		if v.Owner != nil && slices.Contains(v.Owner.Hidden, it) {
			return "(对外隐藏)"
		}
		return ""
	}
	line := func(label, value, suffix string) {
		if value == "" {
			return
		}
		b.WriteString(label)
		b.WriteString(":")
		b.WriteString(strings.ReplaceAll(value, "\n", "\n  "))
		b.WriteString(suffix)
		b.WriteByte('\n')
	}
	line("昵称", v.Nickname, "")
	line("抖音号", v.DouyinID, "")
	line("所在地", v.Location, hidden(ItemLocation))
	line("达人介绍", v.Introduction, hidden(ItemIntroduction))
	for _, cb := range v.Collaborations {
		line("历史合作", cb.Brand, hidden(ItemCollaborations))
		line("合作内容", cb.Description, "")
	}
	for _, cv := range v.Contacts {
		it := cv.Method.Item()
		switch {
		case !cv.Lit && v.Owner != nil:
			b.WriteString(it.Label(starmap.ZH) + ":未填写\n")
		case !cv.Lit:
			// Others cannot tell an empty method from a hidden one or a
			// private phone (CRD-3, CRD-4): 未公开 is true of all three,
			// 未填写 only of the first.
			b.WriteString(it.Label(starmap.ZH) + ":未公开\n")
		case cv.Virtual:
			line(it.Label(starmap.ZH)+"(虚拟号)", cv.Value, "")
		default:
			line(it.Label(starmap.ZH), cv.Value, hidden(it))
		}
	}
	if v.Owner != nil {
		b.WriteString("完善度:" + strconv.Itoa(v.Owner.Completeness) + "%\n")
	}
	return b.String()
}

func (v View) clone() View {
	v.Collaborations = append([]Collaboration(nil), v.Collaborations...)
	v.Contacts = append([]ContactView(nil), v.Contacts...)
	if v.Owner != nil {
		o := *v.Owner
		o.Hidden = append([]Item(nil), o.Hidden...)
		o.Sections = append([]SectionStatus(nil), o.Sections...)
		v.Owner = &o
	}
	return v
}

// PublicView is a card as a third party sees it, and the only thing that
// can be shared (CRD-5). It can be made only by Preview (or the Service),
// never from an owner's View: sharing the owner's view does not compile.
// The zero PublicView holds no card.
type PublicView struct{ v View }

// Preview renders the card as a third party sees it: the preview the edit
// page offers (预览态呈现第三方看名片时的视觉效果) and the source of every
// share. It is Render's third-party view, labelled AudiencePublic.
func Preview(c *Card) PublicView { return PublicView{v: render(c, AudiencePublic)} }

// View returns a copy of the third-party view.
func (p PublicView) View() View { return p.v.clone() }

// Text renders the view as text (View.Text).
func (p PublicView) Text() string { return p.v.Text() }

// MarshalJSON encodes the view as View does.
func (p PublicView) MarshalJSON() ([]byte, error) { return json.Marshal(p.v) }
