package task

import (
	"sync"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// Reviewer is what the review path of a task runs with (CPL-2 … CPL-4):
// the Checker a submission's text is checked with, the Form a review's
// checklist answers, the Policy that decides on the findings, and whether
// a review must carry the checklist. The zero Reviewer is the default:
// compliance.NewChecker()'s lists, compliance.StandardForm(), the zero
// compliance.Policy, the checklist optional. Service.Do runs with the
// Service's options (WithChecker, WithReviewForm, WithReviewPolicy,
// WithChecklistRequired); Task.Apply with the zero Reviewer.
type Reviewer struct {
	// Checker checks a submission's text; nil means the default checker.
	Checker *compliance.Checker
	// Form is the review checklist; nil means the standard form.
	Form *compliance.Form
	// Policy decides whether a block finding prevents approval.
	Policy compliance.Policy
	// RequireChecklist refuses a review without answers
	// (ErrChecklistRequired).
	RequireChecklist bool
}

// MaxFindings bounds the findings one submission records: a text with
// more is refused (ErrTooManyFindings) rather than stored, so that a task
// record and a rejection stay of a readable size. No script a creator
// means to have approved comes near it.
const MaxFindings = 100

// defaultChecker is compliance.NewChecker() built once, on first use.
var defaultChecker = sync.OnceValues(func() (*compliance.Checker, error) { return compliance.NewChecker() })

func (rv Reviewer) checker() (*compliance.Checker, error) {
	if rv.Checker != nil {
		return rv.Checker, nil
	}
	return defaultChecker()
}

// Compliance is what a history entry of the review path records (CPL-2 …
// CPL-4), beside the entry's Reason and Ref:
//
//   - a submission (submit_script, submit_video) whose Request carried
//     text: Checked, and the checker's Findings (none when the text is
//     clean);
//   - a waiver (waive_finding): the platform's Waiver of one block finding
//     of the submission under review;
//   - a review (approve_*, reject_*): the Checklist the reviewer filled
//     (zero when the review carried no answers), and for a rejection the
//     Rejection: the failed items and every finding not waived.
//
// Every other entry holds the zero Compliance.
type Compliance struct {
	Checked   bool
	Findings  []compliance.Finding
	Waiver    compliance.Waiver
	Checklist compliance.Checklist
	Rejection compliance.Rejection
}

// IsZero reports whether c records nothing.
func (c Compliance) IsZero() bool {
	return !c.Checked && len(c.Findings) == 0 && c.Waiver == (compliance.Waiver{}) &&
		len(c.Checklist.Marks) == 0 && len(c.Rejection.Failed) == 0 && len(c.Rejection.Findings) == 0
}

func (c Compliance) clone() Compliance {
	if c.IsZero() {
		return Compliance{}
	}
	c.Findings = append([]compliance.Finding(nil), c.Findings...)
	c.Checklist.Marks = append([]compliance.Mark(nil), c.Checklist.Marks...)
	c.Rejection.Failed = append([]compliance.Mark(nil), c.Rejection.Failed...)
	c.Rejection.Findings = append([]compliance.Finding(nil), c.Rejection.Findings...)
	return c
}

// appendChanges appends deep copies of src to dst: a history shares no
// memory with its copies.
func appendChanges(dst, src []Change) []Change {
	n := len(dst)
	dst = append(dst, src...) // one allocation and one copy
	// Only a review record holds memory of its own; most entries have
	// none, and an entry whose slices are all nil is its own copy.
	for i := n; i < len(dst); i++ {
		c := &dst[i].Compliance
		if c.Findings != nil || c.Checklist.Marks != nil || c.Rejection.Failed != nil || c.Rejection.Findings != nil {
			*c = c.clone()
		}
	}
	return dst
}

// Compliance returns what the template asks of a submission's text: the
// disclosure (CPL-2) and the required points (CPL-3).
func (t Template) Compliance() compliance.Requirements {
	return compliance.Requirements{Disclosure: t.Disclosure, Points: append([]compliance.Point(nil), t.Points...)}
}

// Submission is a script or video submission with what the review path
// recorded of it: the checker's findings and the platform's waivers.
type Submission struct {
	Command Command // CmdSubmitScript or CmdSubmitVideo
	Seq     int     // its history entry
	By      starmap.Actor
	At      time.Time
	Ref     string
	// Checked: the submission carried text and the checker checked it.
	Checked  bool
	Findings []compliance.Finding
	// Waivers are the platform's waivers of its findings, in order.
	Waivers []compliance.Waiver
}

// Submission returns the latest script or video submission of the task
// (false when there is none): the one under review while the task is
// script-submitted or video-submitted, with its findings and waivers.
func (t *Task) Submission() (Submission, bool) {
	for i := len(t.history) - 1; i >= 0; i-- {
		c := &t.history[i]
		if c.Command != CmdSubmitScript && c.Command != CmdSubmitVideo {
			continue
		}
		s := Submission{Command: c.Command, Seq: c.Seq, By: c.Actor, At: c.At, Ref: c.Ref,
			Checked: c.Compliance.Checked, Findings: append([]compliance.Finding(nil), c.Compliance.Findings...)}
		for _, w := range t.history[i+1:] {
			if w.Command == CmdWaiveFinding {
				s.Waivers = append(s.Waivers, w.Compliance.Waiver)
			}
		}
		return s, true
	}
	return Submission{}, false
}

// submissionTextField is the text of a submission: a script, a caption,
// talking points.
var submissionTextField = starmap.TextField{ZH: "脚本或文案", EN: "script or caption", Kind: starmap.TextBody}

// stageP names the stage a review command is about.
func stageP(c Command) starmap.Param {
	if c == CmdApproveVideo || c == CmdRejectVideo || c == CmdSubmitVideo {
		return starmap.LabeledArg("stage", "视频", "video")
	}
	return starmap.LabeledArg("stage", "脚本", "script")
}

func findingP(f compliance.Finding) starmap.Param {
	return starmap.LabeledArg("finding", f.Message(starmap.ZH), f.Message(starmap.EN))
}

// allPass is the standard checklist with every item passed: what a review
// without answers is decided with, so that only the findings and the
// waivers count. It is never stored.
var allPass = sync.OnceValues(func() (compliance.Checklist, error) {
	var answers []compliance.Answer
	for _, it := range compliance.StandardItems() {
		answers = append(answers, compliance.Answer{Item: it.Key, Pass: true})
	}
	return compliance.StandardForm().Fill(answers...)
})

// review runs the review path of command r (the GuardCompliance edges)
// and returns what the history entry records. It changes nothing.
func (t *Task) review(by starmap.Actor, now time.Time, r Request, rv Reviewer) (Compliance, error) {
	switch r.Command {
	case CmdSubmitScript, CmdSubmitVideo:
		if r.Text == "" {
			return Compliance{}, nil
		}
		if err := submissionTextField.Validate(r.Text); err != nil {
			return Compliance{}, err
		}
		ch, err := rv.checker()
		if err != nil {
			return Compliance{}, err
		}
		fs, err := ch.Check(r.Text, t.template.Compliance())
		if err != nil {
			return Compliance{}, err
		}
		if len(fs) > MaxFindings {
			return Compliance{}, ErrTooManyFindings.New(starmap.Arg("got", len(fs)), starmap.Arg("max", MaxFindings))
		}
		return Compliance{Checked: true, Findings: fs}, nil

	case CmdWaiveFinding:
		sub, _ := t.Submission()
		known := false
		for _, f := range sub.Findings {
			known = known || f == r.Finding
		}
		if !known {
			return Compliance{}, ErrFindingUnknown.New(findingP(r.Finding))
		}
		for _, w := range sub.Waivers {
			if w.Finding == r.Finding {
				return Compliance{}, ErrFindingWaived.New(findingP(r.Finding))
			}
		}
		w, err := compliance.Waive(by, now, r.Finding, r.Reason)
		if err != nil {
			return Compliance{}, err
		}
		return Compliance{Waiver: w}, nil
	}

	// A review: approve or reject the submission under review.
	sub, _ := t.Submission()
	var cl compliance.Checklist
	if len(r.Answers) > 0 {
		// More answers than items cannot fill the form (one is unknown or
		// repeated); the problems of one more than fit are enough to say
		// so, and a refusal never lists ten thousand of them.
		ans := r.Answers
		if n := len(rv.Form.Items()) + 1; len(ans) > n {
			ans = ans[:n]
		}
		var err error
		if cl, err = rv.Form.Fill(ans...); err != nil {
			return Compliance{}, err
		}
	} else if rv.RequireChecklist {
		return Compliance{}, ErrChecklistRequired.New(stageP(r.Command))
	}
	decideOn := cl
	if len(r.Answers) == 0 {
		var err error
		if decideOn, err = allPass(); err != nil {
			return Compliance{}, err
		}
	}
	d, err := compliance.Decide(rv.Policy, compliance.Review{Checklist: decideOn, Findings: sub.Findings, Waivers: sub.Waivers})
	if err != nil {
		return Compliance{}, ErrRecordInvalid.Wrap(err, starmap.LabeledArg("problem", "提交的检查记录无效", "the submission's findings or waivers"))
	}
	if r.Command == CmdApproveScript || r.Command == CmdApproveVideo {
		if err := d.ApproveErr(); err != nil {
			return Compliance{}, ErrApprovalBlocked.Wrap(err, stageP(r.Command))
		}
		return Compliance{Checklist: cl}, nil
	}
	// One rule for every rejection (CPL-4, TSK-8; the package doc's
	// Review and compliance): it cites every failed item and every
	// finding not waived, and its written reason always; when there is
	// nothing else to cite, the reason alone.
	rej := compliance.Rejection{Failed: d.Failed, Findings: d.Cited}
	return Compliance{Checklist: cl, Rejection: rej}, nil
}

// RejectionText renders what a rejection sent back to the creator in lang:
// the reviewer's written reason, then what it cites (the failed checklist
// items with their notes, the findings not waived — compliance's
// Rejection.Text). For any other entry it is the Reason alone.
func (c Change) RejectionText(lang starmap.Lang) string {
	if (c.Command != CmdRejectScript && c.Command != CmdRejectVideo) ||
		len(c.Compliance.Rejection.Failed) == 0 && len(c.Compliance.Rejection.Findings) == 0 {
		return c.Reason
	}
	return c.Reason + "\n" + c.Compliance.Rejection.Text(lang)
}

// checkReviews checks what the history's entries record of the review
// path, as FromRecord rebuilds a task: only submissions, waivers and
// reviews record anything; findings, waivers and checklists are valid
// (Finding.Validate, Waiver.Validate, Checklist.Validate); a waiver is the
// entry's own (its actor, instant and reason) and waives a finding of the
// submission before it, once; a rejection cites only failed items of its
// checklist and valid findings.
func checkReviews(h []Change) (zh, en string, ok bool) {
	var findings []compliance.Finding
	var waived []compliance.Finding
	has := func(fs []compliance.Finding, f compliance.Finding) bool {
		for _, x := range fs {
			if x == f {
				return true
			}
		}
		return false
	}
	for i := range h {
		c, x := h[i].Command, &h[i].Compliance
		switch c {
		case CmdSubmitScript, CmdSubmitVideo:
			if x.Waiver != (compliance.Waiver{}) || len(x.Checklist.Marks) > 0 || len(x.Rejection.Failed) > 0 || len(x.Rejection.Findings) > 0 ||
				len(x.Findings) > 0 && !x.Checked || len(x.Findings) > MaxFindings {
				return "提交记录中有不属于提交的审核内容", "a submission records review data it cannot have", false
			}
			for _, f := range x.Findings {
				if f.Validate() != nil {
					return "提交的检查发现无效", "a submission's finding is invalid", false
				}
			}
			findings, waived = x.Findings, nil
		case CmdWaiveFinding:
			w := x.Waiver
			if x.Checked || len(x.Findings) > 0 || len(x.Checklist.Marks) > 0 || len(x.Rejection.Failed) > 0 || len(x.Rejection.Findings) > 0 ||
				w.Validate() != nil || w.By != h[i].Actor || !w.At.Equal(h[i].At) || w.Reason != h[i].Reason {
				return "豁免记录无效", "a waiver entry is invalid", false
			}
			if !has(findings, w.Finding) || has(waived, w.Finding) {
				return "豁免的检查发现不属于当前提交或已豁免", "a waiver is for no finding of the submission, or for one already waived", false
			}
			waived = append(waived, w.Finding)
		case CmdApproveScript, CmdApproveVideo, CmdRejectScript, CmdRejectVideo:
			if x.Checked || len(x.Findings) > 0 || x.Waiver != (compliance.Waiver{}) {
				return "审核记录中有不属于审核的内容", "a review records data it cannot have", false
			}
			if len(x.Checklist.Marks) > 0 && x.Checklist.Validate() != nil {
				return "审核清单无效", "a review's checklist is invalid", false
			}
			reject := c == CmdRejectScript || c == CmdRejectVideo
			if !reject && (len(x.Rejection.Failed) > 0 || len(x.Rejection.Findings) > 0) {
				return "通过的审核记录了驳回内容", "an approval records a rejection", false
			}
			for _, m := range x.Rejection.Failed {
				got, found := x.Checklist.Mark(m.Item.Key)
				if !found || got.Pass || got != m {
					return "驳回引用了审核清单中没有未通过的项", "a rejection cites an item its checklist did not fail", false
				}
			}
			for _, f := range x.Rejection.Findings {
				if f.Validate() != nil || len(x.Rejection.Findings) > MaxFindings {
					return "驳回引用的检查发现无效", "a rejection cites an invalid finding", false
				}
			}
		default:
			if !x.IsZero() {
				return "历史记录中有不属于该指令的审核内容", "an entry records review data its command cannot have", false
			}
		}
	}
	return "", "", true
}

// WithChecker sets the checker a script or video submission's text is
// checked with (CPL-1 … CPL-3; default compliance.NewChecker(), the
// default lists). A nil Checker, or one not made by compliance.NewChecker,
// is refused.
func WithChecker(c *compliance.Checker) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("合规检查器", "compliance checker", c); err != nil {
			return err
		}
		if _, err := c.Check("", compliance.Requirements{}); err != nil {
			return err
		}
		s.review.Checker = c
		return nil
	}
}

// WithReviewForm sets the review checklist a script or video review
// answers (CPL-4; default compliance.StandardForm(): the five standard
// items). A nil Form is refused: say StandardForm() to mean it.
func WithReviewForm(f *compliance.Form) Option {
	return func(s *settings) error {
		if err := starmap.RequireDependency("审核清单", "review form", f); err != nil {
			return err
		}
		s.review.Form = f
		return nil
	}
}

// WithReviewPolicy sets how a review treats block findings (CPL-4;
// default the zero compliance.Policy: a block finding prevents approval
// until the platform waives it).
func WithReviewPolicy(p compliance.Policy) Option {
	return func(s *settings) error {
		s.review.Policy = p
		return nil
	}
}

// WithChecklistRequired makes every script and video review carry the
// checklist (ErrChecklistRequired otherwise). Off by default, so that a
// host that reviews without one keeps working: its approval is then
// decided on the findings alone, and its rejection cites them beside the
// written reason.
func WithChecklistRequired() Option {
	return func(s *settings) error {
		s.review.RequireChecklist = true
		return nil
	}
}
