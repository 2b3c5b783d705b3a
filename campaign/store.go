package campaign

import (
	"context"
	"strconv"
	"time"

	"github.com/starmap-go/starmap"
)

// Store persists campaigns under the one store contract of the root
// package: Get, Create (version 1, ErrConflict if the id exists),
// Update (compare-and-swap on Record.Version, ErrConflict when stale,
// ErrNotFound when missing), List. Hosts implement it
// (memstore.CampaignStore is the reference, pgstore's comes later);
// campaigntest.TestStore checks an implementation. A campaign's
// reservations live inside its record, so that one compare-and-swap
// decides a reservation against everything else reserved: that is what
// keeps the budget from being exceeded under concurrent orders.
type Store interface {
	Get(ctx context.Context, id string) (Record, error)
	Create(ctx context.Context, rec Record) (uint64, error)
	Update(ctx context.Context, rec Record) (uint64, error)
	// List returns the campaigns q selects, in list order (ListLess),
	// one page after q.Cursor.
	List(ctx context.Context, q Query) (starmap.Page[Record], error)
}

// Query selects campaigns for List (项目汇总): those of Advertiser if set,
// in State if set, only those still in their pilot phase if OnlyPilots.
// The list order is newest first: CreatedAt descending, then ID
// descending — a total order, since ids are unique. Cursors are keyset
// positions (Position.Cursor), so a page is not shifted by campaigns
// created meanwhile.
type Query struct {
	Advertiser string
	State      State
	OnlyPilots bool
	starmap.PageRequest
}

// Validate checks the query: the advertiser id when set, the state when
// set, a non-negative limit and a cursor this package wrote.
func (q Query) Validate() error {
	if q.Advertiser != "" {
		if err := starmap.ValidateID("advertiser id", q.Advertiser); err != nil {
			return err
		}
	}
	if q.State != 0 && !q.State.Valid() {
		return ErrQueryInvalid.New(starmap.LabeledArg("problem", "未知的项目状态", "unknown state"))
	}
	if err := q.PageRequest.Validate(); err != nil {
		return err
	}
	if q.Cursor != "" {
		if _, err := ParseCursor(q.Cursor); err != nil {
			return err
		}
	}
	return nil
}

// Match reports whether q's filters select r (the cursor aside): for
// store implementations.
func (q Query) Match(r Record) bool {
	return (q.Advertiser == "" || q.Advertiser == r.Advertiser) &&
		(q.State == 0 || q.State == r.State) &&
		(!q.OnlyPilots || (r.Pilot && r.GraduatedAt.IsZero()))
}

// Position is a campaign's place in list order.
type Position struct {
	CreatedAt time.Time
	ID        string
}

// PositionOf returns r's place in list order.
func PositionOf(r Record) Position { return Position{CreatedAt: r.CreatedAt, ID: r.ID} }

// Less reports whether p comes before o in list order: the newer first,
// and at the same instant the greater id first.
func (p Position) Less(o Position) bool {
	if !p.CreatedAt.Equal(o.CreatedAt) {
		return p.CreatedAt.After(o.CreatedAt)
	}
	return p.ID > o.ID
}

// ListLess is the list order of records (for stores).
func ListLess(a, b Record) bool { return PositionOf(a).Less(PositionOf(b)) }

// Cursor encodes the position as an opaque keyset cursor: the next page
// holds what comes after it. The instant is kept to the nanosecond as Unix
// seconds and nanoseconds, so every time.Time reads back exactly.
func (p Position) Cursor() string {
	return starmap.EncodeCursor("c1", strconv.FormatInt(p.CreatedAt.Unix(), 10),
		strconv.Itoa(p.CreatedAt.Nanosecond()), p.ID)
}

// ParseCursor reads a cursor Position.Cursor wrote; anything else is
// starmap.ErrCursorInvalid.
func ParseCursor(c string) (Position, error) {
	bad := starmap.ErrCursorInvalid.New(starmap.Arg("cursor", shorten(c)))
	parts, err := starmap.DecodeCursor(c, 4)
	if err != nil || parts[0] != "c1" {
		return Position{}, bad
	}
	sec, err1 := strconv.ParseInt(parts[1], 10, 64)
	nsec, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || nsec < 0 || nsec > 999_999_999 || starmap.ValidateID("campaign id", parts[3]) != nil {
		return Position{}, bad
	}
	p := Position{CreatedAt: time.Unix(sec, int64(nsec)).UTC(), ID: parts[3]}
	if p.Cursor() != c {
		return Position{}, bad // one text per position
	}
	return p, nil
}

func shorten(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
