package task

import (
	"encoding/json"
	"testing"
)

// TestRecordCloneKeepsNilHistory shows Record.Clone turning a nil History into an empty one (record.go:75), so a clone marshals "History":[] where the original marshals null.
func TestRecordCloneKeepsNilHistory(t *testing.T) {
	r := Record{ID: "t-1"}
	a, errA := json.Marshal(r)
	b, errB := json.Marshal(r.Clone())
	if errA != nil || errB != nil || string(a) != string(b) {
		t.Fatalf("Clone changed the record's JSON:\n%s\n%s", a, b)
	}
}
