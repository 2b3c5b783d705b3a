package card

import "time"

// PlatformView is a card as the platform's jobs see it — the account
// sync and the privacy-number service (CRD-1, CRD-3): its identity and
// version, the synced basic information, whether a real number is filled
// and the virtual number with the creator's switch, but never the real
// number itself (CRD-3: "填写的手机号仅对自己可见"). Service.Sync,
// Service.AssignVirtualNumber and Service.PlatformCard return it;
// Service.ForwardingTarget is the narrow way to the number a virtual
// number forwards to.
type PlatformView struct {
	CreatorID string    `json:"creator_id"`
	Version   uint64    `json:"version"`
	Basic     Basic     `json:"basic"`
	SyncedAt  time.Time `json:"synced_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// PhoneFilled reports whether the creator filled a real number, for
	// a virtual number to forward to.
	PhoneFilled bool `json:"phone_filled"`
	// VirtualNumber is the platform's number, "" if none is assigned;
	// VirtualNumberShown the creator's switch.
	VirtualNumber      string `json:"virtual_number,omitempty"`
	VirtualNumberShown bool   `json:"virtual_number_shown"`
	// Completeness is the card's completeness figure (CRD-6).
	Completeness int `json:"completeness"`
}

// PlatformView returns the card as the platform's jobs see it, without
// the real number.
func (c *Card) PlatformView() PlatformView {
	return PlatformView{
		CreatorID: c.creatorID, Version: c.version, Basic: c.basic, SyncedAt: c.syncedAt, UpdatedAt: c.updatedAt,
		PhoneFilled: c.contacts[Phone] != "", VirtualNumber: c.virtual, VirtualNumberShown: c.showVirtual,
		Completeness: c.Completeness(),
	}
}
