package card_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/card/cardtest"
)

// digitRows is the leak detector's own table of ways to write the digits
// 0–9, one string of ten per style, written out here independently of the
// package's digit folding (Unicode Nd ranges plus a table of numerals), so
// the property can catch that folding's blind spots. A style with no zero
// has a space in its place; otherDigits holds the forms that fit no row.
var digitRows = []string{
	"0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९",
	"𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "𝟘𝟙𝟚𝟛𝟜𝟝𝟞𝟟𝟠𝟡", "𝟢𝟣𝟤𝟥𝟦𝟧𝟨𝟩𝟪𝟫", "𝟬𝟭𝟮𝟯𝟰𝟱𝟲𝟳𝟴𝟵", "𝟶𝟷𝟸𝟹𝟺𝟻𝟼𝟽𝟾𝟿",
	"🯰🯱🯲🯳🯴🯵🯶🯷🯸🯹", "⁰¹²³⁴⁵⁶⁷⁸⁹", "₀₁₂₃₄₅₆₇₈₉", "⓪①②③④⑤⑥⑦⑧⑨", "⓿❶❷❸❹❺❻❼❽❾",
	" ⑴⑵⑶⑷⑸⑹⑺⑻⑼", " ⒈⒉⒊⒋⒌⒍⒎⒏⒐", " ➀➁➂➃➄➅➆➇➈", " ➊➋➌➍➎➏➐➑➒",
	// Chinese numerals, lower and upper case (大写).
	"零一二三四五六七八九", "〇壹贰叁肆伍陆柒捌玖",
	// Roman and Suzhou numerals, parenthesised and circled ideographs.
	" ⅠⅡⅢⅣⅤⅥⅦⅧⅨ", " ⅰⅱⅲⅳⅴⅵⅶⅷⅸ", "〇〡〢〣〤〥〦〧〨〩", " ㈠㈡㈢㈣㈤㈥㈦㈧㈨", " ㊀㊁㊂㊃㊄㊅㊆㊇㊈",
}

// otherDigits: the spoken 幺 (1) and 两 (2), traditional upper case, and
// the circle written for zero.
var otherDigits = map[rune]byte{'幺': '1', '两': '2', '兩': '2', '貳': '2', '參': '3', '陸': '6', '○': '0'}

var digitOf = func() map[rune]byte {
	m := maps.Clone(otherDigits)
	for _, row := range digitRows {
		for d, r := range []rune(row) {
			if r != ' ' {
				m[r] = byte('0' + d)
			}
		}
	}
	return m
}()

// runsOf reads s as a reader does and returns its runs of digits: a
// letter (that is no numeral) ends a run; an invisible format character
// (Unicode Cf) is no character at all; any other character is a gap
// between the groups of digits of a run. Percent-escapes are decoded
// first. Each run is its groups of ASCII digits, in written order.
func runsOf(s string) [][]string {
	if d, err := url.PathUnescape(s); err == nil {
		s = d
	}
	var (
		runs  [][]string
		run   []string
		group strings.Builder
		gap   bool
	)
	end := func() {
		if group.Len() > 0 {
			run = append(run, group.String())
			group.Reset()
		}
	}
	for _, r := range s {
		d, digit := digitOf[r]
		switch {
		case digit:
			if gap {
				end()
				gap = false
			}
			group.WriteByte(d)
		case unicode.Is(unicode.Cf, r):
		case unicode.IsLetter(r):
			end()
			runs, run = append(runs, run), nil
		default:
			gap = true
		}
	}
	end()
	return append(runs, run)
}

// leaks reports whether a reader can read phone in s: in a run of its
// digits read forwards, backwards (as a right-to-left override shows
// them), or group by group from the last (as right-to-left text shows a
// row of numbers).
func leaks(s, phone string) bool {
	if strings.Contains(s, phone) {
		return true
	}
	for _, run := range runsOf(s) {
		forward := strings.Join(run, "")
		backward := []byte(forward)
		slices.Reverse(backward)
		groups := slices.Clone(run)
		slices.Reverse(groups)
		for _, reading := range []string{forward, string(backward), strings.Join(groups, "")} {
			if strings.Contains(reading, phone) {
				return true
			}
		}
	}
	return false
}

// hasBidiControl reports the characters that reorder text, which every
// free-text field refuses (starmap.TextField).
func hasBidiControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
	})
}

func TestLeakDetector(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"138 1234 5678", true}, {"𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", true}, {"①③⑧①②③④⑤⑥⑦⑧", true}, {"¹³⁸¹²³⁴⁵⁶⁷⁸", true},
		{"١٣٨١٢٣٤٥٦٧٨", true}, {"🯱🯳🯸🯱🯲🯳🯴🯵🯶🯷🯸", true}, {"%31%33%38%31%32%33%34%35%36%37%38", true},
		{"电话一三八一二三四五六七八", true}, {"电话幺三八幺二三四五六七八", true}, {"壹叁捌壹贰叁肆伍陆柒捌", true},
		{"\u202e8765 4321 831", true}, {"138一二三四五六七八", true}, {"1\u200b3\u200d8\u00ad1234\ufeff5678", true},
		{"שלום 5678 1234 138", true},
		{"138a12345678", false}, {"13912345678", false}, {"138一二三四五六七", false}, {"138 1234 567", false},
	} {
		if got := leaks(c.in, "13812345678"); got != c.want {
			t.Errorf("leaks(%q) = %v", c.in, got)
		}
	}
	// Every form the kit's generator writes is one the detector reads.
	for d := 0; d < 10; d++ {
		for _, f := range cardtest.DigitForms(d) {
			if got := runsOf(f); len(got) != 1 || strings.Join(got[0], "") != string(rune('0'+d)) {
				t.Errorf("the detector reads %q (a %d) as %q", f, d, got)
			}
		}
	}
}

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
