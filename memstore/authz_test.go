package memstore_test

import (
	"testing"

	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/authz/authztest"
	"github.com/starmap-go/starmap/memstore"
)

func TestAuthzStore(t *testing.T) {
	authztest.TestStore(t, func() authz.Store { return memstore.NewAuthzStore() })
}
