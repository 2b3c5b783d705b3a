package task

import (
	"errors"
	"math"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// Metrics is a task's marketing data after publication (TSK-6, CMP-4):
// cumulative counts as the platform measures them and GMV in yuan. A report
// that carries metrics (any field non-zero) replaces the previous metrics
// wholesale, every field, even one that goes down (the platform's
// correction wins); a report whose Metrics are the zero value carries none
// and leaves them as they were (a CPS report of sales alone).
type Metrics struct {
	Exposure        int64
	Clicks          int64
	ComponentClicks int64 // clicks on the mounted mini-program component (CMP-4)
	Favourites      int64
	AddToCart       int64
	Orders          int64
	GMV             decimal.Decimal
}

// zero reports whether m carries no figure at all (the zero value: every
// count zero and GMV zero), i.e. a report without metrics.
func (m Metrics) zero() bool {
	return m.Exposure == 0 && m.Clicks == 0 && m.ComponentClicks == 0 && m.Favourites == 0 &&
		m.AddToCart == 0 && m.Orders == 0 && m.GMV.IsZero()
}

// MaxCount caps every count of a results report (and GMV, in yuan): far
// above any real figure, low enough that sums over many tasks stay exact.
const MaxCount = 1_000_000_000_000_000 // 1e15

// metricFields names the counts in both languages, in field order.
var metricFields = [...]struct{ en, zh string }{
	{"Exposure", "曝光量"}, {"Clicks", "点击量"}, {"ComponentClicks", "组件点击量"},
	{"Favourites", "收藏量"}, {"AddToCart", "加购量"}, {"Orders", "订单量"},
}

// Validate checks that every count is from 0 to MaxCount, that component
// clicks do not exceed clicks (they are a part of them, CMP-4), and that
// GMV is a non-negative amount starmap.CheckAmount accepts (whole fen,
// below 10^15 yuan); it returns every problem.
func (m Metrics) Validate() error {
	var errs []error
	bad := func(fieldZH, fieldEN, problemZH, problemEN string) {
		errs = append(errs, ErrMetricsInvalid.New(starmap.LabeledArg("field", fieldZH, fieldEN), starmap.LabeledArg("problem", problemZH, problemEN)))
	}
	for i, v := range [...]int64{m.Exposure, m.Clicks, m.ComponentClicks, m.Favourites, m.AddToCart, m.Orders} {
		f := metricFields[i]
		switch {
		case v < 0:
			bad(f.zh, f.en, "不能为负数", "negative")
		case v > MaxCount:
			bad(f.zh, f.en, "超过上限10^15", "above the cap of 10^15")
		}
	}
	if m.ComponentClicks > m.Clicks {
		bad("组件点击量", "ComponentClicks", "不能超过点击量", "more than the clicks it is a part of")
	}
	// GMV is an amount like any other: starmap.CheckAmount's bound.
	err := starmap.CheckAmount(m.GMV)
	switch {
	case m.GMV.Sign() < 0:
		bad("成交额", "GMV", "不能为负数", "negative")
	case errors.Is(err, starmap.ErrMoneyTooLarge):
		bad("成交额", "GMV", "超过上限10^15元", "above the cap of 10^15 yuan")
	case err != nil:
		bad("成交额", "GMV", "须精确到分", "not whole fen")
	}
	return joinErrs(errs)
}

// sat adds two non-negative counts, saturating at the largest int64
// instead of wrapping (a summary over very many capped reports).
func sat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func (m Metrics) add(o Metrics) Metrics {
	return Metrics{
		Exposure: sat(m.Exposure, o.Exposure), Clicks: sat(m.Clicks, o.Clicks),
		ComponentClicks: sat(m.ComponentClicks, o.ComponentClicks), Favourites: sat(m.Favourites, o.Favourites),
		AddToCart: sat(m.AddToCart, o.AddToCart), Orders: sat(m.Orders, o.Orders), GMV: m.GMV.Add(o.GMV),
	}
}

// Ratio is a derived figure that may be undefined: a division by zero (no
// exposure, no clicks, no cost) gives an undefined Ratio, never a panic and
// never a silent zero.
type Ratio struct {
	v  decimal.Decimal
	ok bool
}

// Defined reports whether the ratio has a value.
func (r Ratio) Defined() bool { return r.ok }

// Value returns the value and whether it is defined.
func (r Ratio) Value() (decimal.Decimal, bool) { return r.v, r.ok }

// String renders the value, or "undefined".
func (r Ratio) String() string {
	if !r.ok {
		return "undefined"
	}
	return r.v.String()
}

// divide returns num / den rounded half away from zero to places, or an
// undefined Ratio when den is zero or either is not tame.
func divide(num, den decimal.Decimal, places int32) Ratio {
	if den.Sign() == 0 || !tame(num) || !tame(den) {
		return Ratio{}
	}
	return Ratio{v: num.DivRound(den, places), ok: true}
}

// tame reports whether a decimal is one a KPI may be computed from: at most
// 40 digits either side of the point. Totals of many tasks stay far below
// that; a figure beyond it (a cost of 1e10000000 handed to Compute) would
// make the division a million-digit one, so its ratio is undefined.
func tame(d decimal.Decimal) bool {
	if d.IsZero() {
		return true
	}
	mag, exp := int64(d.NumDigits())+int64(d.Exponent()), int64(d.Exponent())
	return mag <= 40 && exp >= -40
}

// Rounding of the derived figures: rates to 4 decimal places (0.0123 =
// 1.23 %), money per unit to the fen, ROI to 2 places; all half away from
// zero, like starmap.RoundFen.
const (
	RatePlaces = 4
	ROIPlaces  = 2
)

// KPIs are the derived figures of TSK-6.
type KPIs struct {
	// ConversionRate = orders / clicks.
	ConversionRate Ratio
	// CPM = cost × 1000 / exposure, yuan per thousand exposures.
	CPM Ratio
	// CPE = cost / engagements, engagements = clicks + favourites +
	// add-to-cart (component clicks are a part of clicks and not counted twice).
	CPE Ratio
	// ROI = GMV / cost.
	ROI Ratio
	// CPI = cost / orders (单均成本, cost per order), yuan to the fen: the
	// campaign package's definition (seed 003 names CPI without defining
	// it; for a shop the "install" is the order).
	CPI Ratio
}

// Compute derives the KPIs of metrics bought at cost. A ratio whose
// divisor is zero, or whose operands are beyond any real figure (more
// than 40 digits either side of the point), is undefined.
func Compute(m Metrics, cost decimal.Decimal) KPIs {
	eng := sat(sat(m.Clicks, m.Favourites), m.AddToCart)
	return KPIs{
		ConversionRate: divide(decimal.NewFromInt(m.Orders), decimal.NewFromInt(m.Clicks), RatePlaces),
		CPM:            divide(cost.Mul(decimal.NewFromInt(1000)), decimal.NewFromInt(m.Exposure), starmap.FenPlaces),
		CPE:            divide(cost, decimal.NewFromInt(eng), starmap.FenPlaces),
		ROI:            divide(m.GMV, cost, ROIPlaces),
		CPI:            divide(cost, decimal.NewFromInt(m.Orders), starmap.FenPlaces),
	}
}

// KPIs derives the task's KPIs from its metrics and its cost.
func (t *Task) KPIs() KPIs { return Compute(t.metrics, t.Cost()) }

// Summary totals tasks under one key (a creator, a period): how many,
// their cost, their metrics, and the KPIs of the totals (ratios of sums,
// not averages of ratios).
type Summary struct {
	Key     string
	Tasks   int
	Cost    decimal.Decimal
	Metrics Metrics
	KPIs    KPIs
}

// Summarize groups tasks by key (tasks for which key returns "", and nil
// tasks, are left out) and returns one Summary per key, ordered by key; a
// nil key summarizes nothing.
func Summarize(tasks []*Task, key func(*Task) string) []Summary {
	if key == nil {
		return nil
	}
	idx := map[string]int{}
	var out []Summary
	for _, t := range tasks {
		if t == nil {
			continue
		}
		k := key(t)
		if k == "" {
			continue
		}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Summary{Key: k, Cost: decimal.Zero, Metrics: Metrics{GMV: decimal.Zero}})
		}
		s := &out[i]
		s.Tasks++
		s.Cost = s.Cost.Add(t.Cost())
		s.Metrics = s.Metrics.add(t.metrics)
	}
	for i := range out {
		out[i].KPIs = Compute(out[i].Metrics, out[i].Cost)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// ByCreator summarizes tasks per creator.
func ByCreator(tasks []*Task) []Summary {
	return Summarize(tasks, func(t *Task) string { return t.creator })
}

// InPeriod summarizes the tasks delivered (published or validly broadcast)
// from from to to, both inclusive; its Key is "from..to".
func InPeriod(tasks []*Task, from, to starmap.Date) Summary {
	key := from.String() + ".." + to.String()
	s := Summarize(tasks, func(t *Task) string {
		if d, ok := t.DeliveredOn(); ok && d.Within(from, to) {
			return key
		}
		return ""
	})
	if len(s) == 0 {
		return Summary{Key: key, Cost: decimal.Zero, Metrics: Metrics{GMV: decimal.Zero}, KPIs: Compute(Metrics{}, decimal.Zero)}
	}
	return s[0]
}

// Defined returns a defined Ratio of v (a figure a host computed itself,
// to compare with Lift).
func Defined(v decimal.Decimal) Ratio { return Ratio{v: v, ok: true} }

// LiftPlaces is the rounding of a lift: 4 places (0.1234 = +12.34 %), half
// away from zero.
const LiftPlaces = 4

// Lift is the relative change from base to variant (A/B, 转化率提升幅度):
// (variant − base) / base, 4 places. It is undefined when either is
// undefined or base is zero — never a silent zero.
func Lift(base, variant Ratio) Ratio {
	if !base.ok || !variant.ok {
		return Ratio{}
	}
	return divide(variant.v.Sub(base.v), base.v, LiftPlaces)
}
