package dashboard

import (
	"math"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/task"
)

// ByCampaign summarizes tasks per campaign (tasks ordered in none are
// left out), ordered by campaign id.
func ByCampaign(tasks []*task.Task) []task.Summary {
	return task.Summarize(tasks, (*task.Task).Campaign)
}

// ByCreator summarizes tasks per creator, ordered by creator id.
func ByCreator(tasks []*task.Task) []task.Summary { return task.ByCreator(tasks) }

// ByFormat summarizes tasks per content form (short-video, live).
func ByFormat(tasks []*task.Task) []task.Summary {
	return task.Summarize(tasks, func(t *task.Task) string { return t.Format().String() })
}

// InPeriod summarizes the tasks delivered from from to to (inclusive).
func InPeriod(tasks []*task.Task, from, to starmap.Date) task.Summary {
	return task.InPeriod(tasks, from, to)
}

// Total summarizes every task under key.
func Total(tasks []*task.Task, key string) task.Summary {
	s := task.Summarize(tasks, func(*task.Task) string { return key })
	if len(s) == 0 {
		return task.Summary{Key: key, Cost: decimal.Zero, Metrics: task.Metrics{GMV: decimal.Zero}, KPIs: task.Compute(task.Metrics{}, decimal.Zero)}
	}
	return s[0]
}

// SharePlaces is the precision of a share of orders: 2 places of a
// percentage (12.34 %).
const SharePlaces = 2

// Share is one creator's part of a group's orders (达人成单贡献占比):
// Percent is a percentage with SharePlaces places, undefined when the
// group has no orders.
type Share struct {
	Creator string
	Orders  int64
	Percent task.Ratio
}

// Shares returns each creator's share of the orders of tasks, ordered by
// creator id; the percentages sum to exactly 100.00 (largest remainder, see
// the package doc).
func Shares(tasks []*task.Task) []Share {
	// Counts are summed as decimals: many capped reports overflow int64.
	per := map[string]decimal.Decimal{}
	for _, t := range tasks {
		if t == nil || t.Creator() == "" {
			continue
		}
		per[t.Creator()] = per[t.Creator()].Add(decimal.NewFromInt(t.Metrics().Orders))
	}
	out := make([]Share, 0, len(per))
	exact := make(map[string]decimal.Decimal, len(per))
	total := decimal.Zero
	for c, n := range per {
		o := int64(math.MaxInt64)
		if n.Cmp(decimal.NewFromInt(math.MaxInt64)) < 0 {
			o = n.IntPart()
		}
		out = append(out, Share{Creator: c, Orders: o})
		exact[c] = n
		total = total.Add(n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Creator < out[j].Creator })
	if total.Sign() == 0 {
		return out
	}
	// 100 % is 10^(2+SharePlaces) units of 0.01 %.
	units := int64(100)
	for i := 0; i < SharePlaces; i++ {
		units *= 10
	}
	rem := make([]struct {
		i int
		r decimal.Decimal
	}, len(out))
	got := make([]int64, len(out))
	left := units
	for i, s := range out {
		// Integer quotient and exact remainder (the share ≤ 1: at most units).
		q, r := decimal.NewFromInt(units).Mul(exact[s.Creator]).QuoRem(total, 0)
		got[i] = q.IntPart()
		rem[i].i, rem[i].r = i, r
		left -= got[i]
	}
	sort.SliceStable(rem, func(a, b int) bool { return rem[a].r.Cmp(rem[b].r) > 0 })
	for k := 0; left > 0; k, left = (k+1)%len(rem), left-1 {
		got[rem[k].i]++
	}
	for i := range out {
		out[i].Percent = task.Defined(decimal.New(got[i], -SharePlaces))
	}
	return out
}

// Value returns metric m of a summary as a Ratio: counts and GMV are
// always defined, derived figures as the KPIs say.
func Value(s task.Summary, m campaign.Metric) task.Ratio {
	n := func(v int64) task.Ratio { return task.Defined(decimal.NewFromInt(v)) }
	switch m {
	case campaign.MetricExposure:
		return n(s.Metrics.Exposure)
	case campaign.MetricClicks:
		return n(s.Metrics.Clicks)
	case campaign.MetricFavourites:
		return n(s.Metrics.Favourites)
	case campaign.MetricAddToCart:
		return n(s.Metrics.AddToCart)
	case campaign.MetricOrders:
		return n(s.Metrics.Orders)
	case campaign.MetricGMV:
		return task.Defined(s.Metrics.GMV)
	case campaign.MetricConversionRate:
		return s.KPIs.ConversionRate
	case campaign.MetricCPM:
		return s.KPIs.CPM
	case campaign.MetricCPE:
		return s.KPIs.CPE
	case campaign.MetricROI:
		return s.KPIs.ROI
	case campaign.MetricCPI:
		return s.KPIs.CPI
	}
	return task.Ratio{}
}

// Lift is the relative change of metric m from base to variant (A/B,
// 转化率提升幅度): (variant − base) / base, 4 places; undefined when
// either is undefined or base is zero.
func Lift(m campaign.Metric, base, variant task.Summary) task.Ratio {
	return task.Lift(Value(base, m), Value(variant, m))
}

// TargetResult says whether a campaign's KPI target is met: Actual is the
// figure, Met whether it reaches the target (at most the target for a
// cost, at least for the others); an undefined figure meets nothing.
type TargetResult struct {
	Target campaign.Target
	Actual task.Ratio
	Met    bool
}

// Summary is a campaign's board (项目汇总): its totals, per creator, per
// content form, each creator's share of the orders, and its targets.
type Summary struct {
	Campaign  string
	Total     task.Summary
	ByCreator []task.Summary
	ByFormat  []task.Summary
	Shares    []Share
	Targets   []TargetResult
	// Budget, Reserved, Spent and Remaining are the campaign's budget
	// figures as its record holds them (CAM-1).
	Budget, Reserved, Spent, Remaining decimal.Decimal
}

// Campaign builds campaign c's board from tasks (those ordered in another
// campaign, or in none, are left out).
func Campaign(c campaign.Campaign, tasks []*task.Task) Summary {
	in := make([]*task.Task, 0, len(tasks))
	for _, t := range tasks {
		if t != nil && t.Campaign() == c.ID() {
			in = append(in, t)
		}
	}
	s := Summary{Campaign: c.ID(), Shares: Shares(in), Budget: c.Budget(), Reserved: c.Reserved(), Spent: c.Spent(), Remaining: c.Remaining()}
	s.Total, s.ByCreator, s.ByFormat = onePass(c.ID(), in)
	for _, tg := range c.Targets() {
		r := TargetResult{Target: tg, Actual: Value(s.Total, tg.Metric)}
		if v, ok := r.Actual.Value(); ok {
			if tg.Metric.LowerIsBetter() {
				r.Met = v.Cmp(tg.Value) <= 0
			} else {
				r.Met = v.Cmp(tg.Value) >= 0
			}
		}
		s.Targets = append(s.Targets, r)
	}
	return s
}

// group is a summary being totalled.
type group struct {
	s task.Summary
}

func (g *group) add(cost decimal.Decimal, m task.Metrics) {
	g.s.Tasks++
	g.s.Cost = g.s.Cost.Add(cost)
	a := &g.s.Metrics
	a.Exposure, a.Clicks, a.ComponentClicks = sat(a.Exposure, m.Exposure), sat(a.Clicks, m.Clicks), sat(a.ComponentClicks, m.ComponentClicks)
	a.Favourites, a.AddToCart, a.Orders = sat(a.Favourites, m.Favourites), sat(a.AddToCart, m.AddToCart), sat(a.Orders, m.Orders)
	a.GMV = a.GMV.Add(m.GMV)
}

func newGroup(key string) *group {
	return &group{s: task.Summary{Key: key, Cost: decimal.Zero, Metrics: task.Metrics{GMV: decimal.Zero}}}
}

// sat adds two non-negative counts, saturating at the largest int64 (as
// task.Summarize does).
func sat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// onePass totals tasks, per creator and per content form in one pass,
// reading each task's cost once: what Total, ByCreator and ByFormat give,
// at a third of the cost.
func onePass(key string, tasks []*task.Task) (task.Summary, []task.Summary, []task.Summary) {
	total := newGroup(key)
	creators, formats := map[string]*group{}, map[string]*group{}
	for _, t := range tasks {
		cost, m := t.Cost(), t.Metrics()
		total.add(cost, m)
		if c := t.Creator(); c != "" {
			g := creators[c]
			if g == nil {
				g = newGroup(c)
				creators[c] = g
			}
			g.add(cost, m)
		}
		f := t.Format().String()
		g := formats[f]
		if g == nil {
			g = newGroup(f)
			formats[f] = g
		}
		g.add(cost, m)
	}
	done := func(gs map[string]*group) []task.Summary {
		out := make([]task.Summary, 0, len(gs))
		for _, g := range gs {
			g.s.KPIs = task.Compute(g.s.Metrics, g.s.Cost)
			out = append(out, g.s)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
		return out
	}
	total.s.KPIs = task.Compute(total.s.Metrics, total.s.Cost)
	return total.s, done(creators), done(formats)
}
