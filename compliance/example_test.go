package compliance_test

import (
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// A live stream's talking points, checked against the default lists: the
// evasions (a space, a zero-width space, full-width letters) still match,
// spans are in the original text, and the template's disclosure and points
// are looked for.
func ExampleChecker_Check() {
	c, err := compliance.NewChecker()
	if err != nil {
		panic(err)
	}
	text := "家人们,这是今年最 佳的冰丝裤,全网ＮＯ．１!第一次穿就爱上。"
	findings, err := c.Check(text, compliance.Requirements{
		Disclosure: true,
		Points:     []compliance.Point{{Kind: compliance.PointProduct, Text: "冰丝阔腿裤"}},
	})
	if err != nil {
		panic(err)
	}
	for _, f := range findings {
		fmt.Printf("%-5s %-18s %q %v\n", f.Severity, f.Code(), f.Text, f.Span)
		fmt.Printf("      %s\n", f.Message(starmap.ZH))
	}
	// Output:
	// block compliance.finding.absolute_term "最 佳" {8 11}
	//       「最佳」属于广告禁用语(第9至11个字:「最 佳」)
	// block compliance.finding.absolute_term "ＮＯ．１" {18 22}
	//       「NO.1」属于广告禁用语(第19至22个字:「ＮＯ．１」)
	// block compliance.finding.disclosure_missing "" {0 0}
	//       未披露商业合作:文中没有「广告」标识
	// block compliance.finding.point_missing "" {0 0}
	//       缺少模板要求的产品名称:「冰丝阔腿裤」
}

// A host extends the defaults with its own term and allows its trademark.
func ExampleNewChecker() {
	c, err := compliance.NewChecker(
		compliance.AddTerms(compliance.WarnTerms("秒杀")...),
		compliance.AddAllowed("极品飞车"),
	)
	if err != nil {
		panic(err)
	}
	findings, _ := c.Check("极品飞车联名款,秒杀价,极品好茶", compliance.Requirements{})
	for _, f := range findings {
		fmt.Println(f.Term, f.Severity, f.Span)
	}
	// Output:
	// 秒杀 warn {8 10}
	// 极品 block {12 14}
}

// A term list with problems is refused with every problem at once.
func ExampleNewChecker_invalid() {
	_, err := compliance.NewChecker(compliance.WithTerms(
		compliance.Term{Text: "最佳", Severity: compliance.SeverityBlock},
		compliance.Term{Text: "", Severity: compliance.SeverityBlock},
		compliance.Term{Text: "!!", Severity: compliance.SeverityWarn},
		compliance.Term{Text: "顶级"},
	))
	fmt.Println(starmap.Message(err, starmap.ZH))
	// Output:
	// 违禁词第2项无效:为空
	// 违禁词第3项无效:没有文字或数字(只有空白、标点或符号),无法匹配
	// 违禁词第4项的严重程度无效
}

// A script review (CPL-4): the reviewer fills the checklist; the review
// cannot approve while a block finding stands, and a rejection cites what
// failed; once the platform waives the finding, it can approve.
func ExampleDecide() {
	c, _ := compliance.NewChecker()
	findings, _ := c.Check("#广告 这款面料是顶级的", compliance.Requirements{Disclosure: true})

	answers := []compliance.Answer{
		{Item: compliance.ItemClarity, Pass: true},
		{Item: compliance.ItemSubtitles, Pass: true},
		{Item: compliance.ItemProductInfo, Pass: true},
		{Item: compliance.ItemDisclosure, Pass: true},
		{Item: compliance.ItemWording, Pass: false, Note: "“顶级”请改为“优质”"},
	}
	checklist, err := compliance.StandardForm().Fill(answers...)
	if err != nil {
		panic(err)
	}
	d, _ := compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: checklist, Findings: findings})
	fmt.Println("can approve:", d.CanApprove())
	rejection, _ := d.Rejection()
	fmt.Println(rejection.Text(starmap.ZH))

	// The revision passes every item; the platform waives the finding
	// (the brand's registered name holds the word).
	answers[4] = compliance.Answer{Item: compliance.ItemWording, Pass: true}
	checklist, _ = compliance.StandardForm().Fill(answers...)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	w, err := compliance.Waive(starmap.PlatformActor("reviewer-17"), at, findings[0], "品牌注册商标“顶级面料坊”")
	if err != nil {
		panic(err)
	}
	d, _ = compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: checklist, Findings: findings, Waivers: []compliance.Waiver{w}})
	fmt.Println("can approve:", d.CanApprove(), "waived by", d.Waived[0].By)
	// Output:
	// can approve: false
	// 审核未通过
	// 未通过的审核项:
	// - 避免误导性用语:“顶级”请改为“优质”
	// 检查发现:
	// - [拦截] 「顶级」属于广告禁用语(第10至11个字:「顶级」)
	// can approve: true waived by platform:reviewer-17
}
