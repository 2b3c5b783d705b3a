package starmap

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestClock_X2(t *testing.T) {
	t0 := time.Date(2026, 3, 31, 23, 30, 0, 0, CST())
	if got := FixedClock(t0).Now(); !got.Equal(t0) {
		t.Fatalf("FixedClock = %v", got)
	}
	c := NewManualClock(t0)
	if Today(c) != d(2026, 3, 31) {
		t.Fatal("Today on the last day")
	}
	c.Advance(time.Hour)
	if Today(c) != d(2026, 4, 1) {
		t.Fatalf("after an hour: %v", Today(c))
	}
	c.AdvanceDays(30)
	if got := c.Now(); Today(c) != d(2026, 5, 1) || got.In(CST()).Hour() != 0 || got.In(CST()).Minute() != 30 {
		t.Fatalf("AdvanceDays kept the time of day? %v", got)
	}
	c.Set(t0)
	if !c.Now().Equal(t0) {
		t.Fatal("Set")
	}
	// Safe for concurrent use (checked under -race).
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Advance(time.Minute)
			_ = c.Now()
		}()
	}
	wg.Wait()
	if got := c.Now().Sub(t0); got != 8*time.Minute {
		t.Fatalf("lost an advance: %v", got)
	}
	if SystemClock().Now().IsZero() {
		t.Fatal("SystemClock")
	}
}

func TestPageOf(t *testing.T) {
	items := []int{0, 1, 2, 3, 4, 5, 6}
	var all []int
	req := PageRequest{Limit: 3}
	for pages := 0; ; pages++ {
		p, err := PageOf(items, req)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Items...)
		if p.Next == "" {
			if pages != 2 {
				t.Fatalf("%d pages, want 3", pages+1)
			}
			break
		}
		req.Cursor = p.Next
	}
	if fmt.Sprint(all) != fmt.Sprint(items) {
		t.Fatalf("paged = %v", all)
	}
	for _, bad := range []string{"x", "-1", "8", "01", " 1"} {
		if _, err := PageOf(items, PageRequest{Cursor: bad}); !errors.Is(err, ErrCursorInvalid) {
			t.Errorf("cursor %q: %v", bad, err)
		}
	}
	if (PageRequest{}).EffectiveLimit() != DefaultPageLimit || (PageRequest{Limit: 10000}).EffectiveLimit() != MaxPageLimit {
		t.Fatal("limits")
	}
	p, _ := PageOf(items, PageRequest{Limit: 2})
	p.Items[0] = 99
	if items[0] != 0 {
		t.Fatal("PageOf must not alias its input")
	}
}

func TestFormat(t *testing.T) {
	if FormatShortVideo.String() != "short-video" || FormatLive.String() != "live" || Format(0).Valid() || !FormatLive.Valid() {
		t.Fatal("Format")
	}
}

func TestFormatLabel(t *testing.T) {
	if FormatShortVideo.Label(ZH) != "短视频" || FormatLive.Label(ZH) != "直播" || FormatLive.Label(EN) != "live stream" || Format(9).Label(ZH) != "未知形式" {
		t.Fatal("Format.Label")
	}
}
