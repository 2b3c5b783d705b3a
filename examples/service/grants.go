package main

import (
	"net/http"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
)

// partyBody names a grantee: {"kind":"merchant","id":"shop-7"} or
// {"kind":"agency","id":"mcn-1"}.
type partyBody struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

func (p partyBody) party() (authz.Party, error) {
	k, err := parseName("grantee.kind", p.Kind, []authz.PartyKind{authz.Merchant, authz.Agency})
	return authz.Party{Kind: k, ID: p.ID}, err
}

// grantBody is POST /grants (the acting creator grants its all-sales data
// for start … end, both inclusive, AUZ-2), POST /grants/early-renew (end
// only, AUZ-5) and POST /grants/revoke (neither).
type grantBody struct {
	Grantee partyBody    `json:"grantee"`
	Start   starmap.Date `json:"start"`
	End     starmap.Date `json:"end"`
	Note    string       `json:"note"`
}

type grantJSON struct {
	Creator     string       `json:"creator"`
	Grantee     string       `json:"grantee"`
	Version     uint64       `json:"version"`
	Status      string       `json:"status"`
	StatusLabel string       `json:"status_label"`
	Periods     []periodJSON `json:"periods"`
}

// periodJSON is one validity period, both days inclusive, and the
// operation that made it (grant, early_renew, renew …).
type periodJSON struct {
	Start  starmap.Date `json:"start"`
	End    starmap.Date `json:"end"`
	Origin string       `json:"origin"`
}

func periodsOf(ps []authz.Period) []periodJSON {
	out := make([]periodJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, periodJSON{Start: p.Start, End: p.End, Origin: p.Origin.String()})
	}
	return out
}

type grantOutcomeJSON struct {
	Grant  grantJSON   `json:"grant"`
	Events []eventJSON `json:"events"`
}

func (a *App) grantOutcome(r *http.Request, g authz.Grant, evs []starmap.Event) grantOutcomeJSON {
	a.publish(evs...)
	lang, today := langOf(r), starmap.Today(a.clock)
	return grantOutcomeJSON{Grant: grantJSON{Creator: g.Key().Creator, Grantee: g.Key().Grantee.String(), Version: g.Version(),
		Status: g.Status(today).String(), StatusLabel: g.Status(today).Label(lang), Periods: periodsOf(g.Periods())}, Events: eventsOf(evs)}
}

// grantCall decodes a grantBody and runs f with its grantee.
func (a *App) grantCall(w http.ResponseWriter, r *http.Request, f func(authz.Party, grantBody) (authz.Grant, []starmap.Event, error)) (int, any, error) {
	var b grantBody
	if err := decode(w, r, &b); err != nil {
		return 0, nil, err
	}
	p, err := b.Grantee.party()
	if err != nil {
		return 0, nil, err
	}
	g, evs, err := f(p, b)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, a.grantOutcome(r, g, evs), nil
}

func (a *App) grant(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	return a.grantCall(w, r, func(p authz.Party, b grantBody) (authz.Grant, []starmap.Event, error) {
		return a.grants.Grant(r.Context(), by, p, b.Start, b.End, b.Note)
	})
}

func (a *App) revoke(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	return a.grantCall(w, r, func(p authz.Party, b grantBody) (authz.Grant, []starmap.Event, error) {
		return a.grants.Revoke(r.Context(), by, p, b.Note)
	})
}

func (a *App) earlyRenew(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	return a.grantCall(w, r, func(p authz.Party, b grantBody) (authz.Grant, []starmap.Event, error) {
		return a.grants.EarlyRenew(r.Context(), by, p, b.End, b.Note)
	})
}

type grantViewJSON struct {
	Creator     string       `json:"creator"`
	Grantee     string       `json:"grantee"`
	Status      string       `json:"status"`
	StatusLabel string       `json:"status_label"`
	Start       starmap.Date `json:"start"`
	End         starmap.Date `json:"end"`
	Periods     []periodJSON `json:"periods"`
}

type grantPageJSON struct {
	Items []grantViewJSON `json:"items"`
	Next  string          `json:"next,omitempty"`
}

// GET /grants?limit=&cursor= lists the acting creator's grants, or those
// the acting merchant or agency holds (AUZ-8).
func (a *App) listGrants(_ http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	limit, err := limitParam(r)
	if err != nil {
		return 0, nil, err
	}
	page := starmap.PageRequest{Limit: limit, Cursor: r.URL.Query().Get("cursor")}
	var p starmap.Page[authz.GrantView]
	if by.Role() == starmap.RoleCreator {
		p, err = a.grants.CreatorGrants(r.Context(), by, nil, page)
	} else {
		p, err = a.grants.MerchantGrants(r.Context(), by, page)
	}
	if err != nil {
		return 0, nil, err
	}
	out := grantPageJSON{Items: []grantViewJSON{}, Next: p.Next}
	lang := langOf(r)
	for _, v := range p.Items {
		out.Items = append(out.Items, grantViewJSON{Creator: v.Key.Creator, Grantee: v.Key.Grantee.String(),
			Status: v.Status.String(), StatusLabel: v.Status.Label(lang), Start: v.Start, End: v.End, Periods: periodsOf(v.Periods)})
	}
	return http.StatusOK, out, nil
}

type accessJSON struct {
	Allowed bool `json:"allowed"`
	// Decision is why: allowed, denied-no-grant, denied-revoked, …
	Decision string `json:"decision"`
	Label    string `json:"label"`
}

// GET /access?creator=&scope=all-sales|live-session&session=&day= asks
// whether the acting account may read the creator's data of scope on day
// (today by the service's clock when not given): the access check every
// data read runs (AUZ-10), answered from the in-memory index without
// touching the store. A denial is an answer, 200, not an error.
//
// In a real host the creator of a live session comes from the host's own
// record of the session, never from the caller (see authz.Query.Session).
func (a *App) access(_ http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	q := r.URL.Query()
	query := authz.Query{Account: by, Creator: q.Get("creator"), Session: q.Get("session"), Day: starmap.Today(a.clock)}
	query.Scope = authz.AllSales
	if s := q.Get("scope"); s != "" {
		sc, err := parseName("scope", s, []authz.Scope{authz.AllSales, authz.LiveSession})
		if err != nil {
			return 0, nil, err
		}
		query.Scope = sc
	}
	if s := q.Get("day"); s != "" {
		d, err := starmap.ParseDate(s)
		if err != nil {
			return 0, nil, err
		}
		query.Day = d
	}
	d := a.grants.Check(query)
	return http.StatusOK, accessJSON{Allowed: d.Allowed(), Decision: d.String(), Label: d.Label(langOf(r))}, nil
}
