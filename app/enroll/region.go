package enroll

import "strings"

// Level is a level of the Kemendagri region hierarchy.
type Level int

// Region levels, from the code length: PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD.
const (
	LevelProvince Level = 1
	LevelRegency  Level = 2
	LevelDistrict Level = 3 // kecamatan
	LevelVillage  Level = 4 // desa (2xxx) or kelurahan (1xxx)
)

// Region is one entry of the region master data. Codes are stored without dots.
type Region struct {
	Code   string `json:"code"`   // e.g. "3313092001"
	Parent string `json:"parent"` // "" for provinces
	Level  Level  `json:"level"`
	Name   string `json:"name"`
	Postal string `json:"postal,omitempty"`
}

// NormalizeRegionCode removes the dots of a dotted code ("33.13.09.2001" → "3313092001").
func NormalizeRegionCode(code string) string {
	return strings.ReplaceAll(strings.TrimSpace(code), ".", "")
}

// RegionLevel returns the level of a code without dots, or 0 when the length fits none.
func RegionLevel(code string) Level {
	switch len(code) {
	case 2:
		return LevelProvince
	case 4:
		return LevelRegency
	case 6:
		return LevelDistrict
	case 10:
		return LevelVillage
	}
	return 0
}

// RegionParent returns the parent code of a code without dots ("" for a province).
func RegionParent(code string) string {
	switch len(code) {
	case 4:
		return code[:2]
	case 6:
		return code[:4]
	case 10:
		return code[:6]
	}
	return ""
}

// IsKelurahan reports whether a village code is a kelurahan (suffix 1xxx) rather than a
// desa (2xxx).
func IsKelurahan(code string) bool { return len(code) == 10 && code[6] == '1' }
