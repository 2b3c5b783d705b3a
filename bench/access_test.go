package bench

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// The access check (AUZ-1, AUZ-9, AUZ-10, AUZ-11). starmap answers from an
// authz.Index built from the grants and live-session requests; each peer
// is loaded from the same aggregates, reduced by fromAggregates to what
// the rules read (per creator and grantee: the merged covered day spans of
// the all-sales grant, unless it is revoked, and the granted live
// sessions). The peers answer allow or deny; the test compares that with
// Decision.Allowed, over queries that draw every reason for a denial.

const accessGrants = 10_000

var (
	accessNow   = time.Date(2026, 1, 1, 10, 0, 0, 0, starmap.CST())
	accessToday = starmap.DateOf(accessNow)
	dayZero     = starmap.MustDate(2000, 1, 1)
)

// dayNumber is a day as a count from 2000-01-01, for peers that compare
// numbers (cedar, rego).
func dayNumber(d starmap.Date) int64 { return int64(dayZero.DaysUntil(d)) }

// accessData is one generated world: the aggregates and the queries.
type accessData struct {
	grants  []authz.Grant
	lives   []authz.LiveRequest
	queries []authz.Query
}

// grantees: creator i's 10 grantees are merchants m0…m7 and agencies a0, a1.
func grantee(j int) authz.Party {
	if j >= 8 {
		return authz.AgencyParty("a" + strconv.Itoa(j-8))
	}
	return authz.MerchantParty("m" + strconv.Itoa(j))
}

// genAccess builds n all-sales grants (n/10 creators × 10 grantees) in
// five shapes — plain, revoked, early-renewed, renewed after a gap, and
// granted anew after a revocation — plus a live-session request for about
// one grantee in ten (granted, declined, revoked, pending or a draft), and
// nq queries.
func genAccess(tb testing.TB, n, nq int, seed uint64) accessData {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 10))
	var d accessData
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	at := func(day starmap.Date) time.Time { return day.StartOfDay().Add(10 * time.Hour) }
	for i := 0; i < n; i++ {
		creator := "c" + strconv.Itoa(i/10)
		by := starmap.CreatorActor(creator)
		p := grantee(i % 10)
		start := accessToday.AddDays(rng.IntN(60))
		end := start.AddDays(rng.IntN(365))
		g, _, err := authz.NewGrant(by, accessNow, p, start, end, "")
		must(err)
		switch rng.IntN(5) {
		case 1: // revoked, before or during its period
			_, err = g.Revoke(by, at(revokeDay(rng, end)), "")
		case 2: // early renewal on a day of the period
			_, err = g.EarlyRenew(by, at(start.AddDays(rng.IntN(start.DaysUntil(end)+1))), end.AddDays(1+rng.IntN(200)), "")
		case 3: // expired, then renewed from a later day (a gap: not yet valid)
			day := end.AddDays(1 + rng.IntN(30))
			s := day.AddDays(rng.IntN(40))
			_, err = g.Renew(by, at(day), s, s.AddDays(rng.IntN(200)), "")
		case 4: // revoked, then granted anew
			r := revokeDay(rng, end)
			if _, err = g.Revoke(by, at(r), ""); err == nil {
				s := r.AddDays(rng.IntN(20))
				_, err = g.Regrant(by, at(r), s, s.AddDays(rng.IntN(300)), "")
			}
		}
		must(err)
		d.grants = append(d.grants, g)
		if rng.IntN(10) == 0 {
			d.lives = append(d.lives, genLive(tb, rng, creator, p))
		}
	}
	d.queries = genQueries(rng, n, nq, d.lives)
	return d
}

// revokeDay: a day from today to 90 days on, not after end (an expired
// grant has nothing to revoke).
func revokeDay(rng *rand.Rand, end starmap.Date) starmap.Date {
	return accessToday.AddDays(rng.IntN(min(90, accessToday.DaysUntil(end)) + 1))
}

func genLive(tb testing.TB, rng *rand.Rand, creator string, p authz.Party) authz.LiveRequest {
	tb.Helper()
	var req starmap.Actor
	switch {
	case p.Kind == authz.Agency:
		req = starmap.MCNActor(p.ID)
	case rng.IntN(2) == 0:
		req = starmap.SubAccountActor(p.ID, "s"+strconv.Itoa(rng.IntN(3)))
	default:
		req = starmap.AdvertiserActor(p.ID)
	}
	by := starmap.CreatorActor(creator)
	r, _, err := authz.NewLiveRequest(req, accessNow, creator, "live"+strconv.Itoa(rng.IntN(5)))
	if err != nil {
		tb.Fatal(err)
	}
	steps := rng.IntN(5)
	if steps >= 1 {
		_, err = r.Confirm(req, accessNow)
	}
	if steps >= 2 && err == nil {
		if steps == 2 {
			_, err = r.Decline(by, accessNow, "")
		} else {
			_, err = r.Grant(by, accessNow, "")
		}
	}
	if steps == 4 && err == nil {
		_, err = r.Revoke(by, accessNow, "")
	}
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// genQueries: nq queries on known pairs and unknown ones, by main
// accounts, sub-accounts, agencies, creators and the platform, for both
// scopes, on days from before the first grant to well after the last
// period ends.
func genQueries(rng *rand.Rand, n, nq int, lives []authz.LiveRequest) []authz.Query {
	qs := make([]authz.Query, 0, nq)
	for len(qs) < nq {
		i := rng.IntN(n)
		creator, p := "c"+strconv.Itoa(i/10), grantee(i%10)
		if rng.IntN(10) == 0 {
			p.ID = "x" + strconv.Itoa(rng.IntN(100)) // no grant
		}
		q := authz.Query{Creator: creator, Scope: authz.AllSales, Day: accessToday.AddDays(rng.IntN(700) - 10)}
		if rng.IntN(4) == 0 {
			q.Scope, q.Session = authz.LiveSession, "live"+strconv.Itoa(rng.IntN(5))
			if len(lives) > 0 && rng.IntN(2) == 0 { // a session someone asked for
				k := lives[rng.IntN(len(lives))].Key()
				q.Creator, q.Session, p = k.Creator, k.Session, k.Grantee
			}
		}
		switch r := rng.IntN(20); {
		case p.Kind == authz.Agency:
			q.Account = starmap.MCNActor(p.ID)
		case r < 3:
			q.Account = starmap.SubAccountActor(p.ID, "s"+strconv.Itoa(rng.IntN(3)))
		case r == 3:
			q.Account = starmap.CreatorActor(p.ID)
		case r == 4:
			q.Account = starmap.PlatformActor(p.ID)
		default:
			q.Account = starmap.AdvertiserActor(p.ID)
		}
		qs = append(qs, q)
	}
	return qs
}

func buildIndex(d accessData) *authz.Index {
	ix := authz.NewIndex()
	b := ix.Builder()
	for _, g := range d.grants {
		b.AddGrant(g, 1)
	}
	for _, r := range d.lives {
		b.AddLive(r, 1)
	}
	ix.Install(b)
	return ix
}

// facts is what a peer is loaded with, per creator and grantee party
// ("merchant:m1", "agency:a0").
type facts map[string]map[string]*fact

type fact struct {
	spans    [][2]starmap.Date // merged covered days; none when revoked
	sessions []string          // granted live sessions
}

func partyKey(p authz.Party) string {
	if p.Kind == authz.Agency {
		return "agency:" + p.ID
	}
	return "merchant:" + p.ID
}

func (f facts) at(creator string, p authz.Party) *fact {
	m := f[creator]
	if m == nil {
		m = map[string]*fact{}
		f[creator] = m
	}
	x := m[partyKey(p)]
	if x == nil {
		x = &fact{}
		m[partyKey(p)] = x
	}
	return x
}

// fromAggregates reduces the aggregates to the peers' facts: a revoked
// grant (AUZ-10: it denies every day) keeps no span; adjacent periods (an
// early renewal continues the period before) are merged.
func fromAggregates(d accessData) facts {
	f := facts{}
	for _, g := range d.grants {
		x := f.at(g.Key().Creator, g.Key().Grantee)
		if !g.RevokedOn().IsZero() {
			continue
		}
		for _, p := range g.Periods() {
			if n := len(x.spans); n > 0 && x.spans[n-1][1].AddDays(1) == p.Start {
				x.spans[n-1][1] = p.End
				continue
			}
			x.spans = append(x.spans, [2]starmap.Date{p.Start, p.End})
		}
	}
	for _, r := range d.lives {
		if r.State() == authz.LiveGranted {
			x := f.at(r.Key().Creator, r.Key().Grantee)
			x.sessions = append(x.sessions, r.Key().Session)
		}
	}
	return f
}

// principal is what every peer knows of the account: the grantee party it
// reads for, and whether it is a main account or agency (AUZ-9). Creators
// and the platform read for no grantee ("none:…").
func principal(a starmap.Actor) (party string, main bool) {
	switch a.Role() {
	case starmap.RoleAdvertiser:
		return "merchant:" + a.ID(), true
	case starmap.RoleAdvertiserSub:
		return "merchant:" + a.Advertiser(), false
	case starmap.RoleMCN:
		return "agency:" + a.ID(), true
	}
	return "none:" + a.ID(), false
}

// checker is one side of the comparison. prep turns a query into the
// side's own request (outside the timed loop, as starmap's Query is built
// outside it), allow answers it.
type checker struct {
	name  string
	prep  func(authz.Query) any
	allow func(any) bool
}

// accessCheckers builds starmap's index and every peer over d.
func accessCheckers(tb testing.TB, d accessData) []checker {
	tb.Helper()
	ix := buildIndex(d)
	f := fromAggregates(d)
	return []checker{
		{"starmap", func(q authz.Query) any { return q }, func(q any) bool { return ix.Check(q.(authz.Query)).Allowed() }},
		newCasbin(tb, f),
		newCedar(tb, f),
		newRego(tb, f),
	}
}

// TestAccessPeersAgree (AUZ-10): every query gets the same allow or deny
// from authz.Index, authz.Scan, casbin, cedar and rego, and the queries
// draw every kind of answer, expired and not-yet-valid days included.
func TestAccessPeersAgree(t *testing.T) {
	d := genAccess(t, accessGrants, 4096, 1)
	f := fromAggregates(d)
	for c, m := range f {
		for p, x := range m {
			if len(x.spans) > maxSpans {
				t.Fatalf("%s %s has %d spans; the cedar policy unrolls %d", c, p, len(x.spans), maxSpans)
			}
		}
	}
	ix := buildIndex(d)
	kinds := map[authz.Decision]int{}
	checkers := accessCheckers(t, d)
	for i, q := range d.queries {
		want := ix.Check(q)
		kinds[want]++
		if scan := authz.Scan(d.grants, d.lives, q); scan != want {
			t.Fatalf("AUZ-10 query %d %+v: index %v, Scan %v", i, q, want, scan)
		}
		for _, c := range checkers[1:] {
			if c.name == "casbin" && i%32 != 0 {
				continue // casbin scans every policy line per check (tens of ms each): one query in 32
			}
			if got := c.allow(c.prep(q)); got != want.Allowed() {
				t.Fatalf("AUZ-10 query %d %+v: starmap %v, %s allowed=%v", i, q, want, c.name, got)
			}
		}
	}
	for _, k := range []authz.Decision{authz.Allowed, authz.DeniedNoGrant, authz.DeniedRevoked, authz.DeniedExpired,
		authz.DeniedNotYetValid, authz.DeniedSubAccount, authz.DeniedRole} {
		if kinds[k] < 20 {
			t.Errorf("AUZ-10 the queries draw %v only %d times: %v", k, kinds[k], kinds)
		}
	}
	t.Logf("%d grants, %d live requests, answers: %v", len(d.grants), len(d.lives), kinds)
}

// BenchmarkAccess: one op is one check, cycling through 4,096 queries over
// 10,000 grants, in starmap and in each peer.
func BenchmarkAccess(b *testing.B) {
	d := genAccess(b, accessGrants, 4096, 1)
	for _, c := range accessCheckers(b, d) {
		b.Run(fmt.Sprintf("%s/grants=%d", c.name, accessGrants), func(b *testing.B) {
			reqs := make([]any, len(d.queries))
			for i, q := range d.queries {
				reqs[i] = c.prep(q)
			}
			b.ReportAllocs()
			b.ResetTimer()
			n := 0
			for i := 0; i < b.N; i++ {
				if c.allow(reqs[i&4095]) {
					n++
				}
			}
			boolSink = n
		})
	}
}

var boolSink int
