package mcn

import (
	"errors"
	"time"

	"github.com/starmap-go/starmap"
)

// InForce returns the terms of creator's signing in force at t (Signing
// says when a signing is in force), and false when none is: the creator
// acts alone at t. signings may hold other creators' signings; they are
// skipped. Under the default policy at most one signing of a creator is in
// force at any instant; under Policy.ManyActive several non-exclusive ones
// may be, and InForce answers with the one accepted first (then the
// smallest id), so that the answer does not depend on the order given.
//
// A signing keeps answering for the instants it was in force after it has
// ended: InForce at the instant a task was ordered gives the terms of that
// ordering, whenever it is asked.
func InForce(t time.Time, signings []Signing, creator string) (Terms, bool) {
	var best *Signing
	for i := range signings {
		s := &signings[i]
		if s.Creator != creator || !s.InForce(t) {
			continue
		}
		if best == nil || s.AcceptedAt.Before(best.AcceptedAt) || s.AcceptedAt.Equal(best.AcceptedAt) && s.ID < best.ID {
			best = s
		}
	}
	if best == nil {
		return Terms{}, false
	}
	return best.Terms(), true
}

// InForceWith is InForce for one MCN: the terms of the MCN's signing with
// the creator in force at t (the one accepted first, then the smallest id),
// when there is one. Under Policy.ManyActive a creator may hold several
// signings in force at once; this answers for the one a given MCN holds.
func InForceWith(t time.Time, signings []Signing, creator, mcnID string) (Terms, bool) {
	var mine []Signing
	for _, s := range signings {
		if s.MCN == mcnID {
			mine = append(mine, s)
		}
	}
	return InForce(t, mine, creator)
}

// MayActFor is the check of MCN-2 and X-7 that a host, or package task,
// makes before an MCN claims or accepts a task, or does anything else, on
// a creator's behalf: nil when a signing of the MCN with the creator is in
// force at at, otherwise a coded refusal of kind starmap.ErrForbidden that
// says why:
//
//   - ErrNotSigned: the creator has no signing with the MCN at all;
//   - ErrSigningNotStarted: an active signing whose term begins later;
//   - ErrSigningExpired: the term of the MCN's signing is over (it expired,
//     or is still active past its end until the sweep records it);
//   - ErrSigningNotActive: the MCN's latest signing with the creator is
//     proposed, declined, withdrawn, lapsed or ended by a party.
//
// When several signings explain the refusal, the first of that list that
// applies is given. Malformed ids are starmap.ErrIDInvalid.
func MayActFor(at time.Time, signings []Signing, mcnID, creatorID string) error {
	if err := errors.Join(starmap.ValidateID("mcn id", mcnID), starmap.ValidateID("creator id", creatorID)); err != nil {
		return err
	}
	var (
		notStarted, expired, latest *Signing
		today                       = starmap.DateOf(at)
	)
	for i := range signings {
		s := &signings[i]
		if s.MCN != mcnID || s.Creator != creatorID {
			continue
		}
		if s.InForce(at) {
			return nil
		}
		switch {
		case s.State == StateActive && today.Before(s.Start) || s.State == StateActive && at.Before(s.AcceptedAt):
			if notStarted == nil {
				notStarted = s
			}
		case (s.State == StateActive || s.State == StateEnded && s.ClosedBy == ActionExpire) && s.End.Before(today):
			if expired == nil || s.End.After(expired.End) {
				expired = s
			}
		}
		if latest == nil || !s.ProposedAt.Before(latest.ProposedAt) {
			latest = s
		}
	}
	ids := []starmap.Param{starmap.Arg("mcn", mcnID), starmap.Arg("creator", creatorID)}
	switch {
	case latest == nil:
		return ErrNotSigned.New(ids...)
	case notStarted != nil:
		return ErrSigningNotStarted.New(append(ids, starmap.Arg("signing", notStarted.ID), starmap.Arg("start", notStarted.Start))...)
	case expired != nil:
		return ErrSigningExpired.New(append(ids, starmap.Arg("signing", expired.ID), starmap.Arg("end", expired.End))...)
	}
	return ErrSigningNotActive.New(append(ids, starmap.Arg("signing", latest.ID), stateParam(latest.State))...)
}
