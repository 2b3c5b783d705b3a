package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
	"pgregory.net/rapid"
)

// TestTaskHistoryColumn_X8: a task's history lives in its own column and
// an update appends to it (migration 0044, tailSpec), yet what a store
// reads back is exactly the record written, whatever the writer did to
// the history: appended entries, none, an earlier entry rewritten, the
// history cut or replaced, a record the cache never saw, a write inside a
// host's transaction. A second store with an empty cache reads the rows.
func TestTaskHistoryColumn_X8(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	writer, reader := mustTaskStore(t, pool), mustTaskStore(t, pool)
	var n int
	rapid.Check(t, func(rt *rapid.T) {
		n++
		r := genRecord(rt)
		r.ID = fmt.Sprintf("h-%d", n)
		v, err := writer.Create(ctx, r)
		if err != nil {
			rt.Fatal(err)
		}
		r.Version = v
		check := func(step string) {
			got, err := reader.Get(ctx, r.ID)
			if err != nil {
				rt.Fatal(err)
			}
			if d := cmp.Diff(jsonRoundTrip(rt, r), got, recordEqual); d != "" {
				rt.Fatalf("X-8: after %s the stored task differs (-written +read):\n%s", step, d)
			}
		}
		check("create")
		for i := range rapid.IntRange(1, 6).Draw(rt, "updates") {
			next := r.Clone()
			next.Plays++
			step := rapid.SampledFrom([]string{"append", "append", "none", "rewrite", "cut", "replace", "uncached", "in a host's transaction"}).Draw(rt, fmt.Sprint("step", i))
			w := writer
			switch step {
			case "append":
				for k := range rapid.IntRange(1, 3).Draw(rt, fmt.Sprint("entries", i)) {
					next.History = append(next.History, task.Change{Seq: len(next.History) + 1, Command: task.CmdReportResults,
						Actor: starmap.PlatformActor("data"), At: r.OrderedAt.Add(time.Duration(i*10+k) * time.Hour), Reason: fmt.Sprint("<&>\u2028", i, k)})
				}
			case "rewrite":
				if len(next.History) > 0 {
					j := rapid.IntRange(0, len(next.History)-1).Draw(rt, fmt.Sprint("entry", i))
					next.History[j].Reason += "改"
				}
				next.History = append(next.History, task.Change{Seq: len(next.History) + 1, At: r.OrderedAt})
			case "cut":
				next.History = next.History[:len(next.History)/2]
			case "replace":
				next.History = []task.Change{{Seq: 1, Command: task.CmdReportResults, To: r.State, At: r.OrderedAt, Ref: "new"}}
			case "uncached":
				w = mustTaskStore(t, pool) // its cache has never seen the task
				next.History = append(next.History, task.Change{Seq: len(next.History) + 1, At: r.OrderedAt})
			case "in a host's transaction":
				next.History = append(next.History, task.Change{Seq: len(next.History) + 1, At: r.OrderedAt, Ref: "tx"})
			}
			var err error
			if step == "in a host's transaction" {
				err = InTx(ctx, pool, func(ctx context.Context) error {
					next.Version, err = w.Update(ctx, next)
					return err
				})
			} else {
				next.Version, err = w.Update(ctx, next)
			}
			if err != nil {
				rt.Fatalf("%s: %v", step, err)
			}
			r = next
			check(step)
		}
	})
}

// TestTaskHistoryAppends_X8: on the hot path — the cache holds the version
// being replaced, and the new record extends its history — an update
// appends (or keeps the column), and the document holds no history.
func TestTaskHistoryAppends_X8(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	s := mustTaskStore(t, pool)
	r := newTaskRecord(t, "t-1")
	v, err := s.Create(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	r.Version = v
	next := r.Clone()
	next.History = append(next.History, task.Change{Seq: len(r.History) + 1, At: r.OrderedAt})
	if mode, from := s.t.tailMode(ctx, "t-1", next, v); mode != tailAppend || from != len(r.History) {
		t.Fatalf("an update that adds an entry to a cached version: mode %d from %d, want append from %d", mode, from, len(r.History))
	}
	if mode, _ := s.t.tailMode(ctx, "t-1", r, v); mode != tailKeep {
		t.Fatalf("an update that adds no entry: mode %d, want keep", mode)
	}
	if mode, _ := s.t.tailMode(ctx, "t-1", next, v+1); mode != tailFull {
		t.Fatalf("an update of a version not cached: mode %d, want full", mode)
	}
	changed := next.Clone()
	changed.History[0].Reason = "改"
	if mode, _ := s.t.tailMode(ctx, "t-1", changed, v); mode != tailFull {
		t.Fatalf("an update that rewrites a stored entry: mode %d, want full", mode)
	}
	if mode, _ := s.t.tailMode(WithTx(ctx, nil), "t-1", next, v); mode != tailAppend {
		t.Fatalf("WithTx(nil) is no transaction: mode %d, want append", mode)
	}
	if _, err := s.Update(ctx, next); err != nil {
		t.Fatal(err)
	}
	var (
		n, entries int
		inDoc      bool
	)
	if err := pool.QueryRow(ctx, `SELECT history_len, json_array_length(history::json),
		coalesce(jsonb_typeof(doc::jsonb->'History') <> 'null', false) FROM tasks WHERE id = 't-1'`).Scan(&n, &entries, &inDoc); err != nil {
		t.Fatal(err)
	}
	if n != len(next.History) || entries != n || inDoc {
		t.Fatalf("stored: history_len %d, %d entries in the column, history in the document %v; want %d, %d, false",
			n, entries, inDoc, len(next.History), len(next.History))
	}
}

// TestTaskHistoryBefore0044_X8: a row written before the history column
// (its history inside the document, the column empty) reads back whole,
// and its next write moves the history to the column.
func TestTaskHistoryBefore0044_X8(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	r := newTaskRecord(t, "old-1")
	doc := r
	doc.Version = 0
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO tasks (id, advertiser, creator, state, price, fee, version, doc, mcn, ordered_sec, ordered_nsec)
		VALUES ($1, $2, $3, $4, 0, 0, 1, $5, '', 0, 0)`, r.ID, r.Advertiser, r.Creator, int16(r.State), string(b)); err != nil {
		t.Fatal(err)
	}
	s := mustTaskStore(t, pool)
	got, err := s.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	r.Version = 1
	if d := cmp.Diff(r, got, recordEqual); d != "" {
		t.Fatalf("a row from before 0044 reads back differently (-want +got):\n%s", d)
	}
	if mode, _ := s.t.tailMode(ctx, r.ID, got, 1); mode != tailFull {
		t.Fatalf("the first write of a row from before 0044: mode %d, want full (its column is empty)", mode)
	}
	got.History = append(got.History, task.Change{Seq: len(got.History) + 1, At: got.OrderedAt})
	if got.Version, err = s.Update(ctx, got); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT history_len FROM tasks WHERE id = $1", r.ID).Scan(&n); err != nil || n != len(got.History) {
		t.Fatalf("history_len %d (%v), want %d", n, err, len(got.History))
	}
	again, err := mustTaskStore(t, pool).Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(got, again, recordEqual); d != "" {
		t.Fatalf("after its first write (-want +got):\n%s", d)
	}
}

// TestSameChangeCoversChange_X8: sameChange compares every field of
// task.Change; a field added to Change must be added there too, or an
// append could keep a stale entry.
func TestSameChangeCoversChange_X8(t *testing.T) {
	var fields []string
	ct := reflect.TypeFor[task.Change]()
	for i := range ct.NumField() {
		fields = append(fields, ct.Field(i).Name)
	}
	compared := []string{"Seq", "Command", "From", "To", "Actor", "At", "Reason", "Ref", "Compliance"}
	if !slices.Equal(fields, compared) {
		t.Fatalf("task.Change has fields %v; sameChange compares %v: teach sameChange (task.go) the new ones", fields, compared)
	}
	base := task.Change{Seq: 1, Command: task.CmdReportResults, From: task.StatePublished, To: task.StatePublished,
		Actor: starmap.PlatformActor("data"), At: tOrder, Reason: "r", Ref: "x"}
	for name, change := range map[string]func(*task.Change){
		"Seq": func(c *task.Change) { c.Seq++ }, "Command": func(c *task.Change) { c.Command++ },
		"From": func(c *task.Change) { c.From++ }, "To": func(c *task.Change) { c.To++ },
		"Actor": func(c *task.Change) { c.Actor = starmap.PlatformActor("ops") },
		"At":    func(c *task.Change) { c.At = c.At.Add(1) }, "zone": func(c *task.Change) { c.At = c.At.UTC() },
		"Reason": func(c *task.Change) { c.Reason += "!" }, "Ref": func(c *task.Change) { c.Ref += "!" },
		"Compliance": func(c *task.Change) { c.Compliance.Checked = true },
	} {
		c := base
		change(&c)
		if sameChange(base, c) || !sameChange(base, base) {
			t.Errorf("sameChange does not tell a change of %s", name)
		}
	}
}
