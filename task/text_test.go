package task_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TestBlankText (TSK-1, TSK-8): a reason or a reference that shows nothing
// — Unicode spaces, controls, zero-width and other format characters — is
// no reason or reference.
func TestBlankText(t *testing.T) {
	blanks := []string{"", " \t\r\n", "\v", "\f", "\u3000", "\u00a0", "\u200b", "\u200c\u200d", "\ufeff", "\u2060",
		"\u0085", "\u2028", " \u3000\u200b\t", "\x00", "\u202e"}
	for _, b := range blanks {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StateScriptSubmitted)
		if _, err := tk.Apply(advertiser, t0.Add(time.Hour), task.Request{Command: task.CmdRejectScript, Reason: b}); !errors.Is(err, task.ErrReasonRequired) {
			t.Errorf("TSK-8 reason %q: %v, want ErrReasonRequired", b, err)
		}
		run(t, tk, step{by: advertiser, req: withReason(task.CmdRejectScript)})
		if _, err := tk.Apply(creator, t0.Add(time.Hour), task.Request{Command: task.CmdSubmitScript, Ref: b}); !errors.Is(err, task.ErrSubmissionRequired) {
			t.Errorf("TSK-1 ref %q: %v, want ErrSubmissionRequired", b, err)
		}
	}
	for _, ok := range []string{"太暗", "\u200bx", "\u3000改一下", "a"} {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StateScriptSubmitted)
		if _, err := tk.Apply(advertiser, t0.Add(time.Hour), task.Request{Command: task.CmdRejectScript, Reason: ok}); err != nil {
			t.Errorf("reason %q refused: %v", ok, err)
		}
	}
}

// TestTextLimits: a reason is a note (starmap.TextNote) and a
// reference one line (starmap.TextLine), whether or not the command needs
// one; beyond the bound is starmap.ErrTextInvalid and changes nothing.
func TestTextLimits(t *testing.T) {
	tk := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, tk, task.StateScriptSubmitted)
	maxReason, maxRef := starmap.TextNote.MaxRunes(), starmap.TextLine.MaxRunes()
	long := strings.Repeat("长", maxReason+1)
	_, err := tk.Apply(advertiser, t0, task.Request{Command: task.CmdApproveScript, Reason: long})
	if !errors.Is(err, starmap.ErrTextInvalid) {
		t.Errorf("long reason on an unguarded command: %v", err)
	}
	assertChinese(t, err)
	_, err = tk.Apply(advertiser, t0, task.Request{Command: task.CmdApproveScript, Ref: strings.Repeat("r", maxRef+1)})
	if !errors.Is(err, starmap.ErrTextInvalid) {
		t.Errorf("long ref: %v", err)
	}
	assertChinese(t, err)
	if tk.State() != task.StateScriptSubmitted || tk.HistoryLen() != 3 {
		t.Errorf("a refused text changed the task: %v, %d entries", tk.State(), tk.HistoryLen())
	}
	ok := strings.Repeat("长", maxReason)
	if _, err := tk.Apply(advertiser, t0, task.Request{Command: task.CmdRejectScript, Reason: ok}); err != nil {
		t.Errorf("reason of exactly %d characters: %v", maxReason, err)
	}
	if h := tk.History()[0]; h.Command.String() != "order" || h.To != task.StatePending || h.Actor != advertiser {
		t.Errorf("X-6 ordering entry %+v", h)
	}
}
