package main

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/starmap-go/starmap/pgstore"
)

// TestServiceEndToEndPostgres tells endToEnd's story on the PostgreSQL
// stores, migrated by PostgresStores as the service does at start-up. It
// needs a server: STARMAP_TEST_DATABASE_URL. Its ids carry a suffix of
// their own, so it can run again on the same database.
//
// Unlike pgstore's tests it skips without the URL even under CI=true:
// .ci/run runs this module's tests without a server.
func TestServiceEndToEndPostgres(t *testing.T) {
	url := os.Getenv("STARMAP_TEST_DATABASE_URL")
	if url == "" {
		t.Skip("STARMAP_TEST_DATABASE_URL is not set; from the repository root run: " +
			"scripts/with-postgres sh -c 'cd examples/service && go test ./...'")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stores, err := PostgresStores(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer stores.Close()
	if _, ok := stores.Log.(*pgstore.EventLog); !ok {
		t.Fatalf("OPS-1: on PostgreSQL the service reads the database's log, got %T", stores.Log)
	}
	if _, ok := stores.Waiter.(*pgstore.EventWaker); !ok {
		t.Fatalf("OPS-2: on PostgreSQL the access check's follower is woken by LISTEN/NOTIFY, got %T", stores.Waiter)
	}
	endToEnd(t, stores, "-"+strconv.FormatInt(time.Now().UnixNano(), 36))
}
