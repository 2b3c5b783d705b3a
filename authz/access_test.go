package authz

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"unsafe"

	"github.com/starmap-go/starmap"
)

func liveGranted(t *testing.T, by starmap.Actor, creatorID, session string) LiveRequest {
	t.Helper()
	r, _, err := NewLiveRequest(by, at("2026-03-01"), creatorID, session)
	if err == nil {
		r, _, err = r.Confirm(by, at("2026-03-01"))
	}
	if err == nil {
		r, _, err = r.Grant(starmap.CreatorActor(creatorID), at("2026-03-02"), "")
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCheck_AUZ9_AUZ10(t *testing.T) {
	toShop := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
	toMCN, _, err := NewGrant(creator, at("2026-03-01"), mcn, d("2026-03-10"), d("2026-03-20"), "")
	if err != nil {
		t.Fatal(err)
	}
	revoked, _, _ := NewGrant(starmap.CreatorActor("c2"), at("2026-03-01"), shop, d("2026-03-01"), d("2026-03-31"), "")
	revoked, _, _ = revoked.Revoke(starmap.CreatorActor("c2"), at("2026-03-05"), "")
	liveShop := liveGranted(t, subAcct, "c1", "live-9") // requested by a sub-account for merchant m1
	liveRevoked := liveGranted(t, mcnAcct, "c1", "live-8")
	liveRevoked, _, _ = liveRevoked.Revoke(creator, at("2026-03-03"), "")
	m5 := starmap.AdvertiserActor("m5")
	pending, _, _ := NewLiveRequest(m5, at("2026-03-01"), "c1", "live-7")
	pending, _, _ = pending.Confirm(m5, at("2026-03-01"))

	grants := []Grant{toShop, toMCN, revoked}
	lives := []LiveRequest{liveShop, liveRevoked, pending}
	ix := NewIndex()
	for _, g := range grants {
		ix.PutGrant(g, 0)
	}
	for _, l := range lives {
		ix.PutLive(l, 0)
	}
	all := func(a starmap.Actor, c, day string) Query {
		return Query{Account: a, Creator: c, Scope: AllSales, Day: d(day)}
	}
	live := func(a starmap.Actor, session string) Query {
		return Query{Account: a, Creator: "c1", Scope: LiveSession, Session: session, Day: d("2026-03-04")}
	}
	tests := []struct {
		name string
		q    Query
		want Decision
	}{
		{"AUZ-10_main_account_first_day", all(mainAcct, "c1", "2026-03-01"), Allowed},
		{"AUZ-10_main_account_last_valid_day", all(mainAcct, "c1", "2026-03-31"), Allowed},
		{"AUZ-10_main_account_day_after_end", all(mainAcct, "c1", "2026-04-01"), DeniedExpired},
		{"AUZ-10_main_account_day_before_start", all(mainAcct, "c1", "2026-02-28"), DeniedNotYetValid},
		{"AUZ-9_sub_account_all_sales_refused_even_when_granted", all(subAcct, "c1", "2026-03-15"), DeniedSubAccount},
		{"AUZ-1_agency_grantee_allowed", all(mcnAcct, "c1", "2026-03-10"), Allowed},
		{"AUZ-1_agency_grantee_day_after_end", all(mcnAcct, "c1", "2026-03-21"), DeniedExpired},
		{"AUZ-1_agency_id_equal_to_merchant_id_is_another_grantee", all(starmap.MCNActor("m1"), "c1", "2026-03-15"), DeniedNoGrant},
		{"AUZ-10_other_merchant_no_grant", all(starmap.AdvertiserActor("m2"), "c1", "2026-03-15"), DeniedNoGrant},
		{"AUZ-10_other_creator_no_grant", all(mainAcct, "c9", "2026-03-15"), DeniedNoGrant},
		{"AUZ-7_revoked_before_end", all(mainAcct, "c2", "2026-03-06"), DeniedRevoked},
		{"AUZ-7_revoked_after_end_still_revoked", all(mainAcct, "c2", "2026-05-01"), DeniedRevoked},
		{"AUZ-9_sub_account_live_allowed", live(starmap.SubAccountActor("m1", "other-sub"), "live-9"), Allowed},
		{"AUZ-9_main_account_live_allowed", live(mainAcct, "live-9"), Allowed},
		{"AUZ-3_other_session_no_grant", live(mcnAcct, "live-1"), DeniedNoGrant},
		{"AUZ-1_all_sales_covers_every_live_session", live(mainAcct, "live-1"), Allowed},
		{"AUZ-9_all_sales_does_not_open_live_to_sub_account", live(starmap.SubAccountActor("m1", "x"), "live-1"), DeniedNoGrant},
		{"AUZ-1_live_revoked_but_all_sales_valid_that_day", Query{Account: mcnAcct, Creator: "c1", Scope: LiveSession, Session: "live-8", Day: d("2026-03-15")}, Allowed},
		{"AUZ-1_all_sales_expired_live_not_granted", Query{Account: mainAcct, Creator: "c1", Scope: LiveSession, Session: "live-1", Day: d("2026-04-01")}, DeniedNoGrant},
		{"AUZ-3_live_session_grant_does_not_extend_all_sales", all(starmap.MCNActor("a1"), "c1", "2026-03-25"), DeniedExpired},
		{"AUZ-3_live_revoked", live(mcnAcct, "live-8"), DeniedRevoked},
		{"AUZ-3_live_pending_not_granted", live(m5, "live-7"), DeniedNoGrant},
		{"AUZ-3_sub_of_other_merchant", live(starmap.SubAccountActor("m2", "x"), "live-9"), DeniedNoGrant},
		{"X-7_creator_account_is_not_grantee", all(creator, "c1", "2026-03-15"), DeniedRole},
		{"X-7_platform_is_not_grantee", live(starmap.PlatformActor("ops"), "live-9"), DeniedRole},
		{"invalid_zero_account", all(starmap.Actor{}, "c1", "2026-03-15"), DeniedInvalidQuery},
		{"invalid_zero_day", Query{Account: mainAcct, Creator: "c1", Scope: AllSales}, DeniedInvalidQuery},
		{"invalid_empty_creator", all(mainAcct, "", "2026-03-15"), DeniedInvalidQuery},
		{"invalid_scope", Query{Account: mainAcct, Creator: "c1", Day: d("2026-03-15")}, DeniedInvalidQuery},
		{"invalid_live_without_session", live(mainAcct, ""), DeniedInvalidQuery},
		{"invalid_account_empty_id", all(starmap.AdvertiserActor(""), "c1", "2026-03-15"), DeniedInvalidQuery},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			scan, fast := Scan(grants, lives, tc.q), ix.Check(tc.q)
			if scan != tc.want || fast != tc.want {
				t.Fatalf("Scan %v, Index %v, want %v", scan, fast, tc.want)
			}
			if err := fast.Err(); (err == nil) != tc.want.Allowed() {
				t.Fatalf("Err() = %v for %v", err, fast)
			}
		})
	}
	if !errors.Is(DeniedSubAccount.Err(), ErrSubAccountAllSales) || !errors.Is(DeniedExpired.Err(), starmap.ErrForbidden) ||
		!errors.Is(DeniedUnknown.Err(), ErrAccessNoGrant) || DeniedUnknown.Allowed() {
		t.Fatal("decision errors")
	}
	if g, l := ix.Len(); g != 3 || l != 3 {
		t.Fatalf("Len = %d, %d", g, l)
	}
}

func TestIndexVersions(t *testing.T) {
	ix := NewIndex()
	g1 := granted(t, "2026-03-01", "2026-03-01", "2026-03-31").WithVersion(1)
	g2, _, _ := g1.Revoke(creator, at("2026-03-05"), "")
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
			g, _, err = g.Regrant(creator, at("2026-03-10"), d("2026-03-10"), d("2026-03-31"), "")
		} else {
			g, _, err = g.Revoke(creator, at("2026-03-10"), "")
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

func TestLive_AUZ3(t *testing.T) {
	now := at("2026-03-01")
	t.Run("AUZ-3_flow_confirm_then_grant", func(t *testing.T) {
		r, ev, err := NewLiveRequest(subAcct, now, "c1", "s1")
		wantCodes(t, err)
		if r.State() != LiveDraft || r.Key().Grantee != shop || ev.Type != "authz.live.request" {
			t.Fatalf("draft %v %v %+v", r.State(), r.Key(), ev)
		}
		_, _, err = r.Grant(creator, now, "")
		wantCodes(t, err, ErrLiveTransition) // a draft never reaches the creator
		r, _, err = r.Confirm(mainAcct, now) // main account confirms its sub-account's click
		wantCodes(t, err)
		if r.State() != LivePending || !r.ConfirmedAt().Equal(now) {
			t.Fatal("not pending")
		}
		r, ev, err = r.Grant(creator, now, "ok")
		wantCodes(t, err)
		if r.State() != LiveGranted || ev.From != "pending" || ev.To != "granted" {
			t.Fatalf("grant %v %+v", r.State(), ev)
		}
		r, _, err = r.Revoke(creator, now, "")
		wantCodes(t, err)
		if r.State() != LiveRevoked {
			t.Fatal(r.State())
		}
		_, _, err = r.Revoke(creator, now, "")
		wantCodes(t, err, ErrLiveTransition)
		r, _, err = r.Rerequest(mainAcct, now)
		wantCodes(t, err)
		if r.State() != LiveDraft || len(r.History()) != 5 {
			t.Fatalf("rerequest %v %d", r.State(), len(r.History()))
		}
		if _, err := LiveFromRecord(r.Record()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("AUZ-3_decline_and_ask_again", func(t *testing.T) {
		r, _, _ := NewLiveRequest(mcnAcct, now, "c1", "s1")
		r, _, _ = r.Confirm(mcnAcct, now)
		r, _, err := r.Decline(creator, now, "no")
		wantCodes(t, err)
		_, _, err = r.Grant(creator, now, "")
		wantCodes(t, err, ErrLiveTransition)
		r, _, err = r.Rerequest(mcnAcct, now)
		wantCodes(t, err)
		_, _, err = r.Rerequest(mcnAcct, now)
		wantCodes(t, err, ErrLiveRequestOpen)
	})
	t.Run("X-7_only_requester_confirms", func(t *testing.T) {
		r, _, _ := NewLiveRequest(mainAcct, now, "c1", "s1")
		_, _, err := r.Confirm(starmap.AdvertiserActor("m2"), now)
		wantCodes(t, err, ErrLiveNotRequester)
		_, _, err = r.Confirm(creator, now)
		wantCodes(t, err, starmap.ErrActorRole)
	})
	t.Run("X-7_only_owner_grants", func(t *testing.T) {
		r, _, _ := NewLiveRequest(mainAcct, now, "c1", "s1")
		r, _, _ = r.Confirm(mainAcct, now)
		_, _, err := r.Grant(starmap.CreatorActor("c2"), now, "")
		wantCodes(t, err, ErrNotOwner)
		_, _, err = r.Grant(mainAcct, now, "")
		wantCodes(t, err, starmap.ErrActorRole)
	})
	t.Run("X-7_creator_cannot_request", func(t *testing.T) {
		_, _, err := NewLiveRequest(creator, now, "c1", "s1")
		wantCodes(t, err, starmap.ErrActorRole)
		_, _, err = NewLiveRequest(mainAcct, now, "c1", "")
		wantCodes(t, err, starmap.ErrIDInvalid)
	})
	t.Run("record_checks", func(t *testing.T) {
		r := liveGranted(t, mainAcct, "c1", "s1")
		rec := r.Record()
		rec.State = LivePending
		if _, err := LiveFromRecord(rec); !errors.Is(err, ErrRecordInvalid) {
			t.Fatal("state not matching history accepted")
		}
		rec = r.Record()
		rec.History[1].Op = LiveGrantOp
		if _, err := LiveFromRecord(rec); !errors.Is(err, ErrRecordInvalid) {
			t.Fatal("impossible step accepted")
		}
	})
	t.Run("transition_table_is_data", func(t *testing.T) {
		ts := LiveTransitions()
		if len(ts) != 7 {
			t.Fatalf("%d transitions", len(ts))
		}
		for _, tr := range ts {
			if tr.To == LiveNone || tr.Op.String() == "" {
				t.Fatalf("bad transition %+v", tr)
			}
		}
	})
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
