package mcn

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// MaxShareBP is the largest MCN share: 10,000 basis points, the whole pay.
const MaxShareBP = 10000

// MaxAccounts is the most platform accounts one signing covers.
const MaxAccounts = 16

// Account is one of the creator's platform accounts a signing covers: the
// account the onboarding MCN route (ONB-3) asks about.
type Account struct {
	Platform onboarding.Platform
	ID       string
}

// String renders the account as platform:id ("douyin:dy-42").
func (a Account) String() string { return a.Platform.String() + ":" + a.ID }

// IsZero reports whether a is the zero Account.
func (a Account) IsZero() bool { return a == Account{} }

func (a Account) validate() error {
	var errs []error
	bad := func(zh, en string) error {
		return ErrAccountInvalid.New(idArg("account", a.ID), starmap.LabeledArg("problem", zh, en))
	}
	if !a.Platform.Valid() {
		errs = append(errs, bad("平台"+strconv.Itoa(int(a.Platform))+"不存在", "no platform "+strconv.Itoa(int(a.Platform))))
	}
	if err := starmap.ValidateID("account id", a.ID); err != nil {
		errs = append(errs, ErrAccountInvalid.Wrap(err, idArg("account", a.ID), starmap.LabeledArg("problem", "账号编号无效", "bad account id")))
	}
	return errors.Join(errs...)
}

// validateAccounts checks a signing's accounts: at least one, at most
// MaxAccounts, each valid, none twice.
func validateAccounts(accounts []Account) error {
	switch {
	case len(accounts) == 0:
		return ErrAccountsMissing.New()
	case len(accounts) > MaxAccounts:
		return ErrAccountsTooMany.New(starmap.Arg("max", MaxAccounts), starmap.Arg("count", len(accounts)))
	}
	var errs []error
	for i, a := range accounts {
		if err := a.validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		// At most MaxAccounts: comparing pairs is cheaper than a map.
		if slices.Contains(accounts[:i], a) {
			errs = append(errs, ErrAccountInvalid.New(starmap.Arg("account", a.ID), starmap.LabeledArg("problem", "重复列出", "listed twice")))
		}
	}
	return errors.Join(errs...)
}

// Proposal is what an MCN proposes to a creator (MCN-1): the signing's id
// (the host's choice, unique within the creator's book), the creator, the
// platform accounts it covers, the term (Start to End, both inclusive,
// X-1), the MCN's share of the creator's pay in basis points, and whether
// it is exclusive. The MCN is the actor who proposes.
type Proposal struct {
	ID        string
	Creator   string
	Accounts  []Account
	Start     starmap.Date
	End       starmap.Date
	ShareBP   int
	Exclusive bool
}

// Key returns the key the proposed signing will have.
func (p Proposal) Key() Key { return Key{Creator: p.Creator, Signing: p.ID} }

// Validate checks a proposal made on today: ids, accounts, a term that
// starts today or later and ends on or after its start, a share of 0 to
// 10,000 basis points. Every problem is reported (errors.Join).
func (p Proposal) Validate(today starmap.Date) error {
	errs := []error{
		starmap.ValidateID("signing id", p.ID),
		starmap.ValidateID("creator id", p.Creator),
		validateAccounts(p.Accounts),
		validateShare(p.ShareBP),
	}
	switch {
	case p.Start.IsZero() || p.End.IsZero():
		errs = append(errs, ErrTermMissing.New())
	default:
		if p.Start.Before(today) {
			errs = append(errs, ErrStartInPast.New(starmap.Arg("start", p.Start), starmap.Arg("today", today)))
		}
		if p.End.Before(p.Start) {
			errs = append(errs, ErrEndBeforeStart.New(starmap.Arg("start", p.Start), starmap.Arg("end", p.End)))
		}
	}
	return errors.Join(errs...)
}

func validateShare(bp int) error {
	if bp < 0 || bp > MaxShareBP {
		return ErrShareOutOfRange.New(starmap.Arg("share", bp))
	}
	return nil
}

// Signing is one signing of a creator by an MCN (MCN-1), as a value: a
// copy, which changes nothing when changed. The Book it belongs to changes
// it only through its commands.
//
// The signing is in force at an instant t (InForce) when it was accepted
// at or before t, t falls on a day of its term, and it had not been ended
// at t: AcceptedAt ≤ t, Start ≤ DateOf(t) ≤ End, and t < ClosedAt for an
// ended one.
type Signing struct {
	ID        string
	MCN       string
	Creator   string
	Accounts  []Account
	Start     starmap.Date
	End       starmap.Date
	ShareBP   int
	Exclusive bool

	State State
	// ProposedAt is when the MCN proposed it.
	ProposedAt time.Time
	// AcceptedAt is when the creator accepted it; zero unless it is, or
	// was, active.
	AcceptedAt time.Time
	// ClosedAt is when it was declined, withdrawn, ended or lapsed; for an
	// expiry, the first instant after its term (End + 1 day, 00:00 CST).
	// Zero while it is proposed or active.
	ClosedAt time.Time
	// ClosedBy is the action that closed it (decline, withdraw, end,
	// expire, lapse); zero while it is proposed or active.
	ClosedBy Action
	// Reason is the reason given when it was declined, withdrawn or ended.
	Reason string
}

func (s Signing) clone() Signing {
	s.Accounts = slices.Clone(s.Accounts)
	return s
}

// Key returns the signing's key.
func (s Signing) Key() Key { return Key{Creator: s.Creator, Signing: s.ID} }

// Terms returns what the signing says about money and exclusivity.
func (s Signing) Terms() Terms {
	return Terms{MCN: s.MCN, Signing: s.ID, ShareBP: s.ShareBP, Exclusive: s.Exclusive}
}

// InForce reports whether the signing is in force at t (see Signing).
func (s Signing) InForce(t time.Time) bool {
	if s.State != StateActive && s.State != StateEnded || s.AcceptedAt.IsZero() || t.Before(s.AcceptedAt) {
		return false
	}
	if !starmap.DateOf(t).Within(s.Start, s.End) {
		return false
	}
	return s.State == StateActive || t.Before(s.ClosedAt)
}

// Covers reports whether the signing covers the account.
func (s Signing) Covers(a Account) bool { return slices.Contains(s.Accounts, a) }

// overlaps reports whether the two signings' terms share a day.
func (s Signing) overlaps(start, end starmap.Date) bool {
	return !s.End.Before(start) && !end.Before(s.Start)
}

// expiry is the first instant after the term: when an expired signing
// stopped being in force.
func (s Signing) expiry() time.Time { return s.End.AddDays(1).StartOfDay() }

// Terms are what the signing in force says about a creator's orders
// (MCN-2, TSK-5): the MCN, the signing, the MCN's share of the creator's
// pay in basis points, and exclusivity. Package task keeps them with a
// task at ordering.
type Terms struct {
	MCN       string
	Signing   string
	ShareBP   int
	Exclusive bool
}

// Share is the MCN's share as a fraction (ShareBP / 10,000, exact).
func (t Terms) Share() decimal.Decimal { return decimal.New(int64(t.ShareBP), -4) }

// ShareOf is the MCN's part of pay: pay × ShareBP / 10,000, rounded to the
// fen with starmap.RoundFen (half away from zero); the creator's part is
// pay minus it, so that the two add up to pay exactly.
func (t Terms) ShareOf(pay decimal.Decimal) decimal.Decimal {
	return starmap.RoundFen(pay.Mul(t.Share()))
}

// Key names one signing: the creator whose book holds it and the
// signing's id within that book. Its text form is creator/signing; ids
// never hold '/' (starmap.IDSeparators), so the form reads back one way
// only (ParseKey).
type Key struct {
	Creator string
	Signing string
}

// String renders the key as creator/signing: the Subject of the
// signing's events.
func (k Key) String() string { return k.Creator + "/" + k.Signing }

// Validate checks both ids.
func (k Key) Validate() error {
	return errors.Join(starmap.ValidateID("creator id", k.Creator), starmap.ValidateID("signing id", k.Signing))
}

// ParseKey reads back what Key.String writes; anything else is
// ErrKeyInvalid.
func ParseKey(s string) (Key, error) {
	c, id, ok := strings.Cut(s, "/")
	k := Key{Creator: c, Signing: id}
	if !ok || k.Validate() != nil {
		return Key{}, ErrKeyInvalid.New(starmap.Arg("key", keyText(s)))
	}
	return k, nil
}

// keyText quotes a text that is not a key for an error message, cut
// short when it is absurdly long.
func keyText(s string) string {
	if len(s) > 2*starmap.MaxIDLen+1 {
		return strconv.QuoteToASCII(s[:64]) + "…"
	}
	return strconv.QuoteToASCII(s)
}

// idArg names an id in an error: as it is when it is a valid id, quoted
// (and cut short when long) when it is not, so that a 1 MiB or invisible
// id makes a short, visible message.
func idArg(name, id string) starmap.Param {
	if starmap.ValidateID(name, id) == nil {
		return starmap.Arg(name, id)
	}
	if len(id) > starmap.MaxIDLen {
		return starmap.Arg(name, strconv.QuoteToASCII(id[:32])+"…")
	}
	return starmap.Arg(name, strconv.QuoteToASCII(id))
}
