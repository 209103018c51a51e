package afis

import (
	"encoding/json"
	"io"
)

func newJSON(r io.Reader) *json.Decoder { return json.NewDecoder(r) }
