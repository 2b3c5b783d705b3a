package authz

import (
	"errors"
	"testing"

	"github.com/starmap-go/starmap"
)

func TestLive_AUZ3(t *testing.T) {
	now := at("2026-03-01")
	t.Run("AUZ-3_flow_confirm_then_grant", func(t *testing.T) {
		r, ev, err := NewLiveRequest(subAcct, now, "c1", "s1")
		wantCodes(t, err)
		if r.State() != LiveDraft || r.Key().Grantee != shop || ev.Type != "authz.live.request" {
			t.Fatalf("draft %v %v %+v", r.State(), r.Key(), ev)
		}
		_, err = r.Grant(creator, now, "")
		wantCodes(t, err, ErrLiveTransition) // a draft never reaches the creator
		if r.State() != LiveDraft || len(r.History()) != 1 {
			t.Fatal("a refused step changed the request")
		}
		_, err = r.Confirm(mainAcct, now) // main account confirms its sub-account's click
		wantCodes(t, err)
		if r.State() != LivePending || !r.ConfirmedAt().Equal(now) {
			t.Fatal("not pending")
		}
		ev, err = r.Grant(creator, now, "ok")
		wantCodes(t, err)
		if r.State() != LiveGranted || ev.From != "pending" || ev.To != "granted" {
			t.Fatalf("grant %v %+v", r.State(), ev)
		}
		_, err = r.Revoke(creator, now, "")
		wantCodes(t, err)
		if r.State() != LiveRevoked {
			t.Fatal(r.State())
		}
		_, err = r.Revoke(creator, now, "")
		wantCodes(t, err, ErrLiveTransition)
		_, err = r.Rerequest(mainAcct, now)
		wantCodes(t, err)
		if r.State() != LiveDraft || len(r.History()) != 5 {
			t.Fatalf("rerequest %v %d", r.State(), len(r.History()))
		}
		if _, err := LiveFromRecord(r.Record()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("AUZ-3_decline_and_ask_again", func(t *testing.T) {
		r, _, _ := NewLiveRequest(mcnAcct, now, "c1", "s1")
		mustDo(t)(r.Confirm(mcnAcct, now))
		_, err := r.Decline(creator, now, "no")
		wantCodes(t, err)
		_, err = r.Grant(creator, now, "")
		wantCodes(t, err, ErrLiveTransition)
		_, err = r.Rerequest(mcnAcct, now)
		wantCodes(t, err)
		_, err = r.Rerequest(mcnAcct, now)
		wantCodes(t, err, ErrLiveRequestOpen)
	})
	t.Run("X-7_only_requester_confirms", func(t *testing.T) {
		r, _, _ := NewLiveRequest(mainAcct, now, "c1", "s1")
		_, err := r.Confirm(starmap.AdvertiserActor("m2"), now)
		wantCodes(t, err, ErrLiveNotRequester)
		_, err = r.Confirm(creator, now)
		wantCodes(t, err, starmap.ErrActorRole)
	})
	t.Run("X-7_only_owner_grants", func(t *testing.T) {
		r, _, _ := NewLiveRequest(mainAcct, now, "c1", "s1")
		mustDo(t)(r.Confirm(mainAcct, now))
		_, err := r.Grant(starmap.CreatorActor("c2"), now, "")
		wantCodes(t, err, ErrNotOwner)
		_, err = r.Grant(mainAcct, now, "")
		wantCodes(t, err, starmap.ErrActorRole)
	})
	t.Run("X-7_creator_cannot_request", func(t *testing.T) {
		_, _, err := NewLiveRequest(creator, now, "c1", "s1")
		wantCodes(t, err, starmap.ErrActorRole)
		_, _, err = NewLiveRequest(mainAcct, now, "c1", "")
		wantCodes(t, err, starmap.ErrIDInvalid)
	})
	t.Run("record_checks", func(t *testing.T) {
		r := liveGranted(t, mainAcct, "c1", "s1")
		rec := r.Record()
		rec.State = LivePending
		if _, err := LiveFromRecord(rec); !errors.Is(err, ErrRecordInvalid) {
			t.Fatal("state not matching history accepted")
		}
		rec = r.Record()
		rec.History[1].Op = LiveGrantOp
		if _, err := LiveFromRecord(rec); !errors.Is(err, ErrRecordInvalid) {
			t.Fatal("impossible step accepted")
		}
	})
	t.Run("transition_table_is_data", func(t *testing.T) {
		ts := LiveTransitions()
		if len(ts) != 7 {
			t.Fatalf("%d transitions", len(ts))
		}
		for _, tr := range ts {
			if tr.To == LiveNone || tr.Op.String() == "" {
				t.Fatalf("bad transition %+v", tr)
			}
		}
	})
}
