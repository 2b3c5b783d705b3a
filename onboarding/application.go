package onboarding

import (
	"errors"
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

var kindNames = [...]name{{}, {"creator", "达人"}, {"agency", "MCN机构"}, {"merchant", "商家"}}

// String names the kind: creator, agency, merchant.
func (k Kind) String() string { return nameOf(kindNames[:], int(k), "Kind") }

// Label names the kind in lang (达人, MCN机构, 商家 in zh-CN).
func (k Kind) Label(lang starmap.Lang) string {
	return labelOf(kindNames[:], int(k), "Kind", "未知类型", lang)
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

var stateNames = [...]name{{"none", "未提交"}, {"submitted", "已提交"}, {"approved", "已确认入驻"}, {"rejected", "已驳回"}, {"opened", "已开通"}}

// String names the state: none, submitted, approved, rejected, opened.
func (s State) String() string { return nameOf(stateNames[:], int(s), "State") }

// Label names the state in lang (已提交, 已确认入驻 … in zh-CN).
func (s State) Label(lang starmap.Lang) string {
	return labelOf(stateNames[:], int(s), "State", "未知状态", lang)
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

var stepNames = [...]name{{}, {"submitted", "提交"}, {"special_approval_granted", "特批"}, {"approved", "确认入驻"}, {"rejected", "驳回"}, {"opened", "开通"}}

// String names the step; events are typed "onboarding.application_" + it.
func (s Step) String() string { return nameOf(stepNames[:], int(s), "Step") }

// Label names the step in lang (提交, 确认入驻 … in zh-CN).
func (s Step) Label(lang starmap.Lang) string {
	return labelOf(stepNames[:], int(s), "Step", "未知操作", lang)
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
	// Version is the version the record was read at: UpdateApplication
	// writes only if the stored version is still this one.
	Version uint64
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

// visibleTo reports whether by may read the application: the platform,
// the actor that submitted it, or the party it is about — the creator's
// account, the MCN a creator application names, the agency, the merchant's
// main account or one of its sub-accounts.
func (r ApplicationRecord) visibleTo(by starmap.Actor) bool {
	if by.Role() == starmap.RolePlatform || by == r.SubmittedBy {
		return true
	}
	switch r.Kind {
	case KindCreator:
		return (by.Role() == starmap.RoleCreator && by.ID() == r.Creator.AccountID) ||
			(by.Role() == starmap.RoleMCN && r.Creator.MCN != "" && by.ID() == r.Creator.MCN)
	case KindAgency:
		return by.Role() == starmap.RoleMCN && by.ID() == r.Agency.ID
	case KindMerchant:
		return by.IsAdvertiser() && by.Advertiser() == r.Merchant.ID
	}
	return false
}

// FromRecord rebuilds an application from its stored record, checking that
// it is coherent (a known kind and state, a valid id, a history that ends in
// the state, the days its state needs); it does not re-apply the
// eligibility rules. A record a store mangled is ErrApplicationInvalid,
// never a panic.
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

var slaNames = [...]name{{"none", "无开通期限"}, {"pending", "待开通"}, {"overdue", "已逾期未开通"}, {"met", "按期开通"}, {"missed", "逾期开通"}}

// String names the standing: none, pending, overdue, met, missed.
func (s SLA) String() string { return nameOf(slaNames[:], int(s), "SLA") }

// Label names the standing in lang (待开通, 按期开通 … in zh-CN).
func (s SLA) Label(lang starmap.Lang) string {
	return labelOf(slaNames[:], int(s), "SLA", "未知时效", lang)
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
func (a *Application) DeadlineMet() bool { return a.SLA(starmap.MaxDate()) == SLAMet }

// Eligibility evaluates the submitted facts against p on day today.
func (a *Application) Eligibility(today starmap.Date, p Policy) Decision {
	switch a.r.Kind {
	case KindCreator:
		return CheckCreator(p, a.r.Creator)
	case KindAgency:
		return CheckAgency(today, p, a.r.Agency)
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

// Submit starts an application with id, submitted by by at now (ONB-9).
// A creator application is submitted by the creator — a creator actor's id
// is its platform account id, so the actor's id must equal
// Creator.AccountID — or by the MCN agency it is signed to (MCN actor
// whose id is Creator.MCN); an agency application by that agency (MCN
// actor with the agency's id); a merchant application by the merchant's
// main account (advertiser actor with the merchant's id). Anyone else is
// ErrApplicantMismatch. Submit cannot know whether the creator really is
// signed to the MCN it names: Service.Submit asks the host's
// SigningVerifier, and a host calling Submit directly must verify the
// signing itself before storing the application. The ids are checked (the
// application's, the subject's, a named MCN's); eligibility is not decided
// at submission: the platform decides on approval.
func Submit(by starmap.Actor, now time.Time, id string, s Submission) (*Application, starmap.Event, error) {
	if err := starmap.ValidateID("application id", id); err != nil {
		return nil, starmap.Event{}, ErrApplicationInvalid.New(idProblem("申请编号", err))
	}
	if now.IsZero() {
		return nil, starmap.Event{}, ErrApplicationInvalid.New(problem("缺少提交时间", "no submission time"))
	}
	if err := by.Validate(); err != nil {
		return nil, starmap.Event{}, err
	}
	r := ApplicationRecord{ID: id, Kind: s.Kind}
	ok := false
	switch s.Kind {
	case KindCreator:
		r.Creator = s.Creator
		ok = (by.Role() == starmap.RoleCreator && by.ID() == s.Creator.AccountID) ||
			(by.Role() == starmap.RoleMCN && s.Creator.MCN != "" && by.ID() == s.Creator.MCN)
	case KindAgency:
		r.Agency = s.Agency
		r.Agency.Approval = SpecialApproval{} // only the platform grants one, later
		ok = by.Role() == starmap.RoleMCN && by.ID() == s.Agency.ID
	case KindMerchant:
		r.Merchant = s.Merchant
		ok = by.Role() == starmap.RoleAdvertiser && by.ID() == s.Merchant.ID
	default:
		return nil, starmap.Event{}, ErrApplicationInvalid.New(problem("申请类型未知("+s.Kind.Label(starmap.ZH)+")", "unknown kind "+s.Kind.String()))
	}
	if err := starmap.ValidateID("subject id", r.Subject()); err != nil {
		return nil, starmap.Event{}, ErrApplicationInvalid.New(idProblem(s.Kind.Label(starmap.ZH)+"编号", err))
	}
	if s.Kind == KindCreator && s.Creator.MCN != "" {
		if err := starmap.ValidateID("MCN id", s.Creator.MCN); err != nil {
			return nil, starmap.Event{}, ErrApplicationInvalid.New(idProblem("MCN机构编号", err))
		}
	}
	if !ok {
		return nil, starmap.Event{}, ErrApplicantMismatch.New(actorParam("actor", by), labelled("kind", s.Kind), starmap.Arg("subject", r.Subject()))
	}
	r.State = StateSubmitted
	r.SubmittedBy = by
	r.SubmittedAt = now
	a := &Application{r: r}
	return a, a.record(by, now, StepSubmit, 0, StateSubmitted, ""), nil
}

func (a *Application) record(by starmap.Actor, now time.Time, step Step, from, to State, note string) starmap.Event {
	a.r.State = to
	a.r.History = append(a.r.History, Change{At: now, Actor: by, Step: step, From: from, To: to, Note: note})
	return starmap.Event{Type: step.EventType(), Subject: a.r.ID, Actor: by, At: now, From: from.String(), To: to.String(), Note: note}
}

// guard checks the actor and that the step is allowed from the state.
func (a *Application) guard(by starmap.Actor, now time.Time, step Step) (Transition, error) {
	t, ok := transition(a.r.State, step)
	if !ok {
		return t, ErrApplicationState.New(labelled("state", a.r.State), labelled("step", step))
	}
	if err := starmap.RequireRole(by, t.Roles...); err != nil {
		return t, err
	}
	if now.IsZero() {
		return t, ErrApplicationInvalid.New(problem("缺少操作时间", "no time given"))
	}
	return t, nil
}

// GrantSpecialApproval records a special approval (特批, ONB-6) on a
// submitted agency application: by a platform actor, on the day of now,
// with its reason (a starmap.TextNote).
func (a *Application) GrantSpecialApproval(by starmap.Actor, now time.Time, reason string) (starmap.Event, error) {
	t, err := a.guard(by, now, StepGrantApproval)
	if err != nil {
		return starmap.Event{}, err
	}
	if a.r.Kind != KindAgency {
		return starmap.Event{}, ErrApplicationInvalid.New(problem("特批仅适用于MCN机构入驻申请", "special approval is for agency applications"))
	}
	ap, err := GrantSpecialApproval(by, starmap.DateOf(now), reason)
	if err != nil {
		return starmap.Event{}, err
	}
	a.r.Agency.Approval = ap
	return a.record(by, now, t.Step, t.From, t.To, reason), nil
}

// Approve confirms onboarding (确认入驻) at now (ONB-9): the platform only,
// from submitted, when the submitted facts are eligible under p on the day
// of now — otherwise ErrNotEligible joined with every reason. It fixes the
// opening deadline: cal.AddWorkdays(confirmation day, p.OpeningWorkdays)
// (ONB-5; a nil cal is the weekend-only calendar). When cal has no
// schedule for the year of the confirmation day or of the deadline
// (Calendar.Covers) the deadline is kept but marked unverified
// (DeadlineVerified false, and the event's note says which year is
// missing): the weekend rule alone may land it on a public holiday. A
// deadline past starmap.MaxDate() cannot be fixed: such an approval is
// ErrApplicationInvalid.
func (a *Application) Approve(by starmap.Actor, now time.Time, p Policy, cal *starmap.Calendar) (starmap.Event, error) {
	t, err := a.guard(by, now, StepApprove)
	if err != nil {
		return starmap.Event{}, err
	}
	if err := p.Validate(); err != nil {
		return starmap.Event{}, err
	}
	today := starmap.DateOf(now)
	if d := a.Eligibility(today, p); !d.Eligible {
		return starmap.Event{}, notEligible(d)
	}
	deadline := cal.AddWorkdays(today, p.OpeningWorkdays)
	// AddWorkdays stops at MaxDate: a deadline it could not reach would be
	// a day too early, so it is refused rather than recorded.
	if cal.WorkdaysBetween(today, deadline) != p.OpeningWorkdays {
		return starmap.Event{}, ErrApplicationInvalid.New(problem("开通期限超出可表示的日期范围", "the opening deadline falls after "+starmap.MaxDate().String()))
	}
	a.r.ConfirmedOn = today
	a.r.Deadline = deadline
	a.r.DeadlineUnverified = !cal.Covers(today) || !cal.Covers(deadline)
	note := "open by " + deadline.String()
	if a.r.DeadlineUnverified {
		note += fmt.Sprintf(" (unverified: the calendar has no schedule for %d)", uncovered(cal, today, deadline))
	}
	return a.record(by, now, t.Step, t.From, t.To, note), nil
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
	return errors.Join(errs...)
}

// Reject rejects a submitted application with at least one written reason
// (ONB-9): the platform only. Each reason is a starmap.TextNote (trimmed;
// blank ones are dropped), at most MaxRejectReasons of them. Rejection is
// final; the applicant applies again with a new application.
func (a *Application) Reject(by starmap.Actor, now time.Time, reasons []string) (starmap.Event, error) {
	t, err := a.guard(by, now, StepReject)
	if err != nil {
		return starmap.Event{}, err
	}
	clean, err := cleanReasons(reasons)
	if err != nil {
		return starmap.Event{}, err
	}
	a.r.Reasons = clean
	return a.record(by, now, t.Step, t.From, t.To, strings.Join(clean, "; ")), nil
}

// cleanReasons trims the reasons, drops the blank ones and checks the rest.
func cleanReasons(reasons []string) ([]string, error) {
	if len(reasons) > MaxRejectReasons {
		return nil, ErrApplicationInvalid.New(problem("驳回理由超过"+strconv.Itoa(MaxRejectReasons)+"条",
			"more than "+strconv.Itoa(MaxRejectReasons)+" rejection reasons"))
	}
	var clean []string
	for _, r := range reasons {
		if err := rejectReasonField.Validate(r); err != nil {
			return nil, err
		}
		if r = strings.TrimSpace(r); r != "" {
			clean = append(clean, r)
		}
	}
	if len(clean) == 0 {
		return nil, ErrRejectReasonMissing.New()
	}
	return clean, nil
}

// Open records that the Star Map account opened at now (ONB-5, ONB-9): the
// platform only, from approved. Whether the deadline was met is then SLA.
func (a *Application) Open(by starmap.Actor, now time.Time) (starmap.Event, error) {
	t, err := a.guard(by, now, StepOpen)
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
	return a.record(by, now, t.Step, t.From, t.To, note), nil
}
