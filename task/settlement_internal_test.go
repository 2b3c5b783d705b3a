package task

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// TestNetGMVClamped_STL1 (STL-1, X-4): the second guard. Were a refund
// above its sale ever kept (the checks of a report and of FromRecord
// refuse it), net GMV would be clamped to zero: pay and fee are zero,
// never negative, and the close refunds everything.
func TestNetGMVClamped_STL1(t *testing.T) {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	tk := &Task{
		id: "t-1", advertiser: "adv-1", creator: "cre-1", format: starmap.FormatShortVideo,
		price: decimal.RequireFromString("100.00"), fee: decimal.RequireFromString("5.00"),
		policy: DefaultPolicy(), state: StateSettled, deliveredAt: at,
		settlement: Settlement{Model: ModelCPS, Rate: decimal.NewFromInt(1000)},
		sales: []Sale{
			{Order: "o-1", At: at.Add(time.Hour), Amount: decimal.RequireFromString("100.00")},
			{Order: "o-1", At: at.Add(2 * time.Hour), Amount: decimal.RequireFromString("1000.00"), Refund: true},
		},
	}
	now := at.Add(30 * 24 * time.Hour)
	if net := tk.netGMV(now); !net.IsZero() {
		t.Fatalf("net GMV %s, want 0 (clamped)", net)
	}
	pay, _, _ := tk.pay(now)
	if !pay.IsZero() || !tk.feeOn(pay).IsZero() {
		t.Fatalf("pay %s fee %s, want 0", pay, tk.feeOn(pay))
	}
	v := tk.SettlementAt(now)
	if v.Pay.Sign() < 0 || v.Fee.Sign() < 0 || v.NetGMV.Sign() < 0 {
		t.Fatalf("negative settlement view %+v", v)
	}
}
