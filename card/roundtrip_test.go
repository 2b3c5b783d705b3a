package card_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// acceptedContactSurvives sets value as contact m on a fresh card; when
// the edit is accepted, the card must survive Record → FromRecord with
// the same value: an accepted contact can never make a card unloadable.
func acceptedContactSurvives(t *testing.T, m card.ContactMethod, value string) {
	t.Helper()
	c, _, err := card.Open(platform, t0, "c-1", card.Basic{Nickname: "小厨", DouyinID: "xiaochu"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(starmap.CreatorActor("c-1"), t0, card.NewEdit().SetContact(m, value)); err != nil {
		return
	}
	c2, err := card.FromRecord(c.Record())
	if err != nil {
		t.Fatalf("%s %q accepted as %q, but the card no longer loads: %v", m, value, c.Contact(m), err)
	}
	if c2.Contact(m) != c.Contact(m) {
		t.Fatalf("%s %q: stored %q, loaded %q", m, value, c.Contact(m), c2.Contact(m))
	}
}

// TestFeishuLinkLimitIsOnTheStoredForm is CRD-2: the length limit and the
// normalised-form check apply to what is stored (the escaped link), so a
// link that escaping grows past MaxFeishuLinkLen is refused, not stored
// to lock the card.
func TestFeishuLinkLimitIsOnTheStoredForm(t *testing.T) {
	long := "https://www.feishu.cn/" + strings.Repeat(`"`, 200)
	if out, err := card.ValidateFeishu(long); err == nil {
		t.Fatalf("ValidateFeishu(%d bytes needing escape) = %d bytes, accepted", len(long), len(out))
	} else if !errors.Is(err, card.ErrFeishuMalformed) {
		t.Fatalf("err = %v", err)
	}
	for _, in := range []string{
		long,
		"https://www.feishu.cn/invitation/" + strings.Repeat("a", card.MaxFeishuLinkLen-33),
		"https://www.feishu.cn/x/" + strings.Repeat("%7C", 160),
		"https://www.feishu.cn/x?q=" + strings.Repeat("|", 200),
		"https://www.feishu.cn/x#" + strings.Repeat("{", 200),
	} {
		acceptedContactSurvives(t, card.Feishu, in)
		if out, err := card.ValidateFeishu(in); err == nil && len(out) > card.MaxFeishuLinkLen {
			t.Fatalf("ValidateFeishu stored %d bytes", len(out))
		}
	}
}

// FuzzAcceptedContactLoads: any contact an edit accepts survives
// Record → FromRecord (CRD-2, store contract).
func FuzzAcceptedContactLoads(f *testing.F) {
	for _, s := range []string{"https://www.feishu.cn/" + strings.Repeat(`"`, 200), "https://feishu.cn/x/" + strings.Repeat("^", 300),
		"a@example.com", "wxabcdef", "+86 138 1234 5678", "https://www.feishu.cn/invitation/abc"} {
		for m := card.Phone; m <= card.Email; m++ {
			f.Add(uint8(m), s)
		}
	}
	f.Fuzz(func(t *testing.T, m uint8, s string) {
		acceptedContactSurvives(t, card.ContactMethod(m%4+1), s)
	})
}

// TestOldRecordsStillLoad: a contact stored under the rules before they
// were tightened (a bare Feishu home page) still loads, so the card stays
// readable and editable; an edit no longer accepts it.
func TestOldRecordsStillLoad(t *testing.T) {
	c, _, err := card.Open(platform, t0, "c-1", card.Basic{Nickname: "小厨", DouyinID: "xiaochu"})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Record()
	r.Feishu = "https://www.feishu.cn/"
	c2, err := card.FromRecord(r)
	if err != nil {
		t.Fatalf("an old record no longer loads: %v", err)
	}
	if _, err := c2.Apply(starmap.CreatorActor("c-1"), t0, card.NewEdit().SetContact(card.Feishu, "https://www.feishu.cn/")); !errors.Is(err, card.ErrFeishuMalformed) {
		t.Fatalf("edit to the home page: %v", err)
	}
	if _, err := c2.Apply(starmap.CreatorActor("c-1"), t0, card.NewEdit().SetIntroduction("你好")); err != nil {
		t.Fatalf("the card is no longer editable: %v", err)
	}
}
