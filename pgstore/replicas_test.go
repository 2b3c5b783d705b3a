package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/card"
)

// Two replicas of a host — two pools, two core Services each — driving the
// same grants and cards at once (X-8: the store's version compare-and-swap
// is the only thing that serialises them). The task replicas are in
// task_test.go (TestTaskTwoReplicas).

// replicaWrite is one successful command of a replica: the version it
// wrote and what it returned.
type replicaWrite[T any] struct {
	replica int
	version uint64
	out     T
}

// replWriteLog collects the successful commands of every replica, by key.
type replWriteLog[T any] struct {
	mu    sync.Mutex
	byKey map[string][]replicaWrite[T]
}

func newReplWriteLog[T any]() *replWriteLog[T] {
	return &replWriteLog[T]{byKey: map[string][]replicaWrite[T]{}}
}

func (l *replWriteLog[T]) keep(key string, w replicaWrite[T]) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byKey[key] = append(l.byKey[key], w)
}

// sorted returns key's writes in version order, and reports a version
// written twice (a lost update: two commands both believed they wrote it).
func (l *replWriteLog[T]) sorted(r replReporter, key string) []replicaWrite[T] {
	ws := append([]replicaWrite[T](nil), l.byKey[key]...)
	sort.Slice(ws, func(i, j int) bool { return ws[i].version < ws[j].version })
	for i := 1; i < len(ws); i++ {
		if ws[i].version == ws[i-1].version {
			r.Errorf("X-8 %s: replicas %d and %d both succeeded at version %d (a lost update)", key, ws[i-1].replica, ws[i].replica, ws[i].version)
		}
	}
	return ws
}

// replRefusal accepts the errors a losing racer may get: a rule of the
// package refusing the command on the state the winner left. A conflict
// surviving the retries is not one of them (64 attempts are plenty for
// two replicas).
func replRefusal(r replReporter, what string, err error) {
	switch {
	case err == nil:
	case errors.Is(err, starmap.ErrConflict) && !errors.Is(err, starmap.ErrAlreadyExists) && !errors.Is(err, ErrRetryable):
		r.Errorf("X-8 %s: a conflict survived the retries: %v", what, err)
	case len(starmap.Codes(err)) == 0:
		r.Errorf("X-8 %s: an uncoded error: %v", what, err)
	}
}

// replReporter is where a replica race reports what breaks the contract: the
// test itself, or a replProblems when the race runs on a store broken on
// purpose.
type replReporter interface {
	Errorf(format string, args ...any)
}

// replProblems keeps the problems reported to it.
type replProblems struct {
	mu       sync.Mutex
	problems []string
}

func (l *replProblems) Errorf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.problems = append(l.problems, fmt.Sprintf(format, args...))
}

// count returns how many problems hold part.
func (l *replProblems) count(part string) int {
	n := 0
	for _, p := range l.problems {
		if strings.Contains(p, part) {
			n++
		}
	}
	return n
}

var (
	tReplicas = time.Date(2026, 10, 1, 9, 0, 0, 0, starmap.CST())
	replRetry = starmap.Retry{Attempts: 64}
)

func replAuthzService(t *testing.T, pool *pgxpool.Pool, clock starmap.Clock, wrap func(authz.Store) authz.Store) *authz.Service {
	t.Helper()
	ps, err := NewAuthzStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	var s authz.Store = ps
	if wrap != nil {
		s = wrap(s)
	}
	svc, err := authz.NewService(s, clock, authz.WithRetry(replRetry))
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestAuthzTwoReplicas (AUZ-2, AUZ-4, AUZ-5, AUZ-10, X-8): two replicas
// race the same grants over three days — granting (twice each), early
// renewals to the same and to different ends, revocations, granting anew.
// For every grant: each version written by exactly one command, the
// stored history exactly the changes those commands returned, one first
// grant, no early renewal to one end applied twice, the record loads. At
// the end each replica's access check, once it has reloaded its index (as a
// replica must, to see the other's writes), answers as an index freshly
// loaded from the store and as Scan over the stored grants.
func TestAuthzTwoReplicas(t *testing.T) {
	authzReplicas(t, t, nil)
}

// authzReplicas runs the race, reporting what breaks the contract to r;
// wrap, if not nil, wraps every replica's store.
func authzReplicas(t *testing.T, r replReporter, wrap func(authz.Store) authz.Store) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	clock := starmap.NewManualClock(tReplicas)
	reps := []*authz.Service{
		replAuthzService(t, poolA, clock, wrap), replAuthzService(t, poolA, clock, wrap),
		replAuthzService(t, poolB, clock, wrap), replAuthzService(t, poolB, clock, wrap),
	}
	const creators = 8
	grantees := []authz.Party{authz.MerchantParty("shop-1"), authz.AgencyParty("mcn-1")}
	type pair struct {
		creator string
		grantee authz.Party
		odd     int // 1: revoked on day 1
	}
	var pairs []pair
	for i := 0; i < creators; i++ {
		for _, g := range grantees {
			pairs = append(pairs, pair{fmt.Sprintf("star-%02d", i), g, i % 2})
		}
	}
	key := func(p pair) string { return authz.GrantKey{Creator: p.creator, Grantee: p.grantee}.String() }
	log := newReplWriteLog[authz.Grant]()
	var wg sync.WaitGroup
	race := func(p pair, rep int, what string, f func(svc *authz.Service, by starmap.Actor) (authz.Grant, []starmap.Event, error)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g, evs, err := f(reps[rep], starmap.CreatorActor(p.creator))
			if err != nil {
				replRefusal(r, key(p)+" "+what, err)
				return
			}
			if len(evs) != 1 {
				r.Errorf("%s %s: %d events, want 1", key(p), what, len(evs))
			}
			log.keep(key(p), replicaWrite[authz.Grant]{replica: rep, version: g.Version(), out: g})
		}()
	}
	day := func(n int) starmap.Date { return starmap.DateOf(tReplicas).AddDays(n) }

	// Day 0: every replica grants every pair twice; one grant each.
	for _, p := range pairs {
		for rep := range reps {
			for range 2 {
				race(p, rep, "grant", func(svc *authz.Service, by starmap.Actor) (authz.Grant, []starmap.Event, error) {
					return svc.Grant(ctx, by, p.grantee, day(0), day(29), "")
				})
			}
		}
	}
	wg.Wait()
	// Day 1: early renewals to day 59 (every replica) and to day 89; the
	// odd creators also revoke.
	clock.AdvanceDays(1)
	for _, p := range pairs {
		for rep := range reps {
			for _, end := range []int{59, 89} {
				race(p, rep, fmt.Sprintf("early-renew to +%d", end), func(svc *authz.Service, by starmap.Actor) (authz.Grant, []starmap.Event, error) {
					return svc.EarlyRenew(ctx, by, p.grantee, day(end), "")
				})
			}
			if p.odd == 1 {
				race(p, rep, "revoke", func(svc *authz.Service, by starmap.Actor) (authz.Grant, []starmap.Event, error) {
					return svc.Revoke(ctx, by, p.grantee, "")
				})
			}
		}
	}
	wg.Wait()
	// Day 2: every replica grants anew (only the revoked pairs may) and
	// renews early to day 120.
	clock.AdvanceDays(1)
	for _, p := range pairs {
		for rep := range reps {
			race(p, rep, "grant anew", func(svc *authz.Service, by starmap.Actor) (authz.Grant, []starmap.Event, error) {
				return svc.Grant(ctx, by, p.grantee, day(2), day(40), "")
			})
			race(p, rep, "early-renew to +120", func(svc *authz.Service, by starmap.Actor) (authz.Grant, []starmap.Event, error) {
				return svc.EarlyRenew(ctx, by, p.grantee, day(120), "")
			})
		}
	}
	wg.Wait()

	store, err := NewAuthzStore(poolA)
	if err != nil {
		t.Fatal(err)
	}
	var stored []authz.Grant
	for _, p := range pairs {
		k := key(p)
		rec, err := store.GetGrant(ctx, authz.GrantKey{Creator: p.creator, Grantee: p.grantee})
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		g, err := authz.FromRecord(rec)
		if err != nil {
			r.Errorf("AUZ %s: the stored grant does not load: %v", k, err)
			continue
		}
		stored = append(stored, g)
		ws := log.sorted(r, k)
		if uint64(len(rec.History)) != rec.Version || len(ws) != len(rec.History) {
			r.Errorf("X-8 %s: version %d, %d history entries, %d successful commands", k, rec.Version, len(rec.History), len(ws))
		}
		grants, revokes, ends := 0, 0, map[starmap.Date]int{}
		for _, h := range rec.History {
			switch h.Op {
			case authz.OpGrant:
				grants++
			case authz.OpRevoke:
				revokes++
			case authz.OpEarlyRenew:
				ends[h.End]++
			}
		}
		// The odd creators' grants are revoked once (day 1) and granted
		// anew once (day 2); the others never.
		if want := p.odd; revokes != want || grants != 1+want {
			r.Errorf("AUZ-2/AUZ-4 %s: %d grants and %d revocations in the history, want %d and %d", k, grants, revokes, 1+want, want)
		}
		for end, n := range ends {
			if n > 1 {
				r.Errorf("AUZ-5 %s: the early renewal to %s applied %d times (a duplicate transition)", k, end, n)
			}
		}
		for _, w := range ws {
			v := w.version
			if v < 1 || int(v) > len(rec.History) {
				r.Errorf("X-8 %s: replica %d returned version %d, the store holds %d", k, w.replica, v, rec.Version)
				continue
			}
			mine := w.out.History()
			if len(mine) != int(v) || !replSameGrantChange(mine[v-1], rec.History[v-1]) {
				r.Errorf("X-8 %s: version %d: replica %d decided %+v, the history holds %+v", k, v, w.replica, mine[len(mine)-1], rec.History[v-1])
			}
		}
	}

	// The access check: each replica reloads (it missed the other's
	// writes), then agrees with a fresh index and with Scan.
	fresh := replAuthzService(t, poolA, clock, nil)
	accounts := []starmap.Actor{starmap.AdvertiserActor("shop-1"), starmap.SubAccountActor("shop-1", "ops-1"), starmap.MCNActor("mcn-1"),
		starmap.AdvertiserActor("shop-2")}
	stale := 0
	for i, svc := range reps {
		queries := 0
		check := func(count bool) {
			for c := 0; c < creators; c++ {
				for _, acct := range accounts {
					for d := -1; d <= 125; d++ {
						q := authz.Query{Account: acct, Creator: fmt.Sprintf("star-%02d", c), Scope: authz.AllSales, Day: day(d)}
						got, want := svc.Check(q), fresh.Check(q)
						if count {
							if got != want {
								stale++
							}
							continue
						}
						queries++
						if got != want {
							r.Errorf("AUZ-10 replica %d: %s %s on %s: %s, a freshly loaded index says %s", i, q.Account, q.Creator, q.Day, got, want)
						}
						if s := authz.Scan(stored, nil, q); s != want {
							r.Errorf("AUZ-10: %s %s on %s: the fresh index says %s, Scan %s", q.Account, q.Creator, q.Day, want, s)
						}
					}
				}
			}
		}
		check(true)
		if err := svc.LoadIndex(ctx); err != nil {
			t.Fatal(err)
		}
		check(false)
		if i == 0 {
			t.Logf("%d queries per replica", queries)
		}
	}
	t.Logf("%d answers differed before the replicas reloaded their indexes", stale)
}

func replSameGrantChange(a, b authz.Change) bool {
	return a.Op == b.Op && a.By == b.By && a.At.Equal(b.At) && a.Day == b.Day && a.Before == b.Before && a.After == b.After &&
		a.Start == b.Start && a.End == b.End && a.PrevEnd == b.PrevEnd && a.Note == b.Note
}

func replCardService(t *testing.T, pool *pgxpool.Pool, clock starmap.Clock, wrap func(card.Store) card.Store) *card.Service {
	t.Helper()
	ps, err := NewCardStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	var s card.Store = ps
	if wrap != nil {
		s = wrap(s)
	}
	svc, err := card.NewService(s, clock, card.WithRetry(replRetry))
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// replCardWrite is what a successful card command set and returned.
type replCardWrite struct {
	field, value string // "intro", "nickname" or "number", and the value it set
	events       []starmap.Event
}

// TestCardTwoReplicas (CRD-1, CRD-3, CRD-4, X-8): two replicas open the same
// cards (twice each: one card each), then race edits of the creator, syncs
// of the platform and virtual numbers on them. For every card: each
// version written by exactly one command, the stored history exactly the
// changes those commands returned in version order, each field of the
// stored card the value its last writer set, and the card loads.
func TestCardTwoReplicas(t *testing.T) {
	cardReplicas(t, t, nil)
}

// cardReplicas runs the race, reporting what breaks the contract to r;
// wrap, if not nil, wraps every replica's store.
func cardReplicas(t *testing.T, r replReporter, wrap func(card.Store) card.Store) {
	ctx := context.Background()
	poolA := freshPool(t)
	poolB := twinPool(t, poolA)
	clock := starmap.NewManualClock(tReplicas)
	reps := []*card.Service{
		replCardService(t, poolA, clock, wrap), replCardService(t, poolA, clock, wrap),
		replCardService(t, poolB, clock, wrap), replCardService(t, poolB, clock, wrap),
	}
	platform := starmap.PlatformActor("account-sync")
	const cards, rounds = 4, 3
	ids := make([]string, cards)
	for i := range ids {
		ids[i] = fmt.Sprintf("cre-%02d", i)
	}
	basic := func(id, nick string) card.Basic {
		return card.Basic{Avatar: "https://p3.example.com/avatar/" + id + ".jpeg", Nickname: nick, DouyinID: "dy_" + id, Location: "浙江 杭州"}
	}
	log := newReplWriteLog[replCardWrite]()
	var wg sync.WaitGroup
	race := func(id string, rep int, field, value string, f func(svc *card.Service) (uint64, []starmap.Event, error)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, evs, err := f(reps[rep])
			if err != nil {
				replRefusal(r, id+" "+field+" "+value, err)
				return
			}
			log.keep(id, replicaWrite[replCardWrite]{replica: rep, version: v, out: replCardWrite{field: field, value: value, events: evs}})
		}()
	}

	for _, id := range ids {
		for rep := range reps {
			for range 2 {
				race(id, rep, "nickname", "星图小厨", func(svc *card.Service) (uint64, []starmap.Event, error) {
					c, evs, err := svc.Open(ctx, platform, id, basic(id, "星图小厨"))
					if err != nil {
						return 0, nil, err
					}
					return c.Version(), evs, nil
				})
			}
		}
	}
	wg.Wait()
	clock.Advance(time.Hour)
	// Every command changes something (its own text, number or nickname),
	// so every success writes exactly one version.
	for _, id := range ids {
		creator := starmap.CreatorActor(id)
		for rep := range reps {
			for r := 0; r < rounds; r++ {
				tag := fmt.Sprintf("%d-%d", rep, r)
				intro, nick, number := "家常菜与烘焙 "+tag, "星图小厨"+tag, fmt.Sprintf("170 0000 %d%d%s", rep, r, id[len(id)-2:])
				race(id, rep, "intro", intro, func(svc *card.Service) (uint64, []starmap.Event, error) {
					c, evs, err := svc.Edit(ctx, creator, id, card.NewEdit().SetIntroduction(intro))
					if err != nil {
						return 0, nil, err
					}
					return c.Version(), evs, nil
				})
				race(id, rep, "nickname", nick, func(svc *card.Service) (uint64, []starmap.Event, error) {
					v, evs, err := svc.Sync(ctx, platform, id, basic(id, nick))
					return v.Version, evs, err
				})
				race(id, rep, "number", number, func(svc *card.Service) (uint64, []starmap.Event, error) {
					v, evs, err := svc.AssignVirtualNumber(ctx, platform, id, number)
					return v.Version, evs, err
				})
			}
		}
	}
	wg.Wait()

	store, err := NewCardStore(poolA)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		rec, err := store.Get(ctx, id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		c, err := card.FromRecord(rec)
		if err != nil {
			r.Errorf("CRD %s: the stored card does not load: %v", id, err)
			continue
		}
		ws := log.sorted(r, id)
		if uint64(len(ws)) != rec.Version {
			r.Errorf("X-8 %s: %d successful commands, version %d", id, len(ws), rec.Version)
		}
		if want := 1 + 3*len(reps)*rounds; len(ws) != want {
			r.Errorf("X-8 %s: %d commands succeeded, want one open and every change (%d)", id, len(ws), want)
		}
		// The history is the commands' changes, in version order.
		var want []starmap.Event
		last := map[string]string{}
		for i, w := range ws {
			if w.version != uint64(i+1) {
				r.Errorf("X-8 %s: the %d-th write is at version %d", id, i+1, w.version)
			}
			want = append(want, w.out.events...)
			last[w.out.field] = w.out.value
		}
		hist, dropped := c.History()
		if dropped != 0 || len(hist) != len(want) {
			r.Errorf("CRD-4 %s: %d history entries (%d dropped), the commands returned %d changes", id, len(hist), dropped, len(want))
		}
		for i := 0; i < len(hist) && i < len(want); i++ {
			if got := hist[i].Event(id); !replSameEvent(got, want[i]) {
				r.Errorf("CRD-4 %s: history %d is %+v, the command returned %+v", id, i, got, want[i])
			}
		}
		number, err := card.NormalizePhone(last["number"])
		if err != nil {
			t.Fatal(err)
		}
		if c.Introduction() != last["intro"] || c.Basic().Nickname != last["nickname"] || c.VirtualNumber() != number {
			r.Errorf("X-8 %s: stored intro %q, nickname %q, number %q; the last writers set %q", id, c.Introduction(), c.Basic().Nickname, c.VirtualNumber(), last)
		}
	}
}

func replSameEvent(a, b starmap.Event) bool {
	return a.Type == b.Type && a.Subject == b.Subject && a.Actor == b.Actor && a.At.Equal(b.At) && a.From == b.From && a.To == b.To && a.Note == b.Note
}

// replBlindGrants and replBlindCards break the store contract on purpose: Update
// writes over whatever version is stored (read just before) instead of
// refusing a stale one — the lost update of a store without
// compare-and-swap.
type replBlindGrants struct{ authz.Store }

func (b replBlindGrants) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	cur, err := b.GetGrant(ctx, rec.Key)
	if err != nil {
		return 0, err
	}
	rec.Version = cur.Version
	return b.Store.UpdateGrant(ctx, rec)
}

type replBlindCards struct{ card.Store }

func (b replBlindCards) Update(ctx context.Context, rec card.Record) (uint64, error) {
	cur, err := b.Get(ctx, rec.CreatorID)
	if err != nil {
		return 0, err
	}
	rec.Version = cur.Version
	return b.Store.Update(ctx, rec)
}

// TestReplicasCatchBlindStores: the two-replica races are able to fail.
// On stores that overwrite instead of comparing versions they report lost
// updates — so their silence on pgstore means something.
func TestReplicasCatchBlindStores(t *testing.T) {
	databaseURL(t)
	t.Run("authz", func(t *testing.T) {
		var l replProblems
		authzReplicas(t, &l, func(s authz.Store) authz.Store { return replBlindGrants{s} })
		if l.count("X-8") == 0 {
			t.Errorf("X-8: the grant race on a blind store reported no lost update (%d other problems)", len(l.problems))
		}
		t.Logf("%d problems, %d X-8", len(l.problems), l.count("X-8"))
	})
	t.Run("card", func(t *testing.T) {
		var l replProblems
		cardReplicas(t, &l, func(s card.Store) card.Store { return replBlindCards{s} })
		// A blind write still stores a new version, so what shows is the
		// history missing changes (CRD-4) or a field not its last writer's.
		if l.count("X-8")+l.count("CRD-4") == 0 {
			t.Errorf("X-8: the card race on a blind store reported no lost update (%d other problems)", len(l.problems))
		}
		t.Logf("%d problems, %d X-8, %d CRD-4", len(l.problems), l.count("X-8"), l.count("CRD-4"))
	})
}
