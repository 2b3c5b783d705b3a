package main

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/pgstore"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/task"
)

// Stores is what the service persists to: one store per package it
// serves, and the event log the stores write their events to (OPS-1).
//
// Log is nil when the stores keep no log (a host's own stores, say); the
// service then keeps one in memory from the events its commands return
// (see publishedLog), which a single process can serve but which is lost
// on restart and not shared between replicas.
type Stores struct {
	Tasks  task.Store
	Grants authz.Store
	Stars  star.Store
	Cards  card.Store
	Log    starmap.EventLog
	// Waiter wakes the access check's follower when Log has new events
	// (memstore.Log itself; pgstore's LISTEN/NOTIFY EventWaker); nil: the
	// follower polls Log every authz.DefaultPoll.
	Waiter starmap.EventWaiter
	// Close releases what the stores hold (the connection pool); nil for
	// none.
	Close func()
}

// MemoryStores is the embedded default: the SDK's in-memory reference
// stores, all appending to one memstore.Log, so that the log is one
// sequence of every change (OPS-1). Nothing survives a restart.
func MemoryStores() Stores {
	log := memstore.NewLog()
	return Stores{
		Tasks:  memstore.NewTaskStore(memstore.WithLog(log)),
		Grants: memstore.NewAuthzStore(memstore.WithLog(log)),
		Stars:  memstore.NewStarStore(memstore.WithLog(log)),
		Cards:  memstore.NewCardStore(memstore.WithLog(log)),
		Log:    log,
		Waiter: log,
	}
}

// PostgresStores connects to the database at url, brings its schema up to
// date (pgstore.Migrate, safe to run from every replica at start-up: it
// takes an advisory lock) and returns the PostgreSQL stores over one pool.
func PostgresStores(ctx context.Context, url string) (Stores, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return Stores{}, fmt.Errorf("database url: %w", err)
	}
	fail := func(err error) (Stores, error) { pool.Close(); return Stores{}, err }
	if err := pool.Ping(ctx); err != nil {
		return fail(fmt.Errorf("connect to the database: %w", err))
	}
	if err := pgstore.Migrate(ctx, pool); err != nil {
		return fail(fmt.Errorf("migrate: %w", err))
	}
	var s Stores
	if s.Tasks, err = pgstore.NewTaskStore(pool); err != nil {
		return fail(err)
	}
	if s.Grants, err = pgstore.NewAuthzStore(pool); err != nil {
		return fail(err)
	}
	if s.Stars, err = pgstore.NewStarStore(pool); err != nil {
		return fail(err)
	}
	if s.Cards, err = pgstore.NewCardStore(pool); err != nil {
		return fail(err)
	}
	// Every store appends its events to the database's one log table in
	// the statement that writes the record (OPS-1).
	if s.Log, err = pgstore.NewEventLog(pool); err != nil {
		return fail(err)
	}
	// The access check's follower is woken by LISTEN/NOTIFY on a
	// connection of the waker's own; it polls every
	// pgstore.DefaultEventPoll when notifications are lost (OPS-2).
	waker, err := pgstore.NewEventWaker(pool, 0)
	if err != nil {
		return fail(err)
	}
	s.Waiter = waker
	s.Close = func() { waker.Close(); pool.Close() }
	return s, nil
}
