// Package card implements the creator card (达人名片) of the Star Map
// (SPEC §5, CRD-1 … CRD-6, from seed 002): a page that shows a creator to
// advertisers and agencies, collects how the creator likes to be
// contacted, and can be previewed and shared — with the rule that the
// creator's real mobile number is seen by the creator alone.
//
// # Rules
//
// CRD-1 Basic information and editable content. A card's basic
// information (Basic: avatar, nickname, Douyin id, location — 头像、昵称、
// 抖音号、所在地) is copied from the creator's Douyin account
// ("从你的抖音账号直接抓取暂不支持修改"). It changes only through
// Card.Sync, which a platform actor runs when the account changes, and
// Edit has no setter for it: an edit cannot touch it, and a sync touches
// nothing else. Past collaborations (历史合作) and the introduction
// (达人介绍) are freely editable within the limits below.
//
// CRD-2 Contact methods. Mobile phone, Feishu, WeChat id and e-mail
// (手机号、飞书、微信号、邮箱), in that display order. Each has its own
// validator and its own coded error (ErrPhoneMalformed, ErrFeishuMalformed,
// ErrWeChatMalformed, ErrEmailMalformed), so a form can mark the field;
// the problem parameter says what is wrong. A filled method is lit, an
// empty one grey (Card.Lit, ContactView.Lit).
//
// CRD-3 Privacy. The phone number the creator enters is visible to the
// creator alone ("填写的手机号仅对自己可见"). Customers reach the creator
// through a virtual number (虚拟号) that the platform's privacy-number
// service assigns (Card.AssignVirtualNumber, platform only) and that
// others see only if the creator turned it on (Edit.ShowVirtualNumber —
// the seed's "我的手机号-隐私保护"), and only while a real number is filled
// for it to forward to. No view of a card for anyone but its owner holds
// the real number; this is guaranteed in layers:
//
//   - an edit that would put the real number into a field others see —
//     the introduction, a collaboration, Feishu, WeChat or e-mail
//     ("wx13812345678", "13812345678@163.com") — is refused with
//     ErrPhoneInPublicField, in any of the forms listed under "Finding the
//     number" below. Refusing, not masking, is the rule at the edit: the
//     creator learns at once why, and the card never stores the number in
//     a public field;
//   - free text with bidi controls (which reorder what a reader sees) is
//     refused by every edit and sync (starmap.ErrTextInvalid), and Render
//     drops them from every text of a third-party view, so that no stored
//     text — a record written before they were refused still loads — can
//     rearrange digits under a reader's eyes;
//   - Render passes every text of a third-party view through a filter that
//     masks the number (one '*' per character of each digit) wherever it
//     still appears, in the same forms — a synced nickname or a Douyin id
//     that is the number, a record from a store — and never shows a
//     virtual number that contains it;
//   - history and events record phone numbers masked (MaskPhone,
//     "138****5678"), and the texts they record (introduction,
//     collaborations, contacts, synced basic information) with the number
//     masked wherever it appears — the number before the change and the
//     one after it;
//   - platform callers get a PlatformView without the real number; only
//     the privacy-number service's ForwardingTarget reads it.
//
// Finding the number. A text holds the number when its 11 digits can be
// read, in order, from the digit characters of one run of the text:
//
//   - digit characters: the decimal digits of every script and style
//     (Unicode Nd: ASCII, full-width, Arabic-Indic, Devanagari,
//     mathematical bold or monospace, segmented …); the number signs
//     (circled ① ⓪ ⓿ and ①–㊿, superscript ¹, subscript ₁, parenthesised
//     ⑴, with full stop ⒈, double circled ⓵, dingbat circled ❶ ➀ ➊,
//     digit with comma 🄁 — a sign worth 10–50 reads as its digits);
//     Chinese numerals lower case 零 〇 ○ 一 二 三 四 五 六 七 八 九 with 幺
//     for 1 and 两 (兩) for 2 as numbers are spoken, and upper case (大写)
//     壹 贰 叁 肆 伍 陆 柒 捌 玖 with the traditional 貳 參 陸; Roman
//     numerals Ⅰ–Ⅻ and ⅰ–ⅻ; Suzhou numerals 〡–〩; parenthesised and
//     circled ideographs ㈠–㈩ and ㊀–㊉; and an ASCII digit percent-encoded
//     (%31), also once a link's escapes are decoded (%EF%BC%91). One
//     number may mix all of these ("138一二三④⑤陆７８");
//   - a run is a stretch of text without a letter other than the numerals
//     above: spaces, line breaks, hyphens, dots, brackets, any punctuation,
//     symbol or mark may stand between the digits; format characters
//     (Unicode Cf: zero-width spaces and joiners, word joiners, soft
//     hyphens, byte-order marks, tag characters, bidi controls) are read
//     as if they were not there, wherever they stand;
//   - in order means in any of the orders a renderer can show the run in:
//     as written; backwards, character by character, as a right-to-left
//     override shows it ("\u202e8765 4321 831" shows 138 1234 5678); and
//     with its numbers last first, each itself left to right, as
//     right-to-left letters or embeddings around it show them ("שלום 5678
//     1234 138" shows 138 1234 5678), where a number is either each group
//     of digits between separators or such groups joined by a lone + - , .
//     / : or no-break space (1234-5678 stays one number). The readings are
//     applied to every text, right-to-left letters or not: the number
//     written backwards or group by group last first is refused
//     everywhere.
//
// Not found, by design or as a known limit: numbers spelled out in words
// ("one three eight", "yāo sān bā"), written with place values
// (一百三十八亿…), with a letter between their digits (138a12345678, or
// a Chinese character that is no numeral: 一三八转…), in look-alike
// letters (l38l2345678, O for 0), as pictures, split over several fields,
// or in invisible tag digits (U+E0030–E0039, which no reader sees).
//
// CRD-4 Edits and hiding. Edits are unlimited and take effect at once
// ("每个月修改次数不限制,修改后立即生效"): there is no quota and no review;
// Card.Apply changes the card, and every item that changes is recorded in
// the card's history and returned as an event. The card itself cannot be
// switched off ("暂时不支持指定关闭"); single items can be hidden (Edit.Hide):
// location, introduction, collaborations, Feishu, WeChat, e-mail. Avatar,
// nickname and Douyin id cannot be hidden (the card always says whose it
// is), nor the phone (it is never shown; the virtual number has its own
// switch): ErrItemNotHideable.
//
// CRD-5 Views, preview, sharing. Render is the one function that renders
// a card for a viewer; the audience follows from the actor (AudienceOf):
// the card's own creator gets the owner view, everybody else — advertiser,
// MCN, other creators, the platform, an anonymous reader — the same
// third-party view, labelled with their audience. Preview is that
// third-party view ("预览态呈现第三方看名片时的视觉效果") as a PublicView, and
// ShareCard takes only a PublicView, so sharing the owner's view does not
// compile. Targets (微信、飞书、链接、保存图片): a link (URL, title); WeChat
// (URL, title, one-line description, avatar thumbnail); Feishu (URL,
// title, text); image (URL for the QR code, title, and the text summary to
// draw, View.Text of the third-party view).
//
// CRD-6 Sections and completeness. Card.Sections lists the edit page's
// sections with the suggested (建议) ones first — 联系方式, 达人介绍, then
// 历史合作 and 基础信息 — each with its points and missing items.
// Card.Completeness is a whole percent, the sum of the weights of the
// filled items (Item.Weight): basic 20 (5 each), phone 15, Feishu, WeChat,
// e-mail 10 each, introduction 20, collaborations 15. Filling an item
// never lowers it; hiding one does not lower it.
//
// # Decisions where the seed is silent
//
//   - Limits: introduction 500 characters (runes), line breaks and tabs
//     allowed; at most 20 collaborations, each a brand of 1–50 characters
//     on one line and an optional description of up to 200; surrounding
//     white space is trimmed. Every free-text field goes through the
//     SDK's one text validator (starmap.TextField: introduction a body,
//     brand and nickname and location a line, description a note), which
//     refuses invalid UTF-8, control characters and bidi controls with
//     starmap.ErrTextInvalid; the card's narrower limits are its own
//     errors. Basic information: nickname 1–64 characters, Douyin id 1–64
//     bytes without white space, control or format characters, location
//     up to 64 characters, avatar an absolute http(s) URL up to 2048
//     bytes. A share's base URL is at most 1024 bytes. Errors echo at
//     most 64 characters of the input they refuse.
//   - Records written by earlier versions still load: FromRecord tolerates
//     the bidi controls those let into texts (views for others drop them)
//     and a Feishu home-page link.
//   - Phone (NormalizePhone): mainland China mobile numbers only, 11
//     digits 1[3-9]xxxxxxxxx, optionally written with +86, 0086 or 86 in
//     front; stored as the 11 ASCII digits. Full-width (and other Unicode
//     decimal) digits are folded, as a Chinese input method types them.
//     Separators are single spaces (also no-break and ideographic) or
//     hyphens (also full-width), and only where Chinese numbers are
//     grouped: after the country code and after the 3rd and 7th digits
//     (+86 138 1234 5678, 138-1234-5678, 138 12345678); anything else
//     ("1-3-8-1…", "---138…---") is refused as a typo or a disguise.
//     The platform's virtual number follows the same format, must differ
//     from the real number, and cannot be entered as the real one
//     (ErrPhoneIsVirtualNumber).
//   - WeChat (ValidateWeChat): WeChat's own rule, "微信号仅支持6-20个字母、
//     数字、下划线或减号,以字母开头"; case kept.
//   - E-mail (ValidateEmail): a pragmatic RFC 5321 subset — dot-atom local
//     part up to 64, ASCII domain of two or more labels with an alphabetic
//     top-level label (or a punycode one, xn--…), 254 in all; the domain
//     is lower-cased.
//   - Feishu (ValidateFeishu): the e-mail address of the Feishu account, or
//     an https link on feishu.cn / larksuite.com (a profile or invitation
//     link), with a path or query: the bare home page leads to nobody and
//     is refused. larkoffice.com is not accepted: it serves Feishu
//     documents, not the profile and invitation links a contact is. The
//     length limit and the fixed-point check apply to the stored
//     (percent-escaped) form. A bare phone number is refused: it belongs
//     in the phone field.
//   - A card's UpdatedAt never goes back: a change sets it to the latest
//     of the clock's now, the previous UpdatedAt and CreatedAt, so that a
//     replica whose clock is behind still writes a record that loads
//     (FromRecord refuses UpdatedAt before CreatedAt). History entries
//     keep the clock reading of the change that made them.
//   - Only the platform opens and syncs cards and assigns virtual numbers;
//     only the card's creator edits, previews and shares it (ErrNotOwner);
//     agencies get the third-party view of their creators' cards like any
//     customer, since the seed names no MCN rights. Service.Card hands the
//     card itself, real number included, to its creator alone. Platform
//     callers get a PlatformView (Service.Sync, AssignVirtualNumber,
//     PlatformCard): basic information, version, whether a phone is
//     filled, the virtual number and switch — never the real number. The
//     privacy-number service that binds the virtual number reads the
//     number it forwards to through Service.ForwardingTarget, the one
//     narrow, platform-only accessor; hosts should expose it to that
//     service only. PlatformView.Basic is the account's own data as
//     synced, unmasked (the platform sent it), so that a sync job can
//     compare it. Service.Open returns the new card, which has no phone.
//   - Sections: the seed's edit page has two blocks, 基础信息 (which, per
//     its FAQ, also holds 历史合作 and 达人介绍) and 联系方式, and does not
//     say which carry 建议. Sections splits the editable introduction and
//     collaborations out of 基础信息 so that the checklist separates what
//     the creator can fill from what is synced, and marks contacts and
//     introduction suggested, as they decide whether a customer gets in
//     touch.
//   - History keeps the latest MaxHistory (200) changes and counts the
//     dropped ones, so that unlimited edits cannot grow a record without
//     bound; hosts keep the full trail from the events.
//   - Hidden and empty items look alike to third parties (grey, no value):
//     hiding is not itself revealed.
//   - A creator id is an opaque platform id; should one contain the
//     creator's own number, third-party views and share links mask it too.
//
// # Errors
//
// Every rule is an exported *starmap.Rule with a stable code; errors.Is
// matches the rule and its kind, errors.As gives the parameters, and
// starmap.Message renders zh-CN or English. A form save (Apply) reports
// every problem at once (errors.Join); a refused operation changes nothing.
// Parameters that name a field, item or problem carry both wordings
// (starmap.LabeledArg): Param gives the stable or English one.
//
//	card.contact.phone_malformed          ErrPhoneMalformed         invalid
//	card.contact.feishu_malformed         ErrFeishuMalformed        invalid
//	card.contact.wechat_malformed         ErrWeChatMalformed        invalid
//	card.contact.email_malformed          ErrEmailMalformed         invalid
//	card.contact.phone_is_virtual_number  ErrPhoneIsVirtualNumber   invalid
//	card.contact.method_unknown           ErrContactMethodUnknown   invalid
//	card.introduction.too_long            ErrIntroductionTooLong    invalid
//	card.collaborations.too_many          ErrCollaborationsTooMany  invalid
//	card.collaboration.invalid            ErrCollaborationInvalid   invalid
//	card.basic.invalid                    ErrBasicInvalid           invalid
//	card.privacy.phone_in_public_field    ErrPhoneInPublicField     invalid
//	card.privacy.item_not_hideable        ErrItemNotHideable        invalid
//	card.item.unknown                     ErrItemUnknown            invalid
//	card.virtual_number.invalid           ErrVirtualNumberInvalid   invalid
//	card.not_owner                        ErrNotOwner               forbidden
//	card.share.target_unknown             ErrShareTargetUnknown     invalid
//	card.share.base_url_invalid           ErrShareBaseURLInvalid    invalid
//	card.share.empty                      ErrShareEmpty             invalid
//	card.not_opened                       ErrCardNotOpened          invalid
//	card.time.missing                     ErrTimeMissing            invalid
//	card.record.invalid                   ErrRecordInvalid          invalid
//
// From the root package: starmap.ErrTextInvalid (text.invalid) for free
// text; starmap.RequireRole's starmap.ErrActorRole (forbidden) and
// starmap.ErrActorInvalid; starmap.ErrIDInvalid for creator ids;
// starmap.ErrAlreadyExists (conflict) for a second Open;
// starmap.ErrPageLimit and starmap.ErrCursorInvalid for paging; the
// store's starmap.ErrNotFound and starmap.ErrConflict; the Service's
// starmap.ErrServiceDependency, starmap.ErrServiceOption and
// starmap.ErrServiceNotReady.
//
// # Store
//
// Store keeps one Record per creator, keyed by creator id, under the
// SDK's one store contract (the root package doc, X-8): Get, Create at
// version 1, Update by compare-and-swap on the version the record
// carries, List. List pages in ascending creator id order, bytewise,
// with keyset cursors (starmap.EncodeCursor of the last creator id; see
// Query). Stores apply no rules and share no memory with callers
// (Record.Clone). The history travels inside the record, so one write
// stores a change and its trail. FromRecord checks the invariants of what
// a store returns. The conformance kit card/cardtest (TestStore) checks a
// host's store; memstore.CardStore is the in-memory reference, passes it,
// and its zero value is an empty store ready to use.
//
// # Service
//
// NewService(store, clock, opts...) ties a Store to a Clock; a nil store
// or clock is starmap.ErrServiceDependency, a nil option
// starmap.ErrServiceOption. One option exists:
//
//   - WithRetry(starmap.Retry): how many load → decide → write cycles a
//     command tries while it meets version conflicts, and a hook told of
//     each; default starmap.DefaultAttempts (5) tries, no hook.
//
// Every command that changes a card runs the SDK's one cycle,
// starmap.Change: load, decide with Card's pure methods, write with the
// version read, all again on a conflict; a decision that changes nothing
// writes nothing (Edit, AssignVirtualNumber; a Sync always writes its sync
// time, and one that changed nothing returns EventSyncUnchanged, so that
// every write has its event in the log, OPS-1). The clock is read once per operation; events are returned after
// the write succeeded. Methods take the context first, then the acting
// actor, then the operands; a context that is done before the store is
// reached returns its error and nothing is written (a nil context is
// starmap.ErrContextMissing). The zero Service, or a nil *Service,
// answers every method with starmap.ErrServiceNotReady.
//
// Card's own changes take (by, now, operands…) — Open(by, now, creatorID,
// basic), Card.Apply(by, now, edit), Card.Sync(by, now, basic),
// Card.AssignVirtualNumber(by, now, number) — mutate the card and return
// its events; a refused change leaves the card as it was. A nil or zero
// Card refuses them with ErrCardNotOpened, the zero instant with
// ErrTimeMissing. Enums (Item, ContactMethod, ChangeKind, Section,
// Audience, ShareTarget) have a stable String and a Label(lang) from one
// bilingual table each.
package card
