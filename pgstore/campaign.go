package pgstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
)

// CampaignStore is the PostgreSQL campaign.Store: one row of table
// campaigns per record (migration 0011), reservations and history inside
// the jsonb document, with real columns for List — advertiser, state,
// pilot (still in its pilot phase), created_sec and created_nsec
// (CreatedAt exactly) — and the budget as numeric. Under a transaction
// carried by the context (WithTx, InTx) a campaign.Service built
// WithTransactor reserves and creates the ordered task in one
// transaction.
type CampaignStore struct {
	t *table[string, campaign.Record]
}

var _ campaign.Store = (*CampaignStore)(nil)

// NewCampaignStore returns the campaign store of pool's database
// (migrated by Migrate); a nil pool is starmap.ErrServiceDependency.
func NewCampaignStore(pool *pgxpool.Pool) (*CampaignStore, error) {
	if err := starmap.RequireDependency("数据库连接池", "database pool", pool); err != nil {
		return nil, err
	}
	return &CampaignStore{t: newTable(pool, spec[string, campaign.Record]{
		name: "campaigns", whatZH: "项目", what: "campaign",
		keyCols:    []string{"id"},
		keyArgs:    func(id string) []any { return []any{id} },
		recKey:     func(r campaign.Record) string { return r.ID },
		keyText:    func(id string) string { return id },
		version:    func(r campaign.Record) uint64 { return r.Version },
		setVersion: func(r *campaign.Record, v uint64) { r.Version = v },
		cols:       []string{"advertiser", "state", "pilot", "created_sec", "created_nsec", "budget"},
		colArgs: func(r campaign.Record) []any {
			return []any{r.Advertiser, int16(r.State), r.Pilot && r.GraduatedAt.IsZero(),
				r.CreatedAt.Unix(), int32(r.CreatedAt.Nanosecond()), r.Budget.String()}
		},
	})}, nil
}

func (s *CampaignStore) ready(ctx context.Context) error {
	if s == nil || s.t == nil {
		return starmap.ErrServiceNotReady.New()
	}
	return starmap.CheckContext(ctx)
}

// Get implements campaign.Store.
func (s *CampaignStore) Get(ctx context.Context, id string) (campaign.Record, error) {
	if err := s.ready(ctx); err != nil {
		return campaign.Record{}, err
	}
	return s.t.get(ctx, id)
}

// Create implements campaign.Store.
func (s *CampaignStore) Create(ctx context.Context, r campaign.Record) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	return s.t.create(ctx, r)
}

// Update implements campaign.Store.
func (s *CampaignStore) Update(ctx context.Context, r campaign.Record) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	return s.t.update(ctx, r)
}

// List implements campaign.Store: the records q selects, newest first —
// (CreatedAt, id) descending — keyset-paged after q's cursor, from index
// campaigns_advertiser_created when q names an advertiser and
// campaigns_created otherwise.
func (s *CampaignStore) List(ctx context.Context, q campaign.Query) (starmap.Page[campaign.Record], error) {
	if err := s.ready(ctx); err != nil {
		return starmap.Page[campaign.Record]{}, err
	}
	if err := q.Validate(); err != nil {
		return starmap.Page[campaign.Record]{}, err
	}
	sql, args, err := campaignListSQL(q)
	if err != nil {
		return starmap.Page[campaign.Record]{}, err
	}
	limit := q.EffectiveLimit()
	recs, err := query(ctx, s.t, sql, args...)
	if err != nil {
		return starmap.Page[campaign.Record]{}, err
	}
	return cutPage(recs, limit, func(r campaign.Record) string { return campaign.PositionOf(r).Cursor() }), nil
}

// campaignListSQL is the statement List runs for q, and its arguments.
func campaignListSQL(q campaign.Query) (string, []any, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if q.Cursor != "" {
		after, err := campaign.ParseCursor(q.Cursor)
		if err != nil {
			return "", nil, err
		}
		where = append(where, "(created_sec, created_nsec, id) < ("+arg(after.CreatedAt.Unix())+", "+
			arg(int32(after.CreatedAt.Nanosecond()))+", "+arg(after.ID)+")")
	}
	if q.Advertiser != "" {
		where = append(where, "advertiser = "+arg(q.Advertiser))
	}
	if q.State != 0 {
		where = append(where, "state = "+arg(int16(q.State)))
	}
	if q.OnlyPilots {
		where = append(where, "pilot")
	}
	sql := "SELECT version, doc FROM campaigns"
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY created_sec DESC, created_nsec DESC, id DESC LIMIT " + arg(q.EffectiveLimit()+1)
	return sql, args, nil
}
