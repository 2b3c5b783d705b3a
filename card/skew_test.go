package card_test

import (
	"context"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// TestClockBehind: a replica whose clock is behind the one that opened or
// last changed the card still writes a card that loads; UpdatedAt never
// goes back.
func TestClockBehind(t *testing.T) {
	ctx := context.Background()
	s, _, clk := newService(t) // opened at t0
	clk.Set(t0.Add(-time.Second))
	if _, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetIntroduction("你好")); err != nil {
		t.Fatalf("edit with a clock behind: %v", err)
	}
	c, err := s.Card(ctx, owner, owner.ID())
	if err != nil {
		t.Fatalf("the card no longer loads: %v", err)
	}
	if !c.UpdatedAt().Equal(t0) {
		t.Fatalf("UpdatedAt = %v; want the later %v", c.UpdatedAt(), t0)
	}
	// A change at t0+1h, then syncs and assignments from a clock 1 min behind.
	clk.Set(t0.Add(time.Hour))
	if _, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetIntroduction("你好呀")); err != nil {
		t.Fatal(err)
	}
	clk.Set(t0.Add(time.Hour - time.Minute))
	b := basic0
	b.Nickname = "新昵称"
	if _, _, err := s.Sync(ctx, platform, owner.ID(), b); err != nil {
		t.Fatalf("sync with a clock behind: %v", err)
	}
	if _, _, err := s.AssignVirtualNumber(ctx, platform, owner.ID(), "17000001234"); err != nil {
		t.Fatalf("assign with a clock behind: %v", err)
	}
	c, err = s.Card(ctx, owner, owner.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !c.UpdatedAt().Equal(t0.Add(time.Hour)) {
		t.Fatalf("UpdatedAt = %v; want %v", c.UpdatedAt(), t0.Add(time.Hour))
	}
	if _, err := s.View(ctx, starmap.AdvertiserActor("a-1"), owner.ID()); err != nil {
		t.Fatal(err)
	}
}
