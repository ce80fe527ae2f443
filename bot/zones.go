package bot

import (
	"branchbot/data"
	"time"
)

// zone is the branch's time zone.
func (b *Bot) zone(br data.Branch) *time.Location {
	if br.Settings.TZ == "" {
		return b.cfg.Location
	}
	// LoadLocation reads the zone database on every call; a branch's zone
	// is wanted on every button press.
	if loc, ok := b.zones.Load(br.Settings.TZ); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(br.Settings.TZ)
	if err != nil {
		return b.cfg.Location
	}
	b.zones.Store(br.Settings.TZ, loc)
	return loc
}

// memberZone is the zone of the sender's branch, or the default.
func (b *Bot) memberZone(r *request) *time.Location {
	if r.Member != nil {
		if br, err := b.store.Branch(r.Member.BranchID); err == nil {
			return b.zone(br)
		}
	}
	return b.cfg.Location
}
