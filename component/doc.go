// Package component encodes the rules of mini-program components (小程序组件)
// on the Star Map marketplace (SPEC §4, CMP-1 … CMP-4, seed 000): the
// advertiser's component library, the platform's review of each component,
// and the check, made when a task is ordered, that every component the
// advertiser wants mounted on it may be mounted.
//
// # Rules
//
// CMP-1 Library. A component is created in the advertiser's component
// library (我的星图→组件管理→常规组件→添加组件→小程序组件), never from inside a
// task: no API of this package or of package task creates one for an order
// ("不支持在任务中创建组件"). A mini-program component names a Douyin
// mini-program — its app id, the page it opens (path and query), the title
// and the icon shown on the video — and one channel chosen at creation:
// starmap.FormatShortVideo or starmap.FormatLive (in a live stream the
// component shows as the small snowflake, 小雪花). The channel never changes
// afterwards ("在创建时可选择所需的应用渠道"). New validates every field and
// reports every problem at once (errors.Join):
//
//   - id: the host's choice, checked by starmap.ValidateID like every id
//     of the SDK (at most 128 bytes, no white space, control or format
//     characters — so "cmp-1" and "cmp-1\u200b" cannot both exist — and
//     none of the separators starmap.IDSeparators); the Service, the
//     Mounter and FromRecord check ids the same way;
//   - app id: "tt" followed by 16 to 18 lowercase hexadecimal digits
//     (ValidateAppID; see Decisions);
//   - page: an optional path of '/'-separated segments of ASCII letters,
//     digits, '_', '-' and '.', no leading '/', no empty, "." or ".."
//     segment, and an optional query of key=value pairs joined by '&', with
//     RFC 3986 characters and %XX escapes (ParsePage);
//   - title: not blank; free text of one line (below);
//   - icon: an absolute https URL of the uploaded image, at most MaxIconLen
//     bytes, without white space, control or format characters;
//   - free text — the title, and the page as the one text it is stored and
//     shown as (path, '?' and query together, as Page.String writes it) —
//     goes through the root's one validator, starmap.TextField of kind
//     starmap.TextLine: valid UTF-8, no control or bidi characters, at most
//     200 characters counted in runes (the platform caps such texts at
//     200), so that a 200-character path leaves no room for a query (see
//     Decisions). A refusal is starmap.ErrTextInvalid naming the field.
//
// CMP-2 Review. Creating a component submits it: it starts 审核中 (in
// review). The platform's reviewer (a starmap.RolePlatform actor) approves it
// — 有效 (valid), usable in orders — or rejects it — 审核未通过 (rejected) —
// with a reason, which the advertiser can read ("查询驳回原因,进行修改");
// the reason is free text of one line too (starmap.TextLine).
// A rejected component can be edited (Edit) and submitted again (Resubmit),
// which puts it back in review. Every change — creation, edit, review
// decision, resubmission — is recorded in the component's history with the
// actor, the instant, the states before and after, the reason and, for an
// edit, the content before and after.
//
// CMP-3 Mounting. Mountable is the pure rule: a component may be mounted on
// a task of a given format ordered by a given advertiser when it is that
// advertiser's, it is valid (not in review, not rejected), its channel is
// the task's format, and its mini-program is up. A taken-down (下架)
// mini-program gives the platform's red message, rendered exactly in zh-CN:
//
//	小程序被下架,组件无法挂载,请先恢复小程序之后再挂载组件
//
// (with ASCII commas, as both the seed and the SPEC write it). Whether a
// mini-program is up is asked of a Directory that the host implements
// (memstore.ComponentDirectory is an in-memory one). Mountable reports every
// unmet requirement of the component; Mounter.CheckMount — this package's
// implementation of task.MountChecker — checks a whole list, reports every
// refused component (errors.Join, each error naming its component), returns
// snapshots in the order given when none is refused, and changes nothing.
// Package task calls it at ordering time and refuses the whole order on an
// error ("不允许提交通过").
//
// CMP-4 On the task. The creator does nothing to attach a component: the
// task's published video or live stream carries it. The snapshot that
// CheckMount returns (task.MountedComponent) is what the task detail shows:
// a copy taken at ordering time, which later changes of the component do
// not reach. The live-card switch and the component click counts belong to
// package task.
//
// # Service and Mounter
//
// NewService(store, clock, opts...) is the one constructor: a nil store or
// clock is starmap.ErrServiceDependency, a nil option
// starmap.ErrServiceOption. The only option is WithRetry(starmap.Retry):
// how many load → decide → compare-and-swap cycles an operation tries while
// it meets version conflicts, and a hook told of each; the default,
// starmap.Retry{}, is starmap.DefaultAttempts tries and no hook. Every
// command — Create, Edit, Resubmit, Approve, Reject — runs the root's one
// cycle, starmap.Change: load, decide with the aggregate's pure method,
// write with the version read; a conflict decides again on a fresh load,
// a rule refusal is never retried. Methods take ctx first, then the
// acting starmap.Actor, then the operands, read the clock once and return
// the component and the events to publish. A done context is answered with
// its own error before anything is read or written (and between attempts);
// a nil context is starmap.ErrContextMissing.
//
// NewMounter(store, dir) wires the mount check: a nil store or Directory is
// starmap.ErrServiceDependency. A zero or nil Service or Mounter answers
// every method with starmap.ErrServiceNotReady, never a panic.
//
// List pages one advertiser's library, narrowed by a Filter (a state or
// channel that does not exist is ErrFilterInvalid), with the one paging
// rule of the SDK (starmap.PageRequest) and a keyset cursor over the total
// order (CreatedAt, ID), oldest first (Query).
//
// # Why component imports task
//
// ARCHITECTURE.md says "task may use component", yet the import points the
// other way: package task owns the MountChecker interface and the
// MountedComponent snapshot it keeps, and Mounter here implements that
// interface. The implementer imports the interface's owner; task never
// imports component (hosts wire a Mounter into the task Service with
// task.WithMountChecker), so there is no cycle and task "uses" component
// only through its own interface.
//
// # Decisions where the seeds are silent
//
//   - Owner. A component belongs to an advertiser: its main account's id.
//     A sub-account acts for its main account: it may create, edit and
//     resubmit components in the main account's library (the library is the
//     account's, like its orders); the history names the sub-account that
//     acted. Creators and MCNs have no component library.
//   - App id. The seed shows no app id. Douyin mini-program app ids seen in
//     public code are "tt" and 18 lowercase hex digits (often ending in
//     "01"); some shorter samples have 16. ValidateAppID accepts "tt" plus 16
//     to 18 lowercase hex digits and nothing else — no trimming, no case
//     folding: what is stored is what was written. A host that meets a
//     longer real id should widen this rule, not work around it.
//   - Icon. An image upload is out of scope; the icon is the https URL of the
//     uploaded image, capped at MaxIconLen (1024) bytes rather than 200
//     characters, because CDN URLs are long.
//   - Edits. Only a rejected component may be edited; an edit keeps it
//     rejected until it is resubmitted. A component in review is locked for
//     the reviewer; a valid component is locked because orders snapshot it
//     (make a new component to change it). Resubmitting without an edit is
//     allowed (the reviewer may have been wrong). The channel cannot be edited.
//   - A reject reason is required: not blank, one line of at most 200
//     characters (starmap.TextLine: the platform's 200-character cap; a
//     reason is short feedback, so it gets no line breaks).
//   - Page length. The path and the query are two fields of one page
//     address, which is kept and opened as one text; capping each at 200
//     would let a 401-character address through, so the cap is on the
//     whole text (path?query, '?' counted when there is a query).
//   - Ownership leaks nothing, not even existence. To an advertiser,
//     another advertiser's component answers exactly like an id that does
//     not exist — same code, same message, same kind (starmap.ErrNotFound):
//     CheckMount and Mountable say ErrMountUnknown ("组件…不在您的组件库中,
//     无法挂载": true of both), before the record is even rehydrated and
//     without asking the Directory; the Service's Get, Edit and Resubmit
//     say ErrUnknown (the store's own not-found is not wrapped, so nothing
//     differs). Ids of other libraries cannot be probed. Only the
//     aggregate's methods, called by someone already holding the component,
//     say ErrNotOwner. The platform sees every component.
//   - A mini-program the directory does not know is refused too
//     (ErrMountMiniProgramUnknown): only a mini-program known to be up is
//     mountable. A directory failure is not a refusal: CheckMount returns
//     it as it is (wrapped), with no snapshots.
//   - A component listed more than once in one check is refused with one
//     ErrMountDuplicate per duplicated id, however many times it is
//     repeated ([a, a, a] gives one), naming the component; its first
//     mention is still checked like any other. task.Service.Order already
//     refuses duplicated ids itself (task.ErrComponentsInvalid) before it
//     asks the Mounter, so ErrMountDuplicate guards hosts that call
//     CheckMount directly.
//   - State errors (editing a valid component, reviewing twice) are of kind
//     starmap.ErrInvalid, not ErrConflict, so that services do not retry
//     them as version conflicts.
//   - A page's characters are judged once: a page whose text is broken
//     (invalid UTF-8, a control or bidi character) is refused for that
//     alone, as starmap.ErrTextInvalid; its path and query syntax, which
//     would refuse the same characters again, is checked when the text is
//     sound (or only too long, so that a long and malformed page gets both
//     refusals).
//   - A zero Component (new(Component)) is in no library: Mountable
//     answers ErrMountUnknown and its methods refuse; methods on a nil
//     *Component answer ErrUnknown.
//
// # Seed and SPEC
//
// The seed is in traditional characters and writes the red prompt as
// 「小程序被下架,組件無法掛載,請先恢復(fù)小程序之后再掛載組件」 — the "(fù)" is
// a reading gloss of the conversion, not part of the text, and the commas
// are ASCII, as in the SPEC. The zh-CN catalogue renders the SPEC's
// simplified form with those ASCII commas. The seed says the form's fields
// are explained "below" (具体字段填写可参考下文), but the field list did not
// survive in the seed's text; the fields and the 200-character cap come from
// the SPEC's issue, the formats are decisions (above).
//
// # Errors
//
// Every rule has an exported *starmap.Rule sentinel (see the var block in
// errors.go); errors.Is matches a raised error against it and its kind,
// errors.As yields the code and the parameters. Mount refusals carry the
// parameter "component" (the component id) so a host can point at the
// refused line of the order form. starmap.Codes lists the codes inside a
// joined error.
//
// Every parameter that is words rather than an id or a number (a problem, a
// state, a field, a channel) is worded in both languages
// (starmap.LabeledArg), so a zh-CN message carries no English beyond the
// ids and app ids it names and the terms AppID and https;
// starmap.Message renders a refusal together with the rule errors of its
// causes (an invalid id in a mount check shows both), and starmap.Find
// picks one rule out of a joined refusal — the 下架 prompt, to show it
// alone under the order form. Someone else's component is refused as
// ErrUnknown (Service) or ErrMountUnknown (mount check), exactly as an id
// that does not exist.
//
// Free text is refused with the root's starmap.ErrTextInvalid
// ("text.invalid"), the one error of every free-text field of the SDK. It
// replaces two codes of this package, which are no longer raised: a title,
// page or reason that was too long (component.text.too_long) or held
// invalid UTF-8 or a control character (component.text.malformed) is now
// text.invalid, with the field named in the parameter "what".
//
// # Store contract
//
// Store keeps Records under the root's one store contract (X-8, written
// once in the starmap package doc): Get, Create (version 1, whatever
// Record.Version says; ErrConflict if the id exists), Update (only at the
// version read; ErrConflict if it moved on, ErrNotFound if missing) and
// List. What is particular to this package is List's Query: one owner's
// records, narrowed by Filter, ordered by CreatedAt then ID, paged by
// starmap.PageRequest with a keyset cursor whose form Query documents, so
// that a cursor of one store reads the same in another. A record carries
// its whole history, so one write stores a change and its record together.
// Instants must round-trip at least to the microsecond. Stores never apply
// rules and share no memory with their callers. The kit
// component/componenttest checks all of this against a host's store;
// memstore.ComponentStore passes it, and its zero value is an empty store.
package component
