package mcn_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// Each enum names its values one way: String (stable ASCII) and
// Label(lang) from one bilingual table.
func TestLabels(t *testing.T) {
	check := func(t *testing.T, name string, want, got [3]string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: String, Label(ZH), Label(EN) = %q; want %q", name, got, want)
		}
	}
	for _, tc := range []struct {
		s           mcn.State
		str, zh, en string
	}{
		{mcn.StateProposed, "proposed", "待确认", "Proposed"},
		{mcn.StateActive, "active", "生效中", "Active"},
		{mcn.StateEnded, "ended", "已结束", "Ended"},
		{mcn.StateDeclined, "declined", "已拒绝", "Declined"},
		{mcn.StateWithdrawn, "withdrawn", "已撤回", "Withdrawn"},
		{mcn.StateLapsed, "lapsed", "已失效", "Lapsed"},
		{0, "unknown-state", "未知状态", "Unknown state"},
		{200, "unknown-state", "未知状态", "Unknown state"},
	} {
		check(t, "state", [3]string{tc.str, tc.zh, tc.en}, [3]string{tc.s.String(), tc.s.Label(starmap.ZH), tc.s.Label(starmap.EN)})
	}
	for _, tc := range []struct {
		a           mcn.Action
		str, zh, en string
	}{
		{mcn.ActionPropose, "proposed", "发起签约", "Proposed"},
		{mcn.ActionAccept, "accepted", "接受签约", "Accepted"},
		{mcn.ActionDecline, "declined", "拒绝签约", "Declined"},
		{mcn.ActionWithdraw, "withdrawn", "撤回签约", "Withdrawn"},
		{mcn.ActionEnd, "ended", "解约", "Ended"},
		{mcn.ActionExpire, "expired", "到期结束", "Expired"},
		{mcn.ActionLapse, "lapsed", "逾期未确认", "Lapsed"},
		{0, "unknown-action", "未知操作", "Unknown action"},
		{99, "unknown-action", "未知操作", "Unknown action"},
	} {
		check(t, "action", [3]string{tc.str, tc.zh, tc.en}, [3]string{tc.a.String(), tc.a.Label(starmap.ZH), tc.a.Label(starmap.EN)})
	}
	for _, tc := range []struct {
		s           mcn.TaskStatus
		str, zh, en string
	}{
		{mcn.TaskPending, "pending", "待接收", "Pending"},
		{mcn.TaskRunning, "running", "进行中", "Running"},
		{mcn.TaskCompleted, "completed", "已完成", "Completed"},
		{mcn.TaskClosed, "closed", "已关闭", "Closed"},
		{9, "unknown-task-status", "未知任务状态", "Unknown task status"},
	} {
		check(t, "task status", [3]string{tc.str, tc.zh, tc.en}, [3]string{tc.s.String(), tc.s.Label(starmap.ZH), tc.s.Label(starmap.EN)})
	}
	for _, tc := range []struct {
		k           mcn.EntryKind
		str, zh, en string
	}{
		{mcn.EntryShare, "share", "MCN分成", "MCN share"},
		{mcn.EntryReversal, "reversal", "分成冲回", "Share reversed"},
		{mcn.EntryWithdrawal, "withdrawal", "提现", "Withdrawal"},
		{mcn.EntryAdjustment, "adjustment", "平台调整", "Adjustment"},
		{0, "unknown-entry", "未知类型", "Unknown kind"},
	} {
		check(t, "entry kind", [3]string{tc.str, tc.zh, tc.en}, [3]string{tc.k.String(), tc.k.Label(starmap.ZH), tc.k.Label(starmap.EN)})
	}
	if fmt.Sprint(mcn.States()) != "[proposed active ended declined withdrawn lapsed]" {
		t.Errorf("States() = %v", mcn.States())
	}
	for _, s := range mcn.States() {
		if want := s != mcn.StateProposed && s != mcn.StateActive; s.Final() != want {
			t.Errorf("%v.Final() = %v", s, s.Final())
		}
	}
	if mcn.State(0).Final() || mcn.State(0).Valid() || !mcn.TaskRunning.Open() || mcn.TaskCompleted.Open() {
		t.Error("Valid, Final or Open is wrong for an edge value")
	}
}

// TestTransitions_MCN1: the listed state machine is the one the Book
// runs — every edge, from its state, by each of its roles, leads to its
// state; no other role may take it; and every state is reached.
func TestTransitions_MCN1(t *testing.T) {
	actorOf := map[starmap.Role]starmap.Actor{
		starmap.RoleMCN: mcnA, starmap.RoleCreator: creator1, starmap.RolePlatform: ops,
		starmap.RoleAdvertiser: adv, starmap.RoleAdvertiserSub: starmap.SubAccountActor("adv-1", "sub-1"),
	}
	reached := map[mcn.State]bool{}
	for _, tr := range mcn.Transitions() {
		for role := starmap.RoleAdvertiser; role <= starmap.RolePlatform; role++ {
			t.Run(fmt.Sprintf("%v_by_%v", tr.Action, role), func(t *testing.T) {
				b := newBook(t)
				now := t0
				if tr.From != 0 {
					must(t)(b.Propose(mcnA, t0, with(prop("s1"), func(p *mcn.Proposal) { p.End = d(5) }), mcn.Policy{}))
				}
				if tr.From == mcn.StateActive {
					must(t)(b.Accept(creator1, t0, "s1", mcn.Policy{}))
				}
				var err error
				by := actorOf[role]
				switch tr.Action {
				case mcn.ActionPropose:
					_, err = b.Propose(by, now, prop("s1"), mcn.Policy{})
				case mcn.ActionAccept:
					_, err = b.Accept(by, now, "s1", mcn.Policy{})
				case mcn.ActionDecline:
					_, err = b.Decline(by, now, "s1", "")
				case mcn.ActionWithdraw:
					_, err = b.Withdraw(by, now, "s1", "")
				case mcn.ActionEnd:
					_, err = b.End(by, now, "s1", "理由")
				case mcn.ActionExpire, mcn.ActionLapse:
					_, err = b.Expire(by, at(6))
				}
				allowed := slices.Contains(tr.Roles, role)
				if (err == nil) != allowed {
					t.Fatalf("allowed=%v, got %v", allowed, err)
				}
				if allowed {
					s, _ := b.Signing("s1")
					if s.State != tr.To {
						t.Fatalf("%v leads to %v, the table says %v", tr.Action, s.State, tr.To)
					}
					reached[tr.To] = true
				}
			})
		}
	}
	for _, s := range mcn.States() {
		if !reached[s] {
			t.Errorf("no transition reaches %v", s)
		}
	}
}
