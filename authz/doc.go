// Package authz encodes data authorization (数据授权) of the e-commerce
// Compass (抖音电商罗盘), SPEC §6, seed 004: a creator (达人) lets a merchant
// (商家, a shop) or an agency (机构, MCN) see their sales data, and every data
// read asks whether it may.
//
// # Rules
//
// AUZ-1 Scopes. A creator authorizes a merchant or an agency (Party) to see
// all of the creator's sales data (AllSales, 全部带货数据) or the data of one
// live session (LiveSession, 单个直播间数据). A merchant is named by its
// advertiser main account id, an agency by its MCN id; a merchant and an
// agency with the same id are different grantees. All-sales data includes
// every live session: a live-session query is allowed by a granted request
// for that session or by an all-sales grant valid on the day — the latter
// for a main account or an agency only (AUZ-9).
//
// AUZ-2 All-sales grants need no online request: the creator grants
// (NewGrant, Service.Grant), choosing the period and the grantee. Each grant
// is one aggregate per creator and grantee (GrantKey) for its whole life;
// the seed's multi-shop selection is one call per shop, and each shop's row
// has its own period, status and renewals, as the seed's lists show.
//
// AUZ-3 Live-session requests (LiveRequest) start as a draft when the
// merchant (main or sub-account) or agency clicks 解锁更多数据, and reach the
// creator only once the requester confirms the dialog (确认): a draft is
// invisible to the creator — Service.PendingLive omits it and the creator's
// operations answer "not found". The draft's event (authz.live.request) is
// for the requester and the audit trail: a host must not notify the
// creator of it; authz.live.confirm is the first creator-facing event.
// The creator grants or declines a pending request and may revoke a
// granted one; the requester may ask again after a decline or a
// revocation. LiveTransitions lists the steps.
//
// AUZ-4 Operations on all-sales grants: grant (授权), revoke (解除授权),
// early renewal (提前续约), renewal (续约), only by the creator whose data it
// is.
//
// AUZ-5 Early renewal (Grant.EarlyRenew) applies only to a grant that is
// authorized on the day of the operation D. The new period starts on D+1,
// fixed by the system; its end is chosen and must be strictly later than
// the current end.
//
// AUZ-6 Renewal (Grant.Renew) applies only to a grant whose validity has
// ended (expired, not revoked). Its start is chosen, today or later; its end
// on or after the start.
//
// AUZ-7 Status (Grant.Status) of a grant on a day: authorized (已授权, a
// period covers the day), expired (已到期, after the last period), revoked
// (已被解除授权, revoked within its validity — and it stays revoked from
// that day on, until the creator grants anew). A day before the grant's
// last change is answered from the grant as it stood on that day, rebuilt
// from its history: revoked on 15 March, it was authorized on 10 March.
//
// AUZ-8 Lists. Service.CreatorGrants lists the creator's grantees with their
// status, Service.PendingLive its pending (confirmed) live-session requests;
// Service.MerchantGrants lists every creator a merchant or agency ever held
// an all-sales grant from, with its status. Grant lists are ordered by end
// date ascending (由近到远), ties by creator, grantee kind, grantee id; pending
// requests by confirmation time, oldest first, ties by key. Lists are paged
// by keyset (see # Lists and paging).
//
// AUZ-9 Accounts. All-sales data is for the merchant's main account only
// (sub-accounts: 目前暂不支持); live-session data for the main account and
// every sub-account of that merchant. The access check and MerchantGrants
// enforce it.
//
// AUZ-10 Access check. Index.Check (Service.Check) answers a Query — may
// this account see this creator's data of this scope on this day? — with a
// Decision: Allowed, or the reason it is not (no grant, revoked, expired,
// not yet valid, sub-account, not a grantee role, malformed query);
// Decision.Err gives the coded error. Query.Day is the day of the read,
// and every grant answers as it stands now: a revoked grant denies every
// day, also the days it once covered, so that a stale or forged day never
// reopens what the creator closed. Query.Session is not checked
// against Query.Creator (the package keeps no catalogue of sessions): the
// host passes the creator the session really belongs to, from its own
// records, or a creator's all-sales grant would answer for another
// creator's session. Scan answers the same by a plain scan of the grants;
// tests hold the two, and a reference model, to the same answers.
//
// AUZ-11 A merchant that wants data for a future period while its grant is
// valid gets it by early renewal up to that date; after expiry, by a renewal
// starting on a future date — until that start the grant is not yet valid
// (StatusNotYetValid, 未生效, DeniedNotYetValid).
//
// # Periods and what the check answers on each day
//
// A grant keeps its periods (Grant.Periods): a timeline of non-overlapping
// periods in order, each a span of whole days, both ends inclusive,
// marked with the operation that created it. It is the history of periods
// the merchant held, which its list shows.
//
//   - Grant on day T for S..E (S ≥ T): period S..E. The grantee is
//     authorized every day from S to E; before S not yet valid; from E+1
//     expired.
//   - Early renewal on day D (S ≤ D ≤ E) to E' > E: the period in force is
//     closed on D, and D+1..E' is added. The check answers authorized on D
//     (old period) and from D+1 to E' (new period): neither a gap nor two
//     periods on one day. On the last valid day (D = E) the old period is
//     kept whole and the new one starts on E+1. Two early renewals on the
//     same day: the second replaces the first's period (its end must exceed
//     the first's).
//   - Renewal on day T > E for S' ≥ T to E' ≥ S': period S'..E' is added.
//     Days E+1..S'-1 are a gap: not yet valid (a later period exists).
//   - Revocation on day R: access ends at once, that day included. The
//     periods are closed on R-1 (periods that had not begun are dropped;
//     on starmap.MinDate(), which has no day before, every period is);
//     the instant is in the history. End (what lists sort on) stays the end
//     the grant had when revoked.
//   - Grant again after a revocation (Grant.Regrant): a new period, appended.
//
// # Decisions where the seed is silent
//
//   - A new grant's start must be today or later and its end on or after its
//     start, as for a renewal (the seed lists no constraint for 授权).
//   - Granting to a pair whose grant is authorized or not yet valid is
//     refused (ErrGrantExists: use early renewal); to an expired one too
//     (ErrGrantExpiredUseRenewal: use renewal). Only a revoked pair, or a
//     new one, is granted.
//   - Early renewal of a grant that is not yet valid is refused: its start
//     D+1 would open days before the start the creator chose. The seed's
//     "未到授权有效期限" is read as "within the validity".
//   - A revoke applies to authorized and not-yet-valid grants; an expired
//     grant has nothing to revoke.
//   - An operation dated before the grant's last change (a clock that went
//     back) is refused (ErrDayBeforeLastChange).
//   - All-sales data is read as a superset of every live session's data
//     (seed QA 1: a live-session grant is how to share "only part" of the
//     data), so an all-sales grant valid on the day also answers
//     live-session queries of the main account or agency.
//   - The creator may also decline a pending live-session request (the
//     seed only says the creator approves, 审批); the requester may ask
//     again after a decline or a revocation.
//   - Live-session grants have no validity period in the seed: they hold
//     from the creator's grant until its revocation, whatever the day.
//   - Status reconstructs the past: a day before the grant's last change
//     is answered by replaying the history up to the end of that day (the
//     last change of a day decides it); before the first change there was
//     no grant (StatusNone). The history is the one source: FromRecord
//     refuses a record whose periods or revocation the history, replayed,
//     does not produce.
//   - A revoked grant is granted anew, not renewed: Renew refuses it with
//     ErrRenewRevoked, whose message says so.
//   - 未生效 (not yet valid) is this package's label; the seed's merchant
//     list names three statuses.
//
// # Lists and paging
//
// 由近到远 ("nearest end first") is implemented as the end date ascending
// over every row the list shows, expired and revoked rows included: an
// expired grant's end is in the past, so it sorts before every grant still
// running. The seed says 按照授权有效期截止时间由近到远排序 for the
// creator's list of shops and agencies holding a grant (已授权) — there it
// means soonest to expire first — and again for the merchant's list of
// all three statuses (已授权, 已到期, 已被解除授权). For that mixed list a
// reading that puts the authorized grants soonest-to-expire first and the
// ended ones after them is defensible (what "near" means for a past end is
// not said), but nothing in the seed demands it, so the one plain order is
// kept; a host wanting the other lists by status (CreatorGrants takes
// statuses) and joins the lists.
//
// Paging is by keyset: a page's Next cursor is an opaque token naming the
// sort key (end, creator, grantee kind, grantee id; for pending requests
// the confirmation instant and key) of its last row, and the next page
// lists the rows after that key as the list stands then. Guaranteed: a
// row whose sort key does not change between two page requests is listed
// exactly once across them, however other rows move, appear or vanish. A
// row whose own key changes is listed at its new place: again if it moved
// past the cursor (an early renewal or renewal pushes a grant's end
// later), not again if it moved before it. A cursor that does not decode
// to a key of the list is refused with starmap.ErrCursorInvalid.
//
// # The index
//
// Index is the read model of the access check: every grant reduced to its
// first and last covered day and a revoked flag (with the list of its
// covered spans beside it when a renewal after expiry left a gap; an early
// renewal's period continues the one before, so most grants are one
// span), every live-session request to its state. Each entry is a slot of
// fixed width holding its whole key packed inline — a header word, then
// the creator, grantee and session ids in whole words — and the one data
// word Check decides from: two short ids take 32 bytes, two ids of up to
// 24 bytes one 64-byte cache line, longer ids wider slots in tables of
// their own. The tables are open-addressing tables at most three quarters
// full, split into shards by a hash of the key keyed at random per index.
// A check packs the query's key into words on the stack, hashes it once,
// probes, and compares the full key word by word (never trusting the hash
// alone): no lock, no allocation, usually one cache line read. A write
// replaces an entry's data word with one atomic store, or writes a new key
// into a free slot first-word-last; a shard past three quarters full is
// rebuilt twice as large and swapped in through an atomic pointer, so a
// concurrent check sees every entry as it was before the write or after
// it. Updates carry the version the store returned for the write
// (PutGrant(g, stored), PutLive(r, stored)) and older ones are ignored, so
// a host may feed the index from several sources in any order. The version is an explicit
// argument because a grant changed by Revoke, EarlyRenew, Renew or Regrant
// still carries the version it was loaded at (the compare-and-swap version
// of its write): fed with that, the index would drop a revocation as "not
// newer" and keep allowing the merchant. Always pass what CreateGrant or
// UpdateGrant returned (or the Version of the record just read).
// IndexBuilder and Install load many records at once.
//
// The aggregates' methods change them in place (a pointer receiver), and
// yet a copy of a Grant or LiveRequest stays as it was: the methods build
// the new periods and history in fresh slices and only then replace the
// receiver's, so no one holding a copy — a reader, a test, a cache — sees a
// change, half made or whole. The index never holds an aggregate: PutGrant
// copies the spans out of the grant it is given.
//
// # Service
//
// NewService(store, clock, opts...) is the one constructor. Options:
//
//   - WithIndex(ix): keep ix current (one loaded by the host, or shared
//     with another Service over the same store) and do not load it.
//     Default: a new Index, loaded from the store by the constructor
//     (LoadIndex with context.Background, paging through ListGrants and
//     ListLive), so the Service answers Check from the store's state as
//     soon as it is returned.
//   - WithRetry(r): how many load → decide → write cycles an operation
//     runs while it meets version conflicts, and a hook told of each.
//     Default: starmap.Retry{} (starmap.DefaultAttempts).
//
// A nil store or clock is starmap.ErrServiceDependency; a nil option, a
// nil index or an Index not made by NewIndex starmap.ErrServiceOption.
// Every method takes ctx first — a nil ctx is starmap.ErrContextMissing, a done one
// its error, and nothing is written — then the acting Actor, then the
// operands. Methods that change a record run starmap.Change and return the
// record as stored (with its new version) and its events; after the write
// the Service brings its index up to date. LoadIndex loads again, under a
// host's deadline or after missed writes. A Service not made by
// NewService answers starmap.ErrServiceNotReady (Check: DeniedNotReady;
// Index: nil), never a panic.
//
// # Several replicas: the change feed
//
// OPS-2 Change feed. With several replicas over one database, each keeps
// its own index, and a Follower keeps it current with the others' writes
// from the event log (OPS-1, starmap.EventLog): for every authz.grant.* and
// authz.live.* event after its Position it loads the record the event's
// Subject names (ParseGrantKey, ParseLiveKey) and puts it into the index
// with its stored version. Position moves only after the events before it
// are applied, so the index never answers from a state older than the
// Position reported: a replica whose Follower reached the Position at
// which another replica's revoke committed denies what it ended. Run is
// woken by a starmap.EventWaiter (memstore.Log; PostgreSQL's
// LISTEN/NOTIFY) and polls as the fallback (WithPoll, DefaultPoll), so a
// lost wake-up delays the feed by one poll at most and misses nothing. A
// restarted replica loads its index (NewService does), then follows from
// the log's end as it was before the load (WithFollowerStart), or keeps its
// index and the Position it stored.
//
// # Text and ids
//
// Every note (the creator's remark on a grant operation or a live-session
// decision) is a starmap.TextNote field: valid UTF-8, no control or bidi
// characters but newline and tab, at most 1,000 characters; anything else
// is starmap.ErrTextInvalid. Creator, session and grantee ids go through
// starmap.ValidateID (no format characters, none of ':', '/', '|'), so
// the keys' text forms — GrantKey.String (creator→kind:id, the Subject of
// a grant's events) and LiveKey.String (creator/session→kind:id) — are one
// to one over valid keys, and ParseGrantKey and ParseLiveKey read them
// back.
//
// # Errors
//
// Every rule has an exported sentinel (ErrEarlyRenewEndNotAfterCurrent,
// ErrRenewNotExpired, ErrRenewRevoked, …) with a stable code under
// "authz." and messages in zh-CN — the seed's wording where it has one,
// such as 截止日期仅支持大于现权限终止日期 — and English. Operations return
// every broken rule at once (errors.Join); starmap.Codes lists them and
// starmap.Find picks one out. Kinds: starmap.ErrInvalid for broken rules
// (nothing changed), starmap.ErrForbidden for actors that may not act
// (ErrNotOwner, starmap.ErrActorRole, ErrSubAccountAllSales,
// ErrLiveNotRequester) and for access denials (Decision.Err),
// starmap.ErrNotFound and starmap.ErrConflict from the store. The package
// also raises ErrKeyInvalid (a key text that does not parse),
// starmap.ErrContextMissing, ErrStorePaging (a store list whose next page does not
// move on) and ErrRecordInvalid (a stored record that breaks the
// invariants), all of kind starmap.ErrInvalid.
//
// # Store contract
//
// Store follows the SDK's one store contract (the root package doc):
// GetGrant, CreateGrant, UpdateGrant and ListGrants, and the same four for
// live-session requests (GetLive, …). GrantRecord and LiveRecord are the
// aggregates' stored forms: periods, revocation and history travel in one
// record, so one write stores a change and its history. Lists page
// with starmap.PageRequest over the key order written in the Store doc
// (creator, grantee kind, grantee id; live: creator, session, grantee kind,
// grantee id), keyset cursors starmap.EncodeCursor(key.String()). The
// package exports no comparison or filter function for stores: the order
// and the filters are that text, which a database store writes as its
// query and memstore.AuthzStore implements in Go. Stores apply no rule and
// share no memory with callers; FromRecord and LiveFromRecord refuse
// records that break the aggregates' invariants. The conformance kit
// authz/authztest checks a host's store — every field of both records
// round-trips, the version contract, the filters, the order and the
// paging; memstore.AuthzStore passes it.
package authz
