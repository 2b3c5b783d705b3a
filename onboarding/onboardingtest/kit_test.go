package onboardingtest

import (
	"context"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/onboarding"
)

// leaf types: compared as wholes (time.Time and decimal.Decimal by their
// Equal methods, Actor and Date as values).
var leafTypes = map[reflect.Type]bool{
	reflect.TypeOf(time.Time{}):       true,
	reflect.TypeOf(starmap.Actor{}):   true,
	reflect.TypeOf(starmap.Date{}):    true,
	reflect.TypeOf(decimal.Decimal{}): true,
}

// fieldPaths lists every field of a record type down to its leaves, a
// slice both as a whole ("Reasons") and through its elements
// ("History[].Note").
func fieldPaths(t reflect.Type, prefix string) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		p := prefix + f.Name
		if f.Name == "Version" && prefix == "" {
			continue // the store's own field, checked by the version contract
		}
		switch {
		case leafTypes[f.Type]:
			out = append(out, p)
		case f.Type.Kind() == reflect.Struct:
			out = append(out, fieldPaths(f.Type, p+".")...)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct && !leafTypes[f.Type.Elem()]:
			out = append(out, p)
			out = append(out, fieldPaths(f.Type.Elem(), p+"[].")...)
		default:
			out = append(out, p)
		}
	}
	return out
}

// zeroAt sets the field at path to its zero value in v (addressable),
// in every element of a slice on the way.
func zeroAt(v reflect.Value, path string) {
	head, rest, _ := strings.Cut(path, ".")
	if name, ok := strings.CutSuffix(head, "[]"); ok {
		s := v.FieldByName(name)
		for i := 0; i < s.Len(); i++ {
			zeroAt(s.Index(i), rest)
		}
		return
	}
	f := v.FieldByName(head)
	if rest == "" {
		f.Set(reflect.Zero(f.Type()))
		return
	}
	zeroAt(f, rest)
}

// isSet reports whether the field at path is non-zero (in at least one
// element of a slice on the way).
func isSet(v reflect.Value, path string) bool {
	head, rest, _ := strings.Cut(path, ".")
	if name, ok := strings.CutSuffix(head, "[]"); ok {
		s := v.FieldByName(name)
		for i := 0; i < s.Len(); i++ {
			if isSet(s.Index(i), rest) {
				return true
			}
		}
		return false
	}
	f := v.FieldByName(head)
	if rest == "" {
		return !f.IsZero()
	}
	return isSet(f, rest)
}

// TestNewSetsEveryField: record 0 of each kind sets every field, so that
// the round trip of kit.CheckVersions covers every field — including one
// added to a record after this kit was written.
func TestNewSetsEveryField(t *testing.T) {
	for _, rec := range []any{newApplication(0), newCancellation(0)} {
		v := reflect.ValueOf(rec)
		for _, p := range fieldPaths(v.Type(), "") {
			if !isSet(v, p) {
				t.Errorf("%s.%s is zero in the kit's record 0: the round trip does not cover it", v.Type().Name(), p)
			}
		}
	}
	if r := newCancellation(0); !r.Refund.Equal(decimal.RequireFromString(starmap.MaxAmountText)) {
		t.Errorf("the cancellation's refund is %s, want the largest amount %s", r.Refund, starmap.MaxAmountText)
	}
	if r := newApplication(0); r.Agency.Founded != starmap.MinDate() || r.Deadline != starmap.MaxDate() {
		t.Errorf("the application does not carry MinDate and MaxDate: %s %s", r.Agency.Founded, r.Deadline)
	}
}

// TestStoreMemstore: the reference store passes.
func TestStoreMemstore(t *testing.T) {
	TestStore(t, func() onboarding.Store { return memstore.NewOnboardingStore() })
}

// faulty is memstore with one planted fault.
type faulty struct {
	*memstore.OnboardingStore
	fault string
}

func (f faulty) drop(kind string, rec any) {
	if p, ok := strings.CutPrefix(f.fault, "drop:"+kind+":"); ok {
		zeroAt(reflect.ValueOf(rec).Elem(), p)
	}
}

func (f faulty) CreateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	r = r.Clone()
	f.drop("application", &r)
	return f.OnboardingStore.CreateApplication(ctx, r)
}

func (f faulty) UpdateApplication(ctx context.Context, r onboarding.ApplicationRecord) (uint64, error) {
	r = r.Clone()
	f.drop("application", &r)
	return f.OnboardingStore.UpdateApplication(ctx, r)
}

func (f faulty) CreateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	r = r.Clone()
	f.drop("cancellation", &r)
	return f.OnboardingStore.CreateCancellation(ctx, r)
}

func (f faulty) UpdateCancellation(ctx context.Context, r onboarding.CancellationRecord) (uint64, error) {
	r = r.Clone()
	f.drop("cancellation", &r)
	return f.OnboardingStore.UpdateCancellation(ctx, r)
}

func (f faulty) GetApplication(ctx context.Context, id string) (onboarding.ApplicationRecord, error) {
	if f.fault == "get_returns_nothing" {
		return onboarding.ApplicationRecord{}, nil
	}
	return f.OnboardingStore.GetApplication(ctx, id)
}

func (f faulty) ListApplications(ctx context.Context, q onboarding.ApplicationQuery) (starmap.Page[onboarding.ApplicationRecord], error) {
	switch f.fault {
	case "list_ignores_limit":
		q.Page.Limit = starmap.MaxPageLimit
	case "list_ignores_cursor":
		q.Page.Cursor = ""
	case "list_ignores_deadline":
		q.DeadlineBefore = starmap.Date{}
	case "list_ignores_subject":
		q.Subject = ""
	case "list_reversed":
		p, err := f.OnboardingStore.ListApplications(ctx, q)
		sort.SliceStable(p.Items, func(i, j int) bool { return p.Items[i].ID > p.Items[j].ID })
		return p, err
	case "list_returns_nothing":
		return starmap.Page[onboarding.ApplicationRecord]{Next: "x"}, nil
	}
	return f.OnboardingStore.ListApplications(ctx, q)
}

func (f faulty) ListCancellations(ctx context.Context, q onboarding.CancellationQuery) (starmap.Page[onboarding.CancellationRecord], error) {
	switch f.fault {
	case "cancellations_panic":
		panic("planted")
	case "cancellations_ignore_state":
		q.State = 0
	}
	return f.OnboardingStore.ListCancellations(ctx, q)
}

// faults plants one fault each: every field of every record kind dropped
// on write, and the list, load and panic faults above.
func faults() []string {
	out := []string{"get_returns_nothing", "list_ignores_limit", "list_ignores_cursor", "list_ignores_deadline",
		"list_ignores_subject", "list_reversed", "list_returns_nothing", "cancellations_panic", "cancellations_ignore_state"}
	for _, p := range fieldPaths(reflect.TypeOf(onboarding.ApplicationRecord{}), "") {
		out = append(out, "drop:application:"+p)
	}
	for _, p := range fieldPaths(reflect.TypeOf(onboarding.CancellationRecord{}), "") {
		out = append(out, "drop:cancellation:"+p)
	}
	return out
}

const faultEnv = "ONBOARDINGTEST_FAULT"

// faultRun is the part of the kit a child runs for a fault: the round
// trip of its kind for a dropped field, the lists for a list fault,
// everything otherwise — so that 60 children stay quick under -race.
func faultRun(fault string) string {
	const top = "^TestKitCatchesBrokenStores$"
	switch {
	case strings.HasPrefix(fault, "drop:application:"):
		return top + "/^versions$/^application$/^create_at_version_1$"
	case strings.HasPrefix(fault, "drop:cancellation:"):
		return top + "/^versions$/^cancellation$/^create_at_version_1$"
	case strings.HasPrefix(fault, "list_"):
		return top + "/^applications$"
	case strings.HasPrefix(fault, "cancellations_"):
		return top + "/^cancellations$"
	}
	return top
}

// TestKitCatchesBrokenStores runs the kit on memstore with each planted
// fault, in a child process of this test binary, and wants every run to
// fail by reporting — never to pass, never to panic.
func TestKitCatchesBrokenStores(t *testing.T) {
	if fault := os.Getenv(faultEnv); fault != "" {
		TestStore(t, func() onboarding.Store { return faulty{memstore.NewOnboardingStore(), fault} })
		return
	}
	fs := faults()
	if testing.Short() {
		fs = fs[:12]
	}
	t.Logf("planting %d faults", len(fs))
	for _, fault := range fs {
		t.Run(fault, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run="+faultRun(fault))
			cmd.Env = append(os.Environ(), faultEnv+"="+fault)
			out, err := cmd.CombinedOutput()
			switch {
			case err == nil:
				t.Errorf("the kit passed a store that has the fault %s", fault)
			case strings.Contains(string(out), "goroutine ") && strings.Contains(string(out), "[running]"):
				t.Errorf("the kit panicked on the fault %s:\n%s", fault, out)
			case !strings.Contains(string(out), "--- FAIL"):
				t.Errorf("the kit did not report the fault %s as a failing test:\n%s", fault, out)
			}
			if _, ok := err.(*exec.ExitError); err != nil && !ok {
				t.Errorf("running the child: %v", err)
			}
		})
	}
}
