package component_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/task"
)

const delistedZH = "小程序被下架,组件无法挂载,请先恢复小程序之后再挂载组件"

func TestMountable(t *testing.T) {
	sv, live := starmap.FormatShortVideo, starmap.FormatLive
	up, down, unknown := component.MiniProgramUp, component.MiniProgramDelisted, component.MiniProgramUnknown
	tests := []struct {
		name       string
		state      component.State
		channel    starmap.Format
		advertiser string
		format     starmap.Format
		mp         component.MiniProgramStatus
		codes      []starmap.Code
	}{
		{"CMP-3_valid_short_video_on_short_video_task", component.StateValid, sv, "adv-1", sv, up, nil},
		{"CMP-3_valid_live_on_live_task", component.StateValid, live, "adv-1", live, up, nil},
		{"CMP-3_in_review_refused", component.StateInReview, sv, "adv-1", sv, up, []starmap.Code{"component.mount.in_review"}},
		{"CMP-3_rejected_refused", component.StateRejected, sv, "adv-1", sv, up, []starmap.Code{"component.mount.rejected"}},
		{"CMP-3_short_video_component_on_live_task_refused", component.StateValid, sv, "adv-1", live, up, []starmap.Code{"component.mount.channel_mismatch"}},
		{"CMP-3_live_component_on_short_video_task_refused", component.StateValid, live, "adv-1", sv, up, []starmap.Code{"component.mount.channel_mismatch"}},
		{"CMP-3_delisted_mini_program_refused", component.StateValid, sv, "adv-1", sv, down, []starmap.Code{"component.mount.mini_program_delisted"}},
		{"CMP-3_unknown_mini_program_refused", component.StateValid, sv, "adv-1", sv, unknown, []starmap.Code{"component.mount.mini_program_unknown"}},
		{"CMP-3_undeclared_status_refused", component.StateValid, sv, "adv-1", sv, 7, []starmap.Code{"component.mount.mini_program_unknown"}},
		{"CMP-3_someone_elses_component_answers_like_an_unknown_one", component.StateValid, sv, "adv-2", sv, up, []starmap.Code{"component.mount.unknown"}},
		{"CMP-3_someone_elses_component_leaks_nothing_more", component.StateInReview, live, "adv-2", sv, down, []starmap.Code{"component.mount.unknown"}},
		{"CMP-3_every_unmet_requirement_reported", component.StateInReview, live, "adv-1", sv, down,
			[]starmap.Code{"component.mount.in_review", "component.mount.channel_mismatch", "component.mount.mini_program_delisted"}},
		{"CMP-3_rejected_and_unknown_mini_program", component.StateRejected, sv, "adv-1", sv, unknown,
			[]starmap.Code{"component.mount.rejected", "component.mount.mini_program_unknown"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := inState(t, "cmp-1", tc.channel, tc.state)
			before := c.Record()
			err := component.Mountable(c, tc.advertiser, tc.format, tc.mp)
			if tc.codes == nil {
				if err != nil {
					t.Fatalf("Mountable = %v; want nil", err)
				}
			} else {
				wantCodes(t, err, tc.codes...)
				for _, id := range refusedIDs(err) {
					if id != "cmp-1" {
						t.Fatalf("refusal names component %q; want cmp-1", id)
					}
				}
			}
			if d := cmp.Diff(before, c.Record(), cmpOpts); d != "" {
				t.Fatalf("Mountable changed the component:\n%s", d)
			}
		})
	}
	t.Run("CMP-3_unknown_component_refused", func(t *testing.T) {
		err := component.Mountable(nil, "adv-1", sv, up)
		wantCodes(t, err, "component.mount.unknown")
		if !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("%v is not a NotFound", err)
		}
	})
}

func TestDelistedMessage(t *testing.T) {
	c := inState(t, "cmp-1", starmap.FormatShortVideo, component.StateValid)
	err := component.Mountable(c, "adv-1", starmap.FormatShortVideo, component.MiniProgramDelisted)
	if !errors.Is(err, component.ErrMountDelisted) {
		t.Fatalf("got %v", err)
	}
	// CMP-3: the platform's red prompt, exactly, with the ASCII commas of
	// the seed and the SPEC.
	if got := starmap.Message(err, starmap.ZH); got != delistedZH {
		t.Fatalf("zh = %q; want %q", got, delistedZH)
	}
	if got, want := starmap.Message(err, starmap.EN), "The mini-program has been taken down, so the component cannot be mounted; restore the mini-program first, then mount the component"; got != want {
		t.Fatalf("en = %q; want %q", got, want)
	}
	e := ruleErr(t, err)
	if id, _ := e.Param("component"); id != "cmp-1" {
		t.Fatalf("component param = %q", id)
	}
	if app, _ := e.Param("app_id"); app != c.Content().AppID {
		t.Fatalf("app_id param = %q", app)
	}
}

func TestCheckMount(t *testing.T) {
	ctx := context.Background()
	sv, live := starmap.FormatShortVideo, starmap.FormatLive
	f := newFixture(t)
	a := f.put(t, "cmp-a", "adv-1", sv, component.StateValid, content(1))
	b := f.put(t, "cmp-b", "adv-1", sv, component.StateValid, content(2))
	f.put(t, "cmp-live", "adv-1", live, component.StateValid, content(3))
	f.put(t, "cmp-review", "adv-1", sv, component.StateInReview, content(4))
	f.put(t, "cmp-rejected", "adv-1", sv, component.StateRejected, content(5))
	f.put(t, "cmp-down", "adv-1", sv, component.StateValid, content(6))
	f.put(t, "cmp-other", "adv-2", sv, component.StateValid, content(7))
	for i := 1; i <= 7; i++ {
		f.dir.Set(content(i).AppID, component.MiniProgramUp)
	}
	f.dir.Set(content(6).AppID, component.MiniProgramDelisted)
	before := f.snapshot(t, "adv-1", "adv-2")

	t.Run("CMP-3_valid_components_mounted_in_order_given", func(t *testing.T) {
		got, err := f.m.CheckMount(ctx, "adv-1", sv, []string{"cmp-b", "cmp-a"})
		if err != nil {
			t.Fatal(err)
		}
		want := []task.MountedComponent{b.Mounted(), a.Mounted()}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("snapshots (-want +got):\n%s", d)
		}
		if got[0] != (task.MountedComponent{ID: "cmp-b", Title: content(2).Title, AppID: content(2).AppID}) {
			t.Fatalf("snapshot = %+v", got[0])
		}
	})
	t.Run("CMP-4_snapshot_is_what_the_task_detail_shows", func(t *testing.T) {
		g := newFixture(t)
		g.put(t, "x1", "adv-1", live, component.StateValid, content(9))
		g.dir.Set(content(9).AppID, component.MiniProgramUp)
		got, err := g.m.CheckMount(ctx, "adv-1", live, []string{"x1"})
		if err != nil {
			t.Fatal(err)
		}
		want := []task.MountedComponent{{ID: "x1", Title: content(9).Title, AppID: content(9).AppID}}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("snapshot (-want +got):\n%s", d)
		}
		// The component changes in the store after the order took its
		// snapshot (a host rewrites its title and mini-program).
		rec, err := g.store.Get(ctx, "x1")
		if err != nil {
			t.Fatal(err)
		}
		rec.Content.Title, rec.Content.AppID = "改过的标题", content(10).AppID
		if _, err := g.store.Update(ctx, rec); err != nil {
			t.Fatal(err)
		}
		g.dir.Set(content(10).AppID, component.MiniProgramUp)
		// A new check sees the change ...
		now, err := g.m.CheckMount(ctx, "adv-1", live, []string{"x1"})
		if err != nil || now[0].Title != "改过的标题" || now[0].AppID != content(10).AppID {
			t.Fatalf("a new check = %+v, %v; want the changed component", now, err)
		}
		// ... the snapshot the caller holds does not.
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("a later change reached a snapshot already taken (-want +got):\n%s", d)
		}
	})
	t.Run("CMP-3_no_components_nothing_to_check", func(t *testing.T) {
		got, err := f.m.CheckMount(ctx, "adv-1", live, nil)
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("CheckMount(none) = %v, %v; want empty, nil", got, err)
		}
	})
	refusals := []struct {
		name   string
		ids    []string
		format starmap.Format
		codes  []starmap.Code
	}{
		{"CMP-3_in_review_refused", []string{"cmp-a", "cmp-review"}, sv, []starmap.Code{"component.mount.in_review"}},
		{"CMP-3_rejected_refused", []string{"cmp-rejected", "cmp-a"}, sv, []starmap.Code{"component.mount.rejected"}},
		{"CMP-3_wrong_channel_refused", []string{"cmp-live"}, sv, []starmap.Code{"component.mount.channel_mismatch"}},
		{"CMP-3_delisted_refused", []string{"cmp-down"}, sv, []starmap.Code{"component.mount.mini_program_delisted"}},
		{"CMP-3_unknown_component_refused", []string{"cmp-ghost", "cmp-a"}, sv, []starmap.Code{"component.mount.unknown"}},
		{"CMP-3_someone_elses_component_refused_as_unknown", []string{"cmp-other"}, sv, []starmap.Code{"component.mount.unknown"}},
		{"CMP-3_duplicate_refused", []string{"cmp-a", "cmp-b", "cmp-a"}, sv, []starmap.Code{"component.mount.duplicate"}},
		{"CMP-3_duplicate_refused_once_per_id", []string{"cmp-a", "cmp-a", "cmp-b", "cmp-a", "cmp-b", "cmp-a"}, sv,
			[]starmap.Code{"component.mount.duplicate", "component.mount.duplicate"}},
		{"CMP-3_duplicate_still_checked_once", []string{"cmp-review", "cmp-review", "cmp-review"}, sv,
			[]starmap.Code{"component.mount.in_review", "component.mount.duplicate"}},
		{"CMP-3_every_refused_component_reported", []string{"cmp-review", "cmp-a", "cmp-rejected", "cmp-live", "cmp-down", "cmp-ghost", "cmp-other"}, sv,
			[]starmap.Code{"component.mount.in_review", "component.mount.rejected", "component.mount.channel_mismatch",
				"component.mount.mini_program_delisted", "component.mount.unknown", "component.mount.unknown"}},
		{"CMP-3_every_component_wrong_on_a_live_task", []string{"cmp-a", "cmp-live", "cmp-b"}, live,
			[]starmap.Code{"component.mount.channel_mismatch", "component.mount.channel_mismatch"}},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.m.CheckMount(ctx, "adv-1", tc.format, tc.ids)
			if got != nil {
				t.Fatalf("refused check returned snapshots %v", got)
			}
			wantCodes(t, err, tc.codes...)
			if d := cmp.Diff(before, f.snapshot(t, "adv-1", "adv-2"), cmpOpts); d != "" {
				t.Fatalf("a refused check changed the store:\n%s", d)
			}
		})
	}
	t.Run("CMP-3_refusals_name_their_components_in_order", func(t *testing.T) {
		_, err := f.m.CheckMount(ctx, "adv-1", sv, []string{"cmp-down", "cmp-a", "cmp-ghost", "cmp-other"})
		if d := cmp.Diff([]string{"cmp-down", "cmp-ghost", "cmp-other"}, refusedIDs(err)); d != "" {
			t.Fatalf("refused ids (-want +got):\n%s", d)
		}
		// zh-CN rendering: the delisted line is the platform's exact prompt.
		lines := starmap.Message(err, starmap.ZH)
		_, cerr := f.m.CheckMount(ctx, "adv-1", live, []string{"cmp-a"})
		if got, want := starmap.Message(cerr, starmap.ZH), "组件cmp-a的投放渠道为短视频,不能挂载到直播任务"; got != want {
			t.Fatalf("zh = %q; want %q", got, want)
		}
		if want := delistedZH + "\n组件cmp-ghost不在您的组件库中,无法挂载\n组件cmp-other不在您的组件库中,无法挂载"; lines != want {
			t.Fatalf("zh = %q; want %q", lines, want)
		}
	})
	t.Run("CMP-3_someone_elses_component_indistinguishable_from_unknown", func(t *testing.T) {
		// A library where cmp-other does not exist at all answers the
		// same, whatever state cmp-other is in where it does exist.
		empty := newFixture(t)
		for _, format := range []starmap.Format{sv, live} {
			_, foreign := f.m.CheckMount(ctx, "adv-1", format, []string{"cmp-other"})
			_, unknown := empty.m.CheckMount(ctx, "adv-1", format, []string{"cmp-other"})
			sameAnswer(t, foreign, unknown)
		}
		g := newFixture(t)
		g.put(t, "cmp-other", "adv-2", live, component.StateRejected, content(7))
		g.dir.Set(content(7).AppID, component.MiniProgramDelisted)
		_, foreign := g.m.CheckMount(ctx, "adv-1", sv, []string{"cmp-other"})
		_, unknown := empty.m.CheckMount(ctx, "adv-1", sv, []string{"cmp-other"})
		sameAnswer(t, foreign, unknown)
	})
	t.Run("CMP-3_foreign_mini_program_not_looked_up", func(t *testing.T) {
		f.dir.mu.Lock()
		clear(f.dir.asked)
		f.dir.mu.Unlock()
		if _, err := f.m.CheckMount(ctx, "adv-1", sv, []string{"cmp-other", "cmp-ghost"}); err == nil {
			t.Fatal("want refusal")
		}
		if len(f.dir.asked) != 0 {
			t.Fatalf("directory asked %v for components that are not the advertiser's", f.dir.asked)
		}
	})
	t.Run("CMP-3_mini_program_looked_up_once_per_check", func(t *testing.T) {
		g := newFixture(t)
		g.put(t, "x1", "adv-1", sv, component.StateValid, content(1))
		g.put(t, "x2", "adv-1", sv, component.StateValid, content(1))
		g.dir.Set(content(1).AppID, component.MiniProgramUp)
		if _, err := g.m.CheckMount(ctx, "adv-1", sv, []string{"x1", "x2"}); err != nil {
			t.Fatal(err)
		}
		if n := g.dir.asked[content(1).AppID]; n != 1 {
			t.Fatalf("directory asked %d times; want 1", n)
		}
	})
	t.Run("CMP-3_directory_failure_is_not_a_refusal", func(t *testing.T) {
		g := newFixture(t)
		g.put(t, "x1", "adv-1", sv, component.StateValid, content(1))
		down := errors.New("open platform unreachable")
		g.dir.fail = down
		got, err := g.m.CheckMount(ctx, "adv-1", sv, []string{"x1"})
		if got != nil || !errors.Is(err, down) || len(starmap.Codes(err)) != 0 {
			t.Fatalf("CheckMount = %v, %v; want the directory's error", got, err)
		}
	})
	t.Run("CMP-3_store_failure_is_not_a_refusal", func(t *testing.T) {
		boom := errors.New("db down")
		m := newMounter(t, failingStore{boom}, f.dir)
		if _, err := m.CheckMount(ctx, "adv-1", sv, []string{"x1"}); !errors.Is(err, boom) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("CMP-3_malformed_check_refused", func(t *testing.T) {
		for _, c := range []struct {
			adv string
			f   starmap.Format
			ids []string
		}{{"", sv, nil}, {"adv-1", 0, nil}, {"adv-1", 9, []string{"cmp-a"}}, {"adv-1", sv, []string{"cmp-a", ""}}, {"adv 1", sv, nil}} {
			got, err := f.m.CheckMount(ctx, c.adv, c.f, c.ids)
			if got != nil || !errors.Is(err, component.ErrMountInput) || !errors.Is(err, starmap.ErrInvalid) {
				t.Fatalf("CheckMount(%q, %v, %q) = %v, %v; want ErrMountInput", c.adv, c.f, c.ids, got, err)
			}
		}
	})
}

// TestCheckMountProperty: for any library and any list of ids, CheckMount
// succeeds iff every listed component is mountable by an independent
// predicate; it then returns their snapshots in order; otherwise it names
// exactly the refused ones; and it never changes the store (CMP-3).
func TestCheckMountProperty(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(t *rapid.T) {
		f := newFixture(t)
		type model struct {
			owner   string
			channel starmap.Format
			state   component.State
			app     int
		}
		apps := 3
		appStatus := make([]component.MiniProgramStatus, apps)
		for i := range appStatus {
			appStatus[i] = component.MiniProgramStatus(rapid.IntRange(0, 2).Draw(t, fmt.Sprint("app", i)))
			if appStatus[i] != component.MiniProgramUnknown {
				f.dir.Set(content(i).AppID, appStatus[i])
			}
		}
		lib := map[string]model{}
		n := rapid.IntRange(0, 8).Draw(t, "components")
		for i := 0; i < n; i++ {
			m := model{
				owner:   rapid.SampledFrom([]string{"adv-1", "adv-2"}).Draw(t, "owner"),
				channel: rapid.SampledFrom([]starmap.Format{starmap.FormatShortVideo, starmap.FormatLive}).Draw(t, "channel"),
				state:   rapid.SampledFrom([]component.State{component.StateInReview, component.StateValid, component.StateRejected}).Draw(t, "state"),
				app:     rapid.IntRange(0, apps-1).Draw(t, "app"),
			}
			id := fmt.Sprint("c", i)
			lib[id] = m
			f.put(t, id, m.owner, m.channel, m.state, content(m.app))
		}
		pool := []string{"ghost-1", "ghost-2"}
		for id := range lib {
			pool = append(pool, id)
		}
		slices.Sort(pool)
		ids := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 6).Draw(t, "ids")
		format := rapid.SampledFrom([]starmap.Format{starmap.FormatShortVideo, starmap.FormatLive}).Draw(t, "format")
		before := f.snapshot(t, "adv-1", "adv-2")

		// The independent predicate: the first mention of an id is judged
		// on the component, the second is a duplicate, later ones add
		// nothing.
		var refused []string
		mentions := map[string]int{}
		for _, id := range ids {
			mentions[id]++
			m, ok := lib[id]
			var bad bool
			switch mentions[id] {
			case 1:
				bad = !ok || m.owner != "adv-1" || m.state != component.StateValid ||
					m.channel != format || appStatus[m.app] != component.MiniProgramUp
			case 2:
				bad = true
			}
			if bad {
				refused = append(refused, id)
			}
		}

		got, err := f.m.CheckMount(ctx, "adv-1", format, ids)
		if len(refused) == 0 {
			if err != nil {
				t.Fatalf("CheckMount(%v) = %v; want success", ids, err)
			}
			if len(got) != len(ids) {
				t.Fatalf("%d snapshots for %d ids", len(got), len(ids))
			}
			for i, id := range ids {
				want := task.MountedComponent{ID: id, Title: content(lib[id].app).Title, AppID: content(lib[id].app).AppID}
				if got[i] != want {
					t.Fatalf("snapshot %d = %+v; want %+v", i, got[i], want)
				}
			}
		} else {
			if err == nil || got != nil {
				t.Fatalf("CheckMount(%v) = %v, nil; want refusal of %v", ids, got, refused)
			}
			// Each refused component is named (once per reason); no other.
			names := slices.Compact(slices.Clone(refusedIDs(err)))
			if d := cmp.Diff(slices.Compact(refused), names); d != "" {
				t.Fatalf("refused components (-want +got):\n%s", d)
			}
			// One duplicate refusal per id listed more than once.
			dups := 0
			for _, n := range mentions {
				if n > 1 {
					dups++
				}
			}
			if countCode(err, "component.mount.duplicate") != dups {
				t.Fatalf("%d duplicate refusals for %d duplicated ids in %v: %v", countCode(err, "component.mount.duplicate"), dups, ids, err)
			}
			if !errors.Is(err, starmap.ErrInvalid) && !errors.Is(err, starmap.ErrNotFound) && !errors.Is(err, starmap.ErrForbidden) {
				t.Fatalf("refusal of no shared kind: %v", err)
			}
		}
		if d := cmp.Diff(before, f.snapshot(t, "adv-1", "adv-2"), cmpOpts); d != "" {
			t.Fatalf("CheckMount changed the store:\n%s", d)
		}
	})
}
