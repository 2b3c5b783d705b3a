package star

import "github.com/starmap-go/starmap"

// The rules of package star. Every code starts with "star.". Where a
// constructor or a query check finds several problems it returns them all,
// joined (errors.Join); starmap.Codes lists them.
var (
	// ErrCreatorInvalid: a field of a creator breaks its rule (STR-1); field
	// names it, problem says what is wrong.
	ErrCreatorInvalid = starmap.NewRule("star.creator.invalid", starmap.ErrInvalid,
		"达人信息无效:{field}{problem}", "invalid creator: {field} {problem}")
	// ErrAccountInvalid: a field of the creator's platform account breaks
	// its rule (STR-1).
	ErrAccountInvalid = starmap.NewRule("star.account.invalid", starmap.ErrInvalid,
		"平台账号信息无效:{field}{problem}", "invalid platform account: {field} {problem}")
	// ErrCategoryInvalid: a category tag is empty, too long, badly written
	// or repeated, or there are too many.
	ErrCategoryInvalid = starmap.NewRule("star.category.invalid", starmap.ErrInvalid,
		"品类标签无效:{problem}", "invalid category tag: {problem}")
	// ErrQuoteInvalid: a quote names an unknown offer, repeats one, or its
	// price is not a positive amount in whole fen.
	ErrQuoteInvalid = starmap.NewRule("star.quote.invalid", starmap.ErrInvalid,
		"报价无效:{offer}{problem}", "invalid quote for {offer}: {problem}")
	// ErrShareInvalid: an audience share (or an engagement rate) is not a
	// whole number of basis points from 0 to 10,000, or names an unknown
	// value, or repeats one.
	ErrShareInvalid = starmap.NewRule("star.audience.share_invalid", starmap.ErrInvalid,
		"{what}无效:{problem}", "invalid {what}: {problem}")
	// ErrSharesSum: the shares of one dimension of an audience profile do
	// not add up to 10,000 basis points (100 %).
	ErrSharesSum = starmap.NewRule("star.audience.shares_sum", starmap.ErrInvalid,
		"粉丝画像中{dimension}占比合计应为10000个基点(100%),实为{sum}", "the {dimension} shares of the audience add up to {sum} basis points, not 10000 (100 %)")
	// ErrPastInvalid: past-collaboration figures that cannot be (negative
	// counts, more first-pass tasks than reviewed ones, an amount that is
	// not whole fen).
	ErrPastInvalid = starmap.NewRule("star.past.invalid", starmap.ErrInvalid,
		"历史合作数据无效:{field}{problem}", "invalid past results: {field} {problem}")
	// ErrAgencyInvalid: a field of an MCN agency breaks its rule (STR-2).
	ErrAgencyInvalid = starmap.NewRule("star.agency.invalid", starmap.ErrInvalid,
		"MCN机构信息无效:{field}{problem}", "invalid MCN agency: {field} {problem}")
	// ErrAdvertiserInvalid: a field of an advertiser breaks its rule (STR-2).
	ErrAdvertiserInvalid = starmap.NewRule("star.advertiser.invalid", starmap.ErrInvalid,
		"广告主信息无效:{field}{problem}", "invalid advertiser: {field} {problem}")

	// ErrQueryRange: a range of a query has its minimum above its maximum
	// (STR-3).
	ErrQueryRange = starmap.NewRule("star.query.range_inverted", starmap.ErrInvalid,
		"筛选条件{field}的下限{min}大于上限{max}", "the {field} range has its minimum {min} above its maximum {max}")
	// ErrQuerySort: the sort key or its offer is unknown, or a match sort
	// has no target (STR-3).
	ErrQuerySort = starmap.NewRule("star.query.sort_invalid", starmap.ErrInvalid,
		"排序方式无效:{problem}", "invalid sort: {problem}")
	// ErrQueryShare: an audience threshold is outside 1 … 10,000 basis
	// points, or names no value (STR-3).
	ErrQueryShare = starmap.NewRule("star.query.share_invalid", starmap.ErrInvalid,
		"粉丝画像条件{field}无效:{problem}", "invalid audience threshold {field}: {problem}")
	// ErrQueryKeyword: the keyword is blank (spaces only), too long or
	// badly written (STR-3).
	ErrQueryKeyword = starmap.NewRule("star.query.keyword_invalid", starmap.ErrInvalid,
		"搜索关键词无效:{problem}", "invalid keyword: {problem}")
	// ErrQueryInvalid: any other field of a query breaks its rule.
	ErrQueryInvalid = starmap.NewRule("star.query.invalid", starmap.ErrInvalid,
		"筛选条件{field}无效:{problem}", "invalid query field {field}: {problem}")
	// ErrQueryText: the text form of a query cannot be read (ParseQuery).
	ErrQueryText = starmap.NewRule("star.query.text_malformed", starmap.ErrInvalid,
		"查询参数无法解析:{problem}", "unreadable query text: {problem}")
	// ErrIncludeForbidden: only the platform lists creators beyond those
	// listed by default (Query.Include).
	ErrIncludeForbidden = starmap.NewRule("star.query.include_forbidden", starmap.ErrForbidden,
		"只有平台可以查看未开通或账号状态异常的达人", "only the platform may list creators that are not open or not in normal standing")

	// ErrCursorMalformed: a page cursor that is not one this package wrote.
	ErrCursorMalformed = starmap.NewRule("star.cursor.malformed", starmap.ErrInvalid,
		"分页游标无法识别,请从第一页重新查询", "unreadable page cursor; start again from the first page")
	// ErrCursorTampered: a page cursor whose content was changed after it
	// was written.
	ErrCursorTampered = starmap.NewRule("star.cursor.tampered", starmap.ErrInvalid,
		"分页游标已被篡改,请从第一页重新查询", "the page cursor was altered; start again from the first page")
	// ErrCursorOtherQuery: a page cursor used with a query other than the
	// one it was written for.
	ErrCursorOtherQuery = starmap.NewRule("star.cursor.other_query", starmap.ErrInvalid,
		"分页游标不属于当前筛选条件,请从第一页重新查询", "the page cursor belongs to another query; start again from the first page")
	// ErrCursorStale: a page cursor older than the service's cursor
	// lifetime, or written by an older cursor format.
	ErrCursorStale = starmap.NewRule("star.cursor.stale", starmap.ErrInvalid,
		"分页游标已过期,请从第一页重新查询", "the page cursor has expired; start again from the first page")

	// ErrShortlist: a comparison needs 2 to 10 distinct creators (STR-4).
	ErrShortlist = starmap.NewRule("star.compare.shortlist_invalid", starmap.ErrInvalid,
		"对比达人名单无效:{problem}", "invalid shortlist: {problem}")
	// ErrCompareOffer: a comparison names an offer that is not one of the
	// four (STR-4).
	ErrCompareOffer = starmap.NewRule("star.compare.offer_invalid", starmap.ErrInvalid,
		"对比的报价类型无效:{problem}", "invalid offer to compare: {problem}")
	// ErrNotListed: the creator is not listed in the marketplace (its Star
	// Map account is not open, or its standing is not normal) and the actor
	// is neither the platform nor the creator's side.
	ErrNotListed = starmap.NewRule("star.creator.not_listed", starmap.ErrForbidden,
		"达人{id}未在达人广场展示", "creator {id} is not listed in the marketplace")
	// ErrNotYourCreator: a creator's quotes are set by the creator, the MCN
	// it is signed to, or the platform.
	ErrNotYourCreator = starmap.NewRule("star.creator.not_yours", starmap.ErrForbidden,
		"只有达人本人、其签约MCN机构或平台可以修改达人{id}的报价", "only the creator, its MCN or the platform may change the quotes of creator {id}")
	// ErrAgencyUnknown: a creator names an MCN agency the store does not
	// hold.
	ErrAgencyUnknown = starmap.NewRule("star.creator.agency_unknown", starmap.ErrInvalid,
		"达人签约的MCN机构{mcn}不存在", "the creator's MCN agency {mcn} does not exist")
	// ErrFactInvalid: a host's fact for a comparison is out of range (open
	// tasks below 0, a quality score outside 0 … 10,000).
	ErrFactInvalid = starmap.NewRule("star.compare.fact_invalid", starmap.ErrInvalid,
		"达人{id}的{field}无效:{problem}", "the {field} of creator {id} is invalid: {problem}")
	// ErrIndexDuplicate: BuildIndex was given two creators with one id.
	ErrIndexDuplicate = starmap.NewRule("star.index.duplicate_creator", starmap.ErrInvalid,
		"达人{id}重复", "creator {id} given twice")
	// ErrCursorLifetime: WithCursorLifetime was given a duration that is
	// not positive.
	ErrCursorLifetime = starmap.NewRule("star.option.cursor_lifetime", starmap.ErrInvalid,
		"分页游标有效期须为正数", "the cursor lifetime must be positive")
	// ErrCursorSecret: WithCursorSecret was given fewer than 16 bytes.
	ErrCursorSecret = starmap.NewRule("star.option.cursor_secret", starmap.ErrInvalid,
		"分页游标密钥至少16字节", "the cursor secret must be at least 16 bytes")
)
