package card_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

// TestPlatformGetsNoRealNumber is CRD-3 for the platform's own calls:
// Sync, AssignVirtualNumber and PlatformCard return a PlatformView without
// the real number; Card is the owner's alone; ForwardingTarget is the one
// narrow way to the number, for the platform only.
func TestPlatformGetsNoRealNumber(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newService(t)
	if _, _, err := s.Edit(ctx, owner, owner.ID(), card.NewEdit().SetContact(card.Phone, realPhone).ShowVirtualNumber(true)); err != nil {
		t.Fatal(err)
	}
	nb := basic0
	nb.Nickname = "新昵称"
	synced, _, err := s.Sync(ctx, platform, owner.ID(), nb)
	if err != nil {
		t.Fatal(err)
	}
	assigned, _, err := s.AssignVirtualNumber(ctx, platform, owner.ID(), "17000001234")
	if err != nil {
		t.Fatal(err)
	}
	read, err := s.PlatformCard(ctx, platform, owner.ID())
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]card.PlatformView{"sync": synced, "assign": assigned, "read": read} {
		j, _ := json.Marshal(v)
		if txt := fmt.Sprintf("%+v %s", v, j); strings.Contains(txt, realPhone) {
			t.Fatalf("the platform's %s result holds the real number: %s", name, txt)
		}
		if !v.PhoneFilled {
			t.Fatalf("%s: PhoneFilled false", name)
		}
	}
	if assigned.VirtualNumber != "17000001234" || !assigned.VirtualNumberShown || read.Version != assigned.Version {
		t.Fatalf("assign result %+v, read %+v", assigned, read)
	}
	if _, err := s.Card(ctx, platform, owner.ID()); !errors.Is(err, starmap.ErrForbidden) {
		t.Fatalf("Card by the platform: %v", err)
	}
	if got, err := s.ForwardingTarget(ctx, platform, owner.ID()); err != nil || got != realPhone {
		t.Fatalf("ForwardingTarget = %q, %v", got, err)
	}
	for _, a := range []starmap.Actor{owner, starmap.AdvertiserActor("a-1"), starmap.MCNActor("m-1")} {
		if _, err := s.ForwardingTarget(ctx, a, owner.ID()); !errors.Is(err, starmap.ErrForbidden) {
			t.Fatalf("ForwardingTarget by %s: %v", a, err)
		}
		if _, err := s.PlatformCard(ctx, a, owner.ID()); !errors.Is(err, starmap.ErrForbidden) {
			t.Fatalf("PlatformCard by %s: %v", a, err)
		}
	}
}
