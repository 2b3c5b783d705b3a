package authz

import "github.com/starmap-go/starmap"

// The rules of the package. Every error the package raises matches one
// of these sentinels and its shared kind with errors.Is.
var (
	// ErrPartyInvalid: a grantee that is neither a merchant nor an agency,
	// or whose id is not a valid id.
	ErrPartyInvalid = starmap.NewRule("authz.party.invalid", starmap.ErrInvalid,
		"被授权方无效:{problem}", "invalid grantee: {problem}")

	// ErrNotOwner: only the creator whose data it is may grant, revoke or
	// renew it (X-7, AUZ-2, AUZ-3).
	ErrNotOwner = starmap.NewRule("authz.not_owner", starmap.ErrForbidden,
		"仅达人本人可操作自己的数据授权(操作人 {actor},达人 {creator})",
		"only the creator may manage the authorization of their own data (actor {actor}, creator {creator})")

	// ErrDayBeforeLastChange: an operation dated before the grant's last
	// change — a clock that went backwards. Periods are only ever decided
	// forward in time.
	ErrDayBeforeLastChange = starmap.NewRule("authz.day_before_last_change", starmap.ErrInvalid,
		"操作日期 {today} 早于该授权最近一次变更日期 {last}", "operation day {today} is before the grant's last change on {last}")

	// ErrDateMissing: a period date that was not given.
	ErrDateMissing = starmap.NewRule("authz.period.date_missing", starmap.ErrInvalid,
		"请选择{which}日期", "the {which} date is missing")

	// ErrGrantStartBeforeToday (AUZ-2, decision): a new grant starts today
	// or later.
	ErrGrantStartBeforeToday = starmap.NewRule("authz.grant.start_before_today", starmap.ErrInvalid,
		"开始日期仅支持今日及之后日期(开始 {start},今日 {today})",
		"the start date must be today or later (start {start}, today {today})")
	// ErrGrantEndBeforeStart (AUZ-2, decision): a new grant ends on or
	// after its start.
	ErrGrantEndBeforeStart = starmap.NewRule("authz.grant.end_before_start", starmap.ErrInvalid,
		"截止日期仅支持大于等于开始日期(开始 {start},截止 {end})",
		"the end date must be on or after the start date (start {start}, end {end})")
	// ErrGrantExists (AUZ-4): the pair already holds a grant that is valid
	// or scheduled; extend it by early renewal instead.
	ErrGrantExists = starmap.NewRule("authz.grant.exists", starmap.ErrInvalid,
		"该商家/机构已有有效授权(状态 {status},截止 {end}),请使用提前续约",
		"the grantee already holds a grant ({status}, until {end}); use early renewal")
	// ErrGrantExpiredUseRenewal (AUZ-4, AUZ-6): the pair's grant expired;
	// it is renewed (续约), not granted again.
	ErrGrantExpiredUseRenewal = starmap.NewRule("authz.grant.expired_use_renewal", starmap.ErrInvalid,
		"该商家/机构的授权已到期(截止 {end}),请使用续约",
		"the grantee's grant expired on {end}; use renewal")

	// ErrRevokeNotActive (AUZ-4, AUZ-7): only a grant within its validity
	// (or scheduled to start) can be revoked.
	ErrRevokeNotActive = starmap.NewRule("authz.revoke.not_active", starmap.ErrInvalid,
		"仅可解除有效期内的授权(当前状态 {status})", "only a grant within its validity can be revoked (status {status})")

	// ErrEarlyRenewNotActive (AUZ-5): early renewal applies only to a grant
	// within its validity on the day of the operation.
	ErrEarlyRenewNotActive = starmap.NewRule("authz.early_renew.not_active", starmap.ErrInvalid,
		"提前续约仅针对未到授权有效期限的商家/机构(当前状态 {status})",
		"early renewal applies only to a grant within its validity (status {status})")
	// ErrEarlyRenewEndNotAfterCurrent (AUZ-5): the new end must be strictly
	// later than the current end.
	ErrEarlyRenewEndNotAfterCurrent = starmap.NewRule("authz.early_renew.end_not_after_current", starmap.ErrInvalid,
		"截止日期仅支持大于现权限终止日期(现终止 {current},所选 {end})",
		"the new end date must be later than the current end date (current {current}, chosen {end})")

	// ErrRenewNotExpired (AUZ-6): renewal applies only to a grant whose
	// validity is over.
	ErrRenewNotExpired = starmap.NewRule("authz.renew.not_expired", starmap.ErrInvalid,
		"续约仅针对已过授权有效期限的商家/机构(当前状态 {status})",
		"renewal applies only to a grant whose validity has ended (status {status})")
	// ErrRenewRevoked (AUZ-6, AUZ-4): a revoked grant is not renewed —
	// the creator grants it anew (Service.Grant, Grant.Regrant).
	ErrRenewRevoked = starmap.NewRule("authz.renew.revoked_grant_anew", starmap.ErrInvalid,
		"该授权已被解除,不能续约,请重新授权", "the grant was revoked and cannot be renewed; grant it anew")
	// ErrRenewStartBeforeToday (AUZ-6): a renewal starts today or later.
	ErrRenewStartBeforeToday = starmap.NewRule("authz.renew.start_before_today", starmap.ErrInvalid,
		"开始日期仅支持今日及之后日期(开始 {start},今日 {today})",
		"the renewal must start today or later (start {start}, today {today})")
	// ErrRenewEndBeforeStart (AUZ-6): a renewal ends on or after its start.
	ErrRenewEndBeforeStart = starmap.NewRule("authz.renew.end_before_start", starmap.ErrInvalid,
		"截止日期仅支持大于等于开始日期(开始 {start},截止 {end})",
		"the renewal must end on or after its start (start {start}, end {end})")

	// ErrSubAccountAllSales (AUZ-9): all-sales data is for the merchant's
	// main account only.
	ErrSubAccountAllSales = starmap.NewRule("authz.sub_account_all_sales", starmap.ErrForbidden,
		"达人授权全部带货数据给商家仅支持主账号查看(子账号需主账号单独授权,目前暂不支持)",
		"all-sales data can be viewed by the merchant's main account only; sub-accounts are not supported")

	// ErrLiveRequestOpen (AUZ-3): the merchant already has a live-session
	// request for this session that is a draft, pending or granted.
	ErrLiveRequestOpen = starmap.NewRule("authz.live.request_open", starmap.ErrInvalid,
		"该直播间数据申请已存在(状态 {state})", "a request for this live session already exists ({state})")
	// ErrLiveNotRequester (AUZ-3, X-7): only the requesting merchant (main
	// or sub-account) or agency confirms its request.
	ErrLiveNotRequester = starmap.NewRule("authz.live.not_requester", starmap.ErrForbidden,
		"仅申请方可确认该申请(操作人 {actor})", "only the requester may confirm this request (actor {actor})")
	// ErrLiveTransition (AUZ-3): the operation is not allowed in the
	// request's state (confirm a non-draft, grant a request that is not
	// pending, revoke one that is not granted …).
	ErrLiveTransition = starmap.NewRule("authz.live.transition", starmap.ErrInvalid,
		"直播间数据申请当前状态 {state} 不支持{op}", "a live-session request in state {state} cannot be {op}")

	// ErrRecordInvalid: a stored record that breaks the aggregate's
	// invariants; FromRecord refuses it rather than rebuild a wrong grant.
	ErrRecordInvalid = starmap.NewRule("authz.record.invalid", starmap.ErrInvalid,
		"授权记录无效:{problem}", "invalid authorization record: {problem}")

	// ErrKeyInvalid: a text that is not the text form of a grant or
	// live-session key (ParseGrantKey, ParseLiveKey).
	ErrKeyInvalid = starmap.NewRule("authz.key.invalid", starmap.ErrInvalid,
		"授权编号文本无效:{problem}", "invalid key text: {problem}")

	// ErrFollowerPoll (OPS-2): a Follower's poll interval must be
	// positive.
	ErrFollowerPoll = starmap.NewRule("authz.follower.poll_invalid", starmap.ErrInvalid,
		"变更跟随的轮询间隔 {poll} 须为正", "the follower's poll interval {poll} must be positive")

	// ErrStorePaging: a store's list handed back a next-page cursor that
	// does not move on (the same cursor again, or an empty page that says
	// more follow); the service stops instead of looping.
	ErrStorePaging = starmap.NewRule("authz.store.paging", starmap.ErrInvalid,
		"存储的列表分页没有前进", "the store's list does not move on to a next page")

	// ErrQueryInvalid (AUZ-10): an access query that is not well formed.
	ErrQueryInvalid = starmap.NewRule("authz.access.query_invalid", starmap.ErrInvalid,
		"数据权限查询无效:{problem}", "invalid access query: {problem}")
	// ErrAccessRole (AUZ-10, X-7): only merchants (main or sub-account) and
	// agencies are grantees of a creator's data.
	ErrAccessRole = starmap.NewRule("authz.access.role", starmap.ErrForbidden,
		"该账号不是数据授权的被授权方(仅商家与机构)", "the account is not a grantee of data authorizations (merchants and agencies only)")
	// ErrAccessNoGrant (AUZ-10): the creator never granted this data to the
	// account (or the live-session request is not granted).
	ErrAccessNoGrant = starmap.NewRule("authz.access.no_grant", starmap.ErrForbidden,
		"达人未授权该数据", "the creator has not granted this data")
	// ErrAccessRevoked (AUZ-10, AUZ-7): the grant was revoked.
	ErrAccessRevoked = starmap.NewRule("authz.access.revoked", starmap.ErrForbidden,
		"已被解除授权", "the authorization was revoked")
	// ErrAccessExpired (AUZ-10, AUZ-7): the validity is over.
	ErrAccessExpired = starmap.NewRule("authz.access.expired", starmap.ErrForbidden,
		"授权已到期", "the authorization has expired")
	// ErrAccessNotYetValid (AUZ-10, AUZ-11): the validity has not started.
	ErrAccessNotYetValid = starmap.NewRule("authz.access.not_yet_valid", starmap.ErrForbidden,
		"授权尚未生效", "the authorization is not valid yet")
)
