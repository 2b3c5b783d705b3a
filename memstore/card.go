package memstore

import (
	"context"
	"sync"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// CardStore is the in-memory card.Store: creator cards (CRD-*) in a
// versioned table keyed by creator id. Safe for concurrent use; its zero
// value is an empty store, ready to use.
type CardStore struct {
	once sync.Once
	lg   logged
	t    *table[string, card.Record]
}

var _ card.Store = (*CardStore)(nil)

// NewCardStore returns an empty CardStore, appending to its own event log
// unless WithLog names a shared one.
func NewCardStore(opts ...Option) *CardStore { return &CardStore{lg: logged{l: logOf(opts)}} }

// Log returns the event log the store appends to (OPS-1).
func (s *CardStore) Log() *Log {
	if s == nil {
		return nil
	}
	return s.lg.log()
}

// table makes the table on first use, so that the zero CardStore works.
func (s *CardStore) table() *table[string, card.Record] {
	s.once.Do(func() { s.t = newTable[string, card.Record]("达人名片", "card", card.Record.Clone, s.lg.log()) })
	return s.t
}

// Get implements card.Store.
func (s *CardStore) Get(ctx context.Context, creatorID string) (card.Record, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return card.Record{}, err
	}
	r, v, err := s.table().get(creatorID)
	if err != nil {
		return card.Record{}, err
	}
	r.Version = v
	return r, nil
}

// Create implements card.Store.
func (s *CardStore) Create(ctx context.Context, r card.Record) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	r.Version = 0
	return s.table().create(r.CreatorID, r, starmap.PendingEvents(ctx))
}

// Update implements card.Store.
func (s *CardStore) Update(ctx context.Context, r card.Record) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	expected := r.Version
	r.Version = 0
	return s.table().update(r.CreatorID, r, expected, starmap.PendingEvents(ctx))
}

// List implements card.Store: a keyset page in ascending creator id order.
// It sorts the whole table on each call: fine for the embedded default, not
// for millions of cards.
func (s *CardStore) List(ctx context.Context, q card.Query) (starmap.Page[card.Record], error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return starmap.Page[card.Record]{}, err
	}
	if err := q.Validate(); err != nil {
		return starmap.Page[card.Record]{}, err
	}
	after := ""
	if q.Cursor != "" {
		parts, err := starmap.DecodeCursor(q.Cursor, 1)
		if err != nil {
			return starmap.Page[card.Record]{}, err
		}
		after = parts[0]
	}
	rs, vs := s.table().list(
		func(r card.Record) bool { return r.CreatorID > after },
		func(a, b card.Record) bool { return a.CreatorID < b.CreatorID })
	var p starmap.Page[card.Record]
	if limit := q.EffectiveLimit(); len(rs) > limit {
		rs, vs = rs[:limit], vs[:limit]
		p.Next = starmap.EncodeCursor(rs[limit-1].CreatorID)
	}
	for i := range rs {
		rs[i].Version = vs[i]
	}
	p.Items = rs
	return p, nil
}
