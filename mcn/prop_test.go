package mcn_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// model is the simplest account of one creator's signings that the
// rules of MCN-1 allow: what each signing is, nothing else.
type model struct {
	pol  mcn.Policy
	sigs map[string]*msig
	ids  []string
}

type msig struct {
	mcn        string
	start, end starmap.Date
	excl       bool
	state      mcn.State
}

// expire closes what is due by today, as every command does first.
func (m *model) expire(today starmap.Date) {
	for _, s := range m.sigs {
		if s.end.Before(today) {
			switch s.state {
			case mcn.StateActive:
				s.state = mcn.StateEnded
			case mcn.StateProposed:
				s.state = mcn.StateLapsed
			}
		}
	}
}

func (m *model) overlapsActive(id string, start, end starmap.Date, excl bool, proposals bool) bool {
	for oid, o := range m.sigs {
		if oid == id {
			continue
		}
		counts := o.state == mcn.StateActive || proposals && o.state == mcn.StateProposed
		apart := !m.pol.ManyActive || excl || o.excl
		if counts && apart && !o.end.Before(start) && !end.Before(o.start) {
			return true
		}
	}
	return false
}

func (m *model) active() int {
	n := 0
	for _, s := range m.sigs {
		if s.state == mcn.StateActive {
			n++
		}
	}
	return n
}

// open counts the open proposals, of mcnID or ("") of every MCN.
func (m *model) open(mcnID string) int {
	n := 0
	for _, s := range m.sigs {
		if s.state == mcn.StateProposed && (mcnID == "" || s.mcn == mcnID) {
			n++
		}
	}
	return n
}

// TestSigningMachine_MCN1 drives a creator's book with random proposals,
// acceptances, declines, withdrawals, ends and sweeps by random actors on
// random days, under both policies, against the model. After every step:
// the book and the model agree on every signing's state and on whether
// the command was allowed; a refused command changed nothing; the book
// reads back from its record; under the default policy at most one
// signing is active and no two signings are ever in force at the same
// instant; under Policy.ManyActive no exclusive signing shares an instant
// in force with another; the history has one entry per event.
func TestSigningMachine_MCN1(t *testing.T) {
	for _, pol := range []mcn.Policy{{}, {BlockOverlappingProposals: true}, {ManyActive: true}} {
		t.Run(fmt.Sprintf("%+v", pol), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) { runMachine(t, pol) })
		})
	}
}

func runMachine(t *rapid.T, pol mcn.Policy) {
	b, _ := mcn.NewBook("c-1")
	m := &model{pol: pol, sigs: map[string]*msig{}}
	now := t0
	events := 0
	mcns := []string{"mcn-a", "mcn-b", "mcn-c"}
	steps := rapid.IntRange(1, 60).Draw(t, "steps")
	for step := 0; step < steps; step++ {
		now = now.Add(time.Duration(rapid.IntRange(0, 3*24).Draw(t, "hours")) * time.Hour)
		today := starmap.DateOf(now)
		before := b.Record()
		var (
			evs     []starmap.Event
			err     error
			allowed bool
			apply   func()
		)
		op := rapid.IntRange(0, 5).Draw(t, "op")
		// Commands other than proposals mostly name a signing that exists.
		id := fmt.Sprint("s", rapid.IntRange(0, 5).Draw(t, "new id"))
		if op != 0 && len(m.ids) > 0 && !rare(t, "unknown id") {
			id = rapid.SampledFrom(m.ids).Draw(t, "id")
		}
		s := m.sigs[id]
		switch op {
		case 0: // propose
			by := mcns[rapid.IntRange(0, 2).Draw(t, "mcn")]
			start := today.AddDays(rapid.IntRange(0, 12).Draw(t, "start"))
			end := start.AddDays(rapid.IntRange(0, 8).Draw(t, "length"))
			share := rapid.IntRange(0, mcn.MaxShareBP).Draw(t, "share")
			// Now and then one field is out of bounds.
			switch {
			case rare(t, "start in the past"):
				start = today.AddDays(-1)
			case rare(t, "end before start"):
				end = start.AddDays(-1)
			case rare(t, "share out of range"):
				share = mcn.MaxShareBP + 1
			}
			excl := pol.ManyActive && rapid.Bool().Draw(t, "exclusive")
			p := mcn.Proposal{ID: id, Creator: "c-1", Accounts: []mcn.Account{douyin("dy-c1")}, Start: start, End: end, ShareBP: share, Exclusive: excl}
			m.expire(today)
			allowed = s == nil && share >= 0 && share <= mcn.MaxShareBP && !start.Before(today) && !end.Before(start) &&
				!m.overlapsActive(id, start, end, excl, pol.BlockOverlappingProposals) &&
				m.open("") < mcn.MaxOpenProposals && m.open(by) < mcn.MaxOpenProposalsPerMCN
			apply = func() {
				m.sigs[id] = &msig{mcn: by, start: start, end: end, excl: excl, state: mcn.StateProposed}
				m.ids = append(m.ids, id)
			}
			evs, err = b.Propose(starmap.MCNActor(by), now, p, pol)
		case 1: // accept
			m.expire(today)
			allowed = s != nil && s.state == mcn.StateProposed &&
				!(pol.OneActive() && m.active() > 0) && !m.overlapsActive(id, s.start, s.end, s.excl, false)
			apply = func() { s.state = mcn.StateActive }
			evs, err = b.Accept(creator1, now, id, pol)
		case 2: // decline
			m.expire(today)
			allowed = s != nil && s.state == mcn.StateProposed
			apply = func() { s.state = mcn.StateDeclined }
			evs, err = b.Decline(creator1, now, id, "不考虑")
		case 3: // withdraw, by a random MCN
			by := mcns[rapid.IntRange(0, 2).Draw(t, "mcn")]
			m.expire(today)
			allowed = s != nil && s.state == mcn.StateProposed && s.mcn == by
			apply = func() { s.state = mcn.StateWithdrawn }
			evs, err = b.Withdraw(starmap.MCNActor(by), now, id, "")
		case 4: // end, by a random party
			actors := []starmap.Actor{creator1, creator2, ops, starmap.MCNActor("mcn-a"), starmap.MCNActor("mcn-b")}
			by := actors[rapid.IntRange(0, len(actors)-1).Draw(t, "actor")]
			m.expire(today)
			party := by == creator1 || by == ops || s != nil && by.Role() == starmap.RoleMCN && by.ID() == s.mcn
			allowed = s != nil && s.state == mcn.StateActive && party
			apply = func() { s.state = mcn.StateEnded }
			evs, err = b.End(by, now, id, "解约")
		case 5: // the sweep
			m.expire(today)
			allowed, apply = true, func() {}
			evs, err = b.Expire(ops, now)
		}
		if (err == nil) != allowed {
			t.Fatalf("step %d: the book says %v, the model says allowed=%v", step, err, allowed)
		}
		if err != nil {
			if len(starmap.Codes(err)) == 0 {
				t.Fatalf("step %d: an uncoded refusal %v", step, err)
			}
			if d := cmp.Diff(before, b.Record(), dateCmp, actorCmp); d != "" {
				t.Fatalf("step %d: a refusal changed the book:\n%s", step, d)
			}
			// The model's expiries are the book's too, recorded by the
			// next command that succeeds; keep them.
			continue
		}
		apply()
		events += len(evs)
		checkBook(t, b, m, events, pol)
	}
}

// rare is true about once in 21 draws: rapid favours the ends of a range,
// so the middle value is the rare one.
func rare(t *rapid.T, label string) bool { return rapid.IntRange(0, 20).Draw(t, label) == 10 }

func checkBook(t *rapid.T, b *mcn.Book, m *model, events int, pol mcn.Policy) {
	r := b.Record()
	if len(r.History) != events {
		t.Fatalf("%d history entries for %d events", len(r.History), events)
	}
	back, err := mcn.FromRecord(r)
	if err != nil {
		t.Fatalf("the book does not read back: %v", err)
	}
	if d := cmp.Diff(r, back.Record(), dateCmp, actorCmp); d != "" {
		t.Fatalf("round trip:\n%s", d)
	}
	ss := b.Signings()
	if len(ss) != len(m.sigs) {
		t.Fatalf("%d signings, the model has %d", len(ss), len(m.sigs))
	}
	active := 0
	for _, s := range ss {
		if want := m.sigs[s.ID].state; s.State != want {
			t.Fatalf("%s is %v, the model says %v", s.ID, s.State, want)
		}
		if s.State == mcn.StateActive {
			active++
		}
	}
	if pol.OneActive() && active > 1 {
		t.Fatalf("%d active signings", active)
	}
	// No two signings in force at one instant (default policy), no
	// exclusive one with another (ManyActive): the in-force windows, as
	// instants, are disjoint.
	type window struct{ from, to time.Time }
	win := func(s mcn.Signing) (window, bool) {
		if s.AcceptedAt.IsZero() {
			return window{}, false
		}
		w := window{from: s.Start.StartOfDay(), to: s.End.AddDays(1).StartOfDay()}
		if s.AcceptedAt.After(w.from) {
			w.from = s.AcceptedAt
		}
		if !s.ClosedAt.IsZero() && s.ClosedAt.Before(w.to) {
			w.to = s.ClosedAt
		}
		return w, w.from.Before(w.to)
	}
	for i, a := range ss {
		wa, ok := win(a)
		if !ok {
			continue
		}
		for _, o := range ss[i+1:] {
			wo, ok := win(o)
			if !ok || !(wa.from.Before(wo.to) && wo.from.Before(wa.to)) {
				continue
			}
			if pol.OneActive() || a.Exclusive || o.Exclusive {
				t.Fatalf("%s [%v, %v) and %s [%v, %v) are in force at once", a.ID, wa.from, wa.to, o.ID, wo.from, wo.to)
			}
		}
		// InForce agrees with the window at its edges.
		if !a.InForce(wa.from) || a.InForce(wa.to) || a.InForce(wa.from.Add(-time.Nanosecond)) {
			t.Fatalf("%s: InForce disagrees with its window [%v, %v)", a.ID, wa.from, wa.to)
		}
		if terms, ok := mcn.InForce(wa.from, ss, "c-1"); !ok || pol.OneActive() && terms.Signing != a.ID {
			t.Fatalf("at the start of %s's window, InForce = %+v, %v", a.ID, terms, ok)
		}
	}
}

// TestKey is a property: a key's text reads back to the key, and two
// keys with different text are different keys.
func TestKey(t *testing.T) {
	idGen := rapid.StringMatching(`[a-zA-Z0-9_.\-长😀]{1,20}`)
	rapid.Check(t, func(t *rapid.T) {
		k := mcn.Key{Creator: idGen.Draw(t, "creator"), Signing: idGen.Draw(t, "signing")}
		back, err := mcn.ParseKey(k.String())
		if err != nil || back != k {
			t.Fatalf("ParseKey(%q) = %+v, %v", k.String(), back, err)
		}
		o := mcn.Key{Creator: idGen.Draw(t, "creator2"), Signing: idGen.Draw(t, "signing2")}
		if (o.String() == k.String()) != (o == k) {
			t.Fatalf("%+v and %+v render alike", k, o)
		}
	})
	for _, s := range []string{"", "/", "c-1/", "/s1", "c-1/s1/x", "c 1/s1", "c-1/s\u200b1", "c-1|s1"} {
		if _, err := mcn.ParseKey(s); err == nil {
			t.Errorf("ParseKey(%q) read a key", s)
		}
	}
}
