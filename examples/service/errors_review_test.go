package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

func reviewHandler(t *testing.T) http.Handler {
	t.Helper()
	clock := starmap.NewManualClock(time.Date(2026, 10, 12, 10, 0, 0, 0, starmap.CST()))
	app, err := New(Config{Stores: MemoryStores(), Clock: clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return app.Handler()
}

// TestX5_MalformedBodyMessageNamesNoGoType: a body of the wrong JSON
// shape gets a message a client can read, not the Go type of the handler's
// struct ("字段  应为 main.orderBody").
func TestX5_MalformedBodyMessageNamesNoGoType(t *testing.T) {
	h := reviewHandler(t)
	for _, al := range []string{"zh-CN", "en"} {
		req := httptest.NewRequest("POST", "/tasks", strings.NewReader(`[1,2]`))
		req.Header.Set(ActorHeader, "advertiser:adv-1")
		req.Header.Set("Accept-Language", al)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest || strings.Contains(rec.Body.String(), "main.") {
			t.Errorf("X-5 (%s): %d %s: the message leaks a Go type name", al, rec.Code, rec.Body)
		}
	}
}

// TestX5_WrongMethodIs405: a known path with a method it does not
// serve is 405 with Allow (as net/http's own mux answers), not 404.
func TestX5_WrongMethodIs405(t *testing.T) {
	h := reviewHandler(t)
	req := httptest.NewRequest("DELETE", "/tasks/t-1", nil)
	req.Header.Set(ActorHeader, "advertiser:adv-1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") == "" {
		t.Errorf("X-5: DELETE /tasks/t-1 = %d (Allow %q) %s, want 405 with Allow", rec.Code, rec.Header().Get("Allow"), rec.Body)
	}
}
