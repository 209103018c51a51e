package face

import (
	_ "embed"
	"errors"
	"fmt"
	"sync"

	pigo "github.com/esimov/pigo/core"
)

// The cascades are MIT-licensed copies from github.com/esimov/pigo@v1.4.6; see
// cascade/NOTICE.md.
var (
	//go:embed cascade/facefinder
	facefinderBytes []byte
	//go:embed cascade/puploc
	puplocBytes []byte
)

// cascades holds the unpacked classifiers, shared read-only by every detection.
type cascades struct {
	face *pigo.Pigo
	eyes *pigo.PuplocCascade
}

var (
	loadOnce   sync.Once
	loaded     cascades
	errLoading error
)

// loadCascades unpacks the embedded cascades once. pigo's unpackers index the bytes without
// bounds checks, so a damaged embed would panic; the panic is turned into an error.
func loadCascades() (cascades, error) {
	loadOnce.Do(func() {
		loaded, errLoading = unpackCascades(facefinderBytes, puplocBytes)
	})
	return loaded, errLoading
}

func unpackCascades(faceData, eyeData []byte) (c cascades, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unpack face cascades: corrupt data: %v", r)
		}
	}()
	if len(faceData) < 16 || len(eyeData) < 16 {
		return cascades{}, errors.New("unpack face cascades: embedded data too short")
	}
	c.face, err = pigo.NewPigo().Unpack(faceData)
	if err != nil {
		return cascades{}, fmt.Errorf("unpack facefinder cascade: %w", err)
	}
	c.eyes, err = pigo.NewPuplocCascade().UnpackCascade(eyeData)
	if err != nil {
		return cascades{}, fmt.Errorf("unpack puploc cascade: %w", err)
	}
	return c, nil
}
