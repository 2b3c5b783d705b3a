package campaign

import "github.com/starmap-go/starmap"

// Rules of a campaign's own values (CAM-1).
var (
	// ErrNameRequired: a campaign has a name (项目名称).
	ErrNameRequired = starmap.NewRule("campaign.name.required", starmap.ErrInvalid,
		"项目名称不能为空", "the campaign needs a name")
	// ErrObjectiveInvalid is an objective outside exposure, favourites,
	// add-to-cart and purchase.
	ErrObjectiveInvalid = starmap.NewRule("campaign.objective.invalid", starmap.ErrInvalid,
		"项目目标无效(应为曝光、收藏、加购或购买)", "the objective must be exposure, favourites, add-to-cart or purchase")
	// ErrBudgetInvalid is a budget that is not a positive amount.
	ErrBudgetInvalid = starmap.NewRule("campaign.budget.not_positive", starmap.ErrInvalid,
		"项目预算须大于0元(收到{value}元)", "the campaign budget must be more than 0 CNY, got {value}")
	// ErrPilotBudgetInvalid is a pilot campaign's pilot budget that is not
	// positive or is larger than the campaign's budget.
	ErrPilotBudgetInvalid = starmap.NewRule("campaign.pilot.budget_invalid", starmap.ErrInvalid,
		"试点预算须大于0元且不超过项目预算{budget}元(收到{value}元)", "the pilot budget must be more than 0 and at most the campaign budget of {budget} CNY, got {value}")
	// ErrPilotBudgetWithoutPilot is a pilot budget given to a campaign that
	// is not a pilot.
	ErrPilotBudgetWithoutPilot = starmap.NewRule("campaign.pilot.budget_without_pilot", starmap.ErrInvalid,
		"只有试点项目才有试点预算", "only a pilot campaign has a pilot budget")
	// ErrTargetInvalid is a KPI target that is not a value of its metric.
	ErrTargetInvalid = starmap.NewRule("campaign.target.invalid", starmap.ErrInvalid,
		"考核目标「{metric}」无效:{problem}", "KPI target {metric} is invalid: {problem}")
	// ErrTargetDuplicate is a metric given two targets.
	ErrTargetDuplicate = starmap.NewRule("campaign.target.duplicate", starmap.ErrInvalid,
		"考核目标「{metric}」重复", "KPI target {metric} is given twice")
	// ErrTooManyTargets: at most one target per metric.
	ErrTooManyTargets = starmap.NewRule("campaign.target.too_many", starmap.ErrInvalid,
		"考核目标最多{max}个(每个指标一个),收到{count}个", "at most {max} KPI targets (one per metric), got {count}")
	// ErrAmountInvalid is a reservation, release or settlement amount that is
	// not positive.
	ErrAmountInvalid = starmap.NewRule("campaign.amount.not_positive", starmap.ErrInvalid,
		"{command}金额须大于0元(收到{value}元)", "the amount to {command} must be more than 0 CNY, got {value}")
	// ErrLimitReached: a campaign holds at most MaxReservations reservations
	// and MaxHistory history entries, so that its record stays a size one
	// write can store.
	ErrLimitReached = starmap.NewRule("campaign.limit_reached", starmap.ErrInvalid,
		"项目{campaign}的{what}已达上限{max}", "campaign {campaign} has reached the limit of {max} {what}")
)

// Rules of the campaign machine and its actors (CAM-1, X-7).
var (
	// ErrUnknownCommand is a command value outside the declared set.
	ErrUnknownCommand = starmap.NewRule("campaign.command.unknown", starmap.ErrInvalid,
		"未知的项目指令:{command}", "unknown campaign command {command}")
	// ErrNotAllowedInState is a command the campaign's state does not take:
	// a closed campaign takes no new reservation, budget or target, only
	// the releases and settlements of the tasks already ordered in it.
	ErrNotAllowedInState = starmap.NewRule("campaign.command.not_allowed_in_state", starmap.ErrInvalid,
		"项目{campaign}{state},不能{command}", "campaign {campaign} is {state}; it cannot {command}")
	// ErrActorNotAllowed is an actor whose role may not issue the command
	// . It wraps starmap.ErrActorRole.
	ErrActorNotAllowed = starmap.NewRule("campaign.actor.not_allowed", starmap.ErrForbidden,
		"{actor}无权{command}", "{actor} may not {command}")
	// ErrNotOwner is an advertiser (main or sub-account) acting on another
	// advertiser's campaign.
	ErrNotOwner = starmap.NewRule("campaign.actor.not_owner", starmap.ErrForbidden,
		"项目{campaign}不属于广告主{advertiser}", "campaign {campaign} does not belong to advertiser {advertiser}")
	// ErrNotInPilot: graduating a campaign that is not a pilot, or one that
	// already graduated.
	ErrNotInPilot = starmap.NewRule("campaign.pilot.not_in_pilot", starmap.ErrInvalid,
		"项目{campaign}不在试点阶段", "campaign {campaign} is not in its pilot phase")
	// ErrBudgetBelowCommitted: a new budget smaller than what is already
	// reserved and spent, or (in the pilot phase) than the pilot budget.
	ErrBudgetBelowCommitted = starmap.NewRule("campaign.budget.below_committed", starmap.ErrInvalid,
		"新预算{value}元低于{floor_what}{floor}元", "the new budget of {value} CNY is below the {floor_what} of {floor} CNY")
)

// Rules of reservations (CAM-1, X-4).
var (
	// ErrBudgetExceeded: the reservation is more than the campaign has
	// left. The message says how much is left.
	ErrBudgetExceeded = starmap.NewRule("campaign.budget.exceeded", starmap.ErrInvalid,
		"项目{campaign}预算不足:本单需预留{amount}元,剩余可用{available}元", "campaign {campaign} is over budget: the order needs {amount} CNY, {available} CNY left")
	// ErrPilotBudgetExceeded: in the pilot phase, the reservation is more
	// than the pilot budget has left. The message says how much is left.
	ErrPilotBudgetExceeded = starmap.NewRule("campaign.pilot.budget_exceeded", starmap.ErrInvalid,
		"项目{campaign}处于试点阶段,试点预算不足:本单需预留{amount}元,试点预算剩余{available}元(结束试点后可用全部预算)",
		"campaign {campaign} is a pilot: the order needs {amount} CNY, {available} CNY of the pilot budget left (graduate it to use the whole budget)")
	// ErrReservationExists: the task already has a reservation in the
	// campaign with another amount, or one that has ended. Repeating an
	// identical reservation that is still held is not an error.
	ErrReservationExists = starmap.NewRule("campaign.reservation.exists", starmap.ErrConflict,
		"任务{task}在项目{campaign}中已有预留({state},{amount}元)", "task {task} already has a reservation in campaign {campaign} ({state}, {amount} CNY)")
	// ErrReservationNotFound: the task has no reservation in the campaign.
	ErrReservationNotFound = starmap.NewRule("campaign.reservation.not_found", starmap.ErrNotFound,
		"任务{task}在项目{campaign}中没有预留", "task {task} has no reservation in campaign {campaign}")
	// ErrReservationInsufficient: releasing or settling more than the task
	// still holds.
	ErrReservationInsufficient = starmap.NewRule("campaign.reservation.insufficient", starmap.ErrInvalid,
		"任务{task}的预留只剩{held}元,不能{command}{amount}元", "task {task} holds only {held} CNY; it cannot {command} {amount} CNY")
	// ErrReservationEnded: ending (End) a reservation that has already
	// ended.
	ErrReservationEnded = starmap.NewRule("campaign.reservation.ended", starmap.ErrInvalid,
		"任务{task}在项目{campaign}中的预留已结束({state})", "task {task}'s reservation in campaign {campaign} has already ended ({state})")
	// ErrVoidAfterMovement: voiding (the task was never created) a
	// reservation from which money was already released or spent.
	ErrVoidAfterMovement = starmap.NewRule("campaign.reservation.void_after_movement", starmap.ErrInvalid,
		"任务{task}的预留已有结算或释放,不能作废", "task {task}'s reservation was already settled or released in part; it cannot be voided")
	// ErrCompensationFailed: OrderIn's task creation failed and voiding its
	// reservation failed too; the reservation is left held until Reconcile
	// finds it. It wraps the void's error.
	ErrCompensationFailed = starmap.NewRule("campaign.order.compensation_failed", starmap.ErrConflict,
		"任务{task}创建失败,且项目{campaign}中的预留未能撤回(待对账处理)", "task {task} was not created and its reservation in campaign {campaign} could not be voided (left for Reconcile)")
	// ErrCreateMissing: OrderIn without a task creation function.
	ErrCreateMissing = starmap.NewRule("campaign.order.create_missing", starmap.ErrInvalid,
		"下单缺少创建任务的步骤", "OrderIn needs the function that creates the task")
	// ErrExistsMissing: Orphans or Reconcile without the host's task lookup.
	ErrExistsMissing = starmap.NewRule("campaign.reconcile.lookup_missing", starmap.ErrInvalid,
		"对账缺少查询任务是否存在的方法", "reconciliation needs the host's lookup of whether a task exists")
)

// ErrRecordInvalid is a stored record that breaks the aggregate's
// invariants (FromRecord): a store that changed a value, or a record
// written by something other than this package.
var ErrRecordInvalid = starmap.NewRule("campaign.record.invalid", starmap.ErrInvalid,
	"项目记录{campaign}无效:{problem}", "campaign record {campaign} is invalid: {problem}")

// ErrQueryInvalid is a List query with a filter value out of range.
var ErrQueryInvalid = starmap.NewRule("campaign.query.invalid", starmap.ErrInvalid,
	"项目查询无效:{problem}", "invalid campaign query: {problem}")

// ErrOptionInvalid is a Service option with a value out of range.
var ErrOptionInvalid = starmap.NewRule("campaign.option.invalid", starmap.ErrInvalid,
	"项目服务选项无效:{problem}", "invalid campaign service option: {problem}")
