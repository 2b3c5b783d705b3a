package onboarding

import "github.com/starmap-go/starmap"

// Policy rules.
var (
	// ErrPolicyInvalid is one problem of a Policy found by Validate.
	ErrPolicyInvalid = starmap.NewRule("onboarding.policy.invalid", starmap.ErrInvalid,
		"入驻规则 {field} 有误:{problem}", "onboarding policy {field}: {problem}")
	// ErrPolicyKeysMissing: a policy text without a base leaves keys out.
	ErrPolicyKeysMissing = starmap.NewRule("onboarding.policy.keys_missing", starmap.ErrInvalid,
		"入驻规则未指定基础规则(base)时须给出全部设置,缺少:{keys}", "onboarding policy without a base must give every key; missing: {keys}")
	// ErrPolicyLine is a line of the policy text form that cannot be read.
	ErrPolicyLine = starmap.NewRule("onboarding.policy.line", starmap.ErrInvalid,
		"入驻规则第{line}行有误:{problem}", "onboarding policy line {line}: {problem}")
)

// Creator eligibility (ONB-1 … ONB-4).
var (
	// ErrPlatformUnknown: the applicant names no platform of ONB-1.
	ErrPlatformUnknown = starmap.NewRule("onboarding.creator.platform_unknown", starmap.ErrInvalid,
		"不支持的平台:{platform}(仅支持抖音、西瓜视频、火山小视频、今日头条)",
		"unknown platform {platform} (Douyin, Xigua, Huoshan or Toutiao)")
	// ErrAccountInvalid: the platform account id is empty or malformed.
	ErrAccountInvalid = starmap.NewRule("onboarding.creator.account_invalid", starmap.ErrInvalid,
		"平台账号无效:{problem}", "invalid platform account: {problem}")
	// ErrFollowersNegative: a negative follower count is not a count.
	ErrFollowersNegative = starmap.NewRule("onboarding.creator.followers_negative", starmap.ErrInvalid,
		"粉丝数不能为负数:{had}", "follower count {had} must not be negative")
	// ErrStandingViolation: the account is in violation (违规) (ONB-4).
	ErrStandingViolation = starmap.NewRule("onboarding.creator.standing_violation", starmap.ErrForbidden,
		"账号状态异常(违规),无法入驻", "the account is in violation (违规) and cannot join")
	// ErrStandingRateLimited: the account is rate-limited (限流中) (ONB-4).
	ErrStandingRateLimited = starmap.NewRule("onboarding.creator.standing_rate_limited", starmap.ErrForbidden,
		"账号状态异常(限流中),无法入驻", "the account is rate-limited (限流中) and cannot join")
	// ErrStandingUnknown: the standing is not one of the declared values.
	ErrStandingUnknown = starmap.NewRule("onboarding.creator.standing_unknown", starmap.ErrInvalid,
		"账号状态未知:{standing}", "unknown account standing {standing}")
	// ErrFollowersBelow: fewer followers than the platform's threshold (ONB-2).
	ErrFollowersBelow = starmap.NewRule("onboarding.creator.followers_below", starmap.ErrForbidden,
		"{platform_zh}达人入驻星图粉丝需在{needed}以上,当前{had}",
		"{platform} creators need at least {needed} followers; the account has {had}")
	// ErrNoThresholdKnown: the policy has no follower figure for the
	// platform (ONB-2): the library does not guess one.
	ErrNoThresholdKnown = starmap.NewRule("onboarding.creator.no_threshold_known", starmap.ErrForbidden,
		"入驻规则未规定{platform_zh}达人的粉丝门槛,无法按粉丝数入驻",
		"the policy knows no follower threshold for {platform}; joining by followers is not possible")
	// ErrMCNSigningRequired: the policy requires an MCN signing (ONB-3,
	// seed 001) and the applicant has none.
	ErrMCNSigningRequired = starmap.NewRule("onboarding.creator.mcn_signing_required", starmap.ErrForbidden,
		"达人未签约MCN机构,无法入驻(粉丝门槛和加入机构缺一不可)",
		"the creator is not signed to an MCN agency, which the policy requires")
)

// Agency eligibility (ONB-6).
var (
	// ErrAgencyInvalid: the agency's own data is malformed (id, dates).
	ErrAgencyInvalid = starmap.NewRule("onboarding.agency.invalid", starmap.ErrInvalid,
		"机构信息有误:{problem}", "invalid agency data: {problem}")
	// ErrAgencyTooYoung: founded not more than the policy's years ago and
	// no valid special approval.
	ErrAgencyTooYoung = starmap.NewRule("onboarding.agency.too_young", starmap.ErrForbidden,
		"机构成立时间需超过{years}年(成立于{founded},{eligible_from}起满足),不足一年需申请特批",
		"the agency must have existed for more than {years} year(s) (founded {founded}, qualifies from {eligible_from}) or hold a special approval")
	// ErrApprovalNotByPlatform: a special approval not granted by a valid
	// platform actor does not count.
	ErrApprovalNotByPlatform = starmap.NewRule("onboarding.agency.approval_not_by_platform", starmap.ErrForbidden,
		"特批须由平台审核人员作出,{by}无权特批", "a special approval must be granted by the platform, not {by}")
	// ErrApprovalReasonMissing: a special approval must say why.
	ErrApprovalReasonMissing = starmap.NewRule("onboarding.agency.approval_reason_missing", starmap.ErrInvalid,
		"特批须说明理由(达人资源丰富且内容独特)", "a special approval must give its reason (rich creator resources, distinctive content)")
	// ErrApprovalDate: a special approval dated after today or before the
	// founding day.
	ErrApprovalDate = starmap.NewRule("onboarding.agency.approval_date", starmap.ErrInvalid,
		"特批日期{on}无效(成立于{founded},今天{today})", "special approval date {on} is invalid (founded {founded}, today {today})")
	// ErrAgencyNotQualified: no legal business qualification.
	ErrAgencyNotQualified = starmap.NewRule("onboarding.agency.not_qualified", starmap.ErrForbidden,
		"公司必须有合法资质", "the agency must hold a legal business qualification")
	// ErrAgencyTooFewCreators: fewer signed creators than the policy needs.
	ErrAgencyTooFewCreators = starmap.NewRule("onboarding.agency.too_few_creators", starmap.ErrForbidden,
		"机构旗下达人不少于{needed}人,当前{had}人", "the agency needs at least {needed} creators; it has {had}")
	// ErrAgencyFollowersBelow: less follower volume than the policy's figure.
	ErrAgencyFollowersBelow = starmap.NewRule("onboarding.agency.followers_below", starmap.ErrForbidden,
		"机构粉丝量需在{needed}以上,当前{had}", "the agency needs a follower volume of at least {needed}; it has {had}")
	// ErrAgencyFollowerFigureUnknown: the policy sets no follower volume
	// figure; the seeds give none and the library does not guess.
	ErrAgencyFollowerFigureUnknown = starmap.NewRule("onboarding.agency.follower_figure_unknown", starmap.ErrForbidden,
		"入驻规则未规定机构粉丝量门槛", "the policy sets no follower volume figure for agencies")
	// ErrAgencyNoOperatingCapability: operating capability not established.
	ErrAgencyNoOperatingCapability = starmap.NewRule("onboarding.agency.no_operating_capability", starmap.ErrForbidden,
		"机构须有一定服务运营能力", "the agency's operating capability has not been established")
)

// Merchant one-click opening (ONB-7).
var (
	// ErrMerchantInvalid: malformed merchant data.
	ErrMerchantInvalid = starmap.NewRule("onboarding.merchant.invalid", starmap.ErrInvalid,
		"商家信息有误:{problem}", "invalid merchant data: {problem}")
	// ErrMerchantNotCertified: qualification not certified in the back office.
	ErrMerchantNotCertified = starmap.NewRule("onboarding.merchant.not_certified", starmap.ErrForbidden,
		"商家需先在商家后台完成资质认证", "the merchant's qualification is not certified in its back office")
	// ErrMerchantIndividual: individual businesses cannot open in one click.
	ErrMerchantIndividual = starmap.NewRule("onboarding.merchant.individual_business", starmap.ErrForbidden,
		"个体户商家不支持一键开通星图", "individual businesses (个体户) cannot open a Star Map account in one click")
	// ErrMerchantPlatform: only Toutiao and Douyin accounts open one.
	ErrMerchantPlatform = starmap.NewRule("onboarding.merchant.platform_not_supported", starmap.ErrForbidden,
		"目前仅支持使用头条和抖音账号开通星图账号,不支持{platform_zh}",
		"only Toutiao and Douyin accounts can open a Star Map account, not {platform}")
)

// Applications (ONB-5, ONB-9).
var (
	// ErrApplicationInvalid: malformed application input.
	ErrApplicationInvalid = starmap.NewRule("onboarding.application.invalid", starmap.ErrInvalid,
		"入驻申请有误:{problem}", "invalid application: {problem}")
	// ErrApplicationState: the step is not allowed from the current state.
	ErrApplicationState = starmap.NewRule("onboarding.application.state", starmap.ErrInvalid,
		"入驻申请当前为{state},不能{step}", "the application is {state}; it cannot be {step}")
	// ErrNotEligible: approval refused; the reasons are joined with it.
	ErrNotEligible = starmap.NewRule("onboarding.application.not_eligible", starmap.ErrForbidden,
		"申请人不符合入驻条件({count}项未满足)", "the applicant does not qualify ({count} unmet requirement(s))")
	// ErrRejectReasonMissing: a rejection must give at least one reason.
	ErrRejectReasonMissing = starmap.NewRule("onboarding.application.reject_reason_missing", starmap.ErrInvalid,
		"驳回入驻申请须说明理由", "a rejection must give at least one reason")
	// ErrApplicantMismatch: the actor does not match the application's kind
	// or subject.
	ErrApplicantMismatch = starmap.NewRule("onboarding.application.applicant_mismatch", starmap.ErrForbidden,
		"{actor}不能以{subject}的名义提交{kind}入驻申请", "{actor} may not submit a {kind} application for {subject}")
	// ErrSigningUnverified: a creator application names an MCN agency that
	// the host's SigningVerifier does not confirm (or the service has none).
	ErrSigningUnverified = starmap.NewRule("onboarding.application.signing_unverified", starmap.ErrForbidden,
		"无法确认达人账号{account}已签约MCN机构{mcn}", "account {account} is not confirmed as signed to MCN agency {mcn}")
)

// Service (reads and configuration).
var (
	// ErrNotParty: the actor may not read the record — an application is
	// read by the platform, its submitter and its subject, a cancellation
	// by the platform and the account's holder.
	ErrNotParty = starmap.NewRule("onboarding.read.not_party", starmap.ErrForbidden,
		"{actor}无权查看{what}{id}", "{actor} may not see {what} {id}")
	// ErrQueryInvalid: a list query names an unknown state or kind, or a
	// malformed subject.
	ErrQueryInvalid = starmap.NewRule("onboarding.query.invalid", starmap.ErrInvalid,
		"查询条件有误:{problem}", "invalid query: {problem}")
	// ErrLeavingNotConfigured: the service was made without WithLeaving (a
	// TaskLister and a code key), so it cannot run account cancellations.
	ErrLeavingNotConfigured = starmap.NewRule("onboarding.service.leaving_not_configured", starmap.ErrInvalid,
		"入驻服务未配置销户所需的任务查询和验证码密钥", "the onboarding service has no task lister and code key for cancellations")
)

// Leaving (ONB-8).
var (
	// ErrCloseBlocked: tasks still running block closing the account.
	ErrCloseBlocked = starmap.NewRule("onboarding.close.tasks_running", starmap.ErrInvalid,
		"仍有{count}个任务进行中,需先取消任务再关闭星图:{tasks}",
		"{count} task(s) still running must be cancelled before closing: {tasks}")
	// ErrNoTaskLister: CheckClose was given no TaskLister, so it cannot
	// tell which tasks still run.
	ErrNoTaskLister = starmap.NewRule("onboarding.close.no_task_lister", starmap.ErrInvalid,
		"未提供任务查询,无法确认是否仍有进行中的任务", "no task lister: the running tasks cannot be checked")
	// ErrBalanceInvalid: the balance to refund is negative, below the fen or
	// beyond starmap.CheckAmount's bound (ONB-8, X-4).
	// Its cause is the root's money error (starmap.ErrMoneyTooLarge,
	// ErrMoneyTooPrecise, ErrMoneyNegative).
	ErrBalanceInvalid = starmap.NewRule("onboarding.close.balance_invalid", starmap.ErrInvalid,
		"账户余额有误:{value}", "invalid account balance {value}")
	// ErrCancellationState: the step is not allowed in the current state.
	ErrCancellationState = starmap.NewRule("onboarding.cancellation.state", starmap.ErrInvalid,
		"销户申请当前为{state},不能{step}", "the cancellation is {state}; it cannot be {step}")
	// ErrCancellationOpen: the account already has a cancellation waiting
	// for its code or under review, or is cancelled: one at a time, one
	// refund.
	ErrCancellationOpen = starmap.NewRule("onboarding.cancellation.already_open", starmap.ErrInvalid,
		"账号{account}已有销户申请(当前为{state}),不能重复申请", "account {account} already has a cancellation ({state})")
	// ErrCancellationInvalid: malformed cancellation input.
	ErrCancellationInvalid = starmap.NewRule("onboarding.cancellation.invalid", starmap.ErrInvalid,
		"销户申请有误:{problem}", "invalid cancellation: {problem}")
	// ErrNotAccountHolder: only the holder of an account cancels it.
	ErrNotAccountHolder = starmap.NewRule("onboarding.cancellation.not_account_holder", starmap.ErrForbidden,
		"{actor}不是账号{account}的持有人,不能注销该账号", "{actor} does not hold account {account} and cannot cancel it")
	// ErrCodeWrong: the verification code does not match.
	ErrCodeWrong = starmap.NewRule("onboarding.cancellation.code_wrong", starmap.ErrForbidden,
		"验证码错误(还可尝试{left}次)", "wrong verification code ({left} tries left)")
	// ErrCodeExpired: the verification code has expired.
	ErrCodeExpired = starmap.NewRule("onboarding.cancellation.code_expired", starmap.ErrForbidden,
		"验证码已过期,请重新获取", "the verification code has expired; request a new one")
)
