package memstore

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/star"
)

// StarStore is the in-memory star.Store: creators in a star.Index — which
// answers Search from immutable snapshots without a lock, and is the
// store's only copy of them — and agencies and advertisers in versioned
// tables. Creator writes are compare-and-swap under one mutex; reads take
// none. Safe for concurrent use; passes startest.
type StarStore struct {
	mu          sync.Mutex // serialises creator writes
	log         *Log
	ix          *star.Index
	agencies    *table[string, star.Agency]
	advertisers *table[string, star.Advertiser]
}

var _ star.Store = (*StarStore)(nil)

// NewStarStore returns an empty store, appending to its own event log
// unless WithLog names a shared one.
func NewStarStore(opts ...Option) *StarStore {
	l := logOf(opts)
	if l == nil {
		l = NewLog()
	}
	return &StarStore{
		log:         l,
		ix:          star.NewIndex(),
		agencies:    newTable[string, star.Agency]("MCN机构", "agency", nil, l),
		advertisers: newTable[string, star.Advertiser]("广告主", "advertiser", nil, l),
	}
}

// Log returns the event log the store appends to (OPS-1).
func (s *StarStore) Log() *Log {
	if s == nil {
		return nil
	}
	return s.log
}

// NewStarStoreWith returns a store holding creators, each at version 1,
// built in one pass (star.BuildIndex): how a host loads a large roster. The
// load is not a change and logs no event.
func NewStarStoreWith(creators []star.Creator, opts ...Option) (*StarStore, error) {
	cs := make([]star.Creator, len(creators))
	for i, c := range creators {
		cs[i] = c.WithVersion(1)
	}
	ix, err := star.BuildIndex(cs)
	if err != nil {
		return nil, err
	}
	s := NewStarStore(opts...)
	s.ix = ix
	return s, nil
}

func creatorWhat() starmap.Param { return starmap.LabeledArg("what", "达人", "creator") }

// GetCreator implements star.Store.
func (s *StarStore) GetCreator(ctx context.Context, id string) (star.Creator, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return star.Creator{}, err
	}
	c, ok := s.ix.Get(id)
	if !ok {
		return star.Creator{}, starmap.ErrRecordNotFound.New(creatorWhat(), starmap.Arg("id", id))
	}
	return c, nil
}

// CreateCreator implements star.Store.
func (s *StarStore) CreateCreator(ctx context.Context, c star.Creator) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	if c.IsZero() {
		return 0, star.ErrCreatorInvalid.New(starmap.LabeledArg("field", "达人", "creator"), starmap.LabeledArg("problem", "为空", "is the zero Creator"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ix.Get(c.ID()); ok {
		return 0, starmap.ErrAlreadyExists.New(creatorWhat(), starmap.Arg("id", c.ID()))
	}
	if _, err := s.ix.Put(c.WithVersion(1)); err != nil {
		return 0, err
	}
	s.log.append(starmap.PendingEvents(ctx)) // under s.mu: see Log
	return 1, nil
}

// UpdateCreator implements star.Store.
func (s *StarStore) UpdateCreator(ctx context.Context, c star.Creator) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	if c.IsZero() {
		return 0, star.ErrCreatorInvalid.New(starmap.LabeledArg("field", "达人", "creator"), starmap.LabeledArg("problem", "为空", "is the zero Creator"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.ix.Get(c.ID())
	if !ok {
		return 0, starmap.ErrRecordNotFound.New(creatorWhat(), starmap.Arg("id", c.ID()))
	}
	if cur.Version() != c.Version() {
		return 0, starmap.ErrVersionConflict.New(creatorWhat(), starmap.Arg("id", c.ID()),
			starmap.Arg("expected", strconv.FormatUint(c.Version(), 10)))
	}
	v := cur.Version() + 1
	if _, err := s.ix.Put(c.WithVersion(v)); err != nil {
		return 0, err
	}
	s.log.append(starmap.PendingEvents(ctx))
	return v, nil
}

// ListCreators implements star.Store.
func (s *StarStore) ListCreators(ctx context.Context, q star.ListQuery) (starmap.Page[star.Creator], error) {
	return s.ix.List(ctx, q)
}

// Search implements star.Store from the index.
func (s *StarStore) Search(ctx context.Context, r star.SearchRequest) ([]star.Creator, error) {
	return s.ix.Search(ctx, r)
}

// Index returns the store's index (to share with a host's other readers).
func (s *StarStore) Index() *star.Index { return s.ix }

// GetAgency implements star.Store.
func (s *StarStore) GetAgency(ctx context.Context, id string) (star.Agency, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return star.Agency{}, err
	}
	a, v, err := s.agencies.get(id)
	if err != nil {
		return star.Agency{}, err
	}
	return a.WithVersion(v), nil
}

// CreateAgency implements star.Store.
func (s *StarStore) CreateAgency(ctx context.Context, a star.Agency) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	if a.IsZero() {
		return 0, star.ErrAgencyInvalid.New(starmap.LabeledArg("field", "机构", "agency"), starmap.LabeledArg("problem", "为空", "is the zero Agency"))
	}
	return s.agencies.create(a.ID(), a.WithVersion(0), starmap.PendingEvents(ctx))
}

// UpdateAgency implements star.Store.
func (s *StarStore) UpdateAgency(ctx context.Context, a star.Agency) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	if a.IsZero() {
		return 0, star.ErrAgencyInvalid.New(starmap.LabeledArg("field", "机构", "agency"), starmap.LabeledArg("problem", "为空", "is the zero Agency"))
	}
	return s.agencies.update(a.ID(), a.WithVersion(0), a.Version(), starmap.PendingEvents(ctx))
}

// ListAgencies implements star.Store.
func (s *StarStore) ListAgencies(ctx context.Context, page starmap.PageRequest) (starmap.Page[star.Agency], error) {
	return listByID(ctx, s.agencies, page, star.Agency.ID, star.Agency.WithVersion)
}

// GetAdvertiser implements star.Store.
func (s *StarStore) GetAdvertiser(ctx context.Context, id string) (star.Advertiser, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return star.Advertiser{}, err
	}
	a, v, err := s.advertisers.get(id)
	if err != nil {
		return star.Advertiser{}, err
	}
	return a.WithVersion(v), nil
}

// CreateAdvertiser implements star.Store.
func (s *StarStore) CreateAdvertiser(ctx context.Context, a star.Advertiser) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	if a.IsZero() {
		return 0, star.ErrAdvertiserInvalid.New(starmap.LabeledArg("field", "广告主", "advertiser"), starmap.LabeledArg("problem", "为空", "is the zero Advertiser"))
	}
	return s.advertisers.create(a.ID(), a.WithVersion(0), starmap.PendingEvents(ctx))
}

// UpdateAdvertiser implements star.Store.
func (s *StarStore) UpdateAdvertiser(ctx context.Context, a star.Advertiser) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	if a.IsZero() {
		return 0, star.ErrAdvertiserInvalid.New(starmap.LabeledArg("field", "广告主", "advertiser"), starmap.LabeledArg("problem", "为空", "is the zero Advertiser"))
	}
	return s.advertisers.update(a.ID(), a.WithVersion(0), a.Version(), starmap.PendingEvents(ctx))
}

// ListAdvertisers implements star.Store.
func (s *StarStore) ListAdvertisers(ctx context.Context, page starmap.PageRequest) (starmap.Page[star.Advertiser], error) {
	return listByID(ctx, s.advertisers, page, star.Advertiser.ID, star.Advertiser.WithVersion)
}

// listByID pages a table in id order with a keyset cursor of the last id.
func listByID[V any](ctx context.Context, t *table[string, V], page starmap.PageRequest, id func(V) string, at func(V, uint64) V) (starmap.Page[V], error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return starmap.Page[V]{}, err
	}
	if err := page.Validate(); err != nil {
		return starmap.Page[V]{}, err
	}
	after := ""
	if page.Cursor != "" {
		parts, err := starmap.DecodeCursor(page.Cursor, 1)
		if err != nil {
			return starmap.Page[V]{}, err
		}
		after = parts[0]
	}
	vs, versions := t.list(func(v V) bool { return after == "" || strings.Compare(id(v), after) > 0 },
		func(a, b V) bool { return id(a) < id(b) })
	limit := page.EffectiveLimit()
	out := starmap.Page[V]{}
	for i, v := range vs {
		if i == limit {
			out.Next = starmap.EncodeCursor(id(out.Items[limit-1]))
			break
		}
		out.Items = append(out.Items, at(v, versions[i]))
	}
	return out, nil
}
