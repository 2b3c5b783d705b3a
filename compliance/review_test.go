package compliance_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
)

var (
	reviewer = starmap.PlatformActor("reviewer-17")
	reviewAt = time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
)

// reviewFixture: a script with a block term (最佳), a warn term (唯一) and
// no disclosure, and a checklist whose subtitles item failed.
func reviewFixture(t *testing.T) (findings []compliance.Finding, passing, failing compliance.Checklist) {
	t.Helper()
	findings = check(t, defaultChecker(t), "夏天最佳搭配,唯一推荐", compliance.Requirements{Disclosure: true})
	if len(findings) != 3 {
		t.Fatalf("findings %+v", findings)
	}
	var err error
	passing, err = compliance.StandardForm().Fill(standardAnswers()...)
	if err != nil {
		t.Fatal(err)
	}
	a := standardAnswers()
	a[1] = compliance.Answer{Item: compliance.ItemSubtitles, Pass: false, Note: "第3句字幕“买一送二”应为“买一送一”"}
	failing, err = compliance.StandardForm().Fill(a...)
	if err != nil {
		t.Fatal(err)
	}
	return findings, passing, failing
}

func waive(t *testing.T, f compliance.Finding) compliance.Waiver {
	t.Helper()
	w, err := compliance.Waive(reviewer, reviewAt, f, "品牌注册商标中含此词,已核实")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestDecide_CPL4: whether a review may approve, and what a rejection
// cites, under the default and the advisory policy.
func TestDecide_CPL4(t *testing.T) {
	findings, passing, failing := reviewFixture(t)
	best, only, disclosure := findings[0], findings[1], findings[2]
	cases := []struct {
		name     string
		policy   compliance.Policy
		review   compliance.Review
		approve  bool
		blocking []compliance.Finding
		cited    []compliance.Finding
		failed   int
		approveE []*starmap.Rule
	}{
		{name: "CPL-4 clean review approves", review: compliance.Review{Checklist: passing},
			approve: true},
		{name: "CPL-4 a warn finding does not block", review: compliance.Review{Checklist: passing, Findings: []compliance.Finding{only}},
			approve: true, cited: []compliance.Finding{only}},
		{name: "CPL-4 a failed item blocks", review: compliance.Review{Checklist: failing},
			failed: 1, approveE: []*starmap.Rule{compliance.ErrItemFailed}},
		{name: "CPL-4 block findings block by default", review: compliance.Review{Checklist: passing, Findings: findings},
			blocking: []compliance.Finding{best, disclosure}, cited: findings,
			approveE: []*starmap.Rule{compliance.ErrFindingBlocks, compliance.ErrFindingBlocks}},
		{name: "CPL-4 waived block findings do not", review: compliance.Review{Checklist: passing, Findings: findings,
			Waivers: []compliance.Waiver{waive(t, best), waive(t, disclosure)}},
			approve: true, cited: []compliance.Finding{only}},
		{name: "CPL-4 one waiver, one block left", review: compliance.Review{Checklist: passing, Findings: findings,
			Waivers: []compliance.Waiver{waive(t, best)}},
			blocking: []compliance.Finding{disclosure}, cited: []compliance.Finding{only, disclosure},
			approveE: []*starmap.Rule{compliance.ErrFindingBlocks}},
		{name: "CPL-4 advisory policy", policy: compliance.Policy{AdvisoryBlocks: true},
			review:  compliance.Review{Checklist: passing, Findings: findings},
			approve: true, cited: findings},
		{name: "CPL-4 advisory policy, failed item still blocks", policy: compliance.Policy{AdvisoryBlocks: true},
			review: compliance.Review{Checklist: failing, Findings: findings},
			cited:  findings, failed: 1, approveE: []*starmap.Rule{compliance.ErrItemFailed}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := compliance.Decide(tc.policy, tc.review)
			if err != nil {
				t.Fatal(err)
			}
			if d.CanApprove() != tc.approve || !slices.Equal(d.Blocking, tc.blocking) || !slices.Equal(d.Cited, tc.cited) || len(d.Failed) != tc.failed {
				t.Errorf("decision %+v", d)
			}
			if len(d.Waived) != len(tc.review.Waivers) {
				t.Errorf("waived %d of %d", len(d.Waived), len(tc.review.Waivers))
			}
			err = d.ApproveErr()
			var want []starmap.Code
			for _, r := range tc.approveE {
				want = append(want, r.Code())
			}
			if got := codes(err); !slices.Equal(got, want) || (err == nil) != tc.approve {
				t.Errorf("ApproveErr codes %v, want %v", got, want)
			}
			rej, err := d.Rejection()
			if tc.failed == 0 && len(tc.cited) == 0 {
				if !hasCode(err, compliance.ErrRejectionUncited) {
					t.Errorf("a rejection with nothing to cite: %v", err)
				}
				return
			}
			if err != nil || len(rej.Failed) != tc.failed || !slices.Equal(rej.Findings, tc.cited) {
				t.Errorf("rejection %+v, %v", rej, err)
			}
		})
	}
}

func TestRejectionText_CPL4(t *testing.T) {
	findings, _, failing := reviewFixture(t)
	d, err := compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: failing, Findings: findings})
	if err != nil {
		t.Fatal(err)
	}
	rej, err := d.Rejection()
	if err != nil {
		t.Fatal(err)
	}
	zh := rej.Text(starmap.ZH)
	for _, want := range []string{"审核未通过", "字幕准确性:第3句字幕", "[拦截] 「最佳」属于广告禁用语(第3至4个字", "[警告] 「唯一」属于广告禁用语", "[拦截] 未披露商业合作"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh rejection lacks %q:\n%s", want, zh)
		}
	}
	en := rej.Text(starmap.EN)
	for _, want := range []string{"Review rejected", "subtitle accuracy: 第3句", "[block] “最佳” is a forbidden advertising term", "[warn]", "not disclosed"} {
		if !strings.Contains(en, want) {
			t.Errorf("en rejection lacks %q:\n%s", want, en)
		}
	}
	if strings.Count(zh, "\n- ") != 4 {
		t.Errorf("one line per item and finding:\n%s", zh)
	}
}

// TestWaive_CPL4: the platform alone waives, a block finding only, with a
// reason; every problem at once.
func TestWaive_CPL4(t *testing.T) {
	findings, _, _ := reviewFixture(t)
	best, only := findings[0], findings[1]
	w := waive(t, best)
	if w.By != reviewer || !w.At.Equal(reviewAt) || w.Finding != best {
		t.Errorf("waiver %+v", w)
	}
	if _, err := compliance.Waive(starmap.AdvertiserActor("adv-1"), reviewAt, best, "理由"); !errors.Is(err, starmap.ErrActorRole) || !errors.Is(err, starmap.ErrForbidden) {
		t.Errorf("an advertiser waives: %v", err)
	}
	_, err := compliance.Waive(starmap.Actor{}, time.Time{}, only, " ")
	want := []starmap.Code{starmap.ErrActorInvalid.Code(), compliance.ErrWaiverInvalid.Code(), compliance.ErrWaiverNotBlocking.Code(), compliance.ErrWaiverReason.Code()}
	if got := codes(err); !slices.Equal(got, want) {
		t.Errorf("codes %v, want %v", got, want)
	}
	if _, err := compliance.Waive(reviewer, reviewAt, compliance.Finding{}, "理由"); !hasCode(err, compliance.ErrFindingInvalid) {
		t.Errorf("an invalid finding: %v", err)
	}
	if _, err := compliance.Waive(reviewer, reviewAt, best, strings.Repeat("理", 1001)); !hasCode(err, compliance.ErrWaiverReason) {
		t.Errorf("a long reason: %v", err)
	}
}

// TestDecideRefuses_CPL4: a review that could not have been made by the
// package is refused, every problem at once.
func TestDecideRefuses_CPL4(t *testing.T) {
	findings, passing, _ := reviewFixture(t)
	other := check(t, defaultChecker(t), "顶级", compliance.Requirements{})[0]
	bad := findings[0]
	bad.Severity = 9
	forged := waive(t, findings[0])
	forged.By = starmap.CreatorActor("c-1")
	_, err := compliance.Decide(compliance.Policy{}, compliance.Review{
		Checklist: compliance.Checklist{Marks: passing.Marks[1:]},
		Findings:  append(slices.Clone(findings), bad),
		Waivers:   []compliance.Waiver{waive(t, other), forged},
	})
	want := []starmap.Code{compliance.ErrChecklistInvalid.Code(), compliance.ErrFindingInvalid.Code(),
		compliance.ErrWaiverUnmatched.Code(), starmap.ErrActorRole.Code()}
	if got := codes(err); !slices.Equal(got, want) {
		t.Errorf("codes %v, want %v\n%v", got, want, err)
	}
	// A waiver for the same term elsewhere in the text is another finding.
	moved := findings[0]
	moved.Span.Start++
	w := waive(t, moved)
	if _, err := compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: passing, Findings: findings, Waivers: []compliance.Waiver{w}}); !hasCode(err, compliance.ErrWaiverUnmatched) {
		t.Errorf("a waiver of another span: %v", err)
	}
}

// TestStoredForms: findings, waivers and checklists are plain values that
// survive a JSON round trip (how a host stores them in a task record).
func TestStoredForms_CPL4(t *testing.T) {
	findings, _, failing := reviewFixture(t)
	rec := struct {
		Findings  []compliance.Finding
		Waivers   []compliance.Waiver
		Checklist compliance.Checklist
	}{findings, []compliance.Waiver{waive(t, findings[0])}, failing}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Kind":"absolute-term"`) || !strings.Contains(string(b), `"Severity":"block"`) {
		t.Errorf("enums are stored by name: %s", b)
	}
	var back = rec
	back.Findings, back.Waivers, back.Checklist = nil, nil, compliance.Checklist{}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Findings, rec.Findings) || !slices.EqualFunc(back.Checklist.Marks, rec.Checklist.Marks, func(a, b compliance.Mark) bool { return a == b }) {
		t.Errorf("round trip: %+v", back)
	}
	w := back.Waivers[0]
	if w.Finding != findings[0] || w.By != reviewer || !w.At.Equal(reviewAt) || w.Reason != rec.Waivers[0].Reason {
		t.Errorf("waiver round trip: %+v", w)
	}
	d, err := compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: back.Checklist, Findings: back.Findings, Waivers: back.Waivers})
	if err != nil || len(d.Waived) != 1 {
		t.Errorf("decide on stored values: %+v, %v", d, err)
	}
}

// TestWaiverTiedToText_CPL4: a waiver granted on one text does not clear
// the same term at the same span in another text (review finding: a
// waiver for the film title 最佳拍档 let 最佳产品 through).
func TestWaiverTiedToText_CPL4(t *testing.T) {
	c := defaultChecker(t)
	title := check(t, c, "最佳拍档", compliance.Requirements{})
	ad := check(t, c, "最佳产品，买它", compliance.Requirements{})
	if len(title) != 1 || len(ad) != 1 || title[0].Span != ad[0].Span || title[0].Text != ad[0].Text {
		t.Fatalf("fixture: %+v / %+v", title, ad)
	}
	if title[0].Digest != compliance.DigestOf("最佳拍档") || title[0].Digest.IsZero() {
		t.Fatalf("digest %v", title[0].Digest)
	}
	passing, err := compliance.StandardForm().Fill(standardAnswers()...)
	if err != nil {
		t.Fatal(err)
	}
	w := waive(t, title[0])
	// On its own text the waiver clears the finding.
	d, err := compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: passing, Findings: title, Waivers: []compliance.Waiver{w}})
	if err != nil || !d.CanApprove() {
		t.Fatalf("own text: %+v, %v", d, err)
	}
	// On another text it matches nothing and the block finding stands.
	_, err = compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: passing, Findings: ad, Waivers: []compliance.Waiver{w}})
	if !hasCode(err, compliance.ErrWaiverUnmatched) {
		t.Fatalf("other text: %+v, %v", d, err)
	}
	d, err = compliance.Decide(compliance.Policy{}, compliance.Review{Checklist: passing, Findings: ad})
	if err != nil || d.CanApprove() || len(d.Blocking) != 1 {
		t.Fatalf("other text unwaived: %+v, %v", d, err)
	}
	// The digest round-trips through JSON with the waiver.
	b, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	var back compliance.Waiver
	if err := json.Unmarshal(b, &back); err != nil || back.Finding != w.Finding {
		t.Fatalf("round trip %s: %+v, %v", b, back, err)
	}
	var bad compliance.Digest
	if err := bad.UnmarshalText([]byte("abc")); !hasCode(err, compliance.ErrFindingInvalid) {
		t.Fatalf("bad digest: %v", err)
	}
}
