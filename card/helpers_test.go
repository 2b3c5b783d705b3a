package card_test

import (
	"context"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/memstore"
)

// The fixtures every test file of the package shares.

var (
	t0       = time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	platform = starmap.PlatformActor("card-sync")
	owner    = starmap.CreatorActor("c-1001")
	basic0   = card.Basic{Avatar: "https://p3.example.com/a.jpeg", Nickname: "星图小厨", DouyinID: "xiaochu2026", Location: "浙江 杭州"}
)

const realPhone = "13812345678"

// openCard opens c-1001 with basic0.
func openCard(t testing.TB) *card.Card {
	t.Helper()
	c, _, err := card.Open(platform, t0, owner.ID(), basic0)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return c
}

// apply applies e as the owner and fails the test on error.
func apply(t testing.TB, c *card.Card, e *card.Edit) []starmap.Event {
	t.Helper()
	evs, err := c.Apply(owner, t0.Add(time.Hour), e)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return evs
}

// fullCard is openCard with every editable item and contact filled, the
// virtual number assigned and shown.
func fullCard(t testing.TB) *card.Card {
	t.Helper()
	c := openCard(t)
	apply(t, c, card.NewEdit().
		SetIntroduction("家常菜与烘焙,每周三更。").
		SetCollaborations(card.Collaboration{Brand: "某厨电品牌", Description: "蒸烤箱种草"}).
		SetContact(card.Phone, "+86 138-1234-5678").
		SetContact(card.Feishu, "chef@example.com").
		SetContact(card.WeChat, "xiaochu_2026").
		SetContact(card.Email, "biz@example.com").
		ShowVirtualNumber(true))
	if _, err := c.AssignVirtualNumber(platform, t0.Add(2*time.Hour), "17000001234"); err != nil {
		t.Fatal(err)
	}
	return c
}

// newCardService is card.NewService that fails the test on error.
func newCardService(t testing.TB, st card.Store, clk starmap.Clock, opts ...card.Option) *card.Service {
	t.Helper()
	s, err := card.NewService(st, clk, opts...)
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	return s
}

// newService opens owner's card with basic0 at t0 on a fresh memstore.
func newService(t testing.TB) (*card.Service, *memstore.CardStore, *starmap.ManualClock) {
	t.Helper()
	st := memstore.NewCardStore()
	clk := starmap.NewManualClock(t0)
	s := newCardService(t, st, clk)
	if _, _, err := s.Open(context.Background(), platform, owner.ID(), basic0); err != nil {
		t.Fatal(err)
	}
	return s, st, clk
}

// racingStore runs race once, just before the first Update reaches the
// store: a write by someone else between our load and our write.
type racingStore struct {
	card.Store
	race    func()
	updates int
}

func (r *racingStore) Update(ctx context.Context, rec card.Record) (uint64, error) {
	r.updates++
	if r.race != nil {
		f := r.race
		r.race = nil
		f()
	}
	return r.Store.Update(ctx, rec)
}
