package task_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TestFromRecordMoney (TSK-5, X-4, X-8): a record whose money breaks the
// statement's invariants is not a task.
func TestFromRecordMoney(t *testing.T) {
	running := newTask(t, starmap.FormatShortVideo, true)
	videoTo(t, running, task.StateScriptSubmitted)
	ended := newTask(t, starmap.FormatShortVideo, true)
	videoTo(t, ended, task.StateSettled)
	for _, tk := range []*task.Task{running, ended} {
		if _, err := task.FromRecord(tk.Record()); err != nil {
			t.Fatalf("valid record refused: %v", err)
		}
	}
	cases := []struct {
		name string
		from *task.Task
		edit func(*task.Record)
	}{
		{"negative_price", running, func(r *task.Record) { r.Price = dec("-1000.00") }},
		{"zero_price", running, func(r *task.Record) { r.Price = dec("0") }},
		{"price_not_whole_fen", running, func(r *task.Record) { r.Price = dec("1000.001") }},
		{"negative_fee", running, func(r *task.Record) { r.Fee = dec("-50.00") }},
		{"fee_not_whole_fen", running, func(r *task.Record) { r.Fee = dec("50.001") }},
		{"fee_not_the_policy_rate", running, func(r *task.Record) { r.Fee = dec("40.00") }},
		{"running_task_frozen_drained", running, func(r *task.Record) {
			r.Postings = append(r.Postings, task.Posting{Kind: task.PostingRefund, From: task.AccountAdvertiserFrozen, To: task.AccountAdvertiserAvailable, Amount: dec("1.00")})
		}},
		{"ended_task_keeps_money_frozen", ended, func(r *task.Record) { r.Postings = r.Postings[:len(r.Postings)-1] }},
		{"second_freeze", ended, func(r *task.Record) { r.Postings = append(r.Postings, r.Postings[0]) }},
		{"freeze_not_price_plus_fee", running, func(r *task.Record) { r.Postings[0].Amount = dec("1.00") }},
		{"posting_not_whole_fen", ended, func(r *task.Record) { r.Postings[1].Amount = r.Postings[1].Amount.Add(dec("0.001")) }},
		{"history_not_starting_with_the_order", running, func(r *task.Record) { r.History[0].Command = task.CmdAcceptOrder }},
	}
	for _, c := range cases {
		t.Run("X-4_"+c.name, func(t *testing.T) {
			r := c.from.Record()
			c.edit(&r)
			_, err := task.FromRecord(r)
			if !errors.Is(err, task.ErrRecordInvalid) {
				t.Errorf("FromRecord = %v, want ErrRecordInvalid", err)
			}
			assertChinese(t, err)
		})
	}
}

func TestRecordRoundTrip(t *testing.T) {
	tk := newTask(t, starmap.FormatLive, true, task.MountedComponent{ID: "c-1"})
	liveTo(t, tk, task.StateOnAir)
	back, err := task.FromRecord(tk.Record())
	if err != nil {
		t.Fatal(err)
	}
	if back.State() != task.StateOnAir || back.HistoryLen() != tk.HistoryLen() || len(back.Components()) != 1 || !back.LiveStart().Equal(tk.LiveStart()) {
		t.Errorf("round trip lost data")
	}
	run(t, back, step{by: creator, req: cmd(task.CmdShowLiveCard)})

	r := tk.Record()
	r.State = task.StateSettled
	if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
		t.Errorf("history not ending in state: %v", err)
	}
	r = tk.Record()
	r.Postings = append(r.Postings, task.Posting{Kind: task.PostingPayout, From: task.AccountAdvertiserFrozen, To: task.AccountCreator, Amount: dec("99999")})
	if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
		t.Errorf("overdrawn frozen: %v", err)
	}
	r = tk.Record()
	r.Format = 9
	if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
		t.Errorf("bad format: %v", err)
	}
}

// TestRecordDueAt (TSK-7, X-8): the record carries the instant its
// clock-driven command becomes owed — 00:00 CST after the deadline — and
// the zero time while nothing waits on the clock; a stored DueAt that is
// not the task's own is refused, so a store's index never disagrees with
// the task.
func TestRecordDueAt(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 10, d, 0, 0, 0, 0, starmap.CST()) }
	pending := newTask(t, starmap.FormatShortVideo, false)
	accepted := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, accepted, task.StateAccepted)
	published := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, published, task.StatePublished) // 2026-10-01
	broadcast := newTask(t, starmap.FormatLive, false)
	liveTo(t, broadcast, task.StateBroadcast) // 2026-10-02
	settled := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, settled, task.StateSettled)
	for _, c := range []struct {
		name string
		tk   *task.Task
		want time.Time
	}{
		{"pending_invitation_owed_on_day_6", pending, day(7)},
		{"accepted_waits_on_no_clock", accepted, time.Time{}},
		{"published_auto_accept_owed_on_day_8", published, day(9)},
		{"broadcast_auto_confirm_owed_on_day_8", broadcast, day(10)},
		{"settled_waits_on_no_clock", settled, time.Time{}},
	} {
		r := c.tk.Record()
		if !r.DueAt.Equal(c.want) {
			t.Errorf("TSK-7 %s: DueAt %v, want %v", c.name, r.DueAt, c.want)
		}
		if _, err := task.FromRecord(r); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.want.IsZero() {
			r.DueAt = day(1)
		} else {
			r.DueAt = c.want.Add(time.Second)
		}
		if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
			t.Errorf("X-8 %s with a DueAt of its own: %v, want ErrRecordInvalid", c.name, err)
		}
	}
}

// TestFromRecord_STL1_sales_lines_checked (STL-1, X-4): FromRecord runs
// the checks of a sales report over a stored record's lines. A refund
// above its sale, a negative or sub-fen sale, an absurd exponent, an order
// sold twice, a bad order id, a refund before its sale or of an unknown
// order, a line before the delivery: each is refused as ErrRecordInvalid
// instead of loading and closing into negative postings.
func TestFromRecord_STL1_sales_lines_checked(t *testing.T) {
	tk := newSettled(t, task.Settlement{Model: task.ModelCPS, Rate: dec("500")}, "100.00", false)
	videoTo(t, tk, task.StateSettled)
	run(t, tk, step{by: platform, req: task.Request{Command: task.CmdReportResults, Sales: []task.Sale{
		{Order: "o-1", At: day(1), Amount: dec("100.00")},
		{Order: "o-1", At: day(2), Amount: dec("40.00"), Refund: true},
	}}, at: day(2)})
	if _, err := task.FromRecord(tk.Record()); err != nil {
		t.Fatalf("valid record refused: %v", err)
	}
	sale := func(order string, n int, amount string, refund bool) task.Sale {
		return task.Sale{Order: order, At: day(n), Amount: dec(amount), Refund: refund}
	}
	for name, lines := range map[string][]task.Sale{
		"refund above its sale":   {sale("o-1", 1, "100.00", false), sale("o-1", 2, "1900.00", true)},
		"refunds summing above":   {sale("o-1", 1, "100.00", false), sale("o-1", 2, "60.00", true), sale("o-1", 3, "60.00", true)},
		"negative sale":           {sale("o-1", 1, "-100.00", false)},
		"zero sale":               {sale("o-1", 1, "0", false)},
		"sub-fen sale":            {sale("o-1", 1, "1.001", false)},
		"1e-100000":               {{Order: "o-1", At: day(1), Amount: decimal.New(1, -100000)}},
		"1e30":                    {{Order: "o-1", At: day(1), Amount: decimal.New(1, 30)}},
		"order sold twice":        {sale("o-1", 1, "100.00", false), sale("o-1", 2, "100.00", false)},
		"bad order id":            {sale("o:1", 1, "100.00", false)},
		"refund of unknown order": {sale("o-9", 1, "1.00", true)},
		"refund before its sale":  {sale("o-1", 2, "100.00", false), sale("o-1", 1, "1.00", true)},
		"before the delivery":     {{Order: "o-1", At: t0, Amount: dec("1.00")}},
	} {
		t.Run(name, func(t *testing.T) {
			r := tk.Record()
			r.Sales = lines
			_, err := task.FromRecord(r)
			if !errors.Is(err, task.ErrRecordInvalid) {
				t.Fatalf("FromRecord = %v, want ErrRecordInvalid", err)
			}
			if !strings.Contains(err.Error(), "settlement") {
				t.Errorf("problem not named settlement: %v", err)
			}
			assertChinese(t, err)
		})
	}
}
