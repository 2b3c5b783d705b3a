// Package starmap is the shared vocabulary of the starmap SDK: an embeddable
// Go library that encodes the business rules of a creator-marketing
// marketplace of the 巨量星图 (Xingtu, "Star Map") kind. Advertisers order
// short videos and live streams from creators (达人); creators may be signed
// to agencies (MCN); the platform runs onboarding, the order workflow with
// script and video review, mini-program components mounted on orders,
// creator cards, a creator marketplace, and the data authorizations that let
// merchants see a creator's sales data.
//
// The SDK encodes the rules themselves, not HTTP calls: pure functions over
// values decide, small store interfaces that the host implements persist,
// and services tie the two together with a clock.
//
// # Packages
//
//	starmap      this package: Date, Clock, Calendar, errors, Actor, money, text and ids,
//	             Event, paging, the load → decide → compare-and-swap cycle
//	onboarding   ONB-*: who may join, by which route, how fast the account opens; leaving
//	star         STR-*: creators, agencies, advertisers; the marketplace search, its index; compare
//	task         TSK-*, STL-*: the order, its state machine, its money, settlement and results
//	campaign     CAM-1: campaigns (项目) with budgets, pilots and reservations
//	dashboard    CAM-2: dashboards over tasks, results and postings
//	mcn          MCN-*: signings, acting on a creator's behalf, the MCN's views
//	compliance   CPL-*: the ad-copy checker, disclosure, required points, review checklists
//	component    CMP-*: mini-program components, their review, mounting on orders
//	card         CRD-*: the creator card and its privacy rules
//	authz        AUZ-*: data authorizations and the access check
//	memstore     in-memory reference stores for every package (the embedded default)
//	<pkg>/<pkg>test  conformance kits that host stores run in their own tests
//	internal/kit what every kit checks the same way (CheckVersions, UnsetFields)
//	examples/    runnable host programs
//	pgstore/     separate module: the PostgreSQL stores (pgx), migrations, transactions
//
// Dependencies point one way: this package ← domain packages ← memstore,
// kits, examples. Package component imports task, not the other way round:
// task owns the MountChecker interface that component implements, so the
// import points from the implementer to the interface's owner.
//
// Rule ids (AUZ-5, TSK-3, X-1 …) refer to the project's SPEC; every package
// doc states its rules with their ids, and test names carry them.
//
// # Conventions every package follows
//
// X-1 Civil dates. Validity periods, renewals and SLAs are counted in Date
// values — calendar days of China Standard Time (UTC+8, no DST). An instant
// becomes a Date only through DateOf. End dates are inclusive: a grant valid
// until 2026-03-31 is valid for the whole of that day.
//
// X-2 Clock. No rule reads the wall clock. Pure rule functions take today
// (a Date) or now (a time.Time) as an argument; only Service types hold a
// Clock, and they read it once per operation.
//
// X-3 Working days. Calendar counts working days: weekends off, public
// holidays off, make-up working days (调休) on. ChinaCalendar embeds the
// official 2025–2026 schedule; ParseCalendar loads a host's data.
// "Within n working days of d" ends on Calendar.AddWorkdays(d, n): the n-th
// working day after d, d itself not counted.
//
// X-4 Money. Amounts are decimal.Decimal in CNY, never float64; they are
// rounded to the fen with RoundFen (half away from zero) at documented
// points, and every movement is conserved to the fen.
//
// X-5 Errors. Each rule has one exported *Rule sentinel with a stable dotted
// Code and messages in zh-CN and English. Errors raised for it (*Error)
// match the sentinel and its kind with errors.Is — ErrInvalid, ErrForbidden,
// ErrNotFound, ErrConflict — and errors.As yields the code and parameters.
// Eligibility checks report every unmet requirement (errors.Join, or a
// result type listing them); Codes lists the codes inside any error. Bad
// input gets an error and changes nothing; nothing panics on input.
//
// X-6 Events and history. Every state change yields an Event (what, to
// what, who, when, before and after). Aggregates keep their history inside
// themselves, so that one write stores a change and its record together;
// services return the events of each operation for the host to publish.
//
// X-7 Actors. Every command names its Actor: an advertiser's main account or
// sub-account, a creator, an MCN, or the platform. RequireRole rejects the
// actors a rule does not allow with ErrActorRole (a Forbidden kind).
//
// X-8 Storage. Rules are pure functions over values; persistence is behind
// small store interfaces declared in each package. Every aggregate carries a
// version, and writes are compare-and-swap on it (optimistic concurrency),
// so that many host replicas can share one database.
//
// # The one store contract
//
// Every aggregate kind of every package has the same four operations, named
// Get, Create, Update and List — prefixed with the kind where a package has
// several (GetGrant, GetLive; GetApplication, GetCancellation):
//
//   - Get(ctx, key) (Record, error) returns the record with its stored
//     version, or an error matching ErrNotFound (ErrRecordNotFound);
//   - Create(ctx, Record) (uint64, error) stores version 1 whatever version
//     it is given, and fails with an error matching ErrConflict
//     (ErrAlreadyExists) if the key exists;
//   - Update(ctx, Record) (uint64, error) writes only if the stored version
//     is still the record's Version (the one it was read at), stores
//     version+1 and returns it; ErrConflict (ErrVersionConflict) if the
//     version moved on, ErrNotFound if the record is missing; either way
//     nothing is written;
//   - List(ctx, Query) (Page[Record], error) pages with PageRequest, the
//     one paging rule (0 means DefaultPageLimit, clamped to MaxPageLimit, a
//     negative limit is ErrPageLimit) and keyset cursors made by
//     EncodeCursor over a total order each package documents.
//
// Stores never apply rules, share no memory with their callers, and keep an
// aggregate's history inside its record, so that one write stores a change
// and its record together. The conformance kit of each package
// (<pkg>test.TestStore) checks a host's store against this contract, and
// memstore passes every kit.
//
// A store may also keep a cache of the records it last saw committed and
// offer it through an optional method a package documents (task: Recent),
// which its Service hands to Change as Access.Recent. Change then decides
// its first try on the cached record and writes it with the same
// compare-and-swap, saving a load. The cache may be stale — another replica
// wrote since — and that is sound: a stale version fails the
// compare-and-swap and the cycle runs again on a fresh Get; and a refusal
// decided on a cached record is never reported, Change loads the record and
// decides again, so every refusal is decided on the record as stored. Such
// a cache holds only committed (key, version) pairs — never a record read
// or written inside a host's transaction, which may roll back and let a
// later write reuse that version with other content — and hands out copies.
//
// # The one service shape
//
// Every package has one constructor, NewService(store, clock, opts...)
// (*Service, error): policies, indexes, calendars and host lookups are
// options with documented defaults, and every package has WithRetry. A nil
// store or clock is ErrServiceDependency and a nil option ErrServiceOption,
// from the constructor; a Service not made by NewService (its zero value)
// answers ErrServiceNotReady, never a panic. Methods take ctx first and the
// acting Actor explicitly, then the operands; pure rule functions and
// aggregate methods take (by Actor, now time.Time, operands…) in that
// order. An aggregate's step mutates its pointer receiver and returns the
// event it recorded (starmap.Event, or []starmap.Event for a step that may
// record several, such as a sweep) and an error; a refused step leaves the
// aggregate as it was. Each change runs Change — load, decide with the pure rules,
// compare-and-swap with the version read, the whole cycle retried on a
// version conflict as Retry says — and returns what the host must persist
// or publish with it (events; money postings where money moves).
//
// # The event log
//
// OPS-1 Event log. The events a Service returns are exactly the events
// stored with the record they describe. The decision Change runs returns
// the record and its events together, and Change hands the events to the
// store's Create or Update on its context (WithPendingEvents): a store that
// keeps the log (memstore, the PostgreSQL stores) appends PendingEvents in
// the same write — the same transaction — as the record, all or nothing.
// So a refused command logs nothing, a try that lost a version conflict
// logs nothing (only the try that committed does), and every committed
// change of a record logs at least one event. A write made without Change
// (campaign.Service.Create) passes its events the same way. Readers follow
// the log through EventLog.ReadEvents from a Position they keep; the
// memstore and PostgreSQL doc say how each numbers its writes so that a
// reader never skips an event that commits late. The kit
// eventlogtest checks a store's log against this contract through real
// Services.
//
// # Names
//
// Enums are typed (type State uint8) with String (a stable ASCII name) and
// Label(lang) (the wording users see, from one bilingual table per enum).
// Every package declares its rule sentinels in its errors.go. Find picks
// the error of one rule out of a refusal that reports several.
package starmap
