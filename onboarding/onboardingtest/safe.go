package onboardingtest

import (
	"context"
	"fmt"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// safeStore hands every call to the store under test and turns a panic
// into an error, so that a broken store fails the kit's checks instead of
// aborting the whole test binary.
type safeStore struct{ s onboarding.Store }

func guarded[T any](op string, f func() (T, error)) (out T, err error) {
	defer func() {
		if p := recover(); p != nil {
			var zero T
			out, err = zero, fmt.Errorf("onboardingtest: the store panicked in %s: %v", op, p)
		}
	}()
	return f()
}

func (g safeStore) GetApplication(ctx context.Context, id string) (onboarding.ApplicationRecord, error) {
	return guarded("GetApplication", func() (onboarding.ApplicationRecord, error) { return g.s.GetApplication(ctx, id) })
}

func (g safeStore) CreateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	return guarded("CreateApplication", func() (uint64, error) { return g.s.CreateApplication(ctx, r) })
}

func (g safeStore) UpdateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	return guarded("UpdateApplication", func() (uint64, error) { return g.s.UpdateApplication(ctx, r) })
}

func (g safeStore) ListApplications(ctx context.Context, q onboarding.ApplicationQuery) (starmap.Page[onboarding.ApplicationRecord], error) {
	return guarded("ListApplications", func() (starmap.Page[onboarding.ApplicationRecord], error) { return g.s.ListApplications(ctx, q) })
}

func (g safeStore) GetCancellation(ctx context.Context, id string) (onboarding.CancellationRecord, error) {
	return guarded("GetCancellation", func() (onboarding.CancellationRecord, error) { return g.s.GetCancellation(ctx, id) })
}

func (g safeStore) CreateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	return guarded("CreateCancellation", func() (uint64, error) { return g.s.CreateCancellation(ctx, r) })
}

func (g safeStore) UpdateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	return guarded("UpdateCancellation", func() (uint64, error) { return g.s.UpdateCancellation(ctx, r) })
}

func (g safeStore) ListCancellations(ctx context.Context, q onboarding.CancellationQuery) (starmap.Page[onboarding.CancellationRecord], error) {
	return guarded("ListCancellations", func() (starmap.Page[onboarding.CancellationRecord], error) { return g.s.ListCancellations(ctx, q) })
}
