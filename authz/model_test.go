package authz

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
)

// The reference model of the all-sales rules: per pair, the set of days
// covered, whether the pair has a grant, whether it is revoked. Each rule is
// stated on the set directly, independently of Grant's periods.
type modelPair struct {
	exists  bool
	revoked bool
	days    map[starmap.Date]bool
	lastDay starmap.Date
}

func (m *modelPair) status(day starmap.Date) Status {
	switch {
	case !m.exists:
		return StatusNone
	case m.revoked:
		return StatusRevoked
	case m.days[day]:
		return StatusAuthorized
	case m.lastDay.After(day):
		return StatusNotYetValid
	}
	return StatusExpired
}

// last is the last covered day (the zero Date if none).
func (m *modelPair) last() starmap.Date { return m.lastDay }

func (m *modelPair) cover(from, to starmap.Date) {
	for x := from; !x.After(to); x = x.AddDays(1) {
		m.days[x] = true
	}
	m.recount()
}

// recount finds the last covered day again, by looking at every one.
func (m *modelPair) recount() {
	m.lastDay = starmap.Date{}
	for x := range m.days {
		if x.After(m.lastDay) {
			m.lastDay = x
		}
	}
}

// step is one operation of a generated scenario.
type step struct {
	advance    int // days the clock moves before the operation (0..40)
	op         Op
	pair       int // index into modelPairs
	start, end int // offsets from today (start) and from start (end)
}

var modelCreators = []string{"c0", "c1"}
var modelGrantees = []Party{MerchantParty("m0"), AgencyParty("a0"), MerchantParty("c0")}

func pairOf(i int) GrantKey {
	return GrantKey{Creator: modelCreators[i%len(modelCreators)], Grantee: modelGrantees[i/len(modelCreators)%len(modelGrantees)]}
}

const modelPairs = 6

// fataler is what runScenario needs of *testing.T and *rapid.T.
type fataler interface {
	Fatalf(format string, args ...any)
}

// runScenario applies the steps to real grants, the reference model and an
// index, and checks after every step that all three agree: success or
// refusal of the operation, the status on a window of days, and the access
// check of every kind of account (index vs Scan vs model).
func runScenario(t fataler, steps []step) {
	today := starmap.MustDate(2027, 12, 20) // crosses 2028-02-29
	grants := make([]Grant, modelPairs)
	models := make([]modelPair, modelPairs)
	for i := range models {
		models[i].days = map[starmap.Date]bool{}
	}
	ix := NewIndex()
	var version uint64
	// past holds, per pair, the status each day had when it was lived — as
	// the model said on that day — for days already gone: Status must
	// answer them from the history, not from the grant as it stands now.
	past := make([]map[starmap.Date]Status, modelPairs)
	for i := range past {
		past[i] = map[starmap.Date]Status{}
	}
	for n, s := range steps {
		prev := today
		today = today.AddDays(s.advance)
		for i := range models {
			for day := today.AddDays(-3); day.Before(today); day = day.AddDays(1) {
				if day.After(prev) {
					past[i][day] = models[i].status(day)
				}
			}
		}
		now := today.StartOfDay().Add(23*time.Hour + 59*time.Minute) // late in the day, still today in CST
		if s.end%2 == 0 {
			// Half of the steps go to the next pair whose status admits
			// the operation, if there is one: successes are common enough
			// to build long histories, and the other half still tries
			// operations the status refuses.
			s.pair = retarget(models, s.pair, s.op, today)
		}
		key := pairOf(s.pair)
		by := starmap.CreatorActor(key.Creator)
		g, m := grants[s.pair], &models[s.pair]
		start := today.AddDays(s.start)
		end := start.AddDays(s.end)
		st := m.status(today)

		var next Grant
		var err error
		var allowed bool
		switch s.op {
		case OpGrant:
			allowed = (st == StatusNone || st == StatusRevoked) && !start.Before(today) && !end.Before(start)
			if !m.exists {
				next, _, err = NewGrant(by, now, key.Grantee, start, end, "")
			} else {
				next = g
				_, err = next.Regrant(by, now, start, end, "")
			}
			if allowed {
				m.exists, m.revoked = true, false
				m.cover(start, end)
			}
		case OpRevoke:
			allowed = st == StatusAuthorized || st == StatusNotYetValid
			next = g
			_, err = next.Revoke(by, now, "")
			if allowed {
				m.revoked = true
				for x := range m.days {
					if !x.Before(today) {
						delete(m.days, x)
					}
				}
				m.recount()
			}
		case OpEarlyRenew:
			end = m.last().AddDays(s.end - 1) // around the current end: -3 … +
			allowed = st == StatusAuthorized && end.After(m.last())
			next = g
			_, err = next.EarlyRenew(by, now, end, "")
			if allowed {
				m.cover(today.AddDays(1), end)
			}
		case OpRenew:
			allowed = st == StatusExpired && !start.Before(today) && !end.Before(start)
			next = g
			_, err = next.Renew(by, now, start, end, "")
		}
		if s.op == OpRenew && allowed {
			m.cover(start, end)
		}
		if allowed != (err == nil) {
			t.Fatalf("step %d %v on %s (%s..%s) for %v: model says allowed=%v, got err=%v", n, s.op, today, start, end, key, allowed, err)
		}
		if err != nil && !reflect.DeepEqual(next.Record(), g.Record()) {
			t.Fatalf("step %d: a refused %v changed the grant", n, s.op)
		}
		if err == nil {
			version++
			grants[s.pair] = next.WithVersion(version)
			ix.PutGrant(next, version)
			if _, rerr := FromRecord(next.Record()); rerr != nil {
				t.Fatalf("step %d: record of a valid grant refused: %v", n, rerr)
			}
		}
		for i := range models {
			past[i][today] = models[i].status(today)
		}
		checkAgreement(t, n, today, grants, models, ix)
	}
	for i := range past {
		for day, want := range past[i] {
			if got := grants[i].Status(day); got != want {
				t.Fatalf("%v Status(%s) = %v, but the day was %v (periods %v, last change %s)",
					pairOf(i), day, got, want, periods(grants[i]), grants[i].LastChange())
			}
		}
	}
}

func retarget(models []modelPair, pair int, op Op, today starmap.Date) int {
	for k := 0; k < len(models); k++ {
		i := (pair + k) % len(models)
		switch st := models[i].status(today); op {
		case OpGrant:
			if st == StatusNone || st == StatusRevoked {
				return i
			}
		case OpRevoke:
			if st == StatusAuthorized || st == StatusNotYetValid {
				return i
			}
		case OpEarlyRenew:
			if st == StatusAuthorized {
				return i
			}
		case OpRenew:
			if st == StatusExpired {
				return i
			}
		}
	}
	return pair
}

func checkAgreement(t fataler, n int, today starmap.Date, grants []Grant, models []modelPair, ix *Index) {
	var present []Grant
	for i := range grants {
		if models[i].exists {
			present = append(present, grants[i])
		}
	}
	for i := range grants {
		key := pairOf(i)
		var accounts []starmap.Actor
		if key.Grantee.Kind == Merchant {
			accounts = []starmap.Actor{starmap.AdvertiserActor(key.Grantee.ID), starmap.SubAccountActor(key.Grantee.ID, "sub")}
		} else {
			accounts = []starmap.Actor{starmap.MCNActor(key.Grantee.ID)}
		}
		for off := -2; off <= 70; off++ {
			day := today.AddDays(off)
			want := models[i].status(day)
			if got := grants[i].standing(day); models[i].exists && got != want {
				t.Fatalf("after step %d: %v standing(%s) = %v, model %v (periods %v)", n, key, day, got, want, periods(grants[i]))
			}
			if got := grants[i].Status(day); models[i].exists && !day.Before(grants[i].LastChange()) && got != want {
				t.Fatalf("after step %d: %v Status(%s) = %v, model %v (periods %v)", n, key, day, got, want, periods(grants[i]))
			}
			for _, a := range accounts {
				q := Query{Account: a, Creator: key.Creator, Scope: AllSales, Day: day}
				wantD := grantDecision(want)
				if a.Role() == starmap.RoleAdvertiserSub {
					wantD = DeniedSubAccount
				}
				scan, fast := Scan(present, nil, q), ix.Check(q)
				if scan != wantD || fast != wantD {
					t.Fatalf("after step %d: %v on %s by %v: Scan %v, Index %v, model %v", n, key, day, a, scan, fast, wantD)
				}
				// A live session never requested: open to a main account
				// or agency exactly on the days its all-sales grant is.
				q.Scope, q.Session = LiveSession, "room"
				wantD = DeniedNoGrant
				if want == StatusAuthorized && a.Role() != starmap.RoleAdvertiserSub {
					wantD = Allowed
				}
				scan, fast = Scan(present, nil, q), ix.Check(q)
				if scan != wantD || fast != wantD {
					t.Fatalf("after step %d: live session of %v on %s by %v: Scan %v, Index %v, model %v", n, key, day, a, scan, fast, wantD)
				}
			}
		}
	}
}

func genStep(t *rapid.T) step {
	// Short steps and a few busy pairs most of the time, so that grants are
	// still valid (or just expired) when the next operation comes.
	return step{
		advance: rapid.OneOf(rapid.IntRange(0, 2), rapid.IntRange(0, 60)).Draw(t, "advance"),
		op:      Op(rapid.IntRange(int(OpGrant), int(OpRenew)).Draw(t, "op")),
		pair:    rapid.OneOf(rapid.IntRange(0, 1), rapid.IntRange(0, modelPairs-1)).Draw(t, "pair"),
		start:   rapid.OneOf(rapid.IntRange(0, 3), rapid.IntRange(-2, 30)).Draw(t, "start"),
		end:     rapid.OneOf(rapid.IntRange(2, 45), rapid.IntRange(-2, 45)).Draw(t, "end"),
	}
}

// TestGrantModel: random sequences of grant, revoke, early renewal and
// renewal on random days, against the reference model (AUZ-2, 4, 5, 6, 7,
// 10, 11), with the index and the scan held to the model's answers.
func TestGrantModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		steps := rapid.SliceOfN(rapid.Custom(genStep), 20, 80).Draw(t, "steps")
		runScenario(t, steps)
	})
}

// FuzzIndexMatchesScan: the same scenario driven by fuzzed bytes, five per
// step.
func FuzzIndexMatchesScan(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 30, 5, 3, 0, 0, 10, 40, 4, 0, 0, 5})
	f.Add([]byte{0, 1, 1, 2, 0, 0, 3, 1, 0, 9, 3, 2, 1, 0, 0, 1, 1, 1, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var steps []step
		for len(data) >= 5 && len(steps) < 60 {
			steps = append(steps, step{
				advance: int(data[0]) % 41,
				op:      Op(int(data[1])%4 + 1),
				pair:    int(data[2]) % modelPairs,
				start:   int(data[3])%33 - 2,
				end:     int(data[4])%48 - 2,
			})
			data = data[5:]
		}
		runScenario(t, steps)
	})
}

func (s step) String() string {
	return fmt.Sprintf("+%dd %v pair %d start %+d end %+d", s.advance, s.op, s.pair, s.start, s.end)
}
