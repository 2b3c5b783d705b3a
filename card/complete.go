package card

import "github.com/starmap-go/starmap"

// Section is a part of the card's edit page (CRD-6). Sections marked
// suggested (建议) come first in Sections, so that the creator fills them
// first.
type Section uint8

const (
	// SectionContacts is 联系方式: the four contact methods. Suggested:
	// contacts are what turn attention into orders (商单沟通).
	SectionContacts Section = iota + 1
	// SectionIntroduction is 达人介绍. Suggested.
	SectionIntroduction
	// SectionCollaborations is 历史合作.
	SectionCollaborations
	// SectionBasic is 基础信息, synced from the account (not editable).
	SectionBasic
)

// sectionText is the one bilingual table of sections.
var sectionText = [...]enumText{
	{"unknown-section", "未知栏目", "unknown section"},
	SectionContacts:       {"contacts", "联系方式", "contacts"},
	SectionIntroduction:   {"introduction", "达人介绍", "introduction"},
	SectionCollaborations: {"collaborations", "历史合作", "past collaborations"},
	SectionBasic:          {"basic", "基础信息", "basic information"},
}

// String names the section, a stable name: contacts, introduction,
// collaborations, basic.
func (s Section) String() string { return lookup(sectionText[:], int(s)).name }

// Label is the section's title in lang: 联系方式, 达人介绍 … as the
// platform shows them.
func (s Section) Label(lang starmap.Lang) string { return lookup(sectionText[:], int(s)).label(lang) }

// MarshalText encodes the section by name.
func (s Section) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Suggested reports whether the section carries the 建议 mark.
func (s Section) Suggested() bool { return s == SectionContacts || s == SectionIntroduction }

// Editable reports whether the creator can edit the section (basic
// information comes from the account, CRD-1).
func (s Section) Editable() bool { return s != SectionBasic }

// Weight is how many points of the completeness figure an item is worth
// when filled. They sum to 100, so the figure is a whole percent:
//
//	基础信息 basic        20  avatar 5, nickname 5, Douyin id 5, location 5
//	联系方式 contacts     45  phone 15, Feishu 10, WeChat 10, e-mail 10
//	达人介绍 introduction 20
//	历史合作 collaborations 15 (one entry or more)
//
// The suggested sections weigh 65 together: filling them first raises the
// figure fastest, which is the seed's advice. Hiding an item does not
// lower the figure (the item is still filled); the virtual number is the
// platform's, not the creator's to fill, and weighs nothing.
func (it Item) Weight() int {
	switch it {
	case ItemAvatar, ItemNickname, ItemDouyinID, ItemLocation:
		return 5
	case ItemPhone:
		return 15
	case ItemFeishu, ItemWeChat, ItemEmail:
		return 10
	case ItemIntroduction:
		return 20
	case ItemCollaborations:
		return 15
	}
	return 0
}

// Section returns the section the item belongs to (0 for the virtual
// number, which belongs to none).
func (it Item) Section() Section {
	switch it {
	case ItemAvatar, ItemNickname, ItemDouyinID, ItemLocation:
		return SectionBasic
	case ItemPhone, ItemFeishu, ItemWeChat, ItemEmail:
		return SectionContacts
	case ItemIntroduction:
		return SectionIntroduction
	case ItemCollaborations:
		return SectionCollaborations
	}
	return 0
}

// Filled reports whether the card has a value for the item.
func (c *Card) Filled(it Item) bool {
	switch it {
	case ItemAvatar:
		return c.basic.Avatar != ""
	case ItemNickname:
		return c.basic.Nickname != ""
	case ItemDouyinID:
		return c.basic.DouyinID != ""
	case ItemLocation:
		return c.basic.Location != ""
	case ItemIntroduction:
		return c.intro != ""
	case ItemCollaborations:
		return len(c.collabs) > 0
	case ItemPhone:
		return c.contacts[Phone] != ""
	case ItemFeishu:
		return c.contacts[Feishu] != ""
	case ItemWeChat:
		return c.contacts[WeChat] != ""
	case ItemEmail:
		return c.contacts[Email] != ""
	case ItemVirtualNumber:
		return c.virtual != ""
	}
	return false
}

// Completeness returns the card's completeness figure, 0–100: the sum of
// the weights (Item.Weight) of the filled items. Filling an item never
// lowers it.
func (c *Card) Completeness() int {
	n := 0
	for it := ItemAvatar; it < itemEnd; it++ {
		if c.Filled(it) {
			n += it.Weight()
		}
	}
	return n
}

// SectionStatus is one section of the edit page with what is filled and
// what is missing.
type SectionStatus struct {
	Section Section `json:"section"`
	// Title is the section's title as the platform shows it (zh-CN,
	// Section.Label); Section.Label gives it in other languages.
	Title     string `json:"title"`
	Suggested bool   `json:"suggested"`
	Editable  bool   `json:"editable"`
	// Points is what the filled items earn; Weight what the section can.
	Points  int    `json:"points"`
	Weight  int    `json:"weight"`
	Missing []Item `json:"missing,omitempty"`
}

// Sections returns the edit page's sections, suggested (建议) ones first
// (CRD-6): 联系方式, 达人介绍, then 历史合作, 基础信息.
func (c *Card) Sections() []SectionStatus {
	out := make([]SectionStatus, 0, 4)
	for s := SectionContacts; s <= SectionBasic; s++ {
		st := SectionStatus{Section: s, Title: s.Label(starmap.ZH), Suggested: s.Suggested(), Editable: s.Editable()}
		for it := ItemAvatar; it < itemEnd; it++ {
			if it.Section() != s {
				continue
			}
			st.Weight += it.Weight()
			if c.Filled(it) {
				st.Points += it.Weight()
			} else {
				st.Missing = append(st.Missing, it)
			}
		}
		out = append(out, st)
	}
	return out
}
