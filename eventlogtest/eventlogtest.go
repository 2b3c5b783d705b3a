// Package eventlogtest is the conformance kit for a store that keeps the
// event log (OPS-1), in the manner of the <pkg>test kits: a host's test
// calls Test with a function that opens a Fixture — a task store and an
// authz store that append to one log, and that log's reader.
//
// The kit drives real Services (task.Service, authz.Service) over the
// fixture's stores and checks, from the log:
//
//   - every committed change logged exactly the events its operation
//     returned, in order, and a record's events follow its history (one per
//     entry: a task's History, a grant's versions);
//   - a refused command logs nothing; a try that lost a version conflict
//     logs nothing (only the retry that committed does), and neither does
//     an operation that gave up on the conflict;
//   - concurrent writers' events are all there, none twice;
//   - positions strictly increase, and ReadEvents pages as documented:
//     after/limit, 0 is starmap.DefaultPageLimit, a larger limit is clamped
//     to starmap.MaxPageLimit, a negative one is starmap.ErrPageLimit, a
//     nil or done context is refused;
//   - what ReadEvents returns shares no memory with the log.
//
// The log may be shared with other writers (a database other tests use):
// the kit starts from the log's end when a fixture is opened, and looks
// only at events whose Subject is one of its own keys, which carry a
// prefix unique to the run.
package eventlogtest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/task"
)

// Fixture is one set of stores whose writes append to Log.
type Fixture struct {
	Tasks task.Store
	Authz authz.Store
	Log   starmap.EventLog
}

// Test runs the kit. open is called once per subtest and must return stores
// that append to the one log it returns; they need not be empty.
func Test(t *testing.T, open func(t *testing.T) Fixture) {
	t.Run("TaskEventsFollowHistory_OPS1", func(t *testing.T) { taskEvents(t, newRun(t, open)) })
	t.Run("GrantEventsFollowVersions_OPS1", func(t *testing.T) { grantEvents(t, newRun(t, open)) })
	t.Run("RefusedLogsNothing_OPS1", func(t *testing.T) { refused(t, newRun(t, open)) })
	t.Run("ConflictLoserLogsNothing_OPS1", func(t *testing.T) { conflictLoser(t, newRun(t, open)) })
	t.Run("ConcurrentWritersAllLogged_OPS1", func(t *testing.T) { concurrent(t, newRun(t, open)) })
	t.Run("Paging_OPS1", func(t *testing.T) { paging(t, newRun(t, open)) })
	t.Run("NoSharedMemory_OPS1", func(t *testing.T) { noSharedMemory(t, newRun(t, open)) })
	t.Run("Context_OPS1", func(t *testing.T) { contexts(t, newRun(t, open)) })
}

var (
	now    = time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST())
	today  = starmap.DateOf(now)
	runSeq atomic.Uint64
	// runTag makes the kit's ids unique to this process, so that a log
	// kept across runs (a database) holds no event of an earlier run's key.
	runTag = strconv.FormatInt(time.Now().UnixNano(), 36)
)

// run is one subtest's fixture, services and starting position.
type run struct {
	fx     Fixture
	clock  *starmap.ManualClock
	tasks  *task.Service
	grants *authz.Service
	start  starmap.Position
	prefix string
}

func newRun(t *testing.T, open func(t *testing.T) Fixture) *run {
	t.Helper()
	fx := open(t)
	if fx.Tasks == nil || fx.Authz == nil || fx.Log == nil {
		t.Fatal("eventlogtest: the fixture lacks a task store, an authz store or the log")
	}
	r := &run{fx: fx, clock: starmap.NewManualClock(now), prefix: fmt.Sprintf("elt%s-%d", runTag, runSeq.Add(1))}
	var err error
	if r.tasks, err = task.NewService(fx.Tasks, r.clock); err != nil {
		t.Fatalf("eventlogtest: task service: %v", err)
	}
	if r.grants, err = authz.NewService(fx.Authz, r.clock); err != nil {
		t.Fatalf("eventlogtest: authz service: %v", err)
	}
	r.start = r.end(t)
	return r
}

// end reads the log to its end and returns the last position.
func (r *run) end(t *testing.T) starmap.Position {
	t.Helper()
	p := starmap.Position{}
	for {
		evs, err := r.fx.Log.ReadEvents(context.Background(), p, starmap.MaxPageLimit)
		if err != nil {
			t.Fatalf("OPS-1: ReadEvents(%v): %v", p, err)
		}
		if len(evs) == 0 {
			return p
		}
		if !p.Less(evs[0].Position) {
			t.Fatalf("OPS-1: ReadEvents(%v) returned an event at %v, not after it", p, evs[0].Position)
		}
		p = evs[len(evs)-1].Position
	}
}

// since returns every event after the run's start (page by page, checking
// that positions strictly increase), and those of them whose subject keep
// accepts — once two reads settleGap apart agree. A log may show a
// committed event a moment late (PostgreSQL holds events back while an
// older transaction runs, anywhere in its cluster): late, never lost or
// out of order, which the reads check.
func (r *run) since(t *testing.T, keep func(subject string) bool) (all, mine []starmap.LoggedEvent) {
	t.Helper()
	all, mine = r.sinceOnce(t, keep)
	for range settleReads {
		time.Sleep(settleGap)
		a, m := r.sinceOnce(t, keep)
		if len(a) == len(all) {
			return a, m
		}
		all, mine = a, m
	}
	return all, mine
}

// settleGap and settleReads bound since's wait for a log to settle.
const (
	settleGap   = 10 * time.Millisecond
	settleReads = 200
)

func (r *run) sinceOnce(t *testing.T, keep func(subject string) bool) (all, mine []starmap.LoggedEvent) {
	t.Helper()
	p := r.start
	for {
		evs, err := r.fx.Log.ReadEvents(context.Background(), p, 0)
		if err != nil {
			t.Fatalf("OPS-1: ReadEvents(%v): %v", p, err)
		}
		if len(evs) == 0 {
			return all, mine
		}
		for _, e := range evs {
			if !p.Less(e.Position) {
				t.Fatalf("OPS-1: event at %v read after %v: positions must strictly increase", e.Position, p)
			}
			p = e.Position
			all = append(all, e)
			if keep(e.Subject) {
				mine = append(mine, e)
			}
		}
	}
}

func (r *run) id(s string) string { return r.prefix + "-" + s }

// subjects accepts the subjects given.
func subjects(ss ...string) func(string) bool {
	set := map[string]bool{}
	for _, s := range ss {
		set[s] = true
	}
	return func(s string) bool { return set[s] }
}

func events(les []starmap.LoggedEvent) []starmap.Event {
	out := make([]starmap.Event, len(les))
	for i, e := range les {
		out[i] = e.Event
	}
	return out
}

// sameEvents compares events as a store keeps them: instants equal as
// instants (a database may give them back in another location).
var sameEvents = cmp.Options{
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b starmap.Actor) bool { return a == b }),
}

func checkSame(t *testing.T, what string, got, want []starmap.Event) {
	t.Helper()
	if d := cmp.Diff(want, got, sameEvents); d != "" {
		t.Errorf("OPS-1: %s: the log differs from what the operations returned (-returned +logged):\n%s", what, d)
	}
}

// order places a task from advertiser adv to creator cre.
func (r *run) order(t *testing.T, id, adv, cre string) task.Outcome {
	t.Helper()
	out, err := r.tasks.Order(context.Background(), starmap.AdvertiserActor(adv), task.Order{
		ID: id, Creator: cre, Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(1000),
		Template: task.Template{Objective: task.ObjectiveExposure, Deliverables: []string{"60s video"}},
	})
	if err != nil {
		t.Fatalf("eventlogtest: order %s: %v", id, err)
	}
	return out
}

func taskEvents(t *testing.T, r *run) {
	ctx := context.Background()
	id, adv, cre := r.id("task"), r.id("adv"), r.id("cre")
	var want []starmap.Event
	want = append(want, r.order(t, id, adv, cre).Events...)
	steps := []struct {
		by  starmap.Actor
		req task.Request
	}{
		{starmap.CreatorActor(cre), task.Request{Command: task.CmdAcceptOrder}},
		{starmap.CreatorActor(cre), task.Request{Command: task.CmdSubmitScript, Ref: "script-1"}},
		{starmap.AdvertiserActor(adv), task.Request{Command: task.CmdRejectScript, Reason: "开头加产品特写"}},
		{starmap.CreatorActor(cre), task.Request{Command: task.CmdSubmitScript, Ref: "script-2"}},
		{starmap.AdvertiserActor(adv), task.Request{Command: task.CmdApproveScript}},
	}
	for _, s := range steps {
		r.clock.Advance(time.Hour)
		out, err := r.tasks.Do(ctx, s.by, id, s.req)
		if err != nil {
			t.Fatalf("eventlogtest: %v: %v", s.req.Command, err)
		}
		if len(out.Events) == 0 {
			t.Errorf("OPS-1: %v committed a change and returned no event", s.req.Command)
		}
		want = append(want, out.Events...)
	}
	_, mine := r.since(t, subjects(id))
	checkSame(t, "task "+id, events(mine), want)
	rec, err := r.fx.Tasks.Get(ctx, id)
	if err != nil {
		t.Fatalf("eventlogtest: get %s: %v", id, err)
	}
	if len(rec.History) != len(mine) {
		t.Fatalf("OPS-1: task history has %d entries, the log %d events for it", len(rec.History), len(mine))
	}
	for i, h := range rec.History {
		if mine[i].To != h.To.String() || (i > 0 && mine[i].From != h.From.String()) || !mine[i].At.Equal(h.At) {
			t.Errorf("OPS-1: event %d (%s %s→%s at %v) is not history entry %d (%v→%v at %v)",
				i, mine[i].Type, mine[i].From, mine[i].To, mine[i].At, i, h.From, h.To, h.At)
		}
	}
}

func grantEvents(t *testing.T, r *run) {
	ctx := context.Background()
	cre := r.id("cre")
	by := starmap.CreatorActor(cre)
	m := authz.MerchantParty(r.id("m"))
	key := authz.GrantKey{Creator: cre, Grantee: m}.String()
	var want []starmap.Event
	add := func(_ authz.Grant, evs []starmap.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("eventlogtest: grant step: %v", err)
		}
		want = append(want, evs...)
	}
	add(r.grants.Grant(ctx, by, m, today, today.AddDays(30), "试用"))
	r.clock.Advance(time.Hour)
	add(r.grants.EarlyRenew(ctx, by, m, today.AddDays(60), ""))
	r.clock.Advance(time.Hour)
	add(r.grants.Revoke(ctx, by, m, "不合作了"))
	_, mine := r.since(t, subjects(key))
	checkSame(t, "grant "+key, events(mine), want)
	rec, err := r.fx.Authz.GetGrant(ctx, authz.GrantKey{Creator: cre, Grantee: m})
	if err != nil {
		t.Fatalf("eventlogtest: get grant: %v", err)
	}
	if rec.Version != uint64(len(mine)) {
		t.Errorf("OPS-1: the grant is at version %d after %d logged events: one event per committed change", rec.Version, len(mine))
	}
}

func refused(t *testing.T, r *run) {
	ctx := context.Background()
	id, adv, cre := r.id("task"), r.id("adv"), r.id("cre")
	r.order(t, id, adv, cre)
	before := r.end(t)
	// The advertiser cannot accept its own order, and a creator cannot
	// approve a script that was never submitted.
	if _, err := r.tasks.Do(ctx, starmap.AdvertiserActor(adv), id, task.Request{Command: task.CmdAcceptOrder}); err == nil {
		t.Fatal("eventlogtest: the advertiser accepted its own order")
	}
	if _, err := r.tasks.Do(ctx, starmap.CreatorActor(cre), id, task.Request{Command: task.CmdApproveScript}); err == nil {
		t.Fatal("eventlogtest: an unsubmitted script was approved")
	}
	m := authz.MerchantParty(r.id("m"))
	if _, _, err := r.grants.Revoke(ctx, starmap.CreatorActor(cre), m, ""); err == nil {
		t.Fatal("eventlogtest: a grant never made was revoked")
	}
	if _, _, err := r.grants.Grant(ctx, starmap.CreatorActor(cre), m, today, today.AddDays(-1), ""); err == nil {
		t.Fatal("eventlogtest: a grant ending before it starts was made")
	}
	key := authz.GrantKey{Creator: cre, Grantee: m}.String()
	r.start = before
	if _, mine := r.since(t, subjects(id, key)); len(mine) != 0 {
		t.Errorf("OPS-1: refused commands logged %d events: %v", len(mine), events(mine))
	}
}

// racingAuthz makes the first UpdateGrant lose: before it writes, race
// runs another write of the same grant (with its own context).
type racingAuthz struct {
	authz.Store
	once sync.Once
	race func()
}

func (s *racingAuthz) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	s.once.Do(s.race)
	return s.Store.UpdateGrant(ctx, rec)
}

func conflictLoser(t *testing.T, r *run) {
	ctx := context.Background()
	cre := r.id("cre")
	by := starmap.CreatorActor(cre)
	for _, attempts := range []int{starmap.DefaultAttempts, 1} {
		m := authz.MerchantParty(r.id("m" + strconv.Itoa(attempts)))
		key := authz.GrantKey{Creator: cre, Grantee: m}.String()
		_, want, err := r.grants.Grant(ctx, by, m, today, today.AddDays(30), "")
		if err != nil {
			t.Fatalf("eventlogtest: grant: %v", err)
		}
		var raceErr error
		racing := &racingAuthz{Store: r.fx.Authz}
		racing.race = func() {
			_, evs, err := r.grants.EarlyRenew(context.Background(), by, m, today.AddDays(90), "")
			raceErr = err
			want = append(want, evs...)
		}
		loser, err := authz.NewService(racing, r.clock, authz.WithRetry(starmap.Retry{Attempts: attempts}))
		if err != nil {
			t.Fatalf("eventlogtest: service: %v", err)
		}
		_, evs, err := loser.Revoke(ctx, by, m, "")
		if raceErr != nil {
			t.Fatalf("eventlogtest: the racing write failed: %v", raceErr)
		}
		switch {
		case attempts == 1 && !errors.Is(err, starmap.ErrConflict):
			t.Fatalf("eventlogtest: one attempt that lost the race: %v, want a conflict", err)
		case attempts > 1 && err != nil:
			t.Fatalf("eventlogtest: the retried revoke: %v", err)
		case attempts == 1 && len(evs) != 0:
			t.Errorf("OPS-1: an operation that gave up on a conflict returned events %v", evs)
		}
		want = append(want, evs...)
		_, mine := r.since(t, subjects(key))
		checkSame(t, fmt.Sprintf("grant %s, the revoke racing a renewal, %d attempts", key, attempts), events(mine), want)
	}
}

func concurrent(t *testing.T, r *run) {
	// Eight writers on three grants: most writes race another on the same
	// record and are retried; many are refused (the grant exists, the end
	// is not later) and log nothing.
	const writers, each, grantees = 8, 6, 3
	cre := r.id("cre")
	by := starmap.CreatorActor(cre)
	key := func(g int) authz.GrantKey {
		return authz.GrantKey{Creator: cre, Grantee: authz.MerchantParty(r.id("m" + strconv.Itoa(g)))}
	}
	var (
		mu   sync.Mutex
		want [grantees][]starmap.Event
		keys []string
		wg   sync.WaitGroup
		errs = make(chan error, writers*each)
	)
	for g := 0; g < grantees; g++ {
		keys = append(keys, key(g).String())
	}
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			g := w % grantees
			m := key(g).Grantee
			s, err := authz.NewService(r.fx.Authz, r.clock, authz.WithRetry(starmap.Retry{Attempts: 100}))
			if err != nil {
				errs <- err
				return
			}
			for i := 0; i < each; i++ {
				var evs []starmap.Event
				if i == 0 {
					_, evs, err = s.Grant(context.Background(), by, m, today, today.AddDays(30), "")
				} else {
					_, evs, err = s.EarlyRenew(context.Background(), by, m, today.AddDays(31+w*each+i), "")
				}
				switch {
				case err == nil:
					mu.Lock()
					want[g] = append(want[g], evs...)
					mu.Unlock()
				case errors.Is(err, starmap.ErrInvalid) && !errors.Is(err, starmap.ErrConflict):
					if len(evs) != 0 {
						errs <- fmt.Errorf("OPS-1: a refusal returned events %v", evs)
					}
				default:
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("eventlogtest: concurrent writer: %v", err)
	}
	_, mine := r.since(t, subjects(keys...))
	got := map[string]int{}
	for _, e := range mine {
		got[e.Subject]++
	}
	total := 0
	for g := range want {
		k := key(g)
		total += len(want[g])
		rec, err := r.fx.Authz.GetGrant(context.Background(), k)
		if err != nil {
			t.Fatalf("eventlogtest: get grant: %v", err)
		}
		if got[k.String()] != len(want[g]) || rec.Version != uint64(len(want[g])) {
			t.Errorf("OPS-1: grant %s at version %d: its writers returned %d events, the log holds %d",
				k, rec.Version, len(want[g]), got[k.String()])
		}
	}
	if len(mine) != total || total < grantees {
		t.Errorf("OPS-1: the writers returned %d events, the log holds %d", total, len(mine))
	}
}

func paging(t *testing.T, r *run) {
	ctx := context.Background()
	cre := r.id("cre")
	by := starmap.CreatorActor(cre)
	n := starmap.MaxPageLimit + 5
	var keys []string
	for i := 0; i < n; i++ {
		m := authz.MerchantParty(r.id("m" + strconv.Itoa(i)))
		keys = append(keys, authz.GrantKey{Creator: cre, Grantee: m}.String())
		if _, _, err := r.grants.Grant(ctx, by, m, today, today.AddDays(30), ""); err != nil {
			t.Fatalf("eventlogtest: grant %d: %v", i, err)
		}
	}
	all, mine := r.since(t, subjects(keys...))
	if len(mine) != n {
		t.Fatalf("OPS-1: %d grants logged %d events", n, len(mine))
	}
	if len(all) > 0 && len(mine) > 0 && len(all) < n {
		t.Fatalf("OPS-1: read %d events in all", len(all))
	}
	read := func(after starmap.Position, limit int) []starmap.LoggedEvent {
		t.Helper()
		evs, err := r.fx.Log.ReadEvents(ctx, after, limit)
		if err != nil {
			t.Fatalf("OPS-1: ReadEvents(%v, %d): %v", after, limit, err)
		}
		return evs
	}
	if got := read(r.start, 0); len(got) != starmap.DefaultPageLimit {
		t.Errorf("OPS-1: limit 0 read %d events, want starmap.DefaultPageLimit (%d)", len(got), starmap.DefaultPageLimit)
	}
	if got := read(r.start, starmap.MaxPageLimit+50); len(got) != starmap.MaxPageLimit {
		t.Errorf("OPS-1: limit %d read %d events, want the clamp starmap.MaxPageLimit (%d)", starmap.MaxPageLimit+50, len(got), starmap.MaxPageLimit)
	}
	if got := read(r.start, 7); cmp.Diff(all[:7], got, sameEvents) != "" {
		t.Errorf("OPS-1: a page of 7 is not the first 7 events")
	}
	// One by one, from each position read: the same events.
	p := r.start
	for i := 0; i < 12; i++ {
		got := read(p, 1)
		if len(got) != 1 {
			t.Fatalf("OPS-1: limit 1 after %v read %d events", p, len(got))
		}
		if d := cmp.Diff(all[i], got[0], sameEvents); d != "" {
			t.Fatalf("OPS-1: event %d read one by one differs:\n%s", i, d)
		}
		p = got[0].Position
	}
	// After a position between two events (a reader may keep any
	// position): the next event.
	mid := all[3].Position
	if mid.Seq > 0 {
		mid.Seq--
		if got := read(mid, 1); len(got) != 1 || !mid.Less(got[0].Position) {
			t.Errorf("OPS-1: after %v read %v", mid, got)
		}
	}
	last := all[len(all)-1].Position
	if got := read(last, 0); len(got) != 0 {
		// Other writers may share the log; none of ours may come after the end.
		for _, e := range got {
			if subjects(keys...)(e.Subject) {
				t.Errorf("OPS-1: after the last event %v, read %v of ours again", last, e)
			}
		}
	}
	if _, err := r.fx.Log.ReadEvents(ctx, r.start, -1); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("OPS-1: a negative limit: %v, want starmap.ErrPageLimit", err)
	}
}

func noSharedMemory(t *testing.T, r *run) {
	ctx := context.Background()
	cre := r.id("cre")
	m := authz.MerchantParty(r.id("m"))
	if _, _, err := r.grants.Grant(ctx, starmap.CreatorActor(cre), m, today, today.AddDays(30), "试用"); err != nil {
		t.Fatalf("eventlogtest: grant: %v", err)
	}
	first, err := r.fx.Log.ReadEvents(ctx, r.start, starmap.MaxPageLimit)
	if err != nil || len(first) == 0 {
		t.Fatalf("OPS-1: read back %d events, %v", len(first), err)
	}
	keep := append([]starmap.LoggedEvent(nil), first...)
	for i := range first {
		first[i].Subject, first[i].Type, first[i].Note = "changed", "changed", "changed"
		first[i].Position = starmap.Position{}
	}
	again, err := r.fx.Log.ReadEvents(ctx, r.start, starmap.MaxPageLimit)
	if err != nil {
		t.Fatalf("OPS-1: read again: %v", err)
	}
	if len(again) < len(keep) {
		t.Fatalf("OPS-1: read %d events, then %d", len(keep), len(again))
	}
	if d := cmp.Diff(keep, again[:len(keep)], sameEvents); d != "" {
		t.Errorf("OPS-1: changing what ReadEvents returned changed the log:\n%s", d)
	}
}

func contexts(t *testing.T, r *run) {
	var nilCtx context.Context
	if _, err := r.fx.Log.ReadEvents(nilCtx, starmap.Position{}, 1); !errors.Is(err, starmap.ErrContextMissing) {
		t.Errorf("OPS-1: a nil context: %v, want starmap.ErrContextMissing", err)
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.fx.Log.ReadEvents(done, starmap.Position{}, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("OPS-1: a done context: %v, want context.Canceled", err)
	}
}
