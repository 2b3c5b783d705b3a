package tasktest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// mcnCursor is the documented cursor of List with an MCN: OrderedAt's
// Unix seconds and nanosecond, and the id.
func mcnCursor(r task.Record) string {
	return starmap.EncodeCursor(strconv.FormatInt(r.OrderedAt.Unix(), 10), strconv.Itoa(r.OrderedAt.Nanosecond()), r.ID)
}

// testListMCN checks Query.MCN (MCN-3): exactly the records whose MCN is
// the one asked, with the other filters, newest first by (OrderedAt, ID)
// descending, paged with the documented cursors — what a scan of every
// record answers — and an MCN that moves with an update.
func testListMCN(t *testing.T, s task.Store) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(14, 3))
	mcns := []string{"", "mcn-a", "mcn-b"}
	var recs []task.Record
	for i := 0; i < 2*starmap.DefaultPageLimit+9; i++ {
		// Ties on OrderedAt on purpose (a few instants), some in UTC.
		at := kitNow.Add(time.Duration(rng.IntN(6)) * 37 * time.Minute)
		if rng.IntN(2) == 0 {
			at = at.In(time.UTC)
		}
		creator := fmt.Sprintf("cre-%d", rng.IntN(3))
		o := task.Order{ID: fmt.Sprintf("m-%03d", rng.IntN(1000)*100+i), Creator: creator, MCN: mcns[rng.IntN(3)],
			Format: starmap.FormatShortVideo, Price: decimal.NewFromInt(800)}
		tk, _, err := task.New(starmap.AdvertiserActor(fmt.Sprintf("adv-%d", i%2)), at, o, task.DefaultPolicy(), nil)
		if err != nil {
			t.Fatalf("tasktest: building a record: %v", err)
		}
		r := tk.Record()
		if rng.IntN(4) == 0 {
			r.State = task.StateDeclined
		}
		recs = append(recs, r)
	}
	for _, r := range recs {
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatalf("Create: %v", err)
		}
	}
	scan := func(q task.Query) []string {
		var out []task.Record
		for _, r := range recs {
			if r.MCN == q.MCN && (q.Creator == "" || r.Creator == q.Creator) &&
				(q.Advertiser == "" || r.Advertiser == q.Advertiser) && (!q.Open || !r.State.Terminal()) {
				out = append(out, r)
			}
		}
		sort.Slice(out, func(i, j int) bool {
			if !out[i].OrderedAt.Equal(out[j].OrderedAt) {
				return out[i].OrderedAt.After(out[j].OrderedAt)
			}
			return out[i].ID > out[j].ID
		})
		return ids(out)
	}
	for _, base := range []task.Query{
		{MCN: "mcn-a"}, {MCN: "mcn-b"}, {MCN: "mcn-a", Creator: "cre-1"}, {MCN: "mcn-a", Open: true},
		{MCN: "mcn-b", Creator: "cre-2", Open: true}, {MCN: "mcn-a", Advertiser: "adv-1"}, {MCN: "mcn-z"},
	} {
		for _, limit := range []int{0, 1, 7, starmap.MaxPageLimit} {
			got := walkPages(t, fmt.Sprintf("MCN-3 List %+v", base), limit, len(recs)+2, func(cursor string) (starmap.Page[task.Record], error) {
				q := base
				q.Limit, q.Cursor = limit, cursor
				return s.List(ctx, q)
			}, mcnCursor)
			if d := cmp.Diff(scan(base), got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("MCN-3 List %+v, limit %d, differs from a scan, newest first (-scan +store):\n%s", base, limit, d)
			}
		}
	}
	// A cursor of the id order is not one of the MCN order.
	if _, err := s.List(ctx, task.Query{MCN: "mcn-a", PageRequest: starmap.PageRequest{Cursor: starmap.EncodeCursor("m-1")}}); !errors.Is(err, starmap.ErrCursorInvalid) {
		t.Errorf("MCN-3 List with an id cursor: %v, want ErrCursorInvalid", err)
	}
	// The MCN column follows the record.
	var moved task.Record
	for _, r := range recs {
		if r.MCN == "mcn-a" {
			moved = r
			break
		}
	}
	got, err := s.Get(ctx, moved.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	got.MCN = "mcn-c"
	if _, err := s.Update(ctx, got); err != nil {
		t.Fatalf("Update: %v", err)
	}
	for mcnID, want := range map[string]bool{"mcn-a": false, "mcn-c": true} {
		p, err := s.List(ctx, task.Query{MCN: mcnID, PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		found := false
		for _, r := range p.Items {
			found = found || r.ID == moved.ID
		}
		if found != want {
			t.Errorf("MCN-3 after its MCN became mcn-c, List(MCN %s) lists %s: %v, want %v", mcnID, moved.ID, found, want)
		}
	}
}
