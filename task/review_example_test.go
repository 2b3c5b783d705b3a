package task_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
	"github.com/starmap-go/starmap/task"
)

// A script rejected with the review checklist and the checker's findings,
// then revised and approved (TSK-1, CPL-1 … CPL-4).
func Example_scriptReview() {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	adv, cre := starmap.AdvertiserActor("adv-1"), starmap.CreatorActor("cre-1")
	o := task.Order{ID: "task-1", Creator: "cre-1", Format: starmap.FormatShortVideo, Price: dec("1000.00"),
		Template: task.Template{Objective: task.ObjectivePurchase, Deliverables: []string{"60秒视频"}, Disclosure: true,
			Points: []compliance.Point{{Kind: compliance.PointProduct, Text: "冰丝阔腿裤"}}}}
	tk, _, err := task.New(adv, at, o, task.DefaultPolicy(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	checklist := func(failed compliance.ItemKey, note string) []compliance.Answer {
		var out []compliance.Answer
		for _, it := range compliance.StandardItems() {
			a := compliance.Answer{Item: it.Key, Pass: true}
			if it.Key == failed {
				a.Pass, a.Note = false, note
			}
			out = append(out, a)
		}
		return out
	}
	apply := func(by starmap.Actor, r task.Request) error {
		at = at.Add(time.Hour)
		_, err := tk.Apply(by, at, r)
		return err
	}
	_ = apply(cre, task.Request{Command: task.CmdAcceptOrder})
	_ = apply(cre, task.Request{Command: task.CmdSubmitScript, Ref: "script-v1", Text: "冰丝阔腿裤,今年最佳单品!"})
	sub, _ := tk.Submission()
	for _, f := range sub.Findings {
		fmt.Printf("finding: [%s] %s\n", f.Severity, f.Message(starmap.ZH))
	}
	err = apply(adv, task.Request{Command: task.CmdApproveScript, Answers: checklist("", "")})
	fmt.Println("approve refused:", errors.Is(err, compliance.ErrFindingBlocks))
	_ = apply(adv, task.Request{Command: task.CmdRejectScript, Reason: "请按审核意见修改",
		Answers: checklist(compliance.ItemWording, "删去“最佳”")})
	h := tk.History()
	fmt.Println(h[len(h)-1].RejectionText(starmap.ZH))

	_ = apply(cre, task.Request{Command: task.CmdSubmitScript, Ref: "script-v2", Text: "【广告】冰丝阔腿裤,夏天穿不闷。"})
	sub, _ = tk.Submission()
	fmt.Println("findings of the revision:", len(sub.Findings))
	if err := apply(adv, task.Request{Command: task.CmdApproveScript, Answers: checklist("", "")}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(tk.State(), tk.State().SubState().Label(starmap.ZH))
	// Output:
	// finding: [block] 「最佳」属于广告禁用语(第9至10个字:「最佳」)
	// finding: [block] 未披露商业合作:文中没有「广告」标识
	// approve refused: true
	// 请按审核意见修改
	// 审核未通过
	// 未通过的审核项:
	// - 避免误导性用语:删去“最佳”
	// 检查发现:
	// - [拦截] 「最佳」属于广告禁用语(第9至10个字:「最佳」)
	// - [拦截] 未披露商业合作:文中没有「广告」标识
	// findings of the revision: 0
	// script-approved 待创作
}
