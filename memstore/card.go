package memstore

import (
	"context"

	"github.com/starmap-go/starmap/card"
)

// CardStore is the in-memory card.Store: creator cards (CRD-*) in a
// versioned table keyed by creator id. Safe for concurrent use.
type CardStore struct {
	t *table[string, card.Record]
}

var _ card.Store = (*CardStore)(nil)

// NewCardStore returns an empty CardStore.
func NewCardStore() *CardStore {
	return &CardStore{t: newTable[string, card.Record]("达人名片", "card", card.Record.Clone)}
}

// Get implements card.Store.
func (s *CardStore) Get(_ context.Context, creatorID string) (card.Record, error) {
	r, v, err := s.t.get(creatorID)
	if err != nil {
		return card.Record{}, err
	}
	r.Version = v
	return r, nil
}

// Create implements card.Store.
func (s *CardStore) Create(_ context.Context, r card.Record) (uint64, error) {
	r.Version = 0
	return s.t.create(r.CreatorID, r)
}

// Update implements card.Store.
func (s *CardStore) Update(_ context.Context, r card.Record) (uint64, error) {
	expected := r.Version
	r.Version = 0
	return s.t.update(r.CreatorID, r, expected)
}

// List implements card.Store. It sorts the whole table on each call: fine
// for the embedded default, not for millions of cards.
func (s *CardStore) List(_ context.Context, after string, limit int) ([]card.Record, error) {
	if limit < 1 {
		return nil, nil
	}
	rs, vs := s.t.list(
		func(r card.Record) bool { return r.CreatorID > after },
		func(a, b card.Record) bool { return a.CreatorID < b.CreatorID })
	if len(rs) > limit {
		rs, vs = rs[:limit], vs[:limit]
	}
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return rs, nil
}
