package pgstore

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// OnboardingStore is onboarding.Store on PostgreSQL: applications in
// onboarding_applications and cancellations in onboarding_cancellations
// (migration 0004), with kind, state, subject, submission instant and
// deadline (applications), state and refund (numeric; cancellations) as
// columns and each record whole as jsonb. Every method runs in the host's
// transaction when ctx carries one (WithTx).
type OnboardingStore struct {
	apps    *table[string, onboarding.ApplicationRecord]
	cancels *table[string, onboarding.CancellationRecord]
}

var _ onboarding.Store = (*OnboardingStore)(nil)

// NewOnboardingStore returns the onboarding store on pool (migrated by
// Migrate); a nil pool is starmap.ErrServiceDependency.
func NewOnboardingStore(pool *pgxpool.Pool) (*OnboardingStore, error) {
	if err := requirePool(pool, "入驻存储", "onboarding store"); err != nil {
		return nil, err
	}
	return &OnboardingStore{
		apps: newTable(pool, spec[string, onboarding.ApplicationRecord]{
			name: "onboarding_applications", whatZH: "入驻申请", what: "application",
			keyCols:    []string{"id"},
			keyArgs:    func(id string) []any { return []any{id} },
			recKey:     func(r onboarding.ApplicationRecord) string { return r.ID },
			keyText:    func(id string) string { return id },
			version:    func(r onboarding.ApplicationRecord) uint64 { return r.Version },
			setVersion: func(r *onboarding.ApplicationRecord, v uint64) { r.Version = v },
			cols:       []string{"kind", "state", "subject", "submitted_sec", "submitted_nsec", "deadline"},
			colArgs: func(r onboarding.ApplicationRecord) []any {
				return []any{int16(r.Kind), int16(r.State), r.Subject(),
					r.SubmittedAt.Unix(), int32(r.SubmittedAt.Nanosecond()), dateArg(r.Deadline)}
			},
		}),
		cancels: newTable(pool, spec[string, onboarding.CancellationRecord]{
			name: "onboarding_cancellations", whatZH: "销户申请", what: "cancellation",
			keyCols:    []string{"id"},
			keyArgs:    func(id string) []any { return []any{id} },
			recKey:     func(r onboarding.CancellationRecord) string { return r.ID },
			keyText:    func(id string) string { return id },
			version:    func(r onboarding.CancellationRecord) uint64 { return r.Version },
			setVersion: func(r *onboarding.CancellationRecord, v uint64) { r.Version = v },
			cols:       []string{"state", "refund"},
			colArgs: func(r onboarding.CancellationRecord) []any {
				return []any{int16(r.State), r.Refund.String()}
			},
		}),
	}, nil
}

// dateArg is a date column's value: its 2006-01-02 text, NULL for the
// zero Date.
func dateArg(d starmap.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// GetApplication implements onboarding.Store.
func (s *OnboardingStore) GetApplication(ctx context.Context, id string) (onboarding.ApplicationRecord, error) {
	if err := ready(ctx); err != nil {
		return onboarding.ApplicationRecord{}, err
	}
	return s.apps.get(ctx, id)
}

// CreateApplication implements onboarding.Store.
func (s *OnboardingStore) CreateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.apps.create(ctx, r)
}

// UpdateApplication implements onboarding.Store.
func (s *OnboardingStore) UpdateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.apps.update(ctx, r)
}

// ListApplications implements onboarding.Store: the records q selects in
// the order of SubmittedAt, then ID, after the position of q's cursor.
func (s *OnboardingStore) ListApplications(ctx context.Context, q onboarding.ApplicationQuery) (starmap.Page[onboarding.ApplicationRecord], error) {
	var none starmap.Page[onboarding.ApplicationRecord]
	if err := ready(ctx); err != nil {
		return none, err
	}
	if err := q.Page.Validate(); err != nil {
		return none, err
	}
	var w where
	if q.State != 0 {
		w.add("state = ?", int16(q.State))
	}
	if q.Kind != 0 {
		w.add("kind = ?", int16(q.Kind))
	}
	if q.Subject != "" {
		w.add("subject = ?", q.Subject)
	}
	if !q.DeadlineBefore.IsZero() {
		w.add("deadline < ?::date", q.DeadlineBefore.String())
	}
	if q.Page.Cursor != "" {
		sec, nsec, id, err := instantCursor(q.Page.Cursor)
		if err != nil {
			return none, err
		}
		w.add("(submitted_sec, submitted_nsec, id) > (?, ?, ?)", sec, int32(nsec), id)
	}
	return listPage(ctx, s.apps, w, "submitted_sec, submitted_nsec, id", q.Page,
		func(r onboarding.ApplicationRecord) string { return instantCursorOf(r.SubmittedAt, r.ID) })
}

// instantCursorOf is the cursor of a position (an instant, then an id):
// Unix seconds and nanoseconds in decimal, and the id
// (onboarding.Store, component.Query).
func instantCursorOf(at time.Time, id string) string {
	return starmap.EncodeCursor(strconv.FormatInt(at.Unix(), 10), strconv.Itoa(at.Nanosecond()), id)
}

// instantCursor reads a cursor instantCursorOf wrote, in canonical
// decimal; any other text is starmap.ErrCursorInvalid.
func instantCursor(c string) (sec int64, nsec int, id string, err error) {
	bad := starmap.ErrCursorInvalid.New(starmap.Arg("cursor", cursorText(c)))
	parts, err := starmap.DecodeCursor(c, 3)
	if err != nil {
		return 0, 0, "", bad
	}
	if !storableText(parts[2]) {
		return 0, 0, "", bad
	}
	sec, err1 := strconv.ParseInt(parts[0], 10, 64)
	nsec, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || nsec < 0 || nsec >= int(time.Second) ||
		strconv.FormatInt(sec, 10) != parts[0] || strconv.Itoa(nsec) != parts[1] {
		return 0, 0, "", bad
	}
	return sec, nsec, parts[2], nil
}

// storableText reports whether PostgreSQL can take s as text: valid
// UTF-8 without NUL. No stored id is anything else, so a cursor naming one
// is forged: starmap.ErrCursorInvalid, not the server's encoding error.
func storableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// cursorText keeps an absurdly long cursor out of an error message.
func cursorText(s string) string {
	if len(s) > 64 {
		return strings.ToValidUTF8(s[:64], "") + "…"
	}
	return s
}

// GetCancellation implements onboarding.Store.
func (s *OnboardingStore) GetCancellation(ctx context.Context, id string) (onboarding.CancellationRecord, error) {
	if err := ready(ctx); err != nil {
		return onboarding.CancellationRecord{}, err
	}
	return s.cancels.get(ctx, id)
}

// CreateCancellation implements onboarding.Store.
func (s *OnboardingStore) CreateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.cancels.create(ctx, r)
}

// UpdateCancellation implements onboarding.Store.
func (s *OnboardingStore) UpdateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	if err := ready(ctx); err != nil {
		return 0, err
	}
	return s.cancels.update(ctx, r)
}

// ListCancellations implements onboarding.Store: the records q selects in
// id order, after the cursor's id.
func (s *OnboardingStore) ListCancellations(ctx context.Context, q onboarding.CancellationQuery) (starmap.Page[onboarding.CancellationRecord], error) {
	var none starmap.Page[onboarding.CancellationRecord]
	if err := ready(ctx); err != nil {
		return none, err
	}
	if err := q.Page.Validate(); err != nil {
		return none, err
	}
	var w where
	if q.State != 0 {
		w.add("state = ?", int16(q.State))
	}
	if q.Page.Cursor != "" {
		parts, err := starmap.DecodeCursor(q.Page.Cursor, 1)
		if err != nil || !storableText(parts[0]) {
			return none, starmap.ErrCursorInvalid.New(starmap.Arg("cursor", cursorText(q.Page.Cursor)))
		}
		w.add("id > ?", parts[0])
	}
	return listPage(ctx, s.cancels, w, "id", q.Page,
		func(r onboarding.CancellationRecord) string { return starmap.EncodeCursor(r.ID) })
}
