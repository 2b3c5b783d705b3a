package campaign_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// fenOf is n fen as yuan.
func fenOf(n int64) decimal.Decimal { return decimal.New(n, -2) }

// modelRes is the model of one reservation, in fen.
type modelRes struct {
	amount, held, spent, released int64
	voided                        bool
	partial                       int
}

// model is a campaign in plain integers of fen: what the aggregate must
// agree with after every command.
type model struct {
	budget, pilotBudget int64
	pilot, graduated    bool
	closed              bool
	res                 map[string]*modelRes
}

func (m *model) committed() int64 {
	var n int64
	for _, r := range m.res {
		n += r.held + r.spent
	}
	return n
}

func (m *model) inPilot() bool { return m.pilot && !m.graduated }

func (m *model) available() int64 {
	if m.closed {
		return 0
	}
	limit := m.budget
	if m.inPilot() {
		limit = m.pilotBudget
	}
	return limit - m.committed()
}

// machine drives a Campaign and its model with the same random commands.
type machine struct {
	c campaign.Campaign
	m model
}

func (s *machine) task(t *rapid.T) string {
	return "t" + strconv.Itoa(rapid.IntRange(0, 9).Draw(t, "task"))
}

func (s *machine) orderer(t *rapid.T) starmap.Actor {
	return rapid.SampledFrom([]starmap.Actor{advertiser, subAccount}).Draw(t, "by")
}

func (s *machine) mover(t *rapid.T) starmap.Actor {
	return rapid.SampledFrom([]starmap.Actor{advertiser, subAccount, platform}).Draw(t, "by")
}

// expect fails t unless err matches want (nil: success).
func expect(t *rapid.T, what string, err error, want *starmap.Rule) {
	t.Helper()
	if want == nil && err != nil {
		t.Fatalf("%s: %v, the model accepts it", what, err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Fatalf("%s: %v, the model says %s", what, err, want.Code())
	}
}

func (s *machine) Reserve(t *rapid.T) {
	task, by := s.task(t), s.orderer(t)
	n := rapid.Int64Range(1, s.m.budget/2+2).Draw(t, "fen")
	ev, err := s.c.Reserve(by, t0, task, fenOf(n))
	r, found := s.m.res[task]
	var want *starmap.Rule
	switch {
	case s.m.closed:
		want = campaign.ErrNotAllowedInState
	case found && r.held > 0 && r.amount == n:
		if ev.Type != "" {
			t.Fatalf("an identical repeat made an event %+v", ev)
		}
	case found:
		want = campaign.ErrReservationExists
	case n > s.m.available() && s.m.inPilot():
		want = campaign.ErrPilotBudgetExceeded
	case n > s.m.available():
		want = campaign.ErrBudgetExceeded
	default:
		s.m.res[task] = &modelRes{amount: n, held: n}
	}
	expect(t, "reserve "+task, err, want)
}

func (s *machine) move(t *rapid.T, settle bool) {
	task, by := s.task(t), s.mover(t)
	r, found := s.m.res[task]
	hi := int64(3)
	if found {
		hi = r.held + 2
	}
	n := rapid.Int64Range(1, hi).Draw(t, "fen")
	var err error
	if settle {
		_, err = s.c.Settle(by, t0, task, fenOf(n), "")
	} else {
		_, err = s.c.Release(by, t0, task, fenOf(n), "")
	}
	var want *starmap.Rule
	switch {
	case !found:
		want = campaign.ErrReservationNotFound
	case n > r.held:
		want = campaign.ErrReservationInsufficient
	case n < r.held && r.partial >= campaign.MaxPartialMoves:
		want = campaign.ErrLimitReached
	default:
		if n < r.held {
			r.partial++
		}
		r.held -= n
		if settle {
			r.spent += n
		} else {
			r.released += n
		}
	}
	expect(t, "move "+task, err, want)
}

func (s *machine) End(t *rapid.T) {
	task, by := s.task(t), s.mover(t)
	r, found := s.m.res[task]
	hi := int64(3)
	if found {
		hi = r.held + 2
	}
	n := rapid.Int64Range(0, hi).Draw(t, "fen")
	evs, err := s.c.End(by, t0, task, fenOf(n), "")
	var want *starmap.Rule
	switch {
	case !found:
		want = campaign.ErrReservationNotFound
	case r.held == 0:
		want = campaign.ErrReservationEnded
	case n > r.held:
		want = campaign.ErrReservationInsufficient
	default:
		moves := 0
		if n > 0 {
			moves++
		}
		if n < r.held {
			moves++
		}
		if len(evs) != moves {
			t.Fatalf("End made %d events, want %d", len(evs), moves)
		}
		r.spent += n
		r.released += r.held - n
		r.held = 0
	}
	expect(t, "end "+task, err, want)
}

func (s *machine) Release(t *rapid.T) { s.move(t, false) }
func (s *machine) Settle(t *rapid.T)  { s.move(t, true) }

func (s *machine) Void(t *rapid.T) {
	task, by := s.task(t), s.mover(t)
	_, err := s.c.Void(by, t0, task, "")
	r, found := s.m.res[task]
	var want *starmap.Rule
	switch {
	case !found:
		want = campaign.ErrReservationNotFound
	case r.voided:
	case r.held != r.amount:
		want = campaign.ErrVoidAfterMovement
	default:
		r.released, r.held, r.voided = r.amount, 0, true
	}
	expect(t, "void "+task, err, want)
}

func (s *machine) SetBudget(t *rapid.T) {
	n := rapid.Int64Range(1, 200_000).Draw(t, "fen")
	_, err := s.c.SetBudget(advertiser, t0, fenOf(n), "")
	var want *starmap.Rule
	switch {
	case s.m.closed:
		want = campaign.ErrNotAllowedInState
	case n < s.m.committed(), s.m.inPilot() && n < s.m.pilotBudget:
		want = campaign.ErrBudgetBelowCommitted
	default:
		s.m.budget = n
	}
	expect(t, "set budget", err, want)
}

func (s *machine) Graduate(t *rapid.T) {
	_, err := s.c.Graduate(advertiser, t0, "")
	var want *starmap.Rule
	switch {
	case s.m.closed:
		want = campaign.ErrNotAllowedInState
	case !s.m.inPilot():
		want = campaign.ErrNotInPilot
	default:
		s.m.graduated = true
	}
	expect(t, "graduate", err, want)
}

func (s *machine) Close(t *rapid.T) {
	if rapid.IntRange(0, 5).Draw(t, "close") != 0 {
		return // rarely: a closed campaign only ends its tasks
	}
	_, err := s.c.Close(platform, t0, "")
	var want *starmap.Rule
	if s.m.closed {
		want = campaign.ErrNotAllowedInState
	}
	s.m.closed = true
	expect(t, "close", err, want)
}

// Check: the campaign agrees with the model, budget = remaining + reserved
// + spent to the fen, nothing above the budget (or the pilot budget), and
// every reservation conserves its amount.
func (s *machine) Check(t *rapid.T) {
	conserved(t, s.c)
	if !s.c.Available().Equal(fenOf(s.m.available())) || !s.c.Budget().Equal(fenOf(s.m.budget)) {
		t.Fatalf("available %s, budget %s; model %d, %d fen", s.c.Available(), s.c.Budget(), s.m.available(), s.m.budget)
	}
	if s.m.committed() > s.m.budget {
		t.Fatalf("model over budget: %d > %d", s.m.committed(), s.m.budget)
	}
	if len(s.c.Reservations()) != len(s.m.res) {
		t.Fatalf("%d reservations, model %d", len(s.c.Reservations()), len(s.m.res))
	}
	for _, r := range s.c.Reservations() {
		m := s.m.res[r.Task]
		if m == nil || !r.Held.Equal(fenOf(m.held)) || !r.Spent.Equal(fenOf(m.spent)) || !r.Released.Equal(fenOf(m.released)) || r.Partial != m.partial {
			t.Fatalf("reservation %+v, model %+v", r, m)
		}
	}
}

// TestProperty_CAM1_X4_Conservation: random sequences of reserve, release,
// settle, void, budget changes, graduation and closing conserve money to
// the fen and never exceed the budget (nor the pilot budget in the pilot
// phase), and agree with a model in integers of fen.
func TestProperty_CAM1_X4_Conservation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		budget := rapid.Int64Range(1, 100_000).Draw(t, "budget")
		s := &machine{m: model{budget: budget, res: map[string]*modelRes{}}}
		sp := campaign.Spec{ID: "cmp-1", Name: "项目", Objective: campaign.ObjectiveExposure, Budget: fenOf(budget)}
		if rapid.Bool().Draw(t, "pilot") {
			s.m.pilot, s.m.pilotBudget = true, rapid.Int64Range(1, budget).Draw(t, "pilotBudget")
			sp.Pilot, sp.PilotBudget = true, fenOf(s.m.pilotBudget)
		}
		c, _, err := campaign.New(advertiser, t0, sp)
		if err != nil {
			t.Fatal(err)
		}
		s.c = c
		t.Repeat(rapid.StateMachineActions(s))
	})
}

// TestProperty_CAM1_StoredRoundTrip: what a campaign becomes after random
// commands reads back from its record unchanged.
func TestProperty_CAM1_StoredRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := newCampaign(t, "1000", "")
		for i := 0; i < rapid.IntRange(0, 20).Draw(t, "n"); i++ {
			task := "t" + strconv.Itoa(rapid.IntRange(0, 5).Draw(t, "task"))
			n := fenOf(rapid.Int64Range(1, 30_000).Draw(t, "fen"))
			switch rapid.IntRange(0, 2).Draw(t, "op") {
			case 0:
				_, _ = c.Reserve(advertiser, t0, task, n)
			case 1:
				_, _ = c.Settle(platform, t0, task, n, "")
			case 2:
				_, _ = c.Release(platform, t0, task, n, "")
			}
		}
		back, err := campaign.FromRecord(c.Record())
		if err != nil {
			t.Fatalf("FromRecord: %v", err)
		}
		if !back.Reserved().Equal(c.Reserved()) || !back.Spent().Equal(c.Spent()) || len(back.History()) != len(c.History()) {
			t.Fatalf("round trip differs")
		}
	})
}
