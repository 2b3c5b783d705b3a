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

// TestTextFields_X5: every free-text field goes through the root's one
// validator — reasons, references, deliverables, requirements, component
// titles: invalid UTF-8, control and bidi characters and over-long texts
// are starmap.ErrTextInvalid and change nothing; line breaks are kept
// where a field is multi-line.
func TestTextFields_X5(t *testing.T) {
	bad := []string{"a\x00b", "a\x1b[31mb", "a\xffb", "abc\u202e", "x\u2066y", "a\x7fb"}
	for _, s := range bad {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StateScriptSubmitted)
		for _, r := range []task.Request{{Command: task.CmdRejectScript, Reason: s}, {Command: task.CmdApproveScript, Ref: s},
			{Command: task.CmdApproveScript, Reason: s}} {
			_, err := tk.Apply(advertiser, t0.Add(time.Hour), r)
			if !errors.Is(err, starmap.ErrTextInvalid) {
				t.Errorf("X-5 %v with %q: %v, want ErrTextInvalid", r.Command, s, err)
			}
			assertChinese(t, err)
		}
		if tk.State() != task.StateScriptSubmitted || tk.HistoryLen() != 3 {
			t.Errorf("a refused text changed the task")
		}
		o := order(starmap.FormatShortVideo, false)
		o.Template.Deliverables = []string{"ok", s}
		if _, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil); !errors.Is(err, task.ErrTemplateInvalid) || !errors.Is(err, starmap.ErrTextInvalid) {
			t.Errorf("X-5 deliverable %q: %v", s, err)
		}
		o = order(starmap.FormatShortVideo, false)
		o.Template.Requirements = "要求" + s
		if _, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil); !errors.Is(err, task.ErrTemplateInvalid) || !errors.Is(err, starmap.ErrTextInvalid) {
			t.Errorf("X-5 requirements %q: %v", s, err)
		}
		o = order(starmap.FormatShortVideo, false)
		o.Components = []string{"cmp-1"}
		if _, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), []task.MountedComponent{{ID: "cmp-1", Title: s}}); !errors.Is(err, task.ErrComponentsInvalid) || !errors.Is(err, starmap.ErrTextInvalid) {
			t.Errorf("X-5 component title %q: %v", s, err)
		}
	}
	// One line where one line is meant; notes and documents keep breaks.
	tk := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, tk, task.StateAccepted)
	if _, err := tk.Apply(creator, t0.Add(time.Hour), task.Request{Command: task.CmdSubmitScript, Ref: "a\nb"}); !errors.Is(err, starmap.ErrTextInvalid) {
		t.Errorf("X-5 a reference of two lines: %v", err)
	}
	run(t, tk, step{by: creator, req: withRef(task.CmdSubmitScript)},
		step{by: advertiser, req: task.Request{Command: task.CmdRejectScript, Reason: "第一，画面太暗\n第二，\t声音小"}})
	o := order(starmap.FormatShortVideo, false)
	o.Template.Requirements = "一、真实场景\n二、\t结尾引导"
	if _, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil); err != nil {
		t.Errorf("X-5 requirements of several lines: %v", err)
	}
	o.Template.Requirements = strings.Repeat("长", starmap.TextBody.MaxRunes()+1)
	if _, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil); !errors.Is(err, starmap.ErrTextInvalid) {
		t.Errorf("X-5 requirements beyond TextBody: %v", err)
	}
	o = order(starmap.FormatShortVideo, false)
	o.Template.Deliverables = []string{"a\nb"}
	if _, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil); !errors.Is(err, starmap.ErrTextInvalid) {
		t.Errorf("X-5 a deliverable of two lines: %v", err)
	}
}
