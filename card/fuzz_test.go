package card_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// fuzzValidator checks the shared properties of a contact validator: it
// never panics; a refusal is exactly the method's rule; an accepted value
// is a fixed point (validating the output gives the output back).
func fuzzValidator(t *testing.T, in string, validate func(string) (string, error), rule *starmap.Rule) string {
	out, err := validate(in)
	if err != nil {
		if !errors.Is(err, rule) || out != "" {
			t.Fatalf("validate(%q) = %q, %v; want %s", in, out, err, rule.Code())
		}
		return ""
	}
	again, err := validate(out)
	if err != nil || again != out {
		t.Fatalf("validate(%q) = %q, but validate(%q) = %q, %v", in, out, out, again, err)
	}
	return out
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", "008613812345678", "8613812345678", "12812345678", "+1 415", "１３８", "", "+", "86", "１３８\u3000１２３４\u3000５６７８", "---13812345678---", "1-3-8-1-2-3-4-5-6-7-8", "+86\u00a0138 1234-5678", "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := fuzzValidator(t, s, card.NormalizePhone, card.ErrPhoneMalformed)
		if out == "" {
			return
		}
		if len(out) != 11 || out[0] != '1' || out[1] < '3' || out[1] > '9' || strings.Trim(out, "0123456789") != "" {
			t.Fatalf("NormalizePhone(%q) = %q: not 1[3-9]xxxxxxxxx", s, out)
		}
		ascii := true
		digits := 0
		for _, r := range s {
			ascii = ascii && r < 0x80
			if unicode.IsDigit(r) {
				digits++
			}
		}
		if ascii && !strings.Contains(strings.NewReplacer(" ", "", "-", "").Replace(s), out) {
			t.Fatalf("NormalizePhone(%q) = %q: digits not from the input", s, out)
		}
		if digits < 11 {
			t.Fatalf("NormalizePhone(%q) = %q from %d digits", s, out, digits)
		}
	})
}

func FuzzValidateWeChat(f *testing.F) {
	for _, s := range []string{"abcdef", "wxid_abc123", "1abcdef", "abcde", "a12345678901234567890", "a-b_c-d", "微信号abcdef"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := fuzzValidator(t, s, card.ValidateWeChat, card.ErrWeChatMalformed)
		if out == "" {
			return
		}
		if len(out) < 6 || len(out) > 20 || strings.TrimLeft(out[:1], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			t.Fatalf("ValidateWeChat(%q) = %q breaks the rule", s, out)
		}
	})
}

func FuzzValidateEmail(f *testing.F) {
	for _, s := range []string{"a@example.com", "Star.QA@XingTu.ByteDance.com", "a..b@x.cn", "@x.cn", "a@b", "a@-b.cn", "a@b.c1", "\"q\"@x.cn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := fuzzValidator(t, s, card.ValidateEmail, card.ErrEmailMalformed)
		if out == "" {
			return
		}
		if strings.Count(out, "@") != 1 || len(out) > card.MaxEmailLen {
			t.Fatalf("ValidateEmail(%q) = %q", s, out)
		}
		if _, domain, _ := strings.Cut(out, "@"); domain != strings.ToLower(domain) || !strings.Contains(domain, ".") {
			t.Fatalf("ValidateEmail(%q) domain %q", s, domain)
		}
	})
}

func FuzzValidateFeishu(f *testing.F) {
	for _, s := range []string{"chef@example.com", "https://www.feishu.cn/invitation/x?token=1", "https://FEISHU.cn/a", "https://evilfeishu.cn/", "https://u@feishu.cn/", "13812345678", "https://feishu.cn:1/", "https://www.larksuite.com/x#y",
		"https://www.feishu.cn/" + strings.Repeat(`"`, 200), "https://www.feishu.cn/" + strings.Repeat("a", 490), "https://feishu.cn/x?" + strings.Repeat("<>", 150)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := fuzzValidator(t, s, card.ValidateFeishu, card.ErrFeishuMalformed)
		if out == "" {
			return
		}
		if len(out) > card.MaxFeishuLinkLen {
			t.Fatalf("ValidateFeishu(%q) = %d bytes, over the limit", s, len(out))
		}
		if strings.HasPrefix(out, "https://") {
			host, _, _ := strings.Cut(strings.TrimPrefix(out, "https://"), "/")
			host, _, _ = strings.Cut(host, "?")
			host, _, _ = strings.Cut(host, "#")
			if !(host == "feishu.cn" || strings.HasSuffix(host, ".feishu.cn") || host == "larksuite.com" || strings.HasSuffix(host, ".larksuite.com")) {
				t.Fatalf("ValidateFeishu(%q) = %q on host %q", s, out, host)
			}
		} else if _, err := card.ValidateEmail(out); err != nil {
			t.Fatalf("ValidateFeishu(%q) = %q, neither link nor e-mail", s, out)
		}
	})
}

func FuzzValidateIntroduction(f *testing.F) {
	for _, s := range []string{"你好\n我是小厨", " x ", "\x00", "\xff", strings.Repeat("介", 501)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := card.ValidateIntroduction(s)
		if err != nil {
			if !errors.Is(err, starmap.ErrTextInvalid) && !errors.Is(err, card.ErrIntroductionTooLong) {
				t.Fatalf("ValidateIntroduction(%q): %v", s, err)
			}
			return
		}
		if again, err := card.ValidateIntroduction(out); err != nil || again != out {
			t.Fatalf("not a fixed point: %q → %q → %q, %v", s, out, again, err)
		}
	})
}
