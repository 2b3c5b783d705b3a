package star

import (
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap/task"
)

// FoldPast folds a creator's past results (seed 003: 历史合作表现, 审核通过率)
// from its tasks, as package task keeps them: a pure function the host
// calls with the creator's tasks — all of them or any that changed, in any
// order — and stores in the creator's record (PastResults), from where the
// marketplace filters and the comparison reads.
//
// The rules, per task of creator (tasks of other creators and nil ones are
// skipped; a task given twice counts once, in its furthest state — the
// longer history):
//
//   - completed: the task is settled (accepted by the advertiser or
//     automatically, TSK-1); its GMV (task.Metrics.GMV, the last results
//     report) and its cost (task.Task.Cost: what was paid out, fee
//     included) add to GMV and Cost, so that ROI = GMV / Cost is over the
//     same tasks;
//   - reviewed: the task's history holds at least one script or video
//     review decision (approve or reject, by the advertiser or the
//     platform); live tasks have none and never count;
//   - first pass: a reviewed task whose history holds no rejection at all.
//
// Counts stop at MaxCount. The result is the same for any order of the
// tasks (a task given twice with the same history length and version is
// taken to be the same, and counts once).
func FoldPast(creator string, tasks []*task.Task) PastResults {
	latest := make(map[string]*task.Task, len(tasks))
	for _, t := range tasks {
		if t == nil || t.Creator() != creator || creator == "" {
			continue
		}
		if prev, ok := latest[t.ID()]; ok && !further(t, prev) {
			continue
		}
		latest[t.ID()] = t
	}
	out := PastResults{GMV: decimal.Zero, Cost: decimal.Zero}
	for _, t := range latest {
		if t.State() == task.StateSettled {
			out.Completed = inc(out.Completed)
			out.GMV = out.GMV.Add(t.Metrics().GMV)
			out.Cost = out.Cost.Add(t.Cost())
		}
		reviewed, rejected := false, false
		for _, c := range t.History() {
			switch c.Command {
			case task.CmdApproveScript, task.CmdApproveVideo:
				reviewed = true
			case task.CmdRejectScript, task.CmdRejectVideo:
				reviewed, rejected = true, true
			}
		}
		if reviewed {
			out.Reviewed = inc(out.Reviewed)
			if !rejected {
				out.FirstPass = inc(out.FirstPass)
			}
		}
	}
	return out
}

// further reports whether a is a later state of the same task than b:
// a longer history, or a newer version of an equally long one.
func further(a, b *task.Task) bool {
	if a.HistoryLen() != b.HistoryLen() {
		return a.HistoryLen() > b.HistoryLen()
	}
	return a.Version() > b.Version()
}

func inc(n int64) int64 {
	if n >= MaxCount {
		return MaxCount
	}
	return n + 1
}
