package starmap

import (
	"errors"
	"strconv"

	"github.com/shopspring/decimal"
)

// Money: amounts are decimal.Decimal in CNY (yuan). They are never
// float64, never compared with == (use Equal or Cmp), and rounded to the fen
// (0.01 yuan) only at the points a package documents, always with RoundFen.

// FenPlaces is the number of decimal places of an amount rounded to the fen.
const FenPlaces = 2

// RoundFen rounds an amount to the fen, half away from zero (四舍五入):
// 0.005 → 0.01, -0.005 → -0.01, 0.0049 → 0.00. This is the one rounding mode
// of the SDK's money.
func RoundFen(d decimal.Decimal) decimal.Decimal { return d.Round(FenPlaces) }

// ParseCNY parses an amount in yuan written as digits with at most two
// decimal places: "12", "12.5", "12.50", "0.01", "-3.20". It rejects an
// empty string, signs other than a leading '-', leading zeros ("012"),
// exponents, separators, white space, a bare point ("12.", ".5") and more
// than two decimal places, trailing zeros included ("1.500"), so that what is
// stored is exactly what was written. More than 15 digits before the point
// (a thousand trillion yuan) is ErrMoneyTooLarge: no real amount, a typo or
// an attack.
func ParseCNY(s string) (decimal.Decimal, error) {
	body := s
	if len(body) > 0 && body[0] == '-' {
		body = body[1:]
	}
	intPart, frac, hasPoint := body, "", false
	for i := 0; i < len(body); i++ {
		if body[i] == '.' {
			intPart, frac, hasPoint = body[:i], body[i+1:], true
			break
		}
	}
	if intPart == "" || !allDigits(intPart) || (len(intPart) > 1 && intPart[0] == '0') ||
		(hasPoint && (frac == "" || !allDigits(frac))) {
		return decimal.Decimal{}, ErrMoneyMalformed.New(Arg("value", s))
	}
	if len(frac) > FenPlaces {
		return decimal.Decimal{}, ErrMoneyTooPrecise.New(Arg("value", s))
	}
	if len(intPart) > 15 {
		return decimal.Decimal{}, ErrMoneyTooLarge.New(Arg("value", s))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, ErrMoneyMalformed.Wrap(err, Arg("value", s))
	}
	return d, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CheckFen returns ErrMoneyTooPrecise when d has a non-zero digit below the
// fen (1.005), nil otherwise (1.50 and 1.500 are both whole fen).
func CheckFen(d decimal.Decimal) error {
	if !d.Equal(d.Truncate(FenPlaces)) {
		return ErrMoneyTooPrecise.New(Arg("value", d.String()))
	}
	return nil
}

// MaxAmountText is the largest amount the SDK accepts anywhere: 15 digits
// before the point and two after (a thousand trillion yuan less a fen).
const MaxAmountText = "999999999999999.99"

var maxAmount = decimal.RequireFromString(MaxAmountText)

// CheckAmount is the one bound on every amount that enters the library
// (prices, fees, refunds, budgets, GMV, balances): at most 15 digits before
// the point (ErrMoneyTooLarge) and whole fen (ErrMoneyTooPrecise); both
// are reported when both are broken. The sign is the caller's rule
// (RequireNonNegative).
func CheckAmount(d decimal.Decimal) error {
	var errs []error
	if d.Abs().Cmp(maxAmount) > 0 {
		errs = append(errs, ErrMoneyTooLarge.New(amountArg(d)))
	}
	if d.Exponent() < -FenPlaces && !d.Equal(d.Truncate(FenPlaces)) {
		errs = append(errs, ErrMoneyTooPrecise.New(amountArg(d)))
	}
	return errors.Join(errs...)
}

// amountArg names an amount in an error, cut short when it is absurdly
// long (a 100,000-digit amount must not make a 100,000-byte message).
func amountArg(d decimal.Decimal) Param {
	s := d.String()
	if len(s) > 40 {
		s = s[:20] + "…(" + strconv.Itoa(len(s)) + " chars)"
	}
	return Arg("value", s)
}

// RequireNonNegative returns ErrMoneyNegative when d < 0.
func RequireNonNegative(d decimal.Decimal) error {
	if d.Sign() < 0 {
		return ErrMoneyNegative.New(Arg("value", d.String()))
	}
	return nil
}

// FormatCNY renders an amount with exactly two decimal places, rounding with
// RoundFen first: 12 → "12.00", 0.125 → "0.13".
func FormatCNY(d decimal.Decimal) string { return RoundFen(d).StringFixed(FenPlaces) }
