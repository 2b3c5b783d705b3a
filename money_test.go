package starmap

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestParseCNY_X4(t *testing.T) {
	valid := map[string]string{
		"0": "0", "12": "12", "12.5": "12.5", "12.50": "12.5", "0.01": "0.01", "-3.20": "-3.2",
		"999999999999999.99": "999999999999999.99", "0.00": "0",
	}
	for in, want := range valid {
		t.Run("X-4_valid_"+in, func(t *testing.T) {
			got, err := ParseCNY(in)
			if err != nil || !got.Equal(decimal.RequireFromString(want)) {
				t.Fatalf("ParseCNY(%q) = %v, %v; want %s", in, got, err, want)
			}
		})
	}
	invalid := map[string]*Rule{
		"": ErrMoneyMalformed, "-": ErrMoneyMalformed, "+1": ErrMoneyMalformed, "1e3": ErrMoneyMalformed,
		"1,000": ErrMoneyMalformed, " 1": ErrMoneyMalformed, "1 ": ErrMoneyMalformed, "12.": ErrMoneyMalformed,
		".5": ErrMoneyMalformed, "012": ErrMoneyMalformed, "1.2.3": ErrMoneyMalformed, "¥12": ErrMoneyMalformed,
		"NaN": ErrMoneyMalformed, "--1": ErrMoneyMalformed, "1000000000000000": ErrMoneyTooLarge, "1.-5": ErrMoneyMalformed,
		"1.005": ErrMoneyTooPrecise, "1.500": ErrMoneyTooPrecise, "0.001": ErrMoneyTooPrecise,
	}
	for in, rule := range invalid {
		t.Run("X-4_invalid_"+in, func(t *testing.T) {
			got, err := ParseCNY(in)
			if !errors.Is(err, rule) || !got.Equal(decimal.Zero) {
				t.Fatalf("ParseCNY(%q) = %v, %v; want %s", in, got, err, rule.Code())
			}
		})
	}
}

func TestRoundFen_X4(t *testing.T) {
	cases := map[string]string{
		"0.005": "0.01", "-0.005": "-0.01", "0.0049": "0", "1.125": "1.13", "1.135": "1.14",
		"2.675": "2.68", "100": "100", "-1.994": "-1.99", "0.015": "0.02",
	}
	for in, want := range cases {
		if got := RoundFen(decimal.RequireFromString(in)); !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("X-4 RoundFen(%s) = %s, want %s", in, got, want)
		}
	}
	if FormatCNY(decimal.NewFromInt(12)) != "12.00" || FormatCNY(decimal.RequireFromString("0.125")) != "0.13" {
		t.Fatal("FormatCNY")
	}
	if err := CheckFen(decimal.RequireFromString("1.500")); err != nil {
		t.Fatalf("1.500 is whole fen: %v", err)
	}
	if err := CheckFen(decimal.RequireFromString("1.005")); !errors.Is(err, ErrMoneyTooPrecise) {
		t.Fatalf("CheckFen(1.005) = %v", err)
	}
	if err := RequireNonNegative(decimal.RequireFromString("-0.01")); !errors.Is(err, ErrMoneyNegative) {
		t.Fatalf("RequireNonNegative(-0.01) = %v", err)
	}
	if err := RequireNonNegative(decimal.Zero); err != nil {
		t.Fatal(err)
	}
}

func TestMoney_X4_Properties(t *testing.T) {
	t.Run("X-4_fen_round_trip", rapid.MakeCheck(func(t *rapid.T) {
		fen := rapid.Int64Range(-1e15, 1e15).Draw(t, "fen")
		amount := decimal.New(fen, -2)
		s := FormatCNY(amount)
		got, err := ParseCNY(s)
		if err != nil || !got.Equal(amount) {
			t.Fatalf("%s → %q → %v, %v", amount, s, got, err)
		}
	}))
	t.Run("X-4_rounding_moves_less_than_half_a_fen", rapid.MakeCheck(func(t *rapid.T) {
		x := decimal.New(rapid.Int64Range(-1e12, 1e12).Draw(t, "units"), -int32(rapid.IntRange(0, 6).Draw(t, "places")))
		r := RoundFen(x)
		if CheckFen(r) != nil || r.Sub(x).Abs().GreaterThan(decimal.RequireFromString("0.005")) {
			t.Fatalf("RoundFen(%s) = %s", x, r)
		}
	}))
}

func FuzzParseCNY(f *testing.F) {
	for _, s := range []string{"12.50", "0", "-3.2", "1.005", "1e3", "", "012", "99999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseCNY(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		if CheckFen(got) != nil {
			t.Fatalf("accepted %q with sub-fen digits: %v", s, got)
		}
		if ref, rerr := decimal.NewFromString(s); rerr != nil || !ref.Equal(got) {
			t.Fatalf("ParseCNY(%q) = %v; decimal says %v, %v", s, got, ref, rerr)
		}
	})
}

func ExampleParseCNY() {
	price, _ := ParseCNY("12800")
	fee := RoundFen(price.Mul(decimal.RequireFromString("0.035")))
	fmt.Println(FormatCNY(price), FormatCNY(fee))

	_, err := ParseCNY("99.999")
	fmt.Println(Message(err, ZH))
	// Output:
	// 12800.00 448.00
	// 金额最多两位小数(精确到分):99.999
}
