package campaign_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// FuzzParseCursor: a cursor reads back only as the one text its position
// writes, and never panics.
func FuzzParseCursor(f *testing.F) {
	f.Add(campaign.Position{CreatedAt: t0, ID: "cmp-1"}.Cursor())
	f.Add(campaign.Position{CreatedAt: time.Unix(-62135596800, 999999999), ID: "x"}.Cursor())
	f.Add("")
	f.Add("MTpjMQ")
	f.Fuzz(func(t *testing.T, c string) {
		p, err := campaign.ParseCursor(c)
		if err != nil {
			if len(starmap.Codes(err)) == 0 {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		if p.Cursor() != c {
			t.Fatalf("cursor %q reads as %+v, which writes %q", c, p, p.Cursor())
		}
	})
}

// FuzzTarget: a target's check never panics, and what it accepts is
// within its metric's bounds.
func FuzzTarget(f *testing.F) {
	for _, s := range []string{"0", "1", "0.0001", "1.00001", "-1", "1e20", "999999999999999.99", "1000000000000000"} {
		f.Add(uint8(campaign.MetricConversionRate), s)
		f.Add(uint8(campaign.MetricOrders), s)
		f.Add(uint8(campaign.MetricROI), s)
	}
	f.Fuzz(func(t *testing.T, m uint8, s string) {
		v, err := decimal.NewFromString(s)
		if err != nil || len(s) > 200 {
			return
		}
		tg := campaign.Target{Metric: campaign.Metric(m), Value: v}
		if err := tg.Validate(); err != nil {
			if len(starmap.Codes(err)) == 0 {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		if v.Sign() < 0 || !tg.Metric.Valid() {
			t.Fatalf("accepted %+v", tg)
		}
		if tg.Metric == campaign.MetricConversionRate && v.Cmp(decimal.NewFromInt(1)) > 0 {
			t.Fatalf("accepted a conversion rate of %s", v)
		}
		if starmap.CheckAmount(v) != nil && tg.Metric != campaign.MetricConversionRate && !v.IsInteger() {
			t.Fatalf("accepted %s for %s", v, tg.Metric)
		}
	})
}
