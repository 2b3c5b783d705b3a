package authz_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// AUZ-8: with offset cursors an early renewal between two pages made the
// list skip m1 and repeat m0 ([m0 m2 m0]). Keyset
// cursors list every row whose sort key did not change exactly once; the
// row that moved (m0, now ending 2026-12-31) is listed again at its new
// place, after the cursor.
func TestAUZ8_PagingKeysetWhenRowsMove(t *testing.T) {
	s, _, _ := newService(t, "2026-03-01")
	for i := 0; i < 3; i++ {
		if _, _, err := s.Grant(ctx, star, authz.MerchantParty(fmt.Sprint("m", i)), day("2026-03-01"), day("2026-03-10").AddDays(i), ""); err != nil {
			t.Fatal(err)
		}
	}
	p1, err := s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Limit: 1})
	if err != nil || len(p1.Items) != 1 || p1.Items[0].Key.Grantee.ID != "m0" || p1.Next == "" {
		t.Fatalf("page 1: %+v %v", p1, err)
	}
	if _, _, err := s.EarlyRenew(ctx, star, authz.MerchantParty("m0"), day("2026-12-31"), ""); err != nil {
		t.Fatal(err)
	}
	p2, err := s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Limit: 5, Cursor: p1.Next})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, v := range append(p1.Items, p2.Items...) {
		seen = append(seen, v.Key.Grantee.ID)
	}
	if got := fmt.Sprint(seen); got != "[m0 m1 m2 m0]" {
		t.Errorf("pages %v, want [m0 m1 m2 m0]: m1 and m2 (unmoved) once each, m0 again at its new end", got)
	}
}

// A grant added before the cursor, or one that disappears from a status
// filter, does not shift the rows after the cursor.
func TestAUZ8_PagingKeysetInsertBeforeCursor(t *testing.T) {
	s, _, _ := newService(t, "2026-03-01")
	for i := 1; i <= 4; i++ {
		if _, _, err := s.Grant(ctx, star, authz.MerchantParty(fmt.Sprint("m", i)), day("2026-03-01"), day("2026-03-10").AddDays(i), ""); err != nil {
			t.Fatal(err)
		}
	}
	p1, _ := s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Limit: 2})
	// A new grant ending before every other one lands before the cursor.
	if _, _, err := s.Grant(ctx, star, authz.AgencyParty("m1"), day("2026-03-01"), day("2026-03-02"), ""); err != nil {
		t.Fatal(err)
	}
	p2, err := s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Limit: 2, Cursor: p1.Next})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, v := range append(p1.Items, p2.Items...) {
		seen = append(seen, v.Key.Grantee.String())
	}
	if got := fmt.Sprint(seen); got != "[merchant:m1 merchant:m2 merchant:m3 merchant:m4]" || p2.Next != "" {
		t.Errorf("pages %v next %q", got, p2.Next)
	}
}

// Bad cursors are refused: not base64, another list's cursor, a tampered
// key, an old offset cursor.
func TestAUZ8_CursorInvalid(t *testing.T) {
	s, clock, _ := newService(t, "2026-03-01")
	for i := 0; i < 3; i++ {
		if _, _, err := s.Grant(ctx, star, authz.MerchantParty(fmt.Sprint("m", i)), day("2026-03-01"), day("2026-03-10"), ""); err != nil {
			t.Fatal(err)
		}
		r := starmap.AdvertiserActor(fmt.Sprint("m", i))
		if _, _, err := s.RequestLive(ctx, r, "c1", "room"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.ConfirmLive(ctx, r, "c1", "room"); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	gp, _ := s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Limit: 1})
	lp, _ := s.PendingLive(ctx, star, starmap.PageRequest{Limit: 1})
	if gp.Next == "" || lp.Next == "" {
		t.Fatal("no next cursors")
	}
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, bad := range []string{"x", "1", "!!!", lp.Next, enc("g1\x002026-03-10\x00c1\x001"),
		enc("g1\x002026-13-10\x00c1\x001\x00m0"), enc("g1\x002026-03-10\x00c1\x009x\x00m0"), enc("g1\x002026-03-10\x00 \x001\x00m0"),
		enc("g2\x002026-03-10\x00c1\x001\x00m0"), gp.Next + "A",
		// The cursor codec of today (starmap.EncodeCursor): another tag, a
		// bad date, a key that does not parse, another list's shape, one
		// that does not read back to itself.
		starmap.EncodeCursor("g2", "2026-03-10", "c1→merchant:m0"), starmap.EncodeCursor("g1", "2026-13-10", "c1→merchant:m0"),
		starmap.EncodeCursor("g1", "2026-03-10", "c1→shop:m0"), starmap.EncodeCursor("g1", "2026-03-10", "c 1→merchant:m0"),
		starmap.EncodeCursor("g1", "2026-03-10"), starmap.EncodeCursor("g1", "2026-3-10", "c1→merchant:m0")} {
		if _, err := s.CreatorGrants(ctx, star, nil, starmap.PageRequest{Cursor: bad}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("CreatorGrants cursor %q: %v", bad, err)
		}
	}
	for _, bad := range []string{"x", gp.Next, enc("l1\x00abc\x00c1\x00room\x001\x00m0"), enc("l1\x00001\x00c1\x00room\x001\x00m0"),
		starmap.EncodeCursor("l1", "abc", "0", "c1/room→merchant:m0"), starmap.EncodeCursor("l1", "001", "0", "c1/room→merchant:m0"),
		starmap.EncodeCursor("l1", "1", "1000000000", "c1/room→merchant:m0"), starmap.EncodeCursor("l1", "1", "-1", "c1/room→merchant:m0"),
		starmap.EncodeCursor("l1", "1", "0", "c1→merchant:m0")} {
		if _, err := s.PendingLive(ctx, star, starmap.PageRequest{Cursor: bad}); !errors.Is(err, starmap.ErrCursorInvalid) {
			t.Errorf("PendingLive cursor %q: %v", bad, err)
		}
	}
	// Walking the pending list page by page lists each request once, in
	// confirmation order.
	var seen []string
	for req := (starmap.PageRequest{Limit: 1}); ; {
		p, err := s.PendingLive(ctx, star, req)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Items {
			seen = append(seen, r.Key().Grantee.ID)
		}
		if p.Next == "" {
			break
		}
		req.Cursor = p.Next
	}
	if fmt.Sprint(seen) != "[m0 m1 m2]" {
		t.Errorf("pending pages %v", seen)
	}
}
