package cardtest

import (
	"slices"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// Phone draws a valid mainland China mobile number as its 11 digits.
func Phone() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		var b strings.Builder
		b.WriteByte('1')
		b.WriteByte(byte('3' + rapid.IntRange(0, 6).Draw(t, "second")))
		for i := 0; i < 9; i++ {
			b.WriteByte(byte('0' + rapid.IntRange(0, 9).Draw(t, "digit")))
		}
		return b.String()
	})
}

// Written draws a way of writing phone that a person might type into free
// text to get it past a filter, where a reader still reads it as the
// number: with or without +86; grouped by spaces, hyphens, dots, slashes
// or Chinese punctuation; each digit in one of the forms of DigitForms
// (so that one number mixes numeral systems: "138一二三④⑤陆７８"); with
// invisible format characters (Unicode Cf: zero-width spaces and joiners,
// word joiners, soft hyphens …) inserted anywhere; and in one of three
// orders: as written; backwards under a right-to-left override
// ("\u202e8765 4321 831", displayed 138 1234 5678); or with its digit
// groups last first after right-to-left letters, which a renderer shows
// first group first ("שלום 5678 1234 138"). Written forms may hold bidi
// controls, which edits refuse as text (starmap.ErrTextInvalid) but an old
// record may hold.
func Written(phone string) *rapid.Generator[string] { return written(phone, true) }

// formatChars are invisible format characters (Unicode Cf) that a writer
// may slip between digits; bidiMarks those of them that are bidi controls.
var (
	formatChars = []string{"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\U000e0020"}
	bidiMarks   = []string{"\u200e", "\u200f", "\u061c"}
	rtlWords    = []string{"שלום", "مرحبا", "טל", "هاتف"}
)

// written is Written; bidi false leaves out every bidi control (for
// fields that must pass an edit's text check, like the synced nickname).
func written(phone string, bidi bool) *rapid.Generator[string] {
	seps := []string{"", "", " ", "-", ".", "/", " - ", "—", ",", "(", ")", "\n", "\u00a0", "·"}
	groupSeps := []string{" ", "-", " - ", ",", "/", "\u00a0", "·", ".", "  "}
	return rapid.Custom(func(t *rapid.T) string {
		format := func(b *strings.Builder) {
			if rapid.IntRange(0, 5).Draw(t, "format") == 0 {
				cf := formatChars
				if bidi {
					cf = append(append([]string(nil), formatChars...), bidiMarks...)
				}
				b.WriteString(rapid.SampledFrom(cf).Draw(t, "cf"))
			}
		}
		digit := func(b *strings.Builder, c byte) {
			format(b)
			d := int(c - '0')
			if d < 0 || d > 9 || rapid.IntRange(0, 2).Draw(t, "ascii") == 0 {
				b.WriteByte(c)
				return
			}
			forms := digitForms[d]
			b.WriteString(forms[rapid.IntRange(0, len(forms)-1).Draw(t, "form")])
		}
		order := rapid.IntRange(0, 2).Draw(t, "order")
		if order == 1 && !bidi {
			order = 0
		}
		if order == 2 {
			// Groups last first, after right-to-left letters.
			cuts := rapid.SliceOfNDistinct(rapid.IntRange(1, len(phone)-1), 1, 3, rapid.ID[int]).Draw(t, "cuts")
			slices.Sort(cuts)
			var groups []string
			from := 0
			for _, c := range append(cuts, len(phone)) {
				var g strings.Builder
				for i := from; i < c; i++ {
					digit(&g, phone[i])
				}
				groups = append(groups, g.String())
				from = c
			}
			var b strings.Builder
			b.WriteString(rapid.SampledFrom(rtlWords).Draw(t, "rtl"))
			b.WriteString(" ")
			for i := len(groups) - 1; i >= 0; i-- {
				b.WriteString(groups[i])
				if i > 0 {
					b.WriteString(rapid.SampledFrom(groupSeps).Draw(t, "group_sep"))
				}
			}
			return b.String()
		}
		var b strings.Builder
		if rapid.IntRange(0, 3).Draw(t, "prefix") == 0 {
			b.WriteString("+86 ")
		}
		for i := 0; i < len(phone); i++ {
			if i > 0 {
				b.WriteString(rapid.SampledFrom(seps).Draw(t, "sep"))
			}
			digit(&b, phone[i])
		}
		format(&b)
		if order == 0 {
			return b.String()
		}
		// Backwards under a right-to-left override: the renderer shows
		// the characters in reverse, that is, as written above.
		rs := []rune(b.String())
		slices.Reverse(rs)
		out := "\u202e" + string(rs)
		if rapid.Bool().Draw(t, "pdf") {
			out += "\u202c"
		}
		return out
	})
}

// DigitForms lists ways of writing digit d (0–9) that read as that
// digit; see Written. It returns nil for anything else.
func DigitForms(d int) []string {
	if d < 0 || d > 9 {
		return nil
	}
	return append([]string(nil), digitForms[d]...)
}

// digitForms lists, per digit, ways of writing it that read as that digit:
// ASCII, full-width, Arabic-Indic, Devanagari, mathematical bold and
// monospace, segmented, circled, parenthesised, with full stop, dingbat
// circled, superscript, subscript; Chinese numerals lower case (with 幺 and
// 两 as spoken in numbers, 〇 and ○ for zero) and upper case (大写),
// simplified and traditional; Roman numerals, Suzhou numerals, and
// parenthesised and circled ideographs. Digits with no form in a style (no
// circled or Roman zero) use the others.
var digitForms = func() (f [10][]string) {
	zeros := []rune{'0', '０', '٠', '۰', '०', '𝟎', '𝟶', '🯰'}
	sup := []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")
	chinese := [10][]string{
		{"零", "〇", "○"}, {"一", "幺", "壹"}, {"二", "两", "兩", "贰", "貳"}, {"三", "叁", "參"}, {"四", "肆"},
		{"五", "伍"}, {"六", "陆", "陸"}, {"七", "柒"}, {"八", "捌"}, {"九", "玖"},
	}
	for d := 0; d < 10; d++ {
		for _, z := range zeros {
			f[d] = append(f[d], string(z+rune(d)))
		}
		f[d] = append(f[d], string(sup[d]), string('₀'+rune(d)))
		f[d] = append(f[d], chinese[d]...)
		if d == 0 {
			f[d] = append(f[d], "⓪", "⓿")
			continue
		}
		f[d] = append(f[d], string('①'+rune(d-1)), string('⑴'+rune(d-1)), string('⒈'+rune(d-1)),
			string('❶'+rune(d-1)), string('➀'+rune(d-1)), string('➊'+rune(d-1)),
			string('Ⅰ'+rune(d-1)), string('ⅰ'+rune(d-1)), string('〡'+rune(d-1)),
			string('㈠'+rune(d-1)), string('㊀'+rune(d-1)))
	}
	return f
}()

var palette = []rune("abcXYZ0123456789 _-.@,:;!?/+*()#\n星图达人名片合作品牌介绍联系一二三,。、:·—😀１３８\u200bא")

// Text draws free text of up to maxRunes characters from a mixed palette
// (letters, digits, Chinese and Hebrew letters, Chinese numerals,
// punctuation, line breaks, full-width digits, emoji, a zero-width
// space). When phone is not "", it sometimes holds phone in a Written
// form — the attempt to leak it that CRD-3 must stop.
func Text(phone string, maxRunes int) *rapid.Generator[string] { return text(phone, maxRunes, true) }

// text is Text; bidi false leaves bidi controls out.
func text(phone string, maxRunes int, bidi bool) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		rs := rapid.SliceOfN(rapid.SampledFrom(palette), 0, maxRunes).Draw(t, "runes")
		s := string(rs)
		if phone != "" && rapid.IntRange(0, 3).Draw(t, "leak") == 0 {
			at := rapid.IntRange(0, len(rs)).Draw(t, "at")
			s = string(rs[:at]) + written(phone, bidi).Draw(t, "written") + string(rs[at:])
		}
		return s
	})
}

// line keeps the first line of s, trimmed.
func line(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// Basic draws valid basic information; when phone is not "", the nickname,
// Douyin id or location sometimes hold it (an account's own data can).
func Basic(phone string) *rapid.Generator[card.Basic] {
	return rapid.Custom(func(t *rapid.T) card.Basic {
		b := card.Basic{
			Nickname: line(text(phone, 20, false).Draw(t, "nickname")),
			DouyinID: rapid.StringMatching(`[a-z][a-z0-9_.]{1,15}`).Draw(t, "douyin_id"),
			Location: line(text("", 10, false).Draw(t, "location")),
		}
		if b.Nickname == "" {
			b.Nickname = "达人"
		}
		if phone != "" && rapid.IntRange(0, 4).Draw(t, "douyin_id_is_phone") == 0 {
			b.DouyinID = phone
		}
		if rapid.Bool().Draw(t, "avatar") {
			b.Avatar = "https://p3.example.com/" + rapid.StringMatching(`[a-z0-9]{1,12}`).Draw(t, "avatar_path") + ".jpeg"
		}
		return b
	})
}

// Items draws a few card items, unhideable and unknown ones included.
func Items() *rapid.Generator[[]card.Item] {
	return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) card.Item {
		return card.Item(rapid.IntRange(0, 12).Draw(t, "item"))
	}), 0, 3)
}

// Edit draws an edit, valid or not, whose values sometimes hold phone.
func Edit(phone string) *rapid.Generator[*card.Edit] {
	return rapid.Custom(func(t *rapid.T) *card.Edit {
		e := card.NewEdit()
		if rapid.Bool().Draw(t, "set_intro") {
			e.SetIntroduction(Text(phone, 60).Draw(t, "intro"))
		}
		if rapid.IntRange(0, 2).Draw(t, "set_collabs") == 0 {
			n := rapid.IntRange(0, 3).Draw(t, "collabs")
			cs := make([]card.Collaboration, n)
			for i := range cs {
				cs[i] = card.Collaboration{Brand: line(Text(phone, 20).Draw(t, "brand")), Description: Text(phone, 40).Draw(t, "description")}
			}
			e.SetCollaborations(cs...)
		}
		for _, m := range card.ContactMethods() {
			if !rapid.Bool().Draw(t, "set_"+m.String()) {
				continue
			}
			e.SetContact(m, Contact(m, phone).Draw(t, m.String()))
		}
		if rapid.IntRange(0, 3).Draw(t, "hide") == 0 {
			e.Hide(Items().Draw(t, "hide_items")...)
		}
		if rapid.IntRange(0, 3).Draw(t, "unhide") == 0 {
			e.Unhide(Items().Draw(t, "unhide_items")...)
		}
		if rapid.Bool().Draw(t, "set_show_virtual") {
			e.ShowVirtualNumber(rapid.Bool().Draw(t, "show_virtual"))
		}
		return e
	})
}

// Contact draws a value for method m: valid ones, malformed ones, empty
// ones, and ones built around phone ("wx13812345678",
// "13812345678@163.com").
func Contact(m card.ContactMethod, phone string) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		switch rapid.IntRange(0, 4).Draw(t, "kind") {
		case 0:
			return ""
		case 1:
			return Text("", 12).Draw(t, "junk")
		}
		switch m {
		case card.Phone:
			if phone != "" && rapid.Bool().Draw(t, "own") {
				return Written(phone).Draw(t, "written")
			}
			return Phone().Draw(t, "other_phone")
		case card.WeChat:
			if phone != "" && rapid.Bool().Draw(t, "phone_based") {
				return "wx" + phone
			}
			return rapid.StringMatching(`[a-zA-Z][a-zA-Z0-9_-]{5,19}`).Draw(t, "wechat")
		case card.Email, card.Feishu:
			if phone != "" && rapid.Bool().Draw(t, "phone_based") {
				return phone + "@163.com"
			}
			if m == card.Feishu && rapid.Bool().Draw(t, "link") {
				if phone != "" && rapid.Bool().Draw(t, "percent_encoded_phone") {
					var b strings.Builder
					b.WriteString("https://www.feishu.cn/invitation/")
					for i := 0; i < len(phone); i++ {
						b.WriteString("%3" + phone[i:i+1])
					}
					return b.String()
				}
				return "https://www.feishu.cn/invitation/" + rapid.StringMatching(`[a-z0-9]{1,10}`).Draw(t, "token")
			}
			return rapid.StringMatching(`[a-z0-9._]{0,8}[a-z]@example\.(com|cn)`).Draw(t, "email")
		}
		return ""
	})
}

// Viewer draws an actor who is not the owner of creatorID's card:
// advertisers, sub-accounts, agencies, other creators, the platform, the
// anonymous zero Actor.
func Viewer(creatorID string) *rapid.Generator[starmap.Actor] {
	return rapid.Custom(func(t *rapid.T) starmap.Actor {
		id := rapid.StringMatching(`[a-z]{1,4}-[0-9]{1,3}`).Draw(t, "viewer_id")
		switch rapid.IntRange(0, 5).Draw(t, "viewer_role") {
		case 0:
			return starmap.AdvertiserActor(id)
		case 1:
			return starmap.SubAccountActor(id, "sub-"+id)
		case 2:
			return starmap.MCNActor(id)
		case 3:
			return starmap.CreatorActor(creatorID + "x")
		case 4:
			return starmap.PlatformActor(id)
		}
		return starmap.Actor{}
	})
}

// Card draws a card whose real phone is phone: opened from random basic
// information, edited, synced and given virtual numbers in a random order
// (refused operations are skipped), and sometimes rebuilt from a record in
// which the phone was planted — in the introduction, a collaboration, the
// WeChat id or the e-mail address, in a Written form that may hold bidi
// controls, as a store might hand back a record no edit could make today.
// Its creator id is sometimes the phone itself.
func Card(t *rapid.T, phone string) *card.Card {
	creatorID := rapid.StringMatching(`c-[0-9]{1,6}`).Draw(t, "creator_id")
	if rapid.IntRange(0, 5).Draw(t, "id_is_phone") == 0 {
		creatorID = phone
	}
	now := t0
	c, _, err := card.Open(platform, now, creatorID, Basic(phone).Draw(t, "basic"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	owner := starmap.CreatorActor(creatorID)
	if _, err := c.Apply(owner, now, card.NewEdit().SetContact(card.Phone, phone)); err != nil {
		t.Fatalf("setting the phone: %v", err)
	}
	steps := rapid.IntRange(0, 6).Draw(t, "steps")
	for i := 0; i < steps; i++ {
		now = now.Add(time.Hour)
		switch rapid.IntRange(0, 3).Draw(t, "op") {
		case 0, 1:
			_, _ = c.Apply(owner, now, Edit(phone).Draw(t, "edit"))
		case 2:
			_, _ = c.Sync(platform, now, Basic(phone).Draw(t, "sync"))
		case 3:
			v := Phone().Draw(t, "virtual")
			if rapid.IntRange(0, 3).Draw(t, "virtual_is_real") == 0 {
				v = phone
			}
			_, _ = c.AssignVirtualNumber(platform, now, v)
		}
	}
	if c.Contact(card.Phone) != phone {
		// An edit may have changed or cleared it; put it back for the
		// property's sake (refused if a field holds it: then plant below).
		_, _ = c.Apply(owner, now, card.NewEdit().SetContact(card.Phone, phone))
	}
	if c.Contact(card.Phone) != phone || rapid.IntRange(0, 2).Draw(t, "plant") == 0 {
		r := c.Record()
		r.Phone = phone
		if r.VirtualNumber == phone {
			r.VirtualNumber = ""
		}
		r.Introduction = strings.TrimSpace(Text(phone, 40).Draw(t, "planted") + " " + Written(phone).Draw(t, "w"))
		if rapid.Bool().Draw(t, "plant_collaboration") && len(r.Collaborations) < card.MaxCollaborations {
			r.Collaborations = append(r.Collaborations, card.Collaboration{Brand: "品牌",
				Description: strings.TrimSpace(Written(phone).Draw(t, "collaboration"))})
		}
		if rapid.Bool().Draw(t, "plant_wechat") {
			r.WeChat = "wx" + phone
		}
		if rapid.Bool().Draw(t, "plant_email") {
			r.Email = phone + "@163.com"
		}
		c2, err := card.FromRecord(r)
		if err != nil {
			t.Fatalf("FromRecord of a planted record: %v", err)
		}
		c = c2
	}
	return c
}
