package pgstore

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/star/startest"
)

// emptyStarStore returns a store on pool with its tables emptied. The kit
// asks for a new store for every case of its search property (a hundred
// of them), more schemas and pools than a test server takes, and it uses
// each store only until it asks for the next: so the cases share one
// schema, emptied in between.
func emptyStarStore(t *testing.T, pool *pgxpool.Pool) *StarStore {
	t.Helper()
	if _, err := pool.Exec(context.Background(), "TRUNCATE star_creators, star_agencies, star_advertisers"); err != nil {
		t.Fatal(err)
	}
	s, err := NewStarStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStarStore(t *testing.T) {
	pool := freshPool(t)
	startest.TestStore(t, func() star.Store { return emptyStarStore(t, pool) })
}
