package authz

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
)

// TestAUZ8_KeysetPagingProperty: a first page is
// cut from one list; the list then changes (rows move, appear, vanish) and
// the rest is walked page by page. Every row that is in both lists with an
// unchanged sort key is listed exactly once in all; nothing is listed
// twice within the walk after the change; the walk follows list order.
func TestAUZ8_KeysetPagingProperty(t *testing.T) {
	base := d("2026-03-01")
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 25).Draw(t, "n")
		ends := map[int]int{}
		for i := 0; i < n; i++ {
			ends[i] = rapid.IntRange(0, 6).Draw(t, fmt.Sprint("end", i)) // ties on purpose
		}
		build := func(ends map[int]int) []GrantView {
			var vs []GrantView
			for i, e := range ends { // order does not matter: sorted below
				vs = append(vs, GrantView{Key: GrantKey{Creator: "c1", Grantee: MerchantParty(fmt.Sprintf("m%03d", i))}, End: base.AddDays(e)})
			}
			sortGrantViews(vs)
			return vs
		}
		limit := rapid.IntRange(1, 6).Draw(t, "limit")
		first, err := pageGrants(build(ends), starmap.PageRequest{Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		changed := map[int]int{}
		for i := 0; i < n; i++ { // in index order: the draws must be deterministic
			e := ends[i]
			switch rapid.IntRange(0, 5).Draw(t, fmt.Sprint("change", i)) {
			case 0: // vanishes
			case 1: // moves
				changed[i] = rapid.IntRange(0, 6).Draw(t, fmt.Sprint("moved", i))
			default:
				changed[i] = e
			}
		}
		for j := 0; j < rapid.IntRange(0, 4).Draw(t, "added"); j++ {
			changed[100+j] = rapid.IntRange(0, 6).Draw(t, fmt.Sprint("new", j))
		}
		after := build(changed)
		seen := map[GrantKey]int{}
		for _, v := range first.Items {
			seen[v.Key]++
		}
		var walked []GrantView
		for cur := first.Next; cur != ""; {
			p, err := pageGrants(after, starmap.PageRequest{Limit: limit, Cursor: cur})
			if err != nil {
				t.Fatal(err)
			}
			// A page may be empty: the rows after the cursor may have
			// vanished since the cursor was handed out.
			walked = append(walked, p.Items...)
			if p.Next == cur || len(walked) > len(after) {
				t.Fatalf("the walk does not end: %d rows walked of %d", len(walked), len(after))
			}
			cur = p.Next
		}
		for i, v := range walked {
			seen[v.Key]++
			if i > 0 && !grantPosLess(grantPos{walked[i-1].End, walked[i-1].Key}, grantPos{v.End, v.Key}) {
				t.Fatalf("walk out of order at %d: %v then %v", i, walked[i-1].Key, v.Key)
			}
		}
		for i, e := range ends {
			if e2, ok := changed[i]; ok && e2 == e {
				k := GrantKey{Creator: "c1", Grantee: MerchantParty(fmt.Sprintf("m%03d", i))}
				if seen[k] != 1 {
					t.Fatalf("unmoved row %v listed %d times", k.Grantee.ID, seen[k])
				}
			}
		}
		if first.Next == "" && len(first.Items) != n && n <= limit {
			t.Fatalf("single page held %d of %d", len(first.Items), n)
		}
	})
}
