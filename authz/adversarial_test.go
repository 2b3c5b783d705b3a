package authz_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/memstore"
)

// The inputs a hostile host tries (issue 11).
var (
	huge     = strings.Repeat("x", 10<<20) // 10 MiB
	badIDs   = []string{"", huge, "c1\u200b", "\u202ec1", "c1\ufeff", "c\u00ad1", "c1\U000E0041", "a:b", "a/b", "a|b", "c 1", "c1\x00", "\xff\xfe"}
	badNotes = []string{huge, strings.Repeat("注", 1001), "\xff", "a\x00b", "\x1b[31mred", "\u202eevil", "bell\a"}
)

func badActors(role func(string) starmap.Actor) []starmap.Actor {
	out := []starmap.Actor{{}, starmap.SubAccountActor("", "x"), starmap.SubAccountActor("m1", "")}
	for _, id := range badIDs {
		out = append(out, role(id))
	}
	return out
}

func badParties() []authz.Party {
	out := []authz.Party{{}, {Kind: 9, ID: "m1"}, {Kind: 0, ID: "m1"}}
	for _, id := range badIDs {
		out = append(out, authz.MerchantParty(id), authz.AgencyParty(id))
	}
	return out
}

// adversary runs one refused call after another on a service holding a
// known state and checks each: no panic, an error that carries a code (or
// is the context's own), and the store and the index as they were.
type adversary struct {
	t     *testing.T
	store *memstore.AuthzStore
	svc   *authz.Service
	tries int
	// before is the state every call must leave as it found it.
	before snapshot
}

type snapshot struct {
	grants []authz.GrantRecord
	lives  []authz.LiveRecord
	checks []authz.Decision
	nG, nL int
}

// probes are the access questions whose answers must not move.
var probes = []authz.Query{
	{Account: starmap.AdvertiserActor("m1"), Creator: "c1", Scope: authz.AllSales, Day: day("2026-03-10")},
	{Account: starmap.AdvertiserActor("m3"), Creator: "c1", Scope: authz.AllSales, Day: day("2026-03-10")},
	{Account: starmap.MCNActor("a1"), Creator: "c1", Scope: authz.AllSales, Day: day("2026-03-10")},
	{Account: starmap.SubAccountActor("m1", "ops"), Creator: "c1", Scope: authz.LiveSession, Session: "room", Day: day("2026-03-10")},
	{Account: starmap.SubAccountActor("m1", "ops"), Creator: "c1", Scope: authz.LiveSession, Session: "room2", Day: day("2026-03-10")},
}

func (a *adversary) snap() snapshot {
	var s snapshot
	for q := (authz.GrantQuery{}); ; {
		p, err := a.store.ListGrants(ctx, q)
		if err != nil {
			a.t.Fatal(err)
		}
		s.grants = append(s.grants, p.Items...)
		if q.Page.Cursor = p.Next; p.Next == "" {
			break
		}
	}
	for q := (authz.LiveQuery{}); ; {
		p, err := a.store.ListLive(ctx, q)
		if err != nil {
			a.t.Fatal(err)
		}
		s.lives = append(s.lives, p.Items...)
		if q.Page.Cursor = p.Next; p.Next == "" {
			break
		}
	}
	for _, q := range probes {
		s.checks = append(s.checks, a.svc.Check(q))
	}
	s.nG, s.nL = a.svc.Index().Len()
	return s
}

// refused runs call and asserts it was refused with a coded error (or
// the context's error) and changed nothing.
func (a *adversary) refused(name string, call func() error) {
	a.t.Helper()
	a.tries++
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				a.t.Errorf("%s: panic: %v", name, p)
				err = errors.New("panicked")
			}
		}()
		err = call()
	}()
	switch {
	case err == nil:
		a.t.Errorf("%s: accepted", name)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
	case len(starmap.Codes(err)) == 0:
		a.t.Errorf("%s: an error without a code: %v", name, err)
	}
	if after := a.snap(); !reflect.DeepEqual(a.before, after) {
		a.t.Fatalf("%s: the refused call changed the store or the index", name)
	}
}

// denied runs a query and asserts a coded denial.
func (a *adversary) denied(name string, q authz.Query) {
	a.t.Helper()
	a.refused(name, func() error {
		d := a.svc.Check(q)
		if d.Allowed() {
			return nil
		}
		return d.Err()
	})
}

// TestAdversarial_X5 (issue 11): every exported constructor and Service
// method, with zero, nil, huge and malformed arguments, one bad argument
// at a time beside arguments that would otherwise succeed: each call is
// refused with a coded error, nothing changes, nothing panics. The number
// of inputs tried is logged.
func TestAdversarial_X5(t *testing.T) {
	s, _, store := newService(t, "2026-03-01")
	c1 := starmap.CreatorActor("c1")
	must := func(_ any, _ []starmap.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Grant(ctx, c1, shopM1, day("2026-03-01"), day("2026-03-31"), ""))
	must(s.Grant(ctx, c1, authz.AgencyParty("a1"), day("2026-03-01"), day("2026-03-05"), ""))
	must(s.Grant(ctx, c1, authz.MerchantParty("m2"), day("2026-03-01"), day("2026-03-31"), ""))
	must(s.Revoke(ctx, c1, authz.MerchantParty("m2"), ""))
	for _, room := range []string{"room", "room2", "room3"} {
		must(s.RequestLive(ctx, m1, "c1", room))
	}
	must(s.ConfirmLive(ctx, m1, "c1", "room"))
	must(s.ConfirmLive(ctx, m1, "c1", "room2"))
	must(s.GrantLive(ctx, c1, authz.LiveKey{Creator: "c1", Session: "room2", Grantee: shopM1}, ""))

	// The service under attack, on 2026-03-10.
	svc := mustService(t, store, starmap.FixedClock(day("2026-03-10").StartOfDay().Add(morning)))
	a := &adversary{t: t, store: store, svc: svc}
	a.before = a.snap()

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	var nilCtx context.Context
	ctxs := map[string]context.Context{"nil": nilCtx, "cancelled": cancelled}
	today, end := day("2026-03-10"), day("2026-04-09")
	type period struct{ start, end starmap.Date }
	badPeriods := []period{
		{starmap.Date{}, end}, {today, starmap.Date{}}, {starmap.Date{}, starmap.Date{}},
		{starmap.MinDate(), end}, {day("2026-03-09"), end}, {today, day("2026-03-09")},
		{starmap.MaxDate(), today}, {starmap.MaxDate(), starmap.MinDate()}, {today, starmap.MinDate()},
	}
	room := authz.LiveKey{Creator: "c1", Session: "room", Grantee: shopM1}
	room2 := authz.LiveKey{Creator: "c1", Session: "room2", Grantee: shopM1}
	badKeys := []authz.LiveKey{{}, {Creator: "c1", Session: "room"}, {Creator: "c1", Grantee: shopM1}}
	for _, id := range badIDs {
		badKeys = append(badKeys, authz.LiveKey{Creator: "c1", Session: id, Grantee: shopM1},
			authz.LiveKey{Creator: "c1", Session: "room", Grantee: authz.MerchantParty(id)})
	}
	badPages := []starmap.PageRequest{{Limit: -1}, {Limit: math.MinInt}, {Cursor: "x"}, {Cursor: huge},
		{Cursor: starmap.EncodeCursor("g1", "2026-03-10")}, {Cursor: starmap.EncodeCursor("l1", "0", "0", "c1")},
		{Cursor: starmap.EncodeCursor("g1", "9999-99-99", "c1→merchant:m1")}}

	// Grant and the renewals: every argument in turn.
	type grantOp struct {
		name    string
		grantee authz.Party
		call    func(ctx context.Context, by starmap.Actor, p authz.Party, start, end starmap.Date, note string) error
	}
	grantOps := []grantOp{
		{"Grant", authz.MerchantParty("m3"), func(c context.Context, by starmap.Actor, p authz.Party, st, en starmap.Date, n string) error {
			_, _, err := svc.Grant(c, by, p, st, en, n)
			return err
		}},
		{"Renew", authz.AgencyParty("a1"), func(c context.Context, by starmap.Actor, p authz.Party, st, en starmap.Date, n string) error {
			_, _, err := svc.Renew(c, by, p, st, en, n)
			return err
		}},
		{"EarlyRenew", shopM1, func(c context.Context, by starmap.Actor, p authz.Party, _, en starmap.Date, n string) error {
			_, _, err := svc.EarlyRenew(c, by, p, en, n)
			return err
		}},
		{"Revoke", shopM1, func(c context.Context, by starmap.Actor, p authz.Party, _, _ starmap.Date, n string) error {
			_, _, err := svc.Revoke(c, by, p, n)
			return err
		}},
	}
	for _, op := range grantOps {
		for name, c := range ctxs {
			a.refused(op.name+"/ctx_"+name, func() error { return op.call(c, c1, op.grantee, today, end, "") })
		}
		for i, by := range append(badActors(starmap.CreatorActor), m1, agency, starmap.PlatformActor("ops")) {
			a.refused(fmt.Sprintf("%s/actor_%d", op.name, i), func() error { return op.call(ctx, by, op.grantee, today, end, "") })
		}
		for i, p := range badParties() {
			a.refused(fmt.Sprintf("%s/grantee_%d", op.name, i), func() error { return op.call(ctx, c1, p, today, end, "") })
		}
		for i, n := range badNotes {
			a.refused(fmt.Sprintf("%s/note_%d", op.name, i), func() error { return op.call(ctx, c1, op.grantee, today, end, n) })
		}
		if op.name == "Revoke" {
			continue
		}
		for i, p := range badPeriods {
			if op.name == "EarlyRenew" && p.end.After(day("2026-03-31")) {
				continue // any later end is a valid early renewal
			}
			a.refused(fmt.Sprintf("%s/period_%d", op.name, i), func() error { return op.call(ctx, c1, op.grantee, p.start, p.end, "") })
		}
	}

	// Live-session requests: the requester's and the creator's operations.
	type liveReq struct {
		name    string
		session string
		call    func(ctx context.Context, by starmap.Actor, creator, session string) error
	}
	for _, op := range []liveReq{
		{"RequestLive", "room9", func(c context.Context, by starmap.Actor, cr, se string) error {
			_, _, err := svc.RequestLive(c, by, cr, se)
			return err
		}},
		{"ConfirmLive", "room3", func(c context.Context, by starmap.Actor, cr, se string) error {
			_, _, err := svc.ConfirmLive(c, by, cr, se)
			return err
		}},
		{"LiveRequestOf", "room", func(c context.Context, by starmap.Actor, cr, se string) error {
			_, err := svc.LiveRequestOf(c, by, cr, se)
			return err
		}},
	} {
		for name, c := range ctxs {
			a.refused(op.name+"/ctx_"+name, func() error { return op.call(c, m1, "c1", op.session) })
		}
		for i, by := range append(badActors(starmap.AdvertiserActor), c1, starmap.PlatformActor("ops")) {
			a.refused(fmt.Sprintf("%s/actor_%d", op.name, i), func() error { return op.call(ctx, by, "c1", op.session) })
		}
		for i, id := range badIDs {
			a.refused(fmt.Sprintf("%s/creator_%d", op.name, i), func() error { return op.call(ctx, m1, id, op.session) })
			a.refused(fmt.Sprintf("%s/session_%d", op.name, i), func() error { return op.call(ctx, m1, "c1", id) })
		}
	}
	type liveDecide struct {
		name string
		key  authz.LiveKey
		call func(ctx context.Context, by starmap.Actor, key authz.LiveKey, note string) error
	}
	for _, op := range []liveDecide{
		{"GrantLive", room, func(c context.Context, by starmap.Actor, k authz.LiveKey, n string) error {
			_, _, err := svc.GrantLive(c, by, k, n)
			return err
		}},
		{"DeclineLive", room, func(c context.Context, by starmap.Actor, k authz.LiveKey, n string) error {
			_, _, err := svc.DeclineLive(c, by, k, n)
			return err
		}},
		{"RevokeLive", room2, func(c context.Context, by starmap.Actor, k authz.LiveKey, n string) error {
			_, _, err := svc.RevokeLive(c, by, k, n)
			return err
		}},
	} {
		for name, c := range ctxs {
			a.refused(op.name+"/ctx_"+name, func() error { return op.call(c, c1, op.key, "") })
		}
		for i, by := range append(badActors(starmap.CreatorActor), starmap.CreatorActor("c2"), m1, starmap.PlatformActor("ops")) {
			a.refused(fmt.Sprintf("%s/actor_%d", op.name, i), func() error { return op.call(ctx, by, op.key, "") })
		}
		for i, k := range badKeys {
			a.refused(fmt.Sprintf("%s/key_%d", op.name, i), func() error { return op.call(ctx, c1, k, "") })
		}
		for i, n := range badNotes {
			a.refused(fmt.Sprintf("%s/note_%d", op.name, i), func() error { return op.call(ctx, c1, op.key, n) })
		}
	}

	// Lists and the index load.
	lists := []struct {
		name string
		by   starmap.Actor
		call func(ctx context.Context, by starmap.Actor, p starmap.PageRequest) error
	}{
		{"CreatorGrants", c1, func(c context.Context, by starmap.Actor, p starmap.PageRequest) error {
			_, err := svc.CreatorGrants(c, by, []authz.Status{authz.Status(200)}, p)
			return err
		}},
		{"MerchantGrants", m1, func(c context.Context, by starmap.Actor, p starmap.PageRequest) error {
			_, err := svc.MerchantGrants(c, by, p)
			return err
		}},
		{"PendingLive", c1, func(c context.Context, by starmap.Actor, p starmap.PageRequest) error {
			_, err := svc.PendingLive(c, by, p)
			return err
		}},
	}
	for _, l := range lists {
		for name, c := range ctxs {
			a.refused(l.name+"/ctx_"+name, func() error { return l.call(c, l.by, starmap.PageRequest{}) })
		}
		wrong := m1
		if l.by == m1 {
			wrong = c1
		}
		for i, by := range append(badActors(starmap.CreatorActor), wrong, m1sub, starmap.PlatformActor("ops")) {
			a.refused(fmt.Sprintf("%s/actor_%d", l.name, i), func() error { return l.call(ctx, by, starmap.PageRequest{}) })
		}
		for i, p := range badPages {
			a.refused(fmt.Sprintf("%s/page_%d", l.name, i), func() error { return l.call(ctx, l.by, p) })
		}
	}
	for name, c := range ctxs {
		a.refused("LoadIndex/ctx_"+name, func() error { return svc.LoadIndex(c) })
	}

	// The access check: malformed questions are denied with a reason.
	for i, acct := range append(badActors(starmap.AdvertiserActor), c1, starmap.PlatformActor("ops")) {
		a.denied(fmt.Sprintf("Check/account_%d", i), authz.Query{Account: acct, Creator: "c1", Scope: authz.AllSales, Day: today})
	}
	for i, q := range []authz.Query{
		{Account: m1, Creator: "c1", Scope: authz.AllSales},
		{Account: m1, Creator: "", Scope: authz.AllSales, Day: today},
		{Account: m1, Creator: huge, Scope: authz.AllSales, Day: today},
		{Account: m1, Creator: "c1", Scope: 0, Day: today},
		{Account: m1, Creator: "c1", Scope: 200, Day: today},
		{Account: m1, Creator: "c1", Scope: authz.LiveSession, Day: today},
		{Account: agency, Creator: "c1", Scope: authz.LiveSession, Session: huge, Day: today}, // a1: expired, no session grant
		{Account: m1sub, Creator: "c1", Scope: authz.AllSales, Day: today},
		{Account: m1, Creator: "c1", Scope: authz.AllSales, Day: starmap.MaxDate()},
		{Account: m1, Creator: "c1", Scope: authz.AllSales, Day: starmap.MinDate()},
	} {
		a.denied(fmt.Sprintf("Check/query_%d", i), q)
	}

	// The constructor.
	typedNil := (*memstore.AuthzStore)(nil)
	for i, c := range []func() error{
		func() error { _, err := authz.NewService(nil, starmap.FixedClock(today.StartOfDay())); return err },
		func() error { _, err := authz.NewService(typedNil, starmap.FixedClock(today.StartOfDay())); return err },
		func() error { _, err := authz.NewService(store, nil); return err },
		func() error { _, err := authz.NewService(store, (*starmap.ManualClock)(nil)); return err },
		func() error { _, err := authz.NewService(nil, nil); return err },
		func() error {
			_, err := authz.NewService(store, starmap.FixedClock(today.StartOfDay()), nil)
			return err
		},
		func() error {
			_, err := authz.NewService(store, starmap.FixedClock(today.StartOfDay()), authz.WithIndex(nil))
			return err
		},
		func() error {
			_, err := authz.NewService(store, starmap.FixedClock(today.StartOfDay()), authz.WithIndex(&authz.Index{}))
			return err
		},
		func() error {
			_, err := authz.NewService(store, starmap.FixedClock(today.StartOfDay()), authz.WithRetry(starmap.Retry{}), nil)
			return err
		},
	} {
		a.refused(fmt.Sprintf("NewService_%d", i), c)
	}

	// The pure constructors and parsers.
	now := today.StartOfDay().Add(morning)
	for i, by := range append(badActors(starmap.CreatorActor), m1) {
		a.refused(fmt.Sprintf("NewGrant/actor_%d", i), func() error {
			_, _, err := authz.NewGrant(by, now, shopM1, today, end, "")
			return err
		})
	}
	for i, p := range badParties() {
		a.refused(fmt.Sprintf("NewGrant/grantee_%d", i), func() error {
			_, _, err := authz.NewGrant(c1, now, p, today, end, "")
			return err
		})
	}
	for i, p := range badPeriods {
		a.refused(fmt.Sprintf("NewGrant/period_%d", i), func() error {
			_, _, err := authz.NewGrant(c1, now, shopM1, p.start, p.end, "")
			return err
		})
	}
	for i, n := range badNotes {
		a.refused(fmt.Sprintf("NewGrant/note_%d", i), func() error {
			_, _, err := authz.NewGrant(c1, now, shopM1, today, end, n)
			return err
		})
	}
	for i, id := range badIDs {
		a.refused(fmt.Sprintf("NewLiveRequest/creator_%d", i), func() error {
			_, _, err := authz.NewLiveRequest(m1, now, id, "room")
			return err
		})
		a.refused(fmt.Sprintf("NewLiveRequest/session_%d", i), func() error {
			_, _, err := authz.NewLiveRequest(m1, now, "c1", id)
			return err
		})
	}
	for i, by := range append(badActors(starmap.AdvertiserActor), c1) {
		a.refused(fmt.Sprintf("NewLiveRequest/actor_%d", i), func() error {
			_, _, err := authz.NewLiveRequest(by, now, "c1", "room")
			return err
		})
	}
	good := a.before.grants[0]
	for i, mut := range []func(r *authz.GrantRecord){
		func(r *authz.GrantRecord) { *r = authz.GrantRecord{} },
		func(r *authz.GrantRecord) { r.Key.Creator = huge },
		func(r *authz.GrantRecord) { r.Key.Grantee.ID = "m1\u200b" },
		func(r *authz.GrantRecord) { r.History = nil },
		func(r *authz.GrantRecord) { r.History = append(r.History, r.History...) },
		func(r *authz.GrantRecord) {
			r.Periods = append(r.Periods, authz.Period{Start: starmap.MaxDate(), End: starmap.MaxDate(), Origin: authz.OpRenew})
		},
		func(r *authz.GrantRecord) { r.Periods[0].Start = starmap.Date{} },
		func(r *authz.GrantRecord) { r.History[0].Op = 200 },
		func(r *authz.GrantRecord) { r.RevokedOn = starmap.MaxDate() },
	} {
		r := good.Clone()
		mut(&r)
		a.refused(fmt.Sprintf("FromRecord_%d", i), func() error { _, err := authz.FromRecord(r); return err })
	}
	goodLive := a.before.lives[0]
	for i, mut := range []func(r *authz.LiveRecord){
		func(r *authz.LiveRecord) { *r = authz.LiveRecord{} },
		func(r *authz.LiveRecord) { r.Key.Session = huge },
		func(r *authz.LiveRecord) { r.State = 200 },
		func(r *authz.LiveRecord) { r.History = nil },
		func(r *authz.LiveRecord) { r.History = append(r.History, r.History...) },
		func(r *authz.LiveRecord) { r.History[0].Op = 200 },
	} {
		r := goodLive.Clone()
		mut(&r)
		a.refused(fmt.Sprintf("LiveFromRecord_%d", i), func() error { _, err := authz.LiveFromRecord(r); return err })
	}
	badTexts := []string{"", huge, "c1", "c1→merchant", "c1→merchant:", "→merchant:m1", "c1→shop:m1", "c1:merchant→m1",
		"c1→merchant:m1:x", "c1/s1→merchant:m1", "c\u200b1→merchant:m1", "\xff→agency:a1", "c1→agency:a/1"}
	for i, s := range badTexts {
		a.refused(fmt.Sprintf("ParseGrantKey_%d", i), func() error { _, err := authz.ParseGrantKey(s); return err })
	}
	var badLiveTexts []string
	for _, s := range badTexts {
		if s != "c1/s1→merchant:m1" { // a live key's text: valid here
			badLiveTexts = append(badLiveTexts, s)
		}
	}
	for i, s := range append(badLiveTexts, "c1/→merchant:m1", "/s1→merchant:m1", "c1/s1/x→merchant:m1", "c1/s1", "c1/s1→merchant:m1:x") {
		a.refused(fmt.Sprintf("ParseLiveKey_%d", i), func() error { _, err := authz.ParseLiveKey(s); return err })
	}

	// A Service not made by NewService, and a nil one.
	for name, z := range map[string]*authz.Service{"zero": {}, "nil": nil} {
		for _, c := range zeroServiceCalls(z) {
			a.refused("Service_"+name+"/"+c.name, c.call)
		}
	}
	t.Logf("%d adversarial inputs tried", a.tries)
	if a.tries < 700 {
		t.Errorf("only %d inputs tried: the table lost its cases", a.tries)
	}
}
