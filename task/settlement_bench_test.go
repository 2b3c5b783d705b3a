package task

import (
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// BenchmarkSettleModel settles one task by each model (STL-1): the command
// that releases the frozen money — 验收 for fixed price and by deliverable
// (three weighted deliverables, one refused), close_settlement for CPM and
// for CPS (100 sales and 20 refunds, some after their window) — resetting
// the aggregate after each run. A signed creator, so the MCN share is
// computed too.
func BenchmarkSettleModel(b *testing.B) {
	adv, cre, plat := starmap.AdvertiserActor("a-1"), starmap.CreatorActor("c-1"), starmap.PlatformActor("clock")
	for _, c := range []struct {
		name string
		s    Settlement
	}{
		{"fixed", Settlement{}},
		{"deliverable", Settlement{Model: ModelDeliverable, Weights: []decimal.Decimal{decimal.NewFromInt(5), decimal.NewFromInt(3), decimal.NewFromInt(2)}}},
		{"cpm", Settlement{Model: ModelCPM, Rate: decimal.RequireFromString("30.00")}},
		{"cps", Settlement{Model: ModelCPS, Rate: decimal.NewFromInt(1500)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			o := Order{ID: "t-1", Creator: "c-1", MCN: "m-1", Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(12800),
				Template: Template{Objective: ObjectivePurchase, Deliverables: []string{"视频", "封面", "文案"}}, Settlement: c.s}
			t, _, err := New(adv, benchNow, o, DefaultPolicy(), nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range []Request{{Command: CmdAcceptOrder}, {Command: CmdSubmitScript, Ref: "s"}, {Command: CmdApproveScript},
				{Command: CmdSubmitVideo, Ref: "v"}, {Command: CmdApproveVideo}, {Command: CmdPublish, Ref: "p"}} {
				by := cre
				if r.Command == CmdApproveScript || r.Command == CmdApproveVideo {
					by = adv
				}
				if _, err := t.Apply(by, benchNow, r); err != nil {
					b.Fatal(err)
				}
			}
			day := func(n int) time.Time { return benchNow.Add(time.Duration(n) * 24 * time.Hour) }
			if c.s.Model == ModelCPM {
				if _, err := t.Apply(plat, day(3), Request{Command: CmdReportResults, Metrics: Metrics{Exposure: 123_456}}); err != nil {
					b.Fatal(err)
				}
			}
			if c.s.Model == ModelCPS {
				var sales []Sale
				for i := 0; i < 100; i++ {
					sales = append(sales, Sale{Order: "o-" + strconv.Itoa(i), At: day(i % 7), Amount: decimal.New(int64(1000+i), -1)})
				}
				for i := 0; i < 20; i++ {
					sales = append(sales, Sale{Order: "o-" + strconv.Itoa(i*5), At: day((i*5)%7 + i%10), Amount: decimal.NewFromInt(1), Refund: true})
				}
				if _, err := t.Apply(plat, day(17), Request{Command: CmdReportResults, Sales: sales}); err != nil {
					b.Fatal(err)
				}
			}
			accept := Request{Command: CmdAcceptDelivery}
			if c.s.Model == ModelDeliverable {
				accept.Deliverables = []bool{true, false, true}
			}
			settle, at, by := accept, day(1), adv
			if c.s.Model.deferred() {
				if _, err := t.Apply(adv, day(1), accept); err != nil {
					b.Fatal(err)
				}
				settle, at, by = Request{Command: CmdCloseSettlement}, day(30), plat
			}
			state, hist, posts := t.state, len(t.history), len(t.postings)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := t.Apply(by, at, settle); err != nil {
					b.Fatal(err)
				}
				t.state, t.history, t.postings, t.accepted = state, t.history[:hist], t.postings[:posts], nil
			}
		})
	}
}
