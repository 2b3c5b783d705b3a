package memstore_test

import (
	"testing"

	"github.com/starmap-go/starmap/eventlogtest"
	"github.com/starmap-go/starmap/memstore"
)

// TestEventLogKit_OPS1: memstore's stores, sharing one Log, pass the event
// log kit.
func TestEventLogKit_OPS1(t *testing.T) {
	eventlogtest.Test(t, func(t *testing.T) eventlogtest.Fixture {
		l := memstore.NewLog()
		return eventlogtest.Fixture{Tasks: memstore.NewTaskStore(memstore.WithLog(l)), Authz: memstore.NewAuthzStore(memstore.WithLog(l)), Log: l}
	})
}

// TestEventLogKit_ownLogs_OPS1: a store's own log (no WithLog) passes the
// kit too; the task store's log is read only through its own Log.
func TestEventLogKit_ownLogs_OPS1(t *testing.T) {
	eventlogtest.Test(t, func(t *testing.T) eventlogtest.Fixture {
		a := memstore.NewAuthzStore()
		return eventlogtest.Fixture{Tasks: memstore.NewTaskStore(memstore.WithLog(a.Log())), Authz: a, Log: a.Log()}
	})
}
