package task

import (
	"strings"

	"github.com/starmap-go/starmap"
)

// State is where a task is in its life (TSK-1, TSK-2).
type State uint8

// The states. Short videos go Pending → Accepted → ScriptSubmitted →
// (ScriptRejected ↺ | ScriptApproved) → VideoSubmitted → (VideoRejected ↺ |
// VideoApproved) → Published → Settled; live tasks go Pending → Accepted →
// Scheduled → OnAir → Broadcast → Settled. Declined, Expired, Cancelled and
// Settled are terminal.
const (
	StatePending         State = iota + 1 // 待接收任务: ordered, waiting for the creator
	StateAccepted                         // the creator accepted every term
	StateScriptSubmitted                  // script waiting for review
	StateScriptRejected                   // script sent back with a reason
	StateScriptApproved                   // script approved; video to make
	StateVideoSubmitted                   // video waiting for review
	StateVideoRejected                    // video sent back with a reason
	StateVideoApproved                    // video approved; to publish
	StatePublished                        // published; waiting for 验收
	StateScheduled                        // live: start time fixed
	StateOnAir                            // live: broadcasting
	StateBroadcast                        // live: valid broadcast reported; waiting for confirmation
	StateSettled                          // accepted (验收) and paid out
	StateDeclined                         // the creator declined the invitation
	StateExpired                          // the invitation window passed
	StateCancelled                        // cancelled (TSK-3)
	StateOpen                             // published for any creator to claim (seed 000)

	numStates = int(StateOpen) + 1
)

// states is the bilingual table of State.
var states = nameTable{{}, {"pending", "待接收"}, {"accepted", "已接受"}, {"script-submitted", "脚本审核中"},
	{"script-rejected", "脚本已驳回"}, {"script-approved", "脚本已通过"}, {"video-submitted", "视频审核中"},
	{"video-rejected", "视频已驳回"}, {"video-approved", "视频已通过"}, {"published", "已发布"},
	{"scheduled", "已排期"}, {"on-air", "直播中"}, {"broadcast", "已直播"}, {"settled", "已结算"},
	{"declined", "已拒绝"}, {"expired", "已过期"}, {"cancelled", "已取消"}, {"open", "待领取"}}

// String names the state in kebab case ("script-submitted").
func (s State) String() string { return states.str(int(s), "unknown-state") }

// Label names the state in lang: the platform's words in zh-CN
// ("脚本审核中"), the String name in English.
func (s State) Label(lang starmap.Lang) string { return states.label(int(s), lang, "unknown-state") }

// Valid reports whether s is a declared state.
func (s State) Valid() bool { return s >= StatePending && s <= StateOpen }

// Terminal reports whether s is an end: no command takes a task out of it
// (Settled still takes results reports, which do not change the state).
func (s State) Terminal() bool {
	return s == StateSettled || s == StateDeclined || s == StateExpired || s == StateCancelled
}

// States lists every state in declaration order.
func States() []State {
	out := make([]State, 0, numStates-1)
	for s := StatePending; s <= StateOpen; s++ {
		out = append(out, s)
	}
	return out
}

// Command is something an actor asks of a task.
type Command uint8

// The commands.
const (
	CmdAcceptOrder     Command = iota + 1 // creator/MCN: 去接受, accepting every term
	CmdDecline                            // creator/MCN: decline the invitation (reason)
	CmdExpire                             // platform clock: the invitation window passed
	CmdSubmitScript                       // creator/MCN: upload a script (ref)
	CmdApproveScript                      // advertiser or platform
	CmdRejectScript                       // advertiser or platform (reason, budget)
	CmdSubmitVideo                        // creator/MCN: upload the video (ref)
	CmdApproveVideo                       // advertiser or platform
	CmdRejectVideo                        // advertiser or platform (reason, budget)
	CmdPublish                            // creator/MCN: publish the approved video (ref)
	CmdSchedule                           // creator/MCN: fix the live start time
	CmdStartBroadcast                     // creator/MCN: go on air
	CmdEndBroadcast                       // creator/MCN: report the actual duration
	CmdShowLiveCard                       // creator: show the mounted component's live card
	CmdHideLiveCard                       // creator: hide it again
	CmdAcceptDelivery                     // advertiser: 验收 / confirm the broadcast; settles
	CmdAutoAccept                         // platform clock: accepted after the policy period; settles
	CmdReportResults                      // platform: marketing data after publication (TSK-6)
	CmdCancel                             // per state and party (TSK-3), reason required
	CmdClaim                              // a creator claims an open task, accepting every term
	CmdWaiveFinding                       // platform: waive a block finding of the submission under review (reason; CPL-4)
	CmdCloseSettlement                    // platform clock: a CPM or CPS settlement locked; pays it (STL-1)

	numCommands = int(CmdCloseSettlement) + 1
)

// commands is the bilingual table of Command; entry 0 is the ordering,
// which starts every history.
var commands = nameTable{{"order", "下单"}, {"accept_order", "接受任务"}, {"decline", "拒绝任务"},
	{"expire", "邀请过期"}, {"submit_script", "上传脚本"}, {"approve_script", "脚本审核通过"},
	{"reject_script", "驳回脚本"}, {"submit_video", "上传视频"}, {"approve_video", "视频审核通过"},
	{"reject_video", "驳回视频"}, {"publish", "发布"}, {"schedule", "排期开播"},
	{"start_broadcast", "开始直播"}, {"end_broadcast", "结束直播"}, {"show_live_card", "展示直播卡片"},
	{"hide_live_card", "隐藏直播卡片"}, {"accept_delivery", "验收"}, {"auto_accept", "自动验收"},
	{"report_results", "回传营销数据"}, {"cancel", "取消任务"}, {"claim", "领取任务"},
	{"waive_finding", "豁免检查发现"},
	{"close_settlement", "结算"}}

// eventTypes are the Event.Type of each command, built once so that a
// transition never concatenates strings.
var eventTypes = func() (t [numCommands]string) {
	t[0] = "task.ordered"
	for c := 1; c < numCommands; c++ {
		t[c] = "task." + commands[c].name
	}
	return t
}()

// String names the command in snake case ("submit_script"); the zero
// Command, which marks the ordering entry of a history, is "order".
func (c Command) String() string { return commands.str(int(c), "unknown-command") }

// Label names the command in lang: the platform's words in zh-CN ("去接受"
// is 接受任务), the String name in English.
func (c Command) Label(lang starmap.Lang) string {
	return commands.label(int(c), lang, "unknown-command")
}

// Valid reports whether c is a declared command.
func (c Command) Valid() bool { return c >= CmdAcceptOrder && int(c) < numCommands }

// Commands lists every command in declaration order.
func Commands() []Command {
	out := make([]Command, 0, numCommands-1)
	for c := CmdAcceptOrder; int(c) < numCommands; c++ {
		out = append(out, c)
	}
	return out
}

// Party is the side of a task an actor is on: the advertiser (main
// account or sub-account), the creator (the creator, or its MCN on its
// behalf), or the platform (review staff and clock-driven jobs).
type Party uint8

// The parties; they are bits so that an Edge holds a set of them.
const (
	PartyAdvertiser Party = 1 << iota
	PartyCreator
	PartyPlatform
)

// parties is the bilingual table of the three parties, in bit order.
var parties = nameTable{{"advertiser", "广告主"}, {"creator", "达人"}, {"platform", "平台"}}

// String names the party, or the set joined with "|" ("none" for the
// empty set).
func (p Party) String() string { return p.join(starmap.EN) }

// Label names the party, or the set, in lang: joined with "、" in zh-CN
// (广告主、平台), as String in English.
func (p Party) Label(lang starmap.Lang) string { return p.join(lang) }

func (p Party) join(lang starmap.Lang) string {
	sep, none := "|", "none"
	if lang == starmap.ZH {
		sep, none = "、", "无"
	}
	var parts []string
	for i := range parties {
		if p&(1<<i) != 0 {
			parts = append(parts, parties.label(i, lang, ""))
		}
	}
	if len(parts) == 0 {
		return none
	}
	return strings.Join(parts, sep)
}

// PartyOf is the party an actor acts for: advertiser for a main account or
// sub-account, creator for a creator or an MCN, platform for the platform;
// 0 for an invalid role.
func PartyOf(a starmap.Actor) Party {
	switch a.Role() {
	case starmap.RoleAdvertiser, starmap.RoleAdvertiserSub:
		return PartyAdvertiser
	case starmap.RoleCreator, starmap.RoleMCN:
		return PartyCreator
	case starmap.RolePlatform:
		return PartyPlatform
	}
	return 0
}

// Guard is a condition an Edge checks beyond state and actor; each broken
// one has its own coded error.
type Guard uint16

// The guards.
const (
	GuardReason          Guard = 1 << iota // a written reason (ErrReasonRequired)
	GuardRef                               // a submission reference (ErrSubmissionRequired)
	GuardScriptBudget                      // the advertiser has script rejections left (ErrRejectionBudgetUsed); platform reviews are not budgeted
	GuardVideoBudget                       // the advertiser has video rejections left (ErrRejectionBudgetUsed); platform reviews are not budgeted
	GuardInvitationOpen                    // within the invitation window (ErrInvitationClosed)
	GuardDue                               // the deadline passed (ErrNotDue)
	GuardScheduleFuture                    // planned start not in the past (ErrScheduleInvalid)
	GuardBroadcastLength                   // positive duration, not longer than the time since going on air (ErrBroadcastLongerThanAir); branch on reaching the ordered length
	GuardLiveCard                          // a component is mounted and the switch changes (ErrNoLiveComponent, ErrLiveCardUnchanged)
	GuardMetrics                           // valid results (ErrMetricsInvalid)
	GuardInPerson                          // the creator in person, not its MCN (ErrActorNotAllowed)
	GuardStartWindow                       // not earlier than the planned start less Policy.LiveEarlyStart (ErrBroadcastTooEarly)
	GuardWindowFits                        // a delivery's acceptance window ends inside the calendar (ErrBeyondCalendar)
	GuardCompliance                        // the review path: a submission's text is checked, a review's checklist and the findings decide, a waiver names a standing finding (CPL-2 … CPL-4; ErrApprovalBlocked …)
	numGuards            = 14
)

var guardNames = [numGuards]string{"reason", "ref", "script-budget", "video-budget",
	"invitation-open", "due", "schedule-future", "broadcast-length", "live-card", "metrics", "in-person", "start-window",
	"window-fits", "compliance"}

// String lists the guards joined with ",".
func (g Guard) String() string {
	var parts []string
	for i := 0; i < numGuards; i++ {
		if g&(1<<i) != 0 {
			parts = append(parts, guardNames[i])
		}
	}
	return strings.Join(parts, ",")
}

// Formats is a set of task formats an Edge applies to.
type Formats uint8

// Format sets.
const (
	ForShortVideo Formats = 1 << iota
	ForLive
	ForBoth = ForShortVideo | ForLive
)

func formatBit(f starmap.Format) Formats {
	switch f {
	case starmap.FormatShortVideo:
		return ForShortVideo
	case starmap.FormatLive:
		return ForLive
	}
	return 0
}

// Edge is one row of the transition table: in state From, Command moves a
// task of one of Formats to To when issued by one of Parties and every
// Guard holds. Else, when set, is where the command leads when the
// broadcast-length branch is not met (a broadcast shorter than ordered goes
// back to Accepted, to be scheduled again).
type Edge struct {
	From    State
	Command Command
	To      State
	Else    State
	Parties Party
	Formats Formats
	Guards  Guard
}

const (
	adv  = PartyAdvertiser
	crt  = PartyCreator
	plat = PartyPlatform
)

// edges is the transition table (TSK-1 … TSK-3, TSK-7, TSK-8), in the order
// the diagram draws it.
var edges = []Edge{
	{StateOpen, CmdClaim, StateAccepted, 0, crt, ForBoth, GuardInPerson | GuardInvitationOpen},
	{StateOpen, CmdExpire, StateExpired, 0, plat, ForBoth, GuardDue},
	{StateOpen, CmdCancel, StateCancelled, 0, adv | plat, ForBoth, GuardReason},
	{StatePending, CmdAcceptOrder, StateAccepted, 0, crt, ForBoth, GuardInvitationOpen},
	{StatePending, CmdDecline, StateDeclined, 0, crt, ForBoth, GuardReason},
	{StatePending, CmdExpire, StateExpired, 0, plat, ForBoth, GuardDue},
	{StatePending, CmdCancel, StateCancelled, 0, adv | plat, ForBoth, GuardReason},

	{StateAccepted, CmdSubmitScript, StateScriptSubmitted, 0, crt, ForShortVideo, GuardRef | GuardCompliance},
	{StateAccepted, CmdCancel, StateCancelled, 0, adv | crt | plat, ForBoth, GuardReason},
	{StateScriptSubmitted, CmdApproveScript, StateScriptApproved, 0, adv | plat, ForShortVideo, GuardCompliance},
	{StateScriptSubmitted, CmdRejectScript, StateScriptRejected, 0, adv | plat, ForShortVideo, GuardReason | GuardScriptBudget | GuardCompliance},
	{StateScriptSubmitted, CmdWaiveFinding, StateScriptSubmitted, 0, plat, ForShortVideo, GuardReason | GuardCompliance},
	{StateScriptSubmitted, CmdCancel, StateCancelled, 0, adv | crt | plat, ForShortVideo, GuardReason},
	{StateScriptRejected, CmdSubmitScript, StateScriptSubmitted, 0, crt, ForShortVideo, GuardRef | GuardCompliance},
	{StateScriptRejected, CmdCancel, StateCancelled, 0, adv | crt | plat, ForShortVideo, GuardReason},
	{StateScriptApproved, CmdSubmitVideo, StateVideoSubmitted, 0, crt, ForShortVideo, GuardRef | GuardCompliance},
	{StateScriptApproved, CmdCancel, StateCancelled, 0, adv | crt | plat, ForShortVideo, GuardReason},
	{StateVideoSubmitted, CmdApproveVideo, StateVideoApproved, 0, adv | plat, ForShortVideo, GuardCompliance},
	{StateVideoSubmitted, CmdRejectVideo, StateVideoRejected, 0, adv | plat, ForShortVideo, GuardReason | GuardVideoBudget | GuardCompliance},
	{StateVideoSubmitted, CmdWaiveFinding, StateVideoSubmitted, 0, plat, ForShortVideo, GuardReason | GuardCompliance},
	{StateVideoSubmitted, CmdCancel, StateCancelled, 0, adv | crt | plat, ForShortVideo, GuardReason},
	{StateVideoRejected, CmdSubmitVideo, StateVideoSubmitted, 0, crt, ForShortVideo, GuardRef | GuardCompliance},
	{StateVideoRejected, CmdCancel, StateCancelled, 0, adv | crt | plat, ForShortVideo, GuardReason},
	{StateVideoApproved, CmdPublish, StatePublished, 0, crt, ForShortVideo, GuardRef | GuardWindowFits},
	{StateVideoApproved, CmdCancel, StateCancelled, 0, adv | crt | plat, ForShortVideo, GuardReason},
	{StatePublished, CmdAcceptDelivery, StateSettled, 0, adv, ForShortVideo, 0},
	{StatePublished, CmdAutoAccept, StateSettled, 0, plat, ForShortVideo, GuardDue},
	{StatePublished, CmdReportResults, StatePublished, 0, plat, ForShortVideo, GuardMetrics},

	{StateAccepted, CmdSchedule, StateScheduled, 0, crt, ForLive, GuardScheduleFuture},
	{StateScheduled, CmdSchedule, StateScheduled, 0, crt, ForLive, GuardScheduleFuture},
	{StateScheduled, CmdStartBroadcast, StateOnAir, 0, crt, ForLive, GuardStartWindow},
	{StateScheduled, CmdCancel, StateCancelled, 0, adv | crt | plat, ForLive, GuardReason},
	{StateOnAir, CmdShowLiveCard, StateOnAir, 0, crt, ForLive, GuardInPerson | GuardLiveCard},
	{StateOnAir, CmdHideLiveCard, StateOnAir, 0, crt, ForLive, GuardInPerson | GuardLiveCard},
	{StateOnAir, CmdEndBroadcast, StateBroadcast, StateAccepted, crt, ForLive, GuardBroadcastLength | GuardWindowFits},
	{StateOnAir, CmdCancel, StateCancelled, 0, plat, ForLive, GuardReason},
	{StateBroadcast, CmdAcceptDelivery, StateSettled, 0, adv, ForLive, 0},
	{StateBroadcast, CmdAutoAccept, StateSettled, 0, plat, ForLive, GuardDue},
	{StateBroadcast, CmdReportResults, StateBroadcast, 0, plat, ForLive, GuardMetrics},

	{StateSettled, CmdReportResults, StateSettled, 0, plat, ForBoth, GuardMetrics},
	{StateSettled, CmdCloseSettlement, StateSettled, 0, plat, ForBoth, GuardDue},
}

// cell is one entry of the lookup table: the edge for a format × state ×
// command, if any.
type cell struct {
	ok      bool
	to      State
	els     State
	parties Party
	guards  Guard
}

// table is edges indexed by format (0 short video, 1 live), state and
// command: deciding whether a command is allowed is one array lookup.
var table = func() (t [2][numStates][numCommands]cell) {
	for _, e := range edges {
		for fi, fb := range [2]Formats{ForShortVideo, ForLive} {
			if e.Formats&fb != 0 {
				t[fi][e.From][e.Command] = cell{true, e.To, e.Else, e.Parties, e.Guards}
			}
		}
	}
	return t
}()

func formatIndex(f starmap.Format) int {
	if f == starmap.FormatLive {
		return 1
	}
	return 0
}

// Edges lists the transition table, a copy, in its declaration order.
func Edges() []Edge { return append([]Edge(nil), edges...) }

// Allowed reports whether a task of format f in state s accepts command c
// from party p, before any guard or identity check: a pure table lookup.
func Allowed(f starmap.Format, s State, c Command, p Party) bool {
	if !s.Valid() || !c.Valid() || !f.Valid() {
		return false
	}
	e := &table[formatIndex(f)][s][c]
	return e.ok && e.parties&p != 0
}

// Mermaid renders the transition table as a Mermaid state diagram: one
// arrow per edge labelled "command [parties] (format)" — no format means both, plus the Else
// branch of the broadcast-length guard. The package doc embeds its output.
func Mermaid() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	b.WriteString("    [*] --> pending: order [advertiser]\n")
	b.WriteString("    [*] --> open: order without a creator [advertiser]\n")
	for _, e := range edges {
		writeArrow(&b, e.From, e.To, e)
		if e.Else != 0 {
			writeArrow(&b, e.From, e.Else, e)
		}
	}
	for _, s := range States() {
		if s.Terminal() {
			b.WriteString("    " + mermaidID(s) + " --> [*]\n")
		}
	}
	return b.String()
}

func writeArrow(b *strings.Builder, from, to State, e Edge) {
	b.WriteString("    " + mermaidID(from) + " --> " + mermaidID(to) + ": " + e.Command.String())
	if e.Else != 0 {
		if to == e.Else {
			b.WriteString(" (short)")
		} else {
			b.WriteString(" (full length)")
		}
	}
	b.WriteString(" [" + e.Parties.String())
	if e.Guards&GuardInPerson != 0 {
		b.WriteString(" in person")
	}
	b.WriteString("]")
	switch e.Formats {
	case ForShortVideo:
		b.WriteString(" (video)")
	case ForLive:
		b.WriteString(" (live)")
	}
	b.WriteString("\n")
}

// mermaidID makes a state name a valid Mermaid id (no hyphens).
func mermaidID(s State) string { return strings.ReplaceAll(s.String(), "-", "_") }
