package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

// TestLangOf_X5 checks the language negotiation of messages.
func TestLangOf_X5(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   starmap.Lang
	}{
		{"", starmap.ZH},
		{"zh-CN", starmap.ZH},
		{"en", starmap.EN},
		{"en-US,en;q=0.9", starmap.EN},
		{"zh-CN,zh;q=0.9,en;q=0.8", starmap.ZH},
		{"fr-FR, en;q=0.5, zh;q=0.4", starmap.EN},
		{"en;q=0.2, zh-TW;q=0.8", starmap.ZH},
		{"en;q=0, zh;q=0.1", starmap.ZH},
		{"en;q=0", starmap.ZH},
		{"de, fr", starmap.ZH},
		{"en;q=abc, zh", starmap.ZH},
		{"EN-gb", starmap.EN},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", tc.header)
		if got := langOf(r); got != tc.want {
			t.Errorf("Accept-Language %q: lang %d, want %d", tc.header, got, tc.want)
		}
	}
}

// FuzzLangOf: any Accept-Language header picks one of the two languages
// and never panics.
func FuzzLangOf(f *testing.F) {
	for _, s := range []string{"", "zh-CN,zh;q=0.9", "en;q=0.5,zh;q=0.6", "en;q=1e400", ";;,,q=", "en;q=NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header["Accept-Language"] = []string{h}
		if l := langOf(r); l != starmap.ZH && l != starmap.EN {
			t.Fatalf("%q: lang %d", h, l)
		}
	})
}

// FuzzCommandBody: whatever body a client sends to the order and
// command endpoints, the answer is a JSON success or a coded 4xx refusal —
// never a 5xx, never a panic.
func FuzzCommandBody(f *testing.F) {
	for _, s := range []string{
		`{"id":"t-1","creator":"cre-1","format":"short-video","price":"12800.00"}`,
		`{"command":"accept_order"}`, `{"command":"report_results","metrics":{"exposure":-1,"gmv":"1e9"}}`,
		`{"id":"t-1","price":12800}`, `[]`, `null`, `{"start":"2026-13-01T00:00:00Z"}`, "\xff", `{"id":"\u0000"}`,
	} {
		f.Add(s)
	}
	clock := starmap.NewManualClock(time.Date(2026, 10, 12, 10, 0, 0, 0, starmap.CST()))
	app, err := New(Config{Stores: MemoryStores(), Clock: clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		f.Fatal(err)
	}
	h := app.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range []struct{ path, actor string }{
			{"/tasks", "advertiser:adv-1"}, {"/tasks/t-1/commands", "creator:cre-1"}, {"/grants", "creator:cre-1"},
		} {
			req := httptest.NewRequest("POST", target.path, strings.NewReader(body))
			req.Header.Set(ActorHeader, target.actor)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("POST %s %q: %d %s", target.path, body, rec.Code, rec.Body)
			}
			var out struct {
				Error *struct{ Code, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("POST %s %q: not JSON: %s", target.path, body, rec.Body)
			}
			if rec.Code >= 400 && (out.Error == nil || out.Error.Code == "" || out.Error.Message == "") {
				t.Fatalf("POST %s %q: %d without a code and message: %s", target.path, body, rec.Code, rec.Body)
			}
			if rec.Code < 400 && rec.Code != http.StatusOK && rec.Code != http.StatusCreated {
				t.Fatalf("POST %s %q: status %d", target.path, body, rec.Code)
			}
		}
	})
}
