package compliance_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
	"pgregory.net/rapid"
)

// TestAbsoluteTerms_CPL1 runs the default lists over lines in the words of
// seed 003 (its 话术, 呼吁性设计 and 合规 notes) and of the live-stream
// talking points the seed describes.
func TestAbsoluteTerms_CPL1(t *testing.T) {
	c := defaultChecker(t)
	type want struct {
		term string
		sev  compliance.Severity
		text string // the original text under the span
	}
	B, W := compliance.SeverityBlock, compliance.SeverityWarn
	cases := []struct {
		name string
		text string
		want []want
	}{
		{"CPL-1 国家级 named by the law", "国家级非遗工艺,匠心之作", []want{{"国家级", B, "国家级"}}},
		{"CPL-1 最高级 is one term, not also 最高", "最高级的面料", []want{{"最高级", B, "最高级"}}},
		{"CPL-1 最佳", "这是夏天最佳的搭配", []want{{"最佳", B, "最佳"}}},
		{"CPL-1 最 佳 with a space", "这是夏天最 佳的搭配", []want{{"最佳", B, "最 佳"}}},
		{"CPL-1 最\u200b佳 with a zero-width space", "夏天最\u200b佳搭配", []want{{"最佳", B, "最\u200b佳"}}},
		{"CPL-1 punctuation and symbols between", "最·佳、最★好", []want{{"最佳", B, "最·佳"}, {"最好", B, "最★好"}}},
		{"CPL-1 ＮＯ．１ full width", "同类产品ＮＯ．１", []want{{"NO.1", B, "ＮＯ．１"}}},
		{"CPL-1 No.1 mixed case", "销量No.1的潮流配饰", []want{{"NO.1", B, "No.1"}}},
		{"CPL-1 top 1 spaced", "品类 top 1 !", []want{{"TOP1", B, "top 1"}}},
		{"CPL-1 TOP10 is not TOP1", "TOP10好物推荐", nil},
		{"CPL-1 最.佳 with a dot", "最.佳之选", []want{{"最佳", B, "最.佳"}}},
		{"CPL-1 n o 1 spaced", "n o 1 for you", []want{{"NO.1", B, "n o 1"}}},
		{"CPL-1 best NO.1 after a space", "best NO.1", []want{{"NO.1", B, "NO.1"}}},
		{"CPL-1 piano1 holds no NO.1", "piano1 教程", nil},
		{"CPL-1 全网第一 is one term", "全网第一的口碑", []want{{"全网第一", B, "全网第一"}}},
		{"CPL-1 销量冠军", "年度销量冠军", []want{{"销量冠军", B, "销量冠军"}}},
		{"CPL-1 独一无二", "独一无二的设计", []want{{"独一无二", B, "独一无二"}}},
		{"CPL-1 世界级 顶级 极品", "世界级工艺,顶级面料,极品好茶", []want{{"世界级", B, "世界级"}, {"顶级", B, "顶级"}, {"极品", B, "极品"}}},
		{"CPL-1 首选 block, 首个 warn", "送礼首选,首个支持快充", []want{{"首选", B, "首选"}, {"首个", W, "首个"}}},
		{"CPL-1 万能 warn", "万能清洁剂", []want{{"万能", W, "万能"}}},
		{"CPL-1 唯一 in seed 003's 唯一性渠道 is a warn", "唯一性渠道(如店铺链接)等的呈现方式", []want{{"唯一", W, "唯一"}}},
		{"CPL-1 第一 warn, 第一次 allowed", "第一次用就爱上,品类第一", []want{{"第一", W, "第一"}}},
		{"CPL-1 第一时间 allowed", "第一时间发货", nil},
		{"CPL-1 traditional spelling", "國家級認證", []want{{"國家級", B, "國家級"}}},
		{"CPL-1 最近 is not a term (no bare 最)", "最近上新,最多可减50元,最后三天", nil},
		{"CPL-1 seed 003 words without terms", "新品上市曝光、首单提升、特定人群渗透、活动转化;限时促销信息的节奏感把控", nil},
		{"CPL-1 seed 003 nav words 最新资讯", "获取TikTok最新资讯", nil},
		{"CPL-1 最高 is a warn (最高时速 states a fact)", "最高时速120公里", []want{{"最高", W, "最高"}}},
		{"CPL-1 overlapping terms, neither inside the other", "至尊极品质", []want{{"至尊", B, "至尊"}, {"极品", B, "极品"}}},
		{"CPL-1 terms sharing characters", "销量第一品牌", []want{{"销量第一", B, "销量第一"}, {"第一品牌", B, "第一品牌"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := check(t, c, tc.text, compliance.Requirements{})
			var got []want
			for _, f := range fs {
				got = append(got, want{f.Term, f.Severity, f.Text})
				if runeSlice(tc.text, f.Span) != f.Text || tc.text[f.Bytes.Start:f.Bytes.End] != f.Text {
					t.Errorf("span %v / bytes %v do not hold %q", f.Span, f.Bytes, f.Text)
				}
				if f.Code() != compliance.ErrAbsoluteTerm.Code() {
					t.Errorf("code %s", f.Code())
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Check(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
		})
	}
}

// TestSpans_CPL1: spans count runes of the original text, from the term's
// first letter to its last.
func TestSpans_CPL1(t *testing.T) {
	c := defaultChecker(t)
	text := "  买 最\u200b 佳的,全网 ＮＯ．１!"
	fs := check(t, c, text, compliance.Requirements{})
	if len(fs) != 2 {
		t.Fatalf("findings %+v", fs)
	}
	if fs[0].Span != (compliance.Span{Start: 4, End: 8}) || fs[0].Text != "最\u200b 佳" {
		t.Errorf("最佳 at %v %q", fs[0].Span, fs[0].Text)
	}
	if fs[1].Span != (compliance.Span{Start: 13, End: 17}) || fs[1].Text != "ＮＯ．１" {
		t.Errorf("NO.1 at %v %q", fs[1].Span, fs[1].Text)
	}
	// Invalid bytes count as one rune each, as []rune(text) counts them.
	text = "\xff\xfe最佳"
	fs = check(t, c, text, compliance.Requirements{})
	if len(fs) != 1 || fs[0].Span != (compliance.Span{Start: 2, End: 4}) || fs[0].Bytes != (compliance.Span{Start: 2, End: 8}) {
		t.Errorf("after invalid bytes: %+v", fs)
	}
}

// TestHostLists_CPL1: the host extends or replaces the terms, allows
// lawful phrases (a trademark), and allowing a term's text switches it off.
func TestHostLists_CPL1(t *testing.T) {
	text := "极品飞车联名款,秒杀价,全网最低价"
	t.Run("CPL-1 defaults", func(t *testing.T) {
		got := termsOf(check(t, defaultChecker(t), text, compliance.Requirements{}))
		if !slices.Equal(got, []string{"极品", "最低价"}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("CPL-1 extend and allow a trademark", func(t *testing.T) {
		c := mustChecker(t, compliance.AddTerms(compliance.WarnTerms("秒杀")...), compliance.AddAllowed("极品飞车"))
		got := termsOf(check(t, c, text, compliance.Requirements{}))
		if !slices.Equal(got, []string{"秒杀", "最低价"}) {
			t.Errorf("got %v", got)
		}
		if got := termsOf(check(t, c, "极品 飞车 与 极品好茶", compliance.Requirements{})); !slices.Equal(got, []string{"极品"}) {
			t.Errorf("the allowed phrase covers its own occurrence only: %v", got)
		}
	})
	t.Run("CPL-1 replace", func(t *testing.T) {
		c := mustChecker(t, compliance.WithTerms(compliance.BlockTerms("秒杀")...))
		if got := termsOf(check(t, c, text, compliance.Requirements{})); !slices.Equal(got, []string{"秒杀"}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("CPL-1 allowing a term switches it off", func(t *testing.T) {
		c := mustChecker(t, compliance.AddAllowed("最低价"))
		if got := termsOf(check(t, c, text, compliance.Requirements{})); !slices.Equal(got, []string{"极品"}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("CPL-1 duplicates merge to the graver severity", func(t *testing.T) {
		c := mustChecker(t, compliance.WithTerms(compliance.Term{Text: "秒杀", Severity: compliance.SeverityWarn},
			compliance.Term{Text: "秒 杀", Severity: compliance.SeverityBlock}))
		if ts := c.Terms(); len(ts) != 1 || ts[0].Text != "秒杀" || ts[0].Severity != compliance.SeverityBlock {
			t.Errorf("terms %+v", ts)
		}
	})
	t.Run("CPL-1 no terms", func(t *testing.T) {
		c := mustChecker(t, compliance.WithTerms())
		if fs := check(t, c, text, compliance.Requirements{}); len(fs) != 0 {
			t.Errorf("got %+v", fs)
		}
	})
}

// TestDisclosure_CPL2: a template that requires disclosure needs the label
// 广告 (or the host's markers); phrases that hold the label and disclose
// nothing do not count.
func TestDisclosure_CPL2(t *testing.T) {
	c := defaultChecker(t)
	req := compliance.Requirements{Disclosure: true}
	cases := []struct {
		name, text string
		missing    bool
	}{
		{"CPL-2 labelled", "#广告 夏季新品开箱评测", false},
		{"CPL-2 label in brackets", "【广告】开箱评测", false},
		// A marker counts written whole: a separator between its
		// characters may be two words (推广 告别), so 广 告 is no label.
		{"CPL-2 spaced label", "广 告|开箱评测", true},
		{"CPL-2 label with a separator after", "广告|开箱评测", false},
		{"CPL-2 label in corner brackets", "「广告」开箱评测", false},
		{"CPL-2 label in parentheses", "(广告)开箱评测", false},
		{"CPL-2 label at the end", "开箱评测 #广告", false},
		{"CPL-2 across a comma and two words", "欢迎关注这次推广，告诉朋友们下单", true},
		{"CPL-2 推广告诉 is two words", "这次推广告诉大家一个秘密", true},
		{"CPL-2 across a space", "新品推广 告别旧款", true},
		{"CPL-2 推广告知", "本次推广告知各位", true},
		{"CPL-2 推广告别", "新品推广告别旧款", true},
		{"CPL-2 across a full stop", "感谢推广。告诉你", true},
		{"CPL-2 across a line break", "推广\n告诉你", true},
		{"CPL-2 across an enumeration comma", "宽广、告白", true},
		{"CPL-2 a two-word pair and a label", "这次推广告诉大家:本条是广告", false},
		{"CPL-2 no label", "开箱评测+穿搭示例", true},
		{"CPL-2 the law's name is no label", "本视频符合广告法", true},
		{"CPL-2 a denial is no label", "这不是广告,真心推荐", true},
		{"CPL-2 a denial and a label", "这不是广告?其实是广告", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := check(t, c, tc.text, req)
			missing := len(fs) > 0 && fs[len(fs)-1].Kind == compliance.KindDisclosureMissing
			if missing != tc.missing {
				t.Errorf("Check(%q) = %+v, want missing=%v", tc.text, fs, tc.missing)
			}
			if missing {
				f := fs[len(fs)-1]
				if f.Severity != compliance.SeverityBlock || f.Term != "广告" || f.Span != (compliance.Span{}) || f.Code() != compliance.ErrDisclosureMissing.Code() {
					t.Errorf("finding %+v", f)
				}
			}
		})
	}
	t.Run("CPL-2 not required", func(t *testing.T) {
		if fs := check(t, c, "开箱评测", compliance.Requirements{}); len(fs) != 0 {
			t.Errorf("got %+v", fs)
		}
	})
	t.Run("CPL-2 host markers", func(t *testing.T) {
		h := mustChecker(t, compliance.WithMarkers("合作", "赞助"))
		if fs := check(t, h, "感谢品牌赞助", req); len(fs) != 0 {
			t.Errorf("got %+v", fs)
		}
		fs := check(t, h, "#广告 开箱", req)
		if len(fs) != 1 || fs[0].Kind != compliance.KindDisclosureMissing || fs[0].Term != "合作" {
			t.Errorf("got %+v", fs)
		}
	})
}

// TestPoints_CPL3: the template's required points; a product name and a
// key message are found however they are written, a link exactly.
func TestPoints_CPL3(t *testing.T) {
	c := defaultChecker(t)
	req := compliance.Requirements{Points: []compliance.Point{
		{Kind: compliance.PointProduct, Text: "雪顶新茶"},
		{Kind: compliance.PointLink, Text: "https://v.example.com/Ab3x"},
		{Kind: compliance.PointMessage, Text: "限时折扣"},
	}}
	cases := []struct {
		name, text string
		missing    []compliance.PointKind
	}{
		{"CPL-3 all there", "雪顶新茶上新,限时折扣,链接 https://v.example.com/Ab3x", nil},
		{"CPL-3 folded product and message", "雪顶 新茶上新!限时·折扣 https://v.example.com/Ab3x", nil},
		{"CPL-3 link differs in case", "雪顶新茶 限时折扣 https://v.example.com/ab3x", []compliance.PointKind{compliance.PointLink}},
		{"CPL-3 nothing there", "开箱评测", []compliance.PointKind{compliance.PointProduct, compliance.PointLink, compliance.PointMessage}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []compliance.PointKind
			for _, f := range check(t, c, tc.text, req) {
				if f.Kind != compliance.KindPointMissing {
					t.Fatalf("unexpected %+v", f)
				}
				if f.Severity != f.Point.Severity() || f.Code() != compliance.ErrPointMissing.Code() {
					t.Errorf("finding %+v", f)
				}
				got = append(got, f.Point)
			}
			if !slices.Equal(got, tc.missing) {
				t.Errorf("missing %v, want %v", got, tc.missing)
			}
		})
	}
	if compliance.PointMessage.Severity() != compliance.SeverityWarn || compliance.PointLink.Severity() != compliance.SeverityBlock {
		t.Error("point severities")
	}
}

// TestFindingOrder: terms by span, then the missing disclosure, then the
// missing points in the template's order.
func TestFindingOrder_CPL1_CPL2_CPL3(t *testing.T) {
	c := defaultChecker(t)
	fs := check(t, c, "顶级面料,最佳选择", compliance.Requirements{Disclosure: true,
		Points: []compliance.Point{{Kind: compliance.PointMessage, Text: "买一送一"}, {Kind: compliance.PointProduct, Text: "雪顶"}}})
	var kinds []string
	for _, f := range fs {
		kinds = append(kinds, f.Kind.String()+":"+f.Term)
	}
	want := "absolute-term:顶级 absolute-term:最佳 disclosure-missing:广告 point-missing:买一送一 point-missing:雪顶"
	if strings.Join(kinds, " ") != want {
		t.Errorf("order %v", kinds)
	}
}

func TestRequirementsInvalid_CPL3(t *testing.T) {
	c := defaultChecker(t)
	many := make([]compliance.Point, compliance.MaxPoints+1)
	for i := range many {
		many[i] = compliance.Point{Kind: compliance.PointProduct, Text: "x"}
	}
	if _, err := c.Check("x", compliance.Requirements{Points: many}); !hasCode(err, compliance.ErrTooManyPoints) {
		t.Errorf("too many: %v", err)
	}
	req := compliance.Requirements{Points: []compliance.Point{
		{Kind: 0, Text: "x"},
		{Kind: compliance.PointProduct, Text: ""},
		{Kind: compliance.PointProduct, Text: "。。"},
		{Kind: compliance.PointLink, Text: "https://a b"},
		{Kind: compliance.PointMessage, Text: "a\x00"},
		{Kind: compliance.PointProduct, Text: "\xff"},
		{Kind: compliance.PointProduct, Text: "好"},
	}}
	_, err := c.Check("好", req)
	if got := len(codes(err)); got != 6 || !hasCode(err, compliance.ErrPointInvalid) {
		t.Errorf("want six problems: %v", err)
	}
}

// TestNewCheckerInvalid: every problem of every list at once.
func TestNewCheckerInvalid(t *testing.T) {
	_, err := compliance.NewChecker(
		compliance.WithTerms(
			compliance.Term{Text: "", Severity: compliance.SeverityBlock},
			compliance.Term{Text: " 。!", Severity: compliance.SeverityBlock},
			compliance.Term{Text: "\xff最佳", Severity: compliance.SeverityBlock},
			compliance.Term{Text: "最佳", Severity: 0},
			compliance.Term{Text: strings.Repeat("好", compliance.MaxPhraseRunes+1), Severity: compliance.SeverityWarn},
			compliance.Term{Text: "最\u202e佳", Severity: compliance.SeverityWarn},
			compliance.Term{Text: "好", Severity: compliance.SeverityWarn},
		),
		compliance.WithAllowed("", "ok"),
		compliance.WithMarkers("\u200b"),
		compliance.WithNonDisclosures("a\nb"),
	)
	got := codes(err)
	want := 9
	if len(got) != want {
		t.Fatalf("want %d problems, got %d: %v", want, len(got), err)
	}
	if !hasCode(err, compliance.ErrPhraseInvalid) || !hasCode(err, compliance.ErrTermSeverity) {
		t.Errorf("codes %v", got)
	}
	if _, err := compliance.NewChecker(nil, compliance.WithTerms(), nil); len(codes(err)) != 2 || !hasCode(err, compliance.ErrOptionNil) {
		t.Errorf("nil options: %v", err)
	}
	if _, err := compliance.NewChecker(compliance.WithMarkers()); !hasCode(err, compliance.ErrNoMarkers) {
		t.Errorf("no markers: %v", err)
	}
	big := make([]string, compliance.MaxPhrases+1)
	for i := range big {
		big[i] = "x"
	}
	if _, err := compliance.NewChecker(compliance.WithAllowed(big...)); !hasCode(err, compliance.ErrTooManyPhrases) {
		t.Errorf("too many: %v", err)
	}
}

func TestCheckerNotReady(t *testing.T) {
	var zero compliance.Checker
	var nilc *compliance.Checker
	for _, c := range []*compliance.Checker{&zero, nilc} {
		if fs, err := c.Check("最佳", compliance.Requirements{}); fs != nil || !hasCode(err, compliance.ErrCheckerNotReady) {
			t.Errorf("Check on an unmade checker: %v, %v", fs, err)
		}
		if c.Terms() != nil || c.Allowed() != nil || c.Markers() != nil || c.NonDisclosures() != nil {
			t.Error("accessors of an unmade checker")
		}
	}
}

// TestDefaultLists: the defaults build, hold the words the law and the
// issue name, and no two default terms fold to the same text.
func TestDefaultLists_CPL1(t *testing.T) {
	c := defaultChecker(t)
	if len(c.Terms()) != len(compliance.DefaultTerms()) {
		t.Errorf("default terms merged: %d of %d", len(c.Terms()), len(compliance.DefaultTerms()))
	}
	for _, w := range []string{"国家级", "最高级", "最佳", "第一", "NO.1", "TOP1", "唯一", "首个", "首选", "顶级", "极品", "世界级", "全网第一", "销量冠军", "独一无二", "万能"} {
		if !slices.ContainsFunc(c.Terms(), func(t compliance.Term) bool { return t.Text == w }) {
			t.Errorf("default terms lack %s", w)
		}
	}
	if slices.ContainsFunc(c.Terms(), func(t compliance.Term) bool { return t.Text == "最" }) {
		t.Error("a bare 最 would flag 最近")
	}
	// Fresh copies: changing one changes nothing else.
	d := compliance.DefaultTerms()
	d[0].Text = "changed"
	if compliance.DefaultTerms()[0].Text == "changed" {
		t.Error("DefaultTerms shares its slice")
	}
	ts := c.Terms()
	ts[0].Text = "changed"
	if c.Terms()[0].Text == "changed" {
		t.Error("Terms shares its slice")
	}
}

// TestFindingMessageShowsHiddenCharacters_CPL1: a term hidden with
// invisible characters reads, in its message, with them shown.
func TestFindingMessageShowsHiddenCharacters_CPL1(t *testing.T) {
	fs := check(t, defaultChecker(t), "最\u200b佳\u202e", compliance.Requirements{})
	if len(fs) != 1 || fs[0].Text != "最\u200b佳" {
		t.Fatalf("findings %+v", fs)
	}
	if msg := fs[0].Message(starmap.ZH); !strings.Contains(msg, "「最‹U+200B›佳」") {
		t.Errorf("message %s", msg)
	}
}

// TestOptionsReused: one set of options builds many Checkers, at once,
// each with the same lists (run with -race: options share no memory
// with the Checkers they build).
func TestOptionsReused(t *testing.T) {
	base := make([]compliance.Term, 1, 8) // spare capacity a careless append would write into
	base[0] = compliance.Term{Text: "秒杀", Severity: compliance.SeverityWarn}
	opts := []compliance.Option{compliance.WithTerms(base...), compliance.AddTerms(compliance.BlockTerms("顶级")...),
		compliance.WithAllowed("顶级面料坊"), compliance.AddAllowed("秒杀价")}
	done := make(chan []compliance.Term)
	for g := 0; g < 4; g++ {
		go func() {
			c, err := compliance.NewChecker(opts...)
			if err != nil {
				t.Error(err)
			}
			done <- c.Terms()
		}()
	}
	for g := 0; g < 4; g++ {
		if ts := <-done; len(ts) != 2 || ts[0].Text != "秒杀" || ts[1].Text != "顶级" {
			t.Errorf("terms %+v", ts)
		}
	}
}

// ordinaryCorpus: everyday sentences that hold a default term's characters
// without claiming anything — in two words that meet, across a clause
// break, or 最好 as "had better". None may give a block finding.
var ordinaryCorpus = []string{
	"你最好先看说明书",
	"他积极品尝了每一道菜",
	"指尖端着一杯茶",
	"这款产品最终极大地提升了续航",
	"舌尖，端午节快乐",
	"最近天气不错",
	"最后一天包邮",
	"最多可减五十元",
	"最好还是提前预约",
	"您最好提前十分钟到",
	"大家最好别错过直播",
	"我们最好再确认一下尺码",
	"最好是白天拍摄",
	"他始终极力推荐这家店",
	"笔尖端正地落在纸上",
	"积极品味生活",
	"他最强调的是质量",
	"请在首选项里打开通知",
	"活动到最后，好礼相送",
	"登上山顶，级别就不同了",
	"新品首发，选购从速",
	"价格最终极其合理",
	"年终。极光很美",
	"第一次开箱\n第二次试穿",
}

// TestOrdinaryCorpusNoBlock_CPL1: the corpus yields no block finding,
// sentence by sentence and joined at random by clause breaks (review
// finding: block findings on ordinary words).
func TestOrdinaryCorpusNoBlock_CPL1(t *testing.T) {
	c := defaultChecker(t)
	noBlock := func(t interface {
		Helper()
		Errorf(string, ...any)
	}, text string) {
		t.Helper()
		fs, err := c.Check(text, compliance.Requirements{})
		if err != nil {
			t.Errorf("Check(%q): %v", text, err)
		}
		for _, f := range fs {
			if f.Severity == compliance.SeverityBlock {
				t.Errorf("Check(%q): block finding %+v", text, f)
			}
		}
	}
	for _, s := range ordinaryCorpus {
		noBlock(t, s)
	}
	rapid.Check(t, func(rt *rapid.T) {
		parts := rapid.SliceOfN(rapid.SampledFrom(ordinaryCorpus), 1, 6).Draw(rt, "sentences")
		var b strings.Builder
		for i, p := range parts {
			if i > 0 {
				b.WriteString(rapid.SampledFrom([]string{"，", "。", "！", "？", "；", "、", "\n", ",", "!"}).Draw(rt, "break"))
			}
			b.WriteString(p)
		}
		noBlock(rt, b.String())
	})
}

// TestClaimsStillBlock_CPL1: the allowed phrases of the ordinary corpus do
// not let the claims next to them through.
func TestClaimsStillBlock_CPL1(t *testing.T) {
	c := defaultChecker(t)
	for _, tc := range []struct{ text, term string }{
		{"这是你最好的选择", "最好的"},
		{"最好的面料", "最好的"},
		{"极品好茶", "极品"},
		{"尖端科技", "尖端"},
		{"终极版本", "终极"},
		{"最 佳搭配", "最佳"},
		{"最\u200b好", "最好"},
		{"积极推荐极品好茶", "极品"},
	} {
		fs := check(t, c, tc.text, compliance.Requirements{})
		if len(fs) != 1 || fs[0].Term != tc.term || fs[0].Severity != compliance.SeverityBlock {
			t.Errorf("Check(%q) = %+v, want block %q", tc.text, fs, tc.term)
		}
	}
}

// TestTermsAcrossBreak_CPL1: a term whose characters a clause break parts
// — 最、佳, 最，佳, 最 and 佳 on two lines — is not a block finding (a
// break usually parts two words: 舌尖，端午) but a warn finding of its own
// kind and code, with the span of what was written in the original text,
// break and evasions included; never also the shorter terms inside it
// that a break parts; a term within a clause next to it is still its own
// finding.
func TestTermsAcrossBreak_CPL1(t *testing.T) {
	c := defaultChecker(t)
	X, A := compliance.KindTermAcrossBreak, compliance.KindAbsoluteTerm
	W, B := compliance.SeverityWarn, compliance.SeverityBlock
	type want struct {
		kind compliance.Kind
		term string
		sev  compliance.Severity
		text string
		span compliance.Span
	}
	for _, tc := range []struct {
		text string
		want []want
	}{
		{"最、佳", []want{{X, "最佳", W, "最、佳", compliance.Span{Start: 0, End: 3}}}},
		{"最，佳", []want{{X, "最佳", W, "最，佳", compliance.Span{Start: 0, End: 3}}}},
		{"最\n佳", []want{{X, "最佳", W, "最\n佳", compliance.Span{Start: 0, End: 3}}}},
		{"夏天最。\r\n佳搭配", []want{{X, "最佳", W, "最。\r\n佳", compliance.Span{Start: 2, End: 7}}}},
		{"这是最 ，\u200b佳的", []want{{X, "最佳", W, "最 ，\u200b佳", compliance.Span{Start: 2, End: 7}}}},
		{"舌尖，端午节快乐", []want{{X, "尖端", W, "尖，端", compliance.Span{Start: 1, End: 4}}}},
		{"最高，级面料", []want{{X, "最高级", W, "最高，级", compliance.Span{Start: 0, End: 4}}, {A, "最高", W, "最高", compliance.Span{Start: 0, End: 2}}}},
		{"最，高级面料", []want{{X, "最高级", W, "最，高级", compliance.Span{Start: 0, End: 4}}}}, // not also 最高 across
		{"全网，第一", []want{{X, "全网第一", W, "全网，第一", compliance.Span{Start: 0, End: 5}}, {A, "第一", W, "第一", compliance.Span{Start: 3, End: 5}}}},
		{"品类NO,1!", []want{{X, "NO.1", W, "NO,1", compliance.Span{Start: 2, End: 6}}}},
		{"最佳；最、佳", []want{{A, "最佳", B, "最佳", compliance.Span{Start: 0, End: 2}}, {X, "最佳", W, "最、佳", compliance.Span{Start: 3, End: 6}}}},
		{"NO,10", nil},   // the word boundary holds across a break too
		{"最近，天气不错", nil}, // no term's characters meet
	} {
		fs := check(t, c, tc.text, compliance.Requirements{})
		var got []want
		for _, f := range fs {
			got = append(got, want{f.Kind, f.Term, f.Severity, f.Text, f.Span})
			if runeSlice(tc.text, f.Span) != f.Text || tc.text[f.Bytes.Start:f.Bytes.End] != f.Text {
				t.Errorf("CPL-1 %q: span %v / bytes %v do not hold %q", tc.text, f.Span, f.Bytes, f.Text)
			}
			if err := f.Validate(); err != nil {
				t.Errorf("CPL-1 %q: %v", tc.text, err)
			}
			if f.Kind == X && (f.Code() != compliance.ErrTermAcrossBreak.Code() || f.Kind.Item() != compliance.ItemWording ||
				!strings.Contains(f.Message(starmap.ZH), "标点或换行隔开") || !strings.Contains(f.Message(starmap.EN), "clause break")) {
				t.Errorf("CPL-1 %q: code %s, item %s, messages %q / %q", tc.text, f.Code(), f.Kind.Item(), f.Message(starmap.ZH), f.Message(starmap.EN))
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("CPL-1 Check(%q) = %+v, want %+v", tc.text, got, tc.want)
		}
	}
	// A term across a break is a warn: it never blocks, and Validate
	// refuses one stored as a block.
	fs := check(t, c, "最，佳", compliance.Requirements{})
	fs[0].Severity = compliance.SeverityBlock
	if err := fs[0].Validate(); err == nil {
		t.Error("CPL-1 a block finding across a break passed Validate")
	}
}
