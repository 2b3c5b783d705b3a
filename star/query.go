package star

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// Page sizes of a search (STR-3): 0 means DefaultSearchLimit, a limit
// above MaxSearchLimit is clamped to it, a negative one is
// starmap.ErrPageLimit — the root's paging rule with the marketplace's own
// maximum.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
)

// Bounds of a query.
const (
	// MaxKeywordRunes is the longest keyword, in characters.
	MaxKeywordRunes = 50
	// MaxQueryCategories bounds the categories of a filter or a target.
	MaxQueryCategories = 50
	// MaxQueryValues bounds each other list of a filter or a target
	// (platforms, regions, the target's genders, age bands and regions),
	// repeats included.
	MaxQueryValues = 100
)

var keywordField = starmap.TextField{ZH: "搜索关键词", EN: "keyword", Kind: starmap.TextLine}

// Range is an inclusive range of whole numbers for a filter: Min ≤ v ≤
// Max. A Max of 0 means no upper bound (no filter of the SDK needs an upper
// bound of 0), and the zero Range filters nothing.
type Range struct{ Min, Max int64 }

// PriceRange filters on the price of one offer: creators that quote Offer
// at a price from Min to Max (both in whole fen, inclusive; a zero Max is
// no upper bound). The zero PriceRange (no Offer) filters nothing; a range
// on an offer lists only creators that quote it.
type PriceRange struct {
	Offer    Offer
	Min, Max decimal.Decimal
}

// AudienceFilter holds the audience thresholds of a query (STR-3, seed 003
// 粉丝画像): the share of Gender is at least GenderMin basis points, of Age
// at least AgeMin, of Region at least RegionMin. A threshold is set by
// naming its value (a zero Gender, Age or Region sets none) and needs a
// minimum of 1 … 10,000. A creator whose profile does not know that
// dimension does not pass it.
type AudienceFilter struct {
	Gender    Gender
	GenderMin int
	Age       AgeBand
	AgeMin    int
	Region    Region
	RegionMin int
}

// Sort is the order of a search: by Key, descending unless Ascending. The
// zero Sort is heat, descending. SortPrice orders by the price of Offer and
// lists only creators that quote it. Ties are broken by creator id in the
// same direction, so the order is total and a descending list is exactly
// the reverse of the ascending one.
type Sort struct {
	Key       SortKey
	Ascending bool
	Offer     Offer
}

// Target is the advertiser's target audience and categories, which the
// match score measures creators against (SortMatch; see the package doc
// for the formula). A dimension left empty is not scored.
type Target struct {
	Genders    []Gender
	Ages       []AgeBand
	Regions    []Region
	Categories []Category
}

// IsZero reports whether the target names nothing.
func (t Target) IsZero() bool {
	return len(t.Genders) == 0 && len(t.Ages) == 0 && len(t.Regions) == 0 && len(t.Categories) == 0
}

// Query is a marketplace search (达人广场, STR-3): every filter that is set
// must hold (an empty set or a zero value filters nothing), the results
// come in the Sort's total order, and the page is PageRequest's.
type Query struct {
	// Platforms: any of.
	Platforms []onboarding.Platform
	// Followers and Engagement (30-day rate, basis points) ranges.
	Followers  Range
	Engagement Range
	// Price of one offer.
	Price PriceRange
	// Regions: the account's location is any of them.
	Regions []Region
	// Categories: the creator carries any of them.
	Categories []Category
	// Audience thresholds.
	Audience AudienceFilter
	// Signing: independent creators, signed ones, or (MCN set) those
	// signed to the agency MCN.
	Signing Signing
	MCN     string
	// MinCompleted: at least this many completed orders. MinFirstPass: a
	// first-pass review rate of at least this many basis points (1 …
	// 10,000; creators never reviewed do not pass).
	MinCompleted int64
	MinFirstPass int
	// Keyword: a substring of the nickname or of the account id, compared
	// after folding (see fold): 美妆 finds 小美妆日记. Leading and trailing
	// spaces are dropped; a keyword of spaces only is an error.
	Keyword string
	// Include widens the search beyond the creators listed by default
	// (platform actors only, through Service.Search).
	Include Include
	Sort    Sort
	// Target is what SortMatch scores against; other sorts ignore it.
	Target Target
	starmap.PageRequest
}

// EffectiveLimit returns the page size the query asks for: 0 means
// DefaultSearchLimit, more than MaxSearchLimit means MaxSearchLimit.
func (q Query) EffectiveLimit() int {
	switch {
	case q.Limit <= 0:
		return DefaultSearchLimit
	case q.Limit > MaxSearchLimit:
		return MaxSearchLimit
	}
	return q.Limit
}

// Validate checks every field and returns every problem at once:
// ErrQueryRange (a minimum above its maximum), ErrQuerySort (an unknown
// sort key or offer, a match sort without a target), ErrQueryShare (a
// threshold outside 1 … 10,000 or without its value), ErrQueryKeyword (a
// blank, too long or badly written keyword), ErrQueryInvalid (anything
// else) and starmap.ErrPageLimit.
func (q Query) Validate() error {
	_, err := compile(q)
	return err
}

// plan is a validated query in the form the scan and the index evaluate:
// sets as masks, money in fen, the keyword folded.
type plan struct {
	q Query // normalized

	platMask   uint8  // bit p-1 per platform; 0: any
	regionMask uint64 // bit r per region; 0: any
	cats       []Category
	priceOffer int // offer index, -1: no price filter
	priceMin   int64
	priceMax   int64
	folMin     int64
	folMax     int64
	engMin     int32
	engMax     int32
	aGender    int // index, -1: none
	aGenderMin uint16
	aAge       int
	aAgeMin    uint16
	aRegion    int
	aRegionMin uint16
	signing    Signing
	mcn        string
	minDone    int64
	minFP      int32
	keyword    string // folded; "" none
	include    Include

	key       SortKey
	asc       bool
	sortOffer int // offer index for SortPrice

	tGender, tAge, tRegion uint64 // target masks: bit v per value
	tCats                  []Category
	tCatSig                []uint32 // categorySig of each of tCats
	mcnHash                uint32   // of mcn

	// Prefilters on the signature of a row (see sigOf).
	sigNone, sigAll, sigPlat, sigRegion, sigCat uint32
}

func queryErr(field [2]string, zh, en string) error {
	return ErrQueryInvalid.New(fieldArg(field[0], field[1]), problemArg(zh, en))
}

// moreQueryErr counts the problems of a query left out of its error.
func moreQueryErr(k int) error {
	return ErrQueryInvalid.New(fieldArg("其余条件", "(others)"), moreProblem(k))
}

// tooManyValues checks the length of a list of a query and returns the
// part of it to check.
func tooManyValues[T any](add func(error), field [2]string, vs []T) []T {
	if len(vs) > MaxQueryValues {
		add(ErrQueryInvalid.New(fieldArg(field[0], field[1]), tooMany(MaxQueryValues, len(vs))))
		return vs[:MaxQueryValues]
	}
	return vs
}

// compile validates q and returns its plan.
func compile(q Query) (*plan, error) {
	// Each problem once, at most maxProblems of them (a bounded message).
	ps := newProblems(maxProblems, moreQueryErr)
	add := ps.add
	p := &plan{priceOffer: -1, aGender: -1, aAge: -1, aRegion: -1, priceMax: math.MaxInt64, folMax: math.MaxInt64, engMax: math.MaxInt32}
	add(q.PageRequest.Validate())

	if len(q.Platforms) > 0 {
		pls := slices.Clone(tooManyValues(add, [2]string{"平台", "platform"}, q.Platforms))
		slices.Sort(pls)
		pls = slices.Compact(pls)
		for _, pl := range pls {
			if !pl.Valid() {
				add(queryErr([2]string{"平台", "platform"}, "未知平台"+strconv.Itoa(int(pl)), "unknown platform "+strconv.Itoa(int(pl))))
				continue
			}
			p.platMask |= 1 << (pl - 1)
			p.sigPlat |= 1 << (pl - 1)
		}
		q.Platforms = pls
	} else {
		q.Platforms = nil
	}

	rangeCheck := func(field [2]string, r Range, max int64) {
		if r.Min < 0 || r.Min > max {
			add(queryErr(field, "下限"+strconv.FormatInt(r.Min, 10)+"不在0到"+strconv.FormatInt(max, 10)+"之间",
				"minimum "+strconv.FormatInt(r.Min, 10)+" is not within 0 … "+strconv.FormatInt(max, 10)))
		}
		if r.Max < 0 || r.Max > max {
			add(queryErr(field, "上限"+strconv.FormatInt(r.Max, 10)+"不在0到"+strconv.FormatInt(max, 10)+"之间",
				"maximum "+strconv.FormatInt(r.Max, 10)+" is not within 0 … "+strconv.FormatInt(max, 10)))
		}
		if r.Max > 0 && r.Min > r.Max {
			add(ErrQueryRange.New(fieldArg(field[0], field[1]), starmap.Arg("min", r.Min), starmap.Arg("max", r.Max)))
		}
	}
	rangeCheck([2]string{"粉丝数", "followers"}, q.Followers, MaxFollowers)
	p.folMin = q.Followers.Min
	if q.Followers.Max > 0 {
		p.folMax = q.Followers.Max
	}
	rangeCheck([2]string{"互动率", "engagement"}, q.Engagement, FullShare)
	p.engMin = int32(clamp(q.Engagement.Min, 0, FullShare))
	if q.Engagement.Max > 0 {
		p.engMax = int32(clamp(q.Engagement.Max, 0, FullShare))
	}

	if q.Price.Offer != 0 || !q.Price.Min.IsZero() || !q.Price.Max.IsZero() {
		field := [2]string{"报价", "price"}
		if !q.Price.Offer.Valid() {
			add(queryErr(field, "报价类型未知", "unknown offer "+strconv.Itoa(int(q.Price.Offer))))
		} else {
			p.priceOffer = int(q.Price.Offer) - 1
		}
		lo, hi := int64(0), int64(0)
		for i, d := range []decimal.Decimal{q.Price.Min, q.Price.Max} {
			f, err := toFen(d)
			if err == nil && d.Sign() < 0 {
				err = starmap.RequireNonNegative(d)
			}
			if err != nil {
				bound := [2]string{"下限", "minimum"}
				if i == 1 {
					bound = [2]string{"上限", "maximum"}
				}
				add(ErrQueryInvalid.Wrap(err, fieldArg(field[0], field[1]), problemArg(bound[0]+starmap.Message(err, starmap.ZH), bound[1]+": "+starmap.Message(err, starmap.EN))))
				continue
			}
			if i == 0 {
				lo = f
			} else {
				hi = f
			}
		}
		if hi > 0 && lo > hi {
			add(ErrQueryRange.New(fieldArg(field[0], field[1]), starmap.Arg("min", starmap.FormatCNY(q.Price.Min)), starmap.Arg("max", starmap.FormatCNY(q.Price.Max))))
		}
		p.priceMin = lo
		if hi > 0 {
			p.priceMax = hi
		}
		q.Price.Min, q.Price.Max = fromFen(max(lo, 0)), fromFen(max(hi, 0))
	} else {
		q.Price = PriceRange{}
	}

	if len(q.Regions) > 0 {
		rs := slices.Clone(tooManyValues(add, [2]string{"地区", "region"}, q.Regions))
		slices.Sort(rs)
		rs = slices.Compact(rs)
		for _, r := range rs {
			if !r.Valid() {
				add(queryErr([2]string{"地区", "region"}, "未知地区"+strconv.Itoa(int(r)), "unknown region "+strconv.Itoa(int(r))))
				continue
			}
			p.regionMask |= 1 << r
			p.sigRegion |= regionSig(r)
		}
		q.Regions = rs
	} else {
		q.Regions = nil
	}

	cats, err := queryCategories(q.Categories)
	add(err)
	q.Categories, p.cats = cats, cats
	for _, c := range cats {
		p.sigCat |= categorySig(c)
	}

	p.aGender, p.aGenderMin = threshold(add, [2]string{"性别", "gender"}, int(q.Audience.Gender), q.Audience.GenderMin, numGenders)
	p.aAge, p.aAgeMin = threshold(add, [2]string{"年龄段", "age band"}, int(q.Audience.Age), q.Audience.AgeMin, numAges)
	p.aRegion, p.aRegionMin = threshold(add, [2]string{"地域", "region"}, int(q.Audience.Region), q.Audience.RegionMin, numRegions)

	field := [2]string{"签约方式", "signing"}
	switch {
	case !q.Signing.Valid():
		add(queryErr(field, "未知("+strconv.Itoa(int(q.Signing))+")", "unknown ("+strconv.Itoa(int(q.Signing))+")"))
	case q.MCN != "" && q.Signing == SigningIndependent:
		add(queryErr(field, "独立达人不属于任何MCN机构", "an independent creator is signed to no MCN"))
	}
	if q.MCN != "" {
		if err := starmap.ValidateID("MCN id", q.MCN); err != nil {
			add(ErrQueryInvalid.Wrap(err, fieldArg("MCN机构", "MCN"), idProblem(err)))
		}
		q.Signing = SigningSigned
	}
	p.signing, p.mcn, p.mcnHash = q.Signing, q.MCN, mcnHash(q.MCN)
	switch q.Signing {
	case SigningIndependent:
		p.sigNone |= sigSigned
	case SigningSigned:
		p.sigAll |= sigSigned
	}

	if q.MinCompleted < 0 || q.MinCompleted > MaxCount {
		add(queryErr([2]string{"完成订单数", "completed orders"}, strconv.FormatInt(q.MinCompleted, 10)+"不在0到10^15之间", strconv.FormatInt(q.MinCompleted, 10)+" is not within 0 … 10^15"))
	}
	p.minDone = q.MinCompleted
	if q.MinFirstPass < 0 || q.MinFirstPass > FullShare {
		add(ErrQueryShare.New(fieldArg("一次通过率", "first-pass rate"), rangeProblem(int64(q.MinFirstPass), 0, FullShare)))
	}
	p.minFP = int32(clamp(int64(q.MinFirstPass), 0, FullShare))

	if q.Keyword != "" {
		// The keyword is checked as it is searched for: trimmed first, so
		// that surrounding spaces neither count towards its length nor hide
		// that it is blank. The text error's problem is carried, not the
		// error itself, so that the message says it once.
		kw := strings.TrimSpace(q.Keyword)
		switch {
		case kw == "":
			add(ErrQueryKeyword.New(problemArg("只有空格", "blank (spaces only)")))
		case utf8.RuneCountInString(kw) > MaxKeywordRunes:
			add(ErrQueryKeyword.New(problemArg("超过"+strconv.Itoa(MaxKeywordRunes)+"个字符", "longer than "+strconv.Itoa(MaxKeywordRunes)+" characters")))
		default:
			if err := keywordField.Validate(kw); err != nil {
				add(ErrQueryKeyword.New(textProblem(err)))
			}
		}
		q.Keyword = kw
		p.keyword = fold(kw)
	}

	if !q.Include.Valid() {
		add(queryErr([2]string{"展示范围", "include"}, "未知("+strconv.Itoa(int(q.Include))+")", "unknown ("+strconv.Itoa(int(q.Include))+")"))
	}
	p.include = q.Include & IncludeAll
	if p.include&IncludeNotOpen == 0 {
		p.sigNone |= sigNotOpen
	}
	if p.include&IncludeRestricted == 0 {
		p.sigNone |= sigRestricted
	}

	if q.Sort.Key == 0 {
		q.Sort.Key = SortHeat
	}
	p.key, p.asc = q.Sort.Key, q.Sort.Ascending
	switch {
	case !q.Sort.Key.Valid():
		add(ErrQuerySort.New(problemArg("未知排序方式("+strconv.Itoa(int(q.Sort.Key))+")", "unknown sort key "+strconv.Itoa(int(q.Sort.Key)))))
	case q.Sort.Key == SortPrice:
		if !q.Sort.Offer.Valid() {
			add(ErrQuerySort.New(problemArg("按报价排序须指定有效的报价类型", "a price sort needs a valid offer")))
		} else {
			p.sortOffer = int(q.Sort.Offer) - 1
		}
	default:
		q.Sort.Offer = 0
	}
	if q.Sort.Key == SortMatch {
		t, err := compileTarget(p, q.Target)
		add(err)
		q.Target = t
		if t.IsZero() && err == nil {
			add(ErrQuerySort.New(problemArg("按匹配度排序须给出目标人群或品类", "a match sort needs a target audience or categories")))
		}
	} else {
		q.Target = Target{}
	}
	q.PageRequest = starmap.PageRequest{Limit: q.Limit, Cursor: q.Cursor}
	if err := ps.err(); err != nil {
		return nil, err
	}
	p.q = q
	return p, nil
}

func clamp(v, lo, hi int64) int64 { return max(lo, min(v, hi)) }

// threshold checks one audience threshold and returns its value's index
// (-1 when unset) and minimum.
func threshold(add func(error), field [2]string, v, min, n int) (int, uint16) {
	if v == 0 {
		if min != 0 {
			add(ErrQueryShare.New(fieldArg(field[0], field[1]), problemArg("给出了占比下限却未指定"+field[0], "a minimum without a "+field[1])))
		}
		return -1, 0
	}
	bad := false
	if v < 0 || v > n {
		add(ErrQueryShare.New(fieldArg(field[0], field[1]), unknownProblem(v)))
		bad = true
	}
	if min < 1 || min > FullShare {
		add(ErrQueryShare.New(fieldArg(field[0], field[1]), rangeProblem(int64(min), 1, FullShare)))
		bad = true
	}
	if bad {
		return -1, 0
	}
	return v - 1, uint16(min)
}

// queryCategories checks and sorts the categories of a filter or target.
func queryCategories(cs []Category) ([]Category, error) {
	if len(cs) == 0 {
		return nil, nil
	}
	field := [2]string{"品类", "categories"}
	ps := newProblems(maxEntryProblems, func(k int) error { return ErrQueryInvalid.New(fieldArg(field[0], field[1]), moreProblem(k)) })
	if len(cs) > MaxQueryCategories {
		ps.add(ErrQueryInvalid.New(fieldArg(field[0], field[1]),
			problemArg("最多"+strconv.Itoa(MaxQueryCategories)+"个", "at most "+strconv.Itoa(MaxQueryCategories))))
		cs = cs[:MaxQueryCategories]
	}
	for _, c := range cs {
		if err := checkCategory(c); err != nil {
			ps.add(ErrQueryInvalid.New(fieldArg(field[0], field[1]), idProblem(err)))
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	out := slices.Clone(cs)
	slices.Sort(out)
	return slices.Compact(out), nil
}

func compileTarget(p *plan, t Target) (Target, error) {
	field := [2]string{"目标人群", "target"}
	// Each problem once, at most maxProblems of them (a bounded message).
	ps := newProblems(maxProblems, func(k int) error { return ErrQueryInvalid.New(fieldArg(field[0], field[1]), moreProblem(k)) })
	set := func(n int, vals []int) (uint64, []int) {
		vals = tooManyValues(ps.add, field, vals)
		var m uint64
		for _, v := range vals {
			if v < 1 || v > n {
				ps.add(queryErr(field, "未知取值"+strconv.Itoa(v), "unknown value "+strconv.Itoa(v)))
				continue
			}
			m |= 1 << v
		}
		var out []int
		for v := 1; v <= n; v++ {
			if m&(1<<v) != 0 {
				out = append(out, v)
			}
		}
		return m, out
	}
	var vs []int
	ints := func(n int, f func(i int) int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	var out Target
	p.tGender, vs = set(numGenders, ints(len(t.Genders), func(i int) int { return int(t.Genders[i]) }))
	for _, v := range vs {
		out.Genders = append(out.Genders, Gender(v))
	}
	p.tAge, vs = set(numAges, ints(len(t.Ages), func(i int) int { return int(t.Ages[i]) }))
	for _, v := range vs {
		out.Ages = append(out.Ages, AgeBand(v))
	}
	p.tRegion, vs = set(numRegions, ints(len(t.Regions), func(i int) int { return int(t.Regions[i]) }))
	for _, v := range vs {
		out.Regions = append(out.Regions, Region(v))
	}
	cats, err := queryCategories(t.Categories)
	ps.add(err)
	out.Categories, p.tCats = cats, cats
	for _, c := range cats {
		p.tCatSig = append(p.tCatSig, categorySig(c))
	}
	return out, ps.err()
}

// Normalized returns the query as the SDK reads it, or the error Validate
// returns: sets sorted without repeats, the keyword trimmed, the zero sort
// key made SortHeat, what the sort ignores (the offer of a non-price sort,
// the target of a non-match sort) cleared, prices in whole fen. Two
// queries that ask for the same thing normalize to the same query, and
// share cursors.
func (q Query) Normalized() (Query, error) {
	p, err := compile(q)
	if err != nil {
		return Query{}, err
	}
	return p.q, nil
}

// listedOK reports whether the plan's Include lets p through.
func (pl *plan) listedOK(p *profile) bool {
	if p.status != StatusOpen && pl.include&IncludeNotOpen == 0 {
		return false
	}
	return !p.restrict || pl.include&IncludeRestricted != 0
}

// matches is the reference predicate: whether creator p passes every
// filter of the plan (and quotes the offer of a price sort). The reference
// scan and the kit use it; the index answers exactly what it answers.
func (pl *plan) matches(p *profile) bool {
	if !pl.listedOK(p) {
		return false
	}
	a := &p.account
	if pl.platMask != 0 && (!a.Platform.Valid() || pl.platMask&(1<<(a.Platform-1)) == 0) {
		return false
	}
	if a.Followers < pl.folMin || a.Followers > pl.folMax || p.eng < pl.engMin || p.eng > pl.engMax {
		return false
	}
	if pl.priceOffer >= 0 {
		f := p.quotes[pl.priceOffer]
		if f < 0 || f < pl.priceMin || f > pl.priceMax {
			return false
		}
	}
	if pl.key == SortPrice && p.quotes[pl.sortOffer] < 0 {
		return false
	}
	if pl.regionMask != 0 && pl.regionMask&(1<<a.Location.Region) == 0 {
		return false
	}
	if len(pl.cats) > 0 && !anyCategory(p.cats, pl.cats) {
		return false
	}
	if pl.aGender >= 0 && (p.known&knownGender == 0 || p.gender[pl.aGender] < pl.aGenderMin) {
		return false
	}
	if pl.aAge >= 0 && (p.known&knownAge == 0 || p.age[pl.aAge] < pl.aAgeMin) {
		return false
	}
	if pl.aRegion >= 0 && (p.known&knownRegion == 0 || p.regions[pl.aRegion] < pl.aRegionMin) {
		return false
	}
	switch {
	case pl.mcn != "":
		if p.mcn != pl.mcn {
			return false
		}
	case pl.signing == SigningIndependent && p.mcn != "":
		return false
	case pl.signing == SigningSigned && p.mcn == "":
		return false
	}
	if p.past.completed < pl.minDone {
		return false
	}
	if pl.minFP > 0 && (p.past.fpBP < 0 || p.past.fpBP < pl.minFP) {
		return false
	}
	if pl.keyword != "" && !strings.Contains(p.text, pl.keyword) {
		return false
	}
	return true
}

// anyCategory reports whether have and want (sorted) share a tag.
func anyCategory(have, want []Category) bool {
	for _, c := range have {
		if _, ok := slices.BinarySearch(want, c); ok {
			return true
		}
	}
	return false
}

// sortKey is the value p is ordered by under the plan.
func (pl *plan) sortKey(p *profile) int64 {
	switch pl.key {
	case SortEngagement:
		return int64(p.eng)
	case SortFollowers:
		return p.account.Followers
	case SortPrice:
		return p.quotes[pl.sortOffer]
	case SortMatch:
		return int64(pl.score(p))
	}
	return p.heat
}

// score is the match score of p against the plan's target (package doc,
// "Match score"): 0 … 10,000.
func (pl *plan) score(p *profile) int {
	sum, n := pl.audienceSum(p.known, p.gender[:], p.age[:], p.regions[:])
	cat := 0
	if len(pl.tCats) > 0 {
		cat = pl.categoryFit(p)
	}
	return pl.combine(sum, n, cat)
}

// audienceSum adds up, over each audience dimension the target names, the
// shares of its values (an unknown dimension adds 0), and counts the
// dimensions named. The index calls it on its columns, the scan on the
// profile.
func (pl *plan) audienceSum(known uint8, gender, age, regions []uint16) (sum, n int) {
	for _, d := range [...]struct {
		mask   uint64
		known  uint8
		shares []uint16
	}{{pl.tGender, knownGender, gender}, {pl.tAge, knownAge, age}, {pl.tRegion, knownRegion, regions}} {
		if d.mask == 0 {
			continue
		}
		n++
		if known&d.known == 0 {
			continue
		}
		for m := d.mask; m != 0; m &= m - 1 {
			sum += int(d.shares[bits.TrailingZeros64(m)-1]) // bit v is value v, at index v-1
		}
	}
	return sum, n
}

// combine is the formula: the mean of the parts the target has — the
// audience part sum/n, the category part cat — each rounded down.
func (pl *plan) combine(sum, n, cat int) int {
	parts, total := 0, 0
	if n > 0 {
		parts++
		total += sum / n
	}
	if len(pl.tCats) > 0 {
		parts++
		total += cat
	}
	if parts == 0 {
		return 0
	}
	return total / parts
}

// categoryFit is the category part of the match score: the share of the
// target's categories the creator carries, in basis points, rounded down.
func (pl *plan) categoryFit(p *profile) int {
	hit := 0
	for i, c := range pl.tCats {
		// The signature bit rules most categories out without a string
		// comparison.
		if p.sig&pl.tCatSig[i] != 0 && slices.Contains(p.cats, c) {
			hit++
		}
	}
	return hit * FullShare / len(pl.tCats)
}

// MatchScore is the match score of c against target (package doc): 0 …
// 10,000, or the error of an invalid target. An empty target scores 0.
func MatchScore(c Creator, t Target) (int, error) {
	p := &plan{}
	if _, err := compileTarget(p, t); err != nil {
		return 0, err
	}
	if c.p == nil {
		return 0, nil
	}
	return p.score(c.p), nil
}

// Matches reports whether c passes every filter of q (and, under a price
// sort, quotes its offer): the reference predicate of a search. It returns
// Validate's error for an invalid query.
func (q Query) Matches(c Creator) (bool, error) {
	p, err := compile(q)
	if err != nil {
		return false, err
	}
	return c.p != nil && p.matches(c.p), nil
}

// SortValue is the value c is ordered by under q's sort (heat, rate in
// basis points, followers, price in fen, match score), the Key of a
// Position. It returns Validate's error for an invalid query.
func (q Query) SortValue(c Creator) (int64, error) {
	p, err := compile(q)
	if err != nil {
		return 0, err
	}
	if c.p == nil {
		return 0, nil
	}
	return p.sortKey(c.p), nil
}
