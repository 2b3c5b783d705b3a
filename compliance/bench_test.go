package compliance_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/starmap-go/starmap/compliance"
)

// benchPool: common characters of live-stream talking points, so that
// synthetic terms share prefixes with the script and with one another and
// the automaton follows failure links, as it would on a real list.
const benchPool = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第道想作种开美总从无情己面最给老最新品质量好用价格优惠限时折扣直播间宝宝妈妈夏季面料舒服透气百搭显瘦"

// benchTerms returns the default terms and enough synthetic ones, 2–5
// characters from benchPool, to make n distinct terms.
func benchTerms(n int) []compliance.Term {
	pool := []rune(benchPool)
	terms := compliance.DefaultTerms()
	seen := map[string]bool{}
	for _, t := range terms {
		seen[t.Text] = true
	}
	x := uint32(2463534242) // xorshift: a fixed list, the same on every run
	next := func() uint32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
	for len(terms) < n {
		k := 2 + int(next()%4)
		var b strings.Builder
		for i := 0; i < k; i++ {
			b.WriteRune(pool[next()%uint32(len(pool))])
		}
		if s := b.String(); !seen[s] {
			seen[s] = true
			terms = append(terms, compliance.Term{Text: s, Severity: compliance.SeverityWarn})
		}
	}
	return terms[:n]
}

// benchScript is a live stream's talking points of exactly n characters,
// with two absolute terms (one evaded) every 200 characters or so.
func benchScript(n int) string {
	para := "家人们晚上好!欢迎来到直播间,今天给大家带来夏季新品冰丝阔腿裤,面料舒服透气,百搭显瘦,宝宝妈妈都能穿。" +
		"这款是我们店里最 佳的一款,上身效果真的很好看,颜色有黑白灰三种可选,尺码从S到XXL都有。" +
		"现在下单限时折扣,前一百名还送同款腰带,链接已经挂在小黄车一号,有问题的家人可以在评论区留言,主播一一解答。" +
		"全网ＮＯ．１的口碑,大家放心拍!"
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < n {
		b.WriteString(para)
	}
	return string([]rune(b.String())[:n])
}

// BenchmarkCheck: a 2,000-character script against a 1,000-term list
// (the goal: well under 100 µs per check, allocations bounded by the
// findings).
func BenchmarkCheck(b *testing.B) {
	c, err := compliance.NewChecker(compliance.WithTerms(benchTerms(1000)...))
	if err != nil {
		b.Fatal(err)
	}
	script := benchScript(2000)
	fs, err := c.Check(script, compliance.Requirements{Disclosure: true})
	if err != nil || len(fs) == 0 {
		b.Fatalf("findings %d, %v", len(fs), err)
	}
	b.SetBytes(int64(len(script)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Check(script, compliance.Requirements{Disclosure: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(fs)), "findings/op")
}

// BenchmarkCheckClean: the same script with no term of the list in it: no
// allocation at all.
func BenchmarkCheckClean(b *testing.B) {
	c, err := compliance.NewChecker(compliance.WithTerms(compliance.BlockTerms("国家级", "最佳", "全网第一", "NO.1")...))
	if err != nil {
		b.Fatal(err)
	}
	script := strings.NewReplacer("最 佳", "很棒", "全网ＮＯ．１", "口碑很好").Replace(benchScript(2000))
	if fs, _ := c.Check(script, compliance.Requirements{}); len(fs) != 0 {
		b.Fatalf("findings %+v", fs)
	}
	b.SetBytes(int64(len(script)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Check(script, compliance.Requirements{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckPoints: the script with a disclosure requirement and three
// required points (one folded copy of the text).
func BenchmarkCheckPoints(b *testing.B) {
	c, err := compliance.NewChecker()
	if err != nil {
		b.Fatal(err)
	}
	script := benchScript(2000)
	req := compliance.Requirements{Disclosure: true, Points: []compliance.Point{
		{Kind: compliance.PointProduct, Text: "冰丝阔腿裤"},
		{Kind: compliance.PointLink, Text: "小黄车一号"},
		{Kind: compliance.PointMessage, Text: "限时折扣"},
	}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Check(script, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewChecker10k: building the automaton for 10,000 terms.
func BenchmarkNewChecker10k(b *testing.B) {
	terms := benchTerms(10000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := compliance.NewChecker(compliance.WithTerms(terms...)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewCheckerDefault: building the default Checker.
func BenchmarkNewCheckerDefault(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := compliance.NewChecker(); err != nil {
			b.Fatal(err)
		}
	}
}
