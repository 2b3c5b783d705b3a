package onboarding

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/starmap-go/starmap"
)

// Kind is what an application is for.
type Kind uint8

// The kinds of application.
const (
	KindCreator  Kind = iota + 1 // a creator's account (ONB-1 … ONB-4)
	KindAgency                   // an MCN agency (ONB-6)
	KindMerchant                 // a merchant's one-click opening (ONB-7)
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindCreator:
		return "creator"
	case KindAgency:
		return "agency"
	case KindMerchant:
		return "merchant"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// State is where an application stands (ONB-9).
type State uint8

// The states of an application. The zero State is "not yet submitted".
const (
	StateSubmitted State = iota + 1 // 已提交, waiting for review
	StateApproved                   // 已确认入驻: confirmed, the account is to open by the deadline
	StateRejected                   // 已驳回, with reasons; terminal
	StateOpened                     // 已开通: the Star Map account is open; terminal
)

// String names the state.
func (s State) String() string {
	switch s {
	case 0:
		return "none"
	case StateSubmitted:
		return "submitted"
	case StateApproved:
		return "approved"
	case StateRejected:
		return "rejected"
	case StateOpened:
		return "opened"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Step is a command on an application.
type Step uint8

// The steps.
const (
	StepSubmit        Step = iota + 1 // the applicant submits
	StepGrantApproval                 // the platform grants an agency a special approval (特批)
	StepApprove                       // the platform confirms onboarding; the deadline is fixed
	StepReject                        // the platform rejects, with reasons
	StepOpen                          // the platform opens the Star Map account
)

// String names the step; events are typed "onboarding.application_" + it.
func (s Step) String() string {
	switch s {
	case StepSubmit:
		return "submitted"
	case StepGrantApproval:
		return "special_approval_granted"
	case StepApprove:
		return "approved"
	case StepReject:
		return "rejected"
	case StepOpen:
		return "opened"
	}
	return "Step(" + strconv.Itoa(int(s)) + ")"
}

// EventType is the Event.Type of the step.
func (s Step) EventType() string { return "onboarding.application_" + s.String() }

// Transition is one row of the application's transition table.
type Transition struct {
	From  State
	Step  Step
	To    State
	Roles []starmap.Role
}

// Transitions lists the application's transition table (ONB-9), for
// documentation and diagrams. Submit is from the zero State. Submission is
// by the applicant's own role (creator or its MCN, agency, advertiser main
// account); everything after it by the platform.
func Transitions() []Transition {
	plat := []starmap.Role{starmap.RolePlatform}
	return []Transition{
		{0, StepSubmit, StateSubmitted, []starmap.Role{starmap.RoleCreator, starmap.RoleMCN, starmap.RoleAdvertiser}},
		{StateSubmitted, StepGrantApproval, StateSubmitted, plat},
		{StateSubmitted, StepApprove, StateApproved, plat},
		{StateSubmitted, StepReject, StateRejected, plat},
		{StateApproved, StepOpen, StateOpened, plat},
	}
}

func transition(from State, step Step) (Transition, bool) {
	for _, t := range Transitions() {
		if t.From == from && t.Step == step {
			return t, true
		}
	}
	return Transition{}, false
}

// Change is one entry of an application's history.
type Change struct {
	At    time.Time
	Actor starmap.Actor
	Step  Step
	From  State
	To    State
	// Note is the reason given (rejection reasons joined by "; ", the
	// special approval's reason, the deadline fixed by approval).
	Note string
}

// Application is an application to join the Star Map (ONB-9). Its state is
// unexported; it changes only through its methods, which validate first
// and change nothing on error. Rebuild one from storage with FromRecord.
type Application struct {
	r ApplicationRecord
}

// ApplicationRecord is the stored form of an Application: every field, its
// history and its version. Stores keep and return it as it is.
type ApplicationRecord struct {
	ID          string
	Kind        Kind
	Creator     Applicant // KindCreator
	Agency      Agency    // KindAgency
	Merchant    Merchant  // KindMerchant
	State       State
	SubmittedBy starmap.Actor
	SubmittedAt time.Time
	// ConfirmedOn is the day of approval; Deadline the last day to open by.
	ConfirmedOn starmap.Date
	Deadline    starmap.Date
	// DeadlineUnverified: the calendar had no schedule for the year of the
	// confirmation day or of the deadline (Calendar.Covers), so the
	// deadline was counted on weekends alone (ONB-5).
	DeadlineUnverified bool
	OpenedOn           starmap.Date
	Reasons            []string
	History            []Change
	Version            uint64
}

// Clone returns a deep copy of the record.
func (r ApplicationRecord) Clone() ApplicationRecord {
	r.Reasons = append([]string(nil), r.Reasons...)
	r.History = append([]Change(nil), r.History...)
	return r
}

// Subject is the id the application is about: the creator's platform
// account, the agency's id or the merchant's id.
func (r ApplicationRecord) Subject() string {
	switch r.Kind {
	case KindCreator:
		return r.Creator.AccountID
	case KindAgency:
		return r.Agency.ID
	case KindMerchant:
		return r.Merchant.ID
	}
	return ""
}

// FromRecord rebuilds an application from its stored record, checking that
// it is coherent (a known kind and state, a valid id, a history that ends in
// the state); it does not re-apply the eligibility rules.
func FromRecord(r ApplicationRecord) (*Application, error) {
	bad := func(zh, en string) (*Application, error) {
		return nil, ErrApplicationInvalid.New(problem("存储记录:"+zh, "record: "+en))
	}
	if err := starmap.ValidateID("application id", r.ID); err != nil {
		return bad("编号无效", "bad id")
	}
	if r.Kind < KindCreator || r.Kind > KindMerchant {
		return bad("类型未知", "unknown kind")
	}
	if r.State < StateSubmitted || r.State > StateOpened {
		return bad("状态未知", "unknown state")
	}
	if len(r.History) == 0 || r.History[len(r.History)-1].To != r.State {
		return bad("历史记录与状态不符", "history does not end in the state")
	}
	if (r.State == StateApproved || r.State == StateOpened) && (r.ConfirmedOn.IsZero() || r.Deadline.IsZero()) {
		return bad("已确认入驻却没有确认日或开通期限", "approved without confirmation day or deadline")
	}
	if r.State == StateOpened && r.OpenedOn.IsZero() {
		return bad("已开通却没有开通日", "opened without opening day")
	}
	return &Application{r: r.Clone()}, nil
}

// Record returns the application's stored form (a copy).
func (a *Application) Record() ApplicationRecord { return a.r.Clone() }

// ID returns the application's id.
func (a *Application) ID() string { return a.r.ID }

// Kind returns what the application is for.
func (a *Application) Kind() Kind { return a.r.Kind }

// State returns the current state.
func (a *Application) State() State { return a.r.State }

// Subject returns the id the application is about.
func (a *Application) Subject() string { return a.r.Subject() }

// Version returns the version the application was loaded at (0 if new).
func (a *Application) Version() uint64 { return a.r.Version }

// ConfirmedOn returns the day of approval (zero before it).
func (a *Application) ConfirmedOn() starmap.Date { return a.r.ConfirmedOn }

// Deadline returns the last day to open the account by (zero before approval).
func (a *Application) Deadline() starmap.Date { return a.r.Deadline }

// DeadlineVerified reports whether the deadline was counted on a calendar
// with the official schedule of every year it spans (Calendar.Covers);
// false before approval, and false when the calendar lacked a year and
// the deadline is the weekend rule's answer — possibly a public holiday
// (ONB-5). The host loads the missing year with starmap.ParseCalendar.
func (a *Application) DeadlineVerified() bool {
	return !a.r.Deadline.IsZero() && !a.r.DeadlineUnverified
}

// OpenedOn returns the day the account opened (zero before).
func (a *Application) OpenedOn() starmap.Date { return a.r.OpenedOn }

// Reasons returns the rejection reasons (a copy).
func (a *Application) Reasons() []string { return append([]string(nil), a.r.Reasons...) }

// History returns every change, oldest first (a copy).
func (a *Application) History() []Change { return append([]Change(nil), a.r.History...) }

// SLA is the standing of an application against its opening deadline (ONB-5).
type SLA uint8

// The SLA standings.
const (
	SLANone    SLA = iota // not approved: no deadline yet (or rejected)
	SLAPending            // approved, not opened, the deadline not passed
	SLAOverdue            // approved, not opened, the deadline passed
	SLAMet                // opened on or before the deadline
	SLAMissed             // opened after the deadline
)

// String names the standing.
func (s SLA) String() string {
	switch s {
	case SLANone:
		return "none"
	case SLAPending:
		return "pending"
	case SLAOverdue:
		return "overdue"
	case SLAMet:
		return "met"
	case SLAMissed:
		return "missed"
	}
	return "SLA(" + strconv.Itoa(int(s)) + ")"
}

// SLA tells, on day today, whether the opening deadline is pending, overdue,
// met or missed (ONB-5). The deadline day itself is still in time.
func (a *Application) SLA(today starmap.Date) SLA {
	switch a.r.State {
	case StateApproved:
		if today.After(a.r.Deadline) {
			return SLAOverdue
		}
		return SLAPending
	case StateOpened:
		if a.r.OpenedOn.After(a.r.Deadline) {
			return SLAMissed
		}
		return SLAMet
	}
	return SLANone
}

// DeadlineMet reports whether the account opened by the deadline; false
// before it opened.
func (a *Application) DeadlineMet() bool { return a.SLA(starmap.MaxDate) == SLAMet }

// Eligibility evaluates the submitted facts against p on day today.
func (a *Application) Eligibility(p Policy, today starmap.Date) Decision {
	switch a.r.Kind {
	case KindCreator:
		return CheckCreator(p, a.r.Creator)
	case KindAgency:
		return CheckAgency(p, a.r.Agency, today)
	}
	return CheckMerchant(a.r.Merchant)
}

// Submission is what an applicant submits: exactly one of the three facts,
// matching Kind.
type Submission struct {
	Kind     Kind
	Creator  Applicant
	Agency   Agency
	Merchant Merchant
}

// Submit starts an application with id, submitted at now by actor (ONB-9).
// A creator application is submitted by the creator — a creator actor's id
// is its platform account id, so the actor's id must equal
// Creator.AccountID — or by the MCN agency it is signed to (MCN actor
// whose id is Creator.MCN); an agency application by that agency (MCN
// actor with the agency's id); a merchant application by the merchant's
// main account (advertiser actor with the merchant's id). Anyone else is
// ErrApplicantMismatch. Submit cannot know whether the creator really is
// signed to the MCN it names: Service.Submit asks the host's
// SigningVerifier, and a host calling Submit directly must verify the
// signing itself before storing the application. Eligibility is not
// decided at submission: the platform decides on approval.
func Submit(id string, now time.Time, actor starmap.Actor, s Submission) (*Application, starmap.Event, error) {
	if err := starmap.ValidateID("application id", id); err != nil {
		return nil, starmap.Event{}, ErrApplicationInvalid.New(idProblem("申请编号", err))
	}
	if now.IsZero() {
		return nil, starmap.Event{}, ErrApplicationInvalid.New(problem("缺少提交时间", "no submission time"))
	}
	if err := actor.Validate(); err != nil {
		return nil, starmap.Event{}, err
	}
	r := ApplicationRecord{ID: id, Kind: s.Kind}
	ok := false
	switch s.Kind {
	case KindCreator:
		r.Creator = s.Creator
		ok = (actor.Role() == starmap.RoleCreator && actor.ID() == s.Creator.AccountID) ||
			(actor.Role() == starmap.RoleMCN && s.Creator.MCN != "" && actor.ID() == s.Creator.MCN)
	case KindAgency:
		r.Agency = s.Agency
		r.Agency.Approval = SpecialApproval{} // only the platform grants one, later
		ok = actor.Role() == starmap.RoleMCN && actor.ID() == s.Agency.ID
	case KindMerchant:
		r.Merchant = s.Merchant
		ok = actor.Role() == starmap.RoleAdvertiser && actor.ID() == s.Merchant.ID
	default:
		return nil, starmap.Event{}, ErrApplicationInvalid.New(problem("申请类型未知("+s.Kind.Label(starmap.ZH)+")", "unknown kind "+s.Kind.String()))
	}
	if err := starmap.ValidateID("subject id", r.Subject()); err != nil {
		return nil, starmap.Event{}, ErrApplicationInvalid.New(idProblem(s.Kind.Label(starmap.ZH)+"编号", err))
	}
	if !ok {
		return nil, starmap.Event{}, ErrApplicantMismatch.New(actorParam("actor", actor), labelled("kind", s.Kind), starmap.Arg("subject", r.Subject()))
	}
	r.State = StateSubmitted
	r.SubmittedBy = actor
	r.SubmittedAt = now
	a := &Application{r: r}
	return a, a.record(now, actor, StepSubmit, 0, StateSubmitted, ""), nil
}

func (a *Application) record(now time.Time, actor starmap.Actor, step Step, from, to State, note string) starmap.Event {
	a.r.State = to
	a.r.History = append(a.r.History, Change{At: now, Actor: actor, Step: step, From: from, To: to, Note: note})
	return starmap.Event{Type: step.EventType(), Subject: a.r.ID, Actor: actor, At: now, From: from.String(), To: to.String(), Note: note}
}

// guard checks the actor and that the step is allowed from the state.
func (a *Application) guard(now time.Time, actor starmap.Actor, step Step) (Transition, error) {
	t, ok := transition(a.r.State, step)
	if !ok {
		return t, ErrApplicationState.New(labelled("state", a.r.State), labelled("step", step))
	}
	if err := starmap.RequireRole(actor, t.Roles...); err != nil {
		return t, err
	}
	if now.IsZero() {
		return t, ErrApplicationInvalid.New(problem("缺少操作时间", "no time given"))
	}
	return t, nil
}

// GrantSpecialApproval records a special approval (特批, ONB-6) on a
// submitted agency application: by a platform actor, on the day of now,
// with its reason.
func (a *Application) GrantSpecialApproval(now time.Time, actor starmap.Actor, reason string) (starmap.Event, error) {
	t, err := a.guard(now, actor, StepGrantApproval)
	if err != nil {
		return starmap.Event{}, err
	}
	if a.r.Kind != KindAgency {
		return starmap.Event{}, ErrApplicationInvalid.New(problem("特批仅适用于MCN机构入驻申请", "special approval is for agency applications"))
	}
	ap, err := GrantSpecialApproval(actor, starmap.DateOf(now), reason)
	if err != nil {
		return starmap.Event{}, err
	}
	a.r.Agency.Approval = ap
	return a.record(now, actor, t.Step, t.From, t.To, reason), nil
}

// Approve confirms onboarding (确认入驻) at now (ONB-9): the platform only,
// from submitted, when the submitted facts are eligible under p on the day
// of now — otherwise ErrNotEligible joined with every reason. It fixes the
// opening deadline: cal.AddWorkdays(confirmation day, p.OpeningWorkdays)
// (ONB-5; a nil cal is the weekend-only calendar). When cal has no
// schedule for the year of the confirmation day or of the deadline
// (Calendar.Covers) the deadline is kept but marked unverified
// (DeadlineVerified false, and the event's note says which year is
// missing): the weekend rule alone may land it on a public holiday.
func (a *Application) Approve(now time.Time, actor starmap.Actor, p Policy, cal *starmap.Calendar) (starmap.Event, error) {
	t, err := a.guard(now, actor, StepApprove)
	if err != nil {
		return starmap.Event{}, err
	}
	if err := p.Validate(); err != nil {
		return starmap.Event{}, err
	}
	today := starmap.DateOf(now)
	if d := a.Eligibility(p, today); !d.Eligible {
		return starmap.Event{}, notEligible(d)
	}
	a.r.ConfirmedOn = today
	a.r.Deadline = cal.AddWorkdays(today, p.OpeningWorkdays)
	a.r.DeadlineUnverified = !cal.Covers(today) || !cal.Covers(a.r.Deadline)
	note := "open by " + a.r.Deadline.String()
	if a.r.DeadlineUnverified {
		note += fmt.Sprintf(" (unverified: the calendar has no schedule for %d)", uncovered(cal, today, a.r.Deadline))
	}
	return a.record(now, actor, t.Step, t.From, t.To, note), nil
}

// uncovered is the first year of from..to the calendar has no data for.
func uncovered(cal *starmap.Calendar, from, to starmap.Date) int {
	if !cal.Covers(from) {
		return from.Year()
	}
	return to.Year()
}

func notEligible(d Decision) error {
	errs := make([]error, 0, len(d.Reasons)+1)
	errs = append(errs, ErrNotEligible.New(starmap.Arg("count", len(d.Reasons))))
	for _, r := range d.Reasons {
		errs = append(errs, r)
	}
	return joinErrs(errs)
}

// Reject rejects a submitted application with at least one written reason
// (ONB-9): the platform only. Rejection is final; the applicant applies
// again with a new application.
func (a *Application) Reject(now time.Time, actor starmap.Actor, reasons []string) (starmap.Event, error) {
	t, err := a.guard(now, actor, StepReject)
	if err != nil {
		return starmap.Event{}, err
	}
	var clean []string
	for _, r := range reasons {
		if r = strings.TrimSpace(r); r != "" {
			clean = append(clean, r)
		}
	}
	if len(clean) == 0 {
		return starmap.Event{}, ErrRejectReasonMissing.New()
	}
	a.r.Reasons = clean
	return a.record(now, actor, t.Step, t.From, t.To, strings.Join(clean, "; ")), nil
}

// Open records that the Star Map account opened at now (ONB-5, ONB-9): the
// platform only, from approved. Whether the deadline was met is then SLA.
func (a *Application) Open(now time.Time, actor starmap.Actor) (starmap.Event, error) {
	t, err := a.guard(now, actor, StepOpen)
	if err != nil {
		return starmap.Event{}, err
	}
	today := starmap.DateOf(now)
	if today.Before(a.r.ConfirmedOn) {
		return starmap.Event{}, ErrApplicationInvalid.New(problem("开通日早于确认入驻日", "opened before it was confirmed"))
	}
	a.r.OpenedOn = today
	note := "deadline " + a.r.Deadline.String() + " met"
	if today.After(a.r.Deadline) {
		note = fmt.Sprintf("deadline %s missed by %d day(s)", a.r.Deadline, a.r.Deadline.DaysUntil(today))
	}
	return a.record(now, actor, t.Step, t.From, t.To, note), nil
}
