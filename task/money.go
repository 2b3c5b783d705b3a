package task

import (
	"math"
	"math/bits"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// The money of a task (TSK-5, X-4): what enters (checkAmount, checkPrice,
// feeOf), the double-entry postings every movement is made of, the one
// place each command moves money (freeze, refundAll, refundCancel and the
// models' settleModel in settlement.go, all through release), the
// statement that reconciles them, and the invariants a stored record's
// postings must keep (checkPostings).

// Account is one side of a posting (TSK-5). The host maps each to its own
// ledger: the advertiser's available and frozen balances, the creator's
// and the MCN's earnings, the platform's fee income.
type Account uint8

// The accounts.
const (
	AccountAdvertiserAvailable Account = iota + 1
	AccountAdvertiserFrozen
	AccountCreator
	AccountMCN
	AccountPlatformFee
	numAccounts = int(AccountPlatformFee) + 1
)

// accounts is the bilingual table of Account.
var accounts = nameTable{{}, {"advertiser-available", "广告主可用余额"}, {"advertiser-frozen", "广告主冻结金额"},
	{"creator", "达人收入"}, {"mcn", "MCN机构收入"}, {"platform-fee", "平台服务费收入"}}

// String names the account ("advertiser-frozen").
func (a Account) String() string { return accounts.str(int(a), "unknown-account") }

// Label names the account in lang (广告主冻结金额 in zh-CN).
func (a Account) Label(lang starmap.Lang) string {
	return accounts.label(int(a), lang, "unknown-account")
}

func (a Account) valid() bool { return a >= AccountAdvertiserAvailable && a <= AccountPlatformFee }

// PostingKind says why money moved.
type PostingKind uint8

// The kinds of posting.
const (
	PostingFreeze     PostingKind = iota + 1 // ordering: price + fee frozen
	PostingPayout                            // settlement or compensation to the creator
	PostingMCNShare                          // the MCN's share of a signed creator's pay
	PostingServiceFee                        // the platform's service fee
	PostingRefund                            // back to the advertiser's available balance
)

// postingKinds is the bilingual table of PostingKind.
var postingKinds = nameTable{{}, {"freeze", "冻结"}, {"payout", "支付达人"}, {"mcn-share", "MCN分成"},
	{"service-fee", "平台服务费"}, {"refund", "退款"}}

// String names the kind ("mcn-share").
func (k PostingKind) String() string { return postingKinds.str(int(k), "unknown-posting") }

// Label names the kind in lang (MCN分成 in zh-CN).
func (k PostingKind) Label(lang starmap.Lang) string {
	return postingKinds.label(int(k), lang, "unknown-posting")
}

func (k PostingKind) valid() bool { return k >= PostingFreeze && k <= PostingRefund }

// Posting is one double-entry movement: Amount (positive, whole fen, at
// most starmap.MaxAmountText) leaves From and enters To. Service.Order, Do
// and Sweep return the postings of each command in its Outcome, for the
// host to apply to its ledger in the transaction that stores the task.
type Posting struct {
	Kind   PostingKind
	From   Account
	To     Account
	Amount decimal.Decimal
	// At is the instant of the command that made the posting (the
	// statements of STL-2 cut periods by it).
	At time.Time
}

// Line is one account of a statement with its net balance for the task.
type Line struct {
	Account Account
	Balance decimal.Decimal
}

// Statement is the per-task reconciliation (TSK-5): every posting, and the
// net balance of each account. The balances sum to zero to the fen; when
// the task has ended the frozen balance is zero: what was frozen equals
// payouts + MCN share + fee + refund.
type Statement struct {
	TaskID   string
	Postings []Posting
	Lines    []Line
	// Frozen, Paid, MCN, Fee and Refunded total the postings by kind.
	Frozen, Paid, MCN, Fee, Refunded decimal.Decimal
}

// Balance returns the net balance of an account in the statement.
func (s Statement) Balance(a Account) decimal.Decimal {
	for _, l := range s.Lines {
		if l.Account == a {
			return l.Balance
		}
	}
	return decimal.Zero
}

// Sum returns the sum of all balances: zero for every valid statement.
func (s Statement) Sum() decimal.Decimal {
	sum := decimal.Zero
	for _, l := range s.Lines {
		sum = sum.Add(l.Balance)
	}
	return sum
}

// Statement builds the task's statement from its postings.
func (t *Task) Statement() Statement {
	st := Statement{TaskID: t.id, Postings: append([]Posting(nil), t.postings...),
		Frozen: decimal.Zero, Paid: decimal.Zero, MCN: decimal.Zero, Fee: decimal.Zero, Refunded: decimal.Zero}
	var bal [numAccounts]decimal.Decimal
	for _, p := range t.postings {
		bal[p.From] = bal[p.From].Sub(p.Amount)
		bal[p.To] = bal[p.To].Add(p.Amount)
		switch p.Kind {
		case PostingFreeze:
			st.Frozen = st.Frozen.Add(p.Amount)
		case PostingPayout:
			st.Paid = st.Paid.Add(p.Amount)
		case PostingMCNShare:
			st.MCN = st.MCN.Add(p.Amount)
		case PostingServiceFee:
			st.Fee = st.Fee.Add(p.Amount)
		case PostingRefund:
			st.Refunded = st.Refunded.Add(p.Amount)
		}
	}
	for a := AccountAdvertiserAvailable; a <= AccountPlatformFee; a++ {
		st.Lines = append(st.Lines, Line{Account: a, Balance: bal[a]})
	}
	return st
}

// Cost is what the task costs the advertiser, the divisor of CPM, CPE and
// ROI (TSK-6): money spent or committed, never money merely frozen.
//   - A task that ended (settled, cancelled, declined, expired): what was
//     paid out — creator, MCN and fee; zero when everything was refunded.
//   - A delivered task (published, or validly broadcast) waiting for
//     acceptance: price + fee, since it can only end in settlement. For a
//     task settled by deliverable this is its ceiling: it is counted until
//     the acceptance, which may reject deliverables and pay less (its
//     SettlementAt stays estimated meanwhile).
//   - Any other running task: zero — its frozen money may still come back.
//   - A CPM or CPS task delivered and not yet closed: the estimated pay
//     (from everything reported so far) + its fee (STL-1).
func (t *Task) Cost() decimal.Decimal {
	switch {
	case t.settlement.Model.deferred() && !t.released() &&
		(t.state == StatePublished || t.state == StateBroadcast || t.state == StateSettled):
		pay, _, _ := t.pay(calendarEnd)
		return pay.Add(t.feeOn(pay))
	case t.state == StatePublished || t.state == StateBroadcast:
		return t.price.Add(t.fee)
	case !t.state.Terminal():
		return decimal.Zero
	}
	// Paid, MCN share and fee: every posting out of the frozen balance but
	// the refund (summed directly: dashboards ask this of many tasks).
	spent := decimal.Zero
	for _, p := range t.postings {
		if p.From == AccountAdvertiserFrozen && p.Kind != PostingRefund {
			spent = spent.Add(p.Amount)
		}
	}
	return spent
}

// What enters.

// checkPrice checks an ordered price: positive, whole fen, and — with the
// fee the policy adds — a total within starmap.MaxAmountText, so that
// every posting of the task is an amount the library accepts.
func checkPrice(price decimal.Decimal, p Policy) error {
	arg := starmap.AmountArg("price", price)
	if price.Sign() <= 0 {
		return ErrPriceInvalid.New(arg)
	}
	if err := starmap.CheckAmount(price); err != nil {
		return ErrPriceInvalid.Wrap(err, arg)
	}
	if err := starmap.CheckAmount(price.Add(feeOf(price, p))); err != nil {
		return ErrPriceInvalid.Wrap(err, arg)
	}
	return nil
}

// feeOf is the service fee frozen with a price: RoundFen(price × FeeRate).
func feeOf(price decimal.Decimal, p Policy) decimal.Decimal {
	return starmap.RoundFen(price.Mul(p.FeeRate))
}

// How money moves.

// freeze is the ordering's one posting: price + fee from the advertiser's
// available balance to its frozen one.
func (t *Task) freeze() {
	t.post(PostingFreeze, AccountAdvertiserAvailable, AccountAdvertiserFrozen, t.price.Add(t.fee))
}

// refundAll gives everything back (a declined or expired invitation).
func (t *Task) refundAll() { t.release(decimal.Zero, decimal.Zero) }

// refundCancel applies the refund table for a cancellation at progress p
// by party by: compensation RoundFen(price × CreatorShare) to the creator
// side, RoundFen(fee × FeeShare) kept as fee, the rest refunded.
//
// Nothing goes to the creator side unless a creator accepted the task
// (progress past ProgressInvited): cancelling an open task (no creator) or
// a pending invitation refunds the whole price, whatever the table says
// (Policy.Validate already refuses such a table; this holds for any).
func (t *Task) refundCancel(p Progress, by Party) {
	r := t.policy.Refunds.Rule(p, by)
	pay := starmap.RoundFen(t.price.Mul(r.CreatorShare))
	if p <= ProgressInvited || t.creator == "" {
		pay = decimal.Zero
	}
	t.release(pay, starmap.RoundFen(t.fee.Mul(r.FeeShare)))
}

// release empties the frozen balance: pay to the creator side, fee to the
// platform, the rest refunded. pay and fee are whole fen, pay ≤ price,
// fee ≤ t.fee, so every amount is non-negative and the frozen balance ends
// at exactly zero.
func (t *Task) release(pay, fee decimal.Decimal) {
	creator, mcn := t.split(pay)
	refund := t.price.Add(t.fee).Sub(pay).Sub(fee)
	t.post(PostingPayout, AccountAdvertiserFrozen, AccountCreator, creator)
	t.post(PostingMCNShare, AccountAdvertiserFrozen, AccountMCN, mcn)
	t.post(PostingServiceFee, AccountAdvertiserFrozen, AccountPlatformFee, fee)
	t.post(PostingRefund, AccountAdvertiserFrozen, AccountAdvertiserAvailable, refund)
}

// split divides pay for the creator side: the MCN's share when the
// creator is signed — RoundFen(pay × MCNShareBP / 10000) from the signing
// kept with the task (MCN-2), or RoundFen(pay × Policy.MCNShare) when no
// signing was looked up — and the rest to the creator.
func (t *Task) split(pay decimal.Decimal) (creator, mcn decimal.Decimal) {
	if t.mcn == "" {
		return pay, decimal.Zero
	}
	if t.signing != "" {
		mcn = starmap.RoundFen(pay.Mul(decimal.New(int64(t.mcnShareBP), -4)))
	} else {
		mcn = starmap.RoundFen(pay.Mul(t.policy.MCNShare))
	}
	return pay.Sub(mcn), mcn
}

// keepSigning records the signing in force and its share (MCN-2).
func (t *Task) keepSigning(terms mcn.Terms) {
	t.mcn, t.signing, t.mcnShareBP = terms.MCN, terms.Signing, terms.ShareBP
}

// Signing returns the MCN signing kept with the task and its share in
// basis points ("" and 0 when none was looked up).
func (t *Task) Signing() (id string, shareBP int) { return t.signing, t.mcnShareBP }

// post appends a posting unless its amount is zero.
func (t *Task) post(k PostingKind, from, to Account, amount decimal.Decimal) {
	if amount.Sign() == 0 {
		return
	}
	t.postings = append(t.postings, Posting{Kind: k, From: from, To: to, Amount: amount, At: t.at})
}

// postingsSince returns a copy of the postings after the first n: what the
// command that started with n postings moved.
func (t *Task) postingsSince(n int) []Posting {
	if n >= len(t.postings) {
		return nil
	}
	return append([]Posting(nil), t.postings[n:]...)
}

// What a stored record must keep.

// checkPostings checks a stored record's money against the statement's
// invariants (TSK-5, X-4): price and fee amounts the library accepts, the
// fee the policy's rate of the price, postings of positive whole fen
// between two different accounts that freeze price + fee once, never
// overdraw the frozen balance, and leave it at price + fee while the task
// runs and at zero once it ended. It returns the problem in both
// languages, or ok.
//
// FromRecord runs it on every load, so it counts in whole fen with int64
// (checkPostingsFen); a record whose figures do not fit there takes the
// decimal path, which reports the same.
func checkPostings(r Record) (problemZH, problemEN string, ok bool) {
	if zh, en, ok, decided := checkPostingsFen(r); decided {
		return zh, en, ok
	}
	return checkPostingsDecimal(r)
}

// checkPostingsFen is checkPostings in int64 fen, without the
// allocations of decimal arithmetic (a product, a rounding, comparisons of
// different exponents): decided is false when a figure has no int64 form
// (a coefficient of more than 18 digits, a rate that is no whole number
// of millionths up to 1) or the sums could overflow. Every amount it
// converts has passed starmap.CheckAmount (below 10^15 yuan, whole fen),
// so each is below 10^17 fen.
func checkPostingsFen(r Record) (problemZH, problemEN string, ok, decided bool) {
	if r.Price.Sign() <= 0 || starmap.CheckAmount(r.Price) != nil {
		return "价格无效", "price", false, true
	}
	if r.Fee.Sign() < 0 || starmap.CheckAmount(r.Fee) != nil {
		return "服务费无效", "fee", false, true
	}
	price, okP := scaledInt(r.Price, starmap.FenPlaces)
	fee, okF := scaledInt(r.Fee, starmap.FenPlaces)
	rate, okR := scaledInt(r.Policy.FeeRate, RatePrecision)
	if !okP || !okF || !okR || rate < 0 || rate > pow10[RatePrecision] {
		return "", "", false, false
	}
	// feeOf: price × rate rounded to the fen, half away from zero (up, as
	// both are non-negative); the product is below 10^23, so 128 bits.
	hi, lo := bits.Mul64(uint64(price), uint64(rate))
	lo, carry := bits.Add64(lo, uint64(pow10[RatePrecision]/2), 0)
	if q, _ := bits.Div64(hi+carry, lo, uint64(pow10[RatePrecision])); fee != int64(q) {
		return "服务费无效", "fee", false, true
	}
	want := price + fee
	if want >= pow10[starmap.FenPlaces+15] { // starmap.CheckAmount's 15 digits
		return "价格加服务费超出金额上限", "price + fee above the largest amount", false, true
	}
	var frozen, in int64
	for _, p := range r.Postings {
		if p.Amount.Sign() <= 0 || starmap.CheckAmount(p.Amount) != nil || !p.Kind.valid() ||
			!p.From.valid() || !p.To.valid() || p.From == p.To {
			return "资金流水无效", "posting", false, true
		}
		a, ok := scaledInt(p.Amount, starmap.FenPlaces)
		if !ok || in > math.MaxInt64-a {
			return "", "", false, false
		}
		if p.To == AccountAdvertiserFrozen {
			frozen += a
			in += a
		}
		if p.From == AccountAdvertiserFrozen {
			frozen -= a
		}
		if frozen < 0 {
			return "资金流水使冻结余额为负", "postings overdraw the frozen balance", false, true
		}
	}
	if in != want {
		return "冻结金额不等于价格加服务费", "frozen amount is not price + fee", false, true
	}
	ended := r.State.Terminal() && !(r.Settlement.Model.deferred() && r.State == StateSettled && frozen == want)
	if ended && frozen != 0 || !ended && frozen != want {
		return "冻结余额与任务状态不符", "frozen balance does not match the state", false, true
	}
	return "", "", true, true
}

// checkPostingsDecimal is checkPostings in decimal arithmetic, for any
// figures.
func checkPostingsDecimal(r Record) (problemZH, problemEN string, ok bool) {
	if r.Price.Sign() <= 0 || starmap.CheckAmount(r.Price) != nil {
		return "价格无效", "price", false
	}
	if r.Fee.Sign() < 0 || starmap.CheckAmount(r.Fee) != nil || !r.Fee.Equal(feeOf(r.Price, r.Policy)) {
		return "服务费无效", "fee", false
	}
	want := r.Price.Add(r.Fee)
	if starmap.CheckAmount(want) != nil {
		return "价格加服务费超出金额上限", "price + fee above the largest amount", false
	}
	frozen, in := decimal.Zero, decimal.Zero
	for _, p := range r.Postings {
		if p.Amount.Sign() <= 0 || starmap.CheckAmount(p.Amount) != nil || !p.Kind.valid() ||
			!p.From.valid() || !p.To.valid() || p.From == p.To {
			return "资金流水无效", "posting", false
		}
		if p.To == AccountAdvertiserFrozen {
			frozen = frozen.Add(p.Amount)
			in = in.Add(p.Amount)
		}
		if p.From == AccountAdvertiserFrozen {
			frozen = frozen.Sub(p.Amount)
		}
		if frozen.Sign() < 0 {
			return "资金流水使冻结余额为负", "postings overdraw the frozen balance", false
		}
	}
	if !in.Equal(want) {
		return "冻结金额不等于价格加服务费", "frozen amount is not price + fee", false
	}
	// A CPM or CPS task accepted but not yet closed still holds its money.
	ended := r.State.Terminal() && !(r.Settlement.Model.deferred() && r.State == StateSettled && frozen.Equal(want))
	if ended && !frozen.IsZero() || !ended && !frozen.Equal(want) {
		return "冻结余额与任务状态不符", "frozen balance does not match the state", false
	}
	return "", "", true
}
