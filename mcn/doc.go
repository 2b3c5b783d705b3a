// Package mcn is the MCN workspace of the Star Map marketplace (SPEC §8,
// MCN-1 … MCN-3, seeds 000 and 001): the signing of creators by agencies
// (MCN签约达人), what a signing lets an agency do for its creators and
// earn from their orders (订单接收), and the agency's views of its signed
// creators, the orders it received and its earnings (签约达人管理,
// 项目汇总).
//
// # Rules
//
// MCN-1 Signing. An MCN proposes to sign a creator (Proposal): the
// signing's id (the host's choice, unique within the creator's signings),
// the creator, the creator's platform accounts it covers (Account: an
// onboarding.Platform and the account id — at least one, at most
// MaxAccounts, none twice), a term from Start to End (starmap.Date, both
// days included, X-1), the MCN's share of the creator's pay in basis
// points (0 to 10,000: 2000 is 20 %) and whether it is exclusive.
// Proposal.Validate refuses a share outside 0–10,000
// (ErrShareOutOfRange), a term without both dates (ErrTermMissing), a
// start before today (ErrStartInPast), an end before the start
// (ErrEndBeforeStart) and bad accounts or ids — every problem at once
// (errors.Join). A one-day term (End = Start) is a term.
//
// A signing moves through the states of State, and the table of
// Transitions lists every edge with the roles that may take it:
//
//	proposed ──accept (creator)──▶ active ──end (MCN, creator, platform; reason)──▶ ended
//	    │                              └──expire (the term ran out)───────────────▶ ended
//	    ├──decline (creator)──▶ declined
//	    ├──withdraw (its MCN)─▶ withdrawn
//	    └──lapse (the term ran out unanswered)──▶ lapsed
//
// The MCN proposes; the creator accepts or declines; the proposing MCN
// may withdraw while it is unanswered; either side — the signing's MCN or
// the creator — ends an active signing with a reason (required, free text
// of starmap.TextNote), and so may the platform (operations). Expiry ends
// an active signing whose term is over, and a proposal whose term ran out
// unanswered lapses: both at the first instant after the term (End + 1
// day, 00:00 CST), whenever the sweep runs. Book.Expire is the sweep, a
// pure function of the day of its instant; Service.Expire runs it over
// every book the store says is due (Query.Expiring). Every command also
// records the expiries due by its own instant before it acts, so that no
// rule depends on when the sweep last ran.
//
// A signing is in force at an instant t when it was accepted at or before
// t, t falls on a day of its term, and it had not been ended at t
// (Signing.InForce). Accepted before its start, it is in force from the
// start; accepted after its start (allowed until its end), from the
// acceptance — never before it was accepted.
//
// At most one active signing per creator. The seeds imply it — a creator
// joins by signing with an MCN and becomes an MCN签约达人 (seed 000); the
// MCN coordinates its creators in commercial orders (seed 001) — but no
// platform page states it, so it is a policy switch (Policy), on by
// default. Under it, a creator's second acceptance is refused while
// another signing is active (ErrOneActive), and a proposal whose term
// shares a day with an active signing is refused (ErrTermOverlap): a
// successor is proposed for the days after the current term and accepted
// once the current signing has ended (by expiry or by a party). Proposals
// may overlap one another — the creator chooses by accepting one — unless
// Policy.BlockOverlappingProposals, under which the first proposal holds
// its days. Policy.ManyActive lifts the rule for hosts whose creators
// work with several agencies: then only exclusive signings are kept apart
// from every other (an exclusive signing never shares a day with another
// active one, and an exclusive proposal never overlaps an active signing).
//
// Limits. A book is bounded, whoever proposes, so that every command's
// copy of it and every MayActFor and TermsAt over it stay small: at most
// MaxOpenProposals (16) open proposals to a creator from all MCNs, at
// most MaxOpenProposalsPerMCN (2: a term and its successor, or two
// alternatives) from one MCN, and at most MaxSignings (64) signings kept.
// A proposal past a limit is refused with ErrLimitReached
// (mcn.signing.limit_reached, naming the limit in either language); the
// creator frees a place by declining, the MCN by withdrawing, and an
// unanswered proposal lapses with its term. A proposal that would pass
// MaxSignings first prunes the oldest closed signings that were never
// accepted (declined, withdrawn, lapsed) with their history — they were
// never in force, so no answer about the past depends on them, and their
// ids may be proposed again — and is refused only when accepted signings
// (active or ended, kept for the terms of the orders placed under them)
// and open proposals fill the book. With the book at every limit,
// MayActFor takes under a microsecond and Service.MayActFor, which loads
// and rebuilds the book, about 60 µs (BenchmarkMayActForAtCap,
// BenchmarkServiceMayActForAtCap).
//
// Every change is a Change in the book's history (who, what, which
// signing, when, the states before and after, the reason) and an event
// whose Type is "mcn.signing_" and the action (mcn.signing_proposed,
// _accepted, _declined, _withdrawn, _ended, _expired, _lapsed) and whose
// Subject is the signing's Key (creator/signing). Expiries and lapses that
// a command records before it acts name the platform actor TermClock().
//
// MCN-2 On behalf. While a signing is in force the MCN receives orders
// and acts for the creator (订单接收, X-7). MayActFor is the pure check a
// host, or package task, makes before an MCN claims or accepts a task for
// a creator: nil while a signing of the MCN with the creator is in force,
// otherwise ErrNotSigned, ErrSigningNotStarted, ErrSigningExpired or
// ErrSigningNotActive, each of kind starmap.ErrForbidden.
// Service.MayActFor asks it at the clock's now over the stored book.
//
// InForce (and Book.TermsAt, Service.TermsAt) returns the Terms — MCN,
// signing, share in basis points, exclusivity — in force for a creator at
// an instant. It is a pure lookup: a signing keeps answering for the
// instants it was in force after it has ended, so the terms of an order
// are the same whenever they are asked. Terms.ShareOf computes the MCN's
// part of a pay (RoundFen of pay × ShareBP / 10,000, half away from zero;
// the creator's part is the rest, so the two add up to the pay, X-4).
//
// The Service is the SDK's implementation of the two host callbacks that
// name signings: onboarding.SigningVerifier (Signed: a signing of the
// agency covering the platform account is in force now — the ONB-3 route)
// and task.SigningLookup (SignedMCN: the MCN of the signing in force now,
// "" for an independent creator).
//
// Running tasks when a signing ends. A task keeps the terms in force when
// it was ordered (for an open task: when it was claimed): its MCN and the
// MCN's share stay with it to its end — settlement, refund or
// cancellation — even when the signing ends, expires or a new one begins
// before the task is done. Orders placed after the end go to the creator
// alone. What ends at once is the MCN's authority: from the end on,
// MayActFor refuses, so the creator carries on the running tasks in
// person, and the money still follows the terms of the ordering. The
// contract under which an order was placed decides its money; the signing
// in force decides who may act. TestEndingWhileTasksRun_MCN2_TSK5 shows
// both at the level of TermsAt.
//
// MCN-3 Views. SignedCreators pages the creators with an active signing
// of an MCN (by creator id), each with those signings and, when the
// Service has a TaskSource, the first OpenTasksShown open tasks received
// through the MCN (one TaskSource call per creator of the page). Orders pages the tasks kept with the MCN at ordering —
// those of creators whose signing has ended too — from the host's
// TaskSource, and checks that every task returned is the MCN's
// (ErrSourceInvalid otherwise), so that a source's mistake never shows one
// MCN another's orders. Earnings is the MCN's Statement for a Period
// (MonthPeriod for a calendar month), from the host's Ledger: the opening
// balance, every Entry of the period in order, the totals by EntryKind
// (every kind, zeros included), by creator, credits and debits, and the
// closing balance. It reconciles exactly, to the fen: closing =
// opening + the entries = opening + the totals by kind = opening + the
// totals by creator; BuildStatement refuses an entry of another party,
// outside the period, of the wrong sign for its kind, below the fen or out
// of bounds (starmap.CheckAmount), or listed twice, and Reconcile checks a
// statement's arithmetic. The settlement issue (STL-2) found no period
// statement to adopt, so this is this package's own shape, for the
// settlement statements to adopt. The views belong to the MCN itself and
// to the platform (ErrWorkspaceForbidden for anyone else). A host running
// package task feeds them from its own tasks: WithTaskSource(
// task.MCNTasks(store)) and WithLedger(task.MCNLedger(store)) — the tasks
// kept with the MCN at ordering, newest first, and the MCN share postings
// of those tasks (TestMCNViewsFromTasks_MCN3 in package task).
//
// # Why one book per creator
//
// "At most one active signing per creator" is a rule across signings, and
// a rule across records needs something a store does atomically. The
// signings of one creator are therefore one aggregate, the Book, stored as
// one record keyed by the creator's id: every command loads the book,
// decides on all of it with the pure rules, and writes it back with one
// compare-and-swap on its version (starmap.Change, X-8). Two acceptances
// racing on one creator read the same version; one write wins; the other
// meets a version conflict, decides again on what the winner wrote, and is
// refused. No uniqueness index, lock or transaction beyond the version
// check is needed, so any store that keeps the root's version contract —
// the one mcntest checks, on every backend — enforces the rule, also
// across replicas. The alternative, a store method with a per-creator
// uniqueness guarantee, would put a rule in the store and need a kit check
// of its own for every backend. The cost is that a creator's signings and
// history are read and written together; a creator has few signings in a
// lifetime, so the record stays small.
//
// The MCN side is a query over books (Store.List with Query): the books
// holding a signing of an MCN, in a state, covering an account, or due for
// the sweep. A SQL store keeps these as columns or an index derived from
// the record it writes (Query.Matches defines them once).
//
// # Service
//
// NewService(store, clock, opts...) is the one constructor: a nil store
// or clock is starmap.ErrServiceDependency, a nil option (or a nil
// interface given to one) starmap.ErrServiceOption. The options, with
// their defaults:
//
//   - WithRetry(starmap.Retry): load → decide → compare-and-swap cycles
//     tried on version conflicts (default starmap.Retry{}:
//     starmap.DefaultAttempts tries, no hook);
//   - WithPolicy(Policy): the signing policy (default DefaultPolicy, the
//     zero Policy: one active signing per creator, proposals free to
//     overlap);
//   - WithAccountCheck(AccountChecker): Propose confirms every account
//     with the host (default none: the host vouches for the accounts it
//     passes — without a check an MCN could name someone else's account
//     and use it on the ONB-3 route);
//   - WithTaskSource(TaskSource): the host's tasks, for Orders and the
//     open tasks of SignedCreators (default none: Orders answers
//     ErrNotConfigured);
//   - WithLedger(Ledger): the host's ledger, for Earnings (default none:
//     ErrNotConfigured).
//
// Methods take ctx first, then the acting starmap.Actor, then the
// operands; they read the clock once and return the signing and the
// events to publish. A done context is answered with its own error before
// anything is read or written; a nil context is starmap.ErrContextMissing; a zero
// or nil Service answers starmap.ErrServiceNotReady. The host callbacks
// (Signed, SignedMCN, TermsAt, MayActFor) take no actor: their signatures
// are the callers'. What each actor sees: a creator acts on and reads its
// own book only (ErrNotParty, ErrBookForbidden); an MCN sees only its own
// signings — another MCN's signing answers ErrUnknown exactly like a key
// that does not exist, so offers to a creator stay private.
//
// A host checker, source or ledger that cannot answer is not a refusal:
// its error is returned wrapped (errors.Is finds it), with no rule code,
// and nothing is stored.
//
// # Dependencies
//
// This package imports onboarding for its Platform type (ONB-1) only. It
// never imports task: the views take tasks and postings through their own
// small interfaces (TaskSource, Ledger), and the Service meets
// task.SigningLookup by its method set, asserted in a test file. So task
// may import mcn — for Terms, when it keeps the signing's terms with a task
// — without a cycle.
//
// # Decisions where the seeds are silent
//
//   - One active signing per creator is a default, not a law (above).
//   - Proposals may overlap one another by default (anti-squatting: one
//     agency's unanswered offer must not keep others away); a host that
//     wants first-come proposals sets Policy.BlockOverlappingProposals.
//   - A proposal may be accepted until its end; the signing is never in
//     force before its acceptance, so no order placed earlier is given to
//     the MCN after the fact.
//   - Ending takes effect at once, with a reason; the platform may end a
//     signing too (an agency losing its qualification, ONB-6). There is no
//     notice period: a host that has one ends the signing when it runs out.
//   - Expired signings close at End + 1 day, 00:00 CST, whenever the sweep
//     runs; unanswered proposals lapse then (StateLapsed, 已失效).
//   - Exclusivity is kept with the signing and given in Terms. Under the
//     default policy every signing is de facto exclusive; under
//     Policy.ManyActive it is what keeps a signing apart from all others.
//     Under Policy.ManyActive several signings may be in force at once;
//     InForce then answers with the one accepted first (then the smallest
//     id), and Signed answers for the agency asked about.
//   - The accounts a signing covers are as the host gives them; with
//     WithAccountCheck the host confirms them. One account in two
//     creators' books cannot be refused atomically (they are two records);
//     the account check is the guard.
//   - Limits (MaxOpenProposals, MaxOpenProposalsPerMCN, MaxSignings) are
//     refusals, not evictions: no open proposal or accepted signing is
//     ever dropped to make room; only closed signings that were never
//     accepted are pruned, oldest first, when the book is full.
//   - The MCN's earnings are signed entries of its own account: shares
//     (task.PostingMCNShare) enter, reversals and withdrawals leave,
//     adjustments go either way.
//
// # Errors
//
// Every rule has an exported *starmap.Rule sentinel in errors.go;
// errors.Is matches a raised error against it and its kind, errors.As
// yields the code and the parameters, starmap.Codes lists the codes
// inside a joined refusal and starmap.Find picks one out. Messages are in
// zh-CN and English; a zh-CN message carries no English beyond the ids it
// names and the term MCN. Codes: mcn.signing.share_out_of_range,
// term_missing, start_in_past, end_before_start, accounts_missing,
// accounts_too_many, account_invalid, account_unverified,
// creator_mismatch, id_taken, term_overlap, one_active, limit_reached,
// reason_required,
// unknown, not_party, not_proposed, not_active; mcn.book.forbidden;
// mcn.on_behalf.not_signed, not_active, expired, not_started;
// mcn.statement.period_invalid, entry_invalid; mcn.source.invalid;
// mcn.workspace.forbidden; mcn.service.not_configured;
// mcn.list.filter_invalid; mcn.key.invalid;
// mcn.record.invalid. Free text is refused with the root's
// starmap.ErrTextInvalid, ids with starmap.ErrIDInvalid, actors with
// starmap.ErrActorInvalid and starmap.ErrActorRole, amounts with the
// root's money rules. State errors (accepting twice, ending a proposal,
// one active) are of kind starmap.ErrInvalid, so that no service retries
// them as version conflicts; ErrIDTaken is a starmap.ErrConflict.
//
// # Store contract
//
// Store keeps Records — one creator's Book each, keyed by the creator's id
// — under the root's one store contract (X-8, written once in the starmap
// package doc): Get, Create (version 1, whatever Record.Version says;
// ErrConflict if the creator has a book), Update (only at the version
// read; ErrConflict if it moved on, ErrNotFound if missing) and List. What
// is particular to this package is List's Query: the filters
// Query.Matches defines, the order by creator id (bytewise) and the
// keyset cursor CursorAfter writes and ReadCursor reads, the same in every
// store. A record carries its whole history, so one write stores a change
// and its record together. Instants must round-trip at least to the
// microsecond. Stores never apply rules and share no memory with their
// callers. The kit mcn/mcntest checks all of this against a host's store
// — and that one active signing per creator holds under concurrent
// Service calls over it; memstore.MCNStore passes it, and its zero value
// is an empty store.
package mcn
