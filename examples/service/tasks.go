package main

import (
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// orderBody is POST /tasks: an advertiser orders a task (TSK-1). Money is
// a string of yuan ("12800.00"), read by starmap.ParseCNY, never a JSON
// number (a float would lose fen).
type orderBody struct {
	ID      string `json:"id"`
	Creator string `json:"creator"`
	MCN     string `json:"mcn"`
	// Format is short-video or live.
	Format string `json:"format"`
	Price  string `json:"price"`
	// LiveMinutes is the broadcast length a live order buys.
	LiveMinutes int `json:"live_minutes"`
}

func (a *App) order(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	var b orderBody
	if err := decode(w, r, &b); err != nil {
		return 0, nil, err
	}
	format, err := parseName("format", b.Format, []starmap.Format{starmap.FormatShortVideo, starmap.FormatLive})
	if err != nil {
		return 0, nil, err
	}
	price, err := starmap.ParseCNY(b.Price)
	if err != nil {
		return 0, nil, err
	}
	out, err := a.tasks.Order(r.Context(), by, task.Order{ID: b.ID, Creator: b.Creator, MCN: b.MCN, Format: format,
		Price: price, LiveDuration: time.Duration(b.LiveMinutes) * time.Minute})
	if err != nil {
		return 0, nil, err
	}
	a.publish(out.Events...)
	return http.StatusCreated, outcomeJSONOf(out, langOf(r)), nil
}

func (a *App) getTask(_ http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	t, err := a.tasks.Get(r.Context(), by, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, taskJSONOf(t, langOf(r)), nil
}

// commandBody is POST /tasks/{id}/commands: one command of the task's
// state machine (TSK-2) with its arguments. Command is the command's
// String name (accept_order, submit_script, approve_script, …).
type commandBody struct {
	Command string `json:"command"`
	Reason  string `json:"reason"`
	Ref     string `json:"ref"`
	Text    string `json:"text"`
	MCN     string `json:"mcn"`
	// Start is the planned start of a live broadcast (RFC 3339).
	Start *time.Time `json:"start"`
	// DurationMinutes is a broadcast's actual length (end-broadcast).
	DurationMinutes int          `json:"duration_minutes"`
	Metrics         *metricsBody `json:"metrics"`
}

type metricsBody struct {
	Exposure        int64  `json:"exposure"`
	Clicks          int64  `json:"clicks"`
	ComponentClicks int64  `json:"component_clicks"`
	Favourites      int64  `json:"favourites"`
	AddToCart       int64  `json:"add_to_cart"`
	Orders          int64  `json:"orders"`
	GMV             string `json:"gmv"`
}

func (a *App) command(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	var b commandBody
	if err := decode(w, r, &b); err != nil {
		return 0, nil, err
	}
	cmd, err := parseCommand(b.Command)
	if err != nil {
		return 0, nil, err
	}
	req := task.Request{Command: cmd, Reason: b.Reason, Ref: b.Ref, Text: b.Text, MCN: b.MCN,
		Duration: time.Duration(b.DurationMinutes) * time.Minute}
	if b.Start != nil {
		req.Start = *b.Start
	}
	if m := b.Metrics; m != nil {
		gmv := decimal.Zero
		if m.GMV != "" {
			if gmv, err = starmap.ParseCNY(m.GMV); err != nil {
				return 0, nil, err
			}
		}
		req.Metrics = task.Metrics{Exposure: m.Exposure, Clicks: m.Clicks, ComponentClicks: m.ComponentClicks,
			Favourites: m.Favourites, AddToCart: m.AddToCart, Orders: m.Orders, GMV: gmv}
	}
	out, err := a.tasks.Do(r.Context(), by, r.PathValue("id"), req)
	if err != nil {
		return 0, nil, err
	}
	a.publish(out.Events...)
	return http.StatusOK, outcomeJSONOf(out, langOf(r)), nil
}

// parseCommand reads a task command by its String name; an unknown one is
// the task package's own refusal.
func parseCommand(s string) (task.Command, error) {
	for _, c := range task.Commands() {
		if c.String() == s {
			return c, nil
		}
	}
	return 0, task.ErrUnknownCommand.New(starmap.Arg("command", s))
}

type taskJSON struct {
	ID         string `json:"id"`
	Version    uint64 `json:"version"`
	State      string `json:"state"`
	StateLabel string `json:"state_label"`
	SubState   string `json:"sub_state"`
	Advertiser string `json:"advertiser"`
	Creator    string `json:"creator,omitempty"`
	MCN        string `json:"mcn,omitempty"`
	Format     string `json:"format"`
	Price      string `json:"price"`
	Fee        string `json:"fee"`
	// Deadline is the clock-driven command the task waits for and its
	// last day (an invitation's expiry, the automatic acceptance).
	Deadline *deadlineJSON `json:"deadline,omitempty"`
}

type deadlineJSON struct {
	Command string       `json:"command"`
	Date    starmap.Date `json:"date"`
}

func taskJSONOf(t *task.Task, lang starmap.Lang) taskJSON {
	j := taskJSON{ID: t.ID(), Version: t.Version(), State: t.State().String(), StateLabel: t.State().Label(lang),
		SubState: t.SubState().Label(lang), Advertiser: t.Advertiser(), Creator: t.Creator(), MCN: t.MCN(),
		Format: t.Format().String(), Price: t.Price().StringFixed(2), Fee: t.Fee().StringFixed(2)}
	if c, d, ok := t.Deadline(); ok {
		j.Deadline = &deadlineJSON{Command: c.String(), Date: d}
	}
	return j
}

type postingJSON struct {
	Kind   string `json:"kind"`
	From   string `json:"from"`
	To     string `json:"to"`
	Amount string `json:"amount"`
}

type outcomeJSON struct {
	Task     taskJSON      `json:"task"`
	Events   []eventJSON   `json:"events"`
	Postings []postingJSON `json:"postings"`
}

// outcomeJSONOf is what a command answers: the task as stored, its events
// and the money postings the host applies to its ledger (TSK-5).
func outcomeJSONOf(o task.Outcome, lang starmap.Lang) outcomeJSON {
	j := outcomeJSON{Task: taskJSONOf(o.Task, lang), Events: eventsOf(o.Events), Postings: []postingJSON{}}
	for _, p := range o.Postings {
		j.Postings = append(j.Postings, postingJSON{Kind: p.Kind.String(), From: p.From.String(), To: p.To.String(),
			Amount: p.Amount.StringFixed(2)})
	}
	return j
}

// names joins the String names of vs, for an error's list of allowed values.
func names[T interface{ String() string }](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = v.String()
	}
	return strings.Join(s, ", ")
}
