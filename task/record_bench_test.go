package task

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// cycleRecord is the record a store's hot path handles most: a published
// short video with the default policy and eight results reports.
func cycleRecord(b *testing.B) Record {
	b.Helper()
	now := benchNow
	adv, cre := starmap.AdvertiserActor("adv-1"), starmap.CreatorActor("cre-1")
	tk, _, err := New(adv, now, Order{ID: "t-1", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(1000)}, DefaultPolicy(), nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, st := range []struct {
		by  starmap.Actor
		req Request
	}{
		{cre, Request{Command: CmdAcceptOrder}}, {cre, Request{Command: CmdSubmitScript, Ref: "s-1"}},
		{adv, Request{Command: CmdApproveScript}}, {cre, Request{Command: CmdSubmitVideo, Ref: "v-1"}},
		{adv, Request{Command: CmdApproveVideo}}, {cre, Request{Command: CmdPublish, Ref: "p-1"}},
	} {
		now = now.Add(time.Hour)
		if _, err := tk.Apply(st.by, now, st.req); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < 8; i++ {
		now = now.Add(time.Minute)
		if _, err := tk.Apply(starmap.PlatformActor("data"), now, Request{Command: CmdReportResults, Metrics: Metrics{Exposure: int64(i + 1), GMV: decimal.NewFromInt(int64(i))}}); err != nil {
			b.Fatal(err)
		}
	}
	return tk.Record()
}

// BenchmarkRecordCycle measures the client side of one transition on a
// store that caches recent records, step by step: the cache's deep copy
// (clone), rehydration with every check (fromrecord), the policy check
// alone (policy-validate), and the whole cycle of load, one results
// report and the record written back (cycle).
func BenchmarkRecordCycle(b *testing.B) {
	r := cycleRecord(b)
	b.Run("clone", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_ = r.Clone()
		}
	})
	b.Run("fromrecord", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := FromRecord(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("policy-validate", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := r.Policy.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("record", func(b *testing.B) {
		tk, err := FromRecord(r)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_ = tk.Record()
		}
	})
	b.Run("cycle", func(b *testing.B) {
		by := starmap.PlatformActor("data")
		at := benchNow.Add(24 * time.Hour)
		req := Request{Command: CmdReportResults, Metrics: Metrics{Exposure: 100, GMV: decimal.NewFromInt(5)}}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			tk, err := FromRecord(r.Clone())
			if err != nil {
				b.Fatal(err)
			}
			if _, err := tk.Apply(by, at, req); err != nil {
				b.Fatal(err)
			}
			_ = tk.Record().Clone()
		}
	})
}
