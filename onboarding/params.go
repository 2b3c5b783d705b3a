package onboarding

import (
	"errors"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
)

// The free-text fields of the package, one starmap.TextField each: every
// value that enters through them is checked with Validate (valid UTF-8, no
// control or bidi characters, the kind's length), and refused with
// starmap.ErrTextInvalid.
var (
	rejectReasonField   = starmap.TextField{ZH: "驳回理由", EN: "rejection reason", Kind: starmap.TextNote}
	approvalReasonField = starmap.TextField{ZH: "特批理由", EN: "special approval reason", Kind: starmap.TextNote}
	cancelReasonField   = starmap.TextField{ZH: "销户驳回理由", EN: "cancellation rejection reason", Kind: starmap.TextNote}
	taskStateField      = starmap.TextField{ZH: "任务状态", EN: "task state", Kind: starmap.TextLine}
)

// MaxRejectReasons is the most reasons one rejection may give: a review
// names one per unmet requirement (a dozen at most), so more is a bug or
// an attack.
const MaxRejectReasons = 50

// labelled makes a Param from a value with a Label method.
func labelled(name string, v interface{ Label(starmap.Lang) string }) starmap.Param {
	return starmap.LabeledArg(name, v.Label(starmap.ZH), v.Label(starmap.EN))
}

// actorParam names an actor: its role's Chinese label and its id in zh-CN,
// role:id in English.
func actorParam(name string, a starmap.Actor) starmap.Param {
	id := a.ID()
	if a.Role() == starmap.RoleAdvertiserSub {
		id = a.AdvertiserOf() + "/" + id
	}
	return starmap.LabeledArg(name, a.Role().Label(starmap.ZH)+" "+id, a.String())
}

// problem is a "problem" Param in both languages.
func problem(zh, en string) starmap.Param { return starmap.LabeledArg("problem", zh, en) }

// idProblem is the "problem" Param of an id refused by starmap.ValidateID:
// in zh-CN what (a Chinese name of the id) followed by the root error's
// Chinese wording, in English the root error's message.
func idProblem(what string, err error) starmap.Param {
	zh := "无效"
	var e *starmap.Error
	if errors.As(err, &e) {
		for _, p := range e.Params() {
			if p.Name == "problem" && p.ZH != "" {
				zh = p.ZH
			}
		}
	}
	return problem(what+zh, starmap.Message(err, starmap.EN))
}

// amountArg names an amount in an error, cut short when it is absurdly
// long: a 100,000-digit balance must not make a 100,000-byte message.
func amountArg(d decimal.Decimal) starmap.Param {
	s := d.String()
	if len(s) > 40 {
		s = s[:20] + "…(" + strconv.Itoa(len(s)) + ")"
	}
	return starmap.Arg("value", s)
}

// checkBalance is the one check of a balance refunded on closing (ONB-8):
// starmap.CheckAmount's bound (15 integer digits, whole fen) and not
// negative. A refusal is ErrBalanceInvalid with the root's errors as its
// cause, so that errors.Is sees starmap.ErrMoneyTooLarge and the rest.
func checkBalance(d decimal.Decimal) error {
	var negative error
	if d.Sign() < 0 {
		// starmap.RequireNonNegative's rule, with the value cut short as
		// CheckAmount cuts it: a 100,000-digit debt makes a short message.
		negative = starmap.ErrMoneyNegative.New(amountArg(d))
	}
	if err := errors.Join(starmap.CheckAmount(d), negative); err != nil {
		return ErrBalanceInvalid.Wrap(err, amountArg(d))
	}
	return nil
}
