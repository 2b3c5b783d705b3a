package task_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
	"pgregory.net/rapid"
)

func TestStatements_STL2_发票与对账明细(t *testing.T) {
	// Two tasks of adv-1 with cre-1 (signed to mcn-1): one settled at a
	// fixed price in October, one by deliverable with a refunded share.
	a := newSettled(t, task.Settlement{}, "12800.00", true)
	videoTo(t, a, task.StateSettled)
	o := settledOrder(task.Settlement{Model: task.ModelDeliverable}, "3000.00", true)
	o.ID = "task-2"
	b, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	videoTo(t, b, task.StatePublished)
	run(t, b, step{by: advertiser, req: task.Request{Command: task.CmdAcceptDelivery, Deliverables: []bool{true, true, false}}, at: day(40)})
	entries := task.Entries([]*task.Task{a, b})
	oct := func(h task.Holder) task.PeriodStatement {
		return task.Statements(h, starmap.MustDate(2026, 10, 1), starmap.MustDate(2026, 10, 31), entries)
	}
	nov := func(h task.Holder) task.PeriodStatement {
		return task.Statements(h, starmap.MustDate(2026, 11, 1), starmap.MustDate(2026, 11, 30), entries)
	}
	for _, c := range []struct {
		name        string
		h           task.Holder
		octInvoice  string
		novInvoice  string
		novOpening0 string
	}{
		{"STL-2 advertiser invoice: price and fee spent, refunds not invoiced", task.Holder{Kind: task.HolderAdvertiser, ID: "adv-1"}, "13440.00", "2100.00", "-16590.00"},
		{"STL-2 creator statement: payouts less the MCN share", task.Holder{Kind: task.HolderCreator, ID: "cre-1"}, "11520.00", "1800.00", "11520.00"},
		{"STL-2 MCN statement: its 10% share", task.Holder{Kind: task.HolderMCN, ID: "mcn-1"}, "1280.00", "200.00", "1280.00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			so, sn := oct(c.h), nov(c.h)
			if !so.Reconciles() || !sn.Reconciles() {
				t.Fatal("statement does not reconcile")
			}
			if !so.Invoiceable.Equal(dec(c.octInvoice)) || !sn.Invoiceable.Equal(dec(c.novInvoice)) {
				t.Errorf("invoiceable Oct %s Nov %s, want %s %s", so.Invoiceable, sn.Invoiceable, c.octInvoice, c.novInvoice)
			}
			for i := range so.Closing {
				if !so.Closing[i].Balance.Equal(sn.Opening[i].Balance) {
					t.Errorf("November opens %s, October closed %s", sn.Opening[i].Balance, so.Closing[i].Balance)
				}
			}
			if !sn.Opening[0].Balance.Equal(dec(c.novOpening0)) {
				t.Errorf("November opening %v = %s, want %s", sn.Opening[0].Account, sn.Opening[0].Balance, c.novOpening0)
			}
			for _, e := range sn.Entries {
				if e.Task == "" || e.At.Before(starmap.MustDate(2026, 11, 1).StartOfDay()) {
					t.Errorf("entry %+v outside November or without its task", e)
				}
			}
		})
	}
}

// TestStatements_STL2_reconcile: for random tasks and a random cut into
// periods, every statement reconciles, each period opens where the last
// closed, and the periods' totals add up to the whole.
func TestStatements_STL2_reconcile(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var tasks []*task.Task
		for i := rapid.IntRange(1, 5).Draw(rt, "tasks"); i > 0; i-- {
			o := settledOrder(task.Settlement{Model: task.Model(rapid.IntRange(0, 1).Draw(rt, "model"))}, "1", rapid.Bool().Draw(rt, "signed"))
			o.ID = "task-" + string(rune('a'+i))
			o.Price = decimal.New(int64(rapid.IntRange(1, 10_000_000).Draw(rt, "price")), -2)
			tk, _, err := task.New(advertiser, t0.Add(time.Duration(rapid.IntRange(0, 90).Draw(rt, "day"))*24*time.Hour), o, task.DefaultPolicy(), nil)
			if err != nil {
				rt.Fatal(err)
			}
			at := tk.OrderedAt().Add(time.Duration(rapid.IntRange(1, 2000).Draw(rt, "hours")) * time.Hour)
			if rapid.Bool().Draw(rt, "cancel") {
				run(rt, tk, step{by: advertiser, req: withReason(task.CmdCancel), at: at})
			} else {
				videoTo(rt, tk, task.StatePublished)
				run(rt, tk, step{by: advertiser, req: cmd(task.CmdAcceptDelivery), at: at})
			}
			tasks = append(tasks, tk)
		}
		entries := task.Entries(tasks)
		h := []task.Holder{{Kind: task.HolderAdvertiser, ID: "adv-1"}, {Kind: task.HolderCreator, ID: "cre-1"}, {Kind: task.HolderMCN, ID: "mcn-1"}}[rapid.IntRange(0, 2).Draw(rt, "holder")]
		first := starmap.MustDate(2026, 9, 1)
		whole := task.Statements(h, first, starmap.MustDate(2027, 6, 30), entries)
		from, invoiced := first, decimal.Zero
		var prev *task.PeriodStatement
		for from.Before(starmap.MustDate(2027, 6, 30)) {
			to := from.AddDays(rapid.IntRange(0, 60).Draw(rt, "length"))
			if to.After(starmap.MustDate(2027, 6, 30)) {
				to = starmap.MustDate(2027, 6, 30)
			}
			st := task.Statements(h, from, to, entries)
			if !st.Reconciles() {
				rt.Fatalf("%s..%s does not reconcile", from, to)
			}
			if prev != nil {
				for i := range st.Opening {
					if !st.Opening[i].Balance.Equal(prev.Closing[i].Balance) {
						rt.Fatalf("%s opens at %s, the period before closed at %s", from, st.Opening[i].Balance, prev.Closing[i].Balance)
					}
				}
			}
			invoiced = invoiced.Add(st.Invoiceable)
			prev = &st
			from = to.AddDays(1)
		}
		if !invoiced.Equal(whole.Invoiceable) {
			rt.Fatalf("periods invoice %s, the whole %s", invoiced, whole.Invoiceable)
		}
		for i := range whole.Closing {
			if !whole.Closing[i].Balance.Equal(prev.Closing[i].Balance) {
				rt.Fatalf("closing %s vs %s", whole.Closing[i].Balance, prev.Closing[i].Balance)
			}
		}
	})
}
