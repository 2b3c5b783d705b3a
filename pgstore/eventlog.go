package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
)

// The event log (OPS-1) is table starmap_events (migration 0040). The
// stores append to it in the statement that writes the record (table.go,
// appendEventsCTE); EventLog reads it; EventWaker wakes a follower when it
// may have grown.

// eventCols are the columns an append writes, in the order of eventArgs.
const eventCols = "type, subject, actor, at_sec, at_nsec, at_offset, from_state, to_state, note"

// appendEventsCTE is the second CTE of a logged write: the events, given
// as nine parallel arrays from parameter $first on, inserted once for the
// row CTE w wrote (none when it wrote none), in their given order, so that
// their seq follows it.
func appendEventsCTE(first int) string {
	p := func(i int, typ string) string { return "$" + strconv.Itoa(first+i) + "::" + typ + "[]" }
	return "e AS (INSERT INTO starmap_events (" + eventCols + ") SELECT " + eventCols +
		" FROM w, unnest(" + p(0, "text") + ", " + p(1, "text") + ", " + p(2, "text") + ", " +
		p(3, "bigint") + ", " + p(4, "integer") + ", " + p(5, "integer") + ", " +
		p(6, "text") + ", " + p(7, "text") + ", " + p(8, "text") + ") WITH ORDINALITY AS x(" +
		eventCols + ", ord) ORDER BY ord)"
}

// appendEventCTE is appendEventsCTE for exactly one event, given as nine
// scalar parameters from $first on: most changes log one event, and
// scalars spare both ends the nine arrays (encoding them, unnesting them).
func appendEventCTE(first int) string {
	p := func(i int, typ string) string { return "$" + strconv.Itoa(first+i) + "::" + typ }
	return "e AS (INSERT INTO starmap_events (" + eventCols + ") SELECT " +
		p(0, "text") + ", " + p(1, "text") + ", " + p(2, "text") + ", " + p(3, "bigint") + ", " +
		p(4, "integer") + ", " + p(5, "integer") + ", " + p(6, "text") + ", " + p(7, "text") + ", " +
		p(8, "text") + " FROM w)"
}

// eventArg is one event as the nine scalars appendEventCTE reads.
func eventArg(e starmap.Event) []any {
	actor := ""
	if !e.Actor.IsZero() {
		actor = e.Actor.String()
	}
	_, off := e.At.Zone()
	return []any{e.Type, e.Subject, actor, e.At.Unix(), int32(e.At.Nanosecond()), int32(off), e.From, e.To, e.Note}
}

// eventArgs are evs as the nine arrays appendEventsCTE reads.
func eventArgs(evs []starmap.Event) []any {
	n := len(evs)
	var (
		types, subjects, actors = make([]string, n), make([]string, n), make([]string, n)
		secs                    = make([]int64, n)
		nsecs, offsets          = make([]int32, n), make([]int32, n)
		froms, tos, notes       = make([]string, n), make([]string, n), make([]string, n)
	)
	for i, e := range evs {
		types[i], subjects[i], froms[i], tos[i], notes[i] = e.Type, e.Subject, e.From, e.To, e.Note
		if !e.Actor.IsZero() {
			actors[i] = e.Actor.String()
		}
		_, off := e.At.Zone()
		secs[i], nsecs[i], offsets[i] = e.At.Unix(), int32(e.At.Nanosecond()), int32(off)
	}
	return []any{types, subjects, actors, secs, nsecs, offsets, froms, tos, notes}
}

// EventLog is the PostgreSQL event log's reader: starmap.EventLog over
// table starmap_events.
//
// A Position's Commit is the id (xid8) of the transaction that wrote the
// events, Seq their number from one sequence. Ids are handed out when a
// transaction first writes, not when it commits, so a transaction can take
// a smaller id (and smaller seqs) than one that commits before it. A read
// therefore returns only the events of transactions whose id is below the
// xmin of its snapshot — pg_snapshot_xmin(pg_current_snapshot()), the
// smallest id still running: every transaction below it has ended (its
// events are all there, or none are), a transaction still running has an
// id at or above it, and one that has no id yet will get a larger one. So
// no event that commits later can sort before a Position already returned,
// and a reader that goes on from the last Position it got misses nothing.
// The events of one transaction (a host's InTx holding several writes, any
// savepoints included: pg_current_xact_id() is the top-level id) share a
// Commit and come in the order they were written.
//
// The cost: a write transaction that stays open holds back every reader
// until it ends — any transaction of the cluster holding an id, not only
// the stores'; a read-only one holds back nothing. The read is
// WHERE (commit_xid, seq) > (after) AND commit_xid < xmin ORDER BY
// commit_xid, seq LIMIT n: an ordered scan of the primary key
// (commit_xid, seq) from the position on (TestEventLogPlan).
type EventLog struct {
	pool *pgxpool.Pool
}

var _ starmap.EventLog = (*EventLog)(nil)

// NewEventLog returns the event log of pool's database (migrated by
// Migrate); a nil pool is starmap.ErrServiceDependency.
func NewEventLog(pool *pgxpool.Pool) (*EventLog, error) {
	if err := starmap.RequireDependency("数据库连接池", "database pool", pool); err != nil {
		return nil, err
	}
	return &EventLog{pool: pool}, nil
}

const readEventsSQL = "SELECT commit_xid::text AS commit_text, seq, " + eventCols + " FROM starmap_events" +
	" WHERE (commit_xid, seq) > ($1::text::xid8, $2) AND commit_xid < pg_snapshot_xmin(pg_current_snapshot())" +
	" ORDER BY commit_xid, seq LIMIT $3"

// lastEventSQL is the position of the last event a reader can see now.
const lastEventSQL = "SELECT commit_xid::text, seq FROM starmap_events" +
	" WHERE commit_xid < pg_snapshot_xmin(pg_current_snapshot())" +
	" ORDER BY commit_xid DESC, seq DESC LIMIT 1"

// Last returns the Position of the last event a reader can see now (the
// zero Position for an empty log): a follower that reads the log's end
// with Last, then loads its read model, then follows from that end misses
// nothing (see authz.Follower). One read of the primary key's end.
func (l *EventLog) Last(ctx context.Context) (starmap.Position, error) {
	if l == nil || l.pool == nil {
		return starmap.Position{}, starmap.ErrServiceNotReady.New()
	}
	if err := starmap.CheckContext(ctx); err != nil {
		return starmap.Position{}, err
	}
	var (
		commit string
		seq    int64
	)
	err := l.pool.QueryRow(ctx, lastEventSQL).Scan(&commit, &seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return starmap.Position{}, nil
	}
	if err != nil {
		return starmap.Position{}, mapErr(err)
	}
	c, err := strconv.ParseUint(commit, 10, 64)
	if err != nil {
		return starmap.Position{}, fmt.Errorf("pgstore: event log: commit %q: %w", commit, err)
	}
	return starmap.Position{Commit: c, Seq: uint64(seq)}, nil
}

// ReadEvents implements starmap.EventLog. It reads on the pool, never in
// the context's transaction: inside a transaction that has written, a read
// could see its own events before they commit (or roll back).
func (l *EventLog) ReadEvents(ctx context.Context, after starmap.Position, limit int) ([]starmap.LoggedEvent, error) {
	if l == nil || l.pool == nil {
		return nil, starmap.ErrServiceNotReady.New()
	}
	if err := starmap.CheckContext(ctx); err != nil {
		return nil, err
	}
	req := starmap.PageRequest{Limit: limit}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	c, seq := positionArgs(after)
	rows, err := l.pool.Query(ctx, readEventsSQL, c, seq, req.EffectiveLimit())
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []starmap.LoggedEvent{}
	for rows.Next() {
		var (
			commit    string
			seq       int64
			e         starmap.Event
			actor     string
			sec       int64
			nsec, off int32
		)
		if err := rows.Scan(&commit, &seq, &e.Type, &e.Subject, &actor, &sec, &nsec, &off, &e.From, &e.To, &e.Note); err != nil {
			return nil, mapErr(err)
		}
		c, err := strconv.ParseUint(commit, 10, 64)
		if err != nil {
			return nil, err
		}
		if actor != "" {
			if e.Actor, err = starmap.ParseActor(actor); err != nil {
				return nil, err
			}
		}
		e.At = time.Unix(sec, int64(nsec)).In(zoneOf(off))
		out = append(out, starmap.LoggedEvent{Position: starmap.Position{Commit: c, Seq: uint64(seq)}, Event: e})
	}
	return out, mapErr(rows.Err())
}

// positionArgs is a Position as the statements' parameters: the commit
// as text (cast to xid8), the seq as bigint — a Seq beyond any (no seq
// exceeds the bigint range) as the largest, so that the read goes on
// from the next commit.
func positionArgs(p starmap.Position) (string, int64) {
	seq := int64(math.MaxInt64)
	if p.Seq < math.MaxInt64 {
		seq = int64(p.Seq)
	}
	return strconv.FormatUint(p.Commit, 10), seq
}

// zoneOf is the zone an event's At is read back in: the SDK's CST or UTC
// themselves when the offset is theirs, a fixed zone otherwise.
func zoneOf(off int32) *time.Location {
	switch off {
	case 0:
		return time.UTC
	case 8 * 60 * 60:
		return starmap.CST()
	}
	return time.FixedZone("", int(off))
}

// EventChannel is the channel notified after each commit that appended
// events (notify.go: by the writing statement in a host's transaction,
// by the store right after it otherwise); the payload is the schema of
// the log.
const EventChannel = "starmap_events"

// DefaultEventPoll is how long EventWaker.Wait waits at most when no
// notification comes.
const DefaultEventPoll = time.Second

// listenerName is the application_name of the waker's connection, which
// names it in pg_stat_activity.
const listenerName = "starmap-event-waker"

// EventWaker wakes a follower of the event log (OPS-2), the PostgreSQL
// starmap.EventWaiter: Wait returns at once when the log already has an
// event a read would return after the given position, and otherwise when
// a transaction that appended events to this schema's log has committed,
// or when the poll interval has passed — the fallback that keeps a
// follower going while the notifications cannot reach it (the connection
// lost, or a read held back by an older open transaction that will send
// none). It listens on a connection of its own (the pool's settings, not
// one of its connections), made again after a loss; every (re)connection
// wakes the follower once, since events may have committed while nobody
// listened. A wake-up says only "read now": the follower reads from its
// Position and, whatever woke it, misses nothing.
type EventWaker struct {
	log    *EventLog
	cfg    *pgx.ConnConfig
	poll   time.Duration
	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}

	mu        sync.Mutex
	listening bool
	err       error // the last connection error, nil while listening
}

// NewEventWaker starts listening for the log of pool's database (the
// schema its search_path names first); poll ≤ 0 means DefaultEventPoll.
// Close stops it.
func NewEventWaker(pool *pgxpool.Pool, poll time.Duration) (*EventWaker, error) {
	if err := starmap.RequireDependency("数据库连接池", "database pool", pool); err != nil {
		return nil, err
	}
	if poll <= 0 {
		poll = DefaultEventPoll
	}
	cfg := pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = listenerName
	ctx, cancel := context.WithCancel(context.Background())
	w := &EventWaker{log: &EventLog{pool: pool}, cfg: cfg, poll: poll, wake: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	go w.run(ctx)
	return w, nil
}

var _ starmap.EventWaiter = (*EventWaker)(nil)

// eventAfterSQL says whether a read from a position would return an event
// now, and whether a committed one after it is held back (a transaction
// with a smaller id still runs: it becomes readable when that one ends,
// and no notification says when).
const eventAfterSQL = "SELECT EXISTS (SELECT 1 FROM starmap_events" +
	" WHERE (commit_xid, seq) > ($1::text::xid8, $2) AND commit_xid < pg_snapshot_xmin(pg_current_snapshot()))," +
	" EXISTS (SELECT 1 FROM starmap_events" +
	" WHERE (commit_xid, seq) > ($1::text::xid8, $2) AND commit_xid >= pg_snapshot_xmin(pg_current_snapshot()))"

// heldBackPause is how long Wait waits before it lets a follower read
// again when a committed event is held back: its notification has come
// and gone, so only a new read finds it.
const heldBackPause = 5 * time.Millisecond

// Wait implements starmap.EventWaiter: nil at once when a read from after
// would return an event, else nil at the next wake-up (a notification, a
// reconnection), after a few milliseconds when a committed event is held
// back behind a running transaction (its notification came at its commit,
// before it was readable), or when the poll interval has passed — it may return
// with nothing new, never later than the poll interval after an event
// became readable — or ctx's error when ctx ends first. The wake-up of a
// notification that came before the call is kept for it: it returns at
// once, spuriously at worst, so none that came between a follower's last
// read and its Wait is lost.
func (w *EventWaker) Wait(ctx context.Context, after starmap.Position) error {
	if !w.ready() {
		return starmap.ErrServiceNotReady.New()
	}
	if err := starmap.CheckContext(ctx); err != nil {
		return err
	}
	c, s := positionArgs(after)
	var ready, held bool
	pause := w.poll
	if err := w.log.pool.QueryRow(ctx, eventAfterSQL, c, s).Scan(&ready, &held); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The database is out of reach: wait the poll interval below,
		// and let the follower's read report the error.
	} else if ready {
		return nil
	} else if held {
		pause = min(pause, heldBackPause)
	}
	t := time.NewTimer(pause)
	defer t.Stop()
	select {
	case <-w.wake:
		return nil
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Listening says whether the waker holds a listening connection now, and
// the error that lost the last one when it does not.
func (w *EventWaker) Listening() (bool, error) {
	if !w.ready() {
		return false, starmap.ErrServiceNotReady.New()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.listening, w.err
}

// ready says whether w was made by NewEventWaker (a nil or zero waker is
// not: its methods answer starmap.ErrServiceNotReady, Close does nothing).
func (w *EventWaker) ready() bool { return w != nil && w.log != nil && w.cancel != nil }

// Close stops listening and waits for the listener to end.
func (w *EventWaker) Close() {
	if !w.ready() {
		return
	}
	w.cancel()
	<-w.done
}

func (w *EventWaker) signal() {
	select {
	case w.wake <- struct{}{}:
	default: // a wake-up is pending already
	}
}

func (w *EventWaker) setState(listening bool, err error) {
	w.mu.Lock()
	w.listening, w.err = listening, err
	w.mu.Unlock()
}

// run listens until ctx ends, connecting again (after a pause that grows
// to the poll interval) whenever the connection is lost.
func (w *EventWaker) run(ctx context.Context) {
	defer close(w.done)
	pause := 10 * time.Millisecond
	for ctx.Err() == nil {
		err := w.listen(ctx)
		w.setState(false, err)
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			pause = 10 * time.Millisecond
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, w.poll)
	}
}

// listen is one connection's life: LISTEN, wake the follower once, then
// wake it for each notification of this schema. A silent connection is
// pinged every poll interval, so that one lost without a word (a network
// gone quiet) is noticed and replaced.
func (w *EventWaker) listen(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, w.cfg)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	// The schema as the pool's own connections see it: the host may set
	// it in a connect hook (AfterConnect), which this connection, made
	// from the configuration alone, does not run.
	var schema string
	if err := w.log.pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+EventChannel); err != nil {
		return err
	}
	w.setState(true, nil)
	w.signal()
	for {
		wctx, cancel := context.WithTimeout(ctx, w.poll)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			if n.Payload == schema {
				w.signal()
			}
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			pctx, cancel := context.WithTimeout(ctx, w.poll)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				return err
			}
		default:
			return err
		}
	}
}
