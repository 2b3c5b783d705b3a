package memstore

import (
	"context"

	"github.com/starmap-go/starmap/onboarding"
)

// OnboardingStore is the in-memory onboarding.Store: race-safe, versioned
// (create at 1, compare-and-swap updates), never sharing memory with
// callers.
type OnboardingStore struct {
	apps    *table[string, onboarding.ApplicationRecord]
	cancels *table[string, onboarding.CancellationRecord]
}

var (
	_ onboarding.Store             = (*OnboardingStore)(nil)
	_ onboarding.CancellationStore = (*OnboardingStore)(nil)
)

// NewOnboardingStore returns an empty store.
func NewOnboardingStore() *OnboardingStore {
	return &OnboardingStore{
		apps:    newTable[string]("入驻申请", "application", onboarding.ApplicationRecord.Clone),
		cancels: newTable[string]("销户申请", "cancellation", onboarding.CancellationRecord.Clone),
	}
}

// CreateApplication implements onboarding.Store.
func (s *OnboardingStore) CreateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	r.Version = 1
	return s.apps.create(r.ID, r)
}

// GetApplication implements onboarding.Store.
func (s *OnboardingStore) GetApplication(ctx context.Context, id string) (onboarding.ApplicationRecord, error) {
	if err := ctx.Err(); err != nil {
		return onboarding.ApplicationRecord{}, err
	}
	r, v, err := s.apps.get(id)
	r.Version = v
	return r, err
}

// UpdateApplication implements onboarding.Store.
func (s *OnboardingStore) UpdateApplication(ctx context.Context, r onboarding.ApplicationRecord, expected uint64) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	r.Version = expected + 1
	return s.apps.update(r.ID, r, expected)
}

// ListApplications implements onboarding.Store.
func (s *OnboardingStore) ListApplications(ctx context.Context, f onboarding.ApplicationFilter) ([]onboarding.ApplicationRecord, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rs, vs := s.apps.list(f.Match, func(a, b onboarding.ApplicationRecord) bool {
		if !a.SubmittedAt.Equal(b.SubmittedAt) {
			return a.SubmittedAt.Before(b.SubmittedAt)
		}
		return a.ID < b.ID
	})
	for i := range rs {
		rs[i].Version = vs[i]
	}
	return rs, nil
}

// CreateCancellation implements onboarding.CancellationStore.
func (s *OnboardingStore) CreateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	r.Version = 1
	return s.cancels.create(r.ID, r)
}

// GetCancellation implements onboarding.CancellationStore.
func (s *OnboardingStore) GetCancellation(ctx context.Context, id string) (onboarding.CancellationRecord, error) {
	if err := ctx.Err(); err != nil {
		return onboarding.CancellationRecord{}, err
	}
	r, v, err := s.cancels.get(id)
	r.Version = v
	return r, err
}

// UpdateCancellation implements onboarding.CancellationStore.
func (s *OnboardingStore) UpdateCancellation(ctx context.Context, r onboarding.CancellationRecord, expected uint64) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	r.Version = expected + 1
	return s.cancels.update(r.ID, r, expected)
}
