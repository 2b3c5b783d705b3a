package mcntest_test

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/mcn"
	"github.com/starmap-go/starmap/mcn/mcntest"
	"github.com/starmap-go/starmap/memstore"
)

// broken wraps the reference store with one planted fault.
type broken struct {
	*memstore.MCNStore
	fault string
}

func (b broken) Create(ctx context.Context, r mcn.Record) (uint64, error) {
	if b.fault == "create_overwrites" {
		if cur, err := b.MCNStore.Get(ctx, r.Creator); err == nil {
			r.Version = cur.Version
			return b.MCNStore.Update(ctx, b.narrow(r))
		}
	}
	return b.MCNStore.Create(ctx, b.narrow(r))
}

func (b broken) Update(ctx context.Context, r mcn.Record) (uint64, error) {
	switch b.fault {
	case "checks_then_writes":
		// The version is checked, then written after a window without a
		// lock: a writer that checks in another's window wins too.
		cur, err := b.MCNStore.Get(ctx, r.Creator)
		if err != nil {
			return 0, err
		}
		if cur.Version != r.Version {
			return b.MCNStore.Update(ctx, r)
		}
		time.Sleep(20 * time.Microsecond)
		if now, err := b.MCNStore.Get(ctx, r.Creator); err == nil {
			r.Version = now.Version
		}
	case "update_ignores_the_version":
		if cur, err := b.MCNStore.Get(ctx, r.Creator); err == nil {
			r.Version = cur.Version
		}
	}
	return b.MCNStore.Update(ctx, b.narrow(r))
}

// narrow is what a store with a too-narrow schema does to a record.
func (b broken) narrow(r mcn.Record) mcn.Record {
	r.Signings = slices.Clone(r.Signings)
	for i := range r.Signings {
		s := &r.Signings[i]
		switch b.fault {
		case "drops_accounts_after_the_first":
			s.Accounts = s.Accounts[:min(1, len(s.Accounts))]
		case "drops_closed_by":
			s.ClosedBy = 0
		case "keeps_whole_seconds":
			s.ProposedAt = s.ProposedAt.Truncate(time.Second)
		case "share_as_a_percentage":
			s.ShareBP = s.ShareBP / 100 * 100
		}
	}
	return r
}

func (b broken) List(ctx context.Context, q mcn.Query) (starmap.Page[mcn.Record], error) {
	switch b.fault {
	case "ignores_the_account_filter":
		q.Account = mcn.Account{}
	case "ignores_expiring":
		q.Expiring = starmap.Date{}
	case "ignores_the_cursor":
		q.Cursor = ""
	case "splits_signing_filters":
		// MCN and State matched on any signings, not on one.
		mcnID, state := q.MCN, q.State
		q.MCN, q.State = "", 0
		p, err := b.MCNStore.List(ctx, mcn.Query{Account: q.Account, Expiring: q.Expiring, PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}})
		keep := p.Items[:0]
		for _, r := range p.Items {
			hasMCN := mcnID == "" || slices.ContainsFunc(r.Signings, func(s mcn.Signing) bool { return s.MCN == mcnID })
			hasState := state == 0 || slices.ContainsFunc(r.Signings, func(s mcn.Signing) bool { return s.State == state })
			if hasMCN && hasState {
				keep = append(keep, r)
			}
		}
		p.Items = keep
		return p, err
	}
	p, err := b.MCNStore.List(ctx, q)
	switch b.fault {
	case "orders_descending":
		slices.Reverse(p.Items)
	case "next_of_its_own":
		if p.Next != "" {
			p.Next = starmap.EncodeCursor(p.Items[len(p.Items)-1].Creator, "x")
		}
	case "lists_versions_as_zero":
		for i := range p.Items {
			p.Items[i].Version = 0
		}
	}
	return p, err
}

var faults = []string{
	"create_overwrites",
	"checks_then_writes",
	"update_ignores_the_version",
	"drops_accounts_after_the_first",
	"drops_closed_by",
	"keeps_whole_seconds",
	"share_as_a_percentage",
	"ignores_the_account_filter",
	"ignores_expiring",
	"ignores_the_cursor",
	"splits_signing_filters",
	"orders_descending",
	"next_of_its_own",
	"lists_versions_as_zero",
}

const faultEnv = "MCNTEST_FAULT"

// TestKitCatchesBrokenStores: the reference store passes; each store with
// a planted fault fails the kit — with a report, not a panic — in a child
// process of this test binary. The stores that lose writes are caught by
// the one-active checks through the Service alone, too.
func TestKitCatchesBrokenStores(t *testing.T) {
	if fault := os.Getenv(faultEnv); fault != "" {
		mcntest.TestStore(t, func() mcn.Store { return broken{MCNStore: memstore.NewMCNStore(), fault: fault} })
		return
	}
	mcntest.TestStore(t, func() mcn.Store { return broken{MCNStore: memstore.NewMCNStore()} })
	if testing.Short() {
		t.Skip("the planted faults run in child processes; skipped in -short")
	}
	type child struct{ fault, scope, run string }
	children := []child{}
	for _, f := range faults {
		children = append(children, child{f, "whole_kit", "^TestKitCatchesBrokenStores$"})
	}
	for _, f := range []string{"create_overwrites", "update_ignores_the_version", "checks_then_writes"} {
		children = append(children, child{f, "one_active_checks_alone", "^TestKitCatchesBrokenStores$/^one_active_per_creator$"})
	}
	for _, c := range children {
		t.Run(c.fault+"/"+c.scope, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run="+c.run)
			cmd.Env = append(os.Environ(), faultEnv+"="+c.fault)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the kit (%s) passed a store that %s:\n%s", c.run, c.fault, out)
			}
			if _, ok := err.(*exec.ExitError); !ok {
				t.Fatalf("running the kit: %v", err)
			}
			if strings.Contains(string(out), "panic:") {
				t.Fatalf("the kit panicked on a store that %s instead of reporting it:\n%s", c.fault, out)
			}
		})
	}
}
