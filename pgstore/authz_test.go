package pgstore

import (
	"testing"

	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/authz/authztest"
)

func TestAuthzStore_kit(t *testing.T) {
	authztest.TestStore(t, func() authz.Store {
		s, err := NewAuthzStore(freshPool(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
