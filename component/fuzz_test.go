package component_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

func FuzzParsePage(f *testing.F) {
	for _, s := range []string{"", "pages/index/index", "pages/goods/detail?sku=1024&from=xingtu", "?a=1", "p?", "/x", "a//b", "a/../b",
		"p?a=%E5%A5%BD", "p?a=%zz", "p?=1", "p?a&&b", "pages/首页", "p?a=b=c", "p?q=https://a.b/c?d=e", "p\x00", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := component.ParsePage(s)
		if err != nil {
			if p != (component.Page{}) {
				t.Fatalf("refused %q but returned %+v", s, p)
			}
			if len(starmap.Codes(err)) == 0 || !errors.Is(err, starmap.ErrInvalid) {
				t.Fatalf("refusal of %q is not a coded invalid-input error: %v", s, err)
			}
			return
		}
		if utf8.RuneCountInString(p.String()) > starmap.TextLine.MaxRunes() {
			t.Fatalf("accepted an over-long page: %+v", p)
		}
		if strings.HasPrefix(p.Path, "/") || strings.Contains(p.Path, "//") || strings.HasSuffix(p.Path, "/") || strings.Contains(p.Query, "#") {
			t.Fatalf("accepted a malformed page %+v", p)
		}
		for _, seg := range strings.Split(p.Path, "/") {
			if p.Path != "" && (seg == "." || seg == "..") {
				t.Fatalf("accepted a dot segment in %q", p.Path)
			}
		}
		if strings.Contains(p.Path, "?") {
			t.Fatalf("path %q holds '?'", p.Path)
		}
		back, err := component.ParsePage(p.String())
		if err != nil || back != p {
			t.Fatalf("round trip of %+v via %q: %+v, %v", p, p.String(), back, err)
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed page does not validate: %v", err)
		}
	})
}

var appIDPattern = regexp.MustCompile(`^tt[0-9a-f]{16,18}$`)

func FuzzValidateAppID(f *testing.F) {
	for _, s := range []string{"", "tt", "tt07e3715e98c9aac0", "tt6a791cc4f57bed5d01", "TT6a791cc4f57bed5d01", "tt6a791cc4f57bed5d011", "wx0123456789abcdef", "tt07e3715e98c9aac\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := component.ValidateAppID(s)
		if want := appIDPattern.MatchString(s); want != (err == nil) {
			t.Fatalf("ValidateAppID(%q) = %v; pattern says %v", s, err, want)
		}
		if err != nil && !errors.Is(err, component.ErrAppIDInvalid) {
			t.Fatalf("refusal of %q is %v", s, err)
		}
	})
}

func FuzzValidateContent(f *testing.F) {
	f.Add("tt07e3715e98c9aac0", "pages/a?b=1", "限时好物", "https://img.example.com/a.png")
	f.Add("", "", "", "")
	f.Add("tt07e3715e98c9aac0", "/x?=", " ", "http://x")
	f.Fuzz(func(t *testing.T, app, page, title, icon string) {
		pg, perr := component.ParsePage(page)
		c := component.Content{AppID: app, Page: pg, Title: title, Icon: icon}
		err := component.ValidateContent(c)
		if err == nil {
			if perr != nil {
				return // the zero page stood in for a refused one
			}
			if component.ValidateAppID(app) != nil || strings.TrimSpace(title) == "" || utf8.RuneCountInString(title) > starmap.TextLine.MaxRunes() || !strings.HasPrefix(icon, "https://") {
				t.Fatalf("accepted bad content %+v", c)
			}
			return
		}
		for _, code := range starmap.Codes(err) {
			if !strings.HasPrefix(string(code), "component.") && code != starmap.ErrTextInvalid.Code() {
				t.Fatalf("foreign code %s", code)
			}
		}
	})
}

// FuzzRejectReason: a reject reason is accepted exactly when it is one
// line of valid UTF-8, not blank, with no control or bidi character and at
// most 200 characters — by a reading of the rule written here, not the
// package's own — and a refused one changes nothing.
func FuzzRejectReason(f *testing.F) {
	for _, s := range []string{"图标不清晰", "", " ", "\u3000", "a\nb", "a\x00", "\xff", "a\u202eb", strings.Repeat("驳", 200), strings.Repeat("驳", 201)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, reason string) {
		want := utf8.ValidString(reason) && strings.TrimSpace(reason) != "" && utf8.RuneCountInString(reason) <= 200
		for _, r := range reason {
			if r < 0x20 || r >= 0x7f && r < 0xa0 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c {
				want = false
			}
		}
		c := inState(t, "cmp-1", starmap.FormatLive, component.StateInReview)
		before := c.Record()
		_, err := c.Reject(reviewer, t0, reason)
		if (err == nil) != want {
			t.Fatalf("Reject(%q) = %v; want accepted=%v", reason, err, want)
		}
		if err != nil {
			if !errors.Is(err, starmap.ErrTextInvalid) && !errors.Is(err, component.ErrRejectReasonRequired) {
				t.Fatalf("Reject(%q) refused with %v", reason, err)
			}
			if c.State() != before.State || len(c.History()) != len(before.History) {
				t.Fatalf("a refused Reject changed the component")
			}
		}
	})
}
