package task_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// FuzzApply drives a task with arbitrary bytes read as (command, actor,
// hours, flags) quadruples: nothing panics, refused commands change
// nothing, and money and history stay sound.
func FuzzApply(f *testing.F) {
	f.Add([]byte{1, 2, 1, 0, 4, 2, 1, 3, 6, 0, 1, 3})
	f.Add([]byte{1, 3, 0, 0, 11, 2, 0, 0, 12, 2, 24, 0, 14, 2, 0, 0, 13, 2, 2, 0, 16, 0, 0, 0})
	f.Add([]byte{19, 0, 0, 1, 3, 4, 200, 0})
	actors := []starmap.Actor{advertiser, subAccount, creator, mcn, platform, otherAdv, otherCre, starmap.CreatorActor("bad id")}
	f.Fuzz(func(t *testing.T, b []byte) {
		live := len(b) > 0 && b[0]&0x80 != 0
		f := starmap.FormatShortVideo
		var mounted []task.MountedComponent
		if live {
			f = starmap.FormatLive
			mounted = []task.MountedComponent{{ID: "c-1"}}
		}
		tk := newTask(t, f, len(b)%2 == 0, mounted...)
		now := t0
		applied := 0
		for i := 0; i+3 < len(b); i += 4 {
			now = now.Add(time.Duration(b[i+2]) * time.Hour)
			r := task.Request{Command: task.Command(b[i] % 22), Start: now.Add(time.Duration(int8(b[i+3])) * time.Hour),
				Duration: time.Duration(int8(b[i+3])) * 10 * time.Minute}
			if b[i+3]&1 != 0 {
				r.Reason, r.Ref = "x", "y"
			}
			if b[i+3]&2 != 0 {
				r.Metrics.Clicks = int64(int8(b[i+3]))
			}
			before := tk.Record()
			if _, err := tk.Apply(actors[int(b[i+1])%len(actors)], now, r); err != nil {
				if tk.State() != before.State || tk.HistoryLen() != len(before.History) || len(tk.Postings()) != len(before.Postings) {
					t.Fatalf("refused %v changed the task", r.Command)
				}
				continue
			}
			applied++
			if before.State.Terminal() && tk.State() != before.State {
				t.Fatalf("left terminal %v", before.State)
			}
		}
		if tk.HistoryLen() != applied+1 {
			t.Fatalf("history %d, applied %d", tk.HistoryLen(), applied)
		}
		checkMoney(t, tk)
	})
}

// FuzzOrder places orders built from arbitrary fields: nothing panics, a
// refusal is a coded error, and an accepted order holds only what the
// library accepts — ids that validate, a positive price within
// starmap.CheckAmount whose total with the fee is one too, texts the root
// validator passes, a deadline inside the calendar — and survives a round
// trip through its record.
func FuzzOrder(f *testing.F) {
	f.Add("task-1", "cre-1", "", "1000.00", uint8(1), int64(0), "60s video", "口播", "cmp-1", int64(0))
	f.Add("t 1", "adv-1", "mcn/1", "1e30", uint8(2), int64(time.Hour), "\x00", "\xff", "cmp-1", int64(-1))
	f.Add("t-2", "", "", "999999999999999.99", uint8(1), int64(0), "", "", "", int64(1<<62))
	f.Fuzz(func(t *testing.T, id, cre, mcnID, price string, format uint8, live int64, deliverable, requirements, component string, shift int64) {
		p, err := decimal.NewFromString(price)
		if err != nil || len(price) > 2000 {
			return
		}
		o := task.Order{ID: id, Creator: cre, MCN: mcnID, Format: starmap.Format(format), Price: p, LiveDuration: time.Duration(live)}
		if deliverable != "" || requirements != "" {
			o.Template = task.Template{Objective: task.ObjectiveExposure, Deliverables: []string{deliverable}, Requirements: requirements}
		}
		var mounted []task.MountedComponent
		if component != "" {
			o.Components = []string{component}
			mounted = []task.MountedComponent{{ID: component, Title: deliverable}}
		}
		now := t0.Add(time.Duration(shift))
		tk, ev, err := task.New(advertiser, now, o, task.DefaultPolicy(), mounted)
		if err != nil {
			if tk != nil || len(starmap.Codes(err)) == 0 {
				t.Fatalf("refusal %v with task %v", err, tk)
			}
			return
		}
		if starmap.ValidateID("id", tk.ID()) != nil || (tk.Creator() != "" && starmap.ValidateID("creator", tk.Creator()) != nil) {
			t.Fatalf("accepted ids %q %q", tk.ID(), tk.Creator())
		}
		if tk.Price().Sign() <= 0 || starmap.CheckAmount(tk.Price()) != nil || starmap.CheckAmount(tk.Price().Add(tk.Fee())) != nil {
			t.Fatalf("accepted price %s + fee %s", tk.Price(), tk.Fee())
		}
		tpl := tk.Template()
		for _, d := range tpl.Deliverables {
			if (starmap.TextField{ZH: "交付项", EN: "deliverable", Kind: starmap.TextLine}).Validate(d) != nil {
				t.Fatalf("accepted deliverable %q", d)
			}
		}
		if (starmap.TextField{ZH: "要求", EN: "requirements", Kind: starmap.TextBody}).Validate(tpl.Requirements) != nil {
			t.Fatalf("accepted requirements %q", tpl.Requirements)
		}
		if _, last, ok := tk.Deadline(); !ok || !last.Before(starmap.MaxDate()) {
			t.Fatalf("deadline %v %v", last, ok)
		}
		if ev.Subject != tk.ID() || tk.HistoryLen() != 1 {
			t.Fatalf("event %+v history %d", ev, tk.HistoryLen())
		}
		if _, err := task.FromRecord(tk.Record()); err != nil {
			t.Fatalf("an accepted order does not load: %v", err)
		}
		checkMoney(t, tk)
	})
}
