package campaigntest_test

import (
	"context"
	"os"
	"os/exec"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/campaign"
	"github.com/starmap-go/starmap/campaign/campaigntest"
)

// box is a map store of campaigns; its flags plant the faults the kit must
// catch.
type box struct {
	mu   sync.Mutex
	rows map[string]campaign.Record

	noCAS, ignoreFilter, oldestFirst, slowCAS bool
}

func (b *box) Get(_ context.Context, id string) (campaign.Record, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.rows[id]
	if !ok {
		return campaign.Record{}, starmap.ErrRecordNotFound.New()
	}
	return r.Clone(), nil
}

func (b *box) Create(_ context.Context, r campaign.Record) (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.rows[r.ID]; ok {
		return 0, starmap.ErrAlreadyExists.New()
	}
	r = r.Clone()
	r.Version = 1
	b.rows[r.ID] = r
	return 1, nil
}

func (b *box) Update(_ context.Context, r campaign.Record) (uint64, error) {
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
	if b.slowCAS { // checked, then written after a window: lost updates
		b.mu.Unlock()
		time.Sleep(50 * time.Microsecond)
		b.mu.Lock()
	}
	r = r.Clone()
	r.Version = cur.Version + 1
	b.rows[r.ID] = r
	b.mu.Unlock()
	return r.Version, nil
}

func (b *box) List(_ context.Context, q campaign.Query) (starmap.Page[campaign.Record], error) {
	if err := q.Validate(); err != nil {
		return starmap.Page[campaign.Record]{}, err
	}
	b.mu.Lock()
	var rs []campaign.Record
	for _, r := range b.rows {
		if b.ignoreFilter || q.Match(r) {
			rs = append(rs, r.Clone())
		}
	}
	b.mu.Unlock()
	sort.Slice(rs, func(i, j int) bool {
		if b.oldestFirst {
			return campaign.ListLess(rs[j], rs[i])
		}
		return campaign.ListLess(rs[i], rs[j])
	})
	if q.Cursor != "" {
		after, err := campaign.ParseCursor(q.Cursor)
		if err != nil {
			return starmap.Page[campaign.Record]{}, err
		}
		i := sort.Search(len(rs), func(i int) bool { return after.Less(campaign.PositionOf(rs[i])) })
		rs = rs[i:]
	}
	var p starmap.Page[campaign.Record]
	if n := q.EffectiveLimit(); len(rs) > n {
		rs = rs[:n]
		p.Next = campaign.PositionOf(rs[n-1]).Cursor()
	}
	p.Items = rs
	return p, nil
}

var brokenBoxes = map[string]func(*box){
	"no_compare_and_swap": func(b *box) { b.noCAS = true },
	"lost_updates":        func(b *box) { b.slowCAS = true },
	"ignores_filters":     func(b *box) { b.ignoreFilter = true },
	"wrong_order":         func(b *box) { b.oldestFirst = true },
}

const brokenEnv = "CAMPAIGNTEST_BROKEN_BOX"

// TestKit: the reference box passes; each box with a planted fault fails
// the kit, run in a child process of this test binary.
func TestKit(t *testing.T) {
	if name := os.Getenv(brokenEnv); name != "" {
		campaigntest.TestStore(t, func() campaign.Store {
			b := &box{rows: map[string]campaign.Record{}}
			brokenBoxes[name](b)
			return b
		})
		return
	}
	campaigntest.TestStore(t, func() campaign.Store { return &box{rows: map[string]campaign.Record{}} })
	for name := range brokenBoxes {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKit$")
		cmd.Env = append(os.Environ(), brokenEnv+"="+name)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("the kit passed the broken store %s:\n%s", name, out)
		} else if _, ok := err.(*exec.ExitError); !ok {
			t.Errorf("running the kit on %s: %v", name, err)
		}
	}
}
