package campaign

import (
	"errors"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// Metric is a figure a campaign sets a KPI target on (seed 003 数据看板 and
// KPI: 曝光、点击、收藏/加购、下单、转化率、ROI、CPI). The derived ones are
// defined as the task package defines them for one task (TSK-6), over the
// campaign's tasks:
//
//	conversion rate  orders / clicks, a fraction from 0 to 1, 4 places
//	CPM              cost × 1000 / exposure, yuan to the fen
//	CPE              cost / (clicks + favourites + add-to-cart), yuan to the fen
//	ROI              GMV / cost, 2 places
//	CPI              cost / orders (单均成本, cost per order), yuan to the fen
//
// Seed 003 names CPI without defining it; for a shop the "install" of the
// app-marketing term is the order, so CPI here is the cost of one order.
// CPM, CPE and CPI are costs: their targets are ceilings (LowerIsBetter);
// every other target is a floor.
type Metric uint8

// The metrics, in their stored order.
const (
	MetricExposure       Metric = iota + 1 // 曝光量
	MetricClicks                           // 点击量
	MetricFavourites                       // 收藏量
	MetricAddToCart                        // 加购量
	MetricOrders                           // 订单量
	MetricGMV                              // 成交额, yuan
	MetricConversionRate                   // 转化率, a fraction
	MetricCPM                              // 千次曝光成本, yuan
	MetricCPE                              // 单次互动成本, yuan
	MetricROI                              // 投资回报率
	MetricCPI                              // 单均成本, yuan
)

// metricCount is the number of declared metrics.
const metricCount = int(MetricCPI)

var metricNames = names{{"unknown-metric", "未知指标"}, {"exposure", "曝光量"}, {"clicks", "点击量"},
	{"favourites", "收藏量"}, {"add-to-cart", "加购量"}, {"orders", "订单量"}, {"gmv", "成交额"},
	{"conversion-rate", "转化率"}, {"cpm", "千次曝光成本"}, {"cpe", "单次互动成本"}, {"roi", "投资回报率"},
	{"cpi", "单均成本"}}

// String names the metric: exposure, clicks, favourites, add-to-cart,
// orders, gmv, conversion-rate, cpm, cpe, roi, cpi.
func (m Metric) String() string { return metricNames.str(int(m)) }

// Label names the metric in lang (曝光量, 转化率, 千次曝光成本 … in zh-CN).
func (m Metric) Label(lang starmap.Lang) string { return metricNames.label(int(m), lang) }

// Valid reports whether m is a declared metric.
func (m Metric) Valid() bool { return m >= MetricExposure && m <= MetricCPI }

// LowerIsBetter reports whether the metric is a cost (CPM, CPE, CPI), whose
// target is a ceiling rather than a floor.
func (m Metric) LowerIsBetter() bool { return m == MetricCPM || m == MetricCPE || m == MetricCPI }

// Metrics lists every metric in order.
func Metrics() []Metric {
	out := make([]Metric, metricCount)
	for i := range out {
		out[i] = Metric(i + 1)
	}
	return out
}

// MaxCount caps a count target (exposure, clicks …), as task.MaxCount caps
// a count of a results report: 10^15.
const MaxCount = 1_000_000_000_000_000

var (
	maxCount = decimal.NewFromInt(MaxCount)
	unit     = decimal.NewFromInt(1)
)

// Target is a KPI target: the value a metric should reach (at least, or at
// most for a cost).
type Target struct {
	Metric Metric
	Value  decimal.Decimal
}

// Validate checks the value against its metric: counts are whole numbers
// from 0 to MaxCount; GMV, CPM, CPE and CPI are non-negative amounts
// (starmap.CheckAmount); the conversion rate is a fraction from 0 to 1 with
// at most 4 decimal places; ROI is non-negative with at most 2 places and
// 15 digits before the point. It returns every problem.
func (t Target) Validate() error {
	if !t.Metric.Valid() {
		return ErrTargetInvalid.New(starmap.LabeledArg("metric", "未知指标", "unknown"),
			starmap.LabeledArg("problem", "未知指标", "unknown metric"))
	}
	bad := func(zh, en string) error {
		return ErrTargetInvalid.New(starmap.LabeledArg("metric", t.Metric.Label(starmap.ZH), t.Metric.String()),
			starmap.LabeledArg("problem", zh, en))
	}
	v := t.Value
	var errs []error
	if v.Sign() < 0 {
		errs = append(errs, bad("不能为负数", "negative"))
	}
	switch t.Metric {
	case MetricExposure, MetricClicks, MetricFavourites, MetricAddToCart, MetricOrders:
		if !v.IsInteger() {
			errs = append(errs, bad("须为整数", "not a whole number"))
		}
		if v.Cmp(maxCount) > 0 {
			errs = append(errs, bad("超过上限10^15", "above the cap of 10^15"))
		}
	case MetricConversionRate:
		if v.Cmp(unit) > 0 {
			errs = append(errs, bad("不能超过1(100%)", "above 1 (100 %)"))
		}
		if !v.Equal(v.Truncate(4)) {
			errs = append(errs, bad("最多四位小数", "more than 4 decimal places"))
		}
	default: // GMV, CPM, CPE, CPI, ROI: amounts in form
		if err := starmap.CheckAmount(v); err != nil {
			errs = append(errs, bad(starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN)))
		}
	}
	return errors.Join(errs...)
}

// normalizeTargets validates every target, refuses a metric given twice,
// and returns a copy in metric order; it reports every problem.
func normalizeTargets(ts []Target) ([]Target, error) {
	if len(ts) > metricCount {
		return nil, ErrTooManyTargets.New(starmap.Arg("max", metricCount), starmap.Arg("count", len(ts)))
	}
	var errs []error
	var seen [metricCount + 1]bool
	out := make([]Target, 0, len(ts))
	for _, t := range ts {
		if err := t.Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[t.Metric] {
			errs = append(errs, ErrTargetDuplicate.New(starmap.LabeledArg("metric", t.Metric.Label(starmap.ZH), t.Metric.String())))
			continue
		}
		seen[t.Metric] = true
		out = append(out, t)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Metric < out[j].Metric })
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
