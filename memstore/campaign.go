package memstore

import (
	"context"
	"sync"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// CampaignStore is the in-memory campaign.Store: campaigns (CAM-1), with
// their reservations inside each record, in a versioned table. Safe for
// concurrent use; its zero value is an empty store, ready to use; passes
// campaigntest. It has no transactions: a campaign.Service over it keeps
// orders consistent by compensation.
type CampaignStore struct {
	once sync.Once
	lg   logged
	t    *table[string, campaign.Record]
}

var _ campaign.Store = (*CampaignStore)(nil)

// NewCampaignStore returns an empty CampaignStore, appending to its own event log
// unless WithLog names a shared one.
func NewCampaignStore(opts ...Option) *CampaignStore {
	return &CampaignStore{lg: logged{l: logOf(opts)}}
}

// Log returns the event log the store appends to (OPS-1).
func (s *CampaignStore) Log() *Log {
	if s == nil {
		return nil
	}
	return s.lg.log()
}

// table makes the table on first use, so that the zero value works.
func (s *CampaignStore) table() *table[string, campaign.Record] {
	s.once.Do(func() {
		s.t = newTable[string, campaign.Record]("项目", "campaign", campaign.Record.Clone, s.lg.log())
	})
	return s.t
}

// Get implements campaign.Store.
func (s *CampaignStore) Get(ctx context.Context, id string) (campaign.Record, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return campaign.Record{}, err
	}
	r, v, err := s.table().get(id)
	if err != nil {
		return campaign.Record{}, err
	}
	r.Version = v
	return r, nil
}

// Create implements campaign.Store.
func (s *CampaignStore) Create(ctx context.Context, r campaign.Record) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	r.Version = 0
	return s.table().create(r.ID, r, starmap.PendingEvents(ctx))
}

// Update implements campaign.Store.
func (s *CampaignStore) Update(ctx context.Context, r campaign.Record) (uint64, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return 0, err
	}
	expected := r.Version
	r.Version = 0
	return s.table().update(r.ID, r, expected, starmap.PendingEvents(ctx))
}

// List implements campaign.Store: the records q selects, newest first
// (campaign.ListLess), one page after q's cursor.
func (s *CampaignStore) List(ctx context.Context, q campaign.Query) (starmap.Page[campaign.Record], error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return starmap.Page[campaign.Record]{}, err
	}
	if err := q.Validate(); err != nil {
		return starmap.Page[campaign.Record]{}, err
	}
	keep := q.Match
	if q.Cursor != "" {
		after, err := campaign.ParseCursor(q.Cursor)
		if err != nil {
			return starmap.Page[campaign.Record]{}, err
		}
		keep = func(r campaign.Record) bool { return q.Match(r) && after.Less(campaign.PositionOf(r)) }
	}
	rs, vs := s.table().list(keep, campaign.ListLess)
	limit := q.EffectiveLimit()
	var page starmap.Page[campaign.Record]
	if len(rs) > limit {
		rs, vs = rs[:limit], vs[:limit]
		page.Next = campaign.PositionOf(rs[limit-1]).Cursor()
	}
	for i := range rs {
		rs[i].Version = vs[i]
	}
	page.Items = rs
	return page, nil
}
