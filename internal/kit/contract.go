package kit

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/starmap-go/starmap"
)

// Records describes one aggregate kind of a store to CheckVersions: its
// three compare-and-swap operations and how to make, change and read
// its records. Every func is required unless it says otherwise.
type Records[K comparable, R any] struct {
	// Kind names the record kind in failure messages ("grant").
	Kind string

	Get    func(ctx context.Context, key K) (R, error)
	Create func(ctx context.Context, rec R) (uint64, error)
	Update func(ctx context.Context, rec R) (uint64, error)

	// New returns a valid record with a key of its own for each i ≥ 0;
	// New(0) must set every field of the record, each of its kinds of
	// sub-record and the extremes the library accepts (the largest amount,
	// MinDate and MaxDate), so that a store that drops or narrows a field
	// fails the round trip.
	New func(i int) R
	// Key returns the record's key.
	Key func(R) K
	// Version reads the record's version; WithVersion returns it at v.
	Version     func(R) uint64
	WithVersion func(R, uint64) R
	// Change returns the record with a visible difference (a new note,
	// one more history entry), different for each i.
	Change func(rec R, i int) R
	// Scribble overwrites, in place, everything the record reaches through
	// a reference (slice elements, map entries, pointees): the aliasing
	// check calls it on what it passed to and got from the store.
	Scribble func(rec *R)
	// Options are extra cmp options for comparing records (optional).
	Options []cmp.Option
}

// CheckVersions runs the one version contract of the SDK (the root's X-8)
// on one record kind of a store: Create stores version 1 whatever version
// it is given and refuses a key that exists with ErrConflict; a stale
// Update is ErrConflict and writes nothing; an Update of a missing key is
// ErrNotFound; Get of a missing key is ErrNotFound; an Update at a version
// ahead of the store is ErrConflict; a refused Create leaves the record as
// it was; exactly one of many
// concurrent writers of one version wins (Hammer); every field round-trips;
// no memory is shared with the caller. Each call of New must give keys no
// earlier call in the same store used: CheckVersions uses New(0) … New(99)
// and hands New the offset base+i, so a kit that checks several kinds on one
// store passes distinct bases.
func CheckVersions[K comparable, R any](t *testing.T, base int, r Records[K, R]) {
	t.Helper()
	ctx := context.Background()
	opts := append([]cmp.Option{cmpopts.EquateEmpty(), cmp.Comparer(func(a, b starmap.Date) bool { return a == b })}, r.Options...)
	same := func(t *testing.T, label string, want, got R) {
		t.Helper()
		if d := cmp.Diff(r.WithVersion(want, 0), r.WithVersion(got, 0), opts...); d != "" {
			t.Errorf("%s %s: stored and loaded differ (-stored +loaded):\n%s", r.Kind, label, d)
		}
	}
	n := func(i int) R { return r.New(base + i) }

	t.Run(r.Kind+"/create_at_version_1", func(t *testing.T) {
		rec := r.WithVersion(n(0), 42)
		v, err := r.Create(ctx, rec)
		if err != nil || v != 1 {
			t.Fatalf("Create = %d, %v; want version 1", v, err)
		}
		got, err := r.Get(ctx, r.Key(rec))
		if err != nil {
			t.Fatalf("Get after Create: %v", err)
		}
		if r.Version(got) != 1 {
			t.Errorf("loaded version %d, want 1", r.Version(got))
		}
		same(t, "round trip of every field", rec, got)
		if _, err := r.Create(ctx, r.Change(n(0), 0)); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("Create of an existing key = %v, want ErrConflict", err)
		}
		if again, err := r.Get(ctx, r.Key(rec)); err != nil || r.Version(again) != 1 {
			t.Errorf("after a refused Create: version %d, %v; want 1", r.Version(again), err)
		} else {
			same(t, "after a refused create", rec, again)
		}
	})

	t.Run(r.Kind+"/stale_and_missing", func(t *testing.T) {
		rec := n(1)
		if _, err := r.Create(ctx, rec); err != nil {
			t.Fatalf("Create: %v", err)
		}
		v1 := r.WithVersion(rec, 1)
		v2, err := r.Update(ctx, r.Change(v1, 1))
		if err != nil || v2 != 2 {
			t.Fatalf("Update at version 1 = %d, %v; want 2", v2, err)
		}
		if _, err := r.Update(ctx, r.Change(v1, 2)); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("stale Update = %v, want ErrConflict", err)
		}
		if _, err := r.Update(ctx, r.WithVersion(r.Change(v1, 3), 7)); !errors.Is(err, starmap.ErrConflict) {
			t.Errorf("Update at a version ahead of the store = %v, want ErrConflict", err)
		}
		got, err := r.Get(ctx, r.Key(rec))
		if err != nil || r.Version(got) != 2 {
			t.Fatalf("after a stale Update: version %d, %v; want 2", r.Version(got), err)
		}
		same(t, "after a refused stale update", r.Change(v1, 1), got)
		missing := n(2)
		if _, err := r.Update(ctx, r.WithVersion(missing, 1)); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("Update of a missing key = %v, want ErrNotFound", err)
		}
		if _, err := r.Get(ctx, r.Key(missing)); !errors.Is(err, starmap.ErrNotFound) {
			t.Errorf("Get of a missing key = %v, want ErrNotFound", err)
		}
	})

	t.Run(r.Kind+"/no_shared_memory", func(t *testing.T) {
		rec := n(3)
		keep := n(3)
		if _, err := r.Create(ctx, rec); err != nil {
			t.Fatalf("Create: %v", err)
		}
		r.Scribble(&rec)
		got, err := r.Get(ctx, r.Key(keep))
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		same(t, "after the caller changed what it created", keep, got)
		r.Scribble(&got)
		again, err := r.Get(ctx, r.Key(keep))
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		same(t, "after the caller changed what it loaded", keep, again)
		up := r.Change(r.WithVersion(keep, 1), 3)
		want := r.Change(r.WithVersion(n(3), 1), 3)
		if _, err := r.Update(ctx, up); err != nil {
			t.Fatalf("Update: %v", err)
		}
		r.Scribble(&up)
		got, err = r.Get(ctx, r.Key(keep))
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		same(t, "after the caller changed what it updated", want, got)
	})

	t.Run(r.Kind+"/one_winner", func(t *testing.T) {
		for round := 0; round < HammerRounds; round++ {
			rec := n(10 + round)
			if _, err := r.Create(ctx, rec); err != nil {
				t.Fatalf("Create: %v", err)
			}
			at := r.WithVersion(rec, 1)
			writes := make([]R, HammerWriters)
			for i := range writes {
				writes[i] = r.Change(at, i)
			}
			Hammer(t, fmt.Sprintf("%s round %d", r.Kind, round), HammerWriters, func(i int) error {
				_, err := r.Update(ctx, writes[i])
				return err
			})
		}
	})
}

// UnsetFields names the fields of rec (a record struct) left at their zero
// value — for a slice of structs, the fields zero in every element —
// looking into the structs of rec's own package and taking other values
// (dates, actors, instants, decimals) whole. Version is left out: it is
// the store's to set. A kit calls it on the record that New(0) returns, so
// that a field added to a record later fails the kit until the fixture
// sets it, and so the round trip covers it.
func UnsetFields(rec any) []string {
	v := reflect.ValueOf(rec)
	if v.Kind() != reflect.Struct {
		return []string{"(not a struct)"}
	}
	return unsetFields(v, v.Type().Name(), v.Type().PkgPath())
}

func unsetFields(v reflect.Value, path, pkg string) []string {
	var out []string
	for i := 0; i < v.NumField(); i++ {
		f, field := v.Field(i), v.Type().Field(i)
		name := path + "." + field.Name
		switch {
		case field.Name == "Version" || !field.IsExported():
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct && f.Type().Elem().PkgPath() == pkg:
			if f.Len() == 0 {
				out = append(out, name)
				continue
			}
			elem := f.Type().Elem()
			for j := 0; j < elem.NumField(); j++ {
				if !elem.Field(j).IsExported() {
					continue
				}
				set := false
				for k := 0; k < f.Len() && !set; k++ {
					set = !f.Index(k).Field(j).IsZero()
				}
				if !set {
					out = append(out, name+"[]."+elem.Field(j).Name)
				}
			}
		case f.Kind() == reflect.Struct && f.Type().PkgPath() == pkg:
			out = append(out, unsetFields(f, name, pkg)...)
		case f.IsZero():
			out = append(out, name)
		}
	}
	return out
}
