package component

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/starmap-go/starmap"
)

// names is one row of an enum's bilingual table: the stable ASCII name
// (String) and the label in each language (Label).
type names struct{ code, zh, en string }

func (n names) label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		return n.zh
	}
	return n.en
}

// lookup returns row i of table, or unknown when i is not a declared value.
func lookup(table []names, i int, unknown names) names {
	if i <= 0 || i >= len(table) || table[i].code == "" {
		return unknown
	}
	return table[i]
}

// State is where a component stands in review (CMP-2).
type State uint8

const (
	// StateInReview is 审核中: submitted, waiting for the platform's reviewer.
	StateInReview State = iota + 1
	// StateValid is 有效: approved; orders may mount it (CMP-3).
	StateValid
	// StateRejected is 审核未通过: refused with a reason; it can be edited
	// and submitted again.
	StateRejected
)

// stateNames is the one table of State's names: the library's own words
// in zh-CN.
var stateNames = []names{
	StateInReview: {"in-review", "审核中", "In review"},
	StateValid:    {"valid", "有效", "Valid"},
	StateRejected: {"rejected", "审核未通过", "Rejected"},
}

var unknownState = names{"unknown-state", "未知状态", "Unknown state"}

// String names the state: in-review, valid, rejected.
func (s State) String() string { return lookup(stateNames, int(s), unknownState).code }

// Label is the state as the component library shows it: 审核中, 有效,
// 审核未通过 in zh-CN; "In review", "Valid", "Rejected" in English.
func (s State) Label(lang starmap.Lang) string {
	return lookup(stateNames, int(s), unknownState).label(lang)
}

// Valid reports whether s is a declared state.
func (s State) Valid() bool { return s >= StateInReview && s <= StateRejected }

// stateParam is the "state" parameter of a state error: the library's
// label in zh-CN (审核中, 有效, 审核未通过), lower-case English otherwise.
func stateParam(s State) starmap.Param {
	return starmap.LabeledArg("state", s.Label(starmap.ZH), strings.ToLower(s.Label(starmap.EN)))
}

// Action is a kind of change in a component's history.
type Action uint8

const (
	// ActionCreate: created in the library and submitted for review.
	ActionCreate Action = iota + 1
	// ActionEdit: a rejected component's content changed.
	ActionEdit
	// ActionResubmit: a rejected component submitted again.
	ActionResubmit
	// ActionApprove: the reviewer approved it.
	ActionApprove
	// ActionReject: the reviewer rejected it, with a reason.
	ActionReject
)

var actionNames = []names{
	ActionCreate:   {"created", "创建", "Created"},
	ActionEdit:     {"edited", "修改", "Edited"},
	ActionResubmit: {"resubmitted", "重新提交", "Resubmitted"},
	ActionApprove:  {"approved", "审核通过", "Approved"},
	ActionReject:   {"rejected", "审核不通过", "Rejected"},
}

var unknownAction = names{"unknown-action", "未知操作", "Unknown action"}

// String names the action: created, edited, resubmitted, approved,
// rejected (the suffix of its event's Type).
func (a Action) String() string { return lookup(actionNames, int(a), unknownAction).code }

// Label is the action as a history view shows it: 创建, 修改, 重新提交,
// 审核通过, 审核不通过 in zh-CN.
func (a Action) Label(lang starmap.Lang) string {
	return lookup(actionNames, int(a), unknownAction).label(lang)
}

// Valid reports whether a is a declared action.
func (a Action) Valid() bool { return a >= ActionCreate && a <= ActionReject }

// Change is one entry of a component's history: who did what when,
// the states before and after, the reason given, and for a creation or an
// edit the content before and after (Before is zero for a creation).
type Change struct {
	At     time.Time
	Actor  starmap.Actor
	Action Action
	From   State // zero for ActionCreate
	To     State
	Reason string
	Before Content
	After  Content
}

// Component is a mini-program component in an advertiser's library: the
// aggregate of CMP-1 and CMP-2. Its state is unexported and changes only
// through its methods, which validate first and change nothing on error.
// Build one with New, or rebuild one from storage with FromRecord.
type Component struct {
	id        string
	owner     string
	channel   starmap.Format
	content   Content
	state     State
	reason    string
	createdAt time.Time
	updatedAt time.Time
	history   []Change
	version   uint64
}

// New creates a component in the library of the advertiser by acts for
// (CMP-1) and submits it for review (CMP-2): it starts in review. by is the
// advertiser's main account or one of its sub-accounts; id is the id the
// host chose for it. Every problem with the input is reported (errors.Join).
func New(by starmap.Actor, now time.Time, id string, channel starmap.Format, content Content) (*Component, starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return nil, starmap.Event{}, err
	}
	if err := errors.Join(starmap.ValidateID("component id", id), ValidateChannel(channel), ValidateContent(content)); err != nil {
		return nil, starmap.Event{}, err
	}
	c := &Component{
		id:        id,
		owner:     by.Advertiser(),
		channel:   channel,
		content:   content,
		state:     StateInReview,
		createdAt: now,
		updatedAt: now,
	}
	return c, c.record(Change{At: now, Actor: by, Action: ActionCreate, To: StateInReview, After: content}), nil
}

// record appends ch to the history, moves the state and returns the event.
func (c *Component) record(ch Change) starmap.Event {
	c.history = append(c.history, ch)
	c.state = ch.To
	c.updatedAt = ch.At
	from := ""
	if ch.From != 0 {
		from = ch.From.String()
	}
	return starmap.Event{
		Type:    "component." + ch.Action.String(),
		Subject: c.id,
		Actor:   ch.Actor,
		At:      ch.At,
		From:    from,
		To:      ch.To.String(),
		Note:    ch.Reason,
	}
}

// ID returns the component's id.
func (c *Component) ID() string { return c.id }

// Owner returns the id of the advertiser (main account) whose library holds it.
func (c *Component) Owner() string { return c.owner }

// Channel returns the channel chosen at creation: short video or live.
func (c *Component) Channel() starmap.Format { return c.channel }

// Content returns the component's current content.
func (c *Component) Content() Content { return c.content }

// State returns the review state.
func (c *Component) State() State { return c.state }

// Reason returns the reviewer's reason while the component is rejected, ""
// otherwise (earlier reasons stay in the history).
func (c *Component) Reason() string { return c.reason }

// CreatedAt returns when the component was created.
func (c *Component) CreatedAt() time.Time { return c.createdAt }

// UpdatedAt returns when it last changed.
func (c *Component) UpdatedAt() time.Time { return c.updatedAt }

// History returns a copy of every change, oldest first.
func (c *Component) History() []Change { return slices.Clone(c.history) }

// Version returns the store version the component was read at (0 for a
// component not stored yet).
func (c *Component) Version() uint64 { return c.version }

// checkOwner requires by to be the owner's main account or one of its
// sub-accounts.
func (c *Component) checkOwner(by starmap.Actor) error {
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return err
	}
	if by.Advertiser() != c.owner {
		return ErrNotOwner.New(starmap.Arg("component", c.id))
	}
	return nil
}

// missing answers a method called on a nil *Component: a coded error, not
// a panic.
func missing() error { return ErrUnknown.New(starmap.Arg("component", "")) }

// Edit replaces the content of a rejected component (CMP-2); it stays
// rejected until Resubmit. Only the owner may edit; the channel cannot change.
func (c *Component) Edit(by starmap.Actor, now time.Time, content Content) (starmap.Event, error) {
	if c == nil {
		return starmap.Event{}, missing()
	}
	if err := c.checkOwner(by); err != nil {
		return starmap.Event{}, err
	}
	if c.state != StateRejected {
		return starmap.Event{}, ErrEditNotRejected.New(starmap.Arg("component", c.id), stateParam(c.state))
	}
	if err := ValidateContent(content); err != nil {
		return starmap.Event{}, err
	}
	before := c.content
	c.content = content
	return c.record(Change{At: now, Actor: by, Action: ActionEdit, From: c.state, To: c.state, Before: before, After: content}), nil
}

// Resubmit puts a rejected component back in review (CMP-2). Only the owner
// may resubmit.
func (c *Component) Resubmit(by starmap.Actor, now time.Time) (starmap.Event, error) {
	if c == nil {
		return starmap.Event{}, missing()
	}
	if err := c.checkOwner(by); err != nil {
		return starmap.Event{}, err
	}
	if c.state != StateRejected {
		return starmap.Event{}, ErrResubmitNotRejected.New(starmap.Arg("component", c.id), stateParam(c.state))
	}
	c.reason = ""
	return c.record(Change{At: now, Actor: by, Action: ActionResubmit, From: StateRejected, To: StateInReview}), nil
}

// Approve makes a component in review valid (有效). Only the platform reviews.
func (c *Component) Approve(by starmap.Actor, now time.Time) (starmap.Event, error) {
	if c == nil {
		return starmap.Event{}, missing()
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return starmap.Event{}, err
	}
	if c.state != StateInReview {
		return starmap.Event{}, ErrReviewNotInReview.New(starmap.Arg("component", c.id), stateParam(c.state))
	}
	return c.record(Change{At: now, Actor: by, Action: ActionApprove, From: StateInReview, To: StateValid}), nil
}

// Reject refuses a component in review (审核未通过) with a reason, which the
// advertiser sees. Only the platform reviews; the reason is required, one
// line of at most 200 characters (starmap.TextLine).
func (c *Component) Reject(by starmap.Actor, now time.Time, reason string) (starmap.Event, error) {
	if c == nil {
		return starmap.Event{}, missing()
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return starmap.Event{}, err
	}
	if c.state != StateInReview {
		return starmap.Event{}, ErrReviewNotInReview.New(starmap.Arg("component", c.id), stateParam(c.state))
	}
	if err := validateReason(reason); err != nil {
		return starmap.Event{}, err
	}
	c.reason = reason
	return c.record(Change{At: now, Actor: by, Action: ActionReject, From: StateInReview, To: StateRejected, Reason: reason}), nil
}

func validateReason(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return ErrRejectReasonRequired.New()
	}
	return reasonText.Validate(reason)
}

// Record is the stored form of a Component: plain data for a Store, and the
// only input of FromRecord. Version is the store's version of the record
// the version read, which an update must carry.
type Record struct {
	ID        string
	Owner     string
	Channel   starmap.Format
	Content   Content
	State     State
	Reason    string
	CreatedAt time.Time
	UpdatedAt time.Time
	History   []Change
	Version   uint64
}

// Record returns the component's stored form (a copy).
func (c *Component) Record() Record {
	return Record{
		ID:        c.id,
		Owner:     c.owner,
		Channel:   c.channel,
		Content:   c.content,
		State:     c.state,
		Reason:    c.reason,
		CreatedAt: c.createdAt,
		UpdatedAt: c.updatedAt,
		History:   slices.Clone(c.history),
		Version:   c.version,
	}
}

// FromRecord rebuilds a component from its stored form, checking that the
// record is one a Component could have produced: ids, channel, state and
// content valid, a valid reason exactly when rejected, a history that
// starts with the creation, ends in the current state and names a valid
// actor and action in every entry. It copies the record.
func FromRecord(r Record) (*Component, error) {
	bad := func(zh, en string) error {
		return ErrRecordInvalid.New(starmap.Arg("component", r.ID), starmap.LabeledArg("problem", zh, en))
	}
	switch {
	case starmap.ValidateID("component id", r.ID) != nil:
		return nil, bad("编号无效", "bad id")
	case starmap.ValidateID("owner", r.Owner) != nil:
		return nil, bad("所属广告主编号无效", "bad owner")
	case !r.Channel.Valid():
		return nil, bad("投放渠道无效", "bad channel")
	case !r.State.Valid():
		return nil, bad("审核状态无效", "bad state")
	case ValidateContent(r.Content) != nil:
		return nil, bad("内容无效", "bad content")
	case (r.State == StateRejected) != (r.Reason != ""):
		return nil, bad("驳回原因应当且仅当审核未通过时存在", "reason must be set exactly when rejected")
	case r.Reason != "" && validateReason(r.Reason) != nil:
		return nil, bad("驳回原因无效", "bad reason")
	case len(r.History) == 0 || r.History[0].Action != ActionCreate:
		return nil, bad("历史记录须以创建开始", "history must start with the creation")
	case r.History[len(r.History)-1].To != r.State:
		return nil, bad("历史记录的最后状态不是当前状态", "history does not end in the current state")
	}
	for _, ch := range r.History {
		if !ch.Action.Valid() || !ch.To.Valid() || ch.Actor.Validate() != nil {
			return nil, bad("历史记录含有无效条目", "bad history entry")
		}
	}
	return &Component{
		id:        r.ID,
		owner:     r.Owner,
		channel:   r.Channel,
		content:   r.Content,
		state:     r.State,
		reason:    r.Reason,
		createdAt: r.CreatedAt,
		updatedAt: r.UpdatedAt,
		history:   slices.Clone(r.History),
		version:   r.Version,
	}, nil
}
