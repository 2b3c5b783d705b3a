package authz

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/starmap-go/starmap"
)

// Status is what a grant shows on a day, to the creator and the grantee
// alike (AUZ-7, AUZ-11).
type Status uint8

const (
	// StatusNone is no grant at all: the zero Grant, or a pair that never
	// held one.
	StatusNone Status = iota
	// StatusAuthorized (已授权): a period of the grant covers the day.
	StatusAuthorized
	// StatusNotYetValid (未生效): no period covers the day but a later one
	// is scheduled — a new grant or a renewal starting in the future
	// (AUZ-11), or a day between an expiry and a renewal's start.
	StatusNotYetValid
	// StatusExpired (已到期): the last period ended before the day.
	StatusExpired
	// StatusRevoked (已被解除授权): the creator revoked the grant within its
	// validity. It stays revoked whatever the day, until granted anew.
	StatusRevoked
)

var statusNames = names{
	StatusNone:        {"none", "无授权"},
	StatusAuthorized:  {"authorized", "已授权"},
	StatusNotYetValid: {"not-yet-valid", "未生效"},
	StatusExpired:     {"expired", "已到期"},
	StatusRevoked:     {"revoked", "已被解除授权"},
}

// String names the status: none, authorized, not-yet-valid, expired,
// revoked.
func (s Status) String() string {
	return statusNames.text(uint8(s), starmap.EN, "Status", "未知状态")
}

// Label names the status in lang: in zh-CN the platform's words (已授权,
// 已到期, 已被解除授权; 未生效 and 无授权 are this package's own), in
// English String.
func (s Status) Label(lang starmap.Lang) string {
	return statusNames.text(uint8(s), lang, "Status", "未知状态")
}

func statusParam(s Status) starmap.Param {
	return starmap.LabeledArg("status", s.Label(starmap.ZH), s.String())
}

// Op is an operation on an all-sales grant (AUZ-4).
type Op uint8

const (
	// OpGrant is 授权: a new validity period chosen by the creator.
	OpGrant Op = iota + 1
	// OpRevoke is 解除授权.
	OpRevoke
	// OpEarlyRenew is 提前续约 (AUZ-5).
	OpEarlyRenew
	// OpRenew is 续约 (AUZ-6).
	OpRenew
)

var opNames = names{
	OpGrant:      {"grant", "授权"},
	OpRevoke:     {"revoke", "解除授权"},
	OpEarlyRenew: {"early-renew", "提前续约"},
	OpRenew:      {"renew", "续约"},
}

// String names the operation: grant, revoke, early-renew, renew.
func (o Op) String() string { return opNames.text(uint8(o), starmap.EN, "Op", "未知操作") }

// Label names the operation in lang (授权, 解除授权, 提前续约, 续约 in zh-CN).
func (o Op) Label(lang starmap.Lang) string {
	return opNames.text(uint8(o), lang, "Op", "未知操作")
}

// Valid reports whether o is a declared operation.
func (o Op) Valid() bool { return o >= OpGrant && o <= OpRenew }

// Period is one validity period of a grant: the days Start to End, both
// inclusive, and the operation that created it.
//
// A grant's periods never overlap and are kept in order. An early renewal
// on day D closes the period in force on D (its End becomes D) and adds one
// from D+1; a revocation on day R closes the periods on R-1 and drops the
// ones that had not started. So Periods lists exactly the days the grantee
// held (or is scheduled to hold) the data, each day in at most one period.
type Period struct {
	Start, End starmap.Date
	Origin     Op
}

// Covers reports whether day lies in the period.
func (p Period) Covers(day starmap.Date) bool { return day.Within(p.Start, p.End) }

// String renders the period as start..end.
func (p Period) String() string { return p.Start.String() + ".." + p.End.String() }

// Change is one entry of a grant's history: who did what, when, the
// status on that day before and after, the period decided and the end
// before the change.
type Change struct {
	Op Op
	By starmap.Actor
	// At is the instant of the operation; Day is its date in CST.
	At  time.Time
	Day starmap.Date
	// Before and After are the grant's status on Day around the change.
	Before, After Status
	// Start and End are the period the operation decided (zero for a
	// revocation).
	Start, End starmap.Date
	// PrevEnd is the grant's end date before the change (zero for the first
	// grant).
	PrevEnd starmap.Date
	// Note is the creator's reason or remark, if any.
	Note string
}

// Grant is the all-sales data authorization (全部带货数据, AUZ-2) of one
// creator to one merchant or agency, over its whole life: every period,
// revocation and renewal. Its state is unexported; it changes only through
// NewGrant and the methods Regrant, Revoke, EarlyRenew and Renew, which
// validate, change the grant they are called on and return the event; a
// refused call leaves the grant as it was.
//
// A Grant is a value: a copy is a grant of its own. The methods replace the
// grant's slices rather than write into them, so a copy taken before a
// change (a reader's, the index's) never sees it.
type Grant struct {
	key        GrantKey
	periods    []Period
	revokedOn  starmap.Date
	revokedEnd starmap.Date
	history    []Change
	version    uint64
}

// noteField is every note of the package: the creator's remark on a grant
// operation, on a live-session decision.
var noteField = starmap.TextField{ZH: "备注", EN: "note", Kind: starmap.TextNote}

// Key returns the grant's creator and grantee.
func (g Grant) Key() GrantKey { return g.key }

// Version returns the stored version the grant was loaded at (0 if new).
// The methods that change a grant keep it: it is the version the write of
// the change passes (Record().Version) for compare-and-swap. After the
// write, the store's answer is the grant's new version: use WithVersion,
// and give that version to Index.PutGrant.
func (g Grant) Version() uint64 { return g.version }

// Periods returns a copy of the grant's periods, in order (see Period).
func (g Grant) Periods() []Period { return append([]Period(nil), g.periods...) }

// History returns a copy of the grant's history, oldest first.
func (g Grant) History() []Change { return append([]Change(nil), g.history...) }

// RevokedOn is the day the grant was revoked, or the zero Date.
func (g Grant) RevokedOn() starmap.Date { return g.revokedOn }

// End is the grant's end date, the one lists sort on (AUZ-8): the last
// period's end, or for a revoked grant the end it had when it was revoked.
func (g Grant) End() starmap.Date {
	if !g.revokedOn.IsZero() {
		return g.revokedEnd
	}
	if len(g.periods) == 0 {
		return starmap.Date{}
	}
	return g.periods[len(g.periods)-1].End
}

// Start is the first day of the period in force on day, or of the next one
// scheduled after it, or of the last one; the zero Date if there is none.
func (g Grant) Start(day starmap.Date) starmap.Date {
	for _, p := range g.periods {
		if !day.After(p.End) {
			return p.Start
		}
	}
	if len(g.periods) == 0 {
		return starmap.Date{}
	}
	return g.periods[len(g.periods)-1].Start
}

// LastChange is the day of the grant's last change (zero for the zero Grant).
func (g Grant) LastChange() starmap.Date {
	if len(g.history) == 0 {
		return starmap.Date{}
	}
	return g.history[len(g.history)-1].Day
}

// Status is the grant's status on day (AUZ-7, AUZ-11) — what it was, is,
// or is scheduled to be on that day:
//
//   - from the day of its last change on, from the grant as it stands:
//     revoked whatever the day once revoked; authorized on every day a
//     period covers; not yet valid on a day before a scheduled period;
//     expired after the last period;
//   - on a day before its last change, from the grant as it stood after
//     the last change made on or before that day, rebuilt from the
//     history: a grant revoked on 15 March was authorized on 10 March, and
//     one renewed on 10 April was expired on 5 April, not "not yet valid";
//   - before its first change, StatusNone: there was no grant.
//
// Several changes on one day: the day's status is the one after the last
// of them. The access check answers differently on purpose: it denies a
// revoked grant on every day (see Scan).
func (g Grant) Status(day starmap.Date) Status {
	if !day.Before(g.LastChange()) {
		return g.standing(day)
	}
	return g.asOf(day).standing(day)
}

// standing is the status on day of the grant as it stands now.
func (g Grant) standing(day starmap.Date) Status {
	if !g.revokedOn.IsZero() {
		return StatusRevoked
	}
	for _, p := range g.periods {
		if day.Before(p.Start) {
			return StatusNotYetValid
		}
		if !day.After(p.End) {
			return StatusAuthorized
		}
	}
	if len(g.periods) == 0 {
		return StatusNone
	}
	return StatusExpired
}

// asOf is the grant as it stood at the end of day: the changes of its
// history made on or before day, replayed (without history or version).
func (g Grant) asOf(day starmap.Date) Grant {
	past := Grant{key: g.key}
	for _, c := range g.history {
		if c.Day.After(day) {
			break
		}
		past.apply(c)
	}
	return past
}

// apply carries out the change c on the grant's periods and revocation:
// the mechanics of each operation, without its rules. The operations and
// the replay of a history (asOf, FromRecord) share it, so that a history
// always rebuilds the periods it produced. It works on g's own slices:
// callers pass a grant whose slices no one else holds.
func (g *Grant) apply(c Change) {
	switch c.Op {
	case OpGrant:
		g.revokedOn, g.revokedEnd = starmap.Date{}, starmap.Date{}
		g.periods = append(g.periods, Period{Start: c.Start, End: c.End, Origin: OpGrant})
	case OpRevoke:
		g.revokedEnd = g.End()
		if c.Day == starmap.MinDate() {
			// No day before the first representable one: every period
			// starts on or after the revocation day, so none is kept
			// (AddDays would saturate and keep one).
			g.periods = nil
		} else {
			g.periods = cut(g.periods, c.Day.AddDays(-1))
		}
		g.revokedOn = c.Day
	case OpEarlyRenew:
		g.periods = append(cut(g.periods, c.Day), Period{Start: c.Start, End: c.End, Origin: OpEarlyRenew})
	case OpRenew:
		g.periods = append(g.periods, Period{Start: c.Start, End: c.End, Origin: OpRenew})
	}
}

// NewGrant is the creator's first grant of all-sales data to grantee
// (AUZ-2): a period start..end, start today or later, end on or after
// start, and a note (a remark, up to starmap.TextNote's length). It returns
// every broken rule at once.
func NewGrant(by starmap.Actor, now time.Time, grantee Party, start, end starmap.Date, note string) (Grant, starmap.Event, error) {
	today := starmap.DateOf(now)
	var errs []error
	if err := starmap.RequireRole(by, starmap.RoleCreator); err != nil {
		errs = append(errs, err)
	}
	if err := grantee.Validate(); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, checkPeriod(today, start, end, ErrGrantStartBeforeToday, ErrGrantEndBeforeStart)...)
	errs = appendNoteErr(errs, note)
	if len(errs) > 0 {
		return Grant{}, starmap.Event{}, errors.Join(errs...)
	}
	g := Grant{key: GrantKey{Creator: by.ID(), Grantee: grantee}}
	ev := g.commit(by, now, Change{Op: OpGrant, Start: start, End: end, Note: note})
	return g, ev, nil
}

// Regrant grants anew, to a grantee whose grant was revoked (AUZ-4). A
// grant that is valid or scheduled is extended by EarlyRenew instead
// (ErrGrantExists), an expired one by Renew (ErrGrantExpiredUseRenewal).
func (g *Grant) Regrant(by starmap.Actor, now time.Time, start, end starmap.Date, note string) (starmap.Event, error) {
	if g == nil {
		return starmap.Event{}, errNoGrant()
	}
	today := starmap.DateOf(now)
	errs := g.precheck(by, today)
	switch st := g.standing(today); st {
	case StatusRevoked:
	case StatusExpired:
		errs = append(errs, ErrGrantExpiredUseRenewal.New(starmap.Arg("end", g.End())))
	default:
		errs = append(errs, ErrGrantExists.New(statusParam(st), starmap.Arg("end", g.End())))
	}
	errs = append(errs, checkPeriod(today, start, end, ErrGrantStartBeforeToday, ErrGrantEndBeforeStart)...)
	errs = appendNoteErr(errs, note)
	if len(errs) > 0 {
		return starmap.Event{}, errors.Join(errs...)
	}
	return g.commit(by, now, Change{Op: OpGrant, Start: start, End: end, Note: note}), nil
}

// Revoke is 解除授权 (AUZ-4): allowed while the grant is authorized or
// scheduled. Access ends at once; the periods are closed on the day before
// (the history keeps the instant) and scheduled ones are dropped.
func (g *Grant) Revoke(by starmap.Actor, now time.Time, note string) (starmap.Event, error) {
	if g == nil {
		return starmap.Event{}, errNoGrant()
	}
	today := starmap.DateOf(now)
	errs := g.precheck(by, today)
	if st := g.standing(today); st != StatusAuthorized && st != StatusNotYetValid {
		errs = append(errs, ErrRevokeNotActive.New(statusParam(st)))
	}
	errs = appendNoteErr(errs, note)
	if len(errs) > 0 {
		return starmap.Event{}, errors.Join(errs...)
	}
	return g.commit(by, now, Change{Op: OpRevoke, Note: note}), nil
}

// EarlyRenew is 提前续约 (AUZ-5): on a day the grant is authorized, a new
// period from the next day (fixed by the system) to end, which must be
// later than the current end. The period in force is closed on the day of
// the operation, so the grantee is authorized without gap or overlap: up to
// today by the old period, from tomorrow by the new one.
func (g *Grant) EarlyRenew(by starmap.Actor, now time.Time, end starmap.Date, note string) (starmap.Event, error) {
	if g == nil {
		return starmap.Event{}, errNoGrant()
	}
	today := starmap.DateOf(now)
	errs := g.precheck(by, today)
	if st := g.standing(today); st != StatusAuthorized {
		errs = append(errs, ErrEarlyRenewNotActive.New(statusParam(st)))
	}
	current := g.End()
	switch {
	case end.IsZero():
		errs = append(errs, errDateMissing("end"))
	case !end.After(current):
		errs = append(errs, ErrEarlyRenewEndNotAfterCurrent.New(starmap.Arg("current", current), starmap.Arg("end", end)))
	}
	errs = appendNoteErr(errs, note)
	if len(errs) > 0 {
		return starmap.Event{}, errors.Join(errs...)
	}
	return g.commit(by, now, Change{Op: OpEarlyRenew, Start: today.AddDays(1), End: end, Note: note}), nil
}

// Renew is 续约 (AUZ-6): once the validity has ended, a new period
// start..end, start today or later, end on or after start. Between the old
// end and a future start the grant is not yet valid (AUZ-11). A revoked
// grant is not renewed but granted anew (ErrRenewRevoked).
func (g *Grant) Renew(by starmap.Actor, now time.Time, start, end starmap.Date, note string) (starmap.Event, error) {
	if g == nil {
		return starmap.Event{}, errNoGrant()
	}
	today := starmap.DateOf(now)
	errs := g.precheck(by, today)
	switch st := g.standing(today); st {
	case StatusExpired:
	case StatusRevoked:
		errs = append(errs, ErrRenewRevoked.New())
	default:
		errs = append(errs, ErrRenewNotExpired.New(statusParam(st)))
	}
	errs = append(errs, checkPeriod(today, start, end, ErrRenewStartBeforeToday, ErrRenewEndBeforeStart)...)
	errs = appendNoteErr(errs, note)
	if len(errs) > 0 {
		return starmap.Event{}, errors.Join(errs...)
	}
	return g.commit(by, now, Change{Op: OpRenew, Start: start, End: end, Note: note}), nil
}

// precheck: the grant exists, the actor is its creator and the day is not
// before the last change.
func (g *Grant) precheck(by starmap.Actor, today starmap.Date) []error {
	var errs []error
	if err := requireOwner(by, g.key.Creator); err != nil {
		errs = append(errs, err)
	}
	if last := g.LastChange(); today.Before(last) {
		errs = append(errs, ErrDayBeforeLastChange.New(starmap.Arg("today", today), starmap.Arg("last", last)))
	}
	if len(g.history) == 0 {
		errs = append(errs, errNoGrant())
	}
	return errs
}

// errNoGrant: an operation on the zero Grant (or a nil *Grant), which no
// creator ever granted.
func errNoGrant() error {
	return ErrRecordInvalid.New(starmap.LabeledArg("problem", "授权不存在(零值)", "no such grant (zero Grant)"))
}

// appendNoteErr adds the note's error, if it is not a valid note.
func appendNoteErr(errs []error, note string) []error {
	if err := noteField.Validate(note); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// errDateMissing raises ErrDateMissing for the start or end date.
func errDateMissing(which string) error {
	zh := "截止"
	if which == "start" {
		zh = "开始"
	}
	return ErrDateMissing.New(starmap.LabeledArg("which", zh, which))
}

func checkPeriod(today, start, end starmap.Date, startRule, endRule *starmap.Rule) []error {
	var errs []error
	if start.IsZero() {
		errs = append(errs, errDateMissing("start"))
	}
	if end.IsZero() {
		errs = append(errs, errDateMissing("end"))
	}
	if !start.IsZero() && start.Before(today) {
		errs = append(errs, startRule.New(starmap.Arg("start", start), starmap.Arg("today", today)))
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		errs = append(errs, endRule.New(starmap.Arg("start", start), starmap.Arg("end", end)))
	}
	return errs
}

// cut keeps the days up to last: periods starting after it are dropped, the
// one running over it ends on it. It works in place on a private slice.
func cut(ps []Period, last starmap.Date) []Period {
	out := ps[:0]
	for _, p := range ps {
		if p.Start.After(last) {
			continue
		}
		if p.End.After(last) {
			p.End = last
		}
		out = append(out, p)
	}
	return out
}

func (g Grant) clone() Grant {
	c := g
	c.periods = append([]Period(nil), g.periods...)
	c.history = append([]Change(nil), g.history...)
	return c
}

// commit carries out the decided change c on g, by by at now: it fills in
// the facts of the day (who, when, the status around it, the end before)
// and appends c to the history of a private copy that then replaces g.
func (g *Grant) commit(by starmap.Actor, now time.Time, c Change) starmap.Event {
	today := starmap.DateOf(now)
	c.By, c.At, c.Day = by, now, today
	c.Before, c.PrevEnd = g.standing(today), g.End()
	next := g.clone()
	next.apply(c)
	c.After = next.standing(today)
	next.history = append(next.history, c)
	*g = next
	return starmap.Event{
		Type: "authz.grant." + eventVerb[c.Op], Subject: g.key.String(), Actor: by, At: now,
		From: c.Before.String(), To: c.After.String(), Note: c.Note,
	}
}

var eventVerb = [...]string{OpGrant: "granted", OpRevoke: "revoked", OpEarlyRenew: "early_renewed", OpRenew: "renewed"}

// GrantRecord is the stored form of a Grant: what a host's store
// keeps and returns, field for field — every one of them, RevokedEnd
// included (authztest checks it). Version is the stored version (0 for a
// grant never stored). A store that serialises Change.By keeps its Role,
// ID and AdvertiserOf and rebuilds it with starmap.NewActor (or keeps
// Actor.String and reads it with starmap.ParseActor).
type GrantRecord struct {
	Key        GrantKey
	Periods    []Period
	RevokedOn  starmap.Date
	RevokedEnd starmap.Date
	History    []Change
	Version    uint64
}

// Clone returns a deep copy (stores use it to share no memory with callers).
func (r GrantRecord) Clone() GrantRecord {
	r.Periods = append([]Period(nil), r.Periods...)
	r.History = append([]Change(nil), r.History...)
	return r
}

// Record returns the grant's stored form, sharing no memory with it.
func (g Grant) Record() GrantRecord {
	return GrantRecord{
		Key: g.key, Periods: g.Periods(), RevokedOn: g.revokedOn, RevokedEnd: g.revokedEnd,
		History: g.History(), Version: g.version,
	}
}

// FromRecord rebuilds a Grant from its stored form, refusing a record that
// breaks the invariants (ErrRecordInvalid): a valid key, a history in day
// order, periods in order without overlap, a revocation after every
// period — and periods and revocation that are what the history, replayed,
// produces (so a store that lost a field, or a record edited by hand, is
// refused rather than answer wrong statuses).
func FromRecord(r GrantRecord) (Grant, error) {
	bad := func(zh, en string) (Grant, error) {
		return Grant{}, ErrRecordInvalid.New(starmap.LabeledArg("problem", zh, en))
	}
	if err := r.Key.Validate(); err != nil {
		return Grant{}, ErrRecordInvalid.Wrap(err, starmap.LabeledArg("problem", "主键无效", "key"))
	}
	if len(r.History) == 0 {
		return bad("没有变更记录", "empty history")
	}
	for i, p := range r.Periods {
		if p.Start.IsZero() || p.End.Before(p.Start) || !p.Origin.Valid() || p.Origin == OpRevoke {
			return bad(fmt.Sprintf("第%d个授权期无效", i+1), fmt.Sprintf("period %d is malformed", i))
		}
		if i > 0 && !p.Start.After(r.Periods[i-1].End) {
			return bad(fmt.Sprintf("第%d个授权期与前一个重叠或在其之前", i+1), fmt.Sprintf("period %d overlaps or precedes the one before", i))
		}
	}
	if r.RevokedOn.IsZero() {
		if len(r.Periods) == 0 || !r.RevokedEnd.IsZero() {
			return bad("未解除的授权应有授权期,且不应有解除时的截止日期", "a grant that is not revoked has periods and no revocation end")
		}
	} else {
		if r.RevokedEnd.IsZero() {
			return bad("已解除的授权应保留解除时的截止日期", "a revoked grant keeps its end at revocation")
		}
		if n := len(r.Periods); n > 0 && !r.Periods[n-1].End.Before(r.RevokedOn) {
			return bad("已解除的授权在解除当日或之后仍有授权期", "a revoked grant has a period on or after the revocation day")
		}
	}
	for i, c := range r.History {
		if !c.Op.Valid() || c.Day.IsZero() || (i > 0 && c.Day.Before(r.History[i-1].Day)) {
			return bad(fmt.Sprintf("第%d条变更记录无效或顺序错误", i+1), fmt.Sprintf("history entry %d is malformed or out of order", i))
		}
	}
	c := r.Clone()
	g := Grant{key: c.Key, periods: c.Periods, revokedOn: c.RevokedOn, revokedEnd: c.RevokedEnd, history: c.History, version: c.Version}
	if replay := g.asOf(g.LastChange()); !slices.Equal(replay.periods, g.periods) ||
		replay.revokedOn != g.revokedOn || replay.revokedEnd != g.revokedEnd {
		return bad("授权期或解除信息与变更记录不符", "periods or revocation do not follow from the history")
	}
	return g, nil
}

// WithVersion is the grant as stored at version v: call it with the version
// CreateGrant or UpdateGrant returned for it.
func (g Grant) WithVersion(v uint64) Grant { g.version = v; return g }
