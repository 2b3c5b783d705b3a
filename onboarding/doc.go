// Package onboarding decides who may join the Star Map, by which route, how
// fast the account opens, and what stands in the way of leaving it (SPEC §1,
// seeds 000 and 001).
//
// # Rules
//
// ONB-1 Platforms. A creator joins through one account on one content
// platform — 抖音 Douyin, 西瓜视频 Xigua, 火山小视频 Huoshan, 今日头条
// Toutiao — and joins the Star Map of that platform
// (哪个平台开,就走哪个平台的星图). Platform is a typed enum; an application
// names exactly one.
//
// ONB-2 Follower thresholds and ONB-3 the MCN route live in a Policy value,
// never in constants. Two presets read the two seeds:
//
//   - Policy2023 (seed 000, 2023; the default, DefaultPolicy): Douyin at
//     least 100,000 followers (10万以上), Xigua and Huoshan at least 50,000
//     (5万以上); signing with an MCN agency (MCN签约达人) is another route
//     that stands on its own, whatever the follower count.
//   - Policy2022 (seed 001, 2022): 100,000 followers AND an MCN signing,
//     both required (10w粉和加入机构缺一不可). Seed 001 names no platform
//     other than Douyin, so the preset has a threshold for Douyin only.
//
// Neither seed gives a figure for Toutiao (nor seed 001 for Xigua and
// Huoshan). A platform without a figure answers with its own reason,
// ErrNoThresholdKnown ("no threshold known"), never a guessed number; under
// Policy2023 a signed creator still qualifies there by the MCN route.
//
// "At least n" (以上, 不少于): the figure itself qualifies. With a threshold
// of 100,000, 99,999 followers fail, 100,000 and 100,001 pass. This is how
// Chinese law reads the words (民法典 第1259条: "以上""以下""以内""届满"
// 包括本数; "不满""超过""以外" 不包括本数), and it is tested at n-1, n and n+1
// for every threshold of both presets.
//
// ONB-4 Standing. An account in violation (违规) or rate-limited (限流中)
// cannot join, whatever else holds; both are their own reasons.
//
// CheckCreator evaluates an Applicant against a Policy and returns a
// Decision listing every broken condition, each a coded *starmap.Error with
// its figures (needed, had). The conditions, each an independent predicate:
//
//  1. the platform is one of ONB-1 and the account id is valid;
//  2. the standing is normal (ONB-4);
//  3. followers: the platform has a threshold and the applicant meets it —
//     unless the MCN route is open and the applicant is signed (ONB-2/3);
//  4. signing: when the policy requires an MCN signing, the applicant has
//     one (ONB-3, Policy2022).
//
// ONB-6 MCN agencies (CheckAgency). An agency qualifies when it has existed
// for more than one year (成立时间超过一年以上), or has a special approval
// (特批, for rich creator resources and distinctive content); holds a legal
// business qualification; has at least 5 creators (不少于5人); has the
// follower volume the host sets in the policy (no figure in the seeds: a
// policy without one answers ErrAgencyFollowerFigureUnknown); and has been
// found to have operating capability (服务运营能力). Every failing condition
// is reported.
//
// "More than one year" is defined exactly. The anniversary is the founding
// day moved by Policy.Agency.MinAgeYears years with starmap.Date.AddYears and
// the policy's MonthEnd rule; the agency qualifies from the day after the
// anniversary. On the anniversary itself it has existed exactly one year,
// not more (超过 excludes the figure, 民法典 第1259条; a period counted in
// years ends on the corresponding day, 第201–202条). Founded 2025-03-10, it
// qualifies from 2026-03-11. For a founding day that the target year lacks
// (29 February) the default MonthEnd is ClampToMonthEnd, which is 第202条's
// rule (没有对应日的,月末日为期间的最后一日): founded 2024-02-29, the
// anniversary is 2025-02-28 and it qualifies from 2025-03-01. With
// RollToNextMonth the anniversary would be 2025-03-01 and it would qualify
// from 2025-03-02. A founding day after today is invalid input.
//
// A special approval names who granted it, when and why. Only a platform
// actor may grant one: GrantSpecialApproval refuses anyone else, and
// CheckAgency does not count an approval whose grantor is not a valid
// platform actor, whose reason is empty, or that is dated after today or
// before the founding day (each its own reason).
//
// ONB-7 Merchant one-click opening (CheckMerchant). A merchant whose
// qualification is certified in its merchant back office opens a Star Map
// account in one click without certifying again, if it is not an individual
// business (非个体户) and opens with a Toutiao or Douyin account
// (目前仅支持使用头条和抖音账号开通). Every failing condition is reported.
//
// ONB-5 Opening SLA and ONB-9 applications. An Application moves
// submitted → approved → opened, or submitted → rejected (with written
// reasons; terminal — the applicant applies again with a new application).
// Approval is the confirmation of onboarding (确认入驻): it re-checks
// eligibility against the service's policy on the facts submitted and
// refuses an ineligible application with every reason. The approval fixes
// the opening deadline: Calendar.AddWorkdays(confirmation day,
// Policy.OpeningWorkdays), 3 working days by default on
// starmap.ChinaCalendar (or the calendar given WithCalendar) — the third
// working day after the confirmation day, that day not counted. Opening
// on or before the deadline meets it; the application records whether it
// did. Only the platform reviews, approves, rejects and opens; the applicant
// (creator, MCN, advertiser) submits. Every step is a Change in the
// application's history and an Event returned by the Service.
//
// ONB-8 Leaving (seed 001). CheckClose says what blocks closing a Star Map
// account: every task of the account that is still running, listed through
// the small TaskLister interface that the host implements over package task
// (so this package does not import it). The balance left on the account is
// refunded to the merchant's account
// (关闭以后,如果账户里还有余额,那么会退还到商家的账户中) — exactly, a whole
// number of fen, never negative. Account cancellation (销户) is a short
// state machine, Cancellation (table: CancelTransitions): the holder of the
// account — an advertiser main account, a creator or an MCN, cancelling its
// own account only — reads the conditions and starts it (refused while
// anything blocks closing); a verification code is sent (the host sends it;
// the library keeps only its HMAC-SHA256 under the host's secret code key
// (WithLeaving), at least 16 bytes and never stored — a plain hash of 4 to
// 8 digits is reversed by trying them all — with an expiry and at most
// MaxCodeAttempts wrong tries, after which the request is locked); the right
// code puts it under platform review (等待审核); the platform approves
// (cancelled, the refund is owed) or rejects with a reason. A wrong code is
// the one refused input that changes state: the try is counted and stored,
// so that the lock holds.
//
// The refund is owed once. An account has one cancellation record, keyed
// by the account id, so a store's unique key refuses a second concurrent
// one; Service.StartCancellation answers ErrCancellationOpen while one
// waits for its code or is under review and once the account is
// cancelled, and restarts a rejected or locked one on the same record
// (history kept). Approval re-checks closing: Service.ApproveCancellation
// asks the TaskLister again (a task started since blocks it,
// ErrCloseBlocked) and takes the balance the host reads at approval as
// the refund. The pure steps re-check any ClosePlan they are given — a
// valid account, valid blockers, a refund within the balance bound (below),
// none blocking — since a ClosePlan is a plain value anyone can build.
//
// # Decisions where the seeds are silent
//
//   - Policy2022 carries seed 001's 100k only for Douyin; Xigua, Huoshan and
//     Toutiao answer "no threshold known" under it.
//   - Under Policy2023 the MCN route waives the follower threshold entirely
//     (the seed sets no figure for signed creators); standing still applies.
//   - A policy may not both open the MCN route and require a signing: that
//     is two readings at once, and Validate reports it.
//   - Follower counts are int64; a negative count is invalid input, reported
//     as a reason like any other.
//   - The opening deadline is counted from the day of approval in China
//     Standard Time (starmap.DateOf of the service clock), on
//     starmap.ChinaCalendar unless WithCalendar names another.
//   - A deadline past the calendar's data is flagged, not refused.
//     starmap.ChinaCalendar ships the 2025 and 2026 schedules; approved on
//     2026-12-29, the third working day would be 2027-01-01 (元旦) by the
//     weekend rule alone. Approval still fixes that deadline — refusing
//     would stop onboarding at every year end until a host upgrades — but
//     when the calendar does not cover (Calendar.Covers) the year of the
//     confirmation day or of the deadline, the application records
//     DeadlineUnverified (Application.DeadlineVerified is false) and the
//     approval event's note names the missing year. A host avoids this by
//     loading the next year's official schedule, published by the State
//     Council each November or December, with starmap.ParseCalendar and
//     passing it WithCalendar.
//   - Eligibility is decided when the platform approves, on the facts
//     submitted and the service's policy on that day; Service.Review
//     approves an eligible application or rejects it with one zh-CN reason
//     per unmet requirement. Reviewers may also reject with their own words.
//   - A creator application is submitted by the creator or by the MCN it is
//     signed to; an agency's by that agency; a merchant's by its main
//     account (never a sub-account). A creator actor's id is its platform
//     account id (Applicant.AccountID): a creator applies for its own
//     account only. The library cannot see MCN contracts, so the host
//     verifies signings: Service.Submit asks the SigningVerifier given
//     WithSigningVerifier for every creator application that names an MCN
//     (by the creator or the agency) and refuses it with
//     ErrSigningUnverified unless the signing is confirmed; a host calling
//     the pure Submit must check the signing itself. A special approval in
//     an agency's submission is dropped: only the platform grants one, on
//     the application (Service.GrantSpecialApproval), and it is in the
//     history.
//   - Opening late is allowed and recorded as missed (SLAMissed); an
//     approved application past its deadline is SLAOverdue and listed by
//     Service.Overdue.
//   - A deadline the calendar cannot reach before starmap.MaxDate() (an
//     approval in the last days of 9999) is refused, not recorded a day
//     early; an agency whose anniversary falls after MaxDate never
//     qualifies by age.
//
// # Service
//
// NewService(store, clock, opts...) makes the one Service of the package
// (root package, "The one service shape"). Its options and their
// defaults:
//
//   - WithPolicy(Policy): the rules (ONB-2, ONB-3, ONB-5, ONB-6); default
//     DefaultPolicy (Policy2023). A policy that does not Validate is
//     refused.
//   - WithCalendar(*starmap.Calendar): counts the opening deadline (ONB-5);
//     default starmap.ChinaCalendar.
//   - WithRetry(starmap.Retry): the load → decide → compare-and-swap cycle's
//     attempts and conflict hook; default starmap.DefaultAttempts.
//   - WithSigningVerifier(SigningVerifier): confirms MCN signings (ONB-3).
//     No default: without it every creator application that names an MCN
//     is refused with ErrSigningUnverified (Submit); applications without
//     an MCN need nothing.
//   - WithLeaving(TaskLister, codeKey): required for account cancellation
//     (ONB-8: CheckClose, StartCancellation, GetCancellation,
//     ListCancellations, ResendCode, EnterCode, ApproveCancellation,
//     RejectCancellation). Neither part can have a default — no one can
//     guess the running tasks, and a built-in key is no secret — so
//     without the option those methods answer ErrLeavingNotConfigured,
//     and a nil lister or a key shorter than MinCodeKeyLen is refused at
//     construction.
//
// A nil store or clock is starmap.ErrServiceDependency; a nil or refused
// option is starmap.ErrServiceOption (its index, and the option's own
// error as the cause). A Service not made by NewService — its zero value,
// a nil pointer — answers every method with starmap.ErrServiceNotReady; a
// nil context is starmap.ErrContextMissing and a done one its error,
// before anything is read or written.
//
// Every method takes ctx, then the acting actor, then its operands. Each
// change of one record runs starmap.Change (its clock read once per
// operation) and returns the record and the events to publish; the
// aggregate methods and pure steps take (by, now, operands…). Reads name
// their reader too: an application is read (Get, Eligibility) by the
// platform, the actor that submitted it and the party it is about — the
// creator's account, the MCN a creator application names, the agency,
// the merchant's main account or its sub-accounts; a cancellation
// (GetCancellation) by the platform and the account's holder; anyone else
// is ErrNotParty. Lists (List, Overdue, ListCancellations) are the
// platform's review queues.
//
// # Input bounds (issue 11)
//
// Every balance that enters — PlanClose, CheckClose, a hand-built
// ClosePlan, StartCancellation, ApproveCancellation, a stored
// CancellationRecord — passes starmap.CheckAmount (at most 15 digits
// before the point, whole fen) and is not negative; otherwise it is
// ErrBalanceInvalid with the root's money error as its cause, and nothing
// is stored. Every free-text value passes its starmap.TextField, or is
// starmap.ErrTextInvalid: rejection reasons, special approval reasons and
// cancellation rejection reasons are starmap.TextNote (1,000 characters,
// line breaks allowed), the state of a running task a starmap.TextLine.
// A rejection gives at most MaxRejectReasons reasons. Ids (applications,
// subjects, a named MCN, accounts, tasks) pass starmap.ValidateID. A
// verification code is 4 to 8 ASCII digits valid for at most
// MaxCodeValidity; text that cannot be a code is refused without counting
// a try.
//
// # Names
//
// Every enum (Platform, Standing, Kind, State, Step, SLA, Route,
// MerchantKind, CancelState, CancelStep) has String, a stable ASCII name,
// and Label(lang), its wording in zh-CN (String otherwise), both from one
// table per enum. Platform and Standing, their names and values are
// stable: package star stores them.
//
// # Errors
//
// Every rule has one exported sentinel (ErrFollowersBelow,
// ErrNoThresholdKnown, ErrStandingViolation, …), declared in errors.go,
// with a code prefixed "onboarding."; errors.Is matches the sentinel and
// its kind (starmap.ErrInvalid, ErrForbidden, ErrNotFound, ErrConflict);
// errors.As yields a *starmap.Error with the figures as parameters
// (needed, had, platform, eligible_from …). Decisions carry their reasons
// as a slice; Decision.Err joins them; a refused approval is
// ErrNotEligible joined with every reason. Unmet requirements and reads by
// a stranger (ErrNotParty) are ErrForbidden; malformed input (also
// ErrQueryInvalid, ErrBalanceInvalid, starmap.ErrTextInvalid) and steps
// from the wrong state (ErrApplicationState, ErrCancellationState,
// ErrCloseBlocked) ErrInvalid — a state refusal is not a version
// conflict, so starmap.Change does not retry it; only stale versions and
// existing ids are ErrConflict. Service methods reject invalid actors with
// starmap.ErrActorInvalid and wrong roles with starmap.ErrActorRole, and
// return store errors unchanged. starmap.Rules() lists the catalogue with
// both languages. zh-CN messages carry no English: every parameter with
// words in it is a starmap.LabeledArg, and states, steps, kinds,
// platforms, standings and roles appear by their Chinese labels (Label);
// ids, figures and the literal keys and words of the policy text form are
// shown as they are. Service.Review stores these zh-CN messages as
// rejection reasons.
//
// # Store
//
// Store keeps both record kinds of the package under the root's one store
// contract: GetApplication, CreateApplication, UpdateApplication,
// ListApplications for ApplicationRecord, keyed by ID; GetCancellation,
// CreateCancellation, UpdateCancellation, ListCancellations for
// CancellationRecord, keyed by ID, which is the account id — that unique
// key is what makes a second cancellation of one account (and a second
// refund) impossible, so a store must refuse a second create of an id
// even when the two race. Each record carries the version it was read at;
// Update writes only if the stored version is still that one.
//
// ListApplications orders by SubmittedAt (the instant, whatever its zone),
// then ID in byte order; ApplicationQuery selects by State, Kind, Subject
// and DeadlineBefore (a deadline set and strictly before that day). Its
// keyset cursor is starmap.EncodeCursor of the last record's
// SubmittedAt.Unix() and SubmittedAt.Nanosecond() in decimal and its ID.
// ListCancellations orders by ID; CancellationQuery selects by State; its
// cursor is starmap.EncodeCursor of the last ID. Both page with
// starmap.PageRequest: 0 means DefaultPageLimit, more than MaxPageLimit is
// clamped, a negative limit is starmap.ErrPageLimit and a cursor that is
// not one of these starmap.ErrCursorInvalid. Stores keep instants to the
// nanosecond.
//
// onboardingtest.TestStore checks all of this — kit.CheckVersions on both
// kinds (every field round-trips, the largest amount, starmap.MinDate() and
// MaxDate included) and the package's filters, orders and cursors — and
// reports a broken or panicking store as failing tests;
// memstore.OnboardingStore passes it.
package onboarding
