package pgstore

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/campaign/campaigntest"
)

func mustCampaignStore(t testing.TB, pool *pgxpool.Pool) *CampaignStore {
	t.Helper()
	s, err := NewCampaignStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCampaignStoreKit(t *testing.T) {
	campaigntest.TestStore(t, func() campaign.Store { return mustCampaignStore(t, freshPool(t)) })
}

func TestNewCampaignStoreNilPool(t *testing.T) {
	if _, err := NewCampaignStore(nil); err == nil {
		t.Fatal("NewCampaignStore(nil) = nil error")
	}
}
