package memstore_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

// unlogged is a TaskStore that writes no events: the baseline of the event
// log's cost.
type unlogged struct{ *memstore.TaskStore }

func (s unlogged) Create(ctx context.Context, r task.Record) (uint64, error) {
	return s.TaskStore.Create(starmap.WithPendingEvents(ctx, nil), r)
}

func (s unlogged) Update(ctx context.Context, r task.Record) (uint64, error) {
	return s.TaskStore.Update(starmap.WithPendingEvents(ctx, nil), r)
}

// BenchmarkTransitionLog (OPS-1) is the event log's cost per transition:
// task.Service placing an order and the creator accepting it (two
// transitions, each a whole load → decide → write cycle), with the log
// appended to and without. Compare the two in one run:
//
//	go test -run '^$' -bench TransitionLog -benchmem ./memstore
func BenchmarkTransitionLog(b *testing.B) {
	for _, c := range []struct {
		name  string
		store func() task.Store
	}{
		{"with_log", func() task.Store { return memstore.NewTaskStore() }},
		{"without_log", func() task.Store { return unlogged{memstore.NewTaskStore()} }},
	} {
		b.Run(c.name, func(b *testing.B) {
			s, err := task.NewService(c.store(), starmap.NewManualClock(time.Date(2026, 3, 1, 9, 0, 0, 0, starmap.CST())))
			if err != nil {
				b.Fatal(err)
			}
			adv, cre := starmap.AdvertiserActor("adv-1"), starmap.CreatorActor("cre-1")
			o := task.Order{Creator: "cre-1", Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(1000),
				Template: task.Template{Objective: task.ObjectiveExposure, Deliverables: []string{"60s video"}}}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				o.ID = "t-" + strconv.Itoa(i)
				if _, err := s.Order(bg, adv, o); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Do(bg, cre, o.ID, task.Request{Command: task.CmdAcceptOrder}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(2*float64(b.N)/b.Elapsed().Seconds(), "transitions/s")
		})
	}
}
