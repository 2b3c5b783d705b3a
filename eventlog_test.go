package starmap_test

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	"pgregory.net/rapid"
)

func TestPositionOrderAndText(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := starmap.Position{Commit: rapid.Uint64().Draw(t, "c1"), Seq: rapid.Uint64().Draw(t, "s1")}
		q := starmap.Position{Commit: rapid.Uint64().Draw(t, "c2"), Seq: rapid.Uint64().Draw(t, "s2")}
		back, err := starmap.ParsePosition(p.String())
		if err != nil || back != p {
			t.Fatalf("OPS-1: %v read back as %v, %v", p, back, err)
		}
		if p.Less(q) && q.Less(p) {
			t.Fatalf("OPS-1: %v and %v each before the other", p, q)
		}
		if p != q && !p.Less(q) && !q.Less(p) {
			t.Fatalf("OPS-1: %v and %v unordered", p, q)
		}
		if p.Commit < q.Commit && !p.Less(q) {
			t.Fatalf("OPS-1: a later commit %v is not after %v", q, p)
		}
	})
}

func TestParsePositionRefuses(t *testing.T) {
	for _, s := range []string{"", ".", "1", "1.", ".1", "01.1", "1.01", "+1.1", "1.-1", " 1.1", "1.1.1",
		"18446744073709551616.0", "1_0.1", "１.1"} {
		if _, err := starmap.ParsePosition(s); !errors.Is(err, starmap.ErrPosition) {
			t.Errorf("OPS-1: ParsePosition(%q) = %v, want ErrPosition", s, err)
		}
	}
	if p, err := starmap.ParsePosition("0.0"); err != nil || !p.IsZero() {
		t.Errorf("OPS-1: 0.0 = %v, %v", p, err)
	}
}

func FuzzParsePosition(f *testing.F) {
	for _, s := range []string{"0.0", "12.3", "01.2", "1..2", "18446744073709551615.18446744073709551615"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := starmap.ParsePosition(s)
		if err != nil {
			return
		}
		if p.String() != s {
			t.Fatalf("OPS-1: %q read as %v, written back as %q", s, p, p.String())
		}
	})
}

func TestPendingEventsAreCopies(t *testing.T) {
	if starmap.PendingEvents(context.Background()) != nil {
		t.Fatal("OPS-1: a plain context carries events")
	}
	evs := []starmap.Event{{Type: "task.created", Subject: "t1"}}
	ctx := starmap.WithPendingEvents(context.Background(), evs)
	evs[0].Subject = "changed"
	got := starmap.PendingEvents(ctx)
	if len(got) != 1 || got[0].Subject != "t1" {
		t.Fatalf("OPS-1: pending events %v share memory with the caller", got)
	}
	got[0].Subject = "again"
	if starmap.PendingEvents(ctx)[0].Subject != "t1" {
		t.Fatal("OPS-1: a store's copy shares memory with the context")
	}
	if starmap.PendingEvents(starmap.WithPendingEvents(ctx, nil)) != nil {
		t.Fatal("OPS-1: an inner write with no events still carries the outer write's")
	}
}
