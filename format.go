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
