// Command quickstart runs the quickstart's tour (examples/quickstart) on
// PostgreSQL: the same tour, the same transcript, with every store a
// pgstore one.
//
//	go run ./examples/quickstart -database-url postgres://user:pass@host/db
//	STARMAP_DATABASE_URL=postgres://… go run ./examples/quickstart
//
// (from pgstore/). The tour expects empty stores and gives fixed ids, so
// the program works in a schema of its own: it creates a new one
// (starmap_quickstart_…), puts it first on the pool's search_path, runs
// pgstore.Migrate there (the pg_trgm extension goes to public, as
// pgstore's migrations say), runs the tour, and drops the schema at the
// end — unless -keep is given, for looking at the rows afterwards. The
// database's other schemas are not touched.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/starmap-go/starmap/examples/quickstart/tour"
	"github.com/starmap-go/starmap/pgstore"
)

func main() {
	url := flag.String("database-url", os.Getenv("STARMAP_DATABASE_URL"), "PostgreSQL URL (default $STARMAP_DATABASE_URL)")
	keep := flag.Bool("keep", false, "keep the tour's schema instead of dropping it at the end")
	flag.Parse()
	if *url == "" {
		fmt.Fprintln(os.Stderr, "quickstart: give a PostgreSQL URL with -database-url or STARMAP_DATABASE_URL")
		os.Exit(2)
	}
	schema := fmt.Sprintf("starmap_quickstart_%d", time.Now().UnixNano())
	if err := run(context.Background(), os.Stdout, *url, schema, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
	if *keep {
		fmt.Fprintf(os.Stderr, "quickstart: the tour's rows are in schema %s\n", schema)
	}
}

// run creates schema in the database of url, migrates it, prints the
// tour on its stores to w and, unless keep, drops the schema.
func run(ctx context.Context, w io.Writer, url, schema string, keep bool) (err error) {
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer admin.Close(context.Background())
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		return err
	}
	if !keep {
		defer func() {
			_, dropErr := admin.Exec(context.Background(), "DROP SCHEMA "+ident+" CASCADE")
			err = errors.Join(err, dropErr)
		}()
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = ident + ", public"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		return err
	}
	stores, err := Stores(pool)
	if err != nil {
		return err
	}
	return tour.Run(ctx, w, stores)
}

// Stores returns the tour's stores on pool: what a host wires in place of
// tour.MemStores.
func Stores(pool *pgxpool.Pool) (tour.Stores, error) {
	var s tour.Stores
	var errs [7]error
	s.Onboarding, errs[0] = pgstore.NewOnboardingStore(pool)
	s.Tasks, errs[1] = pgstore.NewTaskStore(pool)
	s.Campaigns, errs[2] = pgstore.NewCampaignStore(pool)
	s.Components, errs[3] = pgstore.NewComponentStore(pool)
	s.Cards, errs[4] = pgstore.NewCardStore(pool)
	s.Authz, errs[5] = pgstore.NewAuthzStore(pool)
	s.Star, errs[6] = pgstore.NewStarStore(pool)
	return s, errors.Join(errs[:]...)
}
