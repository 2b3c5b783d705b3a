package authz_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// The fixtures of the tests that use the package from outside, through a
// Service over memstore (package authz_test: memstore imports authz, so
// these cannot live in the package's own helpers_test.go).

func day(s string) starmap.Date {
	v, err := starmap.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

var (
	ctx     = context.Background()
	star    = starmap.CreatorActor("c1")
	shopM1  = authz.MerchantParty("m1")
	m1      = starmap.AdvertiserActor("m1")
	m1sub   = starmap.SubAccountActor("m1", "s1")
	agency  = starmap.MCNActor("a1")
	morning = 9 * time.Hour
)

func newService(t *testing.T, on string) (*authz.Service, *starmap.ManualClock, *memstore.AuthzStore) {
	t.Helper()
	clock := starmap.NewManualClock(day(on).StartOfDay().Add(morning))
	store := memstore.NewAuthzStore()
	return mustService(t, store, clock), clock, store
}

// mustService is NewService that fails t on an error.
func mustService(t *testing.T, store authz.Store, clock starmap.Clock, opts ...authz.Option) *authz.Service {
	t.Helper()
	s, err := authz.NewService(store, clock, opts...)
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	return s
}

// errIs is errors.Is, spelt short for the tables.
func errIs(err, target error) bool { return errors.Is(err, target) }

func check(s *authz.Service, a starmap.Actor, on string) authz.Decision {
	return s.Check(authz.Query{Account: a, Creator: "c1", Scope: authz.AllSales, Day: day(on)})
}
