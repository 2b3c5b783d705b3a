package card_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/card/cardtest"
)

// cardModel is what a card should hold, kept by the plainest means.
type cardModel struct {
	basic       card.Basic
	intro       string
	collabs     []card.Collaboration
	contacts    map[card.ContactMethod]string
	hidden      map[card.Item]bool
	showVirtual bool
	virtual     string
	changes     int
}

var hideable = []card.Item{card.ItemLocation, card.ItemIntroduction, card.ItemCollaborations, card.ItemFeishu, card.ItemWeChat, card.ItemEmail}

// TestCardMachine drives one card through random operations (CRD-1 …
// CRD-6) and checks it against cardModel after every step: the owner sees
// the model, third parties see the model minus the private and hidden
// parts, the completeness figure is the model's weighted sum, and every
// change is in the history.
func TestCardMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		phone := cardtest.Phone().Draw(t, "phone")
		b := cardtest.Basic("").Draw(t, "basic")
		c, _, err := card.Open(platform, t0, owner.ID(), b)
		if err != nil {
			t.Fatal(err)
		}
		m := &cardModel{basic: b, contacts: map[card.ContactMethod]string{}, hidden: map[card.Item]bool{}, changes: 1}
		now := t0
		edit := func(e *card.Edit) ([]starmap.Event, error) {
			now = now.Add(time.Minute)
			return c.Apply(owner, now, e)
		}
		t.Repeat(map[string]func(*rapid.T){
			"introduction": func(t *rapid.T) {
				s := cardtest.Text(phone, 30).Draw(t, "intro")
				want := strings.TrimSpace(s)
				evs, err := edit(card.NewEdit().SetIntroduction(s))
				leak := m.contacts[card.Phone] != "" && leaks(want, m.contacts[card.Phone])
				if leak && !errors.Is(err, card.ErrPhoneInPublicField) {
					t.Fatalf("phone in introduction accepted: %v", err)
				}
				if hasBidiControl(s) && !errors.Is(err, starmap.ErrTextInvalid) {
					t.Fatalf("bidi controls in introduction accepted: %v", err)
				}
				if leak || hasBidiControl(s) {
					return
				}
				if err != nil {
					t.Fatalf("introduction %q refused: %v", s, err)
				}
				if len(evs) != btoi(want != m.intro) {
					t.Fatalf("%d events for %q → %q", len(evs), m.intro, want)
				}
				if want != m.intro {
					m.intro = want
					m.changes++
				}
			},
			"collaborations": func(t *rapid.T) {
				n := rapid.IntRange(0, 2).Draw(t, "n")
				cs := make([]card.Collaboration, n)
				for i := range cs {
					cs[i] = card.Collaboration{Brand: cardtest.Text(phone, 8).Draw(t, "brand"), Description: cardtest.Text(phone, 20).Draw(t, "description")}
				}
				want, verr := card.ValidateCollaborations(cs)
				before := c.Record()
				_, err := edit(card.NewEdit().SetCollaborations(cs...))
				leak := false
				for _, cb := range want {
					leak = leak || m.contacts[card.Phone] != "" && (leaks(cb.Brand, m.contacts[card.Phone]) || leaks(cb.Description, m.contacts[card.Phone]))
				}
				switch {
				case verr != nil:
					// Every problem is reported, and the privacy check also
					// sees the refused entries as entered.
					got := slices.DeleteFunc(starmap.Codes(err), func(c starmap.Code) bool { return c == card.ErrPhoneInPublicField.Code() })
					if err == nil || !slices.Equal(got, starmap.Codes(verr)) {
						t.Fatalf("bad collaborations: %v; want %v", err, verr)
					}
				case leak:
					if !errors.Is(err, card.ErrPhoneInPublicField) {
						t.Fatalf("phone in a collaboration accepted: %v", err)
					}
				case err != nil:
					t.Fatalf("collaborations %+v refused: %v", cs, err)
				default:
					if !slices.Equal(want, m.collabs) {
						m.collabs = want
						m.changes++
					}
					return
				}
				if d := cmp.Diff(before, c.Record(), cmp.AllowUnexported(starmap.Actor{})); d != "" {
					t.Fatalf("refused edit changed the card:\n%s", d)
				}
			},
			"contact": func(t *rapid.T) {
				meth := rapid.SampledFrom(card.ContactMethods()).Draw(t, "method")
				v := cardtest.Contact(meth, phone).Draw(t, "value")
				norm, verr := card.ValidateContact(meth, v)
				if strings.TrimSpace(v) == "" {
					norm, verr = "", nil
				}
				_, err := edit(card.NewEdit().SetContact(meth, v))
				realPhone := m.contacts[card.Phone]
				if meth == card.Phone {
					realPhone = norm
				}
				switch {
				case verr != nil:
					if !errors.Is(err, verr.(*starmap.Error).Rule()) {
						t.Fatalf("malformed %s %q: %v; want %v", meth, v, err, verr)
					}
					return
				case meth == card.Phone && norm != "" && norm == m.virtual:
					if !errors.Is(err, card.ErrPhoneIsVirtualNumber) {
						t.Fatalf("virtual number as phone: %v", err)
					}
					return
				case realPhone != "" && (meth != card.Phone && leaks(norm, realPhone) || meth == card.Phone && m.leaksAny(realPhone)):
					if !errors.Is(err, card.ErrPhoneInPublicField) {
						t.Fatalf("leak through %s %q accepted: %v", meth, v, err)
					}
					return
				}
				if err != nil {
					t.Fatalf("%s %q refused: %v", meth, v, err)
				}
				if m.contacts[meth] != norm {
					m.contacts[meth] = norm
					m.changes++
				}
			},
			"hide": func(t *rapid.T) {
				it := rapid.SampledFrom(hideable).Draw(t, "item")
				h := rapid.Bool().Draw(t, "hidden")
				e := card.NewEdit()
				if h {
					e.Hide(it)
				} else {
					e.Unhide(it)
				}
				if _, err := edit(e); err != nil {
					t.Fatal(err)
				}
				if m.hidden[it] != h {
					m.hidden[it] = h
					m.changes++
				}
			},
			"unhideable": func(t *rapid.T) {
				it := rapid.SampledFrom([]card.Item{card.ItemAvatar, card.ItemNickname, card.ItemDouyinID, card.ItemPhone, card.ItemVirtualNumber}).Draw(t, "item")
				before := c.Record()
				if _, err := edit(card.NewEdit().Hide(it).SetIntroduction("x")); !errors.Is(err, card.ErrItemNotHideable) {
					t.Fatalf("Hide(%s): %v", it, err)
				}
				if d := cmp.Diff(before, c.Record(), cmp.AllowUnexported(starmap.Actor{})); d != "" {
					t.Fatalf("refused edit changed the card:\n%s", d)
				}
			},
			"show_virtual": func(t *rapid.T) {
				on := rapid.Bool().Draw(t, "on")
				if _, err := edit(card.NewEdit().ShowVirtualNumber(on)); err != nil {
					t.Fatal(err)
				}
				if m.showVirtual != on {
					m.showVirtual = on
					m.changes++
				}
			},
			"assign_virtual": func(t *rapid.T) {
				v := ""
				if rapid.IntRange(0, 4).Draw(t, "release") > 0 {
					v = cardtest.Phone().Draw(t, "virtual")
				}
				now = now.Add(time.Minute)
				_, err := c.AssignVirtualNumber(platform, now, v)
				if v != "" && v == m.contacts[card.Phone] {
					if !errors.Is(err, card.ErrVirtualNumberInvalid) {
						t.Fatalf("real number as virtual: %v", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if m.virtual != v {
					m.virtual = v
					m.changes++
				}
			},
			"sync": func(t *rapid.T) {
				nb := cardtest.Basic(phone).Draw(t, "basic")
				now = now.Add(time.Minute)
				if _, err := c.Sync(platform, now, nb); err != nil {
					t.Fatal(err)
				}
				for _, d := range [][2]string{{m.basic.Avatar, nb.Avatar}, {m.basic.Nickname, nb.Nickname}, {m.basic.DouyinID, nb.DouyinID}, {m.basic.Location, nb.Location}} {
					if d[0] != d[1] {
						m.changes++
					}
				}
				m.basic = nb
			},
			"": func(t *rapid.T) { m.check(t, c, phone) },
		})
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// leaksAny reports whether a public field of the model holds phone.
func (m *cardModel) leaksAny(phone string) bool {
	if leaks(m.intro, phone) {
		return true
	}
	for _, cb := range m.collabs {
		if leaks(cb.Brand, phone) || leaks(cb.Description, phone) {
			return true
		}
	}
	for _, meth := range []card.ContactMethod{card.Feishu, card.WeChat, card.Email} {
		if leaks(m.contacts[meth], phone) {
			return true
		}
	}
	return false
}

func (m *cardModel) check(t *rapid.T, c *card.Card, phone string) {
	if c.Basic() != m.basic || c.Introduction() != m.intro || c.VirtualNumber() != m.virtual || c.VirtualNumberShown() != m.showVirtual {
		t.Fatalf("card %+v %q %q %v; model %+v %q %q %v", c.Basic(), c.Introduction(), c.VirtualNumber(), c.VirtualNumberShown(),
			m.basic, m.intro, m.virtual, m.showVirtual)
	}
	want := 0
	if m.basic.Avatar != "" {
		want += 5
	}
	if m.basic.Location != "" {
		want += 5
	}
	want += 10 // nickname and Douyin id are required
	if m.intro != "" {
		want += 20
	}
	weights := map[card.ContactMethod]int{card.Phone: 15, card.Feishu: 10, card.WeChat: 10, card.Email: 10}
	for meth, w := range weights {
		if c.Contact(meth) != m.contacts[meth] {
			t.Fatalf("%s = %q; model %q", meth, c.Contact(meth), m.contacts[meth])
		}
		if m.contacts[meth] != "" {
			want += w
		}
	}
	if len(m.collabs) > 0 {
		want += 15
	}
	if !slices.Equal(c.Collaborations(), m.collabs) {
		t.Fatalf("collaborations %+v; model %+v", c.Collaborations(), m.collabs)
	}
	if got := c.Completeness(); got != want {
		t.Fatalf("completeness %d; model %d", got, want)
	}
	for _, it := range hideable {
		if c.Hidden(it) != m.hidden[it] {
			t.Fatalf("%s hidden = %v; model %v", it, c.Hidden(it), m.hidden[it])
		}
	}
	h, dropped := c.History()
	if len(h)+dropped != m.changes {
		t.Fatalf("history %d+%d; model %d changes", len(h), dropped, m.changes)
	}
	// The owner sees the model; the advertiser sees the public part.
	ov := card.Render(c, owner)
	if ov.Contact(card.Phone).Value != m.contacts[card.Phone] || ov.Owner.Completeness != want {
		t.Fatalf("owner view %+v", ov)
	}
	av := card.Render(c, starmap.AdvertiserActor("a-1"))
	real := m.contacts[card.Phone]
	wantLit := m.showVirtual && m.virtual != "" && real != ""
	if pl := av.Contact(card.Phone); pl.Lit != wantLit || (wantLit && pl.Value != m.virtual) {
		t.Fatalf("advertiser phone line %+v; model lit=%v", pl, wantLit)
	}
	for _, meth := range []card.ContactMethod{card.Feishu, card.WeChat, card.Email} {
		if lit := av.Contact(meth).Lit; lit != (m.contacts[meth] != "" && !m.hidden[meth.Item()]) {
			t.Fatalf("advertiser %s lit=%v; model %q hidden=%v", meth, lit, m.contacts[meth], m.hidden[meth.Item()])
		}
	}
	if m.hidden[card.ItemLocation] && av.Location != "" || m.hidden[card.ItemIntroduction] && av.Introduction != "" {
		t.Fatalf("hidden items shown: %+v", av)
	}
	if real != "" && (leaks(av.Text(), real) || slices.ContainsFunc(av.Contacts, func(cv card.ContactView) bool { return leaks(cv.Value, real) })) {
		t.Fatalf("advertiser view leaks %s", real)
	}
}
