package card_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/card/cardtest"
)

// TestPropertyNoViewLeaksThePhone is CRD-3: whatever the card holds and
// whoever looks, no view for anyone but the owner — rendered as text, with
// %+v or as JSON, nor any share made from it — contains the real number.
func TestPropertyNoViewLeaksThePhone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		phone := cardtest.Phone().Draw(t, "phone")
		c := cardtest.Card(t, phone)
		if c.Contact(card.Phone) != phone {
			t.Fatalf("generator lost the phone")
		}
		viewer := cardtest.Viewer(c.CreatorID()).Draw(t, "viewer")
		v := card.Render(c, viewer)
		if v.Audience == card.AudienceOwner || v.Owner != nil {
			t.Fatalf("%s got the owner view", viewer)
		}
		p := card.Preview(c)
		pj, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		vj, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		renderings := map[string]string{
			"text": v.Text(), "json": string(vj), "%+v": fmt.Sprintf("%+v", v),
			"preview text": p.Text(), "preview json": string(pj),
		}
		for _, tg := range []card.ShareTarget{card.ShareWeChat, card.ShareFeishu, card.ShareLink, card.ShareImage} {
			s, err := card.ShareCard(p, tg, "https://www.example.com/card")
			if err != nil {
				t.Fatalf("share to %s: %v", tg, err)
			}
			sj, _ := json.Marshal(s)
			renderings["share "+tg.String()] = string(sj) + "\n" + fmt.Sprintf("%+v", s)
		}
		for name, s := range renderings {
			if leaks(s, phone) {
				t.Fatalf("the %s rendering for %s holds %s:\n%s", name, viewer, phone, s)
			}
		}
		// The owner, by contrast, does see it.
		if o := card.Render(c, starmap.CreatorActor(c.CreatorID())); o.Contact(card.Phone).Value != phone {
			t.Fatalf("owner's phone line %+v", o.Contact(card.Phone))
		}
	})
}

// TestPropertyCompletenessNeverFalls is CRD-6: filling a field — by an
// edit or by a sync that fills more basic items — never lowers the
// figure, and filling an empty one raises it.
func TestPropertyCompletenessNeverFalls(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		phone := cardtest.Phone().Draw(t, "phone")
		c := cardtest.Card(t, phone)
		owner := starmap.CreatorActor(c.CreatorID())
		before := c.Completeness()
		filled := map[card.Item]bool{}
		for _, it := range card.Items() {
			filled[it] = c.Filled(it)
		}
		e := cardtest.Edit("").Draw(t, "edit")
		// Turn the edit into a filling one: re-set every filled item to a
		// non-empty value. Hiding stays in: it must not lower the figure.
		if c.Introduction() != "" {
			e.SetIntroduction(strings.Repeat("介", rapid.IntRange(1, 10).Draw(t, "n")))
		}
		if len(c.Collaborations()) > 0 {
			e.SetCollaborations(card.Collaboration{Brand: "品牌"})
		}
		for _, m := range card.ContactMethods() {
			if c.Lit(m) {
				e.SetContact(m, c.Contact(m))
			}
		}
		if _, err := c.Apply(owner, t0.Add(48*time.Hour), e); err != nil {
			return // a refused edit changes nothing
		}
		after := c.Completeness()
		if after < before {
			t.Fatalf("completeness fell from %d to %d", before, after)
		}
		for _, it := range card.Items() {
			if !filled[it] && c.Filled(it) && it.Weight() > 0 && after <= before {
				t.Fatalf("filling %s kept completeness at %d → %d", it, before, after)
			}
		}
		// A sync that keeps every filled basic item filled never lowers it.
		b := cardtest.Basic("").Draw(t, "basic")
		if c.Basic().Avatar != "" && b.Avatar == "" {
			b.Avatar = "https://p3.example.com/x.jpeg"
		}
		if c.Basic().Location != "" && b.Location == "" {
			b.Location = "北京"
		}
		before = c.Completeness()
		if _, err := c.Sync(platform, t0.Add(72*time.Hour), b); err != nil {
			t.Fatal(err)
		}
		if c.Completeness() < before {
			t.Fatalf("sync lowered completeness from %d to %d", before, c.Completeness())
		}
	})
}

// editable is the part of a record an edit may change; synced the part a
// sync may change.
func editable(r card.Record) card.Record {
	return card.Record{Introduction: r.Introduction, Collaborations: r.Collaborations, Phone: r.Phone,
		Feishu: r.Feishu, WeChat: r.WeChat, Email: r.Email, Hidden: r.Hidden,
		ShowVirtualNumber: r.ShowVirtualNumber, VirtualNumber: r.VirtualNumber}
}

func synced(r card.Record) card.Record { return card.Record{Basic: r.Basic, SyncedAt: r.SyncedAt} }

// TestPropertySyncAndEditStayApart is CRD-1: a sync never touches the
// editable items and an edit never touches the synced ones, whether or not
// it is accepted.
func TestPropertySyncAndEditStayApart(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		phone := cardtest.Phone().Draw(t, "phone")
		c := cardtest.Card(t, phone)
		owner := starmap.CreatorActor(c.CreatorID())
		now := t0.Add(100 * time.Hour)
		for i, n := 0, rapid.IntRange(1, 5).Draw(t, "ops"); i < n; i++ {
			before := c.Record()
			now = now.Add(time.Hour)
			if rapid.Bool().Draw(t, "sync") {
				b := cardtest.Basic(phone).Draw(t, "basic")
				if _, err := c.Sync(platform, now, b); err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(editable(before), editable(c.Record())); d != "" {
					t.Fatalf("sync touched editable items:\n%s", d)
				}
				if c.Basic() != b {
					t.Fatalf("sync did not store the account's data")
				}
			} else {
				_, err := c.Apply(owner, now, cardtest.Edit(phone).Draw(t, "edit"))
				if d := cmp.Diff(synced(before), synced(c.Record())); d != "" {
					t.Fatalf("edit (err %v) touched synced items:\n%s", err, d)
				}
				if err != nil {
					if d := cmp.Diff(before, c.Record(), cmp.AllowUnexported(starmap.Actor{})); d != "" {
						t.Fatalf("refused edit changed the card: %v\n%s", err, d)
					}
				}
			}
		}
	})
}

// TestPropertyRecordRoundTrip: every card the operations can produce
// survives Record → FromRecord unchanged.
func TestPropertyRecordRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := cardtest.Card(t, cardtest.Phone().Draw(t, "phone"))
		r := c.Record()
		c2, err := card.FromRecord(r)
		if err != nil {
			t.Fatalf("FromRecord: %v", err)
		}
		if d := cmp.Diff(r, c2.Record(), cmp.AllowUnexported(starmap.Actor{})); d != "" {
			t.Fatalf("round trip (-before +after):\n%s", d)
		}
	})
}
