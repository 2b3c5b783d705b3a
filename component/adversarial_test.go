package component_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/component"
	"github.com/starmap-go/starmap/memstore"
)

// Hostile inputs, by kind. Each must be refused with a coded error.
var (
	huge = strings.Repeat("a", 1<<20) // 1 MiB

	badIDs = []string{
		"", " ", "\t", huge, "\xff\xfe", "cmp\x00", "cmp\x1b[31m", "cmp-1\u200b", "cmp-1\u200d",
		"\u202ecmp-1", "\ufeffcmp-1", "cmp-1\u00ad", "cmp-1\U000E0041", "cmp:1", "cmp/1", "cmp|1",
		"cmp 1", "cmp\n1", strings.Repeat("长", 43), // 129 bytes
	}

	badActors = []starmap.Actor{
		{}, starmap.AdvertiserActor(""), starmap.AdvertiserActor(huge), starmap.AdvertiserActor("adv-1\u200b"),
		starmap.AdvertiserActor("adv-1\u202e"), starmap.AdvertiserActor("adv:1"), starmap.AdvertiserActor("\xff"),
		starmap.SubAccountActor("", "sub-1"), starmap.SubAccountActor("adv-1", ""), starmap.SubAccountActor("adv/1", "x"),
		starmap.PlatformActor(""), starmap.CreatorActor(""),
	}

	badChannels = []starmap.Format{0, 3, 9, math.MaxUint8}

	badTexts = []string{ // for a title or a reject reason
		"", " ", "\u3000", huge, strings.Repeat("好", 201), "a\x00b", "a\x1bb", "a\x7fb", "a\nb", "a\rb",
		"\xff", "a\u202eb", "a\u2066b", "a\u200fb", strings.Repeat("x", 10<<20),
	}
)

// badContents are contents with one hostile field each (and the zero one).
func badContents() []component.Content {
	with := func(f func(*component.Content)) component.Content {
		c := content(1)
		f(&c)
		return c
	}
	out := []component.Content{{}}
	for _, s := range []string{"", huge, "tt", "TT07e3715e98c9aac0", "tt07e3715e98c9aac0\u200b", "tt07e3715e98c9aac0\x00", "wx07e3715e98c9aac0", "\xff"} {
		out = append(out, with(func(c *component.Content) { c.AppID = s }))
	}
	for _, p := range []component.Page{
		{Path: huge}, {Query: "a=" + huge}, {Path: "/x"}, {Path: "a/../b"}, {Path: "a\x00"}, {Path: "a\u202e"},
		{Query: "=1"}, {Query: "a=%zz"}, {Query: "a=\xff"}, {Path: "页面"}, {Path: "a?b"},
	} {
		out = append(out, with(func(c *component.Content) { c.Page = p }))
	}
	for _, s := range badTexts {
		out = append(out, with(func(c *component.Content) { c.Title = s }))
	}
	for _, s := range []string{"", huge, "http://img.example.com/a.png", "javascript:alert(1)", "https://", "https:///a",
		"https://u:p@h/a", "https://h/a b", "https://h/a\u200b", "https://h/\x00", "//h/a.png", "\xff"} {
		out = append(out, with(func(c *component.Content) { c.Icon = s }))
	}
	return out
}

// TestAdversarial_X5 calls every exported constructor, aggregate method and
// Service and Mounter method with zero, nil, huge and malformed arguments
// (X-5, issue 11): each call returns a coded error, changes nothing — the
// store and the aggregate are as they were — and never panics. It counts
// the calls it makes.
func TestAdversarial_X5(t *testing.T) {
	ctx := context.Background()
	store := memstore.NewComponentStore()
	dir := memstore.NewComponentDirectory()
	svc, err := component.NewService(store, starmap.NewManualClock(t0))
	if err != nil {
		t.Fatal(err)
	}
	m := newMounter(t, store, dir)
	for i, s := range []component.State{component.StateInReview, component.StateRejected, component.StateValid} {
		id := fmt.Sprint("cmp-", i+1)
		if _, _, err := svc.Create(ctx, adv, component.NewComponent{ID: id, Channel: starmap.FormatShortVideo, Content: content(i)}); err != nil {
			t.Fatal(err)
		}
		switch s {
		case component.StateRejected:
			_, _, err = svc.Reject(ctx, reviewer, id, "图标模糊")
		case component.StateValid:
			_, _, err = svc.Approve(ctx, reviewer, id)
		}
		if err != nil {
			t.Fatal(err)
		}
		dir.Set(content(i).AppID, component.MiniProgramUp)
	}
	before := libraries(t, store, "adv-1", "adv-2")

	calls := 0
	// try runs one hostile call: a panic, a nil error or an error without
	// a code (other than the context's own) fails the test.
	try := func(name string, call func() error) {
		t.Helper()
		calls++
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panicked: %v", name, r)
					err = errors.New("panicked")
				}
			}()
			err = call()
		}()
		if err == nil {
			t.Errorf("%s: accepted", short(name))
		} else if len(starmap.Codes(err)) == 0 && !errors.Is(err, context.Canceled) {
			t.Errorf("%s: refused without a code: %v", short(name), short(err.Error()))
		}
	}
	second := func(_ *component.Component, _ []starmap.Event, err error) error { return err }

	// Constructors.
	for _, s := range []component.Store{nil, (*memstore.ComponentStore)(nil)} {
		try("NewService(nil store)", func() error { _, err := component.NewService(s, starmap.SystemClock()); return err })
		try("NewMounter(nil store)", func() error { _, err := component.NewMounter(s, dir); return err })
	}
	for _, c := range []starmap.Clock{nil, (*starmap.ManualClock)(nil), starmap.ClockFunc(nil)} {
		try("NewService(nil clock)", func() error { _, err := component.NewService(store, c); return err })
	}
	try("NewService(nil option)", func() error { _, err := component.NewService(store, starmap.SystemClock(), nil); return err })
	for _, d := range []component.Directory{nil, (*memstore.ComponentDirectory)(nil)} {
		try("NewMounter(nil directory)", func() error { _, err := component.NewMounter(store, d); return err })
	}

	// New and the Service's Create: every hostile actor, id, channel and content.
	type newArgs struct {
		by      starmap.Actor
		id      string
		channel starmap.Format
		c       component.Content
	}
	var news []newArgs
	for _, a := range append(badActors, creator, starmap.MCNActor("mcn-1"), reviewer) {
		news = append(news, newArgs{a, "cmp-new", starmap.FormatLive, content(9)})
	}
	for _, id := range append(badIDs, "cmp-1") { // cmp-1 is taken: only Create refuses it
		news = append(news, newArgs{adv, id, starmap.FormatLive, content(9)})
	}
	for _, ch := range badChannels {
		news = append(news, newArgs{adv, "cmp-new", ch, content(9)})
	}
	for _, c := range badContents() {
		news = append(news, newArgs{adv, "cmp-new", starmap.FormatLive, c})
	}
	for _, a := range news {
		if a.id != "cmp-1" {
			try("New"+fmt.Sprint(a.by, a.id, a.channel, a.c), func() error { _, _, err := component.New(a.by, t0, a.id, a.channel, a.c); return err })
		}
		try("Service.Create"+fmt.Sprint(a.by, a.id, a.channel, a.c), func() error {
			return second(svc.Create(ctx, a.by, component.NewComponent{ID: a.id, Channel: a.channel, Content: a.c}))
		})
	}

	// Aggregate methods, on a component in each state, a zero and a nil
	// one: each refusal leaves the component as it was.
	aggregates := func() map[string]*component.Component {
		return map[string]*component.Component{
			"in-review": inState(t, "cmp-x", starmap.FormatLive, component.StateInReview),
			"rejected":  inState(t, "cmp-x", starmap.FormatLive, component.StateRejected),
			"valid":     inState(t, "cmp-x", starmap.FormatLive, component.StateValid),
			"zero":      new(component.Component),
		}
	}
	unchanged := func(name string, c *component.Component, call func() error) {
		var before component.Record
		if c != nil {
			before = c.Record()
		}
		try(name, call)
		if c != nil {
			if d := cmp.Diff(before, c.Record(), cmpOpts); d != "" {
				t.Errorf("%s changed the component:\n%s", short(name), d)
			}
		}
	}
	for state, c := range aggregates() {
		for _, a := range append(badActors, creator, other) {
			unchanged("Edit by "+a.String()+" of "+state, c, func() error { _, err := c.Edit(a, t0, content(5)); return err })
			unchanged("Resubmit by "+a.String()+" of "+state, c, func() error { _, err := c.Resubmit(a, t0); return err })
			unchanged("Approve by "+a.String()+" of "+state, c, func() error { _, err := c.Approve(a, t0); return err })
			unchanged("Reject by "+a.String()+" of "+state, c, func() error { _, err := c.Reject(a, t0, "不清晰"); return err })
		}
		for _, bad := range badContents() {
			unchanged("Edit with bad content of "+state, c, func() error { _, err := c.Edit(adv, t0, bad); return err })
		}
		for _, r := range badTexts {
			unchanged("Reject with a bad reason of "+state, c, func() error { _, err := c.Reject(reviewer, t0, r); return err })
		}
	}
	var nilComponent *component.Component
	unchanged("Edit of nil", nil, func() error { _, err := nilComponent.Edit(adv, t0, content(1)); return err })
	unchanged("Resubmit of nil", nil, func() error { _, err := nilComponent.Resubmit(adv, t0); return err })
	unchanged("Approve of nil", nil, func() error { _, err := nilComponent.Approve(reviewer, t0); return err })
	unchanged("Reject of nil", nil, func() error { _, err := nilComponent.Reject(reviewer, t0, "x"); return err })

	// FromRecord of hostile records.
	good := inState(t, "cmp-x", starmap.FormatLive, component.StateRejected).Record()
	records := []component.Record{{}}
	for _, f := range []func(*component.Record){
		func(r *component.Record) { r.ID = huge },
		func(r *component.Record) { r.ID = "cmp\u200b" },
		func(r *component.Record) { r.Owner = "" },
		func(r *component.Record) { r.Owner = "adv:1" },
		func(r *component.Record) { r.Channel = math.MaxUint8 },
		func(r *component.Record) { r.State = math.MaxUint8 },
		func(r *component.Record) { r.Content = component.Content{} },
		func(r *component.Record) { r.Reason = huge },
		func(r *component.Record) { r.Reason = "a\x00b" },
		func(r *component.Record) { r.History = nil },
		func(r *component.Record) { r.History[0].Actor = starmap.Actor{} },
		func(r *component.Record) { r.History[1].To = 0 },
		func(r *component.Record) { r.History[1].Action = math.MaxUint8 },
	} {
		r := good
		r.History = append([]component.Change(nil), good.History...)
		f(&r)
		records = append(records, r)
	}
	for _, r := range records {
		try("FromRecord", func() error { _, err := component.FromRecord(r); return err })
	}

	// ParsePage and the validators.
	for _, s := range []string{huge, "/a", "a//b", "a/./b", "a/..", "a\x00", "a?=1", "a?b=%", "a?b=%g0", "a#b", "\xff", "a?\u202e", "页"} {
		try("ParsePage "+short(s), func() error { _, err := component.ParsePage(s); return err })
	}
	for _, s := range []string{"", huge, "tt", "tt07e3715e98c9aac", "tt07E3715E98C9AAC0", "\xff"} {
		try("ValidateAppID "+short(s), func() error { return component.ValidateAppID(s) })
	}
	for _, ch := range badChannels {
		try("ValidateChannel", func() error { return component.ValidateChannel(ch) })
	}

	// Service commands on stored components: every hostile actor, id and
	// operand; a component of someone else's library.
	type cmd struct {
		name string
		run  func(by starmap.Actor, id string) error
	}
	cmds := []cmd{
		{"Edit", func(by starmap.Actor, id string) error { return second(svc.Edit(ctx, by, id, content(7))) }},
		{"Resubmit", func(by starmap.Actor, id string) error { return second(svc.Resubmit(ctx, by, id)) }},
		{"Approve", func(by starmap.Actor, id string) error { return second(svc.Approve(ctx, by, id)) }},
		{"Reject", func(by starmap.Actor, id string) error { return second(svc.Reject(ctx, by, id, "不清晰")) }},
		{"Get", func(by starmap.Actor, id string) error { _, err := svc.Get(ctx, by, id); return err }},
	}
	for _, c := range cmds {
		for _, a := range append(badActors, creator) {
			try("Service."+c.name+" by "+short(a.String()), func() error { return c.run(a, "cmp-2") })
		}
		for _, id := range append(badIDs, "cmp-404") {
			try("Service."+c.name+" of "+short(id), func() error {
				by := adv
				if c.name == "Approve" || c.name == "Reject" {
					by = reviewer
				}
				return c.run(by, id)
			})
		}
		if c.name != "Approve" && c.name != "Reject" {
			try("Service."+c.name+" of someone else's", func() error { return c.run(other, "cmp-2") })
		}
	}
	for _, bad := range badContents() {
		try("Service.Edit with bad content", func() error { return second(svc.Edit(ctx, adv, "cmp-2", bad)) })
	}
	for _, r := range badTexts {
		try("Service.Reject with a bad reason", func() error { return second(svc.Reject(ctx, reviewer, "cmp-1", r)) })
	}

	// List: hostile actors, filters and pages.
	list := func(by starmap.Actor, f component.Filter, p starmap.PageRequest) error {
		_, err := svc.List(ctx, by, f, p)
		return err
	}
	for _, a := range append(badActors, creator, reviewer) {
		try("Service.List by "+short(a.String()), func() error { return list(a, component.Filter{}, starmap.PageRequest{}) })
	}
	for _, f := range []component.Filter{{State: 4}, {State: math.MaxUint8}, {Channel: 3}, {Channel: math.MaxUint8}, {State: 9, Channel: 9}} {
		try("Service.List filter", func() error { return list(adv, f, starmap.PageRequest{}) })
	}
	for _, p := range []starmap.PageRequest{{Limit: -1}, {Limit: math.MinInt}, {Cursor: "!"}, {Cursor: huge},
		{Cursor: starmap.EncodeCursor("x", "0", "cmp-1")}, {Cursor: starmap.EncodeCursor("1", "0")}, {Cursor: starmap.EncodeCursor("1", "2000000000", "cmp-1")}} {
		try("Service.List page", func() error { return list(adv, component.Filter{}, p) })
	}

	// CheckMount and Mountable.
	mount := func(advertiser string, f starmap.Format, ids []string) error {
		got, err := m.CheckMount(ctx, advertiser, f, ids)
		if got != nil {
			t.Errorf("CheckMount refused with snapshots %v", got)
		}
		return err
	}
	for _, a := range badIDs {
		try("CheckMount advertiser "+short(a), func() error { return mount(a, starmap.FormatShortVideo, []string{"cmp-3"}) })
	}
	for _, f := range badChannels {
		try("CheckMount format", func() error { return mount("adv-1", f, []string{"cmp-3"}) })
	}
	for _, id := range badIDs {
		try("CheckMount id "+short(id), func() error { return mount("adv-1", starmap.FormatShortVideo, []string{"cmp-3", id}) })
	}
	many := make([]string, 10000)
	for i := range many {
		many[i] = fmt.Sprint("ghost-", i)
	}
	for _, ids := range [][]string{many, {"cmp-3", "cmp-3"}, {"cmp-1"}, {"cmp-2"}, {"cmp-404"}} {
		try(fmt.Sprintf("CheckMount %d ids", len(ids)), func() error { return mount("adv-1", starmap.FormatShortVideo, ids) })
	}
	try("CheckMount of someone else's", func() error { return mount("adv-2", starmap.FormatShortVideo, []string{"cmp-3"}) })
	for state, c := range aggregates() {
		for _, a := range append(badIDs, "adv-2") {
			unchanged("Mountable of "+state+" for "+short(a), c, func() error { return component.Mountable(c, a, starmap.FormatLive, component.MiniProgramUp) })
		}
		for _, f := range badChannels {
			unchanged("Mountable of "+state+" on a bad format", c, func() error { return component.Mountable(c, "adv-1", f, component.MiniProgramUp) })
		}
		for _, s := range []component.MiniProgramStatus{component.MiniProgramUnknown, component.MiniProgramDelisted, 3, math.MaxUint8} {
			unchanged("Mountable of "+state+" with status", c, func() error { return component.Mountable(c, "adv-1", starmap.FormatLive, s) })
		}
	}
	try("Mountable(nil)", func() error { return component.Mountable(nil, "adv-1", starmap.FormatLive, component.MiniProgramUp) })
	try("Mountable(zero, \"\")", func() error {
		return component.Mountable(new(component.Component), "", 0, component.MiniProgramUp)
	})

	if d := cmp.Diff(before, libraries(t, store, "adv-1", "adv-2"), cmpOpts); d != "" {
		t.Errorf("hostile calls changed the store:\n%s", d)
	}
	if _, err := store.Get(ctx, "cmp-new"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("a refused Create stored cmp-new: %v", err)
	}
	t.Logf("%d hostile calls, each refused with a coded error", calls)
}

// short keeps failure messages readable when an input is huge.
func short(s string) string {
	if len(s) > 80 {
		return s[:80] + fmt.Sprintf("…(%d bytes)", len(s))
	}
	return s
}
