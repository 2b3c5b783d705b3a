package starmap

import (
	"sync"
	"time"
)

// Clock tells the time. No rule of the SDK reads the wall clock: pure
// rule functions take the day or instant as an argument, and services read
// the Clock the host gave them once per operation.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the host's wall clock, for production wiring.
func SystemClock() Clock { return ClockFunc(time.Now) }

// FixedClock always answers t: for tests and examples.
func FixedClock(t time.Time) Clock { return ClockFunc(func() time.Time { return t }) }

// ManualClock is a clock that only moves when told to, safe for concurrent
// use: for tests that step through days (deadlines, expiries, renewals).
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a ManualClock showing t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (backwards too).
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves the clock by d. Like AdvanceDays it saturates: it stops
// at the last instant of MaxDate, or the first of MinDate.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	first, last := MinDate().StartOfDay(), MaxDate().StartOfDay().Add(24*time.Hour-time.Nanosecond)
	switch next := c.now.Add(d); {
	case next.After(last) || (d > 0 && next.Before(c.now)):
		c.now = last
	case next.Before(first) || (d < 0 && next.After(c.now)):
		c.now = first
	default:
		c.now = next
	}
}

// AdvanceDays moves the clock by n calendar days of China Standard Time,
// keeping the time of day. It saturates: a move past MaxDate stops on
// MaxDate, one before MinDate on MinDate (never wrapping round, whatever n).
func (c *ManualClock) AdvanceDays(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now.In(CST())
	from := DateOf(now)
	to := from.AddDays(n)
	if to == from && n != 0 {
		return // already at the bound n moves towards
	}
	c.now = now.AddDate(0, 0, from.DaysUntil(to))
}
