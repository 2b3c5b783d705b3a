package pgstore

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
)

// MCNStore is mcn.Store on PostgreSQL: one row of table mcn_books
// (migration 0030) per creator, the book — every signing of the creator
// and the history — whole as jsonb, so that one compare-and-swap covers
// every signing of a creator (MCN-1). The list filters look inside the
// book's signings; the row keeps what SQL needs to answer them with an
// index, derived from the book and written by the same statement as its
// document:
//
//   - sig_keys (text[], GIN index mcn_books_sig_keys): for each signing,
//     one key for each combination of the properties mcn.Query filters
//     on — its MCN, its state, each account it covers — so that a query's
//     filters, which must all hold of one signing, are one key, and the
//     book is selected when sig_keys contains it (sig_keys @> ARRAY[key]);
//   - open_end (date, partial btree mcn_books_open_end): the earliest End
//     of the book's proposed or active signings, NULL when none is open:
//     Expiring is open_end < the day.
//
// List pages in creator id order (bytewise, text COLLATE "C"). Every
// method runs in the host's transaction when ctx carries one (WithTx).
type MCNStore struct {
	t *table[string, mcn.Record]
}

var _ mcn.Store = (*MCNStore)(nil)

// NewMCNStore returns the MCN store on pool (migrated by Migrate); a nil
// pool is starmap.ErrServiceDependency.
func NewMCNStore(pool *pgxpool.Pool) (*MCNStore, error) {
	if err := requirePool(pool, "签约簿存储", "signing book store"); err != nil {
		return nil, err
	}
	return &MCNStore{t: newTable(pool, spec[string, mcn.Record]{
		name: "mcn_books", whatZH: "签约簿", what: "signing book",
		keyCols:    []string{"creator"},
		keyArgs:    func(id string) []any { return []any{id} },
		recKey:     func(r mcn.Record) string { return r.Creator },
		keyText:    func(id string) string { return id },
		version:    func(r mcn.Record) uint64 { return r.Version },
		setVersion: func(r *mcn.Record, v uint64) { r.Version = v },
		cols:       []string{"sig_keys", "open_end"},
		colArgs:    func(r mcn.Record) []any { return []any{bookKeys(r), openEnd(r)} },
	})}, nil
}

// The kinds of signing keys: which of the filters (MCN, state, account)
// the key names.
const (
	keyM   = "m"
	keyS   = "s"
	keyMS  = "ms"
	keyA   = "a"
	keyMA  = "ma"
	keySA  = "sa"
	keyMSA = "msa"
)

// signingKey is one key of sig_keys: its kind, then each part as its
// length and its text, so that no two different part lists write the same
// key whatever the ids hold.
func signingKey(kind string, parts ...string) string {
	var b strings.Builder
	b.WriteString(kind)
	for _, p := range parts {
		b.WriteByte(';')
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

func stateText(s mcn.State) string { return strconv.Itoa(int(s)) }

func accountParts(a mcn.Account) []string {
	return []string{strconv.Itoa(int(a.Platform)), a.ID}
}

// bookKeys is the sig_keys column of a book: every key of every signing,
// sorted, each once.
func bookKeys(r mcn.Record) []string {
	keys := []string{}
	for _, s := range r.Signings {
		st := stateText(s.State)
		keys = append(keys, signingKey(keyM, s.MCN), signingKey(keyS, st), signingKey(keyMS, s.MCN, st))
		for _, a := range s.Accounts {
			ap := accountParts(a)
			keys = append(keys,
				signingKey(keyA, ap...),
				signingKey(keyMA, append([]string{s.MCN}, ap...)...),
				signingKey(keySA, append([]string{st}, ap...)...),
				signingKey(keyMSA, append([]string{s.MCN, st}, ap...)...))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// queryKey is the one key a book must hold for q's signing filters, ""
// when q names none.
func queryKey(q mcn.Query) string {
	var kind string
	var parts []string
	if q.MCN != "" {
		kind += "m"
		parts = append(parts, q.MCN)
	}
	if q.State != 0 {
		kind += "s"
		parts = append(parts, stateText(q.State))
	}
	if !q.Account.IsZero() {
		kind += "a"
		parts = append(parts, accountParts(q.Account)...)
	}
	if kind == "" {
		return ""
	}
	return signingKey(kind, parts...)
}

// openEnd is the open_end column: the earliest End of the book's proposed
// or active signings ("-infinity" for a zero End, which mcn.Query counts
// as before every day), NULL when none is open.
func openEnd(r mcn.Record) any {
	var first *starmap.Date
	for i, s := range r.Signings {
		if s.State != mcn.StateProposed && s.State != mcn.StateActive {
			continue
		}
		if first == nil || s.End.Before(*first) {
			first = &r.Signings[i].End
		}
	}
	switch {
	case first == nil:
		return nil
	case first.IsZero():
		return "-infinity"
	}
	return first.String()
}

// Get implements mcn.Store.
func (s *MCNStore) Get(ctx context.Context, creator string) (mcn.Record, error) {
	if err := ready(ctx); err != nil {
		return mcn.Record{}, err
	}
	if !storableText(creator) {
		return mcn.Record{}, s.t.notFound(creator)
	}
	return s.t.get(ctx, creator)
}

// Create implements mcn.Store.
func (s *MCNStore) Create(ctx context.Context, r mcn.Record) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.t.create(ctx, r)
}

// Update implements mcn.Store.
func (s *MCNStore) Update(ctx context.Context, r mcn.Record) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.t.update(ctx, r)
}

// List implements mcn.Store: the books q selects (mcn.Query.Matches), a
// keyset page in ascending creator id order.
func (s *MCNStore) List(ctx context.Context, q mcn.Query) (starmap.Page[mcn.Record], error) {
	var none starmap.Page[mcn.Record]
	if err := ready(ctx); err != nil {
		return none, err
	}
	if err := q.PageRequest.Validate(); err != nil {
		return none, err
	}
	after, err := mcn.ReadCursor(q.Cursor)
	if err != nil {
		return none, err
	}
	var w where
	if q.Cursor != "" {
		if !storableText(after) {
			return none, starmap.ErrCursorInvalid.New(starmap.Arg("cursor", cursorText(q.Cursor)))
		}
		w.add("creator > ?", after)
	}
	if k := queryKey(q); k != "" {
		if !storableText(k) {
			return starmap.Page[mcn.Record]{Items: []mcn.Record{}}, nil // no stored book holds such an id
		}
		w.add("sig_keys @> ARRAY[?::text]", k)
	}
	if !q.Expiring.IsZero() {
		w.add("open_end < ?::date", q.Expiring.String())
	}
	return listPage(ctx, s.t, w, "creator", q.PageRequest,
		func(r mcn.Record) string { return mcn.CursorAfter(r.Creator) })
}
