package starmap

import (
	"context"
	"errors"
)

// DefaultAttempts is how many times a Service tries an operation that keeps
// meeting version conflicts before it gives up with the conflict.
const DefaultAttempts = 5

// Retry is the retry setting every Service takes (WithRetry in each
// package): how many whole load → decide → write cycles to try while a
// write meets a version conflict, and an optional hook told of each
// conflict that is retried (for metrics).
type Retry struct {
	// Attempts is the number of tries; < 1 means DefaultAttempts.
	Attempts int
	// OnConflict, when set, is called with the number of the attempt that
	// met the conflict (1 for the first) and its error, before the next try.
	OnConflict func(attempt int, err error)
}

func (r Retry) attempts() int {
	if r.Attempts < 1 {
		return DefaultAttempts
	}
	return r.Attempts
}

// RetryOnConflict runs op up to r's attempts while it fails with an error
// matching ErrConflict, and returns its last result. op must be a whole
// load → decide → write cycle, so that every try decides afresh on what it
// loaded. It stops early, with the context's error, when ctx is done
// before a try. Any error that is not a conflict — a rule refusal above
// all — is returned at once, never retried.
func RetryOnConflict(ctx context.Context, r Retry, op func() error) error {
	return r.run(ctx, func() (bool, error) {
		err := op()
		return errors.Is(err, ErrConflict), err
	})
}

// run is the loop of RetryOnConflict and Change: op says whether its error
// may be retried.
func (r Retry) run(ctx context.Context, op func() (retry bool, err error)) error {
	n := r.attempts()
	var err error
	for i := 1; i <= n; i++ {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		var again bool
		if again, err = op(); err == nil || !again {
			return err
		}
		if r.OnConflict != nil && i < n {
			r.OnConflict(i, err)
		}
	}
	return err
}

// Access is one aggregate kind's compare-and-swap operations in a store
// the three a Service needs to change one record: Get returns the
// record with its stored version, or an error matching ErrNotFound;
// Create stores a new one at version 1; Update writes a record carrying the
// version it was read at. Create may be nil for a kind that Change never
// creates.
//
// Recent, optional, is a store's cache: the record of key as the store
// last saw it committed, with that version — possibly stale — and false
// when it has none. Change decides its first try on it, saving the load
// a stale record cannot be written, the compare-and-swap refuses
// it, and no refusal is ever decided on it).
type Access[K, R any] struct {
	Get    func(ctx context.Context, key K) (R, error)
	Create func(ctx context.Context, rec R) (uint64, error)
	Update func(ctx context.Context, rec R) (uint64, error)
	Recent func(ctx context.Context, key K) (R, bool)
}

// Change is the one load → decide → compare-and-swap cycle every Service
// runs: it loads the record of key, hands it to decide (found is false,
// and cur the zero R, when there is none), and writes what decide returns
// — Update when the record was found (the record must carry the version it
// was read at), Create when it was not. A version conflict on the write
// runs the whole cycle again, as RetryOnConflict does; an error from decide
// or from the load is returned at once. When the record is missing and
// a.Create is nil, decide is still called (so that it can report every
// broken rule at once) and its success turns into the load's not-found
// error.
//
// decide also returns the events of the change it decided. Change
// passes them to the write on its context (WithPendingEvents; none clears
// any the caller's context carried), so that a store that keeps the event
// log stores them in the same transaction as the record (OPS-1): a refused
// decision writes nothing and logs nothing, and a try that lost a version
// conflict logged nothing either, its write having failed as a whole.
// Change returns what was written, the version the store gave it and the
// events of the try that succeeded — exactly the events stored with the
// record, which the Service returns to its caller.
//
// When a.Recent is set and has the record, the first try decides on that
// record instead of loading it, and writes with Update as ever. The record
// may be stale: a version conflict then runs the cycle again with a fresh
// Get (a retried conflict, as any other); and a refusal by decide — or a
// not-found from the write — is never reported on it: Change loads the
// record with Get and decides again within the same try, so every refusal
// a caller sees was decided on a record just loaded.
func Change[K, R any](ctx context.Context, r Retry, a Access[K, R], key K,
	decide func(cur R, found bool) (R, []Event, error)) (R, uint64, []Event, error) {
	var (
		out     R
		version uint64
		events  []Event
	)
	useRecent := a.Recent != nil
	err := r.run(ctx, func() (bool, error) {
		if useRecent {
			useRecent = false // the first try only: a retry loads afresh
			if cur, ok := a.Recent(ctx, key); ok {
				next, evs, err := decide(cur, true)
				if err == nil {
					v, werr := a.Update(WithPendingEvents(ctx, evs), next)
					if werr == nil {
						out, version, events = next, v, evs
						return false, nil
					}
					if !errors.Is(werr, ErrNotFound) {
						return errors.Is(werr, ErrConflict), werr
					}
				}
				// A refusal, or a missing record, decided on what may be
				// stale: decide again on the record as stored now.
			}
		}
		cur, err := a.Get(ctx, key)
		found := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return errors.Is(err, ErrConflict), err
		}
		missing := err
		if !found {
			var zero R
			cur = zero
		}
		next, evs, err := decide(cur, found)
		if err != nil {
			return false, err // a decision, never retried
		}
		wctx := WithPendingEvents(ctx, evs)
		var v uint64
		switch {
		case found:
			v, err = a.Update(wctx, next)
		case a.Create != nil:
			v, err = a.Create(wctx, next)
		default:
			return false, missing
		}
		if err != nil {
			return errors.Is(err, ErrConflict), err
		}
		out, version, events = next, v, evs
		return false, nil
	})
	if err != nil {
		var zero R
		return zero, 0, nil, err
	}
	return out, version, events, nil
}
