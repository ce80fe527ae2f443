package data

// HolidayEntry is a branch's own entry for one date: a day off, or a
// working day swapped onto a weekend (调休).
type HolidayEntry struct {
	Date string `json:"date"` // 2006-01-02
	Off  bool   `json:"off"`
	Name string `json:"name,omitempty"`
}
