package starmap

import (
	"context"
	"strconv"
	"strings"
)

// Position is a place in the event log (OPS-1). The log is read in
// Position order — Commit first, then Seq — and a consumer keeps the
// Position of the last event it applied, to read on from there. The zero
// Position is before the first event.
//
// Commit groups the events one write stored and orders the writes as a
// reader may see them: memstore numbers its writes in the order they
// happen; the PostgreSQL store uses the id of the writing transaction,
// and lets a reader see a transaction's events only once every transaction
// with a smaller id has ended, so an event that commits late can never
// land before a Position already read. Seq orders the events within a
// write (and is unique in the log).
type Position struct {
	Commit uint64
	Seq    uint64
}

// Less says whether p comes before q in the log.
func (p Position) Less(q Position) bool {
	if p.Commit != q.Commit {
		return p.Commit < q.Commit
	}
	return p.Seq < q.Seq
}

// IsZero says whether p is the start of the log.
func (p Position) IsZero() bool { return p == Position{} }

// String is the Position as "commit.seq", the form ParsePosition reads.
func (p Position) String() string {
	return strconv.FormatUint(p.Commit, 10) + "." + strconv.FormatUint(p.Seq, 10)
}

// ErrPosition: a stored or given log position that ParsePosition cannot
// read.
var ErrPosition = NewRule("log.position_invalid", ErrInvalid,
	"事件日志位置 {position} 无效,应为“提交号.序号”", "event log position {position} is not commit.seq")

// ParsePosition reads the form String writes: two unsigned decimal
// numbers without signs, spaces or leading zeros, joined by one dot, so
// that every Position has exactly one text.
func ParsePosition(s string) (Position, error) {
	bad := func() (Position, error) { return Position{}, ErrPosition.New(Arg("position", s)) }
	c, q, ok := strings.Cut(s, ".")
	if !ok {
		return bad()
	}
	commit, ok1 := parseCanonicalUint(c)
	seq, ok2 := parseCanonicalUint(q)
	if !ok1 || !ok2 {
		return bad()
	}
	return Position{Commit: commit, Seq: seq}, nil
}

func parseCanonicalUint(s string) (uint64, bool) {
	if s == "" || len(s) > 20 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}

// LoggedEvent is an event as the log keeps it, with its place.
type LoggedEvent struct {
	Position Position
	Event
}

// EventLog is the reading side of the event log (OPS-1), which a store
// that keeps one implements.
type EventLog interface {
	// ReadEvents returns up to limit events (0 means DefaultPageLimit, a
	// larger one is clamped to MaxPageLimit, a negative one is
	// ErrPageLimit) that come after position after, in Position order.
	// No later call ever returns an event that comes before one an earlier
	// call returned: a reader that goes on from the last Position it got
	// misses nothing. None (an empty slice) means none yet.
	ReadEvents(ctx context.Context, after Position, limit int) ([]LoggedEvent, error)
}

type pendingEventsKey struct{}

// WithPendingEvents returns ctx carrying evs, the events of the write a
// store is about to be asked for. Change puts the events its decision
// returned there for the Create or Update it calls, so that a store that
// keeps the event log appends them in the same transaction as the record
// (OPS-1); a store without a log ignores them. Services return the same
// events to their caller after the write.
func WithPendingEvents(ctx context.Context, evs []Event) context.Context {
	if len(evs) == 0 {
		if PendingEvents(ctx) == nil {
			return ctx
		}
		return context.WithValue(ctx, pendingEventsKey{}, []Event(nil))
	}
	return context.WithValue(ctx, pendingEventsKey{}, append([]Event(nil), evs...))
}

// PendingEvents returns the events ctx carries for the write it is passed
// to (WithPendingEvents), or nil. A store that keeps the event log calls it
// in Create and Update and stores exactly these events, in this order,
// with the record — all or nothing. The slice is the store's to keep.
func PendingEvents(ctx context.Context) []Event {
	if ctx == nil {
		return nil
	}
	evs, _ := ctx.Value(pendingEventsKey{}).([]Event)
	return append([]Event(nil), evs...)
}

// EventWaiter tells a follower of the log (OPS-2) that the log may have
// grown, so that it need not poll: memstore's Log and the PostgreSQL
// listener (LISTEN/NOTIFY) implement it. A follower still polls now and
// then, because a wake-up can be lost (a dropped connection) and Wait
// may return early; neither costs more than one empty read.
type EventWaiter interface {
	// Wait returns nil once the log may hold an event after position
	// after — at once when it already does, also spuriously — or the
	// context's error when ctx is done first. It never misses an event
	// appended after it was called.
	Wait(ctx context.Context, after Position) error
}
