package memstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/campaign/campaigntest"
	"github.com/starmap-go/starmap/memstore"
)

func TestCampaignStore(t *testing.T) {
	campaigntest.TestStore(t, func() campaign.Store { return memstore.NewCampaignStore() })
}

// Store errors about campaigns read wholly in Chinese.
func TestCampaignStore_X5_ErrorsInChinese(t *testing.T) {
	s := memstore.NewCampaignStore()
	_, err := s.Get(context.Background(), "cmp-1")
	zh := starmap.Message(err, starmap.ZH)
	if !errors.Is(err, starmap.ErrNotFound) || strings.Contains(zh, "campaign ") || !strings.Contains(zh, "项目") {
		t.Fatalf("zh = %q (%v)", zh, err)
	}
}

// A cancelled context writes nothing and says so.
func TestCampaignStore_cancelledContext(t *testing.T) {
	s := memstore.NewCampaignStore()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := campaigntest.Records(s).New(0)
	if _, err := s.Create(ctx, rec); !errors.Is(err, context.Canceled) {
		t.Fatalf("Create under a cancelled context = %v", err)
	}
	if _, err := s.Get(context.Background(), rec.ID); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("a cancelled Create stored the record: %v", err)
	}
	if _, err := s.List(ctx, campaign.Query{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("List under a cancelled context = %v", err)
	}
}

// The zero CampaignStore is an empty store, ready to use.
func TestCampaignStore_ZeroValue(t *testing.T) {
	var s memstore.CampaignStore
	if _, err := s.Get(context.Background(), "cmp-1"); !errors.Is(err, starmap.ErrNotFound) {
		t.Fatalf("Get on a zero store = %v", err)
	}
	campaigntest.TestStore(t, func() campaign.Store { return new(memstore.CampaignStore) })
}
