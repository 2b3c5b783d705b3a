package onboarding

import (
	"errors"
	"strconv"

	"github.com/starmap-go/starmap"
)

// Chinese labels for the enums, so that zh-CN messages carry no English
// . Each Label(lang) answers String() for starmap.EN.

var stateZH = [...]string{"未提交", "已提交", "已确认入驻", "已驳回", "已开通"}

// Label names the state in lang (已提交, 已确认入驻 … in zh-CN).
func (s State) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		if int(s) < len(stateZH) {
			return stateZH[s]
		}
		return "未知状态" + strconv.Itoa(int(s))
	}
	return s.String()
}

var stepZH = [...]string{"", "提交", "特批", "确认入驻", "驳回", "开通"}

// Label names the step in lang (提交, 确认入驻 … in zh-CN).
func (s Step) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		if s >= StepSubmit && int(s) < len(stepZH) {
			return stepZH[s]
		}
		return "未知操作" + strconv.Itoa(int(s))
	}
	return s.String()
}

var kindZH = [...]string{"", "达人", "MCN机构", "商家"}

// Label names the kind in lang (达人, MCN机构, 商家 in zh-CN).
func (k Kind) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		if k >= KindCreator && int(k) < len(kindZH) {
			return kindZH[k]
		}
		return "未知类型" + strconv.Itoa(int(k))
	}
	return k.String()
}

// Label names the platform in lang (抖音 … in zh-CN).
func (p Platform) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		if p.Valid() {
			return platformZH[p]
		}
		return "未知平台" + strconv.Itoa(int(p))
	}
	return p.String()
}

var standingZH = [...]string{"", "违规", "限流中", "正常"}

// Label names the standing in lang (违规, 限流中, 正常 in zh-CN).
func (s Standing) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		if s.Valid() {
			return standingZH[s]
		}
		return "未知状态" + strconv.Itoa(int(s))
	}
	return s.String()
}

// Label names the merchant kind in lang (个体户, 企业 in zh-CN).
func (k MerchantKind) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		switch k {
		case MerchantIndividual:
			return "个体户"
		case MerchantCompany:
			return "企业"
		}
		return "未知类型" + strconv.Itoa(int(k))
	}
	return k.String()
}

var cancelStateZH = [...]string{"未申请", "待验证", "等待审核", "已注销", "已驳回", "已锁定"}

// Label names the cancellation state in lang (等待审核, 已注销 … in zh-CN).
func (s CancelState) Label(lang starmap.Lang) string {
	if lang == starmap.ZH {
		if int(s) < len(cancelStateZH) {
			return cancelStateZH[s]
		}
		return "未知状态" + strconv.Itoa(int(s))
	}
	return s.String()
}

var cancelStepZH = map[string]string{
	"start": "申请销户", "resend_code": "重新发送验证码", "enter_code": "输入验证码", "code_wrong": "输入验证码",
	"code_verified": "输入验证码", "approved": "审核通过", "rejected": "驳回", "restart": "重新申请销户",
}

// labelled makes a Param from a value with a Label method.
func labelled(name string, v interface{ Label(starmap.Lang) string }) starmap.Param {
	return starmap.LabeledArg(name, v.Label(starmap.ZH), v.Label(starmap.EN))
}

// cancelStep makes the step Param of a cancellation message.
func cancelStep(step string) starmap.Param {
	zh, ok := cancelStepZH[step]
	if !ok {
		zh = "未知操作"
	}
	return starmap.LabeledArg("step", zh, step)
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
