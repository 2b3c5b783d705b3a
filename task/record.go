package task

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
)

// Record is a task as a store keeps it: plain exported data, history and
// postings included, so that one write stores a change and its record
// together. Version is the store's version of the record: 0 for
// a task never stored, the version read for one loaded. DueAt is derived
// (the task computes it); it is a field so that a store can index it and
// answer Store.ListDue without reading every task.
type Record struct {
	ID         string
	Advertiser string
	Creator    string
	MCN        string
	// Signing and MCNShareBP are the MCN signing in force when the task
	// was ordered or claimed and its revenue share in basis points (MCN-2,
	// TSK-5): kept with the task, so that a signing that ends later does
	// not change what this task pays. Empty: the policy's MCNShare.
	Signing      string
	MCNShareBP   int
	Format       starmap.Format
	Price        decimal.Decimal
	Fee          decimal.Decimal
	LiveDuration time.Duration
	Template     Template
	Components   []MountedComponent
	Policy       Policy
	OrderedAt    time.Time

	State State
	// ScriptRejections and VideoRejections count the advertiser's
	// rejections only: its budget (TSK-8).
	ScriptRejections int
	VideoRejections  int
	DeliveredAt      time.Time
	LiveStart        time.Time
	LiveCard         bool
	BroadcastActual  time.Duration
	Metrics          Metrics
	// DueAt is the instant the task's clock-driven command (expire,
	// auto_accept) becomes owed — 00:00 CST of the day after its deadline
	// (TSK-7) — and the zero time when the task waits on no clock. Never
	// later than starmap.MaxDate() 00:00 CST.
	DueAt time.Time

	// Settlement is the model (STL-1), Campaign the campaign ordered in;
	// Accepted the verdict per deliverable at acceptance (by deliverable),
	// Sales the CPS lines reported, Plays the CPM plays measured before
	// the cut-off.
	Settlement Settlement
	Campaign   string
	Accepted   []bool
	Sales      []Sale
	Plays      int64

	History  []Change
	Postings []Posting
	Version  uint64
}

// Clone deep-copies the record (stores use it so that no caller shares
// memory with them).
func (r Record) Clone() Record { return r.cloneWithRoom(clonedHistoryRoom) }

// cloneWithRoom is Clone with room for room more history entries, so that
// a task built on the copy appends its next command's without growing
// the slice.
func (r Record) cloneWithRoom(room int) Record {
	r.Template = r.Template.clone()
	r.Components = append([]MountedComponent(nil), r.Components...)
	if r.History != nil { // nil stays nil: the clone's JSON is the record's
		r.History = appendChanges(make([]Change, 0, len(r.History)+room), r.History)
	}
	r.Postings = append([]Posting(nil), r.Postings...)
	r.Settlement = r.Settlement.clone()
	if r.Accepted != nil {
		r.Accepted = append([]bool(nil), r.Accepted...)
	}
	if r.Sales != nil {
		r.Sales = append([]Sale(nil), r.Sales...)
	}
	return r
}

// Record returns the task as a Record (a deep copy).
func (t *Task) Record() Record {
	return Record{
		ID: t.id, Advertiser: t.advertiser, Creator: t.creator, MCN: t.mcn, Signing: t.signing, MCNShareBP: t.mcnShareBP,
		Format: t.format, Price: t.price, Fee: t.fee, LiveDuration: t.liveDuration,
		Template: t.template.clone(), Components: append([]MountedComponent(nil), t.components...),
		Policy: t.policy, OrderedAt: t.orderedAt,
		State: t.state, ScriptRejections: t.scriptRejections, VideoRejections: t.videoRejections,
		DeliveredAt: t.deliveredAt, LiveStart: t.liveStart, LiveCard: t.liveCard,
		BroadcastActual: t.broadcastActual, Metrics: t.metrics, DueAt: t.dueAt(),
		Settlement: t.settlement.clone(), Campaign: t.campaign, Plays: t.plays,
		Accepted: t.Accepted(), Sales: t.Sales(),
		History:  appendChanges(nil, t.history),
		Postings: append([]Posting(nil), t.postings...),
		Version:  t.version,
	}
}

// FromRecord rebuilds a task from a stored record (the rehydration path:
// no rule of ordering is applied again). It checks what would make the
// aggregate unsound — ids, format, state, a history that starts with the
// order and ends in the state, a policy in range, results in range, the
// money (checkPostings: a positive price and the policy's fee, amounts
// the library accepts, postings that freeze price + fee once, never
// overdraw the frozen balance and leave it at price + fee while the task
// runs and at zero once it ended), what the history records of the review
// path (checkReviews: valid findings, waivers and checklists, each in an
// entry of its command), a deadline inside the calendar and a
// DueAt that is the one the task computes — and returns ErrRecordInvalid
// otherwise. The CPS sales lines pass the checks of a report (amounts
// positive whole fen, valid order ids, no order sold twice, refunds within
// their sale and not before it, nothing before the delivery), else the
// problem is "settlement".
func FromRecord(r Record) (*Task, error) { return fromRecord(r, false) }

// adoptRecord is FromRecord for a record no one else holds — one a store
// just handed the service (stores hand out copies that share no memory
// with them, X-8, and the service keeps no other reference): the task
// takes the record's slices as they are instead of copying them again
// (a transition copied its history four times; this was one of them).
func adoptRecord(r Record) (*Task, error) { return fromRecord(r, true) }

func fromRecord(r Record, owned bool) (*Task, error) {
	bad := func(zh, en string) (*Task, error) {
		return nil, ErrRecordInvalid.New(starmap.LabeledArg("problem", zh, en))
	}
	if starmap.ValidateID("id", r.ID) != nil || starmap.ValidateID("advertiser", r.Advertiser) != nil ||
		(r.Creator != "" && starmap.ValidateID("creator", r.Creator) != nil) || (r.MCN != "" && starmap.ValidateID("mcn", r.MCN) != nil) {
		return bad("编号无效", "ids")
	}
	if r.Signing != "" && (r.MCN == "" || starmap.ValidateID("signing", r.Signing) != nil) ||
		r.MCNShareBP < 0 || r.MCNShareBP > 10000 || r.Signing == "" && r.MCNShareBP != 0 {
		return bad("MCN签约分成无效", "MCN signing share")
	}
	if r.Creator == "" && r.State != StateOpen && r.State != StateExpired && r.State != StateCancelled {
		return bad("只有待领取或无人领取而结束的任务可以没有达人", "only an open or unclaimed task has no creator")
	}
	if !r.Format.Valid() {
		return bad("任务类型无效", "format")
	}
	if !r.State.Valid() {
		return bad("任务状态无效", "state")
	}
	if len(r.History) == 0 || r.History[len(r.History)-1].To != r.State {
		return bad("历史记录的最后状态与任务状态不符", "history does not end in the state")
	}
	if h := r.History[0]; h.Command != 0 || (h.To != StatePending && h.To != StateOpen) {
		return bad("历史记录不是以下单开始", "history does not start with the order")
	}
	if zh, en, ok := checkReviews(r.History); !ok {
		return bad(zh, en)
	}
	if err := r.Policy.Validate(); err != nil {
		return nil, ErrRecordInvalid.Wrap(err, starmap.LabeledArg("problem", "任务策略无效", "policy"))
	}
	if err := r.Metrics.Validate(); err != nil {
		return nil, ErrRecordInvalid.Wrap(err, starmap.LabeledArg("problem", "营销数据无效", "results"))
	}
	if zh, en, ok := checkPostings(r); !ok {
		return bad(zh, en)
	}
	if r.Settlement.Validate(len(r.Template.Deliverables)) != nil ||
		r.Accepted != nil && (r.Settlement.Model != ModelDeliverable || len(r.Accepted) != len(r.Template.Deliverables)) ||
		len(r.Sales) > MaxSales || len(r.Sales) > 0 && r.Settlement.Model != ModelCPS ||
		r.Plays < 0 || r.Plays > MaxCount || r.Plays != 0 && r.Settlement.Model != ModelCPM ||
		r.Campaign != "" && starmap.ValidateID("campaign", r.Campaign) != nil {
		return bad("结算数据无效", "settlement")
	}
	// The sales lines pass the checks of a report (STL-1): a line that
	// could not have been reported would close into negative postings.
	if checkSaleLines(r.DeliveredAt, time.Time{}, nil, r.Sales) != nil {
		return bad("结算数据无效", "settlement")
	}
	if !owned {
		r = r.cloneWithRoom(loadedHistoryRoom)
	}
	t := &Task{
		id: r.ID, advertiser: r.Advertiser, creator: r.Creator, mcn: r.MCN,
		signing: r.Signing, mcnShareBP: r.MCNShareBP,
		format: r.Format, price: r.Price, fee: r.Fee, liveDuration: r.LiveDuration,
		template: r.Template, components: r.Components,
		policy: r.Policy, orderedAt: r.OrderedAt,
		state: r.State, scriptRejections: r.ScriptRejections, videoRejections: r.VideoRejections,
		deliveredAt: r.DeliveredAt, liveStart: r.LiveStart, liveCard: r.LiveCard,
		broadcastActual: r.BroadcastActual, metrics: r.Metrics,
		history: r.History, postings: r.Postings, version: r.Version,
		settlement: r.Settlement, campaign: r.Campaign, plays: r.Plays,
		accepted: r.Accepted, sales: r.Sales,
	}
	// A deadline the calendar cannot hold would never pass (TSK-7).
	if _, last, ok := t.Deadline(); ok && !last.Before(starmap.MaxDate()) {
		return bad("截止日期超出日历范围", "deadline beyond the calendar")
	}
	if !r.DueAt.Equal(t.dueAt()) {
		return bad("到期时间与任务状态不符", "DueAt does not match the state")
	}
	return t, nil
}
