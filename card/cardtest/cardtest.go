// Package cardtest checks implementations of card.Store against the
// contract the card package documents, the way testing/fstest checks an
// fs.FS, and offers rapid generators of cards and edits for property
// tests.
//
// A host's store test is a few lines:
//
//	func TestCardStore(t *testing.T) {
//		cardtest.TestStore(t, func() card.Store { return mystore.New(db) })
//	}
package cardtest

import (
	"context"
	"errors"
	"fmt"
	"github.com/starmap-go/starmap/internal/kit"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// Platform is the platform actor the kit opens and syncs cards with.
var Platform = starmap.PlatformActor("card-sync")

// T0 is the instant the kit's cards are opened at.
var T0 = time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST)

// SampleRecord returns the stored form of a full card of creatorID: synced
// basic information, introduction, two collaborations, all four contacts,
// a hidden item, a virtual number shown, and its history. It fails t if
// the card package refuses any step.
func SampleRecord(t testing.TB, creatorID string) card.Record {
	t.Helper()
	c, _, err := card.Open(creatorID, card.Basic{
		Avatar: "https://p3.example.com/avatar/" + creatorID + ".jpeg", Nickname: "星图小厨 " + creatorID,
		DouyinID: "dy_" + creatorID, Location: "浙江 杭州"}, Platform, T0)
	if err != nil {
		t.Fatalf("card.Open(%s): %v", creatorID, err)
	}
	e := card.NewEdit().
		SetIntroduction("家常菜与烘焙,每周三更。").
		SetCollaborations(card.Collaboration{Brand: "某厨电品牌", Description: "蒸烤箱种草视频"}, card.Collaboration{Brand: "某调味品"}).
		SetContact(card.Phone, "13812345678").
		SetContact(card.Feishu, "https://www.feishu.cn/invitation/page/add_contact/?token=abc").
		SetContact(card.WeChat, "xiaochu_2026").
		SetContact(card.Email, "biz@example.com").
		Hide(card.ItemLocation).
		ShowVirtualNumber(true)
	if _, err := c.Apply(e, starmap.CreatorActor(creatorID), T0.Add(time.Hour)); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if _, err := c.AssignVirtualNumber("17000001234", Platform, T0.Add(2*time.Hour)); err != nil {
		t.Fatalf("AssignVirtualNumber: %v", err)
	}
	return c.Record()
}

var cmpRecord = cmp.Options{
	cmp.AllowUnexported(starmap.Actor{}),
	cmpopts.EquateEmpty(),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
}

// TestStore runs the conformance checks of card.Store on fresh stores
// made by newStore.
func TestStore(t *testing.T, newStore func() card.Store) {
	ctx := context.Background()

	t.Run("round_trip", func(t *testing.T) {
		s := newStore()
		want := SampleRecord(t, "c-1")
		want.Version = 99 // ignored by Create
		v, err := s.Create(ctx, want)
		if err != nil || v != 1 {
			t.Fatalf("Create = %d, %v; want 1, nil", v, err)
		}
		got, err := s.Get(ctx, "c-1")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		want.Version = 1
		if d := cmp.Diff(want, got, cmpRecord); d != "" {
			t.Fatalf("Get after Create (-want +got):\n%s", d)
		}
		if _, err := card.FromRecord(got); err != nil {
			t.Fatalf("FromRecord of what the store returned: %v", err)
		}
	})

	t.Run("round_trip_random_cards", func(t *testing.T) {
		// Cards drawn by the generators: emoji, full-width digits, line
		// breaks, planted phone numbers, long histories — a store must
		// give back exactly what it was given.
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

	t.Run("not_found", func(t *testing.T) {
		s := newStore()
		if _, err := s.Get(ctx, "nobody"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("Get(missing) = %v; want ErrNotFound", err)
		}
		r := SampleRecord(t, "nobody")
		r.Version = 1
		if _, err := s.Update(ctx, r); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("Update(missing) = %v; want ErrNotFound", err)
		}
		if _, err := s.Get(ctx, "nobody"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("Update(missing) created the record: Get = %v", err)
		}
	})

	t.Run("already_exists", func(t *testing.T) {
		s := newStore()
		r := SampleRecord(t, "c-1")
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		other := SampleRecord(t, "c-1")
		other.Introduction = "another"
		if _, err := s.Create(ctx, other); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("second Create = %v; want ErrConflict", err)
		}
		got, _ := s.Get(ctx, "c-1")
		if got.Introduction != r.Introduction || got.Version != 1 {
			t.Fatalf("failed Create changed the record: %q v%d", got.Introduction, got.Version)
		}
	})

	t.Run("update_and_stale_version", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, SampleRecord(t, "c-1")); err != nil {
			t.Fatal(err)
		}
		r, _ := s.Get(ctx, "c-1")
		r.Introduction = "v2"
		v, err := s.Update(ctx, r)
		if err != nil || v != 2 {
			t.Fatalf("Update at v1 = %d, %v; want 2, nil", v, err)
		}
		r.Introduction = "stale"
		if _, err := s.Update(ctx, r); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("Update at stale v1 = %v; want ErrConflict", err)
		}
		r.Version = 7
		if _, err := s.Update(ctx, r); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("Update at future v7 = %v; want ErrConflict", err)
		}
		got, _ := s.Get(ctx, "c-1")
		if got.Introduction != "v2" || got.Version != 2 {
			t.Fatalf("after stale updates: %q v%d; want v2 v2", got.Introduction, got.Version)
		}
	})

	t.Run("concurrent_cas_one_winner", func(t *testing.T) {
		s := newStore()
		if _, err := s.Create(ctx, SampleRecord(t, "c-1")); err != nil {
			t.Fatal(err)
		}
		base, _ := s.Get(ctx, "c-1")
		const n = 16
		writes := make([]string, n)
		kit.OneWinner(t, n, func(i int) error {
			r := base.Clone()
			r.Introduction = fmt.Sprintf("writer %d", i)
			writes[i] = r.Introduction
			_, err := s.Update(ctx, r)
			return err
		})
		got, _ := s.Get(ctx, "c-1")
		if got.Version != 2 || !slices.Contains(writes, got.Introduction) {
			t.Fatalf("stored %q v%d; want one writer's introduction at v2", got.Introduction, got.Version)
		}
	})

	t.Run("list_order_and_paging", func(t *testing.T) {
		s := newStore()
		ids := []string{"c-3", "c-1", "b-9", "c-10", "a", "c-2"}
		for _, id := range ids {
			if _, err := s.Create(ctx, SampleRecord(t, id)); err != nil {
				t.Fatal(err)
			}
		}
		r, _ := s.Get(ctx, "c-2")
		r.Introduction = "bumped"
		if _, err := s.Update(ctx, r); err != nil {
			t.Fatal(err)
		}
		want := []string{"a", "b-9", "c-1", "c-10", "c-2", "c-3"}
		all, err := s.List(ctx, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, creatorIDs(all)); d != "" {
			t.Fatalf("List order (-want +got):\n%s", d)
		}
		for _, r := range all {
			wantV := uint64(1)
			if r.CreatorID == "c-2" {
				wantV = 2
			}
			if r.Version != wantV {
				t.Fatalf("List: %s at v%d; want v%d", r.CreatorID, r.Version, wantV)
			}
		}
		var walked []string
		after := ""
		for {
			page, err := s.List(ctx, after, 4)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > 4 {
				t.Fatalf("List(limit 4) returned %d", len(page))
			}
			if len(page) == 0 {
				break
			}
			walked = append(walked, creatorIDs(page)...)
			after = page[len(page)-1].CreatorID
		}
		if d := cmp.Diff(want, walked); d != "" {
			t.Fatalf("paged walk (-want +got):\n%s", d)
		}
		if got, _ := s.List(ctx, "c-10", 2); cmp.Diff([]string{"c-2", "c-3"}, creatorIDs(got)) != "" {
			t.Fatalf("List after c-10 = %v; want [c-2 c-3]", creatorIDs(got))
		}
		if got, _ := s.List(ctx, "", 0); len(got) != 0 {
			t.Fatalf("List(limit 0) returned %d records", len(got))
		}
	})

	t.Run("no_aliasing", func(t *testing.T) {
		s := newStore()
		r := SampleRecord(t, "c-1")
		if _, err := s.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.Collaborations[0].Brand = "mutated after Create"
		r.Hidden[0] = card.ItemEmail
		r.History[0].After = "mutated"
		got, _ := s.Get(ctx, "c-1")
		if got.Collaborations[0].Brand == "mutated after Create" || got.Hidden[0] == card.ItemEmail || got.History[0].After == "mutated" {
			t.Fatal("the store shares memory with the record given to Create")
		}
		got.Collaborations[0].Brand = "mutated after Get"
		got.Hidden[0] = card.ItemEmail
		got.History[0].After = "mutated"
		again, _ := s.Get(ctx, "c-1")
		if again.Collaborations[0].Brand == "mutated after Get" || again.Hidden[0] == card.ItemEmail || again.History[0].After == "mutated" {
			t.Fatal("the store shares memory with the record returned by Get")
		}
		u := again.Clone()
		if _, err := s.Update(ctx, u); err != nil {
			t.Fatal(err)
		}
		u.Collaborations[1].Brand = "mutated after Update"
		listed, _ := s.List(ctx, "", 10)
		if listed[0].Collaborations[1].Brand == "mutated after Update" {
			t.Fatal("the store shares memory with the record given to Update")
		}
		listed[0].Collaborations[1].Brand = "mutated after List"
		final, _ := s.Get(ctx, "c-1")
		if final.Collaborations[1].Brand == "mutated after List" {
			t.Fatal("the store shares memory with the records returned by List")
		}
	})
}

func creatorIDs(rs []card.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.CreatorID
	}
	return out
}
