package pgstore

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Wake-ups for the followers of the event log (OPS-2): a notification on
// EventChannel, payload the schema, once events have committed.
//
// A write made in a host's transaction notifies in its own statement
// (notifyTail): PostgreSQL delivers it when that transaction commits and
// drops it when it rolls back. A write outside one commits on its own, and
// its store notifies afterwards, from a goroutine that folds the commits
// of a few milliseconds (notifyGap) into one notification. NOTIFY inside the writing
// transaction — the log's trigger until migration 0043 — took the
// server's one lock for queueing notifications at every commit, so that
// under 16 concurrent writers every commit waited its turn behind the
// others (issue 15, Speed: about a third of the throughput of distinct
// task transitions). A write whose reply the connection lost may have
// committed, and is notified too (mayHaveCommitted). The cost of sending
// later: a process that dies between its commit and its notification, or
// closes its pool at once, sends none, and a follower then reads at its
// poll interval (EventWaker's fallback) — never misses the event, only
// learns of it later.
//
// notifyTail is the end of a logged write inside a host's transaction:
// the written row, joined to one notification per row written (none when
// the compare-and-swap missed).
const notifyTail = " SELECT version FROM w CROSS JOIN LATERAL (SELECT pg_notify('" + EventChannel + "', current_schema())) n"

// notifyGap is the least time between two notifications of one store:
// commits within it share the next one. Each notification is a
// transaction of its own (NOTIFY takes a transaction id and the queue's
// lock); at 1 ms they cost a transition 10–20 µs of server time under
// load, at 5 ms a fifth of that, for at most 5 ms more before a follower
// hears of a commit (a lone commit is notified at once).
const notifyGap = 5 * time.Millisecond

// notifier sends the notifications of one store's commits outside host
// transactions. It runs a goroutine only while there is something to
// send, so a store needs no Close.
type notifier struct {
	pool *pgxpool.Pool

	mu      sync.Mutex
	running bool // a goroutine is sending
	pending bool // a commit came after its last send began
}

// signal says that events have committed: a notification follows, at
// once when none is being sent, else when the one being sent is done
// (and notifyGap has passed).
func (n *notifier) signal() {
	n.mu.Lock()
	if n.running {
		n.pending = true
		n.mu.Unlock()
		return
	}
	n.running = true
	n.mu.Unlock()
	go n.run()
}

func (n *notifier) run() {
	for {
		start := time.Now()
		// An error (the pool closed, the server gone) loses only this
		// wake-up: followers poll.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, _ = n.pool.Exec(ctx, "SELECT pg_notify('"+EventChannel+"', current_schema())")
		cancel()
		n.mu.Lock()
		if !n.pending {
			n.running = false
			n.mu.Unlock()
			return
		}
		n.pending = false
		n.mu.Unlock()
		time.Sleep(notifyGap - time.Since(start))
	}
}
