package memstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/authz/authztest"
	"github.com/starmap-go/starmap/memstore"
)

func TestAuthzStore(t *testing.T) {
	authztest.TestStore(t, func() authz.Store { return memstore.NewAuthzStore() })
}

// Store errors about authz records read wholly in Chinese: the key names
// its grantee's kind in Chinese too.
func TestAuthzStore_X5_ErrorsInChinese(t *testing.T) {
	s := memstore.NewAuthzStore()
	key := authz.GrantKey{Creator: "c1", Grantee: authz.MerchantParty("m1")}
	_, err := s.GetGrant(context.Background(), key)
	zh := starmap.Message(err, starmap.ZH)
	if !errors.Is(err, starmap.ErrNotFound) || strings.Contains(zh, "merchant") || strings.Contains(zh, "grant") {
		t.Fatalf("zh = %q (%v)", zh, err)
	}
}
