package main

import (
	"context"
	"testing"

	"github.com/starmap-go/starmap"
)

// TestPublishedLog_OPS1 checks the service's own log, used when the
// stores keep none: positions in order, after is exclusive, limits follow
// the paging rule.
func TestPublishedLog_OPS1(t *testing.T) {
	l := &publishedLog{}
	ctx := context.Background()
	l.append([]starmap.Event{{Type: "a"}, {Type: "b"}})
	l.append(nil)
	l.append([]starmap.Event{{Type: "c"}})
	all, err := l.ReadEvents(ctx, starmap.Position{}, 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("read all: %v %v", all, err)
	}
	for i := 1; i < len(all); i++ {
		if !all[i-1].Position.Less(all[i].Position) {
			t.Errorf("position %s not before %s", all[i-1].Position, all[i].Position)
		}
	}
	if all[0].Position.Commit != all[1].Position.Commit || all[1].Position.Commit == all[2].Position.Commit {
		t.Errorf("one append is one commit: %v", all)
	}
	rest, _ := l.ReadEvents(ctx, all[0].Position, 1)
	if len(rest) != 1 || rest[0].Type != "b" {
		t.Errorf("after the first, limit 1: %v", rest)
	}
	if _, err := l.ReadEvents(ctx, starmap.Position{}, -1); err == nil {
		t.Error("a negative limit is ErrPageLimit")
	}
	none, err := l.ReadEvents(ctx, all[2].Position, 0)
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("after the last: %v %v, want an empty slice", none, err)
	}
}
