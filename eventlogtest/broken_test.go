package eventlogtest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/eventlogtest"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
)

// dropsUpdateEvents writes grant updates without their events.
type dropsUpdateEvents struct{ *memstore.AuthzStore }

func (s dropsUpdateEvents) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	return s.AuthzStore.UpdateGrant(starmap.WithPendingEvents(ctx, nil), rec)
}

// dropsCreateEvents creates tasks without their events.
type dropsCreateEvents struct{ *memstore.TaskStore }

func (s dropsCreateEvents) Create(ctx context.Context, r task.Record) (uint64, error) {
	return s.TaskStore.Create(starmap.WithPendingEvents(ctx, nil), r)
}

// logsConflictLosers stores the events of an update that lost a version
// conflict (by rewriting the current record with them).
type logsConflictLosers struct{ *memstore.AuthzStore }

func (s logsConflictLosers) UpdateGrant(ctx context.Context, rec authz.GrantRecord) (uint64, error) {
	v, err := s.AuthzStore.UpdateGrant(ctx, rec)
	if errors.Is(err, starmap.ErrConflict) {
		if cur, gerr := s.AuthzStore.GetGrant(context.Background(), rec.Key); gerr == nil {
			_, _ = s.AuthzStore.UpdateGrant(ctx, cur)
		}
	}
	return v, err
}

// ignoresLimit reads every event after the position, whatever the limit.
type ignoresLimit struct{ *memstore.Log }

func (l ignoresLimit) ReadEvents(ctx context.Context, after starmap.Position, limit int) ([]starmap.LoggedEvent, error) {
	var all []starmap.LoggedEvent
	for {
		evs, err := l.Log.ReadEvents(ctx, after, starmap.MaxPageLimit)
		if err != nil || len(evs) == 0 {
			return all, err
		}
		all = append(all, evs...)
		after = evs[len(evs)-1].Position
	}
}

// repeatsLast reads from the position given, not after it.
type repeatsLast struct{ *memstore.Log }

func (l repeatsLast) ReadEvents(ctx context.Context, after starmap.Position, limit int) ([]starmap.LoggedEvent, error) {
	if after.Seq > 0 {
		after.Seq--
	}
	return l.Log.ReadEvents(ctx, after, limit)
}

func fixture(tasks func(*memstore.Log) task.Store, grants func(*memstore.Log) authz.Store, log func(*memstore.Log) starmap.EventLog) eventlogtest.Fixture {
	l := memstore.NewLog()
	fx := eventlogtest.Fixture{Tasks: memstore.NewTaskStore(memstore.WithLog(l)), Authz: memstore.NewAuthzStore(memstore.WithLog(l)), Log: l}
	if tasks != nil {
		fx.Tasks = tasks(l)
	}
	if grants != nil {
		fx.Authz = grants(l)
	}
	if log != nil {
		fx.Log = log(l)
	}
	return fx
}

var broken = map[string]func() eventlogtest.Fixture{
	"drops_update_events": func() eventlogtest.Fixture {
		return fixture(nil, func(l *memstore.Log) authz.Store {
			return dropsUpdateEvents{memstore.NewAuthzStore(memstore.WithLog(l))}
		}, nil)
	},
	"drops_create_events": func() eventlogtest.Fixture {
		return fixture(func(l *memstore.Log) task.Store {
			return dropsCreateEvents{memstore.NewTaskStore(memstore.WithLog(l))}
		}, nil, nil)
	},
	"logs_conflict_losers": func() eventlogtest.Fixture {
		return fixture(nil, func(l *memstore.Log) authz.Store {
			return logsConflictLosers{memstore.NewAuthzStore(memstore.WithLog(l))}
		}, nil)
	},
	"ignores_limit": func() eventlogtest.Fixture {
		return fixture(nil, nil, func(l *memstore.Log) starmap.EventLog { return ignoresLimit{l} })
	},
	"repeats_last": func() eventlogtest.Fixture {
		return fixture(nil, nil, func(l *memstore.Log) starmap.EventLog { return repeatsLast{l} })
	},
}

const brokenEnv = "EVENTLOGTEST_BROKEN"

// TestKit_FailsBrokenLogs: memstore passes the kit; each broken store or
// log above fails it — by reporting, never by a panic — in a child process
// of this test binary.
func TestKit_FailsBrokenLogs(t *testing.T) {
	if name := os.Getenv(brokenEnv); name != "" {
		eventlogtest.Test(t, func(*testing.T) eventlogtest.Fixture { return broken[name]() })
		return
	}
	eventlogtest.Test(t, func(*testing.T) eventlogtest.Fixture { return fixture(nil, nil, nil) })
	for name := range broken {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestKit_FailsBrokenLogs$")
			cmd.Env = append(os.Environ(), brokenEnv+"="+name)
			out, err := cmd.CombinedOutput()
			if _, ok := err.(*exec.ExitError); !ok {
				t.Fatalf("OPS-1: the kit passed the broken log %s (or did not run: %v):\n%s", name, err, out)
			}
			if strings.Contains(string(out), "panic:") {
				t.Errorf("OPS-1: the kit panicked on %s instead of reporting:\n%s", name, out)
			}
		})
	}
}
