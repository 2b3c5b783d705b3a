package onboarding

import (
	"errors"
	"strconv"

	"github.com/starmap-go/starmap"
)

// Figure is a policy figure that may be unknown: the seeds give some
// thresholds and not others, and an unknown one is never guessed (ONB-2).
// The zero Figure is unknown.
type Figure struct {
	Known bool
	Value int64
}

// FigureOf is the known figure n.
func FigureOf(n int64) Figure { return Figure{Known: true, Value: n} }

// Unknown is the figure the policy does not have (the zero Figure). It is a
// function, not a variable, so that no one can change what "unknown" means.
func Unknown() Figure { return Figure{} }

// String renders the value, or "none" when unknown.
func (f Figure) String() string {
	if !f.Known {
		return "none"
	}
	return strconv.FormatInt(f.Value, 10)
}

// PlatformPolicy is the creator rule for one platform (ONB-2, ONB-3).
type PlatformPolicy struct {
	// MinFollowers is the follower threshold: at least this many (以上,
	// the figure itself included). Unknown: no threshold known.
	MinFollowers Figure
	// MCNRoute: signing with an MCN agency is another route in, which
	// stands on its own (seed 000).
	MCNRoute bool
	// MCNRequired: an MCN signing is required as well as the followers
	// (seed 001).
	MCNRequired bool
}

// AgencyPolicy holds the figures of ONB-6.
type AgencyPolicy struct {
	// MinAgeYears: the agency must have existed for more than this many
	// years (1: 成立时间超过一年以上).
	MinAgeYears int
	// MonthEnd resolves a founding day the anniversary year lacks
	// (29 February); ClampToMonthEnd in the presets (民法典 第202条).
	MonthEnd starmap.MonthEnd
	// SpecialApproval: a younger agency may join with a special approval (特批).
	SpecialApproval bool
	// MinCreators: at least this many signed creators (不少于5人).
	MinCreators int
	// MinFollowerVolume: the follower volume the host requires; the seeds
	// give no figure (有一定粉丝量), so the presets leave it Unknown.
	MinFollowerVolume Figure
}

// Policy is the rule book of onboarding as a value (ONB-2, ONB-3, ONB-5,
// ONB-6). Build one from a preset, change fields, and Validate it; a Service
// refuses an invalid policy.
type Policy struct {
	// Name identifies the policy in decisions and logs.
	Name string
	// One rule per platform of ONB-1.
	Douyin, Xigua, Huoshan, Toutiao PlatformPolicy
	// Agency holds the MCN agency figures (ONB-6).
	Agency AgencyPolicy
	// OpeningWorkdays is the opening SLA: the account opens within this
	// many working days of the confirmation (ONB-5; 3 in the seeds).
	OpeningWorkdays int
}

// Preset names.
const (
	PresetSeed2023 = "seed-000-2023"
	PresetSeed2022 = "seed-001-2022"
)

func presetAgency() AgencyPolicy {
	return AgencyPolicy{MinAgeYears: 1, MonthEnd: starmap.ClampToMonthEnd, SpecialApproval: true, MinCreators: 5}
}

// Policy2023 reads seed 000 (2023): Douyin at least 100,000 followers,
// Xigua and Huoshan at least 50,000, Toutiao no threshold known; an MCN
// signing is another route on every platform.
func Policy2023() Policy {
	return Policy{
		Name:            PresetSeed2023,
		Douyin:          PlatformPolicy{MinFollowers: FigureOf(100000), MCNRoute: true},
		Xigua:           PlatformPolicy{MinFollowers: FigureOf(50000), MCNRoute: true},
		Huoshan:         PlatformPolicy{MinFollowers: FigureOf(50000), MCNRoute: true},
		Toutiao:         PlatformPolicy{MinFollowers: Unknown(), MCNRoute: true},
		Agency:          presetAgency(),
		OpeningWorkdays: 3,
	}
}

// Policy2022 reads seed 001 (2022): 100,000 followers AND an MCN signing,
// both required. The seed names no platform but Douyin, so Xigua, Huoshan
// and Toutiao have no threshold known.
func Policy2022() Policy {
	return Policy{
		Name:            PresetSeed2022,
		Douyin:          PlatformPolicy{MinFollowers: FigureOf(100000), MCNRequired: true},
		Xigua:           PlatformPolicy{MinFollowers: Unknown(), MCNRequired: true},
		Huoshan:         PlatformPolicy{MinFollowers: Unknown(), MCNRequired: true},
		Toutiao:         PlatformPolicy{MinFollowers: Unknown(), MCNRequired: true},
		Agency:          presetAgency(),
		OpeningWorkdays: 3,
	}
}

// DefaultPolicy is the newer seed's reading, Policy2023.
func DefaultPolicy() Policy { return Policy2023() }

// PolicyByName returns a preset by its name.
func PolicyByName(name string) (Policy, bool) {
	switch name {
	case PresetSeed2023:
		return Policy2023(), true
	case PresetSeed2022:
		return Policy2022(), true
	}
	return Policy{}, false
}

// For returns the rule of platform pl, and false for an unknown platform.
func (p Policy) For(pl Platform) (PlatformPolicy, bool) {
	switch pl {
	case Douyin:
		return p.Douyin, true
	case Xigua:
		return p.Xigua, true
	case Huoshan:
		return p.Huoshan, true
	case Toutiao:
		return p.Toutiao, true
	}
	return PlatformPolicy{}, false
}

func (p *Policy) ruleOf(pl Platform) *PlatformPolicy {
	switch pl {
	case Douyin:
		return &p.Douyin
	case Xigua:
		return &p.Xigua
	case Huoshan:
		return &p.Huoshan
	case Toutiao:
		return &p.Toutiao
	}
	return nil
}

// Limits of policy figures, beyond which a figure is a typo.
const (
	maxFollowerFigure = 1_000_000_000_000
	maxAgeYears       = 100
	maxCreators       = 1_000_000
	maxWorkdays       = 365
	maxNameLen        = 64
)

// Validate lists every problem of the policy, joined, each an
// ErrPolicyInvalid naming its field; nil when there is none.
func (p Policy) Validate() error {
	var errs []error
	bad := func(field, fieldZH, zh, en string) {
		errs = append(errs, ErrPolicyInvalid.New(starmap.LabeledArg("field", fieldZH, field), problem(zh, en)))
	}
	if err := starmap.ValidateID("policy name", p.Name); err != nil || len(p.Name) > maxNameLen {
		bad("name", "名称", "须为1至64字节且不含空白", "must be 1 to 64 bytes without spaces")
	}
	for _, pl := range Platforms() {
		r, _ := p.For(pl)
		f, fz := pl.String(), pl.Label(starmap.ZH)
		if r.MinFollowers.Known && (r.MinFollowers.Value < 1 || r.MinFollowers.Value > maxFollowerFigure) {
			bad(f+".min_followers", fz+"粉丝门槛", "须在1至10^12之间,或不设", "must be between 1 and 10^12, or none")
		}
		if !r.MinFollowers.Known && r.MinFollowers.Value != 0 {
			bad(f+".min_followers", fz+"粉丝门槛", "未设门槛时不能带数值", "an unknown threshold carries no value")
		}
		if r.MCNRoute && r.MCNRequired {
			bad(f, fz, "签约MCN不能既是另一入驻途径又是必备条件", "mcn_route and mcn_required both set: a signing cannot be both an alternative and a requirement")
		}
	}
	a := p.Agency
	if a.MinAgeYears < 1 || a.MinAgeYears > maxAgeYears {
		bad("agency.min_age_years", "机构成立年限", "须在1至100之间", "must be between 1 and 100")
	}
	if a.MonthEnd != starmap.ClampToMonthEnd && a.MonthEnd != starmap.RollToNextMonth {
		bad("agency.month_end", "机构周年日的月末规则", "须为取月末或顺延至下月", "must be clamp or roll")
	}
	if a.MinCreators < 1 || a.MinCreators > maxCreators {
		bad("agency.min_creators", "机构达人数下限", "须在1至1000000之间", "must be between 1 and 1000000")
	}
	if a.MinFollowerVolume.Known && (a.MinFollowerVolume.Value < 1 || a.MinFollowerVolume.Value > maxFollowerFigure) {
		bad("agency.min_follower_volume", "机构粉丝量门槛", "须在1至10^12之间,或不设", "must be between 1 and 10^12, or none")
	}
	if !a.MinFollowerVolume.Known && a.MinFollowerVolume.Value != 0 {
		bad("agency.min_follower_volume", "机构粉丝量门槛", "未设门槛时不能带数值", "an unknown figure carries no value")
	}
	if p.OpeningWorkdays < 1 || p.OpeningWorkdays > maxWorkdays {
		bad("opening_workdays", "开通时限(工作日)", "须在1至365之间", "must be between 1 and 365")
	}
	return errors.Join(errs...)
}
