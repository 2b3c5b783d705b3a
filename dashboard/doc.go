// Package dashboard is the data board of seed 003 (数据看板, KPI) over the
// starmap SDK's tasks (SPEC §7 CAM-2): pure functions over tasks — their
// results (TSK-6) and their postings (TSK-5, STL-1) — per campaign, per
// creator, per content form (short video / live) and per period, each
// creator's share of the orders (达人成单贡献占比), whether a campaign
// meets its KPI targets, and the lift of a metric between two groups or
// two periods (A/B, 转化率提升幅度).
//
// It is a package of its own rather than a part of campaign because it
// reads tasks (task imports campaign for ordering inside one, so campaign
// cannot import task) and it stores nothing: the host loads the tasks it
// wants to see (task.Service or its own read model) and asks.
//
// # Figures
//
// Every row is a task.Summary: the number of tasks, their cost (what the
// advertiser spent or committed, task.Task.Cost: paid out for an ended
// task, price + fee for a delivered one — for a task settled by
// deliverable that is its ceiling, counted until the acceptance says which
// deliverables are paid (the acceptance may pay less) —, the estimated
// pay + fee for a CPM or CPS task until its close, zero for one in
// progress), the summed
// metrics (exposure, clicks, favourites, add-to-cart, orders, GMV) and the
// KPIs of the sums — ratios of totals, never averages of ratios:
//
//	conversion rate  orders / clicks, 4 places
//	CPM              cost × 1000 / exposure, yuan to the fen
//	CPE              cost / (clicks + favourites + add-to-cart), to the fen
//	ROI              GMV / cost, 2 places
//	CPI              cost / orders (单均成本, cost per order), to the fen
//
// CPI is the campaign package's definition (campaign.MetricCPI): seed 003
// names it without defining it, and for a shop the "install" of the
// app-marketing term is the order. All of them round half away from zero;
// a zero divisor gives an undefined task.Ratio, never a panic and never a
// silent zero.
//
// # Shares (达人成单贡献占比)
//
// Shares gives each creator's orders as a percentage of the group's, with
// SharePlaces (2) decimal places, and the shares sum to exactly 100.00:
// each is first truncated to 0.01 %, and the hundredths left over go one
// each to the creators with the largest remainders (ties to the creator
// whose id sorts first) — largest-remainder rounding. With no orders at
// all there is nothing to share: every share is undefined.
//
// # Lift
//
// Lift(m, base, variant) is (variant − base) / base of metric m between
// two summaries (two creators, two content forms, two periods, a pilot
// and the rest), to 4 places (task.Lift); undefined when either figure is
// or base is zero.
//
// # Speed
//
// A campaign summary over 10,000 tasks (Campaign: totals, per creator, per
// content form, shares, targets), measured with
//
//	go test ./dashboard -run '^$' -bench . -benchmem
//
// is in the table of the settlement benchmarks, task's doc ("Speed").
package dashboard
