package authz

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
)

// idPieces are what ids are built from in the key properties: the kind
// names, the arrow the text form joins with, and other letters — so that
// an id that looks like a piece of another key's text is common.
var idPieces = []string{"m1", "c", "merchant", "agency", "→", "→merchant", "→agency", "达人", "-", "_", ".", "1", "é"}

func genID(t *rapid.T, label string) string {
	return rapid.OneOf(
		rapid.Custom(func(t *rapid.T) string {
			return strings.Join(rapid.SliceOfN(rapid.SampledFrom(idPieces), 1, 5).Draw(t, "pieces"), "")
		}),
		rapid.StringN(1, 16, -1).Filter(func(s string) bool { return starmap.ValidateID("id", s) == nil }),
	).Draw(t, label)
}

func genGrantKey(t *rapid.T, label string) GrantKey {
	return GrantKey{
		Creator: genID(t, label+".creator"),
		Grantee: Party{Kind: rapid.SampledFrom([]PartyKind{Merchant, Agency}).Draw(t, label+".kind"), ID: genID(t, label+".id")},
	}
}

func genLiveKey(t *rapid.T, label string) LiveKey {
	g := genGrantKey(t, label)
	return LiveKey{Creator: g.Creator, Session: genID(t, label+".session"), Grantee: g.Grantee}
}

// TestKeys_TextIsOneToOne (issue 11): the text form of every valid key
// reads back to that key — so two different keys never render alike, and
// a grant's events (Subject) name one grant.
func TestKeys_TextIsOneToOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genGrantKey(t, "a"), genGrantKey(t, "b")
		for _, k := range []GrantKey{a, b} {
			back, err := ParseGrantKey(k.String())
			if err != nil || back != k {
				t.Fatalf("ParseGrantKey(%q) = %+v, %v; want %+v", k.String(), back, err, k)
			}
		}
		if a != b && a.String() == b.String() {
			t.Fatalf("%+v and %+v both render %q", a, b, a.String())
		}
		la, lb := genLiveKey(t, "la"), genLiveKey(t, "lb")
		for _, k := range []LiveKey{la, lb} {
			back, err := ParseLiveKey(k.String())
			if err != nil || back != k {
				t.Fatalf("ParseLiveKey(%q) = %+v, %v; want %+v", k.String(), back, err, k)
			}
		}
		if la != lb && la.String() == lb.String() {
			t.Fatalf("%+v and %+v both render %q", la, lb, la.String())
		}
	})
}

// The collisions issue 11 found came from ids holding the separators; the
// ids are refused now, and the keys that look alike render apart.
func TestKeys_NearCollisions(t *testing.T) {
	keys := []GrantKey{
		{Creator: "a→merchant", Grantee: AgencyParty("b")},
		{Creator: "a", Grantee: MerchantParty("→agency")},
		{Creator: "a→agency", Grantee: MerchantParty("b")},
		{Creator: "a", Grantee: AgencyParty("b")},
		{Creator: "a", Grantee: MerchantParty("b")},
	}
	seen := map[string]GrantKey{}
	for _, k := range keys {
		if o, ok := seen[k.String()]; ok {
			t.Errorf("%+v and %+v both render %q", o, k, k.String())
		}
		seen[k.String()] = k
		if back, err := ParseGrantKey(k.String()); err != nil || back != k {
			t.Errorf("ParseGrantKey(%q) = %+v, %v", k.String(), back, err)
		}
	}
	for _, bad := range []GrantKey{
		{Creator: "a:merchant", Grantee: MerchantParty("b")},
		{Creator: "a", Grantee: MerchantParty("b:c")},
		{Creator: "adv-1", Grantee: MerchantParty("adv-1\u200b")},
		{Creator: "adv-1\u202e", Grantee: MerchantParty("m1")},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: an id with a separator or a format character is accepted", bad)
		}
	}
}

// FuzzParseGrantKey: whatever parses is a valid key whose text is exactly
// the input (one text per key).
func FuzzParseGrantKey(f *testing.F) {
	for _, s := range []string{"c1→merchant:m1", "c1→agency:a1", "a→merchant→agency:b", "c1", "c1→merchant:", ":", "→merchant:m1", "c1→merchant:m1:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseGrantKey(s)
		if err != nil {
			if starmap.Codes(err) == nil {
				t.Fatalf("ParseGrantKey(%q): an error without a code: %v", s, err)
			}
			return
		}
		if k.Validate() != nil || k.String() != s {
			t.Fatalf("ParseGrantKey(%q) = %+v, which renders %q", s, k, k.String())
		}
	})
}

// FuzzParseLiveKey: as FuzzParseGrantKey, for live-session keys.
func FuzzParseLiveKey(f *testing.F) {
	for _, s := range []string{"c1/s1→merchant:m1", "c1/s1→agency:a1", "c1/s→agency→merchant:m", "c1/s1", "/→agency:a", "c1/s1/x→merchant:m1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseLiveKey(s)
		if err != nil {
			if starmap.Codes(err) == nil {
				t.Fatalf("ParseLiveKey(%q): an error without a code: %v", s, err)
			}
			return
		}
		if k.Validate() != nil || k.String() != s {
			t.Fatalf("ParseLiveKey(%q) = %+v, which renders %q", s, k, k.String())
		}
	})
}
