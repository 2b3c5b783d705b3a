package component_test

import (
	"context"
	"github.com/starmap-go/starmap/internal/kit"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
)

// Values the refusals below carry on purpose (ids, app ids written by the
// caller). They are removed before a zh-CN message is searched for English.
var putInOnPurpose = []string{
	`"wx6a791cc4f57bed5d"`, "cmp-ghost", "cmp-other", "cmp-1", "adv-1", "adv-2",
}

// Technical terms the zh-CN catalogue keeps as the platform writes them:
// 小程序AppID, an https:// address, and the root's "UTF-8".
var technicalTerms = []string{"AppID", "https", "UTF"}

// refusalCases raises every refusal the package can produce, each from the
// public API as a caller would meet it.
func refusalCases(t *testing.T) []struct {
	name string
	err  error
} {
	t.Helper()
	ctx := context.Background()
	sv, live := starmap.FormatShortVideo, starmap.FormatLive
	withContent := func(f func(*component.Content)) error {
		c := content(1)
		f(&c)
		_, _, err := component.New(adv, t0, "cmp-1", sv, c)
		return err
	}
	page := func(s string) error {
		return withContent(func(c *component.Content) {
			c.Page = component.Page{}
			c.Page.Path, c.Page.Query, _ = strings.Cut(s, "?")
		})
	}
	icon := func(s string) error { return withContent(func(c *component.Content) { c.Icon = s }) }
	record := func(f func(*component.Record)) error {
		r := inState(t, "cmp-1", live, component.StateRejected).Record()
		f(&r)
		_, err := component.FromRecord(r)
		return err
	}
	valid := func() *component.Component { return inState(t, "cmp-1", sv, component.StateValid) }
	inReview := func() *component.Component { return inState(t, "cmp-1", sv, component.StateInReview) }
	rejected := func() *component.Component { return inState(t, "cmp-1", sv, component.StateRejected) }
	second := func(_ starmap.Event, err error) error { return err }

	f := newFixture(t)
	f.put(t, "cmp-1", "adv-1", sv, component.StateValid, content(1))
	f.put(t, "cmp-other", "adv-2", sv, component.StateValid, content(2))
	f.dir.Set(content(1).AppID, component.MiniProgramUp)
	mount := func(advertiser string, format starmap.Format, ids ...string) error {
		_, err := f.m.CheckMount(ctx, advertiser, format, ids)
		return err
	}
	svc, _, _ := newService(t)
	if _, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "cmp-1", Channel: sv, Content: content(1)}); err != nil {
		t.Fatal(err)
	}

	return []struct {
		name string
		err  error
	}{
		{"app_id", withContent(func(c *component.Content) { c.AppID = "wx6a791cc4f57bed5d" })},
		{"path_leading_slash", page("/pages/index")},
		{"path_empty_segment", page("pages//index")},
		{"path_dot_dot", page("pages/../admin")},
		{"path_character", page("pages/a#b")},
		{"path_chinese_character", page("pages/首页")},
		{"path_too_long", page(runes(201, 'a'))},
		{"path_control_character", page("pages/a\n")},
		{"query_empty_key", page("p?=1")},
		{"query_bad_escape", page("p?a=%zz")},
		{"query_character", page("p?a=1#top")},
		{"query_too_long", page("p?a=" + runes(199, 'b'))},
		{"title_blank", withContent(func(c *component.Content) { c.Title = "  " })},
		{"title_too_long", withContent(func(c *component.Content) { c.Title = runes(201, '好') })},
		{"title_malformed", withContent(func(c *component.Content) { c.Title = "a\x00b" })},
		{"icon_empty", icon("")},
		{"icon_too_long", icon("https://img.example.com/" + runes(1024, 'a'))},
		{"icon_white_space", icon("https://img.example.com/a b.png")},
		{"icon_not_a_url", icon("https://img.example.com/%zz")},
		{"icon_not_https", icon("http://img.example.com/a.png")},
		{"icon_no_host", icon("https:///a.png")},
		{"icon_user_info", icon("https://u:p@img.example.com/a.png")},
		{"everything_at_once", func() error { _, _, err := component.New(adv, t0, "", 0, component.Content{}); return err }()},
		{"channel", func() error { _, _, err := component.New(adv, t0, "cmp-1", 7, content(1)); return err }()},
		{"id_invalid_utf8", func() error { _, _, err := component.New(adv, t0, "cmp-\xff", sv, content(1)); return err }()},
		{"actor_role", func() error { _, _, err := component.New(creator, t0, "cmp-1", sv, content(1)); return err }()},
		{"actor_invalid", func() error { _, _, err := component.New(starmap.Actor{}, t0, "cmp-1", sv, content(1)); return err }()},
		{"edit_valid", second(valid().Edit(adv, t0, content(2)))},
		{"resubmit_in_review", second(inReview().Resubmit(adv, t0))},
		{"approve_valid", second(valid().Approve(reviewer, t0))},
		{"reject_rejected", second(rejected().Reject(reviewer, t0, "不清晰"))},
		{"reject_without_reason", second(inReview().Reject(reviewer, t0, " "))},
		{"reject_reason_too_long", second(inReview().Reject(reviewer, t0, runes(201, '长')))},
		{"edit_by_someone_else", second(rejected().Edit(other, t0, content(2)))},
		{"record_id", record(func(r *component.Record) { r.ID = "" })},
		{"record_owner", record(func(r *component.Record) { r.Owner = "a b" })},
		{"record_channel", record(func(r *component.Record) { r.Channel = 9 })},
		{"record_state", record(func(r *component.Record) { r.State = 0 })},
		{"record_content", record(func(r *component.Record) { r.Content.Title = "" })},
		{"record_reason", record(func(r *component.Record) { r.Reason = "" })},
		{"record_history_start", record(func(r *component.Record) { r.History = r.History[1:] })},
		{"record_history_end", record(func(r *component.Record) { r.History = r.History[:1] })},
		{"record_history_entry", record(func(r *component.Record) { r.History[1].Action = 99 })},
		{"mount_everything_wrong", component.Mountable(inReview(), "adv-1", live, component.MiniProgramDelisted)},
		{"mount_rejected_unknown_mini_program", component.Mountable(rejected(), "adv-1", sv, component.MiniProgramUnknown)},
		{"mount_bad_format", component.Mountable(valid(), "adv-1", 7, component.MiniProgramUp)},
		{"mount_someone_elses", mount("adv-1", sv, "cmp-other")},
		{"mount_unknown", mount("adv-1", sv, "cmp-ghost")},
		{"mount_duplicate", mount("adv-1", sv, "cmp-1", "cmp-1")},
		{"mount_input_advertiser", mount("", sv)},
		{"mount_input_format", mount("adv-1", 9)},
		{"mount_input_component", mount("adv-1", sv, "cmp-1", "")},
		{"service_get_unknown", func() error { _, err := svc.Get(ctx, adv, "cmp-ghost"); return err }()},
		{"service_get_someone_elses", func() error { _, err := svc.Get(ctx, other, "cmp-1"); return err }()},
		{"service_edit_someone_elses", func() error { _, _, err := svc.Edit(ctx, other, "cmp-1", content(2)); return err }()},
		{"service_create_id_taken", func() error {
			_, _, err := svc.Create(ctx, adv, component.NewComponent{ID: "cmp-1", Channel: sv, Content: content(2)})
			return err
		}()},
		{"service_approve_unknown", func() error { _, _, err := svc.Approve(ctx, reviewer, "cmp-ghost"); return err }()},
		{"service_nil_context", func() error {
			var none context.Context
			_, err := svc.Get(none, adv, "cmp-1")
			return err
		}()},
		{"service_list_filter", func() error {
			_, err := svc.List(ctx, adv, component.Filter{State: 9, Channel: 7}, starmap.PageRequest{})
			return err
		}()},
		{"title_bidi", withContent(func(c *component.Content) { c.Title = "a\u202eb" })},
	}
}

// TestMessagesZH: every refusal of the package, rendered in zh-CN
// with the rule errors of its causes, carries no English word — no run of
// three ASCII letters — beyond the ids the caller put in and a few
// technical terms; in English it carries no Chinese. And every rule the
// package declares is among the refusals, so none escapes the check.
func TestMessagesZH(t *testing.T) {
	seen := map[starmap.Code]bool{}
	for _, tc := range refusalCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no refusal")
			}
			codes := starmap.Codes(tc.err)
			if len(codes) == 0 {
				t.Fatalf("no rule error in %v", tc.err)
			}
			for _, c := range codes {
				seen[c] = true
			}
			zh := starmap.Message(tc.err, starmap.ZH)
			if w := kit.EnglishWords(zh, slices.Concat(putInOnPurpose, technicalTerms)...); len(w) > 0 {
				t.Errorf("zh-CN message has English %q:\n%s", w, zh)
			}
			if !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("zh-CN message has no Chinese: %s", zh)
			}
			if en := strings.ReplaceAll(starmap.Message(tc.err, starmap.EN), "'首'", ""); strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("English message has Chinese: %s", en)
			}
		})
	}
	for _, r := range starmap.Rules() {
		if strings.HasPrefix(string(r.Code()), "component.") && !seen[r.Code()] {
			t.Errorf("rule %s is never raised above", r.Code())
		}
	}
}

// The check itself must be able to fail: an English problem in a zh-CN
// message is found.
func TestMessagesZHCheckBites(t *testing.T) {
	err := component.ErrPathInvalid.New(starmap.Arg("problem", "empty segment"))
	if len(kit.EnglishWords(starmap.Message(err, starmap.ZH), technicalTerms...)) == 0 {
		t.Fatal("the English check misses an English problem")
	}
}
