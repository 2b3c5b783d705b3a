// Package kit holds what the conformance kits of every domain package
// check in the same way, written once.
package kit

import (
	"errors"
	"sync"
	"testing"

	"github.com/starmap-go/starmap"
)

// OneWinner runs write(0) … write(n-1) at once, each an Update carrying the
// same stored version, and fails t unless exactly one succeeds and
// every other fails with an error matching both starmap.ErrVersionConflict
// and starmap.ErrConflict. write must build its record before it is
// called concurrently only from values it owns (no t.Fatal inside).
func OneWinner(t testing.TB, n int, write func(i int) error) {
	t.Helper()
	var (
		wg              sync.WaitGroup
		mu              sync.Mutex
		wins, conflicts int
		others          []error
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			err := write(i)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, starmap.ErrVersionConflict) && errors.Is(err, starmap.ErrConflict):
				conflicts++
			default:
				others = append(others, err)
			}
		}(i)
	}
	wg.Wait()
	for _, err := range others {
		t.Errorf("a writer failed with neither success nor a version conflict: %v", err)
	}
	if wins != 1 || conflicts != n-1 {
		t.Fatalf("%d writers on one version: %d won, %d conflicted; want 1 and %d", n, wins, conflicts, n-1)
	}
}
