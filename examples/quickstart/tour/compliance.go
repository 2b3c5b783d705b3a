package tour

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

// complianceTour checks a creator's live-stream talking points (CPL-1 …
// CPL-3) — evasions and all — and walks the script review (CPL-4): the
// checklist, a rejection that cites what failed, the revision, the
// platform's waiver of a trademark, and the approval.
func complianceTour(_ context.Context, w io.Writer, _ Stores) error {
	say := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	say("== compliance: the ad-copy check and the review checklist")

	// The host's lists: the defaults, one term of its own, its trademark.
	checker, err := compliance.NewChecker(
		compliance.AddTerms(compliance.WarnTerms("秒杀")...),
		compliance.AddAllowed("顶级面料坊"),
	)
	if err != nil {
		return err
	}
	req := compliance.Requirements{Disclosure: true, Points: []compliance.Point{
		{Kind: compliance.PointProduct, Text: "冰丝阔腿裤"},
		{Kind: compliance.PointLink, Text: "https://v.example.com/Ab3x"},
	}}
	script := "家人们,顶级面料坊的冰丝阔腿裤,今年最\u200b佳单品,全网ＮＯ．１!秒杀价,第一次穿就爱上。"
	findings, err := checker.Check(script, req)
	if err != nil {
		return err
	}
	say("script checked (CPL-1 … CPL-3): %d findings", len(findings))
	for _, f := range findings {
		say("  [%s] %s", f.Severity.Label(starmap.ZH), f.Message(starmap.ZH))
	}

	// The advertiser reviews with the standard checklist (CPL-4).
	answers := []compliance.Answer{
		{Item: compliance.ItemClarity, Pass: true},
		{Item: compliance.ItemSubtitles, Pass: true},
		{Item: compliance.ItemProductInfo, Pass: false, Note: "请在文案中附上商品链接"},
		{Item: compliance.ItemDisclosure, Pass: false, Note: "开头标注「广告」"},
		{Item: compliance.ItemWording, Pass: false, Note: "删去“最佳”“NO.1”"},
	}
	checklist, err := compliance.StandardForm().Fill(answers...)
	if err != nil {
		return err
	}
	d, err := compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: checklist, Findings: findings})
	if err != nil {
		return err
	}
	say("approve? %v", d.CanApprove())
	rejection, err := d.Rejection()
	if err != nil {
		return err
	}
	say("rejected, citing %d items and %d findings:", len(rejection.Failed), len(rejection.Findings))
	say("  %s", continued(rejection.Text(starmap.ZH)))

	// The revision: labelled, linked, no absolute terms but one the
	// checker cannot tell from a claim — the brand's name 全网第一屋.
	revised := "【广告】顶级面料坊的冰丝阔腿裤,夏天好穿不闷,全网第一屋旗舰店同款。链接:https://v.example.com/Ab3x"
	findings, err = checker.Check(revised, req)
	if err != nil {
		return err
	}
	for _, f := range findings {
		say("revision: [%s] %s", f.Severity.Label(starmap.ZH), f.Message(starmap.ZH))
	}
	for i := range answers {
		answers[i] = compliance.Answer{Item: answers[i].Item, Pass: true}
	}
	checklist, err = compliance.StandardForm().Fill(answers...)
	if err != nil {
		return err
	}
	d, err = compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: checklist, Findings: findings})
	if err != nil {
		return err
	}
	say("approve before the platform looks? %v: %s", d.CanApprove(), starmap.Message(d.ApproveErr(), starmap.ZH))

	// The platform waives it, with the reason recorded.
	reviewer := starmap.PlatformActor("reviewer-17")
	waiver, err := compliance.Waive(reviewer, time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST()), findings[0], "“全网第一屋”为已注册商标,已核实")
	if err != nil {
		return err
	}
	d, err = compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: checklist, Findings: findings, Waivers: []compliance.Waiver{waiver}})
	if err != nil {
		return err
	}
	say("%s waives it (%s) → approve? %v", waiver.By, waiver.Reason, d.CanApprove())
	return nil
}
