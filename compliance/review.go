package compliance

import (
	"errors"
	"strings"
	"time"

	"github.com/starmap-go/starmap"
)

// Policy is how a review treats the checker's findings (CPL-4). The zero
// Policy is the default.
type Policy struct {
	// AdvisoryBlocks makes block findings advisory: they are cited in a
	// rejection and recorded, but do not prevent approval. Off by default:
	// a block finding prevents approval until the platform waives it.
	AdvisoryBlocks bool
}

// Waiver is the platform's decision that one block finding of one
// submission does not prevent approval, with its reason (CPL-4): a plain
// value the host stores with the submission, beside its findings.
//
// A waiver is tied to the text it was granted on: its Finding carries the
// Digest of that text (set by Check), and Decide matches it on every
// field, digest included. A waiver therefore never carries over to a
// resubmission or to another script, even one with the same term at the
// same span ("最佳拍档" waived does not clear "最佳产品"): the new text is
// checked anew and waived anew.
type Waiver struct {
	Finding Finding
	By      starmap.Actor
	At      time.Time
	Reason  string
}

var reasonField = starmap.TextField{ZH: "豁免理由", EN: "waiver reason", Kind: starmap.TextNote}

// Waive records the platform's waiver of finding f (X-7: a platform actor
// only, starmap.ErrActorRole otherwise). It reports every problem at once
// (errors.Join): an invalid finding (ErrFindingInvalid), one that is not a
// block finding (ErrWaiverNotBlocking), a reason that is blank or not valid
// text (ErrWaiverReason), a zero time (ErrWaiverInvalid).
func Waive(by starmap.Actor, now time.Time, f Finding, reason string) (Waiver, error) {
	w := Waiver{Finding: f, By: by, At: now, Reason: reason}
	if err := w.Validate(); err != nil {
		return Waiver{}, err
	}
	return w, nil
}

// Validate checks a waiver as Waive does: for a waiver read back from
// storage.
func (w Waiver) Validate() error {
	var errs []error
	if err := starmap.RequireRole(w.By, starmap.RolePlatform); err != nil {
		errs = append(errs, err)
	}
	if w.At.IsZero() {
		errs = append(errs, ErrWaiverInvalid.New(starmap.LabeledArg("problem", "没有豁免时间", "no time")))
	}
	if err := w.Finding.Validate(); err != nil {
		errs = append(errs, err)
	} else if w.Finding.Severity != SeverityBlock {
		errs = append(errs, ErrWaiverNotBlocking.New())
	}
	if err := reasonField.Validate(w.Reason); err != nil {
		zh, en := problemOf(err)
		errs = append(errs, ErrWaiverReason.New(starmap.LabeledArg("problem", zh, en)))
	} else if foldString(w.Reason) == "" {
		errs = append(errs, ErrWaiverReason.New(starmap.LabeledArg("problem", "理由为空", "the reason is blank")))
	}
	return errors.Join(errs...)
}

// Review is what a review decides on: the filled checklist, the checker's
// findings of the submission, and the platform's waivers of some of them.
type Review struct {
	Checklist Checklist
	Findings  []Finding
	Waivers   []Waiver
}

// Decision is what Decide found: whether the review may approve, and what
// a rejection cites.
type Decision struct {
	// Failed are the checklist items that failed.
	Failed []Mark
	// Cited are the findings no waiver covers, warn and block — except a
	// term across a clause break, cited only when its checklist item
	// (避免误导性用语) failed: what a rejection cites.
	Cited []Finding
	// Blocking are the cited block findings, unless the Policy makes them
	// advisory: each prevents approval.
	Blocking []Finding
	// Waived are the waivers, each matched to its finding.
	Waived []Waiver
}

// Decide decides whether a review may approve (CPL-4): it may when no
// checklist item failed and no finding blocks — a block finding blocks
// unless the platform waived it or the policy makes block findings
// advisory; warn findings never block. A rejection cites the failed items
// and every finding not waived (Decision.Rejection), except that a term
// across a clause break (KindTermAcrossBreak), which may be ordinary words
// either side of a comma, is cited only when the reviewer failed its item,
// 避免误导性用语: the checker flags it, the reviewer judges it.
//
// It refuses, reporting every problem (errors.Join), a review that could
// not have been made by this package: a checklist that fails
// Checklist.Validate, a finding that fails Finding.Validate, a waiver that
// fails Waiver.Validate or is for none of the review's findings
// (ErrWaiverUnmatched; a waiver is for one finding of one submission,
// matched on every field of the finding, the digest of the checked text
// included: a waiver granted on another text — a resubmission — matches
// nothing).
func Decide(p Policy, r Review) (Decision, error) {
	var errs []error
	if err := r.Checklist.Validate(); err != nil {
		errs = append(errs, err)
	}
	for _, f := range r.Findings {
		if err := f.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	waived := make([]bool, len(r.Findings))
	var d Decision
	for _, w := range r.Waivers {
		if err := w.Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		matched := false
		for i, f := range r.Findings {
			if f == w.Finding {
				matched = true
				if !waived[i] {
					waived[i] = true
					d.Waived = append(d.Waived, w)
				}
			}
		}
		if !matched {
			errs = append(errs, ErrWaiverUnmatched.New(findingArg(w.Finding)))
		}
	}
	if len(errs) > 0 {
		return Decision{}, errors.Join(errs...)
	}
	d.Failed = r.Checklist.Failed()
	failed := func(k ItemKey) bool {
		for _, m := range d.Failed {
			if m.Item.Key == k {
				return true
			}
		}
		return false
	}
	for i, f := range r.Findings {
		if waived[i] {
			continue
		}
		// A term across a clause break may be ordinary words (舌尖，端午):
		// it is the reviewer's call under its item, cited only when the
		// reviewer failed that item.
		if f.Kind == KindTermAcrossBreak && !failed(f.Kind.Item()) {
			continue
		}
		d.Cited = append(d.Cited, f)
		if f.Severity == SeverityBlock && !p.AdvisoryBlocks {
			d.Blocking = append(d.Blocking, f)
		}
	}
	return d, nil
}

func findingArg(f Finding) starmap.Param {
	return starmap.LabeledArg("finding", f.Message(starmap.ZH), f.Message(starmap.EN))
}

// CanApprove reports whether the review may approve: no failed item, no
// blocking finding.
func (d Decision) CanApprove() bool { return len(d.Failed) == 0 && len(d.Blocking) == 0 }

// ApproveErr is nil when the review may approve, and otherwise every
// reason it may not (errors.Join): ErrItemFailed for each failed item,
// ErrFindingBlocks for each blocking finding.
func (d Decision) ApproveErr() error {
	var errs []error
	for _, m := range d.Failed {
		errs = append(errs, ErrItemFailed.New(itemArg(m.Item), starmap.Arg("note", m.Note)))
	}
	for _, f := range d.Blocking {
		errs = append(errs, ErrFindingBlocks.New(findingArg(f)))
	}
	return errors.Join(errs...)
}

// Rejection is what a rejected review cites: the failed items and the
// findings not waived. A plain value the host stores with the review and
// shows the creator (Text).
type Rejection struct {
	Failed   []Mark
	Findings []Finding
}

// Rejection returns what a rejection of this review cites, or
// ErrRejectionUncited when there is nothing to cite: a rejection names
// what to change.
func (d Decision) Rejection() (Rejection, error) {
	if len(d.Failed) == 0 && len(d.Cited) == 0 {
		return Rejection{}, ErrRejectionUncited.New()
	}
	return Rejection{Failed: append([]Mark(nil), d.Failed...), Findings: append([]Finding(nil), d.Cited...)}, nil
}

// Text renders the rejection in lang, one line per cited item and
// finding:
//
//	审核未通过
//	未通过的审核项:
//	- 字幕准确性:第3句“买一送二”应为“买一送一”
//	检查发现:
//	- [拦截] 「最佳」属于广告禁用语(第5至7个字:「最 佳」)
func (r Rejection) Text(lang starmap.Lang) string {
	var b strings.Builder
	zh := lang == starmap.ZH
	pick := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	b.WriteString(pick("审核未通过", "Review rejected"))
	if len(r.Failed) > 0 {
		b.WriteString(pick("\n未通过的审核项:", "\nFailed checklist items:"))
		for _, m := range r.Failed {
			b.WriteString("\n- " + m.Item.Label(lang) + pick(":", ": ") + oneLine(m.Note))
		}
	}
	if len(r.Findings) > 0 {
		b.WriteString(pick("\n检查发现:", "\nFindings:"))
		for _, f := range r.Findings {
			b.WriteString("\n- [" + f.Severity.Label(lang) + "] " + f.Message(lang))
		}
	}
	return b.String()
}

// oneLine keeps a note on its line of the rejection.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}
