package onboarding

import (
	"errors"
	"strings"

	"github.com/starmap-go/starmap"
)

// Route is how an applicant qualifies.
type Route uint8

// The routes.
const (
	RouteNone            Route = iota // does not qualify
	RouteFollowers                    // by followers alone (ONB-2)
	RouteMCNSigning                   // by an MCN signing alone (ONB-3, seed 000)
	RouteFollowersAndMCN              // by followers and an MCN signing (ONB-3, seed 001)
	RouteAgencyAge                    // an agency by its age (ONB-6)
	RouteSpecialApproval              // a younger agency by special approval (ONB-6)
	RouteOneClick                     // a certified merchant in one click (ONB-7)
)

var routeNames = [...]name{{"none", "不符合"}, {"followers", "粉丝数达标"}, {"mcn-signing", "MCN签约"},
	{"followers-and-mcn", "粉丝数达标且MCN签约"}, {"agency-age", "机构成立满一年"}, {"special-approval", "特批"}, {"one-click", "一键开通"}}

// String names the route: none, followers, mcn-signing, followers-and-mcn,
// agency-age, special-approval, one-click.
func (r Route) String() string { return nameOf(routeNames[:], int(r), "Route") }

// Label names the route in lang (粉丝数达标, MCN签约, 特批 … in zh-CN).
func (r Route) Label(lang starmap.Lang) string {
	return labelOf(routeNames[:], int(r), "Route", "未知途径", lang)
}

// Decision is the answer of an eligibility check: eligible by a route, or
// not, with every unmet requirement as a coded error carrying its figures.
type Decision struct {
	Eligible bool
	Route    Route
	// Reasons lists every broken condition, in the order the package doc
	// gives them; empty when eligible.
	Reasons []*starmap.Error
}

// Err joins the reasons (nil when eligible): errors.Is matches each rule.
func (d Decision) Err() error {
	errs := make([]error, len(d.Reasons))
	for i, r := range d.Reasons {
		errs[i] = r
	}
	return errors.Join(errs...)
}

// Codes lists the codes of the reasons.
func (d Decision) Codes() []starmap.Code {
	out := make([]starmap.Code, len(d.Reasons))
	for i, r := range d.Reasons {
		out[i] = r.Code()
	}
	return out
}

func decide(reasons []*starmap.Error, route Route) Decision {
	if len(reasons) > 0 {
		return Decision{Reasons: reasons}
	}
	return Decision{Eligible: true, Route: route}
}

// Applicant is a creator applying through one platform account (ONB-1).
type Applicant struct {
	Platform  Platform
	AccountID string
	Followers int64
	Standing  Standing
	// MCN is the id of the agency the creator is signed to; "" for an
	// independent creator.
	MCN string
}

// Signed reports whether the applicant is signed to an MCN agency.
func (a Applicant) Signed() bool { return a.MCN != "" }

// CheckCreator evaluates a creator against the policy (ONB-1 … ONB-4) and
// returns every broken condition (see the package doc for the list). It is
// pure and allocation-free when the applicant is eligible. It does not
// validate p: check a policy once with Validate (NewService and
// Application.Approve do); on an invalid one it still answers, never panics.
func CheckCreator(p Policy, a Applicant) Decision {
	var rs []*starmap.Error
	rule, ok := p.For(a.Platform)
	if !ok {
		rs = append(rs, ErrPlatformUnknown.New(labelled("platform", a.Platform)))
	}
	if err := starmap.ValidateID("account id", a.AccountID); err != nil {
		rs = append(rs, ErrAccountInvalid.New(idProblem("账号", err)))
	}
	if a.MCN != "" {
		if err := starmap.ValidateID("MCN id", a.MCN); err != nil {
			rs = append(rs, ErrAccountInvalid.New(idProblem("MCN机构编号", err)))
		}
	}
	if a.Followers < 0 {
		rs = append(rs, ErrFollowersNegative.New(starmap.Arg("had", a.Followers)))
	}
	switch a.Standing {
	case StandingNormal:
	case StandingViolation:
		rs = append(rs, ErrStandingViolation.New())
	case StandingRateLimited:
		rs = append(rs, ErrStandingRateLimited.New())
	default:
		rs = append(rs, ErrStandingUnknown.New(labelled("standing", a.Standing)))
	}
	if !ok {
		return decide(rs, RouteNone)
	}
	byMCN := rule.MCNRoute && a.Signed()
	byFollowers := rule.MinFollowers.Known && a.Followers >= rule.MinFollowers.Value
	if !byMCN && !byFollowers {
		if rule.MinFollowers.Known {
			rs = append(rs, ErrFollowersBelow.New(starmap.Arg("platform", a.Platform), starmap.Arg("platform_zh", a.Platform.Label(starmap.ZH)),
				starmap.Arg("needed", rule.MinFollowers.Value), starmap.Arg("had", a.Followers)))
		} else {
			rs = append(rs, ErrNoThresholdKnown.New(starmap.Arg("platform", a.Platform), starmap.Arg("platform_zh", a.Platform.Label(starmap.ZH))))
		}
	}
	if rule.MCNRequired && !a.Signed() {
		rs = append(rs, ErrMCNSigningRequired.New())
	}
	route := RouteFollowers
	switch {
	case rule.MCNRequired:
		route = RouteFollowersAndMCN
	case !byFollowers:
		route = RouteMCNSigning
	}
	return decide(rs, route)
}

// SpecialApproval is a special approval (特批) for an agency younger than
// the policy's age: who granted it, on which day, and why. Only a platform
// actor may grant one; build it with GrantSpecialApproval. CheckAgency does
// not count an approval that breaks these rules (each is its own reason).
type SpecialApproval struct {
	By     starmap.Actor
	On     starmap.Date
	Reason string
}

// IsZero reports whether there is no approval.
func (s SpecialApproval) IsZero() bool { return s.By.IsZero() && s.On.IsZero() && s.Reason == "" }

// GrantSpecialApproval records a special approval granted by a platform
// actor on a day, with its reason (rich creator resources and distinctive
// content, 达人资源丰富且内容独特). Anyone but a platform actor is refused
// with starmap.ErrActorRole; an empty reason with ErrApprovalReasonMissing,
// one that is not a valid starmap.TextNote with starmap.ErrTextInvalid.
func GrantSpecialApproval(by starmap.Actor, on starmap.Date, reason string) (SpecialApproval, error) {
	if err := starmap.RequireRole(by, starmap.RolePlatform); err != nil {
		return SpecialApproval{}, err
	}
	if err := approvalReasonField.Validate(reason); err != nil {
		return SpecialApproval{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return SpecialApproval{}, ErrApprovalReasonMissing.New()
	}
	if on.IsZero() {
		return SpecialApproval{}, ErrAgencyInvalid.New(problem("特批未注明日期", "special approval without a date"))
	}
	return SpecialApproval{By: by, On: on, Reason: reason}, nil
}

// Agency is an MCN agency applying to join (ONB-6).
type Agency struct {
	ID      string
	Founded starmap.Date
	// Qualified: the agency holds a legal business qualification (合法资质).
	Qualified bool
	// Creators is the number of creators signed to it.
	Creators int
	// FollowerVolume is the followers of its creators, as the host counts them.
	FollowerVolume int64
	// OperatingCapability: the platform found it has service and operating
	// capability (服务运营能力).
	OperatingCapability bool
	// Approval is its special approval (特批), if any.
	Approval SpecialApproval
}

// EligibleFrom is the first day on which an agency founded on founded has
// existed for more than the policy's years: the day after the anniversary
// (package doc). For the zero Date it returns the zero Date; when the
// anniversary is starmap.MaxDate() or later no day qualifies, and it returns
// MaxDate (which CheckAgency does not count as qualifying).
func (ap AgencyPolicy) EligibleFrom(founded starmap.Date) starmap.Date {
	if founded.IsZero() {
		return founded
	}
	return founded.AddYears(ap.MinAgeYears, ap.MonthEnd).AddDays(1)
}

// oldEnough reports whether an agency founded on founded has existed for
// more than the policy's years on today: today is after the anniversary.
// An anniversary past the last representable day is never passed.
func (ap AgencyPolicy) oldEnough(founded, today starmap.Date) bool {
	return today.After(founded.AddYears(ap.MinAgeYears, ap.MonthEnd))
}

// CheckAgency evaluates an MCN agency on day today (ONB-6) and returns
// every broken condition. Like CheckCreator it does not validate p.
func CheckAgency(today starmap.Date, p Policy, a Agency) Decision {
	var rs []*starmap.Error
	ap := p.Agency
	if err := starmap.ValidateID("agency id", a.ID); err != nil {
		rs = append(rs, ErrAgencyInvalid.New(idProblem("机构编号", err)))
	}
	datesOK := true
	switch {
	case a.Founded.IsZero():
		rs = append(rs, ErrAgencyInvalid.New(problem("未填写成立日期", "no founding date")))
		datesOK = false
	case today.IsZero():
		rs = append(rs, ErrAgencyInvalid.New(problem("缺少审核日期", "no date to check on")))
		datesOK = false
	case a.Founded.After(today):
		rs = append(rs, ErrAgencyInvalid.New(problem("成立日期"+a.Founded.String()+"晚于今天"+today.String(), "founded "+a.Founded.String()+", after "+today.String())))
		datesOK = false
	}
	route := RouteAgencyAge
	if datesOK {
		from := ap.EligibleFrom(a.Founded)
		if !ap.oldEnough(a.Founded, today) {
			approved := false
			if ap.SpecialApproval && !a.Approval.IsZero() {
				approved = true
				if a.Approval.By.Role() != starmap.RolePlatform || a.Approval.By.Validate() != nil {
					rs = append(rs, ErrApprovalNotByPlatform.New(actorParam("by", a.Approval.By)))
					approved = false
				}
				if err := approvalReasonField.Validate(a.Approval.Reason); err != nil {
					var e *starmap.Error
					if errors.As(err, &e) {
						rs = append(rs, e)
					}
					approved = false
				} else if strings.TrimSpace(a.Approval.Reason) == "" {
					rs = append(rs, ErrApprovalReasonMissing.New())
					approved = false
				}
				if a.Approval.On.IsZero() || a.Approval.On.After(today) || a.Approval.On.Before(a.Founded) {
					rs = append(rs, ErrApprovalDate.New(starmap.Arg("on", a.Approval.On), starmap.Arg("founded", a.Founded), starmap.Arg("today", today)))
					approved = false
				}
			}
			if approved {
				route = RouteSpecialApproval
			} else {
				rs = append(rs, ErrAgencyTooYoung.New(starmap.Arg("years", ap.MinAgeYears),
					starmap.Arg("founded", a.Founded), starmap.Arg("eligible_from", from)))
			}
		}
	}
	if !a.Qualified {
		rs = append(rs, ErrAgencyNotQualified.New())
	}
	if a.Creators < ap.MinCreators {
		rs = append(rs, ErrAgencyTooFewCreators.New(starmap.Arg("needed", ap.MinCreators), starmap.Arg("had", a.Creators)))
	}
	switch {
	case !ap.MinFollowerVolume.Known:
		rs = append(rs, ErrAgencyFollowerFigureUnknown.New())
	case a.FollowerVolume < ap.MinFollowerVolume.Value:
		rs = append(rs, ErrAgencyFollowersBelow.New(starmap.Arg("needed", ap.MinFollowerVolume.Value), starmap.Arg("had", a.FollowerVolume)))
	}
	if !a.OperatingCapability {
		rs = append(rs, ErrAgencyNoOperatingCapability.New())
	}
	return decide(rs, route)
}

// MerchantKind is the legal form of a merchant (ONB-7).
type MerchantKind uint8

// The merchant kinds.
const (
	MerchantIndividual MerchantKind = iota + 1 // 个体户, individual business
	MerchantCompany                            // 企业, any non-individual business
)

var merchantKindNames = [...]name{{}, {"individual-business", "个体户"}, {"company", "企业"}}

// String names the kind: individual-business, company.
func (k MerchantKind) String() string { return nameOf(merchantKindNames[:], int(k), "MerchantKind") }

// Label names the kind in lang (个体户, 企业 in zh-CN).
func (k MerchantKind) Label(lang starmap.Lang) string {
	return labelOf(merchantKindNames[:], int(k), "MerchantKind", "未知类型", lang)
}

// Merchant is a merchant asking to open a Star Map account in one click
// from its merchant back office (ONB-7).
type Merchant struct {
	ID   string
	Kind MerchantKind
	// Certified: the qualification is certified in the merchant back office.
	Certified bool
	// Platform is the platform of the account it opens with.
	Platform Platform
}

// CheckMerchant evaluates a one-click opening (ONB-7) and returns every
// broken condition.
func CheckMerchant(m Merchant) Decision {
	var rs []*starmap.Error
	if err := starmap.ValidateID("merchant id", m.ID); err != nil {
		rs = append(rs, ErrMerchantInvalid.New(idProblem("商家编号", err)))
	}
	if !m.Certified {
		rs = append(rs, ErrMerchantNotCertified.New())
	}
	switch m.Kind {
	case MerchantCompany:
	case MerchantIndividual:
		rs = append(rs, ErrMerchantIndividual.New())
	default:
		rs = append(rs, ErrMerchantInvalid.New(problem("商家类型未知("+m.Kind.Label(starmap.ZH)+")", "unknown merchant kind "+m.Kind.String())))
	}
	if m.Platform != Douyin && m.Platform != Toutiao {
		rs = append(rs, ErrMerchantPlatform.New(starmap.Arg("platform", m.Platform), starmap.Arg("platform_zh", m.Platform.Label(starmap.ZH))))
	}
	return decide(rs, RouteOneClick)
}
