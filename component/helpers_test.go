package component_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
)

// The fixtures every test file of the package shares.

var (
	t0       = time.Date(2026, 3, 2, 10, 0, 0, 0, starmap.CST())
	adv      = starmap.AdvertiserActor("adv-1")
	sub      = starmap.SubAccountActor("adv-1", "sub-7")
	other    = starmap.AdvertiserActor("adv-2")
	reviewer = starmap.PlatformActor("reviewer-17")
	creator  = starmap.CreatorActor("star-3")
)

// cmpOpts compare component values: actors by ==, times by Equal (go-cmp's
// default for time.Time).
var cmpOpts = cmp.Options{cmp.Comparer(func(a, b starmap.Actor) bool { return a == b })}

// content returns valid content, different for each n.
func content(n int) component.Content {
	return component.Content{
		AppID: fmt.Sprintf("tt%016x01", uint64(n)),
		Page:  component.Page{Path: "pages/goods/detail", Query: fmt.Sprintf("sku=%d&from=xingtu", n)},
		Title: fmt.Sprintf("限时好物 %d", n),
		Icon:  fmt.Sprintf("https://img.example.com/icons/%d.png", n),
	}
}

// mustNew creates a component of adv in review.
func mustNew(t testing.TB, id string, ch starmap.Format) *component.Component {
	t.Helper()
	c, _, err := component.New(adv, t0, id, ch, content(1))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// inState brings a fresh component of adv to state s.
func inState(t testing.TB, id string, ch starmap.Format, s component.State) *component.Component {
	t.Helper()
	c := mustNew(t, id, ch)
	var err error
	switch s {
	case component.StateValid:
		_, err = c.Approve(reviewer, t0.Add(time.Hour))
	case component.StateRejected:
		_, err = c.Reject(reviewer, t0.Add(time.Hour), "图标模糊")
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantCodes fails unless err's codes are exactly want, in any order.
func wantCodes(t testing.TB, err error, want ...starmap.Code) {
	t.Helper()
	got := starmap.Codes(err)
	g := slices.Clone(got)
	w := slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Fatalf("codes = %v; want %v (err: %v)", got, want, err)
	}
}

func runes(n int, r rune) string { return strings.Repeat(string(r), n) }

// ruleErr returns the first *starmap.Error inside err.
func ruleErr(t testing.TB, err error) *starmap.Error {
	t.Helper()
	var e *starmap.Error
	if !errors.As(err, &e) {
		t.Fatalf("no rule error in %v", err)
	}
	return e
}

// newService is a Service on a fresh memstore and a manual clock at t0.
func newService(t testing.TB, opts ...component.Option) (*component.Service, *starmap.ManualClock, *memstore.ComponentStore) {
	t.Helper()
	clock := starmap.NewManualClock(t0)
	store := memstore.NewComponentStore()
	svc, err := component.NewService(store, clock, opts...)
	if err != nil {
		t.Fatalf("NewService: %v", err)
	}
	return svc, clock, store
}

// newMounter is NewMounter that fails the test on an error.
func newMounter(t interface{ Fatalf(string, ...any) }, s component.Store, d component.Directory) *component.Mounter {
	m, err := component.NewMounter(s, d)
	if err != nil {
		t.Fatalf("NewMounter: %v", err)
	}
	return m
}

// sameAnswer fails unless a and b are indistinguishable to a caller: same
// codes, same text, same messages in both languages, same shared kinds.
func sameAnswer(t testing.TB, a, b error) {
	t.Helper()
	if a == nil || b == nil {
		t.Fatalf("want two refusals, got %v and %v", a, b)
	}
	if a.Error() != b.Error() ||
		starmap.Message(a, starmap.ZH) != starmap.Message(b, starmap.ZH) ||
		starmap.Message(a, starmap.EN) != starmap.Message(b, starmap.EN) ||
		fmt.Sprint(starmap.Codes(a)) != fmt.Sprint(starmap.Codes(b)) {
		t.Fatalf("answers differ:\n%v\n%v", a, b)
	}
	for _, k := range []error{starmap.ErrInvalid, starmap.ErrForbidden, starmap.ErrNotFound, starmap.ErrConflict} {
		if errors.Is(a, k) != errors.Is(b, k) {
			t.Fatalf("answers differ in kind %v:\n%v\n%v", k, a, b)
		}
	}
}

// refusedIDs lists the "component" parameter of every rule error in err.
func refusedIDs(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		switch x := err.(type) {
		case *starmap.Error:
			if id, ok := x.Param("component"); ok {
				out = append(out, id)
			}
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return out
}

// countCode counts the rule errors of code inside err.
func countCode(err error, code starmap.Code) int {
	n := 0
	for _, c := range starmap.Codes(err) {
		if c == code {
			n++
		}
	}
	return n
}

// countingDirectory counts the questions it is asked.
type countingDirectory struct {
	*memstore.ComponentDirectory
	mu    sync.Mutex
	asked map[string]int
	fail  error
}

func newCountingDirectory() *countingDirectory {
	return &countingDirectory{ComponentDirectory: memstore.NewComponentDirectory(), asked: map[string]int{}}
}

func (d *countingDirectory) MiniProgramStatus(ctx context.Context, appID string) (component.MiniProgramStatus, error) {
	d.mu.Lock()
	d.asked[appID]++
	d.mu.Unlock()
	if d.fail != nil {
		return 0, d.fail
	}
	return d.ComponentDirectory.MiniProgramStatus(ctx, appID)
}

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// fixture is a Mounter over a memstore library and a counting directory.
type fixture struct {
	store *memstore.ComponentStore
	dir   *countingDirectory
	m     *component.Mounter
}

func newFixture(t tb) *fixture {
	s := memstore.NewComponentStore()
	d := newCountingDirectory()
	return &fixture{store: s, dir: d, m: newMounter(t, s, d)}
}

// put stores a component of owner in state s with the given channel and
// content, and returns it.
func (f *fixture) put(t tb, id, owner string, ch starmap.Format, s component.State, c component.Content) *component.Component {
	t.Helper()
	x, _, err := component.New(starmap.AdvertiserActor(owner), t0, id, ch, c)
	if err != nil {
		t.Fatal(err)
	}
	switch s {
	case component.StateValid:
		_, err = x.Approve(reviewer, t0)
	case component.StateRejected:
		_, err = x.Reject(reviewer, t0, "不符合规范")
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Create(context.Background(), x.Record()); err != nil {
		t.Fatal(err)
	}
	return x
}

// snapshot is everything the store holds for the given owners.
func (f *fixture) snapshot(t tb, owners ...string) []component.Record {
	t.Helper()
	return libraries(t, f.store, owners...)
}

// libraries lists every record of the owners' libraries, page by page.
func libraries(t tb, s component.Store, owners ...string) []component.Record {
	t.Helper()
	var out []component.Record
	for _, o := range owners {
		q := component.Query{Owner: o, PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}}
		for {
			p, err := s.List(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p.Items...)
			if p.Next == "" {
				break
			}
			q.Cursor = p.Next
		}
	}
	return out
}

// failingStore fails every call with err.
type failingStore struct{ err error }

func (s failingStore) Get(context.Context, string) (component.Record, error) {
	return component.Record{}, s.err
}
func (s failingStore) Create(context.Context, component.Record) (uint64, error) { return 0, s.err }
func (s failingStore) Update(context.Context, component.Record) (uint64, error) { return 0, s.err }
func (s failingStore) List(context.Context, component.Query) (starmap.Page[component.Record], error) {
	return starmap.Page[component.Record]{}, s.err
}
