package authz

import (
	"slices"
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

// TestIndexHashCollisions: keys whose hashes collide share a chain and are
// told apart by their full keys; an update of a copy leaves the shard it
// was copied from answering as before.
func TestIndexHashCollisions(t *testing.T) {
	sh := newShard()
	day := d("2026-03-10")
	mk := func(c, g string, k PartyKind, v uint64, revoked bool) allSlot {
		return allSlot{creator: c, grantee: g, kind: k, revoked: revoked, e: entry{version: v, first: span{d("2026-03-01"), d("2026-03-31")}}}
	}
	const h = 42
	sh.putAll(h, mk("c1", "m1", Merchant, 1, false), false, keepUnlessNewer)
	sh.putAll(h, mk("c1", "m1", Agency, 1, true), false, keepUnlessNewer)
	sh.putAll(h, mk("c2", "m1", Merchant, 1, false), false, keepUnlessNewer)
	if sh.findAll(h, "c1", "m1", Merchant, day) != Allowed || sh.findAll(h, "c1", "m1", Agency, day) != DeniedRevoked ||
		sh.findAll(h, "c2", "m1", Merchant, day) != Allowed || sh.findAll(h, "c3", "m1", Merchant, day) != DeniedNoGrant ||
		sh.findAll(43, "c1", "m1", Merchant, day) != DeniedNoGrant {
		t.Fatal("chain lookups wrong")
	}
	before := *sh
	next := *sh
	next.allSlots = slices.Clone(sh.allSlots)
	next.putAll(h, mk("c1", "m1", Merchant, 2, true), true, keepUnlessNewer)  // newer: replaces
	next.putAll(h, mk("c2", "m1", Merchant, 0, true), true, keepUnlessNewer)  // unversioned: replaces
	next.putAll(h, mk("c1", "m1", Agency, 0, false), true, keepUnlessNewer)   // unversioned: replaces
	next.putAll(h, mk("c1", "m1", Merchant, 1, false), true, keepUnlessNewer) // older: ignored
	next.putAll(7, mk("c5", "m1", Merchant, 1, false), true, keepUnlessNewer) // new hash: table copied
	if next.findAll(h, "c1", "m1", Merchant, day) != DeniedRevoked || next.findAll(h, "c2", "m1", Merchant, day) != DeniedRevoked ||
		next.findAll(h, "c1", "m1", Agency, day) != Allowed || next.findAll(7, "c5", "m1", Merchant, day) != Allowed {
		t.Fatal("chain updates wrong")
	}
	if before.findAll(h, "c1", "m1", Merchant, day) != Allowed || before.findAll(h, "c1", "m1", Agency, day) != DeniedRevoked ||
		before.findAll(7, "c5", "m1", Merchant, day) != DeniedNoGrant || len(before.allSlots) != 3 {
		t.Fatal("an update changed the shard it was copied from")
	}
	next.putAll(h, mk("c1", "m1", Merchant, 3, false), false, keepUnlessStrictlyNewer) // builder holds 2: held 3 wins
	next.putAll(h, mk("c2", "m1", Merchant, 5, false), false, keepUnlessStrictlyNewer) // builder holds 0: builder wins
	next.putAll(h, mk("c9", "m1", Merchant, 1, false), false, keepUnlessStrictlyNewer) // missing: added
	if next.findAll(h, "c1", "m1", Merchant, day) != Allowed || next.findAll(h, "c2", "m1", Merchant, day) != DeniedRevoked ||
		next.findAll(h, "c9", "m1", Merchant, day) != Allowed {
		t.Fatal("install rule wrong")
	}
	ls := newShard()
	ls.putLive(h, liveSlot{creator: "c1", session: "s1", grantee: "m1", kind: Merchant, e: liveEntry{1, LiveGranted}}, false, keepUnlessNewer)
	ls.putLive(h, liveSlot{creator: "c1", session: "s2", grantee: "m1", kind: Merchant, e: liveEntry{1, LiveRevoked}}, false, keepUnlessNewer)
	ls.putLive(h, liveSlot{creator: "c1", session: "s1", grantee: "m1", kind: Merchant, e: liveEntry{2, LivePending}}, false, keepUnlessNewer)
	if ls.findLive(h, "c1", "s1", "m1", Merchant) != DeniedNoGrant || ls.findLive(h, "c1", "s2", "m1", Merchant) != DeniedRevoked ||
		ls.findLive(h, "c1", "s3", "m1", Merchant) != DeniedNoGrant || len(ls.liveSlots) != 2 {
		t.Fatal("live chain wrong")
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

func TestSlotFitsACacheLine(t *testing.T) {
	if n := unsafe.Sizeof(allSlot{}); n > 64 {
		t.Fatalf("allSlot is %d bytes, more than a 64-byte cache line", n)
	}
}
