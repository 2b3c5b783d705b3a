package pgstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// The host's side of the story: its own ledger table, in the same
// database, written in the same transaction as a store's record.

func hostLedger(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), `CREATE TABLE host_ledger (
		entry   text PRIMARY KEY,
		account text NOT NULL,
		amount  numeric NOT NULL)`); err != nil {
		t.Fatal(err)
	}
}

// post is the host's write: one ledger entry, on the context's
// transaction (the one the stores use too).
func post(ctx context.Context, entry, account, amount string) error {
	tx, ok := TxFrom(ctx)
	if !ok {
		return errors.New("post: no transaction in the context")
	}
	_, err := tx.Exec(ctx, "INSERT INTO host_ledger (entry, account, amount) VALUES ($1, $2, $3::numeric)", entry, account, amount)
	return err
}

func ledgerHas(t *testing.T, pool *pgxpool.Pool, entry string) bool {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM host_ledger WHERE entry = $1", entry).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

var errHostRefuses = errors.New("the host refuses the command")

// TestInTx_hostLedgerAndStoreTogether: a host posts to its own ledger and
// changes a card through card.Service in one InTx: on success both are
// committed (and neither is seen outside before the commit); when the host
// fails after the store wrote, or the store fails after the host posted,
// or fn panics, neither is. The host's own pgx.Tx carried by WithTx works
// the same way.
func TestInTx_hostLedgerAndStoreTogether(t *testing.T) {
	pool := freshPool(t)
	hostLedger(t, pool)
	store, err := NewCardStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := card.NewService(store, starmap.FixedClock(time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	platform := starmap.PlatformActor("host")
	basic := card.Basic{Nickname: "星图小厨", DouyinID: "dy_c1"}

	t.Run("commit", func(t *testing.T) {
		err := InTx(ctx, pool, func(ctx context.Context) error {
			if err := post(ctx, "e1", "c1", "12.34"); err != nil {
				return err
			}
			if _, _, err := svc.Open(ctx, platform, "c1", basic); err != nil {
				return err
			}
			// Not committed yet: another connection sees neither.
			if ledgerHas(t, pool, "e1") {
				t.Error("the ledger entry is seen before the commit")
			}
			if _, err := store.Get(context.Background(), "c1"); !errors.Is(err, starmap.ErrNotFound) {
				t.Errorf("the card is seen before the commit: %v", err)
			}
			// The transaction itself sees its own writes.
			if r, err := store.Get(ctx, "c1"); err != nil || r.Version != 1 {
				t.Errorf("the card in its own transaction: v%d, %v", r.Version, err)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("InTx: %v", err)
		}
		if r, err := store.Get(ctx, "c1"); err != nil || r.Version != 1 || !ledgerHas(t, pool, "e1") {
			t.Fatalf("after the commit: card v%d (%v), ledger entry %v; want both", r.Version, err, ledgerHas(t, pool, "e1"))
		}
	})

	t.Run("host_fails_after_the_store_wrote", func(t *testing.T) {
		err := InTx(ctx, pool, func(ctx context.Context) error {
			if _, _, err := svc.Sync(ctx, platform, "c1", card.Basic{Nickname: "新昵称", DouyinID: "dy_c1"}); err != nil {
				return err
			}
			if err := post(ctx, "e2", "c1", "1.00"); err != nil {
				return err
			}
			return errHostRefuses
		})
		if !errors.Is(err, errHostRefuses) {
			t.Fatalf("InTx: %v, want the host's error", err)
		}
		if r, err := store.Get(ctx, "c1"); err != nil || r.Version != 1 || r.Basic.Nickname != "星图小厨" || ledgerHas(t, pool, "e2") {
			t.Fatalf("after a rollback: card v%d %q (%v), ledger entry %v; want neither written", r.Version, r.Basic.Nickname, err, ledgerHas(t, pool, "e2"))
		}
	})

	t.Run("store_fails_after_the_host_posted", func(t *testing.T) {
		stale, err := store.Get(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		stale.Version = 7 // not the stored version: the compare-and-swap refuses
		err = InTx(ctx, pool, func(ctx context.Context) error {
			if err := post(ctx, "e3", "c1", "5.00"); err != nil {
				return err
			}
			_, err := store.Update(ctx, stale)
			return err
		})
		if !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("InTx: %v, want the store's ErrConflict", err)
		}
		if ledgerHas(t, pool, "e3") {
			t.Fatal("the host's entry was committed although the store's write failed")
		}
	})

	t.Run("panic", func(t *testing.T) {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic was swallowed")
				}
			}()
			_ = InTx(ctx, pool, func(ctx context.Context) error {
				if err := post(ctx, "e4", "c2", "3.00"); err != nil {
					return err
				}
				if _, _, err := svc.Open(ctx, platform, "c2", basic); err != nil {
					return err
				}
				panic("host bug")
			})
		}()
		if _, err := store.Get(ctx, "c2"); !errors.Is(err, starmap.ErrNotFound) || ledgerHas(t, pool, "e4") {
			t.Fatalf("after a panic: card %v, ledger entry %v; want neither", err, ledgerHas(t, pool, "e4"))
		}
	})

	t.Run("nested_InTx_joins_the_outer", func(t *testing.T) {
		err := InTx(ctx, pool, func(ctx context.Context) error {
			if err := post(ctx, "e5", "c3", "2.00"); err != nil {
				return err
			}
			if err := InTx(ctx, pool, func(ctx context.Context) error {
				_, _, err := svc.Open(ctx, platform, "c3", basic)
				return err
			}); err != nil {
				return err
			}
			return errHostRefuses // the outer fails: the inner work goes too
		})
		if !errors.Is(err, errHostRefuses) {
			t.Fatalf("InTx: %v", err)
		}
		if _, err := store.Get(ctx, "c3"); !errors.Is(err, starmap.ErrNotFound) || ledgerHas(t, pool, "e5") {
			t.Fatalf("after the outer rollback: card %v, ledger entry %v; want neither", err, ledgerHas(t, pool, "e5"))
		}
	})

	t.Run("the_host's_own_pgx_Tx", func(t *testing.T) {
		for _, commit := range []bool{false, true} {
			tx, err := pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			in := WithTx(ctx, tx)
			if err := post(in, "e6", "c4", "9.99"); err != nil {
				t.Fatal(err)
			}
			if _, _, err := svc.Open(in, platform, "c4", basic); err != nil {
				t.Fatal(err)
			}
			end := tx.Rollback
			if commit {
				end = tx.Commit
			}
			if err := end(ctx); err != nil {
				t.Fatal(err)
			}
			_, err = store.Get(ctx, "c4")
			if found := err == nil; found != commit || ledgerHas(t, pool, "e6") != commit {
				t.Fatalf("commit %v: card found %v (%v), ledger entry %v", commit, found, err, ledgerHas(t, pool, "e6"))
			}
		}
	})
}
