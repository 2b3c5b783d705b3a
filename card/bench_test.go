package card_test

import (
	"testing"

	"github.com/starmap-go/starmap"
	"github.com/starmap-go/starmap/card"
)

func BenchmarkRenderThirdParty(b *testing.B) {
	c := fullCard(b)
	adv := starmap.AdvertiserActor("a-1")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if v := card.Render(c, adv); !v.Contact(card.Phone).Virtual {
			b.Fatal("no virtual number")
		}
	}
}

func BenchmarkRenderOwner(b *testing.B) {
	c := fullCard(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if v := card.Render(c, owner); v.Owner == nil {
			b.Fatal("no owner details")
		}
	}
}

func BenchmarkShareImage(b *testing.B) {
	c := fullCard(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := card.ShareCard(card.Preview(c), card.ShareImage, "https://www.example.com/card"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizePhone(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := card.NormalizePhone("+86 138-1234-5678"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApplyEdit(b *testing.B) {
	c := fullCard(b)
	intros := [2]string{"家常菜与烘焙,每周三更。", "家常菜与烘焙,每周五更。"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := c.Apply(owner, t0, card.NewEdit().SetIntroduction(intros[i%2]).SetContact(card.WeChat, "xiaochu_2026")); err != nil {
			b.Fatal(err)
		}
	}
}
