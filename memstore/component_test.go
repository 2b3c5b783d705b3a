package memstore_test

import (
	"context"
	"testing"

	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/component/componenttest"
	"github.com/starmap-go/starmap/memstore"
)

func TestComponentStore(t *testing.T) {
	componenttest.TestStore(t, func() component.Store { return memstore.NewComponentStore() })
}

func TestComponentDirectory(t *testing.T) {
	ctx := context.Background()
	d := memstore.NewComponentDirectory()
	if s, err := d.MiniProgramStatus(ctx, "tt0000000000000000"); err != nil || s != component.MiniProgramUnknown {
		t.Fatalf("unknown app = %v, %v; want unknown, nil", s, err)
	}
	d.Set("tt0000000000000000", component.MiniProgramDelisted)
	if s, _ := d.MiniProgramStatus(ctx, "tt0000000000000000"); s != component.MiniProgramDelisted {
		t.Fatalf("after Set(delisted) = %v", s)
	}
	d.Set("tt0000000000000000", component.MiniProgramUp)
	if s, _ := d.MiniProgramStatus(ctx, "tt0000000000000000"); s != component.MiniProgramUp {
		t.Fatalf("after Set(up) = %v", s)
	}
}
