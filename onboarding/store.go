package onboarding

import (
	"context"

	"github.com/starmap-go/starmap"
)

// Store persists the two record kinds of the package: applications
// (ApplicationRecord, keyed by ID) and account cancellations
// (CancellationRecord, keyed by ID, which is the account id). Both keep
// the root package's one store contract: Get returns the record with its
// stored version or an error matching starmap.ErrNotFound; Create stores
// version 1 whatever version it is given and refuses an existing key with
// an error matching starmap.ErrConflict (also when two creates race: one
// account, one cancellation, one refund); Update writes only if the stored
// version is still the record's Version, stores version+1 and returns it,
// and fails with starmap.ErrConflict on a stale version or
// starmap.ErrNotFound for a missing key, writing nothing; List pages with
// starmap.PageRequest (the one paging rule) and a keyset cursor over the
// documented total order. Stores never apply rules and never share memory
// with callers. onboardingtest.TestStore checks all of this;
// memstore.OnboardingStore implements it.
type Store interface {
	GetApplication(ctx context.Context, id string) (ApplicationRecord, error)
	CreateApplication(ctx context.Context, r ApplicationRecord) (uint64, error)
	UpdateApplication(ctx context.Context, r ApplicationRecord) (uint64, error)
	// ListApplications returns a page of the records q selects, in the
	// order of SubmittedAt (the instant), then ID (byte order). The
	// cursor of the next page is starmap.EncodeCursor of the last
	// record's SubmittedAt.Unix() and SubmittedAt.Nanosecond() in
	// decimal, and its ID; the next page starts strictly after that
	// position, so records written before it do not shift it.
	ListApplications(ctx context.Context, q ApplicationQuery) (starmap.Page[ApplicationRecord], error)

	GetCancellation(ctx context.Context, id string) (CancellationRecord, error)
	CreateCancellation(ctx context.Context, r CancellationRecord) (uint64, error)
	UpdateCancellation(ctx context.Context, r CancellationRecord) (uint64, error)
	// ListCancellations returns a page of the records q selects, ordered
	// by ID (byte order); the cursor of the next page is
	// starmap.EncodeCursor of the last record's ID.
	ListCancellations(ctx context.Context, q CancellationQuery) (starmap.Page[CancellationRecord], error)
}

// ApplicationQuery selects applications to list; zero fields select all.
type ApplicationQuery struct {
	State   State
	Kind    Kind
	Subject string
	// DeadlineBefore, when set, selects the applications whose opening
	// deadline is set and falls strictly before that day (with State
	// StateApproved: the overdue ones, ONB-5).
	DeadlineBefore starmap.Date
	Page           starmap.PageRequest
}

// CancellationQuery selects cancellations to list; a zero State selects
// all.
type CancellationQuery struct {
	State CancelState
	Page  starmap.PageRequest
}

// validate checks the query's values (the store checks the page).
func (q ApplicationQuery) validate() error {
	if q.State > StateOpened {
		return ErrQueryInvalid.New(problem("申请状态未知("+q.State.Label(starmap.ZH)+")", "unknown state "+q.State.String()))
	}
	if q.Kind > KindMerchant {
		return ErrQueryInvalid.New(problem("申请类型未知("+q.Kind.Label(starmap.ZH)+")", "unknown kind "+q.Kind.String()))
	}
	if q.Subject != "" {
		if err := starmap.ValidateID("subject", q.Subject); err != nil {
			return ErrQueryInvalid.New(idProblem("申请对象编号", err))
		}
	}
	return q.Page.Validate()
}

func (q CancellationQuery) validate() error {
	if q.State > CancelLocked {
		return ErrQueryInvalid.New(problem("销户状态未知("+q.State.Label(starmap.ZH)+")", "unknown state "+q.State.String()))
	}
	return q.Page.Validate()
}

// applications and cancellations are the store's operations on each kind
// in the shape starmap.Change takes; create says whether the operation may
// create the record (Submit, StartCancellation) or only changes one that
// exists (every other step: a missing record is the store's not-found).
func applications(s Store, create bool) starmap.Access[string, ApplicationRecord] {
	a := starmap.Access[string, ApplicationRecord]{Get: s.GetApplication, Update: s.UpdateApplication}
	if create {
		a.Create = s.CreateApplication
	}
	return a
}

func cancellations(s Store, create bool) starmap.Access[string, CancellationRecord] {
	a := starmap.Access[string, CancellationRecord]{Get: s.GetCancellation, Update: s.UpdateCancellation}
	if create {
		a.Create = s.CreateCancellation
	}
	return a
}
