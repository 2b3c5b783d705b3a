package starmap

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Role is who an actor is on the platform.
type Role uint8

const (
	// RoleAdvertiser is an advertiser's (merchant's) main account.
	RoleAdvertiser Role = iota + 1
	// RoleAdvertiserSub is a sub-account of an advertiser; it acts for the
	// main account but some things (all-sales data, AUZ-9) are the main
	// account's alone.
	RoleAdvertiserSub
	// RoleCreator is a creator (达人).
	RoleCreator
	// RoleMCN is an agency (MCN机构).
	RoleMCN
	// RolePlatform is the platform's operations and review staff, and the
	// platform's own clock-driven jobs.
	RolePlatform
)

var (
	roleNames   = [...]string{"", "advertiser", "advertiser-sub", "creator", "mcn", "platform"}
	roleNamesZH = [...]string{"", "广告主主账号", "广告主子账号", "达人", "MCN机构", "平台"}
)

// String names the role: advertiser, advertiser-sub, creator, mcn, platform.
func (r Role) String() string {
	if int(r) < len(roleNames) && r != 0 {
		return roleNames[r]
	}
	return "unknown-role"
}

// Label names the role in lang (广告主主账号, 达人 … in zh-CN).
func (r Role) Label(lang Lang) string {
	if !r.Valid() {
		if lang == ZH {
			return "未知角色"
		}
		return r.String()
	}
	if lang == ZH {
		return roleNamesZH[r]
	}
	return roleNames[r]
}

// ParseRole is the inverse of Role.String.
func ParseRole(s string) (Role, error) {
	for r := RoleAdvertiser; r <= RolePlatform; r++ {
		if roleNames[r] == s {
			return r, nil
		}
	}
	return 0, ErrActorInvalid.New(LabeledArg("problem", "未知角色 "+quote(s), "unknown role "+quote(s)))
}

// MarshalText renders the role's name.
func (r Role) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, ErrActorInvalid.New(LabeledArg("problem", "未知角色", "unknown role"))
	}
	return []byte(r.String()), nil
}

// UnmarshalText parses a role's name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Valid reports whether r is one of the declared roles.
func (r Role) Valid() bool { return r >= RoleAdvertiser && r <= RolePlatform }

// MaxIDLen is the longest id accepted for an actor or an account, in bytes.
const MaxIDLen = 128

// Actor is who issues a command: a role and an id. A sub-account also
// names the advertiser (main account) it belongs to. Build actors with the
// constructors and check them with Validate; services reject invalid actors
// with ErrActorInvalid before they look at anything else.
type Actor struct {
	role       Role
	id         string
	advertiser string // RoleAdvertiserSub: the main account's id
}

// NewActor rebuilds an actor from its parts, as stored (Role, ID,
// AdvertiserOf), and validates it. advertiser is the main account's id for
// a sub-account and must be empty for every other role.
func NewActor(role Role, id, advertiser string) (Actor, error) {
	a := Actor{role: role, id: id, advertiser: advertiser}
	if err := a.Validate(); err != nil {
		return Actor{}, err
	}
	return a, nil
}

// AdvertiserActor is an advertiser's main account.
func AdvertiserActor(id string) Actor { return Actor{role: RoleAdvertiser, id: id} }

// SubAccountActor is sub-account subID of advertiser advertiserID.
func SubAccountActor(advertiserID, subID string) Actor {
	return Actor{role: RoleAdvertiserSub, id: subID, advertiser: advertiserID}
}

// CreatorActor is a creator.
func CreatorActor(id string) Actor { return Actor{role: RoleCreator, id: id} }

// MCNActor is an agency.
func MCNActor(id string) Actor { return Actor{role: RoleMCN, id: id} }

// PlatformActor is platform staff or a platform job, named by id
// ("reviewer-17", "scheduler").
func PlatformActor(id string) Actor { return Actor{role: RolePlatform, id: id} }

// Role returns the actor's role.
func (a Actor) Role() Role { return a.role }

// ID returns the actor's own id (for a sub-account, the sub-account's id).
func (a Actor) ID() string { return a.id }

// Advertiser returns the id of the advertiser the actor acts for: its own id
// for a main account, its main account's id for a sub-account, "" for
// anyone else.
func (a Actor) Advertiser() string {
	switch a.role {
	case RoleAdvertiser:
		return a.id
	case RoleAdvertiserSub:
		return a.advertiser
	}
	return ""
}

// AdvertiserOf returns the main account's id of a sub-account, "" for any
// other role: the third part NewActor takes to rebuild the actor.
func (a Actor) AdvertiserOf() string { return a.advertiser }

// IsAdvertiser reports whether the actor is an advertiser's main account or
// one of its sub-accounts.
func (a Actor) IsAdvertiser() bool { return a.role == RoleAdvertiser || a.role == RoleAdvertiserSub }

// IsZero reports whether a is the zero Actor.
func (a Actor) IsZero() bool { return a == Actor{} }

// String renders the actor as role:id, or advertiser-sub:main/sub; for a
// valid actor ParseActor reads it back (ids hold no separator).
func (a Actor) String() string {
	if a.role == RoleAdvertiserSub {
		return a.role.String() + ":" + a.advertiser + "/" + a.id
	}
	return a.role.String() + ":" + a.id
}

// ParseActor reads back the text form String writes, and validates it.
func ParseActor(s string) (Actor, error) {
	roleText, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Actor{}, ErrActorInvalid.New(LabeledArg("problem", "缺少角色", "no role"))
	}
	role, err := ParseRole(roleText)
	if err != nil {
		return Actor{}, ErrActorInvalid.Wrap(err, LabeledArg("problem", "未知角色", "unknown role"))
	}
	advertiser := ""
	if role == RoleAdvertiserSub {
		var ok bool
		if advertiser, rest, ok = strings.Cut(rest, "/"); !ok {
			return Actor{}, ErrActorInvalid.New(LabeledArg("problem", "子账号缺少所属广告主", "sub-account without its advertiser"))
		}
	}
	return NewActor(role, rest, advertiser)
}

// Validate checks the role and the ids: a known role; ids non-empty, at
// most MaxIDLen bytes of valid UTF-8 without spaces or control characters.
func (a Actor) Validate() error {
	if !a.role.Valid() {
		return ErrActorInvalid.New(LabeledArg("problem", "未知角色", "unknown role"))
	}
	if err := ValidateID("actor id", a.id); err != nil {
		return ErrActorInvalid.Wrap(err, LabeledArg("problem", "编号无效", "bad id"))
	}
	if a.role == RoleAdvertiserSub {
		if err := ValidateID("advertiser id", a.advertiser); err != nil {
			return ErrActorInvalid.Wrap(err, LabeledArg("problem", "子账号所属广告主编号无效", "bad advertiser id of sub-account"))
		}
	} else if a.advertiser != "" {
		return ErrActorInvalid.New(LabeledArg("problem", "只有子账号才有所属广告主", "only a sub-account names an advertiser"))
	}
	return nil
}

// IDSeparators are the characters no id may hold, because the SDK's text
// forms of actors and keys (advertiser-sub:main/sub, creator→kind:id) use
// them to join ids: with them out of ids every rendered form reads back one
// way only.
const IDSeparators = ":/|"

// ValidateID checks an identifier: non-empty, at most MaxIDLen bytes of
// valid UTF-8, no white space, no control characters, no invisible
// characters — Unicode format characters (Cf: zero-width spaces and
// joiners, bidi controls, soft hyphens, tag characters), the other
// default-ignorable code points (the combining grapheme joiner, the Hangul
// fillers), variation selectors and the blank braille pattern: each would
// let two ids that look the same differ — and none of IDSeparators. what names the field in the error.
func ValidateID(what, id string) error {
	if plainASCIIID(id) {
		return nil // the common case, checked without decoding runes
	}
	switch {
	case id == "":
		return ErrIDInvalid.New(Arg("what", what), LabeledArg("problem", "为空", "empty"))
	case len(id) > MaxIDLen:
		return ErrIDInvalid.New(Arg("what", what), LabeledArg("problem", "超过128字节", "longer than 128 bytes"))
	case !utf8.ValidString(id):
		return ErrIDInvalid.New(Arg("what", what), LabeledArg("problem", "含有无效的字符编码", "not valid UTF-8"))
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return ErrIDInvalid.New(Arg("what", what), LabeledArg("problem", "含有空白或控制字符", "contains white space or control characters"))
	case strings.IndexFunc(id, invisible) >= 0:
		return ErrIDInvalid.New(Arg("what", what), LabeledArg("problem", "含有不可见的格式字符", "contains invisible format characters"))
	case strings.ContainsAny(id, IDSeparators):
		return ErrIDInvalid.New(Arg("what", what), LabeledArg("problem", "含有保留的分隔符(: / |)", "contains a reserved separator (: / |)"))
	}
	return nil
}

// RequireRole returns nil when the actor is valid and has one of the roles,
// ErrActorInvalid when it is not valid, and ErrActorRole (a Forbidden kind)
// naming the allowed roles otherwise.
func RequireRole(a Actor, allowed ...Role) error {
	if err := a.Validate(); err != nil {
		return err
	}
	for _, r := range allowed {
		if a.role == r {
			return nil
		}
	}
	en := make([]string, len(allowed))
	zh := make([]string, len(allowed))
	for i, r := range allowed {
		en[i], zh[i] = r.Label(EN), r.Label(ZH)
	}
	return ErrActorRole.New(LabeledArg("role", a.role.Label(ZH), a.role.Label(EN)),
		LabeledArg("allowed", strings.Join(zh, "、"), strings.Join(en, ", ")))
}

// actorJSON is the stored form of an Actor.
type actorJSON struct {
	Role       Role   `json:"role"`
	ID         string `json:"id"`
	Advertiser string `json:"advertiser,omitempty"`
}

// MarshalJSON renders the actor as {"role":"advertiser-sub","id":"sub-7",
// "advertiser":"adv-1"} so that events and histories can be stored; the
// zero Actor is null.
func (a Actor) MarshalJSON() ([]byte, error) {
	if a.IsZero() {
		return []byte("null"), nil
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(actorJSON{Role: a.role, ID: a.id, Advertiser: a.advertiser})
}

// UnmarshalJSON reads what MarshalJSON writes and validates it.
func (a *Actor) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*a = Actor{}
		return nil
	}
	var j actorJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return ErrActorInvalid.Wrap(err, LabeledArg("problem", "无法解析", "unreadable"))
	}
	v, err := NewActor(j.Role, j.ID, j.Advertiser)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// plainASCIIID reports whether id is a valid id of printable ASCII only.
func plainASCIIID(id string) bool {
	if id == "" || len(id) > MaxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == ':' || c == '/' || c == '|' {
			return false
		}
	}
	return true
}

// invisible reports the characters an id may not hold because a reader
// cannot see them (see ValidateID).
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		unicode.Is(unicode.Variation_Selector, r) || r == 0x2800
}
