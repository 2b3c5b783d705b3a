package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// CardStore is card.Store on PostgreSQL: one row of table cards
// (migration 0003) per creator, the record whole as jsonb. List pages in
// creator id order (bytewise) over the primary key. Every method runs in
// the host's transaction when ctx carries one (WithTx).
type CardStore struct {
	t *table[string, cardDoc]
}

var _ card.Store = (*CardStore)(nil)

// cardDoc is a card record as stored: the enums the card package writes
// by name but cannot read back (card.Item, card.ChangeKind) are kept by
// number, in the fields of the same names that shadow the record's.
type cardDoc struct {
	card.Record
	Hidden  []uint8
	History []cardChange
}

type cardChange struct {
	At     time.Time
	Actor  starmap.Actor
	Kind   uint8
	Item   uint8
	Before string
	After  string
}

func toCardDoc(r card.Record) cardDoc {
	d := cardDoc{Record: r}
	d.Record.Hidden, d.Record.History = nil, nil
	if r.Hidden != nil {
		d.Hidden = make([]uint8, len(r.Hidden))
		for i, it := range r.Hidden {
			d.Hidden[i] = uint8(it)
		}
	}
	if r.History != nil {
		d.History = make([]cardChange, len(r.History))
		for i, c := range r.History {
			d.History[i] = cardChange{At: c.At, Actor: c.Actor, Kind: uint8(c.Kind), Item: uint8(c.Item), Before: c.Before, After: c.After}
		}
	}
	return d
}

func (d cardDoc) record() card.Record {
	r := d.Record
	r.Hidden, r.History = nil, nil
	if d.Hidden != nil {
		r.Hidden = make([]card.Item, len(d.Hidden))
		for i, it := range d.Hidden {
			r.Hidden[i] = card.Item(it)
		}
	}
	if d.History != nil {
		r.History = make([]card.Change, len(d.History))
		for i, c := range d.History {
			r.History[i] = card.Change{At: c.At, Actor: c.Actor, Kind: card.ChangeKind(c.Kind), Item: card.Item(c.Item), Before: c.Before, After: c.After}
		}
	}
	return r
}

// NewCardStore returns the card store on pool (migrated by Migrate); a nil
// pool is starmap.ErrServiceDependency.
func NewCardStore(pool *pgxpool.Pool) (*CardStore, error) {
	if err := requirePool(pool, "达人名片存储", "card store"); err != nil {
		return nil, err
	}
	return &CardStore{t: newTable(pool, spec[string, cardDoc]{
		name: "cards", whatZH: "达人名片", what: "card",
		keyCols:    []string{"creator_id"},
		keyArgs:    func(id string) []any { return []any{id} },
		recKey:     func(d cardDoc) string { return d.CreatorID },
		keyText:    func(id string) string { return id },
		version:    func(d cardDoc) uint64 { return d.Version },
		setVersion: func(d *cardDoc, v uint64) { d.Version = v },
		colArgs:    func(cardDoc) []any { return nil },
	})}, nil
}

// Get implements card.Store.
func (s *CardStore) Get(ctx context.Context, creatorID string) (card.Record, error) {
	if err := ready(ctx); err != nil {
		return card.Record{}, err
	}
	d, err := s.t.get(ctx, creatorID)
	if err != nil {
		return card.Record{}, err
	}
	return d.record(), nil
}

// Create implements card.Store.
func (s *CardStore) Create(ctx context.Context, r card.Record) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.t.create(ctx, toCardDoc(r))
}

// Update implements card.Store.
func (s *CardStore) Update(ctx context.Context, r card.Record) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.t.update(ctx, toCardDoc(r))
}

// List implements card.Store: a keyset page in ascending creator id order.
func (s *CardStore) List(ctx context.Context, q card.Query) (starmap.Page[card.Record], error) {
	var none starmap.Page[card.Record]
	if err := ready(ctx); err != nil {
		return none, err
	}
	if err := q.Validate(); err != nil {
		return none, err
	}
	var w where
	if q.Cursor != "" {
		parts, err := starmap.DecodeCursor(q.Cursor, 1)
		if err != nil {
			return none, err
		}
		if !storableText(parts[0]) {
			return none, starmap.ErrCursorInvalid.New(starmap.Arg("cursor", cursorText(q.Cursor)))
		}
		w.add("creator_id > ?", parts[0])
	}
	p, err := listPage(ctx, s.t, w, "creator_id", q.PageRequest,
		func(d cardDoc) string { return starmap.EncodeCursor(d.CreatorID) })
	if err != nil {
		return none, err
	}
	out := starmap.Page[card.Record]{Items: make([]card.Record, len(p.Items)), Next: p.Next}
	for i, d := range p.Items {
		out.Items[i] = d.record()
	}
	return out, nil
}
