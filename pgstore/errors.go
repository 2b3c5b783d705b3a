package pgstore

import "github.com/starmap-go/starmap"

// ErrRetryable marks a server error that says "try the whole transaction
// again": a serialization failure (40001) or a deadlock (40P01). It
// matches starmap.ErrConflict, so services retry it as they retry a stale
// version (OPS-4).
var ErrRetryable = starmap.NewRule("pgstore.retryable", starmap.ErrConflict,
	"数据库事务冲突({sqlstate}),请重试", "the database asked to retry the transaction ({sqlstate})")
