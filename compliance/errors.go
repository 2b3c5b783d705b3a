package compliance

import "github.com/starmap-go/starmap"

// The rules of the package. Every error the package raises, and the
// error of every finding (Finding.Err), matches one of these sentinels and
// its shared kind with errors.Is; starmap.Codes lists them inside a joined
// error.

// Findings of the checker (CPL-1 … CPL-3): the content breaks a rule. A
// Finding is a value, not an error; Finding.Err raises its rule with the
// finding's parameters, for codes and messages.
var (
	// ErrAbsoluteTerm (CPL-1): the text uses a listed term: an absolute
	// term of 《广告法》第九条第(三)项 (the default list) or one the host
	// listed. The text parameter shows invisible characters as ‹U+XXXX›.
	ErrAbsoluteTerm = starmap.NewRule("compliance.finding.absolute_term", starmap.ErrInvalid,
		"「{term}」属于广告禁用语(第{from}至{to}个字:「{text}」)",
		"“{term}” is a forbidden advertising term (characters {from}–{to}: “{text}”)")
	// ErrDisclosureMissing (CPL-2): the template requires the commercial
	// cooperation to be disclosed and the text carries none of the
	// markers.
	ErrDisclosureMissing = starmap.NewRule("compliance.finding.disclosure_missing", starmap.ErrInvalid,
		"未披露商业合作:文中没有「{marker}」标识",
		"the commercial cooperation is not disclosed: the text carries no “{marker}” label")
	// ErrPointMissing (CPL-3): a point the template requires (product
	// name, link, key message) is not in the text.
	ErrPointMissing = starmap.NewRule("compliance.finding.point_missing", starmap.ErrInvalid,
		"缺少模板要求的{point}:「{text}」", "the {point} the template requires is missing: “{text}”")
	// ErrTermAcrossBreak (CPL-1): the characters of a listed term are
	// written in order with a clause break between them (最，佳; 最、佳;
	// 最 and 佳 on two lines). A clause break usually parts two words
	// ("舌尖，端午节快乐" holds no 尖端), so this is a warn finding for the
	// reviewer, never a block: it may be an evasion.
	ErrTermAcrossBreak = starmap.NewRule("compliance.finding.term_across_break", starmap.ErrInvalid,
		"「{term}」的字被标点或换行隔开(第{from}至{to}个字:「{text}」),请确认是否规避广告禁用语",
		"the characters of “{term}” are parted by a clause break (characters {from}–{to}: “{text}”): check whether it evades the forbidden term")
)

// Building a Checker (NewChecker).
var (
	// ErrOptionNil: a nil Option was given to NewChecker.
	ErrOptionNil = starmap.NewRule("compliance.checker.option_nil", starmap.ErrInvalid,
		"第{index}个检查器选项为空", "checker option {index} is nil")
	// ErrPhraseInvalid: a term, allowed phrase, disclosure marker or
	// non-disclosure phrase is empty, not valid text (invalid UTF-8,
	// control or bidi characters, longer than 200 characters), holds no
	// letter or digit (it folds to nothing, so it could never match), or
	// folds to more than MaxPhraseRunes characters.
	ErrPhraseInvalid = starmap.NewRule("compliance.phrase.invalid", starmap.ErrInvalid,
		"{list}第{index}项无效:{problem}", "{list} #{index} is invalid: {problem}")
	// ErrTermSeverity: a term whose Severity is neither SeverityWarn nor
	// SeverityBlock.
	ErrTermSeverity = starmap.NewRule("compliance.term.severity_invalid", starmap.ErrInvalid,
		"违禁词第{index}项的严重程度无效", "term #{index} has no valid severity")
	// ErrTooManyPhrases: a list longer than MaxPhrases.
	ErrTooManyPhrases = starmap.NewRule("compliance.phrase.too_many", starmap.ErrInvalid,
		"{list}最多{max}项,当前{got}项", "{list}: {got} entries; at most {max} are allowed")
	// ErrNoMarkers: WithMarkers with no marker.
	ErrNoMarkers = starmap.NewRule("compliance.checker.no_markers", starmap.ErrInvalid,
		"至少需要一个披露标识", "at least one disclosure marker is needed")
	// ErrCheckerNotReady: a Checker not made by NewChecker (its zero
	// value, or nil) was asked to check.
	ErrCheckerNotReady = starmap.NewRule("compliance.checker.not_ready", starmap.ErrInvalid,
		"检查器未初始化,请用 NewChecker 创建", "the checker was not made by NewChecker")
)

// A template's requirements (Requirements.Validate).
var (
	// ErrPointInvalid: a required point of unknown kind, or whose text is
	// blank, not valid text, holds no letter or digit, or (a link) holds
	// white space.
	ErrPointInvalid = starmap.NewRule("compliance.point.invalid", starmap.ErrInvalid,
		"要求要点第{index}项无效:{problem}", "required point #{index} is invalid: {problem}")
	// ErrTooManyPoints: more than MaxPoints required points.
	ErrTooManyPoints = starmap.NewRule("compliance.point.too_many", starmap.ErrInvalid,
		"要求要点最多{max}项,当前{got}项", "{got} required points; at most {max} are allowed")
)

// The review checklist (CPL-4): its items (NewForm), its answers
// (Form.Fill) and a stored checklist (Checklist.Validate).
var (
	// ErrItemInvalid: a host's checklist item whose key is not a key
	// (1–64 of a–z, 0–9, '_', '-', '.', starting with a letter), is a
	// standard item's key or another item's, or whose labels are blank or
	// not valid text.
	ErrItemInvalid = starmap.NewRule("compliance.item.invalid", starmap.ErrInvalid,
		"审核清单第{index}项无效:{problem}", "checklist item #{index} is invalid: {problem}")
	// ErrTooManyItems: more than MaxHostItems host items.
	ErrTooManyItems = starmap.NewRule("compliance.item.too_many", starmap.ErrInvalid,
		"自定义审核项最多{max}项,当前{got}项", "{got} host checklist items; at most {max} are allowed")
	// ErrAnswerUnknownItem: an answer for an item the form does not have.
	ErrAnswerUnknownItem = starmap.NewRule("compliance.answer.unknown_item", starmap.ErrInvalid,
		"审核清单中没有此项:{item}", "the checklist has no item {item}")
	// ErrAnswerDuplicate: two answers for one item.
	ErrAnswerDuplicate = starmap.NewRule("compliance.answer.duplicate", starmap.ErrInvalid,
		"审核项「{item}」重复作答", "checklist item “{item}” is answered twice")
	// ErrAnswerMissing: an item of the form left unanswered; every item is
	// answered pass or fail.
	ErrAnswerMissing = starmap.NewRule("compliance.answer.missing", starmap.ErrInvalid,
		"审核项「{item}」未作答", "checklist item “{item}” is not answered")
	// ErrFailWithoutNote: a failed item without a note. Seed 003 asks for a
	// concrete change for every point that fails (对不合格的点给出具体修改建议).
	ErrFailWithoutNote = starmap.NewRule("compliance.answer.fail_without_note", starmap.ErrInvalid,
		"审核项「{item}」未通过,请给出具体修改建议", "checklist item “{item}” failed: say what to change")
	// ErrNoteInvalid: a note that is not valid text or is longer than
	// 1,000 characters.
	ErrNoteInvalid = starmap.NewRule("compliance.answer.note_invalid", starmap.ErrInvalid,
		"审核项「{item}」的说明无效:{problem}", "the note of checklist item “{item}” is invalid: {problem}")
	// ErrChecklistInvalid: a stored checklist that breaks the checklist's
	// invariants (a standard item missing, an item twice, an item or a
	// note that is not valid, a failed item without a note).
	ErrChecklistInvalid = starmap.NewRule("compliance.checklist.invalid", starmap.ErrInvalid,
		"审核清单无效:{problem}", "invalid checklist: {problem}")
)

// The review decision (Decide, Waive, CPL-4).
var (
	// ErrItemFailed: approval refused because a checklist item failed.
	ErrItemFailed = starmap.NewRule("compliance.review.item_failed", starmap.ErrInvalid,
		"审核项「{item}」未通过:{note}", "checklist item “{item}” failed: {note}")
	// ErrFindingBlocks: approval refused because of a block finding that
	// the platform has not waived (under the default Policy).
	ErrFindingBlocks = starmap.NewRule("compliance.review.finding_blocks", starmap.ErrInvalid,
		"存在未经平台豁免的拦截项,不能通过审核:{finding}",
		"a block finding the platform has not waived prevents approval: {finding}")
	// ErrRejectionUncited: a rejection with nothing to cite — every item
	// passed and the checker found nothing (or everything was waived).
	ErrRejectionUncited = starmap.NewRule("compliance.review.rejection_uncited", starmap.ErrInvalid,
		"驳回须列明未通过的审核项或检查发现,当前没有可列明的问题",
		"a rejection must cite failed checklist items or findings; there are none")
	// ErrWaiverReason: a waiver without a reason, or with one that is not
	// valid text or longer than 1,000 characters.
	ErrWaiverReason = starmap.NewRule("compliance.waiver.reason_invalid", starmap.ErrInvalid,
		"豁免须写明理由:{problem}", "a waiver needs a reason: {problem}")
	// ErrWaiverNotBlocking: only block findings are waived; a warn finding
	// never prevents approval.
	ErrWaiverNotBlocking = starmap.NewRule("compliance.waiver.not_blocking", starmap.ErrInvalid,
		"只有拦截级别的检查发现需要豁免", "only block findings are waived")
	// ErrWaiverUnmatched: a waiver given to Decide that is for none of the
	// review's findings (a waiver is for one finding of one submission).
	ErrWaiverUnmatched = starmap.NewRule("compliance.waiver.unmatched", starmap.ErrInvalid,
		"豁免对应的检查发现不在本次提交中:{finding}", "the waived finding is not one of this submission's: {finding}")
	// ErrWaiverInvalid: a stored waiver without its actor or time.
	ErrWaiverInvalid = starmap.NewRule("compliance.waiver.invalid", starmap.ErrInvalid,
		"豁免记录无效:{problem}", "invalid waiver: {problem}")
	// ErrFindingInvalid: a finding given to Waive or Decide with an unknown
	// kind, severity or point kind, or a span that is not a span.
	ErrFindingInvalid = starmap.NewRule("compliance.finding.invalid", starmap.ErrInvalid,
		"检查发现无效:{problem}", "invalid finding: {problem}")
)

// Stored enums (MarshalText, UnmarshalText).
var (
	// ErrEnumInvalid: an enum value that is not one of its constants, asked
	// to render for storage, or a stored name that names none.
	ErrEnumInvalid = starmap.NewRule("compliance.enum.invalid", starmap.ErrInvalid,
		"{what}无效:{value}", "invalid {what}: {value}")
)
