package main

import (
	"strings"
	"testing"
)

// The quickstart is the README's first command: its transcript must keep
// telling the truth as packages land.
func TestQuickstartTranscript(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatalf("run: %v\n%s", err, b.String())
	}
	out := b.String()
	for _, want := range []string{
		"today is 2026-09-30",
		"opens by 2026-10-10 (3 working days, ONB-5)",
		"weekend-only calendar it would be 2026-10-05",
		"日期不存在:2026-02-30",
		"¥12800.00 + 5% service fee ¥640.00 = ¥13440.00 frozen",
		"more than 2 decimal places",
		// onboarding (ONB-2, ONB-4, ONB-5, ONB-6, ONB-8)
		"reason: 账号状态异常(限流中),无法入驻",
		"reason: 抖音达人入驻星图粉丝需在100000以上,当前99999",
		"app-xg-1 opened 2026-10-10: deadline met",
		"checked 2026-10-10: eligible=false",
		"checked 2026-10-11: eligible=true",
		// task (TSK-1, TSK-5, TSK-7)
		"reject_script  by advertiser-sub:adv-brand/ops-li  → script-rejected  (待提交)",
		"sweep: task.auto_accept published → settled",
		"balances sum to ¥0.00",
		// settlement (STL-1, STL-2, CAM-1, CAM-2)
		"campaign reserved ¥5250.00, ¥14750.00 left",
		"commission 预估 ¥3150.00 on net GMV ¥21000.00",
		"sweep: task.close_settlement → 已结算 ¥3150.00, fee ¥157.50",
		"invoiceable ¥3150.00, reconciles true",
		"spent ¥3307.50, reserved ¥0.00, remaining ¥16692.50",
		"达人成单贡献占比 cre-xiaomei: 100.00%",
		// component (CMP-2, CMP-3)
		"mount now? 组件cmp-spring正在审核中,审核通过后才能挂载",
		"platform:reviewer-17 approves: 有效",
		"another advertiser tries it: 组件cmp-spring不在您的组件库中,无法挂载",
		"cannot be mounted on a live task",
		"小程序被下架,组件无法挂载,请先恢复小程序之后再挂载组件",
		// mounting (CMP-3, CMP-4, TSK-2)
		"refused, nothing stored\n  组件无法挂载,订单未提交\n  小程序被下架",
		"mounted: cmp-snowflake \"新茶尝鲜\"",
		"live card shown = true",
		// authz (AUZ-2, AUZ-5, AUZ-6, AUZ-7, AUZ-9, AUZ-3)
		"all-sales on 2026-03-31 → allowed",
		"all-sales on 2026-04-01 → denied-expired",
		"advertiser-sub:shop-7/ops-1  all-sales on 2026-03-15 → denied-sub-account",
		"early renewal to 2026-03-31 refused: 截止日期仅支持大于现权限终止日期",
		"periods [2026-03-01..2026-03-31 2026-04-01..2026-04-30]",
		"all-sales on 2026-05-03 → denied-not-yet-valid",
		"star-42 sees 0 pending request(s) until it is confirmed",
		// card (CRD-2, CRD-3, CRD-5, CRD-6)
		"微信号格式错误",
		"手机号(虚拟号):17000001234",
		"share to link (CRD-5)",
		// compliance (CPL-1, CPL-2, CPL-3, CPL-4)
		"[拦截] 「最佳」属于广告禁用语(第19至21个字:「最‹U+200B›佳」)",
		"[拦截] 「NO.1」属于广告禁用语(第27至30个字:「ＮＯ．１」)",
		"[拦截] 未披露商业合作:文中没有「广告」标识",
		"缺少模板要求的产品链接",
		"rejected, citing 3 items and 5 findings",
		"- 避免误导性用语:删去“最佳”“NO.1”",
		"approve before the platform looks? false: 存在未经平台豁免的拦截项",
		"platform:reviewer-17 waives it (“全网第一屋”为已注册商标,已核实) → approve? true",
		// star (STR-1, STR-3, STR-4, ONB-4)
		"page 1: s-03 阿May美妆, live ¥1500.00, female 7400 bp",
		"page 2: s-01 小美妆日记, live ¥6800.00, female 8200 bp",
		"keyword 速成 finds 0: s-05 is rate-limited",
		"the first page's cursor with another query: 分页游标不属于当前筛选条件",
		"筛选条件粉丝数的下限500000大于上限100000",
		"s-02 粉丝画像匹配 6500 | 风格匹配 5000 | 报价 ¥2600.00 | 历史订单 0, ROI 未知 | 进行中任务 未知",
		"s-01's match score: (8200 + 10000) / 2 = 9100",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
	// CRD-3: after the owner's own view, the real phone number never shows.
	i := strings.Index(out, "-- an advertiser sees")
	if i < 0 {
		t.Fatalf("transcript lacks the advertiser's view of the card:\n%s", out)
	}
	if strings.Contains(out[i:], "13812345678") {
		t.Errorf("the real phone number leaks into a third-party view:\n%s", out[i:])
	}
}
