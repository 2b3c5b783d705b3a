package task_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/task"
)

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
		tk, _, err := task.New(advertiser, t0, openOrder("t-1"), task.DefaultPolicy(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tk.Apply(starmap.CreatorActor("adv-1"), t0.Add(time.Hour), cmd(task.CmdClaim)); !errors.Is(err, task.ErrSameParty) {
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
			if _, err := s.Order(ctx, advertiser, openOrder(id)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Do(ctx, creator, "t-1", task.Request{Command: task.CmdClaim, MCN: "mcn-2"}); !errors.Is(err, task.ErrClaimMCNMismatch) {
			t.Errorf("claim naming another MCN: %v", err)
		}
		if _, err := s.Do(ctx, otherCre, "t-1", task.Request{Command: task.CmdClaim, MCN: "mcn-1"}); !errors.Is(err, task.ErrClaimMCNMismatch) {
			t.Errorf("an independent creator naming an MCN: %v", err)
		}
		if tk := mustDo(t, s, creator, "t-1", cmd(task.CmdClaim)).Task; tk.MCN() != "mcn-1" {
			t.Fatalf("claim without MCN: MCN %q, want mcn-1 from the lookup", tk.MCN())
		}
		if tk := mustDo(t, s, otherCre, "t-2", cmd(task.CmdClaim)).Task; tk.MCN() != "" {
			t.Fatalf("independent creator: MCN %q", tk.MCN())
		}
		n := look.n
		if _, err := s.Do(ctx, advertiser, "t-3", withReason(task.CmdCancel)); err != nil || look.n != n {
			t.Errorf("only claims ask the lookup: %v, %d lookups", err, look.n-n)
		}
		look.fail = context.DeadlineExceeded
		if _, err := s.Do(ctx, creator, "t-2", cmd(task.CmdClaim)); !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, starmap.ErrInvalid) {
			t.Errorf("a failed lookup: %v", err)
		}
	})
	t.Run("X-7_without_lookup_the_host_vouches", func(t *testing.T) {
		s, _ := newService(t, starmap.FixedClock(t0.Add(time.Hour)))
		if _, err := s.Order(ctx, advertiser, openOrder("t-1")); err != nil {
			t.Fatal(err)
		}
		if tk := mustDo(t, s, creator, "t-1", task.Request{Command: task.CmdClaim, MCN: "mcn-9"}).Task; tk.MCN() != "mcn-9" {
			t.Errorf("MCN %q, want mcn-9", tk.MCN())
		}
	})
}

func TestOpenOrder(t *testing.T) {
	open := func(t *testing.T) *task.Task {
		o := order(starmap.FormatShortVideo, false)
		o.Creator = ""
		tk, ev, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if tk.State() != task.StateOpen || ev.To != "open" || tk.Creator() != "" || tk.SubState() != task.SubToCreate {
			t.Fatalf("TSK-1 open order: %v %+v", tk.State(), ev)
		}
		return tk
	}
	t.Run("TSK-1_any_creator_claims_in_person", func(t *testing.T) {
		tk := open(t)
		for _, x := range []struct {
			by   starmap.Actor
			req  task.Request
			want error
		}{
			{mcn, cmd(task.CmdClaim), task.ErrActorNotAllowed},
			{advertiser, cmd(task.CmdClaim), task.ErrActorNotAllowed},
			{creator, cmd(task.CmdAcceptOrder), task.ErrNotAllowedInState},
			{otherCre, task.Request{Command: task.CmdClaim, MCN: "bad id"}, starmap.ErrIDInvalid},
		} {
			_, err := tk.Apply(x.by, t0.Add(time.Hour), x.req)
			if !errors.Is(err, x.want) {
				t.Errorf("%v by %v: %v, want %v", x.req.Command, x.by, err, x.want)
			}
			assertChinese(t, err)
		}
		if !tk.Can(otherCre, task.CmdClaim) || tk.Can(mcn, task.CmdClaim) {
			t.Error("Can disagrees on claiming")
		}
		run(t, tk, step{by: otherCre, req: task.Request{Command: task.CmdClaim, MCN: "mcn-2"}})
		if tk.State() != task.StateAccepted || tk.Creator() != "cre-2" || tk.MCN() != "mcn-2" {
			t.Fatalf("after claim: %v %q %q", tk.State(), tk.Creator(), tk.MCN())
		}
		if _, err := tk.Apply(creator, t0.Add(time.Hour), withRef(task.CmdSubmitScript)); !errors.Is(err, task.ErrNotAParty) {
			t.Errorf("another creator after the claim: %v", err)
		}
		run(t, tk, step{by: otherMCN, req: withRef(task.CmdSubmitScript)},
			step{by: advertiser, req: cmd(task.CmdApproveScript)},
			step{by: otherCre, req: withRef(task.CmdSubmitVideo)},
			step{by: advertiser, req: cmd(task.CmdApproveVideo)},
			step{by: otherCre, req: withRef(task.CmdPublish)},
			step{by: advertiser, req: cmd(task.CmdAcceptDelivery)})
		if st := tk.Statement(); st.Balance(task.AccountMCN).StringFixed(2) != "100.00" || !st.Sum().IsZero() {
			t.Errorf("TSK-5 MCN share after a claim: %s", st.Balance(task.AccountMCN))
		}
		back, err := task.FromRecord(tk.Record())
		if err != nil || back.Creator() != "cre-2" {
			t.Errorf("round trip: %v", err)
		}
	})
	t.Run("TSK-7_open_task_expires", func(t *testing.T) {
		tk := open(t)
		if _, err := tk.Apply(creator, time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST()), cmd(task.CmdClaim)); !errors.Is(err, task.ErrInvitationClosed) {
			t.Errorf("late claim: %v", err)
		}
		c, ok := tk.Due(time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST()))
		if !ok || c != task.CmdExpire {
			t.Fatalf("Due %v %v", c, ok)
		}
		run(t, tk, step{by: platform, req: cmd(c), at: time.Date(2026, 10, 7, 0, 0, 0, 0, starmap.CST())})
		if tk.State() != task.StateExpired || !tk.Statement().Balance(task.AccountAdvertiserAvailable).IsZero() {
			t.Errorf("expired open task: %v", tk.State())
		}
		if _, err := task.FromRecord(tk.Record()); err != nil {
			t.Errorf("an unclaimed expired task is a valid record: %v", err)
		}
	})
	t.Run("TSK-1_open_order_names_no_mcn", func(t *testing.T) {
		o := order(starmap.FormatShortVideo, true)
		o.Creator = ""
		if _, _, err := task.New(advertiser, t0, o, task.DefaultPolicy(), nil); !errors.Is(err, task.ErrOpenOrderMCN) {
			t.Errorf("err %v", err)
		}
	})
	t.Run("X-8_record_without_creator_must_be_open", func(t *testing.T) {
		r := newTask(t, starmap.FormatShortVideo, false).Record()
		r.Creator = ""
		if _, err := task.FromRecord(r); !errors.Is(err, task.ErrRecordInvalid) {
			t.Errorf("err %v", err)
		}
	})
}
