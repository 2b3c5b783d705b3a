package task

import (
	"strconv"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// SubState is one of the five progress labels seed 003 shows users for a
// (sub-)task (TSK-4). Every State maps to exactly one (see State.SubState).
type SubState uint8

// The five sub-states of seed 003.
const (
	SubToCreate  SubState = iota + 1 // 待创作
	SubInReview                      // 审核中
	SubToSubmit                      // 待提交
	SubCompleted                     // 已完成
	SubQCPassed                      // 质检通过
)

// subStates is the bilingual table of SubState: seed 003's own words in
// zh-CN.
var subStates = nameTable{{}, {"to-create", "待创作"}, {"in-review", "审核中"}, {"to-submit", "待提交"},
	{"completed", "已完成"}, {"qc-passed", "质检通过"}}

// String names the sub-state (to-create, in-review, to-submit, completed,
// qc-passed).
func (s SubState) String() string { return subStates.str(int(s), "unknown-substate") }

// Label returns the label in lang: as the platform shows it in zh-CN
// (待创作 …), the String name in English.
func (s SubState) Label(lang starmap.Lang) string {
	return subStates.label(int(s), lang, "unknown-substate")
}

var subOf = [numStates]SubState{
	StatePending:         SubToCreate,
	StateAccepted:        SubToCreate,
	StateScriptSubmitted: SubInReview,
	StateScriptRejected:  SubToSubmit,
	StateScriptApproved:  SubToCreate,
	StateVideoSubmitted:  SubInReview,
	StateVideoRejected:   SubToSubmit,
	StateVideoApproved:   SubToSubmit,
	StatePublished:       SubCompleted,
	StateScheduled:       SubToCreate,
	StateOnAir:           SubToCreate,
	StateBroadcast:       SubCompleted,
	StateSettled:         SubQCPassed,
	StateDeclined:        SubCompleted,
	StateExpired:         SubCompleted,
	StateCancelled:       SubCompleted,
	StateOpen:            SubToCreate,
}

// SubState maps the state to the user-facing label (TSK-4): work not yet
// made (open, pending, accepted, script approved, scheduled, on air) is 待创作;
// a submission waiting for review is 审核中; a rejected submission to redo
// or an approved video to publish is 待提交; delivered work waiting for
// acceptance — and any task that ended without delivery — is 已完成; a
// settled task passed acceptance: 质检通过. An invalid state maps to 0.
func (s State) SubState() SubState {
	if !s.Valid() {
		return 0
	}
	return subOf[s]
}

// Objective is what the task is for (seed 003: 曝光、收藏、加购、购买).
type Objective uint8

// The objectives.
const (
	ObjectiveExposure   Objective = iota + 1 // 曝光
	ObjectiveFavourites                      // 收藏
	ObjectiveAddToCart                       // 加购
	ObjectivePurchase                        // 购买
)

// objectives is the bilingual table of Objective: seed 003's words.
var objectives = nameTable{{}, {"exposure", "曝光"}, {"favourites", "收藏"}, {"add-to-cart", "加购"}, {"purchase", "购买"}}

// String names the objective ("add-to-cart").
func (o Objective) String() string { return objectives.str(int(o), "unknown-objective") }

// Label names the objective in lang (加购 in zh-CN).
func (o Objective) Label(lang starmap.Lang) string {
	return objectives.label(int(o), lang, "unknown-objective")
}

// Milestone is a delivery node of seed 003's template: 初稿提交, 第一轮审核,
// 修改并最终提交, 上线后效果回顾.
type Milestone uint8

// The milestones in their order.
const (
	MilestoneDraft       Milestone = iota + 1 // 初稿提交: first script submitted (live: scheduled)
	MilestoneFirstReview                      // 第一轮审核: first script review done (live: scheduled)
	MilestoneFinal                            // 修改并最终提交: video approved (live: valid broadcast)
	MilestoneReview                           // 上线后效果回顾: settled after publication
)

// milestones is the bilingual table of Milestone: seed 003's words.
var milestones = nameTable{{}, {"draft", "初稿提交"}, {"first-review", "第一轮审核"}, {"final", "修改并最终提交"},
	{"post-launch-review", "上线后效果回顾"}}

// String names the milestone ("first-review").
func (m Milestone) String() string { return milestones.str(int(m), "unknown-milestone") }

// Label names the milestone in lang, as seed 003 does in zh-CN (初稿提交 …).
func (m Milestone) Label(lang starmap.Lang) string {
	return milestones.label(int(m), lang, "unknown-milestone")
}

// Due is a milestone's due date (inclusive, X-1).
type Due struct {
	Milestone Milestone
	Date      starmap.Date
}

// Template is what the advertiser asks for (TSK-4, seed 003 任务模板): the
// objective, the deliverables checklist, the style and script requirements,
// whether the content must be marked as an advertisement (披露要求), and a
// due date per milestone. Accepting the order accepts all of it (TSK-1).
type Template struct {
	Objective    Objective
	Deliverables []string
	Requirements string
	Disclosure   bool
	// Points are the points a script or caption must carry (CPL-3: a
	// product name, a link, a key message), at most compliance.MaxPoints;
	// with Disclosure they are what the checker checks a submission
	// against (Template.Compliance).
	Points []compliance.Point
	Dues   []Due
}

// Limits of an order: deliverables of a template, components mounted.
const (
	MaxDeliverables = 20
	MaxComponents   = 20
)

// DefaultTemplate is the template of an order that gives none (TSK-4):
// the objective exposure (曝光), one deliverable — 1条短视频 or 1场直播 —
// no style or script requirements, the disclosure requirement on (ads are
// marked, CPL-2) and no milestone due dates.
func DefaultTemplate(f starmap.Format) Template {
	d := "1条短视频"
	if f == starmap.FormatLive {
		d = "1场直播"
	}
	return Template{Objective: ObjectiveExposure, Deliverables: []string{d}, Disclosure: true}
}

// isZero reports whether the template is the zero Template (an order
// that leaves it out).
func (t Template) isZero() bool {
	return t.Objective == 0 && len(t.Deliverables) == 0 && t.Requirements == "" && !t.Disclosure && len(t.Points) == 0 && len(t.Dues) == 0
}

// Validate checks the template against the order day: a declared
// objective; 1 to MaxDeliverables deliverables, each one line of text
// (starmap.TextLine) that shows something; requirements a document
// (starmap.TextBody); the required points as compliance.Requirements
// Validate says (CPL-3); each milestone at most once, in milestone order, due
// dates non-decreasing and not before the order day. It returns every
// problem found (errors.Join).
func (t Template) Validate(orderDay starmap.Date) error {
	var errs []error
	bad := func(fieldZH, fieldEN, problemZH, problemEN string) {
		errs = append(errs, ErrTemplateInvalid.New(starmap.LabeledArg("field", fieldZH, fieldEN), starmap.LabeledArg("problem", problemZH, problemEN)))
	}
	if t.Objective < ObjectiveExposure || t.Objective > ObjectivePurchase {
		bad("任务目标", "objective", "未知的目标", "unknown objective")
	}
	switch n := strconv.Itoa(MaxDeliverables); {
	case len(t.Deliverables) == 0:
		bad("交付清单", "deliverables", "清单为空", "the checklist is empty")
	case len(t.Deliverables) > MaxDeliverables:
		bad("交付清单", "deliverables", "超过"+n+"项", "more than "+n+" items")
	default:
		for i, d := range t.Deliverables {
			fieldZH, fieldEN := "交付清单第"+strconv.Itoa(i+1)+"项", "deliverables["+strconv.Itoa(i)+"]"
			if blank(d) {
				bad(fieldZH, fieldEN, "为空", "empty")
			} else if err := deliverableField.Validate(d); err != nil {
				errs = append(errs, ErrTemplateInvalid.Wrap(err, starmap.LabeledArg("field", fieldZH, fieldEN),
					starmap.LabeledArg("problem", starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN))))
			}
		}
	}
	if err := requirementsField.Validate(t.Requirements); err != nil {
		errs = append(errs, ErrTemplateInvalid.Wrap(err, starmap.LabeledArg("field", "风格与脚本要求", "requirements"),
			starmap.LabeledArg("problem", starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN))))
	}
	// The points are the checker's (CPL-3): checked once here, at
	// ordering, so that every later check of a submission can run.
	if err := t.Compliance().Validate(); err != nil {
		errs = append(errs, ErrTemplateInvalid.Wrap(err, starmap.LabeledArg("field", "要求要点", "required points"),
			starmap.LabeledArg("problem", starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN))))
	}
	if len(t.Dues) > int(MilestoneReview) {
		// Each milestone at most once: a longer list cannot be right, and
		// is not worth a problem per entry.
		bad("里程碑截止日期", "dues", "超过"+strconv.Itoa(int(MilestoneReview))+"个", "more than "+strconv.Itoa(int(MilestoneReview)))
		return joinErrs(errs)
	}
	var last Milestone
	var lastDate starmap.Date
	for _, d := range t.Dues {
		m := d.Milestone
		switch {
		case m < MilestoneDraft || m > MilestoneReview:
			bad("里程碑截止日期", "dues", "未知的里程碑", "unknown milestone")
			continue
		case m <= last:
			bad("里程碑截止日期", "dues", "里程碑「"+m.Label(starmap.ZH)+"」重复或顺序有误", "milestone "+m.String()+" repeated or out of order")
		case d.Date.IsZero() || d.Date.Before(orderDay):
			bad("里程碑截止日期", "dues", "里程碑「"+m.Label(starmap.ZH)+"」的截止日期早于下单日", "milestone "+m.String()+" is due before the order day")
		case d.Date.Before(lastDate):
			bad("里程碑截止日期", "dues", "里程碑「"+m.Label(starmap.ZH)+"」的截止日期早于前一个里程碑", "milestone "+m.String()+" is due before the one before it")
		}
		last, lastDate = d.Milestone, d.Date
	}
	return joinErrs(errs)
}

func (t Template) clone() Template {
	t.Deliverables = append([]string(nil), t.Deliverables...)
	t.Dues = append([]Due(nil), t.Dues...)
	t.Points = append([]compliance.Point(nil), t.Points...)
	return t
}

// milestoneState is the state whose first arrival completes a milestone.
func milestoneReachedBy(f starmap.Format, m Milestone, to State) bool {
	if f == starmap.FormatLive {
		switch m {
		case MilestoneDraft, MilestoneFirstReview:
			return to == StateScheduled
		case MilestoneFinal:
			return to == StateBroadcast
		}
		return m == MilestoneReview && to == StateSettled
	}
	switch m {
	case MilestoneDraft:
		return to == StateScriptSubmitted
	case MilestoneFirstReview:
		return to == StateScriptApproved || to == StateScriptRejected
	case MilestoneFinal:
		return to == StateVideoApproved
	}
	return m == MilestoneReview && to == StateSettled
}

// MilestoneStatus tells whether a milestone was reached and whether it is
// late.
type MilestoneStatus struct {
	Due     Due
	Reached bool
	On      starmap.Date // the day it was reached, if Reached
	Overdue bool         // not reached and today is after the due date, or reached after it
}

// Milestones reports each due milestone of the template against the
// task's history and today.
func (t *Task) Milestones(today starmap.Date) []MilestoneStatus {
	out := make([]MilestoneStatus, 0, len(t.template.Dues))
	for _, d := range t.template.Dues {
		st := MilestoneStatus{Due: d}
		for _, c := range t.history {
			if c.From != c.To && milestoneReachedBy(t.format, d.Milestone, c.To) {
				st.Reached, st.On = true, starmap.DateOf(c.At)
				break
			}
		}
		if st.Reached {
			st.Overdue = st.On.After(d.Date)
		} else {
			st.Overdue = today.After(d.Date) && !t.state.Terminal()
		}
		out = append(out, st)
	}
	return out
}
