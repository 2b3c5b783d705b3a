package memstore

import (
	"context"
	"sync"

	"github.com/starmap-go/starmap/component"
)

// ComponentStore is the in-memory component.Store: mini-program components
// (CMP-1, CMP-2) in a versioned table. Safe for concurrent use.
type ComponentStore struct {
	t *table[string, component.Record]
}

var _ component.Store = (*ComponentStore)(nil)

// NewComponentStore returns an empty ComponentStore.
func NewComponentStore() *ComponentStore {
	return &ComponentStore{t: newTable[string, component.Record]("组件", "component", component.Record.Clone)}
}

// Get implements component.Store.
func (s *ComponentStore) Get(_ context.Context, id string) (component.Record, error) {
	r, v, err := s.t.get(id)
	if err != nil {
		return component.Record{}, err
	}
	r.Version = v
	return r, nil
}

// Create implements component.Store.
func (s *ComponentStore) Create(_ context.Context, r component.Record) (uint64, error) {
	r.Version = 0
	return s.t.create(r.ID, r)
}

// Update implements component.Store.
func (s *ComponentStore) Update(_ context.Context, r component.Record) (uint64, error) {
	expected := r.Version
	r.Version = 0
	return s.t.update(r.ID, r, expected)
}

// ListByOwner implements component.Store.
func (s *ComponentStore) ListByOwner(_ context.Context, owner string) ([]component.Record, error) {
	rs, vs := s.t.list(
		func(r component.Record) bool { return r.Owner == owner },
		func(a, b component.Record) bool {
			if !a.CreatedAt.Equal(b.CreatedAt) {
				return a.CreatedAt.Before(b.CreatedAt)
			}
			return a.ID < b.ID
		})
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return rs, nil
}

// ComponentDirectory is an in-memory component.Directory: the status of
// each Douyin mini-program, set by the host (or a test). Unknown app ids
// are component.MiniProgramUnknown. Safe for concurrent use.
type ComponentDirectory struct {
	mu sync.RWMutex
	m  map[string]component.MiniProgramStatus
}

var _ component.Directory = (*ComponentDirectory)(nil)

// NewComponentDirectory returns an empty directory.
func NewComponentDirectory() *ComponentDirectory {
	return &ComponentDirectory{m: map[string]component.MiniProgramStatus{}}
}

// Set records the status of the mini-program appID.
func (d *ComponentDirectory) Set(appID string, s component.MiniProgramStatus) {
	d.mu.Lock()
	d.m[appID] = s
	d.mu.Unlock()
}

// MiniProgramStatus implements component.Directory; it never fails.
func (d *ComponentDirectory) MiniProgramStatus(_ context.Context, appID string) (component.MiniProgramStatus, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.m[appID], nil
}
