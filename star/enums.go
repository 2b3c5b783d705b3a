package star

import (
	"strconv"

	"github.com/starmap-go/starmap"
)

// name is one value's names: a stable ASCII name (String, the text form of
// a query) and the wording users see in each language (Label).
type name struct{ ascii, en, zh string }

// label answers Label for the value at i of a table whose entry 0 is unused.
func label(table []name, i int, lang starmap.Lang, what, whatZH string) string {
	if i <= 0 || i >= len(table) {
		if lang == starmap.ZH {
			return "未知" + whatZH + strconv.Itoa(i)
		}
		return "unknown " + what + " " + strconv.Itoa(i)
	}
	if lang == starmap.ZH {
		return table[i].zh
	}
	return table[i].en
}

func ascii(table []name, i int, what string) string {
	if i <= 0 || i >= len(table) {
		return what + "(" + strconv.Itoa(i) + ")"
	}
	return table[i].ascii
}

func parse(table []name, s string) (int, bool) {
	for i := 1; i < len(table); i++ {
		if table[i].ascii == s {
			return i, true
		}
	}
	return 0, false
}

// Offer is what a creator quotes a price for (STR-1): a short video by its
// length, or a live stream. Seed 003 sorts and filters on 报价区间, the
// price of one offer; the three lengths are the bands platforms of the
// Xingtu kind price short videos by.
type Offer uint8

// The offers.
const (
	OfferVideo1to20s  Offer = iota + 1 // 1–20 s 短视频
	OfferVideo21to60s                  // 21–60 s 短视频
	OfferVideoOver60s                  // 60 s 以上短视频
	OfferLive                          // 直播
	numOffers         = int(OfferLive)
)

var offerNames = []name{{}, {"video-1-20s", "short video 1–20 s", "1-20秒视频"},
	{"video-21-60s", "short video 21–60 s", "21-60秒视频"}, {"video-over-60s", "short video over 60 s", "60秒以上视频"},
	{"live", "live stream", "直播"}}

// Offers lists the offers in order.
func Offers() []Offer {
	return []Offer{OfferVideo1to20s, OfferVideo21to60s, OfferVideoOver60s, OfferLive}
}

// Valid reports whether o is a declared offer.
func (o Offer) Valid() bool { return o >= OfferVideo1to20s && o <= OfferLive }

// String is the offer's stable name: video-1-20s, video-21-60s,
// video-over-60s, live.
func (o Offer) String() string { return ascii(offerNames, int(o), "Offer") }

// Label names the offer in lang (1-20秒视频 … 直播 in zh-CN).
func (o Offer) Label(lang starmap.Lang) string {
	return label(offerNames, int(o), lang, "offer", "报价类型")
}

// Format is the task format the offer is ordered as.
func (o Offer) Format() starmap.Format {
	if o == OfferLive {
		return starmap.FormatLive
	}
	if o.Valid() {
		return starmap.FormatShortVideo
	}
	return 0
}

// ParseOffer reads a name written by String.
func ParseOffer(s string) (Offer, bool) { i, ok := parse(offerNames, s); return Offer(i), ok }

// Gender is a gender of a creator's audience (粉丝画像).
type Gender uint8

// The genders of an audience profile.
const (
	GenderFemale Gender = iota + 1 // 女
	GenderMale                     // 男
	numGenders   = int(GenderMale)
)

var genderNames = []name{{}, {"female", "female", "女性"}, {"male", "male", "男性"}}

// Genders lists the genders in order.
func Genders() []Gender { return []Gender{GenderFemale, GenderMale} }

// Valid reports whether g is a declared gender.
func (g Gender) Valid() bool { return g >= GenderFemale && g <= GenderMale }

// String is the gender's stable name: female, male.
func (g Gender) String() string { return ascii(genderNames, int(g), "Gender") }

// Label names the gender in lang.
func (g Gender) Label(lang starmap.Lang) string {
	return label(genderNames, int(g), lang, "gender", "性别")
}

// ParseGender reads a name written by String.
func ParseGender(s string) (Gender, bool) { i, ok := parse(genderNames, s); return Gender(i), ok }

// AgeBand is an age band of a creator's audience, the bands platforms of
// the Xingtu kind report.
type AgeBand uint8

// The age bands.
const (
	AgeUnder18 AgeBand = iota + 1 // 18岁以下
	Age18to23                     // 18-23岁
	Age24to30                     // 24-30岁
	Age31to40                     // 31-40岁
	Age41to50                     // 41-50岁
	AgeOver50                     // 50岁以上
	numAges    = int(AgeOver50)
)

var ageNames = []name{{}, {"under-18", "under 18", "18岁以下"}, {"18-23", "18–23", "18-23岁"},
	{"24-30", "24–30", "24-30岁"}, {"31-40", "31–40", "31-40岁"}, {"41-50", "41–50", "41-50岁"},
	{"over-50", "over 50", "50岁以上"}}

// AgeBands lists the age bands in order.
func AgeBands() []AgeBand {
	return []AgeBand{AgeUnder18, Age18to23, Age24to30, Age31to40, Age41to50, AgeOver50}
}

// Valid reports whether a is a declared age band.
func (a AgeBand) Valid() bool { return a >= AgeUnder18 && a <= AgeOver50 }

// String is the band's stable name: under-18, 18-23, 24-30, 31-40, 41-50,
// over-50.
func (a AgeBand) String() string { return ascii(ageNames, int(a), "AgeBand") }

// Label names the band in lang.
func (a AgeBand) Label(lang starmap.Lang) string {
	return label(ageNames, int(a), lang, "age band", "年龄段")
}

// ParseAgeBand reads a name written by String.
func ParseAgeBand(s string) (AgeBand, bool) { i, ok := parse(ageNames, s); return AgeBand(i), ok }

// Region is a provincial-level division of China (省级行政区, in the
// order of their GB/T 2260 codes), or RegionOther for anywhere else and
// for an unknown place. A creator's location names one; an audience
// profile gives a share to each (seed 003: 地域分布, 城市分布).
type Region uint8

// The regions.
const (
	Beijing Region = iota + 1
	Tianjin
	Hebei
	Shanxi
	InnerMongolia
	Liaoning
	Jilin
	Heilongjiang
	Shanghai
	Jiangsu
	Zhejiang
	Anhui
	Fujian
	Jiangxi
	Shandong
	Henan
	Hubei
	Hunan
	Guangdong
	Guangxi
	Hainan
	Chongqing
	Sichuan
	Guizhou
	Yunnan
	Tibet
	Shaanxi
	Gansu
	Qinghai
	Ningxia
	Xinjiang
	Taiwan
	HongKong
	Macao
	RegionOther // 其他: abroad or unknown
	numRegions  = int(RegionOther)
)

var regionNames = []name{{},
	{"beijing", "Beijing", "北京"}, {"tianjin", "Tianjin", "天津"}, {"hebei", "Hebei", "河北"},
	{"shanxi", "Shanxi", "山西"}, {"inner-mongolia", "Inner Mongolia", "内蒙古"}, {"liaoning", "Liaoning", "辽宁"},
	{"jilin", "Jilin", "吉林"}, {"heilongjiang", "Heilongjiang", "黑龙江"}, {"shanghai", "Shanghai", "上海"},
	{"jiangsu", "Jiangsu", "江苏"}, {"zhejiang", "Zhejiang", "浙江"}, {"anhui", "Anhui", "安徽"},
	{"fujian", "Fujian", "福建"}, {"jiangxi", "Jiangxi", "江西"}, {"shandong", "Shandong", "山东"},
	{"henan", "Henan", "河南"}, {"hubei", "Hubei", "湖北"}, {"hunan", "Hunan", "湖南"},
	{"guangdong", "Guangdong", "广东"}, {"guangxi", "Guangxi", "广西"}, {"hainan", "Hainan", "海南"},
	{"chongqing", "Chongqing", "重庆"}, {"sichuan", "Sichuan", "四川"}, {"guizhou", "Guizhou", "贵州"},
	{"yunnan", "Yunnan", "云南"}, {"tibet", "Tibet", "西藏"}, {"shaanxi", "Shaanxi", "陕西"},
	{"gansu", "Gansu", "甘肃"}, {"qinghai", "Qinghai", "青海"}, {"ningxia", "Ningxia", "宁夏"},
	{"xinjiang", "Xinjiang", "新疆"}, {"taiwan", "Taiwan", "台湾"}, {"hong-kong", "Hong Kong", "香港"},
	{"macao", "Macao", "澳门"}, {"other", "other", "其他"}}

// Regions lists the regions in order, RegionOther last.
func Regions() []Region {
	out := make([]Region, numRegions)
	for i := range out {
		out[i] = Region(i + 1)
	}
	return out
}

// Valid reports whether r is a declared region.
func (r Region) Valid() bool { return r >= Beijing && r <= RegionOther }

// String is the region's stable name (beijing, inner-mongolia, other …).
func (r Region) String() string { return ascii(regionNames, int(r), "Region") }

// Label names the region in lang (北京, 内蒙古, 其他 … in zh-CN).
func (r Region) Label(lang starmap.Lang) string {
	return label(regionNames, int(r), lang, "region", "地区")
}

// ParseRegion reads a name written by String.
func ParseRegion(s string) (Region, bool) { i, ok := parse(regionNames, s); return Region(i), ok }

// Status is the state of a creator's Star Map account — not of the
// platform account, whose standing is onboarding.Standing.
type Status uint8

// The statuses.
const (
	StatusOpen    Status = iota + 1 // 已开通: the account is open and can take orders
	StatusPending                   // 待开通: confirmed, not opened yet (ONB-5)
	StatusClosed                    // 已关闭: closed or cancelled (ONB-8)
)

var statusNames = []name{{}, {"open", "open", "已开通"}, {"pending", "pending", "待开通"}, {"closed", "closed", "已关闭"}}

// Valid reports whether s is a declared status.
func (s Status) Valid() bool { return s >= StatusOpen && s <= StatusClosed }

// String is the status's stable name: open, pending, closed.
func (s Status) String() string { return ascii(statusNames, int(s), "Status") }

// Label names the status in lang.
func (s Status) Label(lang starmap.Lang) string {
	return label(statusNames, int(s), lang, "status", "状态")
}

// ParseStatus reads a name written by String.
func ParseStatus(s string) (Status, bool) { i, ok := parse(statusNames, s); return Status(i), ok }

// Include widens a query beyond the creators listed by default (an open
// Star Map account and a normal standing, ONB-4). Only a platform actor
// may search with it (Service.Search).
type Include uint8

// The widenings; combine them with |.
const (
	// IncludeNotOpen also lists creators whose Star Map account is pending
	// or closed.
	IncludeNotOpen Include = 1 << iota
	// IncludeRestricted also lists creators whose platform account is in
	// violation (违规) or rate-limited (限流中).
	IncludeRestricted
	// IncludeAll lists every creator.
	IncludeAll = IncludeNotOpen | IncludeRestricted
)

var includeNames = []name{{}, {"not-open", "not open", "未开通"}, {"restricted", "restricted", "账号状态异常"}}

// Valid reports whether i holds only declared bits.
func (i Include) Valid() bool { return i&^IncludeAll == 0 }

// SortKey is what a search orders by (STR-3).
type SortKey uint8

// The sort keys. The zero SortKey sorts by heat.
const (
	SortHeat       SortKey = iota + 1 // 热度 (ranking/heat)
	SortEngagement                    // 近30天互动率
	SortFollowers                     // 粉丝数
	SortPrice                         // the price of Sort.Offer
	SortMatch                         // match score against Query.Target
	numSortKeys    = int(SortMatch)
)

var sortNames = []name{{}, {"heat", "heat", "热度"}, {"engagement", "engagement rate", "互动率"},
	{"followers", "followers", "粉丝数"}, {"price", "price", "报价"}, {"match", "match score", "匹配度"}}

// Valid reports whether k is a declared sort key (the zero key, heat, is
// valid too).
func (k SortKey) Valid() bool { return k <= SortMatch }

// String is the key's stable name: heat, engagement, followers, price,
// match.
func (k SortKey) String() string {
	if k == 0 {
		k = SortHeat
	}
	return ascii(sortNames, int(k), "SortKey")
}

// Label names the key in lang.
func (k SortKey) Label(lang starmap.Lang) string {
	if k == 0 {
		k = SortHeat
	}
	return label(sortNames, int(k), lang, "sort", "排序方式")
}

// ParseSortKey reads a name written by String.
func ParseSortKey(s string) (SortKey, bool) { i, ok := parse(sortNames, s); return SortKey(i), ok }

// Signing filters creators by their MCN signing (STR-3: MCN or
// independent).
type Signing uint8

// The signing filters. The zero Signing lists everyone.
const (
	SigningAny         Signing = iota // 不限
	SigningIndependent                // 独立达人: signed to no MCN
	SigningSigned                     // MCN签约达人: signed to some MCN (Query.MCN names one)
)

var signingNames = []name{{"any", "any", "不限"}, {"independent", "independent", "独立达人"}, {"signed", "signed to an MCN", "签约达人"}}

// Valid reports whether s is a declared signing filter.
func (s Signing) Valid() bool { return s <= SigningSigned }

// String is the filter's stable name: any, independent, signed.
func (s Signing) String() string {
	if !s.Valid() {
		return "Signing(" + strconv.Itoa(int(s)) + ")"
	}
	return signingNames[s].ascii
}

// Label names the filter in lang.
func (s Signing) Label(lang starmap.Lang) string {
	if !s.Valid() {
		return label(nil, int(s), lang, "signing", "签约方式")
	}
	if lang == starmap.ZH {
		return signingNames[s].zh
	}
	return signingNames[s].en
}

// ParseSigning reads a name written by String.
func ParseSigning(s string) (Signing, bool) {
	for i, n := range signingNames {
		if n.ascii == s {
			return Signing(i), true
		}
	}
	return 0, false
}
