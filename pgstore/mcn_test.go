package pgstore

import (
	"testing"

	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/mcn/mcntest"
)

func TestMCNStore_kit(t *testing.T) {
	databaseURL(t) // skip (or fail under CI) here, not in a subtest the kit runs
	mcntest.TestStore(t, func() mcn.Store {
		s, err := NewMCNStore(freshPool(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
