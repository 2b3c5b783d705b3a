package authz

import (
	"strings"
	"sync"
	"testing"

	"github.com/starmap-go/starmap"
)

// TestAUZ10_IndexOddIdsMatchScan: ids of exactly 8/16/24 bytes, multibyte
// UTF-8, and queries that differ from a held id only by a trailing NUL, a
// truncated rune or an extra byte answer as Scan does.
func TestAUZ10_IndexOddIdsMatchScan(t *testing.T) {
	ids := []string{"a", "abcdefgh", "abcdefghijklmnop", "abcdefghijklmnopqrstuvwx",
		"达人", "达人达人达人达人", "星图-创作者-创作者-1号", strings.Repeat("é", 64), strings.Repeat("x", starmap.MaxIDLen),
		"abcdefg", "abcdefghi", "12345678901234567890"}
	ix := NewIndex()
	var grants []Grant
	for i, c := range ids {
		for j, g := range ids {
			if (i+j)%2 == 1 {
				continue
			}
			kind := PartyKind(1 + (i+j)%4/2)
			gr, _, err := NewGrant(starmap.CreatorActor(c), at("2026-03-01"), Party{Kind: kind, ID: g}, d("2026-03-01"), d("2026-03-31"), "")
			if err != nil {
				t.Fatalf("grant %q→%q: %v", c, g, err)
			}
			grants = append(grants, gr)
			ix.PutGrant(gr, 1)
		}
	}
	var queries []string
	for _, s := range ids {
		queries = append(queries, s, s+"\x00", s[:len(s)-1], s+"a", "\x00"+s)
	}
	queries = append(queries, strings.Repeat("x", starmap.MaxIDLen+1), "\xff\xfe", "")
	for _, c := range queries {
		for _, g := range queries {
			for _, acct := range []starmap.Actor{starmap.AdvertiserActor(g), starmap.MCNActor(g)} {
				for _, q := range []Query{{Account: acct, Creator: c, Scope: AllSales, Day: d("2026-03-10")},
					{Account: acct, Creator: c, Scope: LiveSession, Session: "s1", Day: d("2026-03-10")}} {
					if got, want := ix.Check(q), Scan(grants, nil, q); got != want {
						t.Errorf("AUZ-10: Check(%q,%q,%v)=%v, Scan=%v", c, g, acct.Role(), got, want)
					}
				}
			}
		}
	}
}

// TestAUZ10_IndexConcurrentPutCheckOddIds: writers adding grants of many
// id lengths while readers check a fixed set (run with -race).
func TestAUZ10_IndexConcurrentPutCheckOddIds(t *testing.T) {
	ix := NewIndex()
	fixed, _, _ := NewGrant(starmap.CreatorActor("达人达人"), at("2026-03-01"), Party{Kind: Merchant, ID: "abcdefgh"}, d("2026-03-01"), d("2026-03-31"), "")
	ix.PutGrant(fixed, 1)
	q := Query{Account: starmap.AdvertiserActor("abcdefgh"), Creator: "达人达人", Scope: AllSales, Day: d("2026-03-10")}
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 3000; i++ {
				c := strings.Repeat("c", 1+(i%40)) + string(rune('a'+w))
				g, _, err := NewGrant(starmap.CreatorActor(c), at("2026-03-01"), Party{Kind: PartyKind(1 + i%2), ID: strings.Repeat("m", 1+i%30)}, d("2026-03-01"), d("2026-03-31"), "")
				if err != nil {
					t.Error(err)
					return
				}
				ix.PutGrant(g, uint64(i+1))
			}
		}(w)
	}
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20000; i++ {
				if got := ix.Check(q); got != Allowed {
					t.Errorf("AUZ-10: held grant answered %v during concurrent puts", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}
