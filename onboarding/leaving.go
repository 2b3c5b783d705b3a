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

// Err is ErrCloseBlocked naming the blocking tasks, or nil.
func (p ClosePlan) Err() error {
	if p.CanClose() {
		return nil
	}
	ids := make([]string, len(p.Blockers))
	for i, t := range p.Blockers {
		ids[i] = t.ID
	}
	return ErrCloseBlocked.New(starmap.Arg("count", len(ids)), starmap.Arg("tasks", strings.Join(ids, ", ")))
}

// check re-checks a plan however it was built (a ClosePlan is a plain
// value): a valid account id, a refund that is a whole number of fen and
// not negative (ErrBalanceInvalid), and nothing blocking (ErrCloseBlocked).
func (p ClosePlan) check() error {
	if err := starmap.ValidateID("account id", p.Account); err != nil {
		return ErrCancellationInvalid.New(problem("关闭方案缺少有效账号", "close plan without a valid account"))
	}
	if p.Refund.Sign() < 0 || starmap.CheckFen(p.Refund) != nil {
		return ErrBalanceInvalid.New(starmap.Arg("value", p.Refund.String()))
	}
	return p.Err()
}

// PlanClose builds the close plan of account from its running tasks and
// its balance. The balance must be a whole number of fen and not negative
// (ErrBalanceInvalid); it is refunded as it is, with no rounding.
func PlanClose(account string, running []RunningTask, balance decimal.Decimal) (ClosePlan, error) {
	if err := starmap.ValidateID("account id", account); err != nil {
		return ClosePlan{}, err
	}
	if balance.Sign() < 0 || starmap.CheckFen(balance) != nil {
		return ClosePlan{}, ErrBalanceInvalid.New(starmap.Arg("value", balance.String()))
	}
	return ClosePlan{Account: account, Blockers: append([]RunningTask(nil), running...), Refund: balance}, nil
}

// CheckClose asks the lister for the account's running tasks and builds
// its close plan. A nil lister is ErrNoTaskLister: without it nothing can
// say that no task is running.
func CheckClose(ctx context.Context, tasks TaskLister, account string, balance decimal.Decimal) (ClosePlan, error) {
	if tasks == nil {
		return ClosePlan{}, ErrNoTaskLister.New()
	}
	if err := starmap.ValidateID("account id", account); err != nil {
		return ClosePlan{}, err
	}
	running, err := tasks.RunningTasks(ctx, account)
	if err != nil {
		return ClosePlan{}, err
	}
	return PlanClose(account, running, balance)
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

// String names the state.
func (s CancelState) String() string {
	switch s {
	case 0:
		return "none"
	case CancelAwaitingCode:
		return "awaiting-code"
	case CancelUnderReview:
		return "under-review"
	case CancelDone:
		return "cancelled"
	case CancelRejected:
		return "rejected"
	case CancelLocked:
		return "locked"
	}
	return "CancelState(" + strconv.Itoa(int(s)) + ")"
}

// MaxCodeAttempts is how many wrong verification codes lock a cancellation.
const MaxCodeAttempts = 5

// CancelTransition is one row of the cancellation's transition table.
type CancelTransition struct {
	From CancelState
	Step string
	To   CancelState
}

// CancelTransitions lists the cancellation machine (ONB-8).
func CancelTransitions() []CancelTransition {
	return []CancelTransition{
		{0, "start", CancelAwaitingCode},
		{CancelAwaitingCode, "resend_code", CancelAwaitingCode},
		{CancelAwaitingCode, "code_wrong", CancelAwaitingCode},
		{CancelAwaitingCode, "code_wrong", CancelLocked},
		{CancelAwaitingCode, "code_verified", CancelUnderReview},
		{CancelUnderReview, "approved", CancelDone},
		{CancelUnderReview, "rejected", CancelRejected},
		{CancelRejected, "restart", CancelAwaitingCode},
		{CancelLocked, "restart", CancelAwaitingCode},
	}
}

// CancellationRecord is the stored form of a Cancellation. The code is
// kept only as its HMAC-SHA256 under the host's key (Config.CodeKey). An account has one cancellation record:
// its ID is the account id (see StartCancellation), so that a store's
// unique key refuses a second one.
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
	Version     uint64
}

// CancelChange is one entry of a cancellation's history.
type CancelChange struct {
	At       time.Time
	Actor    starmap.Actor
	Step     string
	From, To CancelState
	Note     string
}

// Cancellation is an account cancellation (销户, ONB-8): conditions,
// verification code, platform review.
type Cancellation struct{ r CancellationRecord }

// CancellationFromRecord rebuilds a cancellation from storage.
func CancellationFromRecord(r CancellationRecord) (*Cancellation, error) {
	if err := starmap.ValidateID("cancellation id", r.ID); err != nil || r.ID != r.Account || r.State < CancelAwaitingCode || r.State > CancelLocked ||
		len(r.History) == 0 || r.History[len(r.History)-1].To != r.State {
		return nil, ErrCancellationInvalid.New(problem("存储记录前后矛盾", "incoherent record"))
	}
	r.History = append([]CancelChange(nil), r.History...)
	return &Cancellation{r: r}, nil
}

// Record returns the stored form (a copy).
func (c *Cancellation) Record() CancellationRecord { return c.r.Clone() }

// Clone returns a deep copy of the record.
func (r CancellationRecord) Clone() CancellationRecord {
	r.History = append([]CancelChange(nil), r.History...)
	return r
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

func (c *Cancellation) step(now time.Time, actor starmap.Actor, step string, to CancelState, note string) starmap.Event {
	from := c.r.State
	c.r.State = to
	c.r.History = append(c.r.History, CancelChange{At: now, Actor: actor, Step: step, From: from, To: to, Note: note})
	return starmap.Event{Type: "onboarding.cancellation_" + step, Subject: c.r.ID, Actor: actor, At: now, From: from.String(), To: to.String(), Note: note}
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

// holderRoles may cancel their own account.
var holderRoles = []starmap.Role{starmap.RoleAdvertiser, starmap.RoleCreator, starmap.RoleMCN}

// StartCancellation starts cancelling the holder's account at now, after
// the holder read the conditions (ONB-8): the plan must be for the holder's
// own account — the account id is the holder's actor id —
// (ErrNotAccountHolder otherwise), its refund a whole, non-negative number
// of fen (ErrBalanceInvalid) and nothing may block closing
// (ErrCloseBlocked); the plan is re-checked whoever built it. code is the
// verification code the host sends to the holder (4 to 8 digits), valid
// for validFor; only its HMAC-SHA256 under key, the host's secret of at
// least MinCodeKeyLen bytes, is kept. ResendCode, EnterCode and Restart
// take the same key.
//
// The cancellation's id is the account id: one account has one
// cancellation, which Restart reopens after a rejection or a lock, so a
// store's unique key makes a second concurrent cancellation (and a second
// refund) impossible.
func StartCancellation(now time.Time, holder starmap.Actor, plan ClosePlan, code string, validFor time.Duration, key []byte) (*Cancellation, starmap.Event, error) {
	if err := starmap.RequireRole(holder, holderRoles...); err != nil {
		return nil, starmap.Event{}, err
	}
	if err := checkStart(now, holder, plan, code, validFor, key); err != nil {
		return nil, starmap.Event{}, err
	}
	c := &Cancellation{r: CancellationRecord{ID: plan.Account, Account: plan.Account, Holder: holder}}
	c.arm(key, code, now, validFor, plan.Refund)
	return c, c.step(now, holder, "start", CancelAwaitingCode, "refund "+starmap.FormatCNY(plan.Refund)), nil
}

func checkStart(now time.Time, holder starmap.Actor, plan ClosePlan, code string, validFor time.Duration, key []byte) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if now.IsZero() || validFor <= 0 || !validCode(code) {
		return ErrCancellationInvalid.New(problem("须有操作时间、4至8位数字验证码和正的有效期", "needs a time, a 4–8 digit code and a positive validity"))
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
func (c *Cancellation) Restart(now time.Time, holder starmap.Actor, plan ClosePlan, code string, validFor time.Duration, key []byte) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if err := c.holderOnly(holder); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelRejected && c.r.State != CancelLocked {
		return starmap.Event{}, c.stateErr("restart")
	}
	if err := checkStart(now, holder, plan, code, validFor, key); err != nil {
		return starmap.Event{}, err
	}
	c.arm(key, code, now, validFor, plan.Refund)
	return c.step(now, holder, "restart", CancelAwaitingCode, "refund "+starmap.FormatCNY(plan.Refund)), nil
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

func (c *Cancellation) stateErr(step string) error {
	return ErrCancellationState.New(labelled("state", c.r.State), cancelStep(step))
}

// ResendCode replaces the verification code with a new one valid for
// validFor from now; the wrong tries so far still count.
func (c *Cancellation) ResendCode(now time.Time, holder starmap.Actor, code string, validFor time.Duration, key []byte) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelAwaitingCode {
		return starmap.Event{}, c.stateErr("resend_code")
	}
	if err := c.holderOnly(holder); err != nil {
		return starmap.Event{}, err
	}
	if validFor <= 0 || !validCode(code) || now.IsZero() {
		return starmap.Event{}, ErrCancellationInvalid.New(problem("须有4至8位数字验证码和正的有效期", "needs a 4–8 digit code and a positive validity"))
	}
	if err := checkKey(key); err != nil {
		return starmap.Event{}, err
	}
	c.r.CodeDigest, c.r.CodeExpires = digest(key, code), now.Add(validFor)
	return c.step(now, holder, "resend_code", CancelAwaitingCode, ""), nil
}

// EnterCode checks the verification code the holder typed at now. The
// right code, before it expires, puts the cancellation under review. A
// wrong code is counted — the one refused input that changes the
// cancellation — and returns ErrCodeWrong with the event; the
// MaxCodeAttempts-th locks it. An expired code returns ErrCodeExpired and
// changes nothing. key is the one the code was set with.
func (c *Cancellation) EnterCode(now time.Time, holder starmap.Actor, code string, key []byte) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelAwaitingCode {
		return starmap.Event{}, c.stateErr("enter_code")
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
		return c.step(now, holder, "code_verified", CancelUnderReview, ""), nil
	}
	c.r.Attempts++
	left := MaxCodeAttempts - c.r.Attempts
	to := CancelAwaitingCode
	if left <= 0 {
		left, to = 0, CancelLocked
	}
	return c.step(now, holder, "code_wrong", to, ""), ErrCodeWrong.New(starmap.Arg("left", left))
}

// Approve completes the cancellation (platform review, ONB-8) on the close
// plan read at approval: the plan must be for the cancelled account, and
// it is re-checked — a task started since the code was entered blocks
// (ErrCloseBlocked), the refund must be whole fen and not negative. The
// account is cancelled and the plan's refund, the balance at approval, is
// what is owed to the merchant's account (Refund).
func (c *Cancellation) Approve(now time.Time, reviewer starmap.Actor, plan ClosePlan) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelUnderReview {
		return starmap.Event{}, c.stateErr("approved")
	}
	if plan.Account != c.r.Account {
		return starmap.Event{}, ErrCancellationInvalid.New(problem("关闭方案属于其他账号", "the close plan is for another account"))
	}
	if err := plan.check(); err != nil {
		return starmap.Event{}, err
	}
	c.r.Refund = plan.Refund
	return c.step(now, reviewer, "approved", CancelDone, "refund "+starmap.FormatCNY(c.r.Refund)), nil
}

// Reject refuses the cancellation with a reason (platform review).
func (c *Cancellation) Reject(now time.Time, reviewer starmap.Actor, reason string) (starmap.Event, error) {
	if err := needTime(now); err != nil {
		return starmap.Event{}, err
	}
	if err := starmap.RequireRole(reviewer, starmap.RolePlatform); err != nil {
		return starmap.Event{}, err
	}
	if c.r.State != CancelUnderReview {
		return starmap.Event{}, c.stateErr("rejected")
	}
	if strings.TrimSpace(reason) == "" {
		return starmap.Event{}, ErrCancellationInvalid.New(problem("驳回须说明理由", "a rejection needs a reason"))
	}
	c.r.Reason = reason
	return c.step(now, reviewer, "rejected", CancelRejected, reason), nil
}
