package memstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/card/cardtest"
	"github.com/starmap-go/starmap/memstore"
)

func TestCardStore(t *testing.T) {
	cardtest.TestStore(t, func() card.Store { return memstore.NewCardStore() })
}

// TestCardStoreZeroValue: the zero CardStore is an empty store, ready to
// use — never a panic.
func TestCardStoreZeroValue(t *testing.T) {
	ctx := context.Background()
	var s memstore.CardStore
	if _, err := s.Get(ctx, "c-1"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("Get on the zero store = %v; want ErrNotFound", err)
	}
	p, err := s.List(ctx, card.Query{})
	if err != nil || len(p.Items) != 0 || p.Next != "" {
		t.Fatalf("List on the zero store = %+v, %v", p, err)
	}
	c, _, err := card.Open(starmap.PlatformActor("sync"), time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()),
		"c-1", card.Basic{Nickname: "小厨", DouyinID: "xiaochu"})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.Create(ctx, c.Record()); err != nil || v != 1 {
		t.Fatalf("Create on the zero store = %d, %v", v, err)
	}
	cardtest.TestStore(t, func() card.Store { return new(memstore.CardStore) })
}
