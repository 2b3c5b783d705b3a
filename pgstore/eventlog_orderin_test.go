package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// TestEventLog_orderInNested_OPS1: OrderIn in one host transaction (a
// nested write: the campaign's reservation, then the task's creation)
// logs exactly the events of what committed — none for a creation that
// failed and rolled the reservation back, one reservation and one task
// event (under one Commit) for each order that won, none for the losers
// of concurrent orders on two pools (retried conflicts, budget refusals).
func TestEventLog_orderInNested_OPS1(t *testing.T) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	log := mustEventLog(t, poolA)
	clock := starmap.NewManualClock(tOrder)
	reps := []replica{newReplica(t, poolA, clock, 64), newReplica(t, poolB, clock, 64)}
	if _, _, err := reps[0].camp.Create(ctx, adv1, campaign.Spec{ID: "cmp-1", Name: "双十一",
		Objective: campaign.ObjectivePurchase, Budget: decimal.NewFromInt(10000)}); err != nil {
		t.Fatal(err)
	}
	start := readAll(t, log, starmap.Position{}, 0)
	p0 := starmap.Position{}
	if len(start) > 0 {
		p0 = start[len(start)-1].Position
	}

	boom := errors.New("refused")
	if err := reps[0].orderIn(ctx, "t-fail", boom); !errors.Is(err, boom) {
		t.Fatalf("OrderIn = %v", err)
	}
	if got := readAll(t, log, p0, 0); len(got) != 0 {
		t.Fatalf("OPS-1: a rolled-back OrderIn logged %d events: %s", len(got), types(got))
	}

	const n = 16
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = reps[i%2].orderIn(ctx, fmt.Sprintf("t-%02d", i), nil)
		}()
	}
	wg.Wait()
	won := map[string]bool{}
	for i, err := range errs {
		switch {
		case err == nil:
			won[fmt.Sprintf("t-%02d", i)] = true
		case errors.Is(err, campaign.ErrBudgetExceeded):
		default:
			t.Errorf("order %d: %v", i, err)
		}
	}
	got := readAll(t, log, p0, 3) // small pages: paging across commits too
	perTask := map[string]int{}
	commitOf := map[string]uint64{}
	campaignEvents := 0
	for _, e := range got {
		if e.Subject == "cmp-1" {
			campaignEvents++
			continue
		}
		perTask[e.Subject]++
		commitOf[e.Subject] = e.Position.Commit
	}
	if campaignEvents != len(won) {
		t.Errorf("OPS-1: %d campaign events for %d orders won", campaignEvents, len(won))
	}
	for id, k := range perTask {
		if !won[id] || k != 1 {
			t.Errorf("OPS-1: task %s has %d events (won: %v)", id, k, won[id])
		}
	}
	for id := range won {
		if perTask[id] != 1 {
			t.Errorf("OPS-1: task %s won but has %d events", id, perTask[id])
		}
	}
	// The reservation's event shares its task's Commit.
	commits := map[uint64]int{}
	for _, e := range got {
		commits[e.Position.Commit]++
	}
	for id, c := range commitOf {
		if commits[c] != 2 {
			t.Errorf("OPS-1: task %s's commit %d holds %d events, want 2 (reservation + creation)", id, c, commits[c])
		}
	}
}
