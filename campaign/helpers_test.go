package campaign_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/memstore"
)

// englishWords finds English left in a zh-CN message.
var englishWords = kit.EnglishWords

var (
	t0         = time.Date(2026, 3, 1, 10, 0, 0, 0, starmap.CST())
	advertiser = starmap.AdvertiserActor("adv-1")
	subAccount = starmap.SubAccountActor("adv-1", "sub-7")
	otherAdv   = starmap.AdvertiserActor("adv-2")
	otherSub   = starmap.SubAccountActor("adv-2", "sub-1")
	creator    = starmap.CreatorActor("cre-1")
	mcn        = starmap.MCNActor("mcn-1")
	platform   = starmap.PlatformActor("ops-1")
	ctx        = context.Background()
)

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

// d parses a decimal literal.
func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// spec is a valid campaign spec of budget (and pilot budget when pilot is
// not empty).
func spec(id, budget, pilot string) campaign.Spec {
	s := campaign.Spec{ID: id, Name: "春季新品项目", Objective: campaign.ObjectivePurchase, Budget: d(budget)}
	if pilot != "" {
		s.Pilot, s.PilotBudget = true, d(pilot)
	}
	return s
}

// newCampaign creates adv-1's campaign cmp-1 by the pure rules.
func newCampaign(t tb, budget, pilot string) campaign.Campaign {
	t.Helper()
	c, _, err := campaign.New(advertiser, t0, spec("cmp-1", budget, pilot))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// fixture is a Service over a memstore with a manual clock.
type fixture struct {
	store *memstore.CampaignStore
	clock *starmap.ManualClock
	svc   *campaign.Service
}

func newFixture(t tb, opts ...campaign.Option) *fixture {
	t.Helper()
	f := &fixture{store: memstore.NewCampaignStore(), clock: starmap.NewManualClock(t0)}
	svc, err := campaign.NewService(f.store, f.clock, opts...)
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	f.svc = svc
	return f
}

// create stores adv-1's campaign id.
func (f *fixture) create(t tb, id, budget, pilot string) campaign.Campaign {
	t.Helper()
	c, _, err := f.svc.Create(ctx, advertiser, spec(id, budget, pilot))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return c
}

// stored returns the stored record of id.
func (f *fixture) stored(t tb, id string) campaign.Record {
	t.Helper()
	r, err := f.store.Get(ctx, id)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return r
}

// conserved checks budget = remaining + reserved + spent, remaining ≥ 0,
// reserved + spent within the limit of the phase, and every reservation's
// Amount = Held + Spent + Released, with the sums agreeing.
func conserved(t tb, c campaign.Campaign) {
	t.Helper()
	if !c.Remaining().Add(c.Reserved()).Add(c.Spent()).Equal(c.Budget()) {
		t.Fatalf("X-4: remaining %s + reserved %s + spent %s != budget %s", c.Remaining(), c.Reserved(), c.Spent(), c.Budget())
	}
	if c.Remaining().Sign() < 0 || c.Available().Sign() < 0 || c.Available().Cmp(c.Remaining()) > 0 {
		t.Fatalf("CAM-1: remaining %s, available %s", c.Remaining(), c.Available())
	}
	if c.InPilot() && c.Reserved().Add(c.Spent()).Cmp(c.PilotBudget()) > 0 {
		t.Fatalf("CAM-1: pilot budget %s exceeded: reserved %s, spent %s", c.PilotBudget(), c.Reserved(), c.Spent())
	}
	held, spent := decimal.Zero, decimal.Zero
	for _, r := range c.Reservations() {
		if !r.Held.Add(r.Spent).Add(r.Released).Equal(r.Amount) {
			t.Fatalf("X-4: reservation %s: held %s + spent %s + released %s != %s", r.Task, r.Held, r.Spent, r.Released, r.Amount)
		}
		held, spent = held.Add(r.Held), spent.Add(r.Spent)
	}
	if !held.Equal(c.Reserved()) || !spent.Equal(c.Spent()) {
		t.Fatalf("X-4: reservations hold %s and spent %s; the campaign says %s and %s", held, spent, c.Reserved(), c.Spent())
	}
	if _, err := campaign.FromRecord(c.Record()); err != nil {
		t.Fatalf("FromRecord of the campaign's own record: %v", err)
	}
}

// is fails t unless err matches rule (nil rule: no error).
func is(t *testing.T, name string, err error, rule error) {
	t.Helper()
	switch {
	case rule == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", name, err)
	case rule != nil && !errors.Is(err, rule):
		t.Fatalf("%s: error %v, want %v", name, err, rule)
	}
}
