package task

import (
	"time"

	"context"
	"github.com/starmap-go/starmap/mcn"

	"github.com/starmap-go/starmap"
)

// MountedComponent is the snapshot of a mini-program component mounted on a
// task at ordering time (CMP-3, CMP-4): what the task detail shows after
// acceptance, whatever later happens to the component in the library.
type MountedComponent struct {
	// ID is the component's id in the advertiser's component library.
	ID string
	// Title is the component's title as shown on the video or live stream.
	Title string
	// AppID is the Douyin mini-program the component opens.
	AppID string
}

// MountChecker checks, when a task is ordered, that every component the
// advertiser wants mounted may be mounted on a task of that format (CMP-3).
// Package component supplies the implementation; hosts wire it into the
// task Service. Ordering calls it before anything is stored, and a refusal
// refuses the whole order.
type MountChecker interface {
	// CheckMount returns a snapshot of each component, in the order given,
	// when every one of them is mountable on a task of format ordered by
	// advertiser; otherwise an error that joins one coded error per refused
	// component (errors.Is matches each rule broken). It changes nothing.
	CheckMount(ctx context.Context, advertiser string, format starmap.Format, componentIDs []string) ([]MountedComponent, error)
}

// SigningLookup tells which MCN a creator is signed to ("" when
// independent); the host implements it from its signing records, or takes
// *mcn.Service. A Service configured WithSigningLookup asks it when a
// creator claims an open task.
type SigningLookup interface {
	// SignedMCN returns the id of the MCN creator is signed to, "" if
	// none, or an error when the lookup failed.
	SignedMCN(ctx context.Context, creatorID string) (string, error)
}

// TermsLookup answers the MCN signing in force for a creator at an instant
// (MCN-2): *mcn.Service implements it. A Service configured
// WithSigningTerms asks it at ordering and at a claim, keeps the signing
// and its share with the task (TSK-5), and lets an MCN act for a creator
// only while it holds the signing in force.
type TermsLookup interface {
	// TermsAt: the signing in force for the creator (the one the creator
	// is represented by when an order or claim names no MCN).
	TermsAt(ctx context.Context, creatorID string, at time.Time) (mcn.Terms, bool, error)
	// TermsOf: the signing mcnID holds with the creator in force at at —
	// under a policy of several active signings, each MCN answers for its
	// own.
	TermsOf(ctx context.Context, creatorID, mcnID string, at time.Time) (mcn.Terms, bool, error)
}
