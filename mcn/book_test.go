package mcn_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/onboarding"
)

var dateCmp = cmp.Comparer(func(a, b starmap.Date) bool { return a == b })
var actorCmp = cmp.Comparer(func(a, b starmap.Actor) bool { return a == b })

// TestPropose_MCN1: the proposal rules, every problem reported at once.
func TestPropose_MCN1(t *testing.T) {
	many := make([]mcn.Account, mcn.MaxAccounts+1)
	for i := range many {
		many[i] = douyin("dy-" + strings.Repeat("x", i+1))
	}
	cases := []struct {
		name string
		by   starmap.Actor
		p    mcn.Proposal
		want []*starmap.Rule
	}{
		{"MCN-1 a valid proposal", mcnA, prop("s1"), nil},
		{"MCN-1 share 0 basis points", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.ShareBP = 0 }), nil},
		{"MCN-1 share 10000 basis points, the whole pay", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.ShareBP = 10000 }), nil},
		{"MCN-1 share -1", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.ShareBP = -1 }), []*starmap.Rule{mcn.ErrShareOutOfRange}},
		{"MCN-1 share 10001", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.ShareBP = 10001 }), []*starmap.Rule{mcn.ErrShareOutOfRange}},
		{"MCN-1 X-1 starts today", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Start = day0 }), nil},
		{"MCN-1 X-1 starts yesterday", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Start = d(-1) }), []*starmap.Rule{mcn.ErrStartInPast}},
		{"MCN-1 X-1 one-day term, end = start", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.End = p.Start }), nil},
		{"MCN-1 X-1 end before start", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.End = d(0) }), []*starmap.Rule{mcn.ErrEndBeforeStart}},
		{"MCN-1 no start", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Start = starmap.Date{} }), []*starmap.Rule{mcn.ErrTermMissing}},
		{"MCN-1 no end", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.End = starmap.Date{} }), []*starmap.Rule{mcn.ErrTermMissing}},
		{"MCN-1 no account", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Accounts = nil }), []*starmap.Rule{mcn.ErrAccountsMissing}},
		{"MCN-1 17 accounts", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Accounts = many }), []*starmap.Rule{mcn.ErrAccountsTooMany}},
		{"MCN-1 ONB-1 every platform", mcnA, with(prop("s1"), func(p *mcn.Proposal) {
			p.Accounts = nil
			for _, pl := range onboarding.Platforms() {
				p.Accounts = append(p.Accounts, mcn.Account{Platform: pl, ID: "acct-1"})
			}
		}), nil},
		{"MCN-1 ONB-1 no platform 9", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Accounts[0].Platform = 9 }), []*starmap.Rule{mcn.ErrAccountInvalid}},
		{"MCN-1 account listed twice", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Accounts = append(p.Accounts, p.Accounts[0]) }), []*starmap.Rule{mcn.ErrAccountInvalid}},
		{"MCN-1 account id with a zero-width space", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Accounts[0].ID = "dy\u200b1" }), []*starmap.Rule{mcn.ErrAccountInvalid, starmap.ErrIDInvalid}},
		{"MCN-1 bad signing id", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.ID = "s/1" }), []*starmap.Rule{starmap.ErrIDInvalid}},
		{"MCN-1 another creator's book", mcnA, with(prop("s1"), func(p *mcn.Proposal) { p.Creator = "c-2" }), []*starmap.Rule{mcn.ErrCreatorMismatch}},
		{"MCN-1 every problem at once", mcnA, with(prop("s1"), func(p *mcn.Proposal) {
			p.ShareBP, p.Start, p.End, p.Accounts = 10001, d(-2), d(-3), nil
		}), []*starmap.Rule{mcn.ErrShareOutOfRange, mcn.ErrStartInPast, mcn.ErrEndBeforeStart, mcn.ErrAccountsMissing}},
		{"X-7 a creator cannot propose", creator1, prop("s1"), []*starmap.Rule{starmap.ErrActorRole}},
		{"X-7 the platform cannot propose", ops, prop("s1"), []*starmap.Rule{starmap.ErrActorRole}},
		{"X-7 an invalid MCN actor", starmap.MCNActor("m/1"), prop("s1"), []*starmap.Rule{starmap.ErrActorInvalid, starmap.ErrIDInvalid}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBook(t)
			before := b.Record()
			evs, err := b.Propose(tc.by, t0, tc.p, mcn.DefaultPolicy())
			if tc.want != nil {
				wantRule(t, err, tc.want...)
				if d := cmp.Diff(before, b.Record(), dateCmp, actorCmp); d != "" {
					t.Errorf("a refused proposal changed the book:\n%s", d)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if len(evs) != 1 || evs[0].Type != "mcn.signing_proposed" || evs[0].Subject != "c-1/s1" ||
				evs[0].From != "" || evs[0].To != "proposed" || evs[0].Actor != tc.by || !evs[0].At.Equal(t0) {
				t.Errorf("events %+v", evs)
			}
			s, ok := b.Signing("s1")
			if !ok || s.State != mcn.StateProposed || s.MCN != "mcn-a" || s.Creator != "c-1" || !s.ProposedAt.Equal(t0) ||
				s.ShareBP != tc.p.ShareBP || s.Start != tc.p.Start || s.End != tc.p.End || !s.AcceptedAt.IsZero() {
				t.Errorf("stored signing %+v", s)
			}
		})
	}
}

// TestProposeIDTaken_MCN1: a book never holds two signings of one id.
func TestProposeIDTaken_MCN1(t *testing.T) {
	b := newBook(t)
	must(t)(b.Propose(mcnA, t0, prop("s1"), mcn.DefaultPolicy()))
	_, err := b.Propose(mcnB, t0, with(prop("s1"), func(p *mcn.Proposal) { p.Start = d(400); p.End = d(500) }), mcn.DefaultPolicy())
	wantRule(t, err, mcn.ErrIDTaken)
}

// TestOverlap_MCN1: which signings a proposal's term must keep apart
// from, under each policy; inclusive end dates decide the edge.
func TestOverlap_MCN1(t *testing.T) {
	def, block := mcn.DefaultPolicy(), mcn.Policy{BlockOverlappingProposals: true}
	many, manyBlock := mcn.Policy{ManyActive: true}, mcn.Policy{ManyActive: true, BlockOverlappingProposals: true}
	term := func(id string, start, end int, excl bool) mcn.Proposal {
		return with(prop(id), func(p *mcn.Proposal) { p.Start, p.End, p.Exclusive = d(start), d(end), excl })
	}
	cases := []struct {
		name     string
		pol      mcn.Policy
		accepted bool // the first signing is accepted (else left proposed)
		first    mcn.Proposal
		second   mcn.Proposal
		want     []*starmap.Rule
	}{
		{"MCN-1 default: overlaps an active signing", def, true, term("s1", 1, 100, false), term("s2", 50, 200, false), []*starmap.Rule{mcn.ErrTermOverlap}},
		{"MCN-1 X-1 default: starts on the active one's last day", def, true, term("s1", 1, 100, false), term("s2", 100, 200, false), []*starmap.Rule{mcn.ErrTermOverlap}},
		{"MCN-1 X-1 default: starts the day after the active one ends", def, true, term("s1", 1, 100, false), term("s2", 101, 200, false), nil},
		{"MCN-1 default: ends the day before the active one starts", def, true, term("s1", 10, 100, false), term("s2", 1, 9, false), nil},
		{"MCN-1 default: inside the active one", def, true, term("s1", 1, 100, false), term("s2", 20, 30, false), []*starmap.Rule{mcn.ErrTermOverlap}},
		{"MCN-1 default: proposals may overlap", def, false, term("s1", 1, 100, false), term("s2", 50, 200, false), nil},
		{"MCN-1 blocking: an overlapping proposal", block, false, term("s1", 1, 100, false), term("s2", 50, 200, false), []*starmap.Rule{mcn.ErrTermOverlap}},
		{"MCN-1 blocking: a later proposal", block, false, term("s1", 1, 100, false), term("s2", 101, 200, false), nil},
		{"MCN-1 many active: two non-exclusive overlap", many, true, term("s1", 1, 100, false), term("s2", 50, 200, false), nil},
		{"MCN-1 many active: the active one is exclusive", many, true, term("s1", 1, 100, true), term("s2", 50, 200, false), []*starmap.Rule{mcn.ErrTermOverlap}},
		{"MCN-1 many active: the proposal is exclusive", many, true, term("s1", 1, 100, false), term("s2", 50, 200, true), []*starmap.Rule{mcn.ErrTermOverlap}},
		{"MCN-1 many active, blocking: exclusive proposals", manyBlock, false, term("s1", 1, 100, true), term("s2", 50, 200, false), []*starmap.Rule{mcn.ErrTermOverlap}},
		{"MCN-1 many active, blocking: non-exclusive proposals", manyBlock, false, term("s1", 1, 100, false), term("s2", 50, 200, false), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBook(t)
			must(t)(b.Propose(mcnA, t0, tc.first, tc.pol))
			if tc.accepted {
				must(t)(b.Accept(creator1, t0, tc.first.ID, tc.pol))
			}
			_, err := b.Propose(mcnB, t0, tc.second, tc.pol)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRule(t, err, tc.want...)
			e, _ := starmap.Find(err, mcn.ErrTermOverlap)
			if v, _ := e.Param("other"); v != "s1" {
				t.Errorf("the overlap names %q, want s1", v)
			}
		})
	}
}

// TestAccept_MCN1: the creator accepts; one active signing per creator
// by default; the signing is in force from the acceptance.
func TestAccept_MCN1(t *testing.T) {
	def, many := mcn.DefaultPolicy(), mcn.Policy{ManyActive: true}
	t.Run("MCN-1 the creator accepts", func(t *testing.T) {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, prop("s1"), def))
		evs := must(t)(b.Accept(creator1, at(0).Add(time.Hour), "s1", def))
		if len(evs) != 1 || evs[0].Type != "mcn.signing_accepted" || evs[0].From != "proposed" || evs[0].To != "active" {
			t.Fatalf("events %+v", evs)
		}
		s, _ := b.Signing("s1")
		if s.State != mcn.StateActive || !s.AcceptedAt.Equal(at(0).Add(time.Hour)) {
			t.Errorf("signing %+v", s)
		}
	})
	refusals := []struct {
		name string
		by   starmap.Actor
		id   string
		want []*starmap.Rule
	}{
		{"X-7 another creator", creator2, "s1", []*starmap.Rule{mcn.ErrNotParty}},
		{"X-7 the MCN cannot accept for the creator", mcnA, "s1", []*starmap.Rule{starmap.ErrActorRole}},
		{"X-7 the platform cannot accept", ops, "s1", []*starmap.Rule{starmap.ErrActorRole}},
		{"MCN-1 no such signing", creator1, "s9", []*starmap.Rule{mcn.ErrUnknown}},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			b := newBook(t)
			must(t)(b.Propose(mcnA, t0, prop("s1"), def))
			before := b.Record()
			_, err := b.Accept(tc.by, t0, tc.id, def)
			wantRule(t, err, tc.want...)
			if d := cmp.Diff(before, b.Record(), dateCmp, actorCmp); d != "" {
				t.Errorf("a refused acceptance changed the book:\n%s", d)
			}
		})
	}
	t.Run("MCN-1 accepting twice", func(t *testing.T) {
		b := signed(t)
		_, err := b.Accept(creator1, t0, "s1", def)
		wantRule(t, err, mcn.ErrNotProposed)
	})
	t.Run("MCN-1 one active: a successor waits for the current signing to end", func(t *testing.T) {
		b := signed(t) // s1 to d(365)
		succ := with(prop("s2"), func(p *mcn.Proposal) { p.Start, p.End = d(366), d(700) })
		must(t)(b.Propose(mcnB, t0, succ, def))
		_, err := b.Accept(creator1, at(10), "s2", def)
		wantRule(t, err, mcn.ErrOneActive)
		must(t)(b.End(creator1, at(20), "s1", "合约提前终止"))
		must(t)(b.Accept(creator1, at(21), "s2", def))
	})
	t.Run("MCN-1 one active: two open proposals, the first accepted wins", func(t *testing.T) {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, prop("s1"), def))
		must(t)(b.Propose(mcnB, t0, prop("s2"), def))
		must(t)(b.Accept(creator1, t0, "s2", def))
		_, err := b.Accept(creator1, t0, "s1", def)
		wantRule(t, err, mcn.ErrOneActive)
	})
	t.Run("MCN-1 many active: non-exclusive signings overlap", func(t *testing.T) {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, prop("s1"), many))
		must(t)(b.Propose(mcnB, t0, prop("s2"), many))
		must(t)(b.Accept(creator1, t0, "s1", many))
		must(t)(b.Accept(creator1, t0, "s2", many))
	})
	t.Run("MCN-1 many active: an exclusive one does not", func(t *testing.T) {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, prop("s1"), many))
		must(t)(b.Propose(mcnB, t0, with(prop("s2"), func(p *mcn.Proposal) { p.Exclusive = true }), many))
		must(t)(b.Accept(creator1, t0, "s1", many))
		_, err := b.Accept(creator1, t0, "s2", many)
		wantRule(t, err, mcn.ErrTermOverlap)
	})
	t.Run("MCN-1 accepted after its start: in force from the acceptance", func(t *testing.T) {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, prop("s1"), def)) // d(1) … d(365)
		must(t)(b.Accept(creator1, at(5), "s1", def))
		if _, ok := b.TermsAt(at(4)); ok {
			t.Error("in force before it was accepted")
		}
		if _, ok := b.TermsAt(at(5)); !ok {
			t.Error("not in force at the acceptance")
		}
	})
	t.Run("MCN-1 a proposal whose term ended lapses; the refusal changes nothing", func(t *testing.T) {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, with(prop("s1"), func(p *mcn.Proposal) { p.End = d(3) }), def))
		before := b.Record()
		_, err := b.Accept(creator1, at(4), "s1", def)
		wantRule(t, err, mcn.ErrNotProposed)
		if e, _ := starmap.Find(err, mcn.ErrNotProposed); e.Message(starmap.ZH) != "签约s1当前为已失效,只有待确认的签约可以接受签约" {
			t.Errorf("zh message %q", e.Message(starmap.ZH))
		}
		if d := cmp.Diff(before, b.Record(), dateCmp, actorCmp); d != "" {
			t.Errorf("the refusal kept the lapse it decided first:\n%s", d)
		}
	})
	t.Run("MCN-1 the expiry recorded first lets the successor in", func(t *testing.T) {
		b := newBook(t)
		must(t)(b.Propose(mcnA, t0, with(prop("s1"), func(p *mcn.Proposal) { p.End = d(10) }), def))
		must(t)(b.Accept(creator1, t0, "s1", def))
		must(t)(b.Propose(mcnB, t0, with(prop("s2"), func(p *mcn.Proposal) { p.Start, p.End = d(11), d(40) }), def))
		evs := must(t)(b.Accept(creator1, at(11), "s2", def)) // the sweep has not run
		if len(evs) != 2 || evs[0].Type != "mcn.signing_expired" || evs[0].Actor != mcn.TermClock() || evs[1].Type != "mcn.signing_accepted" {
			t.Fatalf("events %+v", evs)
		}
		s1, _ := b.Signing("s1")
		if s1.State != mcn.StateEnded || s1.ClosedBy != mcn.ActionExpire || !s1.ClosedAt.Equal(d(11).StartOfDay()) {
			t.Errorf("s1 %+v", s1)
		}
	})
}

// TestAnswers_MCN1: decline, withdraw and end, each by its parties only.
func TestAnswers_MCN1(t *testing.T) {
	type op func(b *mcn.Book) ([]starmap.Event, error)
	decline := func(by starmap.Actor, reason string) op {
		return func(b *mcn.Book) ([]starmap.Event, error) { return b.Decline(by, at(1), "s1", reason) }
	}
	withdraw := func(by starmap.Actor, reason string) op {
		return func(b *mcn.Book) ([]starmap.Event, error) { return b.Withdraw(by, at(1), "s1", reason) }
	}
	end := func(by starmap.Actor, reason string) op {
		return func(b *mcn.Book) ([]starmap.Event, error) { return b.End(by, at(1), "s1", reason) }
	}
	long := strings.Repeat("理", 1001)
	cases := []struct {
		name    string
		active  bool
		op      op
		want    []*starmap.Rule
		state   mcn.State
		closeBy mcn.Action
		reason  string
	}{
		{"MCN-1 the creator declines", false, decline(creator1, "分成太高"), nil, mcn.StateDeclined, mcn.ActionDecline, "分成太高"},
		{"MCN-1 the creator declines without a reason", false, decline(creator1, ""), nil, mcn.StateDeclined, mcn.ActionDecline, ""},
		{"X-7 the MCN cannot decline", false, decline(mcnA, ""), []*starmap.Rule{starmap.ErrActorRole}, 0, 0, ""},
		{"X-7 another creator cannot decline", false, decline(creator2, ""), []*starmap.Rule{mcn.ErrNotParty}, 0, 0, ""},
		{"MCN-1 an active signing cannot be declined", true, decline(creator1, ""), []*starmap.Rule{mcn.ErrNotProposed}, 0, 0, ""},
		{"MCN-1 a decline reason of 1001 characters", false, decline(creator1, long), []*starmap.Rule{starmap.ErrTextInvalid}, 0, 0, ""},
		{"MCN-1 the MCN withdraws", false, withdraw(mcnA, "资源调整"), nil, mcn.StateWithdrawn, mcn.ActionWithdraw, "资源调整"},
		{"X-7 another MCN cannot withdraw", false, withdraw(mcnB, ""), []*starmap.Rule{mcn.ErrNotParty}, 0, 0, ""},
		{"X-7 the creator cannot withdraw", false, withdraw(creator1, ""), []*starmap.Rule{starmap.ErrActorRole}, 0, 0, ""},
		{"MCN-1 an active signing cannot be withdrawn", true, withdraw(mcnA, ""), []*starmap.Rule{mcn.ErrNotProposed}, 0, 0, ""},
		{"MCN-1 a withdrawal reason with a control character", false, withdraw(mcnA, "a\x00b"), []*starmap.Rule{starmap.ErrTextInvalid}, 0, 0, ""},
		{"MCN-1 the MCN ends it", true, end(mcnA, "达人违约"), nil, mcn.StateEnded, mcn.ActionEnd, "达人违约"},
		{"MCN-1 the creator ends it", true, end(creator1, "机构服务不到位\n详见邮件"), nil, mcn.StateEnded, mcn.ActionEnd, "机构服务不到位\n详见邮件"},
		{"MCN-1 the platform ends it", true, end(ops, "机构资质失效"), nil, mcn.StateEnded, mcn.ActionEnd, "机构资质失效"},
		{"X-7 another MCN cannot end it", true, end(mcnB, "抢签"), []*starmap.Rule{mcn.ErrNotParty}, 0, 0, ""},
		{"X-7 another creator cannot end it", true, end(creator2, "误操作"), []*starmap.Rule{mcn.ErrNotParty}, 0, 0, ""},
		{"X-7 an advertiser cannot end it", true, end(adv, "不合作"), []*starmap.Rule{starmap.ErrActorRole}, 0, 0, ""},
		{"MCN-1 ending needs a reason", true, end(mcnA, " \u3000"), []*starmap.Rule{mcn.ErrReasonRequired}, 0, 0, ""},
		{"MCN-1 an end reason with a bidi control", true, end(mcnA, "a\u202eb"), []*starmap.Rule{starmap.ErrTextInvalid}, 0, 0, ""},
		{"MCN-1 a proposal cannot be ended", false, end(mcnA, "取消"), []*starmap.Rule{mcn.ErrNotActive}, 0, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBook(t)
			must(t)(b.Propose(mcnA, t0, prop("s1"), mcn.DefaultPolicy()))
			if tc.active {
				must(t)(b.Accept(creator1, t0, "s1", mcn.DefaultPolicy()))
			}
			before := b.Record()
			evs, err := tc.op(b)
			if tc.want != nil {
				wantRule(t, err, tc.want...)
				if d := cmp.Diff(before, b.Record(), dateCmp, actorCmp); d != "" {
					t.Errorf("a refusal changed the book:\n%s", d)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			s, _ := b.Signing("s1")
			if s.State != tc.state || s.ClosedBy != tc.closeBy || !s.ClosedAt.Equal(at(1)) || s.Reason != tc.reason {
				t.Errorf("signing %+v", s)
			}
			if len(evs) != 1 || evs[0].To != tc.state.String() || evs[0].Note != tc.reason || evs[0].Type != "mcn.signing_"+tc.closeBy.String() {
				t.Errorf("events %+v", evs)
			}
			h := b.History()
			if last := h[len(h)-1]; last.Action != tc.closeBy || last.Reason != tc.reason || !last.At.Equal(at(1)) {
				t.Errorf("history ends with %+v", last)
			}
		})
	}
}

// TestExpire_MCN1: the sweep ends active signings and lapses proposals
// whose term ended before today, at the first instant after the term,
// whenever it runs; nothing else.
func TestExpire_MCN1(t *testing.T) {
	def := mcn.DefaultPolicy()
	b := newBook(t)
	must(t)(b.Propose(mcnA, t0, with(prop("s1"), func(p *mcn.Proposal) { p.End = d(10) }), def))
	must(t)(b.Propose(mcnB, t0, with(prop("s2"), func(p *mcn.Proposal) { p.Start, p.End = d(5), d(10) }), def))
	must(t)(b.Accept(creator1, t0, "s1", def))
	must(t)(b.Propose(mcnB, t0, with(prop("s3"), func(p *mcn.Proposal) { p.Start, p.End = d(11), d(20) }), def))
	if _, err := b.Expire(mcnA, at(11)); err == nil {
		t.Fatal("an MCN ran the sweep")
	}
	for _, day := range []int{0, 10} {
		if b.Due(d(day)) {
			t.Errorf("MCN-1 X-1 due on d(%d), the last day of the term or before", day)
		}
		if evs := must(t)(b.Expire(ops, at(day).Add(13*time.Hour))); len(evs) != 0 {
			t.Errorf("MCN-1 X-1 the sweep on d(%d) changed %d signings", day, len(evs))
		}
	}
	if !b.Due(d(11)) {
		t.Error("MCN-1 not due the day after the term")
	}
	evs := must(t)(b.Expire(ops, at(15)))
	if len(evs) != 2 || evs[0].Type != "mcn.signing_expired" || evs[1].Type != "mcn.signing_lapsed" || evs[0].Actor != ops {
		t.Fatalf("events %+v", evs)
	}
	for _, tc := range []struct {
		id    string
		state mcn.State
		by    mcn.Action
	}{{"s1", mcn.StateEnded, mcn.ActionExpire}, {"s2", mcn.StateLapsed, mcn.ActionLapse}, {"s3", mcn.StateProposed, 0}} {
		s, _ := b.Signing(tc.id)
		if s.State != tc.state || s.ClosedBy != tc.by {
			t.Errorf("%s: %v closed by %v, want %v by %v", tc.id, s.State, s.ClosedBy, tc.state, tc.by)
		}
		if tc.by != 0 && !s.ClosedAt.Equal(time.Date(2026, 3, 13, 0, 0, 0, 0, starmap.CST())) {
			t.Errorf("%s closed at %v, want 2026-03-13 00:00 CST (the day after 2026-03-12)", tc.id, s.ClosedAt)
		}
	}
	if evs := must(t)(b.Expire(ops, at(16))); len(evs) != 0 {
		t.Errorf("a second sweep changed %d signings", len(evs))
	}
	var nilBook *mcn.Book
	if _, err := nilBook.Expire(ops, t0); err == nil {
		t.Error("Expire on a nil book")
	}
}

// TestFromRecord_X8: a book reads back from its record exactly, and a
// record no Book could have produced is refused.
func TestFromRecord_X8(t *testing.T) {
	b := signed(t)
	must(t)(b.Propose(mcnB, t0, with(prop("s2"), func(p *mcn.Proposal) { p.Start, p.End = d(400), d(500) }), mcn.DefaultPolicy()))
	must(t)(b.Decline(creator1, at(1), "s2", "不考虑"))
	must(t)(b.End(mcnA, at(2), "s1", "到此为止"))
	r := b.Record()
	back, err := mcn.FromRecord(r)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r, back.Record(), dateCmp, actorCmp); d != "" {
		t.Fatalf("round trip (-record +rebuilt):\n%s", d)
	}
	breaks := map[string]func(r *mcn.Record){
		"bad creator":                func(r *mcn.Record) { r.Creator = "" },
		"bad signing id":             func(r *mcn.Record) { r.Signings[0].ID = "s 1" },
		"signing id twice":           func(r *mcn.Record) { r.Signings[1].ID = r.Signings[0].ID },
		"bad MCN":                    func(r *mcn.Record) { r.Signings[0].MCN = "" },
		"another creator's signing":  func(r *mcn.Record) { r.Signings[0].Creator = "c-2" },
		"no account":                 func(r *mcn.Record) { r.Signings[0].Accounts = nil },
		"end before start":           func(r *mcn.Record) { r.Signings[0].End = r.Signings[0].Start.AddDays(-1) },
		"no start":                   func(r *mcn.Record) { r.Signings[0].Start = starmap.Date{} },
		"share 10001":                func(r *mcn.Record) { r.Signings[0].ShareBP = 10001 },
		"state 0":                    func(r *mcn.Record) { r.Signings[0].State = 0 },
		"no proposal instant":        func(r *mcn.Record) { r.Signings[0].ProposedAt = time.Time{} },
		"ended without acceptance":   func(r *mcn.Record) { r.Signings[0].AcceptedAt = time.Time{} },
		"declined with acceptance":   func(r *mcn.Record) { r.Signings[1].AcceptedAt = t0 },
		"ended without closure":      func(r *mcn.Record) { r.Signings[0].ClosedAt = time.Time{} },
		"declined by an expiry":      func(r *mcn.Record) { r.Signings[1].ClosedBy = mcn.ActionExpire },
		"active with a closure":      func(r *mcn.Record) { r.Signings[0].State, r.Signings[0].ClosedAt = mcn.StateActive, time.Time{} },
		"reason with a NUL":          func(r *mcn.Record) { r.Signings[0].Reason = "a\x00" },
		"history of another signing": func(r *mcn.Record) { r.History[0].Signing = "s9" },
		"history with a bad actor":   func(r *mcn.Record) { r.History[0].Actor = starmap.Actor{} },
		"history with action 0":      func(r *mcn.Record) { r.History[0].Action = 0 },
	}
	for name, f := range breaks {
		t.Run(name, func(t *testing.T) {
			r := b.Record()
			f(&r)
			_, err := mcn.FromRecord(r)
			wantRule(t, err, mcn.ErrRecordInvalid)
		})
	}
}

// TestNilBook: methods of a nil *Book answer, never panic.
func TestNilBook(t *testing.T) {
	var b *mcn.Book
	if b.Creator() != "" || b.Signings() != nil || b.History() != nil || b.Version() != 0 || b.Due(day0) {
		t.Error("a nil book is not empty")
	}
	if _, ok := b.TermsAt(t0); ok {
		t.Error("a nil book has terms")
	}
	if _, ok := b.Signing("s1"); ok {
		t.Error("a nil book has a signing")
	}
	for name, f := range map[string]func() error{
		"Propose":  func() error { _, err := b.Propose(mcnA, t0, prop("s1"), mcn.Policy{}); return err },
		"Accept":   func() error { _, err := b.Accept(creator1, t0, "s1", mcn.Policy{}); return err },
		"Decline":  func() error { _, err := b.Decline(creator1, t0, "s1", ""); return err },
		"Withdraw": func() error { _, err := b.Withdraw(mcnA, t0, "s1", ""); return err },
		"End":      func() error { _, err := b.End(mcnA, t0, "s1", "x"); return err },
	} {
		if err := f(); err == nil || len(starmap.Codes(err)) == 0 {
			t.Errorf("%s on a nil book = %v, want a coded error", name, err)
		}
	}
	if _, err := mcn.NewBook("c 1"); err == nil {
		t.Error("NewBook took a bad id")
	}
	if r := b.Record(); r.Creator != "" {
		t.Error("a nil book has a record")
	}
}
