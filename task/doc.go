// Package task is the order of the starmap SDK: the aggregate an
// advertiser creates when it orders a short video or a live stream from a
// creator, its state machine, its money and its results (SPEC §3, TSK-1 …
// TSK-8, from seeds 000, 001 and 003). Every other package meets here:
// components are mounted on orders (CMP-3, CMP-4), creators and MCNs are
// its parties.
//
// # The service
//
// NewService(store, clock, opts...) is the one constructor. Its options and
// their defaults:
//
//   - WithPolicy(p): the Policy new orders are placed under
//     (DefaultPolicy()); an invalid one is refused;
//   - WithMountChecker(m): the MountChecker ordering asks about components
//     (none: an order with components is ErrMountCheckerMissing);
//   - WithSigningLookup(l): the SigningLookup a claim asks for the
//     creator's MCN (none: the host vouches for Request.MCN);
//   - WithSigningTerms(l): the TermsLookup (*mcn.Service) asked for the
//     MCN signing in force at ordering and at a claim, whose MCN and share
//     are kept with the task, and before every command an MCN issues for a
//     creator (none: Order.MCN and Policy.MCNShare, as the host gives them);
//   - WithRetry(r): how often a change is tried on version conflicts, with
//     an optional hook per conflict (starmap.DefaultAttempts tries);
//   - WithChecker(c): the compliance.Checker a script or video
//     submission's text is checked with (compliance.NewChecker(): the
//     default lists);
//   - WithReviewForm(f): the review checklist (compliance.StandardForm():
//     素材清晰度, 字幕准确性, 产品信息一致性, 披露合规, 避免误导性用语);
//   - WithReviewPolicy(p): how a review treats block findings (the zero
//     compliance.Policy: they block until the platform waives them);
//   - WithChecklistRequired(): every review carries the checklist (off).
//   - WithCampaigns(c): the campaign.Service orders naming a campaign
//     reserve from (none: such an order is ErrCampaignsMissing).
//
// A nil store or clock is starmap.ErrServiceDependency, a nil option or an
// option given a nil or invalid value starmap.ErrServiceOption — from the
// constructor, never a later panic. The zero Service (or a nil *Service)
// answers every method with starmap.ErrServiceNotReady.
//
// Methods take ctx first and the acting starmap.Actor next: Order, Get, Do,
// Sweep, Results and EndCampaign. A done context is returned as its error before
// anything is read or written. Every change runs the root's one load →
// decide → compare-and-swap cycle (starmap.Change) and returns an Outcome:
// the task as stored, with its version; the events to publish; and
// the money postings of that command, which the host applies to its own
// ledger in the transaction that stores the task (TSK-5) — no host diffs
// Task.Postings or reloads after a sweep. The pure functions and aggregate
// methods the Service runs take (by, now, operands…): New(by, now, order,
// policy, mounted), ValidateOrder(by, now, order, policy), Task.Apply(by,
// now, request), Task.Can(by, command).
//
// # The flow (TSK-1, TSK-2)
//
// An advertiser (main account or sub-account) orders a task from one
// creator with New / Service.Order — or, leaving the creator out, publishes
// it for any creator to claim (seed 000:
// 「一般的抖音星图平台都是统一发布的任务,大家选择领取」): an open task is claimed by
// a creator in person, which accepts every term like 去接受, names the
// creator's MCN if any, and
// expires or is cancelled like an invitation. The ordering advertiser's own
// id cannot claim (ErrSameParty). Which MCN the claiming creator is signed
// to is the host's knowledge: a Service configured WithSigningLookup asks
// it, fills the MCN in and refuses a claim naming another
// (ErrClaimMCNMismatch); without one, the host vouches for Request.MCN.
// A Service configured WithSigningTerms (MCN-2) asks the signing in force
// instead, at ordering as at a claim: the signing's MCN, its id and its
// share in basis points are kept with the task (Record.Signing,
// MCNShareBP), and the settlement pays the MCN RoundFen(pay × share /
// 10000) to the task's end even if the signing ends first; an order or a
// claim naming an MCN without the signing in force is ErrMCNNotSigned, and
// so is any command an MCN issues for a creator whose signing it does not
// hold at that instant — the creator still acts in person.
// The MCN workspace (MCN-3) reads these tasks back: Query.MCN lists the
// tasks kept with an MCN, newest first, and MCNTasks and MCNLedger adapt
// a Store to package mcn's mcn.TaskSource and mcn.Ledger — the orders it
// received with their kept shares, and its earnings as the MCN share
// postings of those tasks, so that an mcn.Statement's closing balance is
// the sum of the MCN's postings to the fen.
// The creator sees it as pending (待接收任务) and accepts it (去接受) —
// accepting means accepting every term
// of the template — or declines it with a reason. A short video then goes:
// submit a script → script review (approve, or reject with a reason back to
// the creator, who submits again) → submit the video → video review (the
// same) → publish → the advertiser's acceptance (验收), or the platform's
// automatic acceptance once the policy period passed → settled. A live task
// has no script or video: accepted → scheduled (a planned start, which can
// be moved) → on air → broadcast reported with its actual duration →
// accepted → settled. The creator side goes on air no earlier than the
// planned start less Policy.LiveEarlyStart (default 30 minutes;
// ErrBroadcastTooEarly) — decided here, since the seeds are silent: a
// stream on a day of the creator's choosing is not the ordered one — and
// reports the actual duration when it ends; a duration longer than the
// time since the start_broadcast instant recorded in the history is
// refused (ErrBroadcastLongerThanAir), so the reported figure is bounded
// by what the task itself saw. (A host with the platform's own stream
// data should report that; the SDK cannot measure a stream.) A broadcast
// shorter than the ordered length is not a delivery (TSK-8): the task goes
// back to accepted, to be scheduled again.
// During the stream the creator — and only the creator — switches the live
// card of the mounted component on and off (seed 000:
// 「若直播中需要「展示」直播卡片,需要达人手动点击展示」); each switch is a command recorded in the
// history, refused when no component is mounted or when it would change
// nothing. Declined, expired, cancelled and settled are ends: nothing takes
// a task out of them (a settled task still takes results reports, which do
// not change its state).
//
// The creator side is the creator or the MCN it is signed to, acting on its
// behalf. Reviews are the advertiser's, and the platform may review
// too; acceptance (验收) is the advertiser's alone; the clock-driven
// commands (expire, auto_accept) and results reports are the platform's.
//
// # Transition table
//
// The table is data: Edges lists it, Allowed answers from it in one array
// lookup (format × state × command), and Mermaid renders it. Each edge
// names the parties that may issue the command and its guards; a broken
// guard is a coded error (ErrReasonRequired, ErrRejectionBudgetUsed,
// ErrInvitationClosed, ErrNotDue, …); a command the state does not take is
// ErrNotAllowedInState; one of the other format ErrWrongFormat; an actor of
// the wrong party ErrActorNotAllowed (which wraps starmap.ErrActorRole); an
// actor of the right party but not of this task ErrNotAParty. This diagram
// is Mermaid's output (a test keeps it so):
//
//	stateDiagram-v2
//	    [*] --> pending: order [advertiser]
//	    [*] --> open: order without a creator [advertiser]
//	    open --> accepted: claim [creator in person]
//	    open --> expired: expire [platform]
//	    open --> cancelled: cancel [advertiser|platform]
//	    pending --> accepted: accept_order [creator]
//	    pending --> declined: decline [creator]
//	    pending --> expired: expire [platform]
//	    pending --> cancelled: cancel [advertiser|platform]
//	    accepted --> script_submitted: submit_script [creator] (video)
//	    accepted --> cancelled: cancel [advertiser|creator|platform]
//	    script_submitted --> script_approved: approve_script [advertiser|platform] (video)
//	    script_submitted --> script_rejected: reject_script [advertiser|platform] (video)
//	    script_submitted --> script_submitted: waive_finding [platform] (video)
//	    script_submitted --> cancelled: cancel [advertiser|creator|platform] (video)
//	    script_rejected --> script_submitted: submit_script [creator] (video)
//	    script_rejected --> cancelled: cancel [advertiser|creator|platform] (video)
//	    script_approved --> video_submitted: submit_video [creator] (video)
//	    script_approved --> cancelled: cancel [advertiser|creator|platform] (video)
//	    video_submitted --> video_approved: approve_video [advertiser|platform] (video)
//	    video_submitted --> video_rejected: reject_video [advertiser|platform] (video)
//	    video_submitted --> video_submitted: waive_finding [platform] (video)
//	    video_submitted --> cancelled: cancel [advertiser|creator|platform] (video)
//	    video_rejected --> video_submitted: submit_video [creator] (video)
//	    video_rejected --> cancelled: cancel [advertiser|creator|platform] (video)
//	    video_approved --> published: publish [creator] (video)
//	    video_approved --> cancelled: cancel [advertiser|creator|platform] (video)
//	    published --> settled: accept_delivery [advertiser] (video)
//	    published --> settled: auto_accept [platform] (video)
//	    published --> published: report_results [platform] (video)
//	    accepted --> scheduled: schedule [creator] (live)
//	    scheduled --> scheduled: schedule [creator] (live)
//	    scheduled --> on_air: start_broadcast [creator] (live)
//	    scheduled --> cancelled: cancel [advertiser|creator|platform] (live)
//	    on_air --> on_air: show_live_card [creator in person] (live)
//	    on_air --> on_air: hide_live_card [creator in person] (live)
//	    on_air --> broadcast: end_broadcast (full length) [creator] (live)
//	    on_air --> accepted: end_broadcast (short) [creator] (live)
//	    on_air --> cancelled: cancel [platform] (live)
//	    broadcast --> settled: accept_delivery [advertiser] (live)
//	    broadcast --> settled: auto_accept [platform] (live)
//	    broadcast --> broadcast: report_results [platform] (live)
//	    settled --> settled: report_results [platform]
//	    settled --> settled: close_settlement [platform]
//	    settled --> [*]
//	    declined --> [*]
//	    expired --> [*]
//	    cancelled --> [*]
//
// # Review and compliance (TSK-1, TSK-4, TSK-8, CPL-2 … CPL-4)
//
// The script and video reviews run package compliance; what they decide
// is recorded in the history, in each entry's Compliance, so that one
// write stores it with the change.
//
//   - Ordering: the template's Disclosure flag and its required Points
//     (product name, link, key message; at most compliance.MaxPoints) are
//     the compliance.Requirements of every submission
//     (Template.Compliance), validated when the order is made
//     (ErrTemplateInvalid wrapping compliance.ErrPointInvalid …).
//   - Submission (submit_script, submit_video): Request.Text carries the
//     script, or the video's caption and talking points (a
//     starmap.TextBody). The Service's Checker checks it against the
//     requirements (absolute terms CPL-1, the disclosure CPL-2, the
//     points CPL-3) and the entry records Checked and the findings. The
//     text itself is not stored — Ref names it in the host's content
//     store; each finding keeps its span and the characters under it. A
//     text with more than MaxFindings findings is refused
//     (ErrTooManyFindings), so that a record stays of a readable size. A
//     submission without text is not checked (Checked false): a host
//     whose content has no text (or that checks elsewhere) keeps working,
//     and the reviewer's checklist covers what the checker would have.
//   - Waiver (waive_finding, a command of the table, platform only, with
//     a written reason): the platform waives one block finding of the
//     submission under review (Request.Finding, as Task.Submission lists
//     it) with compliance.Waive; the entry records the Waiver, and the
//     event "task.waive_finding" carries the reason. A finding that is
//     not the submission's (ErrFindingUnknown: a resubmission is checked
//     and waived anew), one already waived (ErrFindingWaived) or a warn
//     finding (compliance.ErrWaiverNotBlocking) is refused.
//   - Review (approve_*, reject_*): Request.Answers answer the review
//     form (Form.Fill: every item pass or fail, a failed item with a note
//     saying what to change); compliance.Decide weighs the checklist, the
//     submission's findings and its waivers under the review policy. An
//     approval needs no failed item and no block finding standing
//     unwaived (ErrApprovalBlocked wrapping compliance.ErrItemFailed and
//     compliance.ErrFindingBlocks).
//   - Rejection: one rule for what it cites (CPL-4, TSK-8), with a
//     checklist or without one. Every rejection keeps its written reason
//     (TSK-8: ErrReasonRequired without it) and cites every failed
//     checklist item with its note and every finding not waived (a term
//     across a clause break only when 避免误导性用语 failed: it may be
//     ordinary words, compliance.Decide); when
//     there is nothing else to cite — no checklist sent or one passing
//     every item, and no finding standing (none found, or every one
//     waived) — it stands on the written reason alone. The entry records
//     the checklist and the compliance.Rejection; Change.RejectionText
//     renders the reason and the citation for the creator. Why not refuse
//     a rejection with nothing but its reason (compliance's
//     ErrRejectionUncited, which Decision.Rejection still answers for a
//     host deciding by itself): a video has no text to check, a host may
//     send no checklist, and an advertiser may reject on grounds outside
//     the items (the creative brief); the reason is the written feedback
//     the creator acts on, and the rejection budget (TSK-8) bounds how
//     often it may be used. Before this rule, the same rejection was
//     allowed without a checklist and refused with one once every finding
//     had been waived.
//   - A review without answers (decided here, for hosts that send no
//     checklist): it is decided on the findings alone — an approval only
//     while no block finding stands unwaived (the checker's verdict is
//     never skipped by leaving the checklist out). A platform that wants
//     the checklist on every review says WithChecklistRequired
//     (ErrChecklistRequired).
//
// Task.Apply runs with the zero Reviewer (the default checker, the
// standard form, the default policy); Task.ApplyWith takes the host's,
// and Service.Do passes the Service's options. FromRecord checks what the
// history records of the review path (valid findings, waivers and
// checklists, each in an entry of its command; a waiver of a finding of
// the submission before it, once; a rejection citing only failed items
// of its checklist).
//
// # Cancellation (TSK-3)
//
// Seed 001 only says a task that cannot go on is cancelled to stop further
// loss. Decided here: the advertiser may cancel from open or pending up to the
// approved video (short video) or the scheduled broadcast (live); the
// creator side may withdraw from accepted up to the same points (a pending
// invitation is declined, not cancelled); the platform may cancel in the
// same states and also during a broadcast. Nobody cancels delivered work
// (published, broadcast): it ends in acceptance, manual or automatic. Every
// cancellation needs a reason. When a rejection budget is used up the
// advertiser can only approve or cancel (TSK-8). The budget is the
// advertiser's alone (TSK-8: "the advertiser may reject a script at most 3
// times"): a rejection by the platform's review neither consumes it nor is
// stopped by it — content that breaks the platform's rules is sent back
// however often it takes, and Task.Rejections counts the advertiser's.
//
// # Deadlines (TSK-7, TSK-8)
//
// Policy holds the figures, with the published defaults in DefaultPolicy:
// 3 script rejections, 2 video rejections, an invitation window of 5 days
// (1 to 14), automatic acceptance 7 days after publication and automatic
// confirmation 7 days after a valid broadcast. Windows are civil days
// a window of n days after an event on day D ends on D+n inclusive,
// and the clock-driven command is owed from D+n+1 00:00 China Standard
// Time — never less than n full days. Task.Deadline names the command and
// the last day, Task.Due(now) the command owed at now. A task keeps a copy
// of the policy it was ordered under: a later policy change never alters
// a running contract.
//
// The instant a command becomes owed is a field of the stored record,
// Record.DueAt (the zero time when the task waits on no clock), so that a
// store can index it. Service.Sweep, run by the host's scheduler as a
// platform actor, asks the store for the tasks due (Store.ListDue: DueAt
// set and not after now, by DueAt then id, page by page) instead of
// reading every open task, and runs each owed command in its own cycle,
// deciding afresh on what it loads: a task that moved on meanwhile is
// skipped, and replicas sweeping at once run each command exactly once
// (OPS-3).
//
// Exactly once by compare-and-swap, not by FOR UPDATE SKIP LOCKED
// (decided here, OPS-3). The owed command is a function of the task's
// state and the clock, and every write is the store's version
// compare-and-swap, as for any command: of the replicas that load a
// due task at once, one writes; each other meets a version conflict,
// reloads, finds nothing owed (the task has left the state that owed it)
// and skips the task without an error. So Sweep asks nothing of a store
// beyond Store's contract — memstore, pgstore and a host's own store
// behave alike — and a replica that dies mid-sweep leaves no claim
// behind. Row locks taken with SKIP LOCKED would spare the losers' wasted
// loads (each replica would claim other rows), but only inside a
// transaction held open across the commands, a store-specific lock the
// interface does not express, for no gain in correctness. The cost of the
// choice is that waste: replicas sweeping at the same moment all load the
// same due tasks and all but one write per task miss. A host that minds
// runs Sweep on one replica at a time (its scheduler's leader, or an
// advisory lock); running it on every replica is safe.
//
// The end of the calendar (decided here): no task may wait on a day the
// calendar cannot hold. A command whose instant is outside
// starmap.MinDate() … starmap.MaxDate(), an order whose invitation window
// would end on or after starmap.MaxDate() (so the expiry could never be
// owed), a publication or a full-length broadcast whose acceptance window
// would, and a live start planned after starmap.MaxDate() are all refused
// with ErrBeyondCalendar — refused, not clamped: a clamped deadline would
// expire an invitation sooner than the policy promises. So an order placed
// on 9999-12-31 is refused, one on 9999-12-25 (window of 5 days) is
// accepted and expires on 9999-12-31, and FromRecord refuses a stored
// deadline past the calendar. Every DueAt is at most MaxDate 00:00 CST.
//
// # Template and milestones (TSK-4)
//
// The Template carries the objective (exposure, favourites, add-to-cart,
// purchase), the deliverables checklist, the style/script requirements, the
// disclosure flag (ads must be marked) and a due date per milestone
// (初稿提交 draft, 第一轮审核 first review, 修改并最终提交 final, 上线后效果回顾
// post-launch review). Task.Milestones tells which were reached and which
// are late. An order without a template (the zero Template) gets
// DefaultTemplate(format) — the objective exposure, one deliverable
// (1条短视频 or 1场直播), disclosure on, no dues — so the smallest order is
// an id, a creator, a format and a price (and, live, the broadcast length
// the price buys). Every state maps to one of seed 003's five labels by
// State.SubState: 待创作 (nothing to review yet: pending, accepted, script
// approved, scheduled, on air), 审核中 (a submission under review), 待提交
// (a rejected submission to redo, an approved video to publish), 已完成
// (delivered and waiting for acceptance, or ended without delivery), 质检通过
// (settled after acceptance).
//
// # Money (TSK-5, X-4)
//
// Ordering freezes price + fee, fee = RoundFen(price × Policy.FeeRate)
// (default 5 %). Every movement is a double-entry Posting between the
// advertiser's available and frozen balances, the creator, the MCN and the
// platform's fee income, kept in the task (Statement reconciles them) and
// returned with the command that made it in its Outcome, so that the host
// applies them to its own ledger in the transaction that stores the task.
// All of it — the bounds, the postings, each command's movement, the
// statement, the invariants of a stored record — lives in money.go; the
// settlement models of STL-1 in settlement.go, the statements of STL-2 in
// statement.go.
//
// Every amount that enters is bounded as starmap.CheckAmount says (at most
// 15 digits before the point, whole fen): a price must be positive, and
// price + fee must itself be such an amount, so every posting is one
// (ErrPriceInvalid, wrapping starmap.ErrMoneyTooLarge or
// starmap.ErrMoneyTooPrecise); GMV likewise (ErrMetricsInvalid). The bound
// is read from the digit count and the exponent before any arithmetic, so
// 1e30, a 100,001-digit price or 1e10000000 is refused at once. The rates
// of a Policy lie in 0 … 1 with at most RatePrecision (6) decimal places.
//
// Acceptance pays the price to the creator side — the MCN
// takes RoundFen(pay × Policy.MCNShare) (default 10 %) when the creator is
// signed — and the fee to the platform. A decline or an expiry refunds
// everything. A cancellation looks up Policy.Refunds by progress (invited,
// accepted, script, video — live: scheduled counts as script, on air as
// video) and by the party that cancelled: the creator side keeps
// RoundFen(price × CreatorShare) as compensation, the platform
// RoundFen(fee × FeeShare), and the rest is refunded. Defaults: an
// advertiser cancelling owes 10 %, 30 %, 50 % of the price (and the fee on
// that share) after acceptance, script, video; a creator's withdrawal or a
// platform cancellation refunds everything. Before a creator accepted
// (progress invited: an open task, a pending invitation) nobody on the
// creator side is paid anything — Policy.Validate refuses a non-zero
// CreatorShare there, and a cancellation without an accepted creator
// refunds the whole price whatever the table. These percentages are not in
// the seeds; they are defaults a host replaces.
//
// # Settlement models (STL-1, seed 003: 按达成的交付物与合同约定进行结算)
//
// Order.Settlement chooses the model at ordering; the task keeps it (and
// the policy it was ordered under) for its whole life. Every model
// freezes price + fee at ordering — for CPM and CPS, Order.Price is the
// cap the advertiser sets — and settles through one release: the creator
// side is paid pay (less the MCN's share RoundFen(pay × MCNShare) when
// signed, as today), the platform keeps fee = RoundFen(pay × FeeRate) (the
// whole frozen fee when pay is the whole price), and everything else is
// refunded. Since pay ≤ price and rounding half away from zero is
// monotone, fee ≤ the frozen fee and every amount is non-negative: the
// frozen balance ends at exactly zero on every path.
//
//   - Fixed price (the zero Settlement): pay = price at acceptance.
//   - By deliverable (ModelDeliverable): the price is split over the
//     template's deliverables by Weights (nil: equal shares) with Shares:
//     each share is price × w / Σw truncated to the fen, and the fen left
//     over go one each to the largest remainders (ties to the earlier
//     deliverable), so the shares sum to the price exactly. The
//     advertiser's acceptance carries one verdict per deliverable
//     (Request.Deliverables; nil accepts all, and so does the automatic
//     acceptance); pay = the sum of the accepted shares, the rest is
//     refunded.
//   - CPM (ModelCPM): Rate yuan per thousand plays. Plays are the exposure
//     of the last results report carrying metrics made before the end of
//     the cut-off day (delivery day + Policy.CutoffDays, default 7); a
//     report of sales alone leaves them; later reports change
//     the task's metrics but not the plays. pay = min(price, RoundFen(plays
//     × Rate / 1000)).
//   - CPS (ModelCPS): Rate basis points of the attributed GMV net of
//     refunds. Sales and refunds are reported as Request.Sales with
//     report_results; a sale counts when placed before the end of the
//     cut-off day, a refund when placed before the end of its sale's
//     return window (sale day + Policy.ReturnDays, default 7) — a refund
//     after the window does not reduce the commission. pay = min(price,
//     RoundFen(net GMV × Rate / 10000)). Every line is checked when it is
//     reported and again when a record is loaded (FromRecord): a positive
//     amount in whole fen, a valid order id, no order sold twice, refunds
//     within their sale and not before it; so net GMV is never negative,
//     and were it ever, it is clamped to zero (a second guard: no
//     negative posting, X-4).
//
// Fixed price and by deliverable settle at acceptance. CPM and CPS are
// accepted (验收) like any task — the state is settled, 质检通过 — but the
// money stays frozen until the amount locks: the last day is the cut-off
// (CPM) or the cut-off plus the return window (CPS), and from the next day
// 00:00 CST the platform's close_settlement is owed (Deadline, DueAt,
// Sweep), which releases the money by the model. Every rounding point is
// named above: the shares (truncate + largest remainder), CPM and CPS pay
// (RoundFen, half away from zero, then the cap), the fee and the MCN share
// (RoundFen of pay × rate).
//
// SettlementAt(now) is what both sides see: the model, the measured base
// (plays, net GMV), pay and fee, and the status — estimated while the
// amount can change (before delivery for fixed price; until acceptance for
// by deliverable, whose acceptance may still reject deliverables, with the
// whole price as its pay meanwhile; until the lock day for CPM and CPS,
// with the figures so far), locked once it cannot (a fixed-price task
// delivered and waiting for acceptance; CPM and CPS past the lock day and
// not yet closed), settled once paid by the model, reversed when the task
// ended without delivery (declined, expired, cancelled — the cancellation
// table applied; its pay and fee are what moved).
//
// Every Posting carries the instant of the command that made it (At);
// Statement reconciles one task, Statements (statement.go) a party over a
// period (STL-2).
//
// # Campaigns (CAM-1)
//
// An Order may name a Campaign. With WithCampaigns, Service.Order reserves
// price + fee (what the task freezes — for CPM and CPS the cap + fee) from
// the campaign's budget through campaign.Service.OrderIn and creates the
// task inside it: an order past the budget is refused with
// campaign.ErrBudgetExceeded (which says how much is left) and stores
// nothing. Every command that releases a task's frozen money — acceptance
// of a fixed-price or by-deliverable task, a decline, an expiry, a
// cancellation, the close of a CPM or CPS settlement, by hand or by Sweep
// — then calls campaign.Service.End with what the task paid out (creator,
// MCN, fee): that is settled, the rest of the reservation released. The
// campaign events join the Outcome's. The creator side never acts on a
// campaign: its commands end the reservation as the platform actor
// "task".
//
// The task and the campaign are two aggregates in two records, so the two
// writes are kept consistent as campaign's doc says:
//
//   - Ordering: OrderIn either compensates (memstore, any store without
//     transactions: the reservation is voided if creating the task fails;
//     a crash between the writes leaves an untouched reservation that
//     campaign.Service.Reconcile voids) or, given campaign.WithTransactor,
//     runs the reservation and the task's Create in one host transaction
//     carried by the context — both stores must read it from the context.
//   - Ending: the task is written first, then End. If End fails the task
//     is stored all the same: Do returns the Outcome (apply its postings)
//     together with ErrCampaignEnd, and Sweep lists the Outcome and joins
//     the error; the host runs EndCampaign, which settles what the task
//     paid out and answers nil for a reservation already ended (a repeat
//     moves nothing, campaign.ErrReservationEnded). On a database the host
//     may instead run Do inside its own transaction (the context carrying
//     it to both stores), so that the two writes commit together.
//
// # Results (TSK-6, CMP-4)
//
// After publication (or a valid broadcast) the platform reports cumulative
// Metrics: exposure, clicks, component clicks (the mounted component's
// click count, CMP-4), favourites, add-to-cart, orders, GMV. A report that
// carries metrics (any field non-zero) replaces the previous ones
// wholesale — every field, even one that goes down: the platform's latest
// figures win, corrections included. A report whose Metrics are the zero
// value carries none: the metrics (and a CPM task's plays) stay as they
// were, so a CPS report of sales alone keeps exposure, clicks, orders and
// GMV; a report with neither metrics nor sales is refused
// (ErrResultsEmpty). KPIs derive
// from them and the task's cost — money spent or committed, never money
// merely frozen: what was paid out (creator, MCN, fee) for a task that
// ended, price + fee for a delivered task waiting for acceptance (it can
// only end in settlement; by deliverable this is its ceiling, counted
// until the acceptance fixes the accepted shares) — for CPM and CPS the
// estimated pay + fee from
// what was reported so far, until the close —, zero for a task still in
// progress: conversion rate = orders / clicks (4 places), CPM = cost ×
// 1000 / exposure (fen), CPE = cost / (clicks + favourites + add-to-cart)
// (fen), ROI = GMV / cost (2 places), CPI = cost / orders (单均成本, the
// campaign package's definition; fen), all rounded half away from zero;
// Lift(base, variant) = (variant − base) / base (4 places) compares two
// groups or periods (A/B). A zero divisor (or a figure
// beyond any real one handed to Compute) gives an undefined Ratio, never a
// panic and never a silent zero. Summarize,
// ByCreator and InPeriod total tasks per creator or period and derive the
// KPIs from the totals.
//
// # Components (CMP-3)
//
// An order may list up to MaxComponents component ids. Service.Order
// validates the order, then
// calls the configured MountChecker (package component supplies it) before
// anything is stored; a refusal refuses the whole order (ErrMountRefused,
// wrapping the checker's errors), a checker that cannot answer (no rule
// error inside its error, e.g. a timeout) is returned as is — not
// ErrInvalid — and a missing checker is ErrMountCheckerMissing. The
// snapshots are kept on the task (Task.Components).
//
// Hosts order through Service.Order. New is the pure step and TRUSTS the
// snapshots it is given: it checks only that they answer the component
// ids of the order, one for one and in order, with sound texts — not that
// each component is valid, fits the format or has its mini-program up
// (CMP-3), which only
// the MountChecker that Service.Order calls can know. A host that calls
// New directly must pass exactly what a MountChecker returned.
//
// # Texts and ids
//
// Every free-text field goes through the root's one validator,
// starmap.TextField (starmap.ErrTextInvalid: valid UTF-8, no control or
// bidi characters, bounded length): a reason is a note (TextNote, line
// breaks allowed), a submission reference, a deliverable and a mounted
// component's title one line (TextLine), the template's requirements a
// document (TextBody), as is a submission's text (Request.Text). A reason
// or reference the command needs that shows nothing (white space, format
// characters) is missing
// (ErrReasonRequired, ErrSubmissionRequired). Ids (task, creator, MCN,
// component, mini-program) go through starmap.ValidateID.
//
// # Names
//
// Every enum — State, Command, Party, SubState, Objective, Milestone,
// Progress, Account, PostingKind — has String, a stable ASCII name, and
// Label(lang), the wording users see (the platform's own in zh-CN), from
// one bilingual table per enum.
//
// # History and events
//
// Every command appends a Change (who, what, when, from, to, reason,
// submission) to the task's history, and Apply returns a starmap.Event of
// type "task.<command>". The history travels in the Record, so one write
// stores both.
//
// # Errors
//
// Every rule has an exported sentinel (see errors.go) whose code starts
// with "task.": task.command.unknown, task.command.not_allowed_in_state,
// task.command.wrong_format, task.actor.not_allowed, task.actor.not_a_party,
// task.reason.required, task.submission.ref_required,
// task.review.rejection_budget_used, task.review.approval_blocked,
// task.review.checklist_required, task.review.finding_unknown,
// task.review.finding_waived, task.review.too_many_findings,
// task.invitation.closed,
// task.clock.not_due, task.clock.beyond_calendar, task.claim.mcn_mismatch, task.mcn.not_signed,
// task.live.* (schedule, start window, duration, live card), task.order.*,
// task.template.invalid, task.policy.invalid, task.results.* (invalid,
// component clicks without a component), task.results.empty (a report with
// neither metrics nor sales), task.settlement.invalid,
// task.settlement.not_open, task.settlement.deliverables_invalid,
// task.sales.invalid, task.order.campaigns_missing,
// task.campaign.end_failed, task.record.invalid. Texts are
// refused with the root's starmap.ErrTextInvalid, ids with
// starmap.ErrIDInvalid, amounts with starmap.ErrMoneyTooLarge and
// starmap.ErrMoneyTooPrecise inside the task rule, an existing order id
// with starmap.ErrAlreadyExists; the review path raises package
// compliance's rules (compliance.ErrAnswerMissing,
// compliance.ErrFailWithoutNote,
// compliance.ErrWaiverNotBlocking, …), inside ErrApprovalBlocked for a
// refused approval. Match them with errors.Is; ordering and
// template validation return every problem at once (errors.Join).
// Messages render in zh-CN entirely in Chinese (role words by
// starmap.Role.Label, states and commands by Label, fields and problems as
// starmap.LabeledArg pairs); ids stay as they are. A MountChecker or
// SigningLookup that cannot answer is not a rule error: its error is
// returned wrapped as it is.
//
// # Speed
//
// The settlement of each model — the one command that releases the money
// (验收 for fixed price and by deliverable, close_settlement for CPM and
// CPS), signed creator, on an in-memory aggregate — and a campaign board
// over 10,000 tasks (package dashboard), measured on the project's shared
// 2-core machine under load (load average ≈ 15; best of three runs) with
//
//	go test ./task ./dashboard -run '^$' -bench 'SettleModel|CampaignSummary' -benchmem -count 3
//
//	BenchmarkSettleModel/fixed          0.7 µs/op     360 B/op    10 allocs/op
//	BenchmarkSettleModel/deliverable    3.4 µs/op   1,952 B/op    63 allocs/op  (3 weighted shares)
//	BenchmarkSettleModel/cpm            2.2 µs/op     824 B/op    28 allocs/op
//	BenchmarkSettleModel/cps             37 µs/op  20,376 B/op   269 allocs/op  (100 sales, 20 refunds)
//	BenchmarkCampaignSummary10k          34 ms/op   7.0 MB/op  183k allocs/op  (10,000 tasks, 50 creators)
//
// CPS reads every sales line at its close (net GMV with the return
// windows), so its cost grows with the lines a task keeps (at most
// MaxSales). The board totals, per creator and per content form in one
// pass (each task's cost read once) and adds the shares: about 3.5 µs per
// task, most of it decimal arithmetic.
//
// # Store contract
//
// Store keeps Records (history and postings inside) under the root
// package's one store contract: Get, Create, Update and List with
// starmap.PageRequest, List ordered by id with cursors
// starmap.EncodeCursor(id) — except a Query with an MCN, ordered newest
// first by (OrderedAt, id) descending with cursors
// starmap.EncodeCursor(OrderedAt's Unix seconds, its nanosecond, id), the
// MCN workspace's order (MCN-3; a database store indexes (MCN, OrderedAt,
// id)). Beside them ListDue answers Sweep: the records
// whose DueAt is set and not after DueQuery.At, ordered by (DueAt, id),
// with cursors starmap.EncodeCursor(DueAt's Unix seconds, its nanosecond,
// id) — a database store keeps DueAt as a column with an index on (DueAt,
// id). Stores never apply rules and never share memory with callers.
// A store may also implement RecentStore — Recent(ctx, id) (Record, bool),
// a copy of the record as it last saw it committed — and the Service then
// decides a command's first try on it instead of loading the task (X-8,
// starmap.Change): a stale one fails the compare-and-swap and the command
// runs again on a fresh Get, and a refusal is always decided again on a
// fresh Get before it is reported. It is optional; Store stays the contract.
// task/tasktest checks an implementation (the version contract, a round
// trip of every field, filters, paging, List with an MCN and ListDue
// against a scan);
// memstore.TaskStore passes it.
package task
