package star

import (
	"errors"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// Shortlist bounds of a comparison (STR-4).
const (
	MinShortlist = 2
	MaxShortlist = 10
)

// Cell is one cell of a comparison: a value, or unknown. An unknown cell
// has the zero Value and Known false, and a host renders it as unknown
// (未知, "—"), never as a zero.
type Cell[T any] struct {
	Value T
	Known bool
}

// KnownCell returns a known cell holding v.
func KnownCell[T any](v T) Cell[T] { return Cell[T]{Value: v, Known: true} }

// Dimension is one dimension of the comparison table, as seed 003 lists
// them (建立多维度对比表).
type Dimension uint8

// The dimensions, in the seed's order.
const (
	DimAudience       Dimension = iota + 1 // 达人画像
	DimPastResults                         // 历史合作效果
	DimStyleMatch                          // 风格匹配度
	DimPrice                               // 报价区间
	DimSchedule                            // 时间安排
	DimContentQuality                      // 过往内容质量
	DimReviewPassRate                      // 审核通过率
	numDims           = int(DimReviewPassRate)
)

var dimNames = []name{{}, {"audience", "audience profile", "达人画像"}, {"past-results", "past results", "历史合作效果"},
	{"style-match", "style match", "风格匹配度"}, {"price", "price", "报价"}, {"schedule", "schedule", "时间安排"},
	{"content-quality", "content quality", "过往内容质量"}, {"review-pass-rate", "review pass rate", "审核通过率"}}

// Dimensions lists the dimensions in order.
func Dimensions() []Dimension {
	out := make([]Dimension, numDims)
	for i := range out {
		out[i] = Dimension(i + 1)
	}
	return out
}

// String is the dimension's stable name.
func (d Dimension) String() string { return ascii(dimNames, int(d), "Dimension") }

// Label names the dimension in lang (达人画像 … in zh-CN).
func (d Dimension) Label(lang starmap.Lang) string {
	return label(dimNames, int(d), lang, "dimension", "维度")
}

// Facts are what the host knows of a creator that the SDK does not hold,
// for a comparison: its schedule and its content quality. A fact left
// unknown shows as an unknown cell.
type Facts struct {
	// OpenTasks is how many tasks the creator has in progress (时间安排:
	// how busy it is), ≥ 0.
	OpenTasks Cell[int]
	// ContentQuality is the host's score of the creator's past content
	// (过往内容质量), in basis points 0 … 10,000.
	ContentQuality Cell[int]
}

// Column is one creator's column of a comparison. Every cell the creator's
// data cannot fill is unknown, never zero.
type Column struct {
	Creator Creator
	// DimAudience: the profile (unknown when no dimension of it is known),
	// and the share of the audience in the target (the audience part of the
	// match score), unknown when the target names no audience or the
	// profile lacks any dimension it names.
	Audience      Cell[Audience]
	AudienceMatch Cell[int]
	Followers     int64
	Engagement    int
	// DimPastResults: completed orders and their GMV (counts the SDK holds:
	// a creator without orders has a known 0), and ROI, unknown when
	// nothing was spent.
	Completed int64
	GMV       decimal.Decimal
	ROI       Cell[decimal.Decimal]
	// DimStyleMatch: the category part of the match score, unknown when the
	// target names no category.
	StyleMatch Cell[int]
	// DimPrice: the price of the compared offer, unknown when the creator
	// does not quote it.
	Price Cell[decimal.Decimal]
	// DimSchedule and DimContentQuality: the host's facts.
	OpenTasks      Cell[int]
	ContentQuality Cell[int]
	// DimReviewPassRate: the first-pass review rate in basis points,
	// unknown when no task of the creator was reviewed.
	ReviewPassRate Cell[int]
}

// Unknown lists the dimensions of the column that hold no known cell at
// all (DimPastResults never: its counts are always known).
func (c Column) Unknown() []Dimension {
	var out []Dimension
	if !c.Audience.Known && !c.AudienceMatch.Known {
		out = append(out, DimAudience)
	}
	for _, x := range []struct {
		d     Dimension
		known bool
	}{{DimStyleMatch, c.StyleMatch.Known}, {DimPrice, c.Price.Known}, {DimSchedule, c.OpenTasks.Known},
		{DimContentQuality, c.ContentQuality.Known}, {DimReviewPassRate, c.ReviewPassRate.Known}} {
		if !x.known {
			out = append(out, x.d)
		}
	}
	return out
}

// Comparison is a shortlist side by side (STR-4): one column per creator,
// in the order of the shortlist, for the offer and target it was made for.
type Comparison struct {
	Offer   Offer
	Target  Target
	Columns []Column
}

// Compare builds the comparison table of a shortlist of MinShortlist to
// MaxShortlist distinct creators for one offer and target (pure; Service
// .Compare loads the creators and asks the host for facts). facts holds
// the host's facts by creator id; a creator missing from it, or a nil map,
// has unknown facts, and facts of creators not in the shortlist are
// ignored. It returns every problem at once (ErrShortlist,
// ErrQuerySort for the offer, the target's ErrQueryInvalid, ErrFactInvalid).
func Compare(shortlist []Creator, offer Offer, target Target, facts map[string]Facts) (Comparison, error) {
	pl, t, errs := compareArgs(len(shortlist), offer, target)
	seen := map[string]bool{}
	for i, c := range shortlist {
		switch {
		case c.p == nil:
			errs = append(errs, ErrShortlist.New(problemArg("第"+strconv.Itoa(i+1)+"位为空", "creator "+strconv.Itoa(i+1)+" is the zero Creator")))
		case seen[c.p.id]:
			errs = append(errs, ErrShortlist.New(problemArg(c.p.id+"重复", c.p.id+" given twice")))
		default:
			seen[c.p.id] = true
		}
	}
	for _, c := range shortlist {
		if c.p == nil {
			continue
		}
		id, f := c.p.id, facts[c.p.id]
		if f.OpenTasks.Known && f.OpenTasks.Value < 0 {
			errs = append(errs, ErrFactInvalid.New(starmap.Arg("id", id), fieldArg("进行中任务数", "open tasks"), problemArg("不能为负数", "is negative")))
		}
		if q := f.ContentQuality; q.Known && (q.Value < 0 || q.Value > FullShare) {
			errs = append(errs, ErrFactInvalid.New(starmap.Arg("id", id), fieldArg("内容质量分", "content quality"), rangeProblem(int64(q.Value), 0, FullShare)))
		}
	}
	if len(errs) > 0 {
		return Comparison{}, errors.Join(errs...)
	}
	out := Comparison{Offer: offer, Target: t, Columns: make([]Column, len(shortlist))}
	for i, c := range shortlist {
		out.Columns[i] = column(pl, c, offer, facts[c.p.id])
	}
	return out, nil
}

func column(pl *plan, c Creator, offer Offer, f Facts) Column {
	p := c.p
	col := Column{Creator: c, Followers: p.account.Followers, Engagement: int(p.eng),
		Completed: p.past.completed, GMV: fromFen(p.past.gmv), OpenTasks: f.OpenTasks, ContentQuality: f.ContentQuality}
	if p.known != 0 {
		col.Audience = KnownCell(c.Audience())
	}
	if fit, ok := pl.audienceFit(p); ok {
		col.AudienceMatch = KnownCell(fit)
	}
	if roi, ok := c.Past().ROI(); ok {
		col.ROI = KnownCell(roi)
	}
	if len(pl.tCats) > 0 {
		col.StyleMatch = KnownCell(pl.categoryFit(p))
	}
	if price, ok := c.Quote(offer); ok {
		col.Price = KnownCell(price)
	}
	if p.past.fpBP >= 0 {
		col.ReviewPassRate = KnownCell(int(p.past.fpBP))
	}
	return col
}

// compareArgs checks what a comparison is asked for besides its creators:
// their number, the offer, the target; it returns the target's plan.
func compareArgs(n int, offer Offer, target Target) (*plan, Target, []error) {
	var errs []error
	if n < MinShortlist || n > MaxShortlist {
		errs = append(errs, ErrShortlist.New(problemArg("须为2到10位达人,实为"+strconv.Itoa(n)+"位", "needs 2 to 10 creators, got "+strconv.Itoa(n))))
	}
	if !offer.Valid() {
		errs = append(errs, ErrCompareOffer.New(problemArg("未知("+strconv.Itoa(int(offer))+")", "unknown offer "+strconv.Itoa(int(offer)))))
	}
	pl := &plan{}
	t, err := compileTarget(pl, target)
	if err != nil {
		errs = append(errs, err)
	}
	return pl, t, errs
}

// audienceFit is the audience part of the match score, known only when
// the target names some audience and the profile knows every dimension it
// names (the score itself counts an unknown dimension as 0).
func (pl *plan) audienceFit(p *profile) (int, bool) {
	n, sum := 0, 0
	for _, d := range []struct {
		mask   uint64
		known  uint8
		shares []uint16
	}{{pl.tGender, knownGender, p.gender[:]}, {pl.tAge, knownAge, p.age[:]}, {pl.tRegion, knownRegion, p.regions[:]}} {
		if d.mask == 0 {
			continue
		}
		if p.known&d.known == 0 {
			return 0, false
		}
		n++
		for i, bp := range d.shares {
			if d.mask&(1<<(i+1)) != 0 {
				sum += int(bp)
			}
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / n, true
}
