package mcn_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// longBook is c-1's book after years of signings: 40 ended ones and the
// one in force.
func longBook(b *testing.B) *mcn.Book {
	bk := newBook(b)
	pol := mcn.Policy{}
	for i := 0; i < 40; i++ {
		now := at(i * 10)
		p := with(prop(fmt.Sprint("s", i)), func(p *mcn.Proposal) { p.Start, p.End = d(i*10), d(i*10+5) })
		must(b)(bk.Propose(mcnA, now, p, pol))
		must(b)(bk.Accept(creator1, now, p.ID, pol))
		must(b)(bk.End(creator1, now.Add(1), p.ID, "换签"))
	}
	p := with(prop("now"), func(p *mcn.Proposal) { p.Start, p.End = d(400), d(800) })
	must(b)(bk.Propose(mcnB, at(400), p, pol))
	must(b)(bk.Accept(creator1, at(400), "now", pol))
	return bk
}

// BenchmarkMayActFor is the check made before every action an MCN takes
// for a creator (MCN-2).
func BenchmarkMayActFor(b *testing.B) {
	ss := longBook(b).Signings()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := mcn.MayActFor(at(500), ss, "mcn-b", "c-1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTermsAt is the lookup at every ordering (TSK-5), over the
// memstore.
func BenchmarkTermsAt(b *testing.B) {
	f := newFixture(b)
	r := longBook(b).Record()
	if _, err := f.store.Create(context.Background(), r); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok, err := f.svc.TermsAt(ctx, "c-1", at(500)); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkAccept is one acceptance through the Service, the write that
// the one-active rule guards.
func BenchmarkAccept(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := fmt.Sprint("c-", i)
		p := mcn.Proposal{ID: "s1", Creator: c, Accounts: []mcn.Account{douyin("dy-" + c)}, Start: d(1), End: d(100)}
		if _, _, err := f.svc.Propose(ctx, mcnA, p); err != nil {
			b.Fatal(err)
		}
		if _, _, err := f.svc.Accept(ctx, starmap.CreatorActor(c), p.Key()); err != nil {
			b.Fatal(err)
		}
	}
}
