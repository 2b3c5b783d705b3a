package authz

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/starmap-go/starmap"
)

// DefaultPoll is how often a Follower reads the log when no wake-up came:
// the fallback for a lost wake-up (a dropped LISTEN connection), and the
// only reading for a Follower without a waiter.
const DefaultPoll = time.Second

// Follower keeps an Index current from the event log (OPS-2): the change
// feed that lets every replica of a host answer the access check from its
// own memory while other replicas write. It reads the events after its
// Position; for each grant or live-session event it loads the record's
// current state from the Store and puts it into the Index with its stored
// version (PutGrant, PutLive — a newer version already there is kept, so
// the order of loads does not matter); other events only move it on.
//
// Position is moved only after the events before it are applied, so the
// index never answers from a state older than the Position it reports:
// once a Follower has reached the Position of a revoke another replica
// committed, its index denies what the revoke ended. (It may answer from a
// newer state: a load reads the record as it is now.)
//
// A Follower started from a stored Position (WithFollowerStart) must
// follow an Index that already holds every change up to there: read the
// log's end first (memstore's Log.Last, pgstore's EventLog.Last), then
// load the index (Service.LoadIndex, or NewService, which loads it), then
// follow from that end — a change committed between the two is then
// both in the load and after the start, and applying it twice is
// harmless. The other order loses it: a revoke committed after the load
// but before the end was read is in neither. Or keep an index and its
// Position together. Starting from the zero Position over an empty index replays the
// whole log. Run follows the log until its context ends; CatchUp reads
// what is there now, for tests and for a host's own loop. Safe for
// concurrent use; one read of the log at a time.
type Follower struct {
	store  Store
	log    starmap.EventLog
	index  *Index
	waiter starmap.EventWaiter
	poll   time.Duration
	onErr  func(error)

	run sync.Mutex // one CatchUp at a time
	mu  sync.RWMutex
	pos starmap.Position
}

// FollowerOption configures a Follower.
type FollowerOption func(*followerSettings) error

type followerSettings struct {
	start  starmap.Position
	waiter starmap.EventWaiter
	poll   time.Duration
	onErr  func(error)
}

// WithFollowerStart starts the Follower after p, a Position stored by the
// host (see Follower for what the index must already hold).
func WithFollowerStart(p starmap.Position) FollowerOption {
	return func(s *followerSettings) error { s.start = p; return nil }
}

// WithWaiter makes Run wait for wake-ups from w (memstore.Log;
// pgstore's LISTEN/NOTIFY listener) between reads, polling only as the
// fallback.
func WithWaiter(w starmap.EventWaiter) FollowerOption {
	return func(s *followerSettings) error {
		if err := starmap.RequireDependency("事件日志唤醒源", "event waiter", w); err != nil {
			return err
		}
		s.waiter = w
		return nil
	}
}

// WithPoll sets how long Run waits at most between two reads of the log
// (default DefaultPoll); it must be positive.
func WithPoll(d time.Duration) FollowerOption {
	return func(s *followerSettings) error {
		if d <= 0 {
			return ErrFollowerPoll.New(starmap.Arg("poll", d.String()))
		}
		s.poll = d
		return nil
	}
}

// WithFollowerErrors makes Run report each failed read or load to f (for
// logs and metrics) before it tries again at the next poll. Run never stops
// on such an error.
func WithFollowerErrors(f func(error)) FollowerOption {
	return func(s *followerSettings) error { s.onErr = f; return nil }
}

// NewFollower returns a Follower that keeps index current from log,
// loading records from store. A nil store, log or index (or one not made
// by NewIndex) is starmap.ErrServiceDependency; a nil or failing option
// starmap.ErrServiceOption.
func NewFollower(store Store, log starmap.EventLog, index *Index, opts ...FollowerOption) (*Follower, error) {
	deps := []error{
		starmap.RequireDependency("数据授权存储", "store", store),
		starmap.RequireDependency("事件日志", "event log", log),
	}
	if index.empty() {
		deps = append(deps, starmap.ErrServiceDependency.New(starmap.LabeledArg("what", "由 NewIndex 创建的访问检查索引", "index made by NewIndex")))
	}
	if err := errors.Join(deps...); err != nil {
		return nil, err
	}
	cfg := followerSettings{poll: DefaultPoll}
	if err := starmap.ApplyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	return &Follower{store: store, log: log, index: index, waiter: cfg.waiter, poll: cfg.poll, onErr: cfg.onErr, pos: cfg.start}, nil
}

// Position is the position of the last event applied: the index answers
// from a state at least as new as the log up to there.
func (f *Follower) Position() starmap.Position {
	if f == nil {
		return starmap.Position{}
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.pos
}

// Index returns the index the Follower keeps current.
func (f *Follower) Index() *Index {
	if f == nil {
		return nil
	}
	return f.index
}

// CatchUp applies every event the log holds after Position, page by
// page, and returns the Position reached. On an error it stops at the
// last page applied whole, and returns that Position with the error.
func (f *Follower) CatchUp(ctx context.Context) (starmap.Position, error) {
	if f == nil || f.store == nil {
		return starmap.Position{}, starmap.ErrServiceNotReady.New()
	}
	if err := starmap.CheckContext(ctx); err != nil {
		return f.Position(), err
	}
	f.run.Lock()
	defer f.run.Unlock()
	for {
		p := f.Position()
		evs, err := f.log.ReadEvents(ctx, p, starmap.MaxPageLimit)
		if err != nil {
			return p, err
		}
		if len(evs) == 0 {
			return p, nil
		}
		if err := f.apply(ctx, evs); err != nil {
			return p, err
		}
		f.mu.Lock()
		f.pos = evs[len(evs)-1].Position
		f.mu.Unlock()
	}
}

// apply loads and puts, once each, the records the page's events name.
func (f *Follower) apply(ctx context.Context, evs []starmap.LoggedEvent) error {
	grants := map[GrantKey]bool{}
	lives := map[LiveKey]bool{}
	for _, e := range evs {
		switch {
		case strings.HasPrefix(e.Type, "authz.grant."):
			k, err := ParseGrantKey(e.Subject)
			if err != nil {
				return ErrRecordInvalid.Wrap(err, starmap.LabeledArg("problem", "事件 "+e.Position.String()+" 的主体不是授权", "the subject of event "+e.Position.String()+" is not a grant"))
			}
			if grants[k] {
				continue
			}
			grants[k] = true
			rec, err := f.store.GetGrant(ctx, k)
			if err != nil {
				return err
			}
			g, err := FromRecord(rec)
			if err != nil {
				return err
			}
			f.index.PutGrant(g, rec.Version)
		case strings.HasPrefix(e.Type, "authz.live."):
			k, err := ParseLiveKey(e.Subject)
			if err != nil {
				return ErrRecordInvalid.Wrap(err, starmap.LabeledArg("problem", "事件 "+e.Position.String()+" 的主体不是直播间数据申请", "the subject of event "+e.Position.String()+" is not a live request"))
			}
			if lives[k] {
				continue
			}
			lives[k] = true
			rec, err := f.store.GetLive(ctx, k)
			if err != nil {
				return err
			}
			r, err := LiveFromRecord(rec)
			if err != nil {
				return err
			}
			f.index.PutLive(r, rec.Version)
		}
	}
	return nil
}

// Run follows the log until ctx is done, and returns ctx's error: it
// catches up, then waits for a wake-up from its waiter or for the poll
// interval, whichever comes first, and catches up again. A failed read or
// load is reported (WithFollowerErrors) and tried again at the next poll.
func (f *Follower) Run(ctx context.Context) error {
	if f == nil || f.store == nil {
		return starmap.ErrServiceNotReady.New()
	}
	if err := starmap.CheckContext(ctx); err != nil {
		return err
	}
	for {
		p, err := f.CatchUp(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && f.onErr != nil {
			f.onErr(err)
		}
		if err := f.wait(ctx, p, err != nil); err != nil {
			return err
		}
	}
}

// wait returns after a wake-up or the poll interval, or with ctx's error.
// After a failure it only sleeps: waking at once for events it could not
// apply would spin.
func (f *Follower) wait(ctx context.Context, p starmap.Position, failed bool) error {
	wctx, cancel := context.WithTimeout(ctx, f.poll)
	defer cancel()
	if f.waiter == nil || failed {
		<-wctx.Done()
	} else if err := f.waiter.Wait(wctx, p); err != nil && !errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		// The waiter failed (a lost connection): fall back to the poll.
		if f.onErr != nil {
			f.onErr(err)
		}
		<-wctx.Done()
	}
	return ctx.Err()
}
