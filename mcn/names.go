package mcn

import (
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
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

// row returns row i of table, or unknown when i is not a declared value.
func row(table []names, i int, unknown names) names {
	if i <= 0 || i >= len(table) || table[i].code == "" {
		return unknown
	}
	return table[i]
}

// State is where a signing stands (MCN-1):
//
//	proposed ──accept──▶ active ──end / expire──▶ ended
//	    │
//	    ├──decline──▶ declined
//	    ├──withdraw─▶ withdrawn
//	    └──lapse────▶ lapsed   (its term ran out unanswered)
//
// Declined, withdrawn, ended and lapsed are final.
type State uint8

const (
	// StateProposed: the MCN proposed the signing; the creator has not
	// answered (待确认).
	StateProposed State = iota + 1
	// StateActive: the creator accepted; the signing is in force on the
	// days of its term from the instant of acceptance (生效中).
	StateActive
	// StateEnded: ended by the MCN, the creator or the platform, with a
	// reason, or by expiry at the end of its term (已结束).
	StateEnded
	// StateDeclined: the creator declined the proposal (已拒绝).
	StateDeclined
	// StateWithdrawn: the MCN withdrew its proposal (已撤回).
	StateWithdrawn
	// StateLapsed: the proposal's term ended before the creator answered
	// (已失效).
	StateLapsed
)

var stateNames = []names{
	StateProposed:  {"proposed", "待确认", "Proposed"},
	StateActive:    {"active", "生效中", "Active"},
	StateEnded:     {"ended", "已结束", "Ended"},
	StateDeclined:  {"declined", "已拒绝", "Declined"},
	StateWithdrawn: {"withdrawn", "已撤回", "Withdrawn"},
	StateLapsed:    {"lapsed", "已失效", "Lapsed"},
}

var unknownState = names{"unknown-state", "未知状态", "Unknown state"}

// States lists every state in declaration order.
func States() []State {
	return []State{StateProposed, StateActive, StateEnded, StateDeclined, StateWithdrawn, StateLapsed}
}

// String names the state: proposed, active, ended, declined, withdrawn,
// lapsed.
func (s State) String() string { return row(stateNames, int(s), unknownState).code }

// Label is the state as the MCN workspace shows it: 待确认, 生效中, 已结束,
// 已拒绝, 已撤回, 已失效 in zh-CN.
func (s State) Label(lang starmap.Lang) string {
	return row(stateNames, int(s), unknownState).label(lang)
}

// Valid reports whether s is a declared state.
func (s State) Valid() bool { return s >= StateProposed && s <= StateLapsed }

// Final reports whether no command changes s any more.
func (s State) Final() bool { return s.Valid() && s != StateProposed && s != StateActive }

func stateParam(s State) starmap.Param {
	return starmap.LabeledArg("state", s.Label(starmap.ZH), s.Label(starmap.EN))
}

// Action is a kind of change in a book's history; each is one edge
// of the transition table (Transitions).
type Action uint8

const (
	// ActionPropose: the MCN proposes a signing.
	ActionPropose Action = iota + 1
	// ActionAccept: the creator accepts it.
	ActionAccept
	// ActionDecline: the creator declines it.
	ActionDecline
	// ActionWithdraw: the MCN withdraws its proposal.
	ActionWithdraw
	// ActionEnd: the MCN, the creator or the platform ends an active
	// signing, with a reason.
	ActionEnd
	// ActionExpire: the term of an active signing ran out.
	ActionExpire
	// ActionLapse: the term of an unanswered proposal ran out.
	ActionLapse
)

var actionNames = []names{
	ActionPropose:  {"proposed", "发起签约", "Proposed"},
	ActionAccept:   {"accepted", "接受签约", "Accepted"},
	ActionDecline:  {"declined", "拒绝签约", "Declined"},
	ActionWithdraw: {"withdrawn", "撤回签约", "Withdrawn"},
	ActionEnd:      {"ended", "解约", "Ended"},
	ActionExpire:   {"expired", "到期结束", "Expired"},
	ActionLapse:    {"lapsed", "逾期未确认", "Lapsed"},
}

var unknownAction = names{"unknown-action", "未知操作", "Unknown action"}

// String names the action: proposed, accepted, declined, withdrawn, ended,
// expired, lapsed (the suffix of its event's Type, "mcn.signing_accepted").
func (a Action) String() string { return row(actionNames, int(a), unknownAction).code }

// Label is the action as a history view shows it: 发起签约, 接受签约, 拒绝签约,
// 撤回签约, 解约, 到期结束, 逾期未确认 in zh-CN.
func (a Action) Label(lang starmap.Lang) string {
	return row(actionNames, int(a), unknownAction).label(lang)
}

// Valid reports whether a is a declared action.
func (a Action) Valid() bool { return a >= ActionPropose && a <= ActionLapse }

// Transition is one edge of the signing state machine: an action, the
// state it starts from (0 for a proposal, which starts from nothing), the
// state it leads to, and the roles that may take it.
type Transition struct {
	Action Action
	From   State
	To     State
	Roles  []starmap.Role
}

// Transitions lists the state machine as data, in the order of the
// actions, so that a host can draw it or check a UI against it. The
// platform takes ActionExpire and ActionLapse as its sweep (Book.Expire).
func Transitions() []Transition {
	mcn, creator, platform := starmap.RoleMCN, starmap.RoleCreator, starmap.RolePlatform
	return []Transition{
		{ActionPropose, 0, StateProposed, []starmap.Role{mcn}},
		{ActionAccept, StateProposed, StateActive, []starmap.Role{creator}},
		{ActionDecline, StateProposed, StateDeclined, []starmap.Role{creator}},
		{ActionWithdraw, StateProposed, StateWithdrawn, []starmap.Role{mcn}},
		{ActionEnd, StateActive, StateEnded, []starmap.Role{mcn, creator, platform}},
		{ActionExpire, StateActive, StateEnded, []starmap.Role{platform}},
		{ActionLapse, StateProposed, StateLapsed, []starmap.Role{platform}},
	}
}

// TaskStatus is how far a task that an MCN received has got, as a
// TaskSource reports it (MCN-3): the host maps its task states onto these
// four.
type TaskStatus uint8

const (
	// TaskPending: ordered, not yet accepted (待接收).
	TaskPending TaskStatus = iota + 1
	// TaskRunning: accepted and under way (进行中).
	TaskRunning
	// TaskCompleted: accepted by the advertiser and settled (已完成).
	TaskCompleted
	// TaskClosed: cancelled, declined or expired (已关闭).
	TaskClosed
)

var taskStatusNames = []names{
	TaskPending:   {"pending", "待接收", "Pending"},
	TaskRunning:   {"running", "进行中", "Running"},
	TaskCompleted: {"completed", "已完成", "Completed"},
	TaskClosed:    {"closed", "已关闭", "Closed"},
}

var unknownTaskStatus = names{"unknown-task-status", "未知任务状态", "Unknown task status"}

// String names the status: pending, running, completed, closed.
func (s TaskStatus) String() string { return row(taskStatusNames, int(s), unknownTaskStatus).code }

// Label is the status as the MCN's order list shows it: 待接收, 进行中,
// 已完成, 已关闭 in zh-CN.
func (s TaskStatus) Label(lang starmap.Lang) string {
	return row(taskStatusNames, int(s), unknownTaskStatus).label(lang)
}

// Valid reports whether s is a declared status.
func (s TaskStatus) Valid() bool { return s >= TaskPending && s <= TaskClosed }

// Open reports whether the task is still to be done (pending or running).
func (s TaskStatus) Open() bool { return s == TaskPending || s == TaskRunning }

// EntryKind says why money entered or left an MCN's earnings account
// (MCN-3, X-4). Each kind has one direction, except adjustments.
type EntryKind uint8

const (
	// EntryShare: the MCN's share of a signed creator's pay for a task
	// (TSK-5); a credit (positive amount).
	EntryShare EntryKind = iota + 1
	// EntryReversal: a share taken back (a settlement reversed, STL-1); a
	// debit (negative amount).
	EntryReversal
	// EntryWithdrawal: earnings paid out to the MCN's bank account; a
	// debit (negative amount).
	EntryWithdrawal
	// EntryAdjustment: a correction by the platform, either way (a
	// non-zero amount of either sign).
	EntryAdjustment
)

var entryKindNames = []names{
	EntryShare:      {"share", "MCN分成", "MCN share"},
	EntryReversal:   {"reversal", "分成冲回", "Share reversed"},
	EntryWithdrawal: {"withdrawal", "提现", "Withdrawal"},
	EntryAdjustment: {"adjustment", "平台调整", "Adjustment"},
}

var unknownEntryKind = names{"unknown-entry", "未知类型", "Unknown kind"}

// EntryKinds lists every kind in declaration order: the order of a
// statement's totals.
func EntryKinds() []EntryKind {
	return []EntryKind{EntryShare, EntryReversal, EntryWithdrawal, EntryAdjustment}
}

// String names the kind: share, reversal, withdrawal, adjustment.
func (k EntryKind) String() string { return row(entryKindNames, int(k), unknownEntryKind).code }

// Label is the kind as a statement shows it: MCN分成, 分成冲回, 提现,
// 平台调整 in zh-CN.
func (k EntryKind) Label(lang starmap.Lang) string {
	return row(entryKindNames, int(k), unknownEntryKind).label(lang)
}

// Valid reports whether k is a declared kind.
func (k EntryKind) Valid() bool { return k >= EntryShare && k <= EntryAdjustment }

// signOK reports whether an amount of sign s (-1, 0, +1) fits the kind.
func (k EntryKind) signOK(s int) bool {
	switch k {
	case EntryShare:
		return s > 0
	case EntryReversal, EntryWithdrawal:
		return s < 0
	case EntryAdjustment:
		return s != 0
	}
	return false
}

// platformParam names one of onboarding's platforms (ONB-1) in both
// languages, from onboarding's own table.
func platformParam(p onboarding.Platform) starmap.Param {
	return starmap.LabeledArg("platform", p.Label(starmap.ZH), p.Label(starmap.EN))
}
