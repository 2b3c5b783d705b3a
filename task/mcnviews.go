package task

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// The MCN workspace fed from the SDK's own tasks (MCN-3): MCNTasks and
// MCNLedger adapt a Store to the two host interfaces package mcn's views
// read (mcn.TaskSource, mcn.Ledger), so that a host running both services
// passes mcn.WithTaskSource(MCNTasks(store)) and
// mcn.WithLedger(MCNLedger(store)) and the MCN sees exactly the tasks kept
// with it and the shares they posted. Package mcn never imports task; this
// file is the bridge.

// MCNTasks returns the mcn.TaskSource over store: mcn.TaskQuery becomes a
// Query with MCN (the tasks kept with the MCN at ordering or claim,
// TSK-5), Creator and Open, and the page is the store's own — newest first
// by (OrderedAt, ID) descending with the store's cursors, exactly the
// order and paging rule mcn.TaskSource documents. A nil store is
// starmap.ErrServiceDependency.
func MCNTasks(store Store) (mcn.TaskSource, error) {
	if err := starmap.RequireDependency("任务存储", "task store", store); err != nil {
		return nil, err
	}
	return mcnTasks{store}, nil
}

type mcnTasks struct{ store Store }

// Tasks implements mcn.TaskSource. An empty or invalid MCN is refused
// (starmap.ErrIDInvalid): without it the query would select every task.
func (a mcnTasks) Tasks(ctx context.Context, q mcn.TaskQuery) (starmap.Page[mcn.TaskSummary], error) {
	var none starmap.Page[mcn.TaskSummary]
	if err := starmap.ValidateID("mcn id", q.MCN); err != nil {
		return none, err
	}
	p, err := a.store.List(ctx, Query{MCN: q.MCN, Creator: q.Creator, Open: q.OpenOnly, PageRequest: q.PageRequest})
	if err != nil {
		return none, err
	}
	out := starmap.Page[mcn.TaskSummary]{Items: make([]mcn.TaskSummary, 0, len(p.Items)), Next: p.Next}
	for _, r := range p.Items {
		out.Items = append(out.Items, MCNSummary(r))
	}
	return out, nil
}

// MCNSummary is the task as the MCN workspace shows it (订单接收): its
// status in the MCN's four (pending or open: 待接收; settled: 已完成;
// declined, expired, cancelled: 已关闭; every other state: 进行中), its
// price, its ordering instant and the share kept with it — the signing's
// basis points, or, for an MCN the host vouched for without a signing, the
// policy's MCNShare rounded to a basis point (the postings themselves are
// exact).
func MCNSummary(r Record) mcn.TaskSummary {
	share := r.MCNShareBP
	if r.Signing == "" && r.MCN != "" {
		share = int(r.Policy.MCNShare.Shift(4).Round(0).IntPart())
	}
	return mcn.TaskSummary{ID: r.ID, Advertiser: r.Advertiser, Creator: r.Creator, MCN: r.MCN,
		Status: mcnStatus(r.State), OrderedAt: r.OrderedAt, Price: r.Price, ShareBP: share}
}

func mcnStatus(s State) mcn.TaskStatus {
	switch {
	case s == StatePending || s == StateOpen:
		return mcn.TaskPending
	case s == StateSettled:
		return mcn.TaskCompleted
	case s.Terminal():
		return mcn.TaskClosed
	}
	return mcn.TaskRunning
}

// MCNLedger returns the mcn.Ledger over store's postings (MCN-3, X-4):
// the MCN's account moves only by the postings of its tasks, so the
// entries of a party are the postings into AccountMCN (PostingMCNShare:
// mcn.EntryShare, positive) and out of it (mcn.EntryReversal, negative) of
// every task kept with the party, each with its task, creator and the
// instant of the command that made it. The opening balance at from is the
// sum of those before from, so a statement's closing balance is the sum of
// every MCN posting up to its end, to the fen. An entry's id is the task's
// id, "#" and the posting's index in the task (postings are only ever
// appended, so the id is stable); a task id too long for that is replaced
// by "h" and the first 32 hex digits of its SHA-256.
//
// Withdrawals and adjustments are the host's money, not the tasks': a host
// that pays its MCNs out wraps this ledger and adds its own entries.
//
// Cost and snapshot. Entries reads every task kept with the party
// (Query.MCN, page by page, MaxPageLimit at a time — from the index a
// database store keeps for it): linear in the MCN's tasks, not in the
// period. Each task is read whole, so a task's postings are never half
// counted, and a task is never counted twice (its MCN and OrderedAt, the
// page order, never change once kept). Across tasks the pages are one
// snapshot only when the store reads them in one: a command settling a
// task while the pages are read is counted or not, as it committed before
// or after its page. A host that needs one snapshot runs Earnings in a
// repeatable-read transaction its store honours (pgstore.WithTx).
// A nil store is starmap.ErrServiceDependency.
func MCNLedger(store Store) (mcn.Ledger, error) {
	if err := starmap.RequireDependency("任务存储", "task store", store); err != nil {
		return nil, err
	}
	return mcnLedger{store}, nil
}

type mcnLedger struct{ store Store }

// Entries implements mcn.Ledger.
func (l mcnLedger) Entries(ctx context.Context, party string, from, to time.Time) (decimal.Decimal, []mcn.Entry, error) {
	opening := decimal.Zero
	if err := starmap.ValidateID("mcn id", party); err != nil {
		return opening, nil, err
	}
	entries := []mcn.Entry{}
	q := Query{MCN: party, PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}}
	for {
		p, err := l.store.List(ctx, q)
		if err != nil {
			return decimal.Zero, nil, err
		}
		for _, r := range p.Items {
			if r.MCN != party {
				return decimal.Zero, nil, fmt.Errorf("task: the store listed task %s of MCN %q for MCN %q", r.ID, r.MCN, party)
			}
			for i, pst := range r.Postings {
				e, ok := mcnEntry(r, i, pst, party)
				switch {
				case !ok:
				case e.At.Before(from):
					opening = opening.Add(e.Amount)
				case e.At.Before(to):
					entries = append(entries, e)
				}
			}
		}
		if p.Next == "" {
			return opening, entries, nil
		}
		q.Cursor = p.Next
	}
}

// mcnEntry is posting i of r as an entry of the MCN's account, when it
// moves that account.
func mcnEntry(r Record, i int, p Posting, party string) (mcn.Entry, bool) {
	e := mcn.Entry{ID: entryID(r.ID, i), Party: party, Task: r.ID, Creator: r.Creator, At: p.At}
	switch {
	case p.To == AccountMCN && p.From != AccountMCN:
		e.Kind, e.Amount = mcn.EntryShare, p.Amount
	case p.From == AccountMCN && p.To != AccountMCN:
		e.Kind, e.Amount = mcn.EntryReversal, p.Amount.Neg()
	default:
		return mcn.Entry{}, false
	}
	return e, true
}

// entryID is the stable id of posting i of task id.
func entryID(id string, i int) string {
	suffix := "#" + strconv.Itoa(i)
	if len(id)+len(suffix) > starmap.MaxIDLen {
		sum := sha256.Sum256([]byte(id))
		id = "h" + hex.EncodeToString(sum[:16])
	}
	return id + suffix
}
