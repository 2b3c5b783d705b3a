package pgstore

import "github.com/starmap-go/starmap"

// ErrRetryable marks a server error that says "try the whole transaction
// again": a serialization failure (40001), a deadlock (40P01), or a
// statement in a transaction one of them aborted (25P02). It matches
// starmap.ErrConflict, so services retry it as they retry a stale
// version, and a host retries its InTx the same way (OPS-4).
var ErrRetryable = starmap.NewRule("pgstore.retryable", starmap.ErrConflict,
	"数据库事务冲突({sqlstate}),请重试", "the database asked to retry the transaction ({sqlstate})")
