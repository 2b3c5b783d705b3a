package memstore

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// OnboardingStore is the in-memory onboarding.Store: race-safe, versioned
// (create at 1, compare-and-swap updates), never sharing memory with
// callers. Its zero value is an empty store ready to use; a nil
// *OnboardingStore answers every method with starmap.ErrServiceDependency.
type OnboardingStore struct {
	once    sync.Once
	lg      logged
	apps    *table[string, onboarding.ApplicationRecord]
	cancels *table[string, onboarding.CancellationRecord]
}

var _ onboarding.Store = (*OnboardingStore)(nil)

// NewOnboardingStore returns an empty store, appending to its own event log
// unless WithLog names a shared one.
func NewOnboardingStore(opts ...Option) *OnboardingStore {
	return &OnboardingStore{lg: logged{l: logOf(opts)}}
}

// Log returns the event log the store appends to (OPS-1).
func (s *OnboardingStore) Log() *Log {
	if s == nil {
		return nil
	}
	return s.lg.log()
}

// ready makes the tables on first use and checks the context.
func (s *OnboardingStore) ready(ctx context.Context) error {
	if s == nil {
		return starmap.ErrServiceDependency.New(starmap.LabeledArg("what", "入驻存储", "onboarding store"))
	}
	if ctx == nil {
		return starmap.ErrContextMissing.New()
	}
	s.once.Do(func() {
		s.apps = newTable[string]("入驻申请", "application", onboarding.ApplicationRecord.Clone, s.lg.log())
		s.cancels = newTable[string]("销户申请", "cancellation", onboarding.CancellationRecord.Clone, s.lg.log())
	})
	return starmap.CheckContext(ctx)
}

// CreateApplication implements onboarding.Store.
func (s *OnboardingStore) CreateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	r.Version = 1
	return s.apps.create(r.ID, r, starmap.PendingEvents(ctx))
}

// GetApplication implements onboarding.Store.
func (s *OnboardingStore) GetApplication(ctx context.Context, id string) (onboarding.ApplicationRecord, error) {
	if err := s.ready(ctx); err != nil {
		return onboarding.ApplicationRecord{}, err
	}
	r, v, err := s.apps.get(id)
	r.Version = v
	return r, err
}

// UpdateApplication implements onboarding.Store.
func (s *OnboardingStore) UpdateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	read := r.Version
	r.Version = read + 1
	return s.apps.update(r.ID, r, read, starmap.PendingEvents(ctx))
}

// ListApplications implements onboarding.Store: the records q selects
// ordered by SubmittedAt, then ID, after the keyset position of q's cursor.
func (s *OnboardingStore) ListApplications(ctx context.Context, q onboarding.ApplicationQuery) (starmap.Page[onboarding.ApplicationRecord], error) {
	var page starmap.Page[onboarding.ApplicationRecord]
	if err := s.ready(ctx); err != nil {
		return page, err
	}
	if err := q.Page.Validate(); err != nil {
		return page, err
	}
	var after *appPos
	if q.Page.Cursor != "" {
		p, err := parseAppCursor(q.Page.Cursor)
		if err != nil {
			return page, err
		}
		after = &p
	}
	rs, vs := s.apps.list(func(r onboarding.ApplicationRecord) bool {
		return matchApplication(q, r) && (after == nil || after.less(appPosOf(r)))
	}, func(a, b onboarding.ApplicationRecord) bool { return appPosOf(a).less(appPosOf(b)) })
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return cutOnboardingPage(rs, q.Page.EffectiveLimit(), func(r onboarding.ApplicationRecord) string { return appPosOf(r).cursor() }), nil
}

// matchApplication is the query's selection (memstore's own: the query is
// a plain value and each store reads it its own way).
func matchApplication(q onboarding.ApplicationQuery, r onboarding.ApplicationRecord) bool {
	return (q.State == 0 || r.State == q.State) &&
		(q.Kind == 0 || r.Kind == q.Kind) &&
		(q.Subject == "" || r.Subject() == q.Subject) &&
		(q.DeadlineBefore.IsZero() || (!r.Deadline.IsZero() && r.Deadline.Before(q.DeadlineBefore)))
}

// appPos is an application's position in the list order: the submission
// instant as Unix seconds and nanoseconds (exact for every time.Time,
// whatever its zone), then the id.
type appPos struct {
	sec  int64
	nsec int
	id   string
}

func appPosOf(r onboarding.ApplicationRecord) appPos {
	return appPos{r.SubmittedAt.Unix(), r.SubmittedAt.Nanosecond(), r.ID}
}

func (p appPos) less(q appPos) bool {
	switch {
	case p.sec != q.sec:
		return p.sec < q.sec
	case p.nsec != q.nsec:
		return p.nsec < q.nsec
	}
	return p.id < q.id
}

// cursor is the documented cursor of the position (onboarding.Store).
func (p appPos) cursor() string {
	return starmap.EncodeCursor(strconv.FormatInt(p.sec, 10), strconv.Itoa(p.nsec), p.id)
}

// parseAppCursor reads a cursor written by cursor, refusing any other
// text with starmap.ErrCursorInvalid (a forged position is only a
// position: it reveals nothing and selects nothing extra).
func parseAppCursor(c string) (appPos, error) {
	bad := starmap.ErrCursorInvalid.New(starmap.Arg("cursor", onboardingCursorText(c)))
	parts, err := starmap.DecodeCursor(c, 3)
	if err != nil {
		return appPos{}, bad
	}
	sec, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || strconv.FormatInt(sec, 10) != parts[0] {
		return appPos{}, bad
	}
	nsec, err := strconv.Atoi(parts[1])
	if err != nil || strconv.Itoa(nsec) != parts[1] || nsec < 0 || nsec >= int(time.Second) {
		return appPos{}, bad
	}
	return appPos{sec, nsec, parts[2]}, nil
}

// onboardingCursorText keeps an absurdly long cursor out of an error message.
func onboardingCursorText(s string) string {
	if len(s) > 64 {
		return strings.ToValidUTF8(s[:64], "") + "…"
	}
	return s
}

// cutOnboardingPage takes the first limit records and, when more remain, the cursor of
// the last one taken.
func cutOnboardingPage[R any](rs []R, limit int, cursor func(R) string) starmap.Page[R] {
	if len(rs) <= limit {
		return starmap.Page[R]{Items: rs}
	}
	rs = rs[:limit:limit]
	return starmap.Page[R]{Items: rs, Next: cursor(rs[limit-1])}
}

// CreateCancellation implements onboarding.Store.
func (s *OnboardingStore) CreateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	r.Version = 1
	return s.cancels.create(r.ID, r, starmap.PendingEvents(ctx))
}

// GetCancellation implements onboarding.Store.
func (s *OnboardingStore) GetCancellation(ctx context.Context, id string) (onboarding.CancellationRecord, error) {
	if err := s.ready(ctx); err != nil {
		return onboarding.CancellationRecord{}, err
	}
	r, v, err := s.cancels.get(id)
	r.Version = v
	return r, err
}

// UpdateCancellation implements onboarding.Store.
func (s *OnboardingStore) UpdateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	if err := s.ready(ctx); err != nil {
		return 0, err
	}
	read := r.Version
	r.Version = read + 1
	return s.cancels.update(r.ID, r, read, starmap.PendingEvents(ctx))
}

// ListCancellations implements onboarding.Store: the records q selects
// ordered by ID, after the cursor's ID.
func (s *OnboardingStore) ListCancellations(ctx context.Context, q onboarding.CancellationQuery) (starmap.Page[onboarding.CancellationRecord], error) {
	var page starmap.Page[onboarding.CancellationRecord]
	if err := s.ready(ctx); err != nil {
		return page, err
	}
	if err := q.Page.Validate(); err != nil {
		return page, err
	}
	after, hasAfter := "", false
	if q.Page.Cursor != "" {
		parts, err := starmap.DecodeCursor(q.Page.Cursor, 1)
		if err != nil {
			return page, starmap.ErrCursorInvalid.New(starmap.Arg("cursor", onboardingCursorText(q.Page.Cursor)))
		}
		after, hasAfter = parts[0], true
	}
	rs, vs := s.cancels.list(func(r onboarding.CancellationRecord) bool {
		return (q.State == 0 || r.State == q.State) && (!hasAfter || r.ID > after)
	}, func(a, b onboarding.CancellationRecord) bool { return a.ID < b.ID })
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return cutOnboardingPage(rs, q.Page.EffectiveLimit(), func(r onboarding.CancellationRecord) string { return starmap.EncodeCursor(r.ID) }), nil
}
