package memstore

import (
	"context"
	"slices"
	"sync"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// MCNStore is the in-memory mcn.Store: each creator's book of signings
// (MCN-1) as one versioned record, so that one compare-and-swap covers
// every signing of a creator. Safe for concurrent use; its zero value is
// an empty store, ready to use.
type MCNStore struct {
	once sync.Once
	lg   logged
	t    *table[string, mcn.Record]
}

var _ mcn.Store = (*MCNStore)(nil)

// NewMCNStore returns an empty MCNStore, appending to its own event log
// unless WithLog names a shared one.
func NewMCNStore(opts ...Option) *MCNStore { return &MCNStore{lg: logged{l: logOf(opts)}} }

// Log returns the event log the store appends to (OPS-1).
func (s *MCNStore) Log() *Log {
	if s == nil {
		return nil
	}
	return s.lg.log()
}

func (s *MCNStore) table() *table[string, mcn.Record] {
	s.once.Do(func() {
		s.t = newTable[string, mcn.Record]("签约簿", "signing book", cloneBook, s.lg.log())
	})
	return s.t
}

// cloneBook copies a record so that it shares no memory with another.
func cloneBook(r mcn.Record) mcn.Record {
	r.Signings = slices.Clone(r.Signings)
	for i := range r.Signings {
		r.Signings[i].Accounts = slices.Clone(r.Signings[i].Accounts)
	}
	r.History = slices.Clone(r.History)
	return r
}

// Get implements mcn.Store.
func (s *MCNStore) Get(ctx context.Context, creator string) (mcn.Record, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return mcn.Record{}, err
	}
	r, v, err := s.table().get(creator)
	if err != nil {
		return mcn.Record{}, err
	}
	r.Version = v
	return r, nil
}

// Create implements mcn.Store.
func (s *MCNStore) Create(ctx context.Context, r mcn.Record) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	r.Version = 0
	return s.table().create(r.Creator, r, starmap.PendingEvents(ctx))
}

// Update implements mcn.Store.
func (s *MCNStore) Update(ctx context.Context, r mcn.Record) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	expected := r.Version
	r.Version = 0
	return s.table().update(r.Creator, r, expected, starmap.PendingEvents(ctx))
}

// List implements mcn.Store: the books q selects (mcn.Query.Matches), by
// creator id, after the keyset cursor of mcn.Query.
func (s *MCNStore) List(ctx context.Context, q mcn.Query) (starmap.Page[mcn.Record], error) {
	var none starmap.Page[mcn.Record]
	if err := starmap.CheckContext(ctx); err != nil {
		return none, err
	}
	if err := q.PageRequest.Validate(); err != nil {
		return none, err
	}
	after, err := mcn.ReadCursor(q.Cursor)
	if err != nil {
		return none, err
	}
	rs, vs := s.table().list(
		func(r mcn.Record) bool { return (q.Cursor == "" || r.Creator > after) && q.Matches(r) },
		func(a, b mcn.Record) bool { return a.Creator < b.Creator })
	limit := q.EffectiveLimit()
	page := starmap.Page[mcn.Record]{Items: make([]mcn.Record, 0, min(limit, len(rs)))}
	for i := 0; i < len(rs) && i < limit; i++ {
		rs[i].Version = vs[i]
		page.Items = append(page.Items, rs[i])
	}
	if len(rs) > limit {
		page.Next = mcn.CursorAfter(page.Items[limit-1].Creator)
	}
	return page, nil
}
