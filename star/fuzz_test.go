package star_test

import (
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/memstore"
	"github.com/starmap-go/starmap/star"
)

// The query decoder: anything is refused with a coded error or read into
// a valid query whose text form reads back to itself.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "platform=douyin,xigua&followers=100000..&sort=price:live:asc&limit=50",
		"q=%E7%BE%8E%E5%A6%86&category=%E7%BE%8E%E5%A6%86,a%2Cb&audience.gender=female:6000",
		"sort=match&target.gender=female&target.category=x", "price=live:0.01..9.99&engagement=1..2", "followers=5..1",
		"include=not-open,restricted&mcn=m-1&signing=signed&completed=3&first_pass=10000", "cursor=%zz", "a=b=c&&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := star.ParseQuery(s)
		if err != nil {
			if len(starmap.Codes(err)) == 0 {
				t.Fatalf("ParseQuery(%q): an error without a code: %v", s, err)
			}
			return
		}
		if err := q.Validate(); err != nil {
			t.Fatalf("ParseQuery(%q) gave an invalid query: %v", s, err)
		}
		back, err := star.ParseQuery(q.String())
		if err != nil || back.String() != q.String() {
			t.Fatalf("ParseQuery(%q).String() = %q does not read back: %q, %v", s, q.String(), back.String(), err)
		}
	})
}

// The cursor decoder: a cursor the service did not write for this query
// is refused with a coded error; what is accepted pages correctly.
func FuzzSearchCursor(f *testing.F) {
	store := memstore.NewStarStore()
	clock := starmap.NewManualClock(now)
	svc, err := star.NewService(store, clock)
	if err != nil {
		f.Fatal(err)
	}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		c, err := star.NewCreator(with(id, func(r *star.CreatorRecord) { r.Heat = int64(len(id)) }))
		if err != nil {
			f.Fatal(err)
		}
		if _, err := store.CreateCreator(bgCtx, c); err != nil {
			f.Fatal(err)
		}
	}
	p, err := svc.Search(bgCtx, brand, star.Query{PageRequest: starmap.PageRequest{Limit: 2}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("", p.Next)
	f.Add("limit=2", p.Next)
	f.Add("platform=douyin", p.Next)
	f.Add("", p.Next[:len(p.Next)-2])
	f.Add("", "")
	f.Add("", "AAAA")
	f.Fuzz(func(t *testing.T, text, cursor string) {
		q, err := star.ParseQuery(text)
		if err != nil {
			q = star.Query{}
		}
		q.Cursor = cursor
		page, err := svc.Search(bgCtx, brand, q)
		if err != nil {
			if len(starmap.Codes(err)) == 0 {
				t.Fatalf("Search with cursor %q: an error without a code: %v", cursor, err)
			}
			return
		}
		for _, c := range page.Items {
			if ok, _ := q.Matches(c); !ok {
				t.Fatalf("cursor %q: %s does not match %s", cursor, c.ID(), q)
			}
		}
	})
}
