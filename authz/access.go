package authz

import (
	"github.com/starmap-go/starmap"
)

// Scope is what data an access question is about (AUZ-1).
type Scope uint8

const (
	// AllSales is all of a creator's sales data (全部带货数据).
	AllSales Scope = iota + 1
	// LiveSession is the data of one live session (单个直播间数据).
	LiveSession
)

var scopeNames = names{AllSales: {"all-sales", "全部带货数据"}, LiveSession: {"live-session", "单个直播间数据"}}

// String names the scope: all-sales or live-session.
func (s Scope) String() string { return scopeNames.text(uint8(s), starmap.EN, "Scope", "未知范围") }

// Label names the scope in lang (全部带货数据, 单个直播间数据 in zh-CN).
func (s Scope) Label(lang starmap.Lang) string {
	return scopeNames.text(uint8(s), lang, "Scope", "未知范围")
}

// Query is the question every data read asks (AUZ-10): may Account see
// Creator's data of Scope (and Session, for LiveSession) on Day?
type Query struct {
	// Account is who reads: an advertiser's main account or sub-account,
	// or an agency (MCN).
	Account starmap.Actor
	Creator string
	Scope   Scope
	// Session is the live session, for LiveSession only. The index knows
	// no catalogue of sessions, so nothing ties Session to Creator: the
	// host must pass the creator whose session it really is (from its own
	// record of the session, never from the caller's request). A session
	// paired with the wrong creator is answered for that creator — and an
	// all-sales grant of that creator allows it.
	Session string
	// Day is the day of the read, in CST (starmap.DateOf of its instant).
	Day starmap.Date
}

// Decision is the answer to a Query: Allowed, or the reason it is not.
type Decision uint8

const (
	// DeniedUnknown is the zero Decision; it is never returned and it is a
	// denial, so that a forgotten answer never grants anything.
	DeniedUnknown Decision = iota
	// Allowed: a grant covers the day (all-sales) or the session is granted.
	Allowed
	// DeniedInvalidQuery: the query is malformed (zero day, empty creator,
	// unknown scope, live session without a session id, invalid account).
	DeniedInvalidQuery
	// DeniedRole: the account is not a merchant or an agency.
	DeniedRole
	// DeniedSubAccount: all-sales data asked by a sub-account (AUZ-9).
	DeniedSubAccount
	// DeniedNoGrant: no grant (or live request not granted).
	DeniedNoGrant
	// DeniedRevoked: the grant was revoked.
	DeniedRevoked
	// DeniedNotYetValid: the grant starts after the day (AUZ-11).
	DeniedNotYetValid
	// DeniedExpired: the grant ended before the day.
	DeniedExpired
	// DeniedNotReady: asked of a Service that was not made by NewService
	// (Decision.Err is starmap.ErrServiceNotReady). An Index never
	// answers it.
	DeniedNotReady
)

var decisionNames = names{
	DeniedUnknown:      {"denied-unknown", "拒绝(原因未知)"},
	Allowed:            {"allowed", "允许"},
	DeniedInvalidQuery: {"denied-invalid-query", "拒绝:查询无效"},
	DeniedRole:         {"denied-role", "拒绝:非被授权方"},
	DeniedSubAccount:   {"denied-sub-account", "拒绝:子账号不支持查看全部带货数据"},
	DeniedNoGrant:      {"denied-no-grant", "拒绝:未授权"},
	DeniedRevoked:      {"denied-revoked", "拒绝:已被解除授权"},
	DeniedNotYetValid:  {"denied-not-yet-valid", "拒绝:授权尚未生效"},
	DeniedExpired:      {"denied-expired", "拒绝:授权已到期"},
	DeniedNotReady:     {"denied-not-ready", "拒绝:服务未初始化"},
}

// String names the decision: allowed, denied-expired, ….
func (d Decision) String() string {
	return decisionNames.text(uint8(d), starmap.EN, "Decision", "未知结果")
}

// Label names the decision in lang (允许, 拒绝:授权已到期 … in zh-CN).
func (d Decision) Label(lang starmap.Lang) string {
	return decisionNames.text(uint8(d), lang, "Decision", "未知结果")
}

// Allowed reports whether the read may go ahead.
func (d Decision) Allowed() bool { return d == Allowed }

// Err is nil for Allowed and otherwise the coded error of the reason, for a
// host to return or render (it allocates; the check itself does not).
func (d Decision) Err() error {
	switch d {
	case Allowed:
		return nil
	case DeniedInvalidQuery:
		return ErrQueryInvalid.New(starmap.LabeledArg("problem", "查询格式错误", "malformed query"))
	case DeniedRole:
		return ErrAccessRole.New()
	case DeniedSubAccount:
		return ErrSubAccountAllSales.New()
	case DeniedRevoked:
		return ErrAccessRevoked.New()
	case DeniedNotYetValid:
		return ErrAccessNotYetValid.New()
	case DeniedExpired:
		return ErrAccessExpired.New()
	case DeniedNotReady:
		return starmap.ErrServiceNotReady.New()
	}
	return ErrAccessNoGrant.New()
}

// precheck answers what a query decides before any grant is looked at: the
// party it asks for and Allowed, or the denial that is already the answer.
func precheck(q *Query) (Party, Decision) {
	if q.Day.IsZero() || q.Creator == "" {
		return Party{}, DeniedInvalidQuery
	}
	role := q.Account.Role()
	var p Party
	switch q.Scope {
	case AllSales:
		switch role {
		case starmap.RoleAdvertiser:
			p = Party{Kind: Merchant, ID: q.Account.ID()}
		case starmap.RoleMCN:
			p = Party{Kind: Agency, ID: q.Account.ID()}
		case starmap.RoleAdvertiserSub:
			return Party{}, DeniedSubAccount
		}
	case LiveSession:
		if q.Session == "" {
			return Party{}, DeniedInvalidQuery
		}
		switch role {
		case starmap.RoleAdvertiser, starmap.RoleAdvertiserSub:
			p = Party{Kind: Merchant, ID: q.Account.Advertiser()}
		case starmap.RoleMCN:
			p = Party{Kind: Agency, ID: q.Account.ID()}
		}
	default:
		return Party{}, DeniedInvalidQuery
	}
	switch {
	case p.Kind == 0 && role.Valid():
		return Party{}, DeniedRole
	case p.Kind == 0 || p.ID == "":
		return Party{}, DeniedInvalidQuery
	}
	return p, Allowed
}

// grantDecision maps a grant's status on the day to the answer.
func grantDecision(s Status) Decision {
	switch s {
	case StatusAuthorized:
		return Allowed
	case StatusNotYetValid:
		return DeniedNotYetValid
	case StatusExpired:
		return DeniedExpired
	case StatusRevoked:
		return DeniedRevoked
	}
	return DeniedNoGrant
}

// Scan answers q by looking at every grant and request given: the plain
// statement of the access rule (AUZ-9, AUZ-10). A live-session query is
// allowed by a granted request for that session, or — for a main account
// or an agency, not a sub-account (AUZ-9) — by an all-sales grant valid on
// the day, since all-sales data includes every session (seed QA 1); when
// neither allows, the answer is the session's reason.
//
// Each grant answers as it stands now (its status from its current periods
// and revocation), whatever day the query names: Query.Day is the day of
// the read, and a read is never allowed on the strength of a state that no
// longer holds — a revoked grant denies every day, also the days it once
// covered. (Grant.Status, which reports what a past day was, answers those
// days from the history instead.)
//
// Scan is linear in its input; Index answers the same in constant time,
// and the tests hold the two to the same answers.
func Scan(grants []Grant, lives []LiveRequest, q Query) Decision {
	p, d := precheck(&q)
	if d != Allowed {
		return d
	}
	if q.Scope == AllSales {
		for i := range grants {
			if k := grants[i].Key(); k.Creator == q.Creator && k.Grantee == p {
				return grantDecision(grants[i].standing(q.Day))
			}
		}
		return DeniedNoGrant
	}
	d = DeniedNoGrant
	for i := range lives {
		if k := lives[i].Key(); k.Creator == q.Creator && k.Session == q.Session && k.Grantee == p {
			d = liveDecision(lives[i].State())
			break
		}
	}
	if d == Allowed || q.Account.Role() == starmap.RoleAdvertiserSub {
		return d
	}
	// All-sales data includes every live session (AUZ-1, QA 1): a main
	// account or agency holding an all-sales grant valid on the day may see
	// any session of the creator.
	for i := range grants {
		if k := grants[i].Key(); k.Creator == q.Creator && k.Grantee == p && grants[i].standing(q.Day) == StatusAuthorized {
			return Allowed
		}
	}
	return d
}

func liveDecision(s LiveState) Decision {
	switch s {
	case LiveGranted:
		return Allowed
	case LiveRevoked:
		return DeniedRevoked
	}
	return DeniedNoGrant
}
