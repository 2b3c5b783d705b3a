package task_test

import (
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// FuzzApply drives a task with arbitrary bytes read as (command, actor,
// hours, flags) quadruples: nothing panics, refused commands change
// nothing, and money and history stay sound.
func FuzzApply(f *testing.F) {
	f.Add([]byte{1, 2, 1, 0, 4, 2, 1, 3, 6, 0, 1, 3})
	f.Add([]byte{1, 3, 0, 0, 11, 2, 0, 0, 12, 2, 24, 0, 14, 2, 0, 0, 13, 2, 2, 0, 16, 0, 0, 0})
	f.Add([]byte{19, 0, 0, 1, 3, 4, 200, 0})
	actors := []starmap.Actor{advertiser, subAccount, creator, mcn, platform, otherAdv, otherCre, starmap.CreatorActor("bad id")}
	f.Fuzz(func(t *testing.T, b []byte) {
		live := len(b) > 0 && b[0]&0x80 != 0
		f := starmap.FormatShortVideo
		var mounted []task.MountedComponent
		if live {
			f = starmap.FormatLive
			mounted = []task.MountedComponent{{ID: "c-1"}}
		}
		tk := newTask(t, f, len(b)%2 == 0, mounted...)
		now := t0
		applied := 0
		for i := 0; i+3 < len(b); i += 4 {
			now = now.Add(time.Duration(b[i+2]) * time.Hour)
			r := task.Request{Command: task.Command(b[i] % 22), Start: now.Add(time.Duration(int8(b[i+3])) * time.Hour),
				Duration: time.Duration(int8(b[i+3])) * 10 * time.Minute}
			if b[i+3]&1 != 0 {
				r.Reason, r.Ref = "x", "y"
			}
			if b[i+3]&2 != 0 {
				r.Metrics.Clicks = int64(int8(b[i+3]))
			}
			before := tk.Record()
			if _, err := tk.Apply(actors[int(b[i+1])%len(actors)], now, r); err != nil {
				if tk.State() != before.State || tk.HistoryLen() != len(before.History) || len(tk.Postings()) != len(before.Postings) {
					t.Fatalf("refused %v changed the task", r.Command)
				}
				continue
			}
			applied++
			if before.State.Terminal() && tk.State() != before.State {
				t.Fatalf("left terminal %v", before.State)
			}
		}
		if tk.HistoryLen() != applied+1 {
			t.Fatalf("history %d, applied %d", tk.HistoryLen(), applied)
		}
		checkMoney(t, tk)
	})
}
