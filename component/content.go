package component

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
)

// MaxIconLen is the most bytes of an icon URL (CMP-1): more than the
// 200 characters of a text, because CDN URLs are long.
const MaxIconLen = 1024

// The free-text fields of the package, each validated by the root's one
// validator (starmap.TextField, starmap.ErrTextInvalid): one line of at
// most 200 characters (starmap.TextLine), the platform's cap on such
// texts. The page is one text too, path?query as Page.String writes it.
var (
	titleText  = starmap.TextField{ZH: "组件标题", EN: "title", Kind: starmap.TextLine}
	reasonText = starmap.TextField{ZH: "驳回原因", EN: "reject reason", Kind: starmap.TextLine}
	pageText   = starmap.TextField{ZH: "小程序页面", EN: "page", Kind: starmap.TextLine}
)

// Content is what an advertiser fills in for a mini-program component: the
// Douyin mini-program it opens and how it looks on the video. Content is a
// plain value; ValidateContent checks it, and the Component aggregate only
// ever holds valid content.
type Content struct {
	// AppID is the Douyin mini-program's app id ("tt" + 16 to 18 lowercase
	// hex digits).
	AppID string
	// Page is the page of the mini-program the component opens; the zero
	// Page opens the mini-program's home page.
	Page Page
	// Title is the text shown on the component.
	Title string
	// Icon is the https URL of the component's icon image.
	Icon string
}

// Page is a mini-program page: a path such as "pages/goods/detail" and a
// query such as "sku=1024&from=xingtu". Both may be empty.
type Page struct {
	Path  string
	Query string
}

// String renders the page as path?query (path alone when the query is
// empty): the form ParsePage reads.
func (p Page) String() string {
	if p.Query == "" {
		return p.Path
	}
	return p.Path + "?" + p.Query
}

// ParsePage reads "path?query" — the path, optionally followed by '?' and
// the query — and validates both (CMP-1). An empty string is the home page.
// A trailing '?' with nothing after it is an empty query.
func ParsePage(s string) (Page, error) {
	var p Page
	if i := strings.IndexByte(s, '?'); i >= 0 {
		p = Page{Path: s[:i], Query: s[i+1:]}
	} else {
		p = Page{Path: s}
	}
	if err := p.Validate(); err != nil {
		return Page{}, err
	}
	return p, nil
}

// Validate checks the page as one text — path?query, as String writes it:
// valid UTF-8, no control or bidi characters, at most 200 characters
// (starmap.ErrTextInvalid) — and the path and query syntax; it reports
// every problem. A page whose characters are broken is reported for that
// alone, since its syntax then says nothing more.
func (p Page) Validate() error {
	s := p.String()
	textErr := pageText.Validate(s)
	if textErr != nil && utf8.RuneCountInString(s) <= pageText.Kind.MaxRunes() {
		return textErr
	}
	return errors.Join(validatePath(p.Path), validateQuery(p.Query), textErr)
}

func validatePath(path string) error {
	if path == "" {
		return nil
	}
	if path[0] == '/' {
		return ErrPathInvalid.New(starmap.LabeledArg("problem", "不能以'/'开头", "must not start with '/'"))
	}
	for _, seg := range strings.Split(path, "/") {
		switch seg {
		case "":
			return ErrPathInvalid.New(starmap.LabeledArg("problem", "含有空的路径段", "empty segment"))
		case ".", "..":
			return ErrPathInvalid.New(starmap.LabeledArg("problem", "不允许使用路径段"+seg, "segment "+seg+" not allowed"))
		}
		for i := 0; i < len(seg); i++ {
			if !isPathByte(seg[i]) {
				return ErrPathInvalid.New(charProblem(seg[i:]))
			}
		}
	}
	return nil
}

// charProblem names the character that starts s as not allowed: the whole
// rune, not its first byte.
func charProblem(s string) starmap.Param {
	r, _ := utf8.DecodeRuneInString(s)
	q := strconv.QuoteRune(r)
	return starmap.LabeledArg("problem", "不允许使用字符"+q, "character "+q+" not allowed")
}

func isPathByte(c byte) bool {
	return isAlnum(c) || c == '_' || c == '-' || c == '.'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// validateQuery checks key[=value] pairs joined by '&'. Keys are non-empty
// and use unreserved characters; values may also use the sub-delimiters
// and ":@/?=" of RFC 3986; both may use %XX escapes.
func validateQuery(q string) error {
	if q == "" {
		return nil
	}
	for _, pair := range strings.Split(q, "&") {
		key, value, _ := strings.Cut(pair, "=")
		if key == "" {
			return ErrQueryInvalid.New(starmap.LabeledArg("problem", "参数名为空", "empty key"))
		}
		if err := checkQueryPart(key, false); err != nil {
			return err
		}
		if err := checkQueryPart(value, true); err != nil {
			return err
		}
	}
	return nil
}

func checkQueryPart(s string, value bool) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return ErrQueryInvalid.New(starmap.LabeledArg("problem", "百分号转义(%XX)无效", "bad %-escape"))
			}
			i += 2
		case isAlnum(c) || strings.IndexByte("-._~", c) >= 0:
		case value && strings.IndexByte("!$'()*+,;:@/?=", c) >= 0:
		default:
			return ErrQueryInvalid.New(charProblem(s[i:]))
		}
	}
	return nil
}

// ValidateAppID checks a Douyin mini-program app id: "tt" followed by 16 to
// 18 lowercase hexadecimal digits, nothing else (see the package doc).
func ValidateAppID(id string) error {
	n := len(id) - 2
	if len(id) < 2 || id[0] != 't' || id[1] != 't' || n < 16 || n > 18 {
		return ErrAppIDInvalid.New(starmap.Arg("value", strconv.Quote(id)))
	}
	for i := 2; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ErrAppIDInvalid.New(starmap.Arg("value", strconv.Quote(id)))
		}
	}
	return nil
}

func validateTitle(title string) error {
	if strings.TrimSpace(title) == "" {
		return ErrTitleBlank.New()
	}
	return titleText.Validate(title)
}

func validateIcon(icon string) error {
	if icon == "" {
		return ErrIconInvalid.New(starmap.LabeledArg("problem", "为空", "empty"))
	}
	if len(icon) > MaxIconLen {
		return ErrIconInvalid.New(starmap.LabeledArg("problem", "超过"+strconv.Itoa(MaxIconLen)+"字节", "longer than "+strconv.Itoa(MaxIconLen)+" bytes"))
	}
	if !utf8.ValidString(icon) || strings.IndexFunc(icon, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
	}) >= 0 {
		return ErrIconInvalid.New(starmap.LabeledArg("problem", "含有空白、控制字符、格式字符或无效编码", "white space, control or format characters, or invalid UTF-8"))
	}
	u, err := url.Parse(icon)
	switch {
	case err != nil:
		return ErrIconInvalid.New(starmap.LabeledArg("problem", "不是有效的网址", "not a URL"))
	case u.Scheme != "https" || !strings.HasPrefix(icon, "https://"):
		return ErrIconInvalid.New(starmap.LabeledArg("problem", "须以https://开头", "not https"))
	case u.Host == "" || u.Hostname() == "":
		return ErrIconInvalid.New(starmap.LabeledArg("problem", "缺少域名", "no host"))
	case u.User != nil:
		return ErrIconInvalid.New(starmap.LabeledArg("problem", "不能包含用户信息", "user info not allowed"))
	}
	return nil
}

// ValidateContent checks every field of c and reports every problem
// (errors.Join), nil when c is valid (CMP-1).
func ValidateContent(c Content) error {
	return errors.Join(
		ValidateAppID(c.AppID),
		c.Page.Validate(),
		validateTitle(c.Title),
		validateIcon(c.Icon),
	)
}

// ValidateChannel checks that f is a channel a component can be created
// for: short video or live.
func ValidateChannel(f starmap.Format) error {
	if !f.Valid() {
		return ErrChannelInvalid.New(formatParam("value", f))
	}
	return nil
}
