package starmap

import "time"

// Event is a domain event: one state change of one aggregate — what
// happened, to what, who did it, when, and the state before and after.
// Services return the events of each operation they carry out, after the
// write that stored them succeeded; aggregates keep the same facts in their
// history, and a store that keeps the event log (OPS-1, EventLog) stores
// exactly these events in the same write as the record (see Change). Hosts
// publish events (notifications: seed 003 asks for automatic progress
// notices) by following the log, so that none is lost to a crash between
// the write and the publication.
type Event struct {
	// Type is a stable dotted name, package first: "task.script_approved".
	Type string
	// Subject is the id of the aggregate that changed.
	Subject string
	// Actor is who caused the change (a platform actor for clock-driven ones).
	Actor Actor
	// At is when the change was decided, by the service's clock.
	At time.Time
	// From and To are the aggregate's state before and after, as names.
	From, To string
	// Note carries the reason or feedback given with the command, if any.
	Note string
}
