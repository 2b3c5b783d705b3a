// Package campaign is the campaign (项目) of the starmap SDK: an
// advertiser's budget for a group of tasks, with an objective, KPI
// targets, an optional pilot phase, and the reservations the tasks ordered
// in it hold (SPEC §7 CAM-1; seed 001 lists 项目汇总 among the platform's
// functions, seed 003 asks for 小规模试点 before a budget grows). This
// package is the budget; the settlement models of STL-1 live in package
// task (which reserves through OrderIn and ends reservations with End,
// task.WithCampaigns), and the dashboards of CAM-2 in package dashboard.
//
// # The campaign (CAM-1)
//
// An advertiser's main account creates a campaign (New, Service.Create)
// with an id, a name, an objective — exposure, favourites, add-to-cart or
// purchase (曝光、收藏、加购、购买, the four of a task template) — optional
// KPI targets, one per Metric (counts, GMV, conversion rate, CPM, CPE,
// ROI, CPI: see Metric for their definitions and bounds), and a budget in
// yuan, more than zero (every amount through starmap.CheckAmount: 15
// digits, whole fen). It is active until it is closed; a closed campaign
// takes no new order, but the tasks already ordered in it still release
// and settle what they hold, so that no money is stranded. The
// budget can be raised or lowered (SetBudget), never below what is already
// reserved and spent.
//
// # Pilots (seed 003 小规模试点)
//
// Seed 003:
// 「小规模试点:对初次合作选择1-2名高度匹配的达人做试点,验证转化路径与预算效率,再扩展」
// and 「对新品设立试点预算,观察首轮表现再扩张」. A campaign
// created as a pilot carries a pilot budget, more than zero and at most
// the campaign's budget. Decided here, since the seed does not say what a
// pilot limits: until the advertiser graduates it (Graduate — its main
// account's recorded decision, an event and a history entry, never
// undone), the campaign's orders may reserve only from the pilot budget:
// available = pilot budget − reserved − spent, and an order past it is
// ErrPilotBudgetExceeded, which says how much of the pilot budget is left.
// After graduation the whole budget is available. The seed's "1-2
// creators" is not enforced: a reservation does not name the creator, and
// the pilot budget is what bounds the risk; a host that wants a creator
// count checks it when it orders. The budget cannot be lowered below the
// pilot budget during the pilot phase.
//
// # Reservations and money (CAM-1, X-4)
//
// Ordering a task inside a campaign reserves the order's price + fee (what
// the task freezes, TSK-5) from the budget, keyed by the task id
// (Reserve). Past what is available the order is refused with
// ErrBudgetExceeded, whose message says how much is left, in both
// languages. A task reserves once per campaign: repeating the identical
// reservation while it is held changes nothing and succeeds (a host's
// retry after a lost answer is safe); another amount, or a reservation
// that has ended, is ErrReservationExists — an order whose creation failed
// is placed again under a new task id. Then:
//
//   - Release gives back part or all of what a task holds: the task was
//     cancelled, declined, expired or refunded (a partial refund releases
//     part);
//   - Settle turns part or all of it into spent: the task was paid out;
//   - End does both in one write when a task ends: it settles what the
//     task paid out and releases the rest, and a repeat moves nothing
//     (ErrReservationEnded) — the one call a task service needs at a
//     task's end;
//   - Void gives back the whole of an untouched reservation whose task was
//     never created (OrderIn's compensation, Reconcile).
//
// Each reservation keeps Amount = Held + Spent + Released to the fen, and
// the campaign budget = remaining + reserved + spent, with remaining never
// negative. No rounding happens here: every amount enters in whole fen and
// is only added and subtracted. A release or settlement more than the task
// holds is ErrReservationInsufficient; each reservation takes at most
// MaxPartialMoves movements that leave something held (the one that ends
// it is always taken), and a campaign at most MaxReservations tasks.
//
// Releases and settlements are not idempotent by themselves: each moves
// money again, bounded by what the task holds. A task service therefore
// calls End when a task ends (a repeat is refused, not applied twice),
// after — or, on a database, in the same transaction as — the task's own
// write; Release and Settle are for what happens in between (a partial
// refund while the task goes on).
//
// # Two aggregates, one order
//
// The campaign and the task are two aggregates in two records; an order
// in a campaign writes both. The campaign is the consistency boundary of
// the budget: its reservations live inside its record, so every
// reservation is decided by one compare-and-swap against everything else
// reserved, and 32 concurrent orders never exceed the budget (exactly
// floor(budget / amount) of equal ones win when the retries suffice;
// campaigntest checks it on any store). OrderIn runs "reserve, then create
// the task" in one of two ways:
//
//   - Compensation (memstore, any store without transactions): reserve,
//     call create, and void the reservation if create fails (or panics),
//     returning both errors if the void fails too. A crash between the
//     two writes leaves a held, untouched reservation with no task.
//     Orphans lists them — held, untouched, older than the orphan age
//     (WithOrphanAge, default 15 minutes, so an order still in flight is
//     never taken for one) and whose task the host's TaskExists says is
//     not stored — and Reconcile voids them in one write. A host runs
//     Reconcile from a periodic job.
//   - One transaction (a database store): WithTransactor gives the
//     service the host's way to run a function in a transaction whose
//     handle travels in the context (pgstore.InTx, once bound to a pool,
//     has the shape). The reservation and create then run in it — both
//     stores read the transaction from the context — and a failed create
//     rolls both back: no compensation, no orphan. pgstore.NewCampaignStore
//     and pgstore.NewTaskStore both run in the transaction the context
//     carries (TestOrderInOneTransaction proves it on a real server).
//
// # Actors
//
// The table (Edges, Mermaid) names who may do what. Budget decisions —
// create, the budget, the targets, graduating a pilot — are the
// advertiser's main account's alone (as the main account alone sees
// all-sales data, AUZ-9). Orders, and so reservations, come from the main
// account or its sub-accounts, as in the task package (TSK-1). Releases,
// settlements and voids follow the end of a task, which the platform's
// jobs also bring about (expiry, automatic acceptance): the advertiser's
// accounts and the platform may issue them. Closing is the main account's
// or the platform's (an account that leaves, ONB-8). A creator or an MCN
// never acts on a campaign (ErrActorNotAllowed wrapping
// starmap.ErrActorRole): when the creator side causes a movement (a
// decline, a withdrawal), the task service issues it as the platform.
// Another advertiser is ErrNotOwner. The main account, its sub-accounts
// and the platform may read a campaign and list campaigns (an advertiser
// sees its own only). This diagram is Mermaid's output (a test keeps it
// so):
//
//	stateDiagram-v2
//	    [*] --> active: create [owner]
//	    active --> active: set-budget [owner]
//	    active --> active: set-targets [owner]
//	    active --> active: graduate [owner]
//	    active --> active: reserve [owner|sub-account]
//	    active --> active: release [owner|sub-account|platform]
//	    active --> active: settle [owner|sub-account|platform]
//	    active --> active: void [owner|sub-account|platform]
//	    active --> closed: close [owner|platform]
//	    closed --> closed: release [owner|sub-account|platform]
//	    closed --> closed: settle [owner|sub-account|platform]
//	    closed --> closed: void [owner|sub-account|platform]
//	    closed --> [*]
//
// # Events and history
//
// Every change appends an Entry to the campaign's history — when, who, the
// command, the state before and after, and for a movement the task and the
// amount — and yields a starmap.Event typed "campaign." + the command
// (campaign.reserve, campaign.settle …) with the campaign as Subject and
// its states as From and To. The amounts a host posts to its ledger are in
// the campaign the method returns (Reservation(task), History).
//
// # Store
//
// Store is the one store contract of the root package (Get, Create,
// Update, List). List pages newest first — CreatedAt descending, then id
// descending — with keyset cursors (Position.Cursor) and filters by
// advertiser, state and pilot phase (Query). Query.Match, ListLess and
// ParseCursor are there for store implementations. A campaign's record
// grows with its tasks (every reservation and movement is in it); the
// limits above keep it bounded, and each command copies it, so a
// reservation costs time in proportion to the campaign's size (see the
// benchmarks). A database store need not write the whole record each
// time: it may keep the reservations and the history in child rows and
// write those that changed, in one transaction with the campaign row's
// version check.
//
// # Service
//
// NewService(store, clock, opts...) with these options:
//
//	WithRetry(starmap.Retry)   load → decide → write attempts (default starmap.DefaultAttempts)
//	WithTransactor(Transactor) run OrderIn in one host transaction (default: compensate)
//	WithOrphanAge(d)           age before an untouched reservation can be an orphan (default 15m)
//
// A zero Service answers starmap.ErrServiceNotReady from every method.
//
// # Errors
//
// Every rule has a sentinel in errors.go with a stable code and zh-CN and
// English messages: ErrBudgetExceeded (campaign.budget.exceeded) and
// ErrPilotBudgetExceeded (campaign.pilot.budget_exceeded) say how much is
// left; ErrReservationExists, ErrReservationNotFound,
// ErrReservationInsufficient, ErrReservationEnded and ErrVoidAfterMovement
// guard the movements;
// ErrNotAllowedInState, ErrActorNotAllowed, ErrNotOwner and
// ErrUnknownCommand the machine and its actors; ErrNameRequired, ErrObjectiveInvalid, ErrBudgetInvalid,
// ErrPilotBudgetInvalid, ErrPilotBudgetWithoutPilot, ErrTargetInvalid,
// ErrTargetDuplicate, ErrTooManyTargets, ErrAmountInvalid,
// ErrBudgetBelowCommitted, ErrNotInPilot and ErrLimitReached the inputs;
// ErrCompensationFailed, ErrCreateMissing and ErrExistsMissing the order
// and reconciliation; ErrRecordInvalid a stored record FromRecord refuses;
// ErrQueryInvalid and ErrOptionInvalid a query or an option. Input checks
// report every problem at once (errors.Join).
package campaign
