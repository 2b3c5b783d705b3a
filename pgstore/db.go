package pgstore

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// querier is what a store runs its statements on: the pool, or the host's
// transaction carried by the context.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type txKey struct{}

// WithTx returns a context under which every store of this package runs
// its statements in tx, the host's transaction: a host that applies a
// command's postings to its own ledger and stores the task commits both
// at once, or neither. The host commits or rolls back; stores never do.
func WithTx(ctx context.Context, tx pgx.Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// TxFrom returns the transaction WithTx put in ctx.
func TxFrom(ctx context.Context) (pgx.Tx, bool) {
	tx, ok := ctx.Value(txKey{}).(pgx.Tx)
	return tx, ok && tx != nil
}

// InTx runs fn in a new transaction of pool, passing fn a context that
// carries it (WithTx), and commits when fn returns nil; any error, or a
// panic, rolls it back. Inside a context that already carries a
// transaction, fn runs in that one (a nested call joins the outer work).
func InTx(ctx context.Context, pool *pgxpool.Pool, fn func(ctx context.Context) error) (err error) {
	if _, ok := TxFrom(ctx); ok {
		return fn(ctx)
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
		if err != nil {
			err = errors.Join(err, ignoreClosed(tx.Rollback(context.WithoutCancel(ctx))))
		}
	}()
	if err = fn(WithTx(ctx, tx)); err != nil {
		return err
	}
	// A serializable transaction's failure often comes at the commit:
	// ErrRetryable, so that the host's RetryOnConflict runs it again.
	return mapErr(tx.Commit(ctx))
}

func ignoreClosed(err error) error {
	if errors.Is(err, pgx.ErrTxClosed) {
		return nil
	}
	return err
}

// db is the connection of one call: the context's transaction, or pool.
func db(ctx context.Context, pool *pgxpool.Pool) querier {
	if tx, ok := TxFrom(ctx); ok {
		return tx
	}
	return pool
}
