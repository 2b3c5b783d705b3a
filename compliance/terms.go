package compliance

import "strings"

// Term is one phrase the checker reports (CPL-1), with the severity of its
// findings. Text is matched folded (see the package doc): "最佳" also
// finds "最 佳", "最\u200b佳" and "最.佳"; "NO.1" also finds "ＮＯ．１" and
// "no1".
type Term struct {
	Text     string
	Severity Severity
}

// BlockTerms makes block terms of words.
func BlockTerms(words ...string) []Term { return termsOf(SeverityBlock, words) }

// WarnTerms makes warn terms of words.
func WarnTerms(words ...string) []Term { return termsOf(SeverityWarn, words) }

func termsOf(s Severity, words []string) []Term {
	out := make([]Term, len(words))
	for i, w := range words {
		out[i] = Term{Text: w, Severity: s}
	}
	return out
}

// The default lists, kept as text so that they read as the lists they are.
// Each line is one group; words are separated by spaces.
const (
	// 《广告法》第九条第(三)项 names 国家级、最高级、最佳; these are the
	// words enforced with them as the same absolute claims. The 最… family
	// is a list of 最+X words, never a bare 最, which would flag 最近、最后、
	// 最多可减.
	defaultBlock = `
国家级 国际级 世界级 全球级 宇宙级 最高级 最佳
最好 最好的 最优 最优秀 最强 最高档 最低价 最便宜 最先进 最权威 最专业 最正宗
最受欢迎 最畅销 最热销 最火 最时尚 最流行 最完美 最安全 最舒适 最健康 最实惠 最划算
最超值 最具 最牛 最赚 最新技术 最新科学 最顶级 最尖端 最奢侈 最符合 最有效 最放心 最全面
顶级 顶尖 尖端 极品 终极 至尊 销量冠军 领导品牌 史无前例 前无古人 空前绝后 绝无仅有
独一无二 无与伦比 首选 第一品牌 全网第一 全国第一 全球第一 世界第一 中国第一 行业第一
销量第一 排名第一 NO.1 TOP1 国家免检
國家級 國際級 世界級 全球級 宇宙級 最高級 最優 最優秀 最強 最高檔 最低價 最先進 最權威
最專業 最受歡迎 最暢銷 最熱銷 最時尚 最實惠 最劃算 最頂級 頂級 頂尖 極品
終極 銷量冠軍 領導品牌 史無前例 前無古人 空前絕後 絕無僅有 獨一無二 無與倫比 首選
全網第一 全國第一 銷量第一 行業第一 中國第一 國家免檢`

	// Words that are absolute claims in most uses and lawful in some
	// (唯一客服、万能胶、首个订单; 最高时速、最低温度 state a fact): a
	// reviewer looks at them.
	defaultWarn = `
第一 唯一 独家 首个 首家 万能 王牌 冠军 极致 绝对 遥遥领先 最大 最高 最低
獨家 萬能 極致 絕對`

	// Phrases that contain a default term lawfully: ordinals and "at once",
	// not claims of rank; 最好 as "had better" (你最好先……, 最好提前预约;
	// 你最好的选择 is still a finding, of the block term 最好的); and
	// ordinary words that meet as a term (积极品尝, 指尖端着, 最终极大地,
	// 始终极力, 他最强调的, 首选项).
	defaultAllowed = `第一次 第一步 第一天 第一时间 第一眼 第一口 第一集 第一期 第一章 第一季 第一批
你最好 您最好 你们最好 我们最好 咱们最好 大家最好 最好先 最好是 最好不要 最好别 最好还是 最好能
最好提前 最好把 最好再
积极品 指尖端 笔尖端 舌尖端 刀尖端 脚尖端 鼻尖端 最终极大 最终极其 最终极为 最终极力 始终极力
始终极其 始终极为 最强调 首选项`
)

// DefaultTerms returns a fresh copy of the default term list (CPL-1): the
// block terms of 《广告法》第九条第(三)项 and the family enforced with them
// (the 最… family as 最+X words; 第一 in its ranking phrases, NO.1, TOP1,
// 独一无二, 销量冠军 …), with their traditional spellings, and the warn
// terms that are claims in most uses but lawful in some (第一, 唯一, 独家,
// 首个, 万能 …). A host extends it (AddTerms) or replaces it (WithTerms).
func DefaultTerms() []Term {
	return append(BlockTerms(strings.Fields(defaultBlock)...), WarnTerms(strings.Fields(defaultWarn)...)...)
}

// DefaultAllowed returns a fresh copy of the default allowed phrases:
// ordinals that contain 第一 and claim no rank (第一次, 第一步, 第一时间 …);
// 最好 as "had better" (你最好, 最好先, 最好是, 最好不要, 最好还是 …); and
// ordinary words that meet as a term — 积极品 (积极品尝), 指尖端/笔尖端/
// 舌尖端 … (指尖端着), 最终极大/最终极其/最终极为 (最终极大地), 最强调,
// 首选项.
// A host extends it (AddAllowed) or replaces it (WithAllowed).
func DefaultAllowed() []string { return strings.Fields(defaultAllowed) }

// DefaultMarkers returns the default disclosure markers (CPL-2): the label
// 广告 alone.
func DefaultMarkers() []string { return []string{"广告"} }

// Two words that meet as 广告 without being it: a word ending in 广 and a
// word starting with 告 (这次推广告诉大家, 新品推广告别旧款).
const (
	wordsEndingGuang = `推广 宽广 深广`
	wordsStartingGao = `告诉 告知 告别 告白 告辞 告急 告终 告一段落 告诫 告慰 告捷 告退 告吹`
)

// DefaultNonDisclosures returns the default phrases that contain a marker
// and disclose nothing: the law's name and the denials (广告法, 不是广告,
// 非广告, 并非广告, 无广告, 没有广告), and two words that meet as 广告 — a
// word ending in 广 (推广, 宽广, 深广) before a word starting with 告
// (告诉, 告知, 告别, 告白 …): 推广告诉, 推广告知, 推广告别 ….
func DefaultNonDisclosures() []string {
	out := []string{"广告法", "不是广告", "非广告", "并非广告", "无广告", "没有广告"}
	for _, a := range strings.Fields(wordsEndingGuang) {
		for _, b := range strings.Fields(wordsStartingGao) {
			out = append(out, a+b)
		}
	}
	return out
}
