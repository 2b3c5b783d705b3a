package onboarding_test

import (
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

func BenchmarkCheckCreator(b *testing.B) {
	p := onboarding.DefaultPolicy()
	ok := creator(onboarding.Douyin, 150000, false)
	bad := withStanding(creator(onboarding.Douyin, 99999, false), onboarding.StandingViolation)
	b.Run("eligible", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if !onboarding.CheckCreator(p, ok).Eligible {
				b.Fatal("not eligible")
			}
		}
	})
	b.Run("two_reasons", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if onboarding.CheckCreator(p, bad).Eligible {
				b.Fatal("eligible")
			}
		}
	})
}

func BenchmarkCheckAgency(b *testing.B) {
	p := hostPolicy()
	a := goodAgency(starmap.MustDate(2024, 2, 29))
	today := starmap.MustDate(2026, 6, 1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !onboarding.CheckAgency(today, p, a).Eligible {
			b.Fatal("not eligible")
		}
	}
}

func BenchmarkApprove(b *testing.B) {
	p := onboarding.DefaultPolicy()
	c := starmap.ChinaCalendar()
	now := time.Date(2026, 9, 30, 10, 0, 0, 0, starmap.CST())
	sub := creatorSubmission(150000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		a, _, err := onboarding.Submit(starmap.CreatorActor("c-1"), now, "app-1", sub)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.Approve(reviewer, now, p, c); err != nil {
			b.Fatal(err)
		}
	}
}
