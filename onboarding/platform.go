package onboarding

import "fmt"

// Platform is the content platform whose Star Map a creator joins (ONB-1).
type Platform uint8

// The platforms of ONB-1.
const (
	Douyin  Platform = iota + 1 // 抖音
	Xigua                       // 西瓜视频
	Huoshan                     // 火山小视频
	Toutiao                     // 今日头条
)

// Platforms lists the platforms of ONB-1 in declaration order.
func Platforms() []Platform { return []Platform{Douyin, Xigua, Huoshan, Toutiao} }

var platformNames = [...]string{"", "douyin", "xigua", "huoshan", "toutiao"}
var platformZH = [...]string{"", "抖音", "西瓜视频", "火山小视频", "今日头条"}

// Valid reports whether p is one of the declared platforms.
func (p Platform) Valid() bool { return p >= Douyin && p <= Toutiao }

// String names the platform: douyin, xigua, huoshan, toutiao.
func (p Platform) String() string {
	if p.Valid() {
		return platformNames[p]
	}
	return fmt.Sprintf("Platform(%d)", uint8(p))
}

// ZH is the platform's Chinese name (抖音, 西瓜视频, 火山小视频, 今日头条).
func (p Platform) ZH() string {
	if p.Valid() {
		return platformZH[p]
	}
	return p.String()
}

// ParsePlatform reads a name written by String.
func ParsePlatform(s string) (Platform, bool) {
	for _, p := range Platforms() {
		if platformNames[p] == s {
			return p, true
		}
	}
	return 0, false
}

// Standing is an account's standing on its platform (ONB-4). The order of
// the values is "worse to better": StandingViolation < StandingRateLimited <
// StandingNormal.
type Standing uint8

// The standings of ONB-4.
const (
	StandingViolation   Standing = iota + 1 // 违规
	StandingRateLimited                     // 限流中
	StandingNormal                          // 正常
)

// Valid reports whether s is a declared standing.
func (s Standing) Valid() bool { return s >= StandingViolation && s <= StandingNormal }

// String names the standing: violation, rate-limited, normal.
func (s Standing) String() string {
	switch s {
	case StandingViolation:
		return "violation"
	case StandingRateLimited:
		return "rate-limited"
	case StandingNormal:
		return "normal"
	}
	return fmt.Sprintf("Standing(%d)", uint8(s))
}
