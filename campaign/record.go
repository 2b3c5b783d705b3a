package campaign

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// Record is the stored form of a campaign: what a Store keeps, field for
// field, under ID. Build one with Campaign.Record and read one back with
// FromRecord, which checks every invariant of the aggregate.
type Record struct {
	ID         string
	Advertiser string // the owning advertiser's main-account id
	Name       string
	Objective  Objective
	// Targets are the KPI targets, at most one per metric, in metric order.
	Targets []Target
	Budget  decimal.Decimal
	// Pilot marks a 小规模试点 campaign; PilotBudget is its pilot budget
	// (zero when Pilot is false; at most Budget until graduation) and
	// GraduatedAt the instant the advertiser graduated it (zero while it
	// is still a pilot).
	Pilot       bool
	PilotBudget decimal.Decimal
	GraduatedAt time.Time
	State       State
	CreatedAt   time.Time
	// Reservations are the tasks' reservations, in task-id order.
	Reservations []Reservation
	// History is every change, oldest first.
	History []Entry
	Version uint64
}

// Reservation is what one task ordered in the campaign holds of its
// budget (CAM-1). Amount, reserved at ordering (price + fee), always
// equals Held + Spent + Released to the fen.
type Reservation struct {
	Task     string
	Amount   decimal.Decimal // reserved at ordering
	Held     decimal.Decimal // still reserved
	Spent    decimal.Decimal // settled
	Released decimal.Decimal // given back: releases, or the whole amount by a void
	State    ReservationState
	// Partial counts the releases and settlements that left something
	// held (at most MaxPartialMoves).
	Partial int
	At      time.Time     // when it was reserved
	By      starmap.Actor // who ordered
}

// Entry is one change in a campaign's history: who did what when,
// the campaign's state before and after, and for a money movement the task
// and the amount (for set-budget, the new budget).
type Entry struct {
	At      time.Time
	By      starmap.Actor
	Command Command
	From    State // zero for create
	To      State
	Task    string
	Amount  decimal.Decimal
	Note    string
}

// Clone returns a deep copy of r (for stores: they share no memory with
// their callers).
func (r Record) Clone() Record {
	r.Targets = append([]Target(nil), r.Targets...)
	r.Reservations = append([]Reservation(nil), r.Reservations...)
	r.History = append([]Entry(nil), r.History...)
	return r
}

// Limits that keep a campaign's record a size one write can store: a
// host with more tasks than MaxReservations opens another campaign.
const (
	// MaxReservations is the most tasks one campaign reserves for.
	MaxReservations = 20_000
	// MaxPartialMoves is the most releases and settlements of one
	// reservation that leave something held; the movement that ends a
	// reservation is always taken.
	MaxPartialMoves = 8
	// MaxCampaignEntries is the most history entries that are not money
	// movements (create, budget, targets, graduate, close).
	MaxCampaignEntries = 1_000
	// maxHistory bounds a whole history: the campaign's own entries and,
	// per reservation, its reservation, partial moves and final move.
	maxHistory = MaxCampaignEntries + MaxReservations*(MaxPartialMoves+2)
)

// The free-text fields (starmap.TextField).
var (
	nameField = starmap.TextField{ZH: "项目名称", EN: "campaign name", Kind: starmap.TextLine}
	noteField = starmap.TextField{ZH: "备注", EN: "note", Kind: starmap.TextNote}
)

// FromRecord rebuilds a campaign from storage, checking every invariant:
// ids, name, objective, targets, budgets, the pilot, the state, each
// reservation (Amount = Held + Spent + Released, its state agreeing with
// its figures, task ids unique and in order), the totals (reserved + spent
// never above the budget, nor above the pilot budget in the pilot phase)
// and the history (a create first, valid actors and commands, within the
// limits). A broken record is ErrRecordInvalid naming the problem.
func FromRecord(r Record) (Campaign, error) { return fromRecord(r.Clone()) }

// fromRecord is FromRecord keeping r's slices: r must be the caller's own
// (a Service's fresh load).
func fromRecord(r Record) (Campaign, error) {
	bad := func(zh, en string) (Campaign, error) {
		return Campaign{}, ErrRecordInvalid.New(starmap.Arg("campaign", r.ID), starmap.LabeledArg("problem", zh, en))
	}
	if starmap.ValidateID("campaign id", r.ID) != nil {
		return bad("项目编号无效", "bad campaign id")
	}
	if starmap.ValidateID("advertiser id", r.Advertiser) != nil {
		return bad("广告主编号无效", "bad advertiser id")
	}
	if r.Name == "" || nameField.Validate(r.Name) != nil {
		return bad("项目名称无效", "bad name")
	}
	if !r.Objective.Valid() {
		return bad("项目目标无效", "bad objective")
	}
	targets, err := normalizeTargets(r.Targets)
	if err != nil || len(targets) != len(r.Targets) {
		return bad("考核目标无效", "bad KPI targets")
	}
	for i := range targets {
		if targets[i].Metric != r.Targets[i].Metric {
			return bad("考核目标未按指标排序", "KPI targets out of order")
		}
	}
	if checkBudget(r.Budget) != nil {
		return bad("项目预算无效", "bad budget")
	}
	// After graduation the pilot budget is a record of the pilot: the
	// budget may since have been trimmed below it.
	switch {
	case r.Pilot && (checkBudget(r.PilotBudget) != nil || (r.GraduatedAt.IsZero() && r.PilotBudget.Cmp(r.Budget) > 0)):
		return bad("试点预算无效", "bad pilot budget")
	case !r.Pilot && (!r.PilotBudget.IsZero() || !r.GraduatedAt.IsZero()):
		return bad("非试点项目不应有试点预算或结束试点时间", "a campaign that is not a pilot has a pilot budget or graduation")
	}
	if !r.State.Valid() {
		return bad("项目状态无效", "bad state")
	}
	if len(r.Reservations) > MaxReservations || len(r.History) > maxHistory {
		return bad("预留或历史记录超过上限", "too many reservations or history entries")
	}
	c := Campaign{
		id: r.ID, advertiser: r.Advertiser, name: r.Name, objective: r.Objective, targets: targets,
		budget: r.Budget, pilot: r.Pilot, pilotBudget: r.PilotBudget, graduatedAt: r.GraduatedAt,
		state: r.State, createdAt: r.CreatedAt, version: r.Version,
		reservations: r.Reservations, history: r.History,
		reserved: decimal.Zero, spent: decimal.Zero,
	}
	for i, res := range r.Reservations {
		if i > 0 && r.Reservations[i-1].Task >= res.Task {
			return bad("预留未按任务编号排序或有重复", "reservations out of task-id order or repeated")
		}
		if problem := res.check(); problem != "" {
			return bad("任务"+res.Task+"的预留无效", "bad reservation of task "+res.Task+": "+problem)
		}
		c.reserved = c.reserved.Add(res.Held)
		c.spent = c.spent.Add(res.Spent)
	}
	committed := c.reserved.Add(c.spent)
	if committed.Cmp(c.budget) > 0 {
		return bad("已预留与已结算金额超过预算", "reserved and spent exceed the budget")
	}
	if c.InPilot() && committed.Cmp(c.pilotBudget) > 0 {
		return bad("已预留与已结算金额超过试点预算", "reserved and spent exceed the pilot budget")
	}
	if len(r.History) == 0 || r.History[0].Command != CommandCreate {
		return bad("历史记录须以创建开始", "the history does not start with create")
	}
	for _, e := range r.History {
		if !e.Command.Valid() || e.By.Validate() != nil || noteField.Validate(e.Note) != nil ||
			(e.From != 0 && !e.From.Valid()) || !e.To.Valid() {
			return bad("历史记录无效", "bad history entry")
		}
		if e.Task == "" {
			c.ownEntries++
		}
	}
	if c.ownEntries > MaxCampaignEntries {
		return bad("历史记录超过上限", "too many history entries")
	}
	return c, nil
}

// check returns what is wrong with a stored reservation, "" if nothing.
func (r Reservation) check() string {
	if starmap.ValidateID("task id", r.Task) != nil {
		return "bad task id"
	}
	if checkBudget(r.Amount) != nil {
		return "bad amount"
	}
	for _, d := range []decimal.Decimal{r.Held, r.Spent, r.Released} {
		if starmap.CheckAmount(d) != nil || d.Sign() < 0 {
			return "bad held, spent or released"
		}
	}
	if !r.Held.Add(r.Spent).Add(r.Released).Equal(r.Amount) {
		return "amount is not held + spent + released"
	}
	if r.State != stateOf(r.Held, r.Spent, r.State == ReservationVoided) {
		return "state does not agree with the figures"
	}
	if r.State == ReservationVoided && (!r.Spent.IsZero() || r.Partial != 0) {
		return "a voided reservation moved money before"
	}
	if r.Partial < 0 || r.Partial > MaxPartialMoves {
		return "bad count of partial moves"
	}
	if r.By.Validate() != nil {
		return "bad actor"
	}
	return ""
}

// stateOf is the state a reservation's figures put it in.
func stateOf(held, spent decimal.Decimal, voided bool) ReservationState {
	switch {
	case held.Sign() > 0:
		return ReservationHeld
	case spent.Sign() > 0:
		return ReservationSettled
	case voided:
		return ReservationVoided
	}
	return ReservationReleased
}
