package authz

import (
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/starmap-go/starmap"
)

// AUZ-10 (security): a grant changed by a method carries the version it
// was loaded at; the index must take the version the store returned for
// the write, or it keeps allowing a revoked merchant.
func TestAUZ10_PutGrantTakesStoredVersion(t *testing.T) {
	ix := NewIndex()
	rec := granted(t, "2026-03-01", "2026-03-01", "2026-03-31").Record()
	rec.Version = 1 // as the store returned it
	loaded, err := FromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	ix.PutGrant(loaded, rec.Version)
	revoked := loaded
	mustDo(t)(revoked.Revoke(creator, at("2026-03-05"), ""))
	// The host writes revoked.Record() (Version 1, the CAS version) and the
	// store answers 2.
	if revoked.Record().Version != 1 {
		t.Fatalf("a derived grant's write must pass the version it was read at, got %d", revoked.Record().Version)
	}
	ix.PutGrant(revoked, 2)
	q := Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: d("2026-03-06")}
	if got, want := ix.Check(q), Scan([]Grant{revoked}, nil, q); got != DeniedRevoked || got != want {
		t.Errorf("index after PutGrant(revoked, 2): %v (Scan: %v)", got, want)
	}
	// A late replay of the loaded grant at its version changes nothing.
	ix.PutGrant(loaded, 1)
	if got := ix.Check(q); got != DeniedRevoked {
		t.Errorf("older version replaced the revocation: %v", got)
	}
	// WithVersion records the stored version on the grant itself.
	if v := revoked.WithVersion(2).Version(); v != 2 {
		t.Errorf("WithVersion(2).Version() = %d", v)
	}
}

func TestAUZ10_PutLiveTakesStoredVersion(t *testing.T) {
	ix := NewIndex()
	l := liveGranted(t, mainAcct, "c1", "s1").WithVersion(3)
	ix.PutLive(l, 3)
	q := Query{Account: subAcct, Creator: "c1", Scope: LiveSession, Session: "s1", Day: d("2026-03-06")}
	if got := ix.Check(q); got != Allowed {
		t.Fatalf("granted live request: %v", got)
	}
	revoked := l
	mustDo(t)(revoked.Revoke(creator, at("2026-03-05"), ""))
	ix.PutLive(revoked, 4)
	if got, want := ix.Check(q), Scan(nil, []LiveRequest{revoked}, q); got != DeniedRevoked || got != want {
		t.Errorf("index after PutLive(revoked, 4): %v (Scan: %v)", got, want)
	}
}

// The same through a bulk load: a builder given the derived grant with its
// stored version keeps the newer one.
func TestAUZ10_BuilderTakesStoredVersion(t *testing.T) {
	ix := NewIndex()
	g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31").WithVersion(1)
	revoked := g
	mustDo(t)(revoked.Revoke(creator, at("2026-03-05"), ""))
	b := ix.Builder()
	b.AddGrant(g, 1)
	b.AddGrant(revoked, 2)
	ix.Install(b)
	q := Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: d("2026-03-06")}
	if got := ix.Check(q); got != DeniedRevoked {
		t.Errorf("builder kept the older grant: %v", got)
	}
}

func TestIndexVersions(t *testing.T) {
	ix := NewIndex()
	g1 := granted(t, "2026-03-01", "2026-03-01", "2026-03-31").WithVersion(1)
	g2 := g1 // a copy is a grant of its own: revoking it leaves g1 as it was
	mustDo(t)(g2.Revoke(creator, at("2026-03-05"), ""))
	q := Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: d("2026-03-06")}
	ix.PutGrant(g2, 2)
	ix.PutGrant(g1, 1) // late, older update: ignored
	if got := ix.Check(q); got != DeniedRevoked {
		t.Fatalf("older version replaced newer: %v", got)
	}
	// A bulk load with an older version keeps the newer entry.
	b := ix.Builder()
	b.AddGrant(g1, 1)
	ix.Install(b)
	if got := ix.Check(q); got != DeniedRevoked {
		t.Fatalf("Install replaced a newer entry: %v", got)
	}
	// A bulk load adds what the index lacks.
	other, _, _ := NewGrant(starmap.CreatorActor("c7"), at("2026-03-01"), shop, d("2026-03-01"), d("2026-03-31"), "")
	b = ix.Builder()
	b.AddGrant(other, 1)
	ix.Install(b)
	if got := ix.Check(Query{Account: mainAcct, Creator: "c7", Scope: AllSales, Day: d("2026-03-06")}); got != Allowed {
		t.Fatalf("Install did not add: %v", got)
	}
	if got := ix.Check(q); got != DeniedRevoked {
		t.Fatalf("Install dropped an entry it did not hold: %v", got)
	}
	ix.Install(NewIndex().Builder()) // a builder of another index: ignored
	if g, _ := ix.Len(); g != 2 {
		t.Fatalf("Len = %d", g)
	}
}

// TestIndexConcurrent: readers check while a writer moves a grant through
// its life; run under -race. Every answer is one the grant had at some
// point (authorized or revoked), never anything else.
func TestIndexConcurrent(t *testing.T) {
	ix := NewIndex()
	g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
	ix.PutGrant(g, 1)
	q := Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: d("2026-03-10")}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if got := ix.Check(q); got != Allowed && got != DeniedRevoked {
					t.Errorf("reader saw %v", got)
					return
				}
			}
		}()
	}
	v := uint64(1)
	for i := 0; i < 200; i++ {
		var err error
		if g.Status(d("2026-03-10")) == StatusRevoked {
			_, err = g.Regrant(creator, at("2026-03-10"), d("2026-03-10"), d("2026-03-31"), "")
		} else {
			_, err = g.Revoke(creator, at("2026-03-10"), "")
		}
		if err != nil {
			t.Fatal(err)
		}
		v++
		ix.PutGrant(g, v)
		// Other creators' grants land in other shards meanwhile.
		o, _, _ := NewGrant(starmap.CreatorActor("x"+string(rune('a'+i%26))), at("2026-03-10"), shop, d("2026-03-10"), d("2026-03-31"), "")
		ix.PutGrant(o, 1)
	}
	close(stop)
	wg.Wait()
	if got := ix.Check(q); got != Allowed { // 200 flips: back to granted
		t.Fatalf("final %v", got)
	}
}

// TestIndexHashCollisions: keys whose hashes collide share a probe
// sequence (wrapping round the end of the table) and are told apart by
// their full keys; a table that grows is copied, and the copy it came from
// answers as before.
func TestIndexHashCollisions(t *testing.T) {
	ix := NewIndex()
	day := dayNum(d("2026-03-10"))
	mk := func(c, g string, k PartyKind, v uint64, revoked bool) *entry {
		t.Helper()
		gr, _, err := NewGrant(starmap.CreatorActor(c), at("2026-03-01"), Party{Kind: k, ID: g}, d("2026-03-01"), d("2026-03-31"), "")
		if err != nil {
			t.Fatal(err)
		}
		if revoked {
			mustDo(t)(gr.Revoke(starmap.CreatorActor(c), at("2026-03-02"), ""))
		}
		e := new(entry)
		if !ix.grantEntry(e, &gr, v) {
			t.Fatal("grant not indexable")
		}
		return e
	}
	tb := newTable(&ix.hasher, 8, minSlots)
	h := tb.mask // the last slot: the sequence wraps round to slot 0
	at := func(e *entry, hash uint64) *entry { e.h = hash; return e }
	get := func(tb *table, hash uint64, c, g string, k PartyKind) Decision {
		e := mk(c, g, k, 0, false)
		i, data, ok := tb.find(hash, e.k.w[:tb.stride-1])
		if !ok {
			return DeniedNoGrant
		}
		return tb.decide(i, data, day)
	}
	for _, e := range []*entry{mk("c1", "m1", Merchant, 1, false), mk("c1", "m1", Agency, 1, true), mk("c2", "m1", Merchant, 1, false)} {
		if next := tb.put(at(e, h), keepUnlessNewer); next != tb {
			t.Fatal("three keys in eight slots grew the table")
		}
	}
	if get(tb, h, "c1", "m1", Merchant) != Allowed || get(tb, h, "c1", "m1", Agency) != DeniedRevoked ||
		get(tb, h, "c2", "m1", Merchant) != Allowed || get(tb, h, "c3", "m1", Merchant) != DeniedNoGrant ||
		get(tb, h-1, "c1", "m1", Merchant) != DeniedNoGrant {
		t.Fatal("colliding lookups wrong")
	}
	tb.put(at(mk("c1", "m1", Merchant, 2, true), h), keepUnlessNewer)  // newer: replaces
	tb.put(at(mk("c2", "m1", Merchant, 0, true), h), keepUnlessNewer)  // unversioned: replaces
	tb.put(at(mk("c1", "m1", Agency, 0, false), h), keepUnlessNewer)   // unversioned: replaces
	tb.put(at(mk("c1", "m1", Merchant, 1, false), h), keepUnlessNewer) // older: ignored
	if get(tb, h, "c1", "m1", Merchant) != DeniedRevoked || get(tb, h, "c2", "m1", Merchant) != DeniedRevoked ||
		get(tb, h, "c1", "m1", Agency) != Allowed || tb.used != 3 {
		t.Fatal("colliding updates wrong")
	}
	// Install's rule: the builder's entry stays unless the held one is
	// strictly newer and both are versioned.
	tb.put(at(mk("c1", "m1", Merchant, 3, false), h), keepUnlessStrictlyNewer) // builder's 2 < 3: replaced
	tb.put(at(mk("c2", "m1", Merchant, 5, false), h), keepUnlessStrictlyNewer) // builder's 0: stays
	tb.put(at(mk("c9", "m1", Merchant, 1, false), h), keepUnlessStrictlyNewer) // missing: added
	if get(tb, h, "c1", "m1", Merchant) != Allowed || get(tb, h, "c2", "m1", Merchant) != DeniedRevoked ||
		get(tb, h, "c9", "m1", Merchant) != Allowed || tb.used != 4 {
		t.Fatal("install rule wrong")
	}
	// A seventh key passes three quarters of eight slots: a copy twice as
	// large, its keys placed by their own hashes.
	tb.put(at(mk("c6", "m1", Merchant, 1, false), h), keepUnlessNewer)
	tb.put(at(mk("c7", "m1", Merchant, 1, false), h), keepUnlessNewer)
	next := tb.put(at(mk("c5", "m1", Merchant, 1, false), 7), keepUnlessNewer)
	if next == tb || next.slots() != 2*tb.slots() || tb.used != 6 || next.used != 7 {
		t.Fatalf("growth: %d slots, old table holds %d", next.slots(), tb.used)
	}
	if get(tb, 7, "c5", "m1", Merchant) != DeniedNoGrant || get(next, 7, "c5", "m1", Merchant) != Allowed {
		t.Fatal("the grown table's new key leaked into the old table, or is missing")
	}
	real := func(c string, k PartyKind) uint64 { return mk(c, "m1", k, 0, false).h }
	if get(next, real("c1", Merchant), "c1", "m1", Merchant) != Allowed || get(next, real("c2", Merchant), "c2", "m1", Merchant) != DeniedRevoked ||
		get(next, real("c1", Agency), "c1", "m1", Agency) != Allowed || get(next, real("c9", Merchant), "c9", "m1", Merchant) != Allowed ||
		get(next, real("c7", Merchant), "c7", "m1", Merchant) != Allowed {
		t.Fatal("the grown table lost or changed an entry")
	}
}

// TestIndexKeyClasses: ids of every length up to starmap.MaxIDLen land in
// the four slot sizes and answer as Scan does; a query naming an id longer
// than any grant may hold answers no grant.
func TestIndexKeyClasses(t *testing.T) {
	ix := NewIndex()
	var grants []Grant
	var lives []LiveRequest
	lengths := []int{1, 2, 25, 26, 27, 52, 53, 60, 116, 117, 128}
	id := func(p string, n int) string { return p + strings.Repeat("x", n-1) }
	for i, n := range lengths {
		c := id("c", n)
		g, _, err := NewGrant(starmap.CreatorActor(c), at("2026-03-01"), MerchantParty(id("m", lengths[(i+1)%len(lengths)])), d("2026-03-01"), d("2026-03-31"), "")
		if err != nil {
			t.Fatal(err)
		}
		if i%3 == 1 {
			mustDo(t)(g.Revoke(starmap.CreatorActor(c), at("2026-03-02"), ""))
		}
		ix.PutGrant(g, 0)
		grants = append(grants, g)
		l := liveGranted(t, starmap.AdvertiserActor(id("m", n)), c, id("s", lengths[(i+3)%len(lengths)]))
		ix.PutLive(l, 0)
		lives = append(lives, l)
	}
	classes := map[int]bool{}
	for c := range ix.tabs {
		for s := range ix.tabs[c] {
			if ix.tabs[c][s].Load() != nil {
				classes[c] = true
			}
		}
	}
	if len(classes) != keyClasses {
		t.Fatalf("keys filled the classes %v, want all %d", classes, keyClasses)
	}
	if g, l := ix.Len(); g != len(grants) || l != len(lives) {
		t.Fatalf("Len = %d, %d", g, l)
	}
	for _, c := range lengths {
		for _, m := range lengths {
			for _, day := range []string{"2026-02-28", "2026-03-01", "2026-03-31", "2026-04-01"} {
				for _, s := range []string{"", id("s", m)} {
					q := Query{Account: starmap.AdvertiserActor(id("m", m)), Creator: id("c", c), Scope: AllSales, Day: d(day)}
					if s != "" {
						q.Scope, q.Session = LiveSession, s
					}
					if got, want := ix.Check(q), Scan(grants, lives, q); got != want {
						t.Fatalf("AUZ-10 %d-byte creator, %d-byte merchant, session %q, %s: Index %v, Scan %v", c, m, s, day, got, want)
					}
				}
			}
		}
	}
	long := Query{Account: starmap.AdvertiserActor(id("m", starmap.MaxIDLen+1)), Creator: "c", Scope: AllSales, Day: d("2026-03-05")}
	if got := ix.Check(long); got != DeniedNoGrant {
		t.Fatalf("AUZ-10 id longer than MaxIDLen: %v", got)
	}
}

func TestZeroIndex(t *testing.T) {
	var ix Index
	g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
	ix.PutGrant(g, 1)
	ix.PutLive(liveGranted(t, mainAcct, "c1", "s1"), 1)
	b := ix.Builder()
	b.AddGrant(g, 1)
	ix.Install(b)
	if got := ix.Check(Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: d("2026-03-05")}); got != DeniedNoGrant {
		t.Fatalf("zero Index answered %v", got)
	}
	if n, l := ix.Len(); n != 0 || l != 0 {
		t.Fatalf("zero Index holds %d, %d", n, l)
	}
}

// TestSlotFitsACacheLine: a slot of the common key class is one 64-byte
// cache line, and a large table's slots start on line boundaries.
func TestSlotFitsACacheLine(t *testing.T) {
	tb := newTable(&NewIndex().hasher, 8, 1024)
	if n := 8 * tb.stride; n != 64 {
		t.Fatalf("class-0 slot is %d bytes, want one 64-byte cache line", n)
	}
	if p := uintptr(unsafe.Pointer(&tb.words[0])); p%64 != 0 {
		t.Fatalf("slots start at %#x, not on a cache line", p)
	}
}
