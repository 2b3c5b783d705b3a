package mcn

// Policy holds the signing rules a host may switch (MCN-1). Its zero value
// is the default: at most one active signing per creator, and proposals
// that do not block one another.
//
// The seeds imply one MCN per creator — a creator "signs with an MCN" and
// becomes an MCN签约达人 (seed 000); the MCN "coordinates its creators" in
// commercial projects (seed 001) — but no platform page states the rule,
// so it is a switch here, on unless a host turns it off.
type Policy struct {
	// ManyActive lifts the default rule that a creator has at most one
	// active signing. With it, a creator may hold several active
	// signings whose terms overlap as long as none of them is exclusive:
	// an exclusive signing never shares a day with another active one.
	ManyActive bool
	// BlockOverlappingProposals refuses a proposal whose term overlaps an
	// open proposal of the same creator (the first proposal holds the
	// days). Off by default: otherwise one MCN's proposal would keep every
	// other MCN from making the creator an offer until it is answered, and
	// the creator chooses by accepting one anyway.
	BlockOverlappingProposals bool
}

// DefaultPolicy is the zero Policy: one active signing per creator,
// proposals free to overlap one another.
func DefaultPolicy() Policy { return Policy{} }

// OneActive reports whether a creator may hold at most one active signing.
func (p Policy) OneActive() bool { return !p.ManyActive }

// apart reports whether two signings with these exclusivity flags must not
// share a day under the policy.
func (p Policy) apart(exclusiveA, exclusiveB bool) bool {
	return p.OneActive() || exclusiveA || exclusiveB
}
