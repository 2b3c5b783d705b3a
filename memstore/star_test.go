package memstore_test

import (
	"testing"

	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/star/startest"
)

func TestStarStore(t *testing.T) {
	startest.TestStore(t, func() star.Store { return memstore.NewStarStore() })
}
