// Command campaign follows one collaboration from end to end on the
// in-memory stores, the way a host wires the starmap packages together:
//
//  1. onboarding — a Douyin creator applies; the platform checks the
//     eligibility (ONB-2), approves and opens the account within three
//     working days (ONB-5);
//  2. card and MCN — the platform opens the creator's card, the creator
//     fills it (CRD-1, CRD-4) and signs with an agency that takes a share
//     of its pay (MCN-1, MCN-2);
//  3. star — the platform lists the creator in the marketplace, where an
//     advertiser finds it (STR-1, STR-3) and reads its card (CRD-3);
//  4. component — the advertiser makes a mini-program component, the
//     platform approves it (CMP-1, CMP-2);
//  5. campaign and task — a campaign with a budget (CAM-1), a short-video
//     task ordered in it with the component mounted, reserving from the
//     budget (TSK-1, CMP-3, CAM-1);
//     the creator accepts; the script is checked (compliance, CPL-1 …
//     CPL-3), rejected once with the checklist and the findings (CPL-4),
//     revised and approved; the video is approved and published; results
//     arrive; the advertiser accepts and the money settles, the agency's
//     share included, and the creator's statement (TSK-5, STL-2, MCN-2);
//  6. dashboard — the campaign's results, CPM and ROI among them (CAM-2);
//  7. authz — the creator grants the merchant its all-sales data (AUZ-2),
//     renews early (AUZ-5), and the access check answers (AUZ-10).
//
// Every step prints what happened in plain words. Every clock is a manual
// one and every id is given, so the transcript is the same on every run
// (the test checks it).
//
//	go run ./examples/campaign
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/compliance"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/dashboard"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/task"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "campaign:", err)
		os.Exit(1)
	}
}

// The people of the story. The creator's id is the same in every package:
// its onboarding applicant, its card, its marketplace record, its tasks
// and its grants.
const (
	creatorID = "cre-linlin"
	brandID   = "adv-teahouse"
	agencyID  = "mcn-chashan"
	appID     = "tt5e8a0c3f9b21d7e401"
)

var (
	creator  = starmap.CreatorActor(creatorID)
	brand    = starmap.AdvertiserActor(brandID)
	brandOps = starmap.SubAccountActor(brandID, "ops-zhou")
	reviewer = starmap.PlatformActor("reviewer-9")
	syncJob  = starmap.PlatformActor("account-sync")
	dataJob  = starmap.PlatformActor("data-sync")
)

// host is what one host service holds: a clock and the services over
// their stores, wired once.
type host struct {
	clock      *starmap.ManualClock
	onboarding *onboarding.Service
	cards      *card.Service
	market     *star.Service
	components *component.Service
	agencies   *mcn.Service
	campaigns  *campaign.Service
	tasks      *task.Service
	grants     *authz.Service
	programs   *memstore.ComponentDirectory // the host's view of Douyin's mini-programs
}

func newHost(start time.Time) (*host, error) {
	h := &host{clock: starmap.NewManualClock(start), programs: memstore.NewComponentDirectory()}
	comps := memstore.NewComponentStore()
	mounter, err := component.NewMounter(comps, h.programs)
	if err != nil {
		return nil, err
	}
	var errs [8]error
	h.onboarding, errs[0] = onboarding.NewService(memstore.NewOnboardingStore(), h.clock)
	h.cards, errs[1] = card.NewService(memstore.NewCardStore(), h.clock)
	h.market, errs[2] = star.NewService(memstore.NewStarStore(), h.clock)
	h.components, errs[3] = component.NewService(comps, h.clock)
	h.campaigns, errs[4] = campaign.NewService(memstore.NewCampaignStore(), h.clock)
	h.agencies, errs[7] = mcn.NewService(memstore.NewMCNStore(), h.clock)
	if errs[7] != nil {
		return nil, errs[7]
	}
	// Orders keep the agency's share of the signing in force (MCN-2).
	h.tasks, errs[5] = task.NewService(memstore.NewTaskStore(), h.clock,
		task.WithCampaigns(h.campaigns), task.WithMountChecker(mounter), task.WithSigningTerms(h.agencies))
	h.grants, errs[6] = authz.NewService(memstore.NewAuthzStore(), h.clock)
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return h, nil
}

// run tells the story to w.
func run(ctx context.Context, w io.Writer) error {
	h, err := newHost(time.Date(2026, 9, 28, 10, 0, 0, 0, starmap.CST()))
	if err != nil {
		return err
	}
	say := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	for _, step := range []func(context.Context, *host, func(string, ...any)) error{
		onboard, fillCard, signWithAgency, findInMarketplace, makeComponent, orderAndDeliver, grantData,
	} {
		if err := step(ctx, h, say); err != nil {
			return err
		}
	}
	return nil
}

// onboard: the creator applies, is checked, approved and opened.
func onboard(ctx context.Context, h *host, say func(string, ...any)) error {
	say("== 1. onboarding — %s", starmap.Today(h.clock))
	applicant := onboarding.Applicant{Platform: onboarding.Douyin, AccountID: creatorID, Followers: 236000, Standing: onboarding.StandingNormal}
	d := onboarding.CheckCreator(h.onboarding.Policy(), applicant)
	say("%s, a Douyin creator with %d followers, checks the threshold first: eligible=%v (ONB-2: Douyin needs %s)",
		creatorID, applicant.Followers, d.Eligible, h.onboarding.Policy().Douyin.MinFollowers)
	if _, _, err := h.onboarding.Submit(ctx, creator, "app-linlin", onboarding.Submission{Kind: onboarding.KindCreator, Creator: applicant}); err != nil {
		return err
	}
	h.clock.Advance(3 * time.Hour)
	a, evs, err := h.onboarding.Review(ctx, reviewer, "app-linlin")
	if err != nil {
		return err
	}
	say("the application is reviewed by %s: %s; confirmed %s, the account must open by %s (3 working days over the National Day holiday, ONB-5)",
		reviewer, evs[0].Type, a.ConfirmedOn(), a.Deadline())
	h.clock.Set(time.Date(2026, 10, 8, 11, 0, 0, 0, starmap.CST()))
	if a, _, err = h.onboarding.Open(ctx, reviewer, "app-linlin"); err != nil {
		return err
	}
	say("opened %s: deadline %s", a.OpenedOn(), a.SLA(a.OpenedOn()))
	return nil
}

// fillCard: the platform opens the card from the account; the creator
// fills its contacts and introduction.
func fillCard(ctx context.Context, h *host, say func(string, ...any)) error {
	say("\n== 2. the creator card — %s", starmap.Today(h.clock))
	c, _, err := h.cards.Open(ctx, syncJob, creatorID, card.Basic{Avatar: "https://p3.example.com/avatar/linlin.jpeg",
		Nickname: "林林的茶事", DouyinID: "linlin_tea", Location: "福建 福州"})
	if err != nil {
		return err
	}
	say("the platform opens the card from the Douyin account (CRD-1): completeness %d%%", c.Completeness())
	h.clock.Advance(30 * time.Minute)
	c, evs, err := h.cards.Edit(ctx, creator, creatorID, card.NewEdit().
		SetContact(card.Phone, "139 0591 2026").
		SetContact(card.Email, "biz@linlin.example.com").
		SetIntroduction("茶山长大的姑娘,讲茶、泡茶、带你逛茶园。").
		SetCollaborations(card.Collaboration{Brand: "某茶具品牌", Description: "功夫茶具开箱"}))
	if err != nil {
		return err
	}
	say("the creator fills phone, e-mail, introduction and a past collaboration (CRD-4): %d changes, completeness %d%%", len(evs), c.Completeness())
	return nil
}

// signWithAgency: an agency proposes to sign the creator's Douyin account
// for a year at a 20 % share of its pay; the creator accepts.
func signWithAgency(ctx context.Context, h *host, say func(string, ...any)) error {
	today := starmap.Today(h.clock)
	p := mcn.Proposal{ID: "sign-2026", Creator: creatorID, Accounts: []mcn.Account{{Platform: onboarding.Douyin, ID: creatorID}},
		Start: today, End: today.AddDays(364), ShareBP: 2000}
	if _, _, err := h.agencies.Propose(ctx, starmap.MCNActor(agencyID), p); err != nil {
		return err
	}
	h.clock.Advance(time.Hour)
	sg, _, err := h.agencies.Accept(ctx, creator, p.Key())
	if err != nil {
		return err
	}
	say("%s proposes to sign %s for %s..%s at a 20%% share; the creator accepts (MCN-1): %s", agencyID, creatorID, p.Start, p.End, sg.State.Label(starmap.ZH))
	return nil
}

// findInMarketplace: the platform lists the creator; the advertiser
// searches the marketplace and reads the card.
func findInMarketplace(ctx context.Context, h *host, say func(string, ...any)) error {
	say("\n== 3. the marketplace 达人广场 — %s", starmap.Today(h.clock))
	yuan := decimal.RequireFromString
	if _, _, err := h.market.PutAgency(ctx, syncJob, star.AgencyRecord{ID: agencyID, Name: "茶山文化",
		Founded: starmap.MustDate(2022, 3, 1), Qualification: "91350100MA8T"}); err != nil {
		return err
	}
	for _, r := range []struct {
		id, nick  string
		followers int64
		cats      []star.Category
		clip, mcn string
	}{
		{creatorID, "林林的茶事", 236000, []star.Category{"美食", "茶饮"}, "3000", agencyID},
		{"cre-cafe", "咖啡阿杰", 410000, []star.Category{"美食", "咖啡"}, "5200", ""},
		{"cre-gadget", "数码小周", 880000, []star.Category{"3C数码"}, "9000", ""},
	} {
		if _, _, err := h.market.PutCreator(ctx, syncJob, star.CreatorRecord{
			ID: r.id, Status: star.StatusOpen, Categories: r.cats, Engagement: 420, Heat: 80, MCN: r.mcn,
			Account: star.Account{Platform: onboarding.Douyin, ID: "dy_" + r.id, Nickname: r.nick, Followers: r.followers,
				Location: star.Location{Region: star.Fujian, City: "福州"}, Standing: onboarding.StandingNormal},
			Quotes: []star.Quote{{Offer: star.OfferVideo21to60s, Price: yuan(r.clip)}},
			Audience: star.Audience{Genders: []star.GenderShare{{Gender: star.GenderFemale, BP: 6800},
				{Gender: star.GenderMale, BP: star.FullShare - 6800}}},
		}); err != nil {
			return err
		}
	}
	say("the platform lists agency %s and 3 creators, %s among them, signed to it (STR-1)", agencyID, creatorID)
	q := star.Query{Categories: []star.Category{"茶饮", "咖啡"}, Price: star.PriceRange{Offer: star.OfferVideo21to60s, Max: yuan("6000")},
		Sort: star.Sort{Key: star.SortPrice, Offer: star.OfferVideo21to60s, Ascending: true}}
	page, err := h.market.Search(ctx, brand, q)
	if err != nil {
		return err
	}
	say("%s searches for 茶饮 or 咖啡 creators quoting a 21–60 s video at ¥6000 or less, cheapest first (STR-3):", brand)
	for _, c := range page.Items {
		price, _ := c.Quote(star.OfferVideo21to60s)
		signed := "independent"
		if c.MCN() != "" {
			signed = "signed to " + c.MCN()
		}
		say("  %s %s, %d followers, %s, 21–60 s video ¥%s", c.ID(), c.Account().Nickname, c.Account().Followers, signed, starmap.FormatCNY(price))
	}
	v, err := h.cards.View(ctx, brand, creatorID)
	if err != nil {
		return err
	}
	say("%s opens %s's card (the %s view: the real phone number is the creator's alone, CRD-3):\n%s\n", brand, creatorID, v.Audience, indent(v.Text()))
	return nil
}

// makeComponent: the advertiser's mini-program component, approved by the
// platform.
func makeComponent(ctx context.Context, h *host, say func(string, ...any)) error {
	say("== 4. a mini-program component — %s", starmap.Today(h.clock))
	h.programs.Set(appID, component.MiniProgramUp)
	c, _, err := h.components.Create(ctx, brandOps, component.NewComponent{ID: "cmp-tea-shop", Channel: starmap.FormatShortVideo,
		Content: component.Content{AppID: appID, Page: component.Page{Path: "pages/goods/detail", Query: "sku=tea-88"},
			Title: "秋茶上新 点击购买", Icon: "https://img.example.com/tea-88.png"}})
	if err != nil {
		return err
	}
	say("%s creates component %s %q for short videos: %s", brandOps, c.ID(), c.Content().Title, c.State().Label(starmap.ZH))
	h.clock.Advance(2 * time.Hour)
	if c, _, err = h.components.Approve(ctx, reviewer, c.ID()); err != nil {
		return err
	}
	say("%s approves it (CMP-2): %s", reviewer, c.State().Label(starmap.ZH))
	return nil
}

// orderAndDeliver: the campaign, the order with the component, the
// script's review, the video, the results, the acceptance and the money.
func orderAndDeliver(ctx context.Context, h *host, say func(string, ...any)) error {
	say("\n== 5. the campaign and the task — %s", starmap.Today(h.clock))
	yuan := decimal.RequireFromString
	camp, _, err := h.campaigns.Create(ctx, brand, campaign.Spec{ID: "camp-autumn-tea", Name: "秋茶上新", Objective: campaign.ObjectivePurchase,
		Budget: yuan("10000.00"), Targets: []campaign.Target{{Metric: campaign.MetricCPM, Value: yuan("30.00")}}})
	if err != nil {
		return err
	}
	say("%s creates campaign %s %q with a budget of ¥%s and a CPM target of ¥30.00 (CAM-1)", brand, camp.ID(), camp.Name(), starmap.FormatCNY(camp.Budget()))
	placed, err := h.tasks.Order(ctx, brandOps, task.Order{
		ID: "task-tea-01", Creator: creatorID, Format: starmap.FormatShortVideo, Price: yuan("3000.00"),
		Campaign: "camp-autumn-tea", Components: []string{"cmp-tea-shop"},
		Template: task.Template{
			Objective:    task.ObjectivePurchase,
			Deliverables: []string{"30秒竖版视频"},
			Requirements: "茶园实拍,结尾引导点击组件购买",
			Disclosure:   true,
			Points:       []compliance.Point{{Kind: compliance.PointProduct, Text: "秋茶礼盒"}},
		},
	})
	if err != nil {
		return err
	}
	tk := placed.Task
	if camp, err = h.campaigns.Get(ctx, brand, camp.ID()); err != nil {
		return err
	}
	say("%s orders %s from %s: ¥%s + fee ¥%s frozen, component %s mounted (TSK-1, CMP-3); the campaign reserves ¥%s, ¥%s left (CAM-1)",
		brandOps, tk.ID(), creatorID, starmap.FormatCNY(tk.Price()), starmap.FormatCNY(tk.Fee()), tk.Components()[0].ID,
		starmap.FormatCNY(camp.Reserved()), starmap.FormatCNY(camp.Remaining()))

	// The seed's checklist (素材清晰度, 字幕准确性, 产品信息一致性, 披露合规,
	// 避免误导性用语): every item passes but those failed, with a note.
	checklist := compliance.StandardForm().AnswerAll
	steps := []struct {
		by    starmap.Actor
		r     task.Request
		hours int
		what  string
	}{
		{creator, task.Request{Command: task.CmdAcceptOrder}, 5, "the creator accepts the order"},
		{creator, task.Request{Command: task.CmdSubmitScript, Ref: "script-v1",
			Text: "今年最好喝的秋茶礼盒,错过再等一年!"}, 24, "the creator submits a script"},
		{brandOps, task.Request{Command: task.CmdRejectScript, Reason: "请按模板修改",
			Answers: checklist(map[compliance.ItemKey]string{compliance.ItemWording: "删去“最好”", compliance.ItemDisclosure: "开头标注「广告」"})},
			4, "the advertiser rejects it with the checklist"},
		{creator, task.Request{Command: task.CmdSubmitScript, Ref: "script-v2",
			Text: "【广告】跟我去茶园看看秋茶礼盒是怎么做出来的,点下方组件就能买。"}, 20, "the creator submits the revision"},
		{brandOps, task.Request{Command: task.CmdApproveScript, Answers: checklist(nil)}, 2, "the advertiser approves the script"},
		{creator, task.Request{Command: task.CmdSubmitVideo, Ref: "video-v1", Text: "【广告】秋茶礼盒 茶园实拍"}, 48, "the creator submits the video"},
		{brandOps, task.Request{Command: task.CmdApproveVideo, Answers: checklist(nil)}, 3, "the advertiser approves the video"},
		{creator, task.Request{Command: task.CmdPublish, Ref: "douyin-556021"}, 10, "the creator publishes it on Douyin"},
		{dataJob, task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: 150000, Clicks: 6100,
			Favourites: 820, AddToCart: 390, Orders: 142, GMV: yuan("25560.00")}}, 72, "the platform reports the results"},
		{brand, task.Request{Command: task.CmdAcceptDelivery}, 6, "the advertiser accepts the delivery"},
	}
	for _, s := range steps {
		h.clock.Advance(time.Duration(s.hours) * time.Hour)
		out, err := h.tasks.Do(ctx, s.by, tk.ID(), s.r)
		if err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
		tk = out.Task
		say("%s %s: %s (%s)", starmap.Today(h.clock), s.what, tk.State(), tk.SubState().Label(starmap.ZH))
		switch s.r.Command {
		case task.CmdSubmitScript, task.CmdSubmitVideo:
			sub, _ := tk.Submission()
			say("  the compliance check (CPL-1 … CPL-3): %d findings", len(sub.Findings))
			for _, f := range sub.Findings {
				say("  [%s] %s", f.Severity.Label(starmap.ZH), f.Message(starmap.ZH))
			}
		case task.CmdRejectScript:
			last := tk.History()[tk.HistoryLen()-1]
			say("  sent back to the creator (CPL-4):\n    %s", strings.ReplaceAll(last.RejectionText(starmap.ZH), "\n", "\n    "))
		case task.CmdAcceptDelivery:
			say("  the money moves (TSK-5):")
			for _, p := range out.Postings {
				say("    %-12s %-21s → %-21s ¥%s", p.Kind, p.From, p.To, starmap.FormatCNY(p.Amount))
			}
		}
	}

	st := task.Statements(task.Holder{Kind: task.HolderCreator, ID: creatorID}, starmap.MustDate(2026, 10, 1), starmap.MustDate(2026, 10, 31),
		task.Entries([]*task.Task{tk}))
	say("%s's October statement (STL-2): opening ¥%s, closing ¥%s, invoiceable ¥%s, reconciles %v", creatorID,
		starmap.FormatCNY(st.Opening[0].Balance), starmap.FormatCNY(st.Closing[0].Balance), starmap.FormatCNY(st.Invoiceable), st.Reconciles())

	say("\n== 6. the results — %s", starmap.Today(h.clock))
	if camp, err = h.campaigns.Get(ctx, brand, camp.ID()); err != nil {
		return err
	}
	board := dashboard.Campaign(camp, []*task.Task{tk})
	k := board.Total.KPIs
	say("campaign %s's board (CAM-2): spent ¥%s, reserved ¥%s, remaining ¥%s", camp.ID(),
		starmap.FormatCNY(board.Spent), starmap.FormatCNY(board.Reserved), starmap.FormatCNY(board.Remaining))
	say("  exposure %d, orders %d, GMV ¥%s → CPM ¥%s, ROI %s, conversion %s", board.Total.Metrics.Exposure, board.Total.Metrics.Orders,
		starmap.FormatCNY(board.Total.Metrics.GMV), fixed(k.CPM, 2), fixed(k.ROI, 2), fixed(k.ConversionRate, 4))
	for _, r := range board.Targets {
		say("  target %s ≤ ¥%s: actual ¥%s, met %v", r.Target.Metric.Label(starmap.ZH), starmap.FormatCNY(r.Target.Value), fixed(r.Actual, 2), r.Met)
	}
	return nil
}

// grantData: the creator grants the merchant its all-sales data, renews
// early, and the merchant's access is checked.
func grantData(ctx context.Context, h *host, say func(string, ...any)) error {
	say("\n== 7. data authorization — %s", starmap.Today(h.clock))
	today := starmap.Today(h.clock)
	end := today.AddDays(29)
	merchant := authz.MerchantParty(brandID)
	if _, _, err := h.grants.Grant(ctx, creator, merchant, today, end, "秋茶合作复盘"); err != nil {
		return err
	}
	say("%s grants %s its all-sales data for %s..%s (AUZ-2)", creatorID, merchant, today, end)
	check := func(who starmap.Actor, day starmap.Date) {
		d := h.grants.Check(authz.Query{Account: who, Creator: creatorID, Scope: authz.AllSales, Day: day})
		say("  check %-34s all-sales on %s → %s", who, day, d)
	}
	check(brand, end)
	check(brand, end.AddDays(1))
	check(brandOps, today)

	h.clock.Set(end.StartOfDay().Add(15 * time.Hour))
	renewed := end.AddDays(30)
	g, _, err := h.grants.EarlyRenew(ctx, creator, merchant, renewed, "")
	if err != nil {
		return err
	}
	say("%s, the last valid day, %s renews early to %s (AUZ-5): periods %v", starmap.Today(h.clock), creatorID, renewed, g.Periods())
	check(brand, end.AddDays(1))
	check(brand, renewed.AddDays(1))
	return nil
}

// fixed renders a ratio with places decimals, or "undefined".
func fixed(r task.Ratio, places int32) string {
	v, ok := r.Value()
	if !ok {
		return r.String()
	}
	return v.StringFixed(places)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ")
}
