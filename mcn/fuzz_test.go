package mcn_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// FuzzParseKey: any text is either a key whose String is the text, or
// ErrKeyInvalid.
func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"c-1/s1", "", "/", "c-1/", "a/b/c", "长/😀", "c\u200b/s", "c|1/s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := mcn.ParseKey(s)
		if err != nil {
			if !errors.Is(err, mcn.ErrKeyInvalid) {
				t.Fatalf("ParseKey(%q) = %v, want ErrKeyInvalid", s, err)
			}
			return
		}
		if k.String() != s || k.Validate() != nil {
			t.Fatalf("ParseKey(%q) = %+v, which renders %q", s, k, k.String())
		}
	})
}

// FuzzReadCursor: any cursor is either the documented one-part position,
// read back to the id CursorAfter wrote, or starmap.ErrCursorInvalid.
func FuzzReadCursor(f *testing.F) {
	for _, s := range []string{"", mcn.CursorAfter("c-1"), mcn.CursorAfter(""), starmap.EncodeCursor("a", "b"), "%%%", "MDo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		after, err := mcn.ReadCursor(c)
		if err != nil {
			if !errors.Is(err, starmap.ErrCursorInvalid) {
				t.Fatalf("ReadCursor(%q) = %v", c, err)
			}
			return
		}
		if c != "" && mcn.CursorAfter(after) != c {
			t.Fatalf("ReadCursor(%q) = %q, which writes %q", c, after, mcn.CursorAfter(after))
		}
	})
}

// FuzzPropose: whatever the proposal, Propose either stores exactly it or
// refuses with coded errors and changes nothing; it never panics.
func FuzzPropose(f *testing.F) {
	f.Add("s1", "c-1", uint8(1), "dy-c1", 1, 365, 2000, false)
	f.Add("", "", uint8(0), "", -5, -9, -1, true)
	f.Add("s\u200b", "c-1", uint8(9), "a/b", 0, 0, 10001, true)
	f.Fuzz(func(t *testing.T, id, creator string, platform uint8, account string, start, length, share int, excl bool) {
		b := newBook(t)
		before := b.Record()
		p := mcn.Proposal{ID: id, Creator: creator, Accounts: []mcn.Account{{Platform: onboardingPlatform(platform), ID: account}},
			Start: d(start % 100000), End: d(start%100000 + length%100000), ShareBP: share, Exclusive: excl}
		evs, err := b.Propose(mcnA, t0, p, mcn.DefaultPolicy())
		if err != nil {
			if len(starmap.Codes(err)) == 0 {
				t.Fatalf("an uncoded refusal: %v", err)
			}
			if b.Record().Creator != before.Creator || len(b.Signings()) != 0 {
				t.Fatal("a refusal changed the book")
			}
			return
		}
		s, ok := b.Signing(id)
		if !ok || len(evs) != 1 || s.ShareBP != share || s.Start != p.Start || s.End != p.End || s.Creator != creator {
			t.Fatalf("stored %+v for %+v", s, p)
		}
	})
}

// FuzzStatement: whatever the amounts, BuildStatement either reconciles
// or refuses with coded errors.
func FuzzStatement(f *testing.F) {
	f.Add("0", "200.00", "-66.67", uint8(1), uint8(2))
	f.Add("1e16", "0.001", "-1e-9", uint8(0), uint8(9))
	f.Fuzz(func(t *testing.T, opening, a1, a2 string, k1, k2 uint8) {
		open, err1 := decimal.NewFromString(opening)
		x1, err2 := decimal.NewFromString(a1)
		x2, err3 := decimal.NewFromString(a2)
		if err1 != nil || err2 != nil || err3 != nil || len(opening)+len(a1)+len(a2) > 200 {
			return
		}
		march, _ := mcn.MonthPeriod(2026, time.March)
		from, _ := march.Bounds()
		es := []mcn.Entry{
			{ID: "e1", Party: "mcn-a", Kind: mcn.EntryKind(k1), Amount: x1, Task: "t-1", Creator: "c-1", At: from},
			{ID: "e2", Party: "mcn-a", Kind: mcn.EntryKind(k2), Amount: x2, Task: "t-2", Creator: "c-2", At: from.Add(time.Hour)},
		}
		st, err := mcn.BuildStatement("mcn-a", march, open, es)
		if err != nil {
			if len(starmap.Codes(err)) == 0 {
				t.Fatalf("an uncoded refusal: %v", err)
			}
			return
		}
		if err := st.Reconcile(); err != nil {
			t.Fatal(err)
		}
	})
}
