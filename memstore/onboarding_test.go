package memstore_test

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"

	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/onboarding/onboardingtest"
)

func TestOnboardingStore(t *testing.T) {
	onboardingtest.TestStore(t, func() onboarding.Store { return memstore.NewOnboardingStore() })
}

// TestOnboardingStoreZeroValue: the zero OnboardingStore is an empty store
// ready to use.
func TestOnboardingStoreZeroValue(t *testing.T) {
	onboardingtest.TestStore(t, func() onboarding.Store { return new(memstore.OnboardingStore) })
}

// TestOnboardingKeysetProperty: whatever the instants (before 1970, with
// nanoseconds, in any zone, many alike) and ids, paging through with any
// limit lists every application once, in (instant, id) order, and every
// next cursor is the documented one.
func TestOnboardingKeysetProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		s := memstore.NewOnboardingStore()
		n := rapid.IntRange(0, 40).Draw(t, "n")
		zones := []*time.Location{time.UTC, starmap.CST(), time.FixedZone("x", -11*3600)}
		var want []onboarding.ApplicationRecord
		seen := map[string]bool{}
		for i := 0; i < n; i++ {
			id := rapid.StringMatching(`[a-z0-9-]{1,6}`).Draw(t, "id")
			if seen[id] {
				continue
			}
			seen[id] = true
			sec := rapid.SampledFrom([]int64{-62135596800, -1, 0, 1, 1767225600}).Draw(t, "sec") + rapid.Int64Range(0, 2).Draw(t, "dsec")
			at := time.Unix(sec, int64(rapid.SampledFrom([]int{0, 1, 999999999}).Draw(t, "nsec"))).In(rapid.SampledFrom(zones).Draw(t, "zone"))
			r := onboarding.ApplicationRecord{ID: id, Kind: onboarding.KindCreator, State: onboarding.StateSubmitted, SubmittedAt: at}
			if _, err := s.CreateApplication(ctx, r); err != nil {
				t.Fatal(err)
			}
			want = append(want, r)
		}
		sort.Slice(want, func(i, j int) bool {
			a, b := want[i].SubmittedAt, want[j].SubmittedAt
			if !a.Equal(b) {
				return a.Before(b)
			}
			return want[i].ID < want[j].ID
		})
		limit := rapid.IntRange(1, 7).Draw(t, "limit")
		var got []string
		q := onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: limit}}
		for pages := 0; pages <= n+1; pages++ {
			p, err := s.ListApplications(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Items {
				got = append(got, r.ID)
			}
			if p.Next == "" {
				break
			}
			last := p.Items[len(p.Items)-1].SubmittedAt
			if p.Next != starmap.EncodeCursor(strconv.FormatInt(last.Unix(), 10), strconv.Itoa(last.Nanosecond()), p.Items[len(p.Items)-1].ID) {
				t.Fatalf("cursor %q is not the documented one", p.Next)
			}
			q.Page.Cursor = p.Next
		}
		var ids []string
		for _, r := range want {
			ids = append(ids, r.ID)
		}
		if strings.Join(got, ",") != strings.Join(ids, ",") {
			t.Fatalf("paged %v, want %v", got, ids)
		}
	})
}

// FuzzOnboardingCursor: any cursor either reads as a position or is
// starmap.ErrCursorInvalid; never a panic, never a long message.
func FuzzOnboardingCursor(f *testing.F) {
	f.Add(starmap.EncodeCursor("1767225600", "0", "app-1"))
	f.Add(starmap.EncodeCursor("-1", "999999999", "a"))
	f.Add("")
	f.Add("%%%")
	s := memstore.NewOnboardingStore()
	ctx := context.Background()
	if _, err := s.CreateApplication(ctx, onboarding.ApplicationRecord{ID: "app-1", SubmittedAt: time.Unix(1767225600, 0)}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, c string) {
		_, err := s.ListApplications(ctx, onboarding.ApplicationQuery{Page: starmap.PageRequest{Cursor: c}})
		if err != nil && (!errors.Is(err, starmap.ErrCursorInvalid) || len(err.Error()) > 300) {
			t.Fatalf("cursor %q: %v", c, err)
		}
		_, err = s.ListCancellations(ctx, onboarding.CancellationQuery{Page: starmap.PageRequest{Cursor: c}})
		if err != nil && (!errors.Is(err, starmap.ErrCursorInvalid) || len(err.Error()) > 300) {
			t.Fatalf("cursor %q: %v", c, err)
		}
	})
}
