package task

import (
	"sort"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// Statements per party and period (STL-2, seed 003: 提供发票与对账明细):
// pure functions over postings. Entries lists every posting of some tasks
// with its task and parties; PeriodStatement cuts them for one holder and
// one period of civil days.

// Entry is one posting with the task it belongs to and the task's parties.
type Entry struct {
	Task       string
	Advertiser string
	Creator    string
	MCN        string
	Seq        int // position among the task's postings, 0-based
	Posting
}

// Entries returns every posting of tasks (nil tasks left out), ordered by
// instant, then task id, then position.
func Entries(tasks []*Task) []Entry {
	var out []Entry
	for _, t := range tasks {
		if t == nil {
			continue
		}
		for i, p := range t.postings {
			out = append(out, Entry{Task: t.id, Advertiser: t.advertiser, Creator: t.creator, MCN: t.mcn, Seq: i, Posting: p})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.Task != b.Task {
			return a.Task < b.Task
		}
		return a.Seq < b.Seq
	})
	return out
}

// HolderKind is whose statement it is.
type HolderKind uint8

// The holders of a statement.
const (
	HolderAdvertiser HolderKind = iota + 1 // available and frozen balances
	HolderCreator                          // the creator's earnings
	HolderMCN                              // the MCN's share
)

var holderKinds = nameTable{{}, {"advertiser", "广告主"}, {"creator", "达人"}, {"mcn", "MCN机构"}}

// String names the kind.
func (k HolderKind) String() string { return holderKinds.str(int(k), "unknown-holder") }

// Label names the kind in lang.
func (k HolderKind) Label(lang starmap.Lang) string {
	return holderKinds.label(int(k), lang, "unknown-holder")
}

// Holder is a party a statement is made for.
type Holder struct {
	Kind HolderKind
	ID   string
}

// accounts are the holder's accounts, and whether an entry is the
// holder's.
func (h Holder) accounts() []Account {
	switch h.Kind {
	case HolderAdvertiser:
		return []Account{AccountAdvertiserAvailable, AccountAdvertiserFrozen}
	case HolderCreator:
		return []Account{AccountCreator}
	case HolderMCN:
		return []Account{AccountMCN}
	}
	return nil
}

func (h Holder) owns(e Entry) bool {
	switch h.Kind {
	case HolderAdvertiser:
		return e.Advertiser == h.ID
	case HolderCreator:
		return e.Creator == h.ID && (e.From == AccountCreator || e.To == AccountCreator)
	case HolderMCN:
		return e.MCN == h.ID && (e.From == AccountMCN || e.To == AccountMCN)
	}
	return false
}

// PeriodStatement is a holder's statement for the days From … To
// (inclusive, China Standard Time, X-1): the opening balance of each of
// its accounts (everything before From), every posting of the period with
// its task, the totals by kind, the closing balances, and the invoiceable
// amount. Closing = Opening + the period's net movement, per account,
// exactly (Reconciles).
type PeriodStatement struct {
	Holder   Holder
	From, To starmap.Date
	Opening  []Line
	Entries  []Entry
	// Totals sums the period's entries by kind (index PostingKind; 0
	// unused).
	Totals  [PostingRefund + 1]decimal.Decimal
	Closing []Line
	// Invoiceable is what the period's invoice covers. Advertiser: what
	// it spent — payouts, MCN shares and service fees out of its frozen
	// balance (the platform invoices price and fee; refunds and freezes
	// are not revenue). Creator: its payouts. MCN: its shares.
	Invoiceable decimal.Decimal
}

// Statements builds holder h's statement for from … to from entries (any
// order; those of other holders are left out).
func Statements(h Holder, from, to starmap.Date, entries []Entry) PeriodStatement {
	st := PeriodStatement{Holder: h, From: from, To: to, Invoiceable: decimal.Zero}
	for k := range st.Totals {
		st.Totals[k] = decimal.Zero
	}
	accts := h.accounts()
	open := map[Account]decimal.Decimal{}
	move := map[Account]decimal.Decimal{}
	for _, a := range accts {
		open[a], move[a] = decimal.Zero, decimal.Zero
	}
	start, end := from.StartOfDay(), to.AddDays(1).StartOfDay()
	var in []Entry
	for _, e := range entries {
		if !h.owns(e) || !e.At.Before(end) {
			continue
		}
		bal := open
		if !e.At.Before(start) {
			bal = move
			in = append(in, e)
		}
		if _, ok := bal[e.From]; ok {
			bal[e.From] = bal[e.From].Sub(e.Amount)
		}
		if _, ok := bal[e.To]; ok {
			bal[e.To] = bal[e.To].Add(e.Amount)
		}
	}
	sort.SliceStable(in, func(i, j int) bool {
		if !in[i].At.Equal(in[j].At) {
			return in[i].At.Before(in[j].At)
		}
		if in[i].Task != in[j].Task {
			return in[i].Task < in[j].Task
		}
		return in[i].Seq < in[j].Seq
	})
	st.Entries = in
	for _, e := range in {
		if e.Kind.valid() {
			st.Totals[e.Kind] = st.Totals[e.Kind].Add(e.Amount)
		}
		switch {
		case h.Kind == HolderAdvertiser && e.From == AccountAdvertiserFrozen &&
			(e.Kind == PostingPayout || e.Kind == PostingMCNShare || e.Kind == PostingServiceFee),
			h.Kind == HolderCreator && e.To == AccountCreator,
			h.Kind == HolderMCN && e.To == AccountMCN:
			st.Invoiceable = st.Invoiceable.Add(e.Amount)
		}
	}
	for _, a := range accts {
		st.Opening = append(st.Opening, Line{Account: a, Balance: open[a]})
		st.Closing = append(st.Closing, Line{Account: a, Balance: open[a].Add(move[a])})
	}
	return st
}

// Reconciles checks the statement against its own entries (对账): for
// every account, closing = opening + Σ in − Σ out of the period's entries,
// to the fen.
func (s PeriodStatement) Reconciles() bool {
	if len(s.Opening) != len(s.Closing) {
		return false
	}
	for i, o := range s.Opening {
		b := o.Balance
		for _, e := range s.Entries {
			if e.From == o.Account {
				b = b.Sub(e.Amount)
			}
			if e.To == o.Account {
				b = b.Add(e.Amount)
			}
		}
		if s.Closing[i].Account != o.Account || !b.Equal(s.Closing[i].Balance) {
			return false
		}
	}
	return true
}
