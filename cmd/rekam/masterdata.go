package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/store/sqlite"
	"github.com/rekam-id/rekam/sync/remote"
)

// masterDataKey is the settings key of the master data version the station applied.
const masterDataKey = "masterdata.version"

// masterData is the document the centre serves at /v1/masterdata (sync/afis.MasterData).
type masterData struct {
	Version   string            `json:"version"`
	Checklist *enroll.Checklist `json:"checklist,omitempty"`
	Regions   []enroll.Region   `json:"regions,omitempty"`
}

// pullMasterData fetches the centre's master data when its version differs from the one
// applied here, and applies it: regions (atomically, as an import) and the requirement
// checklist. It returns the version now in force ("" when the centre has none).
func pullMasterData(ctx context.Context, st *sqlite.Store, cl *remote.Client) (string, error) {
	have, err := st.Setting(ctx, masterDataKey)
	if err != nil {
		return "", err
	}
	raw, err := cl.MasterData(ctx, have)
	if err != nil || raw == nil {
		return have, err
	}
	var md masterData
	if err := json.Unmarshal(raw, &md); err != nil {
		return have, enroll.E("apply master data", enroll.KindInvalid, err)
	}
	if md.Version == "" || md.Version == have {
		return have, nil
	}
	if md.Checklist != nil {
		if err := md.Checklist.Check(); err != nil {
			return have, err
		}
	}
	if len(md.Regions) > 0 {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"kode", "kode_induk", "tingkat", "nama", "kodepos"})
		for _, r := range md.Regions {
			w.Write([]string{dotted(r.Code), dotted(r.Parent), levelWord(r), r.Name, r.Postal})
		}
		w.Flush()
		if _, err := st.ImportRegions(ctx, &buf, "centre:"+md.Version, nil); err != nil {
			return have, fmt.Errorf("apply master data %s: %w", md.Version, err)
		}
	}
	if md.Checklist != nil {
		c, _ := json.Marshal(md.Checklist)
		if err := st.SetSetting(ctx, checklistKey, string(c)); err != nil {
			return have, err
		}
	}
	return md.Version, st.SetSetting(ctx, masterDataKey, md.Version)
}

// dotted writes a Kemendagri code with its dots ("3313092001" → "33.13.09.2001").
func dotted(code string) string {
	switch len(code) {
	case 4:
		return code[:2] + "." + code[2:]
	case 6:
		return code[:2] + "." + code[2:4] + "." + code[4:]
	case 10:
		return code[:2] + "." + code[2:4] + "." + code[4:6] + "." + code[6:]
	}
	return code
}

// levelWord is the Kemendagri CSV's word for a region's level.
func levelWord(r enroll.Region) string {
	switch r.Level {
	case enroll.LevelProvince:
		return "provinsi"
	case enroll.LevelRegency:
		return "kabupaten"
	case enroll.LevelDistrict:
		return "kecamatan"
	}
	if enroll.IsKelurahan(r.Code) {
		return "kelurahan"
	}
	return "desa"
}
