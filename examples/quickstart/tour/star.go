package tour

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

// starTour walks the marketplace (达人广场, STR-1 … STR-4) on the in-memory
// store: the platform syncs a small roster, an advertiser filters beauty
// creators with a mostly female audience, pages through them cheapest
// live stream first, is refused a bad query and a foreign cursor, and
// compares a shortlist of three, with the cells nobody knows marked
// unknown.
func starTour(ctx context.Context, w io.Writer, stores Stores) error {
	clock := starmap.NewManualClock(time.Date(2026, 6, 1, 10, 0, 0, 0, starmap.CST()))
	facts := factSource{"s-01": {OpenTasks: star.KnownCell(2), ContentQuality: star.KnownCell(9100)}}
	svc, err := star.NewService(stores.Star, clock, star.WithFacts(facts))
	if err != nil {
		return err
	}
	ops, brand := starmap.PlatformActor("roster-sync"), starmap.AdvertiserActor("brand-9")
	say := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

	say("== star: the roster and the marketplace 达人广场")
	if _, _, err := svc.PutAgency(ctx, ops, star.AgencyRecord{ID: "mcn-bright", Name: "星光传媒",
		Founded: starmap.MustDate(2021, 4, 1), Qualification: "91330100MA2B"}); err != nil {
		return err
	}
	type row struct {
		id, nick   string
		platform   onboarding.Platform
		standing   onboarding.Standing
		followers  int64
		female     int
		cats       []star.Category
		live, clip string
		mcn        string
		heat       int64
	}
	roster := []row{
		{"s-01", "小美妆日记", onboarding.Douyin, onboarding.StandingNormal, 420_000, 8200, []star.Category{"美妆", "护肤"}, "6800", "3200", "mcn-bright", 92},
		{"s-02", "美妆研究所", onboarding.Douyin, onboarding.StandingNormal, 180_000, 6500, []star.Category{"美妆"}, "2600", "", "", 75},
		{"s-03", "阿May美妆", onboarding.Xigua, onboarding.StandingNormal, 90_000, 7400, []star.Category{"美妆", "穿搭"}, "1500", "900", "", 60},
		{"s-04", "数码老王", onboarding.Douyin, onboarding.StandingNormal, 950_000, 1800, []star.Category{"3C数码"}, "12000", "5000", "mcn-bright", 98},
		{"s-05", "美妆速成班", onboarding.Douyin, onboarding.StandingRateLimited, 300_000, 9000, []star.Category{"美妆"}, "800", "", "", 99},
	}
	for _, r := range roster {
		rec := star.CreatorRecord{
			ID: r.id,
			Account: star.Account{Platform: r.platform, ID: "dy_" + r.id, Nickname: r.nick,
				Location: star.Location{Region: star.Zhejiang, City: "杭州"}, Followers: r.followers, Standing: r.standing},
			Status: star.StatusOpen, Categories: r.cats, Engagement: 380, MCN: r.mcn, Heat: r.heat,
			Quotes: []star.Quote{{Offer: star.OfferLive, Price: decimal.RequireFromString(r.live)}},
			Audience: star.Audience{Genders: []star.GenderShare{{Gender: star.GenderFemale, BP: r.female},
				{Gender: star.GenderMale, BP: star.FullShare - r.female}}},
		}
		if r.clip != "" {
			rec.Quotes = append(rec.Quotes, star.Quote{Offer: star.OfferVideo21to60s, Price: decimal.RequireFromString(r.clip)})
		}
		if r.id == "s-01" {
			rec.Past = star.PastResults{Completed: 6, GMV: decimal.RequireFromString("96000"), Cost: decimal.RequireFromString("32000"), Reviewed: 6, FirstPass: 5}
		}
		c, ev, err := svc.PutCreator(ctx, ops, rec)
		if err != nil {
			return err
		}
		say("  %s %-6s %-10s %s, %d followers → %s", ev.Type, c.ID(), c.Account().Nickname, c.Account().Platform.Label(starmap.ZH), c.Account().Followers, ev.To)
	}

	// STR-3: filter, sort, page with a cursor.
	q := star.Query{
		Categories: []star.Category{"美妆"},
		Audience:   star.AudienceFilter{Gender: star.GenderFemale, GenderMin: 6000},
		Sort:       star.Sort{Key: star.SortPrice, Offer: star.OfferLive, Ascending: true},
	}
	q.Limit = 2
	say("brand-9 searches %s", q)
	var first string
	for page := 1; ; page++ {
		p, err := svc.Search(ctx, brand, q)
		if err != nil {
			return err
		}
		for _, c := range p.Items {
			price, _ := c.Quote(star.OfferLive)
			share, _ := c.GenderShare(star.GenderFemale)
			say("  page %d: %s %s, live ¥%s, female %d bp", page, c.ID(), c.Account().Nickname, starmap.FormatCNY(price), share)
		}
		if p.Next == "" {
			break
		}
		if first == "" {
			first = p.Next
		}
		q.Cursor = p.Next
	}
	hidden, err := svc.Search(ctx, brand, star.Query{Keyword: "速成"})
	if err != nil {
		return err
	}
	say("  keyword 速成 finds %d: s-05 is rate-limited (限流中), so not listed (ONB-4)", len(hidden.Items))
	other := star.Query{Keyword: "美妆"}
	other.Cursor = first
	if _, err := svc.Search(ctx, brand, other); err != nil {
		say("the first page's cursor with another query: %s", starmap.Message(err, starmap.ZH))
	}
	bad := star.Query{Followers: star.Range{Min: 500_000, Max: 100_000}, Keyword: "   ", Sort: star.Sort{Key: star.SortPrice}}
	if _, err := svc.Search(ctx, brand, bad); err != nil {
		say("a bad query, every problem at once:")
		for _, line := range strings.Split(starmap.Message(err, starmap.ZH), "\n") {
			say("  %s", line)
		}
	}
	wide, err := svc.Search(ctx, ops, star.Query{Include: star.IncludeRestricted, Keyword: "速成"})
	if err != nil {
		return err
	}
	say("the platform, with Include, also finds %d restricted creator(s): %s", len(wide.Items), wide.Items[0].ID())

	// STR-4: compare a shortlist of three for the live offer.
	target := star.Target{Genders: []star.Gender{star.GenderFemale}, Categories: []star.Category{"美妆", "护肤"}}
	table, err := svc.Compare(ctx, brand, []string{"s-01", "s-02", "s-03"}, star.OfferLive, target)
	if err != nil {
		return err
	}
	cell := func(c star.Cell[int]) string {
		if !c.Known {
			return "未知"
		}
		return fmt.Sprint(c.Value)
	}
	say("compare three for a live stream (STR-4; match in basis points):")
	for _, col := range table.Columns {
		roi := "未知"
		if col.ROI.Known {
			roi = col.ROI.Value.String()
		}
		say("  %s 粉丝画像匹配 %s | 风格匹配 %s | 报价 ¥%s | 历史订单 %d, ROI %s | 进行中任务 %s | 内容质量 %s | 审核一次通过率 %s",
			col.Creator.ID(), cell(col.AudienceMatch), cell(col.StyleMatch), starmap.FormatCNY(col.Price.Value), col.Completed, roi,
			cell(col.OpenTasks), cell(col.ContentQuality), cell(col.ReviewPassRate))
	}
	score, _ := star.MatchScore(table.Columns[0].Creator, target)
	say("s-01's match score: (8200 + 10000) / 2 = %d", score)
	return nil
}

// factSource is the host's answer for what the SDK does not hold: here, a
// fixed table.
type factSource map[string]star.Facts

func (f factSource) Facts(_ context.Context, ids []string) (map[string]star.Facts, error) {
	out := map[string]star.Facts{}
	for _, id := range ids {
		if v, ok := f[id]; ok {
			out[id] = v
		}
	}
	return out, nil
}
