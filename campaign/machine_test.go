package campaign_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// The diagram in the package doc is Mermaid's output.
func TestMermaid_InDoc(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(campaign.Mermaid(), "\n"), "\n") {
		b.WriteString("//\t" + line + "\n")
	}
	if !strings.Contains(string(doc), b.String()) {
		t.Fatalf("doc.go does not hold the diagram:\n%s", b.String())
	}
}

// Who may do what, in every state, answers from the table: the
// matrix of commands × actors on an active and on a closed campaign.
func TestMachine_X7_ActorMatrix(t *testing.T) {
	actors := []struct {
		by    starmap.Actor
		party campaign.Party
	}{
		{advertiser, campaign.PartyOwner}, {subAccount, campaign.PartySubAccount}, {platform, campaign.PartyPlatform},
		{otherAdv, 0}, {creator, 0}, {mcn, 0},
	}
	for _, e := range campaign.Edges() {
		if e.Command == campaign.CommandCreate {
			continue
		}
		for _, a := range actors {
			c := newCampaign(t, "1000", "100")
			if _, err := c.Reserve(advertiser, t0, "t1", d("50")); err != nil {
				t.Fatal(err)
			}
			if e.From == campaign.StateClosed {
				if _, err := c.Close(platform, t0, ""); err != nil {
					t.Fatal(err)
				}
			}
			var err error
			switch e.Command {
			case campaign.CommandSetBudget:
				_, err = c.SetBudget(a.by, t0, d("2000"), "")
			case campaign.CommandSetTargets:
				_, err = c.SetTargets(a.by, t0, nil, "")
			case campaign.CommandGraduate:
				_, err = c.Graduate(a.by, t0, "")
			case campaign.CommandReserve:
				_, err = c.Reserve(a.by, t0, "t2", d("1"))
			case campaign.CommandRelease:
				_, err = c.Release(a.by, t0, "t1", d("1"), "")
			case campaign.CommandSettle:
				_, err = c.Settle(a.by, t0, "t1", d("1"), "")
			case campaign.CommandVoid:
				_, err = c.Void(a.by, t0, "t1", "")
			case campaign.CommandClose:
				_, err = c.Close(a.by, t0, "")
			}
			allowed := e.By&a.party != 0
			if allowed != (err == nil) {
				t.Errorf("%s %s by %s: %v (table allows: %v)", e.From, e.Command, a.by, err, allowed)
			}
			if !allowed && !errors.Is(err, starmap.ErrForbidden) {
				t.Errorf("%s by %s refused with %v, not a forbidden kind", e.Command, a.by, err)
			}
		}
	}
	for _, cmd := range []campaign.Command{campaign.CommandReserve, campaign.CommandSetBudget, campaign.CommandClose} {
		if _, ok := campaign.Allowed(campaign.StateClosed, cmd); ok {
			t.Errorf("a closed campaign takes %s", cmd)
		}
	}
}

// Every rule of the package has a code under campaign., and its zh-CN
// message carries no English once its parameters are filled in Chinese
//
func TestMessages_X5(t *testing.T) {
	n := 0
	for _, r := range starmap.Rules() {
		if !strings.HasPrefix(string(r.Code()), "campaign.") {
			continue
		}
		n++
		var params []starmap.Param
		tmpl := r.Template(starmap.ZH) + r.Template(starmap.EN)
		for {
			i := strings.IndexByte(tmpl, '{')
			j := strings.IndexByte(tmpl, '}')
			if i < 0 || j < i {
				break
			}
			params = append(params, starmap.LabeledArg(tmpl[i+1:j], "某值", "some-value"))
			tmpl = tmpl[j+1:]
		}
		e := r.New(params...)
		zh, en := e.Message(starmap.ZH), e.Message(starmap.EN)
		if w := englishWords(zh); len(w) > 0 {
			t.Errorf("%s: zh message %q carries %v", r.Code(), zh, w)
		}
		if strings.ContainsAny(zh+en, "{}") {
			t.Errorf("%s: unfilled placeholder in %q / %q", r.Code(), zh, en)
		}
	}
	if n < 25 {
		t.Errorf("only %d campaign rules", n)
	}
	// Real refusals read wholly in Chinese too.
	c := newCampaign(t, "1000", "100")
	_, _ = c.Reserve(advertiser, t0, "t1", d("60"))
	_, _ = c.Close(platform, t0, "")
	refusals := []error{}
	add := func(_ starmap.Event, err error) { refusals = append(refusals, err) }
	add(c.Reserve(advertiser, t0, "t2", d("1")))
	add(c.Reserve(creator, t0, "t2", d("1")))
	add(c.Reserve(otherSub, t0, "t2", d("1")))
	add(c.SetBudget(subAccount, t0, d("1"), ""))
	add(c.Settle(platform, t0, "t1", d("61"), ""))
	add(c.Settle(platform, t0, "t9", d("1"), ""))
	add(c.Release(platform, t0, "t1", d("0.001"), ""))
	p := newCampaign(t, "1000", "100")
	add(p.Reserve(advertiser, t0, "t1", d("101")))
	add(p.SetBudget(advertiser, t0, d("99"), ""))
	_, _, err := campaign.New(mcn, t0, spec("", "0", "1"))
	refusals = append(refusals, err)
	for _, err := range refusals {
		if err == nil {
			t.Fatal("an expected refusal was accepted")
		}
		zh := starmap.Message(err, starmap.ZH)
		if w := englishWords(zh, "cmp-1", "t1", "t2", "t9", "adv-2", "adv-1", "sub-1", "sub-7", "ops-1", "cre-1", "mcn-1", "MCN"); len(w) > 0 {
			t.Errorf("zh %q carries %v", zh, w)
		}
	}
}
