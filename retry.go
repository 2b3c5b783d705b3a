package starmap

import (
	"context"
	"errors"
)

// DefaultAttempts is how many times services try an operation that keeps
// meeting version conflicts before they give up with the conflict.
const DefaultAttempts = 5

// RetryOnConflict runs op up to attempts times (DefaultAttempts if
// attempts < 1) while it fails with an error matching ErrConflict, and
// returns its last result. op must be a whole load → decide → write cycle,
// so that every try decides afresh on what it loaded. It stops early, with
// the context's error, when ctx is done.
func RetryOnConflict(ctx context.Context, attempts int, op func() error) error {
	if attempts < 1 {
		attempts = DefaultAttempts
	}
	var err error
	for i := 0; i < attempts; i++ {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		err = op()
		if err == nil || !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}
