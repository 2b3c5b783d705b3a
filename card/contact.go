package card

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
)

// ContactMethod is one of the card's four ways to reach a creator (CRD-2).
type ContactMethod uint8

const (
	// Phone is the creator's mainland China mobile number. Only the owner
	// ever sees it; others see the platform's virtual number (CRD-3).
	Phone ContactMethod = iota + 1
	// Feishu is the creator's Feishu (飞书) account: its e-mail address or a
	// feishu.cn / larksuite.com link.
	Feishu
	// WeChat is the creator's WeChat id (微信号).
	WeChat
	// Email is the creator's e-mail address.
	Email
)

// contactMethods is the display order.
var contactMethods = [...]ContactMethod{Phone, Feishu, WeChat, Email}

// ContactMethods lists the methods in the card's display order: 手机号,
// 飞书, 微信号, 邮箱, as the seed lists them.
func ContactMethods() []ContactMethod { return append([]ContactMethod(nil), contactMethods[:]...) }

var methodNames = [...]string{"", "phone", "feishu", "wechat", "email"}

// String names the method, a stable name: phone, feishu, wechat, email.
func (m ContactMethod) String() string {
	if m.Valid() {
		return methodNames[m]
	}
	return "unknown-contact-method"
}

// Label names the method in lang, as its item does (Item.Label): 手机号,
// 飞书, 微信号, 邮箱.
func (m ContactMethod) Label(lang starmap.Lang) string {
	if !m.Valid() {
		if lang == starmap.ZH {
			return "未知联系方式"
		}
		return "unknown contact method"
	}
	return m.Item().Label(lang)
}

// param is the method as an error parameter, with its number when it is
// unknown, worded in each language.
func (m ContactMethod) param() starmap.Param {
	if m.Valid() {
		return starmap.LabeledArg("method", m.Label(starmap.ZH), m.String())
	}
	return starmap.LabeledArg("method", fmt.Sprintf("编号%d", m), fmt.Sprintf("%s(%d)", m, m))
}

// Valid reports whether m is one of the four methods.
func (m ContactMethod) Valid() bool { return m >= Phone && m <= Email }

// Item returns the card item of the method.
func (m ContactMethod) Item() Item {
	switch m {
	case Phone:
		return ItemPhone
	case Feishu:
		return ItemFeishu
	case WeChat:
		return ItemWeChat
	case Email:
		return ItemEmail
	}
	return 0
}

// MarshalText encodes the method by name.
func (m ContactMethod) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// ValidateContact checks value for method m and returns its normalised
// form: NormalizePhone, ValidateFeishu, ValidateWeChat or ValidateEmail.
func ValidateContact(m ContactMethod, value string) (string, error) {
	switch m {
	case Phone:
		return NormalizePhone(value)
	case Feishu:
		return ValidateFeishu(value)
	case WeChat:
		return ValidateWeChat(value)
	case Email:
		return ValidateEmail(value)
	}
	return "", ErrContactMethodUnknown.New(m.param())
}

// Limits of the contact validators, in bytes of input.
const (
	maxPhoneInput = 32
	// MaxEmailLen is the longest e-mail address accepted (RFC 5321 path
	// limit).
	MaxEmailLen = 254
	// MaxFeishuLinkLen is the longest Feishu link accepted.
	MaxFeishuLinkLen = 512
)

func phoneErr(p string) error { return ErrPhoneMalformed.New(problem(p)) }

// NormalizePhone checks a mainland China mobile number and returns it as
// its 11 ASCII digits.
//
// Accepted: 11 digits, the first 1 and the second 3–9 (1[3-9]XXXXXXXXX);
// optionally preceded by the country code as "+86", "0086" or "86". The
// digits may be ASCII or any other decimal digits (Unicode Nd: full-width
// "１３８…" as a Chinese input method types them, and the like); they are
// folded to ASCII. Separators — a space, a no-break space (U+00A0), an
// ideographic space (U+3000), a hyphen or a full-width hyphen — may stand,
// one at a time, only between the country code and the number and after
// the number's 3rd and 7th digits, as numbers are written in China
// ("+86 138 1234 5678", "138-1234-5678", "138 12345678"); none may lead or
// trail, double, or split the number elsewhere ("1-3-8-1…",
// "---13812345678---"). Surrounding white space is trimmed, and the input
// is at most 32 characters. Everything else — landlines, other countries,
// 10 or 12 digits, letters — is refused with ErrPhoneMalformed and a
// problem saying which.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", phoneErr("empty")
	}
	if len(s) > 4*maxPhoneInput || utf8.RuneCountInString(s) > maxPhoneInput {
		return "", phoneErr("too long")
	}
	var (
		b     [maxPhoneInput]byte
		n     int
		seps  [maxPhoneInput]int // digits before each separator
		ns    int
		plus  bool
		atSep bool // the previous rune was a separator
	)
	for i, r := range s {
		if v, ok := ndValue(r); ok {
			b[n] = byte('0' + v)
			n++
			atSep = false
			continue
		}
		switch {
		case r == '+' && i == 0:
			plus = true
		case isPhoneSeparator(r):
			if n == 0 || atSep {
				return "", phoneErr(phoneSeparatorProblem)
			}
			seps[ns] = n
			ns++
			atSep = true
		default:
			return "", phoneErr("only digits, spaces, hyphens and a leading + are allowed")
		}
	}
	if atSep {
		return "", phoneErr(phoneSeparatorProblem)
	}
	d := string(b[:n])
	cc := 0
	switch {
	case plus:
		if !strings.HasPrefix(d, "86") {
			return "", phoneErr("only the +86 country code is accepted")
		}
		cc = 2
	case len(d) == 15 && strings.HasPrefix(d, "0086"):
		cc = 4
	case len(d) == 13 && strings.HasPrefix(d, "86"):
		cc = 2
	}
	d = d[cc:]
	if len(d) != 11 {
		return "", phoneErr("not 11 digits")
	}
	for _, at := range seps[:ns] {
		if !(at == cc && cc > 0 || at == cc+3 || at == cc+7) {
			return "", phoneErr(phoneSeparatorProblem)
		}
	}
	if d[0] != '1' || d[1] < '3' {
		return "", phoneErr("not a mobile number (want 13x–19x)")
	}
	return d, nil
}

const phoneSeparatorProblem = "a single space or hyphen only after the country code and after the 3rd and 7th digits (138 1234 5678)"

// isPhoneSeparator is a separator NormalizePhone accepts between digit
// groups.
func isPhoneSeparator(r rune) bool {
	switch r {
	case ' ', '-', '\u00a0', '\u3000', '\uff0d':
		return true
	}
	return false
}

// MaskPhone shows a mobile number as its first three and last four digits
// ("138****5678"), the way history, events and logs carry it. Anything that
// is not 11 digits is masked whole.
func MaskPhone(digits string) string {
	if len(digits) != 11 {
		return strings.Repeat("*", utf8.RuneCountInString(digits))
	}
	return digits[:3] + "****" + digits[7:]
}

func wechatErr(p string) error { return ErrWeChatMalformed.New(problem(p)) }

// ValidateWeChat checks a WeChat id (微信号) against WeChat's own rule —
// 6 to 20 characters; the first an ASCII letter; the rest ASCII letters,
// digits, '_' or '-' — and returns it trimmed of surrounding white space.
// Case is kept as entered. A phone number is not a WeChat id (it does not
// start with a letter); it belongs in the phone field.
func ValidateWeChat(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", wechatErr("empty")
	case len(s) < 6:
		return "", wechatErr("shorter than 6 characters")
	case len(s) > 20:
		return "", wechatErr("longer than 20 characters")
	case !isLetter(s[0]):
		return "", wechatErr("must start with a letter")
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !isDigit(c) && c != '_' && c != '-' {
			return "", wechatErr("only letters, digits, '_' and '-' are allowed")
		}
	}
	return s, nil
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func emailErr(p string) error { return ErrEmailMalformed.New(problem(p)) }

// ValidateEmail checks an e-mail address and returns it trimmed, with its
// domain in lower case.
//
// Accepted: local@domain, at most MaxEmailLen bytes, ASCII only. The local
// part is 1–64 characters of letters, digits and !#$%&'*+/=?^_`{|}~.- with
// no leading, trailing or doubled dot (no quoted local parts). The domain
// has at least two labels of 1–63 letters, digits and hyphens, none
// starting or ending with a hyphen, and a top-level label of at least two
// letters or an internationalised one in punycode ("xn--fiqs8s"); no IP
// literals, and internationalised names only in punycode.
func ValidateEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", emailErr("empty")
	}
	if len(s) > MaxEmailLen {
		return "", emailErr("longer than 254 characters")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", emailErr("no @")
	}
	local, domain := s[:at], s[at+1:]
	if err := checkLocal(local); err != nil {
		return "", err
	}
	domain = strings.ToLower(domain)
	if err := checkDomain(domain, emailErr); err != nil {
		return "", err
	}
	return local + "@" + domain, nil
}

func checkLocal(local string) error {
	switch {
	case local == "":
		return emailErr("empty local part")
	case len(local) > 64:
		return emailErr("local part longer than 64 characters")
	case local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, ".."):
		return emailErr("misplaced dot in the local part")
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if isLetter(c) || isDigit(c) || strings.IndexByte("!#$%&'*+/=?^_`{|}~.-", c) >= 0 {
			continue
		}
		return emailErr("character not allowed in the local part")
	}
	return nil
}

func checkDomain(domain string, fail func(string) error) error {
	if domain == "" {
		return fail("empty domain")
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return fail("the domain needs a dot")
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return fail("empty or too long domain label")
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return fail("domain label starts or ends with a hyphen")
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !isLetter(c) && !isDigit(c) && c != '-' {
				return fail("character not allowed in the domain")
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return fail("top-level domain shorter than 2 letters")
	}
	if len(tld) > 4 && strings.HasPrefix(tld, "xn--") {
		return nil // an internationalised top-level domain in punycode
	}
	for i := 0; i < len(tld); i++ {
		if !isLetter(tld[i]) {
			return fail("top-level domain must be letters")
		}
	}
	return nil
}

func feishuErr(p string) error { return ErrFeishuMalformed.New(problem(p)) }

// feishuHosts are the registrable domains of Feishu and Lark links.
var feishuHosts = [...]string{"feishu.cn", "larksuite.com"}

// ValidateFeishu checks a Feishu contact and returns it normalised. Two
// forms are accepted, since they are how a Feishu user is found or added:
//
//   - the e-mail address of the Feishu account, checked and normalised as
//     ValidateEmail does;
//   - a link to the creator's Feishu profile or invitation: an absolute
//     https URL on feishu.cn or larksuite.com or one of their subdomains,
//     with a path or a query (the bare home page, "https://feishu.cn/",
//     leads to nobody),
//     at most MaxFeishuLinkLen bytes once normalised (characters a URL
//     cannot hold, such as '"', are percent-escaped, and the escaped form
//     is what is measured and stored), without user info; its host is
//     lower-cased.
//
// A bare phone number is refused: the phone goes in the phone field, where
// it stays private (CRD-3).
func ValidateFeishu(s string) (string, error) { return validateFeishu(s, true) }

// validateFeishu is ValidateFeishu; refuseHomePage false lets the bare home page
// through, for records stored before it was refused (FromRecord).
func validateFeishu(s string, refuseHomePage bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", feishuErr("empty")
	case len(s) > MaxFeishuLinkLen:
		return "", feishuErr("too long")
	}
	if strings.Contains(s, "://") {
		return validateFeishuLink(s, refuseHomePage)
	}
	if strings.IndexByte(s, '@') >= 0 {
		e, err := ValidateEmail(s)
		if err != nil {
			return "", feishuErr("malformed e-mail address")
		}
		return e, nil
	}
	if _, err := NormalizePhone(s); err == nil {
		return "", feishuErr("a phone number belongs in the phone field")
	}
	return "", feishuErr("neither an e-mail address nor a link")
}

func validateFeishuLink(s string, refuseHomePage bool) (string, error) {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return "", feishuErr("the link holds spaces or non-ASCII characters")
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", feishuErr("unparsable link")
	}
	if u.Scheme != "https" {
		return "", feishuErr("the link must be https")
	}
	if u.User != nil || u.Opaque != "" {
		return "", feishuErr("the link must not carry user info")
	}
	if u.Port() != "" {
		return "", feishuErr("the link must not name a port")
	}
	host := strings.ToLower(u.Hostname())
	ok := false
	for _, h := range feishuHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			ok = true
			break
		}
	}
	if !ok {
		return "", feishuErr("the link is not on feishu.cn or larksuite.com")
	}
	if err := checkDomain(host, feishuErr); err != nil {
		return "", err
	}
	if refuseHomePage && (u.Path == "" || u.Path == "/") && u.RawQuery == "" {
		return "", feishuErr("the link must lead to a profile or an invitation, not the home page")
	}
	u.Host = host
	// The stored value is the normalised (escaped) form, so that is what
	// must be within the limit and a fixed point: a link whose escaping
	// grows it past MaxFeishuLinkLen, or that escapes differently when
	// read back, would be stored and then refused by every later load.
	out := u.String()
	if len(out) > MaxFeishuLinkLen {
		return "", feishuErr("too long")
	}
	if again, err := url.Parse(out); err != nil || again.String() != out {
		return "", feishuErr("unparsable link")
	}
	return out, nil
}
