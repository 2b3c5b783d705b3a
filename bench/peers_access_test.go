package bench

import (
	"context"
	"strconv"
	"testing"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/cedar-policy/cedar-go"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

func scopeName(s authz.Scope) string {
	if s == authz.LiveSession {
		return "live_session"
	}
	return "all_sales"
}

// ---- casbin: an ABAC matcher over one policy line per span and per
// granted live session. Dates are ISO strings, which compare in order.

const casbinModel = `
[request_definition]
r = party, main, creator, scope, session, day

[policy_definition]
p = party, creator, scope, session, start, end

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.party == p.party && r.creator == p.creator && (p.scope == "all_sales" && r.main == "1" && r.day >= p.start && r.day <= p.end || p.scope == "live_session" && r.scope == "live_session" && r.session == p.session)
`

func newCasbin(tb testing.TB, f facts) checker {
	tb.Helper()
	m, err := model.NewModelFromString(casbinModel)
	if err != nil {
		tb.Fatal(err)
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		tb.Fatal(err)
	}
	var rules [][]string
	for creator, ps := range f {
		for party, x := range ps {
			for _, s := range x.spans {
				rules = append(rules, []string{party, creator, "all_sales", "", s[0].String(), s[1].String()})
			}
			for _, session := range x.sessions {
				rules = append(rules, []string{party, creator, "live_session", session, "", ""})
			}
		}
	}
	if _, err := e.AddPolicies(rules); err != nil {
		tb.Fatal(err)
	}
	return checker{"casbin",
		func(q authz.Query) any {
			party, main := principal(q.Account)
			m := "0"
			if main {
				m = "1"
			}
			return []any{party, m, q.Creator, scopeName(q.Scope), q.Session, q.Day.String()}
		},
		func(r any) bool {
			ok, err := e.Enforce(r.([]any)...)
			if err != nil {
				panic(err)
			}
			return ok
		}}
}

// ---- cedar: a Creator entity per creator whose tags, keyed by grantee
// party, hold the spans (s0,e0 and s1,e1: cedar has no quantifier over a
// set of records, so the policy unrolls the at most maxSpans spans the data
// has; the test checks that bound) and the set of granted live sessions.
// The principal is an Account entity with its party and whether it is a
// main account (or agency). Days are Longs.

const maxSpans = 2

const cedarPolicies = `
permit (principal, action in [Action::"all_sales", Action::"live_session"], resource is Creator)
when {
  principal.main && resource.hasTag(principal.party) &&
  ((resource.getTag(principal.party) has s0 && resource.getTag(principal.party).s0 <= context.day && context.day <= resource.getTag(principal.party).e0) ||
   (resource.getTag(principal.party) has s1 && resource.getTag(principal.party).s1 <= context.day && context.day <= resource.getTag(principal.party).e1))
};
permit (principal, action == Action::"live_session", resource is Creator)
when {
  resource.hasTag(principal.party) && resource.getTag(principal.party).sessions.contains(context.session)
};
`

func newCedar(tb testing.TB, f facts) checker {
	tb.Helper()
	ps, err := cedar.NewPolicySetFromBytes("access.cedar", []byte(cedarPolicies))
	if err != nil {
		tb.Fatal(err)
	}
	entities := cedar.EntityMap{}
	for creator, parties := range f {
		tags := cedar.RecordMap{}
		for party, x := range parties {
			rec := cedar.RecordMap{}
			for i, s := range x.spans {
				rec[cedar.String("s"+strconv.Itoa(i))] = cedar.Long(dayNumber(s[0]))
				rec[cedar.String("e"+strconv.Itoa(i))] = cedar.Long(dayNumber(s[1]))
			}
			var sessions []cedar.Value
			for _, s := range x.sessions {
				sessions = append(sessions, cedar.String(s))
			}
			rec["sessions"] = cedar.NewSet(sessions...)
			tags[cedar.String(party)] = cedar.NewRecord(rec)
		}
		uid := cedar.NewEntityUID("Creator", cedar.String(creator))
		entities[uid] = cedar.Entity{UID: uid, Tags: cedar.NewRecord(tags)}
	}
	account := func(a starmap.Actor) cedar.EntityUID {
		uid := cedar.NewEntityUID("Account", cedar.String(a.String()))
		if _, ok := entities[uid]; !ok {
			party, main := principal(a)
			entities[uid] = cedar.Entity{UID: uid, Attributes: cedar.NewRecord(cedar.RecordMap{
				"party": cedar.String(party), "main": cedar.Boolean(main)})}
		}
		return uid
	}
	return checker{"cedar",
		func(q authz.Query) any {
			// The accounts are entities the host keeps; prep registers
			// each query's account once, before any check runs.
			return cedar.Request{
				Principal: account(q.Account),
				Action:    cedar.NewEntityUID("Action", cedar.String(scopeName(q.Scope))),
				Resource:  cedar.NewEntityUID("Creator", cedar.String(q.Creator)),
				Context: cedar.NewRecord(cedar.RecordMap{
					"day": cedar.Long(dayNumber(q.Day)), "session": cedar.String(q.Session)}),
			}
		},
		func(r any) bool {
			ok, _ := cedar.Authorize(ps, entities, r.(cedar.Request))
			return ok == cedar.Allow
		}}
}

// ---- rego: the grants as data (data.grants[creator][party] = {spans,
// sessions}), a prepared query for data.starmap.access.allow, the input
// parsed once per query outside the timed loop.

const regoModule = `package starmap.access

default allow := false

allow if {
	input.main
	some span in data.grants[input.creator][input.party].spans
	span[0] <= input.day
	input.day <= span[1]
}

allow if {
	input.scope == "live_session"
	data.grants[input.creator][input.party].sessions[input.session]
}
`

func newRego(tb testing.TB, f facts) checker {
	tb.Helper()
	grants := map[string]any{}
	for creator, parties := range f {
		pm := map[string]any{}
		for party, x := range parties {
			spans := []any{}
			for _, s := range x.spans {
				spans = append(spans, []any{dayNumber(s[0]), dayNumber(s[1])})
			}
			sessions := map[string]any{}
			for _, s := range x.sessions {
				sessions[s] = true
			}
			pm[party] = map[string]any{"spans": spans, "sessions": sessions}
		}
		grants[creator] = pm
	}
	ctx := context.Background()
	pq, err := rego.New(rego.Query("data.starmap.access.allow"), rego.Module("access.rego", regoModule),
		rego.Store(inmem.NewFromObject(map[string]any{"grants": grants}))).PrepareForEval(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return checker{"opa-rego",
		func(q authz.Query) any {
			party, main := principal(q.Account)
			v, err := ast.InterfaceToValue(map[string]any{"party": party, "main": main, "creator": q.Creator,
				"scope": scopeName(q.Scope), "session": q.Session, "day": dayNumber(q.Day)})
			if err != nil {
				tb.Fatal(err)
			}
			return v
		},
		func(in any) bool {
			rs, err := pq.Eval(ctx, rego.EvalParsedInput(in.(ast.Value)))
			if err != nil {
				panic(err)
			}
			return rs.Allowed()
		}}
}
