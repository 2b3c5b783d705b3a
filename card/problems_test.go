package card

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

// TestProblemsTranslated: every problem a validator reports has a Chinese
// wording, so zh-CN messages carry no English.
func TestProblemsTranslated(t *testing.T) {
	inputs := []string{"", "x", "+1 415", "12812345678", "138", "1381234567a", strings.Repeat("1", 40),
		"abcde", "1abcdef", "abc.def", strings.Repeat("a", 21),
		"a", "@x.cn", ".a@x.cn", "a b@x.cn", "a@", "a@b", "a@x..cn", "a@-x.cn", "a@x_y.cn", "a@x.c", "a@x.12", strings.Repeat("a", 65) + "@x.cn", strings.Repeat("a", 250) + "@x.cn",
		"13812345678", "xiaochu", "http://feishu.cn/", "https://x.example/", "https://u@feishu.cn/", "https://feishu.cn:1/", "https://feishu.cn/a b", "https://%zz", strings.Repeat("x", 600)}
	var errs []error
	for _, in := range inputs {
		for _, m := range contactMethods {
			if _, err := ValidateContact(m, in); err != nil {
				errs = append(errs, err)
			}
		}
	}
	errs = append(errs, Basic{Avatar: "x", Nickname: " a", DouyinID: "a b"}.Validate(), Basic{Avatar: "https://" + strings.Repeat("x", 2048), Nickname: "\xff", DouyinID: strings.Repeat("x", 65), Location: "\x01"}.Validate())
	_, err := ValidateCollaborations([]Collaboration{{Brand: ""}, {Brand: strings.Repeat("b", 51)}, {Brand: "b", Description: strings.Repeat("d", 201)}, {Brand: "\x00"}})
	errs = append(errs, err)
	c := &Card{creatorID: "c-1"}
	c.contacts[Phone] = "13812345678"
	_, err = c.AssignVirtualNumber(starmap.PlatformActor("p"), time.Unix(1, 0), "1")
	errs = append(errs, err)
	_, err = c.AssignVirtualNumber(starmap.PlatformActor("p"), time.Unix(1, 0), "13812345678")
	errs = append(errs, err)
	seen := 0
	for _, err := range errs {
		var walk func(error)
		walk = func(err error) {
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				for _, e := range j.Unwrap() {
					walk(e)
				}
				return
			}
			var e *starmap.Error
			if !errors.As(err, &e) {
				return
			}
			for _, p := range e.Params() {
				if p.Name != "problem" {
					continue
				}
				seen++
				// The card's own problems come from its table; the root's
				// (text.invalid) carry their own Chinese wording.
				_, listed := problemZH[p.Value]
				if strings.HasPrefix(string(e.Code()), "card.") && !listed || p.ZH == "" || p.ZH == p.Value {
					t.Errorf("problem %q (%s) has no Chinese wording", p.Value, e.Code())
				}
			}
			if msg := e.Message(starmap.ZH); strings.Contains(msg, "{") {
				t.Errorf("zh message %q has an unfilled placeholder", msg)
			}
		}
		walk(err)
	}
	if seen < 40 {
		t.Fatalf("only %d problems seen", seen)
	}
}
