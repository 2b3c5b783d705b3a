package mcn

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// TaskSource is the host's view of its tasks for the MCN workspace
// (MCN-3). task.MCNTasks implements it over any task.Store (task.Query's
// MCN filter, in the order and paging below); a host with tasks of its own
// implements it itself. This package never imports task: the interface is
// all it needs.
type TaskSource interface {
	// Tasks returns one page of the tasks q selects — those kept with
	// q.MCN at ordering (TSK-5), of q.Creator when set, open ones only
	// when q.OpenOnly — newest first, with a cursor of the source's own
	// making (starmap.PageRequest's paging rule).
	Tasks(ctx context.Context, q TaskQuery) (starmap.Page[TaskSummary], error)
}

// TaskQuery selects a page of an MCN's tasks from a TaskSource.
type TaskQuery struct {
	// MCN is the agency the tasks were ordered through (never empty).
	MCN string
	// Creator narrows to one creator's tasks ("" for all).
	Creator string
	// OpenOnly keeps pending and running tasks only.
	OpenOnly bool
	starmap.PageRequest
}

// TaskSummary is one task as the MCN workspace shows it: an order the MCN
// received on a creator's behalf (订单接收), with the terms kept with it.
type TaskSummary struct {
	ID         string
	Advertiser string
	Creator    string
	// MCN is the agency kept with the task at ordering.
	MCN    string
	Status TaskStatus
	// OrderedAt is when the advertiser ordered it (for a task published
	// open, when it was published): the instant the source orders by. The
	// terms it keeps are those in force at ordering, or at the claim of an
	// open task.
	OrderedAt time.Time
	// Price is the task's price (CNY, whole fen).
	Price decimal.Decimal
	// ShareBP is the MCN's share kept with the task, in basis points.
	ShareBP int
}

// validate checks a source's answer against the question asked.
func (t TaskSummary) validate(q TaskQuery) error {
	bad := func(zh, en string) error {
		return ErrSourceInvalid.New(idArg("task", t.ID), starmap.LabeledArg("problem", zh, en))
	}
	switch {
	case starmap.ValidateID("task id", t.ID) != nil:
		return bad("任务编号无效", "bad task id")
	case t.MCN != q.MCN:
		return bad("不是该机构的任务", "not a task of this MCN")
	case starmap.ValidateID("creator id", t.Creator) != nil || q.Creator != "" && t.Creator != q.Creator:
		return bad("达人不符", "wrong creator")
	case starmap.ValidateID("advertiser id", t.Advertiser) != nil:
		return bad("广告主编号无效", "bad advertiser id")
	case !t.Status.Valid() || q.OpenOnly && !t.Status.Open():
		return bad("任务状态不符", "wrong status")
	case t.OrderedAt.IsZero():
		return bad("缺少下单时间", "no ordering instant")
	case starmap.CheckAmount(t.Price) != nil || t.Price.Sign() < 0:
		return bad("价格无效", "bad price")
	case validateShare(t.ShareBP) != nil:
		return bad("分成比例无效", "bad share")
	}
	return nil
}

// tasks asks the source for a page and checks every task it returns, so
// that a source's mistake never shows one MCN another's orders.
func (s *Service) tasks(ctx context.Context, q TaskQuery) (starmap.Page[TaskSummary], error) {
	var none starmap.Page[TaskSummary]
	p, err := s.cfg.tasks.Tasks(ctx, q)
	if err != nil {
		return none, fmt.Errorf("mcn: listing tasks of %s: %w", q.MCN, err)
	}
	if len(p.Items) > q.EffectiveLimit() {
		return none, ErrSourceInvalid.New(starmap.Arg("task", ""),
			starmap.LabeledArg("problem", "返回的任务多于每页条数", "more tasks than the page limit"))
	}
	var errs []error
	for _, t := range p.Items {
		errs = append(errs, t.validate(q))
	}
	if err := errors.Join(errs...); err != nil {
		return none, err
	}
	p.Items = append([]TaskSummary(nil), p.Items...)
	return p, nil
}

// workspace admits by to the workspace of mcnID: the MCN itself or the
// platform.
func workspace(by starmap.Actor, mcnID string) error {
	if err := starmap.RequireRole(by, starmap.RoleMCN, starmap.RolePlatform); err != nil {
		return err
	}
	if err := starmap.ValidateID("mcn id", mcnID); err != nil {
		return err
	}
	if by.Role() == starmap.RoleMCN && by.ID() != mcnID {
		return ErrWorkspaceForbidden.New(actorParam(by), starmap.Arg("mcn", mcnID))
	}
	return nil
}

// OpenTasksShown is how many open tasks SignedCreators shows per creator
// (MoreOpenTasks says when there are more; Orders lists them all).
const OpenTasksShown = 20

// SignedCreator is one line of 签约达人管理 (MCN-3): a creator with the
// MCN's active signings and, when the Service has a TaskSource, the
// creator's open tasks received through the MCN.
type SignedCreator struct {
	Creator       string
	Signings      []Signing
	OpenTasks     []TaskSummary
	MoreOpenTasks bool
}

// SignedCreators pages the creators with an active signing of mcnID, by
// creator id (Query's order and cursor), each with those signings and its
// first OpenTasksShown open tasks. The MCN itself and the platform may
// look. A signing whose term is over counts as expired even before the
// sweep records it, so a page may hold fewer creators than its limit; Next
// still goes on.
func (s *Service) SignedCreators(ctx context.Context, by starmap.Actor, mcnID string, page starmap.PageRequest) (starmap.Page[SignedCreator], error) {
	var none starmap.Page[SignedCreator]
	if err := s.begin(ctx); err != nil {
		return none, err
	}
	if err := workspace(by, mcnID); err != nil {
		return none, err
	}
	q := Query{MCN: mcnID, State: StateActive, PageRequest: page}
	if err := q.Validate(); err != nil {
		return none, err
	}
	now := s.clock.Now()
	recs, err := s.store.List(ctx, q)
	if err != nil {
		return none, err
	}
	out := starmap.Page[SignedCreator]{Items: []SignedCreator{}, Next: recs.Next}
	for _, r := range recs.Items {
		b, err := FromRecord(r)
		if err != nil {
			return none, err
		}
		b.expire(termClock, now) // a view: computed, never written
		line := SignedCreator{Creator: b.creator}
		for _, sg := range b.signings {
			if sg.MCN == mcnID && sg.State == StateActive {
				line.Signings = append(line.Signings, sg.clone())
			}
		}
		if len(line.Signings) == 0 {
			continue
		}
		if s.cfg.tasks != nil {
			p, err := s.tasks(ctx, TaskQuery{MCN: mcnID, Creator: b.creator, OpenOnly: true,
				PageRequest: starmap.PageRequest{Limit: OpenTasksShown}})
			if err != nil {
				return none, err
			}
			line.OpenTasks, line.MoreOpenTasks = p.Items, p.Next != ""
		}
		out.Items = append(out.Items, line)
	}
	return out, nil
}

// OrderQuery narrows Orders: one creator's ("" for every creator), open
// ones only, one page.
type OrderQuery struct {
	Creator  string
	OpenOnly bool
	starmap.PageRequest
}

// Orders pages the orders mcnID received on its creators' behalf (订单接收,
// MCN-3): the tasks kept with the MCN at ordering, from the Service's
// TaskSource — also those of creators whose signing has ended since, whose
// tasks keep the MCN to their end. Every task the source returns is
// checked to be the MCN's (ErrSourceInvalid otherwise).
func (s *Service) Orders(ctx context.Context, by starmap.Actor, mcnID string, q OrderQuery) (starmap.Page[TaskSummary], error) {
	var none starmap.Page[TaskSummary]
	if err := s.begin(ctx); err != nil {
		return none, err
	}
	if err := workspace(by, mcnID); err != nil {
		return none, err
	}
	var errs []error
	if q.Creator != "" {
		errs = append(errs, starmap.ValidateID("creator id", q.Creator))
	}
	if err := errors.Join(append(errs, q.PageRequest.Validate())...); err != nil {
		return none, err
	}
	if s.cfg.tasks == nil {
		return none, ErrNotConfigured.New(starmap.LabeledArg("what", "任务来源", "task source"))
	}
	return s.tasks(ctx, TaskQuery{MCN: mcnID, Creator: q.Creator, OpenOnly: q.OpenOnly, PageRequest: q.PageRequest})
}

// Ledger is the host's ledger of MCN earnings: the MCN's side of the
// postings package task makes (task.PostingMCNShare into the MCN's
// account), and its reversals, withdrawals and adjustments. task.MCNLedger
// implements it over a task.Store from the tasks' postings alone; a host
// that pays MCNs out adds its withdrawals to it.
type Ledger interface {
	// Entries returns, read from one consistent snapshot, the opening
	// balance of party's account at from — the sum of every entry before
	// from — and every entry with from ≤ At < to.
	Entries(ctx context.Context, party string, from, to time.Time) (opening decimal.Decimal, entries []Entry, err error)
}

// Entry is one movement of an MCN's earnings account: Amount (whole fen)
// is signed — positive enters the account, negative leaves it — with the
// direction its Kind allows. Task and Creator name the task and creator it
// comes from (required for shares and reversals, optional otherwise).
type Entry struct {
	ID      string
	Party   string
	Kind    EntryKind
	Amount  decimal.Decimal
	Task    string
	Creator string
	At      time.Time
}

// Period is a statement period: From to To, both days included,
// from 00:00 CST on From to the end of To.
type Period struct {
	From, To starmap.Date
}

// MonthPeriod is the calendar month of year and month.
func MonthPeriod(year int, month time.Month) (Period, error) {
	first, err := starmap.NewDate(year, month, 1)
	if err != nil {
		return Period{}, err
	}
	// Day 0 of the next month is the last day of this one.
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return Period{From: first, To: starmap.MustDate(year, month, last)}, nil
}

// Validate checks that both dates are set and To is not before From.
func (p Period) Validate() error {
	switch {
	case p.From.IsZero() || p.To.IsZero():
		return ErrPeriodInvalid.New(starmap.LabeledArg("problem", "须有开始日期和结束日期", "it needs both dates"))
	case p.To.Before(p.From):
		return ErrPeriodInvalid.New(starmap.LabeledArg("problem", "结束日期"+p.To.String()+"早于开始日期"+p.From.String(),
			"it ends on "+p.To.String()+", before it starts on "+p.From.String()))
	}
	return nil
}

// Bounds returns the period as instants: [From 00:00 CST, To + 1 day
// 00:00 CST).
func (p Period) Bounds() (from, to time.Time) {
	return p.From.StartOfDay(), p.To.StartOfDay().Add(24 * time.Hour)
}

// KindTotal is the sum of a statement's entries of one kind.
type KindTotal struct {
	Kind  EntryKind
	Total decimal.Decimal
}

// CreatorTotal is the sum of a statement's entries from one creator.
type CreatorTotal struct {
	Creator string
	Total   decimal.Decimal
}

// Statement is an MCN's earnings for one period (MCN-3, X-4): the opening
// balance, every entry of the period in order (At, then ID), the totals by
// kind (every kind, in EntryKinds order, zero ones too), by creator
// (entries without a creator under ""), credits and debits, and the
// closing balance. It reconciles exactly, to the fen: closing = opening +
// the sum of the entries = opening + the totals by kind = opening + the
// totals by creator = opening + credits + debits (Reconcile).
type Statement struct {
	MCN       string
	Period    Period
	Opening   decimal.Decimal
	Entries   []Entry
	ByKind    []KindTotal
	ByCreator []CreatorTotal
	Credits   decimal.Decimal
	Debits    decimal.Decimal
	Closing   decimal.Decimal
}

// BuildStatement makes the statement of mcnID for period from the opening
// balance and the period's entries. Every problem is reported
// (errors.Join): an invalid id or period; an opening or an entry amount
// out of bounds (starmap.CheckAmount); an entry that is another party's,
// outside the period, of an unknown kind, of zero amount or of the wrong
// sign for its kind, without the task and creator a share or reversal
// needs, or listed twice; a closing balance out of bounds.
func BuildStatement(mcnID string, period Period, opening decimal.Decimal, entries []Entry) (Statement, error) {
	errs := []error{starmap.ValidateID("mcn id", mcnID), period.Validate(), starmap.CheckAmount(opening)}
	if err := errors.Join(errs...); err != nil {
		return Statement{}, err
	}
	from, to := period.Bounds()
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		if err := e.validate(mcnID, from, to); err != nil {
			errs = append(errs, err)
		} else if seen[e.ID] {
			errs = append(errs, ErrEntryInvalid.New(starmap.Arg("entry", e.ID), starmap.LabeledArg("problem", "重复列出", "listed twice")))
		}
		seen[e.ID] = true
	}
	if err := errors.Join(errs...); err != nil {
		return Statement{}, err
	}
	st := Statement{MCN: mcnID, Period: period, Opening: opening, Entries: append([]Entry(nil), entries...),
		Credits: decimal.Zero, Debits: decimal.Zero}
	sort.SliceStable(st.Entries, func(i, j int) bool {
		a, b := st.Entries[i], st.Entries[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.ID < b.ID
	})
	byKind := map[EntryKind]decimal.Decimal{}
	byCreator := map[string]decimal.Decimal{}
	for _, e := range st.Entries {
		byKind[e.Kind] = byKind[e.Kind].Add(e.Amount)
		byCreator[e.Creator] = byCreator[e.Creator].Add(e.Amount)
		if e.Amount.Sign() > 0 {
			st.Credits = st.Credits.Add(e.Amount)
		} else {
			st.Debits = st.Debits.Add(e.Amount)
		}
	}
	for _, k := range EntryKinds() {
		st.ByKind = append(st.ByKind, KindTotal{Kind: k, Total: byKind[k].Add(decimal.Zero)})
	}
	for c, total := range byCreator {
		st.ByCreator = append(st.ByCreator, CreatorTotal{Creator: c, Total: total})
	}
	sort.Slice(st.ByCreator, func(i, j int) bool { return st.ByCreator[i].Creator < st.ByCreator[j].Creator })
	st.Closing = opening.Add(st.Credits).Add(st.Debits)
	if err := starmap.CheckAmount(st.Closing); err != nil {
		return Statement{}, err
	}
	return st, nil
}

func (e Entry) validate(party string, from, to time.Time) error {
	var problems []error
	bad := func(zh, en string) {
		problems = append(problems, ErrEntryInvalid.New(idArg("entry", e.ID), starmap.LabeledArg("problem", zh, en)))
	}
	if starmap.ValidateID("entry id", e.ID) != nil {
		bad("编号无效", "bad id")
	}
	if e.Party != party {
		bad("不是该机构的账目", "another party's entry")
	}
	if !e.Kind.Valid() {
		bad("类型"+strconv.Itoa(int(e.Kind))+"不存在", "no kind "+strconv.Itoa(int(e.Kind)))
	} else if !e.Kind.signOK(e.Amount.Sign()) {
		bad(e.Kind.Label(starmap.ZH)+"的金额方向不符", "wrong sign for "+e.Kind.String())
	}
	if err := starmap.CheckAmount(e.Amount); err != nil {
		problems = append(problems, ErrEntryInvalid.Wrap(err, idArg("entry", e.ID), starmap.LabeledArg("problem", "金额无效", "bad amount")))
	}
	if e.At.Before(from) || !e.At.Before(to) {
		bad("不在对账期间内", "outside the period")
	}
	needsTask := e.Kind == EntryShare || e.Kind == EntryReversal
	if e.Task != "" || needsTask {
		if starmap.ValidateID("task id", e.Task) != nil {
			bad("任务编号无效", "bad task id")
		}
	}
	if e.Creator != "" || needsTask {
		if starmap.ValidateID("creator id", e.Creator) != nil {
			bad("达人编号无效", "bad creator id")
		}
	}
	return errors.Join(problems...)
}

// Reconcile checks the statement's arithmetic: the totals by kind,
// by creator, and credits with debits each sum to the entries, and closing
// is opening plus that sum. Nil for every statement BuildStatement makes.
func (s Statement) Reconcile() error {
	sum := decimal.Zero
	for _, e := range s.Entries {
		sum = sum.Add(e.Amount)
	}
	total := func(xs []decimal.Decimal) decimal.Decimal {
		t := decimal.Zero
		for _, x := range xs {
			t = t.Add(x)
		}
		return t
	}
	var kinds, creators []decimal.Decimal
	for _, k := range s.ByKind {
		kinds = append(kinds, k.Total)
	}
	for _, c := range s.ByCreator {
		creators = append(creators, c.Total)
	}
	var errs []error
	check := func(what string, got decimal.Decimal) {
		if !got.Equal(sum) {
			errs = append(errs, fmt.Errorf("mcn: statement of %s: %s sum to %s, the entries to %s", s.MCN, what, got, sum))
		}
	}
	check("the totals by kind", total(kinds))
	check("the totals by creator", total(creators))
	check("credits and debits", s.Credits.Add(s.Debits))
	if !s.Closing.Equal(s.Opening.Add(sum)) {
		errs = append(errs, fmt.Errorf("mcn: statement of %s: closing %s is not opening %s plus %s", s.MCN, s.Closing, s.Opening, sum))
	}
	return errors.Join(errs...)
}

// Earnings is the statement of mcnID's earnings for period (MCN-3),
// from the Service's Ledger: the MCN itself and the platform may look. A
// ledger that cannot answer is not a refusal: its error is returned
// wrapped.
func (s *Service) Earnings(ctx context.Context, by starmap.Actor, mcnID string, period Period) (Statement, error) {
	if err := s.begin(ctx); err != nil {
		return Statement{}, err
	}
	if err := errors.Join(workspace(by, mcnID), period.Validate()); err != nil {
		return Statement{}, err
	}
	if s.cfg.ledger == nil {
		return Statement{}, ErrNotConfigured.New(starmap.LabeledArg("what", "账本", "ledger"))
	}
	from, to := period.Bounds()
	opening, entries, err := s.cfg.ledger.Entries(ctx, mcnID, from, to)
	if err != nil {
		return Statement{}, fmt.Errorf("mcn: reading the ledger of %s: %w", mcnID, err)
	}
	return BuildStatement(mcnID, period, opening, entries)
}
