package compliance_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/compliance"
	"github.com/starmap-go/starmap/internal/kit"
)

// Words a zh-CN message may hold: the constructor's name a developer
// types, and the user content the adversarial inputs put in on purpose.
var allowedInZH = []string{"NewChecker", "TOP1", "NO.1", "nope", "Warn", "block", "xff", "xfe"}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// TestZHMessagesAreChinese_X5: every rule of the package has both
// messages, its zh-CN template holds no English word, and every refusal
// and finding renders in zh-CN without one.
func TestZHMessagesAreChinese_X5(t *testing.T) {
	n := 0
	for _, r := range starmap.Rules() {
		if !strings.HasPrefix(string(r.Code()), "compliance.") {
			continue
		}
		n++
		if r.Template(starmap.ZH) == "" || r.Template(starmap.EN) == "" {
			t.Errorf("%s lacks a message", r.Code())
		}
		if w := kit.EnglishWords(placeholder.ReplaceAllString(r.Template(starmap.ZH), " "), allowedInZH...); len(w) > 0 {
			t.Errorf("%s: zh template holds %q", r.Code(), w)
		}
	}
	if n < 25 {
		t.Errorf("only %d rules", n)
	}
	errs, _ := refusals(t)
	for _, err := range errs {
		if w := kit.EnglishWords(starmap.Message(err, starmap.ZH), allowedInZH...); len(w) > 0 {
			t.Errorf("zh message holds %q:\n%s", w, starmap.Message(err, starmap.ZH))
		}
	}
	fs := check(t, defaultChecker(t), "全网NO.1,TOP1,最佳，最、佳", compliance.Requirements{Disclosure: true,
		Points: []compliance.Point{{Kind: compliance.PointLink, Text: "https://v.example.com/x"}, {Kind: compliance.PointMessage, Text: "买一送一"}}})
	for _, f := range fs {
		msg := f.Message(starmap.ZH)
		if w := kit.EnglishWords(msg, append(allowedInZH, "https", "example", "com")...); len(w) > 0 {
			t.Errorf("finding message holds %q: %s", w, msg)
		}
	}
}
