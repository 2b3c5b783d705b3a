package authz_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/internal/kit"
)

// AUZ-2, AUZ-4..6, X-5: the service reports every broken rule at once, not
// only the first; an invalid or forbidden actor is still refused first
//
func TestAUZ2_ServiceReportsEveryBrokenRule(t *testing.T) {
	s, _, _ := newService(t, "2026-03-10")
	bad := authz.Party{Kind: 9}
	cases := []struct {
		name string
		run  func() error
		want []*starmap.Rule
	}{
		{"AUZ-2_grant_party_start_end", func() error {
			_, _, err := s.Grant(ctx, star, bad, day("2026-03-01"), day("2026-02-01"), "")
			return err
		}, []*starmap.Rule{authz.ErrPartyInvalid, authz.ErrGrantStartBeforeToday, authz.ErrGrantEndBeforeStart}},
		{"AUZ-2_grant_party_dates_missing", func() error {
			_, _, err := s.Grant(ctx, star, bad, starmap.Date{}, starmap.Date{}, "")
			return err
		}, []*starmap.Rule{authz.ErrPartyInvalid, authz.ErrDateMissing, authz.ErrDateMissing}},
		{"AUZ-6_renew_party_start_end", func() error {
			_, _, err := s.Renew(ctx, star, bad, day("2026-03-01"), day("2026-02-01"), "")
			return err
		}, []*starmap.Rule{authz.ErrPartyInvalid, authz.ErrRenewStartBeforeToday, authz.ErrRenewEndBeforeStart}},
		{"AUZ-5_early_renew_party_end_missing", func() error {
			_, _, err := s.EarlyRenew(ctx, star, bad, starmap.Date{}, "")
			return err
		}, []*starmap.Rule{authz.ErrPartyInvalid, authz.ErrDateMissing}},
		{"AUZ-6_renew_missing_grant_and_dates", func() error {
			_, _, err := s.Renew(ctx, star, shopM1, day("2026-03-01"), day("2026-02-01"), "")
			return err
		}, []*starmap.Rule{starmap.ErrRecordNotFound, authz.ErrRenewStartBeforeToday, authz.ErrRenewEndBeforeStart}},
		{"AUZ-2_grant_party_note", func() error {
			_, _, err := s.Grant(ctx, star, bad, day("2026-03-10"), day("2026-03-31"), strings.Repeat("注", 1001))
			return err
		}, []*starmap.Rule{authz.ErrPartyInvalid, starmap.ErrTextInvalid}},
		{"AUZ-4_revoke_missing_grant_and_note", func() error {
			_, _, err := s.Revoke(ctx, star, shopM1, "\x1b[31m")
			return err
		}, []*starmap.Rule{starmap.ErrRecordNotFound, starmap.ErrTextInvalid}},
		{"X-7_invalid_actor_first", func() error {
			_, _, err := s.Grant(ctx, starmap.CreatorActor(""), bad, day("2026-03-01"), day("2026-02-01"), "")
			return err
		}, []*starmap.Rule{starmap.ErrActorInvalid}},
		{"X-7_forbidden_role_first", func() error {
			_, _, err := s.Grant(ctx, m1, bad, day("2026-03-01"), day("2026-02-01"), "")
			return err
		}, []*starmap.Rule{starmap.ErrActorRole}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			// the refusal reads in Chinese.
			if m := starmap.Message(err, starmap.ZH); len(kit.EnglishWords(m, "MCN")) > 0 {
				t.Errorf("zh-CN message holds English: %s", m)
			}
			got := starmap.Codes(err)
			want := make([]starmap.Code, len(tc.want))
			for i, r := range tc.want {
				want[i] = r.Code()
				if !errors.Is(err, r) {
					t.Errorf("errors.Is(err, %s) = false: %v", r.Code(), err)
				}
			}
			// A wrapped cause (the id rule inside ErrPartyInvalid) is
			// not one of the broken rules of the operation.
			got = slices.DeleteFunc(got, func(c starmap.Code) bool { return c == starmap.ErrIDInvalid.Code() })
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("codes %v, want %v", got, want)
			}
		})
	}
}
