package campaign

import (
	"strings"

	"github.com/starmap-go/starmap"
)

// Command is what is done to a campaign.
type Command uint8

// The commands.
const (
	CommandCreate     Command = iota + 1 // 创建项目
	CommandSetBudget                     // 调整预算
	CommandSetTargets                    // 设置考核目标
	CommandGraduate                      // 结束试点
	CommandReserve                       // 预留预算 (an order in the campaign)
	CommandRelease                       // 释放预留 (a cancellation or refund)
	CommandSettle                        // 结算 (the reservation becomes spent)
	CommandVoid                          // 作废预留 (the task was never created)
	CommandClose                         // 关闭项目
)

// commandNames: the stable name, the wording of messages in zh-CN and in
// English (a verb phrase: "may not {command}").
var commandNames = [...]struct{ name, zh, en string }{
	{"unknown-command", "未知指令", "unknown command"},
	{"create", "创建项目", "create a campaign"},
	{"set-budget", "调整预算", "set the budget"},
	{"set-targets", "设置考核目标", "set KPI targets"},
	{"graduate", "结束试点", "graduate the pilot"},
	{"reserve", "预留预算", "reserve"},
	{"release", "释放预留", "release"},
	{"settle", "结算", "settle"},
	{"void", "作废预留", "void a reservation"},
	{"close", "关闭项目", "close the campaign"},
}

// String names the command: create, set-budget, set-targets, graduate,
// reserve, release, settle, void, close. Events are typed "campaign." and
// this name.
func (c Command) String() string {
	if !c.Valid() {
		return commandNames[0].name
	}
	return commandNames[c].name
}

// Label names the command in lang (创建项目, 预留预算 … in zh-CN).
func (c Command) Label(lang starmap.Lang) string {
	i := c
	if !c.Valid() {
		i = 0
	}
	if lang == starmap.ZH {
		return commandNames[i].zh
	}
	return commandNames[i].en
}

// Valid reports whether c is a declared command.
func (c Command) Valid() bool { return c >= CommandCreate && c <= CommandClose }

func (c Command) param() starmap.Param {
	return starmap.LabeledArg("command", c.Label(starmap.ZH), c.Label(starmap.EN))
}

// Party is who an actor is to one campaign, a set of bits in an
// Edge.
type Party uint8

// The parties.
const (
	// PartyOwner is the campaign's advertiser acting with its main account.
	PartyOwner Party = 1 << iota
	// PartySubAccount is a sub-account of the campaign's advertiser.
	PartySubAccount
	// PartyPlatform is the platform's staff or jobs.
	PartyPlatform
)

var partyNames = [...]struct{ en, zh string }{
	{"owner", "项目所属广告主主账号"}, {"sub-account", "所属广告主子账号"}, {"platform", "平台"},
}

// String names the parties of the set, joined by '|': owner|platform.
func (p Party) String() string { return p.join(starmap.EN, "|") }

// Label names the parties in lang, joined by 、 or ", ".
func (p Party) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		return p.join(lang, "、")
	}
	return p.join(lang, ", ")
}

func (p Party) join(lang starmap.Lang, sep string) string {
	var out []string
	for i, n := range partyNames {
		if p&(1<<i) != 0 {
			if lang == starmap.ZH {
				out = append(out, n.zh)
			} else {
				out = append(out, n.en)
			}
		}
	}
	if len(out) == 0 {
		if lang == starmap.ZH {
			return "无"
		}
		return "none"
	}
	return strings.Join(out, sep)
}

// Edge is one transition of the campaign machine: From (zero for
// creation), the command, To, and the parties that may issue it.
type Edge struct {
	From    State
	Command Command
	To      State
	By      Party
}

const (
	owners = PartyOwner
	orders = PartyOwner | PartySubAccount
	movers = PartyOwner | PartySubAccount | PartyPlatform
)

// edges is the transition table (CAM-1, X-7). Budget decisions (the
// budget, the targets, graduating a pilot) are the advertiser's main
// account's alone; orders, and so reservations, come from the main account
// or its sub-accounts as in the task package (TSK-1); releases and
// settlements follow a task's end, which the platform's jobs bring about
// too (expiry, automatic acceptance); closing is the advertiser's or the
// platform's (an account that leaves, ONB-8). A closed campaign takes no
// order, but the tasks ordered in it end as they would have.
var edges = [...]Edge{
	{0, CommandCreate, StateActive, owners},
	{StateActive, CommandSetBudget, StateActive, owners},
	{StateActive, CommandSetTargets, StateActive, owners},
	{StateActive, CommandGraduate, StateActive, owners},
	{StateActive, CommandReserve, StateActive, orders},
	{StateActive, CommandRelease, StateActive, movers},
	{StateActive, CommandSettle, StateActive, movers},
	{StateActive, CommandVoid, StateActive, movers},
	{StateActive, CommandClose, StateClosed, PartyOwner | PartyPlatform},
	{StateClosed, CommandRelease, StateClosed, movers},
	{StateClosed, CommandSettle, StateClosed, movers},
	{StateClosed, CommandVoid, StateClosed, movers},
}

// Edges lists the transition table.
func Edges() []Edge { return append([]Edge(nil), edges[:]...) }

// Allowed returns the edge of cmd from state, if the table has one.
func Allowed(from State, cmd Command) (Edge, bool) {
	for _, e := range edges {
		if e.From == from && e.Command == cmd {
			return e, true
		}
	}
	return Edge{}, false
}

// partiesOf is every party that may issue cmd in some state.
func partiesOf(cmd Command) Party {
	var p Party
	for _, e := range edges {
		if e.Command == cmd {
			p |= e.By
		}
	}
	return p
}

// Mermaid renders the table as a Mermaid state diagram.
func Mermaid() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	for _, e := range edges {
		from := "[*]"
		if e.From != 0 {
			from = e.From.String()
		}
		b.WriteString("    " + from + " --> " + e.To.String() + ": " + e.Command.String() + " [" + e.By.String() + "]\n")
	}
	b.WriteString("    closed --> [*]\n")
	return b.String()
}

// PartyOf says who by is to the campaign of advertiser owner: the owner's
// main account, one of its sub-accounts, or the platform. An invalid actor
// is starmap.ErrActorInvalid; a creator or an MCN is ErrActorNotAllowed
// (wrapping starmap.ErrActorRole); another advertiser is ErrNotOwner.
func PartyOf(by starmap.Actor, campaignID, owner string) (Party, error) {
	if err := by.Validate(); err != nil {
		return 0, err
	}
	switch by.Role() {
	case starmap.RolePlatform:
		return PartyPlatform, nil
	case starmap.RoleAdvertiser, starmap.RoleAdvertiserSub:
		if by.Advertiser() != owner {
			return 0, ErrNotOwner.New(starmap.Arg("campaign", campaignID), starmap.Arg("advertiser", by.Advertiser()))
		}
		if by.Role() == starmap.RoleAdvertiser {
			return PartyOwner, nil
		}
		return PartySubAccount, nil
	}
	return 0, ErrActorNotAllowed.Wrap(
		starmap.ErrActorRole.New(starmap.LabeledArg("role", by.Role().Label(starmap.ZH), by.Role().Label(starmap.EN)),
			starmap.LabeledArg("allowed", "广告主、平台", "advertiser, platform")),
		actorParam(by), starmap.LabeledArg("command", "操作项目", "act on a campaign"))
}

// actorParam names an actor in messages: its role in lang and its id.
func actorParam(by starmap.Actor) starmap.Param {
	id := by.ID()
	if by.Role() == starmap.RoleAdvertiserSub {
		id = by.AdvertiserOf() + "/" + by.ID()
	}
	return starmap.LabeledArg("actor", by.Role().Label(starmap.ZH)+" "+id, by.Role().Label(starmap.EN)+" "+id)
}

// authorize checks that by may issue cmd on a campaign of owner in state
// (0 for one not yet created): the actor first (who it is to the
// campaign, and whether that party may ever issue cmd), then the state.
func authorize(by starmap.Actor, campaignID, owner string, state State, cmd Command) error {
	if !cmd.Valid() {
		return ErrUnknownCommand.New(starmap.Arg("command", int(cmd)))
	}
	p, err := PartyOf(by, campaignID, owner)
	if err != nil {
		return err
	}
	if partiesOf(cmd)&p == 0 {
		allowed := partiesOf(cmd)
		return ErrActorNotAllowed.Wrap(
			starmap.ErrActorRole.New(starmap.LabeledArg("role", p.Label(starmap.ZH), p.Label(starmap.EN)),
				starmap.LabeledArg("allowed", allowed.Label(starmap.ZH), allowed.Label(starmap.EN))),
			actorParam(by), cmd.param())
	}
	e, ok := Allowed(state, cmd)
	if !ok {
		return ErrNotAllowedInState.New(starmap.Arg("campaign", campaignID),
			starmap.LabeledArg("state", state.Label(starmap.ZH), state.String()), cmd.param())
	}
	if e.By&p == 0 {
		return ErrActorNotAllowed.Wrap(
			starmap.ErrActorRole.New(starmap.LabeledArg("role", p.Label(starmap.ZH), p.Label(starmap.EN)),
				starmap.LabeledArg("allowed", e.By.Label(starmap.ZH), e.By.Label(starmap.EN))),
			actorParam(by), cmd.param())
	}
	return nil
}
