package task_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TestChineseMessages: every refusal rendered in zh-CN is Chinese —
// role words, fields and problems included; only ids stay as they are.
func TestChineseMessages(t *testing.T) {
	var errs []error
	add := func(err error) {
		if err == nil {
			t.Fatalf("expected a refusal")
		}
		errs = append(errs, err)
	}
	tk := newTask(t, starmap.FormatShortVideo, true)
	videoTo(t, tk, task.StateScriptSubmitted)
	for _, by := range []starmap.Actor{otherAdv, otherCre, otherMCN, creator, mcn, subAccount} {
		_, err := tk.Apply(by, t0.Add(time.Hour), cmd(task.CmdApproveScript))
		if by != subAccount {
			add(err)
		}
	}
	_, err := tk.Apply(platform, t0, cmd(task.CmdAcceptDelivery))
	add(err)
	bad := task.DefaultPolicy()
	bad.ScriptRejections, bad.VideoRejections, bad.InvitationDays, bad.AutoAcceptDays, bad.LiveConfirmDays = -1, 11, 0, 31, 0
	bad.LiveEarlyStart, bad.FeeRate, bad.MCNShare = -time.Minute, dec("2"), dec("-1")
	bad.Refunds.Set(task.ProgressInvited, task.PartyCreator, task.Refund{CreatorShare: dec("0.5"), FeeShare: dec("3")})
	add(bad.Validate())
	if n := len(starmap.Codes(bad.Validate())); n != 10 {
		t.Errorf("X-5 every policy problem: %d", n)
	}
	r := tk.Record()
	r.ID = ""
	_, err = task.FromRecord(r)
	add(err)
	r = tk.Record()
	r.Policy = bad
	_, err = task.FromRecord(r)
	add(err)
	_, _, err = task.New(advertiser, t0, task.Order{ID: "t 1", Creator: "adv-1", Format: 9, Price: dec("-1"), Components: []string{"cmp-1", "cmp-1"}}, task.DefaultPolicy(), nil)
	add(err)
	s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)), task.WithSigningLookup(&signings{}))
	o := order(starmap.FormatShortVideo, false)
	o.Creator = ""
	if _, err := s.Order(context.Background(), advertiser, o); err != nil {
		t.Fatal(err)
	}
	_, err = s.Do(context.Background(), creator, o.ID, task.Request{Command: task.CmdClaim, MCN: "mcn-1"})
	add(err)
	for _, err := range errs {
		assertChinese(t, err)
	}
}

// TestErrorsDocumented: every rule of the package is named in the
// package doc's Errors section, by its code or by a "prefix.*" entry.
func TestErrorsDocumented(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "// # Errors")
	j := strings.Index(doc, "// # Store contract")
	if i < 0 || j < i {
		t.Fatal("doc.go has no Errors section before the Store contract")
	}
	section := strings.Join(strings.Fields(strings.ReplaceAll(doc[i:j], "//", " ")), " ")
	n := 0
	for _, r := range starmap.Rules() {
		code := string(r.Code())
		if !strings.HasPrefix(code, "task.") {
			continue
		}
		n++
		parts := strings.Split(code, ".")
		wild := strings.Join(parts[:len(parts)-1], ".") + ".*"
		if !strings.Contains(section, code) && !strings.Contains(section, wild) {
			t.Errorf("rule %s is not in doc.go's Errors section", code)
		}
	}
	if n < 20 {
		t.Errorf("only %d task rules registered", n)
	}
}
