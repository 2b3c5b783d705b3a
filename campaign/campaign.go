package campaign

import (
	"errors"
	"sort"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// Spec is what an advertiser gives to create a campaign.
type Spec struct {
	ID        string
	Name      string
	Objective Objective
	// Targets are optional KPI targets, at most one per metric.
	Targets []Target
	// Budget is the campaign's budget in yuan, more than zero.
	Budget decimal.Decimal
	// Pilot makes it a 小规模试点 campaign limited to PilotBudget (more than
	// zero, at most Budget) until the advertiser graduates it.
	Pilot       bool
	PilotBudget decimal.Decimal
}

// Campaign is the campaign aggregate (项目, CAM-1): an advertiser's budget
// with its objective and KPI targets, the reservations of the tasks
// ordered in it, its state and its history. Its fields change only
// through its methods, which validate first and leave it unchanged when
// they refuse; FromRecord rebuilds one from storage.
type Campaign struct {
	id, advertiser, name string
	objective            Objective
	targets              []Target
	budget, pilotBudget  decimal.Decimal
	pilot                bool
	graduatedAt          time.Time
	state                State
	createdAt            time.Time
	reservations         []Reservation // by task id
	history              []Entry
	version              uint64

	reserved, spent decimal.Decimal // sums over reservations
	ownEntries      int             // history entries that are not money movements

	// private marks the campaign a Service loaded for one command and
	// shares with no one: its slices are changed in place instead of
	// copied on write. The Service clears it before handing it out.
	private bool
}

// New creates a campaign for the advertiser by (its main account: a
// campaign's budget is the main account's decision, X-7), active from now.
// It checks every field and reports every problem at once.
func New(by starmap.Actor, now time.Time, s Spec) (Campaign, starmap.Event, error) {
	if err := authorize(by, s.ID, by.Advertiser(), 0, CommandCreate); err != nil {
		return Campaign{}, starmap.Event{}, err
	}
	var errs []error
	if err := starmap.ValidateID("campaign id", s.ID); err != nil {
		errs = append(errs, err)
	}
	if s.Name == "" {
		errs = append(errs, ErrNameRequired.New())
	} else if err := nameField.Validate(s.Name); err != nil {
		errs = append(errs, err)
	}
	if !s.Objective.Valid() {
		errs = append(errs, ErrObjectiveInvalid.New())
	}
	targets, err := normalizeTargets(s.Targets)
	if err != nil {
		errs = append(errs, err)
	}
	budgetOK := true
	if err := checkBudget(s.Budget); err != nil {
		errs, budgetOK = append(errs, err), false
	}
	switch {
	case s.Pilot:
		if err := starmap.CheckAmount(s.PilotBudget); err != nil {
			errs = append(errs, err)
		} else if s.PilotBudget.Sign() <= 0 || (budgetOK && s.PilotBudget.Cmp(s.Budget) > 0) {
			errs = append(errs, ErrPilotBudgetInvalid.New(amountArg("budget", s.Budget), amountArg("value", s.PilotBudget)))
		}
	case !s.PilotBudget.IsZero():
		errs = append(errs, ErrPilotBudgetWithoutPilot.New())
	}
	if len(errs) > 0 {
		return Campaign{}, starmap.Event{}, errors.Join(errs...)
	}
	c := Campaign{
		id: s.ID, advertiser: by.Advertiser(), name: s.Name, objective: s.Objective, targets: targets,
		budget: s.Budget, pilot: s.Pilot, pilotBudget: decimal.Zero, state: StateActive, createdAt: now,
		reserved: decimal.Zero, spent: decimal.Zero,
	}
	if s.Pilot {
		c.pilotBudget = s.PilotBudget
	}
	ev := c.log(by, now, CommandCreate, 0, StateActive, "", s.Budget, "")
	return c, ev, nil
}

// checkBudget: a positive amount within starmap.CheckAmount.
func checkBudget(d decimal.Decimal) error {
	if err := starmap.CheckAmount(d); err != nil {
		return err
	}
	if d.Sign() <= 0 {
		return ErrBudgetInvalid.New(amountArg("value", d))
	}
	return nil
}

// amountArg names an amount in a message: to the fen when it is an
// amount at all, briefly (starmap.AmountArg) when it is absurd.
func amountArg(name string, d decimal.Decimal) starmap.Param {
	if starmap.CheckAmount(d) != nil {
		return starmap.AmountArg(name, d)
	}
	return starmap.Arg(name, starmap.FormatCNY(d))
}

// put replaces reservation i in a copy of the slice (copy on write, as
// Reserve does).
func (c *Campaign) put(i int, r Reservation) {
	if c.private {
		c.reservations[i] = r
		return
	}
	rs := append([]Reservation(nil), c.reservations...)
	rs[i] = r
	c.reservations = rs
}

// log appends a history entry and returns its event. The append never
// writes into spare capacity another copy of the Campaign may share
// (unless the campaign is a Service's private one).
func (c *Campaign) log(by starmap.Actor, now time.Time, cmd Command, from, to State, task string, amount decimal.Decimal, note string) starmap.Event {
	h := c.history
	if !c.private {
		h = h[:len(h):len(h)]
	}
	c.history = append(h, Entry{At: now, By: by, Command: cmd, From: from, To: to, Task: task, Amount: amount, Note: note})
	if task == "" {
		c.ownEntries++
	}
	fromName := ""
	if from != 0 {
		fromName = from.String()
	}
	return starmap.Event{Type: "campaign." + cmd.String(), Subject: c.id, Actor: by, At: now, From: fromName, To: to.String(), Note: note}
}

// ownChange checks what every change of the campaign's own (not a money
// movement) checks: the actor and state, the note, the history's room.
func (c *Campaign) ownChange(by starmap.Actor, cmd Command, note string, inputs ...error) error {
	if err := authorize(by, c.id, c.advertiser, c.state, cmd); err != nil {
		return err
	}
	if err := noteField.Validate(note); err != nil {
		inputs = append(inputs, err)
	}
	if c.ownEntries >= MaxCampaignEntries {
		inputs = append(inputs, ErrLimitReached.New(starmap.Arg("campaign", c.id),
			starmap.LabeledArg("what", "预算与目标调整记录", "budget and target changes"), starmap.Arg("max", MaxCampaignEntries)))
	}
	return errors.Join(inputs...)
}

// SetBudget changes the budget (the advertiser grows it after a pilot, 再扩展,
// or trims it). It may not fall below what is already reserved and spent,
// nor, in the pilot phase, below the pilot budget.
func (c *Campaign) SetBudget(by starmap.Actor, now time.Time, budget decimal.Decimal, note string) (starmap.Event, error) {
	var inputs []error
	if err := checkBudget(budget); err != nil {
		inputs = append(inputs, err)
	} else if committed := c.reserved.Add(c.spent); budget.Cmp(committed) < 0 {
		inputs = append(inputs, ErrBudgetBelowCommitted.New(amountArg("value", budget), amountArg("floor", committed),
			starmap.LabeledArg("floor_what", "已预留与已结算的金额", "amount already reserved and spent")))
	} else if c.InPilot() && budget.Cmp(c.pilotBudget) < 0 {
		inputs = append(inputs, ErrBudgetBelowCommitted.New(amountArg("value", budget), amountArg("floor", c.pilotBudget),
			starmap.LabeledArg("floor_what", "试点预算", "pilot budget")))
	}
	if err := c.ownChange(by, CommandSetBudget, note, inputs...); err != nil {
		return starmap.Event{}, err
	}
	c.budget = budget
	return c.log(by, now, CommandSetBudget, c.state, c.state, "", budget, note), nil
}

// SetTargets replaces the KPI targets (none clears them).
func (c *Campaign) SetTargets(by starmap.Actor, now time.Time, targets []Target, note string) (starmap.Event, error) {
	ts, err := normalizeTargets(targets)
	var inputs []error
	if err != nil {
		inputs = append(inputs, err)
	}
	if err := c.ownChange(by, CommandSetTargets, note, inputs...); err != nil {
		return starmap.Event{}, err
	}
	c.targets = ts
	return c.log(by, now, CommandSetTargets, c.state, c.state, "", decimal.Zero, note), nil
}

// Graduate ends a pilot campaign's pilot phase (seed 003 小规模试点 … 再扩展):
// from now on its orders may reserve from the whole budget. It is the
// advertiser's recorded decision, and cannot be undone.
func (c *Campaign) Graduate(by starmap.Actor, now time.Time, note string) (starmap.Event, error) {
	var inputs []error
	if err := authorize(by, c.id, c.advertiser, c.state, CommandGraduate); err == nil && !c.InPilot() {
		inputs = append(inputs, ErrNotInPilot.New(starmap.Arg("campaign", c.id)))
	}
	if err := c.ownChange(by, CommandGraduate, note, inputs...); err != nil {
		return starmap.Event{}, err
	}
	c.graduatedAt = now
	return c.log(by, now, CommandGraduate, c.state, c.state, "", decimal.Zero, note), nil
}

// Close closes the campaign: no new order reserves from it. The tasks
// already ordered in it still release and settle what they hold.
func (c *Campaign) Close(by starmap.Actor, now time.Time, note string) (starmap.Event, error) {
	if err := c.ownChange(by, CommandClose, note); err != nil {
		return starmap.Event{}, err
	}
	from := c.state
	c.state = StateClosed
	return c.log(by, now, CommandClose, from, c.state, "", decimal.Zero, note), nil
}

// find returns the index of task's reservation, or where it would go.
func (c *Campaign) find(task string) (int, bool) {
	i := sort.Search(len(c.reservations), func(i int) bool { return c.reservations[i].Task >= task })
	return i, i < len(c.reservations) && c.reservations[i].Task == task
}

// movement checks what every money movement checks: the actor and state,
// the task id, the amount (when one is given: not for a void), the note.
func (c *Campaign) movement(by starmap.Actor, cmd Command, task string, amount *decimal.Decimal, note string) error {
	if err := authorize(by, c.id, c.advertiser, c.state, cmd); err != nil {
		return err
	}
	var errs []error
	if err := starmap.ValidateID("task id", task); err != nil {
		errs = append(errs, err)
	}
	if amount != nil {
		if err := starmap.CheckAmount(*amount); err != nil {
			errs = append(errs, err)
		} else if amount.Sign() <= 0 {
			errs = append(errs, ErrAmountInvalid.New(cmd.param(), amountArg("value", *amount)))
		}
	}
	if err := noteField.Validate(note); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Reserve reserves amount (the order's price + fee) of the budget for
// task (CAM-1). Refused past what is available: the budget less what is
// reserved and spent, or in the pilot phase the pilot budget less the
// same (ErrBudgetExceeded, ErrPilotBudgetExceeded, saying how much is
// left). A task reserves once per campaign: repeating the same amount
// while it is still held changes nothing and returns the zero Event (a
// host's retry is safe); another amount, or a reservation that has ended,
// is ErrReservationExists.
func (c *Campaign) Reserve(by starmap.Actor, now time.Time, task string, amount decimal.Decimal) (starmap.Event, error) {
	if err := c.movement(by, CommandReserve, task, &amount, ""); err != nil {
		return starmap.Event{}, err
	}
	i, found := c.find(task)
	if found {
		r := c.reservations[i]
		if r.State == ReservationHeld && r.Amount.Equal(amount) {
			return starmap.Event{}, nil
		}
		return starmap.Event{}, ErrReservationExists.New(starmap.Arg("task", task), starmap.Arg("campaign", c.id),
			starmap.LabeledArg("state", r.State.Label(starmap.ZH), r.State.String()), amountArg("amount", r.Amount))
	}
	if len(c.reservations) >= MaxReservations {
		return starmap.Event{}, ErrLimitReached.New(starmap.Arg("campaign", c.id),
			starmap.LabeledArg("what", "预留", "reservations"), starmap.Arg("max", MaxReservations))
	}
	if avail := c.Available(); amount.Cmp(avail) > 0 {
		rule := ErrBudgetExceeded
		if c.InPilot() {
			rule = ErrPilotBudgetExceeded
		}
		return starmap.Event{}, rule.New(starmap.Arg("campaign", c.id), amountArg("amount", amount), amountArg("available", avail))
	}
	res := Reservation{Task: task, Amount: amount, Held: amount, Spent: decimal.Zero, Released: decimal.Zero,
		State: ReservationHeld, At: now, By: by}
	if c.private {
		c.reservations = append(c.reservations, Reservation{})
		copy(c.reservations[i+1:], c.reservations[i:])
		c.reservations[i] = res
	} else {
		// A new slice, never the old one's spare capacity: a copy of this
		// Campaign value shares the old array and must not see it change.
		rs := make([]Reservation, 0, len(c.reservations)+1)
		rs = append(rs, c.reservations[:i]...)
		rs = append(rs, res)
		c.reservations = append(rs, c.reservations[i:]...)
	}
	c.reserved = c.reserved.Add(amount)
	return c.log(by, now, CommandReserve, c.state, c.state, task, amount, ""), nil
}

// Release gives amount of what task holds back to the budget: the task was
// cancelled or refunded, wholly or in part (a partial refund releases
// part). At most what the task holds (ErrReservationInsufficient).
func (c *Campaign) Release(by starmap.Actor, now time.Time, task string, amount decimal.Decimal, note string) (starmap.Event, error) {
	return c.move(by, now, CommandRelease, task, amount, note)
}

// Settle turns amount of what task holds into spent: the task (or its part)
// was paid out. At most what the task holds (ErrReservationInsufficient).
func (c *Campaign) Settle(by starmap.Actor, now time.Time, task string, amount decimal.Decimal, note string) (starmap.Event, error) {
	return c.move(by, now, CommandSettle, task, amount, note)
}

func (c *Campaign) move(by starmap.Actor, now time.Time, cmd Command, task string, amount decimal.Decimal, note string) (starmap.Event, error) {
	if err := c.movement(by, cmd, task, &amount, note); err != nil {
		return starmap.Event{}, err
	}
	i, found := c.find(task)
	if !found {
		return starmap.Event{}, ErrReservationNotFound.New(starmap.Arg("task", task), starmap.Arg("campaign", c.id))
	}
	r := c.reservations[i]
	if amount.Cmp(r.Held) > 0 {
		return starmap.Event{}, ErrReservationInsufficient.New(starmap.Arg("task", task), amountArg("held", r.Held),
			cmd.param(), amountArg("amount", amount))
	}
	partial := amount.Cmp(r.Held) < 0
	if partial && r.Partial >= MaxPartialMoves {
		return starmap.Event{}, ErrLimitReached.New(starmap.Arg("campaign", c.id),
			starmap.LabeledArg("what", "任务"+task+"的部分结算或释放", "partial releases or settlements of task "+task),
			starmap.Arg("max", MaxPartialMoves))
	}
	r.Held = r.Held.Sub(amount)
	c.reserved = c.reserved.Sub(amount)
	if cmd == CommandSettle {
		r.Spent = r.Spent.Add(amount)
		c.spent = c.spent.Add(amount)
	} else {
		r.Released = r.Released.Add(amount)
	}
	if partial {
		r.Partial++
	}
	r.State = stateOf(r.Held, r.Spent, false)
	c.put(i, r)
	return c.log(by, now, cmd, c.state, c.state, task, amount, note), nil
}

// End ends task's reservation in one write, as the end of a task does:
// spent of what it holds is settled — what the task paid out (creator,
// MCN, fee): all of it on acceptance, the compensation on a cancellation,
// zero on a decline, an expiry or a full refund — and the rest is
// released. Either movement is left out when it would be zero, so End
// returns one or two events (settle, then release). Spent above what the
// task holds is ErrReservationInsufficient; a reservation that has already
// ended is ErrReservationEnded, so a repeated End moves nothing. It is the
// one call a task service makes when a task ends: unlike a Settle and a
// Release in turn, it cannot stop half-way.
func (c *Campaign) End(by starmap.Actor, now time.Time, task string, spent decimal.Decimal, note string) ([]starmap.Event, error) {
	if err := c.movement(by, CommandSettle, task, nil, note); err != nil {
		return nil, err
	}
	if err := authorize(by, c.id, c.advertiser, c.state, CommandRelease); err != nil {
		return nil, err
	}
	if err := starmap.CheckAmount(spent); err != nil {
		return nil, err
	}
	if err := starmap.RequireNonNegative(spent); err != nil {
		return nil, err
	}
	i, found := c.find(task)
	if !found {
		return nil, ErrReservationNotFound.New(starmap.Arg("task", task), starmap.Arg("campaign", c.id))
	}
	r := c.reservations[i]
	if r.State != ReservationHeld {
		return nil, ErrReservationEnded.New(starmap.Arg("task", task), starmap.Arg("campaign", c.id),
			starmap.LabeledArg("state", r.State.Label(starmap.ZH), r.State.String()))
	}
	if spent.Cmp(r.Held) > 0 {
		return nil, ErrReservationInsufficient.New(starmap.Arg("task", task), amountArg("held", r.Held),
			CommandSettle.param(), amountArg("amount", spent))
	}
	rest := r.Held.Sub(spent)
	r.Held = decimal.Zero
	c.reserved = c.reserved.Sub(spent).Sub(rest)
	var evs []starmap.Event
	if spent.Sign() > 0 {
		r.Spent = r.Spent.Add(spent)
		c.spent = c.spent.Add(spent)
		evs = append(evs, c.log(by, now, CommandSettle, c.state, c.state, task, spent, note))
	}
	if rest.Sign() > 0 {
		r.Released = r.Released.Add(rest)
		evs = append(evs, c.log(by, now, CommandRelease, c.state, c.state, task, rest, note))
	}
	r.State = stateOf(r.Held, r.Spent, false)
	c.put(i, r)
	return evs, nil
}

// Void gives back the whole of a reservation whose task was never created
// (OrderIn's compensation, Reconcile). Voiding one already voided changes
// nothing and returns the zero Event; one that released or spent anything
// is ErrVoidAfterMovement (its task existed: release it instead).
func (c *Campaign) Void(by starmap.Actor, now time.Time, task, note string) (starmap.Event, error) {
	if err := c.movement(by, CommandVoid, task, nil, note); err != nil {
		return starmap.Event{}, err
	}
	i, found := c.find(task)
	if !found {
		return starmap.Event{}, ErrReservationNotFound.New(starmap.Arg("task", task), starmap.Arg("campaign", c.id))
	}
	r := c.reservations[i]
	switch {
	case r.State == ReservationVoided:
		return starmap.Event{}, nil
	case r.State != ReservationHeld || !r.Held.Equal(r.Amount):
		return starmap.Event{}, ErrVoidAfterMovement.New(starmap.Arg("task", task))
	}
	amount := r.Held
	r.Released, r.Held, r.State = r.Held, decimal.Zero, ReservationVoided
	c.reserved = c.reserved.Sub(amount)
	c.put(i, r)
	return c.log(by, now, CommandVoid, c.state, c.state, task, amount, note), nil
}

// ID returns the campaign's id.
func (c Campaign) ID() string { return c.id }

// Advertiser returns the owning advertiser's (main account's) id.
func (c Campaign) Advertiser() string { return c.advertiser }

// Name returns the campaign's name.
func (c Campaign) Name() string { return c.name }

// Objective returns what the campaign is for.
func (c Campaign) Objective() Objective { return c.objective }

// Targets returns a copy of the KPI targets, in metric order.
func (c Campaign) Targets() []Target { return append([]Target(nil), c.targets...) }

// Target returns the target of metric m, if one is set.
func (c Campaign) Target(m Metric) (decimal.Decimal, bool) {
	for _, t := range c.targets {
		if t.Metric == m {
			return t.Value, true
		}
	}
	return decimal.Decimal{}, false
}

// Budget returns the campaign's budget.
func (c Campaign) Budget() decimal.Decimal { return c.budget }

// Pilot reports whether the campaign was created as a pilot.
func (c Campaign) Pilot() bool { return c.pilot }

// PilotBudget returns the pilot budget (zero for a campaign that is not a
// pilot).
func (c Campaign) PilotBudget() decimal.Decimal { return c.pilotBudget }

// InPilot reports whether the campaign is a pilot not yet graduated: its
// orders reserve only from the pilot budget.
func (c Campaign) InPilot() bool { return c.pilot && c.graduatedAt.IsZero() }

// GraduatedAt returns when the pilot graduated (zero if it has not).
func (c Campaign) GraduatedAt() time.Time { return c.graduatedAt }

// State returns the campaign's state.
func (c Campaign) State() State { return c.state }

// CreatedAt returns when the campaign was created.
func (c Campaign) CreatedAt() time.Time { return c.createdAt }

// Version returns the stored version the campaign was read at or written
// with (0 before it is stored).
func (c Campaign) Version() uint64 { return c.version }

// WithVersion returns the campaign at version v (what a store answered).
func (c Campaign) WithVersion(v uint64) Campaign { c.version = v; return c }

// Reserved returns what the tasks hold: reserved and neither released nor
// settled yet.
func (c Campaign) Reserved() decimal.Decimal { return c.reserved }

// Spent returns what was settled.
func (c Campaign) Spent() decimal.Decimal { return c.spent }

// Remaining returns budget − reserved − spent: never negative, and
// budget = remaining + reserved + spent to the fen.
func (c Campaign) Remaining() decimal.Decimal { return c.budget.Sub(c.reserved).Sub(c.spent) }

// Available returns what a new order may reserve now: Remaining, or in the
// pilot phase the pilot budget less what is reserved and spent; zero once
// the campaign is closed.
func (c Campaign) Available() decimal.Decimal {
	if c.state != StateActive {
		return decimal.Zero
	}
	if c.InPilot() {
		return c.pilotBudget.Sub(c.reserved).Sub(c.spent)
	}
	return c.Remaining()
}

// Reservations returns a copy of every reservation, in task-id order.
func (c Campaign) Reservations() []Reservation { return append([]Reservation(nil), c.reservations...) }

// Reservation returns task's reservation, if it has one.
func (c Campaign) Reservation(task string) (Reservation, bool) {
	if i, ok := c.find(task); ok {
		return c.reservations[i], true
	}
	return Reservation{}, false
}

// History returns a copy of the history, oldest first.
func (c Campaign) History() []Entry { return append([]Entry(nil), c.history...) }

// Record returns the stored form of the campaign (sharing no memory with
// it).
func (c Campaign) Record() Record { return c.record(true) }

// record is Record, sharing the slices when copied is false (for a
// Service's private campaign, about to be written and dropped).
func (c Campaign) record(copied bool) Record {
	r := Record{
		ID: c.id, Advertiser: c.advertiser, Name: c.name, Objective: c.objective,
		Targets: c.targets, Budget: c.budget,
		Pilot: c.pilot, PilotBudget: c.pilotBudget, GraduatedAt: c.graduatedAt,
		State: c.state, CreatedAt: c.createdAt,
		Reservations: c.reservations, History: c.history,
		Version: c.version,
	}
	if copied {
		r = r.Clone()
	}
	return r
}
