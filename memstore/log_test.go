package memstore_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

var bg = context.Background()

func grantIn(t *testing.T, s *memstore.AuthzStore, creator string, evs ...starmap.Event) {
	t.Helper()
	by := starmap.CreatorActor(creator)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST())
	g, _, err := authz.NewGrant(by, now, authz.MerchantParty("m1"), starmap.DateOf(now), starmap.DateOf(now).AddDays(3), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateGrant(starmap.WithPendingEvents(bg, evs), g.Record()); err != nil {
		t.Fatal(err)
	}
}

func TestLog_ownByDefaultSharedWithLog_OPS1(t *testing.T) {
	a1, a2 := memstore.NewAuthzStore(), memstore.NewAuthzStore()
	if a1.Log() == a2.Log() || a1.Log() == nil {
		t.Fatal("OPS-1: two stores made without WithLog share a log")
	}
	var zero memstore.TaskStore
	if zero.Log() == nil || zero.Log() != zero.Log() {
		t.Fatal("OPS-1: the zero TaskStore has no log of its own")
	}
	shared := memstore.NewLog()
	a := memstore.NewAuthzStore(memstore.WithLog(shared))
	tk := memstore.NewTaskStore(memstore.WithLog(shared))
	for _, l := range []*memstore.Log{a.Log(), tk.Log(), memstore.NewStarStore(memstore.WithLog(shared)).Log(),
		memstore.NewCardStore(memstore.WithLog(shared)).Log(), memstore.NewCampaignStore(memstore.WithLog(shared)).Log(),
		memstore.NewComponentStore(memstore.WithLog(shared)).Log(), memstore.NewMCNStore(memstore.WithLog(shared)).Log(),
		memstore.NewOnboardingStore(memstore.WithLog(shared)).Log()} {
		if l != shared {
			t.Fatal("OPS-1: a store made WithLog(l) does not append to l")
		}
	}
	if memstore.NewTaskStore(memstore.WithLog(nil), nil).Log() == nil {
		t.Fatal("OPS-1: WithLog(nil) left the store without a log")
	}
	grantIn(t, a, "c1", starmap.Event{Type: "authz.grant.granted", Subject: "x"})
	ctx := starmap.WithPendingEvents(bg, []starmap.Event{{Type: "task.created", Subject: "t1"}, {Type: "task.extra", Subject: "t1"}})
	if _, err := tk.Create(ctx, task.Record{ID: "t1", Price: decimal.NewFromInt(1)}); err != nil {
		t.Fatal(err)
	}
	evs, err := shared.ReadEvents(bg, starmap.Position{}, 0)
	if err != nil || len(evs) != 3 {
		t.Fatalf("OPS-1: shared log read %v, %v", evs, err)
	}
	want := []starmap.Position{{Commit: 1, Seq: 1}, {Commit: 2, Seq: 2}, {Commit: 2, Seq: 3}}
	for i, e := range evs {
		if e.Position != want[i] {
			t.Errorf("OPS-1: event %d at %v, want %v (one commit per write, one seq per event)", i, e.Position, want[i])
		}
	}
	if shared.Last() != want[2] {
		t.Errorf("OPS-1: Last = %v", shared.Last())
	}
	// A failed write appends nothing.
	if _, err := tk.Create(ctx, task.Record{ID: "t1"}); !errors.Is(err, starmap.ErrConflict) {
		t.Fatalf("duplicate create: %v", err)
	}
	if _, err := tk.Update(ctx, task.Record{ID: "t1", Version: 9}); !errors.Is(err, starmap.ErrConflict) {
		t.Fatalf("stale update: %v", err)
	}
	if shared.Last() != want[2] {
		t.Errorf("OPS-1: a refused write logged: Last = %v", shared.Last())
	}
}

func TestLog_waitAndNotify_OPS1(t *testing.T) {
	a := memstore.NewAuthzStore()
	l := a.Log()
	ch := l.Notify()
	select {
	case <-ch:
		t.Fatal("OPS-1: Notify fired with nothing appended")
	default:
	}
	short, cancel := context.WithTimeout(bg, 5*time.Millisecond)
	defer cancel()
	if err := l.Wait(short, starmap.Position{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("OPS-1: Wait on an empty log: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- l.Wait(bg, starmap.Position{}) }()
	grantIn(t, a, "c1", starmap.Event{Type: "authz.grant.granted", Subject: "x"})
	if err := <-done; err != nil {
		t.Fatalf("OPS-1: Wait after an append: %v", err)
	}
	<-ch // closed by the append, or the test hangs
	if err := l.Wait(bg, starmap.Position{}); err != nil {
		t.Fatalf("OPS-1: Wait with an event already after the position: %v", err)
	}
	var nilCtx context.Context
	if err := l.Wait(nilCtx, starmap.Position{}); !errors.Is(err, starmap.ErrContextMissing) {
		t.Fatalf("nil context: %v", err)
	}
	var nilLog *memstore.Log
	if _, err := nilLog.ReadEvents(bg, starmap.Position{}, 1); !errors.Is(err, starmap.ErrServiceDependency) {
		t.Fatalf("nil log: %v", err)
	}
	// A write without events is no commit and wakes nobody.
	ch = l.Notify()
	grantIn(t, memstore.NewAuthzStore(memstore.WithLog(l)), "c2")
	select {
	case <-ch:
		t.Fatal("OPS-1: a write without events woke the reader")
	default:
	}
}

// TestLog_eventNeverBeforeItsRecord_OPS1: a reader that sees an event can
// read the record at (at least) the version the event's write stored.
func TestLog_eventNeverBeforeItsRecord_OPS1(t *testing.T) {
	s := memstore.NewAuthzStore()
	key := authz.GrantKey{Creator: "c1", Grantee: authz.MerchantParty("m1")}
	grantIn(t, s, "c1", starmap.Event{Type: "authz.grant.granted", Subject: key.String(), Note: "1"})
	const writes = 300
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for v := uint64(1); v <= writes; v++ {
			rec, err := s.GetGrant(bg, key)
			if err != nil {
				t.Error(err)
				return
			}
			// Each write logs the version it stores, in Note.
			ev := starmap.Event{Type: "authz.grant.granted", Subject: key.String(), Note: strconv.FormatUint(rec.Version+1, 10)}
			if _, err := s.UpdateGrant(starmap.WithPendingEvents(bg, []starmap.Event{ev}), rec); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	p := starmap.Position{}
	for seen := 0; seen < writes+1; {
		evs, err := s.Log().ReadEvents(bg, p, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			rec, err := s.GetGrant(bg, key)
			logged, perr := strconv.ParseUint(e.Note, 10, 64)
			if err != nil || perr != nil || rec.Version < logged {
				t.Fatalf("OPS-1: read the event of version %s, then the record at version %d (%v)", e.Note, rec.Version, err)
			}
			p = e.Position
			seen++
		}
	}
	wg.Wait()
}
