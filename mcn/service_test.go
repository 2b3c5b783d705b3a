package mcn_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/task"
)

// The Service is the SDK's own implementation of the two host callbacks
// (ONB-3, TSK-5). The assertions live in this test file so that package
// mcn never imports task: task may import mcn later (for Terms) without a
// cycle.
var (
	_ onboarding.SigningVerifier = (*mcn.Service)(nil)
	_ task.SigningLookup         = (*mcn.Service)(nil)
)

func TestNewService(t *testing.T) {
	store, clock := memstore.NewMCNStore(), starmap.FixedClock(t0)
	var nilStore *memstore.MCNStore
	cases := []struct {
		name  string
		store mcn.Store
		clock starmap.Clock
		opts  []mcn.Option
		want  []*starmap.Rule
	}{
		{"nil store", nil, clock, nil, []*starmap.Rule{starmap.ErrServiceDependency}},
		{"typed nil store", nilStore, clock, nil, []*starmap.Rule{starmap.ErrServiceDependency}},
		{"nil clock", store, nil, nil, []*starmap.Rule{starmap.ErrServiceDependency}},
		{"both nil", nil, nil, nil, []*starmap.Rule{starmap.ErrServiceDependency, starmap.ErrServiceDependency}},
		{"nil option", store, clock, []mcn.Option{nil}, []*starmap.Rule{starmap.ErrServiceOption}},
		{"nil account checker", store, clock, []mcn.Option{mcn.WithAccountCheck(nil)}, []*starmap.Rule{starmap.ErrServiceOption, starmap.ErrServiceDependency}},
		{"nil task source", store, clock, []mcn.Option{mcn.WithTaskSource(nil)}, []*starmap.Rule{starmap.ErrServiceOption, starmap.ErrServiceDependency}},
		{"nil ledger", store, clock, []mcn.Option{mcn.WithLedger(nil)}, []*starmap.Rule{starmap.ErrServiceOption, starmap.ErrServiceDependency}},
		{"every option", store, clock, []mcn.Option{mcn.WithRetry(starmap.Retry{Attempts: 2}), mcn.WithPolicy(mcn.Policy{ManyActive: true}),
			mcn.WithAccountCheck(holds{}), mcn.WithTaskSource(&tasks{}), mcn.WithLedger(&ledger{})}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, err := mcn.NewService(tc.store, tc.clock, tc.opts...)
			if tc.want == nil {
				if err != nil || svc == nil {
					t.Fatalf("NewService = %v, %v", svc, err)
				}
				return
			}
			if svc != nil {
				t.Error("a refused NewService returned a Service")
			}
			wantRule(t, err, tc.want...)
		})
	}
	svc, _ := mcn.NewService(store, clock, mcn.WithPolicy(mcn.Policy{ManyActive: true}))
	if !svc.Policy().ManyActive {
		t.Error("WithPolicy was not kept")
	}
	def, _ := mcn.NewService(store, clock)
	if !def.Policy().OneActive() {
		t.Error("MCN-1 the default policy does not hold one active signing per creator")
	}
}

// holds is an AccountChecker: it confirms accounts whose id starts with
// "dy-<creator>" style ownership (the id names the creator after "dy-").
type holds struct{ fail error }

func (h holds) Holds(_ context.Context, creator string, a mcn.Account) (bool, error) {
	if h.fail != nil {
		return false, h.fail
	}
	return a.ID == "dy-"+creator[len("c-"):] || a.ID == "dy-c"+creator[len("c-"):], nil
}

// everyMethod calls every method of svc once with plausible arguments.
func everyMethod(svc *mcn.Service) map[string]error {
	ctx := context.Background()
	k := mcn.Key{Creator: "c-1", Signing: "s1"}
	out := map[string]error{}
	_, _, out["Propose"] = svc.Propose(ctx, mcnA, prop("s1"))
	_, _, out["Accept"] = svc.Accept(ctx, creator1, k)
	_, _, out["Decline"] = svc.Decline(ctx, creator1, k, "")
	_, _, out["Withdraw"] = svc.Withdraw(ctx, mcnA, k, "")
	_, _, out["End"] = svc.End(ctx, mcnA, k, "理由")
	_, out["Expire"] = svc.Expire(ctx, ops)
	_, out["Book"] = svc.Book(ctx, creator1, "c-1")
	_, out["Signings"] = svc.Signings(ctx, creator1, "c-1")
	_, _, out["TermsAt"] = svc.TermsAt(ctx, "c-1", t0)
	_, out["SignedMCN"] = svc.SignedMCN(ctx, "c-1")
	out["MayActFor"] = svc.MayActFor(ctx, "mcn-a", "c-1")
	_, out["Signed"] = svc.Signed(ctx, "mcn-a", onboarding.Douyin, "dy-c1")
	_, out["SignedCreators"] = svc.SignedCreators(ctx, mcnA, "mcn-a", starmap.PageRequest{})
	_, out["Orders"] = svc.Orders(ctx, mcnA, "mcn-a", mcn.OrderQuery{})
	_, out["Earnings"] = svc.Earnings(ctx, mcnA, "mcn-a", mcn.Period{From: day0, To: day0})
	return out
}

// TestZeroService: a Service not made by NewService answers every method
// with starmap.ErrServiceNotReady, never a panic.
func TestZeroService(t *testing.T) {
	var nilSvc *mcn.Service
	for name, svc := range map[string]*mcn.Service{"zero": {}, "nil": nilSvc} {
		errs := everyMethod(svc)
		if len(errs) != 15 {
			t.Fatalf("the table covers %d methods, want 15", len(errs))
		}
		for m, err := range errs {
			if !errors.Is(err, starmap.ErrServiceNotReady) {
				t.Errorf("%s Service.%s = %v, want ErrServiceNotReady", name, m, err)
			}
		}
		if svc.Policy() != (mcn.Policy{}) {
			t.Errorf("%s Service has a policy", name)
		}
	}
}

// TestContext: a done context is answered with its error, before
// anything is read or written; a nil context is ErrContextMissing.
func TestContext(t *testing.T) {
	f := newFixture(t, mcn.WithTaskSource(&tasks{}), mcn.WithLedger(&ledger{}))
	f.sign(t, mcnA, prop("s1"))
	before, _ := f.store.Get(context.Background(), "c-1")
	done, cancel := context.WithCancel(context.Background())
	cancel()
	svc := f.svc
	k := mcn.Key{Creator: "c-1", Signing: "s1"}
	calls := map[string]func(ctx context.Context) error{
		"Propose": func(ctx context.Context) error {
			_, _, err := svc.Propose(ctx, mcnB, with(prop("s2"), func(p *mcn.Proposal) { p.Start, p.End = d(400), d(500) }))
			return err
		},
		"End":     func(ctx context.Context) error { _, _, err := svc.End(ctx, mcnA, k, "理由"); return err },
		"Expire":  func(ctx context.Context) error { _, err := svc.Expire(ctx, ops); return err },
		"TermsAt": func(ctx context.Context) error { _, _, err := svc.TermsAt(ctx, "c-1", t0); return err },
		"Signed": func(ctx context.Context) error {
			_, err := svc.Signed(ctx, "mcn-a", onboarding.Douyin, "dy-c1")
			return err
		},
		"Earnings": func(ctx context.Context) error {
			_, err := svc.Earnings(ctx, mcnA, "mcn-a", mcn.Period{From: day0, To: day0})
			return err
		},
	}
	for name, call := range calls {
		if err := call(done); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context = %v", name, err)
		}
		if err := call(nil); !errors.Is(err, starmap.ErrContextMissing) {
			t.Errorf("%s with a nil context = %v", name, err)
		}
	}
	after, _ := f.store.Get(context.Background(), "c-1")
	if after.Version != before.Version {
		t.Errorf("a cancelled call wrote the book (version %d → %d)", before.Version, after.Version)
	}
}

// TestServiceCommands_MCN1: the commands through the store, what each
// actor may see and do, and the events returned.
func TestServiceCommands_MCN1(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	k := mcn.Key{Creator: "c-1", Signing: "s1"}
	s, evs, err := f.svc.Propose(ctx, mcnA, prop("s1"))
	if err != nil || s.State != mcn.StateProposed || len(evs) != 1 || evs[0].Subject != "c-1/s1" {
		t.Fatalf("Propose = %+v, %+v, %v", s, evs, err)
	}
	if r, err := f.store.Get(ctx, "c-1"); err != nil || r.Version != 1 {
		t.Fatalf("the first proposal did not create the book at version 1: %+v, %v", r, err)
	}
	// Another MCN's signing is unknown to an MCN, exactly like none.
	_, _, errOther := f.svc.Withdraw(ctx, mcnB, k, "")
	_, _, errNone := f.svc.Withdraw(ctx, mcnB, mcn.Key{Creator: "c-1", Signing: "s9"}, "")
	wantRule(t, errOther, mcn.ErrUnknown)
	if errOther.Error() != "mcn.signing.unknown: signing s1 not found" || errNone.Error() != "mcn.signing.unknown: signing s9 not found" {
		t.Errorf("X-7 refusals differ beyond the id: %v / %v", errOther, errNone)
	}
	_, _, err = f.svc.End(ctx, mcnB, k, "抢签")
	wantRule(t, err, mcn.ErrUnknown)
	// A creator acts on its own book only, refused before any read.
	_, _, err = f.svc.Accept(ctx, creator2, k)
	wantRule(t, err, mcn.ErrNotParty)
	_, _, err = f.svc.Accept(ctx, creator1, mcn.Key{Creator: "c-9", Signing: "s1"})
	wantRule(t, err, mcn.ErrNotParty)
	_, _, err = f.svc.Accept(ctx, starmap.CreatorActor("c-9"), mcn.Key{Creator: "c-9", Signing: "s1"})
	wantRule(t, err, mcn.ErrUnknown)
	_, _, err = f.svc.Accept(ctx, creator1, mcn.Key{Creator: "c-1", Signing: ""})
	wantRule(t, err, starmap.ErrIDInvalid)
	s, evs, err = f.svc.Accept(ctx, creator1, k)
	if err != nil || s.State != mcn.StateActive || len(evs) != 1 || evs[0].Type != "mcn.signing_accepted" {
		t.Fatalf("Accept = %+v, %+v, %v", s, evs, err)
	}
	// Views of the book.
	if _, err := f.svc.Book(ctx, creator2, "c-1"); !errors.Is(err, mcn.ErrBookForbidden) {
		t.Errorf("c-2 read c-1's book: %v", err)
	}
	if _, err := f.svc.Book(ctx, mcnA, "c-1"); !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("an MCN read the whole book: %v", err)
	}
	if b, err := f.svc.Book(ctx, ops, "c-1"); err != nil || len(b.History()) != 2 || b.Version() != 2 {
		t.Errorf("the platform's view of the book: %v, %v", b, err)
	}
	if b, err := f.svc.Book(ctx, creator2, "c-2"); err != nil || len(b.Signings()) != 0 {
		t.Errorf("a creator without signings: %v, %v", b, err)
	}
	if _, _, err := f.svc.Propose(ctx, mcnB, with(prop("s2"), func(p *mcn.Proposal) { p.Start, p.End = d(400), d(500) })); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		by   starmap.Actor
		want []string
	}{{creator1, []string{"s1", "s2"}}, {ops, []string{"s1", "s2"}}, {mcnA, []string{"s1"}}, {mcnB, []string{"s2"}}, {starmap.MCNActor("mcn-c"), nil}} {
		ss, err := f.svc.Signings(ctx, tc.by, "c-1")
		var ids []string
		for _, s := range ss {
			ids = append(ids, s.ID)
		}
		if err != nil || fmt.Sprint(ids) != fmt.Sprint(tc.want) {
			t.Errorf("X-7 %v sees %v (%v), want %v", tc.by, ids, err, tc.want)
		}
	}
	_, _, err = f.svc.Decline(ctx, creator1, mcn.Key{Creator: "c-1", Signing: "s2"}, "已有机构")
	if err != nil {
		t.Fatal(err)
	}
	s, _, err = f.svc.End(ctx, ops, k, "机构资质失效")
	if err != nil || s.State != mcn.StateEnded || s.Reason != "机构资质失效" {
		t.Fatalf("the platform's End = %+v, %v", s, err)
	}
}

// TestAccountCheck_ONB3: with WithAccountCheck an MCN cannot name an
// account the creator does not hold; a checker that cannot answer is not
// a refusal.
func TestAccountCheck_ONB3(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, mcn.WithAccountCheck(holds{}))
	if _, _, err := f.svc.Propose(ctx, mcnA, prop("s1")); err != nil {
		t.Fatalf("c-1's own account: %v", err)
	}
	p := with(prop("s2"), func(p *mcn.Proposal) {
		p.Start, p.End = d(400), d(500)
		p.Accounts = append(p.Accounts, douyin("dy-c2"), mcn.Account{Platform: onboarding.Xigua, ID: "xg-9"})
	})
	_, _, err := f.svc.Propose(ctx, mcnA, p)
	wantRule(t, err, mcn.ErrAccountUnverified, mcn.ErrAccountUnverified)
	if e, _ := starmap.Find(err, mcn.ErrAccountUnverified); e.Message(starmap.ZH) != "无法确认抖音账号dy-c2属于达人c-1" {
		t.Errorf("zh message %q", e.Message(starmap.ZH))
	}
	down := errors.New("directory down")
	g := newFixture(t, mcn.WithAccountCheck(holds{fail: down}))
	_, _, err = g.svc.Propose(ctx, mcnA, prop("s1"))
	if !errors.Is(err, down) || len(starmap.Codes(err)) != 0 {
		t.Errorf("a failing checker = %v, want its error, uncoded", err)
	}
	if _, err := g.store.Get(ctx, "c-1"); !errors.Is(err, starmap.ErrNotFound) {
		t.Error("a proposal was stored although the checker failed")
	}
}

// TestServiceExpire_MCN1: the sweep over the store closes what is due in
// every book, pages through more books than one page holds, and records
// nothing twice.
func TestServiceExpire_MCN1(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	n := starmap.MaxPageLimit + 7
	for i := 0; i < n; i++ {
		c := fmt.Sprintf("c-%03d", i)
		p := mcn.Proposal{ID: "s1", Creator: c, Accounts: []mcn.Account{douyin("dy-" + c)}, Start: d(1), End: d(10 + i%2)}
		if i%3 == 0 {
			f.sign(t, mcnA, p)
		} else if _, _, err := f.svc.Propose(ctx, mcnA, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.Expire(ctx, mcnA); !errors.Is(err, starmap.ErrActorRole) {
		t.Errorf("an MCN ran the sweep: %v", err)
	}
	f.clock.Set(at(11).Add(time.Hour)) // the day after d(10): only the even books are due
	evs, err := f.svc.Expire(ctx, ops)
	if err != nil {
		t.Fatal(err)
	}
	if want := (n + 1) / 2; len(evs) != want {
		t.Errorf("the sweep on d(11) closed %d signings, want %d", len(evs), want)
	}
	f.clock.Set(at(12))
	evs, err = f.svc.Expire(ctx, ops)
	if err != nil || len(evs) != n/2 {
		t.Errorf("the sweep on d(12) closed %d signings (%v), want %d", len(evs), err, n/2)
	}
	evs, err = f.svc.Expire(ctx, ops)
	if err != nil || len(evs) != 0 {
		t.Errorf("a second sweep closed %d signings (%v)", len(evs), err)
	}
	for i := 0; i < n; i++ {
		r, _ := f.store.Get(ctx, fmt.Sprintf("c-%03d", i))
		want := mcn.StateLapsed
		if i%3 == 0 {
			want = mcn.StateEnded
		}
		if r.Signings[0].State != want {
			t.Errorf("c-%03d: %v, want %v", i, r.Signings[0].State, want)
		}
	}
}

// racyStore makes Get return a stale version once: the sweep decides on
// it, meets a conflict, and must decide again without counting the
// events of its failed try.
type racyStore struct {
	*memstore.MCNStore
	stale map[string]bool
}

func (s *racyStore) Update(ctx context.Context, r mcn.Record) (uint64, error) {
	if s.stale[r.Creator] {
		s.stale[r.Creator] = false
		return 0, starmap.ErrVersionConflict.New(starmap.Arg("what", "book"), starmap.Arg("id", r.Creator), starmap.Arg("expected", "?"))
	}
	return s.MCNStore.Update(ctx, r)
}

func TestServiceExpireRetries_MCN1_X8(t *testing.T) {
	ctx := context.Background()
	store := &racyStore{MCNStore: memstore.NewMCNStore(), stale: map[string]bool{}}
	clock := starmap.NewManualClock(t0)
	svc, err := mcn.NewService(store, clock)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		c := "c-" + strconv.Itoa(i)
		p := mcn.Proposal{ID: "s1", Creator: c, Accounts: []mcn.Account{douyin("dy-" + c)}, Start: d(1), End: d(2)}
		if _, _, err := svc.Propose(ctx, mcnA, p); err != nil {
			t.Fatal(err)
		}
		store.stale[c] = true
	}
	clock.Set(at(3))
	evs, err := svc.Expire(ctx, ops)
	if err != nil || len(evs) != 3 {
		t.Fatalf("the sweep with one conflict per book: %d events, %v; want 3", len(evs), err)
	}
}

// TestSigned_ONB3: the onboarding MCN route asks whether the account is
// signed to the agency now.
func TestSigned_ONB3(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.sign(t, mcnA, with(prop("s1"), func(p *mcn.Proposal) {
		p.Accounts = append(p.Accounts, mcn.Account{Platform: onboarding.Xigua, ID: "xg-c1"})
	}))
	cases := []struct {
		name     string
		now      time.Time
		mcn      string
		platform onboarding.Platform
		account  string
		want     bool
		rule     *starmap.Rule
	}{
		{"ONB-3 the term has not started", at(0), "mcn-a", onboarding.Douyin, "dy-c1", false, nil},
		{"ONB-3 signed, Douyin account", at(1), "mcn-a", onboarding.Douyin, "dy-c1", true, nil},
		{"ONB-3 signed, Xigua account", at(1), "mcn-a", onboarding.Xigua, "xg-c1", true, nil},
		{"ONB-3 the account on another platform", at(1), "mcn-a", onboarding.Toutiao, "dy-c1", false, nil},
		{"ONB-3 an account the signing does not cover", at(1), "mcn-a", onboarding.Douyin, "dy-c2", false, nil},
		{"ONB-3 another agency", at(1), "mcn-b", onboarding.Douyin, "dy-c1", false, nil},
		{"ONB-3 after the term", at(366), "mcn-a", onboarding.Douyin, "dy-c1", false, nil},
		{"ONB-3 bad platform", at(1), "mcn-a", 0, "dy-c1", false, mcn.ErrAccountInvalid},
		{"ONB-3 bad agency id", at(1), "", onboarding.Douyin, "dy-c1", false, starmap.ErrIDInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.clock.Set(tc.now)
			got, err := f.svc.Signed(ctx, tc.mcn, tc.platform, tc.account)
			if tc.rule != nil {
				if !errors.Is(err, tc.rule) {
					t.Fatalf("Signed = %v, %v; want %s", got, err, tc.rule.Code())
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Signed = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// TestSignedMCN_TSK5: task's lookup names the MCN in force now.
func TestSignedMCN_TSK5(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if m, err := f.svc.SignedMCN(ctx, "c-1"); err != nil || m != "" {
		t.Errorf("a creator without a book: %q, %v", m, err)
	}
	f.sign(t, mcnA, prop("s1"))
	for _, tc := range []struct {
		now  time.Time
		want string
	}{{at(0), ""}, {at(1), "mcn-a"}, {at(365), "mcn-a"}, {at(366), ""}} {
		f.clock.Set(tc.now)
		if m, err := f.svc.SignedMCN(ctx, "c-1"); err != nil || m != tc.want {
			t.Errorf("SignedMCN on %v = %q, %v; want %q", starmap.DateOf(tc.now), m, err, tc.want)
		}
	}
	if _, err := f.svc.SignedMCN(ctx, "c 1"); !errors.Is(err, starmap.ErrIDInvalid) {
		t.Errorf("a bad creator id: %v", err)
	}
}

// TestServiceExpireGoesOn_MCN1: a book that does not read back is
// reported and does not hold up the sweep of the others.
func TestServiceExpireGoesOn_MCN1(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, c := range []string{"c-1", "c-3"} {
		f.sign(t, mcnA, mcn.Proposal{ID: "s1", Creator: c, Accounts: []mcn.Account{douyin("dy-" + c)}, Start: d(1), End: d(2)})
	}
	bad := signed(t).Record()
	bad.Creator, bad.Signings[0].Creator, bad.Signings[0].ShareBP = "c-2", "c-2", -1
	if _, err := f.store.Create(ctx, bad); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(at(400))
	evs, err := f.svc.Expire(ctx, ops)
	if len(evs) != 2 || !errors.Is(err, mcn.ErrRecordInvalid) {
		t.Fatalf("the sweep: %d events, %v; want 2 and the bad book's error", len(evs), err)
	}
	if !strings.Contains(err.Error(), "c-2") {
		t.Errorf("the error does not name the book: %v", err)
	}
}
