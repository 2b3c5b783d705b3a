package task

import (
	"errors"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

// Progress is how far a task got, the key of the cancellation refund table
// (TSK-3, TSK-5).
type Progress uint8

// The progress stages.
const (
	ProgressInvited  Progress = iota + 1 // pending or open: not accepted yet
	ProgressAccepted                     // accepted, nothing submitted (live: not scheduled)
	ProgressScript                       // a script is in play (live: scheduled)
	ProgressVideo                        // a video is in play (live: on air)
	numProgress      = int(ProgressVideo) + 1
)

// progresses is the bilingual table of Progress.
var progresses = nameTable{{}, {"invited", "未接受"}, {"accepted", "已接受"}, {"script", "脚本阶段"}, {"video", "视频阶段"}}

// String names the stage ("script").
func (p Progress) String() string { return progresses.str(int(p), "unknown-progress") }

// Label names the stage in lang (脚本阶段 in zh-CN).
func (p Progress) Label(lang starmap.Lang) string {
	return progresses.label(int(p), lang, "unknown-progress")
}

// ProgressOf is the stage of a state from which a cancellation can happen;
// 0 for states that cannot be cancelled (delivered and terminal ones).
func ProgressOf(s State) Progress {
	switch s {
	case StatePending, StateOpen:
		return ProgressInvited
	case StateAccepted:
		return ProgressAccepted
	case StateScriptSubmitted, StateScriptRejected, StateScriptApproved, StateScheduled:
		return ProgressScript
	case StateVideoSubmitted, StateVideoRejected, StateVideoApproved, StateOnAir:
		return ProgressVideo
	}
	return 0
}

// Refund is one cell of the cancellation table: the share of the price the
// creator side keeps as compensation for work done, and the share of the
// service fee the platform keeps. Everything else of what was frozen goes
// back to the advertiser (TSK-5).
type Refund struct {
	CreatorShare decimal.Decimal
	FeeShare     decimal.Decimal
}

// RefundTable is keyed by progress and by the party that cancelled. At
// ProgressInvited no creator has accepted anything (an open task has no
// creator at all), so its CreatorShare must be zero (Policy.Validate).
type RefundTable [numProgress][3]Refund

// partyIndex is the column of a single party in a RefundTable, -1 for
// anything else (no party, a set of several).
func partyIndex(p Party) int {
	switch p {
	case PartyAdvertiser:
		return 0
	case PartyCreator:
		return 1
	case PartyPlatform:
		return 2
	}
	return -1
}

// Rule returns the refund rule for a cancellation at progress p by party
// by; the zero Refund for an unknown stage or party.
func (t *RefundTable) Rule(p Progress, by Party) Refund {
	i := partyIndex(by)
	if t == nil || p < ProgressInvited || p > ProgressVideo || i < 0 {
		return Refund{}
	}
	return t[p][i]
}

// Set sets the rule for progress p and party by, leaving t unchanged for an
// unknown stage or party.
func (t *RefundTable) Set(p Progress, by Party, r Refund) {
	i := partyIndex(by)
	if t == nil || p < ProgressInvited || p > ProgressVideo || i < 0 {
		return
	}
	t[p][i] = r
}

// maxLiveEarlyStart bounds Policy.LiveEarlyStart.
const maxLiveEarlyStart = 2 * time.Hour

// RatePrecision is the most decimal places a rate of a Policy (FeeRate,
// MCNShare, the refund shares) may have: 0.000001 is a hundredth of a
// basis point, finer than any contract, and a rate with ten million places
// would make every fee computation a ten-million-digit one.
const RatePrecision = 6

// Policy holds the figures of TSK-5, TSK-7 and TSK-8. They are a value the
// host chooses (DefaultPolicy is the platform's published defaults); a task
// keeps a copy of the policy it was ordered under, so that a later change
// never alters a running contract.
type Policy struct {
	// ScriptRejections and VideoRejections are how often the advertiser may
	// reject a script (default 3) and a video (default 2); then only
	// approval or cancellation remain. 0 to 10.
	ScriptRejections int
	VideoRejections  int
	// InvitationDays is how long a pending task waits for the creator
	// (default 5, 1 to 14).
	InvitationDays int
	// AutoAcceptDays is how long after publication the advertiser has to
	// accept before the platform accepts for it (default 7, 1 to 30).
	AutoAcceptDays int
	// LiveConfirmDays is the same for a valid broadcast (default 7, 1 to 30).
	LiveConfirmDays int
	// LiveEarlyStart is how long before the planned start a live task may
	// go on air (default 30 minutes, 0 to 2 hours): a creator cannot go on
	// air on a day of its own choosing and report the stream as the
	// ordered one. Time on air before the planned start counts.
	LiveEarlyStart time.Duration
	// FeeRate is the platform's service fee on the price, frozen with it at
	// ordering (default 0.05, 0 to 1). Every rate of the policy has at most
	// RatePrecision decimal places.
	FeeRate decimal.Decimal
	// MCNShare is the MCN's share of what a signed creator is paid
	// (default 0.10, 0 to 1).
	MCNShare decimal.Decimal
	// Refunds is the cancellation table.
	Refunds RefundTable
	// CutoffDays is how long after the delivery CPM plays and CPS sales
	// count (STL-1; default 7, 1 to 30): plays are read from the last
	// report before the end of that day, sales placed up to it count.
	CutoffDays int
	// ReturnDays is the CPS return window after each order (default 7, 0
	// to 30): a refund placed in it reduces the commission, one after it
	// does not.
	ReturnDays int
}

// DefaultPolicy returns the defaults of TSK-8 and the documented defaults
// of TSK-5 (see the package doc, "Money").
func DefaultPolicy() Policy {
	p := Policy{
		ScriptRejections: 3,
		VideoRejections:  2,
		InvitationDays:   5,
		AutoAcceptDays:   7,
		LiveConfirmDays:  7,
		LiveEarlyStart:   30 * time.Minute,
		FeeRate:          decimal.New(5, -2),
		MCNShare:         decimal.New(10, -2),
		CutoffDays:       7,
		ReturnDays:       7,
	}
	zero := Refund{CreatorShare: decimal.Zero, FeeShare: decimal.Zero}
	for pr := ProgressInvited; pr <= ProgressVideo; pr++ {
		for _, by := range []Party{PartyAdvertiser, PartyCreator, PartyPlatform} {
			p.Refunds.Set(pr, by, zero)
		}
	}
	share := func(n int64) Refund { return Refund{CreatorShare: decimal.New(n, -2), FeeShare: decimal.New(n, -2)} }
	p.Refunds.Set(ProgressAccepted, PartyAdvertiser, share(10))
	p.Refunds.Set(ProgressScript, PartyAdvertiser, share(30))
	p.Refunds.Set(ProgressVideo, PartyAdvertiser, share(50))
	return p
}

// Validate checks every figure and returns every problem (errors.Join).
func (p Policy) Validate() error {
	var errs []error
	// field is a field's name in both languages.
	type field struct{ zh, en string }
	bad := func(f field, problemZH, problemEN string) {
		errs = append(errs, ErrPolicyInvalid.New(starmap.LabeledArg("field", f.zh, f.en), starmap.LabeledArg("problem", problemZH, problemEN)))
	}
	outOf := func(f field, v, lo, hi string) {
		bad(f, v+"不在"+lo+"至"+hi+"之间", v+" not in "+lo+".."+hi)
	}
	rateOutOf := func(f field, d decimal.Decimal) {
		v := starmap.AmountArg("v", d)
		vzh := v.ZH
		if vzh == "" {
			vzh = v.Value
		}
		bad(f, vzh+"不在0至1之间", v.Value+" not in 0..1")
	}
	intIn := func(f field, v, lo, hi int) {
		if v < lo || v > hi {
			outOf(f, strconv.Itoa(v), strconv.Itoa(lo), strconv.Itoa(hi))
		}
	}
	intIn(field{"脚本驳回次数上限", "ScriptRejections"}, p.ScriptRejections, 0, 10)
	intIn(field{"视频驳回次数上限", "VideoRejections"}, p.VideoRejections, 0, 10)
	intIn(field{"邀请有效天数", "InvitationDays"}, p.InvitationDays, 1, 14)
	intIn(field{"自动验收天数", "AutoAcceptDays"}, p.AutoAcceptDays, 1, 30)
	intIn(field{"直播自动确认天数", "LiveConfirmDays"}, p.LiveConfirmDays, 1, 30)
	intIn(field{"效果统计截止天数", "CutoffDays"}, p.CutoffDays, 1, 30)
	intIn(field{"退货期天数", "ReturnDays"}, p.ReturnDays, 0, 30)
	if p.LiveEarlyStart < 0 || p.LiveEarlyStart > maxLiveEarlyStart {
		outOf(field{"提前开播时长", "LiveEarlyStart"}, p.LiveEarlyStart.String(), "0", "2h")
	}
	share := func(f field, d decimal.Decimal) {
		switch checkRate(d) {
		case rateOutOfRange:
			rateOutOf(f, d)
		case rateTooPrecise:
			p := strconv.Itoa(RatePrecision)
			bad(f, "最多"+p+"位小数", "more than "+p+" decimal places")
		}
	}
	share(field{"服务费率", "FeeRate"}, p.FeeRate)
	share(field{"MCN分成比例", "MCNShare"}, p.MCNShare)
	for pr := ProgressInvited; pr <= ProgressVideo; pr++ {
		for _, by := range [...]Party{PartyAdvertiser, PartyCreator, PartyPlatform} {
			r := p.Refunds.Rule(pr, by)
			if checkRate(r.CreatorShare) == rateOK && checkRate(r.FeeShare) == rateOK &&
				(pr != ProgressInvited || r.CreatorShare.Sign() == 0) {
				// A sound cell: its names, five concatenations, are built
				// only for a cell that has a problem to report.
				continue
			}
			zh := "取消退款表[" + pr.Label(starmap.ZH) + "][" + by.Label(starmap.ZH) + "]"
			en := "Refunds[" + pr.String() + "][" + by.String() + "]"
			creatorShare := field{zh + "达人补偿比例", en + ".CreatorShare"}
			share(creatorShare, r.CreatorShare)
			share(field{zh + "服务费保留比例", en + ".FeeShare"}, r.FeeShare)
			if pr == ProgressInvited && r.CreatorShare.Sign() != 0 {
				// No creator accepted anything yet: there is nobody to
				// compensate (an open task has no creator at all).
				bad(creatorShare, "达人接受任务之前必须为0", "must be 0 before a creator accepted")
			}
		}
	}
	return joinErrs(errs)
}

type rateProblem uint8

const (
	rateOK rateProblem = iota
	rateOutOfRange
	rateTooPrecise
)

// checkRate checks a rate: from 0 to 1 with at most RatePrecision places.
// Like starmap.CheckAmount it reads the magnitude from the digit count and the
// exponent before any arithmetic that would rescale a huge exponent.
func checkRate(d decimal.Decimal) rateProblem {
	if d.IsZero() {
		// Worth nothing, but arithmetic rescales to its exponent
		// (starmap.MaxZeroExponent): 0e1000000000 would hang the fee.
		if e := d.Exponent(); e > starmap.MaxZeroExponent {
			return rateOutOfRange
		} else if e < -starmap.MaxZeroExponent {
			return rateTooPrecise
		}
		return rateOK
	}
	mag := int64(d.NumDigits()) + int64(d.Exponent()) // |d| < 10^mag
	switch {
	case d.Sign() < 0 || mag > 1: // negative, or at least 10
		return rateOutOfRange
	case mag < 1-RatePrecision: // below 10^-RatePrecision and not zero
		return rateTooPrecise
	}
	// The usual rate (0.05, a coefficient of a few digits) is compared as
	// a whole number of millionths; only the rest takes the big.Int path,
	// whose Cmp and Truncate allocate when the exponents differ.
	if m, ok := scaledInt(d, RatePrecision); ok {
		if m > pow10[RatePrecision] {
			return rateOutOfRange
		}
		return rateOK
	}
	switch {
	case d.Cmp(decimal.NewFromInt(1)) > 0:
		return rateOutOfRange
	case !d.Equal(d.Truncate(RatePrecision)):
		return rateTooPrecise
	}
	return rateOK
}

func joinErrs(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// pow10 holds the powers of ten an int64 holds, 10^0 … 10^18.
var pow10 = [...]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// scaledInt returns d × 10^places when that is a whole number of at most
// 18 digits, read from the coefficient and the exponent with int64
// arithmetic; ok is false otherwise (d has digits below 10^-places, or is
// too large, or its coefficient has more than 18 digits even if trailing
// zeros would cancel them), and the caller takes the exact decimal path.
func scaledInt(d decimal.Decimal, places int32) (int64, bool) {
	if d.IsZero() {
		return 0, true
	}
	n := int64(d.NumDigits())
	if n > 18 {
		return 0, false
	}
	c, s := d.CoefficientInt64(), int64(d.Exponent())+int64(places)
	switch {
	case s >= 0:
		if n+s > 18 {
			return 0, false
		}
		return c * pow10[s], true
	case -s > 18 || c%pow10[-s] != 0:
		// A nonzero coefficient below 10^18 is no multiple of 10^19.
		return 0, false
	}
	return c / pow10[-s], true
}
