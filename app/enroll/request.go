package enroll

// RequestType is the service requested (Perpres 96/2018 Pasal 14).
type RequestType string

// The request types.
const (
	RequestNew         RequestType = "BARU"
	RequestMovedIn     RequestType = "PINDAH_DATANG"
	RequestDataChange  RequestType = "PERUBAHAN_DATA"
	RequestLostDamaged RequestType = "HILANG_RUSAK"
	RequestOutsideHome RequestType = "LUAR_DOMISILI"
	RequestExtension   RequestType = "PERPANJANGAN" // foreigners with ITAP
)

// RequestTypes lists the request types in the order the form shows them.
var RequestTypes = []RequestType{RequestNew, RequestMovedIn, RequestDataChange, RequestLostDamaged,
	RequestOutsideHome, RequestExtension}

var requestLabels = map[RequestType][2]string{
	RequestNew:         {"Baru", "New"},
	RequestMovedIn:     {"Pindah datang", "Moved in"},
	RequestDataChange:  {"Perubahan data", "Data change"},
	RequestLostDamaged: {"Hilang atau rusak", "Lost or damaged"},
	RequestOutsideHome: {"Di luar domisili", "Outside home regency"},
	RequestExtension:   {"Perpanjangan (WNA ber-ITAP)", "Extension (foreigners with ITAP)"},
}

// Valid reports whether r is a known request type.
func (r RequestType) Valid() bool { _, ok := requestLabels[r]; return ok }

// Label returns the label in lang ("id" or "en").
func (r RequestType) Label(lang string) string {
	l, ok := requestLabels[r]
	if !ok {
		return string(r)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}
