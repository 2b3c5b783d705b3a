package pgstore

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

// ComponentStore is component.Store on PostgreSQL: one row of table
// components (migration 0005) per component, with owner, state, channel
// and creation instant as columns and the record whole as jsonb. (The
// mini-program Directory is the host's.) Every method runs in the host's
// transaction when ctx carries one (WithTx).
type ComponentStore struct {
	t *table[string, component.Record]
}

var _ component.Store = (*ComponentStore)(nil)

// NewComponentStore returns the component store on pool (migrated by
// Migrate); a nil pool is starmap.ErrServiceDependency.
func NewComponentStore(pool *pgxpool.Pool) (*ComponentStore, error) {
	if err := requirePool(pool, "组件存储", "component store"); err != nil {
		return nil, err
	}
	return &ComponentStore{t: newTable(pool, spec[string, component.Record]{
		name: "components", whatZH: "组件", what: "component",
		keyCols:    []string{"id"},
		keyArgs:    func(id string) []any { return []any{id} },
		recKey:     func(r component.Record) string { return r.ID },
		keyText:    func(id string) string { return id },
		version:    func(r component.Record) uint64 { return r.Version },
		setVersion: func(r *component.Record, v uint64) { r.Version = v },
		cols:       []string{"owner", "state", "channel", "created_sec", "created_nsec"},
		colArgs: func(r component.Record) []any {
			return []any{r.Owner, int16(r.State), int16(r.Channel), r.CreatedAt.Unix(), int32(r.CreatedAt.Nanosecond())}
		},
	})}, nil
}

// Get implements component.Store.
func (s *ComponentStore) Get(ctx context.Context, id string) (component.Record, error) {
	if err := ready(ctx); err != nil {
		return component.Record{}, err
	}
	return s.t.get(ctx, id)
}

// Create implements component.Store.
func (s *ComponentStore) Create(ctx context.Context, r component.Record) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.t.create(ctx, r)
}

// Update implements component.Store.
func (s *ComponentStore) Update(ctx context.Context, r component.Record) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.t.update(ctx, r)
}

// List implements component.Store: the owner's records the filter keeps,
// ordered by (CreatedAt, ID), after the keyset cursor of component.Query.
func (s *ComponentStore) List(ctx context.Context, q component.Query) (starmap.Page[component.Record], error) {
	var none starmap.Page[component.Record]
	if err := ready(ctx); err != nil {
		return none, err
	}
	if err := q.Validate(); err != nil {
		return none, err
	}
	var w where
	w.add("owner = ?", q.Owner)
	if q.State != 0 {
		w.add("state = ?", int16(q.State))
	}
	if q.Channel != 0 {
		w.add("channel = ?", int16(q.Channel))
	}
	if q.Cursor != "" {
		sec, nsec, id, err := instantCursor(q.Cursor)
		if err != nil {
			return none, err
		}
		w.add("(created_sec, created_nsec, id) > (?, ?, ?)", sec, int32(nsec), id)
	}
	return listPage(ctx, s.t, w, "created_sec, created_nsec, id", q.PageRequest,
		func(r component.Record) string { return instantCursorOf(r.CreatedAt, r.ID) })
}
