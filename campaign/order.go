package campaign

import (
	"context"
	"errors"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// OrderIn is an order placed inside a campaign: it reserves amount (the
// task's price + fee) of campaign id's budget for task, then calls create,
// which stores the task (the host's task service; ctx is the context
// create must use). The two writes are two aggregates; they are kept
// consistent in one of two ways (see the package doc):
//
//   - Without a Transactor (memstore): compensation. If create fails — or
//     panics — the reservation this call made is voided, and OrderIn
//     returns create's error as it is, together with the campaign after
//     the void and the events of both writes (both were stored). If the
//     void fails too, the error joins create's with ErrCompensationFailed
//     (wrapping the void's): the reservation stays held until Reconcile
//     finds it. A reservation that was already there (an identical
//     repeat, a host retrying) was not made by this call and is never
//     voided by it.
//   - With WithTransactor: the reservation and create run in one
//     transaction of the host's database, through the context; a failed
//     create rolls both back and OrderIn returns its error alone. A
//     version conflict or a retryable database error reruns the whole
//     transaction, create included, as the service's Retry says.
//
// On success it returns the campaign with the reservation and its events.
// A refused reservation (over budget, closed campaign, another
// reservation of the task) never calls create.
func (s *Service) OrderIn(ctx context.Context, by starmap.Actor, id, task string, amount decimal.Decimal,
	create func(ctx context.Context) error) (Campaign, []starmap.Event, error) {
	if err := s.start(ctx, by, id); err != nil {
		return Campaign{}, nil, err
	}
	if create == nil {
		return Campaign{}, nil, ErrCreateMissing.New()
	}
	if s.cfg.tx != nil {
		return s.orderInTx(ctx, by, id, task, amount, create)
	}
	c, evs, fresh, err := s.reserve(ctx, by, id, task, amount)
	if err != nil {
		return Campaign{}, nil, err
	}
	created := false
	defer func() {
		if !created && fresh { // create panicked: give the money back, let the panic go on
			_, _, _ = s.Void(context.WithoutCancel(ctx), by, id, task, "")
		}
	}()
	cerr := create(ctx)
	created = true
	if cerr == nil {
		return c, evs, nil
	}
	if !fresh {
		return Campaign{}, nil, cerr
	}
	// The compensation must run even when ctx was cancelled (often the
	// reason create failed).
	after, vevs, verr := s.Void(context.WithoutCancel(ctx), by, id, task, "")
	if verr != nil {
		return c, evs, errors.Join(cerr, ErrCompensationFailed.Wrap(verr, starmap.Arg("task", task), starmap.Arg("campaign", id)))
	}
	return after, append(evs, vevs...), cerr
}

// orderInTx is OrderIn inside one host transaction, retried whole on a
// conflict. A conflict that a rerun cannot cure — the task or its
// reservation already exists — is returned at once.
func (s *Service) orderInTx(ctx context.Context, by starmap.Actor, id, task string, amount decimal.Decimal,
	create func(ctx context.Context) error) (Campaign, []starmap.Event, error) {
	var (
		out   Campaign
		evs   []starmap.Event
		final error
	)
	err := starmap.RetryOnConflict(ctx, s.cfg.retry, func() error {
		err := s.cfg.tx(ctx, func(txctx context.Context) error {
			c, e, _, err := s.reserve(txctx, by, id, task, amount)
			if err != nil {
				return err
			}
			if err := create(txctx); err != nil {
				return err
			}
			out, evs = c, e
			return nil
		})
		if errors.Is(err, starmap.ErrAlreadyExists) || errors.Is(err, ErrReservationExists) {
			final = err
			return nil
		}
		return err
	})
	if err == nil {
		err = final
	}
	if err != nil {
		return Campaign{}, nil, err
	}
	return out, evs, nil
}

// TaskExists is the host's answer to "is task stored?", for
// reconciliation.
type TaskExists func(ctx context.Context, task string) (bool, error)

// Orphans lists the reservations of campaign id left without a task: held
// and untouched (nothing released or spent), made at least the orphan age
// ago (WithOrphanAge), whose task exists says is not stored. These are
// what a crash between OrderIn's two writes leaves on a store without
// transactions. It reads only; Reconcile voids them. The actor must be
// one that may void (the advertiser or the platform).
func (s *Service) Orphans(ctx context.Context, by starmap.Actor, id string, exists TaskExists) ([]Reservation, error) {
	if err := s.start(ctx, by, id); err != nil {
		return nil, err
	}
	if exists == nil {
		return nil, ErrExistsMissing.New()
	}
	c, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := authorize(by, id, c.advertiser, c.state, CommandVoid); err != nil {
		return nil, err
	}
	return s.orphans(ctx, c, s.clock.Now(), exists)
}

func (s *Service) orphans(ctx context.Context, c Campaign, now time.Time, exists TaskExists) ([]Reservation, error) {
	cutoff := now.Add(-s.cfg.orphanAge)
	var out []Reservation
	for _, r := range c.reservations {
		if r.State != ReservationHeld || !r.Held.Equal(r.Amount) || r.At.After(cutoff) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ok, err := exists(ctx, r.Task)
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// Reconcile voids the reservations Orphans finds, in one write, and
// returns the campaign and one event per void (none, and no write, when
// there is nothing to void). A reservation that moved between the lookup
// and the write is left alone.
func (s *Service) Reconcile(ctx context.Context, by starmap.Actor, id string, exists TaskExists) (Campaign, []starmap.Event, error) {
	orphans, err := s.Orphans(ctx, by, id, exists)
	if err != nil {
		return Campaign{}, nil, err
	}
	if len(orphans) == 0 {
		c, err := s.Get(ctx, by, id)
		return c, nil, err
	}
	return s.change(ctx, by, id, func(c *Campaign, now time.Time) ([]starmap.Event, error) {
		var evs []starmap.Event
		for _, o := range orphans {
			r, ok := c.Reservation(o.Task)
			if !ok || r.State != ReservationHeld || !r.Held.Equal(r.Amount) || !r.At.Equal(o.At) {
				continue
			}
			ev, err := c.Void(by, now, o.Task, "")
			if err != nil {
				return nil, err
			}
			if ev.Type != "" {
				evs = append(evs, ev)
			}
		}
		return evs, nil
	})
}
