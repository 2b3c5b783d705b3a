package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TestInvalidActorFirst: an invalid actor is refused with
// ErrActorInvalid before anything else is looked at — the command, the
// state, the store — and Can answers false for it.
func TestInvalidActorFirst(t *testing.T) {
	bad := []starmap.Actor{starmap.PlatformActor(""), starmap.AdvertiserActor("adv 1"), {}}
	tk := newTask(t, starmap.FormatShortVideo, false)
	for _, by := range bad {
		if tk.Can(by, task.CmdCancel) {
			t.Errorf("X-7 Can(cancel) true for invalid actor %v", by)
		}
		for _, c := range []task.Command{task.CmdCancel, task.Command(200), task.CmdApproveVideo} {
			if _, err := tk.Apply(by, t0.Add(time.Hour), task.Request{Command: c, Reason: "r"}); !errors.Is(err, starmap.ErrActorInvalid) {
				t.Errorf("X-7 %v by invalid %v: %v, want ErrActorInvalid", c, by, err)
			}
		}
	}
	videoTo(t, tk, task.StateSettled)
	if _, err := tk.Apply(starmap.PlatformActor(""), t0, withReason(task.CmdCancel)); !errors.Is(err, starmap.ErrActorInvalid) {
		t.Errorf("X-7 terminal task, invalid actor: %v", err)
	}
	s, _ := newService(t, starmap.FixedClock(t0))
	if _, err := s.Do(context.Background(), starmap.PlatformActor(""), "missing", withReason(task.CmdCancel)); !errors.Is(err, starmap.ErrActorInvalid) {
		t.Errorf("X-7 Service.Do with invalid actor on a missing task: %v, want ErrActorInvalid", err)
	}
}
