// Package memstore holds the reference in-memory stores of every domain
// package of the SDK: the embedded default for examples, tests and small
// hosts. They are safe for concurrent use, keep the optimistic-concurrency
// contract of the root package (create at version 1, compare-and-swap
// updates, ErrNotFound / ErrConflict), never apply rules, and pass every
// conformance kit (<pkg>/<pkg>test, eventlogtest). They keep nothing
// across restarts.
//
// Every store keeps the event log (OPS-1): a Create or Update appends the
// events its context carries (starmap.PendingEvents) to a Log in the same
// step as the record, under the record's lock. Each store has a Log of its
// own (Log method); WithLog gives several stores one Log, so that a host
// reads all of its changes in one sequence. Log.Wait and Log.Notify wake a
// reader when the log grows (an authz.Follower's waiter).
package memstore
