package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
)

// TestServiceEndToEnd drives the service over real HTTP on the in-memory
// stores: see endToEnd for the story.
func TestServiceEndToEnd(t *testing.T) {
	endToEnd(t, MemoryStores(), "")
}

// client talks to one test server as whoever the request names.
type client struct {
	t    *testing.T
	base string
}

// reply is one answer: its status and its JSON body, decoded loosely.
type reply struct {
	Status int
	Body   map[string]any
	Raw    string
}

// do sends body (JSON-encoded unless it is a string, sent as it is) as
// actor ("" for none) with Accept-Language lang ("" for none).
func (c client) do(method, path, actor, lang string, body any) reply {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if actor != "" {
		req.Header.Set(ActorHeader, actor)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	r := reply{Status: res.StatusCode, Raw: string(raw)}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		c.t.Fatalf("%s %s: Content-Type %q, want JSON", method, path, ct)
	}
	if err := json.Unmarshal(raw, &r.Body); err != nil {
		c.t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, path, err, raw)
	}
	return r
}

// must is do with the status it must answer.
func (c client) must(want int, method, path, actor string, body any) reply {
	c.t.Helper()
	r := c.do(method, path, actor, "", body)
	if r.Status != want {
		c.t.Fatalf("%s %s as %s: status %d, want %d\n%s", method, path, actor, r.Status, want, r.Raw)
	}
	return r
}

// get digs a value out of a decoded body by a dotted path of keys.
func get(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func str(v any, path string) string { s, _ := get(v, path).(string); return s }

// errCode is the code of a refusal.
func errCode(r reply) string { return str(r.Body, "error.code") }

// eventKey is what the test compares of an event: which change of what,
// to which state.
type eventKey struct{ Type, Subject, To string }

// keysOf lists the events of an answer's "events".
func keysOf(r reply) []eventKey {
	var out []eventKey
	evs, _ := r.Body["events"].([]any)
	for _, e := range evs {
		out = append(out, eventKey{str(e, "type"), str(e, "subject"), str(e, "to")})
	}
	return out
}

// endToEnd is the story every backend must tell the same way. suffix
// makes the ids its own, so that it can run against a database that
// holds earlier runs.
//
//   - an order goes from ordered to settled, each command returning the
//     task, its events and its postings (TSK-1, TSK-2, TSK-5);
//   - a creator grants a merchant its all-sales data: the access check
//     allows, then denies once the grant is revoked (AUZ-2, AUZ-10);
//   - the marketplace search filters and sorts the roster (STR-3);
//   - a card is seen by its owner with the real phone and by an
//     advertiser without it (CRD-3, CRD-5);
//   - bad requests get the rule's code and message in zh-CN and English,
//     4xx by kind, unknown fields and oversized bodies refused;
//   - the sweeper on its ticker expires an invitation when the clock
//     passes its last day (TSK-7);
//   - the events endpoint returns every change, in the order made (OPS-1).
func endToEnd(t *testing.T, stores Stores, suffix string) {
	clock := starmap.NewManualClock(time.Date(2026, 10, 12, 10, 0, 0, 0, starmap.CST()))
	app, err := New(Config{Stores: stores, Clock: clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	defer srv.Close()
	c := client{t: t, base: srv.URL}
	id := func(s string) string { return s + suffix }
	adv, cre, ops := "advertiser:"+id("adv-1"), "creator:"+id("cre-1"), "platform:roster-sync"

	// Where the log stands before the story: a database may hold earlier
	// runs' events.
	start := readLog(t, c, ops, "0.0")
	startPos := "0.0"
	if len(start) > 0 {
		startPos = start[len(start)-1].Position
	}
	var made []eventKey // every change the story makes, in order

	t.Run("TSK-2 order to settlement", func(t *testing.T) {
		c := client{t: t, base: srv.URL}
		r := c.must(http.StatusCreated, "POST", "/tasks", adv, map[string]any{
			"id": id("t-1"), "creator": id("cre-1"), "format": "short-video", "price": "12800.00"})
		if got := str(r.Body, "task.state"); got != "pending" {
			t.Fatalf("TSK-1: a new order is %q, want pending", got)
		}
		if got := str(r.Body, "task.fee"); got != "640.00" {
			t.Errorf("TSK-5: fee %s, want 640.00 (5%% of 12800.00)", got)
		}
		if ps, _ := r.Body["postings"].([]any); len(ps) == 0 {
			t.Errorf("TSK-5: ordering froze nothing: %s", r.Raw)
		}
		made = append(made, keysOf(r)...)
		for _, s := range []struct{ by, command, ref, want string }{
			{cre, "accept_order", "", "accepted"},
			{cre, "submit_script", "script-v1", "script-submitted"},
			{adv, "approve_script", "", "script-approved"},
			{cre, "submit_video", "video-v1", "video-submitted"},
			{adv, "approve_video", "", "video-approved"},
			{cre, "publish", "douyin-7301", "published"},
			{adv, "accept_delivery", "", "settled"},
		} {
			clock.Advance(2 * time.Hour)
			r := c.must(http.StatusOK, "POST", "/tasks/"+id("t-1")+"/commands", s.by, map[string]any{"command": s.command, "ref": s.ref})
			if got := str(r.Body, "task.state"); got != s.want {
				t.Fatalf("%s: state %q, want %q", s.command, got, s.want)
			}
			made = append(made, keysOf(r)...)
			if s.command == "accept_delivery" {
				if ps, _ := r.Body["postings"].([]any); len(ps) == 0 {
					t.Errorf("TSK-5: settling paid nothing: %s", r.Raw)
				}
			}
		}
		r = c.must(http.StatusOK, "GET", "/tasks/"+id("t-1"), adv, nil)
		if got := str(r.Body, "state"); got != "settled" {
			t.Errorf("GET after settlement: state %q", got)
		}
	})

	t.Run("AUZ-10 grant, check, revoke, check", func(t *testing.T) {
		c := client{t: t, base: srv.URL}
		today := starmap.Today(clock)
		access := func() string {
			r := c.must(http.StatusOK, "GET", "/access?"+url.Values{"creator": {id("cre-1")}, "scope": {"all-sales"}}.Encode(), adv, nil)
			return str(r.Body, "decision")
		}
		if got := access(); got != "denied-no-grant" {
			t.Errorf("before any grant: %s", got)
		}
		r := c.must(http.StatusOK, "POST", "/grants", cre, map[string]any{
			"grantee": map[string]string{"kind": "merchant", "id": id("adv-1")},
			"start":   today.String(), "end": today.AddDays(30).String()})
		made = append(made, keysOf(r)...)
		if got := access(); got != "allowed" {
			t.Fatalf("AUZ-2: after the grant: %s, want allowed", got)
		}
		lst := c.must(http.StatusOK, "GET", "/grants", adv, nil)
		if items, _ := lst.Body["items"].([]any); len(items) != 1 || str(items[0], "creator") != id("cre-1") {
			t.Errorf("AUZ-8: the merchant's list: %s", lst.Raw)
		}
		clock.Advance(time.Hour)
		r = c.must(http.StatusOK, "POST", "/grants/revoke", cre, map[string]any{
			"grantee": map[string]string{"kind": "merchant", "id": id("adv-1")}, "note": "合作结束"})
		made = append(made, keysOf(r)...)
		// A revocation on day R closes the grant on R-1: denied at once.
		if got := access(); got != "denied-revoked" {
			t.Errorf("after the revocation: %s, want denied-revoked", got)
		}
	})

	t.Run("STR-3 search", func(t *testing.T) {
		c := client{t: t, base: srv.URL}
		for _, cr := range []struct {
			id, nick, live string
			female         int
			cats           []string
		}{
			{"s-01", "小美妆日记", "6800.00", 8200, []string{"美妆", "护肤"}},
			{"s-02", "美妆研究所", "2600.00", 6500, []string{"美妆"}},
			{"s-03", "数码美妆控", "1500.00", 1800, []string{"美妆"}},
			{"s-04", "数码老王", "900.00", 9000, []string{"3C数码"}},
		} {
			female := cr.female
			r := c.must(http.StatusOK, "PUT", "/creators/"+id(cr.id), ops, map[string]any{
				"platform": "douyin", "region": "zhejiang", "account_id": "dy_" + id(cr.id), "nickname": cr.nick + suffix, "followers": 100000,
				"categories": cr.cats, "engagement": 350, "heat": 50, "quotes": map[string]string{"live": cr.live}, "female_bp": female})
			made = append(made, keysOf(r)...)
		}
		q := "category=" + url.QueryEscape("美妆") + "&audience.gender=female:6000&sort=price:live:asc"
		if suffix != "" {
			q += "&q=" + url.QueryEscape(suffix)
		}
		r := c.must(http.StatusOK, "GET", "/creators?"+q, adv, nil)
		var ids []string
		items, _ := r.Body["items"].([]any)
		for _, it := range items {
			ids = append(ids, str(it, "id"))
		}
		if want := []string{id("s-02"), id("s-01")}; strings.Join(ids, ",") != strings.Join(want, ",") {
			t.Errorf("STR-3: beauty creators with ≥60%% female audience, cheapest live first: %v, want %v", ids, want)
		}
		bad := c.do("GET", "/creators?followers=500..100&colour=red", adv, "en", nil)
		if bad.Status != http.StatusBadRequest || !strings.HasPrefix(errCode(bad), "star.") {
			t.Errorf("a bad query: %d %s", bad.Status, bad.Raw)
		}
	})

	t.Run("CRD-3 card by two viewers", func(t *testing.T) {
		c := client{t: t, base: srv.URL}
		r := c.must(http.StatusCreated, "PUT", "/cards/"+id("cre-1"), "platform:account-sync", map[string]any{
			"nickname": "星图小厨", "douyin_id": "xiaochu2026", "location": "浙江 杭州"})
		made = append(made, keysOf(r)...)
		r = c.must(http.StatusOK, "PATCH", "/cards/"+id("cre-1"), cre, map[string]any{
			"contacts":     map[string]string{"phone": "+86 138-1234-5678", "wechat": "xiaochu_2026"},
			"introduction": "家常菜与烘焙,每周三更。", "hide": []string{"location"}})
		made = append(made, keysOf(r)...)
		own := c.must(http.StatusOK, "GET", "/cards/"+id("cre-1"), cre, nil)
		other := c.must(http.StatusOK, "GET", "/cards/"+id("cre-1"), adv, nil)
		if str(own.Body, "audience") != "owner" || !strings.Contains(own.Raw, "1234") || str(own.Body, "location") == "" {
			t.Errorf("CRD-3: the owner sees the phone and the hidden location: %s", own.Raw)
		}
		if str(other.Body, "audience") == "owner" || strings.Contains(other.Raw, "1234") || str(other.Body, "location") != "" ||
			get(other.Body, "owner") != nil {
			t.Errorf("CRD-3/CRD-4: an advertiser sees no real phone, no hidden item, no owner details: %s", other.Raw)
		}
		if !strings.Contains(other.Raw, "xiaochu_2026") {
			t.Errorf("CRD-2: an advertiser sees the WeChat id the creator left visible: %s", other.Raw)
		}
	})

	t.Run("X-5 bad requests in both languages", func(t *testing.T) {
		c := client{t: t, base: srv.URL}
		order := map[string]any{"id": id("t-bad"), "creator": id("cre-1"), "format": "short-video", "price": "1.005"}
		zh := c.do("POST", "/tasks", adv, "zh-CN,zh;q=0.9,en;q=0.8", order)
		en := c.do("POST", "/tasks", adv, "en-US,en;q=0.9,zh-CN;q=0.5", order)
		for _, r := range []reply{zh, en} {
			if r.Status != http.StatusBadRequest || errCode(r) != "money.too_precise" || str(r.Body, "error.kind") != "invalid" {
				t.Errorf("X-4/X-5: a price in tenths of fen: %d %s", r.Status, r.Raw)
			}
		}
		if m := str(zh.Body, "error.message"); !strings.Contains(m, "金额最多两位小数") {
			t.Errorf("zh-CN message: %q", m)
		}
		if m := str(en.Body, "error.message"); !strings.Contains(m, "more than 2 decimal places") {
			t.Errorf("English message: %q", m)
		}
		for _, tc := range []struct {
			name, method, path, actor string
			body                      any
			status                    int
			code                      string
		}{
			{"no such endpoint", "GET", "/orders", adv, nil, http.StatusNotFound, "api.route.not_found"},
			{"no actor", "GET", "/tasks/" + id("t-1"), "", nil, http.StatusUnauthorized, "api.actor.missing"},
			{"malformed actor", "GET", "/tasks/" + id("t-1"), "boss:me", nil, http.StatusBadRequest, "actor.invalid"},
			{"unknown field", "POST", "/tasks", adv, `{"id":"x","creator":"c","format":"live","price":"1.00","discount":"0.5"}`,
				http.StatusBadRequest, "api.body.unknown_field"},
			{"two JSON values", "POST", "/tasks", adv, `{"id":"x"} {"id":"y"}`, http.StatusBadRequest, "api.body.malformed"},
			{"not JSON", "POST", "/tasks", adv, `{"id":`, http.StatusBadRequest, "api.body.malformed"},
			{"body too large", "POST", "/tasks", adv, `{"id":"` + strings.Repeat("x", MaxBodyBytes) + `"}`,
				http.StatusRequestEntityTooLarge, "api.body.too_large"},
			{"unknown format", "POST", "/tasks", adv, map[string]any{"id": "x", "creator": "c", "format": "podcast", "price": "1.00"},
				http.StatusBadRequest, "api.field.invalid"},
			{"unknown command", "POST", "/tasks/" + id("t-1") + "/commands", adv, map[string]any{"command": "fly"},
				http.StatusBadRequest, "task.command.unknown"},
			{"X-7 a creator placing an order", "POST", "/tasks", cre, map[string]any{"id": id("t-3"), "creator": id("cre-1"),
				"format": "short-video", "price": "100.00"}, http.StatusForbidden, "actor.role_not_allowed"},
			{"a command the state does not allow", "POST", "/tasks/" + id("t-1") + "/commands", adv,
				map[string]any{"command": "accept_delivery"}, http.StatusBadRequest, "task.command.not_allowed_in_state"},
			{"a missing task", "GET", "/tasks/" + id("t-none"), adv, nil, http.StatusNotFound, ""},
			{"an order id taken", "POST", "/tasks", adv, map[string]any{"id": id("t-1"), "creator": id("cre-1"),
				"format": "short-video", "price": "100.00"}, http.StatusConflict, "store.already_exists"},
			{"a bad position", "GET", "/events?after=1.01", ops, nil, http.StatusBadRequest, "log.position_invalid"},
			{"a negative limit", "GET", "/events?limit=-1", ops, nil, http.StatusBadRequest, "page.limit_negative"},
			{"a malformed date", "POST", "/grants", cre, `{"grantee":{"kind":"merchant","id":"m"},"start":"2026-02-30","end":"2026-03-01"}`,
				http.StatusBadRequest, "date.out_of_range"},
		} {
			r := c.do(tc.method, tc.path, tc.actor, "en", tc.body)
			if r.Status != tc.status || (tc.code != "" && errCode(r) != tc.code) || str(r.Body, "error.message") == "" {
				t.Errorf("%s: %d %s, want %d %s", tc.name, r.Status, r.Raw, tc.status, tc.code)
			}
		}
	})

	t.Run("TSK-7 the sweeper expires an invitation", func(t *testing.T) {
		c := client{t: t, base: srv.URL}
		r := c.must(http.StatusCreated, "POST", "/tasks", adv, map[string]any{
			"id": id("t-2"), "creator": id("cre-2"), "format": "short-video", "price": "3000.00"})
		made = append(made, keysOf(r)...)
		last, err := starmap.ParseDate(str(r.Body, "task.deadline.date"))
		if err != nil || str(r.Body, "task.deadline.command") != "expire" {
			t.Fatalf("TSK-7: a pending task waits for its expiry: %s", r.Raw)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); app.RunSweeper(ctx, 5*time.Millisecond) }()
		defer func() { cancel(); <-done }()
		time.Sleep(30 * time.Millisecond) // some sweeps on the last day: nothing is due yet
		if got := str(c.must(http.StatusOK, "GET", "/tasks/"+id("t-2"), adv, nil).Body, "state"); got != "pending" {
			t.Fatalf("TSK-7: expired before its last day ended: %s", got)
		}
		clock.Set(last.AddDays(1).StartOfDay())
		deadline := time.Now().Add(10 * time.Second)
		for {
			r := c.must(http.StatusOK, "GET", "/tasks/"+id("t-2"), adv, nil)
			if str(r.Body, "state") == "expired" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("TSK-7: the sweeper did not expire the invitation in 10 s: %s", r.Raw)
			}
			time.Sleep(5 * time.Millisecond)
		}
		made = append(made, eventKey{"task.expire", id("t-2"), "expired"})
	})

	t.Run("OPS-1 events in order", func(t *testing.T) {
		got := readLog(t, client{t: t, base: srv.URL}, ops, startPos)
		var keys []eventKey
		for i, e := range got {
			keys = append(keys, e.eventKey)
			if i > 0 {
				p, _ := starmap.ParsePosition(got[i-1].Position)
				q, err := starmap.ParsePosition(e.Position)
				if err != nil || !p.Less(q) {
					t.Fatalf("positions out of order: %s then %s", got[i-1].Position, e.Position)
				}
			}
		}
		// On a shared database other writers may interleave; the story's
		// own events must all be there, in the order made.
		var mine []eventKey
		for _, k := range keys {
			if strings.HasSuffix(k.Subject, suffix) || strings.Contains(k.Subject, suffix+"→") {
				mine = append(mine, k)
			}
		}
		if suffix == "" {
			mine = keys
		}
		if !equalKeys(mine, made) {
			t.Errorf("OPS-1: the log holds\n%v\nwant the changes made, in order:\n%v", mine, made)
		}
	})
}

// loggedKey is an event read from GET /events.
type loggedKey struct {
	eventKey
	Position string
}

// readLog reads the whole log after from, page by page (limit 3, so that
// paging by "next" is exercised).
func readLog(t *testing.T, c client, actor, from string) []loggedKey {
	t.Helper()
	var out []loggedKey
	for {
		r := c.must(http.StatusOK, "GET", "/events?after="+from+"&limit=3", actor, nil)
		evs, _ := r.Body["events"].([]any)
		for _, e := range evs {
			out = append(out, loggedKey{eventKey{str(e, "type"), str(e, "subject"), str(e, "to")}, str(e, "position")})
		}
		next := str(r.Body, "next")
		if len(evs) == 0 {
			if next != from {
				t.Fatalf("an empty page moved next from %s to %s", from, next)
			}
			return out
		}
		if len(evs) > 3 {
			t.Fatalf("limit 3 answered %d events", len(evs))
		}
		from = next
	}
}

func equalKeys(a, b []eventKey) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
