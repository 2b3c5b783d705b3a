package pgstore

import (
	"testing"

	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/component/componenttest"
)

func TestComponentStore_kit(t *testing.T) {
	componenttest.TestStore(t, func() component.Store {
		s, err := NewComponentStore(freshPool(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
