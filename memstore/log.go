package memstore

import (
	"context"
	"sort"
	"sync"

	"github.com/starmap-go/starmap"
)

// Log is the in-memory event log (OPS-1): the events of every write of the
// stores that append to it, in the order the writes happened. It
// implements starmap.EventLog and starmap.EventWaiter.
//
// Each write that carries events (starmap.PendingEvents) is one commit:
// Commit numbers the writes 1, 2, 3… in the order they took the log, and
// Seq numbers the events 1, 2, 3… across the whole log, so Position order
// is append order. A store appends while it still holds the lock of the
// table it wrote, after the record is in place: an event is never readable
// before its record is, and the record never changes again before its event
// is readable. Since appends are ordered under the log's lock, a reader
// that goes on from the last Position it read misses nothing.
//
// By default every store has a Log of its own (Store.Log returns it); pass
// one Log to every constructor with WithLog to follow all of a host's
// stores in one sequence. The log keeps every event for the life of the
// process (memstore keeps nothing across restarts). The zero Log is empty
// and ready to use.
type Log struct {
	mu     sync.RWMutex
	events []starmap.LoggedEvent
	commit uint64
	wake   chan struct{} // closed, and replaced, by the next append
}

var (
	_ starmap.EventLog    = (*Log)(nil)
	_ starmap.EventWaiter = (*Log)(nil)
)

// NewLog returns an empty log.
func NewLog() *Log { return &Log{} }

// append stores evs as one commit. The caller holds the lock of the table
// it wrote (see Log).
func (l *Log) append(evs []starmap.Event) {
	if l == nil || len(evs) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.commit++
	seq := uint64(len(l.events))
	for _, e := range evs {
		seq++
		l.events = append(l.events, starmap.LoggedEvent{Position: starmap.Position{Commit: l.commit, Seq: seq}, Event: e})
	}
	if l.wake != nil {
		close(l.wake)
		l.wake = nil
	}
}

// ReadEvents implements starmap.EventLog: up to limit events after
// position after, in order (limit as starmap.PageRequest rules it).
func (l *Log) ReadEvents(ctx context.Context, after starmap.Position, limit int) ([]starmap.LoggedEvent, error) {
	if err := l.check(ctx); err != nil {
		return nil, err
	}
	req := starmap.PageRequest{Limit: limit}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	i := sort.Search(len(l.events), func(i int) bool { return after.Less(l.events[i].Position) })
	n := min(len(l.events)-i, req.EffectiveLimit())
	// Events hold no references but an immutable *time.Location: a copy of
	// the slice shares nothing with the log.
	return append(make([]starmap.LoggedEvent, 0, n), l.events[i:i+n]...), nil
}

// Last returns the position of the last event appended (the zero
// Position while the log is empty).
func (l *Log) Last() starmap.Position {
	if l == nil {
		return starmap.Position{}
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.last()
}

func (l *Log) last() starmap.Position {
	if len(l.events) == 0 {
		return starmap.Position{}
	}
	return l.events[len(l.events)-1].Position
}

// Notify returns a channel closed at the next append: take it before
// reading, then wait on it, and no append is missed.
func (l *Log) Notify() <-chan struct{} {
	if l == nil {
		return nil // blocks for ever: a nil log never grows
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.notify()
}

func (l *Log) notify() chan struct{} {
	if l.wake == nil {
		l.wake = make(chan struct{})
	}
	return l.wake
}

// Wait implements starmap.EventWaiter: it returns nil as soon as the log
// holds an event after position after, or ctx's error.
func (l *Log) Wait(ctx context.Context, after starmap.Position) error {
	if err := l.check(ctx); err != nil {
		return err
	}
	for {
		l.mu.Lock()
		if after.Less(l.last()) {
			l.mu.Unlock()
			return nil
		}
		ch := l.notify()
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// check refuses a nil log (starmap.ErrServiceDependency) and a nil or done
// context.
func (l *Log) check(ctx context.Context) error {
	if l == nil {
		return starmap.ErrServiceDependency.New(starmap.LabeledArg("what", "事件日志", "event log"))
	}
	return starmap.CheckContext(ctx)
}

// Option configures a memstore store at construction.
type Option func(*options)

type options struct{ log *Log }

// WithLog makes the store append its events to l, which other stores may
// share (one sequence for a whole host), instead of a log of its own. A
// nil l keeps the store's own log.
func WithLog(l *Log) Option { return func(o *options) { o.log = l } }

// logOf applies opts and returns the log they name, or nil.
func logOf(opts []Option) *Log {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o.log
}

// logged is the log a store appends to: the one WithLog gave, else its
// own, made on first use so that a store's zero value works.
type logged struct {
	once sync.Once
	l    *Log
}

func (g *logged) log() *Log {
	g.once.Do(func() {
		if g.l == nil {
			g.l = NewLog()
		}
	})
	return g.l
}
