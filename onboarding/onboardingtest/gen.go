package onboardingtest

import (
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// PlatformPolicy generates a valid per-platform rule: a threshold or none,
// and at most one of the MCN route and the MCN requirement.
func PlatformPolicy() *rapid.Generator[onboarding.PlatformPolicy] {
	return rapid.Custom(func(t *rapid.T) onboarding.PlatformPolicy {
		var r onboarding.PlatformPolicy
		if rapid.Bool().Draw(t, "known") {
			r.MinFollowers = onboarding.FigureOf(rapid.Int64Range(1, 500000).Draw(t, "min"))
		}
		switch rapid.IntRange(0, 2).Draw(t, "mcn") {
		case 1:
			r.MCNRoute = true
		case 2:
			r.MCNRequired = true
		}
		return r
	})
}

// Policy generates valid policies, presets and random ones.
func Policy() *rapid.Generator[onboarding.Policy] {
	return rapid.Custom(func(t *rapid.T) onboarding.Policy {
		switch rapid.IntRange(0, 2).Draw(t, "kind") {
		case 0:
			return onboarding.Policy2023()
		case 1:
			return onboarding.Policy2022()
		}
		p := onboarding.Policy2023()
		p.Name = "gen"
		p.Douyin = PlatformPolicy().Draw(t, "douyin")
		p.Xigua = PlatformPolicy().Draw(t, "xigua")
		p.Huoshan = PlatformPolicy().Draw(t, "huoshan")
		p.Toutiao = PlatformPolicy().Draw(t, "toutiao")
		p.OpeningWorkdays = rapid.IntRange(1, 10).Draw(t, "sla")
		return p
	})
}

// Applicant generates creator applicants, valid and not: unknown
// platforms and standings, bad ids, negative counts, and follower counts
// around the thresholds of the presets.
func Applicant() *rapid.Generator[onboarding.Applicant] {
	return rapid.Custom(func(t *rapid.T) onboarding.Applicant {
		a := onboarding.Applicant{
			Platform:  onboarding.Platform(rapid.IntRange(0, 5).Draw(t, "platform")),
			AccountID: rapid.SampledFrom([]string{"dy-1", "xg 2", "", "acct-3"}).Draw(t, "account"),
			Standing:  onboarding.Standing(rapid.IntRange(0, 4).Draw(t, "standing")),
			MCN:       rapid.SampledFrom([]string{"", "", "mcn-1", "bad mcn"}).Draw(t, "mcn"),
		}
		a.Followers = rapid.OneOf(
			rapid.Int64Range(-3, 600000),
			rapid.SampledFrom([]int64{49999, 50000, 50001, 99999, 100000, 100001}),
		).Draw(t, "followers")
		return a
	})
}

// Date generates dates from 2000 to 2040.
func Date() *rapid.Generator[starmap.Date] {
	return rapid.Custom(func(t *rapid.T) starmap.Date {
		return starmap.MustDate(2000, 1, 1).AddDays(rapid.IntRange(0, 40*366).Draw(t, "day"))
	})
}

// WellFormedApplicant generates applicants with a known platform, valid
// ids, a non-negative count and a normal standing: the ones whose
// eligibility turns on the policy alone.
func WellFormedApplicant() *rapid.Generator[onboarding.Applicant] {
	return rapid.Custom(func(t *rapid.T) onboarding.Applicant {
		return onboarding.Applicant{
			Platform:  rapid.SampledFrom(onboarding.Platforms()).Draw(t, "platform"),
			AccountID: "acct-1",
			Followers: rapid.Int64Range(0, 600000).Draw(t, "followers"),
			Standing:  onboarding.StandingNormal,
			MCN:       rapid.SampledFrom([]string{"", "mcn-1"}).Draw(t, "mcn"),
		}
	})
}
