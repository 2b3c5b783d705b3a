package component_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

func BenchmarkMountable(b *testing.B) {
	c := inState(b, "cmp-1", starmap.FormatShortVideo, component.StateValid)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := component.Mountable(c, "adv-1", starmap.FormatShortVideo, component.MiniProgramUp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckMount checks an order with three components on memstore.
func BenchmarkCheckMount(b *testing.B) {
	ctx := context.Background()
	f := newFixture(b)
	ids := make([]string, 3)
	for i := range ids {
		ids[i] = fmt.Sprint("cmp-", i)
		f.put(b, ids[i], "adv-1", starmap.FormatShortVideo, component.StateValid, content(i))
		f.dir.Set(content(i).AppID, component.MiniProgramUp)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.m.CheckMount(ctx, "adv-1", starmap.FormatShortVideo, ids); err != nil {
			b.Fatal(err)
		}
	}
}
