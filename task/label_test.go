package task_test

import (
	"regexp"
	"testing"
	"unicode"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// labelled is what every enum of the package offers.
type labelled interface {
	String() string
	Label(starmap.Lang) string
}

// TestLabels: every value of every enum has a stable ASCII name
// (String), unique within its enum, a zh-CN label in Chinese and the name
// as its English label, all from one table; an unknown value says so in
// both languages and never panics.
func TestLabels(t *testing.T) {
	ascii := regexp.MustCompile(`^[a-z][a-z_-]*$`)
	enums := map[string][]labelled{}
	add := func(name string, vs ...labelled) { enums[name] = append(enums[name], vs...) }
	for _, s := range task.States() {
		add("State", s)
	}
	for _, c := range task.Commands() {
		add("Command", c)
	}
	add("Command", task.Command(0)) // the ordering
	add("Party", task.PartyAdvertiser, task.PartyCreator, task.PartyPlatform)
	for s := task.SubToCreate; s <= task.SubQCPassed; s++ {
		add("SubState", s)
	}
	for o := task.ObjectiveExposure; o <= task.ObjectivePurchase; o++ {
		add("Objective", o)
	}
	for m := task.MilestoneDraft; m <= task.MilestoneReview; m++ {
		add("Milestone", m)
	}
	for p := task.ProgressInvited; p <= task.ProgressVideo; p++ {
		add("Progress", p)
	}
	for a := task.AccountAdvertiserAvailable; a <= task.AccountPlatformFee; a++ {
		add("Account", a)
	}
	for k := task.PostingFreeze; k <= task.PostingRefund; k++ {
		add("PostingKind", k)
	}
	for name, vs := range enums {
		seen := map[string]bool{}
		for _, v := range vs {
			s, zh := v.String(), v.Label(starmap.ZH)
			if !ascii.MatchString(s) || seen[s] {
				t.Errorf("%s %q: not a unique ASCII name", name, s)
			}
			seen[s] = true
			if v.Label(starmap.EN) != s {
				t.Errorf("%s %s: English label %q, want the name", name, s, v.Label(starmap.EN))
			}
			han := false
			for _, r := range zh {
				han = han || unicode.Is(unicode.Han, r)
			}
			if !han {
				t.Errorf("%s %s: zh-CN label %q is not Chinese", name, s, zh)
			}
		}
	}
	for _, v := range []labelled{task.State(0), task.State(200), task.Command(200), task.SubState(9), task.Objective(9),
		task.Milestone(9), task.Progress(9), task.Account(9), task.PostingKind(9)} {
		if v.Label(starmap.ZH) != "未知" || !regexp.MustCompile(`^unknown-`).MatchString(v.String()) || v.Label(starmap.EN) != v.String() {
			t.Errorf("unknown value: %q %q %q", v.String(), v.Label(starmap.ZH), v.Label(starmap.EN))
		}
	}
	if p := task.PartyAdvertiser | task.PartyPlatform; p.String() != "advertiser|platform" || p.Label(starmap.ZH) != "广告主、平台" {
		t.Errorf("a set of parties: %q %q", p.String(), p.Label(starmap.ZH))
	}
	if p := task.Party(0); p.String() != "none" || p.Label(starmap.ZH) != "无" {
		t.Errorf("no party: %q %q", p.String(), p.Label(starmap.ZH))
	}
	// The platform's own words (seed 003, TSK-4).
	if task.StateScriptSubmitted.Label(starmap.ZH) != "脚本审核中" || task.SubToCreate.Label(starmap.ZH) != "待创作" ||
		task.MilestoneDraft.Label(starmap.ZH) != "初稿提交" || task.CmdAcceptDelivery.Label(starmap.ZH) != "验收" {
		t.Error("the platform's words changed")
	}
}
