package authz

import (
	"errors"
	"fmt"
	"time"

	"github.com/starmap-go/starmap"
)

// LiveState is the state of a live-session data request (单个直播间数据,
// AUZ-3).
type LiveState uint8

const (
	// LiveNone is no request (the zero LiveRequest).
	LiveNone LiveState = iota
	// LiveDraft: the merchant clicked 解锁更多数据 but has not confirmed the
	// dialog. The creator never sees a draft.
	LiveDraft
	// LivePending: confirmed by the merchant; waiting for the creator
	// (待处理).
	LivePending
	// LiveGranted: the creator granted it; main and sub-accounts of the
	// merchant may see the session's data (AUZ-9).
	LiveGranted
	// LiveDeclined: the creator turned the request down.
	LiveDeclined
	// LiveRevoked: the creator revoked (解除授权) a granted request.
	LiveRevoked
)

var liveNames = names{
	LiveNone:     {"none", "无申请"},
	LiveDraft:    {"draft", "待确认"},
	LivePending:  {"pending", "待处理"},
	LiveGranted:  {"granted", "已授权"},
	LiveDeclined: {"declined", "已拒绝"},
	LiveRevoked:  {"revoked", "已解除授权"},
}

// String names the state: none, draft, pending, granted, declined, revoked.
func (s LiveState) String() string {
	return liveNames.text(uint8(s), starmap.EN, "LiveState", "未知状态")
}

// Label names the state in lang (待确认, 待处理, 已授权, 已拒绝, 已解除授权
// in zh-CN; a draft is 待确认: the requester has not confirmed it yet).
func (s LiveState) Label(lang starmap.Lang) string {
	return liveNames.text(uint8(s), lang, "LiveState", "未知状态")
}

// LiveOp is an operation on a live-session request.
type LiveOp uint8

const (
	// LiveRequestOp: the merchant or agency asks (解锁更多数据); again after
	// a decline or a revocation.
	LiveRequestOp LiveOp = iota + 1
	// LiveConfirmOp: the requester confirms the dialog (确认).
	LiveConfirmOp
	// LiveGrantOp: the creator grants (授权).
	LiveGrantOp
	// LiveDeclineOp: the creator declines.
	LiveDeclineOp
	// LiveRevokeOp: the creator revokes (解除授权).
	LiveRevokeOp
)

var liveOpNames = names{
	LiveRequestOp: {"request", "申请"},
	LiveConfirmOp: {"confirm", "确认"},
	LiveGrantOp:   {"grant", "授权"},
	LiveDeclineOp: {"decline", "拒绝"},
	LiveRevokeOp:  {"revoke", "解除授权"},
}

// String names the operation: request, confirm, grant, decline, revoke.
func (o LiveOp) String() string {
	return liveOpNames.text(uint8(o), starmap.EN, "LiveOp", "未知操作")
}

// Label names the operation in lang (申请, 确认, 授权, 拒绝, 解除授权 in
// zh-CN).
func (o LiveOp) Label(lang starmap.Lang) string {
	return liveOpNames.text(uint8(o), lang, "LiveOp", "未知操作")
}

// LiveTransition is one allowed step of a live-session request: from a
// state, by an operation, to a state, by whom.
type LiveTransition struct {
	From LiveState
	Op   LiveOp
	To   LiveState
	// ByCreator is true for the creator's operations, false for the
	// requester's.
	ByCreator bool
}

var liveTable = []LiveTransition{
	{LiveNone, LiveRequestOp, LiveDraft, false},
	{LiveDeclined, LiveRequestOp, LiveDraft, false},
	{LiveRevoked, LiveRequestOp, LiveDraft, false},
	{LiveDraft, LiveConfirmOp, LivePending, false},
	{LivePending, LiveGrantOp, LiveGranted, true},
	{LivePending, LiveDeclineOp, LiveDeclined, true},
	{LiveGranted, LiveRevokeOp, LiveRevoked, true},
}

// LiveTransitions lists every allowed step (AUZ-3), for documentation and
// diagrams.
func LiveTransitions() []LiveTransition { return append([]LiveTransition(nil), liveTable...) }

func liveStep(from LiveState, op LiveOp) (LiveTransition, bool) {
	for _, t := range liveTable {
		if t.From == from && t.Op == op {
			return t, true
		}
	}
	return LiveTransition{}, false
}

// LiveChange is one entry of a request's history.
type LiveChange struct {
	Op       LiveOp
	By       starmap.Actor
	At       time.Time
	From, To LiveState
	Note     string
}

// LiveRequest is a live-session data request and, once granted, the grant
// (AUZ-3): one creator, one session, one merchant or agency. A live-session
// grant has no validity period in the seed: it holds from the creator's
// grant until a revocation. It changes only through NewLiveRequest and its
// methods, which change the request they are called on and return the
// event; a refused call leaves it as it was. Like Grant, a copy is a
// request of its own.
type LiveRequest struct {
	key     LiveKey
	state   LiveState
	history []LiveChange
	version uint64
}

// Key returns the request's creator, session and requester.
func (r LiveRequest) Key() LiveKey { return r.key }

// State returns the request's state.
func (r LiveRequest) State() LiveState { return r.state }

// Version returns the stored version it was loaded at (0 if new); its
// methods keep it, as Grant.Version explains.
func (r LiveRequest) Version() uint64 { return r.version }

// History returns a copy of the history, oldest first.
func (r LiveRequest) History() []LiveChange { return append([]LiveChange(nil), r.history...) }

// ConfirmedAt is when the pending request was last confirmed (zero if never).
func (r LiveRequest) ConfirmedAt() time.Time {
	for i := len(r.history) - 1; i >= 0; i-- {
		if r.history[i].Op == LiveConfirmOp {
			return r.history[i].At
		}
	}
	return time.Time{}
}

// NewLiveRequest is a merchant's (main or sub-account) or agency's click on
// 解锁更多数据 for a creator's live session: a draft, invisible to the
// creator until Confirm.
//
// The event it returns (authz.live.request) is for the requester's side
// and the audit trail only: a host must not turn it into a notification to
// the creator, who must not learn of a draft (AUZ-3). The creator-facing
// event is authz.live.confirm.
func NewLiveRequest(by starmap.Actor, now time.Time, creator, session string) (LiveRequest, starmap.Event, error) {
	if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RoleMCN); err != nil {
		return LiveRequest{}, starmap.Event{}, err
	}
	p, _ := PartyOf(by)
	r := LiveRequest{key: LiveKey{Creator: creator, Session: session, Grantee: p}}
	if err := r.key.Validate(); err != nil {
		return LiveRequest{}, starmap.Event{}, err
	}
	ev, err := r.step(by, now, LiveRequestOp, "")
	if err != nil {
		return LiveRequest{}, starmap.Event{}, err
	}
	return r, ev, nil
}

// Rerequest asks again after a decline or a revocation (back to a draft).
func (r *LiveRequest) Rerequest(by starmap.Actor, now time.Time) (starmap.Event, error) {
	return r.step(by, now, LiveRequestOp, "")
}

// Confirm is the requester's 确认 in the dialog: the request now reaches the
// creator.
func (r *LiveRequest) Confirm(by starmap.Actor, now time.Time) (starmap.Event, error) {
	return r.step(by, now, LiveConfirmOp, "")
}

// Grant is the creator's 授权 of a pending request, with a note.
func (r *LiveRequest) Grant(by starmap.Actor, now time.Time, note string) (starmap.Event, error) {
	return r.step(by, now, LiveGrantOp, note)
}

// Decline is the creator's refusal of a pending request, with a note.
func (r *LiveRequest) Decline(by starmap.Actor, now time.Time, note string) (starmap.Event, error) {
	return r.step(by, now, LiveDeclineOp, note)
}

// Revoke is the creator's 解除授权 of a granted request, with a note.
func (r *LiveRequest) Revoke(by starmap.Actor, now time.Time, note string) (starmap.Event, error) {
	return r.step(by, now, LiveRevokeOp, note)
}

func (r *LiveRequest) step(by starmap.Actor, now time.Time, op LiveOp, note string) (starmap.Event, error) {
	if r == nil {
		return starmap.Event{}, ErrRecordInvalid.New(starmap.LabeledArg("problem", "申请不存在(空指针)", "no such request (nil)"))
	}
	t, ok := liveStep(r.state, op)
	var errs []error
	creatorOp := op == LiveGrantOp || op == LiveDeclineOp || op == LiveRevokeOp
	if creatorOp {
		if err := requireOwner(by, r.key.Creator); err != nil {
			errs = append(errs, err)
		}
	} else if err := starmap.RequireRole(by, starmap.RoleAdvertiser, starmap.RoleAdvertiserSub, starmap.RoleMCN); err != nil {
		errs = append(errs, err)
	} else if p, _ := PartyOf(by); p != r.key.Grantee {
		errs = append(errs, ErrLiveNotRequester.New(actorParam(by)))
	}
	if !ok {
		if op == LiveRequestOp {
			errs = append(errs, ErrLiveRequestOpen.New(starmap.LabeledArg("state", r.state.Label(starmap.ZH), r.state.String())))
		} else {
			errs = append(errs, ErrLiveTransition.New(starmap.LabeledArg("state", r.state.Label(starmap.ZH), r.state.String()),
				starmap.LabeledArg("op", op.Label(starmap.ZH), op.String())))
		}
	}
	errs = appendNoteErr(errs, note)
	if len(errs) > 0 {
		return starmap.Event{}, errors.Join(errs...)
	}
	from := r.state
	history := append(append(make([]LiveChange, 0, len(r.history)+1), r.history...),
		LiveChange{Op: op, By: by, At: now, From: from, To: t.To, Note: note})
	r.state, r.history = t.To, history
	return starmap.Event{Type: "authz.live." + op.String(), Subject: r.key.String(), Actor: by, At: now,
		From: from.String(), To: t.To.String(), Note: note}, nil
}

// LiveRecord is the stored form of a LiveRequest.
type LiveRecord struct {
	Key     LiveKey
	State   LiveState
	History []LiveChange
	Version uint64
}

// Clone returns a deep copy.
func (r LiveRecord) Clone() LiveRecord {
	r.History = append([]LiveChange(nil), r.History...)
	return r
}

// Record returns the request's stored form.
func (r LiveRequest) Record() LiveRecord {
	return LiveRecord{Key: r.key, State: r.state, History: r.History(), Version: r.version}
}

// LiveFromRecord rebuilds a LiveRequest, refusing a record whose history
// does not lead to its state through allowed steps (ErrRecordInvalid).
func LiveFromRecord(rec LiveRecord) (LiveRequest, error) {
	if err := rec.Key.Validate(); err != nil {
		return LiveRequest{}, ErrRecordInvalid.Wrap(err, starmap.LabeledArg("problem", "主键无效", "key"))
	}
	st := LiveNone
	for i, c := range rec.History {
		t, ok := liveStep(st, c.Op)
		if !ok || c.From != st || c.To != t.To {
			return LiveRequest{}, ErrRecordInvalid.New(starmap.LabeledArg("problem",
				fmt.Sprintf("第%d条变更记录不是允许的步骤", i+1), fmt.Sprintf("history entry %d is not an allowed step", i)))
		}
		st = t.To
	}
	if st != rec.State || st == LiveNone {
		return LiveRequest{}, ErrRecordInvalid.New(starmap.LabeledArg("problem", "状态与变更记录不符", "state does not match history"))
	}
	c := rec.Clone()
	return LiveRequest{key: c.Key, state: c.State, history: c.History, version: c.Version}, nil
}

// WithVersion is the request as stored at version v: call it with the
// version CreateLive or UpdateLive returned for it (see Grant.WithVersion).
func (r LiveRequest) WithVersion(v uint64) LiveRequest { r.version = v; return r }
