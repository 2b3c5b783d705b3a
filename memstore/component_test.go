package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/component/componenttest"
	"github.com/starmap-go/starmap/memstore"
)

func TestComponentStore(t *testing.T) {
	componenttest.TestStore(t, func() component.Store { return memstore.NewComponentStore() })
}

// The zero ComponentStore is an empty store, as NewComponentStore's.
func TestComponentStoreZeroValue(t *testing.T) {
	componenttest.TestStore(t, func() component.Store { return new(memstore.ComponentStore) })
}

// A done context reads and writes nothing.
func TestComponentStoreContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := memstore.NewComponentStore()
	if _, err := s.Create(ctx, component.Record{ID: "cmp-1"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Create with a cancelled context = %v", err)
	}
	if _, err := s.Get(context.Background(), "cmp-1"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("a cancelled Create stored the record: %v", err)
	}
	if _, err := s.Get(ctx, "cmp-1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get with a cancelled context = %v", err)
	}
	if _, err := s.Update(ctx, component.Record{ID: "cmp-1", Version: 1}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Update with a cancelled context = %v", err)
	}
	if _, err := s.List(ctx, component.Query{Owner: "adv-1"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("List with a cancelled context = %v", err)
	}
}

func TestComponentDirectory(t *testing.T) {
	ctx := context.Background()
	for name, d := range map[string]*memstore.ComponentDirectory{
		"new":        memstore.NewComponentDirectory(),
		"zero_value": new(memstore.ComponentDirectory),
	} {
		t.Run(name, func(t *testing.T) {
			if s, err := d.MiniProgramStatus(ctx, "tt0000000000000000"); err != nil || s != component.MiniProgramUnknown {
				t.Fatalf("unknown app = %v, %v; want unknown, nil", s, err)
			}
			d.Set("tt0000000000000000", component.MiniProgramDelisted)
			if s, _ := d.MiniProgramStatus(ctx, "tt0000000000000000"); s != component.MiniProgramDelisted {
				t.Fatalf("after Set(delisted) = %v", s)
			}
			d.Set("tt0000000000000000", component.MiniProgramUp)
			if s, _ := d.MiniProgramStatus(ctx, "tt0000000000000000"); s != component.MiniProgramUp {
				t.Fatalf("after Set(up) = %v", s)
			}
			done, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := d.MiniProgramStatus(done, "tt0000000000000000"); !errors.Is(err, context.Canceled) {
				t.Fatalf("with a cancelled context = %v", err)
			}
		})
	}
}

// FuzzComponentListCursor: any cursor is either read as the documented
// position (component.Query) or refused with starmap.ErrCursorInvalid —
// never a panic, never another error — and a position written in the
// documented form reads back to the records after it.
func FuzzComponentListCursor(f *testing.F) {
	f.Add("", int64(0), 0, "cmp-1")
	f.Add("!!", int64(1772416920), 123456000, "cmp-2")
	f.Add(starmap.EncodeCursor("1", "2"), int64(-62135596800), 999999999, "")
	f.Add(starmap.EncodeCursor("01", "0", "x"), int64(253402300799), 0, "cmp:1")
	s := memstore.NewComponentStore()
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	for i, id := range []string{"cmp-1", "cmp-2", "cmp-3"} {
		c, _, err := component.New(starmap.AdvertiserActor("adv-1"), base.Add(time.Duration(i)*time.Second), id, starmap.FormatLive,
			component.Content{AppID: "tt07e3715e98c9aac0", Title: "福利", Icon: "https://img.example.com/a.png"})
		if err != nil {
			f.Fatal(err)
		}
		if _, err := s.Create(ctx, c.Record()); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, raw string, sec int64, nsec int, id string) {
		_, err := s.List(ctx, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{Cursor: raw}})
		if err != nil && !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Fatalf("cursor %q: %v", raw, err)
		}
		if nsec < 0 || nsec > 999_999_999 {
			return
		}
		at := time.Unix(sec, int64(nsec))
		p, err := s.List(ctx, component.Query{Owner: "adv-1", PageRequest: starmap.PageRequest{
			Cursor: starmap.EncodeCursor(strconv.FormatInt(sec, 10), strconv.Itoa(nsec), id)}})
		if err != nil {
			t.Fatalf("a documented cursor (%d, %d, %q) refused: %v", sec, nsec, id, err)
		}
		for _, r := range p.Items {
			if r.CreatedAt.Before(at) || r.CreatedAt.Equal(at) && r.ID <= id {
				t.Fatalf("after (%v, %q) the page holds %s at %v", at, id, r.ID, r.CreatedAt)
			}
		}
	})
}

// TestComponentListPagingProperty: for any library and any filter and
// limit, following Next from the first page lists exactly the owner's
// records the filter keeps, in (CreatedAt, ID) order, each once — checked
// against a sort written here — and every Next is the documented cursor of
// its page's last item, which reads back to that position.
func TestComponentListPagingProperty(t *testing.T) {
	base := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		s := new(memstore.ComponentStore)
		n := rapid.IntRange(0, 40).Draw(rt, "records")
		var all []component.Record
		for i := 0; i < n; i++ {
			owner := rapid.SampledFrom([]string{"adv-1", "adv-2"}).Draw(rt, "owner")
			ch := rapid.SampledFrom([]starmap.Format{starmap.FormatShortVideo, starmap.FormatLive}).Draw(rt, "channel")
			// Few distinct instants, so that ids break many ties.
			at := base.Add(time.Duration(rapid.IntRange(0, 5).Draw(rt, "minute")) * time.Minute)
			id := fmt.Sprintf("c-%s-%d", rapid.StringMatching(`[a-z]{0,2}`).Draw(rt, "id"), i)
			c, _, err := component.New(starmap.AdvertiserActor(owner), at, id, ch,
				component.Content{AppID: "tt07e3715e98c9aac0", Title: "福利", Icon: "https://img.example.com/a.png"})
			if err != nil {
				rt.Fatal(err)
			}
			if rapid.Bool().Draw(rt, "approved") {
				if _, err := c.Approve(starmap.PlatformActor("r"), at); err != nil {
					rt.Fatal(err)
				}
			}
			if _, err := s.Create(ctx, c.Record()); err != nil {
				rt.Fatal(err)
			}
			all = append(all, c.Record())
		}
		q := component.Query{
			Owner: rapid.SampledFrom([]string{"adv-1", "adv-2", "adv-3"}).Draw(rt, "query owner"),
			Filter: component.Filter{
				State:   rapid.SampledFrom([]component.State{0, component.StateInReview, component.StateValid}).Draw(rt, "state"),
				Channel: rapid.SampledFrom([]starmap.Format{0, starmap.FormatShortVideo, starmap.FormatLive}).Draw(rt, "query channel"),
			},
			PageRequest: starmap.PageRequest{Limit: rapid.IntRange(0, 12).Draw(rt, "limit")},
		}
		var want []string
		sort.Slice(all, func(i, j int) bool {
			if !all[i].CreatedAt.Equal(all[j].CreatedAt) {
				return all[i].CreatedAt.Before(all[j].CreatedAt)
			}
			return all[i].ID < all[j].ID
		})
		for _, r := range all {
			if r.Owner == q.Owner && (q.State == 0 || r.State == q.State) && (q.Channel == 0 || r.Channel == q.Channel) {
				want = append(want, r.ID)
			}
		}
		var got []string
		for pages := 0; ; pages++ {
			if pages > n+1 {
				rt.Fatalf("more pages than records")
			}
			p, err := s.List(ctx, q)
			if err != nil {
				rt.Fatal(err)
			}
			if len(p.Items) > q.EffectiveLimit() {
				rt.Fatalf("a page of %d items at limit %d", len(p.Items), q.Limit)
			}
			for _, r := range p.Items {
				got = append(got, r.ID)
			}
			if p.Next == "" {
				break
			}
			last := p.Items[len(p.Items)-1]
			parts, err := starmap.DecodeCursor(p.Next, 3)
			if err != nil || parts[0] != strconv.FormatInt(last.CreatedAt.Unix(), 10) ||
				parts[1] != strconv.Itoa(last.CreatedAt.Nanosecond()) || parts[2] != last.ID {
				rt.Fatalf("Next %q is not the position of %s at %v: %q, %v", p.Next, last.ID, last.CreatedAt, parts, err)
			}
			q.Cursor = p.Next
		}
		if !slices.Equal(want, got) {
			rt.Fatalf("paged %v; want %v", got, want)
		}
	})
}
