// Command service is a small HTTP JSON service over the starmap SDK, the
// shape a team would copy: orders and the task workflow, data grants and
// the access check, the marketplace search, creator cards by viewer, the
// task sweeper on a ticker, the event log and the access check following
// it across replicas (OPS-2) — on the in-memory stores by
// default, on PostgreSQL with -database-url or STARMAP_DATABASE_URL.
//
// Routing is the standard library's (net/http method patterns); every
// refusal is a 4xx with the broken rule's code and its message in zh-CN
// or English by Accept-Language. The acting actor comes from the
// X-Starmap-Actor header, a demo stand-in for real authentication. See
// README.md for the endpoints and curl examples.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/starmap-go/starmap"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	dbURL := flag.String("database-url", os.Getenv("STARMAP_DATABASE_URL"),
		"PostgreSQL URL (default $STARMAP_DATABASE_URL); empty runs on the in-memory stores")
	sweepEvery := flag.Duration("sweep-every", time.Minute, "how often the task sweeper runs")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *dbURL, *sweepEvery); err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, addr, dbURL string, sweepEvery time.Duration) error {
	logger := slog.Default()
	stores := MemoryStores()
	if dbURL != "" {
		var err error
		if stores, err = PostgresStores(ctx, dbURL); err != nil {
			return err
		}
		defer stores.Close()
		logger.Info("stores: PostgreSQL, schema migrated")
	} else {
		logger.Info("stores: in memory (nothing survives a restart)")
	}
	app, err := New(Config{Stores: stores, Clock: starmap.SystemClock(), Logger: logger})
	if err != nil {
		return err
	}
	// The sweeper and the access check's follower run beside the server
	// and are stopped, and waited for, on the way out (before the stores
	// close).
	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { stopBG(); wg.Wait() }()
	wg.Add(2)
	go func() { defer wg.Done(); app.RunSweeper(bg, sweepEvery) }()
	go func() { defer wg.Done(); app.RunFollower(bg) }()

	srv := &http.Server{Addr: addr, Handler: app.Handler(),
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("listening", "addr", addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
