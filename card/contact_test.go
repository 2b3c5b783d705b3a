package card_test

import (
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// problemOf returns the problem parameter of a card rule error.
func problemOf(t *testing.T, err error) string {
	t.Helper()
	var e *starmap.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *starmap.Error", err)
	}
	p, _ := e.Param("problem")
	return p
}

func TestNormalizePhone(t *testing.T) {
	ok := []struct{ name, in, want string }{
		{"CRD-2_plain_11_digits", "13812345678", "13812345678"},
		{"CRD-2_prefix_19x", "19912345678", "19912345678"},
		{"CRD-2_boundary_13x_lowest", "13000000000", "13000000000"},
		{"CRD-2_plus86", "+8613812345678", "13812345678"},
		{"CRD-2_plus86_space", "+86 138 1234 5678", "13812345678"},
		{"CRD-2_0086", "008613812345678", "13812345678"},
		{"CRD-2_86_without_plus", "8613812345678", "13812345678"},
		{"CRD-2_hyphens", "138-1234-5678", "13812345678"},
		{"CRD-2_surrounding_space", "  13812345678\t", "13812345678"},
		{"CRD-2_number_starting_86_is_not_a_prefix", "18612345678", "18612345678"},
		{"CRD-2_fullwidth_digits_folded", "１３８12345678", "13812345678"},
		{"CRD-2_fullwidth_with_ideographic_space", "１３８\u3000１２３４\u3000５６７８", "13812345678"},
		{"CRD-2_nbsp_separators", "+86\u00a0138\u00a01234\u00a05678", "13812345678"},
		{"CRD-2_fullwidth_hyphen", "138－1234－5678", "13812345678"},
		{"CRD-2_groups_3_8", "138 12345678", "13812345678"},
		{"CRD-2_0086_grouped", "0086 138 1234 5678", "13812345678"},
		{"CRD-2_arabic_indic_digits", "١٣٨١٢٣٤٥٦٧٨", "13812345678"},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			got, err := card.NormalizePhone(c.in)
			if err != nil || got != c.want {
				t.Fatalf("NormalizePhone(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
	bad := []struct{ name, in, problem string }{
		{"CRD-2_empty", "", "empty"},
		{"CRD-2_blank", "   ", "empty"},
		{"CRD-2_10_digits", "1381234567", "not 11 digits"},
		{"CRD-2_12_digits", "138123456789", "not 11 digits"},
		{"CRD-2_landline", "01012345678", "not a mobile number (want 13x–19x)"},
		{"CRD-2_prefix_12x", "12812345678", "not a mobile number (want 13x–19x)"},
		{"CRD-2_prefix_10x", "10812345678", "not a mobile number (want 13x–19x)"},
		{"CRD-2_letters", "1381234567a", "only digits, spaces, hyphens and a leading + are allowed"},
		{"CRD-2_leading_and_trailing_hyphens", "---13812345678---", card.PhoneSeparatorProblem},
		{"CRD-2_separator_between_every_digit", "1-3-8-1-2-3-4-5-6-7-8", card.PhoneSeparatorProblem},
		{"CRD-2_doubled_separator", "138  1234 5678", card.PhoneSeparatorProblem},
		{"CRD-2_groups_4_3_4", "1381 234 5678", card.PhoneSeparatorProblem},
		{"CRD-2_separator_after_plus", "+ 86 138 1234 5678", card.PhoneSeparatorProblem},
		{"CRD-2_split_country_code", "8 613812345678", card.PhoneSeparatorProblem},
		{"CRD-2_fullwidth_12_digits", "１３８１２３４５６７８９", "not 11 digits"},
		{"CRD-2_circled_digits_are_not_typed_digits", "①③⑧12345678", "only digits, spaces, hyphens and a leading + are allowed"},
		{"CRD-2_other_country", "+14155550100", "only the +86 country code is accepted"},
		{"CRD-2_plus_inside", "138+12345678", "only digits, spaces, hyphens and a leading + are allowed"},
		{"CRD-2_dots", "138.1234.5678", "only digits, spaces, hyphens and a leading + are allowed"},
		{"CRD-2_plus86_short", "+86 1381234567", "not 11 digits"},
		{"CRD-2_too_long_input", "138 1234 5678 138 1234 5678 138 1234", "too long"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			got, err := card.NormalizePhone(c.in)
			if !errors.Is(err, card.ErrPhoneMalformed) || got != "" {
				t.Fatalf("NormalizePhone(%q) = %q, %v; want ErrPhoneMalformed", c.in, got, err)
			}
			if !errors.Is(err, starmap.ErrInvalid) {
				t.Fatalf("phone error %v is not an ErrInvalid", err)
			}
			if p := problemOf(t, err); p != c.problem {
				t.Fatalf("problem = %q; want %q", p, c.problem)
			}
		})
	}
}

func TestValidateWeChat(t *testing.T) {
	ok := []struct{ name, in string }{
		{"CRD-2_six_chars_minimum", "abcdef"},
		{"CRD-2_twenty_chars_maximum", "a1234567890123456789"},
		{"CRD-2_underscore_hyphen", "Star_map-01"},
		{"CRD-2_wxid", "wxid_abc123"},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			if got, err := card.ValidateWeChat(c.in); err != nil || got != c.in {
				t.Fatalf("ValidateWeChat(%q) = %q, %v", c.in, got, err)
			}
		})
	}
	bad := []struct{ name, in, problem string }{
		{"CRD-2_empty", "", "empty"},
		{"CRD-2_five_chars", "abcde", "shorter than 6 characters"},
		{"CRD-2_twenty_one_chars", "a12345678901234567890", "longer than 20 characters"},
		{"CRD-2_starts_with_digit", "1abcdef", "must start with a letter"},
		{"CRD-2_phone_number", "13812345678", "must start with a letter"},
		{"CRD-2_starts_with_underscore", "_abcdef", "must start with a letter"},
		{"CRD-2_dot", "abc.def", "only letters, digits, '_' and '-' are allowed"},
		{"CRD-2_space_inside", "abc def", "only letters, digits, '_' and '-' are allowed"},
		{"CRD-2_chinese", "a微信号abc", "only letters, digits, '_' and '-' are allowed"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := card.ValidateWeChat(c.in)
			if !errors.Is(err, card.ErrWeChatMalformed) {
				t.Fatalf("ValidateWeChat(%q) = %v; want ErrWeChatMalformed", c.in, err)
			}
			if p := problemOf(t, err); p != c.problem {
				t.Fatalf("problem = %q; want %q", p, c.problem)
			}
		})
	}
}

func TestValidateEmail(t *testing.T) {
	ok := []struct{ name, in, want string }{
		{"CRD-2_plain", "star@example.com", "star@example.com"},
		{"CRD-2_domain_lowercased", "Star.QA@XingTu.ByteDance.com", "Star.QA@xingtu.bytedance.com"},
		{"CRD-2_seed_support_address", "star-QA@xingtu.bytedance.com", "star-QA@xingtu.bytedance.com"},
		{"CRD-2_plus_tag", "a+b@example.cn", "a+b@example.cn"},
		{"CRD-2_trimmed", " a@b.co ", "a@b.co"},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			if got, err := card.ValidateEmail(c.in); err != nil || got != c.want {
				t.Fatalf("ValidateEmail(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
	long := make([]byte, 65)
	for i := range long {
		long[i] = 'a'
	}
	bad := []struct{ name, in, problem string }{
		{"CRD-2_empty", "", "empty"},
		{"CRD-2_no_at", "star.example.com", "no @"},
		{"CRD-2_empty_local", "@example.com", "empty local part"},
		{"CRD-2_local_65", string(long) + "@example.com", "local part longer than 64 characters"},
		{"CRD-2_leading_dot", ".a@example.com", "misplaced dot in the local part"},
		{"CRD-2_double_dot", "a..b@example.com", "misplaced dot in the local part"},
		{"CRD-2_space_in_local", "a b@example.com", "character not allowed in the local part"},
		{"CRD-2_two_ats", "a@b@example.com", "character not allowed in the local part"},
		{"CRD-2_empty_domain", "a@", "empty domain"},
		{"CRD-2_no_dot_in_domain", "a@localhost", "the domain needs a dot"},
		{"CRD-2_empty_label", "a@example..com", "empty or too long domain label"},
		{"CRD-2_hyphen_label", "a@-example.com", "domain label starts or ends with a hyphen"},
		{"CRD-2_underscore_domain", "a@ex_ample.com", "character not allowed in the domain"},
		{"CRD-2_one_letter_tld", "a@example.c", "top-level domain shorter than 2 letters"},
		{"CRD-2_numeric_tld", "a@127.0.0.1", "top-level domain shorter than 2 letters"},
		{"CRD-2_numeric_tld_long", "a@example.123", "top-level domain must be letters"},
		{"CRD-2_unicode_domain", "a@例子.中国", "character not allowed in the domain"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := card.ValidateEmail(c.in)
			if !errors.Is(err, card.ErrEmailMalformed) {
				t.Fatalf("ValidateEmail(%q) = %v; want ErrEmailMalformed", c.in, err)
			}
			if p := problemOf(t, err); p != c.problem {
				t.Fatalf("problem = %q; want %q", p, c.problem)
			}
		})
	}
}

func TestValidateFeishu(t *testing.T) {
	ok := []struct{ name, in, want string }{
		{"CRD-2_email", "Chef@Example.com", "Chef@example.com"},
		{"CRD-2_invitation_link", "https://www.feishu.cn/invitation/page/add_contact/?token=abc", "https://www.feishu.cn/invitation/page/add_contact/?token=abc"},
		{"CRD-2_applink", "https://applink.feishu.cn/client/chat/open?openId=ou_1", "https://applink.feishu.cn/client/chat/open?openId=ou_1"},
		{"CRD-2_bare_domain_host_lowercased", "https://FEISHU.cn/x", "https://feishu.cn/x"},
		{"CRD-2_lark", "https://www.larksuite.com/invite/abc", "https://www.larksuite.com/invite/abc"},
		{"CRD-2_query_only", "https://www.feishu.cn/?token=abc", "https://www.feishu.cn/?token=abc"},
		{"CRD-2_email_punycode_tld", "chef@example.xn--fiqs8s", "chef@example.xn--fiqs8s"},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			if got, err := card.ValidateFeishu(c.in); err != nil || got != c.want {
				t.Fatalf("ValidateFeishu(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
	bad := []struct{ name, in, problem string }{
		{"CRD-2_empty", "", "empty"},
		{"CRD-2_phone_refused", "13812345678", "a phone number belongs in the phone field"},
		{"CRD-2_plain_word", "xiaochu", "neither an e-mail address nor a link"},
		{"CRD-2_bad_email", "a@b", "malformed e-mail address"},
		{"CRD-2_http_link", "http://www.feishu.cn/x", "the link must be https"},
		{"CRD-2_other_host", "https://www.example.com/x", "the link is not on feishu.cn or larksuite.com"},
		{"CRD-2_lookalike_host", "https://evilfeishu.cn/x", "the link is not on feishu.cn or larksuite.com"},
		{"CRD-2_suffix_trick", "https://feishu.cn.example.com/x", "the link is not on feishu.cn or larksuite.com"},
		{"CRD-2_userinfo", "https://u:p@www.feishu.cn/x", "the link must not carry user info"},
		{"CRD-2_port", "https://www.feishu.cn:8443/x", "the link must not name a port"},
		{"CRD-2_space_in_link", "https://www.feishu.cn/a b", "the link holds spaces or non-ASCII characters"},
		{"CRD-2_bare_home_page", "https://feishu.cn", "the link must lead to a profile or an invitation, not the home page"},
		{"CRD-2_bare_home_page_slash", "https://www.feishu.cn/", "the link must lead to a profile or an invitation, not the home page"},
		{"CRD-2_bare_home_page_empty_query", "https://feishu.cn/?", "the link must lead to a profile or an invitation, not the home page"},
		{"CRD-2_bare_home_page_fragment", "https://feishu.cn/#x", "the link must lead to a profile or an invitation, not the home page"},
		{"CRD-2_larkoffice_not_accepted", "https://www.larkoffice.com/invite/abc", "the link is not on feishu.cn or larksuite.com"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := card.ValidateFeishu(c.in)
			if !errors.Is(err, card.ErrFeishuMalformed) {
				t.Fatalf("ValidateFeishu(%q) = %v; want ErrFeishuMalformed", c.in, err)
			}
			if p := problemOf(t, err); p != c.problem {
				t.Fatalf("problem = %q; want %q", p, c.problem)
			}
		})
	}
}

// TestValidateContact checks that each malformed class has its own code
// (CRD-2): a form can tell which field is wrong by errors.Is alone.
func TestValidateContact(t *testing.T) {
	cases := []struct {
		m    card.ContactMethod
		in   string
		rule *starmap.Rule
		code starmap.Code
	}{
		{card.Phone, "12345", card.ErrPhoneMalformed, "card.contact.phone_malformed"},
		{card.Feishu, "nope", card.ErrFeishuMalformed, "card.contact.feishu_malformed"},
		{card.WeChat, "1nope", card.ErrWeChatMalformed, "card.contact.wechat_malformed"},
		{card.Email, "nope", card.ErrEmailMalformed, "card.contact.email_malformed"},
		{card.ContactMethod(9), "x", card.ErrContactMethodUnknown, "card.contact.method_unknown"},
	}
	all := []*starmap.Rule{card.ErrPhoneMalformed, card.ErrFeishuMalformed, card.ErrWeChatMalformed, card.ErrEmailMalformed, card.ErrContactMethodUnknown}
	for _, c := range cases {
		t.Run("CRD-2_"+c.m.String(), func(t *testing.T) {
			_, err := card.ValidateContact(c.m, c.in)
			for _, r := range all {
				if errors.Is(err, r) != (r == c.rule) {
					t.Fatalf("errors.Is(%v, %s) = %v", err, r.Code(), errors.Is(err, r))
				}
			}
			if got := starmap.Codes(err); len(got) != 1 || got[0] != c.code {
				t.Fatalf("codes = %v; want [%s]", got, c.code)
			}
			if starmap.Message(err, starmap.ZH) == starmap.Message(err, starmap.EN) {
				t.Fatal("zh and en messages are the same")
			}
		})
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "138****5678", "123": "***", "": ""} {
		if got := card.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q; want %q", in, got, want)
		}
	}
}
