package pgstore

import (
	"testing"

	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/card/cardtest"
)

func TestCardStore_kit(t *testing.T) {
	cardtest.TestStore(t, func() card.Store {
		s, err := NewCardStore(freshPool(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
