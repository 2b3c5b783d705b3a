package authz

import (
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
)

func TestCheck_AUZ9_AUZ10(t *testing.T) {
	toShop := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
	toMCN, _, err := NewGrant(creator, at("2026-03-01"), mcn, d("2026-03-10"), d("2026-03-20"), "")
	if err != nil {
		t.Fatal(err)
	}
	revoked, _, _ := NewGrant(starmap.CreatorActor("c2"), at("2026-03-01"), shop, d("2026-03-01"), d("2026-03-31"), "")
	mustDo(t)(revoked.Revoke(starmap.CreatorActor("c2"), at("2026-03-05"), ""))
	liveShop := liveGranted(t, subAcct, "c1", "live-9") // requested by a sub-account for merchant m1
	liveRevoked := liveGranted(t, mcnAcct, "c1", "live-8")
	mustDo(t)(liveRevoked.Revoke(creator, at("2026-03-03"), ""))
	m5 := starmap.AdvertiserActor("m5")
	pending, _, _ := NewLiveRequest(m5, at("2026-03-01"), "c1", "live-7")
	mustDo(t)(pending.Confirm(m5, at("2026-03-01")))

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
