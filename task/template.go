package task

import (
	"strconv"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
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

var subNames = [...]string{"", "待创作", "审核中", "待提交", "已完成", "质检通过"}
var subNamesEN = [...]string{"", "to-create", "in-review", "to-submit", "completed", "qc-passed"}

// String returns the label as the platform shows it (待创作 …).
func (s SubState) String() string {
	if s >= SubToCreate && s <= SubQCPassed {
		return subNames[s]
	}
	return "unknown-substate"
}

// English returns an English label (to-create, in-review, to-submit,
// completed, qc-passed).
func (s SubState) English() string {
	if s >= SubToCreate && s <= SubQCPassed {
		return subNamesEN[s]
	}
	return "unknown-substate"
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

var objectiveNames = [...]string{"", "exposure", "favourites", "add-to-cart", "purchase"}

// String names the objective.
func (o Objective) String() string {
	if o >= ObjectiveExposure && o <= ObjectivePurchase {
		return objectiveNames[o]
	}
	return "unknown-objective"
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

var milestoneNames = [...]string{"", "draft", "first-review", "final", "post-launch-review"}

// String names the milestone.
func (m Milestone) String() string {
	if m >= MilestoneDraft && m <= MilestoneReview {
		return milestoneNames[m]
	}
	return "unknown-milestone"
}

var milestoneNamesZH = [...]string{"", "初稿提交", "第一轮审核", "修改并最终提交", "上线后效果回顾"}

// Chinese names the milestone as seed 003 does (初稿提交 …).
func (m Milestone) Chinese() string {
	if m >= MilestoneDraft && m <= MilestoneReview {
		return milestoneNamesZH[m]
	}
	return "未知里程碑"
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
	Dues         []Due
}

// Limits of a template's texts, in characters.
const (
	MaxDeliverables   = 20
	MaxTextLen        = 200
	MaxRequirementLen = 2000
)

// Validate checks the template against the order day: a declared
// objective; 1 to MaxDeliverables non-empty deliverables of at most
// MaxTextLen characters; requirements of at most MaxRequirementLen; each
// milestone at most once, in milestone order, due dates non-decreasing and
// not before the order day. It returns every problem found (errors.Join).
func (t Template) Validate(orderDay starmap.Date) error {
	var errs []error
	bad := func(fieldZH, fieldEN, problemZH, problemEN string) {
		errs = append(errs, ErrTemplateInvalid.New(starmap.LabeledArg("field", fieldZH, fieldEN), starmap.LabeledArg("problem", problemZH, problemEN)))
	}
	if t.Objective < ObjectiveExposure || t.Objective > ObjectivePurchase {
		bad("任务目标", "objective", "未知的目标", "unknown objective")
	}
	if len(t.Deliverables) == 0 {
		bad("交付清单", "deliverables", "清单为空", "the checklist is empty")
	}
	if len(t.Deliverables) > MaxDeliverables {
		n := strconv.Itoa(MaxDeliverables)
		bad("交付清单", "deliverables", "超过"+n+"项", "more than "+n+" items")
	}
	for i, d := range t.Deliverables {
		if blank(d) || !utf8.ValidString(d) || utf8.RuneCountInString(d) > MaxTextLen {
			bad("交付清单第"+strconv.Itoa(i+1)+"项", "deliverables["+strconv.Itoa(i)+"]",
				"为空、不是有效文本或超过"+strconv.Itoa(MaxTextLen)+"个字符", "empty, invalid or longer than "+strconv.Itoa(MaxTextLen)+" characters")
		}
	}
	if !utf8.ValidString(t.Requirements) || utf8.RuneCountInString(t.Requirements) > MaxRequirementLen {
		bad("风格与脚本要求", "requirements", "不是有效文本或超过"+strconv.Itoa(MaxRequirementLen)+"个字符",
			"invalid or longer than "+strconv.Itoa(MaxRequirementLen)+" characters")
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
			bad("里程碑截止日期", "dues", "里程碑「"+m.Chinese()+"」重复或顺序有误", "milestone "+m.String()+" repeated or out of order")
		case d.Date.IsZero() || d.Date.Before(orderDay):
			bad("里程碑截止日期", "dues", "里程碑「"+m.Chinese()+"」的截止日期早于下单日", "milestone "+m.String()+" is due before the order day")
		case d.Date.Before(lastDate):
			bad("里程碑截止日期", "dues", "里程碑「"+m.Chinese()+"」的截止日期早于前一个里程碑", "milestone "+m.String()+" is due before the one before it")
		}
		last, lastDate = d.Milestone, d.Date
	}
	return joinErrs(errs)
}

func (t Template) clone() Template {
	t.Deliverables = append([]string(nil), t.Deliverables...)
	t.Dues = append([]Due(nil), t.Dues...)
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
