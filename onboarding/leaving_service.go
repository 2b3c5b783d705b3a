package onboarding

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
)

// leaving is begin for the cancellation methods: they also need
// WithLeaving (ErrLeavingNotConfigured).
func (s *Service) leaving(ctx context.Context) error {
	if err := s.begin(ctx); err != nil {
		return err
	}
	if s.set.tasks == nil || len(s.set.codeKey) < MinCodeKeyLen {
		return ErrLeavingNotConfigured.New()
	}
	return nil
}

// CheckClose builds the close plan of the holder's own account (ONB-8):
// the running tasks that block closing and the balance to refund.
func (s *Service) CheckClose(ctx context.Context, holder starmap.Actor, balance decimal.Decimal) (ClosePlan, error) {
	if err := s.leaving(ctx); err != nil {
		return ClosePlan{}, err
	}
	if err := starmap.RequireRole(holder, holderRoles()...); err != nil {
		return ClosePlan{}, err
	}
	return CheckClose(ctx, s.set.tasks, holder.ID(), balance)
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
	rec, v, evs, err := starmap.Change(ctx, s.set.retry, cancellations(s.store, true), plan.Account, func(cur CancellationRecord, found bool) (CancellationRecord, []starmap.Event, error) {
		if !found {
			c, e, err := StartCancellation(holder, now, plan, code, validFor, s.set.codeKey)
			if err != nil {
				return cur, nil, err
			}
			return c.r, []starmap.Event{e}, nil
		}
		c, err := CancellationFromRecord(cur)
		if err != nil {
			return cur, nil, err
		}
		if st := c.State(); st != CancelRejected && st != CancelLocked {
			return cur, nil, ErrCancellationOpen.New(starmap.Arg("account", c.Account()), labelled("state", st))
		}
		e, err := c.Restart(holder, now, plan, code, validFor, s.set.codeKey)
		if err != nil {
			return cur, nil, err
		}
		return c.r, []starmap.Event{e}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	rec.Version = v
	return &Cancellation{r: rec}, evs, nil
}

// GetCancellation loads the cancellation of account: the platform and the
// account's holder only (ErrNotParty otherwise).
func (s *Service) GetCancellation(ctx context.Context, by starmap.Actor, account string) (*Cancellation, error) {
	if err := s.leaving(ctx); err != nil {
		return nil, err
	}
	if err := by.Validate(); err != nil {
		return nil, err
	}
	if err := starmap.ValidateID("account id", account); err != nil {
		return nil, ErrCancellationInvalid.New(idProblem("账号", err))
	}
	r, err := s.store.GetCancellation(ctx, account)
	if err != nil {
		return nil, err
	}
	if !r.visibleTo(by) {
		return nil, notParty(by, "销户申请", "cancellation", account)
	}
	return CancellationFromRecord(r)
}

// ListCancellations pages through the cancellations q selects, ordered by
// account: the platform only (its review queue is State
// CancelUnderReview).
func (s *Service) ListCancellations(ctx context.Context, by starmap.Actor, q CancellationQuery) (starmap.Page[*Cancellation], error) {
	if err := s.leaving(ctx); err != nil {
		return starmap.Page[*Cancellation]{}, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return starmap.Page[*Cancellation]{}, err
	}
	if err := q.validate(); err != nil {
		return starmap.Page[*Cancellation]{}, err
	}
	p, err := s.store.ListCancellations(ctx, q)
	if err != nil {
		return starmap.Page[*Cancellation]{}, err
	}
	return rebuildPage(p, CancellationFromRecord)
}

// changeCancellation runs one step on the cancellation of account through
// starmap.Change. A step that changed the cancellation and also refused
// the input (a wrong code) is written, and its error returned after the
// write with the cancellation and its event.
func (s *Service) changeCancellation(ctx context.Context, account string,
	decide func(c *Cancellation, now time.Time) (starmap.Event, error)) (*Cancellation, []starmap.Event, error) {
	if err := starmap.ValidateID("account id", account); err != nil {
		return nil, nil, ErrCancellationInvalid.New(idProblem("账号", err))
	}
	now := s.clock.Now()
	var ruleErr error
	rec, v, evs, err := starmap.Change(ctx, s.set.retry, cancellations(s.store, false), account, func(cur CancellationRecord, found bool) (CancellationRecord, []starmap.Event, error) {
		ruleErr = nil
		if !found {
			return cur, nil, nil // Change answers the store's not-found
		}
		c, err := CancellationFromRecord(cur)
		if err != nil {
			return cur, nil, err
		}
		before := len(c.r.History)
		e, derr := decide(c, now)
		if len(c.r.History) == before { // refused without change
			return cur, nil, derr
		}
		ruleErr = derr
		return c.r, []starmap.Event{e}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	rec.Version = v
	return &Cancellation{r: rec}, evs, ruleErr
}

// ResendCode replaces the verification code of the holder's own
// cancellation (the holder asks for a new one).
func (s *Service) ResendCode(ctx context.Context, holder starmap.Actor, code string, validFor time.Duration) (*Cancellation, []starmap.Event, error) {
	if err := s.leaving(ctx); err != nil {
		return nil, nil, err
	}
	if err := starmap.RequireRole(holder, holderRoles()...); err != nil {
		return nil, nil, err
	}
	return s.changeCancellation(ctx, holder.ID(), func(c *Cancellation, now time.Time) (starmap.Event, error) {
		return c.ResendCode(holder, now, code, validFor, s.set.codeKey)
	})
}

// EnterCode checks the code the holder typed for the cancellation of its
// own account. A wrong code is stored (it counts towards the lock) and
// returned as ErrCodeWrong with the cancellation and its event.
func (s *Service) EnterCode(ctx context.Context, holder starmap.Actor, code string) (*Cancellation, []starmap.Event, error) {
	if err := s.leaving(ctx); err != nil {
		return nil, nil, err
	}
	if err := starmap.RequireRole(holder, holderRoles()...); err != nil {
		return nil, nil, err
	}
	return s.changeCancellation(ctx, holder.ID(), func(c *Cancellation, now time.Time) (starmap.Event, error) {
		return c.EnterCode(holder, now, code, s.set.codeKey)
	})
}

// ApproveCancellation completes the cancellation of account under review
// (platform only). It asks the TaskLister again — a task started since the
// holder began blocks the approval with ErrCloseBlocked — and takes
// balance, which the host reads at approval, as the refund owed; the
// balance passes the same check as at the start (ErrBalanceInvalid).
func (s *Service) ApproveCancellation(ctx context.Context, reviewer starmap.Actor, account string, balance decimal.Decimal) (*Cancellation, []starmap.Event, error) {
	if err := s.leaving(ctx); err != nil {
		return nil, nil, err
	}
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	if err := checkBalance(balance); err != nil {
		return nil, nil, err
	}
	return s.changeCancellation(ctx, account, func(c *Cancellation, now time.Time) (starmap.Event, error) {
		if c.State() != CancelUnderReview {
			return starmap.Event{}, c.stateErr(CancelStepApprove)
		}
		plan, err := CheckClose(ctx, s.set.tasks, c.Account(), balance)
		if err != nil {
			return starmap.Event{}, err
		}
		return c.Approve(reviewer, now, plan)
	})
}

// RejectCancellation refuses the cancellation of account under review with
// a reason (platform only).
func (s *Service) RejectCancellation(ctx context.Context, reviewer starmap.Actor, account, reason string) (*Cancellation, []starmap.Event, error) {
	if err := s.leaving(ctx); err != nil {
		return nil, nil, err
	}
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return nil, nil, err
	}
	return s.changeCancellation(ctx, account, func(c *Cancellation, now time.Time) (starmap.Event, error) {
		return c.Reject(reviewer, now, reason)
	})
}
