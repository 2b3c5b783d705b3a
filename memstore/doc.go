// Package memstore holds the reference in-memory stores of every domain
// package of the SDK: the embedded default for examples, tests and small
// hosts. They are safe for concurrent use, keep the optimistic-concurrency
// contract of the root package (create at version 1, compare-and-swap
// updates, ErrNotFound / ErrConflict), never apply rules, and pass every
// conformance kit (<pkg>/<pkg>test). They keep nothing across restarts.
package memstore
