package starmap

import (
	"bufio"
	"bytes"
	_ "embed"
	"io"
	"strings"
	"time"
)

// Calendar is a working-day calendar: Saturdays and Sundays are off,
// listed public holidays are off, and listed make-up working days (调休, a
// weekend day declared a working day) are on. Days it has no entry for
// follow the weekend rule. A Calendar is immutable and safe for concurrent
// use; a nil *Calendar is the weekend-only calendar.
type Calendar struct {
	overrides map[Date]bool // true: working day; false: day off
	first     Date          // first and last listed day, zero if none
	last      Date
}

//go:embed data/cn-workdays-2025-2026.txt
var chinaCalendarData []byte

var chinaCalendar = func() *Calendar {
	c, err := ParseCalendar(bytes.NewReader(chinaCalendarData))
	if err != nil {
		panic("starmap: embedded calendar: " + err.Error()) // checked by tests
	}
	return c
}()

// WeekendCalendar returns the calendar on which Monday to Friday are working
// days and Saturday and Sunday are off, with no holidays.
func WeekendCalendar() *Calendar { return &Calendar{} }

// ChinaCalendar returns the official working-day schedule of the PRC for the
// years the SDK ships verified data for: the State Council schedules for 2025
// and 2026 (data/cn-workdays-2025-2026.txt). Outside those years it knows
// only weekends; a host with later schedules loads them with ParseCalendar.
func ChinaCalendar() *Calendar { return chinaCalendar }

// NewCalendar builds a calendar from explicit entries: true for a working
// day, false for a day off. The map is copied. Zero Dates are ignored.
func NewCalendar(entries map[Date]bool) *Calendar {
	c := &Calendar{overrides: make(map[Date]bool, len(entries))}
	for d, on := range entries {
		if !d.IsZero() {
			c.add(d, on)
		}
	}
	return c
}

func (c *Calendar) add(d Date, on bool) {
	c.overrides[d] = on
	if c.first.IsZero() || d.Before(c.first) {
		c.first = d
	}
	if d.After(c.last) {
		c.last = d
	}
}

// ParseCalendar reads the calendar text format: one entry a line,
//
//	2026-02-16 off  # 春节
//	2026-02-28 on   # 春节调休
//
// a strict 2006-01-02 date, white space, then "off" (a holiday) or "on" (a
// make-up working day). Blank lines and everything after '#' are ignored. A
// bad line — malformed date, unknown word, extra fields, a date listed twice
// — is an ErrCalendarLine error with its line number, and no calendar is
// returned. Entries that only restate the weekend rule are accepted.
func ParseCalendar(r io.Reader) (*Calendar, error) {
	c := &Calendar{overrides: map[Date]bool{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff") // a byte-order mark some editors write
		}
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return nil, ErrCalendarLine.New(Arg("line", line),
				LabeledArg("problem", "应为“YYYY-MM-DD on|off”", "want \"YYYY-MM-DD on|off\""))
		}
		d, err := ParseDate(fields[0])
		if err != nil {
			return nil, ErrCalendarLine.Wrap(err, Arg("line", line),
				LabeledArg("problem", "日期无效 "+quote(fields[0]), "bad date "+quote(fields[0])))
		}
		var on bool
		switch fields[1] {
		case "on":
			on = true
		case "off":
		default:
			return nil, ErrCalendarLine.New(Arg("line", line),
				LabeledArg("problem", "应为 on 或 off,实为 "+quote(fields[1]), "want on or off, got "+quote(fields[1])))
		}
		if _, dup := c.overrides[d]; dup {
			return nil, ErrCalendarLine.New(Arg("line", line),
				LabeledArg("problem", d.String()+" 重复列出", d.String()+" listed twice"))
		}
		c.add(d, on)
	}
	if err := sc.Err(); err != nil {
		return nil, ErrCalendarLine.Wrap(err, Arg("line", line+1), LabeledArg("problem", "无法读取", "unreadable"))
	}
	return c, nil
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return "\"" + strings.ToValidUTF8(s, "?") + "\""
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) bool {
	if c != nil {
		if on, ok := c.overrides[d]; ok {
			return on
		}
	}
	w := d.Weekday()
	return w != time.Saturday && w != time.Sunday
}

// Covers reports whether d falls in a year the calendar has data for: the
// years from its first listed day's to its last's. Calendar data lists whole
// years (an official schedule is published a year at a time), so a year
// with any entry is taken to be complete. Outside those years only the
// weekend rule is known: a host that counts working days into a year it has
// no schedule for (AddWorkdays late in December) should load the next
// year's schedule when it is published.
func (c *Calendar) Covers(d Date) bool {
	if c == nil || c.first.IsZero() || d.IsZero() {
		return false
	}
	y := d.Year()
	return y >= c.first.Year() && y <= c.last.Year()
}

// AddWorkdays returns the n-th working day after d, not counting d itself:
// that is what "within n working days of d" means (X-3, ONB-5). Confirmed on
// Friday 2026-11-20, "within 3 working days" ends on Wednesday 2026-11-25
// (Monday, Tuesday, Wednesday), whatever day of the week d is and whether or
// not d is a working day. For n = 0 it returns d; for negative n it counts
// back. It stops at MinDate and MaxDate.
func (c *Calendar) AddWorkdays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step = -1
		if n < -maxN { // more than the whole range: -n could overflow
			n = -maxN
		}
		n = -n
	}
	for n > 0 {
		next := d.AddDays(step)
		if next == d { // at the end of the representable range
			return d
		}
		d = next
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// WorkdaysBetween counts the working days in (from, to]: after from, up to
// and including to; 0 when to is not after from. AddWorkdays(from, n) is the
// first day to with WorkdaysBetween(from, to) == n.
func (c *Calendar) WorkdaysBetween(from, to Date) int {
	n := 0
	for d := from.AddDays(1); !d.After(to) && d.After(from); d = d.AddDays(1) {
		if c.IsWorkday(d) {
			n++
		}
		if d == MaxDate() {
			break
		}
	}
	return n
}
