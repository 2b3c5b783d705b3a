package authz

import (
	"strings"

	"github.com/starmap-go/starmap"
)

// PartyKind is the kind of grantee (AUZ-1): a merchant (商家, a shop, named
// by the advertiser's main account) or an agency (机构, an MCN).
type PartyKind uint8

const (
	// Merchant is a shop/merchant, identified by its advertiser main
	// account id.
	Merchant PartyKind = iota + 1
	// Agency is an MCN agency, identified by its MCN id.
	Agency
)

var partyKindNames = names{Merchant: {"merchant", "商家"}, Agency: {"agency", "机构"}}

// String names the kind: merchant or agency.
func (k PartyKind) String() string {
	return partyKindNames.text(uint8(k), starmap.EN, "PartyKind", "未知类型")
}

// Label names the kind in lang: 商家 or 机构 in zh-CN, String in English.
func (k PartyKind) Label(lang starmap.Lang) string {
	return partyKindNames.text(uint8(k), lang, "PartyKind", "未知类型")
}

// Valid reports whether k is a declared kind.
func (k PartyKind) Valid() bool { return k == Merchant || k == Agency }

// Party is a grantee of a creator's data: a merchant or an agency.
type Party struct {
	Kind PartyKind
	ID   string
}

// MerchantParty is the merchant whose advertiser main account is id.
func MerchantParty(id string) Party { return Party{Kind: Merchant, ID: id} }

// AgencyParty is the agency (MCN) id.
func AgencyParty(id string) Party { return Party{Kind: Agency, ID: id} }

// String renders the party as kind:id.
func (p Party) String() string { return p.Kind.String() + ":" + p.ID }

// Label renders the party in lang: 商家 m1 in zh-CN, String in English.
func (p Party) Label(lang starmap.Lang) string {
	if lang != starmap.ZH {
		return p.String()
	}
	return p.Kind.Label(lang) + " " + p.ID
}

// Validate checks the kind and the id.
func (p Party) Validate() error {
	if !p.Kind.Valid() {
		return ErrPartyInvalid.New(starmap.LabeledArg("problem", p.Kind.Label(starmap.ZH), "unknown kind "+p.Kind.String()))
	}
	if err := starmap.ValidateID("grantee id", p.ID); err != nil {
		return ErrPartyInvalid.Wrap(err, starmap.LabeledArg("problem", "编号无效", "bad id"))
	}
	return nil
}

// PartyOf is the party an actor acts for: a merchant for an advertiser's
// main account and its sub-accounts (the main account's id), an agency for
// an MCN; ok is false for creators and the platform.
func PartyOf(a starmap.Actor) (p Party, ok bool) {
	switch a.Role() {
	case starmap.RoleAdvertiser, starmap.RoleAdvertiserSub:
		return Party{Kind: Merchant, ID: a.Advertiser()}, true
	case starmap.RoleMCN:
		return Party{Kind: Agency, ID: a.ID()}, true
	}
	return Party{}, false
}

// GrantKey names an all-sales grant (AUZ-2): one creator, one grantee. A
// pair has at most one grant aggregate for its whole life; grants, revokes
// and renewals are changes of it, so its history holds every period the
// grantee ever held.
type GrantKey struct {
	Creator string
	Grantee Party
}

// String renders the key as creator→kind:id: the Subject of the grant's
// events, and the text a store's list cursor carries. For keys that
// Validate accepts it is one-to-one — ids hold no ':' (starmap.IDSeparators)
// and the kind is one of two names — and ParseGrantKey reads it back.
func (k GrantKey) String() string { return k.Creator + keyArrow + k.Grantee.String() }

const keyArrow = "→"

// ParseGrantKey reads back the text GrantKey.String writes, and validates
// the key; ErrKeyInvalid for any other text.
func ParseGrantKey(s string) (GrantKey, error) {
	head, id, ok := strings.Cut(s, ":")
	if !ok {
		return GrantKey{}, keyTextInvalid("缺少被授权方编号", "no grantee id")
	}
	creator, kind, ok := cutKind(head)
	if !ok {
		return GrantKey{}, keyTextInvalid("缺少被授权方类型", "no grantee kind")
	}
	k := GrantKey{Creator: creator, Grantee: Party{Kind: kind, ID: id}}
	if err := k.Validate(); err != nil {
		return GrantKey{}, ErrKeyInvalid.Wrap(err, starmap.LabeledArg("problem", "编号无效", "bad id"))
	}
	return k, nil
}

// cutKind splits "x→merchant" or "x→agency" into x and the kind.
func cutKind(s string) (string, PartyKind, bool) {
	for _, k := range [...]PartyKind{Merchant, Agency} {
		if rest, ok := strings.CutSuffix(s, keyArrow+k.String()); ok {
			return rest, k, true
		}
	}
	return "", 0, false
}

func keyTextInvalid(zh, en string) error {
	return ErrKeyInvalid.New(starmap.LabeledArg("problem", zh, en))
}

// Label renders the key in lang: 达人 c1 → 商家 m1 in zh-CN, String in
// English.
func (k GrantKey) Label(lang starmap.Lang) string {
	if lang != starmap.ZH {
		return k.String()
	}
	return "达人 " + k.Creator + " → " + k.Grantee.Label(lang)
}

func (k GrantKey) param() starmap.Param {
	return starmap.LabeledArg("id", k.Label(starmap.ZH), k.String())
}

// Validate checks the creator id and the grantee.
func (k GrantKey) Validate() error {
	if err := starmap.ValidateID("creator id", k.Creator); err != nil {
		return err
	}
	return k.Grantee.Validate()
}

// LiveKey names a live-session request and grant (AUZ-3): one creator, one
// live session of theirs, one requesting merchant or agency.
type LiveKey struct {
	Creator string
	Session string
	Grantee Party
}

// String renders the key as creator/session→kind:id (the Subject of the
// request's events). For keys that Validate accepts it is one-to-one — ids
// hold neither '/' nor ':' — and ParseLiveKey reads it back.
func (k LiveKey) String() string {
	return k.Creator + "/" + k.Session + keyArrow + k.Grantee.String()
}

// ParseLiveKey reads back the text LiveKey.String writes, and validates the
// key; ErrKeyInvalid for any other text.
func ParseLiveKey(s string) (LiveKey, error) {
	creator, rest, ok := strings.Cut(s, "/")
	if !ok {
		return LiveKey{}, keyTextInvalid("缺少直播间编号", "no live session id")
	}
	head, id, ok := strings.Cut(rest, ":")
	if !ok {
		return LiveKey{}, keyTextInvalid("缺少被授权方编号", "no grantee id")
	}
	session, kind, ok := cutKind(head)
	if !ok {
		return LiveKey{}, keyTextInvalid("缺少被授权方类型", "no grantee kind")
	}
	k := LiveKey{Creator: creator, Session: session, Grantee: Party{Kind: kind, ID: id}}
	if err := k.Validate(); err != nil {
		return LiveKey{}, ErrKeyInvalid.Wrap(err, starmap.LabeledArg("problem", "编号无效", "bad id"))
	}
	return k, nil
}

// Label renders the key in lang: 达人 c1 直播间 s1 → 商家 m1 in zh-CN,
// String in English.
func (k LiveKey) Label(lang starmap.Lang) string {
	if lang != starmap.ZH {
		return k.String()
	}
	return "达人 " + k.Creator + " 直播间 " + k.Session + " → " + k.Grantee.Label(lang)
}

func (k LiveKey) param() starmap.Param {
	return starmap.LabeledArg("id", k.Label(starmap.ZH), k.String())
}

// Validate checks the ids and the grantee.
func (k LiveKey) Validate() error {
	if err := starmap.ValidateID("creator id", k.Creator); err != nil {
		return err
	}
	if err := starmap.ValidateID("live session id", k.Session); err != nil {
		return err
	}
	return k.Grantee.Validate()
}

// requireOwner checks that by is the creator named.
func requireOwner(by starmap.Actor, creator string) error {
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return err
	}
	if by.ID() != creator {
		return ErrNotOwner.New(actorParam(by), starmap.Arg("creator", creator))
	}
	return nil
}

// actorParam names an actor in both languages: its role's label and its
// id (达人 c2, 广告主子账号 m1/ops-1).
func actorParam(a starmap.Actor) starmap.Param {
	id := a.ID()
	if a.Role() == starmap.RoleAdvertiserSub {
		id = a.Advertiser() + "/" + id
	}
	return starmap.LabeledArg("actor", a.Role().Label(starmap.ZH)+" "+id, a.String())
}
