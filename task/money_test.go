package task_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
	"pgregory.net/rapid"
)

func balances(st task.Statement) map[task.Account]string {
	out := map[task.Account]string{}
	for _, l := range st.Lines {
		out[l.Account] = l.Balance.StringFixed(2)
	}
	return out
}

func TestMoney(t *testing.T) {
	type want struct {
		available, frozen, creator, mcn, fee string
	}
	cases := []struct {
		name   string
		signed bool
		to     task.State
		cancel *starmap.Actor
		last   task.Request
		by     starmap.Actor
		want   want
	}{
		{name: "TSK-5_settled_independent", to: task.StatePublished, last: cmd(task.CmdAcceptDelivery), by: advertiser,
			want: want{"-1050.00", "0.00", "1000.00", "0.00", "50.00"}},
		{name: "TSK-5_settled_signed_mcn_10pct", signed: true, to: task.StatePublished, last: cmd(task.CmdAcceptDelivery), by: advertiser,
			want: want{"-1050.00", "0.00", "900.00", "100.00", "50.00"}},
		{name: "TSK-5_declined_full_refund", to: task.StatePending, last: withReason(task.CmdDecline), by: creator,
			want: want{"0.00", "0.00", "0.00", "0.00", "0.00"}},
		{name: "TSK-3_advertiser_cancels_pending_full_refund", to: task.StatePending, last: withReason(task.CmdCancel), by: advertiser,
			want: want{"0.00", "0.00", "0.00", "0.00", "0.00"}},
		{name: "TSK-3_advertiser_cancels_accepted_10pct", signed: true, to: task.StateAccepted, last: withReason(task.CmdCancel), by: advertiser,
			want: want{"-105.00", "0.00", "90.00", "10.00", "5.00"}},
		{name: "TSK-3_advertiser_cancels_script_stage_30pct", to: task.StateScriptApproved, last: withReason(task.CmdCancel), by: subAccount,
			want: want{"-315.00", "0.00", "300.00", "0.00", "15.00"}},
		{name: "TSK-3_advertiser_cancels_video_stage_50pct", to: task.StateVideoApproved, last: withReason(task.CmdCancel), by: advertiser,
			want: want{"-525.00", "0.00", "500.00", "0.00", "25.00"}},
		{name: "TSK-3_creator_withdraws_full_refund", signed: true, to: task.StateVideoSubmitted, last: withReason(task.CmdCancel), by: mcn,
			want: want{"0.00", "0.00", "0.00", "0.00", "0.00"}},
		{name: "TSK-3_platform_cancels_full_refund", to: task.StateScriptSubmitted, last: withReason(task.CmdCancel), by: platform,
			want: want{"0.00", "0.00", "0.00", "0.00", "0.00"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := newTask(t, starmap.FormatShortVideo, c.signed)
			videoTo(t, tk, c.to)
			if _, err := tk.Apply(c.by, t0.Add(2*time.Hour), c.last); err != nil {
				t.Fatal(err)
			}
			st := tk.Statement()
			got := balances(st)
			w := map[task.Account]string{task.AccountAdvertiserAvailable: c.want.available, task.AccountAdvertiserFrozen: c.want.frozen,
				task.AccountCreator: c.want.creator, task.AccountMCN: c.want.mcn, task.AccountPlatformFee: c.want.fee}
			for a, v := range w {
				if got[a] != v {
					t.Errorf("%v = %s, want %s", a, got[a], v)
				}
			}
			if !st.Sum().IsZero() {
				t.Errorf("X-4 statement sums to %s", st.Sum())
			}
			if !st.Frozen.Equal(st.Paid.Add(st.MCN).Add(st.Fee).Add(st.Refunded)) {
				t.Errorf("X-4 frozen %s ≠ paid %s + mcn %s + fee %s + refunded %s", st.Frozen, st.Paid, st.MCN, st.Fee, st.Refunded)
			}
		})
	}
}

func TestFeeRounding(t *testing.T) {
	// TSK-5: fee = RoundFen(price × rate), half away from zero.
	p := task.DefaultPolicy()
	p.FeeRate = dec("0.035")
	o := order(starmap.FormatShortVideo, true)
	o.Price = dec("0.10") // 0.0035 → 0.00
	tk, _, err := task.New(advertiser, t0, o, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Fee().StringFixed(2) != "0.00" {
		t.Errorf("fee %s", tk.Fee())
	}
	o.Price = dec("0.15") // 0.00525 → 0.01
	tk, _, _ = task.New(advertiser, t0, o, p, nil)
	if tk.Fee().StringFixed(2) != "0.01" {
		t.Errorf("fee %s", tk.Fee())
	}
}

func TestOrderValidation(t *testing.T) {
	bad := order(starmap.FormatLive, false)
	bad.ID = ""
	bad.Price = dec("10.005")
	bad.LiveDuration = 0
	bad.Template.Deliverables = nil
	bad.Components = []string{"c-1", "c-1"}
	_, _, err := task.New(advertiser, t0, bad, task.DefaultPolicy(), nil)
	assertChinese(t, err)
	for _, w := range []error{starmap.ErrIDInvalid, task.ErrPriceInvalid, task.ErrLiveDurationRequired, task.ErrTemplateInvalid, task.ErrComponentsInvalid} {
		if !errors.Is(err, w) {
			t.Errorf("TSK-1 order errors %v miss %v", err, w)
		}
	}
	if _, _, err := task.New(creator, t0, order(starmap.FormatShortVideo, false), task.DefaultPolicy(), nil); !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("X-7 a creator orders: %v", err)
	}
	self := order(starmap.FormatShortVideo, false)
	self.Creator = "adv-1"
	if _, _, err := task.New(advertiser, t0, self, task.DefaultPolicy(), nil); !errors.Is(err, task.ErrSameParty) {
		t.Errorf("self order: %v", err)
	}
	zero := order(starmap.FormatShortVideo, false)
	zero.Price = decimal.Zero
	if _, _, err := task.New(advertiser, t0, zero, task.DefaultPolicy(), nil); !errors.Is(err, task.ErrPriceInvalid) {
		t.Errorf("zero price: %v", err)
	}
	withComp := order(starmap.FormatShortVideo, false)
	withComp.Components = []string{"c-1"}
	for _, mounted := range [][]task.MountedComponent{{{ID: "c-2"}}, nil} {
		_, _, err := task.New(advertiser, t0, withComp, task.DefaultPolicy(), mounted)
		if !errors.Is(err, task.ErrComponentsInvalid) {
			t.Errorf("CMP-3 snapshot mismatch: %v", err)
		}
		assertChinese(t, err)
	}
	badIDs := order(starmap.FormatShortVideo, false)
	badIDs.Components = []string{"c 1"}
	_, _, err = task.New(advertiser, t0, badIDs, task.DefaultPolicy(), nil)
	if !errors.Is(err, task.ErrComponentsInvalid) {
		t.Errorf("CMP-3 bad component id: %v", err)
	}
	assertChinese(t, err)
	tk, ev, err := task.New(subAccount, t0, order(starmap.FormatShortVideo, false), task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Advertiser() != "adv-1" || ev.Type != "task.ordered" || tk.State() != task.StatePending || tk.HistoryLen() != 1 {
		t.Errorf("sub-account order: %v %+v", tk.Advertiser(), ev)
	}
	if st := tk.Statement(); st.Balance(task.AccountAdvertiserFrozen).StringFixed(2) != "1050.00" {
		t.Errorf("TSK-5 frozen %s", st.Balance(task.AccountAdvertiserFrozen))
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := task.DefaultPolicy().Validate(); err != nil {
		t.Fatalf("default: %v", err)
	}
	for _, c := range []struct {
		name string
		edit func(*task.Policy)
		ok   bool
	}{
		{"TSK-8_invitation_1_day_ok", func(p *task.Policy) { p.InvitationDays = 1 }, true},
		{"TSK-8_invitation_14_days_ok", func(p *task.Policy) { p.InvitationDays = 14 }, true},
		{"TSK-8_invitation_0_days_refused", func(p *task.Policy) { p.InvitationDays = 0 }, false},
		{"TSK-8_invitation_15_days_refused", func(p *task.Policy) { p.InvitationDays = 15 }, false},
		{"TSK-8_negative_script_budget", func(p *task.Policy) { p.ScriptRejections = -1 }, false},
		{"TSK-5_fee_rate_above_1", func(p *task.Policy) { p.FeeRate = dec("1.01") }, false},
		{"TSK-5_no_creator_share_before_acceptance", func(p *task.Policy) {
			p.Refunds.Set(task.ProgressInvited, task.PartyAdvertiser, task.Refund{CreatorShare: dec("0.01"), FeeShare: dec("0")})
		}, false},
		{"TSK-5_fee_share_before_acceptance_ok", func(p *task.Policy) {
			p.Refunds.Set(task.ProgressInvited, task.PartyAdvertiser, task.Refund{CreatorShare: dec("0"), FeeShare: dec("0.5")})
		}, true},
		{"TSK-5_fee_rate_zero_written_0e-3_ok", func(p *task.Policy) { p.FeeRate = decimal.New(0, -3) }, true},
		// A zero with an absurd exponent is refused: the fee's arithmetic
		// on it would build a billion-digit power of ten (it hung).
		{"TSK-5_fee_rate_zero_with_absurd_exponent", func(p *task.Policy) { p.FeeRate = decimal.New(0, 1000000000) }, false},
		{"TSK-5_mcn_share_zero_with_absurd_exponent", func(p *task.Policy) { p.MCNShare = decimal.New(0, -1000000000) }, false},
		{"TSK-5_refund_share_negative", func(p *task.Policy) {
			p.Refunds.Set(task.ProgressVideo, task.PartyAdvertiser, task.Refund{CreatorShare: dec("-0.1")})
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := task.DefaultPolicy()
			c.edit(&p)
			err := p.Validate()
			if (err == nil) != c.ok || (err != nil && !errors.Is(err, task.ErrPolicyInvalid)) {
				t.Errorf("Validate = %v, want ok %v", err, c.ok)
			}
			assertChinese(t, err)
		})
	}
	p := task.DefaultPolicy()
	p.InvitationDays, p.AutoAcceptDays = 0, 0
	if n := len(starmap.Codes(p.Validate())); n != 2 {
		t.Errorf("X-5 every problem reported: %d", n)
	}
}

// TestMoneyConservation (X-4, TSK-5): any price, fee rate, MCN share and
// refund table, short video or live, ordered to a creator or open to a
// claim, any cancellation point and party, and settlement: the statement
// sums to zero, frozen ends at zero, no balance but the advertiser's
// available one goes negative, and nothing reaches the creator side before
// a creator accepted.
func TestMoneyConservation(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		p := task.DefaultPolicy()
		share := func(name string) decimal.Decimal {
			return decimal.New(int64(rapid.IntRange(0, 10000).Draw(rt, name)), -4)
		}
		p.FeeRate, p.MCNShare = share("fee"), share("mcn")
		for pr := task.ProgressInvited; pr <= task.ProgressVideo; pr++ {
			for _, by := range []task.Party{task.PartyAdvertiser, task.PartyCreator, task.PartyPlatform} {
				r := task.Refund{CreatorShare: share("cs"), FeeShare: share("fs")}
				if pr == task.ProgressInvited {
					r.CreatorShare = decimal.Zero
				}
				p.Refunds.Set(pr, by, r)
			}
		}
		live := rapid.Bool().Draw(rt, "live")
		f := starmap.FormatShortVideo
		if live {
			f = starmap.FormatLive
		}
		signed := rapid.Bool().Draw(rt, "signed")
		open := rapid.Bool().Draw(rt, "open")
		o := order(f, signed)
		if open {
			o.Creator, o.MCN = "", ""
		}
		o.Price = decimal.New(rapid.Int64Range(1, 1_000_000_000).Draw(rt, "fen"), -2)
		tk, _, err := task.New(advertiser, t0, o, p, nil)
		if err != nil {
			rt.Fatal(err)
		}
		var to task.State
		if live {
			to = rapid.SampledFrom([]task.State{task.StatePending, task.StateAccepted, task.StateScheduled,
				task.StateOnAir, task.StateBroadcast}).Draw(rt, "to")
		} else {
			to = rapid.SampledFrom([]task.State{task.StatePending, task.StateAccepted, task.StateScriptSubmitted,
				task.StateScriptApproved, task.StateVideoSubmitted, task.StateVideoApproved, task.StatePublished}).Draw(rt, "to")
		}
		if open && to != task.StatePending {
			r := task.Request{Command: task.CmdClaim}
			if signed {
				r.MCN = "mcn-1"
			}
			run(rt, tk, step{by: creator, req: r})
		}
		switch {
		case open && to == task.StatePending:
			to = task.StateOpen
		case live:
			liveTo(rt, tk, to)
		default:
			videoTo(rt, tk, to)
		}
		var by starmap.Actor
		req := withReason(task.CmdCancel)
		switch to {
		case task.StatePublished, task.StateBroadcast:
			by, req = advertiser, cmd(task.CmdAcceptDelivery)
		case task.StateOnAir:
			by = platform
		default:
			by = rapid.SampledFrom([]starmap.Actor{advertiser, creator, platform}).Draw(rt, "by")
			if (to == task.StatePending || to == task.StateOpen) && by == creator {
				if open {
					by = advertiser
				} else {
					req = withReason(task.CmdDecline)
				}
			}
		}
		if _, err := tk.Apply(by, t0.Add(30*time.Hour), req); err != nil {
			rt.Fatalf("%v by %v in %v: %v", req.Command, by, tk.State(), err)
		}
		checkMoney(rt, tk)
		if to == task.StatePending || to == task.StateOpen {
			st := tk.Statement()
			if !st.Balance(task.AccountCreator).IsZero() || !st.Balance(task.AccountMCN).IsZero() {
				rt.Fatalf("TSK-5 paid the creator side %s/%s before anyone accepted", st.Balance(task.AccountCreator), st.Balance(task.AccountMCN))
			}
		}
	})
}

// huge returns a decimal of n nines: a number no real price has.
func huge(n int) decimal.Decimal { return dec(strings.Repeat("9", n)) }

// TestAmountBounds_X4: every amount that enters is bounded as
// starmap.CheckAmount says — prices of 1e15, 1e30, a 100,001-digit number
// and decimals with enormous exponents are refused at once with a coded
// error, and nothing is stored; the largest amount is accepted where the
// fee keeps the total within it, and every posting stays an amount.
func TestAmountBounds_X4(t *testing.T) {
	ctx := context.Background()
	s, store := newService(t, starmap.FixedClock(t0))
	for _, c := range []struct {
		name  string
		price decimal.Decimal
		want  error
	}{
		{"1e15", dec("1000000000000000"), starmap.ErrMoneyTooLarge},
		{"1e30", dec("1e30"), starmap.ErrMoneyTooLarge},
		{"100001_digits", huge(100001), starmap.ErrMoneyTooLarge},
		{"exponent_1e7", decimal.New(1, 10_000_000), starmap.ErrMoneyTooLarge},
		{"exponent_2e9", decimal.New(7, 2_000_000_000), starmap.ErrMoneyTooLarge},
		{"exponent_minus_1e7", decimal.New(1, -10_000_000), starmap.ErrMoneyTooPrecise},
		{"sub_fen", dec("10.005"), starmap.ErrMoneyTooPrecise},
		{"largest_plus_the_default_fee", dec(starmap.MaxAmountText), starmap.ErrMoneyTooLarge},
		{"negative", dec("-1"), task.ErrPriceInvalid},
		{"zero", decimal.Zero, task.ErrPriceInvalid},
	} {
		t.Run("X-4_"+c.name, func(t *testing.T) {
			o := order(starmap.FormatShortVideo, false)
			o.Price = c.price
			_, err := s.Order(ctx, advertiser, o)
			if !errors.Is(err, task.ErrPriceInvalid) || !errors.Is(err, c.want) {
				t.Errorf("price %s: %v, want ErrPriceInvalid and %v", shortText(c.price.String()), shortText(fmt.Sprint(err)), c.want)
			}
			if len(fmt.Sprint(err)) > 1000 {
				t.Errorf("the refusal is %d bytes long", len(fmt.Sprint(err)))
			}
			assertChinese(t, err)
			if n := len(listAll(t, store)); n != 0 {
				t.Errorf("a refused price stored %d tasks", n)
			}
		})
	}
	t.Run("X-4_largest_amount_with_no_fee", func(t *testing.T) {
		p := task.DefaultPolicy()
		p.FeeRate = decimal.Zero
		s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)), task.WithPolicy(p))
		o := order(starmap.FormatShortVideo, true)
		o.Price = dec(starmap.MaxAmountText)
		if _, err := s.Order(ctx, advertiser, o); err != nil {
			t.Fatalf("the largest price without a fee: %v", err)
		}
		var tk *task.Task
		for _, st := range []struct {
			by starmap.Actor
			r  task.Request
		}{{creator, cmd(task.CmdAcceptOrder)}, {creator, withRef(task.CmdSubmitScript)}, {advertiser, cmd(task.CmdApproveScript)},
			{creator, withRef(task.CmdSubmitVideo)}, {advertiser, cmd(task.CmdApproveVideo)}, {creator, withRef(task.CmdPublish)},
			{advertiser, cmd(task.CmdAcceptDelivery)}} {
			tk = mustDo(t, s, st.by, o.ID, st.r).Task
		}
		checkMoney(t, tk)
		if got := tk.Statement().Balance(task.AccountCreator).Add(tk.Statement().Balance(task.AccountMCN)); !got.Equal(o.Price) {
			t.Errorf("X-4 paid %s of %s", got, o.Price)
		}
	})
	t.Run("TSK-6_gmv_bounded", func(t *testing.T) {
		for _, gmv := range []decimal.Decimal{dec("1e15"), huge(100001), decimal.New(1, 10_000_000), decimal.New(1, -10_000_000), dec("0.001")} {
			if err := (task.Metrics{GMV: gmv}).Validate(); !errors.Is(err, task.ErrMetricsInvalid) {
				t.Errorf("GMV %s: %v, want ErrMetricsInvalid", shortText(gmv.String()), err)
			}
		}
		if err := (task.Metrics{GMV: dec(starmap.MaxAmountText)}).Validate(); err != nil {
			t.Errorf("the largest GMV: %v", err)
		}
	})
	t.Run("TSK-5_rates_bounded", func(t *testing.T) {
		for _, r := range []decimal.Decimal{decimal.New(1, 10_000_000), decimal.New(1, -10_000_000), dec("0.0000001"), dec("1.000001"), huge(100001)} {
			p := task.DefaultPolicy()
			p.FeeRate = r
			if err := p.Validate(); !errors.Is(err, task.ErrPolicyInvalid) {
				t.Errorf("fee rate %s: %v, want ErrPolicyInvalid", shortText(r.String()), err)
			}
		}
		p := task.DefaultPolicy()
		p.FeeRate, p.MCNShare = dec("0.000001"), dec("1.000000")
		if err := p.Validate(); err != nil {
			t.Errorf("rates of 6 places and 1: %v", err)
		}
	})
	t.Run("X-8_stored_amount_beyond_the_bound", func(t *testing.T) {
		r := newTask(t, starmap.FormatShortVideo, false).Record()
		r.Price = dec("1e30")
		if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
			t.Errorf("a stored price of 1e30: %v", err)
		}
	})
	t.Run("TSK-6_KPIs_of_absurd_figures_undefined", func(t *testing.T) {
		k := task.Compute(task.Metrics{Exposure: 10, Clicks: 10, GMV: decimal.New(1, 10_000_000)}, decimal.New(1, -10_000_000))
		if k.CPM.Defined() || k.CPE.Defined() || k.ROI.Defined() {
			t.Errorf("KPIs of absurd figures: %v %v %v", k.CPM, k.CPE, k.ROI)
		}
	})
}

func shortText(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
