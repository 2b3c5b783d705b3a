package tour

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/onboarding"
)

// onboardingTour narrates onboarding (ONB-1 … ONB-9) on the in-memory store
// with a manual clock: two creators apply before the 2026 National Day
// holiday, one is approved and opened, the other rejected with every
// reason; an agency is checked on its anniversary; a merchant leaves.
func onboardingTour(ctx context.Context, w io.Writer, stores Stores) error {
	clock := starmap.NewManualClock(time.Date(2026, 9, 30, 10, 0, 0, 0, starmap.CST()))
	svc, err := onboarding.NewService(stores.Onboarding, clock)
	if err != nil {
		return err
	}
	p := svc.Policy()
	fmt.Fprintf(w, "\n== onboarding — policy %s (seed 000): Douyin ≥ %s, Xigua/Huoshan ≥ %s, Toutiao %s; MCN signing is another route\n",
		p.Name, p.Douyin.MinFollowers, p.Xigua.MinFollowers, map[bool]string{false: "no threshold known", true: p.Toutiao.MinFollowers.String()}[p.Toutiao.MinFollowers.Known])

	reviewer := starmap.PlatformActor("reviewer-1")
	apps := []struct {
		id    string
		actor starmap.Actor
		a     onboarding.Applicant
	}{
		{"app-xg-1", starmap.CreatorActor("xg-1"), onboarding.Applicant{Platform: onboarding.Xigua, AccountID: "xg-1", Followers: 50000, Standing: onboarding.StandingNormal}},
		{"app-dy-2", starmap.CreatorActor("dy-2"), onboarding.Applicant{Platform: onboarding.Douyin, AccountID: "dy-2", Followers: 99999, Standing: onboarding.StandingRateLimited}},
	}
	for _, x := range apps {
		if _, _, err := svc.Submit(ctx, x.actor, x.id, onboarding.Submission{Kind: onboarding.KindCreator, Creator: x.a}); err != nil {
			return err
		}
		a, evs, err := svc.Review(ctx, reviewer, x.id)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s (%s, %d followers, %s): %s\n", x.id, x.a.Platform.Label(starmap.ZH), x.a.Followers, x.a.Standing, evs[0].Type)
		if a.State() == onboarding.StateApproved {
			fmt.Fprintf(w, "  confirmed %s → open by %s (3 working days over the National Day holiday, ONB-5)\n", a.ConfirmedOn(), a.Deadline())
		}
		for _, r := range a.Reasons() {
			fmt.Fprintf(w, "  reason: %s\n", r)
		}
	}
	clock.AdvanceDays(10) // Saturday 10 October, a make-up working day
	a, _, err := svc.Open(ctx, reviewer, "app-xg-1")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "app-xg-1 opened %s: deadline %s\n", a.OpenedOn(), a.SLA(a.OpenedOn()))
	for _, h := range a.History() {
		fmt.Fprintf(w, "  %s %s: %s → %s %s\n", h.At.In(starmap.CST()).Format("2006-01-02 15:04"), h.Actor, h.From, h.To, h.Note)
	}

	// ONB-6: an agency on its first anniversary has existed exactly one
	// year, not more; it qualifies the next day.
	host := p
	host.Name = "host-2026"
	host.Agency.MinFollowerVolume = onboarding.FigureOf(1000000)
	ag := onboarding.Agency{ID: "mcn-9", Founded: starmap.MustDate(2025, 10, 10), Qualified: true, Creators: 5,
		FollowerVolume: 3000000, OperatingCapability: true}
	for _, day := range []starmap.Date{starmap.MustDate(2026, 10, 10), starmap.MustDate(2026, 10, 11)} {
		d := onboarding.CheckAgency(day, host, ag)
		fmt.Fprintf(w, "agency founded %s, checked %s: eligible=%v %s\n", ag.Founded, day, d.Eligible, starmap.Message(d.Err(), starmap.EN))
	}

	// ONB-8: leaving — running tasks block closing; the balance is refunded.
	// Cancellation needs WithLeaving: the host's task lister and its secret
	// key for the code's HMAC.
	running := quickstartTasks{"adv-1": {{ID: "task-7", State: "video_review"}}}
	leaving, err := onboarding.NewService(stores.Onboarding, clock,
		onboarding.WithLeaving(running, []byte("quickstart-code-key")))
	if err != nil {
		return err
	}
	holder := starmap.AdvertiserActor("adv-1")
	balance := decimal.RequireFromString("1280.50")
	_, _, err = leaving.StartCancellation(ctx, holder, balance, "482913", 10*time.Minute)
	fmt.Fprintf(w, "closing adv-1: %s\n", starmap.Message(err, starmap.ZH))
	delete(running, "adv-1") // the advertiser cancels task-7 first
	if _, _, err := leaving.StartCancellation(ctx, holder, balance, "482913", 10*time.Minute); err != nil {
		return err
	}
	if _, _, err := leaving.EnterCode(ctx, holder, "482913"); err != nil {
		return err
	}
	c, evs, err := leaving.ApproveCancellation(ctx, reviewer, "adv-1", balance)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "销户 %s: %s, %s to the merchant's account\n", c.ID(), c.State(), evs[0].Note)
	return nil
}

// quickstartTasks is the host's view of running tasks, by account.
type quickstartTasks map[string][]onboarding.RunningTask

func (q quickstartTasks) RunningTasks(_ context.Context, account string) ([]onboarding.RunningTask, error) {
	return q[account], nil
}
