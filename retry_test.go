package starmap

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestRetryOnConflict_X8(t *testing.T) {
	calls := 0
	err := RetryOnConflict(context.Background(), Retry{Attempts: 3}, func() error {
		calls++
		if calls < 3 {
			return fmt.Errorf("save: %w", ErrVersionConflict.New())
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
	calls = 0
	err = RetryOnConflict(context.Background(), Retry{Attempts: 2}, func() error { calls++; return ErrVersionConflict.New() })
	if !errors.Is(err, ErrConflict) || calls != 2 {
		t.Fatalf("gave up with %v after %d calls", err, calls)
	}
	calls = 0
	err = RetryOnConflict(context.Background(), Retry{Attempts: 5}, func() error { calls++; return ErrDateMalformed.New() })
	if !errors.Is(err, ErrDateMalformed) || calls != 1 {
		t.Fatalf("a rule error must not be retried: %v after %d", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := RetryOnConflict(ctx, Retry{}, func() error { t.Fatal("ran with a done context"); return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("done context: %v", err)
	}
	calls = 0
	_ = RetryOnConflict(context.Background(), Retry{}, func() error { calls++; return ErrVersionConflict.New() })
	if calls != DefaultAttempts {
		t.Fatalf("default attempts = %d", calls)
	}
}

// cell is a one-record store whose writes can be made to conflict.
type cell struct {
	rec      rec
	exists   bool
	gets     int
	conflict int     // how many more writes fail with a conflict
	logged   []Event // the pending events of each successful write, as a log keeps them
}

type rec struct {
	N       int
	Version uint64
}

func (c *cell) access() Access[string, rec] {
	return Access[string, rec]{
		Get: func(_ context.Context, k string) (rec, error) {
			c.gets++
			if !c.exists {
				return rec{}, ErrRecordNotFound.New(Arg("what", "rec"), Arg("id", k))
			}
			return c.rec, nil
		},
		Create: func(ctx context.Context, r rec) (uint64, error) {
			if c.conflict > 0 {
				c.conflict--
				return 0, ErrAlreadyExists.New()
			}
			c.rec, c.exists = rec{N: r.N, Version: 1}, true
			c.logged = append(c.logged, PendingEvents(ctx)...)
			return 1, nil
		},
		Update: func(ctx context.Context, r rec) (uint64, error) {
			if c.conflict > 0 {
				c.conflict--
				return 0, ErrVersionConflict.New()
			}
			if r.Version != c.rec.Version {
				return 0, ErrVersionConflict.New()
			}
			c.rec = rec{N: r.N, Version: r.Version + 1}
			c.logged = append(c.logged, PendingEvents(ctx)...)
			return c.rec.Version, nil
		},
	}
}

// inc adds one and says so in an event naming the value it reached.
func inc(cur rec, found bool) (rec, []Event, error) {
	cur.N++
	return cur, []Event{{Type: "test.inc", Subject: fmt.Sprint(cur.N)}}, nil
}

func TestChange_createsWhenMissing_X8(t *testing.T) {
	c := &cell{}
	got, v, evs, err := Change(context.Background(), Retry{}, c.access(), "k", func(cur rec, found bool) (rec, []Event, error) {
		if found {
			t.Fatal("found a record in an empty cell")
		}
		return rec{N: 7, Version: 42}, []Event{{Type: "test.made"}}, nil
	})
	if err != nil || v != 1 || got.N != 7 || c.rec.Version != 1 {
		t.Fatalf("create: %+v v%d %v (stored %+v)", got, v, err, c.rec)
	}
	if len(evs) != 1 || evs[0].Type != "test.made" || len(c.logged) != 1 || c.logged[0].Type != "test.made" {
		t.Fatalf("OPS-1: create returned %v and stored %v", evs, c.logged)
	}
}

func TestChange_retriesCountedAndAttemptsHonoured_X8(t *testing.T) {
	c := &cell{exists: true, rec: rec{N: 1, Version: 1}, conflict: 2}
	var seen []int
	r := Retry{Attempts: 3, OnConflict: func(n int, err error) {
		if !errors.Is(err, ErrConflict) {
			t.Errorf("hook got %v", err)
		}
		seen = append(seen, n)
	}}
	got, v, evs, err := Change(context.Background(), r, c.access(), "k", inc)
	if err != nil || got.N != 2 || v != 2 {
		t.Fatalf("after two conflicts: %+v v%d %v", got, v, err)
	}
	if fmt.Sprint(evs) != fmt.Sprint(c.logged) || len(c.logged) != 1 {
		t.Fatalf("OPS-1: the winning try's events %v, stored %v: want one, the same", evs, c.logged)
	}
	if c.gets != 3 || fmt.Sprint(seen) != "[1 2]" {
		t.Fatalf("loads %d, conflicts reported %v; want 3 loads and [1 2]", c.gets, seen)
	}

	c = &cell{exists: true, rec: rec{N: 1, Version: 1}, conflict: 10}
	_, _, evs, err = Change(context.Background(), Retry{Attempts: 4}, c.access(), "k", inc)
	if !errors.Is(err, ErrVersionConflict) || c.gets != 4 {
		t.Fatalf("gave up with %v after %d loads; want a conflict after 4", err, c.gets)
	}
	if evs != nil || c.logged != nil {
		t.Fatalf("OPS-1: a change that never committed returned %v and stored %v", evs, c.logged)
	}
}

func TestChange_refusalNeverRetried_X8(t *testing.T) {
	c := &cell{exists: true, rec: rec{N: 1, Version: 1}}
	calls := 0
	_, _, evs, err := Change(context.Background(), Retry{}, c.access(), "k", func(rec, bool) (rec, []Event, error) {
		calls++
		// A rule that happens to be of the conflict kind is still a decision.
		return rec{}, []Event{{Type: "test.refused"}}, errors.Join(ErrDateMalformed.New(), ErrAlreadyExists.New())
	})
	if !errors.Is(err, ErrDateMalformed) || calls != 1 || c.rec.N != 1 {
		t.Fatalf("refusal: %v after %d decisions, stored %+v", err, calls, c.rec)
	}
	if evs != nil || c.logged != nil {
		t.Fatalf("OPS-1: a refusal returned %v and stored %v", evs, c.logged)
	}
}

func TestChange_contextCancelledBetweenAttempts_X8(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := &cell{exists: true, rec: rec{N: 1, Version: 1}, conflict: 10}
	r := Retry{Attempts: 5, OnConflict: func(int, error) { cancel() }}
	_, _, _, err := Change(ctx, r, c.access(), "k", inc)
	if !errors.Is(err, context.Canceled) || c.gets != 1 {
		t.Fatalf("cancelled after the first conflict: %v after %d loads", err, c.gets)
	}
}

func TestChange_missingWithoutCreate_X8(t *testing.T) {
	c := &cell{}
	a := c.access()
	a.Create = nil
	decided := false
	_, _, _, err := Change(context.Background(), Retry{}, a, "k", func(cur rec, found bool) (rec, []Event, error) {
		decided = true
		return cur, []Event{{Type: "test.lost"}}, nil
	})
	if !errors.Is(err, ErrRecordNotFound) || !decided || c.exists || c.logged != nil {
		t.Fatalf("missing record without Create: %v (decided %v)", err, decided)
	}
	loadErr := errors.New("disk on fire")
	a.Get = func(context.Context, string) (rec, error) { return rec{}, loadErr }
	if _, _, _, err := Change(context.Background(), Retry{}, a, "k", inc); !errors.Is(err, loadErr) {
		t.Fatalf("load error: %v", err)
	}
}

func TestChange_pendingEventsAreTheDecisionsOnly_OPS1(t *testing.T) {
	c := &cell{exists: true, rec: rec{N: 1, Version: 1}}
	outer := WithPendingEvents(context.Background(), []Event{{Type: "test.outer"}})
	_, _, evs, err := Change(outer, Retry{}, c.access(), "k", func(cur rec, _ bool) (rec, []Event, error) {
		return cur, nil, nil
	})
	if err != nil || evs != nil || c.logged != nil {
		t.Fatalf("OPS-1: a write with no events stored %v (returned %v, %v): the caller's context leaked in", c.logged, evs, err)
	}
	_, _, evs, err = Change(outer, Retry{}, c.access(), "k", inc)
	if err != nil || len(c.logged) != 1 || c.logged[0].Type != "test.inc" || fmt.Sprint(evs) != fmt.Sprint(c.logged) {
		t.Fatalf("OPS-1: stored %v, returned %v, %v", c.logged, evs, err)
	}
}

func TestFind_X5(t *testing.T) {
	inner := ErrMoneyTooLarge.New(Arg("value", "1e30"))
	err := fmt.Errorf("order: %w", errors.Join(ErrDateMalformed.New(), ErrActorInvalid.Wrap(inner)))
	got, ok := Find(err, ErrMoneyTooLarge)
	if !ok || got != inner {
		t.Fatalf("Find = %v, %v", got, ok)
	}
	if _, ok := Find(err, ErrMoneyNegative); ok {
		t.Fatal("found a rule that is not there")
	}
}

func TestApplyOptions(t *testing.T) {
	type cfg struct{ n int }
	type opt func(*cfg) error
	var c cfg
	err := ApplyOptions(&c, []opt{func(c *cfg) error { c.n = 1; return nil }, nil})
	if !errors.Is(err, ErrServiceOption) {
		t.Fatalf("nil option: %v", err)
	}
	if e, _ := Find(err, ErrServiceOption); e == nil || Message(e, EN) != "service option 2 is invalid: nil" {
		t.Fatalf("message: %q", Message(err, EN))
	}
	err = ApplyOptions(&c, []opt{func(*cfg) error { return ErrPageLimit.New(Arg("limit", -1)) }})
	if !errors.Is(err, ErrServiceOption) || !errors.Is(err, ErrPageLimit) {
		t.Fatalf("failing option: %v", err)
	}
	var nilClock Clock
	var nilPtr *ManualClock
	if !errors.Is(RequireDependency("时钟", "clock", nilClock), ErrServiceDependency) ||
		!errors.Is(RequireDependency("时钟", "clock", Clock(nilPtr)), ErrServiceDependency) ||
		RequireDependency("时钟", "clock", SystemClock()) != nil {
		t.Fatal("RequireDependency")
	}
}

func TestCursor_roundTrip(t *testing.T) {
	for _, parts := range [][]string{{""}, {"a", ""}, {"1:2", "x:y:z", "中文"}} {
		c := EncodeCursor(parts...)
		got, err := DecodeCursor(c, len(parts))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(parts) {
			t.Fatalf("%q → %q → %q, %v", parts, c, got, err)
		}
		if _, err := DecodeCursor(c, len(parts)+1); !errors.Is(err, ErrCursorInvalid) {
			t.Fatalf("wrong part count accepted: %v", err)
		}
	}
	for _, bad := range []string{"!!", EncodeCursor("a") + "x", "Mjph", "MDE6YQ", "MDp"} {
		if _, err := DecodeCursor(bad, 1); !errors.Is(err, ErrCursorInvalid) {
			t.Fatalf("%q accepted", bad)
		}
	}
	if err := (PageRequest{Limit: -1}).Validate(); !errors.Is(err, ErrPageLimit) {
		t.Fatal("negative limit")
	}
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add(EncodeCursor("a", "b"), 2)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, c string, n int) {
		if n < 0 || n > 8 {
			return
		}
		parts, err := DecodeCursor(c, n)
		if err != nil {
			return
		}
		if EncodeCursor(parts...) != c {
			t.Fatalf("%q decodes to %q which encodes differently", c, parts)
		}
	})
}

// withRecent is c's access with a Recent that answers rec (a cache's
// possibly stale record) when hit, counting its calls.
func (c *cell) withRecent(cached rec, hit bool, calls *int) Access[string, rec] {
	a := c.access()
	a.Recent = func(context.Context, string) (rec, bool) {
		*calls++
		return cached, hit
	}
	return a
}

func TestChange_recentStaleConflictsThenFreshWins_X8(t *testing.T) {
	c := &cell{exists: true, rec: rec{N: 5, Version: 3}}
	recents, conflicts := 0, 0
	a := c.withRecent(rec{N: 4, Version: 2}, true, &recents) // one version behind
	got, v, evs, err := Change(context.Background(), Retry{OnConflict: func(int, error) { conflicts++ }}, a, "k", inc)
	if err != nil || got.N != 6 || v != 4 || c.rec != (rec{N: 6, Version: 4}) {
		t.Fatalf("X-8: stale recent record: %+v v%d %v, stored %+v; want N 6 at v4, decided on the fresh record", got, v, err, c.rec)
	}
	if recents != 1 || c.gets != 1 || conflicts != 1 {
		t.Fatalf("X-8: recent asked %d times, %d loads, %d conflicts; want 1, 1, 1", recents, c.gets, conflicts)
	}
	if len(evs) != 1 || evs[0].Subject != "6" || len(c.logged) != 1 || c.logged[0].Subject != "6" {
		t.Fatalf("OPS-1: returned %v, stored %v; want only the fresh try's event", evs, c.logged)
	}
}

func TestChange_recentHitSavesTheLoad_X8(t *testing.T) {
	c := &cell{exists: true, rec: rec{N: 5, Version: 3}}
	recents := 0
	got, v, _, err := Change(context.Background(), Retry{}, c.withRecent(c.rec, true, &recents), "k", inc)
	if err != nil || got.N != 6 || v != 4 || recents != 1 || c.gets != 0 {
		t.Fatalf("X-8: a current recent record: %+v v%d %v, %d recents, %d loads; want v4, no load", got, v, err, recents, c.gets)
	}
}

func TestChange_recentMissLoads_X8(t *testing.T) {
	c := &cell{exists: true, rec: rec{N: 5, Version: 3}}
	recents := 0
	got, v, _, err := Change(context.Background(), Retry{}, c.withRecent(rec{N: 99, Version: 3}, false, &recents), "k", inc)
	if err != nil || got.N != 6 || v != 4 || recents != 1 || c.gets != 1 {
		t.Fatalf("X-8: recent miss: %+v v%d %v, %d recents, %d loads; want the loaded record used", got, v, err, recents, c.gets)
	}
}

// refuseBelow refuses while N is below min, as a rule would on an old state.
func refuseBelow(min int, decided *[]rec) func(rec, bool) (rec, []Event, error) {
	return func(cur rec, found bool) (rec, []Event, error) {
		*decided = append(*decided, cur)
		if cur.N < min {
			return rec{}, nil, ErrDateMalformed.New()
		}
		return inc(cur, found)
	}
}

func TestChange_refusalOnRecentIsDecidedAgainFresh_X8(t *testing.T) {
	c := &cell{exists: true, rec: rec{N: 5, Version: 3}}
	recents, conflicts := 0, 0
	var decided []rec
	got, v, _, err := Change(context.Background(), Retry{OnConflict: func(int, error) { conflicts++ }},
		c.withRecent(rec{N: 1, Version: 1}, true, &recents), "k", refuseBelow(5, &decided))
	if err != nil || got.N != 6 || v != 4 {
		t.Fatalf("X-8: a refusal on a stale record was reported: %+v v%d %v", got, v, err)
	}
	if fmt.Sprint(decided) != "[{1 1} {5 3}]" || c.gets != 1 || conflicts != 0 {
		t.Fatalf("X-8: decided on %v with %d loads and %d conflicts; want the stale then the fresh record, one load", decided, c.gets, conflicts)
	}
}

func TestChange_refusalOnFreshIsReported_X8(t *testing.T) {
	c := &cell{exists: true, rec: rec{N: 5, Version: 3}}
	recents := 0
	var decided []rec
	_, _, evs, err := Change(context.Background(), Retry{}, c.withRecent(c.rec, true, &recents), "k", refuseBelow(9, &decided))
	if !errors.Is(err, ErrDateMalformed) || c.rec != (rec{N: 5, Version: 3}) || evs != nil || c.logged != nil {
		t.Fatalf("X-8: refusal on the fresh record: %v, stored %+v, events %v", err, c.rec, evs)
	}
	if len(decided) != 2 || c.gets != 1 {
		t.Fatalf("X-8: decided %d times with %d loads; want the recent then the loaded record, once each", len(decided), c.gets)
	}
}

func TestChange_recentGetErrorUnchanged_X8(t *testing.T) {
	c := &cell{} // no record: the load says not found
	recents := 0
	var decided []rec
	a := c.withRecent(rec{N: 1, Version: 1}, true, &recents)
	a.Create = nil
	_, _, _, err := Change(context.Background(), Retry{}, a, "k", refuseBelow(0, &decided))
	if !errors.Is(err, ErrNotFound) || c.gets != 1 {
		t.Fatalf("X-8: a recent record of a missing key: %v after %d loads; want the load's not-found", err, c.gets)
	}
}
