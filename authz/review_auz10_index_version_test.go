package authz

import (
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

// Review finding 1 (security, AUZ-10): a grant derived by a pure method
// carries the version it was loaded at; the index must take the version the
// store returned for the write, or it keeps allowing a revoked merchant.
func TestAUZ10_Review_PutGrantDerivedTakesStoredVersion(t *testing.T) {
	ix := NewIndex()
	rec := granted(t, "2026-03-01", "2026-03-01", "2026-03-31").Record()
	rec.Version = 1 // as the store returned it
	loaded, err := FromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	ix.PutGrant(loaded, rec.Version)
	revoked, _, err := loaded.Revoke(creator, at("2026-03-05"), "")
	if err != nil {
		t.Fatal(err)
	}
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

func TestAUZ10_Review_PutLiveDerivedTakesStoredVersion(t *testing.T) {
	ix := NewIndex()
	l := liveGranted(t, mainAcct, "c1", "s1").WithVersion(3)
	ix.PutLive(l, 3)
	q := Query{Account: subAcct, Creator: "c1", Scope: LiveSession, Session: "s1", Day: d("2026-03-06")}
	if got := ix.Check(q); got != Allowed {
		t.Fatalf("granted live request: %v", got)
	}
	revoked, _, err := l.Revoke(creator, at("2026-03-05"), "")
	if err != nil {
		t.Fatal(err)
	}
	ix.PutLive(revoked, 4)
	if got, want := ix.Check(q), Scan(nil, []LiveRequest{revoked}, q); got != DeniedRevoked || got != want {
		t.Errorf("index after PutLive(revoked, 4): %v (Scan: %v)", got, want)
	}
}

// The same through a bulk load: a builder given the derived grant with its
// stored version keeps the newer one.
func TestAUZ10_Review_BuilderTakesStoredVersion(t *testing.T) {
	ix := NewIndex()
	g := granted(t, "2026-03-01", "2026-03-01", "2026-03-31").WithVersion(1)
	revoked, _, _ := g.Revoke(creator, at("2026-03-05"), "")
	b := ix.Builder()
	b.AddGrant(g, 1)
	b.AddGrant(revoked, 2)
	ix.Install(b)
	q := Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: d("2026-03-06")}
	if got := ix.Check(q); got != DeniedRevoked {
		t.Errorf("builder kept the older grant: %v", got)
	}
}

// Review finding 7 (AUZ-4, AUZ-7): a revocation on the first representable
// day leaves a record FromRecord accepts, revoked, with no period.
func TestAUZ7_Review_RevokeOnMinDateStaysLoadable(t *testing.T) {
	now := starmap.MinDate.StartOfDay().Add(10 * time.Hour)
	g, _, err := NewGrant(creator, now, shop, starmap.MinDate, starmap.MinDate.AddDays(10), "")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := g.Revoke(creator, now, "")
	if err != nil {
		t.Fatal(err)
	}
	back, err := FromRecord(r.Record())
	if err != nil {
		t.Fatalf("record of a grant revoked on MinDate refused: %v", err)
	}
	if back.Status(starmap.MinDate) != StatusRevoked || len(back.Periods()) != 0 || back.End() != starmap.MinDate.AddDays(10) {
		t.Fatalf("revoked on MinDate: %v periods %v end %v", back.Status(starmap.MinDate), back.Periods(), back.End())
	}
	q := Query{Account: mainAcct, Creator: "c1", Scope: AllSales, Day: starmap.MinDate}
	ix := NewIndex()
	ix.PutGrant(back, 2)
	if got, want := ix.Check(q), Scan([]Grant{back}, nil, q); got != DeniedRevoked || want != DeniedRevoked {
		t.Fatalf("index %v, Scan %v", got, want)
	}
}
