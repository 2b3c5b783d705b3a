package card

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
)

// Length limits of the card's fields, in characters (runes) unless said
// otherwise. The seed gives none; these are the package's decisions.
const (
	// MaxIntroductionRunes bounds the creator introduction (达人介绍).
	MaxIntroductionRunes = 500
	// MaxCollaborations bounds the number of past collaborations (历史合作).
	MaxCollaborations = 20
	// MaxBrandRunes bounds the brand (or advertiser) of one collaboration.
	MaxBrandRunes = 50
	// MaxDescriptionRunes bounds the description of one collaboration.
	MaxDescriptionRunes = 200
	// MaxNicknameRunes, MaxLocationRunes bound synced basic information.
	MaxNicknameRunes = 64
	MaxLocationRunes = 64
	// MaxDouyinIDLen bounds the Douyin id, in bytes.
	MaxDouyinIDLen = 64
	// MaxAvatarLen bounds the avatar URL, in bytes.
	MaxAvatarLen = 2048
	// MaxHistory is how many changes a card keeps; older ones are dropped
	// (and counted) so that unlimited edits (CRD-4) cannot grow a record
	// without bound. Every change is also returned as an event.
	MaxHistory = 200
)

// Basic is the card's basic information (基础信息), copied from the
// creator's Douyin account (CRD-1): it changes only by a sync from the
// account, never by an edit.
type Basic struct {
	// Avatar is the URL of the account's avatar (http or https), or "".
	Avatar string `json:"avatar"`
	// Nickname is the account's nickname; required.
	Nickname string `json:"nickname"`
	// DouyinID is the account's Douyin id (抖音号); required.
	DouyinID string `json:"douyin_id"`
	// Location is the account's location (所在地), or "".
	Location string `json:"location"`
}

// The free-text fields of basic information (starmap.TextField): one line
// each. The card's own limits (MaxNicknameRunes, MaxLocationRunes) are
// narrower than a line's.
var (
	nicknameField = starmap.TextField{ZH: "昵称", EN: "nickname", Kind: starmap.TextLine}
	locationField = starmap.TextField{ZH: "所在地", EN: "location", Kind: starmap.TextLine}
)

// Validate reports every problem of b (errors.Join): starmap.ErrTextInvalid
// for a nickname or location that is not valid one-line text (invalid
// UTF-8, control or bidi control characters), ErrBasicInvalid for the
// card's own limits — nickname and Douyin id required, the lengths above,
// no surrounding white space, a Douyin id without white space, control or
// format characters (Unicode Cf), the avatar an absolute http(s) URL.
func (b Basic) Validate() error { return b.check(false) }

// check is Validate; stored true is the check of a stored record
// (FromRecord), which tolerates the bidi controls that earlier versions
// accepted in texts and Douyin ids (views for others drop them, CRD-3).
func (b Basic) check(stored bool) error {
	var errs []error
	bad := func(it Item, p string) {
		errs = append(errs, ErrBasicInvalid.New(it.param("field"), problem(p)))
	}
	if b.Avatar != "" {
		switch {
		case len(b.Avatar) > MaxAvatarLen:
			bad(ItemAvatar, "longer than 2048 bytes")
		case !isHTTPURL(b.Avatar):
			bad(ItemAvatar, "not an absolute http(s) URL")
		}
	}
	checkLine := func(it Item, f starmap.TextField, s string, maxRunes int, required bool) {
		text := s
		if stored {
			text = stripBidi(s)
		}
		if err := f.Validate(text); err != nil {
			errs = append(errs, err)
			return
		}
		switch {
		case s == "" && required:
			bad(it, "empty")
		case utf8.RuneCountInString(text) > maxRunes:
			bad(it, "too long")
		case s != strings.TrimSpace(s):
			bad(it, "surrounding white space")
		}
	}
	checkLine(ItemNickname, nicknameField, b.Nickname, MaxNicknameRunes, true)
	checkLine(ItemLocation, locationField, b.Location, MaxLocationRunes, false)
	invisible := func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || !stored && unicode.Is(unicode.Cf, r)
	}
	switch {
	case b.DouyinID == "":
		bad(ItemDouyinID, "empty")
	case len(b.DouyinID) > MaxDouyinIDLen:
		bad(ItemDouyinID, "longer than 64 bytes")
	case !utf8.ValidString(b.DouyinID) || strings.IndexFunc(b.DouyinID, invisible) >= 0:
		bad(ItemDouyinID, "white space, control or invisible format characters, or invalid UTF-8")
	}
	return errors.Join(errs...)
}

func isHTTPURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(s, "http://")
	}
	if !ok || rest == "" || rest[0] == '/' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// Collaboration is one past collaboration (历史合作) the creator lists.
type Collaboration struct {
	// Brand is the brand or advertiser worked with: 1–MaxBrandRunes
	// characters, one line.
	Brand string `json:"brand"`
	// Description says what was made (optional): at most
	// MaxDescriptionRunes characters, line breaks allowed.
	Description string `json:"description,omitempty"`
}

// Item is one piece of information on the card: what can be hidden
// (CRD-4), what history records, what completeness weighs (CRD-6).
type Item uint8

const (
	ItemAvatar Item = iota + 1
	ItemNickname
	ItemDouyinID
	ItemLocation
	ItemIntroduction
	ItemCollaborations
	ItemPhone
	ItemFeishu
	ItemWeChat
	ItemEmail
	// ItemVirtualNumber is the platform's virtual number and the creator's
	// switch to show it (CRD-3).
	ItemVirtualNumber
	itemEnd
)

// itemText is the one bilingual table of items: String's stable name,
// and Label's wording in zh-CN (the platform's) and English.
var itemText = [...]enumText{
	{"unknown-item", "未知信息项", "unknown item"},
	ItemAvatar:         {"avatar", "头像", "avatar"},
	ItemNickname:       {"nickname", "昵称", "nickname"},
	ItemDouyinID:       {"douyin_id", "抖音号", "Douyin id"},
	ItemLocation:       {"location", "所在地", "location"},
	ItemIntroduction:   {"introduction", "达人介绍", "introduction"},
	ItemCollaborations: {"collaborations", "历史合作", "past collaborations"},
	ItemPhone:          {"phone", "手机号", "mobile number"},
	ItemFeishu:         {"feishu", "飞书", "Feishu"},
	ItemWeChat:         {"wechat", "微信号", "WeChat id"},
	ItemEmail:          {"email", "邮箱", "e-mail"},
	ItemVirtualNumber:  {"virtual_number", "虚拟号", "virtual number"},
}

// Items lists every item in display order.
func Items() []Item {
	out := make([]Item, 0, itemEnd-1)
	for i := ItemAvatar; i < itemEnd; i++ {
		out = append(out, i)
	}
	return out
}

// Valid reports whether it is a declared item.
func (it Item) Valid() bool { return it >= ItemAvatar && it < itemEnd }

// String names the item in English snake case, a stable name: douyin_id,
// wechat …
func (it Item) String() string { return lookup(itemText[:], int(it)).name }

// Label names the item in lang: 抖音号, 微信号 … as the platform shows
// them; "Douyin id", "WeChat id" … in English.
func (it Item) Label(lang starmap.Lang) string { return lookup(itemText[:], int(it)).label(lang) }

// param is the item as the error parameter name: its stable name, which
// a form can map to its field (and English messages show), and its
// zh-CN label; its number when it is unknown.
func (it Item) param(name string) starmap.Param {
	if it.Valid() {
		return starmap.LabeledArg(name, it.Label(starmap.ZH), it.String())
	}
	return starmap.LabeledArg(name, fmt.Sprintf("编号%d", it), fmt.Sprintf("%s(%d)", it, it))
}

// MarshalText encodes the item by name.
func (it Item) MarshalText() ([]byte, error) { return []byte(it.String()), nil }

// Hideable reports whether the creator may hide the item from others
// (CRD-4). Avatar, nickname and Douyin id cannot be hidden: the card
// itself cannot be switched off and always says whose it is. The phone is
// never shown to others anyway; the virtual number has its own switch
// (Edit.ShowVirtualNumber). Hiding one of them is ErrItemNotHideable, with
// the reason.
func (it Item) Hideable() bool {
	switch it {
	case ItemLocation, ItemIntroduction, ItemCollaborations, ItemFeishu, ItemWeChat, ItemEmail:
		return true
	}
	return false
}

// notHideable is the refusal to hide it, with the reason in both languages.
func (it Item) notHideable() error {
	reason := starmap.LabeledArg("reason", "未知信息项", "unknown item")
	switch it {
	case ItemAvatar, ItemNickname, ItemDouyinID:
		reason = starmap.LabeledArg("reason", "达人名片目前针对全量星图用户开放,暂时不支持指定关闭",
			"the card cannot be switched off; it always shows whose it is")
	case ItemPhone, ItemVirtualNumber:
		reason = starmap.LabeledArg("reason", "填写的手机号仅对自己可见,虚拟号是否对外展示请在“隐私保护”中设置",
			"the phone is visible to you alone; others see the virtual number only if you turn it on")
	}
	return ErrItemNotHideable.New(it.param("item"), reason)
}

// ChangeKind says what kind of operation a change came from.
type ChangeKind uint8

const (
	// ChangeOpened: the card was created from the account.
	ChangeOpened ChangeKind = iota + 1
	// ChangeSynced: basic information changed by a sync from the account.
	ChangeSynced
	// ChangeEdited: the creator edited an editable item, a contact, a
	// hidden flag or the virtual-number switch.
	ChangeEdited
	// ChangeVirtualNumber: the platform assigned or released the virtual
	// number.
	ChangeVirtualNumber
)

// changeText is the one bilingual table of change kinds.
var changeText = [...]enumText{
	{"unknown-change", "未知变更", "unknown change"},
	ChangeOpened:        {"opened", "开通名片", "card opened"},
	ChangeSynced:        {"synced", "同步账号信息", "synced from the account"},
	ChangeEdited:        {"edited", "编辑名片", "edited"},
	ChangeVirtualNumber: {"virtual_number_assigned", "分配虚拟号", "virtual number assigned"},
}

// String names the kind, a stable name: opened, synced, edited,
// virtual_number_assigned.
func (k ChangeKind) String() string { return lookup(changeText[:], int(k)).name }

// Label names the kind in lang: 开通名片, 同步账号信息, 编辑名片, 分配虚拟号.
func (k ChangeKind) Label(lang starmap.Lang) string { return lookup(changeText[:], int(k)).label(lang) }

// MarshalText encodes the kind by name.
func (k ChangeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Change is one entry of a card's history: who changed which item,
// when, from what to what. Phone numbers are recorded masked
// ("138****5678"), and the texts (introduction, collaborations, contacts,
// synced basic information) with the creator's number — the one before
// and the one after the change — masked wherever it appears: the history
// is not a way around CRD-3. A change whose texts differ only in how the
// masked number was written reads "… (changed)".
//
// Actor is a starmap.Actor, whose fields are unexported: a host store
// keeps its Role, ID and Advertiser and rebuilds it with the starmap
// constructors.
type Change struct {
	At     time.Time
	Actor  starmap.Actor
	Kind   ChangeKind
	Item   Item
	Before string
	After  string
}

// EventSyncUnchanged is the type of the event of a sync that found the
// account's basic information as the card has it: only the sync time was
// written.
const EventSyncUnchanged = "card.sync_unchanged"

// Event turns the change into the domain event hosts publish: Type is
// "card." + the kind, Subject the creator, Note the item.
func (ch Change) Event(creatorID string) starmap.Event {
	note := ""
	if ch.Item.Valid() {
		note = ch.Item.String()
	}
	return starmap.Event{Type: "card." + ch.Kind.String(), Subject: creatorID, Actor: ch.Actor,
		At: ch.At, From: ch.Before, To: ch.After, Note: note}
}

// Card is a creator's card (达人名片): basic information synced from the
// account, editable introduction and past collaborations, four contact
// methods, privacy settings, and its history. Make one with Open or
// FromRecord: the changes Apply, Sync and AssignVirtualNumber refuse a nil
// or zero Card with ErrCardNotOpened. A Card is not safe for
// concurrent mutation; the Service serialises changes through its store.
type Card struct {
	creatorID   string
	version     uint64
	basic       Basic
	syncedAt    time.Time
	intro       string
	collabs     []Collaboration
	contacts    [Email + 1]string // indexed by ContactMethod; normalised
	hidden      uint16            // bit per Item
	showVirtual bool
	virtual     string
	createdAt   time.Time
	updatedAt   time.Time
	history     []Change
	dropped     int
}

// Open creates the card of a creator from the account's basic information
// (CRD-1). Every Star Map creator has one; the platform opens it. by must
// be a platform actor.
func Open(by starmap.Actor, now time.Time, creatorID string, basic Basic) (*Card, []starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	if err := checkNow(now); err != nil {
		return nil, nil, err
	}
	if err := starmap.ValidateID("creator id", creatorID); err != nil {
		return nil, nil, err
	}
	if err := basic.Validate(); err != nil {
		return nil, nil, err
	}
	c := &Card{creatorID: creatorID, basic: basic, syncedAt: now, createdAt: now, updatedAt: now}
	evs := c.record([]Change{{At: now, Actor: by, Kind: ChangeOpened, After: basic.Nickname}})
	return c, evs, nil
}

func (c *Card) record(chs []Change) []starmap.Event {
	evs := make([]starmap.Event, len(chs))
	for i, ch := range chs {
		evs[i] = ch.Event(c.creatorID)
	}
	c.history = append(c.history, chs...)
	if over := len(c.history) - MaxHistory; over > 0 {
		// Shift in place: the card owns its history slice (Record,
		// FromRecord and History copy it).
		n := copy(c.history, c.history[over:])
		clear(c.history[n:])
		c.history = c.history[:n]
		c.dropped += over
	}
	return evs
}

// CreatorID returns the id of the creator whose card it is.
func (c *Card) CreatorID() string { return c.creatorID }

// Version returns the stored version the card was loaded at (0 if never
// stored).
func (c *Card) Version() uint64 { return c.version }

// Basic returns the synced basic information.
func (c *Card) Basic() Basic { return c.basic }

// SyncedAt is when basic information was last copied from the account.
func (c *Card) SyncedAt() time.Time { return c.syncedAt }

// UpdatedAt is when the card last changed: the latest clock reading of
// any change (never earlier than the card's opening, never going back
// when a later change comes from a clock that is behind).
func (c *Card) UpdatedAt() time.Time { return c.updatedAt }

// Introduction returns the creator introduction.
func (c *Card) Introduction() string { return c.intro }

// Collaborations returns a copy of the past collaborations.
func (c *Card) Collaborations() []Collaboration { return append([]Collaboration(nil), c.collabs...) }

// Contact returns the stored (normalised) value of a contact method, ""
// when empty. The phone is the real number: show it to its owner only —
// the views (Render, Preview) do that for you.
func (c *Card) Contact(m ContactMethod) string {
	if !m.Valid() {
		return ""
	}
	return c.contacts[m]
}

// Lit reports whether a contact method is filled: its icon is lit, an
// empty one is grey (CRD-2).
func (c *Card) Lit(m ContactMethod) bool { return c.Contact(m) != "" }

// Hidden reports whether the creator hid the item from others.
func (c *Card) Hidden(it Item) bool { return it.Valid() && c.hidden&(1<<it) != 0 }

// VirtualNumber returns the platform's virtual number for the creator, or
// "".
func (c *Card) VirtualNumber() string { return c.virtual }

// VirtualNumberShown reports whether the creator turned on showing the
// virtual number to others (隐私保护, CRD-3).
func (c *Card) VirtualNumberShown() bool { return c.showVirtual }

// History returns a copy of the kept changes, oldest first, and how many
// older ones were dropped (see MaxHistory).
func (c *Card) History() (changes []Change, dropped int) {
	return append([]Change(nil), c.history...), c.dropped
}

// Sync replaces the basic information with the account's (CRD-1): the only
// way it changes. It never touches the editable items, contacts or privacy
// settings. by must be a platform actor (the account sync job). One change
// per basic item that differs is recorded; a sync that changes nothing
// records nothing in the history but still notes the sync time, so it is
// a write and returns its one event, EventSyncUnchanged (OPS-1: every
// committed write has its event in the log).
func (c *Card) Sync(by starmap.Actor, now time.Time, basic Basic) ([]starmap.Event, error) {
	if err := c.opened(now); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return nil, err
	}
	if err := basic.Validate(); err != nil {
		return nil, err
	}
	var chs []Change
	redact := phoneRedactor(c.contacts[Phone])
	add := func(it Item, before, after string) {
		if before != after {
			// The account's data may hold the creator's number (a
			// nickname "小厨13812345678"): record it masked (CRD-3).
			rb, ra := redact(before), redact(after)
			if rb == ra {
				ra += " (changed)"
			}
			chs = append(chs, Change{At: now, Actor: by, Kind: ChangeSynced, Item: it, Before: rb, After: ra})
		}
	}
	add(ItemAvatar, c.basic.Avatar, basic.Avatar)
	add(ItemNickname, c.basic.Nickname, basic.Nickname)
	add(ItemDouyinID, c.basic.DouyinID, basic.DouyinID)
	add(ItemLocation, c.basic.Location, basic.Location)
	c.basic = basic
	c.syncedAt = now
	if len(chs) == 0 {
		return []starmap.Event{{Type: EventSyncUnchanged, Subject: c.creatorID, Actor: by, At: now}}, nil
	}
	c.touch(now)
	return c.record(chs), nil
}

// AssignVirtualNumber records the virtual number (虚拟号) the platform's
// privacy-number service bound to the creator; "" releases it. by must be
// a platform actor. The number must be a mainland mobile number (as
// NormalizePhone accepts) and must not be the creator's real number.
// Whether others see it is the creator's switch (Edit.ShowVirtualNumber).
func (c *Card) AssignVirtualNumber(by starmap.Actor, now time.Time, number string) ([]starmap.Event, error) {
	if err := c.opened(now); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return nil, err
	}
	n := ""
	if strings.TrimSpace(number) != "" {
		var err error
		if n, err = NormalizePhone(number); err != nil {
			return nil, ErrVirtualNumberInvalid.Wrap(err, problem("malformed"))
		}
		if n == c.contacts[Phone] {
			return nil, ErrVirtualNumberInvalid.New(problem("it is the creator's real number"))
		}
	}
	if n == c.virtual {
		return nil, nil
	}
	ch := Change{At: now, Actor: by, Kind: ChangeVirtualNumber, Item: ItemVirtualNumber, Before: c.virtual, After: n}
	c.virtual = n
	c.touch(now)
	return c.record([]Change{ch}), nil
}

// touch notes a change at now. UpdatedAt never goes back: it becomes the
// latest of now, the previous UpdatedAt and CreatedAt, so that a replica
// whose clock is behind the one that wrote the card last still produces a
// record FromRecord accepts (UpdatedAt not before CreatedAt). The history
// entries keep the time of the clock that made them, as reported.
func (c *Card) touch(now time.Time) {
	if now.Before(c.createdAt) {
		now = c.createdAt
	}
	if now.After(c.updatedAt) {
		c.updatedAt = now
	}
}

// opened refuses a nil or zero card — one made by neither Open nor
// FromRecord, which has no creator — and a change at the zero instant.
func (c *Card) opened(now time.Time) error {
	if c == nil || c.creatorID == "" {
		return ErrCardNotOpened.New()
	}
	return checkNow(now)
}

func checkNow(now time.Time) error {
	if now.IsZero() {
		return ErrTimeMissing.New()
	}
	return nil
}

// checkOwner allows the card's own creator only.
func (c *Card) checkOwner(by starmap.Actor) error {
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return err
	}
	if by.ID() != c.creatorID {
		return ErrNotOwner.New(starmap.Arg("actor", by), starmap.Arg("card", c.creatorID))
	}
	return nil
}

// IsOwner reports whether the actor is the card's creator.
func (c *Card) IsOwner(a starmap.Actor) bool {
	return c != nil && a.Validate() == nil && a.Role() == starmap.RoleCreator && a.ID() == c.creatorID
}
