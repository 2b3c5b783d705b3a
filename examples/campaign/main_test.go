package main

import (
	"context"
	"strings"
	"testing"
)

// The campaign example is the story a host developer reads first: its
// transcript must keep telling the truth, step by step, as the packages
// change.
func TestCampaignTranscript(t *testing.T) {
	var b strings.Builder
	if err := run(context.Background(), &b); err != nil {
		t.Fatalf("run: %v\n%s", err, b.String())
	}
	out := b.String()
	for _, want := range []string{
		// onboarding (ONB-2, ONB-5)
		"checks the threshold first: eligible=true (ONB-2: Douyin needs 100000)",
		"confirmed 2026-09-28, the account must open by 2026-10-08 (3 working days over the National Day holiday, ONB-5)",
		"opened 2026-10-08: deadline met",
		// card and MCN (CRD-1, CRD-4, MCN-1)
		"completeness 20%",
		"(CRD-4): 4 changes, completeness 80%",
		"mcn-chashan proposes to sign cre-linlin for 2026-10-08..2027-10-07 at a 20% share; the creator accepts (MCN-1): 生效中",
		// marketplace (STR-1, STR-3, CRD-3)
		"  cre-linlin 林林的茶事, 236000 followers, signed to mcn-chashan, 21–60 s video ¥3000.00\n  cre-cafe 咖啡阿杰, 410000 followers, independent, 21–60 s video ¥5200.00\nadvertiser:adv-teahouse opens",
		"  邮箱:biz@linlin.example.com",
		// component (CMP-1, CMP-2)
		"creates component cmp-tea-shop \"秋茶上新 点击购买\" for short videos: 审核中",
		"platform:reviewer-9 approves it (CMP-2): 有效",
		// campaign and task (CAM-1, CAM-2, TSK-1, CMP-3)
		"with a budget of ¥10000.00 and a CPM target of ¥30.00 (CAM-1)",
		"¥3000.00 + fee ¥150.00 frozen, component cmp-tea-shop mounted (TSK-1, CMP-3); the campaign reserves ¥3150.00, ¥6850.00 left (CAM-1)",
		"the creator accepts the order: accepted",
		// compliance (CPL-1 … CPL-4): rejected once with findings, then approved
		"the creator submits a script: script-submitted (审核中)\n  the compliance check (CPL-1 … CPL-3): 2 findings",
		"[拦截] 「最好」属于广告禁用语",
		"[拦截] 未披露商业合作:文中没有「广告」标识",
		"the advertiser rejects it with the checklist: script-rejected",
		"- 避免误导性用语:删去“最好”",
		"the creator submits the revision: script-submitted (审核中)\n  the compliance check (CPL-1 … CPL-3): 0 findings",
		"the advertiser approves the script: script-approved",
		"the advertiser approves the video: video-approved",
		"the creator publishes it on Douyin: published",
		// settlement (TSK-5, STL-2, MCN-2)
		"the advertiser accepts the delivery: settled",
		"payout       advertiser-frozen     → creator               ¥2400.00",
		"mcn-share    advertiser-frozen     → mcn                   ¥600.00",
		"service-fee  advertiser-frozen     → platform-fee          ¥150.00",
		"closing ¥2400.00, invoiceable ¥2400.00, reconciles true",
		// results (CAM-2: CPM, ROI)
		"spent ¥3150.00, reserved ¥0.00, remaining ¥6850.00",
		"GMV ¥25560.00 → CPM ¥21.00, ROI 8.11",
		"actual ¥21.00, met true",
		// authz (AUZ-2, AUZ-5, AUZ-7, AUZ-10)
		"grants merchant:adv-teahouse its all-sales data for 2026-10-16..2026-11-14 (AUZ-2)",
		"advertiser:adv-teahouse            all-sales on 2026-11-15 → denied-expired",
		"all-sales on 2026-10-16 → denied-sub-account",
		"2026-11-14, the last valid day, cre-linlin renews early to 2026-12-14 (AUZ-5): periods [2026-10-16..2026-11-14 2026-11-15..2026-12-14]",
		"advertiser:adv-teahouse            all-sales on 2026-11-15 → allowed",
		"advertiser:adv-teahouse            all-sales on 2026-12-15 → denied-expired",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	for _, step := range []string{"== 1. onboarding", "== 2. the creator card", "== 3. the marketplace", "== 4. a mini-program component",
		"== 5. the campaign and the task", "== 6. the results", "== 7. data authorization"} {
		if strings.Count(out, step) != 1 {
			t.Errorf("step %q is not told once", step)
		}
	}
	// CRD-3: the creator's real phone number never reaches the transcript,
	// which only ever shows others' views.
	if strings.Contains(out, "13905912026") || strings.Contains(out, "139 0591 2026") {
		t.Errorf("the real phone number leaks:\n%s", out)
	}
}
