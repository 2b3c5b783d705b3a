package campaign_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/memstore"
)

// seeded returns a stored campaign holding n reservations, and its service.
func seeded(b *testing.B, n int) *campaign.Service {
	b.Helper()
	c := newCampaign(b, "100000000", "")
	for i := 0; i < n; i++ {
		if _, err := c.Reserve(advertiser, t0, "seed-"+strconv.Itoa(i), d("105.00")); err != nil {
			b.Fatal(err)
		}
	}
	store := memstore.NewCampaignStore()
	if _, err := store.Create(context.Background(), c.Record()); err != nil {
		b.Fatal(err)
	}
	svc, err := campaign.NewService(store, starmap.FixedClock(t0))
	if err != nil {
		b.Fatal(err)
	}
	return svc
}

// BenchmarkService_Reserve: one order's reservation through the Service on
// memstore (load, decide, compare-and-swap), on a campaign already holding
// 0 … 10,000 reservations. The campaign is rebuilt every 100 orders so
// that its size stays the one named.
func BenchmarkService_Reserve(b *testing.B) {
	for _, n := range []int{0, 100, 1000, 10000} {
		b.Run("reservations="+strconv.Itoa(n), func(b *testing.B) {
			svc := seeded(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i > 0 && i%100 == 0 {
					b.StopTimer()
					svc = seeded(b, n)
					b.StartTimer()
				}
				if _, _, err := svc.Reserve(ctx, advertiser, "cmp-1", "t-"+strconv.Itoa(i), d("105.00")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCampaign_Reserve: the pure decision alone, on a campaign of
// 1,000 reservations.
func BenchmarkCampaign_Reserve(b *testing.B) {
	base := newCampaign(b, "100000000", "")
	for i := 0; i < 1000; i++ {
		if _, err := base.Reserve(advertiser, t0, "seed-"+strconv.Itoa(i), d("105.00")); err != nil {
			b.Fatal(err)
		}
	}
	amount := d("105.00")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := base
		if _, err := c.Reserve(advertiser, t0, "t-x", amount); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkService_OrderIn: reserve, create (a no-op), on a fresh campaign
// every 100 orders.
func BenchmarkService_OrderIn(b *testing.B) {
	svc := seeded(b, 0)
	create := func(context.Context) error { return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%100 == 0 {
			b.StopTimer()
			svc = seeded(b, 0)
			b.StartTimer()
		}
		if _, _, err := svc.OrderIn(ctx, advertiser, "cmp-1", "t-"+strconv.Itoa(i), d("105.00"), create); err != nil {
			b.Fatal(err)
		}
	}
}
