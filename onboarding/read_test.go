package onboarding_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// TestReadsNameTheReader: an application is read by the platform, its
// submitter and the party it is about; a cancellation by the platform and
// the account's holder; lists by the platform alone.
func TestReadsNameTheReader(t *testing.T) {
	ctx := context.Background()
	s, _ := leavingService(t, starmap.FixedClock(at(2026, 11, 20, 10)), tasks{}, onboarding.WithSigningVerifier(signings{"mcn-1": {"acct-1"}}))
	signed := creator(onboarding.Douyin, 10, true) // account acct-1, MCN mcn-1
	if _, _, err := s.Submit(ctx, starmap.MCNActor("mcn-1"), "app-c", onboarding.Submission{Kind: onboarding.KindCreator, Creator: signed}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Submit(ctx, starmap.AdvertiserActor("adv-1"), "app-m", onboarding.Submission{Kind: onboarding.KindMerchant,
		Merchant: onboarding.Merchant{ID: "adv-1", Kind: onboarding.MerchantCompany, Certified: true, Platform: onboarding.Douyin}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Submit(ctx, starmap.MCNActor("mcn-2"), "app-a", onboarding.Submission{Kind: onboarding.KindAgency, Agency: onboarding.Agency{ID: "mcn-2"}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		by   starmap.Actor
		id   string
		ok   bool
	}{
		{"X-7_platform_reads_any", reviewer, "app-c", true},
		{"X-7_submitting_mcn", starmap.MCNActor("mcn-1"), "app-c", true},
		{"X-7_the_creator_itself", starmap.CreatorActor("acct-1"), "app-c", true},
		{"X-7_another_creator", starmap.CreatorActor("acct-2"), "app-c", false},
		{"X-7_another_mcn", starmap.MCNActor("mcn-2"), "app-c", false},
		{"X-7_an_advertiser", starmap.AdvertiserActor("adv-1"), "app-c", false},
		{"X-7_merchant_main_account", starmap.AdvertiserActor("adv-1"), "app-m", true},
		{"X-7_merchant_sub_account", starmap.SubAccountActor("adv-1", "ops"), "app-m", true},
		{"X-7_another_merchant", starmap.AdvertiserActor("adv-2"), "app-m", false},
		{"X-7_agency_itself", starmap.MCNActor("mcn-2"), "app-a", true},
		{"X-7_creator_reads_agency", starmap.CreatorActor("mcn-2"), "app-a", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := s.Get(ctx, c.by, c.id)
			_, eerr := s.Eligibility(ctx, c.by, c.id)
			if c.ok {
				if err != nil || a.ID() != c.id || eerr != nil {
					t.Fatalf("Get = %v, Eligibility = %v", err, eerr)
				}
				return
			}
			if !errors.Is(err, onboarding.ErrNotParty) || !errors.Is(err, starmap.ErrForbidden) || !errors.Is(eerr, onboarding.ErrNotParty) {
				t.Fatalf("Get = %v, Eligibility = %v; want ErrNotParty", err, eerr)
			}
		})
	}
	t.Run("X-7_invalid_reader_and_id", func(t *testing.T) {
		if _, err := s.Get(ctx, starmap.Actor{}, "app-c"); !errors.Is(err, starmap.ErrActorInvalid) {
			t.Fatalf("zero actor: %v", err)
		}
		if _, err := s.Get(ctx, reviewer, "app c"); !errors.Is(err, onboarding.ErrApplicationInvalid) {
			t.Fatalf("malformed id: %v", err)
		}
		if _, err := s.Get(ctx, reviewer, "missing"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("missing: %v", err)
		}
	})
	t.Run("X-7_lists_are_the_platform's", func(t *testing.T) {
		for _, by := range []starmap.Actor{starmap.MCNActor("mcn-1"), starmap.CreatorActor("acct-1"), starmap.AdvertiserActor("adv-1")} {
			if _, err := s.List(ctx, by, onboarding.ApplicationQuery{}); !errors.Is(err, starmap.ErrActorRole) {
				t.Errorf("List by %s: %v", by, err)
			}
			if _, err := s.Overdue(ctx, by, starmap.PageRequest{}); !errors.Is(err, starmap.ErrActorRole) {
				t.Errorf("Overdue by %s: %v", by, err)
			}
			if _, err := s.ListCancellations(ctx, by, onboarding.CancellationQuery{}); !errors.Is(err, starmap.ErrActorRole) {
				t.Errorf("ListCancellations by %s: %v", by, err)
			}
		}
		p, err := s.List(ctx, reviewer, onboarding.ApplicationQuery{Kind: onboarding.KindMerchant})
		if err != nil || len(p.Items) != 1 || p.Items[0].ID() != "app-m" {
			t.Fatalf("%+v %v", p, err)
		}
	})
	t.Run("X-8_queries_checked", func(t *testing.T) {
		for name, q := range map[string]onboarding.ApplicationQuery{
			"state":   {State: 9},
			"kind":    {Kind: 9},
			"subject": {Subject: "a b"},
		} {
			if _, err := s.List(ctx, reviewer, q); !errors.Is(err, onboarding.ErrQueryInvalid) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := s.List(ctx, reviewer, onboarding.ApplicationQuery{Page: starmap.PageRequest{Limit: -1}}); !errors.Is(err, starmap.ErrPageLimit) {
			t.Errorf("negative limit: %v", err)
		}
		if _, err := s.List(ctx, reviewer, onboarding.ApplicationQuery{Page: starmap.PageRequest{Cursor: "??"}}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("bad cursor: %v", err)
		}
		if _, err := s.ListCancellations(ctx, reviewer, onboarding.CancellationQuery{State: 77}); !errors.Is(err, onboarding.ErrQueryInvalid) {
			t.Errorf("cancellation state: %v", err)
		}
	})
	t.Run("ONB-8_cancellations_read_by_holder_and_platform", func(t *testing.T) {
		holder := starmap.AdvertiserActor("adv-1")
		if _, _, err := s.StartCancellation(ctx, holder, money("1"), "123456", time.Hour); err != nil {
			t.Fatal(err)
		}
		for _, by := range []starmap.Actor{holder, reviewer} {
			if c, err := s.GetCancellation(ctx, by, "adv-1"); err != nil || c.Account() != "adv-1" {
				t.Errorf("%s: %v", by, err)
			}
		}
		for _, by := range []starmap.Actor{starmap.AdvertiserActor("adv-2"), starmap.SubAccountActor("adv-1", "ops")} {
			if _, err := s.GetCancellation(ctx, by, "adv-1"); !errors.Is(err, onboarding.ErrNotParty) {
				t.Errorf("%s: %v", by, err)
			}
		}
		p, err := s.ListCancellations(ctx, reviewer, onboarding.CancellationQuery{State: onboarding.CancelAwaitingCode})
		if err != nil || len(p.Items) != 1 || p.Items[0].Account() != "adv-1" {
			t.Fatalf("%+v %v", p, err)
		}
	})
}
