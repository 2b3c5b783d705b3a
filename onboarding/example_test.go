package onboarding_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

func ExampleCheckCreator() {
	p := onboarding.DefaultPolicy() // seed 000, 2023
	for _, a := range []onboarding.Applicant{
		{Platform: onboarding.Douyin, AccountID: "dy-1", Followers: 100000, Standing: onboarding.StandingNormal},
		{Platform: onboarding.Douyin, AccountID: "dy-2", Followers: 99999, Standing: onboarding.StandingRateLimited},
		{Platform: onboarding.Toutiao, AccountID: "tt-1", Followers: 10, Standing: onboarding.StandingNormal, MCN: "mcn-1"},
		{Platform: onboarding.Toutiao, AccountID: "tt-2", Followers: 900000, Standing: onboarding.StandingNormal},
	} {
		d := onboarding.CheckCreator(p, a)
		fmt.Printf("%s %d followers: eligible=%v route=%s\n", a.Platform, a.Followers, d.Eligible, d.Route)
		for _, r := range d.Reasons {
			fmt.Println("  -", r.Message(starmap.ZH))
		}
	}
	// Output:
	// douyin 100000 followers: eligible=true route=followers
	// douyin 99999 followers: eligible=false route=none
	//   - 账号状态异常(限流中),无法入驻
	//   - 抖音达人入驻星图粉丝需在100000以上,当前99999
	// toutiao 10 followers: eligible=true route=mcn-signing
	// toutiao 900000 followers: eligible=false route=none
	//   - 入驻规则未规定今日头条达人的粉丝门槛,无法按粉丝数入驻
}

func ExampleCheckCreator_policy2022() {
	a := onboarding.Applicant{Platform: onboarding.Douyin, AccountID: "dy-1", Followers: 250000, Standing: onboarding.StandingNormal}
	fmt.Println(onboarding.CheckCreator(onboarding.Policy2022(), a).Codes())
	a.MCN = "mcn-1"
	fmt.Println(onboarding.CheckCreator(onboarding.Policy2022(), a).Route)
	// Output:
	// [onboarding.creator.mcn_signing_required]
	// followers-and-mcn
}

func ExampleCheckAgency() {
	p := onboarding.DefaultPolicy()
	p.Name = "host-2026"
	p.Agency.MinFollowerVolume = onboarding.FigureOf(1000000) // the host's figure
	ag := onboarding.Agency{ID: "mcn-1", Founded: starmap.MustDate(2024, 2, 29), Qualified: true,
		Creators: 4, FollowerVolume: 2000000, OperatingCapability: true}
	fmt.Println("qualifies by age from", p.Agency.EligibleFrom(ag.Founded))
	d := onboarding.CheckAgency(starmap.MustDate(2025, 2, 28), p, ag)
	for _, r := range d.Reasons {
		fmt.Println("-", r.Message(starmap.EN))
	}
	// Output:
	// qualifies by age from 2025-03-01
	// - the agency must have existed for more than 1 year(s) (founded 2024-02-29, qualifies from 2025-03-01) or hold a special approval
	// - the agency needs at least 5 creators; it has 4
}

func ExampleGrantSpecialApproval() {
	_, err := onboarding.GrantSpecialApproval(starmap.MCNActor("mcn-1"), starmap.MustDate(2026, 5, 1), "trust me")
	fmt.Println(err)
	ap, err := onboarding.GrantSpecialApproval(starmap.PlatformActor("reviewer-7"), starmap.MustDate(2026, 5, 1), "达人资源丰富且内容独特")
	fmt.Println(ap.By, ap.On, ap.Reason, err)
	// Output:
	// actor.role_not_allowed: role mcn may not do this (allowed: platform)
	// platform:reviewer-7 2026-05-01 达人资源丰富且内容独特 <nil>
}

func ExampleCheckMerchant() {
	d := onboarding.CheckMerchant(onboarding.Merchant{ID: "adv-1", Kind: onboarding.MerchantIndividual, Platform: onboarding.Xigua})
	for _, r := range d.Reasons {
		fmt.Println("-", r.Message(starmap.ZH))
	}
	// Output:
	// - 商家需先在商家后台完成资质认证
	// - 个体户商家不支持一键开通星图
	// - 目前仅支持使用头条和抖音账号开通星图账号,不支持西瓜视频
}

func ExampleParsePolicy() {
	p, err := onboarding.ParsePolicyString(`
base = seed-000-2023
name = host-2026
toutiao.min_followers = 30000
`)
	fmt.Println(p.Name, p.Toutiao.MinFollowers, err)
	_, err = onboarding.ParsePolicyString("base = seed-000-2023\ndouyin.min_followers = 10万")
	fmt.Println(err)
	// Output:
	// host-2026 30000 <nil>
	// onboarding.policy.line: onboarding policy line 2: want a whole number or none, got "10万"
}

func ExamplePolicy_Validate() {
	p := onboarding.Policy2023()
	p.Xigua.MCNRequired = true
	p.OpeningWorkdays = 0
	fmt.Println(starmap.Message(p.Validate(), starmap.EN))
	// Output:
	// onboarding policy xigua: mcn_route and mcn_required both set: a signing cannot be both an alternative and a requirement
	// onboarding policy opening_workdays: must be between 1 and 365
}

func ExampleService() {
	ctx := context.Background()
	clock := starmap.NewManualClock(time.Date(2026, 9, 30, 10, 0, 0, 0, starmap.CST()))
	svc, err := onboarding.NewService(memstore.NewOnboardingStore(), clock)
	if err != nil {
		fmt.Println(err)
		return
	}
	reviewer := starmap.PlatformActor("reviewer-1")
	sub := onboarding.Submission{Kind: onboarding.KindCreator, Creator: onboarding.Applicant{
		Platform: onboarding.Xigua, AccountID: "xg-42", Followers: 50000, Standing: onboarding.StandingNormal}}
	if _, _, err := svc.Submit(ctx, starmap.CreatorActor("xg-42"), "app-42", sub); err != nil {
		fmt.Println(err)
		return
	}
	a, _, err := svc.Approve(ctx, reviewer, "app-42")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("confirmed", a.ConfirmedOn(), "open by", a.Deadline())
	clock.AdvanceDays(10)
	a, evs, err := svc.Open(ctx, reviewer, "app-42")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(evs[0].Type, a.OpenedOn(), a.SLA(a.OpenedOn()), evs[0].Note)
	// Output:
	// confirmed 2026-09-30 open by 2026-10-10
	// onboarding.application_opened 2026-10-10 met deadline 2026-10-10 met
}

func ExampleApplication_SLA() {
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, starmap.CST()) // a Friday
	a, _, _ := onboarding.Submit(starmap.CreatorActor("dy-1"), now, "app-1", onboarding.Submission{
		Kind: onboarding.KindCreator,
		Creator: onboarding.Applicant{Platform: onboarding.Douyin, AccountID: "dy-1",
			Followers: 120000, Standing: onboarding.StandingNormal}})
	_, _ = a.Approve(starmap.PlatformActor("reviewer-1"), now, onboarding.DefaultPolicy(), starmap.ChinaCalendar())
	for _, day := range []starmap.Date{starmap.MustDate(2026, 11, 25), starmap.MustDate(2026, 11, 26)} {
		fmt.Println(day, a.SLA(day))
	}
	// Output:
	// 2026-11-25 pending
	// 2026-11-26 overdue
}

type exampleTasks []onboarding.RunningTask

func (t exampleTasks) RunningTasks(context.Context, string) ([]onboarding.RunningTask, error) {
	return t, nil
}

func ExampleCheckClose() {
	plan, err := onboarding.CheckClose(context.Background(), exampleTasks{{ID: "task-7", State: "video_review"}},
		"adv-1", decimal.RequireFromString("1280.50"))
	fmt.Println(plan.CanClose(), starmap.FormatCNY(plan.Refund), err)
	fmt.Println(starmap.Message(plan.Err(), starmap.ZH))
	// Output:
	// false 1280.50 <nil>
	// 仍有1个任务进行中,需先取消任务再关闭星图:task-7
}

func ExampleStartCancellation() {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, starmap.CST())
	holder := starmap.AdvertiserActor("adv-1")
	key := []byte("the host's secret code key") // from the host's secrets, never the store
	plan, _ := onboarding.PlanClose("adv-1", nil, decimal.RequireFromString("99.90"))
	c, _, err := onboarding.StartCancellation(holder, now, plan, "482913", 10*time.Minute, key)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.EnterCode(holder, now.Add(time.Minute), "000000", key)
	fmt.Println(c.State(), starmap.Message(err, starmap.ZH))
	_, _ = c.EnterCode(holder, now.Add(2*time.Minute), "482913", key)
	fmt.Println(c.State())
	ev, _ := c.Approve(starmap.PlatformActor("reviewer-1"), now.Add(time.Hour), plan)
	fmt.Println(c.State(), ev.Note)
	// Output:
	// awaiting-code 验证码错误(还可尝试4次)
	// under-review
	// cancelled refund 99.90
}

// ExampleNewService wires a Service with its options and runs an account
// cancellation through it (ONB-8): the code's HMAC key and the task lister
// come with WithLeaving.
func ExampleNewService() {
	ctx := context.Background()
	clock := starmap.FixedClock(time.Date(2026, 11, 20, 10, 0, 0, 0, starmap.CST()))
	svc, err := onboarding.NewService(memstore.NewOnboardingStore(), clock,
		onboarding.WithPolicy(onboarding.Policy2023()),
		onboarding.WithCalendar(starmap.ChinaCalendar()),
		onboarding.WithRetry(starmap.Retry{Attempts: 3}),
		onboarding.WithLeaving(exampleTasks{}, []byte("the host's secret code key")))
	if err != nil {
		fmt.Println(err)
		return
	}
	holder, reviewer := starmap.AdvertiserActor("adv-1"), starmap.PlatformActor("reviewer-1")
	balance := decimal.RequireFromString("99.90")
	if _, _, err := svc.StartCancellation(ctx, holder, balance, "482913", 10*time.Minute); err != nil {
		fmt.Println(err)
		return
	}
	_, _, err = svc.EnterCode(ctx, holder, "000000")
	fmt.Println(starmap.Message(err, starmap.ZH))
	if _, _, err := svc.EnterCode(ctx, holder, "482913"); err != nil {
		fmt.Println(err)
		return
	}
	queue, _ := svc.ListCancellations(ctx, reviewer, onboarding.CancellationQuery{State: onboarding.CancelUnderReview})
	fmt.Println("under review:", len(queue.Items), queue.Items[0].Account())
	c, evs, err := svc.ApproveCancellation(ctx, reviewer, "adv-1", balance)
	fmt.Println(c.State(), evs[0].Type, evs[0].Note, err)
	_, err = onboarding.NewService(memstore.NewOnboardingStore(), clock, onboarding.WithLeaving(exampleTasks{}, []byte("short")))
	fmt.Println(starmap.Codes(err))
	// Output:
	// 验证码错误(还可尝试4次)
	// under review: 1 adv-1
	// cancelled onboarding.cancellation_approved refund 99.90 <nil>
	// [service.option_invalid onboarding.cancellation.invalid]
}
