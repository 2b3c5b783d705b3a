package starmap

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func d(y int, m time.Month, day int) Date { return MustDate(y, m, day) }

func TestParseDate_X1(t *testing.T) {
	valid := []struct {
		in      string
		y       int
		m       time.Month
		day     int
		weekday time.Weekday
	}{
		{"2026-03-31", 2026, time.March, 31, time.Tuesday},
		{"2024-02-29", 2024, time.February, 29, time.Thursday},
		{"2000-02-29", 2000, time.February, 29, time.Tuesday},
		{"0001-01-01", 1, time.January, 1, time.Monday},
		{"9999-12-31", 9999, time.December, 31, time.Friday},
		{"1970-01-01", 1970, time.January, 1, time.Thursday},
		{"1969-12-31", 1969, time.December, 31, time.Wednesday},
	}
	for _, c := range valid {
		t.Run("X-1_valid_"+c.in, func(t *testing.T) {
			got, err := ParseDate(c.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", c.in, err)
			}
			y, m, day := got.YMD()
			if y != c.y || m != c.m || day != c.day {
				t.Fatalf("YMD = %d-%d-%d, want %d-%d-%d", y, m, day, c.y, c.m, c.day)
			}
			if got.Weekday() != c.weekday {
				t.Fatalf("Weekday = %v, want %v", got.Weekday(), c.weekday)
			}
			if got.String() != c.in {
				t.Fatalf("String = %q, want %q", got.String(), c.in)
			}
		})
	}
	invalid := []struct {
		in   string
		rule *Rule
	}{
		{"", ErrDateMalformed},
		{"garbage", ErrDateMalformed},
		{"2026-3-31", ErrDateMalformed},
		{"2026/03/31", ErrDateMalformed},
		{"2026-03-31T00:00:00Z", ErrDateMalformed},
		{" 2026-03-31", ErrDateMalformed},
		{"+026-03-31", ErrDateMalformed},
		{"2026-0a-31", ErrDateMalformed},
		{"２026-03-31", ErrDateMalformed},
		{"2026-02-30", ErrDateOutOfRange},
		{"2026-02-29", ErrDateOutOfRange},
		{"1900-02-29", ErrDateOutOfRange},
		{"2026-13-01", ErrDateOutOfRange},
		{"2026-00-10", ErrDateOutOfRange},
		{"2026-04-31", ErrDateOutOfRange},
		{"2026-01-00", ErrDateOutOfRange},
		{"0000-01-01", ErrDateOutOfRange},
	}
	for _, c := range invalid {
		t.Run("X-1_invalid_"+c.in, func(t *testing.T) {
			got, err := ParseDate(c.in)
			if !errors.Is(err, c.rule) {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, c.rule.Code())
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			if !got.IsZero() {
				t.Fatalf("invalid input returned a date %v", got)
			}
		})
	}
}

func TestNewDate_X1_NeverNormalises(t *testing.T) {
	for _, c := range []struct {
		y, m, day int
	}{{2026, 2, 30}, {2026, 13, 1}, {2026, 0, 1}, {2026, 1, 32}, {2026, 1, -1}, {10000, 1, 1}, {-1, 1, 1}} {
		if got, err := NewDate(c.y, time.Month(c.m), c.day); err == nil {
			t.Errorf("NewDate(%d,%d,%d) = %v, want an error", c.y, c.m, c.day, got)
		}
	}
}

func TestDateOf_X1_ChinaStandardTime(t *testing.T) {
	cases := []struct {
		name string
		t    time.Time
		want Date
	}{
		{"utc 15:59 is 23:59 CST() same day", time.Date(2026, 3, 31, 15, 59, 59, 0, time.UTC), d(2026, 3, 31)},
		{"utc 16:00 is next day 00:00 CST", time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), d(2026, 4, 1)},
		{"CST midnight", time.Date(2026, 1, 1, 0, 0, 0, 0, CST()), d(2026, 1, 1)},
		{"New York evening is next morning in China", time.Date(2026, 12, 31, 20, 0, 0, 0, time.FixedZone("EST", -5*3600)), d(2027, 1, 1)},
		{"before 1970", time.Date(1969, 12, 31, 15, 59, 59, 0, time.UTC), d(1969, 12, 31)},
		{"before 1970 crossing", time.Date(1969, 12, 31, 16, 0, 0, 0, time.UTC), d(1970, 1, 1)},
		{"leap day", time.Date(2028, 2, 28, 16, 0, 0, 0, time.UTC), d(2028, 2, 29)},
	}
	for _, c := range cases {
		t.Run("X-1_"+c.name, func(t *testing.T) {
			if got := DateOf(c.t); got != c.want {
				t.Fatalf("DateOf(%v) = %v, want %v", c.t, got, c.want)
			}
		})
	}
	if got := Today(FixedClock(time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC))); got != d(2026, 11, 24) {
		t.Fatalf("Today = %v, want 2026-11-24", got)
	}
}

func TestDate_AddMonths_X1_MonthEndRule(t *testing.T) {
	cases := []struct {
		from Date
		n    int
		rule MonthEnd
		want Date
	}{
		{d(2026, 1, 31), 1, ClampToMonthEnd, d(2026, 2, 28)},
		{d(2026, 1, 31), 1, RollToNextMonth, d(2026, 3, 1)},
		{d(2028, 1, 31), 1, ClampToMonthEnd, d(2028, 2, 29)},
		{d(2028, 1, 31), 1, RollToNextMonth, d(2028, 3, 1)},
		{d(2026, 3, 31), 1, ClampToMonthEnd, d(2026, 4, 30)},
		{d(2026, 3, 31), -1, ClampToMonthEnd, d(2026, 2, 28)},
		{d(2026, 3, 15), 1, ClampToMonthEnd, d(2026, 4, 15)},
		{d(2026, 11, 30), 2, ClampToMonthEnd, d(2027, 1, 30)},
		{d(2026, 1, 10), -13, ClampToMonthEnd, d(2024, 12, 10)},
		{d(2024, 2, 29), 12, ClampToMonthEnd, d(2025, 2, 28)},
		{d(2024, 2, 29), 12, RollToNextMonth, d(2025, 3, 1)},
		{d(2024, 2, 29), 48, RollToNextMonth, d(2028, 2, 29)},
		{d(2026, 5, 31), 0, RollToNextMonth, d(2026, 5, 31)},
		{d(9999, 12, 31), 1, ClampToMonthEnd, MaxDate()},
		{d(1, 1, 31), -1, ClampToMonthEnd, MinDate()},
		{d(9999, 12, 31), 0, MonthEnd(99), d(9999, 12, 31)},
		{d(2026, 1, 31), 1, MonthEnd(99), d(2026, 2, 28)}, // unknown rule: clamp
	}
	for _, c := range cases {
		t.Run("X-1_"+c.from.String()+"_"+c.rule.String(), func(t *testing.T) {
			if got := c.from.AddMonths(c.n, c.rule); got != c.want {
				t.Fatalf("%v.AddMonths(%d, %v) = %v, want %v", c.from, c.n, c.rule, got, c.want)
			}
		})
	}
	if got := d(2024, 2, 29).AddYears(1, ClampToMonthEnd); got != d(2025, 2, 28) {
		t.Fatalf("AddYears clamp = %v", got)
	}
}

func TestDate_Arithmetic_X1(t *testing.T) {
	if got := d(2026, 12, 31).AddDays(1); got != d(2027, 1, 1) {
		t.Fatalf("year end + 1 = %v", got)
	}
	if got := d(2028, 2, 28).AddDays(1); got != d(2028, 2, 29) {
		t.Fatalf("leap + 1 = %v", got)
	}
	if got := d(2026, 3, 1).AddDays(-1); got != d(2026, 2, 28) {
		t.Fatalf("march 1 - 1 = %v", got)
	}
	for _, c := range []struct {
		name string
		got  Date
		want Date
	}{
		{"AddDays(MaxInt)", d(2026, 1, 1).AddDays(math.MaxInt), MaxDate()},
		{"AddDays(MinInt)", d(2026, 1, 1).AddDays(math.MinInt), MinDate()},
		{"AddMonths(MaxInt)", d(2026, 1, 1).AddMonths(math.MaxInt, ClampToMonthEnd), MaxDate()},
		{"AddMonths(MinInt)", d(2026, 1, 1).AddMonths(math.MinInt, ClampToMonthEnd), MinDate()},
		{"AddYears(1<<62)", d(2026, 1, 1).AddYears(1<<62, ClampToMonthEnd), MaxDate()},
		{"AddYears(-1<<62)", d(2026, 1, 1).AddYears(-1<<62, ClampToMonthEnd), MinDate()},
		{"AddWorkdays(MinInt)", WeekendCalendar().AddWorkdays(d(1, 1, 20), math.MinInt), MinDate()},
		{"DateOf(far future)", DateOf(time.Unix(math.MaxInt64-100, 0)), MaxDate()},
		{"DateOf(far past)", DateOf(time.Unix(math.MinInt64+100, 0)), MinDate()},
	} {
		if c.got != c.want {
			t.Errorf("X-1 overflow: %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if got := MaxDate().AddDays(10); got != MaxDate() {
		t.Fatalf("saturation at MaxDate() failed: %v", got)
	}
	if got := MinDate().AddDays(-10); got != MinDate() {
		t.Fatalf("saturation at MinDate() failed: %v", got)
	}
	if got := (Date{}).AddDays(5); !got.IsZero() {
		t.Fatalf("zero + 5 = %v, want zero", got)
	}
	if n := d(2026, 1, 1).DaysUntil(d(2027, 1, 1)); n != 365 {
		t.Fatalf("DaysUntil = %d, want 365", n)
	}
	if n := d(2028, 3, 1).DaysUntil(d(2028, 2, 1)); n != -29 {
		t.Fatalf("DaysUntil = %d, want -29", n)
	}
	if !d(2026, 3, 31).Within(d(2026, 3, 1), d(2026, 3, 31)) {
		t.Fatal("X-1 end date must be inclusive")
	}
	if d(2026, 4, 1).Within(d(2026, 3, 1), d(2026, 3, 31)) {
		t.Fatal("the day after the end is outside")
	}
	if !(Date{}).Before(MinDate()) || (Date{}).Compare(MinDate()) != -1 {
		t.Fatal("zero date must sort first")
	}
	if got := d(2026, 3, 31).StartOfDay(); !got.Equal(time.Date(2026, 3, 30, 16, 0, 0, 0, time.UTC)) {
		t.Fatalf("StartOfDay = %v", got)
	}
	if MinDate().String() != "0001-01-01" || MaxDate().String() != "9999-12-31" {
		t.Fatalf("range = %v..%v", MinDate(), MaxDate())
	}
}

func TestDate_Marshalling_X1(t *testing.T) {
	type rec struct {
		End  Date  `json:"end"`
		From *Date `json:"from,omitempty"`
	}
	b, err := json.Marshal(rec{End: d(2026, 3, 31)})
	if err != nil || string(b) != `{"end":"2026-03-31"}` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	var r rec
	if err := json.Unmarshal([]byte(`{"end":"2028-02-29"}`), &r); err != nil || r.End != d(2028, 2, 29) {
		t.Fatalf("unmarshal = %v, %v", r.End, err)
	}
	if b, _ := json.Marshal(rec{}); string(b) != `{"end":null}` {
		t.Fatalf("zero marshal = %s", b)
	}
	if err := json.Unmarshal([]byte(`{"end":null}`), &r); err != nil || !r.End.IsZero() {
		t.Fatalf("null = %v, %v", r.End, err)
	}
	for _, bad := range []string{`{"end":"2026-02-30"}`, `{"end":20260331}`, `{"end":""}`, `{"end":"2026-03-31T00:00:00Z"}`} {
		r := rec{End: d(2020, 1, 1)}
		if err := json.Unmarshal([]byte(bad), &r); err == nil {
			t.Errorf("unmarshal %s: want an error, got %v", bad, r.End)
		}
	}
	var x Date
	if err := x.UnmarshalText([]byte("2026-10-01")); err != nil || x != d(2026, 10, 1) {
		t.Fatalf("UnmarshalText = %v, %v", x, err)
	}
	if tb, _ := x.MarshalText(); string(tb) != "2026-10-01" {
		t.Fatalf("MarshalText = %s", tb)
	}
	if err := x.UnmarshalText([]byte("2026-10-32")); err == nil || x != d(2026, 10, 1) {
		t.Fatalf("bad text must fail and leave the date alone: %v, %v", x, err)
	}
}

func TestDate_SQL_X1(t *testing.T) {
	v, err := d(2026, 3, 31).Value()
	if err != nil || v != "2026-03-31" {
		t.Fatalf("Value = %v, %v", v, err)
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Fatalf("zero Value = %v, want NULL", v)
	}
	cases := []struct {
		src  any
		want Date
	}{
		{nil, Date{}},
		{"2026-03-31", d(2026, 3, 31)},
		{[]byte("2026-03-31"), d(2026, 3, 31)},
		{"2026-03-31T00:00:00Z", d(2026, 3, 31)},
		{"2026-03-31 00:00:00+08", d(2026, 3, 31)},
		{time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), d(2026, 3, 31)},
		{time.Date(2026, 3, 31, 0, 0, 0, 0, time.FixedZone("X", -10*3600)), d(2026, 3, 31)},
	}
	for _, c := range cases {
		var got Date
		if err := got.Scan(c.src); err != nil || got != c.want {
			t.Errorf("Scan(%#v) = %v, %v; want %v", c.src, got, err, c.want)
		}
	}
	for _, ok := range []string{"2026-03-31 00:00:00.123456+05:30", "2026-03-31T00:00:00+08:00", "2026-03-31 00:00:00"} {
		var got Date
		if err := got.Scan(ok); err != nil || got != d(2026, 3, 31) {
			t.Errorf("Scan(%q) = %v, %v", ok, got, err)
		}
	}
	var zt Date
	if err := zt.Scan(time.Time{}); err != nil || !zt.IsZero() {
		t.Errorf("Scan(zero time) = %v, %v; want the zero Date", zt, err)
	}
	for _, bad := range []any{42, "2026-02-30", "31/03/2026", 3.5, "0044-03-15 BC", "2026-03-31 garbage",
		"2026-03-31Tnonsense", "2026-03-31 25:00:00", "2026-03-31 00:00:00 BC"} {
		got := d(2020, 1, 1)
		if err := got.Scan(bad); err == nil || got != d(2020, 1, 1) {
			t.Errorf("Scan(%#v) = %v, %v; want an error and no change", bad, got, err)
		}
	}
}

// genDate draws any representable date.
func genDate() *rapid.Generator[Date] {
	return rapid.Custom(func(t *rapid.T) Date {
		return Date{n: int32(rapid.IntRange(minN, maxN).Draw(t, "n"))}
	})
}

func TestDate_Properties_X1(t *testing.T) {
	t.Run("X-1_agrees_with_time_package", rapid.MakeCheck(func(t *rapid.T) {
		x := genDate().Draw(t, "d")
		y, m, day := x.YMD()
		tt := time.Date(y, m, day, 12, 0, 0, 0, time.UTC)
		if ty, tm, td := tt.Date(); ty != y || tm != m || td != day {
			t.Fatalf("%v is not a real day (time normalised to %v)", x, tt)
		}
		if tt.Weekday() != x.Weekday() {
			t.Fatalf("%v weekday %v, time says %v", x, x.Weekday(), tt.Weekday())
		}
		if next := tt.AddDate(0, 0, 1); x != MaxDate() && x.AddDays(1).String() != next.Format("2006-01-02") {
			t.Fatalf("%v + 1 = %v, time says %v", x, x.AddDays(1), next)
		}
	}))
	t.Run("X-1_parse_format_round_trip", rapid.MakeCheck(func(t *rapid.T) {
		x := genDate().Draw(t, "d")
		got, err := ParseDate(x.String())
		if err != nil || got != x {
			t.Fatalf("round trip %v → %q → %v, %v", x, x.String(), got, err)
		}
		var j Date
		b, _ := json.Marshal(x)
		if err := json.Unmarshal(b, &j); err != nil || j != x {
			t.Fatalf("json round trip %v → %s → %v, %v", x, b, j, err)
		}
	}))
	t.Run("X-1_add_days_inverse_and_days_until", rapid.MakeCheck(func(t *rapid.T) {
		x := genDate().Draw(t, "d")
		n := rapid.IntRange(-100000, 100000).Draw(t, "n")
		y := x.AddDays(n)
		if y.Compare(x) != sign(n) && y != MinDate() && y != MaxDate() {
			t.Fatalf("%v + %d = %v is on the wrong side", x, n, y)
		}
		if y != MinDate() && y != MaxDate() {
			if x.DaysUntil(y) != n || y.AddDays(-n) != x {
				t.Fatalf("%v + %d = %v; DaysUntil %d; back %v", x, n, y, x.DaysUntil(y), y.AddDays(-n))
			}
		}
	}))
	t.Run("X-1_add_months_lands_in_target_month", rapid.MakeCheck(func(t *rapid.T) {
		x := genDate().Draw(t, "d")
		n := rapid.IntRange(-240, 240).Draw(t, "n")
		y0, m0, d0 := x.YMD()
		total := y0*12 + int(m0-1) + n
		if total < 12 || total/12 > 9999 {
			return
		}
		clamp := x.AddMonths(n, ClampToMonthEnd)
		roll := x.AddMonths(n, RollToNextMonth)
		cy, cm, cd := clamp.YMD()
		if cy != total/12 || int(cm) != total%12+1 {
			t.Fatalf("%v + %d months (clamp) = %v, not in the target month", x, n, clamp)
		}
		if d0 <= daysIn(cy, cm) {
			if cd != d0 || roll != clamp {
				t.Fatalf("%v + %d months: day exists, yet clamp %v roll %v", x, n, clamp, roll)
			}
		} else if cd != daysIn(cy, cm) || roll != clamp.AddDays(1) {
			t.Fatalf("%v + %d months: clamp %v roll %v", x, n, clamp, roll)
		}
	}))
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-31", "2024-02-29", "2026-02-30", "", "0000-00-00", "9999-12-31", "2026-1-1", "２026-03-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		if err != nil {
			if !got.IsZero() {
				t.Fatalf("error with a date: %v", got)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		// Strictness: only the canonical form is accepted.
		if got.String() != s {
			t.Fatalf("ParseDate(%q) = %v, not canonical", s, got)
		}
		if _, err := time.Parse("2006-01-02", s); err != nil {
			t.Fatalf("accepted %q that time.Parse refuses: %v", s, err)
		}
	})
}

func ExampleParseDate() {
	end, err := ParseDate("2026-03-31")
	fmt.Println(end, err)
	fmt.Println(end.AddDays(1), end.AddMonths(1, ClampToMonthEnd))

	_, err = ParseDate("2026-02-30")
	fmt.Println(err)
	// Output:
	// 2026-03-31 <nil>
	// 2026-04-01 2026-04-30
	// date.out_of_range: no such date 2026-02-30 (day out of range)
}

func ExampleDateOf() {
	// 17:00 UTC on 23 November is already 24 November in China (X-1).
	fmt.Println(DateOf(time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC)))
	// Output: 2026-11-24
}
