// Package cardtest checks implementations of card.Store against the
// SDK's store contract and the card package's List order, the way
// testing/fstest checks an fs.FS, and offers rapid generators of cards,
// edits and leak attempts for property tests.
//
// A host's store test is a few lines:
//
//	func TestCardStore(t *testing.T) {
//		cardtest.TestStore(t, func() card.Store { return mystore.New(db) })
//	}
//
// TestStore runs the version contract of every store (internal/kit's
// CheckVersions: create at version 1, stale and missing updates, no shared
// memory, one winner among 16 concurrent writers in 40 rounds, and the
// round trip of every field of a record that sets them all), then the
// card's own checks: random cards round-trip, List pages in creator id
// order by keyset cursors. A broken store is reported with t.Errorf, never
// by a panic. Instants must round-trip to the microsecond, as a database
// column keeps them.
package cardtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/internal/kit"
)

// platform is the platform actor the kit opens and syncs cards with; t0
// the instant its cards are opened at.
var (
	platform = starmap.PlatformActor("card-sync")
	t0       = time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
)

// newRecord returns a record of creator "card-<i>" in which every field
// is set, every kind of change is in the history (with each kind of
// actor, a sub-account's advertiser included), texts hold emoji, line
// breaks, format characters and the longest values the card accepts, and
// instants carry microseconds: a store that drops or narrows anything
// fails the round trip. It is a valid record (card.FromRecord accepts it).
func newRecord(i int) card.Record {
	id := "card-" + strconv.Itoa(i)
	at := func(h int) time.Time { return t0.Add(time.Duration(h)*time.Hour + 123456*time.Microsecond) }
	long := func(r rune, n int) string {
		b := make([]rune, n)
		for k := range b {
			b[k] = r
		}
		return string(b)
	}
	creator := starmap.CreatorActor(id)
	sub := starmap.SubAccountActor("adv-1", "ops-"+strconv.Itoa(i))
	return card.Record{
		CreatorID: id,
		Version:   7,
		Basic: card.Basic{Avatar: "https://p3.example.com/avatar/" + id + ".jpeg", Nickname: "星图小厨😀\u200d" + id,
			DouyinID: "dy_" + id, Location: "浙江 杭州"},
		SyncedAt:     at(1),
		Introduction: "家常菜与烘焙,\n每周三更。\t" + long('介', card.MaxIntroductionRunes-20),
		Collaborations: []card.Collaboration{
			{Brand: long('品', card.MaxBrandRunes), Description: "蒸烤箱种草视频\n第二行"},
			{Brand: "某调味品"},
		},
		Phone:             "13812345678",
		Feishu:            "https://www.feishu.cn/invitation/page/add_contact/?token=" + id,
		WeChat:            "xiaochu_2026",
		Email:             "biz+" + id + "@example.com",
		Hidden:            []card.Item{card.ItemLocation, card.ItemEmail},
		ShowVirtualNumber: true,
		VirtualNumber:     "17000001234",
		CreatedAt:         at(0),
		UpdatedAt:         at(3),
		History: []card.Change{
			{At: at(0), Actor: platform, Kind: card.ChangeOpened, After: "星图小厨"},
			{At: at(1), Actor: platform, Kind: card.ChangeSynced, Item: card.ItemNickname, Before: "小厨", After: "星图小厨"},
			{At: at(2), Actor: creator, Kind: card.ChangeEdited, Item: card.ItemPhone, Before: "", After: "138****5678"},
			{At: at(3), Actor: platform, Kind: card.ChangeVirtualNumber, Item: card.ItemVirtualNumber, After: "17000001234"},
			{At: at(3), Actor: sub, Kind: card.ChangeEdited, Item: card.ItemIntroduction, Before: "旧", After: "新"},
		},
		HistoryDropped: 3,
	}
}

var cmpRecord = cmp.Options{
	cmp.AllowUnexported(starmap.Actor{}),
	cmpopts.EquateEmpty(),
}

// records describes card records to kit.CheckVersions.
func records(s card.Store) kit.Records[string, card.Record] {
	return kit.Records[string, card.Record]{
		Kind: "card", Get: s.Get, Create: s.Create, Update: s.Update,
		New:         newRecord,
		Key:         func(r card.Record) string { return r.CreatorID },
		Version:     func(r card.Record) uint64 { return r.Version },
		WithVersion: func(r card.Record, v uint64) card.Record { r.Version = v; return r },
		Change: func(r card.Record, i int) card.Record {
			r = r.Clone()
			r.Introduction = fmt.Sprintf("writer %d", i)
			r.History = append(r.History, card.Change{At: t0.Add(time.Duration(i) * time.Minute), Actor: platform,
				Kind: card.ChangeEdited, Item: card.ItemIntroduction, After: r.Introduction})
			return r
		},
		Scribble: func(r *card.Record) {
			for k := range r.Collaborations {
				r.Collaborations[k] = card.Collaboration{Brand: "scribbled"}
			}
			for k := range r.Hidden {
				r.Hidden[k] = card.ItemWeChat
			}
			for k := range r.History {
				r.History[k].After = "scribbled"
			}
		},
		Options: cmpRecord,
	}
}

// TestStore runs the conformance checks of card.Store on stores made by
// newStore; each group of checks starts on a fresh, empty store.
func TestStore(t *testing.T, newStore func() card.Store) {
	ctx := context.Background()

	kit.CheckVersions(t, 0, records(newStore()))

	t.Run("loads_what_it_stores", func(t *testing.T) {
		s := newStore()
		want := newRecord(0)
		if _, err := card.FromRecord(want); err != nil {
			t.Fatalf("the kit's record does not load: %v", err)
		}
		if _, err := s.Create(ctx, want); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := s.Get(ctx, want.CreatorID)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if _, err := card.FromRecord(got); err != nil {
			t.Errorf("card.FromRecord of what the store returned: %v", err)
		}
	})

	t.Run("round_trip_random_cards", func(t *testing.T) {
		// Cards drawn by the generators: emoji, digits of every script,
		// Chinese numerals, format characters, line breaks, planted phone
		// numbers, long histories — a store gives back exactly what it
		// was given.
		s := newStore()
		n := 0
		rapid.Check(t, func(rt *rapid.T) {
			n++
			want := Card(rt, Phone().Draw(rt, "phone")).Record()
			want.CreatorID = fmt.Sprintf("%s-%d", want.CreatorID, n)
			if _, err := s.Create(ctx, want); err != nil {
				rt.Fatalf("Create: %v", err)
			}
			got, err := s.Get(ctx, want.CreatorID)
			if err != nil {
				rt.Fatalf("Get: %v", err)
			}
			want.Version = 1
			if d := cmp.Diff(want, got, cmpRecord); d != "" {
				rt.Fatalf("Get after Create (-want +got):\n%s", d)
			}
		})
	})

	t.Run("list_order_and_paging", func(t *testing.T) { testList(t, newStore()) })
	t.Run("list_limits", func(t *testing.T) { testListLimits(t, newStore()) })
}

// list calls s.List and reports (rather than fails on) an error.
func list(t *testing.T, s card.Store, q card.Query) (starmap.Page[card.Record], bool) {
	t.Helper()
	p, err := s.List(context.Background(), q)
	if err != nil {
		t.Errorf("List(limit %d, cursor %q): %v", q.Limit, q.Cursor, err)
		return p, false
	}
	return p, true
}

func ids(rs []card.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.CreatorID
	}
	return out
}

// create stores newRecord(i) under id and reports a failure.
func create(t *testing.T, s card.Store, id string, i int) bool {
	t.Helper()
	r := newRecord(i)
	r.CreatorID = id
	if _, err := s.Create(context.Background(), r); err != nil {
		t.Errorf("Create(%s): %v", id, err)
		return false
	}
	return true
}

func testList(t *testing.T, s card.Store) {
	ctx := context.Background()
	// Bytewise order: "c-10" before "c-2", upper case before lower.
	for i, id := range []string{"c-3", "c-1", "b-9", "c-10", "a", "c-2", "C-9"} {
		if !create(t, s, id, i) {
			return
		}
	}
	r, err := s.Get(ctx, "c-2")
	if err != nil {
		t.Errorf("Get(c-2): %v", err)
		return
	}
	r.Introduction = "bumped"
	if _, err := s.Update(ctx, r); err != nil {
		t.Errorf("Update(c-2): %v", err)
		return
	}
	want := []string{"C-9", "a", "b-9", "c-1", "c-10", "c-2", "c-3"}
	all, ok := list(t, s, card.Query{PageRequest: starmap.PageRequest{Limit: 100}})
	if !ok {
		return
	}
	if d := cmp.Diff(want, ids(all.Items)); d != "" {
		t.Errorf("List order (-want +got):\n%s", d)
	}
	if all.Next != "" {
		t.Errorf("List of every card has Next %q; want \"\" on the last page", all.Next)
	}
	for _, r := range all.Items {
		// List returns whole records, as Get does.
		if got, err := s.Get(ctx, r.CreatorID); err != nil {
			t.Errorf("Get(%s): %v", r.CreatorID, err)
		} else if d := cmp.Diff(got, r, cmpRecord); d != "" {
			t.Errorf("List and Get differ on %s (-get +list):\n%s", r.CreatorID, d)
		}
		wantV := uint64(1)
		if r.CreatorID == "c-2" {
			wantV = 2
		}
		if r.Version != wantV {
			t.Errorf("List: %s at v%d; want v%d", r.CreatorID, r.Version, wantV)
		}
		if r.CreatorID == "c-2" && r.Introduction != "bumped" {
			t.Errorf("List: c-2 introduction %q; want the updated one", r.Introduction)
		}
	}

	// A walk by pages of 3 sees every card once, in order, while a card is
	// created behind the cursor (not seen) and one ahead of it (seen).
	var walked []string
	q := card.Query{PageRequest: starmap.PageRequest{Limit: 3}}
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Errorf("List walk does not end: %v", walked)
			return
		}
		p, ok := list(t, s, q)
		if !ok {
			return
		}
		if len(p.Items) > 3 {
			t.Errorf("List(limit 3) returned %d records", len(p.Items))
			return
		}
		walked = append(walked, ids(p.Items)...)
		if pages == 0 {
			create(t, s, "B-0", 20) // before the cursor: not in this walk
			create(t, s, "c-20", 21)
		}
		if p.Next == "" {
			break
		}
		if len(p.Items) == 0 {
			t.Errorf("an empty page with Next %q", p.Next)
			return
		}
		if parts, err := starmap.DecodeCursor(p.Next, 1); err != nil || parts[0] != p.Items[len(p.Items)-1].CreatorID {
			t.Errorf("Next %q is not starmap.EncodeCursor of the last creator id %s (%v)", p.Next, p.Items[len(p.Items)-1].CreatorID, err)
		}
		q.Cursor = p.Next
	}
	if d := cmp.Diff([]string{"C-9", "a", "b-9", "c-1", "c-10", "c-2", "c-20", "c-3"}, walked); d != "" {
		t.Errorf("paged walk (-want +got):\n%s", d)
	}
	after, ok := list(t, s, card.Query{PageRequest: starmap.PageRequest{Limit: 2, Cursor: starmap.EncodeCursor("c-10")}})
	if ok && !slices.Equal(ids(after.Items), []string{"c-2", "c-20"}) {
		t.Errorf("List after c-10 (limit 2) = %v; want [c-2 c-20]", ids(after.Items))
	}
	// A cursor between ids works too: it is a position, not a record.
	after, ok = list(t, s, card.Query{PageRequest: starmap.PageRequest{Cursor: starmap.EncodeCursor("c-15")}})
	if ok && !slices.Equal(ids(after.Items), []string{"c-2", "c-20", "c-3"}) {
		t.Errorf("List after c-15 = %v; want [c-2 c-20 c-3]", ids(after.Items))
	}

	// What List returns is the caller's.
	if ok && len(after.Items) > 0 && len(after.Items[0].Collaborations) > 0 {
		after.Items[0].Collaborations[0].Brand = "mutated after List"
		if got, err := s.Get(ctx, after.Items[0].CreatorID); err == nil && len(got.Collaborations) > 0 && got.Collaborations[0].Brand == "mutated after List" {
			t.Errorf("the store shares memory with the records List returns")
		}
	}
}

func testListLimits(t *testing.T, s card.Store) {
	ctx := context.Background()
	n := starmap.MaxPageLimit + 5
	for i := 0; i < n; i++ {
		if !create(t, s, fmt.Sprintf("p-%04d", i), i) {
			return
		}
	}
	for _, c := range []struct {
		limit, want int
	}{{0, starmap.DefaultPageLimit}, {1, 1}, {starmap.MaxPageLimit + 1, starmap.MaxPageLimit}, {1 << 30, starmap.MaxPageLimit}} {
		p, ok := list(t, s, card.Query{PageRequest: starmap.PageRequest{Limit: c.limit}})
		if ok && (len(p.Items) != c.want || p.Next == "") {
			t.Errorf("List(limit %d) = %d records, Next %q; want %d and a next page", c.limit, len(p.Items), p.Next, c.want)
		}
	}
	if _, err := s.List(ctx, card.Query{PageRequest: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
		t.Errorf("List(limit -1) = %v; want starmap.ErrPageLimit", err)
	}
	for _, bad := range []string{"not a cursor", starmap.EncodeCursor("a", "b"), "%%%"} {
		if _, err := s.List(ctx, card.Query{PageRequest: starmap.PageRequest{Cursor: bad}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("List(cursor %q) = %v; want starmap.ErrCursorInvalid", bad, err)
		}
	}
	last, ok := list(t, s, card.Query{PageRequest: starmap.PageRequest{Cursor: starmap.EncodeCursor(fmt.Sprintf("p-%04d", n-1))}})
	if ok && (len(last.Items) != 0 || last.Next != "") {
		t.Errorf("List after the last card = %d records, Next %q; want none", len(last.Items), last.Next)
	}
}
