package pgstore

import (
	"context"
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
)

// TestEventWakerNilAndZero_OPS2: a nil or zero *EventWaker is misuse, which
// must be a coded error (starmap.ErrServiceNotReady, as a nil *EventLog's
// ReadEvents gives), never a panic. No database needed.
func TestEventWakerNilAndZero_OPS2(t *testing.T) {
	for name, w := range map[string]*EventWaker{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			call := func(what string, f func() error) {
				t.Helper()
				var err error
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("OPS-2: %s EventWaker.%s panicked: %v", name, what, r)
							err = starmap.ErrServiceNotReady.New()
						}
					}()
					err = f()
				}()
				if err != nil && !errors.Is(err, starmap.ErrServiceNotReady) {
					t.Errorf("OPS-2: %s EventWaker.%s = %v, want ErrServiceNotReady", name, what, err)
				}
			}
			call("Wait", func() error { return w.Wait(context.Background(), starmap.Position{}) })
			call("Listening", func() error { _, err := w.Listening(); return err })
			call("Close", func() error { w.Close(); return nil })
		})
	}
}
