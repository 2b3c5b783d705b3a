// Package kit holds what the conformance kits of every domain package
// check in the same way, written once.
package kit

import (
	"errors"
	"sync"
	"testing"

	"github.com/starmap-go/starmap"
)

// How hard CheckVersions drives the one-winner check: rounds of writers
// released together on one stored version.
const (
	HammerRounds  = 40
	HammerWriters = 16
)

// OneWinner runs write(0) … write(n-1) at once, each an Update carrying the
// same stored version, and fails t unless exactly one succeeds and
// every other fails with an error matching both starmap.ErrVersionConflict
// and starmap.ErrConflict. write must build its record before it is
// called concurrently only from values it owns (no t.Fatal inside).
func OneWinner(t testing.TB, n int, write func(i int) error) {
	t.Helper()
	Hammer(t, "", n, write)
}

// Hammer is OneWinner with a label for its failure message. The writers
// start together, released by one channel close after all of them are
// running, so that their compare-and-swap windows overlap as much as the
// scheduler allows.
func Hammer(t testing.TB, label string, n int, write func(i int) error) {
	t.Helper()
	var (
		wg, ready       sync.WaitGroup
		start           = make(chan struct{})
		mu              sync.Mutex
		wins, conflicts int
		others          []error
	)
	ready.Add(n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ready.Done()
			<-start
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
	ready.Wait()
	close(start)
	wg.Wait()
	for _, err := range others {
		t.Errorf("%s: a writer failed with neither success nor a version conflict: %v", label, err)
	}
	if wins != 1 || conflicts != n-1 {
		t.Errorf("%s: %d writers on one version: %d won, %d conflicted; want 1 and %d", label, n, wins, conflicts, n-1)
	}
}
