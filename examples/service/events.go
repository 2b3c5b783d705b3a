package main

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/starmap-go/starmap"
)

// GET /events?after=<position>&limit=<n> reads the event log (OPS-1) from
// after (the Position text "commit.seq"; none or "0.0" is the start), up
// to limit events (the SDK's paging rule: 0 or none is 20, at most 200).
// A consumer keeps the "next" of each answer and asks again from it; it
// misses nothing, and sees each event once.
func (a *App) events(_ http.ResponseWriter, r *http.Request, _ starmap.Actor) (int, any, error) {
	after := starmap.Position{}
	if s := r.URL.Query().Get("after"); s != "" {
		p, err := starmap.ParsePosition(s)
		if err != nil {
			return 0, nil, err
		}
		after = p
	}
	limit, err := limitParam(r)
	if err != nil {
		return 0, nil, err
	}
	evs, err := a.log.ReadEvents(r.Context(), after, limit)
	if err != nil {
		return 0, nil, err
	}
	out := eventsJSON{Events: make([]eventJSON, 0, len(evs)), Next: after.String()}
	for _, e := range evs {
		out.Events = append(out.Events, eventJSONOf(e.Position, e.Event))
		out.Next = e.Position.String()
	}
	return http.StatusOK, out, nil
}

type eventsJSON struct {
	Events []eventJSON `json:"events"`
	// Next is the position to read on from: the last event's, or after's
	// when there was none.
	Next string `json:"next"`
}

type eventJSON struct {
	Position string        `json:"position,omitempty"`
	Type     string        `json:"type"`
	Subject  string        `json:"subject"`
	Actor    starmap.Actor `json:"actor"`
	At       time.Time     `json:"at"`
	From     string        `json:"from,omitempty"`
	To       string        `json:"to,omitempty"`
	Note     string        `json:"note,omitempty"`
}

func eventJSONOf(p starmap.Position, e starmap.Event) eventJSON {
	j := eventJSON{Type: e.Type, Subject: e.Subject, Actor: e.Actor, At: e.At, From: e.From, To: e.To, Note: e.Note}
	if !p.IsZero() {
		j.Position = p.String()
	}
	return j
}

func eventsOf(evs []starmap.Event) []eventJSON {
	out := make([]eventJSON, 0, len(evs))
	for _, e := range evs {
		out = append(out, eventJSONOf(starmap.Position{}, e))
	}
	return out
}

// limitParam reads ?limit= as a page limit; a malformed or negative one is
// the SDK's own paging error.
func limitParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, ErrFieldInvalid.New(starmap.Arg("field", "limit"), starmap.Arg("value", s),
			starmap.LabeledArg("allowed", "0 到 "+strconv.Itoa(starmap.MaxPageLimit)+" 的整数", "a whole number 0 to "+strconv.Itoa(starmap.MaxPageLimit)))
	}
	if n < 0 {
		return 0, starmap.ErrPageLimit.New(starmap.Arg("limit", n))
	}
	return n, nil
}

// publishedLog is the service's own event log for stores that keep none:
// the events the service's commands returned, in the order their calls
// returned. Each publish is one commit. It is in memory — lost on restart,
// one per replica — which is why a store log (written in the change's own
// transaction) is the one to use where the stores have it.
type publishedLog struct {
	mu     sync.Mutex
	events []starmap.LoggedEvent
	commit uint64
}

func (l *publishedLog) append(evs []starmap.Event) {
	if len(evs) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.commit++
	for _, e := range evs {
		l.events = append(l.events, starmap.LoggedEvent{
			Position: starmap.Position{Commit: l.commit, Seq: uint64(len(l.events) + 1)}, Event: e})
	}
}

// ReadEvents implements starmap.EventLog.
func (l *publishedLog) ReadEvents(ctx context.Context, after starmap.Position, limit int) ([]starmap.LoggedEvent, error) {
	if err := starmap.CheckContext(ctx); err != nil {
		return nil, err
	}
	switch {
	case limit < 0:
		return nil, starmap.ErrPageLimit.New(starmap.Arg("limit", limit))
	case limit == 0:
		limit = starmap.DefaultPageLimit
	case limit > starmap.MaxPageLimit:
		limit = starmap.MaxPageLimit
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []starmap.LoggedEvent{}
	for _, e := range l.events {
		if after.Less(e.Position) {
			out = append(out, e)
			if len(out) == limit {
				break
			}
		}
	}
	return out, nil
}
