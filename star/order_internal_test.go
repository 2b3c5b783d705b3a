package star

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/starmap-go/starmap/onboarding"
)

// invariants checks the shape of every order of a snapshot: no empty
// group or block, none over its bound, entries sorted by (key, id) across
// blocks and groups, one entry per creator that has the key, and each
// entry's signature the row's.
func invariants(s *snapshot) error {
	for k := range s.orders {
		o := &s.orders[k]
		n := 0
		var prev *ent
		for gi, g := range o.groups {
			if len(g.blocks) == 0 || len(g.blocks) > maxGroup {
				return fmt.Errorf("order %d group %d has %d blocks", k, gi, len(g.blocks))
			}
			for bi, b := range g.blocks {
				if len(b.ents) == 0 || len(b.ents) > maxBlock {
					return fmt.Errorf("order %d group %d block %d has %d entries", k, gi, bi, len(b.ents))
				}
				for i := range b.ents {
					e := b.ents[i]
					if prev != nil && s.cmpEnt(*prev, e.key, s.id(e.row)) >= 0 {
						return fmt.Errorf("order %d out of order at group %d block %d entry %d", k, gi, bi, i)
					}
					l, j := s.at(e.row)
					if key, ok := keyOf(k, l.prof[j]); !ok || key != e.key || e.sig != l.sig[j] {
						return fmt.Errorf("order %d: a stale entry for row %d", k, e.row)
					}
					prev = &b.ents[i]
					n++
				}
			}
		}
		want := 0
		for row := 0; row < s.n; row++ {
			l, j := s.at(uint32(row))
			if _, ok := keyOf(k, l.prof[j]); ok {
				want++
			}
		}
		if n != want {
			return fmt.Errorf("order %d has %d entries, want %d", k, n, want)
		}
	}
	return nil
}

func testCreator(t *testing.T, id string, heat int64, eng int, live int64) Creator {
	t.Helper()
	rec := CreatorRecord{ID: id, Status: StatusOpen, Heat: heat, Engagement: eng,
		Account: Account{Platform: onboarding.Douyin, ID: "a" + id, Nickname: "n", Location: Location{Region: Beijing}, Standing: onboarding.StandingNormal}}
	if live > 0 {
		rec.Quotes = []Quote{{Offer: OfferLive, Price: fromFen(live)}}
	}
	c, err := NewCreator(rec)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Many Puts crowded on a few keys split blocks and groups; creators that
// stop quoting leave the price order, and groups empty out: the orders
// keep their shape throughout.
func TestOrder_SplitsAndRemovals(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	var cs []Creator
	for i := 0; i < 3000; i++ {
		cs = append(cs, testCreator(t, "c"+strconv.Itoa(i), int64(r.IntN(1000)), r.IntN(100), int64(r.IntN(3))*100))
	}
	ix, err := BuildIndex(cs)
	if err != nil {
		t.Fatal(err)
	}
	if err := invariants(ix.load()); err != nil {
		t.Fatalf("after BuildIndex: %v", err)
	}
	version := map[string]uint64{}
	for step := 0; step < 40_000; step++ {
		id := "c" + strconv.Itoa(r.IntN(30_000)) // new creators too
		heat := int64(7)                         // crowd one key …
		if r.IntN(5) == 0 {
			heat = int64(r.IntN(1000))
		}
		live := int64(0) // … and leave the price order often
		if r.IntN(3) == 0 {
			live = 100
		}
		version[id]++
		if _, err := ix.Put(testCreator(t, id, heat, r.IntN(100), live).WithVersion(version[id] + 1)); err != nil {
			t.Fatal(err)
		}
		if step%5000 == 0 {
			if err := invariants(ix.load()); err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
		}
	}
	s := ix.load()
	if err := invariants(s); err != nil {
		t.Fatal(err)
	}
	if g := len(s.orders[orderHeat].groups); g < 3 {
		t.Errorf("the heat order has %d groups: the crowded key never split a group", g)
	}
}
