// Package star is the roster and the creator marketplace (达人广场) of the
// starmap SDK (SPEC §2, STR-1 … STR-4, from seeds 000, 001 and 003): the
// creators, their agencies and the advertisers, the search an advertiser
// runs to find a creator — fast at a million creators — and the side-by-
// side comparison of a shortlist.
//
// # The roster (STR-1, STR-2)
//
// A Creator is one Star Map account holder on one platform, with that
// platform's Account (platform, account id, nickname, avatar, location,
// followers, standing — onboarding's Platform and Standing types). Seed
// 000 has a creator join the Star Map of the platform it opened its account
// on (哪个平台开,就走哪个平台的星图), so a person on two platforms' Star Maps
// is two creators, each with its own quotes, audience and results. Besides
// the account a creator has a Star Map account Status (open, pending,
// closed), up to MaxCategories category tags (the platform's taxonomy, as
// the host writes it), a Quote per Offer (short video of 1–20 s, 21–60 s,
// over 60 s, and live), a 30-day engagement rate, an Audience profile, the
// MCN agency it is signed to ("" when independent), a heat (the platform's
// ranking figure) and PastResults.
//
// Units. Money is decimal.Decimal in CNY: every price and amount passes
// starmap.CheckAmount (at most 15 digits before the point, whole fen) and
// must not be negative; quotes must be above 0. Rates and shares are whole
// basis points (1 bp = 0.01 %, FullShare = 10,000 = 100 %): the engagement
// rate (350 = 3.50 %), each audience share, the first-pass rate and the
// match score. An audience dimension (gender, age band, region) is either
// unknown (empty) or lists distinct values whose shares add up to exactly
// 10,000; RegionOther takes the audience of unknown and foreign places.
// Regions are China's 34 provincial-level divisions and RegionOther.
//
// CreatorRecord is the plain data a host writes and a store keeps;
// NewCreator validates every field and reports every problem at once
// (errors.Join of coded errors), and is also how a store rebuilds a
// creator it read. A Creator is immutable — safe to share between
// goroutines, stores and the index — and its accessors return copies.
// AgencyRecord/NewAgency (founding date, business licence, signed
// creators; Agency.Applicant hands one to onboarding.CheckAgency) and
// AdvertiserRecord/NewAdvertiser (individual business or company, the day
// its qualification was certified) follow the same pattern.
//
// Past results (seed 003: 历史合作表现, 审核通过率) are folded from tasks
// by FoldPast, a pure function the host calls with a creator's
// task.Task values and stores in the record: completed orders are settled
// tasks, with their GMV and cost (ROI = GMV / cost over the same tasks,
// rounded half away from zero to 2 places, undefined when nothing was
// spent); a reviewed task met at least one script or video review; a
// first-pass task was reviewed and never rejected. The first-pass rate is
// rounded down (a creator never passes a threshold it does not reach) and
// undefined when nothing was reviewed.
//
// # Who is listed (ONB-4)
//
// The marketplace lists by default only creators whose Star Map account
// is open and whose platform account is in normal standing: an account in
// violation (违规) or rate-limited (限流中) cannot join (ONB-4), so it is
// not offered either (Creator.Listed). A host lists others by setting
// Query.Include — IncludeNotOpen (pending and closed accounts),
// IncludeRestricted (violation, rate-limited) or IncludeAll — which the
// Service allows to platform actors only (ErrIncludeForbidden). An
// unlisted creator is seen (GetCreator, Compare) only by the platform,
// itself and the MCN it is signed to (ErrNotListed).
//
// # The search (STR-3)
//
// A Query holds the filters of seed 003's 达人筛选 — platform (any of),
// followers range, engagement range, the price range of one offer, the
// account's region (any of), categories (any of), audience thresholds (the
// share of a gender, of an age band, of a region, each at least some basis
// points), MCN-signed, independent or signed to a given agency, completed
// orders at least, first-pass rate at least, and a keyword — and a Sort.
// Every filter set must hold; an empty set or a zero value filters
// nothing. Ranges are inclusive and a Max of 0 means no upper bound. A
// price range lists only creators that quote its offer. A creator whose
// profile does not know a dimension fails a threshold on it, and one never
// reviewed fails a first-pass threshold. The keyword is a substring of the
// nickname or of the account id after folding — full-width ASCII as ASCII,
// the ideographic space as a space, letters as lower case — so 美妆 finds
// 小美妆日记 and ＭＥＩ finds mei; leading and trailing spaces are dropped.
//
// Sorts: heat, engagement, followers, the price of one offer (listing only
// creators that quote it) or the match score, each descending by default or
// ascending. Ties are broken by creator id in the same direction, so the
// order is total and a descending list is exactly the reverse of the
// ascending one. Query.SortValue is the value a creator is ordered by.
//
// A bad query is refused with every problem at once: ErrQueryRange (a
// minimum above its maximum), ErrQuerySort (an unknown sort key, a price
// sort without an offer, a match sort without a target), ErrQueryShare (a
// threshold outside 1 … 10,000), ErrQueryKeyword (blank, too long, control
// characters) and ErrQueryInvalid for the rest — each problem once, at
// most 20 of them and then a count of the others, so that a hostile query
// cannot make its error large; a list of platforms, regions or target
// values holds at most MaxQueryValues (100) entries, categories at most
// MaxQueryCategories (50). Pages hold 1 to
// MaxSearchLimit (100) creators: 0 means DefaultSearchLimit (20), more is
// clamped, a negative limit is starmap.ErrPageLimit. Query.String and
// ParseQuery give a query a text form for URLs (an empty pair,
// as in "a=1&&b=2", is skipped); Query.Normalized is the
// form the SDK reads (sets sorted without repeats, what the sort ignores
// cleared).
//
// # Match score
//
// The match score measures a creator against the advertiser's Target — a
// set of genders, age bands, regions and categories — in basis points, 0 …
// 10,000, in integer arithmetic:
//
//	audience part = (Σ over each audience dimension the target names of the
//	                 creator's shares of the named values) / (number of
//	                 dimensions named)                          [rounded down]
//	category part = 10,000 × |creator's categories ∩ target's| / |target's|
//	                                                            [rounded down]
//	score         = the mean of the parts the target has        [rounded down]
//
// An audience dimension the creator's profile does not know adds 0 (no
// credit for what is not known); a target without categories scores the
// audience part alone, one without audience the category part alone.
// Example: a creator 70 % female with 美妆 and 护肤, against a target of
// women and {美妆, 母婴}: audience 7,000, categories 5,000, score 6,000.
// MatchScore computes it for one creator; the comparison shows both parts.
//
// # Cursors
//
// Service.Search pages with an opaque cursor bound to its query. It holds
// the query's fingerprint (a hash of its normalized text form without the
// page), the instant it was issued, the keyset position of the page's last
// creator (its sort value and id) and a MAC (HMAC-SHA256, keyed by
// WithCursorSecret or the package's constant). A cursor used with another
// query is ErrCursorOtherQuery (the same query written differently, or with
// another page size, keeps it); one whose content was changed is
// ErrCursorTampered; one older than the cursor lifetime — or issued more
// than that ahead of the service's clock — or of an older format is
// ErrCursorStale; anything else is ErrCursorMalformed. The cursor's own
// text never appears in an error.
//
// What a page sees when the roster changes between pages: each page is
// computed on the roster as it is when it is asked for, from strictly after
// the position of the last creator shown — that creator's sort value as it
// was then, and its id. So a creator whose sort value moves from below the
// position to above it after it was shown is shown again; one that moves
// from above to below before it was shown is never shown; a creator that
// stops matching (closed, filtered out) is not shown, and a new one below
// the position is. No page shows a creator twice, and a roster that does
// not change pages exactly once through every match.
//
// # The index
//
// Index is the in-memory search index: columns of every creator in leaves
// of 64 rows, and eight sorted orders (id, heat, engagement, followers and
// the price of each offer) kept as shallow B+-trees whose entries carry a
// 32-bit signature of the row (platform, listing, signing, a bit of the
// region, bits of the categories). Readers load the current immutable
// snapshot with one atomic load and take no lock. A search with a column
// sort walks that order — from the cursor, within the range its filters
// allow on the sorted column, testing each entry's signature and then its
// row — until the page is full; when the walk has tested more rows than a
// sequential pass costs (a filter selective against the sort), and for
// the match score, it sweeps the columns in storage order with a bounded
// heap, skipping a row whose score cannot beat the page's last without
// reading the creator. Either way it answers exactly what Scan answers.
// Put replaces one creator by copying its leaf and, in each order where its
// entry moved, a block, a group and the top list — kilobytes, never the
// index — and swapping the snapshot; the next search sees it. Put applies a
// creator only over an older version, so a host can feed one index from
// its own writes and from other replicas' change feed in any order.
// BuildIndex loads a roster in one pass.
//
// Benchmarks, on 1,000,000 synthetic creators (seed 20260601: most on
// Douyin, followers log-uniform from 10³ to 5·10⁷, prices growing with
// followers, 30 categories, 5,000 agencies signing 60 %, audience profiles
// for 80 %, 5 % unlisted), pages of 100, on a 2-core virtual machine
// shared with other work. cpu is the process's CPU time per search, which
// the sharing disturbs less than the wall time; both are per operation.
// The scan is Scan: a full pass over the roster's Creator values with a
// bounded heap.
//
//	go test -run '^$' -bench 'Search$|SearchScan$' -benchtime 20x -benchmem ./star
//	go test -run '^$' -bench 'IndexBuild|Update|SearchParallel' -benchmem ./star
//
//	shape (filters; sort)                        match   index wall / cpu    scan wall / cpu    scan/index (cpu)
//	broad: Douyin, ≥10k followers; heat ↓        45 %     48 µs /  47 µs     148 ms / 61 ms      1,285×
//	typical: 美妆|护肤, 6 regions; followers ↓    2.1 %   631 µs / 451 µs     119 ms / 71 ms        158×
//	live ¥1,000–20,000, eng ≥ 3 %; price ↑       16 %     14 µs /  14 µs      94 ms / 55 ms      4,030×
//	Douyin, female ≥ 60 %; engagement ↓          18 %     32 µs /  35 µs     116 ms / 59 ms      1,664×
//	one agency (≈100), ≥5k followers; heat ↓     0.01 %   12 ms /  12 ms      84 ms / 48 ms        3.9×
//	keyword 美妆; heat ↓                          4.8 %   1.6 ms / 1.4 ms     130 ms / 88 ms         65×
//	Douyin; match (women 18–30, 美妆|护肤) ↓      57 %     64 ms /  36 ms     221 ms / 101 ms       2.8×
//	broad, the page after the first 5,000        45 %    141 µs /  97 µs      98 ms / 59 ms        614×
//
// Every search allocates the page and the compiled query: 3 to 10
// allocations, 2.5 to 7 KB. BuildIndex of the million takes 2.8 s of CPU
// (5.2 s of wall time on the shared machine; generating the synthetic
// roster itself takes about 10 s), and the index holds 349 bytes per
// creator besides the creators themselves (the heap's growth across
// BuildIndex). One creator's update at a million: 68 µs of CPU and 19 KB
// copied for a change of heat, 83 µs and 22 KB for a change of every
// field. Readers on both cores running the typical search while a writer
// updates as fast as it can: 273 µs a search, 2,265 writes a second.
// The searches that fall back to a sweep — a filter selective against the
// sort, the match score — gain least (3 to 4 times): they read every row,
// only from columns packed tighter than the creators.
//
// An ordinary go test never builds the roster: only these benchmarks do.
//
// # Compare (STR-4)
//
// Compare lays a shortlist of 2 to 10 creators side by side for one offer
// and target, as seed 003's 多维度对比表: the audience profile and its
// match with the target (达人画像), completed orders, GMV and ROI (历史合作
// 效果), the category match (风格匹配度), the price of the offer (报价), the
// open tasks (时间安排) and the content quality (过往内容质量) — which the
// SDK does not hold and asks of the host's FactSource — and the first-pass
// rate (审核通过率). Every cell is a Cell with Known; a cell whose data is
// missing (no profile, no quote, never reviewed, nothing spent, no fact
// from the host, no target categories) is unknown, never a zero, and
// Column.Unknown lists the dimensions without any known cell.
//
// # Store
//
// Store keeps creators, agencies and advertisers under the root's one store
// contract (Get, Create, Update, List, prefixed with the kind) and answers
// Search(SearchRequest): the creators the query matches, in its order,
// strictly after the request's Position, at most its Limit — exactly what
// Scan answers over the same creators. A host may answer it from its own
// database, e.g. for a descending heat sort
//
//	WHERE <filters> AND (heat, id) < ($key, $id) ORDER BY heat DESC, id DESC LIMIT $limit
//
// or from a search engine; memstore.StarStore answers it from an Index,
// which is its only copy of the creators. startest.TestStore checks any
// Store: the version contract on every record kind, Search against Scan on
// random rosters and queries page by page with creators changed between
// pages, the lists and their cursors.
//
// # Service
//
// NewService(store, clock, opts...) takes these options:
//
//   - WithRetry(starmap.Retry): how often a change is retried on a version
//     conflict (default starmap.DefaultAttempts);
//   - WithFacts(FactSource): the host's schedule and content-quality facts
//     for comparisons (default none: those cells are unknown);
//   - WithCursorLifetime(d): how long a search cursor holds (default
//     DefaultCursorLifetime, one hour);
//   - WithCursorSecret(b): the key of the cursors' MAC, at least 16 bytes,
//     the same on every replica (default the package's constant).
//
// Search and Compare serve any valid actor (with the listing rules above);
// PutCreator, PutAgency and PutAdvertiser are the platform's (its sync of
// accounts, measurements, results and certifications); SetQuotes is the
// creator's, its MCN's or the platform's. PutCreator refuses an MCN the
// store does not hold (ErrAgencyUnknown). Each change runs starmap.Change
// and returns its event: star.creator.created, star.creator.updated and
// star.creator.quotes_set (From and To "listed" or "unlisted"),
// star.agency.created and star.agency.updated ("qualified",
// "unqualified"), star.advertiser.created and star.advertiser.updated
// ("certified", "uncertified").
//
// # Decisions where the seeds are silent
//
//   - A creator is one platform's Star Map account (above).
//   - The offers are short video by length (1–20 s, 21–60 s, over 60 s)
//     and live; a price filter or sort on an offer lists only creators
//     that quote it.
//   - Shares, rates and scores are whole basis points; money is whole fen.
//   - The match score weighs audience and categories equally; an unknown
//     audience dimension counts 0 in the score but shows unknown in the
//     comparison.
//   - Ties break by id in the sort's direction; descending is the exact
//     reverse of ascending.
//   - Cursors expire after an hour by default; a cursor is bound to the
//     normalized query, not to its page size.
//   - Only the platform lists unlisted creators; only the platform writes
//     the roster, except quotes, which the creator and its MCN set too.
//
// # Errors
//
// Every rule has an exported sentinel in errors.go with a code starting
// "star.": star.creator.invalid, star.account.invalid,
// star.category.invalid, star.quote.invalid, star.audience.share_invalid,
// star.audience.shares_sum, star.past.invalid, star.agency.invalid,
// star.advertiser.invalid; star.query.range_inverted,
// star.query.sort_invalid, star.query.share_invalid,
// star.query.keyword_invalid, star.query.invalid, star.query.text_malformed,
// star.query.include_forbidden; star.cursor.malformed, star.cursor.tampered,
// star.cursor.other_query, star.cursor.stale;
// star.compare.shortlist_invalid, star.compare.offer_invalid,
// star.compare.fact_invalid;
// star.creator.not_listed, star.creator.not_yours,
// star.creator.agency_unknown; star.index.duplicate_creator;
// star.option.cursor_lifetime, star.option.cursor_secret. Constructors
// and query checks return every problem at once; messages render wholly in
// Chinese for zh-CN (starmap.Message). So that a hostile input cannot
// make an error large, a list longer than its domain (4 offers, 2 genders,
// 6 age bands, 35 regions) is one "at most N" problem, a problem repeated
// is reported once, and problems with the entries of a list are capped
// (10, then one "and K more"). A FactSource that cannot answer is
// not a rule error: its error is returned as it is.
package star
