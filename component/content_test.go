package component_test

import (
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

func TestValidateAppID(t *testing.T) {
	tests := []struct {
		name string
		id   string
		ok   bool
	}{
		{"CMP-1_tt_and_18_hex_accepted", "tt6a791cc4f57bed5d01", true},
		{"CMP-1_tt_and_16_hex_accepted", "tt07e3715e98c9aac0", true},
		{"CMP-1_tt_and_17_hex_accepted", "tt07e3715e98c9aac01", true},
		{"CMP-1_15_hex_refused", "tt07e3715e98c9aac", false},
		{"CMP-1_19_hex_refused", "tt6a791cc4f57bed5d011", false},
		{"CMP-1_uppercase_hex_refused", "tt6A791CC4F57BED5D01", false},
		{"CMP-1_uppercase_prefix_refused", "TT6a791cc4f57bed5d01", false},
		{"CMP-1_wechat_app_id_refused", "wx6a791cc4f57bed5d", false},
		{"CMP-1_non_hex_refused", "tt6a791cc4f57bed5g01", false},
		{"CMP-1_surrounding_space_refused", " tt6a791cc4f57bed5d01", false},
		{"CMP-1_empty_refused", "", false},
		{"CMP-1_prefix_only_refused", "tt", false},
		{"CMP-1_one_char_refused", "t", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := component.ValidateAppID(tc.id)
			if tc.ok {
				if err != nil {
					t.Fatalf("ValidateAppID(%q) = %v; want nil", tc.id, err)
				}
				return
			}
			if !errors.Is(err, component.ErrAppIDInvalid) || !errors.Is(err, starmap.ErrInvalid) {
				t.Fatalf("ValidateAppID(%q) = %v; want ErrAppIDInvalid", tc.id, err)
			}
		})
	}
}

func TestParsePage(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want component.Page
		err  *starmap.Rule
	}{
		{"CMP-1_home_page", "", component.Page{}, nil},
		{"CMP-1_path_only", "pages/index/index", component.Page{Path: "pages/index/index"}, nil},
		{"CMP-1_path_and_query", "pages/goods/detail?sku=1024&from=xingtu", component.Page{Path: "pages/goods/detail", Query: "sku=1024&from=xingtu"}, nil},
		{"CMP-1_query_only", "?a=1", component.Page{Query: "a=1"}, nil},
		{"CMP-1_trailing_question_mark_is_empty_query", "pages/a?", component.Page{Path: "pages/a"}, nil},
		{"CMP-1_key_without_value", "p?flag&x=", component.Page{Path: "p", Query: "flag&x="}, nil},
		{"CMP-1_escaped_value", "p?q=%E5%A5%BD&u=https://a.b/c?d=e", component.Page{Path: "p", Query: "q=%E5%A5%BD&u=https://a.b/c?d=e"}, nil},
		{"CMP-1_path_200_chars_accepted", runes(200, 'a'), component.Page{Path: runes(200, 'a')}, nil},
		{"CMP-1_path_201_chars_refused", runes(201, 'a'), component.Page{}, starmap.ErrTextInvalid},
		{"CMP-1_query_200_chars_accepted", "p?a=" + runes(196, 'b'), component.Page{Path: "p", Query: "a=" + runes(196, 'b')}, nil},
		{"CMP-1_query_201_chars_refused", "p?a=" + runes(199, 'b'), component.Page{}, starmap.ErrTextInvalid},
		{"CMP-1_page_200_chars_in_all_accepted", runes(100, 'a') + "?b=" + runes(97, 'c'), component.Page{Path: runes(100, 'a'), Query: "b=" + runes(97, 'c')}, nil},
		{"CMP-1_page_201_chars_in_all_refused", runes(100, 'a') + "?b=" + runes(98, 'c'), component.Page{}, starmap.ErrTextInvalid},
		{"CMP-1_200_char_path_with_a_query_refused", runes(200, 'a') + "?b", component.Page{}, starmap.ErrTextInvalid},
		{"CMP-1_query_200_chars_alone_accepted", "?" + runes(199, 'q'), component.Page{Query: runes(199, 'q')}, nil},
		{"CMP-1_query_200_chars_alone_with_question_mark_201_refused", "?" + runes(200, 'q'), component.Page{}, starmap.ErrTextInvalid},
		{"CMP-1_leading_slash_refused", "/pages/index", component.Page{}, component.ErrPathInvalid},
		{"CMP-1_empty_segment_refused", "pages//index", component.Page{}, component.ErrPathInvalid},
		{"CMP-1_trailing_slash_refused", "pages/index/", component.Page{}, component.ErrPathInvalid},
		{"CMP-1_dot_dot_refused", "pages/../admin", component.Page{}, component.ErrPathInvalid},
		{"CMP-1_space_in_path_refused", "pages/a b", component.Page{}, component.ErrPathInvalid},
		{"CMP-1_chinese_in_path_refused", "pages/首页", component.Page{}, component.ErrPathInvalid},
		{"CMP-1_control_char_refused", "pages/a\n", component.Page{}, starmap.ErrTextInvalid},
		{"CMP-1_invalid_utf8_refused", "pages/\xff", component.Page{}, starmap.ErrTextInvalid},
		{"CMP-1_empty_key_refused", "p?=1", component.Page{}, component.ErrQueryInvalid},
		{"CMP-1_empty_pair_refused", "p?a=1&&b=2", component.Page{}, component.ErrQueryInvalid},
		{"CMP-1_bad_escape_refused", "p?a=%zz", component.Page{}, component.ErrQueryInvalid},
		{"CMP-1_short_escape_refused", "p?a=%4", component.Page{}, component.ErrQueryInvalid},
		{"CMP-1_fragment_refused", "p?a=1#top", component.Page{}, component.ErrQueryInvalid},
		{"CMP-1_raw_chinese_in_query_refused", "p?q=好", component.Page{}, component.ErrQueryInvalid},
		{"CMP-1_equals_in_key_position_ok_in_value", "p?a=b=c", component.Page{Path: "p", Query: "a=b=c"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := component.ParsePage(tc.in)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ParsePage(%q) = %v; want %s", tc.in, err, tc.err.Code())
				}
				if got != (component.Page{}) {
					t.Fatalf("ParsePage(%q) refused but returned %+v", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParsePage(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			if back, err := component.ParsePage(got.String()); err != nil || back != got {
				t.Fatalf("round trip of %q: %+v, %v", got.String(), back, err)
			}
		})
	}
}

func TestValidateContent(t *testing.T) {
	ok := content(1)
	with := func(f func(*component.Content)) component.Content {
		c := ok
		f(&c)
		return c
	}
	tests := []struct {
		name  string
		c     component.Content
		codes []starmap.Code
	}{
		{"CMP-1_valid", ok, nil},
		{"CMP-1_title_200_chinese_chars_accepted", with(func(c *component.Content) { c.Title = runes(200, '好') }), nil},
		{"CMP-1_title_201_chinese_chars_refused", with(func(c *component.Content) { c.Title = runes(201, '好') }), []starmap.Code{"text.invalid"}},
		{"CMP-1_title_blank_refused", with(func(c *component.Content) { c.Title = " \u3000 " }), []starmap.Code{"component.title.blank"}},
		{"CMP-1_title_empty_refused", with(func(c *component.Content) { c.Title = "" }), []starmap.Code{"component.title.blank"}},
		{"CMP-1_title_control_char_refused", with(func(c *component.Content) { c.Title = "限时\t好物" }), []starmap.Code{"text.invalid"}},
		{"CMP-1_title_bidi_override_refused", with(func(c *component.Content) { c.Title = "限时\u202e物好" }), []starmap.Code{"text.invalid"}},
		{"CMP-1_title_invalid_utf8_refused", with(func(c *component.Content) { c.Title = "限时\xff" }), []starmap.Code{"text.invalid"}},
		{"CMP-1_icon_format_character_refused", with(func(c *component.Content) { c.Icon = "https://img.example.com/a\u200b.png" }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_icon_http_refused", with(func(c *component.Content) { c.Icon = "http://img.example.com/a.png" }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_icon_uppercase_scheme_refused", with(func(c *component.Content) { c.Icon = "HTTPS://img.example.com/a.png" }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_icon_empty_refused", with(func(c *component.Content) { c.Icon = "" }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_icon_no_host_refused", with(func(c *component.Content) { c.Icon = "https:///a.png" }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_icon_relative_refused", with(func(c *component.Content) { c.Icon = "icons/a.png" }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_icon_user_info_refused", with(func(c *component.Content) { c.Icon = "https://u:p@img.example.com/a.png" }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_icon_space_refused", with(func(c *component.Content) { c.Icon = "https://img.example.com/a b.png" }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_icon_1024_bytes_accepted", with(func(c *component.Content) { c.Icon = "https://img.example.com/" + runes(1024-24, 'a') }), nil},
		{"CMP-1_icon_1025_bytes_refused", with(func(c *component.Content) { c.Icon = "https://img.example.com/" + runes(1025-24, 'a') }), []starmap.Code{"component.icon.invalid"}},
		{"CMP-1_every_problem_reported", component.Content{AppID: "wx1", Page: component.Page{Path: "/x", Query: "=1"}, Title: "", Icon: "ftp://x"},
			[]starmap.Code{"component.app_id.invalid", "component.page.path_invalid", "component.page.query_invalid", "component.title.blank", "component.icon.invalid"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := component.ValidateContent(tc.c)
			if tc.codes == nil {
				if err != nil {
					t.Fatalf("ValidateContent = %v; want nil", err)
				}
				return
			}
			wantCodes(t, err, tc.codes...)
			if !errors.Is(err, starmap.ErrInvalid) {
				t.Fatalf("%v does not match ErrInvalid", err)
			}
		})
	}
}

// The title and the page are free text: the root's one validator
// (starmap.ErrTextInvalid, once component.text.too_long and
// component.text.malformed) words their refusals.
func TestTextTooLongMessage(t *testing.T) {
	err := component.ValidateContent(component.Content{AppID: "tt07e3715e98c9aac0", Title: runes(201, '好'), Icon: "https://a.b/c"})
	if got, want := starmap.Message(err, starmap.ZH), "组件标题无效:超过200个字符"; got != want {
		t.Fatalf("zh = %q; want %q", got, want)
	}
	if got, want := starmap.Message(err, starmap.EN), "invalid title: longer than 200 characters"; got != want {
		t.Fatalf("en = %q; want %q", got, want)
	}
}

// CMP-1: the page is capped as the one text that is stored, path?query;
// the message names that whole text.
func TestPageTooLongMessage(t *testing.T) {
	p := component.Page{Path: runes(150, 'a'), Query: "b=" + runes(48, 'c')} // 150 + 1 + 50 = 201
	err := p.Validate()
	wantCodes(t, err, "text.invalid")
	if got, want := starmap.Message(err, starmap.ZH), "小程序页面无效:超过200个字符"; got != want {
		t.Fatalf("zh = %q; want %q", got, want)
	}
	if got, want := starmap.Message(err, starmap.EN), "invalid page: longer than 200 characters"; got != want {
		t.Fatalf("en = %q; want %q", got, want)
	}
	p.Query = p.Query[:len(p.Query)-1] // 200
	if err := p.Validate(); err != nil {
		t.Fatalf("a 200-character page refused: %v", err)
	}
	// Too long and malformed: both reported.
	bad := component.Page{Path: "/" + runes(200, 'a')}
	wantCodes(t, bad.Validate(), "component.page.path_invalid", "text.invalid")
	// Broken characters: reported once, as text, not again as syntax.
	wantCodes(t, component.Page{Path: "pages/a\x00"}.Validate(), "text.invalid")
	wantCodes(t, component.Page{Query: "a=\u202e1"}.Validate(), "text.invalid")
}
