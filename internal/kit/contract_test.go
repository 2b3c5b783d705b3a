package kit

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
)

type item struct {
	ID      string
	Tags    []string
	Amount  decimal.Decimal
	Day     starmap.Date
	Version uint64
}

// box is a map store of items; its flags plant the faults the contract
// check must catch.
type box struct {
	mu   sync.Mutex
	rows map[string]item

	keepGivenVersion, noCAS, alias, dropDay, raceWindow bool
}

func (b *box) get(_ context.Context, id string) (item, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.rows[id]
	if !ok {
		return item{}, starmap.ErrRecordNotFound.New()
	}
	return b.copy(r), nil
}

func (b *box) copy(r item) item {
	if !b.alias {
		r.Tags = append([]string(nil), r.Tags...)
	}
	return r
}

func (b *box) create(_ context.Context, r item) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.rows[r.ID]; ok {
		return 0, starmap.ErrAlreadyExists.New()
	}
	if !b.keepGivenVersion {
		r.Version = 1
	}
	if b.dropDay {
		r.Day = starmap.Date{}
	}
	b.rows[r.ID] = b.copy(r)
	return r.Version, nil
}

func (b *box) update(_ context.Context, r item) (uint64, error) {
	b.mu.Lock()
	cur, ok := b.rows[r.ID]
	if !ok {
		b.mu.Unlock()
		return 0, starmap.ErrRecordNotFound.New()
	}
	if !b.noCAS && cur.Version != r.Version {
		b.mu.Unlock()
		return 0, starmap.ErrVersionConflict.New()
	}
	if b.raceWindow {
		// Checked under the lock, written after a window without it: the
		// narrow race a store with a read-then-write gap has.
		b.mu.Unlock()
		time.Sleep(time.Microsecond / 2)
		b.mu.Lock()
	}
	r.Version++
	if b.dropDay {
		r.Day = starmap.Date{}
	}
	b.rows[r.ID] = b.copy(r)
	b.mu.Unlock()
	return r.Version, nil
}

func (b *box) records() Records[string, item] {
	return Records[string, item]{
		Kind: "item", Get: b.get, Create: b.create, Update: b.update,
		New: func(i int) item {
			return item{ID: "item-" + strconv.Itoa(i), Tags: []string{"a", "b"},
				Amount: decimal.RequireFromString("999999999999999.99"), Day: starmap.MaxDate()}
		},
		Key:         func(r item) string { return r.ID },
		Version:     func(r item) uint64 { return r.Version },
		WithVersion: func(r item, v uint64) item { r.Version = v; return r },
		Change: func(r item, i int) item {
			r.Tags = append(append([]string(nil), r.Tags...), strconv.Itoa(i))
			return r
		},
		Scribble: func(r *item) {
			for i := range r.Tags {
				r.Tags[i] = "scribbled"
			}
		},
	}
}

var brokenBoxes = map[string]func(*box){
	"keeps_given_version": func(b *box) { b.keepGivenVersion = true },
	"no_compare_and_swap": func(b *box) { b.noCAS = true },
	"shares_memory":       func(b *box) { b.alias = true },
	"drops_a_field":       func(b *box) { b.dropDay = true },
}

const brokenBoxEnv = "KIT_BROKEN_BOX"

// TestCheckVersions_X8: the reference box passes; each box with a planted
// fault fails the check, run in a child process of this test binary.
func TestCheckVersions_X8(t *testing.T) {
	if name := os.Getenv(brokenBoxEnv); name != "" {
		b := &box{rows: map[string]item{}}
		brokenBoxes[name](b)
		CheckVersions(t, 0, b.records())
		return
	}
	CheckVersions(t, 0, (&box{rows: map[string]item{}}).records())
	for name := range brokenBoxes {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCheckVersions_X8$")
		cmd.Env = append(os.Environ(), brokenBoxEnv+"="+name)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("the check passed the broken box %s:\n%s", name, out)
		} else if _, ok := err.(*exec.ExitError); !ok {
			t.Errorf("running the check on %s: %v", name, err)
		}
	}
}

// TestHammer_catchesANarrowRace counts how many of 20 Hammer rounds catch
// a compare-and-swap whose check and write are half a microsecond apart.
// The count is logged (it depends on the scheduler); the test fails only if
// no round of 20 catches it.
func TestHammer_catchesANarrowRace(t *testing.T) {
	b := &box{rows: map[string]item{}, raceWindow: true}
	r := b.records()
	caught := 0
	for round := 0; round < 20; round++ {
		rec := r.New(round)
		if _, err := r.Create(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
		rec.Version = 1
		rt := &recorder{TB: t}
		Hammer(rt, "planted race", HammerWriters, func(int) error {
			_, err := r.Update(context.Background(), rec)
			return err
		})
		if rt.failed.Load() {
			caught++
		}
	}
	t.Logf("a half-microsecond race window was caught in %d of 20 rounds", caught)
	if caught == 0 {
		t.Fatal("Hammer never caught the planted race")
	}
}

func TestUnsetFields(t *testing.T) {
	type sub struct{ A, B int }
	type rec struct {
		ID      string
		Subs    []sub
		Inner   sub
		Day     starmap.Date
		Version uint64
	}
	full := rec{ID: "x", Subs: []sub{{A: 1}, {B: 2}}, Inner: sub{A: 1, B: 1}, Day: starmap.MaxDate()}
	if got := UnsetFields(full); len(got) != 0 {
		t.Fatalf("a full record has unset fields %v", got)
	}
	got := UnsetFields(rec{Subs: []sub{{A: 1}}, Inner: sub{B: 1}})
	want := []string{"rec.ID", "rec.Subs[].B", "rec.Inner.A", "rec.Day"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("UnsetFields = %v, want %v", got, want)
	}
}
