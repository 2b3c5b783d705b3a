package cardtest

import (
	"context"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// setPaths walks v and returns the paths of every value in it that is not
// zero; typePaths the paths every such value could have. A slice's
// elements share the path "name[]", so that one element setting a field
// is enough. time.Time is a leaf.
func setPaths(v reflect.Value, path string, out map[string]bool) {
	if !v.IsZero() {
		out[path] = true
	}
	switch {
	case v.Type() == reflect.TypeOf(time.Time{}):
	case v.Kind() == reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			setPaths(v.Field(i), path+"."+v.Type().Field(i).Name, out)
		}
	case v.Kind() == reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			setPaths(v.Index(i), path+"[]", out)
		}
	}
}

func typePaths(t reflect.Type, path string, out *[]string) {
	*out = append(*out, path)
	switch {
	case t == reflect.TypeOf(time.Time{}):
	case t.Kind() == reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			typePaths(t.Field(i).Type, path+"."+t.Field(i).Name, out)
		}
	case t.Kind() == reflect.Slice:
		typePaths(t.Elem(), path+"[]", out)
	}
}

// TestNewRecordSetsEveryField: the record the version contract
// round-trips sets every field of card.Record and of everything it holds
// (a sub-account's advertiser in a history actor included), so that a
// field added to Record later fails here until the kit sets it too.
func TestNewRecordSetsEveryField(t *testing.T) {
	set := map[string]bool{}
	setPaths(reflect.ValueOf(newRecord(0)), "Record", set)
	var all []string
	typePaths(reflect.TypeOf(card.Record{}), "Record", &all)
	for _, p := range all {
		if !set[p] {
			t.Errorf("newRecord(0) leaves %s zero", p)
		}
	}
	kinds := map[card.ChangeKind]bool{}
	for _, ch := range newRecord(0).History {
		kinds[ch.Kind] = true
	}
	for k := card.ChangeOpened; k <= card.ChangeVirtualNumber; k++ {
		if !kinds[k] {
			t.Errorf("newRecord(0) has no %s change", k)
		}
	}
	for i := range 100 {
		if _, err := card.FromRecord(newRecord(i)); err != nil {
			t.Fatalf("newRecord(%d) does not load: %v", i, err)
		}
	}
}

// box is a card.Store over a map; its flags plant the faults the kit must
// catch.
type box struct {
	mu   sync.Mutex
	rows map[string]card.Record
	flaw string
}

func (b *box) clone(r card.Record) card.Record {
	if b.flaw == "shares_memory" {
		return r
	}
	return r.Clone()
}

func (b *box) Get(_ context.Context, id string) (card.Record, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.rows[id]
	if !ok {
		return card.Record{}, starmap.ErrRecordNotFound.New()
	}
	return b.clone(r), nil
}

// narrow applies the flaws that lose or change a field on the way in.
func (b *box) narrow(r card.Record) card.Record {
	r = b.clone(r)
	switch b.flaw {
	case "drops_history_dropped":
		r.HistoryDropped = 0
	case "drops_sub_account_advertiser":
		for i, ch := range r.History {
			if ch.Actor.Role() == starmap.RoleAdvertiserSub {
				r.History[i].Actor = starmap.AdvertiserActor(ch.Actor.ID())
			}
		}
	case "keeps_seconds_only":
		r.CreatedAt = r.CreatedAt.Truncate(time.Second)
	case "drops_format_characters":
		r.Basic.Nickname = strings.ReplaceAll(r.Basic.Nickname, "\u200d", "")
	case "drops_second_collaboration":
		if len(r.Collaborations) > 1 {
			r.Collaborations = r.Collaborations[:1]
		}
	}
	return r
}

func (b *box) Create(_ context.Context, r card.Record) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.rows[r.CreatorID]; ok {
		return 0, starmap.ErrAlreadyExists.New()
	}
	r = b.narrow(r)
	r.Version = 1
	b.rows[r.CreatorID] = r
	return 1, nil
}

func (b *box) Update(_ context.Context, r card.Record) (uint64, error) {
	b.mu.Lock()
	cur, ok := b.rows[r.CreatorID]
	if !ok {
		b.mu.Unlock()
		return 0, starmap.ErrRecordNotFound.New()
	}
	if cur.Version != r.Version && b.flaw != "no_compare_and_swap" {
		b.mu.Unlock()
		return 0, starmap.ErrVersionConflict.New()
	}
	if b.flaw == "race_window" {
		// Checked under the lock, written after a window without it.
		b.mu.Unlock()
		time.Sleep(time.Microsecond / 2)
		b.mu.Lock()
	}
	r = b.narrow(r)
	r.Version++
	b.rows[r.CreatorID] = r
	b.mu.Unlock()
	return r.Version, nil
}

func (b *box) List(_ context.Context, q card.Query) (starmap.Page[card.Record], error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := q.Validate(); err != nil && b.flaw != "negative_limit_accepted" {
		return starmap.Page[card.Record]{}, err
	}
	after := ""
	if q.Cursor != "" && b.flaw != "ignores_cursor" {
		parts, err := starmap.DecodeCursor(q.Cursor, 1)
		if err != nil {
			if b.flaw == "bad_cursor_accepted" {
				parts = []string{""}
			} else {
				return starmap.Page[card.Record]{}, err
			}
		}
		after = parts[0]
	}
	var rs []card.Record
	for id, r := range b.rows {
		if id > after {
			rs = append(rs, b.clone(r))
		}
	}
	slices.SortFunc(rs, func(x, y card.Record) int {
		if b.flaw == "orders_by_rune_count" {
			return len([]rune(x.CreatorID)) - len([]rune(y.CreatorID))
		}
		return strings.Compare(x.CreatorID, y.CreatorID)
	})
	limit := q.EffectiveLimit()
	switch b.flaw {
	case "limit_zero_means_all":
		if q.Limit == 0 {
			limit = len(rs) + 1
		}
	case "no_clamp":
		limit = max(q.Limit, limit)
	case "drops_collaborations_in_list":
		for i := range rs {
			rs[i].Collaborations = nil
		}
	}
	var p starmap.Page[card.Record]
	if len(rs) > limit {
		rs = rs[:limit]
		if b.flaw != "no_next" {
			p.Next = starmap.EncodeCursor(rs[limit-1].CreatorID)
		}
	}
	p.Items = rs
	return p, nil
}

var flaws = []string{
	"shares_memory", "drops_history_dropped", "drops_sub_account_advertiser", "keeps_seconds_only",
	"drops_format_characters", "drops_second_collaboration", "no_compare_and_swap", "race_window",
	"negative_limit_accepted", "ignores_cursor", "bad_cursor_accepted", "orders_by_rune_count",
	"limit_zero_means_all", "no_clamp", "no_next", "drops_collaborations_in_list",
}

const flawEnv = "CARDTEST_FLAW"

// TestStoreCatchesBrokenStores: the reference box passes TestStore; each
// box with a planted flaw fails it — reported with t.Errorf, without a
// panic — run in a child process of this test binary.
func TestStoreCatchesBrokenStores(t *testing.T) {
	if flaw := os.Getenv(flawEnv); flaw != "" {
		TestStore(t, func() card.Store { return &box{rows: map[string]card.Record{}, flaw: flaw} })
		return
	}
	TestStore(t, func() card.Store { return &box{rows: map[string]card.Record{}} })
	if testing.Short() {
		t.Skip("the broken stores run in child processes")
	}
	for _, flaw := range flaws {
		t.Run(flaw, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestStoreCatchesBrokenStores$", "-test.count=1")
			cmd.Env = append(os.Environ(), flawEnv+"="+flaw)
			out, err := cmd.CombinedOutput()
			switch {
			case err == nil:
				t.Errorf("the kit passed a store that %s:\n%s", flaw, out)
			case strings.Contains(string(out), "panic:"):
				t.Errorf("the kit panicked on a store that %s:\n%s", flaw, out)
			}
			if _, ok := err.(*exec.ExitError); err != nil && !ok {
				t.Errorf("running the kit: %v", err)
			}
		})
	}
}
