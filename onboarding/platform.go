package onboarding

import "github.com/starmap-go/starmap"

// Platform is the content platform whose Star Map a creator joins (ONB-1).
// Its names and values are stable: other packages (star) store them.
type Platform uint8

// The platforms of ONB-1.
const (
	Douyin  Platform = iota + 1 // 抖音
	Xigua                       // 西瓜视频
	Huoshan                     // 火山小视频
	Toutiao                     // 今日头条
)

var platformNames = [...]name{{}, {"douyin", "抖音"}, {"xigua", "西瓜视频"}, {"huoshan", "火山小视频"}, {"toutiao", "今日头条"}}

// Platforms lists the platforms of ONB-1 in declaration order.
func Platforms() []Platform { return []Platform{Douyin, Xigua, Huoshan, Toutiao} }

// Valid reports whether p is one of the declared platforms.
func (p Platform) Valid() bool { return p >= Douyin && p <= Toutiao }

// String names the platform: douyin, xigua, huoshan, toutiao.
func (p Platform) String() string { return nameOf(platformNames[:], int(p), "Platform") }

// Label names the platform in lang: 抖音, 西瓜视频, 火山小视频, 今日头条 in
// zh-CN, String otherwise.
func (p Platform) Label(lang starmap.Lang) string {
	return labelOf(platformNames[:], int(p), "Platform", "未知平台", lang)
}

// ParsePlatform reads a name written by String.
func ParsePlatform(s string) (Platform, bool) {
	for _, p := range Platforms() {
		if p.String() == s {
			return p, true
		}
	}
	return 0, false
}

// Standing is an account's standing on its platform (ONB-4). The order of
// the values is "worse to better": StandingViolation < StandingRateLimited <
// StandingNormal. Its names and values are stable: other packages (star)
// store them.
type Standing uint8

// The standings of ONB-4.
const (
	StandingViolation   Standing = iota + 1 // 违规
	StandingRateLimited                     // 限流中
	StandingNormal                          // 正常
)

var standingNames = [...]name{{}, {"violation", "违规"}, {"rate-limited", "限流中"}, {"normal", "正常"}}

// Valid reports whether s is a declared standing.
func (s Standing) Valid() bool { return s >= StandingViolation && s <= StandingNormal }

// String names the standing: violation, rate-limited, normal.
func (s Standing) String() string { return nameOf(standingNames[:], int(s), "Standing") }

// Label names the standing in lang: 违规, 限流中, 正常 in zh-CN, String
// otherwise.
func (s Standing) Label(lang starmap.Lang) string {
	return labelOf(standingNames[:], int(s), "Standing", "未知状态", lang)
}
