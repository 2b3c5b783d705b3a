package task

import (
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

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

var accountNames = [...]string{"", "advertiser-available", "advertiser-frozen", "creator", "mcn", "platform-fee"}

// String names the account.
func (a Account) String() string {
	if a >= AccountAdvertiserAvailable && a <= AccountPlatformFee {
		return accountNames[a]
	}
	return "unknown-account"
}

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

var postingNames = [...]string{"", "freeze", "payout", "mcn-share", "service-fee", "refund"}

// String names the kind.
func (k PostingKind) String() string {
	if k >= PostingFreeze && k <= PostingRefund {
		return postingNames[k]
	}
	return "unknown-posting"
}

// Posting is one double-entry movement: Amount (positive, whole fen) leaves
// From and enters To. A host applies a command's postings to its ledger in
// the same transaction that stores the task.
type Posting struct {
	Kind   PostingKind
	From   Account
	To     Account
	Amount decimal.Decimal
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
//     acceptance: price + fee, since it can only end in settlement.
//   - Any other running task: zero — its frozen money may still come back.
func (t *Task) Cost() decimal.Decimal {
	switch {
	case t.state == StatePublished || t.state == StateBroadcast:
		return t.price.Add(t.fee)
	case !t.state.Terminal():
		return decimal.Zero
	}
	st := t.Statement()
	return st.Paid.Add(st.MCN).Add(st.Fee)
}

// split divides pay for the creator side: the MCN's share (MCNShare of pay,
// RoundFen) when the creator is signed, the rest to the creator.
func (t *Task) split(pay decimal.Decimal) (creator, mcn decimal.Decimal) {
	if t.mcn == "" {
		return pay, decimal.Zero
	}
	mcn = starmap.RoundFen(pay.Mul(t.policy.MCNShare))
	return pay.Sub(mcn), mcn
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

// post appends a posting unless its amount is zero.
func (t *Task) post(k PostingKind, from, to Account, amount decimal.Decimal) {
	if amount.Sign() == 0 {
		return
	}
	t.postings = append(t.postings, Posting{Kind: k, From: from, To: to, Amount: amount})
}

// settle pays the full price (less the MCN share) and keeps the fee.
func (t *Task) settle() { t.release(t.price, t.fee) }

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
