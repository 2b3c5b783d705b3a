package onboarding

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/starmap-go/starmap"
)

// RunningTask is a task of an account that has not reached a final state
// (done or cancelled): it blocks closing the account until it is cancelled
// (ONB-8, seed 001).
type RunningTask struct {
	ID string
	// State is the task's state as package task names it, for the message.
	State string
}

// TaskLister lists an account's running tasks. The host implements it over
// package task, so that this package does not depend on it.
type TaskLister interface {
	// RunningTasks returns the tasks of account that are not in a final
	// state, in a stable order; none is an empty list, not an error.
	RunningTasks(ctx context.Context, account string) ([]RunningTask, error)
}

// ClosePlan says what closing an account means (ONB-8): the tasks that
// block it and the balance to refund to the merchant's account.
type ClosePlan struct {
	Account string
	// Blockers are the running tasks; they must be cancelled first.
	Blockers []RunningTask
	// Refund is the balance refunded on closing, exactly as held (whole fen).
	Refund decimal.Decimal
}

// CanClose reports whether nothing blocks closing.
func (p ClosePlan) CanClose() bool { return len(p.Blockers) == 0 }

// maxListedBlockers is how many blocking task ids ErrCloseBlocked names;
// the count is always exact.
const maxListedBlockers = 20

// Err is ErrCloseBlocked naming the blocking tasks (the first 20 and how
// many more), or nil.
func (p ClosePlan) Err() error {
	if p.CanClose() {
		return nil
	}
	n := len(p.Blockers)
	ids := make([]string, 0, min(n, maxListedBlockers))
	for _, t := range p.Blockers[:min(n, maxListedBlockers)] {
		ids = append(ids, t.ID)
	}
	list := strings.Join(ids, ", ")
	if n > maxListedBlockers {
		list += " …(+" + strconv.Itoa(n-maxListedBlockers) + ")"
	}
	return ErrCloseBlocked.New(starmap.Arg("count", n), starmap.Arg("tasks", list))
}

// check re-checks a plan however it was built (a ClosePlan is a plain
// value): a valid account id, valid blockers, a refund within
// starmap.CheckAmount's bound and not negative (ErrBalanceInvalid), and
// nothing blocking (ErrCloseBlocked).
func (p ClosePlan) check() error {
	if err := starmap.ValidateID("account id", p.Account); err != nil {
		return ErrCancellationInvalid.New(problem("关闭方案缺少有效账号", "close plan without a valid account"))
	}
	if err := checkRunning(p.Blockers); err != nil {
		return err
	}
	if err := checkBalance(p.Refund); err != nil {
		return err
	}
	return p.Err()
}

// checkRunning checks the tasks a TaskLister returned: a valid id each and
// a state that is one line of text.
func checkRunning(running []RunningTask) error {
	for _, t := range running {
		if err := starmap.ValidateID("task id", t.ID); err != nil {
			return ErrCancellationInvalid.New(idProblem("进行中的任务编号", err))
		}
		if err := taskStateField.Validate(t.State); err != nil {
			return err
		}
	}
	return nil
}

// PlanClose builds the close plan of account from its running tasks and
// its balance (ONB-8). The balance passes starmap.CheckAmount (at most 15
// digits before the point, whole fen) and is not negative, or the answer
// is ErrBalanceInvalid and no plan; it is refunded as it is, with no
// rounding. Each running task needs a valid id and a one-line state.
func PlanClose(account string, running []RunningTask, balance decimal.Decimal) (ClosePlan, error) {
	if err := starmap.ValidateID("account id", account); err != nil {
		return ClosePlan{}, err
	}
	if err := checkRunning(running); err != nil {
		return ClosePlan{}, err
	}
	if err := checkBalance(balance); err != nil {
		return ClosePlan{}, err
	}
	return ClosePlan{Account: account, Blockers: append([]RunningTask(nil), running...), Refund: balance}, nil
}

// CheckClose asks the lister for the account's running tasks and builds
// its close plan. A nil lister is ErrNoTaskLister: without it nothing can
// say that no task is running. The balance is checked before the lister
// is asked.
func CheckClose(ctx context.Context, tasks TaskLister, account string, balance decimal.Decimal) (ClosePlan, error) {
	if err := needContext(ctx); err != nil {
		return ClosePlan{}, err
	}
	if tasks == nil {
		return ClosePlan{}, ErrNoTaskLister.New()
	}
	if err := starmap.ValidateID("account id", account); err != nil {
		return ClosePlan{}, err
	}
	if err := checkBalance(balance); err != nil {
		return ClosePlan{}, err
	}
	running, err := tasks.RunningTasks(ctx, account)
	if err != nil {
		return ClosePlan{}, err
	}
	return PlanClose(account, running, balance)
}

// needContext refuses a nil context (a host's bug, answered with a coded
// error rather than a panic) and a done one.
func needContext(ctx context.Context) error {
	return starmap.CheckContext(ctx)
}

// CancelState is where an account cancellation (销户) stands.
type CancelState uint8

// The states of a cancellation.
const (
	CancelAwaitingCode CancelState = iota + 1 // conditions read, verification code sent
	CancelUnderReview                         // code verified, waiting for the platform (等待审核)
	CancelDone                                // the platform approved: the account is cancelled
	CancelRejected                            // the platform rejected, with a reason
	CancelLocked                              // too many wrong codes; start again
)

var cancelStateNames = [...]name{{"none", "未申请"}, {"awaiting-code", "待验证"}, {"under-review", "等待审核"},
	{"cancelled", "已注销"}, {"rejected", "已驳回"}, {"locked", "已锁定"}}

// String names the state: none, awaiting-code, under-review, cancelled,
// rejected, locked.
func (s CancelState) String() string { return nameOf(cancelStateNames[:], int(s), "CancelState") }

// Label names the cancellation state in lang (等待审核, 已注销 … in zh-CN).
func (s CancelState) Label(lang starmap.Lang) string {
	return labelOf(cancelStateNames[:], int(s), "CancelState", "未知状态", lang)
}

// CancelStep is a step of a cancellation.
type CancelStep uint8

// The steps of a cancellation.
const (
	CancelStepStart        CancelStep = iota + 1 // the holder starts, a code is sent
	CancelStepResendCode                         // a new code replaces the old one
	CancelStepCodeWrong                          // a wrong code is counted (the last locks)
	CancelStepCodeVerified                       // the right code: under review
	CancelStepApprove                            // the platform approves: cancelled
	CancelStepReject                             // the platform rejects, with a reason
	CancelStepRestart                            // a rejected or locked one starts again
)

var cancelStepNames = [...]name{{}, {"start", "申请销户"}, {"resend_code", "重新发送验证码"}, {"code_wrong", "输入验证码"},
	{"code_verified", "输入验证码"}, {"approved", "审核通过"}, {"rejected", "驳回"}, {"restart", "重新申请销户"}}

// String names the step; events are typed "onboarding.cancellation_" + it.
func (s CancelStep) String() string { return nameOf(cancelStepNames[:], int(s), "CancelStep") }

// Label names the step in lang (申请销户, 输入验证码 … in zh-CN).
func (s CancelStep) Label(lang starmap.Lang) string {
	return labelOf(cancelStepNames[:], int(s), "CancelStep", "未知操作", lang)
}

// EventType is the Event.Type of the step.
func (s CancelStep) EventType() string { return "onboarding.cancellation_" + s.String() }

// MaxCodeAttempts is how many wrong verification codes lock a cancellation.
const MaxCodeAttempts = 5

// MaxCodeValidity is the longest a verification code may stay valid: a
// code is a short-lived proof that the holder is present, not a password.
const MaxCodeValidity = 24 * time.Hour

// CancelTransition is one row of the cancellation's transition table.
type CancelTransition struct {
	From CancelState
	Step CancelStep
	To   CancelState
}

// CancelTransitions lists the cancellation machine (ONB-8).
func CancelTransitions() []CancelTransition {
	return []CancelTransition{
		{0, CancelStepStart, CancelAwaitingCode},
		{CancelAwaitingCode, CancelStepResendCode, CancelAwaitingCode},
		{CancelAwaitingCode, CancelStepCodeWrong, CancelAwaitingCode},
		{CancelAwaitingCode, CancelStepCodeWrong, CancelLocked},
		{CancelAwaitingCode, CancelStepCodeVerified, CancelUnderReview},
		{CancelUnderReview, CancelStepApprove, CancelDone},
		{CancelUnderReview, CancelStepReject, CancelRejected},
		{CancelRejected, CancelStepRestart, CancelAwaitingCode},
		{CancelLocked, CancelStepRestart, CancelAwaitingCode},
	}
}

// CancellationRecord is the stored form of a Cancellation. The code is
// kept only as its HMAC-SHA256 under the host's key (WithLeaving). An
// account has one cancellation record: its ID is the account id (see
// StartCancellation), so that a store's unique key refuses a second one.
type CancellationRecord struct {
	ID          string
	Account     string
	Holder      starmap.Actor
	State       CancelState
	CodeDigest  [32]byte
	CodeExpires time.Time
	Attempts    int
	Refund      decimal.Decimal
	Reason      string
	History     []CancelChange
	// Version is the version the record was read at:
	// UpdateCancellation writes only if the stored version is still this one.
	Version uint64
}

// CancelChange is one entry of a cancellation's history.
type CancelChange struct {
	At       time.Time
	Actor    starmap.Actor
	Step     CancelStep
	From, To CancelState
	Note     string
}

// Cancellation is an account cancellation (销户, ONB-8): conditions,
// verification code, platform review.
type Cancellation struct{ r CancellationRecord }

// CancellationFromRecord rebuilds a cancellation from storage, checking
// that it is coherent: its id is its account, its holder holds that
// account, a known state that its history ends in, a count of wrong codes
// within MaxCodeAttempts and a refund that passes the balance check. A
// record a store mangled is ErrCancellationInvalid (or ErrBalanceInvalid),
// never a panic.
func CancellationFromRecord(r CancellationRecord) (*Cancellation, error) {
	if err := starmap.ValidateID("cancellation id", r.ID); err != nil || r.ID != r.Account || r.State < CancelAwaitingCode || r.State > CancelLocked ||
		len(r.History) == 0 || r.History[len(r.History)-1].To != r.State ||
		r.Attempts < 0 || r.Attempts > MaxCodeAttempts || r.Holder.ID() != r.Account || starmap.RequireRole(r.Holder, holderRoles()...) != nil {
		return nil, ErrCancellationInvalid.New(problem("存储记录前后矛盾", "incoherent record"))
	}
	if err := checkBalance(r.Refund); err != nil {
		return nil, err
	}
	return &Cancellation{r: r.Clone()}, nil
}

// Record returns the stored form (a copy).
func (c *Cancellation) Record() CancellationRecord { return c.r.Clone() }

// Clone returns a deep copy of the record.
func (r CancellationRecord) Clone() CancellationRecord {
	r.History = append([]CancelChange(nil), r.History...)
	return r
}

// visibleTo reports whether by may read the cancellation: the platform or
// the holder of the account.
func (r CancellationRecord) visibleTo(by starmap.Actor) bool {
	return by.Role() == starmap.RolePlatform || by == r.Holder
}

// ID returns the cancellation's id.
func (c *Cancellation) ID() string { return c.r.ID }

// Account returns the account being cancelled.
func (c *Cancellation) Account() string { return c.r.Account }

// Version returns the version the cancellation was loaded at (0 if new).
func (c *Cancellation) Version() uint64 { return c.r.Version }

// State returns the current state.
func (c *Cancellation) State() CancelState { return c.r.State }

// Refund returns the balance to refund when the cancellation completes.
func (c *Cancellation) Refund() decimal.Decimal { return c.r.Refund }

// History returns every change, oldest first (a copy).
func (c *Cancellation) History() []CancelChange { return append([]CancelChange(nil), c.r.History...) }

func (c *Cancellation) step(by starmap.Actor, now time.Time, step CancelStep, to CancelState, note string) starmap.Event {
	from := c.r.State
	c.r.State = to
	c.r.History = append(c.r.History, CancelChange{At: now, Actor: by, Step: step, From: from, To: to, Note: note})
	return starmap.Event{Type: step.EventType(), Subject: c.r.ID, Actor: by, At: now, From: from.String(), To: to.String(), Note: note}
}

// MinCodeKeyLen is the shortest key accepted for the code's HMAC.
const MinCodeKeyLen = 16

// digest is the HMAC-SHA256 of the code under the host's key: without the
// key a stored digest does not give the code away, which a plain hash of
// 4 to 8 digits would (10^8 tries).
func digest(key []byte, code string) [32]byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(code))
	var out [32]byte
	copy(out[:], m.Sum(nil))
	return out
}

func checkKey(key []byte) error {
	if len(key) < MinCodeKeyLen {
		return ErrCancellationInvalid.New(problem("验证码密钥至少16字节", "the code key must be at least 16 bytes"))
	}
	return nil
}

func validCode(code string) bool {
	if len(code) < 4 || len(code) > 8 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// checkCode refuses a code that is not 4 to 8 ASCII digits and a validity
// that is not positive or longer than MaxCodeValidity.
func checkCode(code string, validFor time.Duration) error {
	if validFor <= 0 || validFor > MaxCodeValidity || !validCode(code) {
		return ErrCancellationInvalid.New(problem("须有4至8位数字验证码和不超过24小时的正的有效期",
			"needs a 4–8 digit code and a positive validity of at most 24 hours"))
	}
	return nil
}

// holderRoles may cancel their own account.
func holderRoles() []starmap.Role {
	return []starmap.Role{starmap.RoleAdvertiser, starmap.RoleCreator, starmap.RoleMCN}
}

// StartCancellation starts cancelling the holder's account at now, after
// the holder read the conditions (ONB-8): the plan must be for the holder's
// own account — the account id is the holder's actor id —
// (ErrNotAccountHolder otherwise), its refund a whole, non-negative number
// of fen within starmap.CheckAmount's bound (ErrBalanceInvalid) and nothing
// may block closing (ErrCloseBlocked); the plan is re-checked whoever built
// it. code is the verification code the host sends to the holder (4 to 8
// digits), valid for validFor (at most MaxCodeValidity); only its
// HMAC-SHA256 under key, the host's secret of at least MinCodeKeyLen
// bytes, is kept. ResendCode, EnterCode and Restart take the same key.
//
// The cancellation's id is the account id: one account has one
// cancellation, which Restart reopens after a rejection or a lock, so a
// store's unique key makes a second concurrent cancellation (and a second
// refund) impossible.
func StartCancellation(holder starmap.Actor, now time.Time, plan ClosePlan, code string, validFor time.Duration, key []byte) (*Cancellation, starmap.Event, error) {
	if err := starmap.RequireRole(holder, holderRoles()...); err != nil {
		return nil, starmap.Event{}, err
	}
	if err := checkStart(holder, now, plan, code, validFor, key); err != nil {
		return nil, starmap.Event{}, err
	}
	c := &Cancellation{r: CancellationRecord{ID: plan.Account, Account: plan.Account, Holder: holder}}
	c.arm(key, code, now, validFor, plan.Refund)
	return c, c.step(holder, now, CancelStepStart, CancelAwaitingCode, "refund "+starmap.FormatCNY(plan.Refund)), nil
}

func checkStart(holder starmap.Actor, now time.Time, plan ClosePlan, code string, validFor time.Duration, key []byte) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := needTime(now); err != nil {
		return err
	}
	if err := checkCode(code, validFor); err != nil {
		return err
	}
	if plan.Account != holder.ID() {
		return ErrNotAccountHolder.New(actorParam("actor", holder), starmap.Arg("account", plan.Account))
	}
	return plan.check()
}

// arm sets a fresh code, its expiry and the refund, and clears the tries.
func (c *Cancellation) arm(key []byte, code string, now time.Time, validFor time.Duration, refund decimal.Decimal) {
	c.r.CodeDigest, c.r.CodeExpires = digest(key, code), now.Add(validFor)
	c.r.Attempts, c.r.Reason, c.r.Refund = 0, "", refund
}

// Restart reopens a rejected or locked cancellation of the holder's
// account at now with a new plan and code, like StartCancellation; the
// history is kept. A cancellation waiting for its code or under review is
// refused with ErrCancellationState (there is one at a time), and so is a
// completed one (the account is cancelled).
func (c *Cancellation) Restart(holder starmap.Actor, now time.Time, plan ClosePlan, code string, validFor time.Duration, key []byte) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if err := c.holderOnly(holder); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelRejected && c.r.State != CancelLocked {
		return starmap.Event{}, c.stateErr(CancelStepRestart)
	}
	if err := checkStart(holder, now, plan, code, validFor, key); err != nil {
		return starmap.Event{}, err
	}
	c.arm(key, code, now, validFor, plan.Refund)
	return c.step(holder, now, CancelStepRestart, CancelAwaitingCode, "refund "+starmap.FormatCNY(plan.Refund)), nil
}

func (c *Cancellation) holderOnly(a starmap.Actor) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a != c.r.Holder {
		return ErrNotAccountHolder.New(actorParam("actor", a), starmap.Arg("account", c.r.Account))
	}
	return nil
}

// needTime refuses the zero instant: every step is dated in the history.
func needTime(now time.Time) error {
	if now.IsZero() {
		return ErrCancellationInvalid.New(problem("缺少操作时间", "no time given"))
	}
	return nil
}

func (c *Cancellation) stateErr(step CancelStep) error {
	return ErrCancellationState.New(labelled("state", c.r.State), labelled("step", step))
}

// ResendCode replaces the verification code with a new one valid for
// validFor from now; the wrong tries so far still count.
func (c *Cancellation) ResendCode(holder starmap.Actor, now time.Time, code string, validFor time.Duration, key []byte) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelAwaitingCode {
		return starmap.Event{}, c.stateErr(CancelStepResendCode)
	}
	if err := c.holderOnly(holder); err != nil {
		return starmap.Event{}, err
	}
	if err := checkCode(code, validFor); err != nil {
		return starmap.Event{}, err
	}
	if err := checkKey(key); err != nil {
		return starmap.Event{}, err
	}
	c.r.CodeDigest, c.r.CodeExpires = digest(key, code), now.Add(validFor)
	return c.step(holder, now, CancelStepResendCode, CancelAwaitingCode, ""), nil
}

// EnterCode checks the verification code the holder typed at now. The
// right code, before it expires, puts the cancellation under review. A
// wrong code is counted — the one refused input that changes the
// cancellation — and returns ErrCodeWrong with the event; the
// MaxCodeAttempts-th locks it. Text that cannot be a code (not 4 to 8
// ASCII digits) is ErrCancellationInvalid and is not counted: it guesses
// nothing. An expired code returns ErrCodeExpired and changes nothing. key
// is the one the code was set with.
func (c *Cancellation) EnterCode(holder starmap.Actor, now time.Time, code string, key []byte) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if !validCode(code) {
		return starmap.Event{}, ErrCancellationInvalid.New(problem("验证码须为4至8位数字", "a code is 4 to 8 digits"))
	}
	if c.r.State != CancelAwaitingCode {
		return starmap.Event{}, c.stateErr(CancelStepCodeVerified)
	}
	if err := c.holderOnly(holder); err != nil {
		return starmap.Event{}, err
	}
	if now.After(c.r.CodeExpires) {
		return starmap.Event{}, ErrCodeExpired.New()
	}
	if err := checkKey(key); err != nil {
		return starmap.Event{}, err
	}
	d := digest(key, code)
	if hmac.Equal(d[:], c.r.CodeDigest[:]) {
		return c.step(holder, now, CancelStepCodeVerified, CancelUnderReview, ""), nil
	}
	c.r.Attempts++
	left := MaxCodeAttempts - c.r.Attempts
	to := CancelAwaitingCode
	if left <= 0 {
		left, to = 0, CancelLocked
	}
	return c.step(holder, now, CancelStepCodeWrong, to, ""), ErrCodeWrong.New(starmap.Arg("left", left))
}

// Approve completes the cancellation (platform review, ONB-8) on the close
// plan read at approval: the plan must be for the cancelled account, and
// it is re-checked — a task started since the code was entered blocks
// (ErrCloseBlocked), the refund must pass the balance check. The account
// is cancelled and the plan's refund, the balance at approval, is what is
// owed to the merchant's account (Refund).
func (c *Cancellation) Approve(reviewer starmap.Actor, now time.Time, plan ClosePlan) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelUnderReview {
		return starmap.Event{}, c.stateErr(CancelStepApprove)
	}
	if plan.Account != c.r.Account {
		return starmap.Event{}, ErrCancellationInvalid.New(problem("关闭方案属于其他账号", "the close plan is for another account"))
	}
	if err := plan.check(); err != nil {
		return starmap.Event{}, err
	}
	c.r.Refund = plan.Refund
	return c.step(reviewer, now, CancelStepApprove, CancelDone, "refund "+starmap.FormatCNY(c.r.Refund)), nil
}

// Reject refuses the cancellation with a reason (platform review), a
// starmap.TextNote that is not blank.
func (c *Cancellation) Reject(reviewer starmap.Actor, now time.Time, reason string) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelUnderReview {
		return starmap.Event{}, c.stateErr(CancelStepReject)
	}
	if err := cancelReasonField.Validate(reason); err != nil {
		return starmap.Event{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return starmap.Event{}, ErrCancellationInvalid.New(problem("驳回须说明理由", "a rejection needs a reason"))
	}
	c.r.Reason = reason
	return c.step(reviewer, now, CancelStepReject, CancelRejected, reason), nil
}
