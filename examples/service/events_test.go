package main

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/task"
)

// TestPublishedLog_OPS1 checks the service's own log, used when the
// stores keep none: positions in order, after is exclusive, limits follow
// the paging rule.
func TestPublishedLog_OPS1(t *testing.T) {
	l := &publishedLog{}
	ctx := context.Background()
	l.append([]starmap.Event{{Type: "a"}, {Type: "b"}})
	l.append(nil)
	l.append([]starmap.Event{{Type: "c"}})
	all, err := l.ReadEvents(ctx, starmap.Position{}, 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("read all: %v %v", all, err)
	}
	for i := 1; i < len(all); i++ {
		if !all[i-1].Position.Less(all[i].Position) {
			t.Errorf("position %s not before %s", all[i-1].Position, all[i].Position)
		}
	}
	if all[0].Position.Commit != all[1].Position.Commit || all[1].Position.Commit == all[2].Position.Commit {
		t.Errorf("one append is one commit: %v", all)
	}
	rest, _ := l.ReadEvents(ctx, all[0].Position, 1)
	if len(rest) != 1 || rest[0].Type != "b" {
		t.Errorf("after the first, limit 1: %v", rest)
	}
	if _, err := l.ReadEvents(ctx, starmap.Position{}, -1); err == nil {
		t.Error("a negative limit is ErrPageLimit")
	}
	none, err := l.ReadEvents(ctx, all[2].Position, 0)
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("after the last: %v %v, want an empty slice", none, err)
	}
}

// TestMemoryStoresShareOneLog_OPS1: on the in-memory stores the service
// reads the stores' own log, one sequence for every package, written with
// each change; its own log (the fallback for stores without one) is off.
func TestMemoryStoresShareOneLog_OPS1(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(time.Date(2026, 10, 12, 10, 0, 0, 0, starmap.CST()))
	stores := MemoryStores()
	app, err := New(Config{Stores: stores, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if stores.Log == nil || app.published != nil {
		t.Fatalf("memstore keeps the log: Stores.Log %v, the service's own log %v", stores.Log, app.published)
	}
	out, err := app.tasks.Order(ctx, starmap.AdvertiserActor("adv-1"), task.Order{ID: "t-1", Creator: "cre-1",
		Format: starmap.FormatShortVideo, Price: decimal.RequireFromString("100.00")})
	if err != nil {
		t.Fatal(err)
	}
	_, evs, err := app.grants.Grant(ctx, starmap.CreatorActor("cre-1"), authz.MerchantParty("adv-1"),
		starmap.Today(clock), starmap.Today(clock).AddDays(7), "")
	if err != nil {
		t.Fatal(err)
	}
	logged, err := stores.Log.ReadEvents(ctx, starmap.Position{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]starmap.Event{}, out.Events...), evs...)
	if len(logged) != len(want) {
		t.Fatalf("the log holds %d events, want %d (the task's and the grant's)", len(logged), len(want))
	}
	for i, e := range logged {
		if e.Type != want[i].Type || e.Subject != want[i].Subject {
			t.Errorf("event %d: %s %s, want %s %s", i, e.Type, e.Subject, want[i].Type, want[i].Subject)
		}
	}
}
