package startest

import (
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"pgregory.net/rapid"
)

// The small pools random rosters and queries draw from, so that filters
// hit, sort values tie (ties are broken by id) and keywords find
// nicknames.
var (
	poolCategories = []star.Category{"美妆", "护肤", "母婴", "3C数码", "美食", "Home & Living"}
	poolRegions    = []star.Region{star.Beijing, star.Shanghai, star.Guangdong, star.Zhejiang, star.Sichuan, star.RegionOther}
	poolNicknames  = []string{"小美妆日记", "美妆小课堂", "ＭＥＩ Lab", "mei的护肤", "吃货阿强", "数码老王", "Baby 成长记", "旅行的猫"}
	poolKeywords   = []string{"美妆", "mei", "ＭＥＩ", "护肤", "老王", "lab", "acct-1", "猫", "不存在的词"}
	poolMCNs       = []string{"mcn-a", "mcn-b"}
	poolPrices     = []string{"100", "500.50", "1000", "2999.99", "8000"}
)

func draw[T any](t *rapid.T, pool []T, label string) T {
	return pool[rapid.IntRange(0, len(pool)-1).Draw(t, label)]
}

// splitShares draws n shares of FullShare.
func splitShares(t *rapid.T, n int, label string) []int {
	out := make([]int, n)
	left := star.FullShare
	for i := 0; i < n-1; i++ {
		out[i] = rapid.IntRange(0, left).Draw(t, label)
		left -= out[i]
	}
	out[n-1] = left
	return out
}

// CreatorRecord draws a valid creator record with id: every field varied
// over small pools, so that rosters have ties, shared tags and hidden
// creators.
func CreatorRecord(t *rapid.T, id string) star.CreatorRecord {
	rec := star.CreatorRecord{
		ID: id,
		Account: star.Account{
			Platform:  onboarding.Platform(rapid.IntRange(1, 4).Draw(t, "platform")),
			ID:        "acct-" + id,
			Nickname:  draw(t, poolNicknames, "nickname"),
			Location:  star.Location{Region: draw(t, poolRegions, "region")},
			Followers: int64(rapid.IntRange(0, 6).Draw(t, "followers")) * 50_000,
			Standing:  onboarding.StandingNormal,
		},
		Status:     star.StatusOpen,
		Engagement: rapid.IntRange(0, 5).Draw(t, "engagement") * 150,
		Heat:       int64(rapid.IntRange(0, 8).Draw(t, "heat")),
	}
	if rapid.IntRange(0, 5).Draw(t, "hidden") == 0 {
		rec.Status = star.Status(rapid.IntRange(1, 3).Draw(t, "status"))
		rec.Account.Standing = onboarding.Standing(rapid.IntRange(1, 3).Draw(t, "standing"))
	}
	for _, c := range rapid.SliceOfNDistinct(rapid.IntRange(0, len(poolCategories)-1), 0, 3, rapid.ID[int]).Draw(t, "categories") {
		rec.Categories = append(rec.Categories, poolCategories[c])
	}
	for _, o := range star.Offers() {
		if rapid.Bool().Draw(t, "quotes "+o.String()) {
			rec.Quotes = append(rec.Quotes, star.Quote{Offer: o, Price: decimal.RequireFromString(draw(t, poolPrices, "price"))})
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "audience known") > 0 {
		s := splitShares(t, 2, "gender")
		rec.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: s[0]}, {Gender: star.GenderMale, BP: s[1]}}
		bands := star.AgeBands()
		for i, bp := range splitShares(t, 3, "age") {
			rec.Audience.Ages = append(rec.Audience.Ages, star.AgeShare{Band: bands[i+1], BP: bp})
		}
		for i, bp := range splitShares(t, 3, "audience region") {
			rec.Audience.Regions = append(rec.Audience.Regions, star.RegionShare{Region: poolRegions[i*2], BP: bp})
		}
	}
	if rapid.Bool().Draw(t, "signed") {
		rec.MCN = draw(t, poolMCNs, "mcn")
	}
	reviewed := int64(rapid.IntRange(0, 4).Draw(t, "reviewed"))
	rec.Past = star.PastResults{Completed: int64(rapid.IntRange(0, 4).Draw(t, "completed")),
		GMV: decimal.New(int64(rapid.IntRange(0, 100).Draw(t, "gmv")), 2), Cost: decimal.New(int64(rapid.IntRange(0, 3).Draw(t, "cost")), 3),
		Reviewed: reviewed, FirstPass: int64(rapid.IntRange(0, int(reviewed)).Draw(t, "first pass"))}
	return rec
}

// Creator draws a valid Creator with id (CreatorRecord, validated).
func Creator(t *rapid.T, id string) star.Creator {
	c, err := star.NewCreator(CreatorRecord(t, id))
	if err != nil {
		t.Fatalf("startest: the generator drew an invalid creator: %v", err)
	}
	return c
}

// Roster draws up to max creators with ids "c0", "c1", ….
func Roster(t *rapid.T, max int) []star.Creator {
	n := rapid.IntRange(0, max).Draw(t, "roster size")
	out := make([]star.Creator, n)
	for i := range out {
		out[i] = Creator(t, "c"+strconv.Itoa(i))
	}
	return out
}

// Query draws a valid query over the pools of the generators, without a
// page request: each filter set or not, every sort key in either
// direction, targets for match sorts, and Include at random.
func Query(t *rapid.T) star.Query {
	var q star.Query
	if rapid.IntRange(0, 3).Draw(t, "by platform") == 0 {
		for _, p := range rapid.SliceOfN(rapid.IntRange(1, 4), 1, 2).Draw(t, "platforms") {
			q.Platforms = append(q.Platforms, onboarding.Platform(p))
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "by followers") == 0 {
		lo := int64(rapid.IntRange(0, 6).Draw(t, "followers min")) * 50_000
		q.Followers = star.Range{Min: lo}
		if rapid.Bool().Draw(t, "followers bounded") {
			q.Followers.Max = lo + int64(rapid.IntRange(1, 4).Draw(t, "followers span"))*50_000
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "by engagement") == 0 {
		q.Engagement = star.Range{Min: int64(rapid.IntRange(0, 5).Draw(t, "engagement min")) * 150}
		if rapid.Bool().Draw(t, "engagement bounded") {
			q.Engagement.Max = q.Engagement.Min + int64(rapid.IntRange(1, 4).Draw(t, "engagement span"))*150
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "by price") == 0 {
		q.Price.Offer = star.Offer(rapid.IntRange(1, 4).Draw(t, "price offer"))
		if rapid.Bool().Draw(t, "price min") {
			q.Price.Min = decimal.RequireFromString(draw(t, poolPrices, "price lo"))
		}
		if rapid.Bool().Draw(t, "price max") {
			q.Price.Max = q.Price.Min.Add(decimal.RequireFromString(draw(t, poolPrices, "price span")))
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "by region") == 0 {
		q.Regions = rapid.SliceOfN(rapid.SampledFrom(poolRegions), 1, 3).Draw(t, "regions")
	}
	if rapid.IntRange(0, 3).Draw(t, "by category") == 0 {
		q.Categories = rapid.SliceOfN(rapid.SampledFrom(poolCategories), 1, 2).Draw(t, "categories")
	}
	if rapid.IntRange(0, 4).Draw(t, "by gender") == 0 {
		q.Audience.Gender = star.Gender(rapid.IntRange(1, 2).Draw(t, "gender"))
		q.Audience.GenderMin = rapid.IntRange(1, star.FullShare).Draw(t, "gender min")
	}
	if rapid.IntRange(0, 4).Draw(t, "by age") == 0 {
		q.Audience.Age = star.AgeBand(rapid.IntRange(1, 6).Draw(t, "age"))
		q.Audience.AgeMin = rapid.IntRange(1, star.FullShare).Draw(t, "age min")
	}
	if rapid.IntRange(0, 4).Draw(t, "by audience region") == 0 {
		q.Audience.Region = draw(t, poolRegions, "audience region")
		q.Audience.RegionMin = rapid.IntRange(1, star.FullShare).Draw(t, "region min")
	}
	switch rapid.IntRange(0, 5).Draw(t, "signing") {
	case 0:
		q.Signing = star.SigningIndependent
	case 1:
		q.Signing = star.SigningSigned
	case 2:
		q.MCN = draw(t, poolMCNs, "mcn")
	}
	if rapid.IntRange(0, 4).Draw(t, "by completed") == 0 {
		q.MinCompleted = int64(rapid.IntRange(0, 4).Draw(t, "completed"))
	}
	if rapid.IntRange(0, 4).Draw(t, "by first pass") == 0 {
		q.MinFirstPass = rapid.IntRange(1, star.FullShare).Draw(t, "first pass")
	}
	if rapid.IntRange(0, 3).Draw(t, "by keyword") == 0 {
		q.Keyword = draw(t, poolKeywords, "keyword")
	}
	q.Include = star.Include(rapid.IntRange(0, 3).Draw(t, "include"))
	q.Sort = star.Sort{Key: star.SortKey(rapid.IntRange(0, 5).Draw(t, "sort")), Ascending: rapid.Bool().Draw(t, "ascending")}
	switch q.Sort.Key {
	case star.SortPrice:
		q.Sort.Offer = star.Offer(rapid.IntRange(1, 4).Draw(t, "sort offer"))
	case star.SortMatch:
		for q.Target.IsZero() {
			if rapid.Bool().Draw(t, "target gender") {
				q.Target.Genders = []star.Gender{star.Gender(rapid.IntRange(1, 2).Draw(t, "target g"))}
			}
			if rapid.Bool().Draw(t, "target ages") {
				q.Target.Ages = rapid.SliceOfN(rapid.SampledFrom(star.AgeBands()), 1, 3).Draw(t, "target a")
			}
			if rapid.Bool().Draw(t, "target regions") {
				q.Target.Regions = rapid.SliceOfN(rapid.SampledFrom(poolRegions), 1, 3).Draw(t, "target r")
			}
			if rapid.Bool().Draw(t, "target categories") {
				q.Target.Categories = rapid.SliceOfN(rapid.SampledFrom(poolCategories), 1, 3).Draw(t, "target c")
			}
		}
	}
	return q
}

// full is a record that sets every field, with the extremes the package
// accepts: the largest amount, every offer, every audience dimension, the
// most categories.
func full(id string, i int) star.CreatorRecord {
	max := decimal.RequireFromString(starmap.MaxAmountText)
	rec := star.CreatorRecord{
		ID: id,
		Account: star.Account{Platform: onboarding.Toutiao, ID: "acct-" + id, Nickname: "全字段达人" + strconv.Itoa(i),
			Avatar: "https://example.com/a/" + id + ".png", Location: star.Location{Region: star.Xinjiang, City: "乌鲁木齐"},
			Followers: star.MaxFollowers, Standing: onboarding.StandingRateLimited},
		Status:     star.StatusPending,
		Categories: []star.Category{"美妆", "护肤", "母婴", "3C数码", "美食", "旅行", "汽车", "Home & Living"},
		Quotes: []star.Quote{{Offer: star.OfferVideo1to20s, Price: decimal.RequireFromString("0.01")},
			{Offer: star.OfferVideo21to60s, Price: decimal.RequireFromString("1234.56")},
			{Offer: star.OfferVideoOver60s, Price: decimal.RequireFromString("99999")}, {Offer: star.OfferLive, Price: max}},
		Engagement: star.FullShare,
		Audience: star.Audience{Genders: []star.GenderShare{{Gender: star.GenderFemale, BP: 6001}, {Gender: star.GenderMale, BP: 3999}},
			Ages: []star.AgeShare{{Band: star.AgeUnder18, BP: 1}, {Band: star.Age18to23, BP: 2000}, {Band: star.Age24to30, BP: 3000},
				{Band: star.Age31to40, BP: 2999}, {Band: star.Age41to50, BP: 1000}, {Band: star.AgeOver50, BP: 1000}},
			Regions: []star.RegionShare{{Region: star.Beijing, BP: 5000}, {Region: star.Macao, BP: 1}, {Region: star.RegionOther, BP: 4999}}},
		MCN:  "mcn-full",
		Heat: star.MaxHeat,
		Past: star.PastResults{Completed: star.MaxCount, GMV: max, Cost: decimal.RequireFromString("0.01"), Reviewed: star.MaxCount, FirstPass: star.MaxCount - 1},
	}
	return rec
}
