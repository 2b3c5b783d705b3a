package task_test

import (
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
	"pgregory.net/rapid"
)

// model is a deliberately plain reference of TSK-1 … TSK-3, TSK-7, TSK-8:
// a switch over (state, command) written from the SPEC, independent of the
// transition table.
type model struct {
	live, signed, comp  bool
	creatorW            who
	state               task.State
	scriptRej, videoRej int
	scriptMax, videoMax int
	card                bool
	orderDay            starmap.Date
	deliveredDay        starmap.Date
	liveStart, onAirAt  time.Time
	applied             int
}

type who int

const (
	wAdv who = iota
	wSub
	wCreator
	wMCN
	wPlatform
	wOtherAdv
	wOtherCreator
)

var actorsOf = map[who]starmap.Actor{wAdv: advertiser, wSub: subAccount, wCreator: creator, wMCN: mcn,
	wPlatform: platform, wOtherAdv: otherAdv, wOtherCreator: otherCre}

// next returns the state after the command, or ok=false when the task
// must refuse it.
func (m *model) next(c task.Command, w who, r task.Request, now time.Time) (task.State, bool) {
	adv := w == wAdv || w == wSub
	crt := w == m.creatorW || (w == wMCN && m.signed)
	plat := w == wPlatform
	today := starmap.DateOf(now)
	reason := r.Reason != ""
	ref := r.Ref != ""
	video, live := !m.live, m.live
	s := m.state
	cancellable := func() bool {
		switch s {
		case task.StatePending, task.StateOpen:
			return adv || plat
		case task.StateAccepted, task.StateScheduled:
			return adv || crt || plat
		case task.StateScriptSubmitted, task.StateScriptRejected, task.StateScriptApproved,
			task.StateVideoSubmitted, task.StateVideoRejected, task.StateVideoApproved:
			return adv || crt || plat
		case task.StateOnAir:
			return plat
		}
		return false
	}
	switch c {
	case task.CmdAcceptOrder:
		return task.StateAccepted, s == task.StatePending && crt && !today.After(m.orderDay.AddDays(5))
	case task.CmdDecline:
		return task.StateDeclined, s == task.StatePending && crt && reason
	case task.CmdExpire:
		return task.StateExpired, (s == task.StatePending || s == task.StateOpen) && plat && today.After(m.orderDay.AddDays(5))
	case task.CmdClaim:
		return task.StateAccepted, s == task.StateOpen && (w == wCreator || w == wOtherCreator) && !today.After(m.orderDay.AddDays(5))
	case task.CmdCancel:
		return task.StateCancelled, cancellable() && reason
	case task.CmdSubmitScript:
		return task.StateScriptSubmitted, video && (s == task.StateAccepted || s == task.StateScriptRejected) && crt && ref
	case task.CmdApproveScript:
		return task.StateScriptApproved, s == task.StateScriptSubmitted && (adv || plat)
	case task.CmdRejectScript:
		return task.StateScriptRejected, s == task.StateScriptSubmitted && (adv && m.scriptRej < m.scriptMax || plat) && reason
	case task.CmdSubmitVideo:
		return task.StateVideoSubmitted, (s == task.StateScriptApproved || s == task.StateVideoRejected) && crt && ref
	case task.CmdApproveVideo:
		return task.StateVideoApproved, s == task.StateVideoSubmitted && (adv || plat)
	case task.CmdRejectVideo:
		return task.StateVideoRejected, s == task.StateVideoSubmitted && (adv && m.videoRej < m.videoMax || plat) && reason
	case task.CmdPublish:
		return task.StatePublished, s == task.StateVideoApproved && crt && ref
	case task.CmdSchedule:
		return task.StateScheduled, live && (s == task.StateAccepted || s == task.StateScheduled) && crt && !r.Start.Before(now)
	case task.CmdStartBroadcast:
		return task.StateOnAir, s == task.StateScheduled && crt && !now.Before(m.liveStart.Add(-30*time.Minute))
	case task.CmdEndBroadcast:
		if s != task.StateOnAir || !crt || r.Duration <= 0 || r.Duration > 48*time.Hour || r.Duration > now.Sub(m.onAirAt) {
			return 0, false
		}
		if r.Duration >= 2*time.Hour {
			return task.StateBroadcast, true
		}
		return task.StateAccepted, true
	case task.CmdShowLiveCard:
		return s, s == task.StateOnAir && w == m.creatorW && m.comp && !m.card
	case task.CmdHideLiveCard:
		return s, s == task.StateOnAir && w == m.creatorW && m.comp && m.card
	case task.CmdAcceptDelivery:
		return task.StateSettled, (s == task.StatePublished || s == task.StateBroadcast) && adv
	case task.CmdAutoAccept:
		return task.StateSettled, (s == task.StatePublished || s == task.StateBroadcast) && plat && today.After(m.deliveredDay.AddDays(7))
	case task.CmdReportResults:
		// A report with neither metrics nor sales is refused (ErrResultsEmpty).
		return s, (s == task.StatePublished || s == task.StateBroadcast || s == task.StateSettled) && plat && r.Metrics.Exposure != 0
	case task.CmdWaiveFinding:
		// The model's submissions carry no text, so there is never a
		// finding to waive (review_test.go covers waivers).
		return s, false
	}
	return 0, false
}

func (m *model) apply(c task.Command, w who, r task.Request, to task.State, now time.Time) {
	switch c {
	case task.CmdClaim:
		m.creatorW = w
		m.signed = r.MCN != ""
	case task.CmdRejectScript:
		if w == wAdv || w == wSub {
			m.scriptRej++
		}
	case task.CmdRejectVideo:
		if w == wAdv || w == wSub {
			m.videoRej++
		}
	case task.CmdPublish:
		m.deliveredDay = starmap.DateOf(now)
	case task.CmdSchedule:
		m.liveStart = r.Start
	case task.CmdStartBroadcast:
		m.onAirAt = now
	case task.CmdEndBroadcast:
		if to == task.StateBroadcast {
			m.deliveredDay = starmap.DateOf(now)
		} else {
			m.card = false
		}
	case task.CmdShowLiveCard:
		m.card = true
	case task.CmdHideLiveCard:
		m.card = false
	}
	m.state = to
	m.applied++
}

// TestStateMachineAgainstModel: random commands by random actors at random
// times; the task accepts exactly what the model accepts and lands where
// it lands; after every step money is conserved to the fen, no posting
// overdraws an account, the history has one entry per applied command, and
// a terminal state is never left.
func TestStateMachineAgainstModel(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		live := rapid.Bool().Draw(rt, "live")
		signed := rapid.Bool().Draw(rt, "signed")
		comp := rapid.Bool().Draw(rt, "component")
		f := starmap.FormatShortVideo
		if live {
			f = starmap.FormatLive
		}
		var mounted []task.MountedComponent
		if comp {
			mounted = []task.MountedComponent{{ID: "cmp-1", Title: "领券", AppID: "tt-1"}}
		}
		o := order(f, signed)
		open := rapid.IntRange(0, 3).Draw(rt, "open") == 0
		if open {
			o.Creator, o.MCN, signed = "", "", false
		}
		for _, m := range mounted {
			o.Components = append(o.Components, m.ID)
		}
		p := task.DefaultPolicy()
		p.ScriptRejections = rapid.IntRange(0, 3).Draw(rt, "script budget")
		p.VideoRejections = rapid.IntRange(0, 2).Draw(rt, "video budget")
		tk, _, err := task.New(advertiser, t0, o, p, mounted)
		if err != nil {
			rt.Fatal(err)
		}
		start := task.StatePending
		if open {
			start = task.StateOpen
		}
		m := &model{live: live, signed: signed, comp: comp, creatorW: wCreator, state: start, orderDay: starmap.DateOf(t0),
			scriptMax: p.ScriptRejections, videoMax: p.VideoRejections}
		now := t0
		rt.Repeat(map[string]func(*rapid.T){
			"command": func(rt *rapid.T) {
				now = now.Add(time.Duration(rapid.IntRange(0, 72).Draw(rt, "hours")) * time.Hour)
				c := task.Command(rapid.IntRange(1, len(task.Commands())).Draw(rt, "command"))
				w := who(rapid.IntRange(0, int(wOtherCreator)).Draw(rt, "who"))
				r := task.Request{Command: c}
				if rapid.IntRange(0, 4).Draw(rt, "reason") > 0 {
					r.Reason = "理由"
				}
				if rapid.IntRange(0, 4).Draw(rt, "ref") > 0 {
					r.Ref = "ref-1"
				}
				r.Start = now.Add(time.Duration(rapid.IntRange(-2, 48).Draw(rt, "start")) * time.Hour)
				r.Duration = time.Duration(rapid.IntRange(-1, 3).Draw(rt, "duration")) * time.Hour
				if rapid.Bool().Draw(rt, "mcn") {
					r.MCN = "mcn-1"
				}
				if rapid.Bool().Draw(rt, "metrics") {
					r.Metrics.Exposure = int64(rapid.IntRange(1, 1000).Draw(rt, "exposure"))
				}
				prev := tk.State()
				want, ok := m.next(c, w, r, now)
				can := tk.Can(actorsOf[w], c)
				_, err := tk.Apply(actorsOf[w], now, r)
				if err == nil && !can {
					rt.Fatalf("%v by %v applied but Can said no", c, w)
				}
				if ok != (err == nil) {
					rt.Fatalf("%v by %v in %v: model ok=%v, task err=%v", c, w, prev, ok, err)
				}
				if ok {
					m.apply(c, w, r, want, now)
				}
				if tk.State() != m.state {
					rt.Fatalf("state %v, model %v", tk.State(), m.state)
				}
				if prev.Terminal() && tk.State() != prev {
					rt.Fatalf("left terminal %v", prev)
				}
				if sr, vr := tk.Rejections(); sr != m.scriptRej || vr != m.videoRej {
					rt.Fatalf("TSK-8 rejections %d/%d, model %d/%d", sr, vr, m.scriptRej, m.videoRej)
				}
				if tk.LiveCardShown() != m.card {
					rt.Fatalf("live card %v, model %v", tk.LiveCardShown(), m.card)
				}
			},
			"valid": func(rt *rapid.T) {
				// Bias towards progress: pick among the commands the model
				// allows now, with well-formed arguments.
				for k, n := 0, rapid.IntRange(1, 6).Draw(rt, "run"); k < n; k++ {
					now = now.Add(time.Duration(rapid.IntRange(0, 30).Draw(rt, "minutes")) * time.Minute)
					type choice struct {
						c task.Command
						w who
						r task.Request
					}
					var choices []choice
					for _, c := range task.Commands() {
						for w := wAdv; w <= wOtherCreator; w++ {
							r := task.Request{Command: c, Reason: "理由", Ref: "ref-1", Start: now.Add(time.Hour),
								Duration: time.Duration(rapid.IntRange(1, 3).Draw(rt, "hours")) * time.Hour}
							if c == task.CmdEndBroadcast && rapid.Bool().Draw(rt, "report air time") {
								r.Duration = now.Sub(m.onAirAt) // what the task saw
							}
							if w == wOtherCreator {
								r.MCN = "mcn-1"
							}
							if c == task.CmdReportResults {
								r.Metrics.Exposure = 1000
							}
							to, ok := m.next(c, w, r, now)
							// Ends are drawn rarely, so that runs get deep
							// (rejection budgets, broadcasts).
							if ok && (!to.Terminal() || to == task.StateSettled || rapid.IntRange(0, 9).Draw(rt, "end") == 0) {
								choices = append(choices, choice{c, w, r})
							}
						}
					}
					if len(choices) == 0 {
						return
					}
					ch := rapid.SampledFrom(choices).Draw(rt, "choice")
					want, _ := m.next(ch.c, ch.w, ch.r, now)
					if _, err := tk.Apply(actorsOf[ch.w], now, ch.r); err != nil {
						rt.Fatalf("%v by %v in %v: model allows it, task refused: %v", ch.c, ch.w, tk.State(), err)
					}
					m.apply(ch.c, ch.w, ch.r, want, now)
					if tk.State() != m.state {
						rt.Fatalf("state %v, model %v", tk.State(), m.state)
					}
				}
			},
			"sweep": func(rt *rapid.T) {
				now = now.Add(time.Duration(rapid.IntRange(0, 10).Draw(rt, "days")) * 24 * time.Hour)
				c, due := tk.Due(now)
				if !due {
					return
				}
				want, ok := m.next(c, wPlatform, task.Request{Command: c}, now)
				if !ok {
					rt.Fatalf("Due(%v) says %v but the model refuses it", now, c)
				}
				if _, err := tk.Apply(platform, now, task.Request{Command: c}); err != nil {
					rt.Fatalf("owed %v refused: %v", c, err)
				}
				m.apply(c, wPlatform, task.Request{Command: c}, want, now)
			},
			"": func(rt *rapid.T) {
				if tk.HistoryLen() != m.applied+1 {
					rt.Fatalf("history %d, applied %d", tk.HistoryLen(), m.applied)
				}
				checkMoney(rt, tk)
			},
		})
	})
}
