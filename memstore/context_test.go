package memstore

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/task"
)

// TestStoresHonourContext: every store answers a nil context with
// starmap.ErrContextMissing and a done one with its error, for reads and
// writes alike, and a refused create stores nothing (X-5, issue 11).
func TestStoresHonourContext(t *testing.T) {
	done, cancel := context.WithCancel(context.Background())
	cancel()
	var nilCtx context.Context
	type call struct {
		name   string
		create func(ctx context.Context) error
		get    func(ctx context.Context) error
	}
	a, o, tk, cd, cp, cm, m, st := NewAuthzStore(), NewOnboardingStore(), NewTaskStore(), NewCardStore(), NewComponentStore(), NewCampaignStore(), NewMCNStore(), NewStarStore()
	gk := authz.GrantKey{Creator: "c-1", Grantee: authz.MerchantParty("m-1")}
	calls := []call{
		{"authz", func(ctx context.Context) error { _, err := a.CreateGrant(ctx, authz.GrantRecord{Key: gk}); return err },
			func(ctx context.Context) error { _, err := a.GetGrant(ctx, gk); return err }},
		{"onboarding", func(ctx context.Context) error {
			_, err := o.CreateApplication(ctx, onboarding.ApplicationRecord{ID: "a-1"})
			return err
		}, func(ctx context.Context) error { _, err := o.GetApplication(ctx, "a-1"); return err }},
		{"task", func(ctx context.Context) error { _, err := tk.Create(ctx, task.Record{ID: "t-1"}); return err },
			func(ctx context.Context) error { _, err := tk.Get(ctx, "t-1"); return err }},
		{"card", func(ctx context.Context) error { _, err := cd.Create(ctx, card.Record{CreatorID: "c-1"}); return err },
			func(ctx context.Context) error { _, err := cd.Get(ctx, "c-1"); return err }},
		{"component", func(ctx context.Context) error { _, err := cp.Create(ctx, component.Record{ID: "cmp-1"}); return err },
			func(ctx context.Context) error { _, err := cp.Get(ctx, "cmp-1"); return err }},
		{"campaign", func(ctx context.Context) error { _, err := cm.Create(ctx, campaign.Record{ID: "cam-1"}); return err },
			func(ctx context.Context) error { _, err := cm.Get(ctx, "cam-1"); return err }},
		{"mcn", func(ctx context.Context) error { _, err := m.Create(ctx, mcn.Record{Creator: "c-1"}); return err },
			func(ctx context.Context) error { _, err := m.Get(ctx, "c-1"); return err }},
		{"star", func(ctx context.Context) error { _, err := st.CreateAgency(ctx, star.Agency{}); return err },
			func(ctx context.Context) error { _, err := st.GetAgency(ctx, "ag-1"); return err }},
	}
	for _, c := range calls {
		for _, f := range []func(context.Context) error{c.create, c.get} {
			if err := f(nilCtx); !errors.Is(err, starmap.ErrContextMissing) {
				t.Errorf("%s with a nil context = %v, want ErrContextMissing", c.name, err)
			}
			if err := f(done); !errors.Is(err, context.Canceled) {
				t.Errorf("%s with a done context = %v, want context.Canceled", c.name, err)
			}
		}
		if err := c.get(context.Background()); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("%s: a create under a done context stored something (Get = %v)", c.name, err)
		}
	}
}
