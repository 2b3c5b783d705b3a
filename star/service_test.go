package star_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

var (
	ops    = starmap.PlatformActor("ops-1")
	brand  = starmap.AdvertiserActor("brand-1")
	bgCtx  = context.Background()
	agency = star.AgencyRecord{ID: "mcn-1", Name: "星光传媒", Founded: starmap.MustDate(2020, 1, 2), Qualification: "91310000MA1"}
)

func newService(t *testing.T, opts ...star.Option) (*star.Service, *memstore.StarStore, *starmap.ManualClock) {
	t.Helper()
	store := memstore.NewStarStore()
	clock := starmap.NewManualClock(now)
	svc, err := star.NewService(store, clock, opts...)
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	if _, _, err := svc.PutAgency(bgCtx, ops, agency); err != nil {
		t.Fatalf("PutAgency: %v", err)
	}
	return svc, store, clock
}

func put(t *testing.T, svc *star.Service, recs ...star.CreatorRecord) {
	t.Helper()
	for _, r := range recs {
		if _, _, err := svc.PutCreator(bgCtx, ops, r); err != nil {
			t.Fatalf("PutCreator(%s): %v", r.ID, err)
		}
	}
}

func TestNewService_Dependencies(t *testing.T) {
	store, clock := memstore.NewStarStore(), starmap.FixedClock(now)
	for _, tc := range []struct {
		name  string
		make  func() (*star.Service, error)
		codes []starmap.Code
	}{
		{"nil store", func() (*star.Service, error) { return star.NewService(nil, clock) }, []starmap.Code{"service.dependency_missing"}},
		{"typed nil store", func() (*star.Service, error) { return star.NewService((*memstore.StarStore)(nil), clock) }, []starmap.Code{"service.dependency_missing"}},
		{"nil clock", func() (*star.Service, error) { return star.NewService(store, nil) }, []starmap.Code{"service.dependency_missing"}},
		{"nil option", func() (*star.Service, error) { return star.NewService(store, clock, nil) }, []starmap.Code{"service.option_invalid"}},
		{"nil fact source", func() (*star.Service, error) { return star.NewService(store, clock, star.WithFacts(nil)) },
			[]starmap.Code{"service.option_invalid", "service.dependency_missing"}},
		{"zero cursor lifetime", func() (*star.Service, error) { return star.NewService(store, clock, star.WithCursorLifetime(0)) },
			[]starmap.Code{"service.option_invalid", "star.option.cursor_lifetime"}},
		{"short cursor secret", func() (*star.Service, error) {
			return star.NewService(store, clock, star.WithCursorSecret([]byte("short")))
		},
			[]starmap.Code{"service.option_invalid", "star.option.cursor_secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, err := tc.make()
			if svc != nil || !cmp.Equal(starmap.Codes(err), tc.codes) {
				t.Errorf("NewService = %v, codes %v; want nil and %v", svc, starmap.Codes(err), tc.codes)
			}
			zhClean(t, err)
		})
	}
	if _, err := star.NewService(store, clock, star.WithRetry(starmap.Retry{Attempts: 2}), star.WithCursorLifetime(time.Minute),
		star.WithCursorSecret([]byte("0123456789abcdef")), star.WithFacts(factsFunc(func([]string) (map[string]star.Facts, error) { return nil, nil }))); err != nil {
		t.Errorf("every option: %v", err)
	}
}

// calls is every method of the Service, called with valid arguments.
func calls(svc *star.Service) map[string]func() error {
	return map[string]func() error{
		"Search": func() error { _, err := svc.Search(bgCtx, brand, star.Query{}); return err },
		"Compare": func() error {
			_, err := svc.Compare(bgCtx, brand, []string{"a", "b"}, star.OfferLive, star.Target{})
			return err
		},
		"GetCreator": func() error { _, err := svc.GetCreator(bgCtx, brand, "a"); return err },
		"PutCreator": func() error { _, _, err := svc.PutCreator(bgCtx, ops, rec("a")); return err },
		"SetQuotes":  func() error { _, _, err := svc.SetQuotes(bgCtx, ops, "a", nil); return err },
		"PutAgency":  func() error { _, _, err := svc.PutAgency(bgCtx, ops, agency); return err },
		"GetAgency":  func() error { _, err := svc.GetAgency(bgCtx, brand, "mcn-1"); return err },
		"PutAdvertiser": func() error {
			_, _, err := svc.PutAdvertiser(bgCtx, ops, star.AdvertiserRecord{ID: "brand-1", Name: "品牌", Kind: onboarding.MerchantCompany})
			return err
		},
		"GetAdvertiser": func() error { _, err := svc.GetAdvertiser(bgCtx, brand, "brand-1"); return err },
	}
}

func TestService_ZeroIsNotReady(t *testing.T) {
	for _, svc := range []*star.Service{{}, nil} {
		for name, call := range calls(svc) {
			if err := call(); !errors.Is(err, starmap.ErrServiceNotReady) {
				t.Errorf("%s on a Service not made by NewService = %v, want ErrServiceNotReady", name, err)
			}
		}
	}
}

// A cancelled context: the context's error, nothing written.
func TestService_CancelledContext(t *testing.T) {
	svc, store, _ := newService(t)
	ctx, cancel := context.WithCancel(bgCtx)
	cancel()
	if _, _, err := svc.PutCreator(ctx, ops, rec("a")); !errors.Is(err, context.Canceled) {
		t.Errorf("PutCreator = %v", err)
	}
	if _, err := store.GetCreator(bgCtx, "a"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("written despite the cancelled context: %v", err)
	}
	if _, err := svc.Search(ctx, brand, star.Query{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search = %v", err)
	}
}

// STR-3: pages of a search, the cursor of each, the end.
func TestService_STR3_SearchPages(t *testing.T) {
	svc, store, _ := newService(t)
	var want []string
	for i := 0; i < 45; i++ {
		id := "c" + string(rune('A'+i/26)) + string(rune('a'+i%26))
		put(t, svc, with(id, func(r *star.CreatorRecord) { r.Heat = int64(i % 7) }))
	}
	all, _ := store.ListCreators(bgCtx, star.ListQuery{PageRequest: starmap.PageRequest{Limit: 100}})
	scan, _ := star.Scan(bgCtx, all.Items, star.SearchRequest{Limit: 101})
	want = idsOf(scan)
	var got []string
	q := star.Query{}
	for page := 0; ; page++ {
		p, err := svc.Search(bgCtx, brand, q)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		if page < 2 && (len(p.Items) != 20 || p.Next == "") || page == 2 && (len(p.Items) != 5 || p.Next != "") {
			t.Fatalf("page %d: %d items, next %q", page, len(p.Items), p.Next)
		}
		got = append(got, idsOf(p.Items)...)
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("pages (-scan +service):\n%s", d)
	}
}

// STR-3: a cursor belongs to its query; a changed, foreign, stale or
// unreadable one is a coded error.
func TestService_STR3_Cursors(t *testing.T) {
	svc, _, clock := newService(t, star.WithCursorLifetime(30*time.Minute))
	for i := 0; i < 5; i++ {
		put(t, svc, with("c"+string(rune('a'+i)), func(r *star.CreatorRecord) { r.Heat = int64(i) }))
	}
	q := star.Query{Platforms: []onboarding.Platform{onboarding.Douyin, onboarding.Xigua}, PageRequest: starmap.PageRequest{Limit: 2}}
	p, err := svc.Search(bgCtx, brand, q)
	if err != nil || p.Next == "" {
		t.Fatalf("first page: %v %q", err, p.Next)
	}
	cursor := p.Next
	next := func(q star.Query) error {
		q.Cursor = cursor
		_, err := svc.Search(bgCtx, brand, q)
		return err
	}
	// The same query, written differently (another order, another page
	// size), takes the cursor.
	same := star.Query{Platforms: []onboarding.Platform{onboarding.Xigua, onboarding.Douyin, onboarding.Douyin}, PageRequest: starmap.PageRequest{Limit: 3}}
	if err := next(same); err != nil {
		t.Errorf("the same query written differently: %v", err)
	}
	parts, err := starmap.DecodeCursor(cursor, 6)
	if err != nil {
		t.Fatalf("the cursor is not six parts: %v", err)
	}
	tamper := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return starmap.EncodeCursor(p...)
	}
	for _, tc := range []struct {
		name   string
		q      star.Query
		cursor string
		code   starmap.Code
	}{
		{"STR-3 another query's cursor", star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}}, cursor, "star.cursor.other_query"},
		{"STR-3 another sort's cursor", star.Query{Platforms: q.Platforms, Sort: star.Sort{Key: star.SortFollowers}}, cursor, "star.cursor.other_query"},
		{"STR-3 position changed", q, tamper(4, "ce"), "star.cursor.tampered"},
		{"STR-3 sort value changed", q, tamper(3, "999"), "star.cursor.tampered"},
		{"STR-3 issue time changed", q, tamper(2, "0"), "star.cursor.tampered"},
		{"STR-3 query binding changed", q, tamper(1, "0000000000000000"), "star.cursor.tampered"},
		{"STR-3 MAC changed", q, tamper(5, strings.Repeat("0", 24)), "star.cursor.tampered"},
		{"STR-3 an older cursor format", q, tamper(0, "s0"), "star.cursor.stale"},
		{"STR-3 not a cursor", q, "garbage!", "star.cursor.malformed"},
		{"STR-3 a cursor of another list", q, starmap.EncodeCursor("ca"), "star.cursor.malformed"},
		{"STR-3 an over-long cursor", q, strings.Repeat("A", 2000), "star.cursor.malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Cursor = tc.cursor
			_, err := svc.Search(bgCtx, brand, q)
			wantCodes(t, err, tc.code)
		})
	}
	// Another service's secret: the MAC does not hold.
	other, err := star.NewService(memstore.NewStarStore(), clock, star.WithCursorSecret([]byte("another secret, 16+ bytes")))
	if err != nil {
		t.Fatal(err)
	}
	q2 := q
	q2.Cursor = cursor
	_, err = other.Search(bgCtx, brand, q2)
	wantCodes(t, err, "star.cursor.tampered")
	// Within the lifetime the cursor holds; past it, either way, it is stale.
	clock.Advance(30 * time.Minute)
	if err := next(q); err != nil {
		t.Errorf("at the end of its lifetime: %v", err)
	}
	clock.Advance(time.Second)
	wantCodes(t, next(q), "star.cursor.stale")
	clock.Set(now.Add(-31 * time.Minute))
	wantCodes(t, next(q), "star.cursor.stale")
}

// STR-3, what a page sees when the roster changes between pages (package
// doc, "Cursors"): the next page starts strictly after the last creator
// shown, at the place its sort value had; it is computed on the roster as
// it is then.
func TestService_STR3_RosterChangesBetweenPages(t *testing.T) {
	svc, _, _ := newService(t)
	heats := map[string]int64{"h1": 60, "h2": 50, "h3": 40, "h4": 30, "h5": 20, "h6": 10}
	for id, h := range heats {
		put(t, svc, with(id, func(r *star.CreatorRecord) { r.Heat = h }))
	}
	q := star.Query{PageRequest: starmap.PageRequest{Limit: 2}}
	p1, err := svc.Search(bgCtx, brand, q)
	if err != nil || !cmp.Equal(idsOf(p1.Items), []string{"h1", "h2"}) {
		t.Fatalf("page 1 = %v, %v", idsOf(p1.Items), err)
	}
	put(t, svc,
		with("h5", func(r *star.CreatorRecord) { r.Heat = 55 }),                     // moves above the cursor: never shown
		with("h1", func(r *star.CreatorRecord) { r.Heat = 35 }),                     // shown, moves below: shown again
		with("h3", func(r *star.CreatorRecord) { r.Status = star.StatusClosed }),    // leaves the marketplace: gone
		with("n1", func(r *star.CreatorRecord) { r.Heat = 45 }),                     // new, below the cursor: shown
		with("h2", func(r *star.CreatorRecord) { r.Heat = 50; r.Engagement = 999 }), // the cursor's own creator changes: no matter
	)
	var rest []string
	q.Cursor = p1.Next
	for q.Cursor != "" {
		p, err := svc.Search(bgCtx, brand, q)
		if err != nil {
			t.Fatal(err)
		}
		rest = append(rest, idsOf(p.Items)...)
		q.Cursor = p.Next
	}
	if d := cmp.Diff([]string{"n1", "h1", "h4", "h6"}, rest); d != "" {
		t.Errorf("pages after the changes (-want +got):\n%s", d)
	}
}

// ONB-4: only the platform lists creators beyond the default.
func TestService_ONB4_Include(t *testing.T) {
	svc, _, _ := newService(t)
	put(t, svc, rec("a"), with("x", func(r *star.CreatorRecord) { r.Account.Standing = onboarding.StandingViolation }))
	_, err := svc.Search(bgCtx, brand, star.Query{Include: star.IncludeRestricted})
	wantCodes(t, err, "star.query.include_forbidden")
	if !errors.Is(err, starmap.ErrForbidden) {
		t.Errorf("not a Forbidden kind: %v", err)
	}
	p, err := svc.Search(bgCtx, ops, star.Query{Include: star.IncludeRestricted})
	if err != nil || !cmp.Equal(idsOf(p.Items), []string{"x", "a"}) {
		t.Errorf("platform with Include = %v, %v", idsOf(p.Items), err)
	}
	p, _ = svc.Search(bgCtx, brand, star.Query{})
	if !cmp.Equal(idsOf(p.Items), []string{"a"}) {
		t.Errorf("advertiser by default = %v", idsOf(p.Items))
	}
	_, err = svc.Search(bgCtx, starmap.Actor{}, star.Query{})
	if !errors.Is(err, starmap.ErrActorInvalid) {
		t.Errorf("the zero actor: %v", err)
	}
}

// ONB-4: an unlisted creator is seen by the platform, itself and its MCN.
func TestService_ONB4_GetCreatorVisibility(t *testing.T) {
	svc, _, _ := newService(t)
	put(t, svc, with("x", func(r *star.CreatorRecord) { r.Status = star.StatusPending; r.MCN = "mcn-1" }))
	for _, tc := range []struct {
		by   starmap.Actor
		sees bool
	}{
		{ops, true}, {starmap.CreatorActor("x"), true}, {starmap.MCNActor("mcn-1"), true},
		{brand, false}, {starmap.CreatorActor("y"), false}, {starmap.MCNActor("mcn-2"), false}, {starmap.SubAccountActor("brand-1", "s1"), false},
	} {
		_, err := svc.GetCreator(bgCtx, tc.by, "x")
		if tc.sees && err != nil || !tc.sees && !errors.Is(err, star.ErrNotListed) {
			t.Errorf("%s: GetCreator = %v, sees %v", tc.by, err, tc.sees)
		}
	}
	if _, err := svc.GetCreator(bgCtx, brand, "nope"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("missing creator: %v", err)
	}
}

func TestService_STR1_PutCreator(t *testing.T) {
	svc, _, _ := newService(t)
	c, ev, err := svc.PutCreator(bgCtx, ops, with("a", func(r *star.CreatorRecord) { r.MCN = "mcn-1"; r.Version = 77 }))
	if err != nil || c.Version() != 1 || ev.Type != "star.creator.created" || ev.From != "" || ev.To != "listed" || ev.Subject != "a" || !ev.At.Equal(now) || ev.Actor != ops {
		t.Fatalf("create: %v %v %+v", c.Version(), err, ev)
	}
	c, ev, err = svc.PutCreator(bgCtx, ops, with("a", func(r *star.CreatorRecord) { r.Account.Standing = onboarding.StandingRateLimited }))
	if err != nil || c.Version() != 2 || ev.Type != "star.creator.updated" || ev.From != "listed" || ev.To != "unlisted" {
		t.Fatalf("update: %v %v %+v", c.Version(), err, ev)
	}
	_, _, err = svc.PutCreator(bgCtx, ops, with("b", func(r *star.CreatorRecord) { r.MCN = "mcn-x" }))
	wantCodes(t, err, "star.creator.agency_unknown")
	_, _, err = svc.PutCreator(bgCtx, brand, rec("b"))
	if !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("an advertiser puts a creator: %v", err)
	}
	_, _, err = svc.PutCreator(bgCtx, ops, with("b", func(r *star.CreatorRecord) { r.Engagement = -1; r.Heat = -1 }))
	wantCodes(t, err, "star.audience.share_invalid", "star.creator.invalid")
}

func TestService_STR1_SetQuotes(t *testing.T) {
	svc, store, _ := newService(t)
	put(t, svc, with("a", func(r *star.CreatorRecord) { r.MCN = "mcn-1" }), rec("b"))
	quotes := []star.Quote{{Offer: star.OfferVideo1to20s, Price: yuan("88.80")}}
	for _, by := range []starmap.Actor{starmap.CreatorActor("a"), starmap.MCNActor("mcn-1"), ops} {
		c, ev, err := svc.SetQuotes(bgCtx, by, "a", quotes)
		if err != nil || ev.Type != "star.creator.quotes_set" || ev.Actor != by {
			t.Fatalf("%s: %v %+v", by, err, ev)
		}
		if p, ok := c.Quote(star.OfferVideo1to20s); !ok || !p.Equal(yuan("88.8")) || len(c.Quotes()) != 1 {
			t.Errorf("%s: quotes %v", by, c.Quotes())
		}
	}
	before, _ := store.GetCreator(bgCtx, "a")
	for _, tc := range []struct {
		by   starmap.Actor
		id   string
		q    []star.Quote
		code starmap.Code
	}{
		{starmap.CreatorActor("b"), "a", quotes, "star.creator.not_yours"},
		{starmap.MCNActor("mcn-2"), "a", quotes, "star.creator.not_yours"},
		{starmap.MCNActor("mcn-1"), "b", quotes, "star.creator.not_yours"},
		{ops, "a", []star.Quote{{Offer: star.OfferLive, Price: yuan("0")}, {Offer: star.OfferLive, Price: yuan("1")}, {Offer: 0, Price: yuan("1")}}, "star.quote.invalid"},
	} {
		_, _, err := svc.SetQuotes(bgCtx, tc.by, tc.id, tc.q)
		if !errors.Is(err, starmap.ErrInvalid) && !errors.Is(err, starmap.ErrForbidden) || !strings.Contains(strings.Join(codeStrings(err), " "), string(tc.code)) {
			t.Errorf("%s on %s: %v, want %s", tc.by, tc.id, err, tc.code)
		}
		zhClean(t, err)
	}
	after, _ := store.GetCreator(bgCtx, "a")
	if after.Version() != before.Version() {
		t.Errorf("refused SetQuotes wrote: version %d → %d", before.Version(), after.Version())
	}
	if _, _, err := svc.SetQuotes(bgCtx, brand, "a", quotes); !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("an advertiser sets quotes: %v", err)
	}
	if _, _, err := svc.SetQuotes(bgCtx, ops, "ghost", quotes); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("a missing creator: %v", err)
	}
}

func codeStrings(err error) []string {
	var out []string
	for _, c := range starmap.Codes(err) {
		out = append(out, string(c))
	}
	return out
}

func TestService_STR2_AgenciesAndAdvertisers(t *testing.T) {
	svc, _, _ := newService(t)
	a, ev, err := svc.PutAgency(bgCtx, ops, star.AgencyRecord{ID: "mcn-2", Name: "新机构", Founded: starmap.MustDate(2025, 2, 1)})
	if err != nil || ev.Type != "star.agency.created" || ev.To != "unqualified" || a.Version() != 1 || a.Qualified() {
		t.Fatalf("%v %+v", err, ev)
	}
	a, ev, err = svc.PutAgency(bgCtx, ops, star.AgencyRecord{ID: "mcn-2", Name: "新机构", Founded: starmap.MustDate(2025, 2, 1), Qualification: "9131", Creators: []string{"a", "b"}})
	if err != nil || ev.Type != "star.agency.updated" || ev.From != "unqualified" || ev.To != "qualified" || a.Version() != 2 {
		t.Fatalf("%v %+v", err, ev)
	}
	if app := a.Applicant(); app.ID != "mcn-2" || app.Creators != 2 || !app.Qualified || app.Founded != starmap.MustDate(2025, 2, 1) {
		t.Errorf("Applicant = %+v", app)
	}
	if got, err := svc.GetAgency(bgCtx, brand, "mcn-2"); err != nil || got.Name() != "新机构" || len(got.Creators()) != 2 {
		t.Errorf("GetAgency = %+v, %v", got, err)
	}
	ad, ev, err := svc.PutAdvertiser(bgCtx, ops, star.AdvertiserRecord{ID: "brand-1", Name: "品牌", Kind: onboarding.MerchantCompany, CertifiedOn: starmap.MustDate(2026, 1, 5)})
	if err != nil || ev.To != "certified" || ad.Kind() != onboarding.MerchantCompany {
		t.Fatalf("%v %+v", err, ev)
	}
	if on, ok := ad.Certified(); !ok || on != starmap.MustDate(2026, 1, 5) {
		t.Errorf("Certified = %v %v", on, ok)
	}
	if _, _, err := svc.PutAdvertiser(bgCtx, brand, star.AdvertiserRecord{ID: "brand-1", Name: "品牌", Kind: onboarding.MerchantCompany}); !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("an advertiser certifies itself: %v", err)
	}
	_, err = star.NewAgency(star.AgencyRecord{ID: "", Name: " ", Qualification: "a b", Creators: []string{"x", "x", ""}})
	wantCodes(t, err, "star.agency.invalid", "star.agency.invalid", "star.agency.invalid", "star.agency.invalid", "star.agency.invalid", "star.agency.invalid")
	_, err = star.NewAdvertiser(star.AdvertiserRecord{ID: "a:b", Name: "", Kind: 3})
	wantCodes(t, err, "star.advertiser.invalid", "star.advertiser.invalid", "star.advertiser.invalid")
}

// A version conflict on the write is retried as WithRetry says.
func TestService_RetryOnConflict(t *testing.T) {
	store := &conflictOnce{StarStore: memstore.NewStarStore()}
	var hooked []int
	svc, err := star.NewService(store, starmap.FixedClock(now), star.WithRetry(starmap.Retry{Attempts: 3, OnConflict: func(n int, _ error) { hooked = append(hooked, n) }}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.PutCreator(bgCtx, ops, rec("a")); err != nil {
		t.Fatal(err)
	}
	store.armed = true
	c, _, err := svc.PutCreator(bgCtx, ops, with("a", func(r *star.CreatorRecord) { r.Heat = 7 }))
	if err != nil || c.Heat() != 7 || c.Version() != 2 || !cmp.Equal(hooked, []int{1}) {
		t.Errorf("PutCreator after one conflict: %v heat %d v%d hooks %v", err, c.Heat(), c.Version(), hooked)
	}
}

// conflictOnce fails the first UpdateCreator after being armed with a
// version conflict, as if another replica had written first.
type conflictOnce struct {
	*memstore.StarStore
	armed bool
}

func (s *conflictOnce) UpdateCreator(ctx context.Context, c star.Creator) (uint64, error) {
	if s.armed {
		s.armed = false
		return 0, starmap.ErrVersionConflict.New(starmap.Arg("what", "creator"), starmap.Arg("id", c.ID()), starmap.Arg("expected", c.Version()))
	}
	return s.StarStore.UpdateCreator(ctx, c)
}

// factsFunc adapts a function to star.FactSource.
type factsFunc func(ids []string) (map[string]star.Facts, error)

func (f factsFunc) Facts(_ context.Context, ids []string) (map[string]star.Facts, error) {
	if f == nil {
		return nil, nil
	}
	return f(ids)
}
