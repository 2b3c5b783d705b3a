package starmap

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// CST is China Standard Time, UTC+8 with no daylight saving. It is a
// fixed zone so that the library never depends on a tzdata file being
// installed on the host. A function, not a variable, so that no host can
// swap the zone the whole SDK counts days in.
func CST() *time.Location { return cst }

var cst = time.FixedZone("CST", 8*60*60)

// Date is a civil date — year, month, day; no clock, no zone. All
// validity periods, renewal rules and SLAs of the SDK are counted in Dates.
//
// The zero Date is "no date": IsZero reports it, it sorts before every real
// date, it marshals to JSON null and to SQL NULL. Dates from 0001-01-01 to
// 9999-12-31 are representable; arithmetic that would leave that range stops
// at its ends.
//
// Date is a small comparable value: == tells whether two dates are the same
// day, and it can be used as a map key.
type Date struct {
	// n is the day number: 1 for 0001-01-01, counting up; 0 is the zero Date.
	n int32
}

const (
	// unixOffset is the day number of 1970-01-01 minus one's worth of
	// shifting: n = daysSinceUnixEpoch + unixOffset.
	unixOffset = 719163
	minN       = 1
	maxN       = 3652059 // 9999-12-31
)

// MinDate is the first representable date, 0001-01-01.
func MinDate() Date { return Date{n: minN} }

// MaxDate is the last representable date, 9999-12-31.
func MaxDate() Date { return Date{n: maxN} }

// NewDate returns the date y-m-d, or an error naming the rule it breaks when
// that day does not exist (2026-02-30, month 13, year 0). It never normalises.
func NewDate(year int, month time.Month, day int) (Date, error) {
	if year < 1 || year > 9999 {
		return Date{}, ErrDateOutOfRange.New(Arg("value", fmt.Sprintf("%04d-%02d-%02d", year, int(month), day)), Arg("part", "year"))
	}
	if month < time.January || month > time.December {
		return Date{}, ErrDateOutOfRange.New(Arg("value", fmt.Sprintf("%04d-%02d-%02d", year, int(month), day)), Arg("part", "month"))
	}
	if day < 1 || day > daysIn(year, month) {
		return Date{}, ErrDateOutOfRange.New(Arg("value", fmt.Sprintf("%04d-%02d-%02d", year, int(month), day)), Arg("part", "day"))
	}
	return Date{n: int32(daysFromCivil(year, int(month), day) + unixOffset)}, nil
}

// MustDate is NewDate for dates written as literals in code (tests,
// examples, fixed policy tables). It panics on a date that does not exist;
// never call it with input from outside the program.
func MustDate(year int, month time.Month, day int) Date {
	d, err := NewDate(year, month, day)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf is the one function that turns an instant into a Date: the calendar
// day in China Standard Time at which t falls, whatever t's location.
func DateOf(t time.Time) Date {
	// Seconds since the Unix epoch shifted to UTC+8, floored to days. Times
	// beyond the representable dates stop at MinDate and MaxDate.
	const limit = 400_000_000_000 // seconds: past 9999-12-31 either way
	secs := t.Unix()
	switch {
	case secs > limit:
		return MaxDate()
	case secs < -limit:
		return MinDate()
	}
	secs += 8 * 60 * 60
	days := secs / 86400
	if secs%86400 < 0 {
		days--
	}
	return fromUnixDays(days)
}

// Today is the current day in China Standard Time by the given clock.
func Today(c Clock) Date { return DateOf(c.Now()) }

// ParseDate parses the strict form 2006-01-02: four-digit year, two-digit
// month and day. Anything else — an empty string, other separators, a time
// part, a day that does not exist — is an error.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, ErrDateMalformed.New(Arg("value", s))
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, ErrDateMalformed.New(Arg("value", s))
	}
	return NewDate(y, time.Month(m), d)
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d.n == 0 }

// YMD returns the year, month and day of d (0, 0, 0 for the zero Date).
func (d Date) YMD() (year int, month time.Month, day int) {
	if d.n == 0 {
		return 0, 0, 0
	}
	y, m, dd := civilFromDays(int64(d.n) - unixOffset)
	return y, time.Month(m), dd
}

// Year returns d's year.
func (d Date) Year() int { y, _, _ := d.YMD(); return y }

// Month returns d's month.
func (d Date) Month() time.Month { _, m, _ := d.YMD(); return m }

// Day returns d's day of the month.
func (d Date) Day() int { _, _, dd := d.YMD(); return dd }

// Weekday returns d's day of the week (Sunday for the zero Date).
func (d Date) Weekday() time.Weekday {
	if d.n == 0 {
		return time.Sunday
	}
	// 1970-01-01 was a Thursday.
	w := (int64(d.n) - unixOffset + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// String formats d as 2006-01-02; the zero Date is "".
func (d Date) String() string {
	if d.n == 0 {
		return ""
	}
	var b [10]byte
	return string(d.appendTo(b[:0]))
}

func (d Date) appendTo(b []byte) []byte {
	y, m, dd := d.YMD()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	return append(b, byte('0'+dd/10), byte('0'+dd%10))
}

// Compare returns -1, 0 or +1 as d is before, the same day as, or after e.
// The zero Date is before every real date.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Within reports whether d lies in the inclusive period [from, to] (X-1:
// end dates are inclusive). A zero bound is a date like any other, before
// every real date: with a zero to, nothing real is within; an open-ended
// period is written with MaxDate.
func (d Date) Within(from, to Date) bool { return d.n >= from.n && d.n <= to.n }

// AddDays returns d moved by n days (back for negative n). The zero Date
// stays zero; results stop at MinDate and MaxDate.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return d
	}
	switch { // beyond the whole range: saturate before int64 can overflow
	case n > maxN:
		return MaxDate()
	case n < -maxN:
		return MinDate()
	}
	return Date{n: clampN(int64(d.n) + int64(n))}
}

// DaysUntil returns the number of days from d to e: 1 when e is the day
// after d, negative when e is before d. With a zero Date the answer is 0,
// as for the same day: check IsZero first where that matters.
func (d Date) DaysUntil(e Date) int {
	if d.n == 0 || e.n == 0 {
		return 0
	}
	return int(e.n - d.n)
}

// MonthEnd says what adding months does when the day does not exist in the
// target month (31 January + 1 month, 29 February + 1 year).
type MonthEnd uint8

const (
	// ClampToMonthEnd moves to the last day of the target month:
	// 2026-01-31 + 1 month = 2026-02-28; 2024-02-29 + 1 year = 2025-02-28.
	ClampToMonthEnd MonthEnd = iota + 1
	// RollToNextMonth moves to the first day of the month after the target
	// month: 2026-01-31 + 1 month = 2026-03-01; 2024-02-29 + 1 year =
	// 2025-03-01.
	RollToNextMonth
)

// String names the rule.
func (r MonthEnd) String() string {
	switch r {
	case ClampToMonthEnd:
		return "clamp-to-month-end"
	case RollToNextMonth:
		return "roll-to-next-month"
	}
	return fmt.Sprintf("MonthEnd(%d)", uint8(r))
}

// AddMonths returns d moved by n calendar months, resolving a day that does
// not exist in the target month by rule. An unknown rule is treated as
// ClampToMonthEnd, the safe reading for validity periods. The zero Date stays
// zero; results stop at MinDate and MaxDate.
func (d Date) AddMonths(n int, rule MonthEnd) Date {
	if d.n == 0 {
		return d
	}
	const months = 12 * 10000 // more than the whole range, in months
	switch {
	case n > months:
		return MaxDate()
	case n < -months:
		return MinDate()
	}
	y, m, dd := d.YMD()
	total := int64(y)*12 + int64(m-1) + int64(n)
	ty, tm := total/12, time.Month(total%12+1)
	if total < 12 { // before year 1
		return MinDate()
	}
	if ty > 9999 {
		return MaxDate()
	}
	last := daysIn(int(ty), tm)
	if dd <= last {
		return Date{n: int32(daysFromCivil(int(ty), int(tm), dd) + unixOffset)}
	}
	if rule == RollToNextMonth {
		return Date{n: clampN(daysFromCivil(int(ty), int(tm), last) + unixOffset + 1)}
	}
	return Date{n: int32(daysFromCivil(int(ty), int(tm), last) + unixOffset)}
}

// AddYears is AddMonths(12*n, rule), without overflow for huge n.
func (d Date) AddYears(n int, rule MonthEnd) Date {
	switch {
	case n > 10000:
		n = 10000
	case n < -10000:
		n = -10000
	}
	return d.AddMonths(12*n, rule)
}

// StartOfDay is the first instant of d in China Standard Time.
func (d Date) StartOfDay() time.Time {
	y, m, dd := d.YMD()
	if d.n == 0 {
		return time.Time{}
	}
	return time.Date(y, m, dd, 0, 0, 0, 0, CST())
}

// MarshalText formats d as 2006-01-02 (the zero Date as empty text).
func (d Date) MarshalText() ([]byte, error) {
	if d.n == 0 {
		return []byte{}, nil
	}
	return d.appendTo(make([]byte, 0, 10)), nil
}

// UnmarshalText parses the strict 2006-01-02 form; empty text is the zero
// Date, so that MarshalText and UnmarshalText round-trip.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON formats d as a JSON string "2006-01-02", the zero Date as null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.n == 0 {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 12)
	b = append(b, '"')
	b = d.appendTo(b)
	return append(b, '"'), nil
}

// UnmarshalJSON accepts a JSON string in the strict 2006-01-02 form, or null
// for the zero Date. Anything else is an error.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return ErrDateMalformed.New(Arg("value", string(b)))
	}
	v, err := ParseDate(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value implements driver.Valuer: the date as the text 2006-01-02, which SQL
// date columns accept; the zero Date is NULL.
func (d Date) Value() (driver.Value, error) {
	if d.n == 0 {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner. It accepts NULL (the zero Date), text in the
// 2006-01-02 form, optionally followed by a well-formed time part as some
// drivers render date columns ("2006-01-02T00:00:00Z",
// "2006-01-02 00:00:00+08"), and a time.Time, whose own calendar day is
// taken as it is: drivers return date columns as midnight in some zone, and
// shifting that to CST could change the day. The zero time.Time is the
// zero Date. Anything else — a garbage suffix, a BC date — is an error and
// leaves d unchanged.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		if v.IsZero() {
			*d = Date{}
			return nil
		}
		y, m, dd := v.Date()
		nd, err := NewDate(y, m, dd)
		if err != nil {
			return err
		}
		*d = nd
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return ErrDateMalformed.New(Arg("value", fmt.Sprintf("%T", src)))
}

// timeLayouts are the date-time renderings of date columns that Scan
// accepts; time.Parse also takes fractional seconds after the seconds.
var timeLayouts = [...]string{
	"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05Z07", "2006-01-02 15:04:05",
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		ok := false
		for _, layout := range timeLayouts {
			if _, err := time.Parse(layout, s); err == nil {
				ok = true
				break
			}
		}
		if !ok {
			return ErrDateMalformed.New(Arg("value", s))
		}
		s = s[:10]
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func fromUnixDays(days int64) Date { return Date{n: clampN(days + unixOffset)} }

func clampN(n int64) int32 {
	switch {
	case n < minN:
		return minN
	case n > maxN:
		return maxN
	}
	return int32(n)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar, for years 1..9999. The year is shifted to start in
// March so that the leap day falls at its end.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 here
	yoe := y - era*400
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097 // z >= 0 for years >= 1
	doe := int(z - era*146097)
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + int(era)*400
	if m <= 2 {
		y++
	}
	return y, m, d
}
