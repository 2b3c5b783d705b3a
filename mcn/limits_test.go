package mcn_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// TestOpenProposalsPerMCN_MCN1: an MCN keeps at most
// MaxOpenProposalsPerMCN open proposals to one creator (review finding:
// no limit on proposals, so one agency could fill a creator's book).
func TestOpenProposalsPerMCN_MCN1(t *testing.T) {
	def := mcn.DefaultPolicy()
	b := newBook(t)
	for i := 0; i < mcn.MaxOpenProposalsPerMCN; i++ {
		must(t)(b.Propose(mcnA, t0, prop(fmt.Sprint("a", i)), def))
	}
	before := b.Record()
	_, err := b.Propose(mcnA, t0, prop("over"), def)
	wantRule(t, err, mcn.ErrLimitReached)
	if d := cmp.Diff(before, b.Record(), dateCmp, actorCmp); d != "" {
		t.Fatalf("a refusal changed the book:\n%s", d)
	}
	// Another MCN is not held back; the first proposes again once it has
	// an answer.
	must(t)(b.Propose(mcnB, t0, prop("b0"), def))
	must(t)(b.Decline(creator1, t0, "a0", ""))
	must(t)(b.Propose(mcnA, t0, prop("over"), def))
}

// TestOpenProposalsPerCreator_MCN1: a creator's book holds at most
// MaxOpenProposals open proposals from all MCNs; declining one frees a
// place.
func TestOpenProposalsPerCreator_MCN1(t *testing.T) {
	def := mcn.DefaultPolicy()
	b := newBook(t)
	for i := 0; i < mcn.MaxOpenProposals; i++ {
		must(t)(b.Propose(starmap.MCNActor(fmt.Sprint("m-", i)), t0, prop(fmt.Sprint("p", i)), def))
	}
	_, err := b.Propose(starmap.MCNActor("m-new"), t0, prop("over"), def)
	wantRule(t, err, mcn.ErrLimitReached)
	if e, ok := starmap.Find(err, mcn.ErrLimitReached); !ok || e.Message(starmap.ZH) != fmt.Sprintf("达人c-1的待确认的签约邀约已达上限%d", mcn.MaxOpenProposals) {
		t.Errorf("message %v", err)
	}
	must(t)(b.Decline(creator1, t0, "p3", "不考虑"))
	must(t)(b.Propose(starmap.MCNActor("m-new"), t0, prop("over"), def))
}

// fullBook returns c-1's book at MaxSignings signings: accepted ones
// (accepted of them ended, the last active until d(10000)), then
// closed never-accepted ones, then open proposals of distinct MCNs
// (MaxOpenProposals of them when open is -1).
func fullBook(t testing.TB, accepted, declined, open int) *mcn.Book {
	t.Helper()
	pol := mcn.Policy{}
	b := newBook(t)
	for i := 0; i < accepted; i++ {
		now := at(i * 10)
		p := with(prop(fmt.Sprint("e", i)), func(p *mcn.Proposal) { p.Start, p.End = d(i*10), d(i*10+5) })
		if i == accepted-1 {
			p.End = d(10000)
		}
		must(t)(b.Propose(mcnA, now, p, pol))
		must(t)(b.Accept(creator1, now, p.ID, pol))
		if i < accepted-1 {
			must(t)(b.End(creator1, now.Add(1), p.ID, "换签"))
		}
	}
	now := at(accepted * 10)
	later := func(p *mcn.Proposal) { p.Start, p.End = d(10001), d(10002) }
	for i := 0; i < declined; i++ {
		must(t)(b.Propose(mcnB, now, with(prop(fmt.Sprint("x", i)), later), pol))
		must(t)(b.Decline(creator1, now, fmt.Sprint("x", i), ""))
	}
	for i := 0; i < open; i++ {
		must(t)(b.Propose(starmap.MCNActor(fmt.Sprint("m-", i)), now, with(prop(fmt.Sprint("o", i)), later), pol))
	}
	if n := len(b.Signings()); n != accepted+declined+open {
		t.Fatalf("fixture holds %d signings", n)
	}
	return b
}

// TestSigningsKept_MCN1: a book keeps at most MaxSignings signings; a
// proposal past it prunes the oldest declined, withdrawn or lapsed
// signings with their history, and is refused when only accepted signings
// and open proposals remain.
func TestSigningsKept_MCN1(t *testing.T) {
	pol := mcn.Policy{}
	open := mcn.MaxOpenProposals - 1
	accepted := 20
	declined := mcn.MaxSignings - accepted - open
	b := fullBook(t, accepted, declined, open)
	now := at(accepted * 10)
	later := func(p *mcn.Proposal) { p.Start, p.End = d(10001), d(10002) }
	must(t)(b.Propose(starmap.MCNActor("m-last"), now, with(prop("last"), later), pol))
	ss := b.Signings()
	if len(ss) != mcn.MaxSignings {
		t.Fatalf("%d signings kept, want %d", len(ss), mcn.MaxSignings)
	}
	if _, ok := b.Signing("x0"); ok {
		t.Error("the oldest declined signing was not pruned")
	}
	if _, ok := b.Signing("x1"); !ok {
		t.Error("more than one signing was pruned")
	}
	for _, ch := range b.History() {
		if ch.Signing == "x0" {
			t.Errorf("the pruned signing's history is kept: %+v", ch)
		}
	}
	if _, err := mcn.FromRecord(b.Record()); err != nil {
		t.Errorf("the pruned book does not read back: %v", err)
	}
	// The accepted signings are kept and still answer.
	if _, ok := b.Signing("e0"); !ok {
		t.Error("an accepted signing was pruned")
	}
	if terms, ok := b.TermsAt(now); !ok || terms.Signing != fmt.Sprint("e", accepted-1) {
		t.Errorf("TermsAt: %+v, %v", terms, ok)
	}

	// Only accepted signings and open proposals: nothing to prune.
	b = fullBook(t, mcn.MaxSignings-mcn.MaxOpenProposals+1, 0, mcn.MaxOpenProposals-1)
	before := b.Record()
	_, err := b.Propose(starmap.MCNActor("m-last"), at(1000), with(prop("last"), later), pol)
	wantRule(t, err, mcn.ErrLimitReached)
	if d := cmp.Diff(before, b.Record(), dateCmp, actorCmp); d != "" {
		t.Fatalf("a refusal changed the book:\n%s", d)
	}
}

// atCap is c-1's book at every limit: MaxSignings signings, of them
// MaxOpenProposals open proposals and one active signing of mcn-a.
func atCap(b *testing.B) *mcn.Book {
	bk := fullBook(b, mcn.MaxSignings-mcn.MaxOpenProposals, 0, mcn.MaxOpenProposals)
	later := func(p *mcn.Proposal) { p.Start, p.End = d(10001), d(10002) }
	if _, err := bk.Propose(starmap.MCNActor("m-more"), at(mcn.MaxSignings*10), with(prop("more"), later), mcn.Policy{}); !errors.Is(err, mcn.ErrLimitReached) {
		b.Fatalf("the book is not at the cap: %v", err)
	}
	return bk
}

// BenchmarkMayActForAtCap is MayActFor over the largest book the limits
// allow.
func BenchmarkMayActForAtCap(b *testing.B) {
	ss := atCap(b).Signings()
	now := at(mcn.MaxSignings * 10)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := mcn.MayActFor(now, ss, "mcn-a", "c-1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServiceMayActForAtCap is Service.MayActFor — load the record,
// rebuild the book, check — over the memstore at the cap.
func BenchmarkServiceMayActForAtCap(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	if _, err := f.store.Create(ctx, atCap(b).Record()); err != nil {
		b.Fatal(err)
	}
	f.clock.Set(at(mcn.MaxSignings * 10))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := f.svc.MayActFor(ctx, "mcn-a", "c-1"); err != nil {
			b.Fatal(err)
		}
	}
}
