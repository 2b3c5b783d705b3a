package task_test

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

// TestOrderCompensatedEventsReturned_OPS1: a campaign order whose task
// creation fails after a fresh reservation (the task id is taken) is
// compensated — the reservation is voided — and both campaign writes are
// committed with their events (campaign.OrderIn returns them: "the events
// of both writes (both were stored)"). doc.go OPS-1: "The events a Service
// returns are exactly the events stored". task.Service.Order drops them,
// so a host publishing what Order returns misses two committed events.
func TestOrderCompensatedEventsReturned_OPS1(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(t0)
	log := memstore.NewLog()
	cs, err := campaign.NewService(memstore.NewCampaignStore(memstore.WithLog(log)), clock)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := cs.Create(ctx, advertiser, campaign.Spec{ID: "cmp-1", Name: "试点",
		Objective: campaign.ObjectivePurchase, Budget: dec("5000.00")}); err != nil {
		t.Fatal(err)
	}
	ts, err := task.NewService(memstore.NewTaskStore(memstore.WithLog(log)), clock, task.WithCampaigns(cs))
	if err != nil {
		t.Fatal(err)
	}
	o := order(starmap.FormatShortVideo, true)
	if _, err := ts.Order(ctx, advertiser, o); err != nil { // the id taken, outside the campaign
		t.Fatal(err)
	}
	before := log.Last()
	o.Campaign = "cmp-1"
	out, err := ts.Order(ctx, advertiser, o)
	if !errors.Is(err, starmap.ErrAlreadyExists) {
		t.Fatalf("Order = %v, want ErrAlreadyExists", err)
	}
	logged, err := log.ReadEvents(ctx, before, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(logged) != len(out.Events) {
		t.Errorf("OPS-1: the compensated order committed %d events (%v) but Order returned %d",
			len(logged), logged, len(out.Events))
	}
}
