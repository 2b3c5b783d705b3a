package pgstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"
	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/authz"
	"github.com/starmap-go/starmap/onboarding"
	"github.com/starmap-go/starmap/star"
	"github.com/starmap-go/starmap/task"
)

// The "Scale" measurement of issue 16 (README, section Scale): a million
// task rows and a million grants (and a roster of creators for the
// marketplace search), loaded fast, then the latency of the queries a
// replica runs most. It is a measurement, not a check of speed: it runs
// only when asked for, never in CI,
//
//	STARMAP_SCALE=1 scripts/with-postgres sh -c 'cd pgstore && go test -count=1 -run TestScale -v -timeout 60m ./...'
//
// (STARMAP_SCALE_TASKS, STARMAP_SCALE_GRANTS and STARMAP_SCALE_CREATORS
// change the row counts: 1,000,000, 1,000,000 and 1,000,000 by default).
// The rows are real records, each kind made once through its package and
// marshalled once; the load writes them with INSERT … SELECT
// generate_series (grants: only the ids in the document change) or COPY
// (tasks: the template's document with each row's ids put in; creators:
// every one drawn and encoded in Go, since each search column is derived
// from its record), with the secondary indexes dropped
// and built again after. A task's DueAt column is spread over a year
// while its document keeps the template's: the measurement reads rows,
// it does not sweep them.

func scaleCount(t *testing.T, env string, def int) int {
	t.Helper()
	s := os.Getenv(env)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive count", env, s)
	}
	return n
}

// latency runs op n times in a row and returns the p50 and p99.
func latency(t *testing.T, n int, op func(i int) error) (time.Duration, time.Duration) {
	t.Helper()
	lat := make([]time.Duration, 0, n)
	for i := range n {
		t0 := time.Now()
		if err := op(i); err != nil {
			t.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	return lat[n/2], lat[n*99/100]
}

// plan is the EXPLAIN ANALYZE of sql, one line per node, for the log.
func plan(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) string {
	t.Helper()
	rows, err := pool.Query(context.Background(), "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+sql, args...)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", sql, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		if l := strings.TrimSpace(line); strings.Contains(l, "Scan") || strings.HasPrefix(l, "Execution Time") || strings.Contains(l, "Sort") {
			out = append(out, l)
		}
	}
	return strings.Join(out, " | ")
}

// rawRows runs a list statement (version, doc) and returns the documents
// as the server sent them, not decoded.
func rawRows(ctx context.Context, pool *pgxpool.Pool, sql string, args ...any) ([][]byte, error) {
	rows, err := pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var (
			v   int64
			doc []byte
		)
		if err := rows.Scan(&v, &doc); err != nil {
			return nil, err
		}
		out = append(out, doc)
	}
	return out, rows.Err()
}

// withoutIndexes drops table's secondary indexes, runs load, and builds
// them again, reporting how long each part took.
func withoutIndexes(t *testing.T, pool *pgxpool.Pool, table string, load func()) {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes
		WHERE schemaname = current_schema() AND tablename = $1 AND indexname <> $1 || '_pkey'`, table)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var d [2]string
		return d, r.Scan(&d[0], &d[1])
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		if _, err := pool.Exec(ctx, "DROP INDEX "+d[0]); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Now()
	load()
	t1 := time.Now()
	for _, d := range defs {
		if _, err := pool.Exec(ctx, d[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, "VACUUM (ANALYZE) "+table); err != nil {
		t.Fatal(err)
	}
	var size string
	if err := pool.QueryRow(ctx, "SELECT pg_size_pretty(pg_total_relation_size($1::regclass))", table).Scan(&size); err != nil {
		t.Fatal(err)
	}
	t.Logf("scale: %s loaded in %v, %d indexes built and vacuumed in %v; %s on disk",
		table, t1.Sub(t0).Round(time.Millisecond), len(defs), time.Since(t1).Round(time.Millisecond), size)
}

// scalePool is a fresh schema whose pool runs long statements.
func scalePool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	cfg := freshPool(t).Config()
	cfg.ConnConfig.RuntimeParams["maintenance_work_mem"] = "512MB"
	cfg.ConnConfig.RuntimeParams["work_mem"] = "64MB"
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func TestScale(t *testing.T) {
	if os.Getenv("STARMAP_SCALE") == "" {
		t.Skip("the scale measurement (README, Scale) loads millions of rows: set STARMAP_SCALE=1 to run it; CI never does")
	}
	databaseURL(t)
	pool := scalePool(t)
	t.Run("tasks", func(t *testing.T) { scaleTasks(t, pool, scaleCount(t, "STARMAP_SCALE_TASKS", 1_000_000)) })
	t.Run("grants", func(t *testing.T) { scaleGrants(t, pool, scaleCount(t, "STARMAP_SCALE_GRANTS", 1_000_000)) })
	t.Run("creators", func(t *testing.T) { scaleCreators(t, pool, scaleCount(t, "STARMAP_SCALE_CREATORS", 1_000_000)) })
	t.Run("events", func(t *testing.T) { scaleEvents(t, pool, scaleCount(t, "STARMAP_SCALE_EVENTS", 1_000_000)) })
}

// scaleEvents appends n events in transactions of 100,000 (so that the
// log holds several commits, as a real one does), then reads the whole log
// from the start in pages of starmap.MaxPageLimit, as a follower catching
// up does (events/s), and times one page read from the middle.
func scaleEvents(t *testing.T, pool *pgxpool.Pool, n int) {
	ctx := context.Background()
	t0 := time.Now()
	for from := 0; from < n; from += 100_000 {
		if _, err := pool.Exec(ctx, `INSERT INTO starmap_events (`+eventCols+`)
			SELECT 'task.results_reported', 't-' || i, 'platform:data', 1790000000 + i, 0, 28800, 'published', 'published', ''
			FROM generate_series($1::int, $2::int) i`, from+1, min(from+100_000, n)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, "VACUUM ANALYZE starmap_events"); err != nil {
		t.Fatal(err)
	}
	t.Logf("scale: %d events appended in %v", n, time.Since(t0).Round(time.Millisecond))
	log, err := NewEventLog(pool)
	if err != nil {
		t.Fatal(err)
	}
	var (
		pos    starmap.Position
		read   int
		middle starmap.Position
	)
	t1 := time.Now()
	for {
		page, err := log.ReadEvents(ctx, pos, starmap.MaxPageLimit)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			if !pos.Less(e.Position) {
				t.Fatalf("OPS-1: %v read after %v", e.Position, pos)
			}
			pos = e.Position
		}
		if read < n/2 && read+len(page) >= n/2 {
			middle = pos
		}
		read += len(page)
	}
	took := time.Since(t1)
	if read != n {
		t.Fatalf("OPS-1: read %d events of %d", read, n)
	}
	p50, p99 := latency(t, 200, func(int) error { _, err := log.ReadEvents(ctx, middle, starmap.MaxPageLimit); return err })
	t.Logf("scale: event log of %d: read from the start in pages of %d in %v (%.0f events/s); one page from the middle: p50 %v, p99 %v",
		n, starmap.MaxPageLimit, took.Round(time.Millisecond), float64(n)/took.Seconds(), p50, p99)
}

var scaleBase = time.Date(2026, 1, 1, 0, 0, 0, 0, starmap.CST())

// The placeholders of the task templates: each row's document is the
// template's with these replaced by its own ids.
const (
	tplTask, tplAdv, tplCre = "TPLTASK", "TPLADV", "TPLCRE"
)

// taskTemplates are the documents of real tasks in the states a
// platform's table holds, repeated by their share of the rows (in
// twentieths), with their state and whether they wait on a clock.
func taskTemplates(t *testing.T) (docs [][]byte, states []int16, due []bool) {
	t.Helper()
	adv, cre := starmap.AdvertiserActor(tplAdv), starmap.CreatorActor(tplCre)
	as := func(steps []step) []step {
		out := make([]step, len(steps))
		for i, st := range steps {
			out[i] = st
			switch st.by {
			case adv1:
				out[i].by = adv
			case cre1:
				out[i].by = cre
			}
		}
		return out
	}
	settled := append(slices.Clone(toPublished), step{adv1, task.Request{Command: task.CmdAcceptDelivery}})
	for _, c := range []struct {
		share int
		steps []step
	}{
		{2, nil},         // pending: expires
		{1, toAccepted},  // accepted: waits on the creator
		{1, toPublished}, // published: accepted automatically
		{10, settled},    // settled
		{3, []step{{adv1, task.Request{Command: task.CmdCancel, Reason: "预算调整"}}}},  // cancelled
		{3, []step{{cre1, task.Request{Command: task.CmdDecline, Reason: "档期已满"}}}}, // declined
	} {
		o := order(tplTask)
		o.Creator = tplCre
		tk, _, err := task.New(adv, tOrder, o, task.DefaultPolicy(), nil)
		if err != nil {
			t.Fatal(err)
		}
		now := tOrder
		for _, st := range as(c.steps) {
			now = now.Add(time.Hour)
			if _, err := tk.Apply(st.by, now, st.req); err != nil {
				t.Fatal(err)
			}
		}
		rec := tk.Record()
		rec.Version = 0
		doc, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		for range c.share {
			docs = append(docs, doc)
			states = append(states, int16(rec.State))
			due = append(due, !rec.DueAt.IsZero())
		}
	}
	return docs, states, due
}

func scaleTasks(t *testing.T, pool *pgxpool.Pool, n int) {
	ctx := context.Background()
	docs, states, due := taskTemplates(t)
	const advertisers, creators = 10_000, 100_000
	year := int64(365 * 86400)
	withoutIndexes(t, pool, "tasks", func() {
		i := 0
		// The template by a draw, not by i: an advertiser's or a
		// creator's tasks (chosen by i) are then in every state.
		r := rand.New(rand.NewPCG(7, 8))
		_, err := pool.CopyFrom(ctx, pgx.Identifier{"tasks"},
			[]string{"id", "advertiser", "creator", "mcn", "ordered_sec", "ordered_nsec", "state", "due_sec", "due_nsec", "price", "fee", "version", "doc"},
			pgx.CopyFromFunc(func() ([]any, error) {
				if i == n {
					return nil, nil
				}
				i++
				id, adv, cre := fmt.Sprintf("task-%08d", i), "adv-"+strconv.Itoa(i%advertisers), "cre-"+strconv.Itoa(i*31%creators)
				k := r.IntN(len(docs))
				doc := bytes.ReplaceAll(docs[k], []byte(tplTask), []byte(id))
				doc = bytes.ReplaceAll(doc, []byte(tplAdv), []byte(adv))
				doc = bytes.ReplaceAll(doc, []byte(tplCre), []byte(cre))
				var dueSec, dueNsec any
				if due[k] {
					dueSec, dueNsec = scaleBase.Unix()+int64(i)*7919%year, int32(0)
				}
				// No MCN: the templates are ordered without one.
				return []any{id, adv, cre, "", tOrder.Unix(), int32(tOrder.Nanosecond()), states[k], dueSec, dueNsec, int64(1000), int64(50), int64(1), doc}, nil
			}))
		if err != nil {
			t.Fatal(err)
		}
	})
	var dueRows int64
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM tasks WHERE due_sec IS NOT NULL").Scan(&dueRows); err != nil {
		t.Fatal(err)
	}

	store := mustTaskStore(t, pool)
	const runs = 200
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name string
		at   time.Time
	}{
		{"ListDue, first page of 200, a day's due", scaleBase.AddDate(0, 0, 1)},
		{"ListDue, first page of 200, a month's backlog", scaleBase.AddDate(0, 1, 0)},
	} {
		var owed int64
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM tasks WHERE due_sec IS NOT NULL AND due_sec <= $1", c.at.Unix()).Scan(&owed); err != nil {
			t.Fatal(err)
		}
		q := task.DueQuery{At: c.at, PageRequest: starmap.PageRequest{Limit: starmap.MaxPageLimit}}
		p50, p99 := latency(t, runs, func(int) error { _, err := store.ListDue(ctx, q); return err })
		args := []any{c.at.Unix(), int32(0), int64(-1 << 63), int32(0), "", starmap.MaxPageLimit + 1}
		// Where the time goes: the statement with its rows fetched as
		// bytes, and decoding those documents into records.
		var docs [][]byte
		r50, r99 := latency(t, runs, func(int) error { var err error; docs, err = rawRows(ctx, pool, taskDueSQL, args...); return err })
		d50, d99 := latency(t, runs, func(int) error {
			for _, d := range docs {
				var rec task.Record
				if err := json.Unmarshal(d, &rec); err != nil {
					return err
				}
			}
			return nil
		})
		t.Logf("scale: %s (%d due of %d waiting, %d rows): p50 %v, p99 %v (fetching the rows as bytes: p50 %v, p99 %v; decoding them: p50 %v, p99 %v); plan: %s",
			c.name, owed, dueRows, n, p50, p99, r50, r99, d50, d99, plan(t, pool, taskDueSQL, args...))
	}
	for _, c := range []struct {
		name string
		q    func(i int) task.Query
	}{
		{"List by advertiser (~100 tasks), first page of 20", func(int) task.Query {
			return task.Query{Advertiser: "adv-" + strconv.Itoa(r.IntN(advertisers)), PageRequest: starmap.PageRequest{Limit: 20}}
		}},
		{"List by advertiser, open, first page of 20", func(int) task.Query {
			return task.Query{Advertiser: "adv-" + strconv.Itoa(r.IntN(advertisers)), Open: true, PageRequest: starmap.PageRequest{Limit: 20}}
		}},
		{"List by creator (~10 tasks), first page of 20", func(int) task.Query {
			return task.Query{Creator: "cre-" + strconv.Itoa(r.IntN(creators)), PageRequest: starmap.PageRequest{Limit: 20}}
		}},
	} {
		p50, p99 := latency(t, runs, func(i int) error { _, err := store.List(ctx, c.q(i)); return err })
		sql, args, err := taskListSQL(c.q(0))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("scale: %s: p50 %v, p99 %v; plan: %s", c.name, p50, p99, plan(t, pool, sql, args...))
	}
	p50, p99 := latency(t, runs, func(int) error {
		_, err := store.Get(ctx, fmt.Sprintf("task-%08d", 1+r.IntN(n)))
		return err
	})
	t.Logf("scale: task Get by id: p50 %v, p99 %v", p50, p99)
}

// grantTemplates are two real grants' documents: to a merchant, to an
// agency.
func grantTemplates(t *testing.T) [2][]byte {
	t.Helper()
	var out [2][]byte
	now := scaleBase
	for i, g := range []authz.Party{authz.MerchantParty("m-1"), authz.AgencyParty("mcn-1")} {
		gr, _, err := authz.NewGrant(starmap.CreatorActor("cre-1"), now, g, starmap.DateOf(now), starmap.DateOf(now).AddDays(180), "季度投放")
		if err != nil {
			t.Fatal(err)
		}
		rec := gr.Record()
		rec.Version = 0
		if out[i], err = json.Marshal(rec); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func scaleGrants(t *testing.T, pool *pgxpool.Pool, n int) {
	ctx := context.Background()
	tpl := grantTemplates(t)
	const merchants, agencies = 50_000, 5_000
	// Ten grants per creator: creator i/10, grantee the i-th of a stride
	// through the merchants (every fifth an agency).
	withoutIndexes(t, pool, "authz_grants", func() {
		for from := 0; from < n; from += 100_000 {
			to := min(from+100_000, n) - 1
			if _, err := pool.Exec(ctx, `INSERT INTO authz_grants (creator, grantee_kind, grantee_id, version, doc)
				SELECT cre, kind, gid, 1,
				       jsonb_set(jsonb_set(CASE WHEN kind = $3 THEN $4::jsonb ELSE $5::jsonb END,
				                           '{Key,Creator}', to_jsonb(cre)), '{Key,Grantee,ID}', to_jsonb(gid))
				FROM generate_series($1::int, $2::int) i
				CROSS JOIN LATERAL (SELECT 'cre-' || (i / 10) AS cre,
				       CASE WHEN i % 5 = 0 THEN $6::smallint ELSE $3::smallint END AS kind,
				       CASE WHEN i % 5 = 0 THEN 'mcn-' || (i % $7) ELSE 'm-' || ((i::bigint * 7919) % $8) END AS gid) k`,
				from, to, int16(authz.Merchant), tpl[0], tpl[1], int16(authz.Agency), agencies, merchants); err != nil {
				t.Fatal(err)
			}
		}
	})
	store, err := NewAuthzStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	const runs = 200
	r := rand.New(rand.NewPCG(3, 4))
	creators := n / 10
	// A key that exists: creator c's j-th grant.
	key := func() authz.GrantKey {
		i := r.IntN(n)
		if i%5 == 0 {
			return authz.GrantKey{Creator: "cre-" + strconv.Itoa(i/10), Grantee: authz.AgencyParty("mcn-" + strconv.Itoa(i%agencies))}
		}
		return authz.GrantKey{Creator: "cre-" + strconv.Itoa(i/10), Grantee: authz.MerchantParty("m-" + strconv.Itoa(i*7919%merchants))}
	}
	p50, p99 := latency(t, runs, func(int) error { _, err := store.GetGrant(ctx, key()); return err })
	t.Logf("scale: GetGrant by key (%d grants): p50 %v, p99 %v", n, p50, p99)
	p50, p99 = latency(t, runs, func(int) error {
		_, err := store.ListGrants(ctx, authz.GrantQuery{Creator: "cre-" + strconv.Itoa(r.IntN(creators)), Page: starmap.PageRequest{Limit: 20}})
		return err
	})
	t.Logf("scale: ListGrants of a creator (10 grants): p50 %v, p99 %v", p50, p99)
	p50, p99 = latency(t, runs, func(int) error {
		_, err := store.ListGrants(ctx, authz.GrantQuery{Grantee: authz.MerchantParty("m-" + strconv.Itoa(r.IntN(merchants))), Page: starmap.PageRequest{Limit: 20}})
		return err
	})
	t.Logf("scale: ListGrants to a merchant (~16 grants), first page of 20: p50 %v, p99 %v", p50, p99)
	p50, p99 = latency(t, runs, func(int) error {
		_, err := store.ListGrants(ctx, authz.GrantQuery{Grantee: authz.AgencyParty("mcn-" + strconv.Itoa(r.IntN(agencies))), Page: starmap.PageRequest{Limit: 20}})
		return err
	})
	t.Logf("scale: ListGrants to an agency (~40 grants), first page of 20: p50 %v, p99 %v", p50, p99)
	// A replica's access-check index loads every grant once at start-up
	// (then follows the event log): the whole table, page by page.
	t0 := time.Now()
	q := authz.GrantQuery{Page: starmap.PageRequest{Limit: starmap.MaxPageLimit}}
	loaded := 0
	for {
		page, err := store.ListGrants(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		loaded += len(page.Items)
		if page.Next == "" {
			break
		}
		q.Page.Cursor = page.Next
	}
	el := time.Since(t0)
	t.Logf("scale: every grant read in pages of %d (a replica's start-up load): %d in %v, %.0f grants/s",
		starmap.MaxPageLimit, loaded, el.Round(time.Millisecond), float64(loaded)/el.Seconds())
}

// scaleWords and friends: the roster's shapes — most creators on Douyin,
// followers log-uniform from 1,000 to 50 million, prices growing with
// followers, 20 content categories, 5,000 agencies signing 60 %, audience
// profiles for 80 %.
var (
	scaleWords  = []string{"美妆", "护肤", "穿搭", "美食", "旅行", "数码", "母婴", "健身", "萌宠", "家居", "汽车", "游戏", "音乐", "舞蹈", "搞笑", "知识", "财经", "读书", "摄影", "手工"}
	scalePrefix = []string{"小", "阿", "大", "老", "是", "爱"}
	scaleSuffix = []string{"日记", "课堂", "研究所", "分享", "君", "酱", "Lab", "TV", "说", "家"}
	scalePlat   = []onboarding.Platform{onboarding.Douyin, onboarding.Douyin, onboarding.Douyin, onboarding.Douyin,
		onboarding.Douyin, onboarding.Douyin, onboarding.Xigua, onboarding.Xigua, onboarding.Huoshan, onboarding.Toutiao}
)

// scaleCreator draws creator i of the roster.
func scaleCreator(r *rand.Rand, i int) star.CreatorRecord {
	followers := int64(1000)
	for e := r.Float64() * 4.7; e > 0; e -= 0.1 { // 10^(4.7·u) in steps of 10^0.1
		followers = followers * 1259 / 1000
	}
	rec := star.CreatorRecord{
		ID: fmt.Sprintf("c%07d", i),
		Account: star.Account{
			Platform:  scalePlat[r.IntN(len(scalePlat))],
			ID:        "dy" + strconv.Itoa(r.IntN(1_000_000_000)),
			Nickname:  scalePrefix[r.IntN(len(scalePrefix))] + scaleWords[r.IntN(len(scaleWords))] + scaleSuffix[r.IntN(len(scaleSuffix))] + strconv.Itoa(r.IntN(1000)),
			Location:  star.Location{Region: star.Region(1 + r.IntN(34))},
			Followers: followers,
			Standing:  onboarding.StandingNormal,
		},
		Status:     star.StatusOpen,
		Engagement: r.IntN(1500),
		Heat:       int64(r.IntN(10_000_000)),
	}
	if r.IntN(20) == 0 {
		rec.Status = star.StatusPending // not listed
	}
	for _, w := range []int{r.IntN(len(scaleWords)), r.IntN(len(scaleWords))} {
		if c := star.Category(scaleWords[w]); !slices.Contains(rec.Categories, c) {
			rec.Categories = append(rec.Categories, c)
		}
	}
	for _, o := range star.Offers() {
		if r.IntN(10) < 7 {
			rec.Quotes = append(rec.Quotes, star.Quote{Offer: o, Price: decimal.New((followers/100*int64(o)+int64(r.IntN(500))+1)*100, -2)})
		}
	}
	if r.IntN(10) < 8 {
		f := r.IntN(10_001)
		rec.Audience.Genders = []star.GenderShare{{Gender: star.GenderFemale, BP: f}, {Gender: star.GenderMale, BP: 10_000 - f}}
		left := 10_000
		for _, b := range star.AgeBands()[:5] {
			s := r.IntN(left/2 + 1)
			rec.Audience.Ages = append(rec.Audience.Ages, star.AgeShare{Band: b, BP: s})
			left -= s
		}
		rec.Audience.Ages = append(rec.Audience.Ages, star.AgeShare{Band: star.AgeOver50, BP: left})
		reg := star.Region(1 + r.IntN(34))
		s := r.IntN(10_001)
		rec.Audience.Regions = []star.RegionShare{{Region: reg, BP: s}, {Region: star.RegionOther, BP: 10_000 - s}}
	}
	if r.IntN(10) < 6 {
		rec.MCN = "mcn" + strconv.Itoa(r.IntN(5000))
	}
	reviewed := int64(r.IntN(30))
	rec.Past = star.PastResults{Completed: int64(r.IntN(50)), Reviewed: reviewed, FirstPass: int64(r.IntN(int(reviewed) + 1)),
		GMV: decimal.New(int64(r.IntN(100_000_000)), -2), Cost: decimal.New(int64(r.IntN(10_000_000)), -2)}
	return rec
}

func scaleCreators(t *testing.T, pool *pgxpool.Pool, n int) {
	ctx := context.Background()
	store, err := NewStarStore(pool)
	if err != nil {
		t.Fatal(err)
	}
	tb := store.creators
	cols := append(append([]string{"id"}, tb.cols...), "version", "doc")
	withoutIndexes(t, pool, "star_creators", func() {
		r := rand.New(rand.NewPCG(5, 6))
		i := 0
		var failed error
		_, err := pool.CopyFrom(ctx, pgx.Identifier{"star_creators"}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if i == n {
				return nil, nil
			}
			rec := scaleCreator(r, i)
			i++
			c, err := star.NewCreator(rec)
			if err != nil {
				failed = err
				return nil, err
			}
			rec = c.Record()
			doc, err := tb.doc(rec)
			if err != nil {
				return nil, err
			}
			return append(append([]any{rec.ID}, creatorColumns(rec)...), int64(1), doc), nil
		}))
		if err != nil || failed != nil {
			t.Fatal(err, failed)
		}
	})
	const runs = 100
	female := star.AudienceFilter{Gender: star.GenderFemale, GenderMin: 6000}
	target := star.Target{Genders: []star.Gender{star.GenderFemale}, Ages: []star.AgeBand{star.Age18to23, star.Age24to30},
		Categories: []star.Category{"美妆", "护肤"}}
	for _, c := range []struct {
		name string
		q    star.Query
	}{
		{"default (listed, by heat)", star.Query{}},
		{"Douyin, ≥ 10,000 followers, by heat", star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}, Followers: star.Range{Min: 10_000}}},
		{"categories 美妆|护肤, by followers", star.Query{Categories: []star.Category{"美妆", "护肤"}, Sort: star.Sort{Key: star.SortFollowers}}},
		{"live price 1,000–20,000 yuan, ascending", star.Query{Price: star.PriceRange{Offer: star.OfferLive, Min: decimal.NewFromInt(1000), Max: decimal.NewFromInt(20000)},
			Sort: star.Sort{Key: star.SortPrice, Offer: star.OfferLive, Ascending: true}}},
		{"female audience ≥ 60 %, by engagement", star.Query{Audience: female, Sort: star.Sort{Key: star.SortEngagement}}},
		{"keyword 美妆日记", star.Query{Keyword: "美妆日记"}},
		{"keyword 美妆 (two characters: no trigram)", star.Query{Keyword: "美妆"}},
		{"one MCN's creators", star.Query{Signing: star.SigningSigned, MCN: "mcn42"}},
		// No index holds this order: every matching row is scored and
		// sorted, seconds at this size, so fewer runs.
		{"match score (Douyin), 10 runs", star.Query{Platforms: []onboarding.Platform{onboarding.Douyin}, Sort: star.Sort{Key: star.SortMatch}, Target: target}},
	} {
		req := star.SearchRequest{Query: c.q, Limit: star.MaxRequestLimit}
		var got int
		k := runs
		if c.q.Sort.Key == star.SortMatch {
			k = 10
		}
		p50, p99 := latency(t, k, func(int) error {
			cs, err := store.Search(ctx, req)
			got = len(cs)
			return err
		})
		sql, args, err := searchSQL(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("scale: Search %s (%d creators), page of %d: %d results, p50 %v, p99 %v; plan: %s", c.name, n, req.Limit, got, p50, p99, plan(t, pool, sql, args...))
	}
}
