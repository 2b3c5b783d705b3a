package memstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"

	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/star/startest"
)

func TestStarStore(t *testing.T) {
	startest.TestStore(t, func() star.Store { return memstore.NewStarStore() })
}

// A store loaded in one pass holds every creator at version 1 and answers
// searches from the start.
func TestStarStore_LoadedWith(t *testing.T) {
	ctx := context.Background()
	var cs []star.Creator
	for _, id := range []string{"b", "a", "c"} {
		c, err := star.NewCreator(star.CreatorRecord{ID: id, Status: star.StatusOpen, Heat: int64(len(cs)),
			Account: star.Account{Platform: onboarding.Douyin, ID: "dy-" + id, Nickname: "达人" + id,
				Location: star.Location{Region: star.Beijing}, Standing: onboarding.StandingNormal}})
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c.WithVersion(9))
	}
	s, err := memstore.NewStarStoreWith(cs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetCreator(ctx, "a")
	if err != nil || got.Version() != 1 {
		t.Fatalf("GetCreator = v%d, %v; want version 1", got.Version(), err)
	}
	page, err := s.Search(ctx, star.SearchRequest{Limit: 10})
	if err != nil || len(page) != 3 || page[0].ID() != "c" || s.Index().Len() != 3 {
		t.Errorf("Search = %v, %v", page, err)
	}
	if _, err := memstore.NewStarStoreWith([]star.Creator{cs[0], cs[0]}); !errors.Is(err, star.ErrIndexDuplicate) {
		t.Errorf("a repeated id: %v", err)
	}
	// Store errors read wholly in Chinese.
	_, err = s.GetCreator(ctx, "zz")
	if zh := starmap.Message(err, starmap.ZH); !errors.Is(err, starmap.ErrNotFound) || strings.Contains(zh, "creator") {
		t.Errorf("not found: %q (%v)", zh, err)
	}
}
