package card

import "github.com/starmap-go/starmap"

// Every rule of the package, one sentinel each. Parameters that name
// something (a field, an item, a problem) carry their zh-CN and English
// wording in one starmap.LabeledArg, so that each language's message is in
// that language throughout; Param returns the English wording.

// Contact validation (CRD-2): one rule per contact method, so that a form
// can point at the field that is wrong. The problem parameter says what is
// wrong.
var (
	// ErrPhoneMalformed is a mobile number that is not a mainland China
	// mobile number (11 digits starting 13–19, optional +86/0086/86 prefix).
	ErrPhoneMalformed = starmap.NewRule("card.contact.phone_malformed", starmap.ErrInvalid,
		"手机号格式错误:{problem}(请填写中国大陆11位手机号)",
		"malformed mobile number: {problem} (want an 11-digit mainland China mobile number)")
	// ErrFeishuMalformed is a Feishu contact that is neither the e-mail
	// address of a Feishu account nor an https link on feishu.cn or
	// larksuite.com.
	ErrFeishuMalformed = starmap.NewRule("card.contact.feishu_malformed", starmap.ErrInvalid,
		"飞书联系方式格式错误:{problem}(请填写飞书账号邮箱或飞书名片链接)",
		"malformed Feishu contact: {problem} (want the Feishu account's e-mail address or an https feishu.cn / larksuite.com link)")
	// ErrWeChatMalformed is a WeChat id that breaks WeChat's own rule: 6–20
	// characters, a letter first, then letters, digits, '_' or '-'.
	ErrWeChatMalformed = starmap.NewRule("card.contact.wechat_malformed", starmap.ErrInvalid,
		"微信号格式错误:{problem}(微信号仅支持6-20个字母、数字、下划线或减号,以字母开头)",
		"malformed WeChat id: {problem} (6-20 letters, digits, '_' or '-', starting with a letter)")
	// ErrEmailMalformed is a malformed e-mail address.
	ErrEmailMalformed = starmap.NewRule("card.contact.email_malformed", starmap.ErrInvalid,
		"邮箱格式错误:{problem}", "malformed e-mail address: {problem}")
	// ErrPhoneIsVirtualNumber is a phone number that is the virtual number
	// the platform assigned to the creator: the phone field takes the real
	// number the virtual one forwards to.
	ErrPhoneIsVirtualNumber = starmap.NewRule("card.contact.phone_is_virtual_number", starmap.ErrInvalid,
		"该号码是平台分配给你的虚拟号,请填写你的真实手机号",
		"that is the virtual number the platform assigned to you; enter your real mobile number")
	// ErrContactMethodUnknown is a contact method outside the four the card
	// has.
	ErrContactMethodUnknown = starmap.NewRule("card.contact.method_unknown", starmap.ErrInvalid,
		"未知的联系方式:{method}", "unknown contact method {method}")
)

// Editable content (CRD-1) and basic information. Text that is not valid
// text at all (invalid UTF-8, control or bidi control characters, longer
// than its kind of field allows) is starmap.ErrTextInvalid, the SDK's one
// free-text error; these are the card's own, narrower limits.
var (
	// ErrIntroductionTooLong is an introduction over MaxIntroductionRunes.
	ErrIntroductionTooLong = starmap.NewRule("card.introduction.too_long", starmap.ErrInvalid,
		"达人介绍最多{max}个字,当前{got}个字", "the introduction has {got} characters; at most {max} are allowed")
	// ErrCollaborationsTooMany is more than MaxCollaborations entries.
	ErrCollaborationsTooMany = starmap.NewRule("card.collaborations.too_many", starmap.ErrInvalid,
		"历史合作最多{max}条,当前{got}条", "{got} past collaborations; at most {max} are allowed")
	// ErrCollaborationInvalid is one past-collaboration entry with an empty
	// or too long brand or too long description.
	ErrCollaborationInvalid = starmap.NewRule("card.collaboration.invalid", starmap.ErrInvalid,
		"第{index}条历史合作有误:{problem}", "past collaboration #{index}: {problem}")
	// ErrBasicInvalid is basic information from the account sync that
	// breaks the card's limits (a required field empty, too long,
	// surrounding white space, an avatar that is no http(s) URL, a Douyin
	// id with spaces or invisible characters).
	ErrBasicInvalid = starmap.NewRule("card.basic.invalid", starmap.ErrInvalid,
		"基础信息{field}有误:{problem}", "basic information {field}: {problem}")
)

// Privacy (CRD-3, CRD-4).
var (
	// ErrPhoneInPublicField refuses an edit that would put the creator's real
	// mobile number into a field that others can see, in any form the
	// package doc lists: the number is visible to the creator alone (CRD-3).
	ErrPhoneInPublicField = starmap.NewRule("card.privacy.phone_in_public_field", starmap.ErrInvalid,
		"{field}中包含你的手机号,手机号仅对自己可见,请删除后再保存",
		"{field} contains your mobile number, which only you may see; remove it")
	// ErrItemNotHideable is an attempt to hide an item that cannot be
	// hidden: the identity items (the card cannot be switched off, CRD-4)
	// and the phone (shown to others only as the virtual number, CRD-3).
	ErrItemNotHideable = starmap.NewRule("card.privacy.item_not_hideable", starmap.ErrInvalid,
		"{item}不可隐藏:{reason}", "{item} cannot be hidden: {reason}")
	// ErrItemUnknown is an item outside the card's items.
	ErrItemUnknown = starmap.NewRule("card.item.unknown", starmap.ErrInvalid,
		"未知的名片信息项:{item}", "unknown card item {item}")
	// ErrVirtualNumberInvalid is a virtual number the platform assigns that
	// is malformed or is the creator's real number.
	ErrVirtualNumberInvalid = starmap.NewRule("card.virtual_number.invalid", starmap.ErrInvalid,
		"虚拟号无效:{problem}", "invalid virtual number: {problem}")
)

// Actors, sharing and the card value itself.
var (
	// ErrNotOwner is a creator acting on another creator's card.
	ErrNotOwner = starmap.NewRule("card.not_owner", starmap.ErrForbidden,
		"只能编辑或分享自己的名片", "{actor} may only edit or share their own card, not {card}'s")
	// ErrShareTargetUnknown is a share target outside WeChat, Feishu, link
	// and image.
	ErrShareTargetUnknown = starmap.NewRule("card.share.target_unknown", starmap.ErrInvalid,
		"不支持的分享方式:{target}(支持微信、飞书、链接、图片)",
		"unknown share target {target} (WeChat, Feishu, link or image)")
	// ErrShareBaseURLInvalid is a share link base that is not an absolute
	// https URL.
	ErrShareBaseURLInvalid = starmap.NewRule("card.share.base_url_invalid", starmap.ErrInvalid,
		"分享链接地址无效:{url}", "share base URL {url} is not an absolute https URL")
	// ErrShareEmpty is a share of a view with no card in it (the zero
	// PublicView).
	ErrShareEmpty = starmap.NewRule("card.share.empty", starmap.ErrInvalid,
		"名片为空,无法分享", "nothing to share: the view holds no card")
	// ErrCardNotOpened is a change asked of a nil or zero *Card, one that
	// was made by neither Open nor FromRecord.
	ErrCardNotOpened = starmap.NewRule("card.not_opened", starmap.ErrInvalid,
		"名片对象无效:未经开通或从记录读取", "the card was made by neither Open nor FromRecord")
	// ErrTimeMissing is a change asked for at the zero instant: a clock
	// that tells no time, which would store a card that cannot load.
	ErrTimeMissing = starmap.NewRule("card.time.missing", starmap.ErrInvalid,
		"缺少操作时间", "the time of the change is missing (the zero instant)")
	// ErrRecordInvalid is a stored record that breaks the card's
	// invariants: the store or a migration handed back something no
	// operation could have produced.
	ErrRecordInvalid = starmap.NewRule("card.record.invalid", starmap.ErrInvalid,
		"名片记录 {id} 无效:{problem}", "card record {id} is invalid: {problem}")
)
