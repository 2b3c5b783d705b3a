package onboarding

import (
	"context"
	"errors"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
)

// CancellationStore persists account cancellations (ONB-8) with the same
// version contract as Store, keyed by the record's ID (the account id):
// create at version 1 (ErrConflict if the id exists, also when two creates
// race — one account, one cancellation), get (ErrNotFound if missing), compare-and-swap update
// (ErrConflict on a stale version, ErrNotFound if missing). Stores never
// apply rules and never share memory with callers.
type CancellationStore interface {
	CreateCancellation(ctx context.Context, r CancellationRecord) (uint64, error)
	GetCancellation(ctx context.Context, id string) (CancellationRecord, error)
	UpdateCancellation(ctx context.Context, r CancellationRecord, expected uint64) (uint64, error)
}

// ErrLeavingNotConfigured: the service has no CancellationStore, no
// TaskLister or no CodeKey (at least MinCodeKeyLen bytes), so it cannot run
// account cancellations.
var ErrLeavingNotConfigured = starmap.NewRule("onboarding.service.leaving_not_configured", starmap.ErrInvalid,
	"入驻服务未配置销户所需的存储、任务查询或验证码密钥", "the onboarding service has no cancellation store, task lister or code key")

func (s *Service) leavingReady() error {
	if s.cancels == nil || s.tasks == nil || len(s.codeKey) < MinCodeKeyLen {
		return ErrLeavingNotConfigured.New()
	}
	return nil
}

// CheckClose builds the close plan of the holder's own account (ONB-8):
// the running tasks that block closing and the balance to refund.
func (s *Service) CheckClose(ctx context.Context, holder starmap.Actor, balance decimal.Decimal) (ClosePlan, error) {
	if err := s.leavingReady(); err != nil {
		return ClosePlan{}, err
	}
	if err := starmap.RequireRole(holder, holderRoles...); err != nil {
		return ClosePlan{}, err
	}
	return CheckClose(ctx, s.tasks, holder.ID(), balance)
}

// StartCancellation starts cancelling the holder's own account (销户,
// ONB-8) after the holder read the conditions: it asks the TaskLister
// what blocks closing, refuses while anything does, and stores the
// cancellation — keyed by the account — with the digest of code, which
// the host sends to the holder and which is valid for validFor. An account
// has one cancellation at a time: while one waits for its code or is under
// review, or once the account is cancelled, a new start is refused with
// ErrCancellationOpen; a rejected or locked one is restarted (Restart).
func (s *Service) StartCancellation(ctx context.Context, holder starmap.Actor, balance decimal.Decimal, code string, validFor time.Duration) (*Cancellation, []starmap.Event, error) {
	plan, err := s.CheckClose(ctx, holder, balance)
	if err != nil {
		return nil, nil, err
	}
	now := s.clock.Now()
	var out *Cancellation
	var ev starmap.Event
	err = starmap.RetryOnConflict(ctx, starmap.Retry{Attempts: s.attempts}, func() error {
		r, err := s.cancels.GetCancellation(ctx, plan.Account)
		switch {
		case errors.Is(err, starmap.ErrNotFound):
			c, e, err := StartCancellation(now, holder, plan, code, validFor, s.codeKey)
			if err != nil {
				return err
			}
			v, err := s.cancels.CreateCancellation(ctx, c.r.Clone())
			if err != nil {
				return err // an existing id is a conflict: reload and decide again
			}
			c.r.Version = v
			out, ev = c, e
			return nil
		case err != nil:
			return err
		}
		c, err := CancellationFromRecord(r)
		if err != nil {
			return err
		}
		if st := c.State(); st != CancelRejected && st != CancelLocked {
			return ErrCancellationOpen.New(starmap.Arg("account", c.Account()), labelled("state", st))
		}
		e, err := c.Restart(now, holder, plan, code, validFor, s.codeKey)
		if err != nil {
			return err
		}
		v, err := s.cancels.UpdateCancellation(ctx, c.r.Clone(), r.Version)
		if err != nil {
			return err
		}
		c.r.Version = v
		out, ev = c, e
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, []starmap.Event{ev}, nil
}

// GetCancellation loads the cancellation of account.
func (s *Service) GetCancellation(ctx context.Context, account string) (*Cancellation, error) {
	if err := s.leavingReady(); err != nil {
		return nil, err
	}
	r, err := s.cancels.GetCancellation(ctx, account)
	if err != nil {
		return nil, err
	}
	return CancellationFromRecord(r)
}

// changeCancellation is load → decide → write with retry. A decision that
// changed the cancellation and also returned an error (a wrong code) is
// written, and its error returned after the write.
func (s *Service) changeCancellation(ctx context.Context, id string, decide func(c *Cancellation, now time.Time) (starmap.Event, error)) (*Cancellation, []starmap.Event, error) {
	if err := s.leavingReady(); err != nil {
		return nil, nil, err
	}
	now := s.clock.Now()
	var out *Cancellation
	var ev starmap.Event
	var ruleErr error
	err := starmap.RetryOnConflict(ctx, starmap.Retry{Attempts: s.attempts}, func() error {
		r, err := s.cancels.GetCancellation(ctx, id)
		if err != nil {
			return err
		}
		c, err := CancellationFromRecord(r)
		if err != nil {
			return err
		}
		before := len(c.r.History)
		e, derr := decide(c, now)
		if len(c.r.History) == before { // refused without change
			return derr
		}
		v, err := s.cancels.UpdateCancellation(ctx, c.r.Clone(), r.Version)
		if err != nil {
			return err
		}
		c.r.Version = v
		out, ev, ruleErr = c, e, derr
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, []starmap.Event{ev}, ruleErr
}

// ResendCode replaces the verification code of the holder's own
// cancellation (the holder asks for a new one).
func (s *Service) ResendCode(ctx context.Context, holder starmap.Actor, code string, validFor time.Duration) (*Cancellation, []starmap.Event, error) {
	if err := starmap.RequireRole(holder, holderRoles...); err != nil {
		return nil, nil, err
	}
	return s.changeCancellation(ctx, holder.ID(), func(c *Cancellation, now time.Time) (starmap.Event, error) {
		return c.ResendCode(now, holder, code, validFor, s.codeKey)
	})
}

// EnterCode checks the code the holder typed for the cancellation of its
// own account. A wrong code is stored (it counts towards the lock) and
// returned as ErrCodeWrong with the cancellation and its event.
func (s *Service) EnterCode(ctx context.Context, holder starmap.Actor, code string) (*Cancellation, []starmap.Event, error) {
	if err := starmap.RequireRole(holder, holderRoles...); err != nil {
		return nil, nil, err
	}
	return s.changeCancellation(ctx, holder.ID(), func(c *Cancellation, now time.Time) (starmap.Event, error) {
		return c.EnterCode(now, holder, code, s.codeKey)
	})
}

// ApproveCancellation completes the cancellation of account under review
// (platform only). It asks the TaskLister again — a task started since the
// holder began blocks the approval with ErrCloseBlocked — and takes
// balance, which the host reads at approval, as the refund owed.
func (s *Service) ApproveCancellation(ctx context.Context, reviewer starmap.Actor, account string, balance decimal.Decimal) (*Cancellation, []starmap.Event, error) {
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.changeCancellation(ctx, account, func(c *Cancellation, now time.Time) (starmap.Event, error) {
		if c.State() != CancelUnderReview {
			return starmap.Event{}, c.stateErr("approved")
		}
		plan, err := CheckClose(ctx, s.tasks, c.Account(), balance)
		if err != nil {
			return starmap.Event{}, err
		}
		return c.Approve(now, reviewer, plan)
	})
}

// RejectCancellation refuses the cancellation of account under review with
// a reason (platform only).
func (s *Service) RejectCancellation(ctx context.Context, reviewer starmap.Actor, account, reason string) (*Cancellation, []starmap.Event, error) {
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.changeCancellation(ctx, account, func(c *Cancellation, now time.Time) (starmap.Event, error) {
		return c.Reject(now, reviewer, reason)
	})
}
