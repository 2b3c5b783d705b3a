package memstore_test

import (
	"testing"

	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/onboarding/onboardingtest"
)

func TestOnboardingStore(t *testing.T) {
	onboardingtest.TestStore(t, func() onboarding.Store { return memstore.NewOnboardingStore() })
}

func TestOnboardingCancellationStore(t *testing.T) {
	onboardingtest.TestCancellationStore(t, func() onboarding.CancellationStore { return memstore.NewOnboardingStore() })
}
