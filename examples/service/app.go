package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/task"
)

// Config is what the service is built from. Stores and Clock are
// required; the clock is the one every service reads, injected so
// that tests move time by hand.
type Config struct {
	Stores Stores
	Clock  starmap.Clock
	Logger *slog.Logger // nil: slog.Default()
}

// App is the service: the SDK's services over one set of stores, and the
// HTTP handlers in front of them.
type App struct {
	tasks  *task.Service
	grants *authz.Service
	stars  *star.Service
	cards  *card.Service
	clock  starmap.Clock
	log    starmap.EventLog
	// published is the service's own log when the stores keep none: the
	// events the commands returned, appended after each successful write.
	published *publishedLog
	// follower keeps grants' index current from the stores' log (OPS-2),
	// so that the access check sees other replicas' writes; nil when the
	// stores keep no log (one process: its own writes are all there is).
	follower *authz.Follower
	logger   *slog.Logger
}

// logEnd and logEndCtx are what a log may offer to say where it ends now
// (memstore.Log, pgstore.EventLog); the follower then starts there
// instead of replaying the log.
type (
	logEnd    interface{ Last() starmap.Position }
	logEndCtx interface {
		Last(context.Context) (starmap.Position, error)
	}
)

// New builds the SDK's services over cfg's stores. The access check's
// index is loaded from the grants store here (authz.NewService); when the
// stores keep a log, New also makes the follower that keeps the index
// current with the other replicas' writes from then on (RunFollower runs
// it).
func New(cfg Config) (*App, error) {
	if cfg.Clock == nil {
		return nil, errors.New("service: a clock is required")
	}
	a := &App{clock: cfg.Clock, logger: cfg.Logger, log: cfg.Stores.Log}
	if a.logger == nil {
		a.logger = slog.Default()
	}
	if a.log == nil {
		a.published = &publishedLog{}
		a.log = a.published
	}
	var err error
	if a.tasks, err = task.NewService(cfg.Stores.Tasks, cfg.Clock); err != nil {
		return nil, err
	}
	// Where the log ends, read before the index is loaded: every change
	// up to there is in the loaded index, so the follower starts after it
	// (a change committed in between is applied again, which is harmless:
	// the index keeps the newer version). A log that cannot say is
	// followed from its start, every grant event loaded again once.
	var start starmap.Position
	switch l := cfg.Stores.Log.(type) {
	case logEnd:
		start = l.Last()
	case logEndCtx:
		if start, err = l.Last(context.Background()); err != nil {
			return nil, err
		}
	}
	if a.grants, err = authz.NewService(cfg.Stores.Grants, cfg.Clock); err != nil {
		return nil, err
	}
	if cfg.Stores.Log != nil {
		opts := []authz.FollowerOption{authz.WithFollowerStart(start),
			authz.WithFollowerErrors(func(err error) { a.logger.Error("access check follower", "err", err) })}
		if cfg.Stores.Waiter != nil {
			opts = append(opts, authz.WithWaiter(cfg.Stores.Waiter))
		}
		if a.follower, err = authz.NewFollower(cfg.Stores.Grants, cfg.Stores.Log, a.grants.Index(), opts...); err != nil {
			return nil, err
		}
	}
	if a.stars, err = star.NewService(cfg.Stores.Stars, cfg.Clock); err != nil {
		return nil, err
	}
	if a.cards, err = card.NewService(cfg.Stores.Cards, cfg.Clock); err != nil {
		return nil, err
	}
	return a, nil
}

// Handler routes the API with the standard library's method patterns
// (Go 1.22+).
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	// Orders and the task workflow (TSK-*).
	mux.HandleFunc("POST /tasks", a.handle(a.order))
	mux.HandleFunc("GET /tasks/{id}", a.handle(a.getTask))
	mux.HandleFunc("POST /tasks/{id}/commands", a.handle(a.command))
	// Data authorizations and the access check (AUZ-*).
	mux.HandleFunc("POST /grants", a.handle(a.grant))
	mux.HandleFunc("POST /grants/revoke", a.handle(a.revoke))
	mux.HandleFunc("POST /grants/early-renew", a.handle(a.earlyRenew))
	mux.HandleFunc("GET /grants", a.handle(a.listGrants))
	mux.HandleFunc("GET /access", a.handle(a.access))
	// The roster and the marketplace (STR-*).
	mux.HandleFunc("PUT /creators/{id}", a.handle(a.putCreator))
	mux.HandleFunc("GET /creators", a.handle(a.search))
	// Creator cards (CRD-*).
	mux.HandleFunc("PUT /cards/{id}", a.handle(a.openCard))
	mux.HandleFunc("PATCH /cards/{id}", a.handle(a.editCard))
	mux.HandleFunc("GET /cards/{id}", a.handle(a.viewCard))
	// The event log (OPS-1).
	mux.HandleFunc("GET /events", a.handle(a.events))
	// Anything else: coded JSON like every other refusal, not the mux's
	// plain text — 405 with Allow for a known path asked with another
	// method (this catch-all is what the mux picks then), 404 otherwise.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
				allowed = append(allowed, m)
			}
		}
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeError(w, r, a.logger, ErrMethodNotAllowed.New(starmap.Arg("method", r.Method), starmap.Arg("path", r.URL.Path),
				starmap.Arg("allowed", strings.Join(allowed, ", "))))
			return
		}
		writeError(w, r, a.logger, ErrRouteNotFound.New(starmap.Arg("method", r.Method), starmap.Arg("path", r.URL.Path)))
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		h := map[string]string{"status": "ok"}
		if a.follower != nil {
			// How far the access check has followed the log: compare
			// with the last event of GET /events to see a replica's lag.
			h["follower_position"] = a.FollowerPosition().String()
		}
		writeJSON(w, http.StatusOK, h)
	})
	return mux
}

// handlerFunc is one endpoint: it reads the request as by (the actor of
// ActorHeader) and returns the status and the value to answer with, or an
// error that writeError answers. It writes nothing to w itself: w is there
// for decode, which needs it to refuse a body past MaxBodyBytes.
type handlerFunc func(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error)

// handle parses the actor, runs h and writes its answer.
func (a *App) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		by, err := actorOf(r)
		if err != nil {
			writeError(w, r, a.logger, err)
			return
		}
		status, v, err := h(w, r, by)
		if err != nil {
			writeError(w, r, a.logger, err)
			return
		}
		writeJSON(w, status, v)
	}
}

// publish appends evs to the service's own log when the stores keep none;
// with a store log the events are already in it, written with the change.
func (a *App) publish(evs ...starmap.Event) {
	if a.published != nil {
		a.published.append(evs)
	}
}

// Sweep runs the task sweep once as the platform's scheduler (TSK-7):
// expiries of invitations, automatic acceptances, settlements closing. It
// returns how many commands ran.
func (a *App) Sweep(ctx context.Context) (int, error) {
	outs, err := a.tasks.Sweep(ctx, starmap.PlatformActor("sweeper"))
	for _, o := range outs {
		a.publish(o.Events...)
	}
	return len(outs), err
}

// RunSweeper sweeps every interval until ctx is done. Several replicas
// may sweep the same store: each due command runs once, on whichever
// replica's cycle decides it first (task.Service.Sweep).
func (a *App) RunSweeper(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := a.Sweep(ctx)
			if err != nil && ctx.Err() == nil {
				a.logger.Error("sweep", "err", err)
			}
			if n > 0 {
				a.logger.Info("sweep", "commands", n)
			}
		}
	}
}

// RunFollower keeps the access check current with the stores' log until
// ctx is done (OPS-2): it applies each grant or live-session change any
// replica commits, woken by Stores.Waiter, and logs a failed read to try
// again at the next poll. Without a store log it returns at once.
func (a *App) RunFollower(ctx context.Context) {
	if a.follower == nil {
		return
	}
	if err := a.follower.Run(ctx); err != nil && ctx.Err() == nil {
		a.logger.Error("access check follower stopped", "err", err)
	}
}

// FollowerPosition is the position in the log the access check has
// followed to (the zero Position without a store log): it answers from a
// state at least as new as the log up to there.
func (a *App) FollowerPosition() starmap.Position { return a.follower.Position() }
