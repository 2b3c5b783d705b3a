package task_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

// TestInvalidActorFirst: an invalid actor is refused with
// ErrActorInvalid before anything else is looked at — the command, the
// state, the store — and Can answers false for it.
func TestInvalidActorFirst(t *testing.T) {
	bad := []starmap.Actor{starmap.PlatformActor(""), starmap.AdvertiserActor("adv 1"), {}}
	tk := newTask(t, starmap.FormatShortVideo, false)
	for _, by := range bad {
		if tk.Can(task.CmdCancel, by) {
			t.Errorf("X-7 Can(cancel) true for invalid actor %v", by)
		}
		for _, c := range []task.Command{task.CmdCancel, task.Command(200), task.CmdApproveVideo} {
			if _, err := tk.Apply(task.Request{Command: c, Reason: "r"}, by, t0.Add(time.Hour)); !errors.Is(err, starmap.ErrActorInvalid) {
				t.Errorf("X-7 %v by invalid %v: %v, want ErrActorInvalid", c, by, err)
			}
		}
	}
	videoTo(t, tk, task.StateSettled)
	if _, err := tk.Apply(withReason(task.CmdCancel), starmap.PlatformActor(""), t0); !errors.Is(err, starmap.ErrActorInvalid) {
		t.Errorf("X-7 terminal task, invalid actor: %v", err)
	}
	s, _ := newService(t, starmap.FixedClock(t0))
	if _, _, err := s.Do(context.Background(), starmap.PlatformActor(""), "missing", withReason(task.CmdCancel)); !errors.Is(err, starmap.ErrActorInvalid) {
		t.Errorf("X-7 Service.Do with invalid actor on a missing task: %v, want ErrActorInvalid", err)
	}
}

// signings is a SigningLookup over a map; fail makes every lookup fail.
type signings struct {
	of   map[string]string
	fail error
	n    int
}

func (s *signings) SignedMCN(_ context.Context, creatorID string) (string, error) {
	s.n++
	return s.of[creatorID], s.fail
}

// TestClaimParties (TSK-1, X-7): the ordering advertiser cannot claim its
// own open task, and a Service with a SigningLookup decides the claiming
// creator's MCN instead of trusting the request.
func TestClaimParties(t *testing.T) {
	ctx := context.Background()
	openOrder := func(id string) task.Order {
		o := order(starmap.FormatShortVideo, false)
		o.ID, o.Creator = id, ""
		return o
	}
	t.Run("TSK-1_same_party_cannot_claim", func(t *testing.T) {
		tk, _, err := task.New(openOrder("t-1"), advertiser, t0, task.DefaultPolicy(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tk.Apply(cmd(task.CmdClaim), starmap.CreatorActor("adv-1"), t0.Add(time.Hour)); !errors.Is(err, task.ErrSameParty) {
			t.Errorf("the advertiser's own id claims: %v, want ErrSameParty", err)
		}
		if tk.State() != task.StateOpen || tk.Creator() != "" {
			t.Errorf("a refused claim changed the task")
		}
	})
	t.Run("X-7_signing_lookup_fills_and_checks_the_MCN", func(t *testing.T) {
		look := &signings{of: map[string]string{"cre-1": "mcn-1"}}
		s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)), task.WithSigningLookup(look))
		for _, id := range []string{"t-1", "t-2", "t-3"} {
			if _, _, err := s.Order(ctx, advertiser, openOrder(id)); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := s.Do(ctx, creator, "t-1", task.Request{Command: task.CmdClaim, MCN: "mcn-2"}); !errors.Is(err, task.ErrClaimMCNMismatch) {
			t.Errorf("claim naming another MCN: %v", err)
		}
		if _, _, err := s.Do(ctx, otherCre, "t-1", task.Request{Command: task.CmdClaim, MCN: "mcn-1"}); !errors.Is(err, task.ErrClaimMCNMismatch) {
			t.Errorf("an independent creator naming an MCN: %v", err)
		}
		tk, _, err := s.Do(ctx, creator, "t-1", cmd(task.CmdClaim))
		if err != nil || tk.MCN() != "mcn-1" {
			t.Fatalf("claim without MCN: %v, MCN %q, want mcn-1 from the lookup", err, tk.MCN())
		}
		tk, _, err = s.Do(ctx, otherCre, "t-2", cmd(task.CmdClaim))
		if err != nil || tk.MCN() != "" {
			t.Fatalf("independent creator: %v, MCN %q", err, tk.MCN())
		}
		n := look.n
		if _, _, err := s.Do(ctx, advertiser, "t-3", withReason(task.CmdCancel)); err != nil || look.n != n {
			t.Errorf("only claims ask the lookup: %v, %d lookups", err, look.n-n)
		}
		look.fail = context.DeadlineExceeded
		if _, _, err := s.Do(ctx, creator, "t-2", cmd(task.CmdClaim)); !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, starmap.ErrInvalid) {
			t.Errorf("a failed lookup: %v", err)
		}
	})
	t.Run("X-7_without_lookup_the_host_vouches", func(t *testing.T) {
		s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)))
		if _, _, err := s.Order(ctx, advertiser, openOrder("t-1")); err != nil {
			t.Fatal(err)
		}
		tk, _, err := s.Do(ctx, creator, "t-1", task.Request{Command: task.CmdClaim, MCN: "mcn-9"})
		if err != nil || tk.MCN() != "mcn-9" {
			t.Errorf("%v %q", err, tk.MCN())
		}
	})
}

// TestFromRecordMoney (TSK-5, X-4, X-8): a record whose money breaks the
// statement's invariants is not a task.
func TestFromRecordMoney(t *testing.T) {
	running := newTask(t, starmap.FormatShortVideo, true)
	videoTo(t, running, task.StateScriptSubmitted)
	ended := newTask(t, starmap.FormatShortVideo, true)
	videoTo(t, ended, task.StateSettled)
	for _, tk := range []*task.Task{running, ended} {
		if _, err := task.FromRecord(tk.Record()); err != nil {
			t.Fatalf("valid record refused: %v", err)
		}
	}
	cases := []struct {
		name string
		from *task.Task
		edit func(*task.Record)
	}{
		{"negative_price", running, func(r *task.Record) { r.Price = dec("-1000.00") }},
		{"zero_price", running, func(r *task.Record) { r.Price = dec("0") }},
		{"price_not_whole_fen", running, func(r *task.Record) { r.Price = dec("1000.001") }},
		{"negative_fee", running, func(r *task.Record) { r.Fee = dec("-50.00") }},
		{"fee_not_whole_fen", running, func(r *task.Record) { r.Fee = dec("50.001") }},
		{"fee_not_the_policy_rate", running, func(r *task.Record) { r.Fee = dec("40.00") }},
		{"running_task_frozen_drained", running, func(r *task.Record) {
			r.Postings = append(r.Postings, task.Posting{Kind: task.PostingRefund, From: task.AccountAdvertiserFrozen, To: task.AccountAdvertiserAvailable, Amount: dec("1.00")})
		}},
		{"ended_task_keeps_money_frozen", ended, func(r *task.Record) { r.Postings = r.Postings[:len(r.Postings)-1] }},
		{"second_freeze", ended, func(r *task.Record) { r.Postings = append(r.Postings, r.Postings[0]) }},
		{"freeze_not_price_plus_fee", running, func(r *task.Record) { r.Postings[0].Amount = dec("1.00") }},
		{"posting_not_whole_fen", ended, func(r *task.Record) { r.Postings[1].Amount = r.Postings[1].Amount.Add(dec("0.001")) }},
		{"history_not_starting_with_the_order", running, func(r *task.Record) { r.History[0].Command = task.CmdAcceptOrder }},
	}
	for _, c := range cases {
		t.Run("X-4_"+c.name, func(t *testing.T) {
			r := c.from.Record()
			c.edit(&r)
			_, err := task.FromRecord(r)
			if !errors.Is(err, task.ErrRecordInvalid) {
				t.Errorf("FromRecord = %v, want ErrRecordInvalid", err)
			}
			assertChinese(t, err)
		})
	}
}

// failingChecker fails every check with err.
type failingChecker struct{ err error }

func (f failingChecker) CheckMount(context.Context, string, starmap.Format, []string) ([]task.MountedComponent, error) {
	return nil, f.err
}

// TestMountCheckerFailure (CMP-3): a checker that cannot answer is not a
// refusal of the order; its error comes back unchanged in kind.
func TestMountCheckerFailure(t *testing.T) {
	ctx := context.Background()
	o := order(starmap.FormatShortVideo, false)
	o.Components = []string{"cmp-1"}
	s, store := newService(t, starmap.FixedClock(t0), task.WithMountChecker(failingChecker{context.DeadlineExceeded}))
	_, _, err := s.Order(ctx, advertiser, o)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, task.ErrMountRefused) || errors.Is(err, starmap.ErrInvalid) {
		t.Errorf("CMP-3 checker timeout: %v; want DeadlineExceeded, not ErrMountRefused/ErrInvalid", err)
	}
	refusal := errors.Join(errUnmountable.New(starmap.Arg("id", "cmp-1")))
	s2, _ := newService(t, starmap.FixedClock(t0), task.WithMountChecker(failingChecker{fmt.Errorf("wrapped: %w", refusal)}))
	if _, _, err := s2.Order(ctx, advertiser, o); !errors.Is(err, task.ErrMountRefused) || !errors.Is(err, errUnmountable) {
		t.Errorf("CMP-3 rule refusal: %v", err)
	}
	if recs, _ := store.List(ctx, task.Query{}); len(recs) != 0 {
		t.Errorf("stored despite the failure")
	}
}

// TestBlankText (TSK-1, TSK-8): a reason or a reference that shows nothing
// — Unicode spaces, controls, zero-width and other format characters — is
// no reason or reference.
func TestBlankText(t *testing.T) {
	blanks := []string{"", " \t\r\n", "\v", "\f", "\u3000", "\u00a0", "\u200b", "\u200c\u200d", "\ufeff", "\u2060",
		"\u0085", "\u2028", " \u3000\u200b\t", "\x00", "\u202e"}
	for _, b := range blanks {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StateScriptSubmitted)
		if _, err := tk.Apply(task.Request{Command: task.CmdRejectScript, Reason: b}, advertiser, t0.Add(time.Hour)); !errors.Is(err, task.ErrReasonRequired) {
			t.Errorf("TSK-8 reason %q: %v, want ErrReasonRequired", b, err)
		}
		run(t, tk, step{by: advertiser, req: withReason(task.CmdRejectScript)})
		if _, err := tk.Apply(task.Request{Command: task.CmdSubmitScript, Ref: b}, creator, t0.Add(time.Hour)); !errors.Is(err, task.ErrSubmissionRequired) {
			t.Errorf("TSK-1 ref %q: %v, want ErrSubmissionRequired", b, err)
		}
	}
	for _, ok := range []string{"太暗", "\u200bx", "\u3000改一下", "a"} {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StateScriptSubmitted)
		if _, err := tk.Apply(task.Request{Command: task.CmdRejectScript, Reason: ok}, advertiser, t0.Add(time.Hour)); err != nil {
			t.Errorf("reason %q refused: %v", ok, err)
		}
	}
}

// TestMetricsBounds (TSK-6, CMP-4): counts are capped so that sums stay
// exact, component clicks are a part of clicks and need a mounted
// component.
func TestMetricsBounds(t *testing.T) {
	for _, c := range []struct {
		name string
		m    task.Metrics
		ok   bool
	}{
		{"TSK-6_at_cap", task.Metrics{Exposure: task.MaxCount, Clicks: task.MaxCount, GMV: dec("999999999999999.99")}, true},
		{"TSK-6_count_above_cap", task.Metrics{Exposure: task.MaxCount + 1}, false},
		{"TSK-6_max_int64", task.Metrics{Orders: math.MaxInt64}, false},
		{"TSK-6_gmv_above_cap", task.Metrics{GMV: dec("1000000000000000")}, false},
		{"CMP-4_component_clicks_equal_clicks", task.Metrics{Clicks: 5, ComponentClicks: 5}, true},
		{"CMP-4_component_clicks_above_clicks", task.Metrics{Clicks: 5, ComponentClicks: 6}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.m.Validate()
			if (err == nil) != c.ok || err != nil && !errors.Is(err, task.ErrMetricsInvalid) {
				t.Errorf("Validate = %v, want ok %v", err, c.ok)
			}
			assertChinese(t, err)
		})
	}
	t.Run("CMP-4_component_clicks_need_a_component", func(t *testing.T) {
		tk := newTask(t, starmap.FormatShortVideo, false)
		videoTo(t, tk, task.StatePublished)
		r := task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Clicks: 10, ComponentClicks: 1}}
		if _, err := tk.Apply(r, platform, t0.Add(2*time.Hour)); !errors.Is(err, task.ErrComponentClicksWithoutComponent) {
			t.Errorf("component clicks without a component: %v", err)
		}
		withCmp := newTask(t, starmap.FormatShortVideo, false, task.MountedComponent{ID: "cmp-1"})
		videoTo(t, withCmp, task.StatePublished)
		if _, err := withCmp.Apply(r, platform, t0.Add(2*time.Hour)); err != nil {
			t.Errorf("component clicks with a component: %v", err)
		}
	})
	t.Run("TSK-6_sums_saturate", func(t *testing.T) {
		var tasks []*task.Task
		for i := 0; i < 10; i++ {
			tk := newTask(t, starmap.FormatShortVideo, false)
			videoTo(t, tk, task.StatePublished)
			run(t, tk, step{by: platform, req: task.Request{Command: task.CmdReportResults, Metrics: task.Metrics{Exposure: task.MaxCount, Clicks: task.MaxCount}}})
			tasks = append(tasks, tk)
		}
		s := task.ByCreator(tasks)
		if len(s) != 1 || s[0].Metrics.Exposure != 10*task.MaxCount || s[0].Metrics.Exposure < 0 {
			t.Errorf("sum %+v", s)
		}
	})
}

// TestChineseMessages: every refusal rendered in zh-CN is Chinese —
// role words, fields and problems included; only ids stay as they are.
func TestChineseMessages(t *testing.T) {
	var errs []error
	add := func(err error) {
		if err == nil {
			t.Fatalf("expected a refusal")
		}
		errs = append(errs, err)
	}
	tk := newTask(t, starmap.FormatShortVideo, true)
	videoTo(t, tk, task.StateScriptSubmitted)
	for _, by := range []starmap.Actor{otherAdv, otherCre, otherMCN, creator, mcn, subAccount} {
		_, err := tk.Apply(cmd(task.CmdApproveScript), by, t0.Add(time.Hour))
		if by != subAccount {
			add(err)
		}
	}
	_, err := tk.Apply(cmd(task.CmdAcceptDelivery), platform, t0)
	add(err)
	bad := task.DefaultPolicy()
	bad.ScriptRejections, bad.VideoRejections, bad.InvitationDays, bad.AutoAcceptDays, bad.LiveConfirmDays = -1, 11, 0, 31, 0
	bad.LiveEarlyStart, bad.FeeRate, bad.MCNShare = -time.Minute, dec("2"), dec("-1")
	bad.Refunds.Set(task.ProgressInvited, task.PartyCreator, task.Refund{CreatorShare: dec("0.5"), FeeShare: dec("3")})
	add(bad.Validate())
	if n := len(starmap.Codes(bad.Validate())); n != 10 {
		t.Errorf("X-5 every policy problem: %d", n)
	}
	r := tk.Record()
	r.ID = ""
	_, err = task.FromRecord(r)
	add(err)
	r = tk.Record()
	r.Policy = bad
	_, err = task.FromRecord(r)
	add(err)
	_, _, err = task.New(task.Order{ID: "t 1", Creator: "adv-1", Format: 9, Price: dec("-1"), Components: []string{"cmp-1", "cmp-1"}},
		advertiser, t0, task.DefaultPolicy(), nil)
	add(err)
	s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)), task.WithSigningLookup(&signings{}))
	o := order(starmap.FormatShortVideo, false)
	o.Creator = ""
	if _, _, err := s.Order(context.Background(), advertiser, o); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Do(context.Background(), creator, o.ID, task.Request{Command: task.CmdClaim, MCN: "mcn-1"})
	add(err)
	for _, err := range errs {
		assertChinese(t, err)
	}
}

// TestCostIsSpentOrCommitted (TSK-6): money still frozen on an undelivered
// task is no cost; a delivered task's price + fee is; an ended task costs
// what was paid out.
func TestCostIsSpentOrCommitted(t *testing.T) {
	pending := newTask(t, starmap.FormatShortVideo, false)
	working := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, working, task.StateVideoSubmitted)
	published := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, published, task.StatePublished)
	cancelled := newTask(t, starmap.FormatShortVideo, false)
	videoTo(t, cancelled, task.StateScriptApproved)
	run(t, cancelled, step{by: advertiser, req: withReason(task.CmdCancel)}) // 30 %: 300 + 15
	declined := newTask(t, starmap.FormatShortVideo, false)
	run(t, declined, step{by: creator, req: withReason(task.CmdDecline)})
	settled := newTask(t, starmap.FormatShortVideo, true)
	videoTo(t, settled, task.StateSettled)
	for _, c := range []struct {
		name string
		tk   *task.Task
		want string
	}{
		{"pending", pending, "0"}, {"in_progress", working, "0"}, {"published", published, "1050"},
		{"cancelled_with_compensation", cancelled, "315"}, {"declined", declined, "0"}, {"settled", settled, "1050"},
	} {
		if got := c.tk.Cost(); !got.Equal(dec(c.want)) {
			t.Errorf("TSK-6 %s: cost %s, want %s", c.name, got, c.want)
		}
	}
	s := task.ByCreator([]*task.Task{pending, working, published, cancelled, declined})
	if len(s) != 1 || !s[0].Cost.Equal(dec("1365")) || s[0].Tasks != 5 {
		t.Errorf("TSK-6 per creator %+v, want cost 1365 of 5 tasks", s)
	}
}
