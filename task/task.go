package task

import (
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// Order is what an advertiser asks for (TSK-1): a task of Format from
// Creator (signed to MCN, or "" when independent) at Price, on Template,
// with the library components to mount (CMP-3). An order without a
// Creator (and without an MCN) is published for any creator to claim
// (seed 000: 统一发布的任务,大家选择领取); it starts open instead of pending.
//
// The smallest order is an ID (the host's key), a Creator, a Format and a
// Price — and, for a live stream, the LiveDuration the price buys: the
// zero Template stands for DefaultTemplate(Format), and nothing else is
// required.
type Order struct {
	ID      string
	Creator string
	// MCN is the agency the creator is signed to ("" if independent); it may
	// act for the creator and takes the policy share of the pay.
	MCN    string
	Format starmap.Format
	Price  decimal.Decimal
	// LiveDuration is the broadcast length a live order buys (TSK-8); zero
	// for a short video.
	LiveDuration time.Duration
	// Template is what the creator accepts; the zero Template means
	// DefaultTemplate(Format).
	Template Template
	// Components are component ids from the advertiser's library, at most
	// MaxComponents.
	Components []string
	// Settlement is the settlement model (STL-1); the zero value is the
	// fixed price. For CPM and CPS, Price is the cap: what is frozen (with
	// its fee) and the most the creator side can be paid.
	Settlement Settlement
	// Campaign is the campaign the order reserves from (CAM-1), "" for
	// none; Service.Order needs WithCampaigns for it.
	Campaign string
}

// Request is a command with its arguments.
type Request struct {
	Command Command
	// Reason: rejections, declines, cancellations (required there); a
	// note of at most starmap.TextNote's length, kept in the history.
	Reason string
	// Ref names what is submitted or published (script, video, post id):
	// one line of at most starmap.TextLine's length.
	Ref string
	// Text is the submitted script, or the video's caption and talking
	// points (CmdSubmitScript, CmdSubmitVideo): a document of at most
	// starmap.TextBody's length, checked against the template (CPL-1 …
	// CPL-3) and not stored — Ref names it. Optional: a submission
	// without text is not checked (see "Review and compliance").
	Text string
	// Answers are the reviewer's review checklist (CPL-4) on
	// CmdApproveScript, CmdRejectScript, CmdApproveVideo, CmdRejectVideo:
	// one answer per item of the review form, or none.
	Answers []compliance.Answer
	// Finding is the finding of the submission under review the platform
	// waives (CmdWaiveFinding), as Task.Submission lists it.
	Finding compliance.Finding
	// Start is the planned start of a live broadcast (CmdSchedule).
	Start time.Time
	// Duration is the actual length of a broadcast (CmdEndBroadcast).
	Duration time.Duration
	// Metrics are the results reported (CmdReportResults): cumulative
	// figures that replace the task's previous metrics wholesale — every
	// field, even one that goes down (the platform corrects its counts). A
	// report whose Metrics are the zero value carries none and leaves the
	// task's metrics (and a CPM task's plays) as they were; a report with
	// neither metrics nor sales is refused (ErrResultsEmpty).
	Metrics Metrics
	// MCN is the agency the claiming creator is signed to, "" if
	// independent (CmdClaim). Apply trusts it: the host vouches for it,
	// unless the Service has a SigningLookup (WithSigningLookup), which
	// fills it in and refuses a claim naming another MCN.
	MCN string
	// Deliverables are the acceptance's verdicts, one per deliverable of
	// the template, for a task settled by deliverable (CmdAcceptDelivery);
	// nil accepts every deliverable.
	Deliverables []bool
	// Sales are attributed orders and refunds of a CPS task, reported with
	// CmdReportResults; they are appended to what was reported before. A
	// report may carry sales alone (the CPS flow): the metrics stay as the
	// last report that carried metrics left them.
	Sales []Sale
}

// Change is one entry of a task's history: who did what when, from
// which state to which, with the reason or submission given. The first
// entry is the ordering: Command 0 ("order"), From 0, To StatePending (or
// StateOpen for an order without a creator).
type Change struct {
	Seq     int // 1-based position in the history
	Command Command
	From    State
	To      State
	Actor   starmap.Actor
	At      time.Time
	Reason  string
	Ref     string
	// Compliance is what the review path recorded (CPL-2 … CPL-4): a
	// submission's findings, a waiver, a review's checklist and what its
	// rejection cites; zero for other commands.
	// Stored only when set (omitzero): most entries record none, and an
	// empty one is most of an entry's JSON, written back on every change.
	Compliance Compliance `json:",omitzero"`
}

// Task is the order aggregate. Its state is unexported and changes only
// through Apply, which validates everything before it changes anything.
type Task struct {
	id, advertiser, creator, mcn string
	// signing and mcnShareBP: the MCN signing in force when the task was
	// ordered or claimed and its share in basis points (MCN-2, TSK-5); empty
	// when no signing lookup gave one (the policy's MCNShare applies).
	signing      string
	mcnShareBP   int
	format       starmap.Format
	price, fee   decimal.Decimal
	liveDuration time.Duration
	template     Template
	components   []MountedComponent
	policy       Policy
	orderedAt    time.Time

	state            State
	scriptRejections int
	videoRejections  int
	deliveredAt      time.Time // publication or valid broadcast end
	liveStart        time.Time // planned start
	liveCard         bool
	broadcastActual  time.Duration
	metrics          Metrics

	settlement Settlement
	campaign   string
	accepted   []bool
	sales      []Sale
	plays      int64     // CPM: exposure of the last report before the cut-off
	at         time.Time // the instant of the command being applied, for postings

	history  []Change
	postings []Posting
	version  uint64
}

// historyCap is the history capacity a new task starts with: enough for a
// task's usual life, so that transitions append without allocating.
const historyCap = 16

// loadedHistoryRoom is the spare history capacity FromRecord gives a
// loaded task: room for the few entries its command appends (a store
// loads a task per command); historyCap more would double the copy's
// size, every entry being some 400 bytes. clonedHistoryRoom is Clone's:
// the entry or two of the next command, for the service adopts a store's
// copy (adoptRecord) and appends to it.
const (
	loadedHistoryRoom = 4
	clonedHistoryRoom = 2
)

// maxLiveDuration bounds an ordered broadcast length.
const maxLiveDuration = 24 * time.Hour

// New validates an order placed by advertiser actor by at now under policy
// p, with mounted the snapshots a MountChecker returned for o.Components
// (in the same order; nil when none were asked for), and returns the
// pending (or open) task with its first history entry and the freeze
// posting (TSK-1, TSK-5). An order without a template gets
// DefaultTemplate(o.Format). It returns every problem of the order at once.
//
// New TRUSTS mounted: hosts order through Service.Order, which calls the
// MountChecker (CMP-3: valid components of the task's channel whose
// mini-program is up) and then New. New is the pure step; it checks only
// that the snapshots answer o.Components one for one (and that their texts
// are sound), so a host calling it directly must pass exactly what a
// MountChecker returned — anything else bypasses CMP-3.
func New(by starmap.Actor, now time.Time, o Order, p Policy, mounted []MountedComponent) (*Task, starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return nil, starmap.Event{}, err
	}
	if err := p.Validate(); err != nil {
		return nil, starmap.Event{}, err
	}
	o = o.withDefaults()
	errs := validateOrder(by, now, o, p)
	if err := checkMounted(o.Components, mounted); err != nil {
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return nil, starmap.Event{}, err
	}
	start := StatePending
	if o.Creator == "" {
		start = StateOpen
	}
	t := &Task{
		id: o.ID, advertiser: by.Advertiser(), creator: o.Creator, mcn: o.MCN,
		format: o.Format, price: o.Price, fee: feeOf(o.Price, p), liveDuration: o.LiveDuration,
		template: o.Template.clone(), policy: p, orderedAt: now,
		state: start, history: make([]Change, 0, historyCap),
		settlement: o.Settlement.clone(), campaign: o.Campaign, at: now,
	}
	if len(mounted) > 0 {
		t.components = append([]MountedComponent(nil), mounted...)
	}
	t.freeze()
	t.history = append(t.history, Change{Seq: 1, From: 0, To: start, Actor: by, At: now})
	return t, starmap.Event{Type: eventTypes[0], Subject: t.id, Actor: by, At: now, To: start.String()}, nil
}

// ValidateOrder checks an order by by at now under policy p without
// building it: what New checks except the mounted snapshots. Service.Order
// calls it before asking the MountChecker, so that a bad order costs no
// component lookups. An order without a template is checked with
// DefaultTemplate(o.Format).
func ValidateOrder(by starmap.Actor, now time.Time, o Order, p Policy) error {
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return joinErrs(validateOrder(by, now, o.withDefaults(), p))
}

// withDefaults returns the order with the default template when it has
// none.
func (o Order) withDefaults() Order {
	if o.Template.isZero() {
		o.Template = DefaultTemplate(o.Format)
	}
	return o
}

func validateOrder(by starmap.Actor, now time.Time, o Order, p Policy) []error {
	var errs []error
	if err := starmap.ValidateID("task id", o.ID); err != nil {
		errs = append(errs, err)
	}
	switch {
	case o.Creator == "":
		if o.MCN != "" {
			errs = append(errs, ErrOpenOrderMCN.New())
		}
	case starmap.ValidateID("creator id", o.Creator) != nil:
		errs = append(errs, starmap.ValidateID("creator id", o.Creator))
	case o.Creator == by.Advertiser():
		errs = append(errs, ErrSameParty.New())
	}
	if o.MCN != "" {
		if err := starmap.ValidateID("mcn id", o.MCN); err != nil {
			errs = append(errs, err)
		}
	}
	if !o.Format.Valid() {
		errs = append(errs, ErrFormatInvalid.New())
	}
	if err := checkPrice(o.Price, p); err != nil {
		errs = append(errs, err)
	}
	switch {
	case o.Format == starmap.FormatLive && (o.LiveDuration < time.Minute || o.LiveDuration > maxLiveDuration),
		o.Format == starmap.FormatShortVideo && o.LiveDuration != 0:
		errs = append(errs, ErrLiveDurationRequired.New(starmap.Arg("duration", o.LiveDuration.String())))
	}
	// The invitation window must end inside the calendar, or the task
	// could never expire (TSK-7).
	if err := inCalendar(now); err != nil {
		errs = append(errs, err)
	} else if err := windowFits(starmap.DateOf(now), p.InvitationDays, whatInvitation); err != nil {
		errs = append(errs, err)
	}
	if err := o.Template.Validate(starmap.DateOf(now)); err != nil {
		errs = append(errs, err)
	} else if err := o.Settlement.Validate(len(o.Template.Deliverables)); err != nil {
		errs = append(errs, err)
	}
	if o.Campaign != "" {
		if err := starmap.ValidateID("campaign id", o.Campaign); err != nil {
			errs = append(errs, err)
		}
	}
	if len(o.Components) > MaxComponents {
		n := strconv.Itoa(MaxComponents)
		errs = append(errs, ErrComponentsInvalid.New(starmap.LabeledArg("problem", "超过"+n+"个", "more than "+n)))
		return errs
	}
	seen := make(map[string]bool, len(o.Components))
	for _, id := range o.Components {
		if err := starmap.ValidateID("component id", id); err != nil {
			errs = append(errs, ErrComponentsInvalid.Wrap(err, starmap.LabeledArg("problem", "组件编号无效", "bad id")))
		} else if seen[id] {
			errs = append(errs, ErrComponentsInvalid.New(starmap.LabeledArg("problem", "组件"+id+"重复", "component "+id+" listed twice")))
		}
		seen[id] = true
	}
	return errs
}

// checkMounted checks that the snapshots answer the ids one for one, in
// order, and that what they carry is sound text.
func checkMounted(ids []string, mounted []MountedComponent) error {
	if len(ids) != len(mounted) {
		return ErrComponentsInvalid.New(starmap.LabeledArg("problem",
			"组件快照有"+strconv.Itoa(len(mounted))+"个,组件有"+strconv.Itoa(len(ids))+"个",
			strconv.Itoa(len(mounted))+" snapshots for "+strconv.Itoa(len(ids))+" components"))
	}
	for i := range ids {
		m := mounted[i]
		if m.ID != ids[i] {
			return ErrComponentsInvalid.New(starmap.LabeledArg("problem", "第"+strconv.Itoa(i+1)+"个快照不是组件"+ids[i],
				"snapshot "+strconv.Itoa(i)+" is not component "+ids[i]))
		}
		if err := componentTitleField.Validate(m.Title); err != nil {
			return ErrComponentsInvalid.Wrap(err, starmap.LabeledArg("problem", "组件"+ids[i]+"的标题无效", "component "+ids[i]+": bad title"))
		}
		if m.AppID != "" {
			if err := starmap.ValidateID("app id", m.AppID); err != nil {
				return ErrComponentsInvalid.Wrap(err, starmap.LabeledArg("problem", "组件"+ids[i]+"的小程序编号无效", "component "+ids[i]+": bad app id"))
			}
		}
	}
	return nil
}

// Accessors.

// ID returns the task id.
func (t *Task) ID() string { return t.id }

// Advertiser returns the ordering advertiser's (main account) id.
func (t *Task) Advertiser() string { return t.advertiser }

// Creator returns the creator's id; "" while the task is open (and if it
// ended unclaimed).
func (t *Task) Creator() string { return t.creator }

// MCN returns the creator's agency, "" if independent.
func (t *Task) MCN() string { return t.mcn }

// Campaign returns the campaign the task was ordered in, "" for none.
func (t *Task) Campaign() string { return t.campaign }

// Format returns short video or live.
func (t *Task) Format() starmap.Format { return t.format }

// State returns the current state.
func (t *Task) State() State { return t.state }

// SubState returns the user-facing label of the current state (TSK-4).
func (t *Task) SubState() SubState { return t.state.SubState() }

// Price returns the ordered price.
func (t *Task) Price() decimal.Decimal { return t.price }

// Fee returns the service fee frozen with the price.
func (t *Task) Fee() decimal.Decimal { return t.fee }

// LiveDuration returns the ordered broadcast length (live tasks).
func (t *Task) LiveDuration() time.Duration { return t.liveDuration }

// BroadcastDuration returns the actual length of the valid broadcast.
func (t *Task) BroadcastDuration() time.Duration { return t.broadcastActual }

// LiveStart returns the planned start of the broadcast, if scheduled.
func (t *Task) LiveStart() time.Time { return t.liveStart }

// LiveCardShown reports the creator's live card switch (seed 000).
func (t *Task) LiveCardShown() bool { return t.liveCard }

// Template returns a copy of the task's template.
func (t *Task) Template() Template { return t.template.clone() }

// Components returns a copy of the components mounted at ordering (CMP-4:
// the task detail shows them).
func (t *Task) Components() []MountedComponent {
	return append([]MountedComponent(nil), t.components...)
}

// Policy returns the policy the task was ordered under.
func (t *Task) Policy() Policy { return t.policy }

// OrderedAt returns when the task was ordered.
func (t *Task) OrderedAt() time.Time { return t.orderedAt }

// Rejections returns how often the advertiser rejected the script and the
// video: the use of its budget (TSK-8). The platform's review rejections
// do not count (they are in the history).
func (t *Task) Rejections() (script, video int) { return t.scriptRejections, t.videoRejections }

// Metrics returns the latest results report (TSK-6), zero before one.
func (t *Task) Metrics() Metrics { return t.metrics }

// History returns a copy of the history, oldest first.
func (t *Task) History() []Change { return appendChanges(nil, t.history) }

// HistoryLen returns the number of history entries (the ordering and one
// per applied command).
func (t *Task) HistoryLen() int { return len(t.history) }

// Postings returns a copy of the task's postings, oldest first.
func (t *Task) Postings() []Posting { return append([]Posting(nil), t.postings...) }

// Version returns the version the task was loaded at (0 for a new task).
func (t *Task) Version() uint64 { return t.version }

// DeliveredOn returns the day the task was published or validly
// broadcast, if it was.
func (t *Task) DeliveredOn() (starmap.Date, bool) {
	if t.deliveredAt.IsZero() {
		return starmap.Date{}, false
	}
	return starmap.DateOf(t.deliveredAt), true
}

// Deadline returns the clock-driven command the task is waiting on and the
// last day (inclusive, X-1) before it is owed: the invitation's last day
// for a pending or open task, the advertiser's last day to accept a
// delivered one. A window of n days after day D ends on D+n; the command
// is owed from D+n+1 00:00 CST (TSK-7). Every window ends before
// starmap.MaxDate(): a command that would start one ending later is refused
// (ErrBeyondCalendar), so no task waits forever.
func (t *Task) Deadline() (Command, starmap.Date, bool) {
	switch t.state {
	case StatePending, StateOpen:
		return CmdExpire, starmap.DateOf(t.orderedAt).AddDays(t.policy.InvitationDays), true
	case StatePublished:
		return CmdAutoAccept, starmap.DateOf(t.deliveredAt).AddDays(t.policy.AutoAcceptDays), true
	case StateBroadcast:
		return CmdAutoAccept, starmap.DateOf(t.deliveredAt).AddDays(t.policy.LiveConfirmDays), true
	case StateSettled:
		if t.settlementOpen() {
			d, _ := t.locksOn()
			return CmdCloseSettlement, d, true
		}
	}
	return 0, starmap.Date{}, false
}

// Due returns the clock-driven command owed at now, if any (TSK-7).
func (t *Task) Due(now time.Time) (Command, bool) {
	c, last, ok := t.Deadline()
	if !ok || !starmap.DateOf(now).After(last) {
		return 0, false
	}
	return c, true
}

// dueAt is the instant the clock-driven command becomes owed: 00:00 CST of
// the day after the deadline; the zero time when nothing is waited on.
// Record.DueAt carries it, so that a store answers ListDue from an index.
func (t *Task) dueAt() time.Time {
	_, last, ok := t.Deadline()
	if !ok {
		return time.Time{}
	}
	return last.AddDays(1).StartOfDay()
}

// The instants a command may carry: the days of the calendar, from
// starmap.MinDate() 00:00 CST to the end of starmap.MaxDate().
var (
	calendarStart = starmap.MinDate().StartOfDay()
	calendarEnd   = starmap.MaxDate().StartOfDay().Add(24 * time.Hour)
)

// What a beyond-the-calendar refusal names.
var (
	whatNow         = starmap.LabeledArg("what", "操作时间", "the time of the command")
	whatInvitation  = starmap.LabeledArg("what", "邀请的截止日期", "the invitation's deadline")
	whatAcceptance  = starmap.LabeledArg("what", "自动验收的截止日期", "the automatic acceptance deadline")
	whatLiveStart   = starmap.LabeledArg("what", "开播时间", "the planned start")
	calendarLastDay = starmap.Arg("max", starmap.MaxDate())
)

// inCalendar refuses an instant outside the calendar's days, and the zero
// time, which is what a broken clock answers, not an instant.
func inCalendar(at time.Time) error {
	if at.IsZero() || at.Before(calendarStart) || !at.Before(calendarEnd) {
		return ErrBeyondCalendar.New(whatNow, calendarLastDay)
	}
	return nil
}

// windowFits refuses a window of n days after day that would end so late
// that the command it leads to could not be owed on a day of the calendar.
func windowFits(day starmap.Date, n int, what starmap.Param) error {
	if day.DaysUntil(starmap.MaxDate()) <= n {
		return ErrBeyondCalendar.New(what, calendarLastDay)
	}
	return nil
}

// Can reports whether by may issue c on the task now, by the table and
// the task's parties, without checking guards (false for an invalid
// actor): what a UI asks to show a button. It allocates nothing.
func (t *Task) Can(by starmap.Actor, c Command) bool {
	if !validActor(by) || !c.Valid() || !t.state.Valid() {
		return false
	}
	e := &table[formatIndex(t.format)][t.state][c]
	if !e.ok {
		return false
	}
	switch by.Role() {
	case starmap.RoleAdvertiser, starmap.RoleAdvertiserSub:
		return e.parties&PartyAdvertiser != 0 && by.Advertiser() == t.advertiser
	case starmap.RoleCreator:
		return e.parties&PartyCreator != 0 && (by.ID() == t.creator || t.state == StateOpen)
	case starmap.RoleMCN:
		return e.parties&PartyCreator != 0 && e.guards&GuardInPerson == 0 && t.mcn != "" && by.ID() == t.mcn
	case starmap.RolePlatform:
		return e.parties&PartyPlatform != 0
	}
	return false
}

// validActor answers by.Validate() == nil.
func validActor(by starmap.Actor) bool { return by.Validate() == nil }

// isParty checks the actor's identity against the task: the ordering
// advertiser (main or sub-account), the creator or its MCN, or any
// platform actor.
func (t *Task) isParty(by starmap.Actor) bool {
	switch by.Role() {
	case starmap.RoleAdvertiser, starmap.RoleAdvertiserSub:
		return by.Advertiser() == t.advertiser
	case starmap.RoleCreator:
		// Anyone may claim an open task; the table lets creators do
		// nothing else there.
		return by.ID() == t.creator || t.state == StateOpen
	case starmap.RoleMCN:
		return t.mcn != "" && by.ID() == t.mcn
	case starmap.RolePlatform:
		return true
	}
	return false
}

// Apply decides and applies one command r by actor by at now (TSK-1 …
// TSK-3, TSK-6 … TSK-8): it checks the actor (ErrActorInvalid before
// anything else), the table (state, format, party), the actor's identity,
// the written reason or reference the edge needs, the texts given
// (starmap.ErrTextInvalid), the instant (ErrBeyondCalendar) and the edge's
// other guards, and on success changes the state, records a Change,
// appends the command's postings and returns the event. On error nothing
// changed. The review path (CPL-2 … CPL-4) runs with the zero Reviewer:
// compliance.NewChecker()'s lists, the standard form, the default
// compliance.Policy; ApplyWith takes the host's.
func (t *Task) Apply(by starmap.Actor, now time.Time, r Request) (starmap.Event, error) {
	return t.ApplyWith(by, now, r, Reviewer{})
}

// ApplyWith is Apply with the host's Reviewer: the checker a submission's
// text is checked with, the review form and the review policy (see
// "Review and compliance" in the package doc). Service.Do calls it with
// the Service's options.
func (t *Task) ApplyWith(by starmap.Actor, now time.Time, r Request, rv Reviewer) (starmap.Event, error) {
	if !validActor(by) {
		return starmap.Event{}, by.Validate()
	}
	c := r.Command
	if !c.Valid() {
		return starmap.Event{}, ErrUnknownCommand.New(starmap.Arg("command", strconv.Itoa(int(c))))
	}
	e := &table[formatIndex(t.format)][t.state][c]
	if !e.ok {
		return starmap.Event{}, t.notAllowed(c)
	}
	party := PartyOf(by)
	if e.parties&party == 0 {
		return starmap.Event{}, t.wrongActor(c, by, e.parties)
	}
	if e.guards&GuardInPerson != 0 && by.Role() != starmap.RoleCreator {
		return starmap.Event{}, t.wrongActor(c, by, 0)
	}
	if !t.isParty(by) {
		return starmap.Event{}, ErrNotAParty.New(actorP(by), starmap.LabeledArg("party", party.Label(starmap.ZH), party.String()))
	}
	// A reason or reference that shows nothing is none (checked before
	// the text's form, so that a lone control character reads as
	// missing).
	if e.guards&GuardReason != 0 && blank(r.Reason) {
		return starmap.Event{}, ErrReasonRequired.New(cmdP(c))
	}
	if e.guards&GuardRef != 0 && blank(r.Ref) {
		return starmap.Event{}, ErrSubmissionRequired.New(cmdP(c))
	}
	if err := checkRequestText(r); err != nil {
		return starmap.Event{}, err
	}
	if r.Deliverables != nil && (c != CmdAcceptDelivery || t.settlement.Model != ModelDeliverable ||
		len(r.Deliverables) != len(t.template.Deliverables)) {
		return starmap.Event{}, ErrDeliverablesInvalid.New(starmap.Arg("given", len(r.Deliverables)), starmap.Arg("want", len(t.template.Deliverables)))
	}
	if err := inCalendar(now); err != nil {
		return starmap.Event{}, err
	}
	to := e.to
	if e.guards&^(GuardReason|GuardRef|GuardInPerson) != 0 {
		var err error
		if to, err = t.checkGuards(r, by, e, now); err != nil {
			return starmap.Event{}, err
		}
	}
	var cpl Compliance
	if e.guards&GuardCompliance != 0 {
		var err error
		if cpl, err = t.review(by, now, r, rv); err != nil {
			return starmap.Event{}, err
		}
	}
	from := t.state
	t.effects(r, by, party, from, to, now)
	t.state = to
	t.history = append(t.history, Change{Seq: len(t.history) + 1, Command: c, From: from, To: to,
		Actor: by, At: now, Reason: r.Reason, Ref: r.Ref, Compliance: cpl})
	return starmap.Event{Type: eventTypes[c], Subject: t.id, Actor: by, At: now,
		From: states[from].name, To: states[to].name, Note: r.Reason}, nil
}

func (t *Task) notAllowed(c Command) error {
	// The command exists for the other format only: say so.
	other := 1 - formatIndex(t.format)
	for s := 1; s < numStates; s++ {
		if table[other][s][c].ok {
			ok := false
			for s2 := 1; s2 < numStates; s2++ {
				ok = ok || table[formatIndex(t.format)][s2][c].ok
			}
			if !ok {
				return ErrWrongFormat.New(starmap.LabeledArg("format", t.format.Label(starmap.ZH), t.format.String()), cmdP(c))
			}
			break
		}
	}
	return ErrNotAllowedInState.New(stateP(t.state), cmdP(c))
}

func (t *Task) wrongActor(c Command, by starmap.Actor, allowed Party) error {
	var roles []starmap.Role
	if allowed&PartyAdvertiser != 0 {
		roles = append(roles, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub)
	}
	switch {
	case allowed == 0: // the creator in person
		roles = append(roles, starmap.RoleCreator)
	case allowed&PartyCreator != 0:
		roles = append(roles, starmap.RoleCreator, starmap.RoleMCN)
	}
	if allowed&PartyPlatform != 0 {
		roles = append(roles, starmap.RolePlatform)
	}
	return ErrActorNotAllowed.Wrap(starmap.RequireRole(by, roles...), actorP(by), stateP(t.state), cmdP(c))
}

// checkGuards returns the target state (the Else branch when a broadcast
// fell short) or the first broken guard's error. The reason, reference
// and in-person guards were checked by Apply.
func (t *Task) checkGuards(r Request, by starmap.Actor, e *cell, now time.Time) (State, error) {
	g, c := e.guards, r.Command
	if c == CmdCloseSettlement && !t.settlementOpen() {
		return 0, ErrSettlementNotOpen.New()
	}
	// The budget is the advertiser's (TSK-8); the platform's review
	// rejections neither consume nor are stopped by it.
	advertiser := by.IsAdvertiser()
	if g&GuardScriptBudget != 0 && advertiser && t.scriptRejections >= t.policy.ScriptRejections {
		return 0, ErrRejectionBudgetUsed.New(starmap.LabeledArg("stage", "脚本", "script"),
			starmap.Arg("used", t.scriptRejections), starmap.Arg("max", t.policy.ScriptRejections))
	}
	if g&GuardVideoBudget != 0 && advertiser && t.videoRejections >= t.policy.VideoRejections {
		return 0, ErrRejectionBudgetUsed.New(starmap.LabeledArg("stage", "视频", "video"),
			starmap.Arg("used", t.videoRejections), starmap.Arg("max", t.policy.VideoRejections))
	}
	if g&(GuardInvitationOpen|GuardDue) != 0 {
		_, last, _ := t.Deadline()
		passed := starmap.DateOf(now).After(last)
		if g&GuardInvitationOpen != 0 && passed {
			return 0, ErrInvitationClosed.New(starmap.Arg("deadline", last))
		}
		if g&GuardDue != 0 && !passed {
			return 0, ErrNotDue.New(cmdP(c), starmap.Arg("deadline", last))
		}
	}
	if g&GuardScheduleFuture != 0 {
		if r.Start.IsZero() || r.Start.Before(now) {
			return 0, ErrScheduleInvalid.New(starmap.Arg("start", r.Start.Format(time.RFC3339)))
		}
		if !r.Start.Before(calendarEnd) {
			return 0, ErrBeyondCalendar.New(whatLiveStart, calendarLastDay)
		}
	}
	if g&GuardStartWindow != 0 {
		if earliest := t.liveStart.Add(-t.policy.LiveEarlyStart); now.Before(earliest) {
			return 0, ErrBroadcastTooEarly.New(starmap.Arg("start", t.liveStart.Format(time.RFC3339)),
				starmap.Arg("earliest", earliest.Format(time.RFC3339)))
		}
	}
	if g&GuardLiveCard != 0 {
		if len(t.components) == 0 {
			return 0, ErrNoLiveComponent.New()
		}
		if want := c == CmdShowLiveCard; want == t.liveCard {
			shown := starmap.LabeledArg("shown", "隐藏", "hidden")
			if t.liveCard {
				shown = starmap.LabeledArg("shown", "展示", "shown")
			}
			return 0, ErrLiveCardUnchanged.New(shown)
		}
	}
	if c == CmdClaim && by.ID() == t.advertiser {
		return 0, ErrSameParty.New()
	}
	if c == CmdClaim && r.MCN != "" {
		if err := starmap.ValidateID("mcn id", r.MCN); err != nil {
			return 0, err
		}
	}
	if g&GuardMetrics != 0 {
		if r.Metrics.zero() && len(r.Sales) == 0 {
			return 0, ErrResultsEmpty.New()
		}
		if err := r.Metrics.Validate(); err != nil {
			return 0, err
		}
		if len(t.components) == 0 && r.Metrics.ComponentClicks != 0 {
			return 0, ErrComponentClicksWithoutComponent.New(starmap.Arg("clicks", r.Metrics.ComponentClicks))
		}
		if len(r.Sales) > 0 && t.released() {
			return 0, ErrSalesInvalid.New(starmap.Arg("order", "-"), starmap.LabeledArg("problem", "结算已完成", "the settlement closed"))
		}
		if err := t.checkSales(now, r.Sales); err != nil {
			return 0, err
		}
	}
	to := e.to
	if g&GuardBroadcastLength != 0 {
		if r.Duration <= 0 || r.Duration > maxLiveDuration*2 {
			return 0, ErrBroadcastDurationInvalid.New(starmap.Arg("duration", r.Duration.String()))
		}
		// The creator side reports the duration; it cannot exceed the
		// time the task has actually been on air.
		if onAir := t.onAirAt(); r.Duration > now.Sub(onAir) {
			return 0, ErrBroadcastLongerThanAir.New(starmap.Arg("duration", r.Duration.String()),
				starmap.Arg("elapsed", now.Sub(onAir).Truncate(time.Second).String()), starmap.Arg("on_air", onAir.Format(time.RFC3339)))
		}
		if r.Duration < t.liveDuration {
			to = e.els
		}
	}
	// A delivery starts the advertiser's acceptance window, which must end
	// inside the calendar (TSK-7).
	if g&GuardWindowFits != 0 {
		switch to {
		case StatePublished:
			if err := windowFits(starmap.DateOf(now), t.policy.AutoAcceptDays, whatAcceptance); err != nil {
				return 0, err
			}
		case StateBroadcast:
			if err := windowFits(starmap.DateOf(now), t.policy.LiveConfirmDays, whatAcceptance); err != nil {
				return 0, err
			}
		}
		// A CPM or CPS settlement must lock inside the calendar too, or
		// its close could never be owed (STL-1).
		if n := t.lockDays(); (to == StatePublished || to == StateBroadcast) && n > 0 {
			if err := windowFits(starmap.DateOf(now), n, whatAcceptance); err != nil {
				return 0, err
			}
		}
	}
	return to, nil
}

// onAirAt is when the task last went on air: the instant of the last
// start_broadcast in the history (the zero time if it never did).
func (t *Task) onAirAt() time.Time {
	for i := len(t.history) - 1; i >= 0; i-- {
		if t.history[i].Command == CmdStartBroadcast {
			return t.history[i].At
		}
	}
	return time.Time{}
}

// actorP is the actor parameter of a message: role:id in English, the
// role's Chinese label and the id in zh-CN.
func actorP(by starmap.Actor) starmap.Param {
	id := by.ID()
	if by.Role() == starmap.RoleAdvertiserSub {
		id = by.AdvertiserOf() + "/" + id
	}
	return starmap.LabeledArg("actor", by.Role().Label(starmap.ZH)+"("+id+")", by.String())
}

func cmdP(c Command) starmap.Param {
	return starmap.LabeledArg("command", c.Label(starmap.ZH), c.String())
}

func stateP(s State) starmap.Param {
	return starmap.LabeledArg("state", s.Label(starmap.ZH), s.String())
}

// The free-text fields of the package, each validated by the root's one
// text validator (starmap.ErrTextInvalid) on every value that enters.
var (
	reasonField         = starmap.TextField{ZH: "原因", EN: "reason", Kind: starmap.TextNote}
	refField            = starmap.TextField{ZH: "提交内容", EN: "submission reference", Kind: starmap.TextLine}
	deliverableField    = starmap.TextField{ZH: "交付项", EN: "deliverable", Kind: starmap.TextLine}
	requirementsField   = starmap.TextField{ZH: "风格与脚本要求", EN: "requirements", Kind: starmap.TextBody}
	componentTitleField = starmap.TextField{ZH: "组件标题", EN: "component title", Kind: starmap.TextLine}
)

// checkRequestText validates the reason and the reference of a request.
func checkRequestText(r Request) error {
	if r.Reason != "" {
		if err := reasonField.Validate(r.Reason); err != nil {
			return err
		}
	}
	if r.Ref != "" {
		return refField.Validate(r.Ref)
	}
	return nil
}

// blank reports whether s shows nothing: only white space (any Unicode
// space, such as the ideographic space U+3000 or the no-break space
// U+00A0), control characters, and format characters such as the
// zero-width space U+200B, joiners U+200C/U+200D, the word joiner U+2060
// and the byte-order mark U+FEFF (Unicode category Cf). A reason or a
// reference made of these is no reason or reference at all.
func blank(s string) bool {
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b > ' ' && b != 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
		i += n
	}
	return true
}

// effects applies what a command does besides the state: counters, dates,
// money. It runs only after every check passed.
func (t *Task) effects(r Request, by starmap.Actor, party Party, from, to State, now time.Time) {
	t.at = now
	switch r.Command {
	case CmdRejectScript:
		if party == PartyAdvertiser {
			t.scriptRejections++
		}
	case CmdRejectVideo:
		if party == PartyAdvertiser {
			t.videoRejections++
		}
	case CmdPublish:
		t.deliveredAt = now
	case CmdSchedule:
		t.liveStart = r.Start
	case CmdEndBroadcast:
		if to == StateBroadcast {
			t.deliveredAt, t.broadcastActual = now, r.Duration
		} else {
			t.liveStart, t.liveCard = time.Time{}, false
		}
	case CmdShowLiveCard:
		t.liveCard = true
	case CmdHideLiveCard:
		t.liveCard = false
	case CmdReportResults:
		// Only a report that carries metrics replaces them (wholesale); one
		// with sales alone leaves them, and the plays, as they were.
		if !r.Metrics.zero() {
			t.metrics = r.Metrics
			if t.settlement.Model == ModelCPM && now.Before(t.cutoffEnd()) {
				t.plays = r.Metrics.Exposure
			}
		}
		t.sales = append(t.sales, r.Sales...)
	case CmdAcceptDelivery, CmdAutoAccept:
		if t.settlement.Model == ModelDeliverable {
			t.accepted = make([]bool, len(t.template.Deliverables))
			for i := range t.accepted {
				t.accepted[i] = r.Deliverables == nil || r.Deliverables[i]
			}
		}
		if !t.settlement.Model.deferred() {
			t.settleModel(now)
		}
	case CmdCloseSettlement:
		t.settleModel(now)
	case CmdDecline, CmdExpire:
		t.refundAll()
	case CmdCancel:
		t.refundCancel(ProgressOf(from), party)
	case CmdClaim:
		t.creator, t.mcn = by.ID(), r.MCN
	}
}
