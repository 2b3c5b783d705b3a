package task_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
	"github.com/starmap-go/starmap/task/tasktest"
	"pgregory.net/rapid"
)

// The product of the review tests' template (CPL-3).
const (
	product = "冰丝阔腿裤"
	link    = "https://v.example.com/Ab3x"
)

// reviewOrder is a short-video order whose template requires the
// disclosure and names the product and its link.
func reviewOrder() task.Order {
	o := order(starmap.FormatShortVideo, false)
	o.Template.Points = []compliance.Point{{Kind: compliance.PointProduct, Text: product}, {Kind: compliance.PointLink, Text: link}}
	return o
}

// reviewTask is an accepted task of reviewOrder.
func reviewTask(t tb) *task.Task {
	t.Helper()
	tk, _, err := task.New(advertiser, t0, reviewOrder(), task.DefaultPolicy(), nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	run(t, tk, step{by: creator, req: cmd(task.CmdAcceptOrder)})
	return tk
}

// clean is a script that carries the disclosure, the product and the link,
// and no listed term.
const clean = "【广告】" + product + ",夏天穿不闷。链接:" + link

// answers answers the standard form: every item passes but those in
// failed, which fail with their note.
func answers(failed map[compliance.ItemKey]string) []compliance.Answer {
	var out []compliance.Answer
	for _, it := range compliance.StandardItems() {
		note, bad := failed[it.Key]
		out = append(out, compliance.Answer{Item: it.Key, Pass: !bad, Note: note})
	}
	return out
}

func submitScript(text string) task.Request {
	return task.Request{Command: task.CmdSubmitScript, Ref: "oss://script-1", Text: text}
}

// submitted drives a review task to script-submitted with text and returns
// the submission.
func submitted(t tb, text string) (*task.Task, task.Submission) {
	t.Helper()
	tk := reviewTask(t)
	run(t, tk, step{by: creator, req: submitScript(text)})
	sub, ok := tk.Submission()
	if !ok {
		t.Fatal("no submission after submit_script")
	}
	return tk, sub
}

func hasKind(fs []compliance.Finding, k compliance.Kind, term string) bool {
	for _, f := range fs {
		if f.Kind == k && f.Term == term {
			return true
		}
	}
	return false
}

// TestReviewChecklist_CPL: a script review by the seed's checklist and the
// checker's findings (CPL-1 … CPL-4, TSK-1): what the checker finds in
// the submission, whether the approval goes through, and what a rejection
// cites.
func TestReviewChecklist_CPL(t *testing.T) {
	for _, c := range []struct {
		name       string
		text       string
		failed     map[compliance.ItemKey]string
		findings   int             // how many the checker reports
		finds      compliance.Kind // one of them
		term       string
		approveErr []error // nil: the approval goes through
		cites      int     // items + findings the rejection cites
	}{
		{name: "CPL-1 避免误导性用语: 最佳 is a block finding", text: clean + "今年最佳单品",
			findings: 1, finds: compliance.KindAbsoluteTerm, term: "最佳",
			approveErr: []error{task.ErrApprovalBlocked, compliance.ErrFindingBlocks}, cites: 1},
		{name: "CPL-1 避免误导性用语: evasions still match (最\u200b佳, ＮＯ．１)", text: clean + "最\u200b佳,全网ＮＯ．１",
			findings: 2, finds: compliance.KindAbsoluteTerm, term: "NO.1",
			approveErr: []error{task.ErrApprovalBlocked, compliance.ErrFindingBlocks}, cites: 2},
		{name: "CPL-1 避免误导性用语: a warn term (唯一) never blocks", text: clean + "唯一的遗憾是卖得太快",
			findings: 1, finds: compliance.KindAbsoluteTerm, term: "唯一", cites: 1},
		{name: "CPL-2 披露合规: no 广告 label is a block finding", text: product + "。链接:" + link,
			findings: 1, finds: compliance.KindDisclosureMissing, term: "广告",
			approveErr: []error{task.ErrApprovalBlocked, compliance.ErrFindingBlocks}, cites: 1},
		{name: "CPL-3 产品信息一致性: the product and the link missing", text: "【广告】夏天穿不闷",
			findings: 2, finds: compliance.KindPointMissing, term: link,
			approveErr: []error{task.ErrApprovalBlocked, compliance.ErrFindingBlocks}, cites: 2},
		{name: "CPL-4 素材清晰度 failed: approval refused, the item cited", text: clean,
			failed:     map[compliance.ItemKey]string{compliance.ItemClarity: "画面太暗,请补光重拍"},
			approveErr: []error{task.ErrApprovalBlocked, compliance.ErrItemFailed}, cites: 1},
		{name: "CPL-4 字幕准确性 and 产品信息一致性 failed with a finding: all cited", text: clean + "最佳",
			failed: map[compliance.ItemKey]string{compliance.ItemSubtitles: "第3句“买一送二”应为“买一送一”",
				compliance.ItemProductInfo: "价格与详情页不一致"},
			findings: 1, finds: compliance.KindAbsoluteTerm, term: "最佳",
			approveErr: []error{task.ErrApprovalBlocked, compliance.ErrItemFailed, compliance.ErrFindingBlocks}, cites: 3},
		{name: "CPL-4 a clean script with every item passed is approved", text: clean},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, sub := submitted(t, c.text)
			if !sub.Checked || len(sub.Findings) != c.findings {
				t.Fatalf("submission checked=%v with %d findings %v, want %d", sub.Checked, len(sub.Findings), sub.Findings, c.findings)
			}
			if c.findings > 0 && !hasKind(sub.Findings, c.finds, c.term) {
				t.Errorf("no %v finding of %q in %v", c.finds, c.term, sub.Findings)
			}
			before := tk.Record()
			approve := task.Request{Command: task.CmdApproveScript, Answers: answers(c.failed)}
			_, err := tk.Apply(advertiser, t0.Add(2*time.Hour), approve)
			if len(c.approveErr) == 0 {
				if err != nil {
					t.Fatalf("approve: %v", err)
				}
				h := tk.History()
				if got := h[len(h)-1].Compliance.Checklist; len(got.Failed()) != 0 || len(got.Marks) != 5 {
					t.Errorf("the approval recorded the checklist %+v", got)
				}
				return
			}
			for _, w := range c.approveErr {
				if !errors.Is(err, w) {
					t.Errorf("approve = %v, want %v", err, w)
				}
			}
			if c.term != link { // the link is the host's text, shown as given
				assertChinese(t, err)
			}
			if d := tk.Record(); d.State != before.State || len(d.History) != len(before.History) {
				t.Fatalf("a refused approval changed the task: %v, %d entries", d.State, len(d.History))
			}
			reject := task.Request{Command: task.CmdRejectScript, Reason: "请按审核意见修改", Answers: answers(c.failed)}
			ev, err := tk.Apply(advertiser, t0.Add(2*time.Hour), reject)
			if err != nil {
				t.Fatalf("reject: %v", err)
			}
			last := tk.History()[tk.HistoryLen()-1]
			rej := last.Compliance.Rejection
			if got := len(rej.Failed) + len(rej.Findings); got != c.cites {
				t.Errorf("the rejection cites %d (%+v), want %d", got, rej, c.cites)
			}
			text := last.RejectionText(starmap.ZH)
			if !strings.HasPrefix(text, "请按审核意见修改\n审核未通过") {
				t.Errorf("RejectionText does not start with the reason and the citation:\n%s", text)
			}
			for k, note := range c.failed {
				if !strings.Contains(text, k.Label(starmap.ZH)+":"+note) {
					t.Errorf("RejectionText does not cite %s:%s:\n%s", k.Label(starmap.ZH), note, text)
				}
			}
			if c.term != "" && !strings.Contains(text, c.term) {
				t.Errorf("RejectionText does not cite %q:\n%s", c.term, text)
			}
			if ev.Note != "请按审核意见修改" || tk.State() != task.StateScriptRejected {
				t.Errorf("event note %q, state %v", ev.Note, tk.State())
			}
		})
	}
}

// TestWaiver_CPL4: the platform waives a block finding of the submission
// under review, with a reason, as a command of the table; the approval
// then goes through. Everyone else, and every malformed waiver, is
// refused without a change.
func TestWaiver_CPL4(t *testing.T) {
	tk, sub := submitted(t, clean+"全网第一,唯一的遗憾是卖得太快")
	var block, warn compliance.Finding
	for _, f := range sub.Findings {
		if f.Severity == compliance.SeverityBlock {
			block = f
		} else {
			warn = f
		}
	}
	if block.Term != "全网第一" || warn.Term != "唯一" {
		t.Fatalf("findings %v", sub.Findings)
	}
	waive := func(f compliance.Finding, reason string) task.Request {
		return task.Request{Command: task.CmdWaiveFinding, Finding: f, Reason: reason}
	}
	other := block
	other.Span.Start++
	for _, c := range []struct {
		name string
		by   starmap.Actor
		r    task.Request
		want error
	}{
		{"the advertiser may not waive", advertiser, waive(block, "商标"), task.ErrActorNotAllowed},
		{"the creator may not waive", creator, waive(block, "商标"), task.ErrActorNotAllowed},
		{"a waiver needs a written reason", platform, waive(block, " \u200b"), task.ErrReasonRequired},
		{"a finding the submission does not have", platform, waive(other, "商标"), task.ErrFindingUnknown},
		{"a zero finding", platform, waive(compliance.Finding{}, "商标"), task.ErrFindingUnknown},
		{"a warn finding never blocks, so is never waived", platform, waive(warn, "商标"), compliance.ErrWaiverNotBlocking},
		{"a reason that is not text", platform, waive(block, "商标\x00"), starmap.ErrTextInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := tk.HistoryLen()
			_, err := tk.Apply(c.by, t0.Add(2*time.Hour), c.r)
			if !errors.Is(err, c.want) {
				t.Fatalf("waive = %v, want %v", err, c.want)
			}
			assertChinese(t, err)
			if tk.HistoryLen() != n {
				t.Fatal("a refused waiver changed the history")
			}
		})
	}
	if _, err := tk.Apply(advertiser, t0.Add(2*time.Hour), task.Request{Command: task.CmdApproveScript, Answers: answers(nil)}); !errors.Is(err, compliance.ErrFindingBlocks) {
		t.Fatalf("approve before the waiver = %v", err)
	}
	ev, err := tk.Apply(platform, t0.Add(3*time.Hour), waive(block, "“全网第一”为品牌注册商标,已核实"))
	if err != nil {
		t.Fatalf("waive: %v", err)
	}
	if ev.Type != "task.waive_finding" || ev.Note != "“全网第一”为品牌注册商标,已核实" || ev.From != ev.To || tk.State() != task.StateScriptSubmitted {
		t.Errorf("waiver event %+v, state %v", ev, tk.State())
	}
	if _, err := tk.Apply(platform, t0.Add(3*time.Hour), waive(block, "再次")); !errors.Is(err, task.ErrFindingWaived) {
		t.Errorf("a second waiver of the finding = %v, want ErrFindingWaived", err)
	}
	sub, _ = tk.Submission()
	if len(sub.Waivers) != 1 || sub.Waivers[0].Finding != block || sub.Waivers[0].By != platform {
		t.Fatalf("waivers %+v", sub.Waivers)
	}
	if _, err := task.FromRecord(tk.Record()); err != nil {
		t.Fatalf("the waived task does not rebuild: %v", err)
	}
	if _, err := tk.Apply(advertiser, t0.Add(4*time.Hour), task.Request{Command: task.CmdApproveScript, Answers: answers(nil)}); err != nil {
		t.Fatalf("approve after the waiver: %v", err)
	}
	// A resubmission is checked anew and waived anew: the old waiver
	// covers nothing of the video.
	run(t, tk, step{by: creator, req: task.Request{Command: task.CmdSubmitVideo, Ref: "oss://v", Text: clean + "全网第一"}})
	if _, err := tk.Apply(advertiser, t0.Add(5*time.Hour), task.Request{Command: task.CmdApproveVideo}); !errors.Is(err, task.ErrApprovalBlocked) {
		t.Errorf("the video's own finding is not waived by the script's waiver: %v", err)
	}
	if !tk.Can(platform, task.CmdWaiveFinding) || tk.Can(advertiser, task.CmdWaiveFinding) {
		t.Error("Can disagrees with the table on waive_finding")
	}
}

// TestReviewWithoutChecklist: a host that sends no answers keeps working
// (decided on the findings alone), unless the Service requires the
// checklist.
func TestReviewWithoutChecklist(t *testing.T) {
	t.Run("no text, no answers: approved and rejected as before", func(t *testing.T) {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StateScriptSubmitted)
		if sub, _ := tk.Submission(); sub.Checked || len(sub.Findings) != 0 {
			t.Errorf("a submission without text was checked: %+v", sub)
		}
		run(t, tk, step{by: advertiser, req: withReason(task.CmdRejectScript)})
		last := tk.History()[tk.HistoryLen()-1]
		if !last.Compliance.IsZero() || last.RejectionText(starmap.ZH) != "画面太暗" {
			t.Errorf("a rejection on the reason alone recorded %+v / %q", last.Compliance, last.RejectionText(starmap.ZH))
		}
	})
	t.Run("a standing block finding prevents an approval without answers", func(t *testing.T) {
		tk, _ := submitted(t, clean+"最佳")
		_, err := tk.Apply(advertiser, t0.Add(2*time.Hour), cmd(task.CmdApproveScript))
		if !errors.Is(err, task.ErrApprovalBlocked) || !errors.Is(err, compliance.ErrFindingBlocks) || errors.Is(err, compliance.ErrItemFailed) {
			t.Fatalf("approve without answers = %v", err)
		}
		run(t, tk, step{by: advertiser, req: withReason(task.CmdRejectScript)})
		last := tk.History()[tk.HistoryLen()-1]
		if len(last.Compliance.Rejection.Findings) != 1 || len(last.Compliance.Checklist.Marks) != 0 {
			t.Errorf("the rejection without answers records %+v", last.Compliance)
		}
		if !strings.Contains(last.RejectionText(starmap.EN), "画面太暗\nReview rejected") {
			t.Errorf("RejectionText: %q", last.RejectionText(starmap.EN))
		}
	})
	// CPL-4 one rule for citations: a rejection cites every failed item
	// and every finding not waived, and its written reason always; with
	// nothing else to cite it stands on the reason — with a checklist or
	// without one, on a clean text or one whose findings were all waived.
	for _, c := range []struct {
		name      string
		text      string
		waive     bool
		checklist bool
	}{
		{"CPL-4 clean text, checklist passing everything", clean, false, true},
		{"CPL-4 clean text, no checklist", clean, false, false},
		{"CPL-4 every finding waived, checklist passing everything", clean + "最佳", true, true},
		{"CPL-4 every finding waived, no checklist", clean + "最佳", true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk, sub := submitted(t, c.text)
			if c.waive {
				if len(sub.Findings) == 0 {
					t.Fatal("the fixture found nothing to waive")
				}
				for _, f := range sub.Findings {
					run(t, tk, step{by: platform, req: task.Request{Command: task.CmdWaiveFinding, Finding: f, Reason: "注册商标"}})
				}
			}
			req := task.Request{Command: task.CmdRejectScript, Reason: "不喜欢"}
			if c.checklist {
				req.Answers = answers(nil)
			}
			if _, err := tk.Apply(advertiser, t0.Add(2*time.Hour), req); err != nil {
				t.Fatalf("CPL-4 a rejection on its reason alone = %v, want it recorded", err)
			}
			last := tk.History()[tk.HistoryLen()-1]
			if rej := last.Compliance.Rejection; len(rej.Failed) != 0 || len(rej.Findings) != 0 {
				t.Errorf("CPL-4 the rejection cites %+v, want nothing beside its reason", rej)
			}
			if got := last.RejectionText(starmap.ZH); got != "不喜欢" {
				t.Errorf("CPL-4 RejectionText = %q, want the reason alone", got)
			}
			if c.checklist != (len(last.Compliance.Checklist.Marks) > 0) {
				t.Errorf("CPL-4 the checklist recorded: %+v", last.Compliance.Checklist)
			}
			if r, _ := tk.Rejections(); r != 1 {
				t.Errorf("the rejection used %d of the budget, want 1", r)
			}
			if _, err := task.FromRecord(tk.Record()); err != nil {
				t.Errorf("the record no longer loads: %v", err)
			}
		})
	}
	t.Run("TSK-8 a rejection with a checklist still needs the written reason", func(t *testing.T) {
		tk, _ := submitted(t, clean)
		_, err := tk.Apply(advertiser, t0.Add(2*time.Hour), task.Request{Command: task.CmdRejectScript,
			Answers: answers(map[compliance.ItemKey]string{compliance.ItemClarity: "太暗"})})
		if !errors.Is(err, task.ErrReasonRequired) {
			t.Fatalf("reject without a reason = %v", err)
		}
	})
	t.Run("WithChecklistRequired refuses a review without answers", func(t *testing.T) {
		ctx := context.Background()
		s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)), task.WithChecklistRequired())
		if _, err := s.Order(ctx, advertiser, reviewOrder()); err != nil {
			t.Fatal(err)
		}
		mustDo(t, s, creator, "task-1", cmd(task.CmdAcceptOrder))
		mustDo(t, s, creator, "task-1", submitScript(clean))
		for _, r := range []task.Request{cmd(task.CmdApproveScript), withReason(task.CmdRejectScript)} {
			if _, err := s.Do(ctx, advertiser, "task-1", r); !errors.Is(err, task.ErrChecklistRequired) {
				t.Errorf("%v without answers = %v, want ErrChecklistRequired", r.Command, err)
			} else {
				assertChinese(t, err)
			}
		}
		out := mustDo(t, s, advertiser, "task-1", task.Request{Command: task.CmdApproveScript, Answers: answers(nil)})
		if out.Task.State() != task.StateScriptApproved {
			t.Errorf("state %v", out.Task.State())
		}
	})
	t.Run("answers that do not fill the form", func(t *testing.T) {
		tk, _ := submitted(t, clean)
		short := answers(nil)[:4]
		bad := answers(nil)
		bad[0].Pass = false // no note
		for _, c := range []struct {
			a    []compliance.Answer
			want error
		}{
			{short, compliance.ErrAnswerMissing},
			{bad, compliance.ErrFailWithoutNote},
			{append(answers(nil), compliance.Answer{Item: "brand-voice", Pass: true}), compliance.ErrAnswerUnknownItem},
		} {
			if _, err := tk.Apply(advertiser, t0.Add(2*time.Hour), task.Request{Command: task.CmdApproveScript, Answers: c.a}); !errors.Is(err, c.want) {
				t.Errorf("approve = %v, want %v", err, c.want)
			}
		}
	})
}

// TestReviewOptions: the Service's checker, form and policy are the ones
// the review runs with; nil or unready ones are refused at construction.
func TestReviewOptions(t *testing.T) {
	clock := starmap.FixedClock(t0.Add(time.Hour))
	var nilChecker *compliance.Checker
	var nilForm *compliance.Form
	for name, opt := range map[string]task.Option{
		"nil checker":  task.WithChecker(nilChecker),
		"zero checker": task.WithChecker(&compliance.Checker{}),
		"nil form":     task.WithReviewForm(nilForm),
	} {
		if _, err := task.NewService(memstore.NewTaskStore(), clock, opt); !errors.Is(err, starmap.ErrServiceOption) {
			t.Errorf("%s: %v, want ErrServiceOption", name, err)
		}
	}
	checker, err := compliance.NewChecker(compliance.AddTerms(compliance.BlockTerms("秒杀")...))
	if err != nil {
		t.Fatal(err)
	}
	form, err := compliance.NewForm(compliance.Item{Key: "brand-voice", ZH: "品牌调性", EN: "brand voice"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, _ := newService(t, clock, task.WithChecker(checker), task.WithReviewForm(form),
		task.WithReviewPolicy(compliance.Policy{AdvisoryBlocks: true}))
	if _, err := s.Order(ctx, advertiser, reviewOrder()); err != nil {
		t.Fatal(err)
	}
	mustDo(t, s, creator, "task-1", cmd(task.CmdAcceptOrder))
	out := mustDo(t, s, creator, "task-1", submitScript(clean+"秒杀价"))
	sub, _ := out.Task.Submission()
	if !hasKind(sub.Findings, compliance.KindAbsoluteTerm, "秒杀") {
		t.Fatalf("the host's term was not checked: %v", sub.Findings)
	}
	// The host's form has a sixth item: the standard five do not fill it.
	if _, err := s.Do(ctx, advertiser, "task-1", task.Request{Command: task.CmdApproveScript, Answers: answers(nil)}); !errors.Is(err, compliance.ErrAnswerMissing) {
		t.Errorf("approve without the host's item = %v", err)
	}
	// Advisory blocks: the block finding is recorded, not blocking.
	all := append(answers(nil), compliance.Answer{Item: "brand-voice", Pass: true})
	out = mustDo(t, s, advertiser, "task-1", task.Request{Command: task.CmdApproveScript, Answers: all})
	if h := out.Task.History(); len(h[len(h)-1].Compliance.Checklist.Marks) != 6 {
		t.Errorf("the host's checklist was not recorded: %+v", h[len(h)-1].Compliance.Checklist)
	}
}

// TestTemplatePoints_CPL3: the template's required points are validated
// when the order is made, kept with the task and copied out.
func TestTemplatePoints_CPL3(t *testing.T) {
	for _, c := range []struct {
		name   string
		points []compliance.Point
	}{
		{"产品信息一致性: a point of no kind", []compliance.Point{{Text: product}}},
		{"产品信息一致性: a blank product name", []compliance.Point{{Kind: compliance.PointProduct, Text: " "}}},
		{"产品信息一致性: a link with a space", []compliance.Point{{Kind: compliance.PointLink, Text: "https://v.example.com/a b"}}},
		{"产品信息一致性: too many points", make([]compliance.Point, compliance.MaxPoints+1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := reviewOrder()
			o.Template.Points = c.points
			_, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil)
			if !errors.Is(err, task.ErrTemplateInvalid) || len(starmap.Codes(err)) < 2 {
				t.Fatalf("New = %v, want ErrTemplateInvalid with the compliance rule inside", err)
			}
			assertChinese(t, err)
		})
	}
	tk := reviewTask(t)
	got := tk.Template()
	got.Points[0].Text = "scribbled"
	if tk.Template().Points[0].Text != product {
		t.Error("Template() shares the points with the task")
	}
	if req := tk.Template().Compliance(); !req.Disclosure || len(req.Points) != 2 {
		t.Errorf("Compliance() = %+v", req)
	}
	// An order whose template only names points is not the default
	// template.
	o := reviewOrder()
	o.Template = task.Template{Points: o.Template.Points}
	if _, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil); !errors.Is(err, task.ErrTemplateInvalid) {
		t.Errorf("a template of points alone = %v, want ErrTemplateInvalid (no deliverables)", err)
	}
}

// TestSubmissionText: the text of a submission is a document; a bad one
// is refused and changes nothing.
func TestSubmissionText(t *testing.T) {
	for _, bad := range badTexts {
		tk := reviewTask(t)
		if _, err := tk.Apply(creator, t0.Add(time.Hour), submitScript(bad)); !errors.Is(err, starmap.ErrTextInvalid) {
			t.Errorf("text %.20q: %v, want ErrTextInvalid", bad, err)
		}
		if tk.State() != task.StateAccepted || tk.HistoryLen() != 2 {
			t.Error("a refused submission changed the task")
		}
	}
}

// TestFromRecordChecksReviews: a stored history whose review data could
// not have been made is ErrRecordInvalid.
func TestFromRecordChecksReviews(t *testing.T) {
	tk, sub := submitted(t, clean+"全网第一")
	run(t, tk, step{by: platform, req: task.Request{Command: task.CmdWaiveFinding, Finding: sub.Findings[0], Reason: "商标"}},
		step{by: advertiser, req: task.Request{Command: task.CmdRejectScript, Reason: "重写",
			Answers: answers(map[compliance.ItemKey]string{compliance.ItemSubtitles: "错字"})}})
	good := tk.Record()
	if _, err := task.FromRecord(good); err != nil {
		t.Fatalf("the good record: %v", err)
	}
	// Entries: 0 order, 1 accept, 2 submit, 3 waive, 4 reject.
	for _, c := range []struct {
		name   string
		tamper func(r *task.Record)
	}{
		{"findings on an acceptance", func(r *task.Record) { r.History[1].Compliance.Findings = sub.Findings }},
		{"findings not checked", func(r *task.Record) { r.History[2].Compliance.Checked = false }},
		{"an invalid finding", func(r *task.Record) { r.History[2].Compliance.Findings[0].Severity = 9 }},
		{"a waiver of another actor", func(r *task.Record) { r.History[3].Compliance.Waiver.By = starmap.PlatformActor("reviewer-2") }},
		{"a waiver of no finding of the submission", func(r *task.Record) { r.History[3].Compliance.Waiver.Finding.Span.End++ }},
		{"a waiver entry without its waiver", func(r *task.Record) { r.History[3].Compliance = task.Compliance{} }},
		{"a checklist without a standard item", func(r *task.Record) {
			r.History[4].Compliance.Checklist.Marks = r.History[4].Compliance.Checklist.Marks[1:]
		}},
		{"a rejection citing a passed item", func(r *task.Record) {
			r.History[4].Compliance.Rejection.Failed = r.History[4].Compliance.Checklist.Marks[:1]
		}},
		{"a rejection on a submission", func(r *task.Record) { r.History[2].Compliance.Rejection = r.History[4].Compliance.Rejection }},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := good.Clone()
			c.tamper(&r)
			if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
				t.Fatalf("FromRecord = %v, want ErrRecordInvalid", err)
			}
		})
	}
	// Record and History are deep copies.
	r := tk.Record()
	r.History[2].Compliance.Findings[0].Text = "scribbled"
	h := tk.History()
	h[4].Compliance.Checklist.Marks[0].Note = "scribbled"
	if again := tk.Record(); again.History[2].Compliance.Findings[0].Text == "scribbled" || again.History[4].Compliance.Checklist.Marks[0].Note == "scribbled" {
		t.Error("the task shares its review data with its copies")
	}
}

// TestApprovalIffNoFailureAndBlocksWaived_CPL4 (rapid): under the default
// policy an approval with a checklist goes through exactly when no item
// failed and the platform waived every block finding of the submission;
// a refused approval changes nothing.
func TestApprovalIffNoFailureAndBlocksWaived_CPL4(t *testing.T) {
	fragments := []string{"最佳", "全网第一", "唯一", "顶级", "NO.1", "第一次", "夏天穿不闷", "冷泡更香", "【广告】", product, link, "秒杀价", " ", "。"}
	items := compliance.StandardItems()
	rapid.Check(t, func(rt *rapid.T) {
		parts := rapid.SliceOfN(rapid.SampledFrom(fragments), 0, 10).Draw(rt, "text")
		tk := reviewTask(rt)
		run(rt, tk, step{by: creator, req: submitScript(strings.Join(parts, ""))})
		sub, _ := tk.Submission()
		allWaived := true
		for i, f := range sub.Findings {
			if f.Severity != compliance.SeverityBlock {
				continue
			}
			if rapid.Bool().Draw(rt, "waive "+string(rune('a'+i))) {
				run(rt, tk, step{by: platform, req: task.Request{Command: task.CmdWaiveFinding, Finding: f, Reason: "已核实"}})
			} else {
				allWaived = false
			}
		}
		failed := map[compliance.ItemKey]string{}
		for _, it := range items {
			if rapid.IntRange(0, 4).Draw(rt, "fail "+string(it.Key)) == 0 {
				failed[it.Key] = "请修改"
			}
		}
		n := tk.HistoryLen()
		_, err := tk.Apply(advertiser, t0.Add(3*time.Hour), task.Request{Command: task.CmdApproveScript, Answers: answers(failed)})
		want := len(failed) == 0 && allWaived
		if (err == nil) != want {
			rt.Fatalf("approve with %d failed items, block findings all waived=%v (%v): err=%v", len(failed), allWaived, sub.Findings, err)
		}
		if err != nil {
			if !errors.Is(err, task.ErrApprovalBlocked) || tk.HistoryLen() != n || tk.State() != task.StateScriptSubmitted {
				rt.Fatalf("refused approval: %v, history %d→%d, state %v", err, n, tk.HistoryLen(), tk.State())
			}
			return
		}
		if _, err := task.FromRecord(tk.Record()); err != nil {
			rt.Fatalf("the approved task does not rebuild: %v", err)
		}
	})
}

// TestAdversarial_Review: the review path's inputs — texts, answers,
// findings to waive, a Reviewer whose checker was not made by
// compliance.NewChecker — hostile, huge or malformed: each is a coded
// refusal that changes nothing, never a panic.
func TestAdversarial_Review(t *testing.T) {
	a := &adversary{t: t}
	huge := strings.Repeat("最佳", starmap.TextBody.MaxRunes())
	for _, text := range append(append([]string{}, badTexts...), mib, huge) {
		a.refuse("submit text", func() error {
			tk := reviewTask(t)
			_, err := tk.Apply(creator, t0.Add(time.Hour), submitScript(text))
			if tk.HistoryLen() != 2 {
				t.Errorf("a refused submission changed the task")
			}
			return err
		})
	}
	a.refuse("a text of absolute terms only", func() error {
		tk := reviewTask(t)
		_, err := tk.Apply(creator, t0.Add(time.Hour), submitScript(strings.Repeat("最佳", starmap.TextBody.MaxRunes()/2)))
		if err != nil && !errors.Is(err, task.ErrTooManyFindings) {
			t.Errorf("%v, want ErrTooManyFindings", err)
		}
		return err
	})
	a.refuse("a checker not made by NewChecker", func() error {
		tk := reviewTask(t)
		_, err := tk.ApplyWith(creator, t0.Add(time.Hour), submitScript(clean), task.Reviewer{Checker: &compliance.Checker{}})
		return err
	})
	hostileAnswers := [][]compliance.Answer{
		{{Item: "", Pass: true}},
		{{Item: compliance.ItemKey(mib), Pass: true}},
		append(answers(nil), answers(nil)...),
		append(answers(nil)[1:], compliance.Answer{Item: compliance.ItemClarity, Note: mib}),
		append(answers(nil)[1:], compliance.Answer{Item: compliance.ItemClarity, Note: "\x00"}),
		append(answers(nil)[1:], compliance.Answer{Item: compliance.ItemClarity, Note: "\u202e"}),
		append(answers(nil)[1:], compliance.Answer{Item: compliance.ItemClarity, Note: " "}),
		make([]compliance.Answer, 10_000),
	}
	for _, ans := range hostileAnswers {
		for _, c := range []task.Command{task.CmdApproveScript, task.CmdRejectScript} {
			a.refuse("review answers", func() error {
				tk, _ := submitted(t, clean+"最佳")
				n := tk.HistoryLen()
				_, err := tk.Apply(advertiser, t0.Add(2*time.Hour), task.Request{Command: c, Reason: "改", Answers: ans})
				if tk.HistoryLen() != n {
					t.Errorf("a refused review changed the task")
				}
				return err
			})
		}
	}
	hostileFindings := []compliance.Finding{{}, {Kind: 9, Severity: compliance.SeverityBlock},
		{Kind: compliance.KindAbsoluteTerm, Severity: compliance.SeverityBlock, Term: mib, Text: mib},
		{Kind: compliance.KindAbsoluteTerm, Severity: compliance.SeverityBlock, Term: "最佳", Span: compliance.Span{Start: -1, End: -5}}}
	for _, f := range hostileFindings {
		for _, reason := range []string{"理由", mib, ""} {
			a.refuse("waive a hostile finding", func() error {
				tk, _ := submitted(t, clean+"最佳")
				_, err := tk.Apply(platform, t0.Add(2*time.Hour), task.Request{Command: task.CmdWaiveFinding, Finding: f, Reason: reason})
				return err
			})
		}
	}
	for _, c := range []task.Command{task.CmdWaiveFinding} {
		for _, s := range []task.State{task.StateAccepted, task.StateScriptApproved, task.StateVideoApproved} {
			a.refuse("waive in "+s.String(), func() error {
				tk := newTask(t, starmap.FormatShortVideo, false)
				videoTo(t, tk, s)
				_, err := tk.Apply(platform, t0.Add(2*time.Hour), task.Request{Command: c, Reason: "理由"})
				return err
			})
		}
		a.refuse("waive on a live task", func() error {
			tk := newTask(t, starmap.FormatLive, false)
			_, err := tk.Apply(platform, t0.Add(time.Hour), task.Request{Command: c, Reason: "理由"})
			return err
		})
	}
	a.survive("accessors of a task without submissions", func() {
		tk := newTask(t, starmap.FormatLive, false)
		if _, ok := tk.Submission(); ok {
			t.Error("a live task has a submission")
		}
		_ = tk.Template().Compliance()
		for _, c := range tk.History() {
			_ = c.RejectionText(starmap.ZH)
			_ = c.Compliance.IsZero()
		}
	})
	t.Logf("review adversary: %d refusals, %d probes", a.refused, a.probed)
	if a.refused < 40 {
		t.Errorf("only %d hostile inputs tried", a.refused)
	}
}

// TestReviewRecordJSON: a record with review data survives a JSON round
// trip (a database store may keep the record as JSON): enums by name, the
// zero Compliance of other entries included, and it rebuilds.
func TestReviewRecordJSON(t *testing.T) {
	tk, sub := submitted(t, clean+"全网第一,唯一")
	run(t, tk, step{by: platform, req: task.Request{Command: task.CmdWaiveFinding, Finding: sub.Findings[0], Reason: "商标"}},
		step{by: advertiser, req: task.Request{Command: task.CmdRejectScript, Reason: "重写",
			Answers: answers(map[compliance.ItemKey]string{compliance.ItemSubtitles: "错字"})}})
	want := tk.Record()
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got task.Record
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, b)
	}
	if d := cmp.Diff(want, got, tasktest.Equal()); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}
	if _, err := task.FromRecord(got); err != nil {
		t.Errorf("the record read back does not rebuild: %v", err)
	}
}
