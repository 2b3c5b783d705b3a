package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/looplab/fsm"
	"github.com/qmuntal/stateless"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// The task comparison (TSK-1, TSK-2, TSK-8). starmap runs each sequence on
// a real aggregate (task.New, then Task.Apply per step: table, party,
// identity, guards, history, event). The peers are configured from the same
// transition table (task.Edges) and get, as host code a peer user would
// have to write, the guards the sequences can break: the party of the edge,
// the advertiser's rejection budgets, the invitation and acceptance
// deadlines, the live-card switch and the broadcast-length branch. Both
// sides then run the same sequences; TestTaskPeersAgree holds them to the
// same refusals and states at every step.

var (
	taskBase   = time.Date(2026, 10, 1, 10, 0, 0, 0, starmap.CST())
	taskPolicy = task.DefaultPolicy()
)

// step is one command of a sequence: who issues it, how long after the
// previous step, and (end_broadcast) whether the broadcast fell short.
type step struct {
	cmd   task.Command
	party task.Party
	after time.Duration
	short bool
}

type sequence struct {
	name   string
	format starmap.Format
	open   bool // ordered without a creator: starts open, to be claimed
	steps  []step
}

const (
	adv  = task.PartyAdvertiser
	crt  = task.PartyCreator
	plat = task.PartyPlatform
)

func s(c task.Command, p task.Party) step { return step{cmd: c, party: p, after: 2 * time.Hour} }

// scriptedSequences: the happy paths of both formats, the review loops up
// to and past the budgets, refusals by state, by party and by format, the
// deadlines and a short broadcast.
func scriptedSequences() []sequence {
	late := func(st step) step { st.after = 8 * 24 * time.Hour; return st }
	short := func(st step) step { st.short = true; return st }
	return []sequence{
		{"video-happy", starmap.FormatShortVideo, false, []step{s(task.CmdAcceptOrder, crt), s(task.CmdSubmitScript, crt),
			s(task.CmdApproveScript, adv), s(task.CmdSubmitVideo, crt), s(task.CmdApproveVideo, plat), s(task.CmdPublish, crt),
			s(task.CmdReportResults, plat), s(task.CmdAcceptDelivery, adv), s(task.CmdReportResults, plat)}},
		{"video-review-loops", starmap.FormatShortVideo, false, []step{s(task.CmdAcceptOrder, crt),
			s(task.CmdSubmitScript, crt), s(task.CmdRejectScript, adv), s(task.CmdSubmitScript, crt), s(task.CmdRejectScript, adv),
			s(task.CmdSubmitScript, crt), s(task.CmdRejectScript, adv), s(task.CmdSubmitScript, crt), s(task.CmdRejectScript, adv),
			s(task.CmdRejectScript, plat), s(task.CmdSubmitScript, crt), s(task.CmdApproveScript, adv),
			s(task.CmdSubmitVideo, crt), s(task.CmdRejectVideo, adv), s(task.CmdSubmitVideo, crt), s(task.CmdRejectVideo, adv),
			s(task.CmdSubmitVideo, crt), s(task.CmdRejectVideo, adv), s(task.CmdApproveVideo, adv), s(task.CmdPublish, crt),
			late(s(task.CmdAutoAccept, plat))}},
		{"video-refusals", starmap.FormatShortVideo, false, []step{s(task.CmdSubmitScript, crt), s(task.CmdAcceptOrder, adv),
			s(task.CmdSchedule, crt), s(task.CmdAutoAccept, plat), s(task.CmdExpire, plat), s(task.CmdAcceptOrder, crt),
			s(task.CmdApproveScript, adv), s(task.CmdSubmitScript, adv), s(task.CmdSubmitScript, crt), s(task.CmdPublish, crt),
			s(task.CmdApproveScript, crt), s(task.CmdCancel, crt)}},
		{"video-expired", starmap.FormatShortVideo, false, []step{late(s(task.CmdAcceptOrder, crt)), s(task.CmdExpire, plat),
			s(task.CmdAcceptOrder, crt), s(task.CmdCancel, adv)}},
		{"live-happy", starmap.FormatLive, false, []step{s(task.CmdAcceptOrder, crt), s(task.CmdSchedule, crt),
			s(task.CmdSchedule, crt), s(task.CmdStartBroadcast, crt), s(task.CmdShowLiveCard, crt), s(task.CmdShowLiveCard, crt),
			s(task.CmdHideLiveCard, crt), s(task.CmdEndBroadcast, crt), s(task.CmdReportResults, plat), s(task.CmdAcceptDelivery, adv)}},
		{"live-short-then-auto", starmap.FormatLive, false, []step{s(task.CmdAcceptOrder, crt), s(task.CmdSchedule, crt),
			s(task.CmdStartBroadcast, crt), s(task.CmdShowLiveCard, crt), short(s(task.CmdEndBroadcast, crt)),
			s(task.CmdStartBroadcast, crt), s(task.CmdHideLiveCard, crt), s(task.CmdSchedule, crt), s(task.CmdStartBroadcast, crt),
			s(task.CmdHideLiveCard, crt), s(task.CmdCancel, crt), s(task.CmdEndBroadcast, crt), s(task.CmdAutoAccept, plat),
			late(s(task.CmdAutoAccept, plat))}},
		{"live-refusals", starmap.FormatLive, false, []step{s(task.CmdAcceptOrder, crt), s(task.CmdSubmitScript, crt),
			s(task.CmdStartBroadcast, crt), s(task.CmdSchedule, adv), s(task.CmdSchedule, crt), s(task.CmdStartBroadcast, crt),
			s(task.CmdCancel, adv), s(task.CmdCancel, plat), s(task.CmdSchedule, crt)}},
		{"open-claim", starmap.FormatShortVideo, true, []step{s(task.CmdAcceptOrder, crt), s(task.CmdClaim, adv),
			s(task.CmdClaim, crt), s(task.CmdClaim, crt), s(task.CmdCancel, crt)}},
		{"open-expired", starmap.FormatLive, true, []step{late(s(task.CmdClaim, crt)), s(task.CmdExpire, plat)}},
	}
}

// randomSequences draws n sequences from random parties, mostly two hours
// apart and sometimes eight days, so that deadlines pass. Three steps in
// four take a command the table has for the task's state at that point
// (found by running the sequence so far), the rest any command at all
// (close_settlement and waive_finding included), so both taken and
// refused steps are frequent.
func randomSequences(n int, seed uint64) []sequence {
	rng := rand.New(rand.NewPCG(seed, 17))
	cmds := task.Commands()
	edges := task.Edges()
	parties := []task.Party{adv, crt, plat}
	out := make([]sequence, n)
	for i := range out {
		f := starmap.FormatShortVideo
		if rng.IntN(2) == 1 {
			f = starmap.FormatLive
		}
		sq := sequence{name: fmt.Sprintf("random-%d", i), format: f, open: rng.IntN(5) == 0}
		for j := 0; j < 10+rng.IntN(30); j++ {
			st := step{cmd: cmds[rng.IntN(len(cmds))], party: parties[rng.IntN(3)], after: 2 * time.Hour,
				short: rng.IntN(3) == 0}
			if rng.IntN(4) != 0 {
				trace, err := runStarmap(sq, []outcome{})
				if err != nil {
					panic(err)
				}
				state := task.StatePending
				if sq.open {
					state = task.StateOpen
				}
				if len(trace) > 0 {
					state = trace[len(trace)-1].state
				}
				var here []task.Edge
				for _, ed := range edges {
					if ed.From == state && modelled(ed, f) {
						here = append(here, ed)
					}
				}
				if len(here) > 0 {
					ed := here[rng.IntN(len(here))]
					if ed.To.Terminal() { // draw again once: ends stop a sequence early
						ed = here[rng.IntN(len(here))]
					}
					st.cmd = ed.Command
					if p := parties[rng.IntN(3)]; ed.Parties&p != 0 {
						st.party = p
					} else if ed.Parties&crt != 0 {
						st.party = crt
					}
				}
			}
			if rng.IntN(12) == 0 {
				st.after = 8 * 24 * time.Hour
			}
			sq.steps = append(sq.steps, st)
		}
		out[i] = sq
	}
	return out
}

// ---- starmap ----

var taskActors = map[task.Party]starmap.Actor{
	adv: starmap.AdvertiserActor("a-1"), crt: starmap.CreatorActor("c-1"), plat: starmap.PlatformActor("p-1"),
}

func newTask(sq sequence, now time.Time) (*task.Task, error) {
	o := task.Order{ID: "t-1", Creator: "c-1", Format: sq.format, Price: decimal.NewFromInt(1000)}
	if sq.open {
		o.Creator = ""
	}
	var mounted []task.MountedComponent
	if sq.format == starmap.FormatLive {
		o.LiveDuration = time.Hour
		o.Components = []string{"cmp-1"}
		mounted = []task.MountedComponent{{ID: "cmp-1", Title: "Shop", AppID: "tt1"}}
	}
	t, _, err := task.New(taskActors[adv], now, o, taskPolicy, mounted)
	return t, err
}

func request(st step, now time.Time, i int) task.Request {
	r := task.Request{Command: st.cmd}
	switch st.cmd {
	case task.CmdRejectScript, task.CmdRejectVideo, task.CmdDecline, task.CmdCancel, task.CmdWaiveFinding:
		r.Reason = "not this time"
	case task.CmdSubmitScript, task.CmdSubmitVideo, task.CmdPublish:
		r.Ref = "ref-1"
	case task.CmdSchedule:
		r.Start = now.Add(10 * time.Minute)
	case task.CmdEndBroadcast:
		r.Duration = time.Hour
		if st.short {
			r.Duration = 30 * time.Minute
		}
	case task.CmdReportResults:
		r.Metrics = task.Metrics{Exposure: int64(1000 + i)}
	}
	return r
}

// runStarmap runs a sequence and records, per step, whether it was refused
// and the state after it. trace may be nil (the benchmark).
func runStarmap(sq sequence, trace []outcome) ([]outcome, error) {
	now := taskBase
	t, err := newTask(sq, now)
	if err != nil {
		return nil, err
	}
	for i, st := range sq.steps {
		now = now.Add(st.after)
		_, err := t.Apply(taskActors[st.party], now, request(st, now, i))
		if trace != nil {
			trace = append(trace, outcome{refused: err != nil, state: t.State()})
		}
	}
	return trace, nil
}

type outcome struct {
	refused bool
	state   task.State
}

// ---- the peers' shared host code: the entity and its guards ----

// entity is what a peer user keeps beside the library's state: the
// counters and dates the guards read.
type entity struct {
	state     task.State
	format    starmap.Format
	scriptRej int
	videoRej  int
	card      bool
	lastDay   starmap.Date // the deadline of expire / auto_accept
	now       time.Time
}

func (e *entity) reset(sq sequence) {
	*e = entity{state: task.StatePending, format: sq.format, now: taskBase,
		lastDay: starmap.DateOf(taskBase).AddDays(taskPolicy.InvitationDays)}
	if sq.open {
		e.state = task.StateOpen
	}
}

// guard is every rule of the edge the peers are given, besides its
// source state: the party, the budgets (TSK-8), the deadlines (TSK-7),
// the live card's switch.
func (e *entity) guard(ed task.Edge, st step) bool {
	if ed.Parties&st.party == 0 {
		return false
	}
	if ed.Guards&task.GuardScriptBudget != 0 && st.party == adv && e.scriptRej >= taskPolicy.ScriptRejections {
		return false
	}
	if ed.Guards&task.GuardVideoBudget != 0 && st.party == adv && e.videoRej >= taskPolicy.VideoRejections {
		return false
	}
	passed := starmap.DateOf(e.now).After(e.lastDay)
	if ed.Guards&task.GuardInvitationOpen != 0 && passed || ed.Guards&task.GuardDue != 0 && !passed {
		return false
	}
	if ed.Guards&task.GuardLiveCard != 0 && (st.cmd == task.CmdShowLiveCard) == e.card {
		return false
	}
	return true
}

// effects updates the entity after a transition the library accepted.
func (e *entity) effects(st step, to task.State) {
	switch {
	case st.cmd == task.CmdRejectScript && st.party == adv:
		e.scriptRej++
	case st.cmd == task.CmdRejectVideo && st.party == adv:
		e.videoRej++
	case st.cmd == task.CmdShowLiveCard:
		e.card = true
	case st.cmd == task.CmdHideLiveCard:
		e.card = false
	case st.cmd == task.CmdPublish:
		e.lastDay = starmap.DateOf(e.now).AddDays(taskPolicy.AutoAcceptDays)
	case st.cmd == task.CmdEndBroadcast && to == task.StateBroadcast:
		e.lastDay = starmap.DateOf(e.now).AddDays(taskPolicy.LiveConfirmDays)
	case st.cmd == task.CmdEndBroadcast:
		e.card = false
	}
}

// modelled reports whether a peer is configured with the edge: not
// close_settlement (fixed-price orders never have a settlement to close)
// nor waive_finding (the sequences submit no text, so there is no finding
// to waive). starmap refuses both in every sequence, and so do the peers,
// which do not know the commands.
func modelled(ed task.Edge, f starmap.Format) bool {
	bit := task.ForShortVideo
	if f == starmap.FormatLive {
		bit = task.ForLive
	}
	return ed.Formats&bit != 0 && ed.Command != task.CmdCloseSettlement && ed.Command != task.CmdWaiveFinding
}

// ---- looplab/fsm ----

// fsmPeer is one FSM per format, built from the edges. fsm maps (event,
// source) to one destination, so the broadcast-length branch is two
// events: end_broadcast (to broadcast) and end_broadcast_short (back to
// accepted); the driver picks one by the reported duration. The guards
// run in the before_event callback, which cancels the transition.
type fsmPeer struct {
	m     *fsm.FSM
	e     entity
	edges map[string]task.Edge // event + "|" + source state
	names map[string]task.State
}

func newFSMPeer(f starmap.Format) *fsmPeer {
	p := &fsmPeer{edges: map[string]task.Edge{}, names: map[string]task.State{}}
	for _, st := range task.States() {
		p.names[st.String()] = st
	}
	var events fsm.Events
	for _, ed := range task.Edges() {
		if !modelled(ed, f) {
			continue
		}
		name := ed.Command.String()
		events = append(events, fsm.EventDesc{Name: name, Src: []string{ed.From.String()}, Dst: ed.To.String()})
		p.edges[name+"|"+ed.From.String()] = ed
		if ed.Else != 0 {
			events = append(events, fsm.EventDesc{Name: name + "_short", Src: []string{ed.From.String()}, Dst: ed.Else.String()})
			p.edges[name+"_short|"+ed.From.String()] = ed
		}
	}
	p.m = fsm.NewFSM(task.StatePending.String(), events, fsm.Callbacks{
		"before_event": func(_ context.Context, ev *fsm.Event) {
			if !p.e.guard(p.edges[ev.Event+"|"+ev.Src], ev.Args[0].(step)) {
				ev.Cancel()
			}
		},
	})
	return p
}

func (p *fsmPeer) run(sq sequence, trace []outcome) []outcome {
	p.e.reset(sq)
	p.m.SetState(p.e.state.String())
	for _, st := range sq.steps {
		p.e.now = p.e.now.Add(st.after)
		name := st.cmd.String()
		if st.cmd == task.CmdEndBroadcast && st.short {
			name += "_short"
		}
		err := p.m.Event(context.Background(), name, st)
		var same fsm.NoTransitionError
		refused := err != nil && !errors.As(err, &same)
		to := p.names[p.m.Current()]
		if !refused {
			p.e.state = to
			p.e.effects(st, to)
		}
		if trace != nil {
			trace = append(trace, outcome{refused: refused, state: to})
		}
	}
	return trace
}

// ---- qmuntal/stateless ----

// statelessPeer is one machine per format over external storage (the
// entity's state), so one configured machine serves every task. Each edge
// is a Permit (InternalTransition for a loop) whose guard is the entity's;
// the broadcast branch is two Permits guarded on the step's length.
type statelessPeer struct {
	m *stateless.StateMachine
	e entity
}

func newStatelessPeer(f starmap.Format) *statelessPeer {
	p := &statelessPeer{}
	p.m = stateless.NewStateMachineWithExternalStorage(
		func(context.Context) (stateless.State, error) { return p.e.state, nil },
		func(_ context.Context, s stateless.State) error { p.e.state = s.(task.State); return nil },
		stateless.FiringImmediate)
	for _, ed := range task.Edges() {
		if !modelled(ed, f) {
			continue
		}
		g := func(_ context.Context, args ...any) bool { return p.e.guard(ed, args[0].(step)) }
		c := p.m.Configure(ed.From)
		switch {
		case ed.Else != 0:
			full := func(ctx context.Context, args ...any) bool { return !args[0].(step).short && g(ctx, args...) }
			short := func(ctx context.Context, args ...any) bool { return args[0].(step).short && g(ctx, args...) }
			c.Permit(ed.Command, ed.To, full).Permit(ed.Command, ed.Else, short)
		case ed.To == ed.From:
			c.InternalTransition(ed.Command, func(context.Context, ...any) error { return nil }, g)
		default:
			c.Permit(ed.Command, ed.To, g)
		}
	}
	return p
}

func (p *statelessPeer) run(sq sequence, trace []outcome) []outcome {
	p.e.reset(sq)
	for _, st := range sq.steps {
		p.e.now = p.e.now.Add(st.after)
		err := p.m.Fire(st.cmd, st)
		if err == nil {
			p.e.effects(st, p.e.state)
		}
		if trace != nil {
			trace = append(trace, outcome{refused: err != nil, state: p.e.state})
		}
	}
	return trace
}

// ---- equivalence and benchmark ----

func taskCorpus() []sequence { return append(scriptedSequences(), randomSequences(200, 1)...) }

// TestTaskPeersAgree (TSK-1, TSK-2, TSK-7, TSK-8): every step of every
// sequence is refused or taken alike, and leaves the same state, in
// starmap, looplab/fsm and qmuntal/stateless.
func TestTaskPeersAgree(t *testing.T) {
	fsms := map[starmap.Format]*fsmPeer{}
	sls := map[starmap.Format]*statelessPeer{}
	for _, f := range []starmap.Format{starmap.FormatShortVideo, starmap.FormatLive} {
		fsms[f], sls[f] = newFSMPeer(f), newStatelessPeer(f)
	}
	taken, refused := 0, 0
	for _, sq := range taskCorpus() {
		want, err := runStarmap(sq, []outcome{})
		if err != nil {
			t.Fatalf("%s: order: %v", sq.name, err)
		}
		gotF := fsms[sq.format].run(sq, []outcome{})
		gotS := sls[sq.format].run(sq, []outcome{})
		for i, w := range want {
			st := sq.steps[i]
			if gotF[i] != w {
				t.Fatalf("TSK-1 %s step %d (%s by %s): starmap %+v, looplab/fsm %+v", sq.name, i, st.cmd, st.party, w, gotF[i])
			}
			if gotS[i] != w {
				t.Fatalf("TSK-1 %s step %d (%s by %s): starmap %+v, stateless %+v", sq.name, i, st.cmd, st.party, w, gotS[i])
			}
			if w.refused {
				refused++
			} else {
				taken++
			}
		}
	}
	// The corpus must exercise both answers, or agreement proves little.
	if taken < 500 || refused < 500 {
		t.Fatalf("TSK-1 corpus too one-sided: %d taken, %d refused", taken, refused)
	}
	t.Logf("%d steps taken, %d refused, identical in the three", taken, refused)
}

// BenchmarkTask: one op is one sequence of the corpus (cycled), from a
// fresh task to its last step; ns/step divides by the steps run.
func BenchmarkTask(b *testing.B) {
	corpus := taskCorpus()
	steps := func(n int) int {
		total := 0
		for i := 0; i < n; i++ {
			total += len(corpus[i%len(corpus)].steps)
		}
		return total
	}
	b.Run("starmap", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := runStarmap(corpus[i%len(corpus)], nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(steps(b.N)), "ns/step")
	})
	b.Run("looplab-fsm", func(b *testing.B) {
		peers := map[starmap.Format]*fsmPeer{starmap.FormatShortVideo: newFSMPeer(starmap.FormatShortVideo),
			starmap.FormatLive: newFSMPeer(starmap.FormatLive)}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sq := corpus[i%len(corpus)]
			peers[sq.format].run(sq, nil)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(steps(b.N)), "ns/step")
	})
	b.Run("stateless", func(b *testing.B) {
		peers := map[starmap.Format]*statelessPeer{starmap.FormatShortVideo: newStatelessPeer(starmap.FormatShortVideo),
			starmap.FormatLive: newStatelessPeer(starmap.FormatLive)}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sq := corpus[i%len(corpus)]
			peers[sq.format].run(sq, nil)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(steps(b.N)), "ns/step")
	})
}
