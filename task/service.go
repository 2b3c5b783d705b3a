package task

import (
	"context"
	"errors"
	"fmt"
	"github.com/starmap-go/starmap/mcn"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// Service runs the task rules against a Store with a Clock, read once per
// operation. Every change is one load → decide → compare-and-swap cycle
// (starmap.Change), retried on a version conflict as WithRetry says, and
// returns an Outcome: the task as stored, its events and its postings.
// Make one with NewService; the zero Service answers every method with
// starmap.ErrServiceNotReady.
type Service struct {
	store Store
	clock starmap.Clock
	cfg   settings
}

// settings are what the options set.
type settings struct {
	policy  Policy
	mount   MountChecker
	signing SigningLookup
	terms   TermsLookup
	retry   starmap.Retry
	review  Reviewer // the review path's checker, form and policy (review.go)
	// campaigns, when set, reserves orders placed in a campaign and ends
	// the reservation when the task's money is released (CAM-1).
	campaigns *campaign.Service
}

// Option configures a Service (see NewService for the options and their
// defaults). A nil Option, or one given a nil or invalid value, is
// starmap.ErrServiceOption from NewService.
type Option func(*settings) error

// WithPolicy sets the policy new orders are placed under (default
// DefaultPolicy()); a policy that breaks a rule is refused with its
// problems (ErrPolicyInvalid inside starmap.ErrServiceOption).
func WithPolicy(p Policy) Option {
	return func(s *settings) error {
		if err := p.Validate(); err != nil {
			return err
		}
		s.policy = p
		return nil
	}
}

// WithMountChecker sets the checker ordering calls for components (CMP-3);
// package component supplies one. Without it an order with components is
// refused (ErrMountCheckerMissing).
func WithMountChecker(m MountChecker) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("组件挂载检查", "mount checker", m); err != nil {
			return err
		}
		s.mount = m
		return nil
	}
}

// WithSigningTerms makes the Service ask l for the MCN signing in force
// (MCN-2): at ordering, for the ordered creator — the signing's MCN and
// share are kept with the task, and an order naming another MCN is
// ErrMCNNotSigned; at a claim, for the claiming creator, the same way; and
// for every command an MCN issues on a creator's behalf, which is
// ErrMCNNotSigned unless that MCN holds the creator's signing in force at
// the command's instant. A signing that ends later changes nothing of a
// task ordered under it: the kept share is paid to its end. It takes the
// place of WithSigningLookup's claim check.
func WithSigningTerms(l TermsLookup) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("签约条款查询", "signing terms lookup", l); err != nil {
			return err
		}
		s.terms = l
		return nil
	}
}

// WithSigningLookup makes Service.Do look up the MCN of a creator who
// claims an open task: the lookup's answer becomes Request.MCN, and a
// claim naming another MCN is refused (ErrClaimMCNMismatch). Without it
// the MCN named in the Request is trusted: the host vouches for it.
func WithSigningLookup(l SigningLookup) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("签约查询", "signing lookup", l); err != nil {
			return err
		}
		s.signing = l
		return nil
	}
}

// WithCampaigns lets orders name a campaign (CAM-1): Order reserves price
// + fee from its budget through c.OrderIn, and every end of a task's money
// (acceptance, decline, expiry, cancellation, a CPM or CPS close) ends the
// reservation through c.End with what was paid out. Without it an order
// naming a campaign is refused (ErrCampaignsMissing).
func WithCampaigns(c *campaign.Service) Option {
	return func(s *settings) error {
		if c == nil {
			return starmap.RequireDependency("项目服务", "campaign service", nil)
		}
		s.campaigns = c
		return nil
	}
}

// WithRetry sets how the load → decide → write cycle is retried on
// version conflicts (default: starmap.DefaultAttempts tries, no hook).
func WithRetry(r starmap.Retry) Option {
	return func(s *settings) error {
		s.retry = r
		return nil
	}
}

// NewService returns a Service over store with clock. The options and
// their defaults: WithPolicy (DefaultPolicy()), WithMountChecker (none:
// orders with components are refused), WithSigningLookup (none: the host
// vouches for the MCN a claim names), WithRetry (starmap.DefaultAttempts),
// and the review path's WithChecker (compliance.NewChecker()),
// WithReviewForm (compliance.StandardForm()), WithReviewPolicy (the zero
// compliance.Policy) and WithChecklistRequired (off).
// A nil store or clock is starmap.ErrServiceDependency; a nil option, or
// an option given a nil or invalid value, starmap.ErrServiceOption.
func NewService(store Store, clock starmap.Clock, opts ...Option) (*Service, error) {
	if err := starmap.RequireDependency("任务存储", "task store", store); err != nil {
		return nil, err
	}
	if err := starmap.RequireDependency("时钟", "clock", clock); err != nil {
		return nil, err
	}
	cfg := settings{policy: DefaultPolicy()}
	if err := starmap.ApplyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	return &Service{store: store, clock: clock, cfg: cfg}, nil
}

// ready refuses a Service not made by NewService.
func (s *Service) ready(ctx context.Context) error {
	if s == nil || s.store == nil || s.clock == nil {
		return starmap.ErrServiceNotReady.New()
	}
	return starmap.CheckContext(ctx)
}

// Outcome is what one command did: the task as stored (with the version
// the store gave it), the events to publish, and the money postings it
// made — for the host to apply to its own ledger in the transaction that
// stores the task (TSK-5, X-6). Postings is empty when no money moved.
type Outcome struct {
	Task     *Task
	Events   []starmap.Event
	Postings []Posting
}

// RecentStore is what a Store may also implement to offer its cache:
// Recent returns a copy of the record of id as the store last saw it
// committed — possibly stale — and false when it has none. The Service
// decides a command's first try on it and writes it with the usual
// compare-and-swap; a stale version conflicts and is retried on a fresh
// Get, and a refusal is always decided again on a fresh Get before it is
// reported (starmap.Change).
type RecentStore interface {
	Recent(ctx context.Context, id string) (Record, bool)
}

func (s *Service) access(create bool) starmap.Access[string, Record] {
	a := starmap.Access[string, Record]{Get: s.store.Get, Update: s.store.Update}
	if create {
		a.Create = s.store.Create
	} else if r, ok := s.store.(RecentStore); ok {
		a.Recent = r.Recent
	}
	return a
}

// Order places an order by advertiser by (TSK-1, TSK-5, CMP-3) under the
// Service's policy. It validates the order, then — when components are
// asked for — calls the MountChecker before anything is stored: a refusal
// (or no checker) refuses the whole order and stores nothing. A checker
// error that carries rule errors is a refusal (ErrMountRefused wrapping
// them); any other checker error (a timeout, a directory that is down) is
// returned wrapped as it is, so errors.Is finds context.DeadlineExceeded
// and the order is not called invalid. An id that exists is
// starmap.ErrAlreadyExists (a Conflict). The Outcome carries the ordering
// event and the freeze posting (after the campaign's reservation event,
// in an order in a campaign). An order in a campaign whose task could not
// be created after its reservation was stored returns, with its error, an
// Outcome holding only the events of the reservation and its voiding,
// which were stored (OPS-1: a Service returns exactly the events stored).
func (s *Service) Order(ctx context.Context, by starmap.Actor, o Order) (Outcome, error) {
	if err := s.ready(ctx); err != nil {
		return Outcome{}, err
	}
	now := s.clock.Now()
	if err := ValidateOrder(by, now, o, s.cfg.policy); err != nil {
		return Outcome{}, err
	}
	var mounted []MountedComponent
	if len(o.Components) > 0 {
		if s.cfg.mount == nil {
			return Outcome{}, ErrMountCheckerMissing.New()
		}
		m, err := s.cfg.mount.CheckMount(ctx, by.Advertiser(), o.Format, append([]string(nil), o.Components...))
		switch {
		case err != nil && len(starmap.Codes(err)) > 0:
			// The checker refused components by rule.
			return Outcome{}, ErrMountRefused.Wrap(err)
		case err != nil:
			// The checker could not answer (a timeout, a directory down):
			// not a refusal and not invalid input.
			return Outcome{}, fmt.Errorf("task: checking components: %w", err)
		}
		mounted = m
	}
	var (
		terms  mcn.Terms
		signed bool
	)
	if s.cfg.terms != nil && o.Creator != "" {
		var err error
		if terms, signed, err = s.termsFor(ctx, o.Creator, o.MCN, now); err != nil {
			return Outcome{}, err
		}
	}
	var out Outcome
	create := func(ctx context.Context) error {
		_, v, evs, err := starmap.Change(ctx, s.cfg.retry, s.access(true), o.ID, func(_ Record, found bool) (Record, []starmap.Event, error) {
			if found {
				return Record{}, nil, starmap.ErrAlreadyExists.New(starmap.LabeledArg("what", "任务", "task"), starmap.Arg("id", o.ID))
			}
			t, ev, err := New(by, now, o, s.cfg.policy, mounted)
			if err != nil {
				return Record{}, nil, err
			}
			if signed {
				t.keepSigning(terms)
			}
			out = Outcome{Task: t, Postings: t.postingsSince(0)}
			return t.Record(), []starmap.Event{ev}, nil
		})
		if err == nil {
			out.Task.version, out.Events = v, evs
		}
		return err
	}
	if o.Campaign == "" {
		if err := create(ctx); err != nil {
			return Outcome{}, err
		}
		return out, nil
	}
	if s.cfg.campaigns == nil {
		return Outcome{}, ErrCampaignsMissing.New(starmap.Arg("campaign", o.Campaign))
	}
	// Reserve price + fee, then create the task: compensated, or in one
	// transaction when the campaign service has a Transactor.
	amount := o.Price.Add(feeOf(o.Price, s.cfg.policy))
	_, evs, err := s.cfg.campaigns.OrderIn(ctx, by, o.Campaign, o.ID, amount, create)
	if err != nil {
		// A creation that failed after its reservation was stored is
		// compensated (the reservation voided): both campaign writes are
		// stored, so their events are returned with the error (OPS-1).
		return Outcome{Events: evs}, err
	}
	// In the order they were written: the reservation, then the task.
	out.Events = append(evs, out.Events...)
	return out, nil
}

// campaignActor is who ends a reservation for a command by by: the
// advertiser's own account, or the platform for the creator side and the
// clock (a campaign takes no creator or MCN actor).
func campaignActor(by starmap.Actor) starmap.Actor {
	if by.IsAdvertiser() || by.Role() == starmap.RolePlatform {
		return by
	}
	return starmap.PlatformActor("task")
}

// spentIn is what postings paid out of the frozen balance: payouts, MCN
// shares and fees (not refunds).
func spentIn(ps []Posting) (spent decimal.Decimal, released bool) {
	spent = decimal.Zero
	for _, p := range ps {
		if p.From == AccountAdvertiserFrozen {
			released = true
			if p.Kind != PostingRefund {
				spent = spent.Add(p.Amount)
			}
		}
	}
	return spent, released
}

// endCampaign ends the reservation of a task whose money the command
// released; its events join the Outcome. A failure is ErrCampaignEnd: the
// task is stored, and EndCampaign finishes the job.
func (s *Service) endCampaign(ctx context.Context, by starmap.Actor, out *Outcome) error {
	t := out.Task
	if t == nil || t.campaign == "" || s.cfg.campaigns == nil {
		return nil
	}
	spent, released := spentIn(out.Postings)
	if !released {
		return nil
	}
	_, evs, err := s.cfg.campaigns.End(ctx, campaignActor(by), t.campaign, t.id, spent, "")
	if err != nil {
		return ErrCampaignEnd.Wrap(err, starmap.Arg("task", t.id), starmap.Arg("campaign", t.campaign))
	}
	out.Events = append(out.Events, evs...)
	return nil
}

// EndCampaign ends task id's campaign reservation if its money was
// released and the reservation still holds (the repair after an
// ErrCampaignEnd): what it settles is what the task paid out. A
// reservation that already ended is not an error: nothing moves twice.
func (s *Service) EndCampaign(ctx context.Context, by starmap.Actor, id string) ([]starmap.Event, error) {
	t, err := s.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	if t.campaign == "" {
		return nil, nil
	}
	if s.cfg.campaigns == nil {
		return nil, ErrCampaignsMissing.New(starmap.Arg("campaign", t.campaign))
	}
	out := Outcome{Task: t, Postings: t.Postings()}
	if err := s.endCampaign(ctx, by, &out); err != nil {
		if errors.Is(err, campaign.ErrReservationEnded) {
			return nil, nil
		}
		return nil, err
	}
	return out.Events, nil
}

// Get loads task id for by: its advertiser (main or sub-account), its
// creator or the creator's MCN, the platform — and, while the task is
// open, any creator, who reads it before claiming (TSK-1). Anyone else is
// refused with ErrNotAParty.
func (s *Service) Get(ctx context.Context, by starmap.Actor, id string) (*Task, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	if err := by.Validate(); err != nil {
		return nil, err
	}
	if err := starmap.ValidateID("task id", id); err != nil {
		return nil, err
	}
	r, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.ID != id {
		return nil, ErrRecordInvalid.New(starmap.LabeledArg("problem", "存储返回了另一个任务", "the store returned another task"))
	}
	t, err := adoptRecord(r) // the store's copy, the service's own
	if err != nil {
		return nil, err
	}
	if !t.isParty(by) {
		p := PartyOf(by)
		return nil, ErrNotAParty.New(actorP(by), starmap.LabeledArg("party", p.Label(starmap.ZH), p.String()))
	}
	return t, nil
}

// Do applies one command r by actor by to task id at the clock's now, and
// stores the result with the version read; a version conflict runs the
// whole cycle again (each try reloads and decides afresh). An invalid actor
// or id is refused before the store is read. The Outcome carries the
// command's event and postings.
func (s *Service) Do(ctx context.Context, by starmap.Actor, id string, r Request) (Outcome, error) {
	if err := s.ready(ctx); err != nil {
		return Outcome{}, err
	}
	if err := by.Validate(); err != nil {
		return Outcome{}, err
	}
	if err := starmap.ValidateID("task id", id); err != nil {
		return Outcome{}, err
	}
	now := s.clock.Now()
	var (
		terms  mcn.Terms
		signed bool
	)
	if r.Command == CmdClaim && s.cfg.terms != nil && by.Role() == starmap.RoleCreator {
		var err error
		if terms, signed, err = s.termsFor(ctx, by.ID(), r.MCN, now); err != nil {
			return Outcome{}, err
		}
		r.MCN = terms.MCN
	} else if r.Command == CmdClaim && s.cfg.signing != nil && by.Role() == starmap.RoleCreator {
		mcnID, err := s.cfg.signing.SignedMCN(ctx, by.ID())
		if err != nil {
			return Outcome{}, fmt.Errorf("task: looking up the MCN of %s: %w", by.ID(), err)
		}
		if r.MCN != "" && r.MCN != mcnID {
			signedP := starmap.Arg("signed", mcnID)
			if mcnID == "" {
				signedP = starmap.LabeledArg("signed", "(无,独立达人)", "none (independent)")
			}
			return Outcome{}, ErrClaimMCNMismatch.New(starmap.Arg("given", r.MCN), signedP)
		}
		r.MCN = mcnID
	}
	out, err := s.apply(ctx, id, func(t *Task) (starmap.Event, error) {
		if s.cfg.terms != nil && by.Role() == starmap.RoleMCN && t.creator != "" {
			// An MCN acts for a creator only while it holds the signing.
			if _, _, err := s.termsFor(ctx, t.creator, by.ID(), now); err != nil {
				return starmap.Event{}, err
			}
		}
		ev, err := t.ApplyWith(by, now, r, s.cfg.review)
		if err == nil && signed {
			t.keepSigning(terms)
		}
		return ev, err
	})
	if err != nil {
		return Outcome{}, err
	}
	// The task is stored; a campaign that cannot be ended is reported
	// with the Outcome (ErrCampaignEnd), which the host still applies.
	return out, s.endCampaign(ctx, by, &out)
}

// errNothingOwed ends a sweep's cycle on a task whose command is no longer
// owed: it moved on between the query and the load.
var errNothingOwed = errors.New("task: nothing owed")

// apply is the cycle of one change of a stored task: load, decide with
// cmd, compare-and-swap; the Outcome carries what cmd did.
func (s *Service) apply(ctx context.Context, id string, cmd func(*Task) (starmap.Event, error)) (Outcome, error) {
	var out Outcome
	_, v, evs, err := starmap.Change(ctx, s.cfg.retry, s.access(false), id, func(cur Record, found bool) (Record, []starmap.Event, error) {
		if !found {
			return Record{}, nil, nil // Change reports the store's not-found error
		}
		if cur.ID != id {
			return Record{}, nil, ErrRecordInvalid.New(starmap.LabeledArg("problem", "存储返回了另一个任务", "the store returned another task"))
		}
		// cur is the service's own: Change passes it here and drops it.
		t, err := adoptRecord(cur)
		if err != nil {
			return Record{}, nil, err
		}
		n := len(t.postings)
		ev, err := cmd(t)
		if err != nil {
			return Record{}, nil, err
		}
		out = Outcome{Task: t, Postings: t.postingsSince(n)}
		return t.Record(), []starmap.Event{ev}, nil
	})
	if err != nil {
		return Outcome{}, err
	}
	out.Task.version, out.Events = v, evs
	return out, nil
}

// Sweep runs, as platform actor by (the host's scheduler, e.g.
// starmap.PlatformActor("scheduler")), every clock-driven command owed at
// the clock's now (TSK-7, OPS-3): expiries of invitations and automatic
// acceptances. It asks the store for the tasks due (Store.ListDue, page by
// page) rather than reading every open task, and runs each command in its
// own cycle, which decides afresh on what it loads: a task that moved on
// meanwhile — accepted by hand, swept by another replica — is skipped, so
// each command runs once however many replicas sweep. It returns the
// Outcome of every command it ran and the errors of those it could not
// (joined); a cancelled context stops it with the context's error.
func (s *Service) Sweep(ctx context.Context, by starmap.Actor) ([]Outcome, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var (
		outs []Outcome
		errs []error
	)
	q := DueQuery{At: now, PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}}
	for {
		page, err := s.store.ListDue(ctx, q)
		if err != nil {
			return outs, errors.Join(append(errs, err)...)
		}
		for _, rec := range page.Items {
			if err := ctx.Err(); err != nil {
				return outs, errors.Join(append(errs, err)...)
			}
			out, err := s.sweepOne(ctx, by, now, rec.ID)
			switch {
			case errors.Is(err, errNothingOwed):
			case errors.Is(err, ErrCampaignEnd):
				// The task moved and is stored: its Outcome is owed too.
				outs = append(outs, out)
				errs = append(errs, err)
			case err != nil:
				errs = append(errs, err)
			default:
				outs = append(outs, out)
			}
		}
		// A store that hands back the cursor it was given would loop.
		if page.Next == "" || page.Next == q.Cursor {
			break
		}
		q.Cursor = page.Next
	}
	return outs, errors.Join(errs...)
}

// sweepOne runs the command owed at now on task id, if one still is.
func (s *Service) sweepOne(ctx context.Context, by starmap.Actor, now time.Time, id string) (Outcome, error) {
	out, err := s.apply(ctx, id, func(t *Task) (starmap.Event, error) {
		c, ok := t.Due(now)
		if !ok {
			return starmap.Event{}, errNothingOwed
		}
		return t.Apply(by, now, Request{Command: c})
	})
	if err != nil {
		return Outcome{}, err
	}
	return out, s.endCampaign(ctx, by, &out)
}

// tasks loads every task q selects, page by page.
func (s *Service) tasks(ctx context.Context, q Query) ([]*Task, error) {
	var out []*Task
	q.PageRequest = starmap.PageRequest{Limit: starmap.MaxPageLimit}
	for {
		page, err := s.store.List(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Items {
			t, err := adoptRecord(r) // the page is the service's own
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		if page.Next == "" || page.Next == q.Cursor {
			return out, nil
		}
		q.Cursor = page.Next
	}
}

// Results returns the results of the advertiser by acts for, per creator
// and for the period from..to (inclusive, by delivery day) (TSK-6). Only an
// advertiser (main or sub-account) may ask, for its own tasks.
func (s *Service) Results(ctx context.Context, by starmap.Actor, from, to starmap.Date) ([]Summary, Summary, error) {
	if err := s.ready(ctx); err != nil {
		return nil, Summary{}, err
	}
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub); err != nil {
		return nil, Summary{}, err
	}
	ts, err := s.tasks(ctx, Query{Advertiser: by.Advertiser()})
	if err != nil {
		return nil, Summary{}, err
	}
	return ByCreator(ts), InPeriod(ts, from, to), nil
}

// termsFor asks the terms lookup for the signing of creator in force at
// now. named is the MCN the caller named or is ("" for none): naming one
// that does not hold the signing in force is ErrMCNNotSigned.
func (s *Service) termsFor(ctx context.Context, creator, named string, now time.Time) (mcn.Terms, bool, error) {
	var (
		terms mcn.Terms
		ok    bool
		err   error
	)
	if named == "" {
		terms, ok, err = s.cfg.terms.TermsAt(ctx, creator, now)
	} else {
		terms, ok, err = s.cfg.terms.TermsOf(ctx, creator, named, now)
	}
	if err != nil {
		return mcn.Terms{}, false, fmt.Errorf("task: looking up the signing of %s: %w", creator, err)
	}
	if named != "" && (!ok || terms.MCN != named) {
		return mcn.Terms{}, false, ErrMCNNotSigned.New(starmap.Arg("mcn", named), starmap.Arg("creator", creator))
	}
	return terms, ok, nil
}
