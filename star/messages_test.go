package star_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/internal/kit"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// every rule of the package has a zh-CN template without English,
// and every enum a Chinese label.
func TestMessages_X5_Chinese(t *testing.T) {
	n := 0
	for _, r := range starmap.Rules() {
		if !strings.HasPrefix(string(r.Code()), "star.") {
			continue
		}
		n++
		tmpl := placeholder.ReplaceAllString(r.Template(starmap.ZH), " ") // {field} is filled in Chinese
		if w := kit.EnglishWords(tmpl, "MCN"); len(w) > 0 {
			t.Errorf("%s: zh-CN template holds English %v", r.Code(), w)
		}
		if r.Template(starmap.EN) == r.Template(starmap.ZH) {
			t.Errorf("%s: no English template", r.Code())
		}
	}
	if n < 25 {
		t.Errorf("only %d rules with a star. code", n)
	}
	var labels []string
	for _, o := range star.Offers() {
		labels = append(labels, o.Label(starmap.ZH))
	}
	for _, g := range star.Genders() {
		labels = append(labels, g.Label(starmap.ZH))
	}
	for _, a := range star.AgeBands() {
		labels = append(labels, a.Label(starmap.ZH))
	}
	for _, r := range star.Regions() {
		labels = append(labels, r.Label(starmap.ZH))
	}
	for _, d := range star.Dimensions() {
		labels = append(labels, d.Label(starmap.ZH))
	}
	for _, s := range []star.Status{star.StatusOpen, star.StatusPending, star.StatusClosed} {
		labels = append(labels, s.Label(starmap.ZH))
	}
	for k := star.SortHeat; k <= star.SortMatch; k++ {
		labels = append(labels, k.Label(starmap.ZH))
	}
	for s := star.SigningAny; s <= star.SigningSigned; s++ {
		labels = append(labels, s.Label(starmap.ZH))
	}
	for _, l := range labels {
		if w := kit.EnglishWords(l); len(w) > 0 || l == "" {
			t.Errorf("zh-CN label %q holds English %v", l, w)
		}
	}
	// A refusal of a whole record reads in Chinese, field names included.
	_, err := star.NewCreator(star.CreatorRecord{Account: star.Account{Platform: onboarding.Douyin}, Engagement: -3})
	zhClean(t, err)
	if !strings.Contains(starmap.Message(err, starmap.ZH), "粉丝数") && !strings.Contains(starmap.Message(err, starmap.ZH), "昵称") {
		t.Errorf("zh-CN message does not name the fields: %s", starmap.Message(err, starmap.ZH))
	}
}
