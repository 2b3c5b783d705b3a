package main

import (
	"errors"
	"net/http"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// PUT /cards/{id} is the platform's sync of a creator's account into its
// card (CRD-1): it opens the card the first time and updates the basic
// information afterwards. The body is card.Basic's JSON.
func (a *App) openCard(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	var b card.Basic
	if err := decode(w, r, &b); err != nil {
		return 0, nil, err
	}
	id := r.PathValue("id")
	_, evs, err := a.cards.Open(r.Context(), by, id, b)
	status := http.StatusCreated
	if errors.Is(err, starmap.ErrAlreadyExists) {
		_, evs, err = a.cards.Sync(r.Context(), by, id, b)
		status = http.StatusOK
	}
	if err != nil {
		return 0, nil, err
	}
	a.publish(evs...)
	return status, map[string]any{"events": eventsOf(evs)}, nil
}

// editBody is PATCH /cards/{id}: what the creator saves at once from the
// edit page (CRD-2, CRD-4). Fields left out are not changed; a contact set
// to "" is cleared.
type editBody struct {
	// Contacts maps phone, wechat, email or qq to its value.
	Contacts       map[string]string     `json:"contacts"`
	Introduction   *string               `json:"introduction"`
	Collaborations *[]card.Collaboration `json:"collaborations"`
	// Hide and Unhide name items (location, introduction, wechat, …).
	Hide              []string `json:"hide"`
	Unhide            []string `json:"unhide"`
	ShowVirtualNumber *bool    `json:"show_virtual_number"`
}

func (a *App) editCard(w http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	var b editBody
	if err := decode(w, r, &b); err != nil {
		return 0, nil, err
	}
	e := card.NewEdit()
	// Methods in the card's order, so the edit does not depend on the order
	// of the JSON object.
	for _, m := range card.ContactMethods() {
		v, ok := b.Contacts[m.String()]
		switch {
		case !ok:
		case v == "":
			e.ClearContact(m)
		default:
			e.SetContact(m, v)
		}
	}
	for k := range b.Contacts {
		if _, err := parseName("contacts", k, card.ContactMethods()); err != nil {
			return 0, nil, err
		}
	}
	if b.Introduction != nil {
		e.SetIntroduction(*b.Introduction)
	}
	if b.Collaborations != nil {
		e.SetCollaborations(*b.Collaborations...)
	}
	for _, list := range []struct {
		field string
		names []string
		apply func(...card.Item) *card.Edit
	}{{"hide", b.Hide, e.Hide}, {"unhide", b.Unhide, e.Unhide}} {
		for _, n := range list.names {
			it, err := parseName(list.field, n, card.Items())
			if err != nil {
				return 0, nil, err
			}
			list.apply(it)
		}
	}
	if b.ShowVirtualNumber != nil {
		e.ShowVirtualNumber(*b.ShowVirtualNumber)
	}
	_, evs, err := a.cards.Edit(r.Context(), by, r.PathValue("id"), e)
	if err != nil {
		return 0, nil, err
	}
	a.publish(evs...)
	return http.StatusOK, map[string]any{"events": eventsOf(evs)}, nil
}

// GET /cards/{id} is the card as the acting viewer sees it (CRD-3,
// CRD-5): its owner sees every contact and the privacy settings; anyone
// else the third-party view, which never holds the real phone number.
func (a *App) viewCard(_ http.ResponseWriter, r *http.Request, by starmap.Actor) (int, any, error) {
	v, err := a.cards.View(r.Context(), by, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, v, nil
}

// parseName finds the value of vs whose String is s.
func parseName[T interface{ String() string }](field, s string, vs []T) (T, error) {
	for _, v := range vs {
		if v.String() == s {
			return v, nil
		}
	}
	var zero T
	return zero, ErrFieldInvalid.New(starmap.Arg("field", field), starmap.Arg("value", s), starmap.Arg("allowed", names(vs)))
}
