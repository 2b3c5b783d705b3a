package authz

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
)

// TestIndexMatchesScanRandom (AUZ-10): random grants among creators and
// grantees whose ids have every length up to starmap.MaxIDLen (so every
// slot size and the growth of every shard is exercised), moved through
// grant, revoke, early renewal, renewal after expiry (periods with gaps)
// and regrant on days that pass, with live-session requests beside them;
// fed to the index directly, through builders installed later, as stale
// replays and unversioned. After every few steps the index answers every
// query exactly as Scan does over the grants and requests it should hold
// by the version rules.
func TestIndexMatchesScanRandom(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := func(label string, i int) string {
			n := rapid.OneOf(rapid.IntRange(1, 8), rapid.IntRange(9, 24), rapid.IntRange(25, starmap.MaxIDLen)).Draw(t, label)
			s := strconv.Itoa(i) + strings.Repeat("a", n)
			return s[:n]
		}
		nc, ng := rapid.IntRange(1, 6).Draw(t, "creators"), rapid.IntRange(1, 6).Draw(t, "grantees")
		creators, grantees := make([]string, nc), make([]Party, ng)
		for i := range creators {
			creators[i] = id("creator", i)
		}
		for i := range grantees {
			grantees[i] = Party{Kind: PartyKind(rapid.IntRange(1, 2).Draw(t, "kind")), ID: id("grantee", i)}
		}
		sessions := []string{id("session", 0), id("session", 1)}

		type held struct {
			g Grant
			v uint64
		}
		type heldLive struct {
			r LiveRequest
			v uint64
		}
		ix := NewIndex()
		grants, lives := map[GrantKey]held{}, map[LiveKey]heldLive{}
		current := map[GrantKey]Grant{}  // the grant as its creator holds it
		var builder *IndexBuilder        // a bulk load under way, or nil
		pending := map[GrantKey]held{}   // what it holds
		history := map[GrantKey][]held{} // every version delivered, for stale replays
		put := func(m map[GrantKey]held, h held, keep func(old, v uint64) bool) {
			if old, ok := m[h.g.Key()]; !ok || !keep(old.v, h.v) {
				m[h.g.Key()] = h
			}
		}
		var version uint64
		today := starmap.MustDate(2027, 12, 20)
		steps := rapid.IntRange(1, 120).Draw(t, "steps")
		for n := 0; n < steps; n++ {
			today = today.AddDays(rapid.IntRange(0, 20).Draw(t, "advance"))
			now := today.StartOfDay().Add(10 * time.Hour)
			key := GrantKey{Creator: creators[rapid.IntRange(0, nc-1).Draw(t, "c")], Grantee: grantees[rapid.IntRange(0, ng-1).Draw(t, "g")]}
			by := starmap.CreatorActor(key.Creator)
			g, exists := current[key]
			start := today.AddDays(rapid.IntRange(0, 10).Draw(t, "start"))
			end := start.AddDays(rapid.IntRange(0, 40).Draw(t, "len"))
			var err error
			switch op := rapid.IntRange(0, 5).Draw(t, "op"); {
			case !exists:
				g, _, err = NewGrant(by, now, key.Grantee, start, end, "")
			case op == 0:
				_, err = g.Revoke(by, now, "")
			case op == 1:
				_, err = g.EarlyRenew(by, now, g.End().AddDays(rapid.IntRange(1, 30).Draw(t, "more")), "")
			case op == 2:
				_, err = g.Renew(by, now, start, end, "") // after expiry: a gap
			case op == 3:
				_, err = g.Regrant(by, now, start, end, "")
			case op == 4 && len(history[key]) > 0: // a stale replay: ignored
				h := history[key][rapid.IntRange(0, len(history[key])-1).Draw(t, "stale")]
				if h.v != 0 {
					ix.PutGrant(h.g, h.v)
					put(grants, h, keepUnlessNewer)
				}
				continue
			default: // a live-session request in some state
				session := sessions[rapid.IntRange(0, 1).Draw(t, "session")]
				var acct starmap.Actor
				if key.Grantee.Kind == Merchant {
					acct = starmap.AdvertiserActor(key.Grantee.ID)
				} else {
					acct = starmap.MCNActor(key.Grantee.ID)
				}
				r, _, err := NewLiveRequest(acct, now, key.Creator, session)
				if err != nil {
					t.Fatal(err)
				}
				for s := rapid.IntRange(0, 3).Draw(t, "live steps"); s > 0 && err == nil; s-- {
					switch r.State() {
					case LiveDraft:
						_, err = r.Confirm(acct, now)
					case LivePending:
						_, err = r.Grant(by, now, "")
					case LiveGranted:
						_, err = r.Revoke(by, now, "")
					}
				}
				if err != nil {
					t.Fatal(err)
				}
				version++
				ix.PutLive(r, version)
				lives[r.Key()] = heldLive{r, version}
				continue
			}
			if err != nil {
				continue // refused: nothing changed, nothing to deliver
			}
			current[key] = g
			h := held{g: g}
			if rapid.IntRange(0, 9).Draw(t, "unversioned") > 0 {
				version++
				h.v = version
			}
			history[key] = append(history[key], h)
			switch via := rapid.IntRange(0, 3).Draw(t, "via"); {
			case via == 0:
				if builder == nil {
					builder = ix.Builder()
					pending = map[GrantKey]held{}
				}
				builder.AddGrant(h.g, h.v)
				put(pending, h, keepUnlessNewer)
			default:
				ix.PutGrant(h.g, h.v)
				put(grants, h, keepUnlessNewer)
			}
			if builder != nil && rapid.IntRange(0, 4).Draw(t, "install") == 0 {
				ix.Install(builder)
				for _, b := range pending {
					if old, ok := grants[b.g.Key()]; !ok || keepUnlessStrictlyNewer(b.v, old.v) {
						grants[b.g.Key()] = b
					}
				}
				builder = nil
			}
			if n%10 != 9 && n != steps-1 {
				continue
			}
			var gs []Grant
			for _, h := range grants {
				gs = append(gs, h.g)
			}
			var ls []LiveRequest
			for _, h := range lives {
				ls = append(ls, h.r)
			}
			if got, _ := ix.Len(); got != len(gs) {
				t.Fatalf("AUZ-10 step %d: index holds %d grants, want %d", n, got, len(gs))
			}
			for _, c := range creators {
				for _, p := range grantees {
					accts := []starmap.Actor{starmap.MCNActor(p.ID)}
					if p.Kind == Merchant {
						accts = []starmap.Actor{starmap.AdvertiserActor(p.ID), starmap.SubAccountActor(p.ID, "sub")}
					}
					for _, a := range accts {
						for _, off := range []int{-30, -1, 0, 1, 7, 25, 60} {
							for _, s := range append([]string{""}, sessions...) {
								q := Query{Account: a, Creator: c, Scope: AllSales, Day: today.AddDays(off)}
								if s != "" {
									q.Scope, q.Session = LiveSession, s
								}
								if got, want := ix.Check(q), Scan(gs, ls, q); got != want {
									t.Fatalf("AUZ-10 step %d: %v asks %s of %q (session %q) on %s: Index %v, Scan %v",
										n, a, q.Scope, c, s, q.Day, got, want)
								}
							}
						}
					}
				}
			}
		}
	})
}

// TestIndexConcurrentGrowth (run under -race): readers check grants the
// writer never touches while it inserts thousands of keys of every size —
// every shard rebuilt several times over — and flips one grant between
// granted and revoked. The untouched grants answer as they always did,
// the flipped one only granted or revoked, a key being inserted no grant
// or its answer.
func TestIndexConcurrentGrowth(t *testing.T) {
	ix := NewIndex()
	mk := func(c, m string) Grant {
		g, _, err := NewGrant(starmap.CreatorActor(c), at("2026-03-01"), MerchantParty(m), d("2026-03-01"), d("2026-03-31"), "")
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	long := strings.Repeat("L", 100)
	stable := []Query{}
	for i, c := range []string{"c", "creator-0123456789", long} {
		for j, m := range []string{"m", "merchant-0123456789", long} {
			g := mk(c+"s", m+strconv.Itoa(j))
			if (i+j)%2 == 1 {
				mustDo(t)(g.Revoke(starmap.CreatorActor(c+"s"), at("2026-03-02"), ""))
			}
			ix.PutGrant(g, 1)
			stable = append(stable, Query{Account: starmap.AdvertiserActor(m + strconv.Itoa(j)), Creator: c + "s", Scope: AllSales, Day: d("2026-03-10")})
		}
	}
	want := make([]Decision, len(stable))
	for i, q := range stable {
		want[i] = ix.Check(q)
	}
	flip := mk("flip", "m1")
	ix.PutGrant(flip, 1)
	flipQ := Query{Account: starmap.AdvertiserActor("m1"), Creator: "flip", Scope: AllSales, Day: d("2026-03-10")}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				for i, q := range stable {
					if got := ix.Check(q); got != want[i] {
						t.Errorf("AUZ-10 %q→%q during growth: %v, was %v", q.Creator, q.Account.ID(), got, want[i])
						return
					}
				}
				if got := ix.Check(flipQ); got != Allowed && got != DeniedRevoked {
					t.Errorf("AUZ-10 flipped grant answered %v", got)
					return
				}
				q := Query{Account: starmap.AdvertiserActor("m"), Creator: "new" + strconv.Itoa(n%3000), Scope: AllSales, Day: d("2026-03-10")}
				if got := ix.Check(q); got != Allowed && got != DeniedNoGrant {
					t.Errorf("AUZ-10 key being inserted answered %v", got)
					return
				}
			}
		}()
	}
	v := uint64(1)
	for i := 0; i < 3000; i++ {
		c := "new" + strconv.Itoa(i)
		if i%3 == 1 {
			c += "-0123456789abcdef"
		} else if i%3 == 2 {
			c += long
		}
		ix.PutGrant(mk(c, "m"), 1)
		if i%10 == 0 {
			var err error
			if flip.Status(d("2026-03-10")) == StatusRevoked {
				_, err = flip.Regrant(starmap.CreatorActor("flip"), at("2026-03-10"), d("2026-03-10"), d("2026-03-31"), "")
			} else {
				_, err = flip.Revoke(starmap.CreatorActor("flip"), at("2026-03-10"), "")
			}
			if err != nil {
				t.Fatal(err)
			}
			v++
			ix.PutGrant(flip, v)
		}
	}
	close(stop)
	wg.Wait()
	if g, _ := ix.Len(); g != len(stable)+1+3000 {
		t.Fatalf("Len = %d", g)
	}
}
