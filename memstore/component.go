package memstore

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

// ComponentStore is the in-memory component.Store: mini-program components
// (CMP-1, CMP-2) in a versioned table. Safe for concurrent use; its zero
// value is an empty store, ready to use.
type ComponentStore struct {
	once sync.Once
	lg   logged
	t    *table[string, component.Record]
}

var _ component.Store = (*ComponentStore)(nil)

// NewComponentStore returns an empty ComponentStore, appending to its own event log
// unless WithLog names a shared one.
func NewComponentStore(opts ...Option) *ComponentStore {
	return &ComponentStore{lg: logged{l: logOf(opts)}}
}

// Log returns the event log the store appends to (OPS-1).
func (s *ComponentStore) Log() *Log {
	if s == nil {
		return nil
	}
	return s.lg.log()
}

// table makes the table on first use, so that the zero value works.
func (s *ComponentStore) table() *table[string, component.Record] {
	s.once.Do(func() {
		s.t = newTable[string, component.Record]("组件", "component", cloneComponent, s.lg.log())
	})
	return s.t
}

// cloneComponent copies a record so that it shares no memory with another.
func cloneComponent(r component.Record) component.Record {
	r.History = slices.Clone(r.History)
	return r
}

// Get implements component.Store.
func (s *ComponentStore) Get(ctx context.Context, id string) (component.Record, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return component.Record{}, err
	}
	r, v, err := s.table().get(id)
	if err != nil {
		return component.Record{}, err
	}
	r.Version = v
	return r, nil
}

// Create implements component.Store.
func (s *ComponentStore) Create(ctx context.Context, r component.Record) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	r.Version = 0
	return s.table().create(r.ID, r, starmap.PendingEvents(ctx))
}

// Update implements component.Store.
func (s *ComponentStore) Update(ctx context.Context, r component.Record) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	expected := r.Version
	r.Version = 0
	return s.table().update(r.ID, r, expected, starmap.PendingEvents(ctx))
}

// List implements component.Store: the owner's records that the filter
// keeps, ordered by (CreatedAt, ID), after the keyset cursor of
// component.Query.
func (s *ComponentStore) List(ctx context.Context, q component.Query) (starmap.Page[component.Record], error) {
	var none starmap.Page[component.Record]
	if err := starmap.CheckContext(ctx); err != nil {
		return none, err
	}
	if err := q.Validate(); err != nil {
		return none, err
	}
	var (
		after   time.Time
		afterID string
	)
	if q.Cursor != "" {
		var err error
		if after, afterID, err = readComponentCursor(q.Cursor); err != nil {
			return none, err
		}
	}
	rs, vs := s.table().list(
		func(r component.Record) bool {
			return r.Owner == q.Owner &&
				(q.State == 0 || r.State == q.State) &&
				(q.Channel == 0 || r.Channel == q.Channel) &&
				(q.Cursor == "" || r.CreatedAt.After(after) || r.CreatedAt.Equal(after) && r.ID > afterID)
		},
		func(a, b component.Record) bool {
			if !a.CreatedAt.Equal(b.CreatedAt) {
				return a.CreatedAt.Before(b.CreatedAt)
			}
			return a.ID < b.ID
		})
	limit := q.EffectiveLimit()
	page := starmap.Page[component.Record]{Items: make([]component.Record, 0, min(limit, len(rs)))}
	for i := 0; i < len(rs) && i < limit; i++ {
		rs[i].Version = vs[i]
		page.Items = append(page.Items, rs[i])
	}
	if len(rs) > limit {
		last := page.Items[limit-1]
		page.Next = starmap.EncodeCursor(strconv.FormatInt(last.CreatedAt.Unix(), 10), strconv.Itoa(last.CreatedAt.Nanosecond()), last.ID)
	}
	return page, nil
}

// readComponentCursor reads the position component.Query documents: Unix
// seconds and nanoseconds of CreatedAt, in canonical decimal, and the id.
func readComponentCursor(c string) (time.Time, string, error) {
	parts, err := starmap.DecodeCursor(c, 3)
	if err != nil {
		return time.Time{}, "", err
	}
	sec, err1 := strconv.ParseInt(parts[0], 10, 64)
	nsec, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || nsec < 0 || nsec > 999_999_999 ||
		strconv.FormatInt(sec, 10) != parts[0] || strconv.Itoa(nsec) != parts[1] {
		return time.Time{}, "", starmap.ErrCursorInvalid.New(starmap.Arg("cursor", c))
	}
	return time.Unix(sec, int64(nsec)), parts[2], nil
}

// ComponentDirectory is an in-memory component.Directory: the status of
// each Douyin mini-program, set by the host (or a test). Unknown app ids
// are component.MiniProgramUnknown. Safe for concurrent use; its zero value
// is an empty directory, ready to use.
type ComponentDirectory struct {
	mu sync.RWMutex
	m  map[string]component.MiniProgramStatus
}

var _ component.Directory = (*ComponentDirectory)(nil)

// NewComponentDirectory returns an empty directory.
func NewComponentDirectory() *ComponentDirectory { return &ComponentDirectory{} }

// Set records the status of the mini-program appID.
func (d *ComponentDirectory) Set(appID string, s component.MiniProgramStatus) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[string]component.MiniProgramStatus{}
	}
	d.m[appID] = s
}

// MiniProgramStatus implements component.Directory; it fails only when ctx
// is done.
func (d *ComponentDirectory) MiniProgramStatus(ctx context.Context, appID string) (component.MiniProgramStatus, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return component.MiniProgramUnknown, err
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.m[appID], nil
}
