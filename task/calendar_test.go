package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// at is 09:00 CST on the day d of December 9999, the calendar's last month.
func at(d int) time.Time { return time.Date(9999, 12, d, 9, 0, 0, 0, starmap.CST()) }

// TestEndOfCalendar_TSK7: no task may wait on a day the calendar cannot
// hold. A task ordered on 9999-12-31 once never expired (the deadline
// stopped at MaxDate, so no instant was ever after it) and its creator
// could still accept it at any later time: such an order is now refused,
// and every deadline a task keeps is one the clock can pass.
func TestEndOfCalendar_TSK7(t *testing.T) {
	ctx := context.Background()
	o := order(starmap.FormatShortVideo, false)

	t.Run("TSK-7_order_on_the_last_day_refused", func(t *testing.T) {
		s, store := newService(t, starmap.FixedClock(at(31)))
		_, err := s.Order(ctx, advertiser, o)
		if !errors.Is(err, task.ErrBeyondCalendar) {
			t.Fatalf("order on 9999-12-31: %v, want ErrBeyondCalendar", err)
		}
		assertChinese(t, err)
		if n := len(listAll(t, store)); n != 0 {
			t.Errorf("a refused order stored %d tasks", n)
		}
	})
	t.Run("TSK-7_the_window_must_end_before_the_last_day", func(t *testing.T) {
		// 5 days after 12-26 ends on 12-31: the expiry would be owed on a
		// day that does not exist.
		if _, _, err := task.New(advertiser, at(26), o, task.DefaultPolicy(), nil); !errors.Is(err, task.ErrBeyondCalendar) {
			t.Errorf("order on 9999-12-26 with 5 days: %v, want ErrBeyondCalendar", err)
		}
		p := task.DefaultPolicy()
		p.InvitationDays = 1
		tk, _, err := task.New(advertiser, at(29), o, p, nil)
		if err != nil {
			t.Fatalf("order on 9999-12-29 with 1 day: %v", err)
		}
		if _, last, _ := tk.Deadline(); last != starmap.MustDate(9999, 12, 30) {
			t.Errorf("deadline %v, want 9999-12-30", last)
		}
	})
	t.Run("TSK-7_the_latest_order_expires", func(t *testing.T) {
		clock := starmap.NewManualClock(at(25))
		s, store := newService(t, clock)
		if _, err := s.Order(ctx, advertiser, o); err != nil {
			t.Fatalf("order on 9999-12-25: %v", err)
		}
		recs := listAll(t, store)
		if len(recs) != 1 || !recs[0].DueAt.Equal(starmap.MaxDate().StartOfDay()) {
			t.Fatalf("DueAt %v, want 9999-12-31 00:00 CST", recs[0].DueAt)
		}
		clock.Set(starmap.MaxDate().StartOfDay())
		if _, err := s.Do(ctx, creator, o.ID, cmd(task.CmdAcceptOrder)); !errors.Is(err, task.ErrInvitationClosed) {
			t.Errorf("accepting on 9999-12-31: %v, want ErrInvitationClosed", err)
		}
		outs, err := s.Sweep(ctx, sweeper)
		if err != nil || len(outs) != 1 || outs[0].Task.State() != task.StateExpired {
			t.Fatalf("sweep on 9999-12-31: %+v %v; want the task expired", outs, err)
		}
	})
	t.Run("TSK-7_no_command_beyond_the_calendar", func(t *testing.T) {
		later := starmap.MaxDate().StartOfDay().Add(24 * time.Hour)
		for _, now := range []time.Time{later, later.AddDate(5000, 0, 0), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)} {
			if _, _, err := task.New(advertiser, now, o, task.DefaultPolicy(), nil); !errors.Is(err, task.ErrBeyondCalendar) {
				t.Errorf("order at %v: %v, want ErrBeyondCalendar", now, err)
			}
			tk := newTask(t, starmap.FormatShortVideo, false)
			if _, err := tk.Apply(creator, now, cmd(task.CmdAcceptOrder)); !errors.Is(err, task.ErrBeyondCalendar) && !errors.Is(err, task.ErrInvitationClosed) {
				t.Errorf("accept at %v: %v", now, err)
			}
			if _, err := tk.Apply(advertiser, now, withReason(task.CmdCancel)); !errors.Is(err, task.ErrBeyondCalendar) {
				t.Errorf("cancel at %v: %v, want ErrBeyondCalendar", now, err)
			}
			if tk.State() != task.StatePending || tk.HistoryLen() != 1 {
				t.Errorf("a refused command changed the task")
			}
		}
	})
	t.Run("TSK-7_delivery_windows_fit_too", func(t *testing.T) {
		p := task.DefaultPolicy()
		p.InvitationDays = 1
		video := func(t *testing.T) *task.Task {
			tk, _, err := task.New(advertiser, at(1), o, p, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range []step{{by: creator, req: cmd(task.CmdAcceptOrder)}, {by: creator, req: withRef(task.CmdSubmitScript)},
				{by: advertiser, req: cmd(task.CmdApproveScript)}, {by: creator, req: withRef(task.CmdSubmitVideo)},
				{by: advertiser, req: cmd(task.CmdApproveVideo)}} {
				st.at = at(2)
				run(t, tk, st)
			}
			return tk
		}
		// Publishing on 12-24 would leave the acceptance owed on 12-32.
		tk := video(t)
		if _, err := tk.Apply(creator, at(24), withRef(task.CmdPublish)); !errors.Is(err, task.ErrBeyondCalendar) {
			t.Errorf("publish on 9999-12-24: %v, want ErrBeyondCalendar", err)
		}
		if tk.State() != task.StateVideoApproved {
			t.Errorf("a refused publication changed the task: %v", tk.State())
		}
		run(t, tk, step{by: creator, req: withRef(task.CmdPublish), at: at(23)})
		if c, ok := tk.Due(starmap.MaxDate().StartOfDay()); !ok || c != task.CmdAutoAccept {
			t.Errorf("published on 12-23: auto-accept owed on 12-31: %v %v", c, ok)
		}

		live := order(starmap.FormatLive, false)
		lt, _, err := task.New(advertiser, at(1), live, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		run(t, lt, step{by: creator, req: cmd(task.CmdAcceptOrder), at: at(1)})
		if _, err := lt.Apply(creator, at(1), task.Request{Command: task.CmdSchedule, Start: starmap.MaxDate().StartOfDay().Add(24 * time.Hour)}); !errors.Is(err, task.ErrBeyondCalendar) {
			t.Errorf("a stream planned after the calendar: %v, want ErrBeyondCalendar", err)
		}
		run(t, lt, step{by: creator, req: task.Request{Command: task.CmdSchedule, Start: at(25)}, at: at(1)},
			step{by: creator, req: cmd(task.CmdStartBroadcast), at: at(25)})
		full := task.Request{Command: task.CmdEndBroadcast, Duration: 2 * time.Hour}
		if _, err := lt.Apply(creator, at(25).Add(3*time.Hour), full); !errors.Is(err, task.ErrBeyondCalendar) {
			t.Errorf("a full broadcast ending on 12-25: %v, want ErrBeyondCalendar", err)
		}
		// A short one starts no window: back to accepted, as ever.
		run(t, lt, step{by: creator, req: task.Request{Command: task.CmdEndBroadcast, Duration: time.Hour}, at: at(25).Add(3 * time.Hour)})
		if lt.State() != task.StateAccepted {
			t.Errorf("short broadcast: %v, want accepted", lt.State())
		}
	})
	t.Run("X-8_stored_deadline_beyond_the_calendar_refused", func(t *testing.T) {
		tk, _, err := task.New(advertiser, at(25), o, task.DefaultPolicy(), nil)
		if err != nil {
			t.Fatal(err)
		}
		r := tk.Record()
		r.OrderedAt, r.History[0].At = at(31), at(31)
		if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
			t.Errorf("a stored order of 9999-12-31: %v, want ErrRecordInvalid", err)
		}
	})
}
