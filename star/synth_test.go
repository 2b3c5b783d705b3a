package star_test

import (
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

// The synthetic roster of the large tests and the benchmarks: n creators
// drawn from a fixed seed with the shapes of a real marketplace — most on
// Douyin, followers log-uniform from 1,000 to 50 million, prices that grow
// with followers, 30 categories, 5,000 agencies signing 60 %, audience
// profiles for 80 %, and 5 % not listed.

var (
	synthWords = []string{"美妆", "护肤", "穿搭", "美食", "旅行", "数码", "母婴", "健身", "萌宠", "家居",
		"汽车", "游戏", "音乐", "舞蹈", "搞笑", "知识", "财经", "读书", "摄影", "手工"}
	synthPrefix = []string{"小", "阿", "大", "老", "是", "爱"}
	synthSuffix = []string{"日记", "课堂", "研究所", "分享", "君", "酱", "Lab", "TV", "说", "家"}
	synthCats   []star.Category
	synthPlat   = []onboarding.Platform{onboarding.Douyin, onboarding.Douyin, onboarding.Douyin, onboarding.Douyin,
		onboarding.Douyin, onboarding.Douyin, onboarding.Xigua, onboarding.Xigua, onboarding.Huoshan, onboarding.Toutiao}
)

func init() {
	for _, w := range synthWords {
		synthCats = append(synthCats, star.Category(w))
	}
	for _, w := range []string{"3C", "家电", "图书", "珠宝", "户外", "运动", "酒水", "茶叶", "生鲜", "宠物用品"} {
		synthCats = append(synthCats, star.Category(w))
	}
}

// synthRecord draws creator i.
func synthRecord(r *rand.Rand, i int) star.CreatorRecord {
	id := "c" + strconv.Itoa(1_000_000_000 + i)[1:]
	followers := int64(1000 * pow10(r.Float64()*4.7)) // 1e3 … 5e7
	rec := star.CreatorRecord{
		ID: id,
		Account: star.Account{
			Platform:  synthPlat[r.IntN(len(synthPlat))],
			ID:        "dy" + strconv.Itoa(r.IntN(1_000_000_000)),
			Nickname:  synthPrefix[r.IntN(len(synthPrefix))] + synthWords[r.IntN(len(synthWords))] + synthSuffix[r.IntN(len(synthSuffix))],
			Location:  star.Location{Region: star.Region(1 + r.IntN(35))},
			Followers: followers,
			Standing:  onboarding.StandingNormal,
		},
		Status:     star.StatusOpen,
		Engagement: r.IntN(1500),
		Heat:       int64(r.IntN(10_000_000)),
		Categories: make([]star.Category, 0, 3),
		Quotes:     make([]star.Quote, 0, 4),
	}
	switch x := r.IntN(100); {
	case x < 2:
		rec.Account.Standing = onboarding.StandingRateLimited
	case x < 3:
		rec.Account.Standing = onboarding.StandingViolation
	case x < 5:
		rec.Status = star.StatusPending
	}
	for n, k := 1+r.IntN(3), 0; k < n; k++ {
		c := synthCats[r.IntN(len(synthCats))]
		dup := false
		for _, d := range rec.Categories {
			dup = dup || d == c
		}
		if !dup {
			rec.Categories = append(rec.Categories, c)
		}
	}
	base := followers / 100
	for _, o := range star.Offers() {
		if r.IntN(10) < 7 {
			// Prices in fen (exponent -2), as ParseCNY reads most of them.
			rec.Quotes = append(rec.Quotes, star.Quote{Offer: o, Price: decimal.New((base*int64(o)+int64(r.IntN(500))+1)*100, -2)})
		}
	}
	if r.IntN(10) < 8 {
		f := r.IntN(10_001)
		rec.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: f}, {Gender: star.GenderMale, BP: 10_000 - f}}
		rec.Audience.Ages = make([]star.AgeShare, 0, 6)
		rec.Audience.Regions = make([]star.RegionShare, 0, 5)
		left := 10_000
		for _, b := range star.AgeBands()[:5] {
			s := r.IntN(left/2 + 1)
			rec.Audience.Ages = append(rec.Audience.Ages, star.AgeShare{Band: b, BP: s})
			left -= s
		}
		rec.Audience.Ages = append(rec.Audience.Ages, star.AgeShare{Band: star.AgeOver50, BP: left})
		left = 10_000
		var used [36]bool
		for k := 0; k < 4; k++ {
			reg := star.Region(1 + r.IntN(34))
			if used[reg] {
				continue
			}
			used[reg] = true
			s := r.IntN(left/2 + 1)
			rec.Audience.Regions = append(rec.Audience.Regions, star.RegionShare{Region: reg, BP: s})
			left -= s
		}
		rec.Audience.Regions = append(rec.Audience.Regions, star.RegionShare{Region: star.RegionOther, BP: left})
	}
	if r.IntN(10) < 6 {
		rec.MCN = "mcn" + strconv.Itoa(r.IntN(5000))
	}
	reviewed := int64(r.IntN(30))
	rec.Past = star.PastResults{Completed: int64(r.IntN(50)), Reviewed: reviewed, FirstPass: int64(r.IntN(int(reviewed) + 1)),
		GMV: decimal.New(int64(r.IntN(100_000_000)), -2), Cost: decimal.New(int64(r.IntN(10_000_000)), -2)}
	return rec
}

func pow10(x float64) float64 {
	out := 1.0
	for ; x >= 1; x-- {
		out *= 10
	}
	// 10^frac by a short series is plenty for a synthetic distribution.
	f, term := 1.0, 1.0
	for k := 1; k < 12; k++ {
		term *= x * 2.302585092994046 / float64(k)
		f += term
	}
	return out * f
}

// synthetic returns n creators from seed, generated on GOMAXPROCS
// goroutines in chunks that each draw from their own seed (so the roster
// is the same whatever the number of cores); it fails tb on a creator that
// does not validate.
func synthetic(tb testing.TB, n int, seed uint64) []star.Creator {
	const chunk = 1 << 14
	out := make([]star.Creator, n)
	var wg sync.WaitGroup
	var failed atomic.Value
	next := make(chan int, (n+chunk-1)/chunk)
	for from := 0; from < n; from += chunk {
		next <- from
	}
	close(next)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for from := range next {
				r := rand.New(rand.NewPCG(seed, uint64(from)))
				for i := from; i < min(from+chunk, n); i++ {
					c, err := star.NewCreator(synthRecord(r, i))
					if err != nil {
						failed.Store(err)
						return
					}
					out[i] = c.WithVersion(1)
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		tb.Fatalf("synthetic creator: %v", err)
	}
	return out
}
