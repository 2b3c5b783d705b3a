package mcn_test

import (
	"context"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// TestMayActFor_MCN2: an MCN acts for a creator (claims, accepts, X-7)
// only while its signing is in force; each refusal says why.
func TestMayActFor_MCN2(t *testing.T) {
	def := mcn.DefaultPolicy()
	proposed := func(t testing.TB) *mcn.Book {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, prop("s1"), def))
		return b
	}
	ended := func(t testing.TB) *mcn.Book {
		b := signed(t)
		must(t)(b.End(creator1, at(30), "s1", "解约"))
		return b
	}
	expired := func(t testing.TB) *mcn.Book {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, with(prop("s1"), func(p *mcn.Proposal) { p.End = d(10) }), def))
		must(t)(b.Accept(creator1, t0, "s1", def))
		return b
	}
	cases := []struct {
		name    string
		book    func(testing.TB) *mcn.Book
		sweep   bool
		mcn     string
		creator string
		at      time.Time
		want    *starmap.Rule
	}{
		{"MCN-2 X-7 in force", signed, false, "mcn-a", "c-1", at(1), nil},
		{"MCN-2 X-1 in force on the last day of the term", signed, false, "mcn-a", "c-1", d(365).StartOfDay().Add(24*time.Hour - time.Nanosecond), nil},
		{"MCN-2 another MCN is not signed", signed, false, "mcn-b", "c-1", at(1), mcn.ErrNotSigned},
		{"MCN-2 another creator is not signed", signed, false, "mcn-a", "c-2", at(1), mcn.ErrNotSigned},
		{"MCN-2 accepted, the term starts tomorrow", signed, false, "mcn-a", "c-1", at(0).Add(time.Hour), mcn.ErrSigningNotStarted},
		{"MCN-2 only proposed", proposed, false, "mcn-a", "c-1", at(1), mcn.ErrSigningNotActive},
		{"MCN-2 ended by the creator", ended, false, "mcn-a", "c-1", at(31), mcn.ErrSigningNotActive},
		{"MCN-2 before it was ended, it was in force", ended, false, "mcn-a", "c-1", at(29), nil},
		{"MCN-2 X-1 expired, the sweep not run yet", expired, false, "mcn-a", "c-1", at(11), mcn.ErrSigningExpired},
		{"MCN-2 expired and swept", expired, true, "mcn-a", "c-1", at(11), mcn.ErrSigningExpired},
		{"MCN-2 bad MCN id", signed, false, "m 1", "c-1", at(1), starmap.ErrIDInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.book(t)
			if tc.sweep {
				must(t)(b.Expire(ops, tc.at))
			}
			err := mcn.MayActFor(tc.at, b.Signings(), tc.mcn, tc.creator)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRule(t, err, tc.want)
			if tc.want != starmap.ErrIDInvalid && !isForbidden(err) {
				t.Errorf("%v is not of kind starmap.ErrForbidden", err)
			}
		})
	}
}

func isForbidden(err error) bool {
	e, ok := err.(*starmap.Error)
	return ok && e.Rule().Kind() == starmap.ErrForbidden
}

// TestMayActFor_explanations_MCN2: with several signings, the refusal
// explains the most useful one: not started, then expired, then the
// latest state.
func TestMayActFor_explanations_MCN2(t *testing.T) {
	many := mcn.Policy{ManyActive: true}
	b := newBook(t)
	must(t)(b.Propose(mcnA, t0, with(prop("old"), func(p *mcn.Proposal) { p.End = d(5) }), many))
	must(t)(b.Accept(creator1, t0, "old", many))
	must(t)(b.Propose(mcnA, at(1), with(prop("next"), func(p *mcn.Proposal) { p.Start, p.End = d(20), d(40) }), many))
	must(t)(b.Accept(creator1, at(1), "next", many))
	must(t)(b.Propose(mcnA, at(2), with(prop("offer"), func(p *mcn.Proposal) { p.Start, p.End = d(50), d(60) }), many))
	err := mcn.MayActFor(at(10), b.Signings(), "mcn-a", "c-1")
	wantRule(t, err, mcn.ErrSigningNotStarted)
	if e, _ := starmap.Find(err, mcn.ErrSigningNotStarted); e.Message(starmap.ZH) != "MCN机构mcn-a与达人c-1的签约next自2026-03-22起生效,尚不能代达人操作" {
		t.Errorf("zh message %q", e.Message(starmap.ZH))
	}
	err = mcn.MayActFor(at(45), b.Signings(), "mcn-a", "c-1")
	wantRule(t, err, mcn.ErrSigningExpired)
	if e, _ := starmap.Find(err, mcn.ErrSigningExpired); e.Message(starmap.EN) !=
		"the signing next of MCN mcn-a with creator c-1 expired on 2026-04-11; the MCN cannot act for the creator" {
		t.Errorf("en message %q", e.Message(starmap.EN))
	}
}

// TestInForce_MCN2: the terms in force at an instant, from the
// signings, under each policy.
func TestInForce_MCN2(t *testing.T) {
	b := signed(t)
	if _, ok := b.TermsAt(at(0)); ok {
		t.Error("in force on d(0), the day before the term")
	}
	terms, ok := b.TermsAt(at(1))
	if !ok || terms != (mcn.Terms{MCN: "mcn-a", Signing: "s1", ShareBP: 2000}) {
		t.Errorf("terms on d(1) = %+v, %v", terms, ok)
	}
	if _, ok := mcn.InForce(at(1), b.Signings(), "c-2"); ok {
		t.Error("c-1's signing is in force for c-2")
	}
	// Under ManyActive, the signing accepted first answers, whatever the
	// order the signings are given in.
	many := mcn.Policy{ManyActive: true}
	m := newBook(t)
	must(t)(m.Propose(mcnB, t0, prop("z-later"), many))
	must(t)(m.Propose(mcnA, t0, prop("a-first"), many))
	must(t)(m.Accept(creator1, t0.Add(time.Minute), "z-later", many))
	must(t)(m.Accept(creator1, t0.Add(2*time.Minute), "a-first", many))
	ss := m.Signings()
	rev := []mcn.Signing{ss[1], ss[0]}
	for _, list := range [][]mcn.Signing{ss, rev} {
		if got, _ := mcn.InForce(at(2), list, "c-1"); got.Signing != "z-later" {
			t.Errorf("InForce chose %s, want z-later (accepted first)", got.Signing)
		}
	}
}

// TestEndingWhileTasksRun_MCN2_TSK5 is the decision on running tasks,
// at the level of TermsAt: a task keeps the terms in force when it was
// ordered, so a task ordered while the signing was in force keeps the
// MCN and its share to its end, even after the signing ended; a task
// ordered after the end has no MCN. The MCN may no longer act for the
// creator on any task once the signing has ended.
func TestEndingWhileTasksRun_MCN2_TSK5(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.sign(t, mcnA, prop("s1"))
	orderedBefore := at(10)
	f.clock.Set(at(30))
	if _, _, err := f.svc.End(ctx, creator1, mcn.Key{Creator: "c-1", Signing: "s1"}, "解约"); err != nil {
		t.Fatal(err)
	}
	orderedAfter := at(31)
	f.clock.Set(at(40)) // settlement of both tasks happens later still

	kept, ok, err := f.svc.TermsAt(ctx, "c-1", orderedBefore)
	if err != nil || !ok || kept.MCN != "mcn-a" || kept.ShareBP != 2000 {
		t.Fatalf("terms of the task ordered while signed = %+v, %v, %v; want mcn-a at 2000 bp", kept, ok, err)
	}
	if share := kept.ShareOf(money("1000.00")); !share.Equal(money("200")) {
		t.Errorf("the MCN's share of 1000.00 = %s, want 200.00", share)
	}
	if _, ok, err := f.svc.TermsAt(ctx, "c-1", orderedAfter); err != nil || ok {
		t.Errorf("the task ordered after the end has terms (%v, %v); it goes to the creator alone", ok, err)
	}
	if mcnID, err := f.svc.SignedMCN(ctx, "c-1"); err != nil || mcnID != "" {
		t.Errorf("SignedMCN after the end = %q, %v; want \"\"", mcnID, err)
	}
	err = f.svc.MayActFor(ctx, "mcn-a", "c-1")
	wantRule(t, err, mcn.ErrSigningNotActive)
	// The creator signs with mcn-b; the old task still says mcn-a.
	f.sign(t, mcnB, with(prop("s2"), func(p *mcn.Proposal) { p.Start, p.End, p.ShareBP = d(41), d(100), 1500 }))
	if again, _, _ := f.svc.TermsAt(ctx, "c-1", orderedBefore); again != kept {
		t.Errorf("the old task's terms changed to %+v after a new signing", again)
	}
	if now, ok, _ := f.svc.TermsAt(ctx, "c-1", at(41)); !ok || now.MCN != "mcn-b" || now.ShareBP != 1500 {
		t.Errorf("terms of a new order = %+v, %v; want mcn-b at 1500 bp", now, ok)
	}
}

// TestShareOf_X4: the MCN's part is rounded to the fen half away from
// zero, and the creator's part is the rest: the two add up to the pay.
func TestShareOf_X4(t *testing.T) {
	for _, tc := range []struct {
		bp        int
		pay, want string
	}{
		{2000, "1000.00", "200.00"},
		{0, "1000.00", "0"},
		{10000, "999999999999999.99", "999999999999999.99"},
		{1, "0.50", "0.00"},    // 0.00005 rounds down
		{3333, "0.15", "0.05"}, // 0.049995 → 0.05
		{5000, "0.01", "0.01"}, // 0.005 rounds away from zero
		{1250, "99.99", "12.50"},
	} {
		terms := mcn.Terms{ShareBP: tc.bp}
		got := terms.ShareOf(money(tc.pay))
		if !got.Equal(money(tc.want)) {
			t.Errorf("TSK-5 X-4 %d bp of %s = %s, want %s", tc.bp, tc.pay, got, tc.want)
		}
		if rest := money(tc.pay).Sub(got); !rest.Add(got).Equal(money(tc.pay)) || rest.Sign() < 0 {
			t.Errorf("TSK-5 X-4 %d bp of %s: creator's part %s", tc.bp, tc.pay, rest)
		}
	}
}
