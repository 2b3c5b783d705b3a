package card_test

import (
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// holdsNumber reports whether any change or event carries the number.
func holdsNumber(chs []card.Change, evs []starmap.Event, written ...string) string {
	for _, w := range written {
		for _, ch := range chs {
			if strings.Contains(ch.Before, w) || strings.Contains(ch.After, w) {
				return "change " + ch.Item.String() + ": " + ch.Before + " → " + ch.After
			}
		}
		for _, ev := range evs {
			if strings.Contains(ev.From, w) || strings.Contains(ev.To, w) {
				return "event " + ev.Note + ": " + ev.From + " → " + ev.To
			}
		}
	}
	return ""
}

// TestHistoryMasksThePhoneInTexts is CRD-3 for history and events: the
// texts they record have the creator's number masked, the number before
// and the number after the change.
func TestHistoryMasksThePhoneInTexts(t *testing.T) {
	t.Run("CRD-3_phone_set_and_removed_from_intro_in_one_edit", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetIntroduction("商务联系 13812345678"))
		evs := apply(t, c, card.NewEdit().SetContact(card.Phone, realPhone).SetIntroduction("商务联系请看手机号"))
		chs, _ := c.History()
		if w := holdsNumber(chs[len(chs)-2:], evs, realPhone, "12345678"); w != "" {
			t.Fatalf("the number is recorded: %s", w)
		}
		if len(evs) != 2 {
			t.Fatalf("%d events; want introduction and phone", len(evs))
		}
	})
	t.Run("CRD-3_old_phone_masked_when_the_phone_changes", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetContact(card.Phone, realPhone))
		// Not a leak any more once the number is not the phone; but the
		// entry that drops the old number must not spell it out.
		r := c.Record()
		r.Introduction = "电话 138-1234-5678"
		c, err := card.FromRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		evs := apply(t, c, card.NewEdit().SetContact(card.Phone, "13900001111").SetIntroduction("电话见下"))
		if w := holdsNumber(nil, evs, "1234-5678", "13900001111"); w != "" {
			t.Fatalf("the number is recorded: %s", w)
		}
	})
	t.Run("CRD-3_collaboration_text", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetContact(card.Phone, realPhone))
		r := c.Record()
		r.Collaborations = []card.Collaboration{{Brand: "品牌", Description: "联系138\n1234\n5678"}}
		c, err := card.FromRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		evs := apply(t, c, card.NewEdit().SetCollaborations())
		if w := holdsNumber(nil, evs, "138", "5678"); w != "" {
			t.Fatalf("the number is recorded: %s", w)
		}
	})
	t.Run("CRD-3_sync_nickname_with_the_number", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetContact(card.Phone, realPhone))
		b := basic0
		b.Nickname = "小厨13812345678"
		evs, err := c.Sync(platform, t0.Add(3*time.Hour), b)
		if err != nil {
			t.Fatal(err)
		}
		chs, _ := c.History()
		if w := holdsNumber(chs, evs, realPhone); w != "" {
			t.Fatalf("the number is recorded: %s", w)
		}
		if len(evs) != 1 || evs[0].To != "小厨***********" {
			t.Fatalf("events %+v; want the nickname masked", evs)
		}
	})
	t.Run("CRD-4_a_change_only_in_how_the_number_is_written_is_still_recorded", func(t *testing.T) {
		c := openCard(t)
		apply(t, c, card.NewEdit().SetContact(card.Phone, realPhone))
		b := basic0
		b.Nickname = "小厨13812345678"
		if _, err := c.Sync(platform, t0.Add(3*time.Hour), b); err != nil {
			t.Fatal(err)
		}
		b.Nickname = "小厨１３８１２３４５６７８"
		evs, err := c.Sync(platform, t0.Add(4*time.Hour), b)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].From != "小厨***********" || evs[0].To != "小厨*********** (changed)" {
			t.Fatalf("events %+v", evs)
		}
	})
}

// TestApplyReportsTheLeakDespiteAMalformedPhone: a malformed new phone
// does not hide the current phone from the privacy check; both problems
// are reported at once.
func TestApplyReportsTheLeakDespiteAMalformedPhone(t *testing.T) {
	for _, bad := range []string{"12345", "17000001234"} { // malformed; the virtual number
		c := fullCard(t)
		if c.VirtualNumber() != "17000001234" || c.Contact(card.Phone) != realPhone {
			t.Fatalf("fixture: virtual %q phone %q", c.VirtualNumber(), c.Contact(card.Phone))
		}
		_, err := c.Apply(owner, t0.Add(5*time.Hour), card.NewEdit().SetContact(card.Phone, bad).SetIntroduction("电话 138 1234 5678"))
		codes := starmap.Codes(err)
		want := card.ErrPhoneMalformed.Code()
		if bad == "17000001234" {
			want = card.ErrPhoneIsVirtualNumber.Code()
		}
		if len(codes) != 2 || codes[0] != want || codes[1] != card.ErrPhoneInPublicField.Code() {
			t.Fatalf("phone %q: codes %v; want %s and the privacy refusal", bad, codes, want)
		}
	}
}

// TestApplyReportsTheLeakInARefusedText: a text refused for its format is
// still checked for the phone, so both problems are reported at once.
func TestApplyReportsTheLeakInARefusedText(t *testing.T) {
	c := fullCard(t)
	long := strings.Repeat("介", card.MaxIntroductionRunes) + "电话13812345678"
	_, err := c.Apply(owner, t0.Add(5*time.Hour), card.NewEdit().SetIntroduction(long).
		SetCollaborations(card.Collaboration{Brand: "", Description: "电话13812345678"}).
		SetContact(card.Email, "13812345678@b"))
	got := map[starmap.Code]int{}
	for _, c := range starmap.Codes(err) {
		got[c]++
	}
	if got[card.ErrIntroductionTooLong.Code()] != 1 || got[card.ErrCollaborationInvalid.Code()] != 1 ||
		got[card.ErrEmailMalformed.Code()] != 1 || got[card.ErrPhoneInPublicField.Code()] != 3 {
		t.Fatalf("codes %v", starmap.Codes(err))
	}
}
