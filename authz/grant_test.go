package authz

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

func TestGrant(t *testing.T) {
	tests := []struct {
		name       string
		by         starmap.Actor
		grantee    Party
		on         string
		start, end starmap.Date
		want       []*starmap.Rule
	}{
		{"AUZ-2_start_today_end_same_day", creator, shop, "2026-03-01", d("2026-03-01"), d("2026-03-01"), nil},
		{"AUZ-2_start_tomorrow", creator, shop, "2026-03-01", d("2026-03-02"), d("2026-12-31"), nil},
		{"AUZ-2_agency_grantee", creator, mcn, "2026-03-01", d("2026-03-01"), d("2026-03-31"), nil},
		{"AUZ-2_leap_day_only", creator, shop, "2028-02-29", d("2028-02-29"), d("2028-02-29"), nil},
		{"AUZ-2_start_yesterday_refused", creator, shop, "2026-03-01", d("2026-02-28"), d("2026-03-31"),
			[]*starmap.Rule{ErrGrantStartBeforeToday}},
		{"AUZ-2_end_day_before_start_refused", creator, shop, "2026-03-01", d("2026-03-10"), d("2026-03-09"),
			[]*starmap.Rule{ErrGrantEndBeforeStart}},
		{"AUZ-2_every_broken_rule_reported", creator, Party{Kind: Merchant}, "2026-03-01", d("2026-02-01"), d("2026-01-31"),
			// the empty grantee id is reported inside the party error (its cause)
			[]*starmap.Rule{ErrPartyInvalid, starmap.ErrIDInvalid, ErrGrantStartBeforeToday, ErrGrantEndBeforeStart}},
		{"AUZ-2_dates_missing", creator, shop, "2026-03-01", starmap.Date{}, starmap.Date{},
			[]*starmap.Rule{ErrDateMissing, ErrDateMissing}},
		{"AUZ-1_unknown_grantee_kind", creator, Party{Kind: 9, ID: "x"}, "2026-03-01", d("2026-03-01"), d("2026-03-02"),
			[]*starmap.Rule{ErrPartyInvalid}},
		{"X-7_merchant_cannot_grant", mainAcct, shop, "2026-03-01", d("2026-03-01"), d("2026-03-02"),
			[]*starmap.Rule{starmap.ErrActorRole}},
		{"X-7_mcn_cannot_grant", mcnAcct, shop, "2026-03-01", d("2026-03-01"), d("2026-03-02"),
			[]*starmap.Rule{starmap.ErrActorRole}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, ev, err := NewGrant(tc.by, at(tc.on), tc.grantee, tc.start, tc.end, "offline agreement")
			wantCodes(t, err, tc.want...)
			if err != nil {
				if g.Status(d(tc.on)) != StatusNone || len(g.History()) != 0 {
					t.Fatalf("a refused grant still produced state: %+v", g)
				}
				return
			}
			if got := g.Status(tc.start); got != StatusAuthorized {
				t.Fatalf("Status(start) = %v, want authorized", got)
			}
			if got := g.Status(tc.end.AddDays(1)); got != StatusExpired {
				t.Fatalf("Status(end+1) = %v, want expired", got)
			}
			// The day before the start: not yet valid if the grant existed
			// then, no grant at all if it was made on its start day.
			wantBefore := StatusNotYetValid
			if tc.start.AddDays(-1).Before(d(tc.on)) {
				wantBefore = StatusNone
			}
			if got := g.Status(tc.start.AddDays(-1)); got != wantBefore {
				t.Fatalf("Status(start-1) = %v, want %v", got, wantBefore)
			}
			h := g.History()
			if len(h) != 1 || h[0].Op != OpGrant || h[0].By != tc.by || h[0].Start != tc.start || h[0].End != tc.end || h[0].Note != "offline agreement" {
				t.Fatalf("history %+v", h)
			}
			if ev.Type != "authz.grant.granted" || ev.Subject != "c1→"+tc.grantee.String() || ev.From != "none" {
				t.Fatalf("event %+v", ev)
			}
		})
	}
}

func TestRegrant(t *testing.T) {
	base := func(t *testing.T) Grant { return granted(t, "2026-03-01", "2026-03-01", "2026-03-31") }
	t.Run("AUZ-4_after_revoke_same_day", func(t *testing.T) {
		g := base(t)
		_, err := g.Revoke(creator, at("2026-03-10"), "")
		wantCodes(t, err)
		_, err = g.Regrant(creator, at("2026-03-10"), d("2026-03-10"), d("2026-04-30"), "")
		wantCodes(t, err)
		if want := []string{"2026-03-01..2026-03-09", "2026-03-10..2026-04-30"}; !slices.Equal(periods(g), want) {
			t.Fatalf("periods %v, want %v", periods(g), want)
		}
		statusRun(t, g, "2026-03-10", "2026-04-30", StatusAuthorized)
		if !g.RevokedOn().IsZero() {
			t.Fatal("a new grant still shows the old revocation")
		}
	})
	t.Run("AUZ-4_while_authorized_refused_use_early_renewal", func(t *testing.T) {
		g := base(t)
		_, err := g.Regrant(creator, at("2026-03-31"), d("2026-04-01"), d("2026-04-30"), "")
		wantCodes(t, err, ErrGrantExists)
	})
	t.Run("AUZ-4_while_not_yet_valid_refused", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-05", "2026-03-31")
		_, err := g.Regrant(creator, at("2026-03-04"), d("2026-03-04"), d("2026-04-30"), "")
		wantCodes(t, err, ErrGrantExists)
	})
	t.Run("AUZ-6_day_after_end_refused_use_renewal", func(t *testing.T) {
		g := base(t)
		_, err := g.Regrant(creator, at("2026-04-01"), d("2026-04-01"), d("2026-04-30"), "")
		wantCodes(t, err, ErrGrantExpiredUseRenewal)
	})
	t.Run("AUZ-2_regrant_start_before_today_refused", func(t *testing.T) {
		g := base(t)
		mustDo(t)(g.Revoke(creator, at("2026-03-10"), ""))
		_, err := g.Regrant(creator, at("2026-03-11"), d("2026-03-10"), d("2026-03-09"), "")
		wantCodes(t, err, ErrGrantStartBeforeToday, ErrGrantEndBeforeStart)
	})
}

func TestStatus(t *testing.T) {
	t.Run("AUZ-7_boundaries_inclusive_end", func(t *testing.T) {
		g := granted(t, "2026-02-20", "2026-03-01", "2026-03-31")
		statusRun(t, g, "2026-02-20", "2026-02-28", StatusNotYetValid)
		statusRun(t, g, "2026-03-01", "2026-03-31", StatusAuthorized)
		statusRun(t, g, "2026-04-01", "2026-04-03", StatusExpired)
		if g.Status(d("9999-12-31")) != StatusExpired {
			t.Fatal("far future not expired")
		}
	})
	t.Run("AUZ-7_leap_day_last_valid", func(t *testing.T) {
		g := granted(t, "2028-02-01", "2028-02-01", "2028-02-29")
		statusRun(t, g, "2028-02-28", "2028-02-29", StatusAuthorized)
		statusRun(t, g, "2028-03-01", "2028-03-01", StatusExpired)
	})
	t.Run("AUZ-7_month_end", func(t *testing.T) {
		g := granted(t, "2026-01-01", "2026-01-01", "2026-01-31")
		statusRun(t, g, "2026-01-31", "2026-01-31", StatusAuthorized)
		statusRun(t, g, "2026-02-01", "2026-02-01", StatusExpired)
		g = granted(t, "2026-12-01", "2026-12-01", "2026-12-31")
		statusRun(t, g, "2027-01-01", "2027-01-01", StatusExpired)
	})
	t.Run("AUZ-7_revoked_stays_revoked_after_end", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		_, err := g.Revoke(creator, at("2026-03-15"), "")
		wantCodes(t, err)
		statusRun(t, g, "2026-03-15", "2026-04-05", StatusRevoked)
		if g.Status(d("2030-01-01")) != StatusRevoked {
			t.Fatal("revoked grant not revoked years later")
		}
		if g.End() != d("2026-03-31") {
			t.Fatalf("End() = %s, want the end at revocation 2026-03-31", g.End())
		}
	})
	t.Run("AUZ-11_renewal_in_future_not_yet_valid", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		_, err := g.Renew(creator, at("2026-04-10"), d("2026-05-01"), d("2026-05-31"), "")
		wantCodes(t, err)
		statusRun(t, g, "2026-04-10", "2026-04-30", StatusNotYetValid)
		statusRun(t, g, "2026-05-01", "2026-05-31", StatusAuthorized)
		statusRun(t, g, "2026-06-01", "2026-06-01", StatusExpired)
	})
	t.Run("AUZ-8_start_shown_for_a_day", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.Renew(creator, at("2026-04-05"), d("2026-04-10"), d("2026-04-20"), ""))
		for _, c := range []struct{ day, want string }{
			{"2026-03-15", "2026-03-01"}, {"2026-04-05", "2026-04-10"}, {"2026-04-15", "2026-04-10"}, {"2026-05-01", "2026-04-10"},
		} {
			if got := g.Start(d(c.day)); got != d(c.want) {
				t.Fatalf("Start(%s) = %s, want %s", c.day, got, c.want)
			}
		}
		if !(Grant{}).Start(d("2026-03-01")).IsZero() || !(Grant{}).End().IsZero() || !(Grant{}).LastChange().IsZero() {
			t.Fatal("zero grant has dates")
		}
	})
	t.Run("zero_grant_is_none", func(t *testing.T) {
		if (Grant{}).Status(d("2026-01-01")) != StatusNone {
			t.Fatal("zero grant status")
		}
	})
	t.Run("names", func(t *testing.T) {
		if StatusRevoked.Label(starmap.ZH) != "已被解除授权" || StatusExpired.Label(starmap.ZH) != "已到期" || StatusAuthorized.Label(starmap.ZH) != "已授权" {
			t.Fatal("platform labels changed")
		}
		if Status(99).String() != "Status(99)" {
			t.Fatal(Status(99).String())
		}
	})
}

// TestStatus_PastDaysFromHistory (AUZ-7, issue 10): a day before the last
// change is answered from the grant as it stood then, never from its
// present state; the access check still answers from the present state.
func TestStatus_PastDaysFromHistory(t *testing.T) {
	t.Run("AUZ-7_revoked_was_authorized_before", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-05", "2026-03-31")
		mustDo(t)(g.Revoke(creator, at("2026-03-15"), ""))
		statusRun(t, g, "2026-02-20", "2026-02-28", StatusNone) // the grant was made on 03-01
		statusRun(t, g, "2026-03-01", "2026-03-04", StatusNotYetValid)
		statusRun(t, g, "2026-03-05", "2026-03-14", StatusAuthorized)
		statusRun(t, g, "2026-03-15", "2026-05-01", StatusRevoked)
		q := Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: d("2026-03-10")}
		if got := Scan([]Grant{g}, nil, q); got != DeniedRevoked {
			t.Fatalf("the access check allowed a past day of a revoked grant: %v", got)
		}
	})
	t.Run("AUZ-6_expired_before_the_renewal", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.Renew(creator, at("2026-04-10"), d("2026-05-01"), d("2026-05-31"), ""))
		statusRun(t, g, "2026-03-01", "2026-03-31", StatusAuthorized)
		statusRun(t, g, "2026-04-01", "2026-04-09", StatusExpired)
		statusRun(t, g, "2026-04-10", "2026-04-30", StatusNotYetValid)
		statusRun(t, g, "2026-05-01", "2026-05-31", StatusAuthorized)
	})
	t.Run("AUZ-4_several_changes_one_day_the_last_counts", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.Revoke(creator, at("2026-03-10"), ""))
		mustDo(t)(g.Regrant(creator, at("2026-03-10"), d("2026-03-12"), d("2026-03-31"), ""))
		mustDo(t)(g.Revoke(creator, at("2026-03-20"), ""))
		statusRun(t, g, "2026-03-01", "2026-03-09", StatusAuthorized)
		statusRun(t, g, "2026-03-10", "2026-03-11", StatusNotYetValid)
		statusRun(t, g, "2026-03-12", "2026-03-19", StatusAuthorized)
		statusRun(t, g, "2026-03-20", "2026-04-30", StatusRevoked)
	})
	t.Run("AUZ-5_early_renewal_keeps_the_past", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.EarlyRenew(creator, at("2026-03-20"), d("2026-06-30"), ""))
		statusRun(t, g, "2026-03-01", "2026-06-30", StatusAuthorized)
		statusRun(t, g, "2026-07-01", "2026-07-01", StatusExpired)
	})
}

func TestRevoke(t *testing.T) {
	tests := []struct {
		name        string
		start, end  string
		on          string
		want        []*starmap.Rule
		wantPeriods []string
	}{
		{"AUZ-4_mid_period", "2026-03-01", "2026-03-31", "2026-03-15", nil, []string{"2026-03-01..2026-03-14"}},
		{"AUZ-4_on_last_valid_day", "2026-03-01", "2026-03-31", "2026-03-31", nil, []string{"2026-03-01..2026-03-30"}},
		{"AUZ-4_on_first_day_nothing_held", "2026-03-01", "2026-03-31", "2026-03-01", nil, nil},
		{"AUZ-4_before_start", "2026-03-05", "2026-03-31", "2026-03-02", nil, nil},
		{"AUZ-7_day_after_end_refused_expired", "2026-03-01", "2026-03-31", "2026-04-01", []*starmap.Rule{ErrRevokeNotActive}, []string{"2026-03-01..2026-03-31"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := granted(t, "2026-03-01", tc.start, tc.end)
			ev, err := g.Revoke(creator, at(tc.on), "contract ended")
			wantCodes(t, err, tc.want...)
			if !slices.Equal(periods(g), tc.wantPeriods) {
				t.Fatalf("periods %v, want %v", periods(g), tc.wantPeriods)
			}
			if err != nil {
				if g.Status(d(tc.on)) == StatusRevoked {
					t.Fatal("refused revocation changed the grant")
				}
				return
			}
			if g.Status(d(tc.on)) != StatusRevoked || g.RevokedOn() != d(tc.on) {
				t.Fatalf("status %v revokedOn %s", g.Status(d(tc.on)), g.RevokedOn())
			}
			if ev.Type != "authz.grant.revoked" || ev.To != "revoked" || ev.Note != "contract ended" {
				t.Fatalf("event %+v", ev)
			}
			if _, err := FromRecord(g.Record()); err != nil {
				t.Fatalf("revoked grant does not survive its record: %v", err)
			}
		})
	}
	t.Run("AUZ-4_twice_refused", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.Revoke(creator, at("2026-03-02"), ""))
		_, err := g.Revoke(creator, at("2026-03-03"), "")
		wantCodes(t, err, ErrRevokeNotActive)
	})
	t.Run("X-7_other_creator_refused", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		_, err := g.Revoke(starmap.CreatorActor("c2"), at("2026-03-02"), "")
		wantCodes(t, err, ErrNotOwner)
	})
	t.Run("X-7_grantee_cannot_revoke", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		_, err := g.Revoke(mainAcct, at("2026-03-02"), "")
		wantCodes(t, err, starmap.ErrActorRole)
	})
	t.Run("X-2_clock_behind_last_change_refused", func(t *testing.T) {
		g := granted(t, "2026-03-05", "2026-03-05", "2026-03-31")
		_, err := g.Revoke(creator, at("2026-03-04"), "")
		wantCodes(t, err, ErrDayBeforeLastChange)
	})
	t.Run("zero_grant_refused", func(t *testing.T) {
		var g Grant
		_, err := g.Revoke(creator, at("2026-03-04"), "")
		if !errors.Is(err, ErrRecordInvalid) {
			t.Fatalf("revoke of zero grant: %v", err)
		}
		var none *Grant
		if _, err := none.Revoke(creator, at("2026-03-04"), ""); !errors.Is(err, ErrRecordInvalid) {
			t.Fatalf("revoke through a nil *Grant: %v", err)
		}
	})
}

// AUZ-4, AUZ-7: a revocation on the first representable day leaves a
// record FromRecord accepts, revoked, with no period.
func TestAUZ7_RevokeOnMinDateStaysLoadable(t *testing.T) {
	now := starmap.MinDate().StartOfDay().Add(10 * time.Hour)
	g, _, err := NewGrant(creator, now, shop, starmap.MinDate(), starmap.MinDate().AddDays(10), "")
	if err != nil {
		t.Fatal(err)
	}
	mustDo(t)(g.Revoke(creator, now, ""))
	back, err := FromRecord(g.Record())
	if err != nil {
		t.Fatalf("record of a grant revoked on MinDate refused: %v", err)
	}
	if back.Status(starmap.MinDate()) != StatusRevoked || len(back.Periods()) != 0 || back.End() != starmap.MinDate().AddDays(10) {
		t.Fatalf("revoked on MinDate: %v periods %v end %v", back.Status(starmap.MinDate()), back.Periods(), back.End())
	}
	q := Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: starmap.MinDate()}
	ix := NewIndex()
	ix.PutGrant(back, 2)
	if got, want := ix.Check(q), Scan([]Grant{back}, nil, q); got != DeniedRevoked || want != DeniedRevoked {
		t.Fatalf("index %v, Scan %v", got, want)
	}
}

func TestEarlyRenew(t *testing.T) {
	tests := []struct {
		name        string
		start, end  string // the grant, made on 2026-03-01 (or start if later)
		on          string
		newEnd      string
		want        []*starmap.Rule
		wantPeriods []string
	}{
		{"AUZ-5_on_last_valid_day", "2026-03-01", "2026-03-31", "2026-03-31", "2026-04-30", nil,
			[]string{"2026-03-01..2026-03-31", "2026-04-01..2026-04-30"}},
		{"AUZ-5_mid_period_start_is_next_day", "2026-03-01", "2026-03-31", "2026-03-15", "2026-04-30", nil,
			[]string{"2026-03-01..2026-03-15", "2026-03-16..2026-04-30"}},
		{"AUZ-5_on_first_day", "2026-03-01", "2026-03-31", "2026-03-01", "2026-04-01", nil,
			[]string{"2026-03-01..2026-03-01", "2026-03-02..2026-04-01"}},
		{"AUZ-5_end_one_day_after_current", "2026-03-01", "2026-03-31", "2026-03-20", "2026-04-01", nil,
			[]string{"2026-03-01..2026-03-20", "2026-03-21..2026-04-01"}},
		{"AUZ-5_end_equal_to_current_refused", "2026-03-01", "2026-03-31", "2026-03-20", "2026-03-31",
			[]*starmap.Rule{ErrEarlyRenewEndNotAfterCurrent}, []string{"2026-03-01..2026-03-31"}},
		{"AUZ-5_end_before_current_refused", "2026-03-01", "2026-03-31", "2026-03-20", "2026-03-25",
			[]*starmap.Rule{ErrEarlyRenewEndNotAfterCurrent}, []string{"2026-03-01..2026-03-31"}},
		{"AUZ-5_day_after_end_refused", "2026-03-01", "2026-03-31", "2026-04-01", "2026-04-30",
			[]*starmap.Rule{ErrEarlyRenewNotActive}, []string{"2026-03-01..2026-03-31"}},
		{"AUZ-5_not_yet_valid_refused", "2026-03-10", "2026-03-31", "2026-03-09", "2026-04-30",
			[]*starmap.Rule{ErrEarlyRenewNotActive}, []string{"2026-03-10..2026-03-31"}},
		{"AUZ-5_every_broken_rule_reported", "2026-03-01", "2026-03-31", "2026-04-01", "2026-03-31",
			[]*starmap.Rule{ErrEarlyRenewNotActive, ErrEarlyRenewEndNotAfterCurrent}, []string{"2026-03-01..2026-03-31"}},
		{"AUZ-5_leap_day_new_start", "2028-02-01", "2028-02-28", "2028-02-28", "2028-03-31", nil,
			[]string{"2028-02-01..2028-02-28", "2028-02-29..2028-03-31"}},
		{"AUZ-5_from_leap_day", "2028-02-01", "2028-02-29", "2028-02-29", "2028-03-01", nil,
			[]string{"2028-02-01..2028-02-29", "2028-03-01..2028-03-01"}},
		{"AUZ-5_month_end_to_next_month", "2026-01-01", "2026-01-31", "2026-01-31", "2026-02-28", nil,
			[]string{"2026-01-01..2026-01-31", "2026-02-01..2026-02-28"}},
		{"AUZ-5_year_end", "2026-12-01", "2026-12-31", "2026-12-31", "2027-01-01", nil,
			[]string{"2026-12-01..2026-12-31", "2027-01-01..2027-01-01"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			madeOn := tc.start
			if d(madeOn).After(d(tc.on)) {
				madeOn = tc.on
			}
			g := granted(t, madeOn, tc.start, tc.end)
			ev, err := g.EarlyRenew(creator, at(tc.on), d(tc.newEnd), "")
			wantCodes(t, err, tc.want...)
			if !slices.Equal(periods(g), tc.wantPeriods) {
				t.Fatalf("periods %v, want %v", periods(g), tc.wantPeriods)
			}
			if err != nil {
				if len(g.History()) != 1 {
					t.Fatal("a refused early renewal changed the history")
				}
				return
			}
			// No gap, no change on the operation day: authorized from the
			// start through the new end, expired the day after.
			statusRun(t, g, tc.on, tc.newEnd, StatusAuthorized)
			statusRun(t, g, d(tc.newEnd).AddDays(1).String(), d(tc.newEnd).AddDays(1).String(), StatusExpired)
			h := g.History()[1]
			if h.Op != OpEarlyRenew || h.Start != d(tc.on).AddDays(1) || h.End != d(tc.newEnd) || h.PrevEnd != d(tc.end) {
				t.Fatalf("history %+v", h)
			}
			if ev.Type != "authz.grant.early_renewed" || ev.From != "authorized" || ev.To != "authorized" {
				t.Fatalf("event %+v", ev)
			}
		})
	}
	t.Run("AUZ-5_twice_same_day_second_must_exceed_first", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		_, err := g.EarlyRenew(creator, at("2026-03-10"), d("2026-04-30"), "")
		wantCodes(t, err)
		_, err = g.EarlyRenew(creator, at("2026-03-10"), d("2026-04-30"), "")
		wantCodes(t, err, ErrEarlyRenewEndNotAfterCurrent)
		_, err = g.EarlyRenew(creator, at("2026-03-10"), d("2026-05-31"), "")
		wantCodes(t, err)
		if want := []string{"2026-03-01..2026-03-10", "2026-03-11..2026-05-31"}; !slices.Equal(periods(g), want) {
			t.Fatalf("periods %v, want %v", periods(g), want)
		}
	})
	t.Run("AUZ-5_after_previous_early_renewal_in_new_period", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.EarlyRenew(creator, at("2026-03-31"), d("2026-04-30"), ""))
		_, err := g.EarlyRenew(creator, at("2026-04-30"), d("2026-05-01"), "")
		wantCodes(t, err)
		if want := []string{"2026-03-01..2026-03-31", "2026-04-01..2026-04-30", "2026-05-01..2026-05-01"}; !slices.Equal(periods(g), want) {
			t.Fatalf("periods %v, want %v", periods(g), want)
		}
	})
	t.Run("AUZ-5_revoked_refused", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.Revoke(creator, at("2026-03-05"), ""))
		_, err := g.EarlyRenew(creator, at("2026-03-05"), d("2026-04-30"), "")
		wantCodes(t, err, ErrEarlyRenewNotActive)
	})
	t.Run("AUZ-5_missing_end", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		_, err := g.EarlyRenew(creator, at("2026-03-05"), starmap.Date{}, "")
		wantCodes(t, err, ErrDateMissing)
	})
	t.Run("AUZ-11_future_period_while_valid", func(t *testing.T) {
		// QA 6: a merchant wanting data for a future date while its grant
		// is valid gets it by early renewal up to that date.
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		_, err := g.EarlyRenew(creator, at("2026-03-20"), d("2026-12-31"), "")
		wantCodes(t, err)
		if g.Status(d("2026-12-31")) != StatusAuthorized || g.Status(d("2027-01-01")) != StatusExpired {
			t.Fatal("future date not covered")
		}
	})
}

func TestRenew(t *testing.T) {
	tests := []struct {
		name        string
		on          string
		start, end  string
		want        []*starmap.Rule
		wantPeriods []string
	}{
		{"AUZ-6_day_after_end_start_today", "2026-04-01", "2026-04-01", "2026-04-30", nil,
			[]string{"2026-03-01..2026-03-31", "2026-04-01..2026-04-30"}},
		{"AUZ-6_end_equal_start", "2026-04-10", "2026-04-10", "2026-04-10", nil,
			[]string{"2026-03-01..2026-03-31", "2026-04-10..2026-04-10"}},
		{"AUZ-6_start_in_future", "2026-04-10", "2026-06-01", "2026-06-30", nil,
			[]string{"2026-03-01..2026-03-31", "2026-06-01..2026-06-30"}},
		{"AUZ-6_leap_day", "2028-02-29", "2028-02-29", "2028-02-29", nil,
			[]string{"2026-03-01..2026-03-31", "2028-02-29..2028-02-29"}},
		{"AUZ-6_on_last_valid_day_refused", "2026-03-31", "2026-04-01", "2026-04-30",
			[]*starmap.Rule{ErrRenewNotExpired}, []string{"2026-03-01..2026-03-31"}},
		{"AUZ-6_start_yesterday_refused", "2026-04-05", "2026-04-04", "2026-04-30",
			[]*starmap.Rule{ErrRenewStartBeforeToday}, []string{"2026-03-01..2026-03-31"}},
		{"AUZ-6_start_old_end_refused", "2026-04-01", "2026-03-31", "2026-04-30",
			[]*starmap.Rule{ErrRenewStartBeforeToday}, []string{"2026-03-01..2026-03-31"}},
		{"AUZ-6_end_day_before_start_refused", "2026-04-05", "2026-04-06", "2026-04-05",
			[]*starmap.Rule{ErrRenewEndBeforeStart}, []string{"2026-03-01..2026-03-31"}},
		{"AUZ-6_every_broken_rule_reported", "2026-03-15", "2026-03-14", "2026-03-13",
			[]*starmap.Rule{ErrRenewNotExpired, ErrRenewStartBeforeToday, ErrRenewEndBeforeStart}, []string{"2026-03-01..2026-03-31"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
			ev, err := g.Renew(creator, at(tc.on), d(tc.start), d(tc.end), "")
			wantCodes(t, err, tc.want...)
			if !slices.Equal(periods(g), tc.wantPeriods) {
				t.Fatalf("periods %v, want %v", periods(g), tc.wantPeriods)
			}
			if err != nil {
				return
			}
			statusRun(t, g, tc.start, tc.end, StatusAuthorized)
			if d(tc.start).After(d(tc.on)) {
				statusRun(t, g, tc.on, d(tc.start).AddDays(-1).String(), StatusNotYetValid)
			}
			statusRun(t, g, d(tc.end).AddDays(1).String(), d(tc.end).AddDays(1).String(), StatusExpired)
			if ev.Type != "authz.grant.renewed" || ev.From != "expired" {
				t.Fatalf("event %+v", ev)
			}
		})
	}
	t.Run("AUZ-6_revoked_refused_grant_anew", func(t *testing.T) {
		// Its own code, which says to grant anew (issue 10), not
		// renew.not_expired.
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.Revoke(creator, at("2026-03-05"), ""))
		_, err := g.Renew(creator, at("2026-04-05"), d("2026-04-05"), d("2026-04-30"), "")
		wantCodes(t, err, ErrRenewRevoked)
		if m := starmap.Message(err, starmap.ZH); !strings.Contains(m, "重新授权") {
			t.Fatalf("the refusal does not say to grant anew: %s", m)
		}
		_, err = g.Renew(creator, at("2026-03-06"), d("2026-03-05"), d("2026-03-01"), "")
		wantCodes(t, err, ErrRenewRevoked, ErrRenewStartBeforeToday, ErrRenewEndBeforeStart)
		_, err = g.Regrant(creator, at("2026-04-05"), d("2026-04-05"), d("2026-04-30"), "")
		wantCodes(t, err)
	})
	t.Run("AUZ-6_scheduled_renewal_cannot_be_renewed_again", func(t *testing.T) {
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		mustDo(t)(g.Renew(creator, at("2026-04-05"), d("2026-05-01"), d("2026-05-31"), ""))
		_, err := g.Renew(creator, at("2026-04-06"), d("2026-04-06"), d("2026-04-30"), "")
		wantCodes(t, err, ErrRenewNotExpired)
		_, err = g.EarlyRenew(creator, at("2026-04-06"), d("2026-06-30"), "")
		wantCodes(t, err, ErrEarlyRenewNotActive)
	})
}

func TestFromRecord(t *testing.T) {
	g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
	mustDo(t)(g.EarlyRenew(creator, at("2026-03-10"), d("2026-04-30"), ""))
	back, err := FromRecord(g.Record())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(periods(back), periods(g)) || len(back.History()) != 2 {
		t.Fatal("round trip lost data")
	}
	bad := []struct {
		name string
		mut  func(r *GrantRecord)
	}{
		{"overlapping_periods", func(r *GrantRecord) { r.Periods[1].Start = r.Periods[0].End }},
		{"end_before_start", func(r *GrantRecord) { r.Periods[0].End = r.Periods[0].Start.AddDays(-1) }},
		{"no_history", func(r *GrantRecord) { r.History = nil }},
		{"bad_key", func(r *GrantRecord) { r.Key.Creator = "" }},
		{"revoked_without_end", func(r *GrantRecord) { r.RevokedOn = d("2026-05-01") }},
		{"revoked_with_period_after", func(r *GrantRecord) { r.RevokedOn = d("2026-04-01"); r.RevokedEnd = d("2026-04-30") }},
		{"no_periods_not_revoked", func(r *GrantRecord) { r.Periods = nil }},
		{"history_out_of_order", func(r *GrantRecord) { r.History[1].Day = d("2026-02-01") }},
		{"bad_origin", func(r *GrantRecord) { r.Periods[0].Origin = OpRevoke }},
		// Well formed, but not what the history produced (issue 11: a
		// store that drops or changes a field is caught on load).
		{"periods_not_from_history", func(r *GrantRecord) { r.Periods[1].End = r.Periods[1].End.AddDays(1) }},
		{"origin_not_from_history", func(r *GrantRecord) { r.Periods[1].Origin = OpRenew }},
		{"history_entry_lost", func(r *GrantRecord) { r.History = r.History[:1] }},
		{"revocation_not_in_history", func(r *GrantRecord) {
			r.Periods = r.Periods[:1]
			r.RevokedOn, r.RevokedEnd = d("2026-03-31"), d("2026-04-30")
		}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := g.Record()
			tc.mut(&r)
			if _, err := FromRecord(r); !errors.Is(err, ErrRecordInvalid) {
				t.Fatalf("FromRecord accepted a broken record: %v", err)
			}
		})
	}
	t.Run("record_does_not_alias", func(t *testing.T) {
		r := g.Record()
		r.Periods[0].End = d("2030-01-01")
		if g.Periods()[0].End == d("2030-01-01") {
			t.Fatal("record shares the grant's periods")
		}
	})
}

func TestNames(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{AllSales.String(), "all-sales"}, {LiveSession.String(), "live-session"}, {Scope(9).String(), "Scope(9)"},
		{Merchant.String(), "merchant"}, {Agency.String(), "agency"}, {PartyKind(0).String(), "PartyKind(0)"},
		{OpEarlyRenew.String(), "early-renew"}, {Op(0).String(), "Op(0)"},
		{StatusNotYetValid.String(), "not-yet-valid"}, {StatusNotYetValid.Label(starmap.ZH), "未生效"}, {Status(9).Label(starmap.ZH), "未知状态(9)"},
		{LivePending.String(), "pending"}, {LiveState(9).String(), "LiveState(9)"},
		{LiveRevokeOp.String(), "revoke"}, {LiveOp(0).String(), "LiveOp(0)"},
		{Allowed.String(), "allowed"}, {DeniedExpired.String(), "denied-expired"}, {Decision(99).String(), "Decision(99)"},
		{DeniedNotReady.String(), "denied-not-ready"}, {Allowed.Label(starmap.ZH), "允许"}, {Decision(99).Label(starmap.ZH), "未知结果(99)"},
		{AllSales.Label(starmap.ZH), "全部带货数据"}, {LiveSession.Label(starmap.EN), "live-session"}, {Scope(9).Label(starmap.ZH), "未知范围(9)"},
		{shop.String(), "merchant:m1"}, {LiveKey{Creator: "c1", Session: "s1", Grantee: mcn}.String(), "c1/s1→agency:a1"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	p := Period{Start: d("2028-02-28"), End: d("2028-03-01")}
	if !p.Covers(d("2028-02-29")) || !p.Covers(d("2028-03-01")) || p.Covers(d("2028-03-02")) || p.Covers(d("2028-02-27")) {
		t.Fatal("Covers is not inclusive of both ends")
	}
	if _, ok := PartyOf(creator); ok {
		t.Fatal("a creator acts for no grantee")
	}
	if p, ok := PartyOf(subAcct); !ok || p != shop {
		t.Fatalf("sub-account acts for %v", p)
	}
}

// TestSeedWording: the zh-CN messages use the seed's own words.
func TestSeedWording(t *testing.T) {
	for _, c := range []struct {
		rule *starmap.Rule
		code starmap.Code
		zh   string
	}{
		{ErrEarlyRenewEndNotAfterCurrent, "authz.early_renew.end_not_after_current", "截止日期仅支持大于现权限终止日期"},
		{ErrEarlyRenewNotActive, "authz.early_renew.not_active", "提前续约仅针对未到授权有效期限的商家/机构"},
		{ErrRenewNotExpired, "authz.renew.not_expired", "续约仅针对已过授权有效期限的商家/机构"},
		{ErrRenewStartBeforeToday, "authz.renew.start_before_today", "仅支持今日及之后日期"},
		{ErrRenewEndBeforeStart, "authz.renew.end_before_start", "仅支持大于等于开始日期"},
		{ErrSubAccountAllSales, "authz.sub_account_all_sales", "子账号需主账号单独授权,目前暂不支持"},
	} {
		if c.rule.Code() != c.code {
			t.Errorf("code %s, want %s", c.rule.Code(), c.code)
		}
		if !strings.Contains(c.rule.Template(starmap.ZH), c.zh) {
			t.Errorf("%s: zh %q lacks the seed's %q", c.code, c.rule.Template(starmap.ZH), c.zh)
		}
		if c.rule.Template(starmap.EN) == "" {
			t.Errorf("%s has no English message", c.code)
		}
	}
}

// TestNotes_AreText (issue 11): every note goes through the one free-text
// validator — 10 MiB, invalid UTF-8, NUL and ESC were accepted before —
// and a refused note changes nothing.
func TestNotes_AreText(t *testing.T) {
	for i, note := range []string{strings.Repeat("x", 10<<20), strings.Repeat("注", 1001), "\xff\xfe", "a\x00b", "\x1b[31mred", "\u202eevil"} {
		_, _, err := NewGrant(creator, at("2026-03-01"), shop, d("2026-03-01"), d("2026-03-31"), note)
		wantCodes(t, err, starmap.ErrTextInvalid)
		g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
		before := g.Record()
		_, err = g.Revoke(creator, at("2026-03-05"), note)
		wantCodes(t, err, starmap.ErrTextInvalid)
		_, err = g.EarlyRenew(creator, at("2026-03-05"), d("2026-04-30"), note)
		wantCodes(t, err, starmap.ErrTextInvalid)
		if !reflect.DeepEqual(before, g.Record()) {
			t.Fatalf("note %d: a refused note changed the grant", i)
		}
		r, _, _ := NewLiveRequest(mainAcct, at("2026-03-01"), "c1", "s1")
		mustDo(t)(r.Confirm(mainAcct, at("2026-03-01")))
		_, err = r.Grant(creator, at("2026-03-01"), note)
		wantCodes(t, err, starmap.ErrTextInvalid)
		if r.State() != LivePending {
			t.Fatalf("note %d: a refused note changed the request: %v", i, r.State())
		}
	}
	// A note of several lines, with tabs, at the limit, is a note.
	g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31")
	mustDo(t)(g.Revoke(creator, at("2026-03-05"), "合作结束\n\t详见邮件"+strings.Repeat("注", 990)))
}
