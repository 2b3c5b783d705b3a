package starmap

import (
	"errors"
	"math/big"
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
		return ErrMoneyTooPrecise.New(AmountArg("value", d))
	}
	return nil
}

// MaxAmountText is the largest amount the SDK accepts anywhere: 15 digits
// before the point and two after (a thousand trillion yuan less a fen).
const MaxAmountText = "999999999999999.99"

// CheckAmount is the one bound on every amount that enters the library
// (prices, fees, refunds, budgets, GMV, balances): at most 15 digits before
// the point (ErrMoneyTooLarge) and whole fen (ErrMoneyTooPrecise); both
// are reported when both are broken. The sign is the caller's rule
// (RequireNonNegative). It reads the size from the digit count and the
// exponent before any arithmetic, so that 1e2000000000 or a 100,000-digit
// amount is refused at once rather than rescaled.
func CheckAmount(d decimal.Decimal) error {
	if d.IsZero() {
		return checkZeroExponent(d)
	}
	n, e := int64(d.NumDigits()), int64(d.Exponent())
	var errs []error
	// With n digits and exponent e, 10^(n+e-1) ≤ |d| < 10^(n+e).
	if n+e > 15 {
		errs = append(errs, ErrMoneyTooLarge.New(AmountArg("value", d)))
	}
	if below := -e - FenPlaces; below > 0 {
		// Digits under the fen: the last `below` digits of the coefficient
		// must all be zero (none can be when there are more of them than
		// digits).
		if below >= n || !zeroTail(d.Coefficient(), below) {
			errs = append(errs, ErrMoneyTooPrecise.New(AmountArg("value", d)))
		}
	}
	return errors.Join(errs...)
}

// MaxZeroExponent bounds the exponent a zero may be written with
// (0e1000 and 0e-1000 are the extremes). A zero is worth nothing, but
// arithmetic rescales to its exponent: 0e1000000000 would make the next
// sum, comparison or rounding build a power of ten a billion digits long,
// and hang, where 0e1000 costs microseconds.
const MaxZeroExponent = 1000

// checkZeroExponent is CheckAmount for a zero d.
func checkZeroExponent(d decimal.Decimal) error {
	switch e := d.Exponent(); {
	case e > MaxZeroExponent:
		return ErrMoneyTooLarge.New(AmountArg("value", d))
	case e < -MaxZeroExponent:
		return ErrMoneyTooPrecise.New(AmountArg("value", d))
	}
	return nil
}

func zeroTail(c *big.Int, digits int64) bool {
	mod := new(big.Int).Exp(big.NewInt(10), big.NewInt(digits), nil)
	return new(big.Int).Rem(c, mod).Sign() == 0
}

// AmountArg names an amount in an error: as written when it is of a sane
// size, and by its digit count and exponent when it is absurd (a
// 100,000-digit amount must not make a 100,000-byte message).
func AmountArg(name string, d decimal.Decimal) Param {
	n, e := d.NumDigits(), d.Exponent()
	if n <= 40 && e <= 40 && e >= -40 {
		return Arg(name, d.String())
	}
	sign := ""
	if d.Sign() < 0 {
		sign = "-"
	}
	ns, es := strconv.Itoa(n), strconv.Itoa(int(e))
	return LabeledArg(name, sign+"…(共"+ns+"位有效数字,指数"+es+")", sign+"…("+ns+" digits, exponent "+es+")")
}

// RequireNonNegative returns ErrMoneyNegative when d < 0.
func RequireNonNegative(d decimal.Decimal) error {
	if d.Sign() < 0 {
		return ErrMoneyNegative.New(AmountArg("value", d))
	}
	return nil
}

// FormatCNY renders an amount with exactly two decimal places, rounding with
// RoundFen first: 12 → "12.00", 0.125 → "0.13".
func FormatCNY(d decimal.Decimal) string { return RoundFen(d).StringFixed(FenPlaces) }
