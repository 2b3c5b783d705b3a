package star

import (
	"errors"
	"strconv"
	"strings"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// MaxSignedCreators bounds the creators an agency record lists.
const MaxSignedCreators = 100_000

var (
	agencyNameField     = starmap.TextField{ZH: "机构名称", EN: "agency name", Kind: starmap.TextLine}
	advertiserNameField = starmap.TextField{ZH: "广告主名称", EN: "advertiser name", Kind: starmap.TextLine}
)

// AgencyRecord is an MCN agency (MCN机构, STR-2) as the host writes it and
// a store keeps it.
type AgencyRecord struct {
	ID   string
	Name string
	// Founded is the agency's founding date (成立时间, ONB-6 counts its age
	// from it).
	Founded starmap.Date
	// Qualification is the number of its business licence (合法资质), ""
	// when it holds none.
	Qualification string
	// Creators are the ids of the creators signed to it, distinct, at most
	// MaxSignedCreators. The marketplace filters on each creator's own MCN
	// field; this list is what the agency declares (ONB-6 counts it).
	Creators []string
	Version  uint64
}

// Agency is a validated MCN agency, made by NewAgency; its accessors
// return copies.
type Agency struct{ r AgencyRecord }

// NewAgency validates a record and returns every problem at once
// (ErrAgencyInvalid); it is also how a store rebuilds one it read.
func NewAgency(rec AgencyRecord) (Agency, error) {
	var errs []error
	bad := func(fzh, fen string, prob starmap.Param, cause error) {
		errs = append(errs, ErrAgencyInvalid.Wrap(cause, fieldArg(fzh, fen), prob))
	}
	if err := starmap.ValidateID("agency id", rec.ID); err != nil {
		bad("编号", "id", idProblem(err), err)
	}
	if err := checkName(agencyNameField, rec.Name); err != nil {
		bad("名称", "name", textProblem(err), err)
	}
	if rec.Founded.IsZero() {
		bad("成立日期", "founding date", problemArg("未填写", "is missing"), nil)
	}
	if rec.Qualification != "" {
		if err := starmap.ValidateID("licence", rec.Qualification); err != nil {
			bad("营业执照号", "licence", idProblem(err), err)
		}
	}
	if len(rec.Creators) > MaxSignedCreators {
		bad("签约达人", "signed creators", problemArg("超过"+strconv.Itoa(MaxSignedCreators)+"个", "more than "+strconv.Itoa(MaxSignedCreators)), nil)
	} else {
		// Each problem once, and at most maxEntryProblems of them: the
		// rest are counted in one error (a bounded message).
		field := func() starmap.Param { return fieldArg("签约达人", "signed creators") }
		ps := newProblems(maxEntryProblems, func(k int) error { return ErrAgencyInvalid.New(field(), moreProblem(k)) })
		seen := make(map[string]bool, len(rec.Creators))
		for _, id := range rec.Creators {
			if err := starmap.ValidateID("creator id", id); err != nil {
				ps.add(ErrAgencyInvalid.Wrap(err, field(), idProblem(err)))
				continue
			}
			if seen[id] {
				ps.add(ErrAgencyInvalid.New(field(), problemArg(id+"重复", id+" given twice")))
			}
			seen[id] = true
		}
		errs = append(errs, ps.list()...)
	}
	if len(errs) > 0 {
		return Agency{}, errors.Join(errs...)
	}
	rec.Creators = cloneStrings(rec.Creators)
	return Agency{r: rec}, nil
}

// checkName checks a required one-line name.
func checkName(f starmap.TextField, s string) error {
	if err := f.Validate(s); err != nil {
		return err
	}
	if strings.TrimSpace(s) == "" {
		return starmap.ErrTextInvalid.New(starmap.LabeledArg("what", f.ZH, f.EN), problemArg("为空", "empty"))
	}
	return nil
}

func cloneStrings(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return append([]string(nil), s...)
}

// IsZero reports whether a is the zero Agency.
func (a Agency) IsZero() bool { return a.r.ID == "" }

// ID returns the agency's id.
func (a Agency) ID() string { return a.r.ID }

// Name returns the agency's name.
func (a Agency) Name() string { return a.r.Name }

// Founded returns its founding date.
func (a Agency) Founded() starmap.Date { return a.r.Founded }

// Qualified reports whether it holds a business licence.
func (a Agency) Qualified() bool { return a.r.Qualification != "" }

// Creators returns a copy of the ids of its signed creators.
func (a Agency) Creators() []string { return cloneStrings(a.r.Creators) }

// Version returns the store version it was read at.
func (a Agency) Version() uint64 { return a.r.Version }

// WithVersion returns the agency at version v.
func (a Agency) WithVersion(v uint64) Agency { a.r.Version = v; return a }

// Record returns the agency as a record, with its version.
func (a Agency) Record() AgencyRecord {
	r := a.r
	r.Creators = cloneStrings(r.Creators)
	return r
}

// Applicant returns the agency as onboarding's eligibility check reads it
// (ONB-6), with the figures the roster does not hold — follower volume,
// operating capability, special approval — left for the host to fill.
func (a Agency) Applicant() onboarding.Agency {
	return onboarding.Agency{ID: a.r.ID, Founded: a.r.Founded, Qualified: a.Qualified(), Creators: len(a.r.Creators)}
}

// AdvertiserRecord is an advertiser (广告主/商家, STR-2) as the host writes
// it and a store keeps it.
type AdvertiserRecord struct {
	ID   string
	Name string
	// Kind is its legal form: an individual business (个体户) or a company.
	Kind onboarding.MerchantKind
	// CertifiedOn is the day its qualification was certified (资质认证);
	// the zero Date when it is not certified.
	CertifiedOn starmap.Date
	Version     uint64
}

// Advertiser is a validated advertiser, made by NewAdvertiser.
type Advertiser struct{ r AdvertiserRecord }

// NewAdvertiser validates a record and returns every problem at once
// (ErrAdvertiserInvalid); it is also how a store rebuilds one it read.
func NewAdvertiser(rec AdvertiserRecord) (Advertiser, error) {
	var errs []error
	bad := func(fzh, fen string, prob starmap.Param, cause error) {
		errs = append(errs, ErrAdvertiserInvalid.Wrap(cause, fieldArg(fzh, fen), prob))
	}
	if err := starmap.ValidateID("advertiser id", rec.ID); err != nil {
		bad("编号", "id", idProblem(err), err)
	}
	if err := checkName(advertiserNameField, rec.Name); err != nil {
		bad("名称", "name", textProblem(err), err)
	}
	if rec.Kind != onboarding.MerchantIndividual && rec.Kind != onboarding.MerchantCompany {
		bad("主体类型", "kind", unknownProblem(int(rec.Kind)), nil)
	}
	if len(errs) > 0 {
		return Advertiser{}, errors.Join(errs...)
	}
	return Advertiser{r: rec}, nil
}

// IsZero reports whether a is the zero Advertiser.
func (a Advertiser) IsZero() bool { return a.r.ID == "" }

// ID returns the advertiser's id.
func (a Advertiser) ID() string { return a.r.ID }

// Name returns its name.
func (a Advertiser) Name() string { return a.r.Name }

// Kind returns its legal form.
func (a Advertiser) Kind() onboarding.MerchantKind { return a.r.Kind }

// Certified reports whether its qualification is certified, and since when.
func (a Advertiser) Certified() (starmap.Date, bool) {
	return a.r.CertifiedOn, !a.r.CertifiedOn.IsZero()
}

// Version returns the store version it was read at.
func (a Advertiser) Version() uint64 { return a.r.Version }

// WithVersion returns the advertiser at version v.
func (a Advertiser) WithVersion(v uint64) Advertiser { a.r.Version = v; return a }

// Record returns the advertiser as a record, with its version.
func (a Advertiser) Record() AdvertiserRecord { return a.r }
