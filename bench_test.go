package starmap

import (
	"testing"
	"time"
)

// Dates sit on the hot paths of other packages (the access check compares
// them, sweeps convert instants), so their costs are measured here.

var sinkDate Date

func BenchmarkDateOf(b *testing.B) {
	t := time.Date(2026, 11, 24, 7, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkDate = DateOf(t)
	}
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkDate, _ = ParseDate("2026-03-31")
	}
}

func BenchmarkAddMonths(b *testing.B) {
	x := MustDate(2024, 1, 31)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkDate = x.AddMonths(i%24, ClampToMonthEnd)
	}
}

func BenchmarkAddWorkdays3(b *testing.B) {
	cal := ChinaCalendar()
	x := MustDate(2026, 9, 30)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkDate = cal.AddWorkdays(x, 3)
	}
}
