package card

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/starmap-go/starmap"
)

// ShareTarget is where a card is shared (CRD-5): 微信, 飞书, 链接, 保存图片.
type ShareTarget uint8

const (
	// ShareWeChat is a WeChat link card: title, short description,
	// thumbnail, link.
	ShareWeChat ShareTarget = iota + 1
	// ShareFeishu is a Feishu message: title, text, link.
	ShareFeishu
	// ShareLink is a plain link to copy.
	ShareLink
	// ShareImage is a saved picture: the text summary to draw, the link
	// for its QR code.
	ShareImage
)

// targetText is the one bilingual table of share targets.
var targetText = [...]enumText{
	{"unknown-share-target", "未知分享方式", "unknown share target"},
	ShareWeChat: {"wechat", "微信", "WeChat"},
	ShareFeishu: {"feishu", "飞书", "Feishu"},
	ShareLink:   {"link", "链接", "link"},
	ShareImage:  {"image", "保存图片", "image"},
}

func (t ShareTarget) valid() bool { return t >= ShareWeChat && t <= ShareImage }

// String names the target, a stable name: wechat, feishu, link, image.
func (t ShareTarget) String() string { return lookup(targetText[:], int(t)).name }

// Label names the target in lang: 微信, 飞书, 链接, 保存图片.
func (t ShareTarget) Label(lang starmap.Lang) string {
	return lookup(targetText[:], int(t)).label(lang)
}

// MarshalText encodes the target by name.
func (t ShareTarget) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Share is what a share target needs, all of it taken from the third-party
// view. Fields a target does not use are empty.
type Share struct {
	Target ShareTarget `json:"target"`
	// URL is the card's page: BaseURL + "/" + the escaped creator id.
	URL string `json:"url"`
	// Title is "<nickname>的达人名片" (WeChat, Feishu, link, image).
	Title string `json:"title"`
	// Description is a one-line summary of at most MaxShareDescriptionRunes
	// characters (WeChat).
	Description string `json:"description,omitempty"`
	// ImageURL is the avatar, as the WeChat thumbnail.
	ImageURL string `json:"image_url,omitempty"`
	// Text is the multi-line text summary: the Feishu message body, or
	// what an image share draws (View.Text of the third-party view).
	Text string `json:"text,omitempty"`
}

// MaxShareDescriptionRunes bounds a WeChat share's description;
// MaxShareBaseURLLen the host's card page URL a share is made on, in bytes.
const (
	MaxShareDescriptionRunes = 60
	MaxShareBaseURLLen       = 1024
)

// ShareCard prepares a share of a third-party view to target. baseURL is
// the host's card page, an absolute https URL without user info, query or
// fragment, of at most MaxShareBaseURLLen bytes
// ("https://www.example.com/card"). Only a PublicView can be shared, so
// what is shared is exactly what the preview shows.
func ShareCard(p PublicView, target ShareTarget, baseURL string) (Share, error) {
	if !target.valid() {
		return Share{}, ErrShareTargetUnknown.New(starmap.LabeledArg("target", fmt.Sprintf("编号%d", target), fmt.Sprintf("%s(%d)", target, target)))
	}
	if p.v.Nickname == "" || p.v.CreatorID == "" {
		return Share{}, ErrShareEmpty.New()
	}
	if len(baseURL) > MaxShareBaseURLLen {
		return Share{}, ErrShareBaseURLInvalid.New(starmap.Arg("url", clip(baseURL)))
	}
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return Share{}, ErrShareBaseURLInvalid.New(starmap.Arg("url", clip(baseURL)))
	}
	s := Share{
		Target: target,
		URL:    strings.TrimSuffix(u.String(), "/") + "/" + url.PathEscape(p.v.CreatorID),
		Title:  p.v.Nickname + "的达人名片",
	}
	switch target {
	case ShareWeChat:
		s.Description = shareDescription(p.v)
		s.ImageURL = p.v.Avatar
	case ShareFeishu, ShareImage:
		s.Text = p.v.Text()
	}
	return s, nil
}

// shareDescription is the WeChat one-liner: the introduction's first line,
// else the location and Douyin id, cut to MaxShareDescriptionRunes.
func shareDescription(v View) string {
	d, _, _ := strings.Cut(v.Introduction, "\n")
	if d == "" {
		d = "抖音号:" + v.DouyinID
		if v.Location != "" {
			d = v.Location + " · " + d
		}
	}
	if utf8.RuneCountInString(d) > MaxShareDescriptionRunes {
		r := []rune(d)
		d = string(r[:MaxShareDescriptionRunes-1]) + "…"
	}
	return d
}
