// Package compliance checks the text of an ad — a script, a caption, a live
// stream's talking points — and decides script and video reviews (SPEC §9,
// CPL-1 … CPL-4; seed 003 §六 合规与风控要点, 审核要点 and 标准化审核清单:
// 内容不得误导……明确披露商业合作关系; 广告法合规、信息披露(如广告标示)、
// 产品链接准确性; 素材清晰度、字幕准确性、产品信息一致性、披露合规、避免误导性
// 用语).
//
// The package is pure: no store, no clock, no service. A Checker is built
// once from the host's lists and checks any number of texts from any
// number of goroutines; its findings, a filled checklist and the
// platform's waivers are plain values that the task that owns the review
// stores with the submission (see "For package task" below).
//
// # Rules
//
// CPL-1 Absolute terms. Checker.Check reports every occurrence of a listed
// term as a Finding of KindAbsoluteTerm with the term as the list spells
// it, its severity, and its span in the original text: Span in runes
// (code points, counted as []rune(text) counts them), Bytes in bytes, and
// Text, the original characters under the span. The span runs from the
// term's first letter to its last, separators inside included: in
// "买最 佳的" the finding is "最 佳" at [1, 4).
//
//   - The default list (DefaultTerms) holds the words 《广告法》第九条第(三)项
//     names — 国家级、最高级、最佳 — and the family enforced with them as the
//     same absolute claims: 世界级, 顶级, 极品, 首选, 独一无二, 销量冠军,
//     全网第一 and the other 第一 ranking phrases, NO.1, TOP1, the 最…
//     family, with the traditional spellings of these words (folding does
//     not map traditional to simplified characters). They are block terms.
//     Words that are claims in most uses and lawful in some — 第一, 唯一,
//     独家, 首个, 首家, 万能, 冠军, 极致, 绝对, and 最大/最高/最低, which also
//     state facts (最高时速) — are warn terms.
//   - The 最… family is a list of 最+X words (最佳, 最好, 最优, 最强, 最低价,
//     最先进, 最受欢迎 …), never a bare 最: that would flag 最近, 最后 and
//     最多可减. A host adds the 最+X words its categories need.
//   - The host extends the list (AddTerms, with BlockTerms and WarnTerms) or
//     replaces it (WithTerms). Terms that fold to the same text are one
//     term: the first spelling, the graver severity.
//   - Allowed phrases (DefaultAllowed: 第一次, 第一步, 第一时间 … — ordinals
//     that rank nothing; 最好 as "had better" — 你最好, 最好先, 最好是,
//     最好不要, 最好还是 … — while 最好的 is a block term of its own, so
//     "你最好的选择" is still found; ordinary words that meet as a term —
//     积极品(尝), 指尖端(着), 笔尖端, 舌尖端, 最终极大(地), 最终极其,
//     始终极力, 最强调, 首选项; the host's trademarks and exemptions by
//     AddAllowed, or its own list by WithAllowed) hold a term lawfully. A
//     finding that lies inside an occurrence of an allowed phrase is
//     dropped, and nothing else is: 极品飞车 allowed, "极品飞车与极品好茶"
//     still reports the second 极品. Allowing a term's own text switches
//     the term off.
//   - An occurrence inside a longer term's occurrence is not reported
//     again: 最高级 is one finding, not also 最高; 全网第一 is not also
//     第一. Occurrences that overlap without one containing the other are
//     each reported (销量第一品牌: 销量第一 and 第一品牌).
//   - Evasions still match. The text and every phrase are folded alike
//     (fold.go): letters and digits are kept, case-folded, full-width forms
//     made ASCII, digits of every script and digit signs (①, ¹, 𝟏) made
//     ASCII digits, mathematical and circled letters (𝐍, Ⓝ) made ASCII
//     letters; everything else — spaces, punctuation, symbols and emoji,
//     combining and variation marks, zero-width and other format
//     characters, bidi controls, control characters, the blank Hangul
//     fillers, invalid bytes — is a separator the matcher skips. So 最 佳,
//     最.佳, 最\u200b佳, ＮＯ．１, No.1 and n o 1 are found. Not folded:
//     traditional to simplified characters, look-alikes across scripts
//     (Cyrillic О, the digit 0 for the letter O), Kangxi radicals and
//     compatibility ideographs, Chinese numerals to digits (第一 is not
//     第1): the host adds such spellings as terms.
//   - Clause breaks end a match. No phrase — term, allowed phrase, marker
//     or non-disclosure — matches across the Chinese clause marks
//     ，。；！？、 (and the half-width ｡ ､), the ASCII , ; ! ? or a line or
//     paragraph break: "舌尖，端午节快乐" holds no block 尖端. Spaces, dots,
//     zero-width and format characters and symbols inside a term are
//     evasions and still match (最 佳, 最.佳, 最\u200b佳, 最★佳).
//   - A term across a clause break is a warn finding of its own. The
//     break keeps ordinary words from blocking (舌尖，端午), but it is
//     also an evasion a writer may try (最、佳, 最，佳, 最 and 佳 on two
//     lines). So a term whose characters appear in order with one or more
//     clause breaks between them (and any separators) is a Finding of
//     KindTermAcrossBreak (code compliance.finding.term_across_break),
//     always SeverityWarn whatever the term's severity — the reviewer
//     judges it under 避免误导性用语, it never blocks — with the span of
//     what was written in the original text, breaks included. The word
//     boundaries hold as for any term (NO,10 holds no NO.1); one inside a
//     longer one across a break is not reported again (最，高级 is 最高级,
//     not also 最高); a term within one of the clauses is its own finding
//     beside it (全网，第一: 全网第一 across, and 第一). Allowed phrases,
//     markers and non-disclosures never match across a break, so none
//     removes or is such a finding.
//   - Word boundaries. Chinese has none, but a term that starts (ends)
//     with a letter or digit of a script written with spaces — Latin,
//     Greek, Cyrillic — matches only where the original character before
//     (after) it is not such a letter or digit: NO.1 is found in "全网NO.1!"
//     and "best NO.1", not in "piano1", "NO.10" or "TOP10". The same rule
//     applies to allowed phrases and markers.
//
// CPL-2 Disclosure. When Requirements.Disclosure is set (the task
// template's 披露要求, TSK-4), a text without a disclosure marker gets a
// block Finding of KindDisclosureMissing naming the first marker. The
// markers are 广告 (DefaultMarkers), the label the platform requires, or
// the host's (WithMarkers: 合作, 赞助 …; at least one), matched folded like
// terms (#广告, 【广告】, 「广告」, (广告)) but written
// whole: a marker with any separator between its characters in the
// original (广 告, 广\u200b告) does not count, nor one across a clause
// break, for a separator there may part two words — "新品推广 告别旧款",
// "这次推广，告诉朋友们" disclose nothing. A marker inside a phrase that
// discloses nothing does not count either — DefaultNonDisclosures: 广告法,
// 不是广告, 非广告, 并非广告, 无广告, 没有广告, and a word ending in 广
// before a word starting with 告 (推广告诉, 推广告知, 推广告别, 宽广告白 …:
// 推广, 宽广, 深广 × 告诉, 告知, 告别, 告白, 告辞, 告急, 告终, 告一段落,
// 告诫, 告慰, 告捷, 告退, 告吹); WithNonDisclosures replaces them. The
// marker is not required to stand as a label (bracketed, after #, at the
// start or end): "本视频含广告" and "以下内容为广告" are disclosures, and a
// position rule would refuse them while the word-pair list and the
// whole-writing rule already keep the two-word readings out. Whether the
// label is placed where a viewer sees it is the reviewer's 披露合规 item.
//
// CPL-3 Required points. Each Point of Requirements.Points (at most
// MaxPoints) absent from the text gets a Finding of KindPointMissing: a
// product name (PointProduct) and a key message (PointMessage) are looked
// for folded, however spaced or punctuated; a link (PointLink) exactly as
// given, since a link that differs in one letter is another link
// (产品链接准确性). A missing product or link is a block finding, a missing
// key message a warn finding (a creator may put it in their own words).
// Requirements.Validate checks the points; the task template should call
// it when the order is made.
//
// CPL-4 Review checklist. Form is the checklist a platform reviews with:
// the five standard items of seed 003 (StandardItems: ItemClarity 素材清晰度,
// ItemSubtitles 字幕准确性, ItemProductInfo 产品信息一致性, ItemDisclosure
// 披露合规, ItemWording 避免误导性用语) and the host's own (NewForm). The
// reviewer answers every item pass or fail (Form.Fill → Checklist); a
// failed item needs a note saying what to change, as the seed asks
// (对不合格的点给出具体修改建议). Decide takes the checklist, the
// submission's findings and the platform's waivers and returns a Decision:
// the review may approve (Decision.CanApprove, Decision.ApproveErr) when
// no item failed and no finding blocks. Under the default Policy a block
// finding blocks until the platform waives it — Waive records who, when
// and why as a Waiver value, for one finding of one submission, and only
// a platform actor may; Policy.AdvisoryBlocks makes block findings
// advisory instead. Warn findings never block. A rejection
// (Decision.Rejection) cites the failed items with their notes and every
// finding not waived — a term across a clause break only when the
// reviewer failed 避免误导性用语, since it may be ordinary words either side
// of a comma (舌尖，端午); with nothing to cite it answers ErrRejectionUncited,
// for a host that wants every rejection to name an item or a finding.
// Package task decides otherwise (its doc, CPL-4): a rejection there always
// carries the reviewer's written reason (TSK-8), which stands alone when
// nothing else is cited. Kind.Item names the standard item a finding
// bears on.
//
// # Matching
//
// The Checker's phrases — terms, allowed phrases, markers and
// non-disclosures — are compiled into one Aho–Corasick automaton
// (automaton.go, written here so the core module keeps its three
// dependencies). Check reads the text once, rune by rune: a fold, a class
// look-up and amortised O(1) transitions per rune, whatever the number of
// terms, plus a step per occurrence found; then one sort and sweep of the
// occurrences applies the allow and nesting rules. NewChecker validates
// every phrase and reports every problem at once (errors.Join): empty, not
// valid text (invalid UTF-8, control or bidi characters, over 200
// characters), nothing left once folded (only spaces or punctuation: it
// could never match), longer than MaxPhraseRunes folded, a term without a
// valid severity, a list over MaxPhrases, no disclosure marker, a nil
// option. Options copy what they are given; one set of options can build
// many Checkers.
//
// Check accepts any string (invalid bytes are separators, one rune each
// in spans). It allocates nothing for a text with no finding and no point
// to look for, otherwise the findings slice, one byte copy of the text
// for its digest (Finding.Digest, SHA-256: about 2 µs for 2,000
// characters), and one folded copy of the text when there are product or
// message points. The table below was measured before findings carried a
// digest; with it, BenchmarkCheck makes 2 allocations.
//
// # Speed
//
// Measured with
//
//	go test ./compliance -run '^$' -bench . -benchmem -count 5
//	go test ./compliance -run '^$' -bench . -benchmem -benchtime 300x -count 25   # "best"
//
// on the 2-core development machine (Oxide virtual "Turin-like" CPU,
// go1.26), shared with other builds: its load average was 13–22 while
// these ran, so a run is often preempted and wall times vary by a factor
// of four. "Best" is the fastest of 25 short runs, the nearest to an idle
// core; "under load" is the range of the plain runs.
//
//	benchmark                   what                                        best       under load        B/op    allocs/op
//	BenchmarkCheck              2,000 characters, 1,000 terms, 48 findings  17 µs      31–89 µs          4,096   1
//	BenchmarkCheckClean         the same script, 4 terms, no finding        10 µs      33–73 µs          0       0
//	BenchmarkCheckPoints        default lists, disclosure and 3 points      45 µs      56–124 µs         8,216   4
//	BenchmarkNewChecker10k      building the automaton for 10,000 terms     11.8 ms    15–69 ms          5.5 MB  10,139
//	BenchmarkNewCheckerDefault  building the default Checker                0.19 ms    0.35–1.1 ms       140 kB  214
//
// The goal — well under 100 µs per check of a 2,000-character script
// against 1,000 terms, allocations bounded by the findings — holds: about
// 9 ns per character on a quiet core and one allocation, the findings;
// none for a text without findings. The cost is per character of the
// text plus per occurrence found, not per term: the 4-term and 1,000-term
// checks differ by the 48 findings and their transitions.
//
// The walk through clause breaks (KindTermAcrossBreak) was added after
// the table. It steps a second state only while a break has parted a
// pattern's prefix — on this script, whose commas fall every few
// characters and whose synthetic terms start with most of its characters,
// usually one rune after each break. Measured as CPU time per check from
// -cpuprofile (20,000 checks, old and new test binaries alternated twice,
// load average 25 on the 2 cores, so wall times meant nothing):
// BenchmarkCheck 52 µs before, 47–65 µs after; BenchmarkCheckClean 22–27
// µs before, 23–33 µs after; allocations unchanged (2 and 0).
//
// # For package task
//
// The review of TSK-1 carries these values; task calls:
//
//   - at order time, Requirements{Disclosure, Points}.Validate() with the
//     template (TSK-4; the template's Disclosure flag becomes
//     Requirements.Disclosure);
//   - on a script or video submission, Checker.Check(text,
//     requirements) with the script text or caption (validated as a
//     starmap.TextBody first), and store the []Finding with the
//     submission;
//   - on the platform's waiver, Waive(by, now, finding, reason), and store
//     the Waiver with the submission;
//   - on a review, Form.Fill(answers...) → Checklist, then
//     Decide(policy, Review{Checklist, Findings, Waivers}) → Decision;
//     approval requires Decision.ApproveErr() == nil; a rejection stores
//     Decision.Rejection() (its Text is the reason shown to the creator);
//   - when rebuilding from a record, Checklist.Validate, Finding.Validate
//     and Waiver.Validate.
//
// The Checker, the Form and the Policy are the task Service's options
// (with compliance.NewChecker(), StandardForm() and the zero Policy as
// defaults). Enums store by name (MarshalText); Finding, Waiver, Checklist
// and Rejection round-trip through JSON.
//
// # Decisions
//
//   - The 最… family is a list of words, not a prefix rule (see CPL-1).
//   - 唯一 is a warn term: seed 003 itself writes 唯一性渠道(如店铺链接),
//     a lawful "only channel"; 唯一 as a claim of rank is for the reviewer.
//   - Severity is per term, fixed for absence findings: a missing
//     disclosure blocks (the law requires ads to be identifiable), a
//     missing product name or link blocks, a missing key message warns.
//   - Nested occurrences report the longer term only, with its severity:
//     a host's longer term is the more specific judgement.
//   - A waiver matches a finding on every field (kind, severity, term,
//     point, spans, text, and the Digest — SHA-256 — of the whole checked
//     text, which Check sets on every finding): a waiver is tied to the
//     text it was granted on and never carries over to a resubmission or
//     to another script with the same term at the same span; a
//     resubmitted text is checked anew and waived anew.
//   - A failed checklist item needs a note (seed 003); a passed item may
//     have one.
//   - The zero Form and a nil *Form are the standard form; a zero or nil
//     Checker answers ErrCheckerNotReady.
//
// # Errors
//
// Every rule has an exported sentinel under "compliance." in errors.go,
// with messages in zh-CN and English; every error matches its rule and
// starmap.ErrInvalid (starmap.ErrForbidden for a waiver by someone other
// than the platform, via starmap.ErrActorRole) with errors.Is, and
// starmap.Codes lists the codes inside a joined error. A Finding is a
// value, not an error; Finding.Err raises its rule (ErrAbsoluteTerm,
// ErrTermAcrossBreak, ErrDisclosureMissing, ErrPointMissing) with its
// parameters, so that a finding has a stable code (Finding.Code) and a
// message in either language (Finding.Message).
package compliance
