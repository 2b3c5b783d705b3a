package task_test

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	mcnpkg "github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/task"
)

// signed makes an mcn.Service on memstore in which mcn-1 holds an active
// signing of cre-1 at shareBP from today for a year.
func signed(t *testing.T, clock *starmap.ManualClock, shareBP int) *mcnpkg.Service {
	t.Helper()
	ctx := context.Background()
	m, err := mcnpkg.NewService(memstore.NewMCNStore(), clock)
	if err != nil {
		t.Fatal(err)
	}
	today := starmap.Today(clock)
	p := mcnpkg.Proposal{ID: "sig-1", Creator: "cre-1", Accounts: []mcnpkg.Account{{Platform: onboarding.Douyin, ID: "dy-1"}},
		Start: today, End: today.AddDays(365), ShareBP: shareBP}
	if _, _, err := m.Propose(ctx, starmap.MCNActor("mcn-1"), p); err != nil {
		t.Fatalf("Propose: %v", err)
	}
	if _, _, err := m.Accept(ctx, starmap.CreatorActor("cre-1"), p.Key()); err != nil {
		t.Fatalf("Accept: %v", err)
	}
	return m
}

// TestSigningTerms_MCN2_TSK5: with WithSigningTerms the MCN and its share
// come from the signing in force at ordering and stay with the task: the
// settlement pays the MCN RoundFen(pay × share), even after the signing
// has ended; an order naming another MCN is refused; an MCN acts for the
// creator only while it holds the signing.
func TestSigningTerms_MCN2_TSK5(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(t0)
	m := signed(t, clock, 2500)
	s, _ := newService(t, clock, task.WithSigningTerms(m))

	o := order(starmap.FormatShortVideo, false) // names no MCN: the lookup fills it in
	out, err := s.Order(ctx, advertiser, o)
	if err != nil {
		t.Fatalf("Order: %v", err)
	}
	if id, bp := out.Task.Signing(); out.Task.MCN() != "mcn-1" || id != "sig-1" || bp != 2500 {
		t.Fatalf("kept MCN %q signing %q share %d; want mcn-1, sig-1, 2500", out.Task.MCN(), id, bp)
	}

	other := order(starmap.FormatShortVideo, false)
	other.ID, other.MCN = "task-2", "mcn-other"
	if _, err := s.Order(ctx, advertiser, other); !errors.Is(err, task.ErrMCNNotSigned) || !errors.Is(err, starmap.ErrForbidden) {
		t.Fatalf("an order naming an MCN without the signing = %v, want ErrMCNNotSigned", err)
	}

	// The MCN accepts for the creator while it holds the signing.
	mustDo(t, s, starmap.MCNActor("mcn-1"), o.ID, cmd(task.CmdAcceptOrder))
	// The signing ends; the MCN may no longer act, the creator may.
	if _, _, err := m.End(ctx, starmap.CreatorActor("cre-1"), mcnpkg.Key{Creator: "cre-1", Signing: "sig-1"}, "合约到期前解约"); err != nil {
		t.Fatalf("End: %v", err)
	}
	if _, err := s.Do(ctx, starmap.MCNActor("mcn-1"), o.ID, withRef(task.CmdSubmitScript)); !errors.Is(err, task.ErrMCNNotSigned) {
		t.Fatalf("the MCN acting after its signing ended = %v, want ErrMCNNotSigned", err)
	}
	mustDo(t, s, creator, o.ID, withRef(task.CmdSubmitScript))
	mustDo(t, s, advertiser, o.ID, cmd(task.CmdApproveScript))
	mustDo(t, s, creator, o.ID, withRef(task.CmdSubmitVideo))
	mustDo(t, s, advertiser, o.ID, cmd(task.CmdApproveVideo))
	mustDo(t, s, creator, o.ID, withRef(task.CmdPublish))
	done := mustDo(t, s, advertiser, o.ID, cmd(task.CmdAcceptDelivery))

	// The share kept at ordering is paid, though the signing has ended.
	var share, payout = dec("0"), dec("0")
	for _, p := range done.Postings {
		switch p.Kind {
		case task.PostingMCNShare:
			share = share.Add(p.Amount)
		case task.PostingPayout:
			payout = payout.Add(p.Amount)
		}
	}
	if !share.Equal(dec("250.00")) || !payout.Equal(dec("750.00")) {
		t.Fatalf("paid the MCN %s and the creator %s of 1000.00; want 250.00 and 750.00 (25 %% kept from the signing)", share, payout)
	}
	// The kept terms survive the store's round trip.
	back, err := s.Get(ctx, advertiser, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if id, bp := back.Signing(); id != "sig-1" || bp != 2500 {
		t.Fatalf("reloaded signing %q share %d", id, bp)
	}
}

// TestSigningTerms_recordChecks: FromRecord refuses a share without a
// signing, a signing without an MCN, and a share outside 0–10000.
func TestSigningTerms_recordChecks(t *testing.T) {
	tk := newTask(t, starmap.FormatShortVideo, true)
	for name, f := range map[string]func(*task.Record){
		"share without signing":   func(r *task.Record) { r.MCNShareBP = 100 },
		"signing without MCN":     func(r *task.Record) { r.MCN, r.Signing = "", "sig-1" },
		"share above 10000":       func(r *task.Record) { r.Signing, r.MCNShareBP = "sig-1", 10001 },
		"negative share":          func(r *task.Record) { r.Signing, r.MCNShareBP = "sig-1", -1 },
		"signing id with a colon": func(r *task.Record) { r.Signing = "a:b" },
	} {
		r := tk.Record()
		f(&r)
		if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
			t.Errorf("%s: FromRecord = %v, want ErrRecordInvalid", name, err)
		}
	}
	r := tk.Record()
	r.Signing, r.MCNShareBP = "sig-1", 10000
	if _, err := task.FromRecord(r); err != nil {
		t.Errorf("a whole share kept from a signing: %v", err)
	}
}

// TestSigningTerms_manyActive_MCN2: under a policy of several active
// signings each MCN answers for its own: an order naming the second MCN
// keeps that MCN's signing and share, and it acts on its task.
func TestSigningTerms_manyActive_MCN2(t *testing.T) {
	ctx := context.Background()
	clock := starmap.NewManualClock(t0)
	m, err := mcnpkg.NewService(memstore.NewMCNStore(), clock, mcnpkg.WithPolicy(mcnpkg.Policy{ManyActive: true}))
	if err != nil {
		t.Fatal(err)
	}
	today := starmap.Today(clock)
	for i, agency := range []string{"mcn-1", "mcn-2"} {
		p := mcnpkg.Proposal{ID: "sig-" + agency, Creator: "cre-1", Accounts: []mcnpkg.Account{{Platform: onboarding.Douyin, ID: "dy-1"}},
			Start: today, End: today.AddDays(365), ShareBP: 1000 * (i + 1)}
		if _, _, err := m.Propose(ctx, starmap.MCNActor(agency), p); err != nil {
			t.Fatalf("Propose %s: %v", agency, err)
		}
		if _, _, err := m.Accept(ctx, starmap.CreatorActor("cre-1"), p.Key()); err != nil {
			t.Fatalf("Accept %s: %v", agency, err)
		}
	}
	s, _ := newService(t, clock, task.WithSigningTerms(m))
	o := order(starmap.FormatShortVideo, false)
	o.MCN = "mcn-2"
	out, err := s.Order(ctx, advertiser, o)
	if err != nil {
		t.Fatalf("an order naming the second MCN in force: %v", err)
	}
	if id, bp := out.Task.Signing(); out.Task.MCN() != "mcn-2" || id != "sig-mcn-2" || bp != 2000 {
		t.Fatalf("kept %q %q %d; want mcn-2, sig-mcn-2, 2000", out.Task.MCN(), id, bp)
	}
	mustDo(t, s, starmap.MCNActor("mcn-2"), o.ID, cmd(task.CmdAcceptOrder))
}
