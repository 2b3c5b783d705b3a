package kit

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/starmap-go/starmap"
)

// recorder captures failures instead of failing the real test.
type recorder struct {
	testing.TB
	failed atomic.Bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed.Store(true) }
func (r *recorder) Fatalf(string, ...any) { r.failed.Store(true) }

func TestOneWinner_X8(t *testing.T) {
	cases := []struct {
		name   string
		write  func(won *atomic.Bool) func(int) error
		failed bool
	}{
		{"exactly one wins", func(won *atomic.Bool) func(int) error {
			return func(int) error {
				if won.CompareAndSwap(false, true) {
					return nil
				}
				return starmap.ErrVersionConflict.New()
			}
		}, false},
		{"everyone wins (no CAS)", func(*atomic.Bool) func(int) error {
			return func(int) error { return nil }
		}, true},
		{"losers fail with another error", func(won *atomic.Bool) func(int) error {
			return func(int) error {
				if won.CompareAndSwap(false, true) {
					return nil
				}
				return errors.New("disk full")
			}
		}, true},
		{"a bare conflict is not a version conflict", func(won *atomic.Bool) func(int) error {
			return func(int) error {
				if won.CompareAndSwap(false, true) {
					return nil
				}
				return fmt.Errorf("x: %w", starmap.ErrConflict)
			}
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &recorder{TB: t}
			var won atomic.Bool
			OneWinner(r, 16, c.write(&won))
			if r.failed.Load() != c.failed {
				t.Fatalf("OneWinner failed = %v, want %v", r.failed.Load(), c.failed)
			}
		})
	}
}
