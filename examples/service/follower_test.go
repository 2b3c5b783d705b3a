package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
)

// waitFollowed waits, by polling a bounded number of times, until app's
// follower has reached the end of log, and fails the test if it does not.
func waitFollowed(t *testing.T, app *App, log *memstore.Log) {
	t.Helper()
	end := log.Last()
	for range 20000 {
		if !app.FollowerPosition().Less(end) {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("OPS-2: the follower is at %v, did not reach the log's end %v", app.FollowerPosition(), end)
}

// TestServiceReplicas_followerSeesOtherWrites_OPS2: two service instances
// (two Apps, two handlers) over the same memstore stores and log, as two
// replicas over one database. A grant made through A is not in B's index
// until B's follower runs; once B's follower Position reaches the log's
// end, B's access check allows, and after a revoke through A it denies
// once B's follower has caught up again. The follower stops with its
// context, as on shutdown.
func TestServiceReplicas_followerSeesOtherWrites_OPS2(t *testing.T) {
	stores := MemoryStores()
	log := stores.Log.(*memstore.Log)
	clock := starmap.NewManualClock(time.Date(2026, 10, 12, 10, 0, 0, 0, starmap.CST()))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	appA, err := New(Config{Stores: stores, Clock: clock, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	appB, err := New(Config{Stores: stores, Clock: clock, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	srvA, srvB := httptest.NewServer(appA.Handler()), httptest.NewServer(appB.Handler())
	defer srvA.Close()
	defer srvB.Close()
	a, b := client{t: t, base: srvA.URL}, client{t: t, base: srvB.URL}
	adv, cre := "advertiser:adv-1", "creator:cre-1"
	access := func(c client) string {
		t.Helper()
		r := c.must(http.StatusOK, "GET", "/access?"+url.Values{"creator": {"cre-1"}, "scope": {"all-sales"}}.Encode(), adv, nil)
		return str(r.Body, "decision")
	}

	a.must(http.StatusOK, "POST", "/grants", cre, map[string]any{
		"grantee": map[string]any{"kind": "merchant", "id": "adv-1"}, "start": "2026-10-12", "end": "2026-11-11"})
	if got := access(a); got != "allowed" {
		t.Fatalf("AUZ-10: A after its own grant says %q, want allowed", got)
	}
	// B's follower has not run: B's index holds only what it loaded.
	if got := access(b); got != "denied-no-grant" {
		t.Fatalf("OPS-2: B without its follower says %q (the test would prove nothing)", got)
	}

	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); appB.RunFollower(ctx) }()
	defer func() {
		stop()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("OPS-2: the follower did not stop with its context")
		}
	}()

	waitFollowed(t, appB, log)
	if got := access(b); got != "allowed" {
		t.Fatalf("OPS-2: B at the log's end after A's grant says %q, want allowed", got)
	}
	h := b.must(http.StatusOK, "GET", "/healthz", "", nil)
	if got, want := str(h.Body, "follower_position"), appB.FollowerPosition().String(); got != want || got == "0.0" {
		t.Errorf("OPS-2: /healthz follower_position %q, want %q", got, want)
	}

	a.must(http.StatusOK, "POST", "/grants/revoke", cre, map[string]any{
		"grantee": map[string]any{"kind": "merchant", "id": "adv-1"}})
	waitFollowed(t, appB, log)
	if got := access(b); got != "denied-revoked" {
		t.Fatalf("OPS-2: B at the log's end after A's revoke says %q, want denied-revoked", got)
	}
}
