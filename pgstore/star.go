package pgstore

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

// StarStore is the PostgreSQL star.Store (migration 0020): creators in
// table star_creators — the record as jsonb and a real column for every
// filter and sort of the marketplace search — and agencies and advertisers
// in star_agencies and star_advertisers. Search is one SELECT: the filters
// as WHERE clauses over the columns, the keyword as a LIKE on the folded
// nickname and account id (pg_trgm GIN index), the sort as ORDER BY its
// column and id in the sort's direction, keyset-paged from the request's
// position, LIMIT the request's limit. The match score (SortMatch) is
// computed in SQL from the audience arrays and the categories, by the
// package doc's formula, so it too pages in SQL (no index gives that
// order: the matching rows are sorted). Every statement runs in the
// context's transaction when it carries one.
type StarStore struct {
	creators    *table[string, star.CreatorRecord]
	agencies    *table[string, star.AgencyRecord]
	advertisers *table[string, star.AdvertiserRecord]
}

var _ star.Store = (*StarStore)(nil)

// offers, genders, ages and regions are the values of the package's
// enums, in order (value v at index v-1).
var (
	starOffers  = enumValues(func(v int) bool { return star.Offer(v).Valid() })
	starGenders = enumValues(func(v int) bool { return star.Gender(v).Valid() })
	starAges    = enumValues(func(v int) bool { return star.AgeBand(v).Valid() })
	starRegions = enumValues(func(v int) bool { return star.Region(v).Valid() })
)

func enumValues(valid func(int) bool) []int {
	var out []int
	for v := 1; valid(v); v++ {
		out = append(out, v)
	}
	return out
}

// NewStarStore returns the star store of pool's database (migrated by
// Migrate); a nil pool is starmap.ErrServiceDependency.
func NewStarStore(pool *pgxpool.Pool) (*StarStore, error) {
	if err := starmap.RequireDependency("数据库连接池", "database pool", pool); err != nil {
		return nil, err
	}
	byID := func(id string) []any { return []any{id} }
	same := func(id string) string { return id }
	cols := []string{"platform", "followers", "engagement", "heat"}
	for _, o := range starOffers {
		cols = append(cols, "price_"+strconv.Itoa(o))
	}
	cols = append(cols, "region", "categories", "genders", "ages", "regions", "mcn", "completed",
		"first_pass", "status", "restricted", "listed", "nick_fold", "account_fold")
	return &StarStore{
		creators: newTable(pool, spec[string, star.CreatorRecord]{
			name: "star_creators", whatZH: "达人", what: "creator",
			keyCols: []string{"id"}, keyArgs: byID, keyText: same,
			recKey:     func(r star.CreatorRecord) string { return r.ID },
			version:    func(r star.CreatorRecord) uint64 { return r.Version },
			setVersion: func(r *star.CreatorRecord, v uint64) { r.Version = v },
			cols:       cols,
			colArgs:    creatorColumns,
		}),
		agencies: newTable(pool, spec[string, star.AgencyRecord]{
			name: "star_agencies", whatZH: "MCN机构", what: "agency",
			keyCols: []string{"id"}, keyArgs: byID, keyText: same,
			recKey:     func(r star.AgencyRecord) string { return r.ID },
			version:    func(r star.AgencyRecord) uint64 { return r.Version },
			setVersion: func(r *star.AgencyRecord, v uint64) { r.Version = v },
			colArgs:    func(star.AgencyRecord) []any { return nil },
		}),
		advertisers: newTable(pool, spec[string, star.AdvertiserRecord]{
			name: "star_advertisers", whatZH: "广告主", what: "advertiser",
			keyCols: []string{"id"}, keyArgs: byID, keyText: same,
			recKey:     func(r star.AdvertiserRecord) string { return r.ID },
			version:    func(r star.AdvertiserRecord) uint64 { return r.Version },
			setVersion: func(r *star.AdvertiserRecord, v uint64) { r.Version = v },
			colArgs:    func(star.AdvertiserRecord) []any { return nil },
		}),
	}, nil
}

// creatorColumns are the query columns of a (valid) creator record.
func creatorColumns(rec star.CreatorRecord) []any {
	c, err := star.NewCreator(rec)
	if err != nil {
		panic("pgstore: a stored creator is invalid: " + err.Error()) // the store writes only Creators
	}
	a := c.Account()
	out := []any{int16(a.Platform), a.Followers, int32(c.Engagement()), c.Heat()}
	for _, o := range starOffers {
		if p, ok := c.Quote(star.Offer(o)); ok {
			out = append(out, p.Shift(starmap.FenPlaces).IntPart())
		} else {
			out = append(out, nil)
		}
	}
	shares := func(vals []int, share func(v int) (int, bool)) any {
		arr := make([]int16, len(vals))
		for i, v := range vals {
			bp, ok := share(v)
			if !ok {
				return nil
			}
			arr[i] = int16(bp)
		}
		return arr
	}
	cats := []string{}
	for _, k := range c.Categories() {
		cats = append(cats, string(k))
	}
	var fp any
	past := c.Past()
	if r, ok := past.FirstPassRate(); ok {
		fp = int32(r)
	}
	out = append(out, int16(a.Location.Region), cats,
		shares(starGenders, func(v int) (int, bool) { return c.GenderShare(star.Gender(v)) }),
		shares(starAges, func(v int) (int, bool) { return c.AgeShare(star.AgeBand(v)) }),
		shares(starRegions, func(v int) (int, bool) { return c.RegionShare(star.Region(v)) }),
		c.MCN(), past.Completed, fp, int16(c.Status()), a.Standing != onboarding.StandingNormal,
		c.Listed(), fold(a.Nickname), fold(a.ID))
	return out
}

// fold is star's fold (keywords and the text they search): full-width
// ASCII forms and the ideographic space read as their ASCII twins, and
// letters as lower case. It must stay the package's (star does not export
// it); TestStarStore_keywords checks Search against star.Scan on folded
// forms and on LIKE's wildcards. A keyword under three characters (美妆)
// gives pg_trgm no trigram: the GIN index is then read whole, still
// exact.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// hasTrigram says whether pg_trgm finds a trigram in a LIKE pattern of
// the folded keyword, so that star_creators_keyword narrows the search:
// it extracts them from runs of letters and digits, so a run of three
// does (美妆日记, nick-4242); shorter runs (美妆, "a b") may give none, and
// the index would then be read whole. Conservative: a keyword this says
// no to is left to the planner.
func hasTrigram(kw string) bool {
	run := 0
	for _, r := range kw {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if run++; run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func (s *StarStore) ready(ctx context.Context) error {
	if s == nil || s.creators == nil {
		return starmap.ErrServiceNotReady.New()
	}
	return starmap.CheckContext(ctx)
}

func zeroCreator() error {
	return star.ErrCreatorInvalid.New(starmap.LabeledArg("field", "达人", "creator"), starmap.LabeledArg("problem", "为空", "is the zero Creator"))
}

// GetCreator implements star.Store.
func (s *StarStore) GetCreator(ctx context.Context, id string) (star.Creator, error) {
	if err := s.ready(ctx); err != nil {
		return star.Creator{}, err
	}
	rec, err := s.creators.get(ctx, id)
	if err != nil {
		return star.Creator{}, err
	}
	return star.NewCreator(rec)
}

// CreateCreator implements star.Store.
func (s *StarStore) CreateCreator(ctx context.Context, c star.Creator) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	if c.IsZero() {
		return 0, zeroCreator()
	}
	return s.creators.create(ctx, c.Record())
}

// UpdateCreator implements star.Store.
func (s *StarStore) UpdateCreator(ctx context.Context, c star.Creator) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	if c.IsZero() {
		return 0, zeroCreator()
	}
	return s.creators.update(ctx, c.Record())
}

// creatorsOf rebuilds the Creators of stored records.
func creatorsOf(recs []star.CreatorRecord) ([]star.Creator, error) {
	out := make([]star.Creator, len(recs))
	for i, r := range recs {
		c, err := star.NewCreator(r)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// ListCreators implements star.Store: id order, keyset on id (the primary
// key, or star_creators_mcn for one MCN).
func (s *StarStore) ListCreators(ctx context.Context, q star.ListQuery) (starmap.Page[star.Creator], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[star.Creator]{}, err
	}
	if err := q.PageRequest.Validate(); err != nil {
		return starmap.Page[star.Creator]{}, err
	}
	if q.MCN != "" {
		if err := starmap.ValidateID("MCN id", q.MCN); err != nil {
			return starmap.Page[star.Creator]{}, star.ErrQueryInvalid.Wrap(err, starmap.LabeledArg("field", "MCN机构", "MCN"),
				starmap.LabeledArg("problem", starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN)))
		}
	}
	after, err := afterID(q.Cursor)
	if err != nil {
		return starmap.Page[star.Creator]{}, err
	}
	sql, args := listCreatorsSQL(q.MCN, after, q.EffectiveLimit())
	recs, err := query(ctx, s.creators, sql, args...)
	if err != nil {
		return starmap.Page[star.Creator]{}, err
	}
	cs, err := creatorsOf(recs)
	if err != nil {
		return starmap.Page[star.Creator]{}, err
	}
	return cutPage(cs, q.EffectiveLimit(), func(c star.Creator) string { return starmap.EncodeCursor(c.ID()) }), nil
}

func listCreatorsSQL(mcn, after string, limit int) (string, []any) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if mcn != "" {
		where = append(where, "mcn = "+arg(mcn))
	}
	if after != "" {
		where = append(where, "id > "+arg(after))
	}
	sql := "SELECT version, doc FROM star_creators"
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	return sql + " ORDER BY id LIMIT " + arg(limit+1), args
}

// afterID reads a list cursor: starmap.EncodeCursor of the last id.
func afterID(cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	parts, err := starmap.DecodeCursor(cursor, 1)
	if err != nil {
		return "", starmap.ErrCursorInvalid.New(starmap.Arg("cursor", cursor))
	}
	return parts[0], nil
}

// Search implements star.Store in SQL (searchSQL).
func (s *StarStore) Search(ctx context.Context, r star.SearchRequest) ([]star.Creator, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	sql, args, err := searchSQL(r)
	if err != nil {
		return nil, err
	}
	recs, err := query(ctx, s.creators, sql, args...)
	if err != nil {
		return nil, err
	}
	return creatorsOf(recs)
}

// searchSQL validates r as star.Scan does and returns the statement that
// answers it.
func searchSQL(r star.SearchRequest) (string, []any, error) {
	q, err := r.Query.Normalized()
	if err != nil {
		return "", nil, err
	}
	if r.Limit < 1 || r.Limit > star.MaxRequestLimit {
		return "", nil, star.ErrQueryInvalid.New(starmap.LabeledArg("field", "每页条数", "limit"),
			starmap.LabeledArg("problem", strconv.Itoa(r.Limit)+"不在1到"+strconv.Itoa(star.MaxRequestLimit)+"之间",
				strconv.Itoa(r.Limit)+" is not within 1 … "+strconv.Itoa(star.MaxRequestLimit)))
	}
	if r.After.ID != "" {
		if err := starmap.ValidateID("creator id", r.After.ID); err != nil {
			return "", nil, star.ErrQueryInvalid.Wrap(err, starmap.LabeledArg("field", "分页位置", "position"),
				starmap.LabeledArg("problem", starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN)))
		}
	}
	var (
		where []string
		args  []any
		with  string
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	add := func(s string) { where = append(where, s) }

	switch {
	case q.Include&star.IncludeNotOpen == 0 && q.Include&star.IncludeRestricted == 0:
		add("listed")
	case q.Include&star.IncludeNotOpen == 0:
		add("status = " + strconv.Itoa(int(star.StatusOpen)))
	case q.Include&star.IncludeRestricted == 0:
		add("NOT restricted")
	}
	if len(q.Platforms) > 0 {
		ps := make([]int16, len(q.Platforms))
		for i, p := range q.Platforms {
			ps[i] = int16(p)
		}
		add("platform = ANY(" + arg(ps) + ")")
	}
	bounds := func(col string, r star.Range) {
		if r.Min > 0 {
			add(col + " >= " + arg(r.Min))
		}
		if r.Max > 0 {
			add(col + " <= " + arg(r.Max))
		}
	}
	bounds("followers", q.Followers)
	bounds("engagement", q.Engagement)
	if q.Price.Offer != 0 {
		col := "price_" + strconv.Itoa(int(q.Price.Offer))
		add(col + " >= " + arg(q.Price.Min.Shift(starmap.FenPlaces).IntPart()))
		if !q.Price.Max.IsZero() {
			add(col + " <= " + arg(q.Price.Max.Shift(starmap.FenPlaces).IntPart()))
		}
	}
	if len(q.Regions) > 0 {
		rs := make([]int16, len(q.Regions))
		for i, v := range q.Regions {
			rs[i] = int16(v)
		}
		add("region = ANY(" + arg(rs) + ")")
	}
	if len(q.Categories) > 0 {
		add("categories && " + arg(categoryTexts(q.Categories)) + "::text[]")
	}
	if a := q.Audience; a.Gender != 0 {
		add("genders[" + strconv.Itoa(int(a.Gender)) + "] >= " + arg(int16(a.GenderMin)))
	}
	if a := q.Audience; a.Age != 0 {
		add("ages[" + strconv.Itoa(int(a.Age)) + "] >= " + arg(int16(a.AgeMin)))
	}
	if a := q.Audience; a.Region != 0 {
		add("regions[" + strconv.Itoa(int(a.Region)) + "] >= " + arg(int16(a.RegionMin)))
	}
	switch {
	case q.MCN != "":
		add("mcn = " + arg(q.MCN))
	case q.Signing == star.SigningIndependent:
		add("mcn = ''")
	case q.Signing == star.SigningSigned:
		add("mcn <> ''")
	}
	if q.MinCompleted > 0 {
		add("completed >= " + arg(q.MinCompleted))
	}
	if q.MinFirstPass > 0 {
		add("first_pass >= " + arg(int32(q.MinFirstPass)))
	}
	// match is the keyword's condition; from is what the statement reads:
	// the table, or the keyword's matches when those are pinned.
	from := "star_creators"
	if q.Keyword != "" {
		kw := fold(q.Keyword)
		pat := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(kw) + "%"
		p := arg(pat)
		match := "(nick_fold LIKE " + p + " OR account_fold LIKE " + p + ")"
		if hasTrigram(kw) {
			// Matched first through the trigram index, then filtered and
			// sorted: a MATERIALIZED CTE is a fence the planner does not
			// push the ORDER BY … LIMIT through. Left to itself, it
			// sometimes walks the heat index backwards instead, testing
			// every row against the pattern until the page is full —
			// 600 ms instead of 41 ms for a keyword with ~5,000 matches
			// among a million creators (README "Scale"), because it
			// guesses the matches far more common than they are.
			from = "kw"
			with = "WITH kw AS MATERIALIZED (SELECT * FROM star_creators WHERE " + match + ") "
		} else {
			// No trigram (美妆): the index would be read whole; the
			// planner's choice, a walk of the sort order's index, stays.
			add(match)
		}
	}

	var key string
	switch q.Sort.Key {
	case star.SortEngagement:
		key = "engagement"
	case star.SortFollowers:
		key = "followers"
	case star.SortPrice:
		key = "price_" + strconv.Itoa(int(q.Sort.Offer))
		add(key + " IS NOT NULL")
	case star.SortMatch:
		key = matchSQL(q.Target, arg)
	default:
		key = "heat"
	}
	dir, cmp := " DESC", " < "
	if q.Sort.Ascending {
		dir, cmp = "", " > "
	}
	if !r.After.IsStart() {
		add("(" + key + ", id)" + cmp + "(" + arg(r.After.Key) + "::bigint, " + arg(r.After.ID) + ")")
	}
	sql := with + "SELECT version, doc FROM " + from
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY " + key + dir + ", id" + dir + " LIMIT " + arg(r.Limit)
	return sql, args, nil
}

func categoryTexts(cs []star.Category) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// matchSQL is the match score against t (package star doc, "Match
// score") as a bigint SQL expression over the columns: the mean, rounded
// down, of the audience part (the shares of the target's values summed
// over the dimensions it names, an unknown dimension adding 0, divided by
// their number, rounded down) and the category part (the share of the
// target's categories the creator carries, in basis points, rounded down).
// t is normalized: values valid, sorted, distinct.
func matchSQL(t star.Target, arg func(any) string) string {
	var sum []string
	n := 0
	dim := func(col string, vals []int) {
		if len(vals) == 0 {
			return
		}
		n++
		for _, v := range vals {
			sum = append(sum, "COALESCE("+col+"["+strconv.Itoa(v)+"], 0)")
		}
	}
	ints := func(n int, f func(int) int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	dim("genders", ints(len(t.Genders), func(i int) int { return int(t.Genders[i]) }))
	dim("ages", ints(len(t.Ages), func(i int) int { return int(t.Ages[i]) }))
	dim("regions", ints(len(t.Regions), func(i int) int { return int(t.Regions[i]) }))
	var parts []string
	if n > 0 {
		parts = append(parts, "(("+strings.Join(sum, " + ")+")::bigint / "+strconv.Itoa(n)+")")
	}
	if len(t.Categories) > 0 {
		parts = append(parts, "((SELECT count(*) FROM unnest("+arg(categoryTexts(t.Categories))+"::text[]) AS tc(c) WHERE tc.c = ANY(categories)) * "+
			strconv.Itoa(star.FullShare)+" / "+strconv.Itoa(len(t.Categories))+")")
	}
	if len(parts) == 0 {
		return "0::bigint"
	}
	return "((" + strings.Join(parts, " + ") + ") / " + strconv.Itoa(len(parts)) + ")"
}

// GetAgency implements star.Store.
func (s *StarStore) GetAgency(ctx context.Context, id string) (star.Agency, error) {
	if err := s.ready(ctx); err != nil {
		return star.Agency{}, err
	}
	rec, err := s.agencies.get(ctx, id)
	if err != nil {
		return star.Agency{}, err
	}
	return star.NewAgency(rec)
}

// CreateAgency implements star.Store.
func (s *StarStore) CreateAgency(ctx context.Context, a star.Agency) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	if a.IsZero() {
		return 0, star.ErrAgencyInvalid.New(starmap.LabeledArg("field", "机构", "agency"), starmap.LabeledArg("problem", "为空", "is the zero Agency"))
	}
	return s.agencies.create(ctx, a.Record())
}

// UpdateAgency implements star.Store.
func (s *StarStore) UpdateAgency(ctx context.Context, a star.Agency) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	if a.IsZero() {
		return 0, star.ErrAgencyInvalid.New(starmap.LabeledArg("field", "机构", "agency"), starmap.LabeledArg("problem", "为空", "is the zero Agency"))
	}
	return s.agencies.update(ctx, a.Record())
}

// ListAgencies implements star.Store: id order (star_agencies_pkey).
func (s *StarStore) ListAgencies(ctx context.Context, page starmap.PageRequest) (starmap.Page[star.Agency], error) {
	return listPlain(ctx, s, s.agencies, page, star.NewAgency, star.Agency.ID)
}

// GetAdvertiser implements star.Store.
func (s *StarStore) GetAdvertiser(ctx context.Context, id string) (star.Advertiser, error) {
	if err := s.ready(ctx); err != nil {
		return star.Advertiser{}, err
	}
	rec, err := s.advertisers.get(ctx, id)
	if err != nil {
		return star.Advertiser{}, err
	}
	return star.NewAdvertiser(rec)
}

// CreateAdvertiser implements star.Store.
func (s *StarStore) CreateAdvertiser(ctx context.Context, a star.Advertiser) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	if a.IsZero() {
		return 0, star.ErrAdvertiserInvalid.New(starmap.LabeledArg("field", "广告主", "advertiser"), starmap.LabeledArg("problem", "为空", "is the zero Advertiser"))
	}
	return s.advertisers.create(ctx, a.Record())
}

// UpdateAdvertiser implements star.Store.
func (s *StarStore) UpdateAdvertiser(ctx context.Context, a star.Advertiser) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	if a.IsZero() {
		return 0, star.ErrAdvertiserInvalid.New(starmap.LabeledArg("field", "广告主", "advertiser"), starmap.LabeledArg("problem", "为空", "is the zero Advertiser"))
	}
	return s.advertisers.update(ctx, a.Record())
}

// ListAdvertisers implements star.Store: id order (star_advertisers_pkey).
func (s *StarStore) ListAdvertisers(ctx context.Context, page starmap.PageRequest) (starmap.Page[star.Advertiser], error) {
	return listPlain(ctx, s, s.advertisers, page, star.NewAdvertiser, star.Advertiser.ID)
}

// listPlain pages a table of agencies or advertisers in id order.
func listPlain[R, V any](ctx context.Context, s *StarStore, t *table[string, R], page starmap.PageRequest, build func(R) (V, error), id func(V) string) (starmap.Page[V], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[V]{}, err
	}
	if err := page.Validate(); err != nil {
		return starmap.Page[V]{}, err
	}
	after, err := afterID(page.Cursor)
	if err != nil {
		return starmap.Page[V]{}, err
	}
	limit := page.EffectiveLimit()
	recs, err := query(ctx, t, "SELECT version, doc FROM "+t.name+" WHERE id > $1 ORDER BY id LIMIT $2", after, limit+1)
	if err != nil {
		return starmap.Page[V]{}, err
	}
	out := make([]V, len(recs))
	for i, r := range recs {
		if out[i], err = build(r); err != nil {
			return starmap.Page[V]{}, err
		}
	}
	return cutPage(out, limit, func(v V) string { return starmap.EncodeCursor(id(v)) }), nil
}
