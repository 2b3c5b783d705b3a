package star

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// Bounds of a creator's figures. Anything beyond them is a typo or an
// attack, and refused.
const (
	// MaxFollowers is the largest follower count accepted (10^10).
	MaxFollowers = 10_000_000_000
	// MaxHeat is the largest heat accepted (10^15).
	MaxHeat = 1_000_000_000_000_000
	// MaxCount bounds every count of past results (10^15).
	MaxCount = 1_000_000_000_000_000
	// FullShare is 100 % in basis points: shares and rates are whole basis
	// points from 0 to FullShare.
	FullShare = 10_000
	// MaxCategories is how many category tags a creator may carry.
	MaxCategories = 8
	// MaxCategoryRunes is the longest category tag, in characters.
	MaxCategoryRunes = 20
	// MaxNicknameRunes is the longest nickname, in characters.
	MaxNicknameRunes = 50
)

// The free-text fields of a creator and its account (one TextField each).
var (
	nicknameField = starmap.TextField{ZH: "昵称", EN: "nickname", Kind: starmap.TextLine}
	avatarField   = starmap.TextField{ZH: "头像地址", EN: "avatar", Kind: starmap.TextLine}
	cityField     = starmap.TextField{ZH: "城市", EN: "city", Kind: starmap.TextLine}
	categoryField = starmap.TextField{ZH: "品类标签", EN: "category tag", Kind: starmap.TextLine}
)

// Category is a category tag of a creator (品类, 内容风格: 美妆, 母婴, 3C数码
// …). The taxonomy is the platform's, so the SDK takes tags as the host
// writes them — one line, 1 to MaxCategoryRunes characters, no leading or
// trailing space — and compares them exactly.
type Category string

// Location is where the creator's account says it is: a region and,
// optionally, a city.
type Location struct {
	Region Region
	City   string
}

// Account is a creator's account on its content platform (STR-1, ONB-1):
// the basic information the platform shows and the creator cannot edit on
// the Star Map (CRD-1).
type Account struct {
	Platform onboarding.Platform
	// ID is the account's id on the platform (抖音号 …).
	ID string
	// Nickname and Avatar (an image address, optional) as the platform
	// account shows them.
	Nickname string
	Avatar   string
	Location Location
	// Followers is the follower count, 0 … MaxFollowers.
	Followers int64
	// Standing is the account's standing on its platform (ONB-4).
	Standing onboarding.Standing
}

// Quote is a creator's price for one offer (STR-1), in CNY: a positive
// amount in whole fen (X-4, starmap.CheckAmount).
type Quote struct {
	Offer Offer
	Price decimal.Decimal
}

// GenderShare, AgeShare and RegionShare are one value's share of a
// creator's audience, in basis points (1 bp = 0.01 %).
type (
	GenderShare struct {
		Gender Gender
		BP     int
	}
	AgeShare struct {
		Band AgeBand
		BP   int
	}
	RegionShare struct {
		Region Region
		BP     int
	}
)

// Audience is a creator's audience profile (粉丝画像, STR-1): the shares of
// each gender, age band and region, in basis points. Each dimension is
// either empty — not known — or lists distinct values whose shares add up
// to exactly FullShare (10,000 = 100 %); values left out have a share of
// 0. RegionOther takes the audience of unknown or foreign places.
type Audience struct {
	Genders []GenderShare
	Ages    []AgeShare
	Regions []RegionShare
}

// PastResults are a creator's past collaborations on the platform (seed
// 003: 历史合作表现), as FoldPast folds them from tasks: the figures the
// marketplace filters on and the comparison shows.
type PastResults struct {
	// Completed is the number of orders completed (settled).
	Completed int64
	// GMV is the GMV the completed orders reported, and Cost what they cost
	// their advertisers (task.Task.Cost); amounts in whole fen.
	GMV  decimal.Decimal
	Cost decimal.Decimal
	// Reviewed is the number of tasks that met at least one script or video
	// review; FirstPass, how many of them passed every review they met at
	// the first try.
	Reviewed  int64
	FirstPass int64
}

// ROIPlaces is how ROI is rounded (half away from zero), as package task
// rounds it.
const ROIPlaces = 2

// ROI is GMV / Cost, rounded half away from zero to ROIPlaces; undefined
// (false) when nothing was spent.
func (p PastResults) ROI() (decimal.Decimal, bool) {
	if p.Cost.Sign() <= 0 {
		return decimal.Decimal{}, false
	}
	return p.GMV.DivRound(p.Cost, ROIPlaces), true
}

// FirstPassRate is FirstPass / Reviewed in basis points, rounded down (a
// creator never passes a threshold it does not reach); undefined (false)
// when no task was reviewed.
func (p PastResults) FirstPassRate() (int, bool) {
	return firstPassBP(p.Reviewed, p.FirstPass)
}

func firstPassBP(reviewed, first int64) (int, bool) {
	if reviewed <= 0 || first < 0 || first > reviewed {
		return 0, false
	}
	// reviewed ≤ MaxCount (10^15): first × 10,000 fits in an int64 with room.
	return int(first * FullShare / reviewed), true
}

// CreatorRecord is a creator as the host writes it and as a store keeps it
// (STR-1): plain data, validated by NewCreator. Version is the store's
// version: 0 for a creator never stored.
//
// A creator is one Star Map account holder on one platform, with that
// platform's account: seed 000 has a creator join the Star Map of the
// platform it opened its account on (哪个平台开,就走哪个平台的星图), so a
// person present on two platforms' Star Maps is two creators, each with its
// own quotes, audience and results.
type CreatorRecord struct {
	ID      string
	Account Account
	// Status is the state of the Star Map account.
	Status Status
	// Categories are the creator's tags, the first being its main one; at
	// most MaxCategories, distinct.
	Categories []Category
	// Quotes holds at most one price per offer; an offer without a quote is
	// not sold.
	Quotes []Quote
	// Engagement is the 30-day engagement (interaction) rate, in basis
	// points of views: 0 … 10,000 (350 = 3.50 %).
	Engagement int
	Audience   Audience
	// MCN is the id of the agency the creator is signed to; "" for an
	// independent creator.
	MCN string
	// Heat is the platform's ranking figure (热度, 排名): 0 … MaxHeat, larger
	// is hotter.
	Heat    int64
	Past    PastResults
	Version uint64
}

// Creator is a validated creator: an immutable value, safe to share
// between goroutines and stores, made only by NewCreator. Its accessors
// return copies. The zero Creator is "no creator": IsZero reports it and
// every store and index refuses it.
type Creator struct {
	p       *profile
	version uint64
}

// profile is what a Creator holds, in the form the index and the
// reference scan read: prices in fen, shares in dense arrays.
type profile struct {
	id       string
	account  Account
	status   Status
	cats     []Category
	quotes   [numOffers]int64 // fen; -1: no quote
	eng      int32
	gender   [numGenders]uint16
	age      [numAges]uint16
	regions  [numRegions]uint16
	known    uint8 // knownGender | knownAge | knownRegion
	mcn      string
	heat     int64
	past     pastFen
	text     string // fold(nickname) + "\x00" + fold(account id): what a keyword searches
	listed   bool
	restrict bool   // standing is not normal
	sig      uint32 // the row signature the index keeps (sigOf)
}

const (
	knownGender uint8 = 1 << iota
	knownAge
	knownRegion
)

type pastFen struct {
	completed, gmv, cost, reviewed, first int64
	fpBP                                  int32 // -1: undefined
}

// NewCreator validates a record and returns the Creator it describes; its
// version is rec.Version. It returns every problem at once, each a coded
// error (ErrCreatorInvalid, ErrAccountInvalid, ErrCategoryInvalid,
// ErrQuoteInvalid, ErrShareInvalid, ErrSharesSum, ErrPastInvalid and the
// root's id, text and money rules inside them). It is also how a store
// rebuilds a Creator it read.
func NewCreator(rec CreatorRecord) (Creator, error) {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	p := &profile{id: rec.ID, status: rec.Status, mcn: rec.MCN, heat: rec.Heat, eng: int32(rec.Engagement)}
	if err := starmap.ValidateID("creator id", rec.ID); err != nil {
		add(ErrCreatorInvalid.Wrap(err, fieldArg("编号", "id"), idProblem(err)))
	}
	if !rec.Status.Valid() {
		add(ErrCreatorInvalid.New(fieldArg("星图账号状态", "status"), problemArg("未知("+strconv.Itoa(int(rec.Status))+")", "unknown ("+strconv.Itoa(int(rec.Status))+")")))
	}
	add(checkAccount(rec.Account))
	p.account = rec.Account
	cats, err := checkCategories(rec.Categories)
	add(err)
	p.cats = cats
	add(p.setQuotes(rec.Quotes))
	if rec.Engagement < 0 || rec.Engagement > FullShare {
		add(ErrShareInvalid.New(starmap.LabeledArg("what", "近30天互动率", "30-day engagement rate"), rangeProblem(int64(rec.Engagement), 0, FullShare)))
	}
	add(p.setAudience(rec.Audience))
	if rec.MCN != "" {
		if err := starmap.ValidateID("MCN id", rec.MCN); err != nil {
			add(ErrCreatorInvalid.Wrap(err, fieldArg("MCN机构编号", "MCN id"), idProblem(err)))
		}
	}
	if rec.Heat < 0 || rec.Heat > MaxHeat {
		add(ErrCreatorInvalid.New(fieldArg("热度", "heat"), rangeProblem(rec.Heat, 0, MaxHeat)))
	}
	past, err := checkPast(rec.Past)
	add(err)
	p.past = past
	if len(errs) > 0 {
		return Creator{}, errors.Join(errs...)
	}
	p.text = fold(rec.Account.Nickname) + "\x00" + fold(rec.Account.ID)
	p.restrict = rec.Account.Standing != onboarding.StandingNormal
	p.listed = rec.Status == StatusOpen && !p.restrict
	p.sig = sigOf(p)
	return Creator{p: p, version: rec.Version}, nil
}

func checkAccount(a Account) error {
	var errs []error
	bad := func(fzh, fen string, prob starmap.Param, cause error) {
		if cause != nil {
			errs = append(errs, ErrAccountInvalid.Wrap(cause, fieldArg(fzh, fen), prob))
		} else {
			errs = append(errs, ErrAccountInvalid.New(fieldArg(fzh, fen), prob))
		}
	}
	if !a.Platform.Valid() {
		bad("平台", "platform", unknownProblem(int(a.Platform)), nil)
	}
	if err := starmap.ValidateID("account id", a.ID); err != nil {
		bad("账号", "account id", idProblem(err), err)
	}
	switch err := nicknameField.Validate(a.Nickname); {
	case err != nil:
		bad("昵称", "nickname", textProblem(err), err)
	case strings.TrimSpace(a.Nickname) == "":
		bad("昵称", "nickname", problemArg("不能为空", "is empty"), nil)
	case utf8.RuneCountInString(a.Nickname) > MaxNicknameRunes:
		bad("昵称", "nickname", problemArg("超过"+strconv.Itoa(MaxNicknameRunes)+"个字符", "is longer than "+strconv.Itoa(MaxNicknameRunes)+" characters"), nil)
	}
	switch err := avatarField.Validate(a.Avatar); {
	case err != nil:
		bad("头像地址", "avatar", textProblem(err), err)
	case strings.ContainsFunc(a.Avatar, unicode.IsSpace):
		bad("头像地址", "avatar", problemArg("含有空白字符", "contains white space"), nil)
	}
	if !a.Location.Region.Valid() {
		bad("所在地区", "region", unknownProblem(int(a.Location.Region)), nil)
	}
	if err := cityField.Validate(a.Location.City); err != nil {
		bad("城市", "city", textProblem(err), err)
	}
	if a.Followers < 0 || a.Followers > MaxFollowers {
		bad("粉丝数", "followers", rangeProblem(a.Followers, 0, MaxFollowers), nil)
	}
	if !a.Standing.Valid() {
		bad("账号状态", "standing", unknownProblem(int(a.Standing)), nil)
	}
	return errors.Join(errs...)
}

// checkCategory checks one tag, as a creator or a query carries it.
func checkCategory(c Category) error {
	s := string(c)
	if err := categoryField.Validate(s); err != nil {
		return ErrCategoryInvalid.Wrap(err, textProblem(err))
	}
	switch n := utf8.RuneCountInString(s); {
	case strings.TrimSpace(s) == "":
		return ErrCategoryInvalid.New(problemArg("不能为空", "empty"))
	case strings.TrimSpace(s) != s:
		return ErrCategoryInvalid.New(problemArg("“"+s+"”首尾不能有空格", "“"+s+"” has leading or trailing space"))
	case n > MaxCategoryRunes:
		return ErrCategoryInvalid.New(problemArg("超过"+strconv.Itoa(MaxCategoryRunes)+"个字符", "longer than "+strconv.Itoa(MaxCategoryRunes)+" characters"))
	}
	return nil
}

func checkCategories(cs []Category) ([]Category, error) {
	var errs []error
	if len(cs) > MaxCategories {
		errs = append(errs, ErrCategoryInvalid.New(problemArg("最多"+strconv.Itoa(MaxCategories)+"个,实有"+strconv.Itoa(len(cs))+"个",
			"at most "+strconv.Itoa(MaxCategories)+", got "+strconv.Itoa(len(cs)))))
		cs = cs[:MaxCategories]
	}
	for i, c := range cs {
		if err := checkCategory(c); err != nil {
			errs = append(errs, err)
			continue
		}
		for _, d := range cs[:i] {
			if d == c {
				errs = append(errs, ErrCategoryInvalid.New(problemArg("“"+string(c)+"”重复", "“"+string(c)+"” repeated")))
				break
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(cs) == 0 {
		return nil, nil
	}
	return append([]Category(nil), cs...), nil
}

func (p *profile) setQuotes(qs []Quote) error {
	for i := range p.quotes {
		p.quotes[i] = -1
	}
	ps := newProblems(maxProblems, nil) // at most numOffers+1 problems
	add := ps.add
	if len(qs) > numOffers {
		// One quote per offer: a longer list is one problem, and only its
		// first numOffers entries are checked (STR-1, a bounded message).
		add(ErrQuoteInvalid.New(starmap.LabeledArg("offer", "报价列表", "the list"), tooMany(numOffers, len(qs))))
		qs = qs[:numOffers]
	}
	for _, q := range qs {
		offer := starmap.LabeledArg("offer", q.Offer.Label(starmap.ZH), q.Offer.String())
		if !q.Offer.Valid() {
			add(ErrQuoteInvalid.New(offer, problemArg("报价类型未知", "unknown offer")))
			continue
		}
		fen, err := toFen(q.Price)
		switch {
		case err != nil:
			add(ErrQuoteInvalid.Wrap(err, offer, problemArg(starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN))))
			continue
		case fen <= 0:
			add(ErrQuoteInvalid.New(offer, problemArg("价格须大于0", "the price must be above 0")))
			continue
		}
		if p.quotes[q.Offer-1] >= 0 {
			add(ErrQuoteInvalid.New(offer, problemArg("重复报价", "quoted twice")))
			continue
		}
		p.quotes[q.Offer-1] = fen
	}
	return ps.err()
}

// toFen checks an amount entering the package (starmap.CheckAmount: at
// most 15 digits before the point, whole fen) and returns it in fen, which
// then fits an int64 exactly.
func toFen(d decimal.Decimal) (int64, error) {
	if err := starmap.CheckAmount(d); err != nil {
		return 0, err
	}
	// The checked amount has at most 17 significant digits in fen. With an
	// exponent of -2 or more its coefficient fits an int64 as it is.
	if exp := d.Exponent(); exp >= -starmap.FenPlaces && exp <= 15 {
		f := d.CoefficientInt64()
		for ; exp > -starmap.FenPlaces; exp-- {
			f *= 10
		}
		return f, nil
	}
	return d.Shift(starmap.FenPlaces).IntPart(), nil
}

func fromFen(f int64) decimal.Decimal { return decimal.New(f, -starmap.FenPlaces) }

var (
	dimGender = [2]string{"性别", "gender"}
	dimAge    = [2]string{"年龄段", "age band"}
	dimRegion = [2]string{"地域", "region"}
)

// shares checks one dimension of an audience: each value known and given
// once, each share 0 … FullShare, the sum exactly FullShare (or nothing
// given: unknown). at(i) reads the i-th of count entries; the shares go
// into dst, indexed by value-1. It reports whether the dimension is known.
func shares(dim [2]string, dst []uint16, count int, at func(i int) (v, bp int), names func(int) (string, string)) (bool, error) {
	if count == 0 {
		return false, nil
	}
	what := starmap.LabeledArg("what", "粉丝"+dim[0]+"占比", "audience "+dim[1]+" share")
	ps := newProblems(maxEntryProblems, func(k int) error { return ErrShareInvalid.New(what, moreProblem(k)) })
	add := ps.add
	if count > len(dst) {
		// Each value at most once: a longer list is one problem, and only
		// its first len(dst) entries are checked (a bounded message).
		add(ErrShareInvalid.New(what, tooMany(len(dst), count)))
		count = len(dst)
	}
	var seen uint64 // len(dst) ≤ numRegions < 64
	sum := 0
	for i := 0; i < count; i++ {
		v, bp := at(i)
		switch {
		case v < 1 || v > len(dst):
			add(ErrShareInvalid.New(what, unknownProblem(v)))
			continue
		case seen&(1<<v) != 0:
			zh, en := names(v)
			add(ErrShareInvalid.New(what, problemArg(zh+"重复", en+" given twice")))
			continue
		case bp < 0 || bp > FullShare:
			add(ErrShareInvalid.New(what, rangeProblem(int64(bp), 0, FullShare)))
			continue
		}
		seen |= 1 << v
		dst[v-1] = uint16(bp)
		sum += bp
	}
	if len(ps.errs) == 0 && sum != FullShare {
		add(ErrSharesSum.New(starmap.LabeledArg("dimension", dim[0], dim[1]), starmap.Arg("sum", sum)))
	}
	if err := ps.err(); err != nil {
		clear(dst)
		return false, err
	}
	return true, nil
}

func (p *profile) setAudience(a Audience) error {
	var errs []error
	ok, err := shares(dimGender, p.gender[:], len(a.Genders), func(i int) (int, int) { return int(a.Genders[i].Gender), a.Genders[i].BP },
		func(v int) (string, string) { return Gender(v).Label(starmap.ZH), Gender(v).String() })
	if err != nil {
		errs = append(errs, err)
	} else if ok {
		p.known |= knownGender
	}
	ok, err = shares(dimAge, p.age[:], len(a.Ages), func(i int) (int, int) { return int(a.Ages[i].Band), a.Ages[i].BP },
		func(v int) (string, string) { return AgeBand(v).Label(starmap.ZH), AgeBand(v).String() })
	if err != nil {
		errs = append(errs, err)
	} else if ok {
		p.known |= knownAge
	}
	ok, err = shares(dimRegion, p.regions[:], len(a.Regions), func(i int) (int, int) { return int(a.Regions[i].Region), a.Regions[i].BP },
		func(v int) (string, string) { return Region(v).Label(starmap.ZH), Region(v).String() })
	if err != nil {
		errs = append(errs, err)
	} else if ok {
		p.known |= knownRegion
	}
	return errors.Join(errs...)
}

func checkPast(r PastResults) (pastFen, error) {
	var errs []error
	bad := func(fzh, fen string, prob starmap.Param) {
		errs = append(errs, ErrPastInvalid.New(fieldArg(fzh, fen), prob))
	}
	out := pastFen{completed: r.Completed, reviewed: r.Reviewed, first: r.FirstPass}
	for _, c := range []struct {
		v        int64
		zh, en   string
		min, max int64
	}{{r.Completed, "完成订单数", "completed orders", 0, MaxCount}, {r.Reviewed, "审核任务数", "reviewed tasks", 0, MaxCount},
		{r.FirstPass, "一次通过任务数", "first-pass tasks", 0, MaxCount}} {
		if c.v < c.min || c.v > c.max {
			bad(c.zh, c.en, rangeProblem(c.v, c.min, c.max))
		}
	}
	if r.FirstPass > r.Reviewed {
		bad("一次通过任务数", "first-pass tasks", problemArg("不能多于审核任务数", "exceed the reviewed tasks"))
	}
	for _, m := range []struct {
		d      decimal.Decimal
		zh, en string
		dst    *int64
	}{{r.GMV, "成交额", "GMV", &out.gmv}, {r.Cost, "花费", "cost", &out.cost}} {
		if err := starmap.RequireNonNegative(m.d); err != nil {
			bad(m.zh, m.en, problemArg("不能为负数", "is negative"))
			continue
		}
		f, err := toFen(m.d)
		if err != nil {
			bad(m.zh, m.en, problemArg(starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN)))
			continue
		}
		*m.dst = f
	}
	if len(errs) > 0 {
		return pastFen{}, errors.Join(errs...)
	}
	out.fpBP = -1
	if bp, ok := firstPassBP(r.Reviewed, r.FirstPass); ok {
		out.fpBP = int32(bp)
	}
	return out, nil
}

// IsZero reports whether c is the zero Creator (not made by NewCreator).
func (c Creator) IsZero() bool { return c.p == nil }

// ID returns the creator's id.
func (c Creator) ID() string {
	if c.p == nil {
		return ""
	}
	return c.p.id
}

// Version returns the store version the creator was read at (0 for one
// never stored).
func (c Creator) Version() uint64 { return c.version }

// WithVersion returns the creator at version v.
func (c Creator) WithVersion(v uint64) Creator { c.version = v; return c }

// Account returns the creator's platform account.
func (c Creator) Account() Account {
	if c.p == nil {
		return Account{}
	}
	return c.p.account
}

// Status returns the state of the creator's Star Map account.
func (c Creator) Status() Status {
	if c.p == nil {
		return 0
	}
	return c.p.status
}

// Listed reports whether the marketplace lists the creator by default: its
// Star Map account is open and its standing is normal (ONB-4).
func (c Creator) Listed() bool { return c.p != nil && c.p.listed }

// Categories returns a copy of the creator's category tags.
func (c Creator) Categories() []Category {
	if c.p == nil || len(c.p.cats) == 0 {
		return nil
	}
	return append([]Category(nil), c.p.cats...)
}

// Quote returns the price of one offer and whether the creator quotes it.
func (c Creator) Quote(o Offer) (decimal.Decimal, bool) {
	if c.p == nil || !o.Valid() || c.p.quotes[o-1] < 0 {
		return decimal.Decimal{}, false
	}
	return fromFen(c.p.quotes[o-1]), true
}

// Quotes returns the creator's quotes in offer order.
func (c Creator) Quotes() []Quote {
	if c.p == nil {
		return nil
	}
	var out []Quote
	for i, f := range c.p.quotes {
		if f >= 0 {
			out = append(out, Quote{Offer: Offer(i + 1), Price: fromFen(f)})
		}
	}
	return out
}

// Engagement returns the 30-day engagement rate in basis points.
func (c Creator) Engagement() int {
	if c.p == nil {
		return 0
	}
	return int(c.p.eng)
}

// Audience returns the audience profile: each known dimension lists its
// values with a non-zero share, in declaration order; an unknown one is
// empty.
func (c Creator) Audience() Audience {
	var a Audience
	if c.p == nil {
		return a
	}
	if c.p.known&knownGender != 0 {
		for i, bp := range c.p.gender {
			if bp > 0 {
				a.Genders = append(a.Genders, GenderShare{Gender(i + 1), int(bp)})
			}
		}
	}
	if c.p.known&knownAge != 0 {
		for i, bp := range c.p.age {
			if bp > 0 {
				a.Ages = append(a.Ages, AgeShare{AgeBand(i + 1), int(bp)})
			}
		}
	}
	if c.p.known&knownRegion != 0 {
		for i, bp := range c.p.regions {
			if bp > 0 {
				a.Regions = append(a.Regions, RegionShare{Region(i + 1), int(bp)})
			}
		}
	}
	return a
}

// GenderShare, AgeShare and RegionShare return one value's share of the
// audience in basis points, and whether that dimension is known.
func (c Creator) GenderShare(g Gender) (int, bool) {
	if c.p == nil || c.p.known&knownGender == 0 || !g.Valid() {
		return 0, false
	}
	return int(c.p.gender[g-1]), true
}

// AgeShare: see GenderShare.
func (c Creator) AgeShare(a AgeBand) (int, bool) {
	if c.p == nil || c.p.known&knownAge == 0 || !a.Valid() {
		return 0, false
	}
	return int(c.p.age[a-1]), true
}

// RegionShare: see GenderShare.
func (c Creator) RegionShare(r Region) (int, bool) {
	if c.p == nil || c.p.known&knownRegion == 0 || !r.Valid() {
		return 0, false
	}
	return int(c.p.regions[r-1]), true
}

// MCN returns the id of the agency the creator is signed to, "" when it is
// independent.
func (c Creator) MCN() string {
	if c.p == nil {
		return ""
	}
	return c.p.mcn
}

// Heat returns the creator's heat.
func (c Creator) Heat() int64 {
	if c.p == nil {
		return 0
	}
	return c.p.heat
}

// Past returns the creator's past results.
func (c Creator) Past() PastResults {
	if c.p == nil {
		return PastResults{}
	}
	f := c.p.past
	return PastResults{Completed: f.completed, GMV: fromFen(f.gmv), Cost: fromFen(f.cost), Reviewed: f.reviewed, FirstPass: f.first}
}

// Record returns the creator as a record, with its version: what a store
// writes. NewCreator(c.Record()) gives c back.
func (c Creator) Record() CreatorRecord {
	if c.p == nil {
		return CreatorRecord{Version: c.version}
	}
	return CreatorRecord{ID: c.p.id, Account: c.p.account, Status: c.p.status, Categories: c.Categories(),
		Quotes: c.Quotes(), Engagement: int(c.p.eng), Audience: c.Audience(), MCN: c.p.mcn, Heat: c.p.heat,
		Past: c.Past(), Version: c.version}
}

// fold is how keywords and the text they search are compared: full-width
// ASCII forms and the ideographic space read as their ASCII twins, and
// letters as lower case, so that "ＭＥＩ" finds "mei" and 美妆 finds
// 小美妆日记.
func fold(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || (c >= 'A' && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
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

// Helpers for the parameters of this package's errors.

func fieldArg(zh, en string) starmap.Param   { return starmap.LabeledArg("field", zh, en) }
func problemArg(zh, en string) starmap.Param { return starmap.LabeledArg("problem", zh, en) }

func rangeProblem(v, min, max int64) starmap.Param {
	s := strconv.FormatInt(v, 10)
	lo, hi := strconv.FormatInt(min, 10), strconv.FormatInt(max, 10)
	return problemArg(s+"不在"+lo+"到"+hi+"之间", s+" is not within "+lo+" … "+hi)
}

func unknownProblem(v int) starmap.Param {
	s := strconv.Itoa(v)
	return problemArg("未知("+s+")", "unknown ("+s+")")
}

// idProblem and textProblem carry a root id or text error's own problem
// in both languages (its "problem" parameter when it has one, so that the
// message does not name the field twice).
func idProblem(err error) starmap.Param {
	var e *starmap.Error
	if errors.As(err, &e) {
		for _, p := range e.Params() {
			if p.Name == "problem" && p.ZH != "" {
				return problemArg(p.ZH, p.Value)
			}
		}
	}
	return problemArg(starmap.Message(err, starmap.ZH), starmap.Message(err, starmap.EN))
}

func textProblem(err error) starmap.Param { return idProblem(err) }
