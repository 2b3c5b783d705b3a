package campaign

import "github.com/starmap-go/starmap"

// names is one enum's bilingual table: index 0 is the unknown value.
type names [][2]string // {en, zh}

func (n names) str(i int) string {
	if i <= 0 || i >= len(n) {
		return n[0][0]
	}
	return n[i][0]
}

func (n names) label(i int, lang starmap.Lang) string {
	if i <= 0 || i >= len(n) {
		i = 0
	}
	if lang == starmap.ZH {
		return n[i][1]
	}
	return n[i][0]
}

func (n names) parse(s string) (int, bool) {
	for i := 1; i < len(n); i++ {
		if n[i][0] == s {
			return i, true
		}
	}
	return 0, false
}

// State is where a campaign stands: active, then closed (CAM-1).
type State uint8

// The states.
const (
	// StateActive: the campaign takes orders (reservations), budget and
	// target changes.
	StateActive State = iota + 1
	// StateClosed: the campaign takes no new order; the tasks already
	// ordered in it still release and settle their reservations.
	StateClosed
)

var stateNames = names{{"unknown-state", "未知状态"}, {"active", "进行中"}, {"closed", "已关闭"}}

// String names the state: active, closed.
func (s State) String() string { return stateNames.str(int(s)) }

// Label names the state in lang (进行中, 已关闭 in zh-CN).
func (s State) Label(lang starmap.Lang) string { return stateNames.label(int(s), lang) }

// Valid reports whether s is a declared state.
func (s State) Valid() bool { return s == StateActive || s == StateClosed }

// Objective is what a campaign is for, the same four as a task's
// objective (seed 003 任务模板: 曝光、收藏、加购、购买), with the same
// numbers and names as task.Objective so that a host maps one to the other
// by value.
type Objective uint8

// The objectives.
const (
	ObjectiveExposure   Objective = iota + 1 // 曝光
	ObjectiveFavourites                      // 收藏
	ObjectiveAddToCart                       // 加购
	ObjectivePurchase                        // 购买
)

var objectiveNames = names{{"unknown-objective", "未知目标"}, {"exposure", "曝光"}, {"favourites", "收藏"},
	{"add-to-cart", "加购"}, {"purchase", "购买"}}

// String names the objective: exposure, favourites, add-to-cart, purchase.
func (o Objective) String() string { return objectiveNames.str(int(o)) }

// Label names the objective in lang (曝光, 收藏, 加购, 购买 in zh-CN).
func (o Objective) Label(lang starmap.Lang) string { return objectiveNames.label(int(o), lang) }

// Valid reports whether o is a declared objective.
func (o Objective) Valid() bool { return o >= ObjectiveExposure && o <= ObjectivePurchase }

// ParseObjective is the inverse of Objective.String.
func ParseObjective(s string) (Objective, error) {
	if i, ok := objectiveNames.parse(s); ok {
		return Objective(i), nil
	}
	return 0, ErrObjectiveInvalid.New()
}

// ReservationState is where one task's reservation stands.
type ReservationState uint8

// The reservation states.
const (
	// ReservationHeld: some of the amount is still reserved.
	ReservationHeld ReservationState = iota + 1
	// ReservationSettled: nothing is held and some of it was spent.
	ReservationSettled
	// ReservationReleased: nothing is held, nothing was spent, and the
	// amount came back by releases (a cancellation or refund).
	ReservationReleased
	// ReservationVoided: the task was never created; the whole amount came
	// back at once (OrderIn's compensation, Reconcile, Void).
	ReservationVoided
)

var reservationNames = names{{"unknown-reservation-state", "未知预留状态"}, {"held", "预留中"}, {"settled", "已结算"},
	{"released", "已释放"}, {"voided", "已作废"}}

// String names the reservation state: held, settled, released, voided.
func (s ReservationState) String() string { return reservationNames.str(int(s)) }

// Label names the reservation state in lang (预留中, 已结算, 已释放, 已作废).
func (s ReservationState) Label(lang starmap.Lang) string {
	return reservationNames.label(int(s), lang)
}

// Valid reports whether s is a declared reservation state.
func (s ReservationState) Valid() bool { return s >= ReservationHeld && s <= ReservationVoided }
