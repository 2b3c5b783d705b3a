package mcn

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/starmap-go/starmap"
)

// Free text of this package, checked by the root's one validator.
var (
	endReason     = starmap.TextField{ZH: "解约原因", EN: "end reason", Kind: starmap.TextNote}
	declineReason = starmap.TextField{ZH: "拒绝原因", EN: "decline reason", Kind: starmap.TextNote}
	withdrawNote  = starmap.TextField{ZH: "撤回原因", EN: "withdrawal reason", Kind: starmap.TextNote}
)

// termClock is the actor of the expiries and lapses a command records
// before it acts (see Book): the term running out, which nobody did.
var termClock = starmap.PlatformActor("mcn-term")

// TermClock is the platform actor named in the history of expiries and
// lapses that a command records before it acts (platform:mcn-term).
func TermClock() starmap.Actor { return termClock }

// Change is one entry of a book's history: who did what to which
// signing when, the states before and after, and the reason given.
type Change struct {
	At      time.Time
	Actor   starmap.Actor
	Action  Action
	Signing string
	From    State // zero for ActionPropose
	To      State
	Reason  string
}

// Book is the aggregate of MCN-1: every signing of one creator, whatever
// the MCN, with their history. The signings of a creator are one
// aggregate so that the rules across them — one active signing per
// creator, no overlapping terms — are decided on one record and stored
// with one compare-and-swap: two concurrent acceptances read the
// same version, one write wins, the other decides again on what the
// winner wrote and is refused.
//
// Every command first records the expiries and lapses due by its instant
// (as the sweep Expire would, by TermClock), so that no rule depends on
// when the sweep last ran; it returns their events before its own. A
// refused command changes nothing, those expiries included. Build a Book
// with NewBook, or rebuild one from storage with FromRecord.
type Book struct {
	creator  string
	signings []Signing
	history  []Change
	version  uint64
}

// NewBook returns the empty book of a creator.
func NewBook(creator string) (*Book, error) {
	if err := starmap.ValidateID("creator id", creator); err != nil {
		return nil, err
	}
	return &Book{creator: creator}, nil
}

// Creator returns the creator's id.
func (b *Book) Creator() string {
	if b == nil {
		return ""
	}
	return b.creator
}

// Signings returns a copy of every signing, in the order proposed.
func (b *Book) Signings() []Signing {
	if b == nil {
		return nil
	}
	out := make([]Signing, len(b.signings))
	for i, s := range b.signings {
		out[i] = s.clone()
	}
	return out
}

// Signing returns a copy of the signing id.
func (b *Book) Signing(id string) (Signing, bool) {
	if i := b.index(id); i >= 0 {
		return b.signings[i].clone(), true
	}
	return Signing{}, false
}

// History returns a copy of every change, oldest first.
func (b *Book) History() []Change {
	if b == nil {
		return nil
	}
	return slices.Clone(b.history)
}

// Version returns the store version the book was read at (0 for a book
// not stored yet).
func (b *Book) Version() uint64 {
	if b == nil {
		return 0
	}
	return b.version
}

// TermsAt returns the terms of the signing in force at t (InForce).
func (b *Book) TermsAt(t time.Time) (Terms, bool) {
	if b == nil {
		return Terms{}, false
	}
	return InForce(t, b.signings, b.creator)
}

// Due reports whether Expire, run on today, would change the book: an
// active signing or an open proposal whose term ended before today.
func (b *Book) Due(today starmap.Date) bool {
	if b == nil {
		return false
	}
	for _, s := range b.signings {
		if open(s.State) && s.End.Before(today) {
			return true
		}
	}
	return false
}

func open(s State) bool { return s == StateProposed || s == StateActive }

func (b *Book) index(id string) int {
	if b == nil {
		return -1
	}
	for i := range b.signings {
		if b.signings[i].ID == id {
			return i
		}
	}
	return -1
}

func (b *Book) clone() *Book {
	c := &Book{creator: b.creator, history: slices.Clone(b.history), version: b.version}
	c.signings = make([]Signing, len(b.signings))
	for i, s := range b.signings {
		c.signings[i] = s.clone()
	}
	return c
}

// missing answers a method called on a nil *Book.
func missing() error { return ErrUnknown.New(starmap.Arg("signing", "")) }

// run applies a command to a copy of the book — the due expiries first,
// then f — and keeps the copy only when f succeeds, so that a refusal
// changes nothing.
func (b *Book) run(now time.Time, f func(c *Book) (starmap.Event, error)) ([]starmap.Event, error) {
	if b == nil {
		return nil, missing()
	}
	c := b.clone()
	evs := c.expire(termClock, now)
	ev, err := f(c)
	if err != nil {
		return nil, err
	}
	*b = *c
	return append(evs, ev), nil
}

// record appends a change to the history and returns its event.
func (b *Book) record(ch Change) starmap.Event {
	b.history = append(b.history, ch)
	from := ""
	if ch.From != 0 {
		from = ch.From.String()
	}
	return starmap.Event{
		Type:    "mcn.signing_" + ch.Action.String(),
		Subject: Key{Creator: b.creator, Signing: ch.Signing}.String(),
		Actor:   ch.Actor,
		At:      ch.At,
		From:    from,
		To:      ch.To.String(),
		Note:    ch.Reason,
	}
}

// actorParam names an actor in both languages: role and id.
func actorParam(a starmap.Actor) starmap.Param {
	return starmap.LabeledArg("actor", a.Role().Label(starmap.ZH)+idText(a.ID()), a.Role().Label(starmap.EN)+" "+idText(a.ID()))
}

func idText(id string) string {
	if starmap.ValidateID("id", id) == nil {
		return id
	}
	return idArg("id", id).Value
}

func signingArg(id string) starmap.Param { return starmap.Arg("signing", idArg("signing", id).Value) }

// Propose records a proposal of the MCN by to the book's creator (MCN-1).
// It checks the proposal (Proposal.Validate, on the day of now), that it
// names this book's creator and a signing id the book does not hold, and
// that its term keeps apart from the creator's other signings as the
// policy says: an active signing — any, under the default policy; an
// exclusive one, or any when the proposal is exclusive, under
// Policy.ManyActive — and, under Policy.BlockOverlappingProposals, an
// open proposal likewise. Every problem is reported (errors.Join).
func (b *Book) Propose(by starmap.Actor, now time.Time, p Proposal, pol Policy) ([]starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleMCN); err != nil {
		return nil, err
	}
	return b.run(now, func(c *Book) (starmap.Event, error) {
		today := starmap.DateOf(now)
		errs := []error{p.Validate(today)}
		if starmap.ValidateID("creator id", p.Creator) == nil && p.Creator != c.creator {
			errs = append(errs, ErrCreatorMismatch.New(starmap.Arg("given", p.Creator), starmap.Arg("creator", c.creator)))
		}
		if c.index(p.ID) >= 0 {
			errs = append(errs, ErrIDTaken.New(starmap.Arg("signing", p.ID)))
		}
		errs = append(errs, c.limits(by.ID())...)
		if !p.Start.IsZero() && !p.End.IsZero() && !p.End.Before(p.Start) {
			for _, o := range c.signings {
				blocks := o.State == StateActive || o.State == StateProposed && pol.BlockOverlappingProposals
				if blocks && pol.apart(p.Exclusive, o.Exclusive) && o.overlaps(p.Start, p.End) {
					errs = append(errs, overlapError(p.Start, p.End, o))
				}
			}
		}
		if err := errors.Join(errs...); err != nil {
			return starmap.Event{}, err
		}
		s := Signing{
			ID: p.ID, MCN: by.ID(), Creator: c.creator, Accounts: slices.Clone(p.Accounts),
			Start: p.Start, End: p.End, ShareBP: p.ShareBP, Exclusive: p.Exclusive,
			State: StateProposed, ProposedAt: now,
		}
		c.signings = append(c.signings, s)
		return c.record(Change{At: now, Actor: by, Action: ActionPropose, Signing: s.ID, To: StateProposed}), nil
	})
}

// Limits of a book (MCN-1): they keep every command's copy of the book,
// and every MayActFor and TermsAt over it, small, whoever proposes.
const (
	// MaxOpenProposals is the most open (proposed, unanswered) proposals a
	// creator's book holds, from all MCNs together. The creator frees a
	// place by declining one; a proposal also closes when its MCN
	// withdraws it or its term runs out.
	MaxOpenProposals = 16
	// MaxOpenProposalsPerMCN is the most open proposals one MCN has to one
	// creator: two, so that an agency may offer a term and its successor
	// (or two alternatives) at once; beyond that it waits for an answer or
	// withdraws, so that no agency fills the creator's book.
	MaxOpenProposalsPerMCN = 2
	// MaxSignings is the most signings a book keeps. A proposal that would
	// pass it first prunes the oldest closed signings that were never
	// accepted — declined, withdrawn, lapsed — with their history: they
	// were never in force, so no TermsAt or MayActFor answer depends on
	// them, and their ids may be proposed again. Signings that were
	// accepted (active or ended) are kept, for the terms of the orders
	// placed under them; when those and the open proposals fill the book,
	// the proposal is refused (ErrLimitReached).
	MaxSignings = 64
)

// limits reports the limits a new proposal of mcnID would pass, pruning
// never-accepted closed signings to make room in the book (see
// MaxSignings). It runs on the command's copy of the book.
func (c *Book) limits(mcnID string) []error {
	var errs []error
	creator := starmap.Arg("creator", c.creator)
	open, mine := 0, 0
	for _, s := range c.signings {
		if s.State == StateProposed {
			open++
			if s.MCN == mcnID {
				mine++
			}
		}
	}
	if open >= MaxOpenProposals {
		errs = append(errs, ErrLimitReached.New(creator, starmap.LabeledArg("what", "待确认的签约邀约", "open proposals"),
			starmap.Arg("max", MaxOpenProposals)))
	}
	if mine >= MaxOpenProposalsPerMCN {
		errs = append(errs, ErrLimitReached.New(creator,
			starmap.LabeledArg("what", "来自MCN机构"+idText(mcnID)+"的待确认签约邀约", "open proposals from MCN "+idText(mcnID)),
			starmap.Arg("max", MaxOpenProposalsPerMCN)))
	}
	if len(errs) == 0 && len(c.signings) >= MaxSignings {
		c.prune(len(c.signings) - MaxSignings + 1)
		if len(c.signings) >= MaxSignings {
			errs = append(errs, ErrLimitReached.New(creator, starmap.LabeledArg("what", "签约记录", "signings kept"),
				starmap.Arg("max", MaxSignings)))
		}
	}
	return errs
}

// prune drops up to n of the oldest closed signings that were never
// accepted (declined, withdrawn, lapsed), with their history.
func (c *Book) prune(n int) {
	drop := map[string]bool{}
	for _, s := range c.signings {
		if len(drop) == n {
			break
		}
		if s.State == StateDeclined || s.State == StateWithdrawn || s.State == StateLapsed {
			drop[s.ID] = true
		}
	}
	if len(drop) == 0 {
		return
	}
	c.signings = slices.DeleteFunc(c.signings, func(s Signing) bool { return drop[s.ID] })
	c.history = slices.DeleteFunc(c.history, func(ch Change) bool { return drop[ch.Signing] })
}

func overlapError(start, end starmap.Date, o Signing) error {
	st := o.State.Label
	return ErrTermOverlap.New(starmap.Arg("start", start), starmap.Arg("end", end), starmap.Arg("other", o.ID),
		starmap.LabeledArg("other_state", st(starmap.ZH), st(starmap.EN)),
		starmap.Arg("other_start", o.Start), starmap.Arg("other_end", o.End))
}

// Accept makes a proposed signing active (MCN-1): the creator of the book
// accepts it, from now on. Under the default policy it is refused while
// the creator has another active signing (ErrOneActive); under
// Policy.ManyActive, while an active signing whose term overlaps it is
// exclusive, or it is (ErrTermOverlap). A proposal whose term ended before
// today has lapsed (the expiries recorded first say so).
func (b *Book) Accept(by starmap.Actor, now time.Time, id string, pol Policy) ([]starmap.Event, error) {
	return b.answer(by, now, id, ActionAccept, func(c *Book, s *Signing) (Change, error) {
		var errs []error
		for _, o := range c.signings {
			if o.ID == s.ID || o.State != StateActive {
				continue
			}
			switch {
			case pol.OneActive():
				errs = append(errs, ErrOneActive.New(starmap.Arg("other", o.ID)))
			case pol.apart(s.Exclusive, o.Exclusive) && o.overlaps(s.Start, s.End):
				errs = append(errs, overlapError(s.Start, s.End, o))
			}
		}
		if err := errors.Join(errs...); err != nil {
			return Change{}, err
		}
		s.State, s.AcceptedAt = StateActive, now
		return Change{To: StateActive}, nil
	})
}

// Decline refuses a proposal; only the book's creator declines. The
// reason is optional (free text, starmap.TextNote).
func (b *Book) Decline(by starmap.Actor, now time.Time, id, reason string) ([]starmap.Event, error) {
	return b.answer(by, now, id, ActionDecline, func(c *Book, s *Signing) (Change, error) {
		if err := declineReason.Validate(reason); err != nil {
			return Change{}, err
		}
		s.close(StateDeclined, ActionDecline, now, reason)
		return Change{To: StateDeclined, Reason: reason}, nil
	})
}

// answer runs a creator's answer to a proposal: by is the book's creator,
// id a proposed signing.
func (b *Book) answer(by starmap.Actor, now time.Time, id string, a Action,
	f func(c *Book, s *Signing) (Change, error)) ([]starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		return nil, err
	}
	return b.run(now, func(c *Book) (starmap.Event, error) {
		if by.ID() != c.creator {
			return starmap.Event{}, ErrNotParty.New(actorParam(by), signingArg(id))
		}
		return c.step(now, by, id, a, StateProposed, f)
	})
}

// step applies an action to signing id in state want: f changes the
// signing and says the change; step records it.
func (c *Book) step(now time.Time, by starmap.Actor, id string, a Action, want State,
	f func(c *Book, s *Signing) (Change, error)) (starmap.Event, error) {
	i := c.index(id)
	if i < 0 {
		return starmap.Event{}, ErrUnknown.New(signingArg(id))
	}
	s := &c.signings[i]
	if s.State != want {
		if want == StateActive {
			return starmap.Event{}, ErrNotActive.New(signingArg(id), stateParam(s.State))
		}
		return starmap.Event{}, ErrNotProposed.New(signingArg(id), stateParam(s.State),
			starmap.LabeledArg("action", a.Label(starmap.ZH), strings.ToLower(a.Label(starmap.EN))))
	}
	from := s.State
	ch, err := f(c, s)
	if err != nil {
		return starmap.Event{}, err
	}
	ch.At, ch.Actor, ch.Action, ch.Signing, ch.From = now, by, a, id, from
	return c.record(ch), nil
}

func (s *Signing) close(to State, by Action, at time.Time, reason string) {
	s.State, s.ClosedBy, s.ClosedAt, s.Reason = to, by, at, reason
}

// Withdraw takes back a proposal; only the MCN that proposed it
// withdraws. The reason is optional (free text, starmap.TextNote).
func (b *Book) Withdraw(by starmap.Actor, now time.Time, id, reason string) ([]starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleMCN); err != nil {
		return nil, err
	}
	return b.run(now, func(c *Book) (starmap.Event, error) {
		if i := c.index(id); i >= 0 && c.signings[i].MCN != by.ID() {
			return starmap.Event{}, ErrNotParty.New(actorParam(by), signingArg(id))
		}
		return c.step(now, by, id, ActionWithdraw, StateProposed, func(_ *Book, s *Signing) (Change, error) {
			if err := withdrawNote.Validate(reason); err != nil {
				return Change{}, err
			}
			s.close(StateWithdrawn, ActionWithdraw, now, reason)
			return Change{To: StateWithdrawn, Reason: reason}, nil
		})
	})
}

// End ends an active signing at now, with a reason (required; free text,
// starmap.TextNote). Either side ends it — the signing's MCN or the
// book's creator — or the platform (operations). Tasks ordered while it
// was in force keep its terms (see the package doc); from now on the MCN
// may no longer act for the creator, and new orders go to the creator
// alone.
func (b *Book) End(by starmap.Actor, now time.Time, id, reason string) ([]starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleMCN, starmap.RoleCreator, starmap.RolePlatform); err != nil {
		return nil, err
	}
	return b.run(now, func(c *Book) (starmap.Event, error) {
		if i := c.index(id); i >= 0 && !c.party(by, c.signings[i]) {
			return starmap.Event{}, ErrNotParty.New(actorParam(by), signingArg(id))
		}
		return c.step(now, by, id, ActionEnd, StateActive, func(_ *Book, s *Signing) (Change, error) {
			if strings.TrimSpace(reason) == "" {
				return Change{}, ErrReasonRequired.New()
			}
			if err := endReason.Validate(reason); err != nil {
				return Change{}, err
			}
			s.close(StateEnded, ActionEnd, now, reason)
			return Change{To: StateEnded, Reason: reason}, nil
		})
	})
}

// party reports whether by is a party of s (its MCN, its creator) or the
// platform.
func (c *Book) party(by starmap.Actor, s Signing) bool {
	switch by.Role() {
	case starmap.RoleMCN:
		return by.ID() == s.MCN
	case starmap.RoleCreator:
		return by.ID() == c.creator
	case starmap.RolePlatform:
		return true
	}
	return false
}

// Expire is the sweep (MCN-1), a pure function of the day of now: every
// active signing whose term ended before that day ends by expiry, and
// every proposal whose term ended unanswered lapses. Both are closed at
// the first instant after their term (End + 1 day, 00:00 CST), whenever
// the sweep runs, and recorded by by, a platform actor. It returns one
// event per change, none when nothing was due.
func (b *Book) Expire(by starmap.Actor, now time.Time) ([]starmap.Event, error) {
	if b == nil {
		return nil, missing()
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return nil, err
	}
	return b.expire(by, now), nil
}

func (b *Book) expire(by starmap.Actor, now time.Time) []starmap.Event {
	today := starmap.DateOf(now)
	var evs []starmap.Event
	for i := range b.signings {
		s := &b.signings[i]
		if !open(s.State) || !s.End.Before(today) {
			continue
		}
		from, to, a := s.State, StateEnded, ActionExpire
		if from == StateProposed {
			to, a = StateLapsed, ActionLapse
		}
		s.close(to, a, s.expiry(), "")
		evs = append(evs, b.record(Change{At: now, Actor: by, Action: a, Signing: s.ID, From: from, To: to}))
	}
	return evs
}

// Record is the stored form of a Book: plain data for a Store and the only
// input of FromRecord. Version is the store's version of the record
// the version read, which an update must carry.
type Record struct {
	Creator  string
	Signings []Signing
	History  []Change
	Version  uint64
}

// Record returns the book's stored form (a copy).
func (b *Book) Record() Record {
	if b == nil {
		return Record{}
	}
	return Record{Creator: b.creator, Signings: b.Signings(), History: slices.Clone(b.history), Version: b.version}
}

// closedBy is the action that leads to each final state.
var closedBy = map[State][]Action{
	StateEnded:     {ActionEnd, ActionExpire},
	StateDeclined:  {ActionDecline},
	StateWithdrawn: {ActionWithdraw},
	StateLapsed:    {ActionLapse},
}

// FromRecord rebuilds a book from its stored form, checking that the
// record is one a Book could have produced: valid ids, each signing's
// creator the book's, no signing id twice, valid accounts, terms, shares
// and states, the instants each state needs (an acceptance exactly when
// active or ended, a closure exactly when final, by an action that leads
// to that state), valid reasons, and a history whose every entry names a
// valid actor, action and state and a signing of the book. It does not
// apply the policy: a book written under Policy.ManyActive reads back. It
// copies the record.
func FromRecord(r Record) (*Book, error) {
	bad := func(zh, en string) error {
		return ErrRecordInvalid.New(idArg("creator", r.Creator), starmap.LabeledArg("problem", zh, en))
	}
	if starmap.ValidateID("creator id", r.Creator) != nil {
		return nil, bad("达人编号无效", "bad creator id")
	}
	ids := make(map[string]bool, len(r.Signings))
	for _, s := range r.Signings {
		switch {
		case starmap.ValidateID("signing id", s.ID) != nil:
			return nil, bad("签约编号无效", "bad signing id")
		case ids[s.ID]:
			return nil, bad("签约编号"+s.ID+"重复", "signing id "+s.ID+" twice")
		case starmap.ValidateID("mcn id", s.MCN) != nil:
			return nil, bad("签约"+s.ID+"的机构编号无效", "bad MCN id in signing "+s.ID)
		case s.Creator != r.Creator:
			return nil, bad("签约"+s.ID+"不属于该达人", "signing "+s.ID+" is another creator's")
		case validateAccounts(s.Accounts) != nil:
			return nil, bad("签约"+s.ID+"的平台账号无效", "bad accounts in signing "+s.ID)
		case s.Start.IsZero() || s.End.Before(s.Start):
			return nil, bad("签约"+s.ID+"的期限无效", "bad term in signing "+s.ID)
		case validateShare(s.ShareBP) != nil:
			return nil, bad("签约"+s.ID+"的分成比例无效", "bad share in signing "+s.ID)
		case !s.State.Valid():
			return nil, bad("签约"+s.ID+"的状态无效", "bad state in signing "+s.ID)
		case s.ProposedAt.IsZero():
			return nil, bad("签约"+s.ID+"缺少发起时间", "no proposal instant in signing "+s.ID)
		case s.AcceptedAt.IsZero() != (s.State != StateActive && s.State != StateEnded):
			return nil, bad("签约"+s.ID+"的接受时间与状态不符", "acceptance instant does not fit the state in signing "+s.ID)
		case s.ClosedAt.IsZero() == s.State.Final() || !slices.Contains(closedBy[s.State], s.ClosedBy) && s.State.Final() ||
			s.ClosedBy != 0 && !s.State.Final():
			return nil, bad("签约"+s.ID+"的结束信息与状态不符", "closure does not fit the state in signing "+s.ID)
		case s.Reason != "" && endReason.Validate(s.Reason) != nil:
			return nil, bad("签约"+s.ID+"的原因无效", "bad reason in signing "+s.ID)
		}
		ids[s.ID] = true
	}
	for _, ch := range r.History {
		if !ch.Action.Valid() || !ch.To.Valid() || ch.From != 0 && !ch.From.Valid() || ch.Actor.Validate() != nil || !ids[ch.Signing] {
			return nil, bad("历史记录含有无效条目", "bad history entry")
		}
	}
	b := &Book{creator: r.Creator, history: slices.Clone(r.History), version: r.Version}
	b.signings = make([]Signing, len(r.Signings))
	for i, s := range r.Signings {
		b.signings[i] = s.clone()
	}
	return b, nil
}
