package card_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
	"github.com/starmap-go/starmap/memstore"
)

func TestService(t *testing.T) {
	ctx := context.Background()
	t.Run("CRD-4_edit_takes_effect_at_once", func(t *testing.T) {
		s, st, clk := newService(t)
		clk.Advance(time.Hour)
		c, evs, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetIntroduction("你好").SetContact(card.Phone, realPhone))
		if err != nil || len(evs) != 2 || c.Version() != 2 {
			t.Fatalf("Edit = v%d, %d events, %v", c.Version(), len(evs), err)
		}
		if !evs[0].At.Equal(t0.Add(time.Hour)) {
			t.Fatalf("event time %v; want the clock's", evs[0].At)
		}
		v, err := s.View(ctx, starmap.AdvertiserActor("a-1"), owner.ID())
		if err != nil || v.Introduction != "你好" {
			t.Fatalf("advertiser view after edit: %q, %v", v.Introduction, err)
		}
		r, _ := st.Get(ctx, owner.ID())
		if r.Version != 2 || r.Phone != realPhone {
			t.Fatalf("stored v%d phone %q", r.Version, r.Phone)
		}
		// No change, no write.
		if c, evs, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetIntroduction("你好")); err != nil || len(evs) != 0 || c.Version() != 2 {
			t.Fatalf("no-op edit: v%d %d events %v", c.Version(), len(evs), err)
		}
	})
	t.Run("CRD-4_refused_edit_writes_nothing", func(t *testing.T) {
		s, st, _ := newService(t)
		_, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetContact(card.WeChat, "1"))
		if !errors.Is(err, card.ErrWeChatMalformed) {
			t.Fatalf("err = %v", err)
		}
		if r, _ := st.Get(ctx, owner.ID()); r.Version != 1 {
			t.Fatalf("stored version %d after refusal", r.Version)
		}
	})
	t.Run("CRD-1_sync", func(t *testing.T) {
		s, _, clk := newService(t)
		clk.AdvanceDays(1)
		nb := basic0
		nb.Nickname = "新昵称"
		c, evs, err := s.Sync(ctx, platform, owner.ID(), nb)
		if err != nil || c.Basic.Nickname != "新昵称" || len(evs) != 1 || !c.SyncedAt.Equal(clk.Now()) || c.Version != 2 {
			t.Fatalf("Sync = %+v %v %v", c, evs, err)
		}
		if _, _, err := s.Sync(ctx, owner, owner.ID(), basic0); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("creator sync: %v", err)
		}
	})
	t.Run("CRD-3_virtual_number_through_service", func(t *testing.T) {
		s, _, _ := newService(t)
		if _, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetContact(card.Phone, realPhone).ShowVirtualNumber(true)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AssignVirtualNumber(ctx, platform, owner.ID(), "17000001234"); err != nil {
			t.Fatal(err)
		}
		v, _ := s.View(ctx, starmap.Actor{}, owner.ID())
		if cv := v.Contact(card.Phone); cv.Value != "17000001234" || !cv.Virtual {
			t.Fatalf("anonymous phone line %+v", cv)
		}
		if _, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetContact(card.Phone, "17000001234")); !errors.Is(err, card.ErrPhoneIsVirtualNumber) {
			t.Fatalf("virtual as real: %v", err)
		}
	})
	t.Run("CRD-5_preview_and_share_owner_only", func(t *testing.T) {
		s, _, _ := newService(t)
		p, err := s.Preview(ctx, owner, owner.ID())
		if err != nil || p.View().Audience != card.AudiencePublic {
			t.Fatalf("Preview = %+v, %v", p.View(), err)
		}
		sh, err := s.Share(ctx, owner, owner.ID(), card.ShareLink, "https://www.example.com/card")
		if err != nil || sh.URL != "https://www.example.com/card/c-1001" {
			t.Fatalf("Share = %+v, %v", sh, err)
		}
		for _, a := range []starmap.Actor{starmap.CreatorActor("c-2"), starmap.AdvertiserActor("a-1")} {
			if _, err := s.Share(ctx, a, owner.ID(), card.ShareLink, "https://www.example.com/card"); !errors.Is(err, starmap.ErrForbidden) {
				t.Fatalf("share by %s: %v", a, err)
			}
		}
	})
	t.Run("X-7_card_to_owner_only", func(t *testing.T) {
		s, _, _ := newService(t)
		if _, err := s.Card(ctx, owner, owner.ID()); err != nil {
			t.Fatalf("Card by the owner: %v", err)
		}
		for _, a := range []starmap.Actor{platform, starmap.CreatorActor("c-2"), starmap.AdvertiserActor("a-1"), starmap.MCNActor("m-1")} {
			if _, err := s.Card(ctx, a, owner.ID()); !errors.Is(err, starmap.ErrForbidden) {
				t.Fatalf("Card by %s: %v", a, err)
			}
		}
	})
	t.Run("X-7_invalid_actors_refused_first", func(t *testing.T) {
		s, _, _ := newService(t)
		bad := starmap.CreatorActor("")
		if _, _, err := s.Edit(ctx, bad, "nobody", card.NewEdit().SetIntroduction("x")); !errors.Is(err, starmap.ErrActorInvalid) {
			t.Fatalf("Edit by invalid actor: %v", err)
		}
		if _, err := s.View(ctx, bad, owner.ID()); !errors.Is(err, starmap.ErrActorInvalid) {
			t.Fatalf("View by invalid actor: %v", err)
		}
		if _, err := s.Preview(ctx, starmap.AdvertiserActor("a-1"), "nobody"); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("Preview by advertiser: %v", err)
		}
	})
	t.Run("X-8_not_found_and_already_exists", func(t *testing.T) {
		s, _, _ := newService(t)
		if _, err := s.View(ctx, owner, "nobody"); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("View missing: %v", err)
		}
		if _, _, err := s.Edit(ctx, starmap.CreatorActor("nobody"), "nobody", card.NewEdit().SetIntroduction("x")); !errors.Is(err, starmap.ErrNotFound) {
			t.Fatalf("Edit missing: %v", err)
		}
		if _, _, err := s.Open(ctx, platform, owner.ID(), basic0); !errors.Is(err, starmap.ErrConflict) {
			t.Fatalf("second Open: %v", err)
		}
		if _, err := s.View(ctx, owner, "bad id"); !errors.Is(err, starmap.ErrIDInvalid) {
			t.Fatalf("bad id: %v", err)
		}
	})
	t.Run("X-8_retry_on_conflict_keeps_both_changes", func(t *testing.T) {
		inner := memstore.NewCardStore()
		clk := starmap.NewManualClock(t0)
		racer := &racingStore{Store: inner}
		s := newCardService(t, racer, clk)
		if _, _, err := s.Open(ctx, platform, owner.ID(), basic0); err != nil {
			t.Fatal(err)
		}
		racer.race = func() {
			// Another replica syncs the card between our load and write.
			other := newCardService(t, inner, clk)
			nb := basic0
			nb.Location = "上海"
			if _, _, err := other.Sync(ctx, platform, owner.ID(), nb); err != nil {
				t.Error(err)
			}
		}
		c, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetIntroduction("并发"))
		if err != nil {
			t.Fatal(err)
		}
		if c.Basic().Location != "上海" || c.Introduction() != "并发" || c.Version() != 3 || racer.updates != 2 {
			t.Fatalf("after retry: %q %q v%d, %d updates", c.Basic().Location, c.Introduction(), c.Version(), racer.updates)
		}
	})
	t.Run("X-8_concurrent_edits_all_land", func(t *testing.T) {
		s, _, _ := newService(t)
		methods := map[card.ContactMethod]string{card.Phone: realPhone, card.Feishu: "f@example.com", card.WeChat: "wechat_id", card.Email: "e@example.com"}
		var wg sync.WaitGroup
		for m, v := range methods {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					_, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetContact(m, v))
					if err == nil {
						return
					}
					if !errors.Is(err, starmap.ErrConflict) {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		c, _ := s.Card(ctx, owner, owner.ID())
		for m, v := range methods {
			if c.Contact(m) != v {
				t.Fatalf("%s = %q; want %q", m, c.Contact(m), v)
			}
		}
		if c.Version() != 5 {
			t.Fatalf("version %d; want 5", c.Version())
		}
	})
	t.Run("CreatorIDs_pages", func(t *testing.T) {
		st := memstore.NewCardStore()
		s := newCardService(t, st, starmap.FixedClock(t0))
		for _, id := range []string{"c-3", "c-1", "c-2", "c-5", "c-4"} {
			if _, _, err := s.Open(ctx, platform, id, basic0); err != nil {
				t.Fatal(err)
			}
		}
		var all []string
		req := starmap.PageRequest{Limit: 2}
		for pages := 0; ; pages++ {
			p, err := s.CreatorIDs(ctx, platform, req)
			if err != nil || pages > 3 {
				t.Fatalf("page %d: %v", pages, err)
			}
			all = append(all, p.Items...)
			if p.Next == "" {
				break
			}
			req.Cursor = p.Next
		}
		if !slices.Equal(all, []string{"c-1", "c-2", "c-3", "c-4", "c-5"}) {
			t.Fatalf("ids %v", all)
		}
		if _, err := s.CreatorIDs(ctx, owner, req); !errors.Is(err, starmap.ErrActorRole) {
			t.Fatalf("creator listing: %v", err)
		}
	})
	t.Run("X-5_messages_in_both_languages", func(t *testing.T) {
		s, _, _ := newService(t)
		_, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetContact(card.WeChat, "1abc"))
		zh := starmap.Message(err, starmap.ZH)
		if !strings.Contains(zh, "微信号仅支持6-20个字母、数字、下划线或减号,以字母开头") || !strings.Contains(starmap.Message(err, starmap.EN), "starting with a letter") {
			t.Fatalf("zh %q", zh)
		}
	})
}

// TestNewService: a nil store, clock or option is a coded error from the
// constructor, never a later panic.
func TestNewService(t *testing.T) {
	st, clk := memstore.NewCardStore(), starmap.FixedClock(t0)
	var nilStore *memstore.CardStore
	cases := []struct {
		name  string
		store card.Store
		clock starmap.Clock
		opts  []card.Option
		want  *starmap.Rule
	}{
		{"nil_store", nil, clk, nil, starmap.ErrServiceDependency},
		{"typed_nil_store", nilStore, clk, nil, starmap.ErrServiceDependency},
		{"nil_clock", st, nil, nil, starmap.ErrServiceDependency},
		{"nil_option", st, clk, []card.Option{card.WithRetry(starmap.Retry{}), nil}, starmap.ErrServiceOption},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := card.NewService(c.store, c.clock, c.opts...)
			if !errors.Is(err, c.want) || s != nil {
				t.Fatalf("NewService = %v, %v; want %s", s, err, c.want.Code())
			}
		})
	}
	if s, err := card.NewService(st, clk, card.WithRetry(starmap.Retry{Attempts: 2})); err != nil || s == nil {
		t.Fatalf("NewService with options = %v, %v", s, err)
	}
}

// serviceCalls calls every method of s once with valid arguments and
// returns their errors, by method name.
func serviceCalls(ctx context.Context, s *card.Service) map[string]error {
	out := map[string]error{}
	_, _, out["Open"] = s.Open(ctx, platform, "c-new", basic0)
	_, _, out["Sync"] = s.Sync(ctx, platform, owner.ID(), basic0)
	_, _, out["Edit"] = s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetIntroduction("新的介绍"))
	_, _, out["AssignVirtualNumber"] = s.AssignVirtualNumber(ctx, platform, owner.ID(), "17000009999")
	_, out["View"] = s.View(ctx, starmap.AdvertiserActor("adv-1"), owner.ID())
	_, out["Preview"] = s.Preview(ctx, owner, owner.ID())
	_, out["Share"] = s.Share(ctx, owner, owner.ID(), card.ShareLink, "https://www.example.com/card")
	_, out["Card"] = s.Card(ctx, owner, owner.ID())
	_, out["PlatformCard"] = s.PlatformCard(ctx, platform, owner.ID())
	_, out["ForwardingTarget"] = s.ForwardingTarget(ctx, platform, owner.ID())
	_, out["CreatorIDs"] = s.CreatorIDs(ctx, platform, starmap.PageRequest{})
	return out
}

// TestZeroService: a Service not made by NewService answers every method
// with ErrServiceNotReady, and never panics.
func TestZeroService(t *testing.T) {
	for name, s := range map[string]*card.Service{"zero": {}, "nil": nil} {
		errs := serviceCalls(context.Background(), s)
		if len(errs) != 11 {
			t.Fatalf("%d methods called; the table must call every one", len(errs))
		}
		for method, err := range errs {
			if !errors.Is(err, starmap.ErrServiceNotReady) {
				t.Errorf("%s Service.%s = %v; want ErrServiceNotReady", name, method, err)
			}
		}
	}
}

// TestCancelledContext: every method honours a context that is done
// before it starts: the context's error, nothing written; a nil context is
// a coded error.
func TestCancelledContext(t *testing.T) {
	s, st, _ := newService(t)
	before, _ := st.Get(context.Background(), owner.ID())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for method, err := range serviceCalls(ctx, s) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Service.%s with a cancelled context = %v; want context.Canceled", method, err)
		}
	}
	if _, err := st.Get(context.Background(), "c-new"); !errors.Is(err, starmap.ErrNotFound) {
		t.Errorf("Open with a cancelled context stored the card: %v", err)
	}
	if after, _ := st.Get(context.Background(), owner.ID()); after.Version != before.Version {
		t.Errorf("a cancelled context wrote version %d over %d", after.Version, before.Version)
	}
	//nolint:staticcheck // a nil context is the input under test
	for method, err := range serviceCalls(nil, s) {
		if !errors.Is(err, starmap.ErrContextMissing) {
			t.Errorf("Service.%s with a nil context = %v; want ErrContextMissing", method, err)
		}
	}
}

// conflictingStore fails every Update with a version conflict.
type conflictingStore struct {
	card.Store
	updates int
}

func (c *conflictingStore) Update(context.Context, card.Record) (uint64, error) {
	c.updates++
	return 0, starmap.ErrVersionConflict.New()
}

// TestWithRetry_X8: a command under constant conflicts makes exactly the
// configured number of attempts, tells the hook of each retried one, and
// ends with the conflict.
func TestWithRetry_X8(t *testing.T) {
	ctx := context.Background()
	for _, attempts := range []int{0, 1, 3} {
		inner := memstore.NewCardStore()
		cs := &conflictingStore{Store: inner}
		var hooked []int
		s := newCardService(t, cs, starmap.FixedClock(t0), card.WithRetry(starmap.Retry{Attempts: attempts,
			OnConflict: func(n int, _ error) { hooked = append(hooked, n) }}))
		if _, _, err := s.Open(ctx, platform, owner.ID(), basic0); err != nil {
			t.Fatal(err)
		}
		_, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetIntroduction("x"))
		want := attempts
		if want < 1 {
			want = starmap.DefaultAttempts
		}
		if !errors.Is(err, starmap.ErrConflict) || cs.updates != want || len(hooked) != want-1 {
			t.Errorf("attempts %d: err %v, %d updates, hook %v; want conflict after %d", attempts, err, cs.updates, hooked, want)
		}
	}
}
