package component

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// MiniProgramStatus is what the host's Directory knows of a Douyin
// mini-program (CMP-3). The zero value, MiniProgramUnknown, is never
// mountable.
type MiniProgramStatus uint8

const (
	// MiniProgramUnknown: the directory does not know the app id.
	MiniProgramUnknown MiniProgramStatus = iota
	// MiniProgramUp: the mini-program is online (正常).
	MiniProgramUp
	// MiniProgramDelisted: the mini-program has been taken down (下架) on
	// the Douyin open platform.
	MiniProgramDelisted
)

var statusNames = []names{
	MiniProgramUp:       {"up", "正常", "Up"},
	MiniProgramDelisted: {"delisted", "已下架", "Taken down"},
}

var unknownStatus = names{"unknown", "未知", "Unknown"}

// String names the status: unknown, up, delisted (unknown also for a
// value that is not declared).
func (s MiniProgramStatus) String() string { return lookup(statusNames, int(s), unknownStatus).code }

// Label is the status as an operator reads it: 正常, 已下架, 未知 in zh-CN.
func (s MiniProgramStatus) Label(lang starmap.Lang) string {
	return lookup(statusNames, int(s), unknownStatus).label(lang)
}

// Directory tells whether Douyin mini-programs are up (CMP-3). The host
// implements it over the Douyin open platform or its own cache;
// memstore.ComponentDirectory is an in-memory one.
type Directory interface {
	// MiniProgramStatus returns the status of the mini-program appID:
	// MiniProgramUnknown when the directory does not know it. An error is a
	// failure to answer (network, timeout), never a "no".
	MiniProgramStatus(ctx context.Context, appID string) (MiniProgramStatus, error)
}

// Mountable is the pure rule of CMP-3: nil when component c may be mounted
// on a task of format ordered by advertiser while its mini-program has
// status mp; otherwise every unmet requirement (errors.Join of coded
// errors, each naming the component):
//
//   - ErrMountUnknown, alone, when c is nil, a zero Component (in no
//     library) or in another advertiser's library: someone else's
//     component answers like one that does not exist, so nothing about it
//     leaks;
//   - ErrMountInReview or ErrMountRejected unless c is valid;
//   - ErrMountChannel when c's channel is not format;
//   - ErrMountDelisted when the mini-program was taken down (the platform's
//     exact message), ErrMountMiniProgramUnknown when it is not known to be
//     up.
func Mountable(c *Component, advertiser string, format starmap.Format, mp MiniProgramStatus) error {
	if c == nil {
		return ErrMountUnknown.New(starmap.Arg("component", ""))
	}
	if c.owner == "" || c.owner != advertiser {
		// A zero Component belongs to no library: unknown to everyone.
		return ErrMountUnknown.New(starmap.Arg("component", c.id))
	}
	var errs []error
	switch c.state {
	case StateValid:
	case StateInReview:
		errs = append(errs, ErrMountInReview.New(starmap.Arg("component", c.id)))
	default:
		errs = append(errs, ErrMountRejected.New(starmap.Arg("component", c.id)))
	}
	if c.channel != format {
		errs = append(errs, ErrMountChannel.New(starmap.Arg("component", c.id), formatParam("channel", c.channel), formatParam("format", format)))
	}
	switch mp {
	case MiniProgramUp:
	case MiniProgramDelisted:
		errs = append(errs, ErrMountDelisted.New(starmap.Arg("component", c.id), starmap.Arg("app_id", c.content.AppID)))
	default:
		errs = append(errs, ErrMountMiniProgramUnknown.New(starmap.Arg("component", c.id), starmap.Arg("app_id", c.content.AppID)))
	}
	return errors.Join(errs...)
}

// formatParam is a format parameter worded in both languages: 短视频 or
// 直播 as the platform says, and the format's String in English.
func formatParam(name string, f starmap.Format) starmap.Param {
	zh := "未知形式(" + strconv.Itoa(int(f)) + ")"
	switch f {
	case starmap.FormatShortVideo:
		zh = "短视频"
	case starmap.FormatLive:
		zh = "直播"
	}
	return starmap.LabeledArg(name, zh, f.String())
}

// Mounted returns the snapshot an order keeps of the component (CMP-4).
func (c *Component) Mounted() task.MountedComponent {
	return task.MountedComponent{ID: c.id, Title: c.content.Title, AppID: c.content.AppID}
}

// Mounter checks the components an advertiser wants mounted on an order
// against the library in a Store and the mini-programs in a Directory. It
// implements task.MountChecker; it only reads. Make one with NewMounter; a
// zero or nil Mounter answers starmap.ErrServiceNotReady.
type Mounter struct {
	store Store
	dir   Directory
}

var _ task.MountChecker = (*Mounter)(nil)

// NewMounter returns a Mounter reading components from store and
// mini-program statuses from dir. A nil store or directory is
// starmap.ErrServiceDependency.
func NewMounter(store Store, dir Directory) (*Mounter, error) {
	if err := errors.Join(
		starmap.RequireDependency("组件存储", "component store", store),
		starmap.RequireDependency("小程序目录", "mini-program directory", dir),
	); err != nil {
		return nil, err
	}
	return &Mounter{store: store, dir: dir}, nil
}

// CheckMount implements task.MountChecker (CMP-3): when every component of
// componentIDs may be mounted on a task of format ordered by advertiser (a
// main account id), it returns their snapshots in the order given (an empty
// list for no components). Otherwise it returns no snapshots and an error
// joining every refusal — one or more coded errors per refused component,
// each naming it (Mountable's errors; ErrMountUnknown, alone, for an id
// that is not in the advertiser's library, whether it does not exist or is
// someone else's; ErrMountDuplicate once for an id listed more than once,
// its first mention being checked as usual). A failure of the store or the
// directory, and a context that ends during the check, is returned as it
// is, wrapped. It changes nothing.
func (m *Mounter) CheckMount(ctx context.Context, advertiser string, format starmap.Format, componentIDs []string) ([]task.MountedComponent, error) {
	if m == nil || m.store == nil || m.dir == nil {
		return nil, starmap.ErrServiceNotReady.New()
	}
	if ctx == nil {
		return nil, starmap.ErrContextMissing.New()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := starmap.ValidateID("advertiser id", advertiser); err != nil {
		return nil, ErrMountInput.Wrap(err, starmap.LabeledArg("problem", "广告主编号", "advertiser id"))
	}
	if !format.Valid() {
		return nil, ErrMountInput.New(starmap.LabeledArg("problem", "任务形式未知("+strconv.Itoa(int(format))+")", "format "+format.String()))
	}
	for _, id := range componentIDs {
		if err := starmap.ValidateID("component id", id); err != nil {
			return nil, ErrMountInput.Wrap(err, starmap.LabeledArg("problem", "组件编号", "component id"))
		}
	}
	out := make([]task.MountedComponent, 0, len(componentIDs))
	var refusals []error
	// mentions counts each id: the first mention is checked, the second is
	// refused as a duplicate, later ones add nothing (one refusal per
	// duplicated id).
	mentions := make(map[string]int, len(componentIDs))
	statuses := map[string]MiniProgramStatus{}
	for _, id := range componentIDs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		mentions[id]++
		if n := mentions[id]; n > 1 {
			if n == 2 {
				refusals = append(refusals, ErrMountDuplicate.New(starmap.Arg("component", id)))
			}
			continue
		}
		rec, err := m.store.Get(ctx, id)
		// Someone else's component is refused exactly like an id that does
		// not exist: before its record is rehydrated or its mini-program
		// looked up, so that nothing about it shows.
		if errors.Is(err, starmap.ErrNotFound) || err == nil && rec.Owner != advertiser {
			refusals = append(refusals, ErrMountUnknown.New(starmap.Arg("component", id)))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("component: mount check: loading %s: %w", id, err)
		}
		c, err := FromRecord(rec)
		if err != nil {
			return nil, err
		}
		mp, ok := statuses[c.content.AppID]
		if !ok {
			mp, err = m.dir.MiniProgramStatus(ctx, c.content.AppID)
			if err != nil {
				return nil, fmt.Errorf("component: mount check: mini-program %s: %w", c.content.AppID, err)
			}
			statuses[c.content.AppID] = mp
		}
		if err := Mountable(c, advertiser, format, mp); err != nil {
			refusals = append(refusals, err)
			continue
		}
		out = append(out, c.Mounted())
	}
	if len(refusals) > 0 {
		return nil, errors.Join(refusals...)
	}
	return out, nil
}
