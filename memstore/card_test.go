package memstore_test

import (
	"testing"

	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/card/cardtest"
	"github.com/starmap-go/starmap/memstore"
)

func TestCardStore(t *testing.T) {
	cardtest.TestStore(t, func() card.Store { return memstore.NewCardStore() })
}
