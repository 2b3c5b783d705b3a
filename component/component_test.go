package component_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

func TestNew(t *testing.T) {
	t.Run("CMP-1_created_in_library_starts_in_review", func(t *testing.T) {
		c, ev, err := component.New(adv, t0, "cmp-1", starmap.FormatLive, content(1))
		if err != nil {
			t.Fatal(err)
		}
		if c.State() != component.StateInReview || c.Owner() != "adv-1" || c.Channel() != starmap.FormatLive || c.Version() != 0 {
			t.Fatalf("new component: state %v owner %q channel %v version %d", c.State(), c.Owner(), c.Channel(), c.Version())
		}
		if c.State().Label(starmap.ZH) != "审核中" {
			t.Fatalf("label = %q", c.State().Label(starmap.ZH))
		}
		want := starmap.Event{Type: "component.created", Subject: "cmp-1", Actor: adv, At: t0, To: "in-review"}
		if ev != want {
			t.Fatalf("event = %+v; want %+v", ev, want)
		}
		h := c.History()
		if len(h) != 1 || h[0].Action != component.ActionCreate || h[0].After != content(1) || h[0].To != component.StateInReview {
			t.Fatalf("history = %+v", h)
		}
	})
	t.Run("CMP-1_sub_account_creates_in_main_account_library", func(t *testing.T) {
		c, ev, err := component.New(sub, t0, "cmp-1", starmap.FormatShortVideo, content(1))
		if err != nil {
			t.Fatal(err)
		}
		if c.Owner() != "adv-1" || ev.Actor != sub || c.History()[0].Actor != sub {
			t.Fatalf("owner %q, event actor %v", c.Owner(), ev.Actor)
		}
	})
	for _, a := range []starmap.Actor{creator, starmap.MCNActor("mcn-1"), reviewer} {
		t.Run("CMP-1_"+a.Role().String()+"_has_no_library", func(t *testing.T) {
			_, _, err := component.New(a, t0, "cmp-1", starmap.FormatShortVideo, content(1))
			if !errors.Is(err, starmap.ErrActorRole) || !errors.Is(err, starmap.ErrForbidden) {
				t.Fatalf("New by %v = %v; want ErrActorRole", a, err)
			}
		})
	}
	t.Run("CMP-1_channel_must_be_short_video_or_live", func(t *testing.T) {
		for _, f := range []starmap.Format{0, 3, 255} {
			_, _, err := component.New(adv, t0, "cmp-1", f, content(1))
			if !errors.Is(err, component.ErrChannelInvalid) {
				t.Fatalf("channel %d: %v; want ErrChannelInvalid", f, err)
			}
		}
	})
	t.Run("CMP-1_every_problem_reported", func(t *testing.T) {
		_, _, err := component.New(adv, t0, "", 0, component.Content{})
		wantCodes(t, err, "id.invalid", "component.channel.invalid", "component.app_id.invalid", "component.title.blank", "component.icon.invalid")
	})
}

func TestReview(t *testing.T) {
	t.Run("CMP-2_approve_makes_valid", func(t *testing.T) {
		c := mustNew(t, "cmp-1", starmap.FormatShortVideo)
		at := t0.Add(2 * time.Hour)
		ev, err := c.Approve(reviewer, at)
		if err != nil {
			t.Fatal(err)
		}
		if c.State() != component.StateValid || c.State().Label(starmap.ZH) != "有效" || !c.UpdatedAt().Equal(at) {
			t.Fatalf("after approve: %v", c.State())
		}
		want := starmap.Event{Type: "component.approved", Subject: "cmp-1", Actor: reviewer, At: at, From: "in-review", To: "valid"}
		if ev != want {
			t.Fatalf("event = %+v; want %+v", ev, want)
		}
	})
	t.Run("CMP-2_reject_keeps_reason", func(t *testing.T) {
		c := mustNew(t, "cmp-1", starmap.FormatShortVideo)
		ev, err := c.Reject(reviewer, t0.Add(time.Hour), "小程序页面与视频内容不符")
		if err != nil {
			t.Fatal(err)
		}
		if c.State() != component.StateRejected || c.State().Label(starmap.ZH) != "审核未通过" || c.Reason() != "小程序页面与视频内容不符" {
			t.Fatalf("after reject: %v %q", c.State(), c.Reason())
		}
		if ev.Type != "component.rejected" || ev.Note != "小程序页面与视频内容不符" || ev.From != "in-review" || ev.To != "rejected" {
			t.Fatalf("event = %+v", ev)
		}
	})
	t.Run("CMP-2_reject_reason_required", func(t *testing.T) {
		for _, reason := range []string{"", "  ", "\u3000"} {
			c := mustNew(t, "cmp-1", starmap.FormatShortVideo)
			before := c.Record()
			if _, err := c.Reject(reviewer, t0, reason); !errors.Is(err, component.ErrRejectReasonRequired) {
				t.Fatalf("reason %q: %v", reason, err)
			}
			if d := cmp.Diff(before, c.Record(), cmpOpts); d != "" {
				t.Fatalf("refused reject changed the component:\n%s", d)
			}
		}
	})
	t.Run("CMP-2_reject_reason_200_chars_accepted", func(t *testing.T) {
		c := mustNew(t, "cmp-1", starmap.FormatShortVideo)
		if _, err := c.Reject(reviewer, t0, runes(200, '驳')); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("CMP-2_reject_reason_201_chars_refused", func(t *testing.T) {
		c := mustNew(t, "cmp-1", starmap.FormatShortVideo)
		if _, err := c.Reject(reviewer, t0, runes(201, '驳')); !errors.Is(err, starmap.ErrTextInvalid) {
			t.Fatalf("got %v", err)
		}
	})
	for _, a := range []starmap.Actor{adv, sub, creator} {
		t.Run("CMP-2_reviewer_is_platform_not_"+a.Role().String(), func(t *testing.T) {
			c := mustNew(t, "cmp-1", starmap.FormatShortVideo)
			if _, err := c.Approve(a, t0); !errors.Is(err, starmap.ErrActorRole) {
				t.Fatalf("approve by %v = %v", a, err)
			}
			if _, err := c.Reject(a, t0, "x"); !errors.Is(err, starmap.ErrActorRole) {
				t.Fatalf("reject by %v = %v", a, err)
			}
			if c.State() != component.StateInReview || len(c.History()) != 1 {
				t.Fatal("refused review changed the component")
			}
		})
	}
	for _, s := range []component.State{component.StateValid, component.StateRejected} {
		t.Run("CMP-2_only_in_review_is_reviewed_not_"+s.String(), func(t *testing.T) {
			c := inState(t, "cmp-1", starmap.FormatShortVideo, s)
			before := c.Record()
			if _, err := c.Approve(reviewer, t0); !errors.Is(err, component.ErrReviewNotInReview) {
				t.Fatalf("approve of %v = %v", s, err)
			}
			if _, err := c.Reject(reviewer, t0, "x"); !errors.Is(err, component.ErrReviewNotInReview) {
				t.Fatalf("reject of %v = %v", s, err)
			}
			if d := cmp.Diff(before, c.Record(), cmpOpts); d != "" {
				t.Fatalf("refused review changed the component:\n%s", d)
			}
		})
	}
}

func TestEditAndResubmit(t *testing.T) {
	t.Run("CMP-2_rejected_edited_and_resubmitted", func(t *testing.T) {
		c := inState(t, "cmp-1", starmap.FormatShortVideo, component.StateRejected)
		t1, t2 := t0.Add(3*time.Hour), t0.Add(4*time.Hour)
		ev, err := c.Edit(sub, t1, content(2))
		if err != nil {
			t.Fatal(err)
		}
		if c.State() != component.StateRejected || c.Content() != content(2) || c.Reason() != "图标模糊" {
			t.Fatalf("after edit: %v %+v %q", c.State(), c.Content(), c.Reason())
		}
		if ev.Type != "component.edited" || ev.Actor != sub {
			t.Fatalf("edit event = %+v", ev)
		}
		ev, err = c.Resubmit(adv, t2)
		if err != nil {
			t.Fatal(err)
		}
		if c.State() != component.StateInReview || c.Reason() != "" {
			t.Fatalf("after resubmit: %v %q", c.State(), c.Reason())
		}
		if ev != (starmap.Event{Type: "component.resubmitted", Subject: "cmp-1", Actor: adv, At: t2, From: "rejected", To: "in-review"}) {
			t.Fatalf("resubmit event = %+v", ev)
		}
		if _, err := c.Approve(reviewer, t2.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		// The whole story is in the history.
		want := []component.Change{
			{At: t0, Actor: adv, Action: component.ActionCreate, To: component.StateInReview, After: content(1)},
			{At: t0.Add(time.Hour), Actor: reviewer, Action: component.ActionReject, From: component.StateInReview, To: component.StateRejected, Reason: "图标模糊"},
			{At: t1, Actor: sub, Action: component.ActionEdit, From: component.StateRejected, To: component.StateRejected, Before: content(1), After: content(2)},
			{At: t2, Actor: adv, Action: component.ActionResubmit, From: component.StateRejected, To: component.StateInReview},
			{At: t2.Add(time.Hour), Actor: reviewer, Action: component.ActionApprove, From: component.StateInReview, To: component.StateValid},
		}
		if d := cmp.Diff(want, c.History(), cmpOpts); d != "" {
			t.Fatalf("history (-want +got):\n%s", d)
		}
	})
	t.Run("CMP-2_resubmit_without_edit_allowed", func(t *testing.T) {
		c := inState(t, "cmp-1", starmap.FormatShortVideo, component.StateRejected)
		if _, err := c.Resubmit(adv, t0); err != nil || c.State() != component.StateInReview {
			t.Fatalf("resubmit: %v, %v", err, c.State())
		}
	})
	for _, s := range []component.State{component.StateInReview, component.StateValid} {
		t.Run("CMP-2_only_rejected_is_edited_not_"+s.String(), func(t *testing.T) {
			c := inState(t, "cmp-1", starmap.FormatShortVideo, s)
			before := c.Record()
			if _, err := c.Edit(adv, t0, content(2)); !errors.Is(err, component.ErrEditNotRejected) {
				t.Fatalf("edit of %v = %v", s, err)
			}
			if _, err := c.Resubmit(adv, t0); !errors.Is(err, component.ErrResubmitNotRejected) {
				t.Fatalf("resubmit of %v = %v", s, err)
			}
			if d := cmp.Diff(before, c.Record(), cmpOpts); d != "" {
				t.Fatalf("refused edit changed the component:\n%s", d)
			}
		})
	}
	t.Run("CMP-2_bad_edit_changes_nothing", func(t *testing.T) {
		c := inState(t, "cmp-1", starmap.FormatShortVideo, component.StateRejected)
		before := c.Record()
		bad := content(2)
		bad.AppID = "tt"
		if _, err := c.Edit(adv, t0, bad); !errors.Is(err, component.ErrAppIDInvalid) {
			t.Fatalf("got %v", err)
		}
		if d := cmp.Diff(before, c.Record(), cmpOpts); d != "" {
			t.Fatalf("refused edit changed the component:\n%s", d)
		}
	})
	t.Run("CMP-2_someone_elses_component_not_editable", func(t *testing.T) {
		c := inState(t, "cmp-1", starmap.FormatShortVideo, component.StateRejected)
		for _, a := range []starmap.Actor{other, starmap.SubAccountActor("adv-2", "sub-1")} {
			if _, err := c.Edit(a, t0, content(2)); !errors.Is(err, component.ErrNotOwner) || !errors.Is(err, starmap.ErrForbidden) {
				t.Fatalf("edit by %v = %v", a, err)
			}
			if _, err := c.Resubmit(a, t0); !errors.Is(err, component.ErrNotOwner) {
				t.Fatalf("resubmit by %v = %v", a, err)
			}
		}
		if _, err := c.Edit(creator, t0, content(2)); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("edit by creator = %v", err)
		}
		if _, err := c.Edit(reviewer, t0, content(2)); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("edit by reviewer = %v", err)
		}
	})
}

func TestFromRecord(t *testing.T) {
	good := inState(t, "cmp-1", starmap.FormatLive, component.StateRejected).Record()
	good.Version = 4
	c, err := component.FromRecord(good)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(good, c.Record(), cmpOpts); d != "" {
		t.Fatalf("FromRecord round trip:\n%s", d)
	}
	good.History[0].Reason = "mutated"
	if c.History()[0].Reason != "" {
		t.Fatal("FromRecord shares the history with its record")
	}
	bad := []struct {
		name string
		f    func(*component.Record)
	}{
		{"bad_id", func(r *component.Record) { r.ID = "" }},
		{"bad_owner", func(r *component.Record) { r.Owner = "a b" }},
		{"bad_channel", func(r *component.Record) { r.Channel = 9 }},
		{"bad_state", func(r *component.Record) { r.State = 0 }},
		{"bad_content", func(r *component.Record) { r.Content.Title = "" }},
		{"rejected_without_reason", func(r *component.Record) { r.Reason = "" }},
		{"reason_when_not_rejected", func(r *component.Record) {
			r.State = component.StateValid
			r.History[len(r.History)-1].To = component.StateValid
		}},
		{"no_history", func(r *component.Record) { r.History = nil }},
		{"history_not_starting_with_creation", func(r *component.Record) { r.History = r.History[1:] }},
		{"history_not_ending_in_state", func(r *component.Record) { r.History = r.History[:1] }},
		{"bad_history_action", func(r *component.Record) { r.History[1].Action = 99 }},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := inState(t, "cmp-1", starmap.FormatLive, component.StateRejected).Record()
			tc.f(&r)
			if _, err := component.FromRecord(r); !errors.Is(err, component.ErrRecordInvalid) {
				t.Fatalf("FromRecord = %v; want ErrRecordInvalid", err)
			}
		})
	}
}
