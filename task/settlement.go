package task

import (
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// The settlement models of STL-1 (seed 003: 按达成的交付物与合同约定进行结算).
// Every model freezes price + fee at ordering (for CPM and CPS the price
// is the cap the advertiser sets) and, when it settles, calls release with
// what it pays: the creator side gets pay (less the MCN's share), the
// platform fee = RoundFen(pay × FeeRate), the advertiser the rest — so the
// frozen balance ends at exactly zero on every path.

// Model is how a task is settled, chosen at ordering and kept with it.
// The zero Model is the fixed price.
type Model uint8

// The models.
const (
	ModelFixed       Model = iota // the whole price at acceptance
	ModelDeliverable              // the price split over the deliverables; accepted ones paid
	ModelCPM                      // a rate per thousand plays up to the cap, at the cut-off
	ModelCPS                      // a commission on net GMV up to the cap, once the return windows closed
	numModels        = int(ModelCPS) + 1
)

var models = nameTable{{"fixed", "固定价格"}, {"deliverable", "按交付物结算"}, {"cpm", "按千次播放结算"}, {"cps", "按成交佣金结算"}}

// String names the model (fixed, deliverable, cpm, cps).
func (m Model) String() string { return models.str(int(m), "unknown-model") }

// Label names the model in lang (按成交佣金结算 in zh-CN).
func (m Model) Label(lang starmap.Lang) string { return models.label(int(m), lang, "unknown-model") }

// Valid reports whether m is a declared model.
func (m Model) Valid() bool { return int(m) < numModels }

// deferred reports whether the model pays after acceptance, at a close
// the clock owes (CPM, CPS).
func (m Model) deferred() bool { return m == ModelCPM || m == ModelCPS }

// Settlement is the contract's settlement model (STL-1). The zero value is
// the fixed price.
type Settlement struct {
	Model Model
	// Weights (ModelDeliverable) are the contract's weights of the
	// template's deliverables, one per deliverable, each positive with at
	// most RatePrecision places and below 10^6; nil splits the price in
	// equal shares.
	Weights []decimal.Decimal
	// Rate is, for ModelCPM, yuan per thousand plays (an amount in whole
	// fen, more than zero); for ModelCPS the commission in basis points
	// of net GMV (a whole number from 1 to 10000). Zero for the others.
	Rate decimal.Decimal
}

// MaxWeight bounds a deliverable weight.
var maxWeight = decimal.New(1, 6)

// clone copies the weights.
func (s Settlement) clone() Settlement {
	if s.Weights != nil {
		s.Weights = append([]decimal.Decimal(nil), s.Weights...)
	}
	return s
}

// Validate checks the model against the template's deliverables and
// returns every problem.
func (s Settlement) Validate(deliverables int) error {
	var errs []error
	bad := func(fzh, fen, pzh, pen string) {
		errs = append(errs, ErrSettlementInvalid.New(starmap.LabeledArg("field", fzh, fen), starmap.LabeledArg("problem", pzh, pen)))
	}
	if !s.Model.Valid() {
		bad("结算方式", "Model", "未知", "unknown")
		return joinErrs(errs)
	}
	if s.Model != ModelDeliverable && s.Weights != nil {
		bad("权重", "Weights", "仅按交付物结算时可设置", "only for settlement by deliverable")
	}
	switch s.Model {
	case ModelFixed, ModelDeliverable:
		if !s.Rate.IsZero() {
			bad("费率", "Rate", "仅按播放或按成交结算时可设置", "only for CPM or CPS")
		}
	case ModelCPM:
		if s.Rate.Sign() <= 0 || starmap.CheckAmount(s.Rate) != nil {
			bad("千次播放单价", "Rate", "须为大于0、精确到分的金额", "must be a positive amount in whole fen")
		}
	case ModelCPS:
		if s.Rate.Sign() <= 0 || wild(s.Rate) || s.Rate.Cmp(decimal.NewFromInt(10000)) > 0 || !s.Rate.Equal(s.Rate.Truncate(0)) {
			bad("佣金比例(基点)", "Rate (basis points)", "须为1至10000的整数", "must be a whole number from 1 to 10000")
		}
	}
	if s.Model == ModelDeliverable && s.Weights != nil {
		if len(s.Weights) != deliverables {
			bad("权重", "Weights", "个数须等于交付物个数"+strconv.Itoa(deliverables), "one per deliverable ("+strconv.Itoa(deliverables)+")")
		}
		for _, w := range s.Weights {
			if w.Sign() <= 0 || wild(w) || w.Cmp(maxWeight) >= 0 || !w.Equal(w.Truncate(RatePrecision)) {
				bad("权重", "Weights", "须为大于0、小于10^6、最多6位小数的数", "each positive, below 10^6, at most 6 places")
				break
			}
		}
	}
	return joinErrs(errs)
}

// wild reports a decimal whose exponent is far outside any rate or
// weight (1e-10000000, 1e30): refused before any arithmetic that would
// rescale it to millions of digits.
func wild(d decimal.Decimal) bool { return d.Exponent() < -20 || d.Exponent() > 20 }

// Shares splits price over n deliverables by weights (nil: equal shares),
// to the fen, summing to price exactly. Rounding point (documented in the
// package doc): each share is first price × w / Σw truncated to the fen;
// the fen left over go one each to the shares with the largest truncated
// remainders, ties to the earlier deliverable (largest remainder).
func Shares(price decimal.Decimal, n int, weights []decimal.Decimal) []decimal.Decimal {
	if n <= 0 {
		return nil
	}
	ws := weights
	if len(ws) != n {
		ws = make([]decimal.Decimal, n)
		for i := range ws {
			ws[i] = decimal.NewFromInt(1)
		}
	}
	fen := price.Shift(starmap.FenPlaces).IntPart()
	return largestRemainder(fen, ws, starmap.FenPlaces)
}

// largestRemainder splits total units (an integer) over weights and
// returns each part as a decimal with places, summing to total exactly.
func largestRemainder(total int64, weights []decimal.Decimal, places int32) []decimal.Decimal {
	sum := decimal.Zero
	for _, w := range weights {
		sum = sum.Add(w)
	}
	out := make([]decimal.Decimal, len(weights))
	if sum.Sign() <= 0 {
		for i := range out {
			out[i] = decimal.Zero
		}
		return out
	}
	type rem struct {
		i int
		r decimal.Decimal
	}
	rems := make([]rem, len(weights))
	t := decimal.NewFromInt(total)
	left := total
	units := make([]int64, len(weights))
	for i, w := range weights {
		// Integer quotient and exact remainder of total × w / Σw (w/Σw ≤ 1:
		// never more than total).
		q, r := t.Mul(w).QuoRem(sum, 0)
		rems[i] = rem{i, r}
		units[i] = q.IntPart()
		left -= units[i]
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r.Cmp(rems[b].r) > 0 })
	for k := 0; left > 0 && len(rems) > 0; k, left = (k+1)%len(rems), left-1 {
		units[rems[k].i]++
	}
	for i, u := range units {
		out[i] = decimal.New(u, -places)
	}
	return out
}

// Sale is one attributed order of a CPS task, or a refund of one (TSK-6,
// STL-1): Order is the shop's order id, At when it was placed (or
// refunded), Amount its GMV (or the refunded part), in whole fen.
type Sale struct {
	Order  string
	At     time.Time
	Amount decimal.Decimal
	Refund bool
}

// MaxSales bounds the sales lines one task keeps.
const MaxSales = 10000

// Status is where a task's settlement stands (STL-1), the same words for
// both sides.
type Status uint8

// The statuses.
const (
	StatusEstimated Status = iota + 1 // the amount can still change
	StatusLocked                      // the amount is final, not yet paid
	StatusSettled                     // paid out by the model
	StatusReversed                    // ended without delivery: the cancellation table applied
)

var statuses = nameTable{{}, {"estimated", "预估"}, {"locked", "已锁定"}, {"settled", "已结算"}, {"reversed", "已冲回"}}

// String names the status.
func (s Status) String() string { return statuses.str(int(s), "unknown-status") }

// Label names the status in lang (预估, 已锁定, 已结算, 已冲回).
func (s Status) Label(lang starmap.Lang) string {
	return statuses.label(int(s), lang, "unknown-status")
}

// SettlementView is what both sides see of a task's settlement at an
// instant: the model, the status, the measured base (plays for CPM, net
// GMV for CPS, the accepted share of the price by deliverable), what the
// creator side is (or would be) paid and the fee on it, and the day the
// amount locks (CPM: the cut-off; CPS: the last return window's end).
type SettlementView struct {
	Model  Model
	Status Status
	Plays  int64
	NetGMV decimal.Decimal
	Pay    decimal.Decimal
	Fee    decimal.Decimal
	// LocksOn is the last day the amount can change (inclusive); zero
	// before delivery and for fixed price and by deliverable.
	LocksOn starmap.Date
}

// Settlement returns the task's settlement model.
func (t *Task) Settlement() Settlement { return t.settlement.clone() }

// Accepted returns the acceptance's verdict per deliverable (by
// deliverable), nil before.
func (t *Task) Accepted() []bool { return append([]bool(nil), t.accepted...) }

// Sales returns the CPS sales lines reported, oldest report first.
func (t *Task) Sales() []Sale { return append([]Sale(nil), t.sales...) }

// released reports whether the frozen money was released (the task's
// money ended).
func (t *Task) released() bool {
	for _, p := range t.postings {
		if p.From == AccountAdvertiserFrozen {
			return true
		}
	}
	return false
}

// settlementOpen reports whether a deferred model still owes its close.
func (t *Task) settlementOpen() bool {
	return t.settlement.Model.deferred() && t.state == StateSettled && !t.released()
}

// locksOn is the last day a deferred model's amount can change: the
// cut-off (delivery day + CutoffDays) for CPM, that plus ReturnDays for
// CPS (the return window of the last sale the cut-off counts).
func (t *Task) locksOn() (starmap.Date, bool) {
	if !t.settlement.Model.deferred() || t.deliveredAt.IsZero() {
		return starmap.Date{}, false
	}
	d := starmap.DateOf(t.deliveredAt).AddDays(t.policy.CutoffDays)
	if t.settlement.Model == ModelCPS {
		d = d.AddDays(t.policy.ReturnDays)
	}
	return d, true
}

// lockDays is how many days after the delivery a deferred model locks (0
// for the others).
func (t *Task) lockDays() int {
	switch t.settlement.Model {
	case ModelCPM:
		return t.policy.CutoffDays
	case ModelCPS:
		return t.policy.CutoffDays + t.policy.ReturnDays
	}
	return 0
}

// cutoffEnd is the first instant after the CPM/CPS cut-off day.
func (t *Task) cutoffEnd() time.Time {
	return starmap.DateOf(t.deliveredAt).AddDays(t.policy.CutoffDays + 1).StartOfDay()
}

// netGMV is the CPS base at now: the sales placed before the cut-off's
// end, less their refunds reported by now and placed before the end of
// the sale's return window (sale day + ReturnDays, inclusive). A refund
// after the window does not reduce the commission. A net below zero is
// clamped to zero: checkSaleLines (on every report and on every record
// loaded) keeps each order's refunds within its sale, so it cannot happen;
// the clamp is a second guard that no pay, fee or posting is ever
// negative.
func (t *Task) netGMV(now time.Time) decimal.Decimal {
	end := t.cutoffEnd()
	sold := map[string]time.Time{}
	net := decimal.Zero
	for _, s := range t.sales {
		if !s.Refund {
			if s.At.Before(end) {
				sold[s.Order] = s.At
				net = net.Add(s.Amount)
			}
			continue
		}
		at, ok := sold[s.Order]
		if !ok || s.At.After(now) {
			continue
		}
		if s.At.Before(starmap.DateOf(at).AddDays(t.policy.ReturnDays + 1).StartOfDay()) {
			net = net.Sub(s.Amount)
		}
	}
	if net.Sign() < 0 {
		return decimal.Zero
	}
	return net
}

// pay is what the model pays the creator side at now: the price (fixed),
// the accepted shares (by deliverable; all of them before acceptance), the
// capped CPM or CPS amount. Rounding points: CPM RoundFen(plays × rate /
// 1000), CPS RoundFen(net GMV × bps / 10000), both half away from zero,
// then capped at the price.
func (t *Task) pay(now time.Time) (pay decimal.Decimal, plays int64, net decimal.Decimal) {
	net = decimal.Zero
	switch t.settlement.Model {
	case ModelDeliverable:
		if t.accepted == nil {
			return t.price, 0, net
		}
		pay = decimal.Zero
		for i, s := range Shares(t.price, len(t.template.Deliverables), t.settlement.Weights) {
			if i < len(t.accepted) && t.accepted[i] {
				pay = pay.Add(s)
			}
		}
		return pay, 0, net
	case ModelCPM:
		plays = t.plays
		pay = starmap.RoundFen(decimal.NewFromInt(plays).Mul(t.settlement.Rate).Shift(-3))
	case ModelCPS:
		net = t.netGMV(now)
		pay = starmap.RoundFen(net.Mul(t.settlement.Rate).Shift(-4))
	default:
		return t.price, 0, net
	}
	if pay.Cmp(t.price) > 0 {
		pay = t.price
	}
	return pay, plays, net
}

// feeOn is the fee kept on pay: RoundFen(pay × FeeRate), the whole frozen
// fee when pay is the whole price. Rounding half away from zero is
// monotone, so it never exceeds the frozen fee.
func (t *Task) feeOn(pay decimal.Decimal) decimal.Decimal {
	if pay.Equal(t.price) {
		return t.fee
	}
	return starmap.RoundFen(pay.Mul(t.policy.FeeRate))
}

// SettlementAt returns the task's settlement as both sides see it at now
// (STL-1): estimated while the amount can change (by deliverable: until
// acceptance, its pay the whole price meanwhile), locked once it cannot,
// settled when paid by the model, reversed when the task ended without
// delivery (declined, expired, cancelled: the cancellation table applied,
// see Statement for what moved).
func (t *Task) SettlementAt(now time.Time) SettlementView {
	v := SettlementView{Model: t.settlement.Model, NetGMV: decimal.Zero}
	v.LocksOn, _ = t.locksOn()
	switch {
	case t.state == StateDeclined || t.state == StateExpired || t.state == StateCancelled:
		v.Status = StatusReversed
		st := t.Statement()
		v.Pay, v.Fee = st.Paid.Add(st.MCN), st.Fee
		return v
	case t.released():
		v.Status = StatusSettled
		st := t.Statement()
		v.Pay, v.Fee = st.Paid.Add(st.MCN), st.Fee
		v.Plays = t.plays
		if t.settlement.Model == ModelCPS {
			v.NetGMV = t.netGMV(now)
		}
		return v
	}
	v.Pay, v.Plays, v.NetGMV = t.pay(now)
	v.Fee = t.feeOn(v.Pay)
	v.Status = StatusEstimated
	switch {
	case t.settlement.Model.deferred():
		if d, ok := t.locksOn(); ok && starmap.DateOf(now).After(d) {
			v.Status = StatusLocked
		}
	case t.settlement.Model == ModelFixed && (t.state == StatePublished || t.state == StateBroadcast):
		// Delivered at a fixed price: acceptance pays the whole price.
		// By deliverable stays estimated until acceptance, which may
		// reject deliverables and so change the amount.
		v.Status = StatusLocked
	}
	return v
}

// settleModel releases the frozen money by the model at now: at
// acceptance for fixed price and by deliverable, at the close for CPM and
// CPS.
func (t *Task) settleModel(now time.Time) {
	pay, _, _ := t.pay(now)
	t.release(pay, t.feeOn(pay))
}

// checkSales validates a CPS report's lines against the task at now.
func (t *Task) checkSales(now time.Time, sales []Sale) error {
	if len(sales) == 0 {
		return nil
	}
	if t.settlement.Model != ModelCPS {
		return ErrSalesInvalid.New(starmap.Arg("order", "-"), starmap.LabeledArg("problem", "仅按成交佣金结算的任务可回传成交明细", "only a CPS task takes sales"))
	}
	if len(t.sales)+len(sales) > MaxSales {
		return ErrSalesInvalid.New(starmap.Arg("order", "-"), starmap.LabeledArg("problem", "成交明细超过"+strconv.Itoa(MaxSales)+"条", "more than "+strconv.Itoa(MaxSales)+" lines"))
	}
	return checkSaleLines(t.deliveredAt, now, t.sales, sales)
}

// checkSaleLines checks sales reported after prior (lines already kept,
// trusted): every amount positive whole fen (starmap.CheckAmount), a valid
// order id, no order sold twice, a refund only of an order sold, never
// more than what is left of it and not before it, every instant at or
// after the delivery and — when now is not the zero time — not after now.
// Apply runs it on a report (prior: the task's lines), FromRecord on a
// stored record's lines (prior nil, now zero: the instant of loading says
// nothing about when the lines were reported).
func checkSaleLines(delivered, now time.Time, prior, sales []Sale) error {
	bad := func(order, zh, en string) error {
		return ErrSalesInvalid.New(starmap.Arg("order", order), starmap.LabeledArg("problem", zh, en))
	}
	sold := map[string]decimal.Decimal{}
	soldAt := map[string]time.Time{}
	for _, s := range prior {
		if s.Refund {
			sold[s.Order] = sold[s.Order].Sub(s.Amount)
		} else {
			sold[s.Order], soldAt[s.Order] = s.Amount, s.At
		}
	}
	for _, s := range sales {
		if err := starmap.ValidateID("order id", s.Order); err != nil {
			return ErrSalesInvalid.Wrap(err, starmap.Arg("order", "?"), starmap.LabeledArg("problem", "订单号无效", "bad order id"))
		}
		if s.Amount.Sign() <= 0 || starmap.CheckAmount(s.Amount) != nil {
			return bad(s.Order, "金额须为大于0、精确到分的金额", "amount must be positive whole fen")
		}
		if s.At.Before(delivered) || !now.IsZero() && s.At.After(now) {
			return bad(s.Order, "时间须在发布之后、回传之前", "instant must be after the delivery and not after now")
		}
		left, ok := sold[s.Order]
		switch {
		case !s.Refund && ok:
			return bad(s.Order, "订单已回传", "order reported twice")
		case !s.Refund:
			sold[s.Order], soldAt[s.Order] = s.Amount, s.At
		case !ok:
			return bad(s.Order, "退款的订单未回传", "refund of an unknown order")
		case s.Amount.Cmp(left) > 0:
			return bad(s.Order, "退款超过订单剩余金额", "refund above what is left of the order")
		case s.At.Before(soldAt[s.Order]):
			return bad(s.Order, "退款早于下单", "refund before the order")
		default:
			sold[s.Order] = left.Sub(s.Amount)
		}
	}
	return nil
}
