package authz

import (
	"regexp"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
)

// zh-CN messages read wholly in Chinese — every
// refusal the package raises, with its parameters and causes. (The table
// tests check it too: wantCodes renders every refusal through assertZH.)
func TestX5_ZHMessagesHoldNoEnglish(t *testing.T) {
	g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
	revoked := g
	mustDo(t)(revoked.Revoke(creator, at("2026-03-05"), ""))
	var errs []error
	add := func(_ starmap.Event, err error) { errs = append(errs, err) }
	add3 := func(_ any, _ starmap.Event, err error) { errs = append(errs, err) }
	// Each refusal is tried on a copy, so that g stays as it is.
	on := func(g Grant) *Grant { return &g }
	add(on(g).EarlyRenew(creator, at("2026-03-05"), starmap.Date{}, ""))
	add(on(g).EarlyRenew(creator, at("2026-03-05"), d("2026-03-31"), ""))
	add(on(g).EarlyRenew(mainAcct, at("2026-03-05"), d("2026-04-30"), ""))
	add(on(g).Revoke(starmap.CreatorActor("c2"), at("2026-03-05"), ""))
	add(on(g).Revoke(creator, at("2026-02-01"), ""))
	add(on(revoked).Revoke(creator, at("2026-03-06"), ""))
	add(on(g).Renew(creator, at("2026-03-05"), starmap.Date{}, starmap.Date{}, ""))
	add(on(g).Renew(creator, at("2026-03-05"), d("2026-03-01"), d("2026-02-01"), ""))
	add(on(revoked).Renew(creator, at("2026-04-05"), d("2026-04-05"), d("2026-04-30"), ""))
	add(on(g).Regrant(creator, at("2026-03-05"), d("2026-03-05"), d("2026-03-31"), ""))
	add(on(g).Regrant(creator, at("2026-04-05"), d("2026-04-05"), d("2026-04-30"), ""))
	add(on(revoked).EarlyRenew(creator, at("2026-03-06"), d("2026-04-30"), ""))
	add(on(Grant{}).Revoke(creator, at("2026-03-05"), ""))
	add(on(g).Revoke(creator, at("2026-03-05"), "bad\x00note"))
	add3(NewGrant(mcnAcct, at("2026-03-05"), Party{Kind: 9}, d("2026-03-01"), d("2026-02-01"), ""))
	add3(NewGrant(starmap.CreatorActor(""), at("2026-03-05"), Party{Kind: Merchant}, d("2026-03-05"), d("2026-03-05"), ""))
	_, err := ParseGrantKey("c1")
	errs = append(errs, err)
	_, err = ParseLiveKey("c1/s1→merchant:")
	errs = append(errs, err, starmap.ErrContextMissing.New(), ErrStorePaging.New(), ErrFollowerPoll.New(starmap.Arg("poll", "0s")))

	// Every step of a live-session request from every state, by the
	// requester, another merchant, the creator and another creator.
	other := starmap.AdvertiserActor("m2")
	for _, st := range []LiveState{LiveDraft, LivePending, LiveGranted, LiveDeclined, LiveRevoked} {
		r := LiveRequest{key: LiveKey{Creator: "c1", Session: "s1", Grantee: shop}, state: st}
		for _, by := range []starmap.Actor{mainAcct, subAcct, other, creator, starmap.CreatorActor("c2"), mcnAcct} {
			for _, op := range []func(r *LiveRequest) (starmap.Event, error){
				func(r *LiveRequest) (starmap.Event, error) { return r.Rerequest(by, at("2026-03-05")) },
				func(r *LiveRequest) (starmap.Event, error) { return r.Confirm(by, at("2026-03-05")) },
				func(r *LiveRequest) (starmap.Event, error) { return r.Grant(by, at("2026-03-05"), "") },
				func(r *LiveRequest) (starmap.Event, error) { return r.Decline(by, at("2026-03-05"), "") },
				func(r *LiveRequest) (starmap.Event, error) { return r.Revoke(by, at("2026-03-05"), "") },
			} {
				c := r
				add(op(&c))
			}
		}
	}
	add3(NewLiveRequest(creator, at("2026-03-05"), "c1", "s1"))
	add3(NewLiveRequest(mainAcct, at("2026-03-05"), "", "s 1"))

	for dec := DeniedUnknown; dec <= DeniedNotReady; dec++ {
		errs = append(errs, dec.Err())
	}

	// Records a store may hand back broken.
	ok := g.Record()
	broken := []func(r *GrantRecord){
		func(r *GrantRecord) { r.Key = GrantKey{} },
		func(r *GrantRecord) { r.History = nil },
		func(r *GrantRecord) { r.Periods[0].Origin = OpRevoke },
		func(r *GrantRecord) { r.Periods = append(r.Periods, r.Periods[0]) },
		func(r *GrantRecord) { r.Periods = nil },
		func(r *GrantRecord) { r.RevokedOn = d("2026-03-10") },
		func(r *GrantRecord) { r.RevokedOn, r.RevokedEnd = d("2026-03-10"), d("2026-03-31") },
		func(r *GrantRecord) { r.History[0].Op = 0 },
	}
	for _, f := range broken {
		r := ok.Clone()
		f(&r)
		_, err := FromRecord(r)
		errs = append(errs, err)
	}
	lr := liveGranted(t, mainAcct, "c1", "s1").Record()
	for _, f := range []func(r *LiveRecord){
		func(r *LiveRecord) { r.Key.Session = "" },
		func(r *LiveRecord) { r.State = LivePending },
		func(r *LiveRecord) { r.History[0].To = LiveGranted },
	} {
		r := lr.Clone()
		f(&r)
		_, err := LiveFromRecord(r)
		errs = append(errs, err)
	}
	errs = append(errs, Party{Kind: 9, ID: "x"}.Validate(), Party{Kind: Agency}.Validate(), requireOwner(starmap.SubAccountActor("m1", "ops-1"), "c1"))

	n := 0
	for i, err := range errs {
		if err == nil {
			continue
		}
		n++
		assertZH(t, err)
		if t.Failed() {
			t.Fatalf("refusal %d: %v", i, err)
		}
	}
	if n < 100 {
		t.Fatalf("only %d refusals rendered; the table lost its cases", n)
	}
}

// The catalogue: every authz rule's zh-CN template is Chinese, and no
// parameter a zh-CN message shows is an English word: the labels.
func TestX5_ZHLabels(t *testing.T) {
	for _, r := range starmap.Rules() {
		if !strings.HasPrefix(string(r.Code()), "authz.") {
			continue
		}
		tmpl := regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(r.Template(starmap.ZH), "")
		if w := kit.EnglishWords(tmpl, "MCN"); len(w) > 0 {
			t.Errorf("%s: zh template holds %q", r.Code(), w)
		}
	}
	var labels []string
	for s := StatusNone; s <= StatusRevoked+1; s++ {
		labels = append(labels, s.Label(starmap.ZH))
	}
	for s := LiveNone; s <= LiveRevoked+1; s++ {
		labels = append(labels, s.Label(starmap.ZH))
	}
	for o := LiveOp(0); o <= LiveRevokeOp+1; o++ {
		labels = append(labels, o.Label(starmap.ZH))
	}
	for o := Op(0); o <= OpRenew+1; o++ {
		labels = append(labels, o.Label(starmap.ZH))
	}
	for k := PartyKind(0); k <= Agency+1; k++ {
		labels = append(labels, k.Label(starmap.ZH))
	}
	for sc := Scope(0); sc <= LiveSession+1; sc++ {
		labels = append(labels, sc.Label(starmap.ZH))
	}
	for dec := DeniedUnknown; dec <= DeniedNotReady+1; dec++ {
		labels = append(labels, dec.Label(starmap.ZH))
	}
	labels = append(labels, GrantKey{"c1", shop}.Label(starmap.ZH), LiveKey{"c1", "s1", mcn}.Label(starmap.ZH))
	for _, l := range labels {
		if w := kit.EnglishWords(l); len(w) > 0 {
			t.Errorf("label %q holds %q", l, w)
		}
	}
	if got := (GrantKey{"c1", shop}).Label(starmap.EN); got != "c1→merchant:m1" {
		t.Errorf("English key label %q", got)
	}
	if got := LiveDraft.Label(starmap.EN); got != "draft" {
		t.Errorf("English state label %q", got)
	}
}
