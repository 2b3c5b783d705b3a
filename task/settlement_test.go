package task_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
	"pgregory.net/rapid"
)

// published is t0 + 1h: the day the helpers publish on (2026-10-01).
var published = t0.Add(time.Hour)

func day(n int) time.Time { return published.Add(time.Duration(n) * 24 * time.Hour) }

func settledOrder(s task.Settlement, price string, signed bool) task.Order {
	o := order(starmap.FormatShortVideo, signed)
	o.Price = dec(price)
	o.Template.Deliverables = []string{"60秒竖版视频", "封面", "口播文案"}
	o.Settlement = s
	return o
}

func newSettled(t tb, s task.Settlement, price string, signed bool) *task.Task {
	t.Helper()
	tk, _, err := task.New(advertiser, t0, settledOrder(s, price, signed), task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return tk
}

// checkConserved is X-4 for every model: balances sum to zero, postings
// are positive whole fen, the frozen balance is price + fee until the
// money is released and zero after, and what was frozen = paid + MCN +
// fee + refunded + still frozen; the record loads again.
func checkConserved(t tb, tk *task.Task) {
	t.Helper()
	st := tk.Statement()
	if !st.Sum().IsZero() {
		t.Fatalf("X-4 statement sums to %s", st.Sum())
	}
	released := false
	for _, p := range st.Postings {
		if p.Amount.Sign() <= 0 || starmap.CheckAmount(p.Amount) != nil {
			t.Fatalf("posting %+v not a positive whole-fen amount", p)
		}
		released = released || p.From == task.AccountAdvertiserFrozen
	}
	frozen := st.Balance(task.AccountAdvertiserFrozen)
	want := tk.Price().Add(tk.Fee())
	if released && !frozen.IsZero() || !released && !frozen.Equal(want) {
		t.Fatalf("X-4 frozen %s (released %v)", frozen, released)
	}
	if !st.Frozen.Equal(st.Paid.Add(st.MCN).Add(st.Fee).Add(st.Refunded).Add(frozen)) {
		t.Fatalf("X-4 frozen ≠ paid + mcn + fee + refunded + still frozen")
	}
	if st.Paid.Add(st.MCN).Cmp(tk.Price()) > 0 || st.Fee.Cmp(tk.Fee()) > 0 {
		t.Fatalf("paid %s + %s above price %s, or fee %s above %s", st.Paid, st.MCN, tk.Price(), st.Fee, tk.Fee())
	}
	if _, err := task.FromRecord(tk.Record()); err != nil {
		t.Fatalf("record does not load: %v", err)
	}
}

func TestShares_STL1_按交付物结算(t *testing.T) {
	for _, c := range []struct {
		name    string
		price   string
		n       int
		weights []string
		want    []string
	}{
		{"STL-1 equal shares of 12800 over 3 deliverables (60秒竖版视频, 封面, 口播文案)", "12800.00", 3, nil, []string{"4266.67", "4266.67", "4266.66"}},
		{"STL-1 weights 6:2:2", "12800.00", 3, []string{"6", "2", "2"}, []string{"7680.00", "2560.00", "2560.00"}},
		{"STL-1 one fen over three", "0.01", 3, nil, []string{"0.01", "0.00", "0.00"}},
		{"STL-1 largest remainder wins the fen, ties to the earlier", "1.00", 3, []string{"1", "1", "1.5"}, []string{"0.29", "0.28", "0.43"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ws []decimal.Decimal
			for _, w := range c.weights {
				ws = append(ws, dec(w))
			}
			got := task.Shares(dec(c.price), c.n, ws)
			sum := decimal.Zero
			for i := range got {
				sum = sum.Add(got[i])
				if !got[i].Equal(dec(c.want[i])) {
					t.Errorf("share %d = %s, want %s", i, got[i], c.want[i])
				}
			}
			if !sum.Equal(dec(c.price)) {
				t.Errorf("shares sum to %s, want %s", sum, c.price)
			}
		})
	}
}

func TestSettlement_STL1_按达成的交付物与合同约定进行结算(t *testing.T) {
	deliverable := task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{dec("6"), dec("2"), dec("2")}}
	cpm := task.Settlement{Model: task.ModelCPM, Rate: dec("30.00")}
	cps := task.Settlement{Model: task.ModelCPS, Rate: dec("2000")} // 20 %
	for _, c := range []struct {
		name      string
		s         task.Settlement
		price     string
		signed    bool
		act       func(t *testing.T, tk *task.Task)
		pay, fee  string
		mcn       string
		refunded  string
		closeOn   time.Time
		beforeEnd task.Status
	}{
		{name: "STL-1 fixed price 12800 paid at 验收", s: task.Settlement{}, price: "12800.00",
			act: func(t *testing.T, tk *task.Task) {
				videoTo(t, tk, task.StateSettled)
			}, pay: "12800.00", fee: "640.00", refunded: "0"},
		{name: "STL-1 by deliverable: 封面 not accepted, its share refunded", s: deliverable, price: "12800.00", signed: true,
			act: func(t *testing.T, tk *task.Task) {
				videoTo(t, tk, task.StatePublished)
				run(t, tk, step{by: advertiser, req: task.Request{Command: task.CmdAcceptDelivery, Deliverables: []bool{true, false, true}}})
			}, pay: "10240.00", fee: "512.00", mcn: "1024.00", refunded: "2688.00"},
		{name: "STL-1 CPM 30/千次 at the cut-off, later plays not counted", s: cpm, price: "12800.00",
			act: func(t *testing.T, tk *task.Task) {
				videoTo(t, tk, task.StatePublished)
				run(t, tk,
					step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 250_001}}, at: day(7)},
					step{by: advertiser, req: cmd(task.CmdAcceptDelivery), at: day(7)},
					step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 900_000}}, at: day(8)})
			}, pay: "7500.03", fee: "375.00", refunded: "5564.97", closeOn: day(7), beforeEnd: task.StatusLocked},
		{name: "STL-1 CPM capped at 12800", s: cpm, price: "12800.00",
			act: func(t *testing.T, tk *task.Task) {
				videoTo(t, tk, task.StateSettled)
				run(t, tk, step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 10_000_000}}, at: day(1)})
			}, pay: "12800.00", fee: "640.00", refunded: "0", closeOn: day(7), beforeEnd: task.StatusLocked},
		{name: "STL-1 CPS 20% of GMV net of refunds inside the 7-day return window", s: cps, price: "5000.00",
			act: func(t *testing.T, tk *task.Task) {
				videoTo(t, tk, task.StateSettled)
				run(t, tk,
					step{by: platform, req: task.Request{Command: task.CmdReportResults, Sales: []task.Sale{
						{Order: "o-1", At: day(1), Amount: dec("1000.00")},
						{Order: "o-2", At: day(2), Amount: dec("500.00")},
						{Order: "o-3", At: day(8).Add(24 * time.Hour), Amount: dec("9999.00")}, // after the cut-off day
					}}, at: day(9)},
					step{by: platform, req: task.Request{Command: task.CmdReportResults, Sales: []task.Sale{
						{Order: "o-1", At: day(5), Amount: dec("200.00"), Refund: true},  // inside its window
						{Order: "o-2", At: day(10), Amount: dec("500.00"), Refund: true}, // after its window
					}}, at: day(11)})
			}, pay: "260.00", fee: "13.00", refunded: "4977.00", closeOn: day(14), beforeEnd: task.StatusLocked},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk := newSettled(t, c.s, c.price, c.signed)
			if v := tk.SettlementAt(t0); v.Status != task.StatusEstimated || v.Model != c.s.Model {
				t.Fatalf("at ordering: %+v, want estimated", v)
			}
			c.act(t, tk)
			if !c.closeOn.IsZero() {
				if v := tk.SettlementAt(c.closeOn.Add(-time.Hour)); v.Status != task.StatusEstimated {
					t.Errorf("before the lock day ends: %v, want estimated", v.Status)
				}
				if c.beforeEnd != 0 {
					if v := tk.SettlementAt(c.closeOn.Add(24 * time.Hour)); v.Status != c.beforeEnd {
						t.Errorf("after the lock day: %v, want %v", v.Status, c.beforeEnd)
					}
				}
				checkConserved(t, tk)
				if _, err := tk.Apply(platform, c.closeOn, cmd(task.CmdCloseSettlement)); !errors.Is(err, task.ErrNotDue) {
					t.Fatalf("close on the lock day: %v, want ErrNotDue", err)
				}
				owed, ok := tk.Due(c.closeOn.Add(24 * time.Hour))
				if !ok || owed != task.CmdCloseSettlement {
					t.Fatalf("Due after the lock day = %v %v", owed, ok)
				}
				run(t, tk, step{by: platform, req: cmd(task.CmdCloseSettlement), at: c.closeOn.Add(24 * time.Hour)})
				if _, err := tk.Apply(platform, c.closeOn.Add(48*time.Hour), cmd(task.CmdCloseSettlement)); !errors.Is(err, task.ErrSettlementNotOpen) {
					t.Fatalf("second close: %v, want ErrSettlementNotOpen", err)
				}
			}
			checkConserved(t, tk)
			st := tk.Statement()
			v := tk.SettlementAt(day(30))
			if v.Status != task.StatusSettled {
				t.Errorf("status %v, want settled", v.Status)
			}
			mcn := decimal.Zero
			if c.mcn != "" {
				mcn = dec(c.mcn)
			}
			if !st.Paid.Add(st.MCN).Equal(dec(c.pay)) || !st.Fee.Equal(dec(c.fee)) || !st.MCN.Equal(mcn) || !st.Refunded.Equal(dec(c.refunded)) {
				t.Errorf("paid %s + mcn %s, fee %s, refunded %s; want pay %s (mcn %s), fee %s, refunded %s",
					st.Paid, st.MCN, st.Fee, st.Refunded, c.pay, mcn, c.fee, c.refunded)
			}
			if !v.Pay.Equal(dec(c.pay)) || !v.Fee.Equal(dec(c.fee)) {
				t.Errorf("view pay %s fee %s", v.Pay, v.Fee)
			}
		})
	}
}

func TestSettlement_STL1_refusals(t *testing.T) {
	for _, c := range []struct {
		name string
		s    task.Settlement
	}{
		{"STL-1 unknown model", task.Settlement{Model: 9}},
		{"STL-1 weights for a fixed price", task.Settlement{Weights: []decimal.Decimal{dec("1")}}},
		{"STL-1 two weights for three deliverables", task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{dec("1"), dec("1")}}},
		{"STL-1 zero weight", task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{dec("1"), dec("0"), dec("1")}}},
		{"STL-1 CPM without a rate", task.Settlement{Model: task.ModelCPM}},
		{"STL-1 CPM rate below the fen", task.Settlement{Model: task.ModelCPM, Rate: dec("0.001")}},
		{"STL-1 CPS above 10000 bp", task.Settlement{Model: task.ModelCPS, Rate: dec("10001")}},
		{"STL-1 CPS fractional bp", task.Settlement{Model: task.ModelCPS, Rate: dec("1.5")}},
		{"STL-1 rate on a fixed price", task.Settlement{Rate: dec("1")}},
		{"STL-1 CPS rate of 1e-10000000 refused at once", task.Settlement{Model: task.ModelCPS, Rate: decimal.New(1, -10_000_000)}},
		{"STL-1 CPM rate of 1e30", task.Settlement{Model: task.ModelCPM, Rate: decimal.New(1, 30)}},
		{"STL-1 weight of 1e-10000000 refused at once", task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{dec("1"), decimal.New(1, -10_000_000), dec("1")}}},
		{"STL-1 weight of 10^6", task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{dec("1"), dec("1000000"), dec("1")}}},
		{"STL-1 weight with 7 places", task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{dec("1"), dec("0.0000001"), dec("1")}}},
		{"STL-1 negative weight", task.Settlement{Model: task.ModelDeliverable, Weights: []decimal.Decimal{dec("1"), dec("-1"), dec("1")}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := task.New(advertiser, t0, settledOrder(c.s, "100.00", false), task.DefaultPolicy(), nil)
			if !errors.Is(err, task.ErrSettlementInvalid) {
				t.Fatalf("err = %v, want ErrSettlementInvalid", err)
			}
			assertChinese(t, err)
		})
	}
	tk := newSettled(t, task.Settlement{}, "100.00", false)
	videoTo(t, tk, task.StatePublished)
	if _, err := tk.Apply(platform, day(1), task.Request{Command: task.CmdReportResults, Sales: []task.Sale{{Order: "o-1", At: day(1), Amount: dec("1")}}}); !errors.Is(err, task.ErrSalesInvalid) {
		t.Errorf("sales on a fixed-price task: %v", err)
	}
	if _, err := tk.Apply(advertiser, day(1), task.Request{Command: task.CmdAcceptDelivery, Deliverables: []bool{true}}); !errors.Is(err, task.ErrDeliverablesInvalid) {
		t.Errorf("verdicts on a fixed-price task: %v", err)
	}
	cps := newSettled(t, task.Settlement{Model: task.ModelCPS, Rate: dec("100")}, "100.00", false)
	videoTo(t, cps, task.StatePublished)
	for name, sales := range map[string][]task.Sale{
		"refund of an unknown order": {{Order: "o-9", At: day(1), Amount: dec("1"), Refund: true}},
		"more refunded than sold":    {{Order: "o-1", At: day(1), Amount: dec("1")}, {Order: "o-1", At: day(1), Amount: dec("2"), Refund: true}},
		"sold twice":                 {{Order: "o-1", At: day(1), Amount: dec("1")}, {Order: "o-1", At: day(1), Amount: dec("1")}},
		"before the delivery":        {{Order: "o-1", At: t0, Amount: dec("1")}},
		"after now":                  {{Order: "o-1", At: day(3), Amount: dec("1")}},
		"not whole fen":              {{Order: "o-1", At: day(1), Amount: dec("0.001")}},
		"bad order id":               {{Order: "o:1", At: day(1), Amount: dec("1")}},
	} {
		if _, err := cps.Apply(platform, day(2), task.Request{Command: task.CmdReportResults, Sales: sales}); !errors.Is(err, task.ErrSalesInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(cps.Sales()) != 0 {
		t.Errorf("refused reports left sales %v", cps.Sales())
	}
}

// TestConservation_STL1_X4 drives a task of every model down random paths
// — cancellations at every stage, declines, expiries, acceptances with
// random verdicts, CPM reports before and after the cut-off, CPS sales and
// refunds inside and after their windows, sweeps — and checks X-4 after
// every step.
func TestConservation_STL1_X4(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		model := task.Model(rapid.IntRange(0, 3).Draw(rt, "model"))
		s := task.Settlement{Model: model}
		switch model {
		case task.ModelDeliverable:
			if rapid.Bool().Draw(rt, "weighted") {
				for i := 0; i < 3; i++ {
					s.Weights = append(s.Weights, decimal.New(int64(rapid.IntRange(1, 1_000_000).Draw(rt, "w")), -3))
				}
			}
		case task.ModelCPM:
			s.Rate = decimal.New(int64(rapid.IntRange(1, 1_000_000).Draw(rt, "rate")), -2)
		case task.ModelCPS:
			s.Rate = decimal.NewFromInt(int64(rapid.IntRange(1, 10000).Draw(rt, "bp")))
		}
		price := decimal.New(int64(rapid.IntRange(1, 100_000_000).Draw(rt, "price")), -2)
		o := settledOrder(s, "1", rapid.Bool().Draw(rt, "signed"))
		o.Price = price
		p := task.DefaultPolicy()
		p.FeeRate = decimal.New(int64(rapid.IntRange(0, 200_000).Draw(rt, "fee")), -6)
		p.MCNShare = decimal.New(int64(rapid.IntRange(0, 1_000_000).Draw(rt, "mcn")), -6)
		p.ReturnDays = rapid.IntRange(0, 10).Draw(rt, "return days")
		tk, _, err := task.New(advertiser, t0, o, p, nil)
		if err != nil {
			rt.Fatalf("New: %v", err)
		}
		checkConserved(rt, tk)
		now := t0
		sold := 0
		for i := 0; i < 40 && !(tk.State().Terminal() && tk.SettlementAt(now).Status != task.StatusEstimated && tk.SettlementAt(now).Status != task.StatusLocked); i++ {
			now = now.Add(time.Duration(rapid.IntRange(0, 60).Draw(rt, "hours")) * time.Hour)
			var r task.Request
			by := platform
			switch rapid.IntRange(0, 9).Draw(rt, "what") {
			case 0:
				r = withReason(task.CmdCancel)
				by = []starmap.Actor{advertiser, creator, platform}[rapid.IntRange(0, 2).Draw(rt, "canceller")]
			case 1:
				r, by = withReason(task.CmdDecline), creator
			case 2, 3:
				r = task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: int64(rapid.IntRange(0, 100_000_000).Draw(rt, "plays"))}}
				if model == task.ModelCPS {
					for k := rapid.IntRange(0, 3).Draw(rt, "lines"); k > 0; k-- {
						if sold > 0 && rapid.Bool().Draw(rt, "refund") {
							r.Sales = append(r.Sales, task.Sale{Order: "o-" + string(rune('a'+rapid.IntRange(0, sold-1).Draw(rt, "which"))),
								At: now, Amount: dec("0.01"), Refund: true})
						} else if sold < 20 {
							r.Sales = append(r.Sales, task.Sale{Order: "o-" + string(rune('a'+sold)), At: now,
								Amount: decimal.New(int64(rapid.IntRange(1, 10_000_000).Draw(rt, "gmv")), -2)})
							sold++
						}
					}
				}
			case 4:
				r = task.Request{Command: task.CmdAcceptDelivery}
				if model == task.ModelDeliverable && rapid.Bool().Draw(rt, "verdicts") {
					r.Deliverables = []bool{rapid.Bool().Draw(rt, "v1"), rapid.Bool().Draw(rt, "v2"), rapid.Bool().Draw(rt, "v3")}
				}
				by = advertiser
			default:
				// Progress: the next step of the happy path, or what the
				// clock owes.
				if c, ok := tk.Due(now); ok {
					r = cmd(c)
					break
				}
				next := map[task.State]step{
					task.StatePending:         {by: creator, req: cmd(task.CmdAcceptOrder)},
					task.StateAccepted:        {by: creator, req: withRef(task.CmdSubmitScript)},
					task.StateScriptSubmitted: {by: advertiser, req: cmd(task.CmdApproveScript)},
					task.StateScriptApproved:  {by: creator, req: withRef(task.CmdSubmitVideo)},
					task.StateVideoSubmitted:  {by: advertiser, req: cmd(task.CmdApproveVideo)},
					task.StateVideoApproved:   {by: creator, req: withRef(task.CmdPublish)},
				}[tk.State()]
				if next.req.Command == 0 {
					continue
				}
				r, by = next.req, next.by
			}
			before := tk.Record()
			if _, err := tk.Apply(by, now, r); err != nil {
				if after := tk.Record(); len(after.Postings) != len(before.Postings) || len(after.Sales) != len(before.Sales) {
					rt.Fatalf("refused %v changed the money", r.Command)
				}
				continue
			}
			checkConserved(rt, tk)
			v := tk.SettlementAt(now)
			switch st := tk.State(); {
			case st == task.StateCancelled || st == task.StateDeclined || st == task.StateExpired:
				if v.Status != task.StatusReversed {
					rt.Fatalf("%v task's settlement is %v, want reversed", st, v.Status)
				}
			case v.Status == task.StatusSettled:
				if !v.Pay.Add(v.Fee).Equal(tk.Cost()) {
					rt.Fatalf("settled pay %s + fee %s ≠ cost %s", v.Pay, v.Fee, tk.Cost())
				}
			}
		}
	})
}

// TestSettlement_STL1_lock_inside_the_calendar: a CPS task whose return
// windows would close past starmap.MaxDate() cannot be published, so no
// close waits forever.
func TestSettlement_STL1_lock_inside_the_calendar(t *testing.T) {
	at := starmap.MaxDate().AddDays(-10).StartOfDay().Add(9 * time.Hour)
	o := settledOrder(task.Settlement{Model: task.ModelCPS, Rate: dec("100")}, "100.00", false)
	tk, _, err := task.New(advertiser, at, o, task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []step{{by: creator, req: cmd(task.CmdAcceptOrder)}, {by: creator, req: withRef(task.CmdSubmitScript)},
		{by: advertiser, req: cmd(task.CmdApproveScript)}, {by: creator, req: withRef(task.CmdSubmitVideo)},
		{by: advertiser, req: cmd(task.CmdApproveVideo)}} {
		if _, err := tk.Apply(s.by, at.Add(time.Hour), s.req); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tk.Apply(creator, at.Add(time.Hour), withRef(task.CmdPublish)); !errors.Is(err, task.ErrBeyondCalendar) {
		t.Fatalf("publish 10 days before the end of the calendar with a 14-day lock: %v", err)
	}
}

// TestSettlementAt_STL1_deliverable_estimated_until_acceptance (STL-1): a
// task settled by deliverable, delivered and waiting for acceptance, is
// estimated, not locked — the acceptance may still reject deliverables and
// change the amount; meanwhile its pay and its Cost are the ceiling (the
// whole price). A fixed-price task delivered is locked.
func TestSettlementAt_STL1_deliverable_estimated_until_acceptance(t *testing.T) {
	tk := newSettled(t, task.Settlement{Model: task.ModelDeliverable}, "300.00", false)
	videoTo(t, tk, task.StatePublished)
	v := tk.SettlementAt(day(1))
	if v.Status != task.StatusEstimated {
		t.Errorf("STL-1 by deliverable, published: %v, want estimated", v.Status)
	}
	if !v.Pay.Equal(dec("300.00")) || !tk.Cost().Equal(dec("315.00")) {
		t.Errorf("ceiling: pay %s, cost %s; want 300.00, 315.00", v.Pay, tk.Cost())
	}
	run(t, tk, step{by: advertiser, req: task.Request{Command: task.CmdAcceptDelivery, Deliverables: []bool{true, false, true}}, at: day(1)})
	if v := tk.SettlementAt(day(1)); v.Status != task.StatusSettled || !v.Pay.Equal(dec("200.00")) {
		t.Errorf("after acceptance: %v pay %s, want settled 200.00", v.Status, v.Pay)
	}

	fixed := newSettled(t, task.Settlement{}, "300.00", false)
	videoTo(t, fixed, task.StatePublished)
	if v := fixed.SettlementAt(day(1)); v.Status != task.StatusLocked {
		t.Errorf("STL-1 fixed price, published: %v, want locked", v.Status)
	}
}
