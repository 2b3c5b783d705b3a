package starmap

// Format is the content format of a task, a quote or a component channel:
// a short video or a live stream (TSK-2, CMP-1).
type Format uint8

const (
	// FormatShortVideo is a short video (短视频).
	FormatShortVideo Format = iota + 1
	// FormatLive is a live stream (直播).
	FormatLive
)

// String names the format: short-video or live.
func (f Format) String() string {
	switch f {
	case FormatShortVideo:
		return "short-video"
	case FormatLive:
		return "live"
	}
	return "unknown-format"
}

// Valid reports whether f is a declared format.
func (f Format) Valid() bool { return f == FormatShortVideo || f == FormatLive }

// Label names the format as users read it: 短视频 or 直播 in zh-CN.
func (f Format) Label(lang Lang) string {
	switch {
	case f == FormatShortVideo && lang == ZH:
		return "短视频"
	case f == FormatShortVideo:
		return "short video"
	case f == FormatLive && lang == ZH:
		return "直播"
	case f == FormatLive:
		return "live stream"
	}
	if lang == ZH {
		return "未知形式"
	}
	return "unknown format"
}
