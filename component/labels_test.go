package component_test

import (
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

// Each enum names its values one way: String (stable ASCII) and
// Label(lang) from one bilingual table (issue 10).
func TestLabels(t *testing.T) {
	// check compares String, Label(ZH) and Label(EN) with what is wanted.
	check := func(t *testing.T, name string, want, got [3]string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: String, Label(ZH), Label(EN) = %q; want %q", name, got, want)
		}
	}
	for _, tc := range []struct {
		s           component.State
		str, zh, en string
	}{
		{component.StateInReview, "in-review", "审核中", "In review"},
		{component.StateValid, "valid", "有效", "Valid"},
		{component.StateRejected, "rejected", "审核未通过", "Rejected"},
		{0, "unknown-state", "未知状态", "Unknown state"},
		{200, "unknown-state", "未知状态", "Unknown state"},
	} {
		check(t, "state", [3]string{tc.str, tc.zh, tc.en}, [3]string{tc.s.String(), tc.s.Label(starmap.ZH), tc.s.Label(starmap.EN)})
	}
	for _, tc := range []struct {
		a           component.Action
		str, zh, en string
	}{
		{component.ActionCreate, "created", "创建", "Created"},
		{component.ActionEdit, "edited", "修改", "Edited"},
		{component.ActionResubmit, "resubmitted", "重新提交", "Resubmitted"},
		{component.ActionApprove, "approved", "审核通过", "Approved"},
		{component.ActionReject, "rejected", "审核不通过", "Rejected"},
		{0, "unknown-action", "未知操作", "Unknown action"},
		{99, "unknown-action", "未知操作", "Unknown action"},
	} {
		check(t, "action", [3]string{tc.str, tc.zh, tc.en}, [3]string{tc.a.String(), tc.a.Label(starmap.ZH), tc.a.Label(starmap.EN)})
	}
	for _, tc := range []struct {
		s           component.MiniProgramStatus
		str, zh, en string
	}{
		{component.MiniProgramUnknown, "unknown", "未知", "Unknown"},
		{component.MiniProgramUp, "up", "正常", "Up"},
		{component.MiniProgramDelisted, "delisted", "已下架", "Taken down"},
		{7, "unknown", "未知", "Unknown"},
	} {
		check(t, "mini-program status", [3]string{tc.str, tc.zh, tc.en}, [3]string{tc.s.String(), tc.s.Label(starmap.ZH), tc.s.Label(starmap.EN)})
	}
}
