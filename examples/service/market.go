package main

import (
	"net/http"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

// creatorBody is PUT /creators/{id}: the platform's roster sync writes a
// creator (STR-1). It carries the fields this example searches on; a host
// maps the rest of star.CreatorRecord the same way.
type creatorBody struct {
	// Platform is douyin, xigua, huoshan or toutiao.
	Platform  string `json:"platform"`
	AccountID string `json:"account_id"`
	Nickname  string `json:"nickname"`
	// Region is where the account says it is (beijing, zhejiang, …,
	// other); none is other.
	Region     string   `json:"region"`
	Followers  int64    `json:"followers"`
	Categories []string `json:"categories"`
	// Engagement is the 30-day engagement rate in basis points.
	Engagement int    `json:"engagement"`
	MCN        string `json:"mcn"`
	Heat       int64  `json:"heat"`
	// Quotes maps an offer (video-1-20s, video-21-60s, video-over-60s,
	// live) to its price in yuan ("6800.00").
	Quotes map[string]string `json:"quotes"`
	// FemaleBP is the female share of the audience in basis points; the
	// rest is male. Leave it out when the audience is not known.
	FemaleBP *int `json:"female_bp"`
}

func (a *App) putCreator(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	var b creatorBody
	if err := decode(w, r, &b); err != nil {
		return 0, nil, err
	}
	p, ok := onboarding.ParsePlatform(b.Platform)
	if !ok {
		return 0, nil, ErrFieldInvalid.New(starmap.Arg("field", "platform"), starmap.Arg("value", b.Platform),
			starmap.Arg("allowed", names(onboarding.Platforms())))
	}
	region := star.RegionOther
	if b.Region != "" {
		if region, ok = star.ParseRegion(b.Region); !ok {
			return 0, nil, ErrFieldInvalid.New(starmap.Arg("field", "region"), starmap.Arg("value", b.Region),
				starmap.LabeledArg("allowed", "省级行政区的拼音名或 other", "a province's pinyin name or other"))
		}
	}
	rec := star.CreatorRecord{ID: r.PathValue("id"), Status: star.StatusOpen,
		Account: star.Account{Platform: p, ID: b.AccountID, Nickname: b.Nickname, Followers: b.Followers,
			Location: star.Location{Region: region},
			Standing: onboarding.StandingNormal},
		Engagement: b.Engagement, MCN: b.MCN, Heat: b.Heat}
	for _, c := range b.Categories {
		rec.Categories = append(rec.Categories, star.Category(c))
	}
	// Offers in the SDK's order, so the record does not depend on the
	// order of the JSON object.
	for _, o := range star.Offers() {
		s, ok := b.Quotes[o.String()]
		if !ok {
			continue
		}
		price, err := starmap.ParseCNY(s)
		if err != nil {
			return 0, nil, err
		}
		rec.Quotes = append(rec.Quotes, star.Quote{Offer: o, Price: price})
	}
	for k := range b.Quotes {
		if _, err := parseName("quotes", k, star.Offers()); err != nil {
			return 0, nil, err
		}
	}
	if b.FemaleBP != nil {
		rec.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: *b.FemaleBP},
			{Gender: star.GenderMale, BP: star.FullShare - *b.FemaleBP}}
	}
	c, ev, err := a.stars.PutCreator(r.Context(), by, rec)
	if err != nil {
		return 0, nil, err
	}
	a.publish(ev)
	return http.StatusOK, map[string]any{"creator": creatorJSONOf(c, langOf(r)), "events": eventsOf([]starmap.Event{ev})}, nil
}

type creatorJSON struct {
	ID         string            `json:"id"`
	Platform   string            `json:"platform"`
	Nickname   string            `json:"nickname"`
	Followers  int64             `json:"followers"`
	Categories []star.Category   `json:"categories"`
	Quotes     map[string]string `json:"quotes"`
	FemaleBP   *int              `json:"female_bp,omitempty"`
	MCN        string            `json:"mcn,omitempty"`
}

func creatorJSONOf(c star.Creator, lang starmap.Lang) creatorJSON {
	j := creatorJSON{ID: c.ID(), Platform: c.Account().Platform.Label(lang), Nickname: c.Account().Nickname,
		Followers: c.Account().Followers, Categories: c.Categories(), Quotes: map[string]string{}, MCN: c.MCN()}
	for _, q := range c.Quotes() {
		j.Quotes[q.Offer.String()] = q.Price.StringFixed(2)
	}
	if bp, ok := c.GenderShare(star.GenderFemale); ok {
		j.FemaleBP = &bp
	}
	return j
}

type creatorPageJSON struct {
	Items []creatorJSON `json:"items"`
	// Next is the cursor of the next page; pass it back as &cursor= with
	// the same query.
	Next string `json:"next,omitempty"`
}

// GET /creators?<query> searches the marketplace (达人广场, STR-3). The
// query string is star.Query's own text form, read by star.ParseQuery:
// category=美妆&audience.gender=female:6000&sort=price:live:asc&limit=20,
// every problem of a bad query reported at once.
func (a *App) search(_ http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	q, err := star.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return 0, nil, err
	}
	p, err := a.stars.Search(r.Context(), by, q)
	if err != nil {
		return 0, nil, err
	}
	out := creatorPageJSON{Items: []creatorJSON{}, Next: p.Next}
	for _, c := range p.Items {
		out.Items = append(out.Items, creatorJSONOf(c, langOf(r)))
	}
	return http.StatusOK, out, nil
}
