package mcn_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

func summary(id, creator, mcnID string, st mcn.TaskStatus) mcn.TaskSummary {
	return mcn.TaskSummary{ID: id, Advertiser: "adv-1", Creator: creator, MCN: mcnID, Status: st,
		OrderedAt: at(2), Price: money("1000.00"), ShareBP: 2000}
}

// TestSignedCreators_MCN3: 签约达人管理 — the MCN's creators with an active
// signing, by creator id, each with its open tasks.
func TestSignedCreators_MCN3(t *testing.T) {
	ctx := context.Background()
	src := &tasks{}
	f := newFixture(t, mcn.WithTaskSource(src))
	for i := 1; i <= 5; i++ {
		c := fmt.Sprintf("c-%d", i)
		p := mcn.Proposal{ID: "s1", Creator: c, Accounts: []mcn.Account{douyin("dy-" + c)}, Start: d(1), End: d(100), ShareBP: 1000}
		switch i {
		case 1, 2, 4:
			f.sign(t, mcnA, p)
		case 3:
			if _, _, err := f.svc.Propose(ctx, mcnA, p); err != nil { // only proposed
				t.Fatal(err)
			}
		case 5:
			f.sign(t, mcnB, p) // another MCN's
		}
	}
	if _, _, err := f.svc.End(ctx, mcnA, mcn.Key{Creator: "c-4", Signing: "s1"}, "解约"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < mcn.OpenTasksShown+1; i++ {
		src.all = append(src.all, summary(fmt.Sprintf("t-1-%02d", i), "c-1", "mcn-a", mcn.TaskRunning))
	}
	src.all = append(src.all,
		summary("t-2-open", "c-2", "mcn-a", mcn.TaskPending),
		summary("t-2-done", "c-2", "mcn-a", mcn.TaskCompleted),
		summary("t-2-alone", "c-2", "", mcn.TaskRunning), // ordered to the creator alone
		summary("t-5", "c-5", "mcn-b", mcn.TaskRunning))
	page, err := f.svc.SignedCreators(ctx, mcnA, "mcn-a", starmap.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range page.Items {
		got = append(got, fmt.Sprintf("%s:%d:%d:%v", line.Creator, len(line.Signings), len(line.OpenTasks), line.MoreOpenTasks))
	}
	if want := "[c-1:1:20:true c-2:1:1:false]"; fmt.Sprint(got) != want || page.Next != "" {
		t.Errorf("MCN-3 signed creators %v (Next %q), want %s", got, page.Next, want)
	}
	// Paged one by one, with the platform looking.
	var all []string
	q := starmap.PageRequest{Limit: 1}
	for {
		p, err := f.svc.SignedCreators(ctx, ops, "mcn-a", q)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range p.Items {
			all = append(all, l.Creator)
		}
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	if fmt.Sprint(all) != "[c-1 c-2]" {
		t.Errorf("paged one by one: %v", all)
	}
	// A signing past its term counts as expired before the sweep runs.
	f.clock.Set(at(101))
	if p, _ := f.svc.SignedCreators(ctx, mcnA, "mcn-a", starmap.PageRequest{}); len(p.Items) != 0 {
		t.Errorf("after the term: %d creators", len(p.Items))
	}
	for _, tc := range []struct {
		by   starmap.Actor
		mcn  string
		want *starmap.Rule
	}{
		{mcnB, "mcn-a", mcn.ErrWorkspaceForbidden},
		{creator1, "mcn-a", starmap.ErrActorRole},
		{adv, "mcn-a", starmap.ErrActorRole},
		{ops, "m/a", starmap.ErrIDInvalid},
	} {
		if _, err := f.svc.SignedCreators(ctx, tc.by, tc.mcn, starmap.PageRequest{}); !errors.Is(err, tc.want) {
			t.Errorf("X-7 %v on %s's workspace: %v, want %s", tc.by, tc.mcn, err, tc.want.Code())
		}
	}
	if _, err := f.svc.SignedCreators(ctx, mcnA, "mcn-a", starmap.PageRequest{Limit: -1}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("a negative limit: %v", err)
	}
}

// TestOrders_MCN3: 订单接收 — the orders kept with the MCN, also those of a
// creator whose signing has ended; a source's wrong answer is caught.
func TestOrders_MCN3(t *testing.T) {
	ctx := context.Background()
	src := &tasks{all: []mcn.TaskSummary{
		summary("t-1", "c-1", "mcn-a", mcn.TaskRunning),
		summary("t-2", "c-1", "mcn-a", mcn.TaskCompleted),
		summary("t-3", "c-2", "mcn-a", mcn.TaskPending),
		summary("t-4", "c-2", "mcn-b", mcn.TaskPending),
		summary("t-5", "c-1", "", mcn.TaskRunning),
	}}
	f := newFixture(t, mcn.WithTaskSource(src))
	ids := func(p starmap.Page[mcn.TaskSummary]) string {
		var out []string
		for _, t := range p.Items {
			out = append(out, t.ID)
		}
		return fmt.Sprint(out)
	}
	for _, tc := range []struct {
		name string
		q    mcn.OrderQuery
		want string
	}{
		{"MCN-3 every order", mcn.OrderQuery{}, "[t-1 t-2 t-3]"},
		{"MCN-3 one creator's", mcn.OrderQuery{Creator: "c-1"}, "[t-1 t-2]"},
		{"MCN-3 open ones", mcn.OrderQuery{OpenOnly: true}, "[t-1 t-3]"},
		{"MCN-3 one page", mcn.OrderQuery{PageRequest: starmap.PageRequest{Limit: 2}}, "[t-1 t-2]"},
	} {
		p, err := f.svc.Orders(ctx, mcnA, "mcn-a", tc.q)
		if err != nil || ids(p) != tc.want {
			t.Errorf("%s: %s, %v; want %s", tc.name, ids(p), err, tc.want)
		}
	}
	lies := map[string]func([]mcn.TaskSummary) []mcn.TaskSummary{
		"another MCN's task": func(ts []mcn.TaskSummary) []mcn.TaskSummary {
			return append(ts, summary("t-4", "c-2", "mcn-b", mcn.TaskPending))
		},
		"a closed task among open ones": func(ts []mcn.TaskSummary) []mcn.TaskSummary {
			return append(ts, summary("t-9", "c-2", "mcn-a", mcn.TaskClosed))
		},
		"a negative price": func(ts []mcn.TaskSummary) []mcn.TaskSummary {
			x := summary("t-9", "c-2", "mcn-a", mcn.TaskRunning)
			x.Price = money("-1")
			return append(ts, x)
		},
		"a price below the fen": func(ts []mcn.TaskSummary) []mcn.TaskSummary {
			x := summary("t-9", "c-2", "mcn-a", mcn.TaskRunning)
			x.Price = money("1.001")
			return append(ts, x)
		},
		"more than the page": func(ts []mcn.TaskSummary) []mcn.TaskSummary {
			for i := 0; i < 30; i++ {
				ts = append(ts, summary(fmt.Sprint("x-", i), "c-1", "mcn-a", mcn.TaskRunning))
			}
			return ts
		},
		"no ordering instant": func(ts []mcn.TaskSummary) []mcn.TaskSummary {
			x := summary("t-9", "c-2", "mcn-a", mcn.TaskRunning)
			x.OrderedAt = time.Time{}
			return append(ts, x)
		},
	}
	for name, lie := range lies {
		src.lie = lie
		if _, err := f.svc.Orders(ctx, mcnA, "mcn-a", mcn.OrderQuery{OpenOnly: true}); !errors.Is(err, mcn.ErrSourceInvalid) {
			t.Errorf("MCN-3 a source that returns %s: %v", name, err)
		}
	}
	src.lie = nil
	down := errors.New("task store down")
	src.fail = down
	if _, err := f.svc.Orders(ctx, mcnA, "mcn-a", mcn.OrderQuery{}); !errors.Is(err, down) || len(starmap.Codes(err)) != 0 {
		t.Errorf("a failing source: %v", err)
	}
	g := newFixture(t)
	if _, err := g.svc.Orders(ctx, mcnA, "mcn-a", mcn.OrderQuery{}); !errors.Is(err, mcn.ErrNotConfigured) {
		t.Errorf("no source: %v", err)
	}
	if _, err := g.svc.Orders(ctx, mcnA, "mcn-a", mcn.OrderQuery{Creator: "c 1"}); !errors.Is(err, starmap.ErrIDInvalid) {
		t.Errorf("a bad creator: %v", err)
	}
}

func entry(id string, k mcn.EntryKind, amount string, at time.Time) mcn.Entry {
	e := mcn.Entry{ID: id, Party: "mcn-a", Kind: k, Amount: money(amount), At: at}
	if k == mcn.EntryShare || k == mcn.EntryReversal {
		e.Task, e.Creator = "t-"+id, "c-1"
	}
	return e
}

// TestBuildStatement_MCN3_X4: the statement of a period, reconciled to
// the fen, and every kind of bad entry refused at once.
func TestBuildStatement_MCN3_X4(t *testing.T) {
	march, err := mcn.MonthPeriod(2026, time.March)
	if err != nil || march.From.String() != "2026-03-01" || march.To.String() != "2026-03-31" {
		t.Fatalf("MonthPeriod(2026, March) = %v, %v", march, err)
	}
	start, end := march.Bounds()
	c2 := entry("e4", mcn.EntryShare, "0.01", end.Add(-time.Nanosecond))
	c2.Creator = "c-2"
	entries := []mcn.Entry{
		c2,
		entry("e2", mcn.EntryReversal, "-66.67", start.Add(time.Hour)),
		entry("e1", mcn.EntryShare, "200.00", start.Add(time.Hour)),
		entry("e3", mcn.EntryWithdrawal, "-100.00", start.Add(48*time.Hour)),
		entry("e5", mcn.EntryAdjustment, "-0.33", start.Add(72*time.Hour)),
	}
	st, err := mcn.BuildStatement("mcn-a", march, money("1000.50"), entries)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range st.Entries {
		order = append(order, e.ID)
	}
	if fmt.Sprint(order) != "[e1 e2 e3 e5 e4]" {
		t.Errorf("X-4 entries in order (At, ID): %v", order)
	}
	want := map[mcn.EntryKind]string{mcn.EntryShare: "200.01", mcn.EntryReversal: "-66.67", mcn.EntryWithdrawal: "-100", mcn.EntryAdjustment: "-0.33"}
	for i, k := range mcn.EntryKinds() {
		if st.ByKind[i].Kind != k || !st.ByKind[i].Total.Equal(money(want[k])) {
			t.Errorf("X-4 total of %v = %v, want %s", k, st.ByKind[i], want[k])
		}
	}
	if len(st.ByCreator) != 3 || st.ByCreator[0].Creator != "" || !st.ByCreator[0].Total.Equal(money("-100.33")) ||
		!st.ByCreator[1].Total.Equal(money("133.33")) || !st.ByCreator[2].Total.Equal(money("0.01")) {
		t.Errorf("X-4 totals by creator %+v", st.ByCreator)
	}
	if !st.Credits.Equal(money("200.01")) || !st.Debits.Equal(money("-167.00")) || !st.Closing.Equal(money("1033.51")) {
		t.Errorf("X-4 credits %s, debits %s, closing %s; want 200.01, -167.00, 1033.51", st.Credits, st.Debits, st.Closing)
	}
	if err := st.Reconcile(); err != nil {
		t.Error(err)
	}
	// Reconcile catches a statement whose figures were changed.
	broken := st
	broken.Closing = broken.Closing.Add(money("0.01"))
	if broken.Reconcile() == nil {
		t.Error("Reconcile passed a closing balance off by a fen")
	}
	broken = st
	broken.ByKind = append([]mcn.KindTotal(nil), st.ByKind...)
	broken.ByKind[0].Total = money("0")
	if broken.Reconcile() == nil {
		t.Error("Reconcile passed a wrong total by kind")
	}

	bad := []struct {
		name string
		e    mcn.Entry
	}{
		{"another party's", func() mcn.Entry { e := entry("b1", mcn.EntryShare, "1", start); e.Party = "mcn-b"; return e }()},
		{"before the period", entry("b2", mcn.EntryShare, "1", start.Add(-time.Nanosecond))},
		{"the instant after the period", entry("b3", mcn.EntryShare, "1", end)},
		{"a negative share", entry("b4", mcn.EntryShare, "-1", start)},
		{"a positive withdrawal", entry("b5", mcn.EntryWithdrawal, "1", start)},
		{"a zero adjustment", entry("b6", mcn.EntryAdjustment, "0", start)},
		{"below the fen", entry("b7", mcn.EntryShare, "0.001", start)},
		{"too large", entry("b8", mcn.EntryShare, "1000000000000000", start)},
		{"kind 0", entry("b9", 0, "1", start)},
		{"a share without its task", func() mcn.Entry { e := entry("b10", mcn.EntryShare, "1", start); e.Task = ""; return e }()},
		{"a bad id", entry("b 11", mcn.EntryAdjustment, "1", start)},
		{"listed twice", entry("e1", mcn.EntryShare, "1", start)},
	}
	var all []mcn.Entry
	all = append(all, entries...)
	for _, b := range bad {
		all = append(all, b.e)
		_, err := mcn.BuildStatement("mcn-a", march, decimal.Zero, append(append([]mcn.Entry(nil), entries...), b.e))
		if !errors.Is(err, mcn.ErrEntryInvalid) {
			t.Errorf("MCN-3 X-4 %s: %v, want ErrEntryInvalid", b.name, err)
		}
	}
	_, err = mcn.BuildStatement("mcn-a", march, decimal.Zero, all)
	if n := len(starmap.Codes(err)); n < len(bad) {
		t.Errorf("X-5 every bad entry is reported: %d codes for %d bad entries", n, len(bad))
	}
	for name, tc := range map[string]struct {
		mcn     string
		p       mcn.Period
		opening string
		want    *starmap.Rule
	}{
		"no period":           {"mcn-a", mcn.Period{}, "0", mcn.ErrPeriodInvalid},
		"a period backwards":  {"mcn-a", mcn.Period{From: d(1), To: d(0)}, "0", mcn.ErrPeriodInvalid},
		"a bad MCN":           {"", march, "0", starmap.ErrIDInvalid},
		"an opening too big":  {"mcn-a", march, "1e16", starmap.ErrMoneyTooLarge},
		"an opening sub-fen":  {"mcn-a", march, "0.001", starmap.ErrMoneyTooPrecise},
		"a closing too large": {"mcn-a", march, starmap.MaxAmountText, starmap.ErrMoneyTooLarge},
	} {
		if _, err := mcn.BuildStatement(tc.mcn, tc.p, money(tc.opening), entries); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %s", name, err, tc.want.Code())
		}
	}
	if _, err := mcn.MonthPeriod(2026, 13); err == nil {
		t.Error("MonthPeriod took month 13")
	}
	if p, _ := mcn.MonthPeriod(2024, time.February); p.To.String() != "2024-02-29" {
		t.Errorf("February 2024 ends on %v", p.To)
	}
	if p, _ := mcn.MonthPeriod(9999, time.December); p.To != starmap.MaxDate() {
		t.Errorf("December 9999 ends on %v", p.To)
	}
}

// TestStatementReconciles_X4 is a property: whatever valid entries a
// period holds, the statement reconciles to the fen, and the closing of
// one month is the opening of the next when the ledger is read per month.
func TestStatementReconciles_X4(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		kinds := mcn.EntryKinds()
		n := rapid.IntRange(0, 40).Draw(t, "n")
		l := &ledger{}
		march, _ := mcn.MonthPeriod(2026, time.March)
		april, _ := mcn.MonthPeriod(2026, time.April)
		from, _ := march.Bounds()
		for i := 0; i < n; i++ {
			k := kinds[rapid.IntRange(0, len(kinds)-1).Draw(t, "kind")]
			fen := rapid.Int64Range(1, 1e12).Draw(t, "fen")
			if k == mcn.EntryReversal || k == mcn.EntryWithdrawal || k == mcn.EntryAdjustment && rapid.Bool().Draw(t, "debit") {
				fen = -fen
			}
			e := mcn.Entry{ID: fmt.Sprint("e-", i), Party: "mcn-a", Kind: k, Amount: decimal.New(fen, -2),
				At: from.Add(time.Duration(rapid.Int64Range(-10*24, 70*24).Draw(t, "hours")) * time.Hour)}
			if k == mcn.EntryShare || k == mcn.EntryReversal || rapid.Bool().Draw(t, "from a task") {
				e.Task, e.Creator = fmt.Sprint("t-", i), fmt.Sprint("c-", rapid.IntRange(0, 3).Draw(t, "creator"))
			}
			l.entries = append(l.entries, e)
		}
		read := func(p mcn.Period) mcn.Statement {
			a, b := p.Bounds()
			opening, in, _ := l.Entries(context.Background(), "mcn-a", a, b)
			st, err := mcn.BuildStatement("mcn-a", p, opening, in)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Reconcile(); err != nil {
				t.Fatal(err)
			}
			return st
		}
		m, a := read(march), read(april)
		if !m.Closing.Equal(a.Opening) {
			t.Fatalf("March closes at %s, April opens at %s", m.Closing, a.Opening)
		}
	})
}

// TestEarnings_MCN3: the Service reads the ledger for the MCN itself or
// the platform.
func TestEarnings_MCN3(t *testing.T) {
	ctx := context.Background()
	march, _ := mcn.MonthPeriod(2026, time.March)
	from, _ := march.Bounds()
	l := &ledger{entries: []mcn.Entry{
		entry("e0", mcn.EntryShare, "50.00", from.Add(-time.Hour)), // February: the opening
		entry("e1", mcn.EntryShare, "200.00", from.Add(time.Hour)),
		func() mcn.Entry { e := entry("x1", mcn.EntryShare, "999.00", from); e.Party = "mcn-b"; return e }(),
	}}
	f := newFixture(t, mcn.WithLedger(l))
	st, err := f.svc.Earnings(ctx, mcnA, "mcn-a", march)
	if err != nil || !st.Opening.Equal(money("50")) || !st.Closing.Equal(money("250")) || len(st.Entries) != 1 {
		t.Fatalf("Earnings = %+v, %v", st, err)
	}
	if _, err := f.svc.Earnings(ctx, ops, "mcn-b", march); err != nil {
		t.Errorf("the platform's view: %v", err)
	}
	if _, err := f.svc.Earnings(ctx, mcnB, "mcn-a", march); !errors.Is(err, mcn.ErrWorkspaceForbidden) {
		t.Errorf("X-7 mcn-b reads mcn-a's earnings: %v", err)
	}
	if _, err := f.svc.Earnings(ctx, mcnA, "mcn-a", mcn.Period{}); !errors.Is(err, mcn.ErrPeriodInvalid) {
		t.Errorf("no period: %v", err)
	}
	down := errors.New("ledger down")
	l.fail = down
	if _, err := f.svc.Earnings(ctx, mcnA, "mcn-a", march); !errors.Is(err, down) || len(starmap.Codes(err)) != 0 {
		t.Errorf("a failing ledger: %v", err)
	}
	g := newFixture(t)
	if _, err := g.svc.Earnings(ctx, mcnA, "mcn-a", march); !errors.Is(err, mcn.ErrNotConfigured) {
		t.Errorf("no ledger: %v", err)
	}
}
