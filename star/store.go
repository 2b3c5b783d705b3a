package star

import (
	"context"

	"github.com/starmap-go/starmap"
)

// Store persists the roster: creators, MCN agencies and advertisers,
// each kind under the root's one store contract (Get, Create, Update,
// List, prefixed with the kind), and answers marketplace searches.
//
// Records go in and out as validated values (Creator, Agency, Advertiser);
// a store keeps their Record and rebuilds them with NewCreator, NewAgency
// and NewAdvertiser. Create stores version 1 whatever version it is given
// (ErrConflict if the id exists); Update writes only when the stored
// version is still the value's Version and stores version+1 (ErrConflict
// otherwise, ErrNotFound if missing). The List methods page in id order
// with starmap.EncodeCursor of the last id; ListCreators lists every
// creator, listed or not.
//
// Search answers a SearchRequest exactly as Scan would over every creator
// the store holds: the creators the query matches (Query.Matches), in the
// sort's total order (Query.SortValue, then id, both in the sort's
// direction), strictly after the request's position, at most its Limit. A
// host may answer it from its own database or search engine; memstore
// answers it from an Index. startest checks any Store against Scan.
type Store interface {
	GetCreator(ctx context.Context, id string) (Creator, error)
	CreateCreator(ctx context.Context, c Creator) (uint64, error)
	UpdateCreator(ctx context.Context, c Creator) (uint64, error)
	ListCreators(ctx context.Context, q ListQuery) (starmap.Page[Creator], error)
	Search(ctx context.Context, r SearchRequest) ([]Creator, error)

	GetAgency(ctx context.Context, id string) (Agency, error)
	CreateAgency(ctx context.Context, a Agency) (uint64, error)
	UpdateAgency(ctx context.Context, a Agency) (uint64, error)
	ListAgencies(ctx context.Context, page starmap.PageRequest) (starmap.Page[Agency], error)

	GetAdvertiser(ctx context.Context, id string) (Advertiser, error)
	CreateAdvertiser(ctx context.Context, a Advertiser) (uint64, error)
	UpdateAdvertiser(ctx context.Context, a Advertiser) (uint64, error)
	ListAdvertisers(ctx context.Context, page starmap.PageRequest) (starmap.Page[Advertiser], error)
}

// FactSource is the host's answer to what a comparison needs and the SDK
// does not hold (STR-4): each creator's schedule and content quality. A
// creator missing from the answer has unknown facts; an error fails the
// comparison (it is returned as it is).
type FactSource interface {
	Facts(ctx context.Context, creators []string) (map[string]Facts, error)
}
