package star_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

// exampleRoster is three beauty creators and one in violation.
func exampleRoster() []star.CreatorRecord {
	mk := func(id, nick string, followers int64, heat int64, live string, female int, mcn string) star.CreatorRecord {
		return star.CreatorRecord{
			ID: id,
			Account: star.Account{Platform: onboarding.Douyin, ID: "dy_" + id, Nickname: nick,
				Location: star.Location{Region: star.Shanghai}, Followers: followers, Standing: onboarding.StandingNormal},
			Status:     star.StatusOpen,
			Categories: []star.Category{"美妆"},
			Quotes:     []star.Quote{{Offer: star.OfferLive, Price: decimal.RequireFromString(live)}},
			Engagement: 420,
			Audience:   star.Audience{Genders: []star.GenderShare{{Gender: star.GenderFemale, BP: female}, {Gender: star.GenderMale, BP: 10_000 - female}}},
			MCN:        mcn,
			Heat:       heat,
		}
	}
	bad := mk("s4", "违规号", 900_000, 99, "100", 5000, "")
	bad.Account.Standing = onboarding.StandingViolation
	return []star.CreatorRecord{
		mk("s1", "小美妆日记", 320_000, 80, "5000", 8200, "mcn-1"),
		mk("s2", "美妆研究所", 150_000, 95, "2800", 6100, ""),
		mk("s3", "阿May美妆", 80_000, 60, "1200", 7400, ""),
		bad,
	}
}

// Build a roster: records are validated with every problem reported, then
// stored through the Service by the platform.
func Example_buildRoster() {
	ctx := context.Background()
	ops := starmap.PlatformActor("ops-1")
	svc, _ := star.NewService(memstore.NewStarStore(), starmap.FixedClock(time.Date(2026, 6, 1, 10, 0, 0, 0, starmap.CST())))
	svc.PutAgency(ctx, ops, star.AgencyRecord{ID: "mcn-1", Name: "星光传媒", Founded: starmap.MustDate(2020, 3, 1), Qualification: "91310000MA1"})
	for _, r := range exampleRoster() {
		c, ev, err := svc.PutCreator(ctx, ops, r)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %s v%d listed=%v (%s)\n", ev.Type, c.ID(), c.Version(), c.Listed(), ev.To)
	}
	bad := exampleRoster()[1]
	bad.Engagement = 12_000
	bad.Quotes = []star.Quote{{Offer: star.OfferLive, Price: decimal.RequireFromString("-5")}}
	bad.Audience.Genders[0].BP = 7000
	_, err := star.NewCreator(bad)
	fmt.Println(starmap.Message(err, starmap.ZH))
	// Output:
	// star.creator.created s1 v1 listed=true (listed)
	// star.creator.created s2 v1 listed=true (listed)
	// star.creator.created s3 v1 listed=true (listed)
	// star.creator.created s4 v1 listed=false (unlisted)
	// 报价无效:直播价格须大于0
	// 近30天互动率无效:12000不在0到10000之间
	// 粉丝画像中性别占比合计应为10000个基点(100%),实为10900
}

// Query a page: beauty creators with a mostly female audience, cheapest
// live stream first, two a page; the cursor carries on.
func Example_queryPage() {
	ctx := context.Background()
	ops, brand := starmap.PlatformActor("ops-1"), starmap.AdvertiserActor("brand-1")
	svc, _ := star.NewService(memstore.NewStarStore(), starmap.FixedClock(time.Date(2026, 6, 1, 10, 0, 0, 0, starmap.CST())))
	svc.PutAgency(ctx, ops, star.AgencyRecord{ID: "mcn-1", Name: "星光传媒", Founded: starmap.MustDate(2020, 3, 1)})
	for _, r := range exampleRoster() {
		svc.PutCreator(ctx, ops, r)
	}
	q := star.Query{
		Categories: []star.Category{"美妆"},
		Audience:   star.AudienceFilter{Gender: star.GenderFemale, GenderMin: 6000},
		Sort:       star.Sort{Key: star.SortPrice, Offer: star.OfferLive, Ascending: true},
	}
	q.Limit = 2
	fmt.Println(q.String())
	for page := 1; ; page++ {
		p, err := svc.Search(ctx, brand, q)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, c := range p.Items {
			price, _ := c.Quote(star.OfferLive)
			fmt.Printf("page %d: %s %s ¥%s\n", page, c.ID(), c.Account().Nickname, starmap.FormatCNY(price))
		}
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	// Output:
	// category=%E7%BE%8E%E5%A6%86&audience.gender=female:6000&sort=price:live:asc&limit=2
	// page 1: s3 阿May美妆 ¥1200.00
	// page 1: s2 美妆研究所 ¥2800.00
	// page 2: s1 小美妆日记 ¥5000.00
}

// Compare three: the seed-003 table, with what nobody knows marked
// unknown.
func Example_compareThree() {
	ctx := context.Background()
	ops, brand := starmap.PlatformActor("ops-1"), starmap.AdvertiserActor("brand-1")
	facts := factsFunc(func(ids []string) (map[string]star.Facts, error) {
		return map[string]star.Facts{"s1": {OpenTasks: star.KnownCell(3), ContentQuality: star.KnownCell(9100)}}, nil
	})
	svc, _ := star.NewService(memstore.NewStarStore(), starmap.FixedClock(time.Date(2026, 6, 1, 10, 0, 0, 0, starmap.CST())), star.WithFacts(facts))
	svc.PutAgency(ctx, ops, star.AgencyRecord{ID: "mcn-1", Name: "星光传媒", Founded: starmap.MustDate(2020, 3, 1)})
	for _, r := range exampleRoster() {
		if r.ID == "s1" {
			r.Past = star.PastResults{Completed: 6, GMV: decimal.RequireFromString("90000"), Cost: decimal.RequireFromString("30000"), Reviewed: 6, FirstPass: 5}
		}
		svc.PutCreator(ctx, ops, r)
	}
	target := star.Target{Genders: []star.Gender{star.GenderFemale}, Categories: []star.Category{"美妆", "护肤"}}
	table, err := svc.Compare(ctx, brand, []string{"s1", "s2", "s3"}, star.OfferLive, target)
	if err != nil {
		fmt.Println(err)
		return
	}
	show := func(c star.Cell[int]) string {
		if !c.Known {
			return "未知"
		}
		return fmt.Sprint(c.Value)
	}
	for _, col := range table.Columns {
		roi := "未知"
		if col.ROI.Known {
			roi = col.ROI.Value.String()
		}
		fmt.Printf("%s: audience %s, style %s, price ¥%s, orders %d, ROI %s, open tasks %s, quality %s, first pass %s, unknown %v\n",
			col.Creator.ID(), show(col.AudienceMatch), show(col.StyleMatch), starmap.FormatCNY(col.Price.Value), col.Completed, roi,
			show(col.OpenTasks), show(col.ContentQuality), show(col.ReviewPassRate), col.Unknown())
	}
	// Output:
	// s1: audience 8200, style 5000, price ¥5000.00, orders 6, ROI 3, open tasks 3, quality 9100, first pass 8333, unknown []
	// s2: audience 6100, style 5000, price ¥2800.00, orders 0, ROI 未知, open tasks 未知, quality 未知, first pass 未知, unknown [schedule content-quality review-pass-rate]
	// s3: audience 7400, style 5000, price ¥1200.00, orders 0, ROI 未知, open tasks 未知, quality 未知, first pass 未知, unknown [schedule content-quality review-pass-rate]
}
