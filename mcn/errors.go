package mcn

import "github.com/starmap-go/starmap"

// Proposal rules (MCN-1). Propose reports every broken one at once
// (errors.Join).
var (
	// ErrShareOutOfRange: the MCN's revenue share is not 0 to 10,000 basis
	// points.
	ErrShareOutOfRange = starmap.NewRule("mcn.signing.share_out_of_range", starmap.ErrInvalid,
		"MCN分成比例{share}个基点超出范围(应为0至10000)", "the MCN share of {share} basis points is out of range (want 0 to 10000)")
	// ErrTermMissing: the term has no start or no end date.
	ErrTermMissing = starmap.NewRule("mcn.signing.term_missing", starmap.ErrInvalid,
		"签约期限须有开始日期和结束日期", "the term needs a start date and an end date")
	// ErrStartInPast: the term starts before today.
	ErrStartInPast = starmap.NewRule("mcn.signing.start_in_past", starmap.ErrInvalid,
		"签约开始日期{start}早于今天{today}", "the term starts on {start}, before today {today}")
	// ErrEndBeforeStart: the term ends before it starts.
	ErrEndBeforeStart = starmap.NewRule("mcn.signing.end_before_start", starmap.ErrInvalid,
		"签约结束日期{end}早于开始日期{start}", "the term ends on {end}, before it starts on {start}")
	// ErrAccountsMissing: the signing covers no platform account.
	ErrAccountsMissing = starmap.NewRule("mcn.signing.accounts_missing", starmap.ErrInvalid,
		"签约须至少包含一个达人平台账号", "a signing covers at least one of the creator's platform accounts")
	// ErrAccountsTooMany: the signing lists more than MaxAccounts accounts.
	ErrAccountsTooMany = starmap.NewRule("mcn.signing.accounts_too_many", starmap.ErrInvalid,
		"签约最多包含{max}个平台账号,实际{count}个", "a signing covers at most {max} platform accounts, got {count}")
	// ErrAccountInvalid: an account names no known platform, has a bad id,
	// or is listed twice.
	ErrAccountInvalid = starmap.NewRule("mcn.signing.account_invalid", starmap.ErrInvalid,
		"平台账号{account}无效:{problem}", "platform account {account} is invalid: {problem}")
	// ErrAccountUnverified: the host's AccountChecker does not confirm
	// that the creator holds the account.
	ErrAccountUnverified = starmap.NewRule("mcn.signing.account_unverified", starmap.ErrForbidden,
		"无法确认{platform}账号{account}属于达人{creator}", "{platform} account {account} is not confirmed as creator {creator}'s")
	// ErrCreatorMismatch: a proposal names a creator other than the book's.
	ErrCreatorMismatch = starmap.NewRule("mcn.signing.creator_mismatch", starmap.ErrInvalid,
		"签约的达人{given}与签约簿的达人{creator}不符", "the proposal names creator {given}, but the book is creator {creator}'s")
	// ErrIDTaken: the book already holds a signing of this id.
	ErrIDTaken = starmap.NewRule("mcn.signing.id_taken", starmap.ErrConflict,
		"签约编号{signing}已被使用", "signing id {signing} is already taken")
	// ErrTermOverlap: the term overlaps another signing of the creator
	// that the policy keeps it apart from (an active one; an open proposal
	// too under Policy.BlockOverlappingProposals).
	ErrTermOverlap = starmap.NewRule("mcn.signing.term_overlap", starmap.ErrInvalid,
		"签约期限{start}至{end}与达人的签约{other}({other_state},{other_start}至{other_end})重叠",
		"the term {start} to {end} overlaps the creator's signing {other} ({other_state}, {other_start} to {other_end})")
	// ErrOneActive: the creator already has an active signing, and the
	// policy allows one (MCN-1, the default).
	ErrOneActive = starmap.NewRule("mcn.signing.one_active", starmap.ErrInvalid,
		"达人已有生效中的签约{other},同一达人只能有一个生效中的签约", "the creator already has the active signing {other}; a creator has at most one")
	// ErrLimitReached: a proposal would pass a limit of the creator's book
	// (MaxOpenProposals open proposals, MaxOpenProposalsPerMCN open
	// proposals of one MCN, MaxSignings signings kept). {what} names the
	// limit in either language.
	ErrLimitReached = starmap.NewRule("mcn.signing.limit_reached", starmap.ErrInvalid,
		"达人{creator}的{what}已达上限{max}", "creator {creator} has reached the limit of {max} {what}")
	// ErrReasonRequired: ending a signing needs a reason.
	ErrReasonRequired = starmap.NewRule("mcn.signing.reason_required", starmap.ErrInvalid,
		"解约须填写原因", "ending a signing needs a reason")
)

// State and party rules (MCN-1, X-7).
var (
	// ErrUnknown: no signing of this key that the actor may see — none
	// exists, or it is another MCN's. The two answer alike.
	ErrUnknown = starmap.NewRule("mcn.signing.unknown", starmap.ErrNotFound,
		"未找到签约{signing}", "signing {signing} not found")
	// ErrNotParty: the actor is not a party of the signing (or of the
	// creator's book) it acts on.
	ErrNotParty = starmap.NewRule("mcn.signing.not_party", starmap.ErrForbidden,
		"{actor}不是签约{signing}的当事方", "{actor} is not a party of signing {signing}")
	// ErrBookForbidden: a creator asked for another creator's signings.
	ErrBookForbidden = starmap.NewRule("mcn.book.forbidden", starmap.ErrForbidden,
		"{actor}无权查看达人{creator}的签约", "{actor} may not see the signings of creator {creator}")
	// ErrNotProposed: only a proposed signing can be accepted, declined or
	// withdrawn.
	ErrNotProposed = starmap.NewRule("mcn.signing.not_proposed", starmap.ErrInvalid,
		"签约{signing}当前为{state},只有待确认的签约可以{action}", "signing {signing} is {state}; only a proposed signing can be {action}")
	// ErrNotActive: only an active signing can be ended.
	ErrNotActive = starmap.NewRule("mcn.signing.not_active", starmap.ErrInvalid,
		"签约{signing}当前为{state},只有生效中的签约可以解约", "signing {signing} is {state}; only an active signing can be ended")
)

// On-behalf rules (MCN-2, X-7): MayActFor's refusals, all of kind
// starmap.ErrForbidden.
var (
	// ErrNotSigned: the creator has no signing with the MCN.
	ErrNotSigned = starmap.NewRule("mcn.on_behalf.not_signed", starmap.ErrForbidden,
		"MCN机构{mcn}未与达人{creator}签约,不能代达人操作", "MCN {mcn} has no signing with creator {creator} and cannot act for them")
	// ErrSigningNotActive: the MCN's signing with the creator is not
	// active (proposed, declined, withdrawn, lapsed or ended by a party).
	ErrSigningNotActive = starmap.NewRule("mcn.on_behalf.not_active", starmap.ErrForbidden,
		"MCN机构{mcn}与达人{creator}的签约{signing}当前为{state},不能代达人操作",
		"the signing {signing} of MCN {mcn} with creator {creator} is {state}; the MCN cannot act for the creator")
	// ErrSigningExpired: the signing's term is over.
	ErrSigningExpired = starmap.NewRule("mcn.on_behalf.expired", starmap.ErrForbidden,
		"MCN机构{mcn}与达人{creator}的签约{signing}已于{end}到期,不能代达人操作",
		"the signing {signing} of MCN {mcn} with creator {creator} expired on {end}; the MCN cannot act for the creator")
	// ErrSigningNotStarted: the signing is active but its term has not
	// begun.
	ErrSigningNotStarted = starmap.NewRule("mcn.on_behalf.not_started", starmap.ErrForbidden,
		"MCN机构{mcn}与达人{creator}的签约{signing}自{start}起生效,尚不能代达人操作",
		"the signing {signing} of MCN {mcn} with creator {creator} takes effect on {start}; the MCN cannot act for the creator yet")
)

// View and statement rules (MCN-3, X-4).
var (
	// ErrPeriodInvalid: a statement period without both dates, or ending
	// before it starts.
	ErrPeriodInvalid = starmap.NewRule("mcn.statement.period_invalid", starmap.ErrInvalid,
		"对账期间无效:{problem}", "invalid statement period: {problem}")
	// ErrEntryInvalid: a ledger entry that cannot be in the statement:
	// another party's, outside the period, of an unknown kind, with an
	// amount of the wrong sign or out of bounds, or listed twice.
	ErrEntryInvalid = starmap.NewRule("mcn.statement.entry_invalid", starmap.ErrInvalid,
		"账目{entry}无效:{problem}", "ledger entry {entry} is invalid: {problem}")
	// ErrSourceInvalid: a host TaskSource answered with a task that is not
	// the MCN's or is malformed.
	ErrSourceInvalid = starmap.NewRule("mcn.source.invalid", starmap.ErrInvalid,
		"任务来源返回的任务{task}无效:{problem}", "the task source returned an invalid task {task}: {problem}")
	// ErrWorkspaceForbidden: an actor asked for an MCN's workspace views
	// that are not its own (only the MCN itself and the platform see them).
	ErrWorkspaceForbidden = starmap.NewRule("mcn.workspace.forbidden", starmap.ErrForbidden,
		"{actor}无权查看MCN机构{mcn}的工作台", "{actor} may not see the workspace of MCN {mcn}")
	// ErrNotConfigured: a view needs a host interface the Service was not
	// given (WithTaskSource, WithLedger).
	ErrNotConfigured = starmap.NewRule("mcn.service.not_configured", starmap.ErrInvalid,
		"服务未配置{what}", "the service has no {what}")
	// ErrFilterInvalid: a list query names a state or platform that does
	// not exist, or a malformed id.
	ErrFilterInvalid = starmap.NewRule("mcn.list.filter_invalid", starmap.ErrInvalid,
		"签约列表筛选条件无效:{problem}", "invalid signing list filter: {problem}")
)

// Plumbing.
var (
	// ErrKeyInvalid: a text that is not a signing key written by
	// Key.String.
	ErrKeyInvalid = starmap.NewRule("mcn.key.invalid", starmap.ErrInvalid,
		"签约标识无效:{key}", "invalid signing key {key}")
	// ErrRecordInvalid: a stored record cannot be rehydrated (FromRecord).
	ErrRecordInvalid = starmap.NewRule("mcn.record.invalid", starmap.ErrInvalid,
		"达人{creator}的签约记录无效:{problem}", "the signing record of creator {creator} is invalid: {problem}")
)
