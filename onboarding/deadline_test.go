package onboarding_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// TestDeadlinePastTheCalendar: approved on 2026-12-29 on ChinaCalendar
// (2025–2026 data), the weekend rule gives 2027-01-01 (元旦); the deadline
// is flagged unverified. A host calendar with 2027 verifies it (ONB-5).
func TestDeadlinePastTheCalendar(t *testing.T) {
	now := at(2026, 12, 29, 10)
	approve := func(t *testing.T, cal *starmap.Calendar) (*onboarding.Application, starmap.Event) {
		t.Helper()
		a := submitted(t, now, 200000)
		ev, err := a.Approve(reviewer, now, onboarding.DefaultPolicy(), cal)
		if err != nil {
			t.Fatal(err)
		}
		return a, ev
	}
	t.Run("ONB-5_uncovered_year_flagged", func(t *testing.T) {
		a, ev := approve(t, starmap.ChinaCalendar())
		if a.Deadline() != d(2027, 1, 1) || a.DeadlineVerified() || !a.Record().DeadlineUnverified {
			t.Fatalf("deadline %s verified=%v", a.Deadline(), a.DeadlineVerified())
		}
		if !strings.Contains(ev.Note, "unverified") || !strings.Contains(ev.Note, "2027") {
			t.Fatalf("note %q", ev.Note)
		}
	})
	t.Run("ONB-5_covered_year_verified", func(t *testing.T) {
		cal, err := starmap.ParseCalendar(strings.NewReader("2026-10-01 off\n2027-01-01 off\n"))
		if err != nil {
			t.Fatal(err)
		}
		a, ev := approve(t, cal)
		if a.Deadline() != d(2027, 1, 4) || !a.DeadlineVerified() || strings.Contains(ev.Note, "unverified") {
			t.Fatalf("deadline %s verified=%v note %q", a.Deadline(), a.DeadlineVerified(), ev.Note)
		}
	})
	t.Run("ONB-5_inside_the_data_verified", func(t *testing.T) {
		a := submitted(t, at(2026, 11, 20, 10), 200000)
		if _, err := a.Approve(reviewer, at(2026, 11, 20, 10), onboarding.DefaultPolicy(), starmap.ChinaCalendar()); err != nil || !a.DeadlineVerified() {
			t.Fatalf("%v verified=%v", err, a.DeadlineVerified())
		}
	})
}

// TestDeadlineProperty: the opening deadline is a working day, exactly the
// policy's working days after the confirmation day, never before it.
func TestDeadlineProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom([]*starmap.Calendar{starmap.ChinaCalendar(), starmap.WeekendCalendar()}).Draw(t, "calendar")
		day := starmap.MustDate(2024, 10, 1).AddDays(rapid.IntRange(0, 3*366).Draw(t, "day"))
		p := onboarding.DefaultPolicy()
		p.OpeningWorkdays = rapid.IntRange(1, 10).Draw(t, "sla")
		now := day.StartOfDay().Add(time.Duration(rapid.IntRange(0, 86399).Draw(t, "second")) * time.Second)
		a, _, err := onboarding.Submit(starmap.CreatorActor("acct-1"), now, "app-1", creatorSubmission(200000))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve(reviewer, now, p, c); err != nil {
			t.Fatal(err)
		}
		dl := a.Deadline()
		if a.ConfirmedOn() != day || !c.IsWorkday(dl) || !dl.After(day) || c.WorkdaysBetween(day, dl) != p.OpeningWorkdays {
			t.Fatalf("confirmed %s deadline %s (%d working days)", day, dl, c.WorkdaysBetween(day, dl))
		}
		if c.WorkdaysBetween(day, dl.AddDays(-1)) >= p.OpeningWorkdays {
			t.Fatalf("deadline %s is later than the last working day of the period", dl)
		}
	})
}

// TestDeadlineAtTheEndOfTime: a deadline the calendar cannot reach before
// starmap.MaxDate() is refused, not recorded as a day too early; an agency
// whose anniversary falls past MaxDate never qualifies by age (ONB-5,
// ONB-6, issue 11).
func TestDeadlineAtTheEndOfTime(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(9999, 12, 30, 10, 0, 0, 0, starmap.CST()),
		time.Date(9999, 12, 31, 23, 0, 0, 0, starmap.CST()),
		time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		a := submitted(t, now, 200000)
		before := a.Record()
		if _, err := a.Approve(reviewer, now, onboarding.DefaultPolicy(), cal); !errors.Is(err, onboarding.ErrApplicationInvalid) {
			t.Errorf("approved at %s: deadline %s, %v", now, a.Deadline(), err)
		}
		if diff := cmp.Diff(before, a.Record(), cmp.AllowUnexported(starmap.Actor{}, starmap.Date{})); diff != "" {
			t.Errorf("a refused approval changed the application: %s", diff)
		}
	}
	a := submitted(t, time.Date(9999, 12, 20, 10, 0, 0, 0, starmap.CST()), 200000)
	if _, err := a.Approve(reviewer, time.Date(9999, 12, 20, 10, 0, 0, 0, starmap.CST()), onboarding.DefaultPolicy(), starmap.WeekendCalendar()); err != nil {
		t.Fatalf("three working days before the end: %v", err)
	}
	for _, founded := range []starmap.Date{d(9999, 1, 1), d(9999, 12, 31), d(9998, 12, 31)} {
		if dec := onboarding.CheckAgency(starmap.MaxDate(), hostPolicy(), goodAgency(founded)); dec.Eligible {
			t.Errorf("founded %s eligible by age on %s", founded, starmap.MaxDate())
		}
	}
	if dec := onboarding.CheckAgency(starmap.MaxDate(), hostPolicy(), goodAgency(d(9998, 12, 30))); !dec.Eligible {
		t.Errorf("founded 9998-12-30 not eligible on 9999-12-31: %v", dec.Err())
	}
}
