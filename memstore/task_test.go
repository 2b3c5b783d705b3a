package memstore_test

import (
	"testing"

	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/task"
	"github.com/starmap-go/starmap/task/tasktest"
)

func TestTaskStore(t *testing.T) {
	tasktest.TestStore(t, func() task.Store { return memstore.NewTaskStore() })
}
