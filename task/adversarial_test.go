package task_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
	"github.com/starmap-go/starmap/task/tasktest"
)

// adversary calls the package with hostile input and counts what it
// tried. refuse wants a coded error (a rule of starmap.Codes inside) with
// a message of bounded size, and no panic; survive wants no panic.
type adversary struct {
	t       *testing.T
	refused int
	probed  int
}

func (a *adversary) refuse(what string, call func() error) {
	a.t.Helper()
	a.refused++
	defer func() {
		if r := recover(); r != nil {
			a.t.Errorf("%s panicked: %v", what, r)
		}
	}()
	err := call()
	switch {
	case err == nil:
		a.t.Errorf("%s: accepted", what)
	case len(starmap.Codes(err)) == 0:
		a.t.Errorf("%s: an uncoded error %v", what, err)
	case len(starmap.Message(err, starmap.ZH)) > 8<<10 || len(starmap.Message(err, starmap.EN)) > 8<<10:
		a.t.Errorf("%s: a refusal of %d bytes echoes its input", what, len(starmap.Message(err, starmap.EN)))
	}
}

func (a *adversary) survive(what string, call func()) {
	a.t.Helper()
	a.probed++
	defer func() {
		if r := recover(); r != nil {
			a.t.Errorf("%s panicked: %v", what, r)
		}
	}()
	call()
}

// Hostile values.
var (
	mib = strings.Repeat("x", 1<<20)

	// badIDs are ids no field may take.
	badIDs = []string{"", " ", "a b", "a\tb", "\x00", "\xff\xfe", strings.Repeat("x", starmap.MaxIDLen+1), "adv:1", "a/b", "a|b",
		"a\u200bb", "\u202eab", "\ufeffx", "a\u00adb", "\U000E0041x", mib}

	// badActors may not order (or are no actors at all).
	badActors = []starmap.Actor{{}, starmap.CreatorActor(""), starmap.AdvertiserActor("a b"), starmap.AdvertiserActor("a/b"),
		starmap.SubAccountActor("", "s"), starmap.SubAccountActor("a", "b:c"), starmap.AdvertiserActor(mib),
		starmap.CreatorActor("cre-1"), starmap.MCNActor("mcn-1"), starmap.PlatformActor("reviewer-1")}

	// badTimes are no instant a command may carry.
	badTimes = []time.Time{{}, starmap.MaxDate().StartOfDay().Add(24 * time.Hour), time.Date(-5000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 9, 0, 0, 0, starmap.CST())}

	// badTexts are no reason, reference or requirement.
	badTexts = []string{"a\x00b", "a\x1bb", "a\xffb", "ab\u202e", strings.Repeat("长", starmap.TextBody.MaxRunes()+1)}

	badPrices = []decimal.Decimal{decimal.Zero, dec("-1"), dec("0.001"), dec("1e15"), dec("1e30"), dec("-1e30"),
		dec(strings.Repeat("9", 100001)), decimal.New(1, 10_000_000), decimal.New(1, -10_000_000), dec(starmap.MaxAmountText)}
)

// hostileOrders are orders each breaking one rule of ordering.
func hostileOrders() map[string]task.Order {
	out := map[string]task.Order{}
	base := func() task.Order { return order(starmap.FormatShortVideo, false) }
	for i, id := range badIDs {
		o := base()
		o.ID = id
		out["id_"+itoa(i)] = o
		if id != "" { // "" is an open order
			o = base()
			o.Creator = id
			out["creator_"+itoa(i)] = o
			o = base()
			o.MCN = id
			out["mcn_"+itoa(i)] = o
		}
		o = base()
		o.Components = []string{id}
		out["component_"+itoa(i)] = o
	}
	for i, f := range []starmap.Format{0, 3, 255} {
		o := base()
		o.Format = f
		out["format_"+itoa(i)] = o
	}
	for i, p := range badPrices {
		o := base()
		o.Price = p
		out["price_"+itoa(i)] = o
	}
	for i, d := range []time.Duration{1, -1, math.MaxInt64} {
		o := base()
		o.LiveDuration = d
		out["video_duration_"+itoa(i)] = o
	}
	for i, d := range []time.Duration{0, 59 * time.Second, 25 * time.Hour, -time.Hour, math.MaxInt64} {
		o := order(starmap.FormatLive, false)
		o.LiveDuration = d
		out["live_duration_"+itoa(i)] = o
	}
	day := starmap.DateOf(t0)
	many := make([]string, 100_000)
	for i := range many {
		many[i] = "d"
	}
	manyDues := make([]task.Due, 100_000)
	for i, tpl := range []task.Template{
		{Objective: 99, Deliverables: []string{"v"}},
		{Objective: task.ObjectivePurchase},
		{Objective: task.ObjectivePurchase, Deliverables: make([]string, task.MaxDeliverables+1)},
		{Objective: task.ObjectivePurchase, Deliverables: many},
		{Objective: task.ObjectivePurchase, Deliverables: []string{""}},
		{Objective: task.ObjectivePurchase, Deliverables: []string{"\x00"}},
		{Objective: task.ObjectivePurchase, Deliverables: []string{mib}},
		{Objective: task.ObjectivePurchase, Deliverables: []string{"v"}, Requirements: strings.Repeat("长", starmap.TextBody.MaxRunes()+1)},
		{Objective: task.ObjectivePurchase, Deliverables: []string{"v"}, Requirements: "\x00"},
		{Objective: task.ObjectivePurchase, Deliverables: []string{"v"}, Dues: []task.Due{{Milestone: 99, Date: day}}},
		{Objective: task.ObjectivePurchase, Deliverables: []string{"v"}, Dues: []task.Due{{Milestone: 1, Date: day}, {Milestone: 1, Date: day}}},
		{Objective: task.ObjectivePurchase, Deliverables: []string{"v"}, Dues: []task.Due{{Milestone: 1, Date: day.AddDays(-1)}}},
		{Objective: task.ObjectivePurchase, Deliverables: []string{"v"}, Dues: []task.Due{{Milestone: 1}}},
		{Objective: task.ObjectivePurchase, Deliverables: []string{"v"}, Dues: manyDues},
		{Disclosure: true},
	} {
		o := base()
		o.Template = tpl
		out["template_"+itoa(i)] = o
	}
	for i, ids := range [][]string{make([]string, task.MaxComponents+1), append(make([]string, 100_000), "c"), {"cmp-1", "cmp-1"}} {
		o := base()
		o.Components = ids
		for j := range o.Components {
			if o.Components[j] == "" {
				o.Components[j] = "cmp-" + itoa(j)
			}
		}
		out["components_"+itoa(i)] = o
	}
	o := base()
	o.Creator, o.MCN = "", "mcn-1"
	out["open_with_mcn"] = o
	o = base()
	o.Creator = "adv-1"
	out["same_party"] = o
	return out
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

// hostilePolicies each break one figure of a Policy.
func hostilePolicies() []task.Policy {
	var out []task.Policy
	edit := func(f func(*task.Policy)) {
		p := task.DefaultPolicy()
		f(&p)
		out = append(out, p)
	}
	for _, n := range []int{-1, 0, 15, math.MaxInt} {
		edit(func(p *task.Policy) { p.InvitationDays = n })
	}
	for _, n := range []int{-1, 11, math.MinInt} {
		edit(func(p *task.Policy) { p.ScriptRejections = n })
		edit(func(p *task.Policy) { p.VideoRejections = n })
	}
	for _, n := range []int{0, 31} {
		edit(func(p *task.Policy) { p.AutoAcceptDays = n })
		edit(func(p *task.Policy) { p.LiveConfirmDays = n })
	}
	for _, d := range []time.Duration{-1, 3 * time.Hour, math.MaxInt64} {
		edit(func(p *task.Policy) { p.LiveEarlyStart = d })
	}
	for _, r := range []decimal.Decimal{dec("-0.1"), dec("1.1"), dec("0.0000001"), decimal.New(1, 10_000_000), decimal.New(1, -10_000_000)} {
		edit(func(p *task.Policy) { p.FeeRate = r })
		edit(func(p *task.Policy) { p.MCNShare = r })
		edit(func(p *task.Policy) {
			p.Refunds.Set(task.ProgressVideo, task.PartyAdvertiser, task.Refund{CreatorShare: r, FeeShare: decimal.Zero})
		})
	}
	edit(func(p *task.Policy) {
		p.Refunds.Set(task.ProgressInvited, task.PartyCreator, task.Refund{CreatorShare: dec("0.5"), FeeShare: decimal.Zero})
	})
	out = append(out, task.Policy{})
	return out
}

// hostileRequests are requests, each refused on a task in the state the
// key names (with the actor given).
type hostileRequest struct {
	by  starmap.Actor
	req task.Request
}

func hostileRequests() map[task.State][]hostileRequest {
	out := map[task.State][]hostileRequest{}
	add := func(s task.State, by starmap.Actor, r task.Request) { out[s] = append(out[s], hostileRequest{by, r}) }
	for _, c := range []task.Command{0, task.Command(len(task.Commands()) + 1), 255} {
		add(task.StatePending, creator, task.Request{Command: c})
	}
	for _, by := range badActors[:7] {
		add(task.StatePending, by, withReason(task.CmdCancel))
	}
	add(task.StatePending, otherCre, cmd(task.CmdAcceptOrder))
	add(task.StatePending, platform, cmd(task.CmdExpire)) // not due
	for _, s := range append([]string{"", " \u3000\u200b"}, badTexts...) {
		add(task.StateScriptSubmitted, advertiser, task.Request{Command: task.CmdRejectScript, Reason: s})
		add(task.StatePending, advertiser, task.Request{Command: task.CmdCancel, Reason: s})
		add(task.StateAccepted, creator, task.Request{Command: task.CmdSubmitScript, Ref: s})
	}
	add(task.StateAccepted, creator, task.Request{Command: task.CmdSubmitScript, Ref: "a\nb"})
	add(task.StateAccepted, creator, task.Request{Command: task.CmdSubmitScript, Ref: strings.Repeat("r", starmap.TextLine.MaxRunes()+1)})
	for _, start := range []time.Time{{}, t0.Add(-time.Hour), starmap.MaxDate().StartOfDay().Add(48 * time.Hour)} {
		add(task.StateScheduled, creator, task.Request{Command: task.CmdSchedule, Start: start})
	}
	for _, d := range []time.Duration{0, -1, math.MaxInt64, 3 * time.Hour} {
		add(task.StateOnAir, creator, task.Request{Command: task.CmdEndBroadcast, Duration: d})
	}
	for _, m := range []task.Metrics{{Clicks: -1}, {Exposure: task.MaxCount + 1}, {Orders: math.MinInt64}, {GMV: decimal.New(1, 10_000_000)},
		{GMV: dec("-0.01")}, {Clicks: 1, ComponentClicks: 2}, {Clicks: 5, ComponentClicks: 5}} {
		add(task.StatePublished, platform, task.Request{Command: task.CmdReportResults, Metrics: m})
	}
	for _, id := range badIDs[1:] {
		add(task.StateOpen, otherCre, task.Request{Command: task.CmdClaim, MCN: id})
	}
	add(task.StateOpen, starmap.CreatorActor("adv-1"), cmd(task.CmdClaim))
	return out
}

// seed places one task in each state the hostile requests need and
// returns the service, its store and the id of each.
func seed(t *testing.T) (*task.Service, *memstore.TaskStore, map[task.State]string) {
	t.Helper()
	s, store := newService(t, starmap.FixedClock(t0.Add(time.Hour)))
	ids := map[task.State]string{}
	mk := func(st task.State, f starmap.Format, open bool) {
		o := order(f, false)
		o.ID = "seed-" + st.String()
		if open {
			o.Creator = ""
		}
		tk, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if f == starmap.FormatLive {
			liveTo(t, tk, st)
		} else if !open {
			videoTo(t, tk, st)
		}
		if _, err := store.Create(context.Background(), tk.Record()); err != nil {
			t.Fatal(err)
		}
		ids[st] = o.ID
	}
	for _, st := range []task.State{task.StatePending, task.StateAccepted, task.StateScriptSubmitted, task.StatePublished} {
		mk(st, starmap.FormatShortVideo, false)
	}
	mk(task.StateScheduled, starmap.FormatLive, false)
	mk(task.StateOnAir, starmap.FormatLive, false)
	mk(task.StateOpen, starmap.FormatShortVideo, true)
	return s, store, ids
}

// TestAdversarial_X5 calls every exported constructor, pure rule and
// Service method with zero, nil, huge and malformed arguments: each is a
// coded error with a message of bounded size, changes nothing (the store
// is compared whole before and after, the aggregate by its record), and
// nothing panics. It logs how many inputs it tried.
func TestAdversarial_X5(t *testing.T) {
	a := &adversary{t: t}
	ctx := context.Background()
	s, store, ids := seed(t)
	snapshot := func() []task.Record { return listAll(t, store) }
	before := snapshot()
	unchanged := func(what string) {
		if d := cmp.Diff(before, snapshot(), tasktest.Equal()); d != "" {
			t.Fatalf("%s changed the store (-before +after):\n%s", what, d)
		}
	}
	mountAll := &fakeChecker{known: map[string]starmap.Format{}}

	// Orders: the pure step, the check alone and the Service.
	for name, o := range hostileOrders() {
		var mounted []task.MountedComponent
		if len(o.Components) <= task.MaxComponents {
			for _, id := range o.Components {
				mounted = append(mounted, task.MountedComponent{ID: id})
			}
		}
		a.refuse("New "+name, func() error {
			tk, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), mounted)
			if tk != nil {
				t.Errorf("New %s returned a task with its refusal", name)
			}
			return err
		})
		a.refuse("ValidateOrder "+name, func() error { return task.ValidateOrder(advertiser, t0, o, task.DefaultPolicy()) })
		a.refuse("Service.Order "+name, func() error { _, err := s.Order(ctx, advertiser, o); return err })
	}
	unchanged("hostile orders")
	for i, by := range badActors {
		o := order(starmap.FormatShortVideo, false)
		o.ID = "x-" + itoa(i)
		a.refuse("New by "+by.String(), func() error { _, _, err := task.New(by, t0, o, task.DefaultPolicy(), nil); return err })
		a.refuse("Service.Order by "+by.String(), func() error { _, err := s.Order(ctx, by, o); return err })
	}
	for i, now := range badTimes {
		o := order(starmap.FormatShortVideo, false)
		o.ID = "x-" + itoa(i)
		a.refuse("New at "+now.String(), func() error { _, _, err := task.New(advertiser, now, o, task.DefaultPolicy(), nil); return err })
		sv, _ := newService(t, starmap.FixedClock(now))
		a.refuse("Service.Order at "+now.String(), func() error { _, err := sv.Order(ctx, advertiser, o); return err })
	}
	for i, p := range hostilePolicies() {
		o := order(starmap.FormatShortVideo, false)
		a.refuse("New under policy "+itoa(i), func() error { _, _, err := task.New(advertiser, t0, o, p, nil); return err })
		a.refuse("ValidateOrder under policy "+itoa(i), func() error { return task.ValidateOrder(advertiser, t0, o, p) })
		a.refuse("Policy.Validate "+itoa(i), p.Validate)
		a.refuse("WithPolicy "+itoa(i), func() error { _, err := task.NewService(store, starmap.FixedClock(t0), task.WithPolicy(p)); return err })
	}
	o := order(starmap.FormatShortVideo, false)
	o.Components = []string{"cmp-1"}
	a.refuse("Service.Order of a component no checker knows", func() error {
		sv, _ := newService(t, starmap.FixedClock(t0), task.WithMountChecker(mountAll))
		_, err := sv.Order(ctx, advertiser, o)
		return err
	})
	a.refuse("Service.Order of an existing id", func() error {
		o := order(starmap.FormatShortVideo, false)
		o.ID = ids[task.StatePending]
		_, err := s.Order(ctx, advertiser, o)
		return err
	})
	unchanged("hostile actors, times and policies")

	// Commands: the pure aggregate and the Service, on a task in the
	// state each request is refused in.
	for st, reqs := range hostileRequests() {
		rec, err := store.Get(ctx, ids[st])
		if err != nil {
			t.Fatalf("%v: %v", st, err)
		}
		for _, h := range reqs {
			what := st.String() + " " + h.req.Command.String() + " by " + h.by.String()
			tk, err := task.FromRecord(rec)
			if err != nil {
				t.Fatal(err)
			}
			a.refuse("Apply "+what, func() error {
				_, err := tk.Apply(h.by, t0.Add(time.Hour), h.req)
				return err
			})
			if d := cmp.Diff(rec, tk.Record(), tasktest.Equal()); d != "" {
				t.Errorf("a refused %s changed the task:\n%s", what, d)
			}
			a.refuse("Service.Do "+what, func() error { _, err := s.Do(ctx, h.by, ids[st], h.req); return err })
		}
	}
	for _, now := range badTimes[:4] {
		tk, err := task.FromRecord(before[0])
		if err != nil {
			t.Fatal(err)
		}
		a.refuse("Apply at "+now.String(), func() error { _, err := tk.Apply(platform, now, withReason(task.CmdCancel)); return err })
	}
	for _, id := range append(badIDs, "seed-none") {
		a.refuse("Service.Do on id "+strings.ToValidUTF8(shortText(id), "?"), func() error {
			_, err := s.Do(ctx, platform, id, withReason(task.CmdCancel))
			return err
		})
		a.refuse("Service.Get id "+strings.ToValidUTF8(shortText(id), "?"), func() error { _, err := s.Get(ctx, platform, id); return err })
	}
	for _, by := range append(slices.Clip(badActors[:7]), otherAdv, otherCre, otherMCN) {
		a.refuse("Service.Get by "+by.String(), func() error { _, err := s.Get(ctx, by, ids[task.StatePending]); return err })
	}
	for _, by := range append(slices.Clip(badActors[:9]), starmap.PlatformActor("")) {
		a.refuse("Service.Sweep by "+by.String(), func() error { _, err := s.Sweep(ctx, by); return err })
	}
	for _, by := range append(slices.Clip(badActors[:6]), creator, mcn, platform) {
		a.refuse("Service.Results by "+by.String(), func() error {
			_, _, err := s.Results(ctx, by, starmap.MinDate(), starmap.MaxDate())
			return err
		})
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for method, call := range serviceCalls(cancelled, s, platform, ids[task.StatePending]) {
		a.probed++
		if err := call(); err == nil {
			t.Errorf("Service.%s with a cancelled context succeeded", method)
		}
	}
	unchanged("hostile commands")

	// Construction and zero values.
	var typedNil *memstore.TaskStore
	for name, f := range map[string]func() error{
		"nil store":       func() error { _, err := task.NewService(nil, starmap.FixedClock(t0)); return err },
		"typed nil store": func() error { _, err := task.NewService(typedNil, starmap.FixedClock(t0)); return err },
		"nil clock":       func() error { _, err := task.NewService(store, nil); return err },
		"nil option":      func() error { _, err := task.NewService(store, starmap.FixedClock(t0), nil); return err },
		"nil checker": func() error {
			_, err := task.NewService(store, starmap.FixedClock(t0), task.WithMountChecker(nil))
			return err
		},
		"nil lookup": func() error {
			_, err := task.NewService(store, starmap.FixedClock(t0), task.WithSigningLookup(nil))
			return err
		},
	} {
		a.refuse("NewService "+name, f)
	}
	for _, svc := range []*task.Service{{}, nil} {
		for method, call := range serviceCalls(ctx, svc, advertiser, "t-1") {
			a.refuse("zero Service."+method, call)
		}
	}

	// Records that cannot be tasks.
	good, err := store.Get(ctx, ids[task.StatePending])
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*task.Record){
		"zero":             func(r *task.Record) { *r = task.Record{} },
		"bad id":           func(r *task.Record) { r.ID = mib },
		"bad advertiser":   func(r *task.Record) { r.Advertiser = "a/b" },
		"bad format":       func(r *task.Record) { r.Format = 9 },
		"bad state":        func(r *task.Record) { r.State = 200 },
		"no history":       func(r *task.Record) { r.History = nil },
		"huge price":       func(r *task.Record) { r.Price = decimal.New(1, 10_000_000) },
		"huge fee":         func(r *task.Record) { r.Fee = dec("1e30") },
		"no postings":      func(r *task.Record) { r.Postings = nil },
		"bad posting":      func(r *task.Record) { r.Postings = append(r.Postings, task.Posting{Amount: dec("1")}) },
		"huge posting":     func(r *task.Record) { r.Postings[0].Amount = dec(strings.Repeat("9", 100001)) },
		"bad policy":       func(r *task.Record) { r.Policy = task.Policy{} },
		"bad metrics":      func(r *task.Record) { r.Metrics.Clicks = -1 },
		"due at elsewhere": func(r *task.Record) { r.DueAt = time.Time{} },
		"history mismatch": func(r *task.Record) { r.History[len(r.History)-1].To = task.StateSettled },
	} {
		r := good.Clone()
		edit(&r)
		a.refuse("FromRecord "+name, func() error { _, err := task.FromRecord(r); return err })
	}
	for i, m := range []task.Metrics{{Exposure: -1}, {Favourites: task.MaxCount + 1}, {AddToCart: math.MaxInt64}, {GMV: dec("0.001")},
		{GMV: dec("1e15")}, {Clicks: 0, ComponentClicks: 1}} {
		a.refuse("Metrics.Validate "+itoa(i), m.Validate)
	}

	// Pure functions and zero values take anything without a panic.
	zero := &task.Task{}
	a.survive("zero Task", func() {
		_, _ = zero.Apply(platform, t0, withReason(task.CmdCancel))
		_ = zero.Can(platform, task.CmdCancel)
		_, _ = zero.Due(t0)
		_, _, _ = zero.Deadline()
		_ = zero.Milestones(starmap.Date{})
		_ = zero.Statement()
		_ = zero.Cost()
		_ = zero.KPIs()
		_ = zero.Record()
	})
	a.survive("Summarize nil", func() { _ = task.Summarize([]*task.Task{nil, zero}, nil) })
	a.survive("ByCreator nil", func() { _ = task.ByCreator([]*task.Task{nil, zero}) })
	a.survive("InPeriod nil", func() { _ = task.InPeriod([]*task.Task{nil}, starmap.Date{}, starmap.Date{}) })
	a.survive("Compute absurd", func() {
		_ = task.Compute(task.Metrics{Exposure: math.MinInt64, Clicks: -1, GMV: decimal.New(1, 10_000_000)}, decimal.New(-1, -10_000_000))
	})
	a.survive("Allowed out of range", func() { _ = task.Allowed(255, 255, 255, 255) })
	a.survive("PartyOf zero", func() { _ = task.PartyOf(starmap.Actor{}) })
	a.survive("ProgressOf out of range", func() { _ = task.ProgressOf(255) })
	a.survive("RefundTable out of range", func() {
		var rt *task.RefundTable
		rt.Set(9, 9, task.Refund{})
		_ = rt.Rule(9, 9)
		p := task.DefaultPolicy()
		p.Refunds.Set(0, task.PartyAdvertiser|task.PartyCreator, task.Refund{CreatorShare: dec("9")})
		if p.Refunds.Rule(task.ProgressVideo, 0) != (task.Refund{}) {
			t.Error("Rule of no party is not the zero Refund")
		}
	})
	a.survive("DefaultTemplate of no format", func() { _ = task.DefaultTemplate(0) })
	a.survive("Template.Validate of the zero date", func() { _ = task.DefaultTemplate(starmap.FormatLive).Validate(starmap.Date{}) })

	t.Logf("X-5 adversarial: %d hostile inputs refused with a coded error, %d more probed for panics", a.refused, a.probed)
}
