package task

import "github.com/starmap-go/starmap"

// Rules of the task machine (TSK-1 … TSK-3, TSK-7, TSK-8, X-7).
var (
	// ErrUnknownCommand is a command value outside the declared set.
	ErrUnknownCommand = starmap.NewRule("task.command.unknown", starmap.ErrInvalid,
		"未知的任务指令:{command}", "unknown task command {command}")
	// ErrNotAllowedInState is a command the task's current state does not
	// accept; terminal states accept nothing that leaves them.
	ErrNotAllowedInState = starmap.NewRule("task.command.not_allowed_in_state", starmap.ErrInvalid,
		"任务当前状态({state})不能执行「{command}」", "command {command} is not allowed while the task is {state}")
	// ErrWrongFormat is a command of the other format: a script for a live
	// task, a broadcast for a short video (TSK-2).
	ErrWrongFormat = starmap.NewRule("task.command.wrong_format", starmap.ErrInvalid,
		"{format}任务不能执行「{command}」", "command {command} does not apply to a {format} task")
	// ErrActorNotAllowed is an actor whose role may not issue the command in
	// this state. It wraps starmap.ErrActorRole.
	ErrActorNotAllowed = starmap.NewRule("task.actor.not_allowed", starmap.ErrForbidden,
		"{actor}无权在当前状态({state})执行「{command}」", "{actor} may not issue {command} while the task is {state}")
	// ErrNotAParty is an actor of an allowed role that is not this task's
	// advertiser, creator or the creator's MCN.
	ErrNotAParty = starmap.NewRule("task.actor.not_a_party", starmap.ErrForbidden,
		"{actor}不是该任务的参与方({party})", "{actor} is not this task's {party}")
	// ErrReasonRequired: rejections, declines and cancellations carry a
	// written reason (TSK-1, TSK-8).
	ErrReasonRequired = starmap.NewRule("task.reason.required", starmap.ErrInvalid,
		"「{command}」必须填写原因", "{command} needs a written reason")
	// ErrRejectionBudgetUsed: the advertiser used every rejection the policy
	// allows; only approval or cancellation remain (TSK-8).
	ErrRejectionBudgetUsed = starmap.NewRule("task.review.rejection_budget_used", starmap.ErrInvalid,
		"{stage}已驳回{used}次(上限{max}次),只能通过或取消任务", "the {stage} was already rejected {used} times (limit {max}); approve it or cancel the task")
	// ErrSubmissionRequired: a script, video or publication names what was
	// submitted (a reference in the host's content store).
	ErrSubmissionRequired = starmap.NewRule("task.submission.ref_required", starmap.ErrInvalid,
		"「{command}」必须提供提交内容", "{command} needs a reference to what is submitted")
	// ErrInvitationClosed: the creator tries to accept after the invitation
	// window (TSK-7).
	ErrInvitationClosed = starmap.NewRule("task.invitation.closed", starmap.ErrInvalid,
		"任务邀请已于{deadline}到期,无法接受", "the invitation ran until {deadline}; it can no longer be accepted")
	// ErrBeyondCalendar: an instant outside the calendar's days, or a
	// command that would start a window (an invitation, the wait for
	// acceptance) or plan a stream ending after starmap.MaxDate() — a task
	// must never wait on a day the calendar cannot hold (TSK-7).
	ErrBeyondCalendar = starmap.NewRule("task.clock.beyond_calendar", starmap.ErrInvalid,
		"{what}超出了日历范围(最晚{max})", "{what} falls beyond the calendar (last day {max})")
	// ErrNotDue is a clock-driven command issued before its deadline passed.
	ErrNotDue = starmap.NewRule("task.clock.not_due", starmap.ErrInvalid,
		"「{command}」需在{deadline}之后执行", "{command} is due only after {deadline}")
	// ErrScheduleInvalid is a live start time before the moment of scheduling.
	ErrScheduleInvalid = starmap.NewRule("task.live.schedule_invalid", starmap.ErrInvalid,
		"开播时间{start}不能早于当前时间", "the planned start {start} is in the past")
	// ErrBroadcastDurationInvalid is a reported duration that is not positive.
	ErrBroadcastDurationInvalid = starmap.NewRule("task.live.duration_invalid", starmap.ErrInvalid,
		"直播时长无效:{duration}", "invalid broadcast duration {duration}")
	// ErrBroadcastTooEarly: going on air earlier than the planned start less
	// Policy.LiveEarlyStart (TSK-2, TSK-8).
	ErrBroadcastTooEarly = starmap.NewRule("task.live.too_early", starmap.ErrInvalid,
		"计划开播时间为{start},最早可在{earliest}开播", "the broadcast is planned for {start}; it can start from {earliest}")
	// ErrBroadcastLongerThanAir: the reported duration exceeds the time since
	// the task went on air (the start_broadcast instant in the history).
	ErrBroadcastLongerThanAir = starmap.NewRule("task.live.duration_exceeds_air_time", starmap.ErrInvalid,
		"上报的直播时长{duration}超过了自{on_air}开播以来的时长{elapsed}", "the reported duration {duration} exceeds the {elapsed} since going on air at {on_air}")
	// ErrNoLiveComponent: the live card switch needs a mounted component.
	ErrNoLiveComponent = starmap.NewRule("task.live.no_component", starmap.ErrInvalid,
		"该直播任务未挂载组件,无法切换直播卡片", "no component is mounted on this live task; there is no live card to switch")
	// ErrComponentClicksWithoutComponent: a results report with component
	// clicks for a task that has no component mounted (CMP-4).
	ErrComponentClicksWithoutComponent = starmap.NewRule("task.results.component_clicks_without_component", starmap.ErrInvalid,
		"该任务未挂载组件,组件点击量须为0(收到{clicks})", "no component is mounted on this task; component clicks must be 0, got {clicks}")
	// ErrResultsEmpty: a results report with neither metrics (the zero
	// Metrics) nor sales — it would change nothing, and replacing the
	// metrics with zeros would wipe what was measured (TSK-6).
	ErrResultsEmpty = starmap.NewRule("task.results.empty", starmap.ErrInvalid,
		"营销数据回传须包含数据或成交明细", "a results report needs metrics or sales")
	// ErrLiveCardUnchanged: showing a card already shown, hiding a hidden one.
	ErrLiveCardUnchanged = starmap.NewRule("task.live.card_unchanged", starmap.ErrInvalid,
		"直播卡片已是{shown}状态", "the live card is already {shown}")
)

// Rules of the review path (TSK-1, TSK-8, CPL-2 … CPL-4). The checklist,
// the findings and the waiver raise package compliance's own rules inside
// these (compliance.ErrItemFailed, compliance.ErrFindingBlocks,
// compliance.ErrAnswerMissing, …).
var (
	// ErrApprovalBlocked: an approval of a script or video while a
	// checklist item failed or a block finding stands unwaived (CPL-4); it
	// wraps every reason (compliance.ErrItemFailed,
	// compliance.ErrFindingBlocks).
	ErrApprovalBlocked = starmap.NewRule("task.review.approval_blocked", starmap.ErrInvalid,
		"{stage}不能审核通过:有未通过的审核项或未经平台豁免的拦截项", "the {stage} cannot be approved: a checklist item failed or a block finding stands unwaived")
	// ErrChecklistRequired: a review without the checklist, on a Service
	// configured WithChecklistRequired (or a Reviewer with
	// RequireChecklist).
	ErrChecklistRequired = starmap.NewRule("task.review.checklist_required", starmap.ErrInvalid,
		"{stage}审核须填写审核清单", "the review of the {stage} needs the checklist")
	// ErrFindingUnknown: a waiver of a finding that is not one of the
	// submission under review (a resubmission is checked anew).
	ErrFindingUnknown = starmap.NewRule("task.review.finding_unknown", starmap.ErrInvalid,
		"当前提交中没有这条检查发现:{finding}", "the submission under review has no such finding: {finding}")
	// ErrTooManyFindings: a submission whose text has more than
	// MaxFindings findings; it is refused, not stored.
	ErrTooManyFindings = starmap.NewRule("task.review.too_many_findings", starmap.ErrInvalid,
		"文案的检查发现过多({got}条,上限{max}条),请修改后再提交", "the text has {got} findings (at most {max}); revise it before submitting")
	// ErrFindingWaived: a waiver of a finding the platform already waived.
	ErrFindingWaived = starmap.NewRule("task.review.finding_waived", starmap.ErrInvalid,
		"这条检查发现已豁免:{finding}", "the finding is already waived: {finding}")
)

// Rules of ordering (TSK-1, TSK-4, TSK-5, CMP-3).
var (
	// ErrFormatInvalid is a task format other than short video or live.
	ErrFormatInvalid = starmap.NewRule("task.order.format_invalid", starmap.ErrInvalid,
		"任务类型无效", "the task format must be short video or live")
	// ErrPriceInvalid is a price that is not a positive amount in whole
	// fen, or whose total frozen with the fee is larger than
	// starmap.MaxAmountText; it wraps the root's money error where there
	// is one (starmap.ErrMoneyTooLarge, starmap.ErrMoneyTooPrecise).
	ErrPriceInvalid = starmap.NewRule("task.order.price_invalid", starmap.ErrInvalid,
		"任务价格须大于0、精确到分,连同服务费整数部分最多15位:{price}",
		"the price must be positive, in whole fen, and with the fee at most 15 digits before the point: {price}")
	// ErrLiveDurationRequired: a live order states the broadcast length it
	// buys (TSK-8: delivered when the actual time reaches it); a short video
	// order states none.
	ErrLiveDurationRequired = starmap.NewRule("task.order.live_duration", starmap.ErrInvalid,
		"直播任务须约定1分钟至24小时的直播时长,短视频任务不填:{duration}", "a live order needs a broadcast length of 1 minute to 24 hours, a short video none: {duration}")
	// ErrSameParty: an advertiser cannot order from itself.
	ErrSameParty = starmap.NewRule("task.order.same_party", starmap.ErrInvalid,
		"达人与广告主不能是同一账号", "the creator and the advertiser must be different accounts")
	// ErrClaimMCNMismatch: a claim names an MCN other than the one the
	// Service's SigningLookup says the creator is signed to (or names one
	// for an independent creator).
	ErrClaimMCNMismatch = starmap.NewRule("task.claim.mcn_mismatch", starmap.ErrInvalid,
		"领取任务时填写的MCN机构{given}与达人的签约机构{signed}不符", "the claim names MCN {given} but the creator is signed to {signed}")
	// ErrOpenOrderMCN: an order published for any creator names no MCN.
	ErrOpenOrderMCN = starmap.NewRule("task.order.open_with_mcn", starmap.ErrInvalid,
		"公开发布的任务不能指定MCN机构", "an order open to every creator cannot name an MCN")
	// ErrTemplateInvalid is a template field that breaks a rule (TSK-4).
	ErrTemplateInvalid = starmap.NewRule("task.template.invalid", starmap.ErrInvalid,
		"任务模板{field}有误:{problem}", "task template {field}: {problem}")
	// ErrMountCheckerMissing: components were asked for but the Service has
	// no MountChecker to check them (CMP-3).
	ErrMountCheckerMissing = starmap.NewRule("task.order.mount_checker_missing", starmap.ErrInvalid,
		"未配置组件挂载检查,无法挂载组件", "no mount checker is configured; components cannot be mounted")
	// ErrMountRefused wraps the MountChecker's refusal: the whole order is
	// refused and nothing is stored (CMP-3).
	ErrMountRefused = starmap.NewRule("task.order.mount_refused", starmap.ErrInvalid,
		"组件无法挂载,订单未提交", "a component cannot be mounted; the order was not placed")
	// ErrComponentsInvalid: duplicated or malformed component ids, or
	// snapshots that do not answer the ids asked for.
	ErrComponentsInvalid = starmap.NewRule("task.order.components_invalid", starmap.ErrInvalid,
		"挂载组件有误:{problem}", "mounted components: {problem}")
	// ErrPolicyInvalid is a policy value out of its allowed range (TSK-8).
	ErrPolicyInvalid = starmap.NewRule("task.policy.invalid", starmap.ErrInvalid,
		"任务策略{field}无效:{problem}", "task policy {field}: {problem}")
	// ErrMetricsInvalid is a results report with a negative count or an
	// amount not in whole fen (TSK-6).
	ErrMetricsInvalid = starmap.NewRule("task.results.invalid", starmap.ErrInvalid,
		"营销数据{field}无效:{problem}", "results {field}: {problem}")
	// ErrRecordInvalid is a stored record that cannot be a task.
	ErrRecordInvalid = starmap.NewRule("task.record.invalid", starmap.ErrInvalid,
		"任务记录无效:{problem}", "invalid task record: {problem}")
)

// Rules of the settlement models (STL-1) and their campaign (CAM-1).
var (
	// ErrSettlementInvalid is a settlement model that breaks a rule: an
	// unknown model, weights that do not match the deliverables, a rate
	// out of range.
	ErrSettlementInvalid = starmap.NewRule("task.settlement.invalid", starmap.ErrInvalid,
		"结算方式{field}有误:{problem}", "settlement {field}: {problem}")
	// ErrSettlementNotOpen: close_settlement on a task whose model has
	// nothing left to settle (fixed price and by deliverable settle at
	// acceptance; a CPM or CPS settlement closes once).
	ErrSettlementNotOpen = starmap.NewRule("task.settlement.not_open", starmap.ErrInvalid,
		"该任务没有待结算的款项", "the task has no settlement left to close")
	// ErrDeliverablesInvalid: an acceptance by deliverable names one
	// verdict per deliverable of the template, or none (all accepted).
	ErrDeliverablesInvalid = starmap.NewRule("task.settlement.deliverables_invalid", starmap.ErrInvalid,
		"验收结果有{given}项,交付物有{want}项", "the acceptance gives {given} verdicts for {want} deliverables")
	// ErrSalesInvalid is a CPS sales report that breaks a rule (a task of
	// another model, an unknown order refunded, more refunded than sold, an
	// instant before the delivery or after now).
	ErrSalesInvalid = starmap.NewRule("task.sales.invalid", starmap.ErrInvalid,
		"成交明细{order}有误:{problem}", "sale {order}: {problem}")
	// ErrCampaignsMissing: an order names a campaign but the Service has no
	// campaign service (WithCampaigns).
	ErrCampaignsMissing = starmap.NewRule("task.order.campaigns_missing", starmap.ErrInvalid,
		"未配置项目服务,无法在项目{campaign}中下单", "no campaign service is configured; cannot order in campaign {campaign}")
	// ErrCampaignEnd: the task was stored but ending its campaign
	// reservation failed; the host runs Service.EndCampaign again.
	ErrCampaignEnd = starmap.NewRule("task.campaign.end_failed", starmap.ErrConflict,
		"任务{task}已保存,但项目{campaign}的预算未结清", "task {task} was stored but its reservation in campaign {campaign} did not end")
)

// ErrMCNNotSigned: an order or a claim names an MCN that holds no signing
// in force with the creator, or an MCN acts for a creator whose signing it
// does not hold at that instant (MCN-2, X-7; WithSigningTerms).
var ErrMCNNotSigned = starmap.NewRule("task.mcn.not_signed", starmap.ErrForbidden,
	"MCN机构{mcn}此时未与达人{creator}签约,不能代其接单或操作", "MCN {mcn} holds no signing in force with creator {creator}, so it may not take orders or act for them")
