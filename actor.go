package starmap

import (
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

var roleNames = [...]string{"", "advertiser", "advertiser-sub", "creator", "mcn", "platform"}

// String names the role: advertiser, advertiser-sub, creator, mcn, platform.
func (r Role) String() string {
	if int(r) < len(roleNames) && r != 0 {
		return roleNames[r]
	}
	return "unknown-role"
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

// IsAdvertiser reports whether the actor is an advertiser's main account or
// one of its sub-accounts.
func (a Actor) IsAdvertiser() bool { return a.role == RoleAdvertiser || a.role == RoleAdvertiserSub }

// IsZero reports whether a is the zero Actor.
func (a Actor) IsZero() bool { return a == Actor{} }

// String renders the actor as role:id, or advertiser-sub:main/sub.
func (a Actor) String() string {
	if a.role == RoleAdvertiserSub {
		return a.role.String() + ":" + a.advertiser + "/" + a.id
	}
	return a.role.String() + ":" + a.id
}

// Validate checks the role and the ids: a known role; ids non-empty, at
// most MaxIDLen bytes of valid UTF-8 without spaces or control characters.
func (a Actor) Validate() error {
	if !a.role.Valid() {
		return ErrActorInvalid.New(P("problem", "unknown role"))
	}
	if err := ValidateID("actor id", a.id); err != nil {
		return ErrActorInvalid.Wrap(err, P("problem", "bad id"))
	}
	if a.role == RoleAdvertiserSub {
		if err := ValidateID("advertiser id", a.advertiser); err != nil {
			return ErrActorInvalid.Wrap(err, P("problem", "bad advertiser id of sub-account"))
		}
	} else if a.advertiser != "" {
		return ErrActorInvalid.New(P("problem", "only a sub-account names an advertiser"))
	}
	return nil
}

// ErrIDInvalid is an id (of an actor, account, task, grant …) that is empty,
// too long, or holds spaces, control characters or invalid UTF-8.
var ErrIDInvalid = NewRule("id.invalid", ErrInvalid,
	"{what}无效:{problem}", "invalid {what}: {problem}")

// ValidateID checks an identifier: non-empty, at most MaxIDLen bytes of
// valid UTF-8, no white space or control characters. what names the field in
// the error.
func ValidateID(what, id string) error {
	switch {
	case id == "":
		return ErrIDInvalid.New(P("what", what), P("problem", "empty"))
	case len(id) > MaxIDLen:
		return ErrIDInvalid.New(P("what", what), P("problem", "longer than 128 bytes"))
	case !utf8.ValidString(id):
		return ErrIDInvalid.New(P("what", what), P("problem", "not valid UTF-8"))
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return ErrIDInvalid.New(P("what", what), P("problem", "contains white space or control characters"))
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
	names := make([]string, len(allowed))
	for i, r := range allowed {
		names[i] = r.String()
	}
	return ErrActorRole.New(P("role", a.role), P("allowed", strings.Join(names, ", ")))
}
