package station

import "github.com/rekam-id/rekam/app/enroll"

// Provisioning describes a provisioning request against the station as it is.
type Provisioning struct {
	Provisioned bool   // the station already has a bundle (station.json)
	Encrypted   bool   // the store has accounts and a data key
	OldStation  string // the provisioned station ID, "" when none
	NewStation  string // the bundle's station ID
	SameCentre  bool   // the bundle names the same server URL, recipient and CA
	Queued      int    // packets sealed and not yet acknowledged by the centre
}

// ProvisionAction returns the action a provisioning request is: the first provisioning
// of a new, empty station needs no session; anything else is a re-provisioning.
func ProvisionAction(p Provisioning) Action {
	if !p.Provisioned && !p.Encrypted {
		return ActionFirstProvision
	}
	return ActionReprovision
}

// CheckProvisioning returns nil when the request may proceed. A station keeps its ID;
// a new centre is refused while packets sealed to the old one are queued (they would be
// rejected by the new centre and lost to the old): send or export them first. Errors:
// KindConflict.
func CheckProvisioning(p Provisioning) error {
	const op = "provision"
	if p.OldStation != "" && p.OldStation != p.NewStation {
		return enroll.Errorf(op, enroll.KindConflict,
			"this data directory belongs to station %s; refusing to re-provision it as %s", p.OldStation, p.NewStation)
	}
	if p.Provisioned && !p.SameCentre && p.Queued > 0 {
		return enroll.Errorf(op, enroll.KindConflict,
			"%d packets sealed to the current centre are still queued: sync them (rekam sync --once) or carry them with rekam export before changing the centre", p.Queued)
	}
	return nil
}
