package star

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// The text form of a query: key=value pairs joined by "&", in a fixed
// order, values escaped as in a URL query (url.QueryEscape), lists joined
// by ",". Only what differs from the default is written:
//
//	platform=douyin,xigua       followers=100000..500000 (or 100000..)
//	engagement=300..            price=live:1000.00..5000.00
//	region=beijing,shanghai     category=美妆,护肤 (escaped)
//	audience.gender=female:6000 audience.age=18-23:3000 audience.region=guangdong:1000
//	signing=independent         mcn=ID        completed=3     first_pass=8000
//	q=KEYWORD                   include=not-open,restricted
//	sort=followers | sort=price:live:asc | sort=match
//	target.gender=… target.age=… target.region=… target.category=…
//	limit=50                    cursor=…
//
// String writes it for the normalized query; ParseQuery reads it back, so
// that a host can carry a query in a URL. The form without limit and
// cursor is what binds a cursor to its query.

// String returns the query's text form (of its normalized form; an invalid
// query is written as it is, and ParseQuery will refuse it).
func (q Query) String() string {
	if n, err := q.Normalized(); err == nil {
		q = n
	}
	return q.text(true)
}

func (q Query) text(page bool) string {
	var b strings.Builder
	put := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(v)
	}
	list := func(n int, f func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = f(i)
		}
		return strings.Join(parts, ",")
	}
	rng := func(r Range) string {
		s := strconv.FormatInt(r.Min, 10) + ".."
		if r.Max != 0 {
			s += strconv.FormatInt(r.Max, 10)
		}
		return s
	}
	if len(q.Platforms) > 0 {
		put("platform", list(len(q.Platforms), func(i int) string { return q.Platforms[i].String() }))
	}
	if q.Followers != (Range{}) {
		put("followers", rng(q.Followers))
	}
	if q.Engagement != (Range{}) {
		put("engagement", rng(q.Engagement))
	}
	if q.Price.Offer != 0 || !q.Price.Min.IsZero() || !q.Price.Max.IsZero() {
		s := q.Price.Offer.String() + ":" + q.Price.Min.StringFixed(starmap.FenPlaces) + ".."
		if !q.Price.Max.IsZero() {
			s += q.Price.Max.StringFixed(starmap.FenPlaces)
		}
		put("price", s)
	}
	if len(q.Regions) > 0 {
		put("region", list(len(q.Regions), func(i int) string { return q.Regions[i].String() }))
	}
	if len(q.Categories) > 0 {
		put("category", list(len(q.Categories), func(i int) string { return url.QueryEscape(string(q.Categories[i])) }))
	}
	a := q.Audience
	if a.Gender != 0 || a.GenderMin != 0 {
		put("audience.gender", a.Gender.String()+":"+strconv.Itoa(a.GenderMin))
	}
	if a.Age != 0 || a.AgeMin != 0 {
		put("audience.age", a.Age.String()+":"+strconv.Itoa(a.AgeMin))
	}
	if a.Region != 0 || a.RegionMin != 0 {
		put("audience.region", a.Region.String()+":"+strconv.Itoa(a.RegionMin))
	}
	if q.Signing != SigningAny {
		put("signing", q.Signing.String())
	}
	if q.MCN != "" {
		put("mcn", url.QueryEscape(q.MCN))
	}
	if q.MinCompleted != 0 {
		put("completed", strconv.FormatInt(q.MinCompleted, 10))
	}
	if q.MinFirstPass != 0 {
		put("first_pass", strconv.Itoa(q.MinFirstPass))
	}
	if q.Keyword != "" {
		put("q", url.QueryEscape(q.Keyword))
	}
	if q.Include != 0 {
		var parts []string
		for i, n := range includeNames[1:] {
			if q.Include&(1<<i) != 0 {
				parts = append(parts, n.ascii)
			}
		}
		if rest := q.Include &^ IncludeAll; rest != 0 {
			parts = append(parts, strconv.Itoa(int(rest)))
		}
		put("include", strings.Join(parts, ","))
	}
	if q.Sort != (Sort{}) && q.Sort != (Sort{Key: SortHeat}) {
		s := q.Sort.Key.String()
		if q.Sort.Key == SortPrice || q.Sort.Offer != 0 {
			s += ":" + q.Sort.Offer.String()
		}
		if q.Sort.Ascending {
			s += ":asc"
		}
		put("sort", s)
	}
	t := q.Target
	if len(t.Genders) > 0 {
		put("target.gender", list(len(t.Genders), func(i int) string { return t.Genders[i].String() }))
	}
	if len(t.Ages) > 0 {
		put("target.age", list(len(t.Ages), func(i int) string { return t.Ages[i].String() }))
	}
	if len(t.Regions) > 0 {
		put("target.region", list(len(t.Regions), func(i int) string { return t.Regions[i].String() }))
	}
	if len(t.Categories) > 0 {
		put("target.category", list(len(t.Categories), func(i int) string { return url.QueryEscape(string(t.Categories[i])) }))
	}
	if page {
		if q.Limit != 0 {
			put("limit", strconv.Itoa(q.Limit))
		}
		if q.Cursor != "" {
			put("cursor", url.QueryEscape(q.Cursor))
		}
	}
	return b.String()
}

// textKeysZH names the keys of the text form in zh-CN messages.
var textKeysZH = map[string]string{
	"platform": "平台", "followers": "粉丝数", "engagement": "互动率", "price": "报价", "region": "地区",
	"category": "品类", "audience.gender": "粉丝性别", "audience.age": "粉丝年龄段", "audience.region": "粉丝地域",
	"signing": "签约方式", "mcn": "MCN机构", "completed": "完成订单数", "first_pass": "一次通过率", "q": "关键词",
	"include": "展示范围", "sort": "排序方式", "target.gender": "目标性别", "target.age": "目标年龄段",
	"target.region": "目标地域", "target.category": "目标品类", "limit": "每页条数", "cursor": "分页游标",
}

// MaxQueryText bounds the text ParseQuery reads, in bytes.
const MaxQueryText = 8192

// ParseQuery reads the text form String writes and validates the query.
// It refuses unknown and repeated keys, unknown names and malformed
// numbers (ErrQueryText, every problem at once), then returns Validate's
// errors. ParseQuery(q.String()) is q.Normalized().
func ParseQuery(s string) (Query, error) {
	var q Query
	// Each problem once, at most maxProblems of them (a bounded message).
	ps := newProblems(maxProblems, func(k int) error { return ErrQueryText.New(moreProblem(k)) })
	bad := func(key, zh, en string) {
		keyZH, ok := textKeysZH[key]
		if !ok {
			keyZH = key // an unknown key is shown as it was written
		}
		ps.add(ErrQueryText.New(problemArg(keyZH+":"+zh, key+": "+en)))
	}
	if len(s) > MaxQueryText {
		return Query{}, ErrQueryText.New(problemArg("超过"+strconv.Itoa(MaxQueryText)+"字节", "longer than "+strconv.Itoa(MaxQueryText)+" bytes"))
	}
	seen := map[string]bool{}
	for _, pair := range strings.Split(s, "&") {
		if pair == "" {
			continue // an empty pair ("a=1&&b=2", a trailing "&") says nothing
		}
		k, raw, ok := strings.Cut(pair, "=")
		if !ok {
			bad(strconv.Quote(pair), "缺少“=”", "no “=”")
			continue
		}
		if seen[k] {
			bad(k, "重复", "repeated")
			continue
		}
		seen[k] = true
		v, err := url.QueryUnescape(raw)
		if err != nil {
			bad(k, "转义错误", "bad escape")
			continue
		}
		if !parseField(&q, k, v, raw, bad) {
			bad(strconv.Quote(k), "未知的参数", "unknown key")
		}
	}
	if err := ps.err(); err != nil {
		return Query{}, err
	}
	return q.Normalized()
}

// parseField sets field k of q from its value v (raw: still escaped, for
// lists of escaped items); it returns false for an unknown key.
func parseField(q *Query, k, v, raw string, bad func(key, zh, en string)) bool {
	num := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || strconv.FormatInt(n, 10) != s {
			bad(k, "数字格式错误", "malformed number "+strconv.Quote(s))
		}
		return n
	}
	rng := func(s string) Range {
		lo, hi, ok := strings.Cut(s, "..")
		if !ok {
			bad(k, "应为“下限..上限”", "want MIN..MAX")
			return Range{}
		}
		r := Range{Min: num(lo)}
		if hi != "" {
			r.Max = num(hi)
		}
		return r
	}
	names := func(s string, f func(string) bool) {
		for _, part := range strings.Split(s, ",") {
			if !f(part) {
				bad(k, "未知取值", "unknown value "+strconv.Quote(part))
			}
		}
	}
	escaped := func(f func(string)) {
		for _, part := range strings.Split(raw, ",") {
			u, err := url.QueryUnescape(part)
			if err != nil {
				bad(k, "转义错误", "bad escape")
				continue
			}
			f(u)
		}
	}
	share := func(s string, f func(string) bool) int {
		name, n, ok := strings.Cut(s, ":")
		if !ok || !f(name) {
			bad(k, "应为“取值:基点”", "want VALUE:BP")
			return 0
		}
		return int(num(n))
	}
	switch k {
	case "platform":
		names(v, func(s string) bool {
			p, ok := onboarding.ParsePlatform(s)
			q.Platforms = append(q.Platforms, p)
			return ok
		})
	case "followers":
		q.Followers = rng(v)
	case "engagement":
		q.Engagement = rng(v)
	case "price":
		offer, r, ok := strings.Cut(v, ":")
		lo, hi, ok2 := strings.Cut(r, "..")
		o, ok3 := ParseOffer(offer)
		if !ok || !ok2 || !ok3 {
			bad(k, "应为“报价类型:下限..上限”", "want OFFER:MIN..MAX")
			break
		}
		q.Price.Offer = o
		for i, s := range []string{lo, hi} {
			if s == "" && i == 1 {
				continue
			}
			d, err := starmap.ParseCNY(s)
			if err != nil {
				bad(k, "金额格式错误", "malformed amount "+strconv.Quote(s))
			}
			if i == 0 {
				q.Price.Min = d
			} else {
				q.Price.Max = d
			}
		}
	case "region":
		names(v, func(s string) bool { r, ok := ParseRegion(s); q.Regions = append(q.Regions, r); return ok })
	case "category":
		escaped(func(s string) { q.Categories = append(q.Categories, Category(s)) })
	case "audience.gender":
		q.Audience.GenderMin = share(v, func(s string) bool { g, ok := ParseGender(s); q.Audience.Gender = g; return ok })
	case "audience.age":
		q.Audience.AgeMin = share(v, func(s string) bool { a, ok := ParseAgeBand(s); q.Audience.Age = a; return ok })
	case "audience.region":
		q.Audience.RegionMin = share(v, func(s string) bool { r, ok := ParseRegion(s); q.Audience.Region = r; return ok })
	case "signing":
		s, ok := ParseSigning(v)
		if !ok {
			bad(k, "未知取值", "unknown value "+strconv.Quote(v))
		}
		q.Signing = s
	case "mcn":
		q.MCN = v
	case "completed":
		q.MinCompleted = num(v)
	case "first_pass":
		q.MinFirstPass = int(num(v))
	case "q":
		q.Keyword = v
	case "include":
		names(v, func(s string) bool {
			switch s {
			case "not-open":
				q.Include |= IncludeNotOpen
			case "restricted":
				q.Include |= IncludeRestricted
			default:
				return false
			}
			return true
		})
	case "sort":
		parts := strings.Split(v, ":")
		if n := len(parts); n > 1 && parts[n-1] == "asc" {
			q.Sort.Ascending = true
			parts = parts[:n-1]
		}
		key, ok := ParseSortKey(parts[0])
		if !ok || len(parts) > 2 {
			bad(k, "未知排序方式", "unknown sort "+strconv.Quote(v))
			break
		}
		q.Sort.Key = key
		if len(parts) == 2 {
			o, ok := ParseOffer(parts[1])
			if !ok {
				bad(k, "报价类型未知", "unknown offer "+strconv.Quote(parts[1]))
			}
			q.Sort.Offer = o
		}
	case "target.gender":
		names(v, func(s string) bool {
			g, ok := ParseGender(s)
			q.Target.Genders = append(q.Target.Genders, g)
			return ok
		})
	case "target.age":
		names(v, func(s string) bool { a, ok := ParseAgeBand(s); q.Target.Ages = append(q.Target.Ages, a); return ok })
	case "target.region":
		names(v, func(s string) bool {
			r, ok := ParseRegion(s)
			q.Target.Regions = append(q.Target.Regions, r)
			return ok
		})
	case "target.category":
		escaped(func(s string) { q.Target.Categories = append(q.Target.Categories, Category(s)) })
	case "limit":
		q.Limit = int(num(v))
	case "cursor":
		q.Cursor = v
	default:
		return false
	}
	return true
}
