package an2k

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Version is the version number (field 1.002) this package writes: ANSI/NIST-ITL
// 1-2011 Update 2015.
const Version = "0502"

// Header is the typed view of the Type-1 transaction information record.
type Header struct {
	Version                   string    // VER 1.002; Version when empty on build
	TransactionType           string    // TOT 1.004
	Date                      time.Time // DAT 1.005, date only
	Priority                  int       // PRY 1.006, 1 to 9; 0 when absent
	DestinationAgency         string    // DAI 1.007
	OriginatingAgency         string    // ORI 1.008, the station's agency identifier
	ControlNumber             string    // TCN 1.009
	ControlReference          string    // TCR 1.010, optional
	NativeScanningResolution  string    // NSR 1.011, "dd.dd" ppmm; "00.00" when empty on build
	NominalTransmitResolution string    // NTR 1.012, "dd.dd" ppmm; "00.00" when empty on build
	Domain                    Domain    // DOM 1.013, optional
	GMT                       time.Time // GMT 1.014
	DestinationAgencyName     string    // ANM 1.017 first item, optional
	OriginatingAgencyName     string    // ANM 1.017 second item, optional
	// Content is the content list (CNT 1.003) as read; the Builder computes it.
	Content []ContentEntry
}

// Domain is the domain name (field 1.013): who defines the user-defined fields.
type Domain struct {
	Name    string // DNM, for example "NORAM"
	Version string // DVN, optional
}

// ContentEntry is one subfield of the content list after the first: a record's type
// and IDC.
type ContentEntry struct {
	Type int
	IDC  int
}

const (
	dateLayout = "20060102"
	gmtLayout  = "20060102150405Z"
)

// Header decodes the Type-1 record. Unreadable values are left zero; Check reports
// them.
func (t *Transaction) Header() (Header, error) {
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return Header{}, errors.New("an2k: transaction has no Type-1 record")
	}
	r := t.Records[0]
	h := Header{
		Version:                   r.Text(2),
		TransactionType:           r.Text(4),
		DestinationAgency:         r.Text(7),
		OriginatingAgency:         r.Text(8),
		ControlNumber:             r.Text(9),
		ControlReference:          r.Text(10),
		NativeScanningResolution:  r.Text(11),
		NominalTransmitResolution: r.Text(12),
	}
	h.Date, _ = time.Parse(dateLayout, r.Text(5))
	h.GMT, _ = time.Parse(gmtLayout, r.Text(14))
	h.Priority, _ = r.Int(6)
	dom := firstItems(r, 13)
	h.Domain = Domain{Name: item(dom, 0), Version: item(dom, 1)}
	anm := firstItems(r, 17)
	h.DestinationAgencyName, h.OriginatingAgencyName = item(anm, 0), item(anm, 1)
	if f, ok := r.Field(3); ok {
		for i, sub := range f.Subfields() {
			if i == 0 || len(sub) < 2 {
				continue
			}
			typ, _ := atoi(sub[0])
			idc, _ := atoi(sub[1])
			h.Content = append(h.Content, ContentEntry{Type: typ, IDC: idc})
		}
	}
	return h, nil
}

// record encodes h as a Type-1 record without LEN and CNT (Finalize adds them).
func (h Header) record() (*Record, error) {
	if h.TransactionType == "" || h.DestinationAgency == "" || h.OriginatingAgency == "" || h.ControlNumber == "" {
		return nil, errors.New("header needs TransactionType, DestinationAgency, OriginatingAgency and ControlNumber")
	}
	if h.Date.IsZero() || h.GMT.IsZero() {
		return nil, errors.New("header needs Date and GMT")
	}
	if h.Priority < 0 || h.Priority > 9 {
		return nil, fmt.Errorf("priority %d is not 1 to 9", h.Priority)
	}
	r := &Record{Type: 1}
	r.SetText(2, orDefault(h.Version, Version))
	r.SetText(4, h.TransactionType)
	r.SetText(5, h.Date.Format(dateLayout))
	if h.Priority > 0 {
		r.SetText(6, strconv.Itoa(h.Priority))
	}
	r.SetText(7, h.DestinationAgency)
	r.SetText(8, h.OriginatingAgency)
	r.SetText(9, h.ControlNumber)
	if h.ControlReference != "" {
		r.SetText(10, h.ControlReference)
	}
	r.SetText(11, orDefault(h.NativeScanningResolution, "00.00"))
	r.SetText(12, orDefault(h.NominalTransmitResolution, "00.00"))
	if h.Domain.Name != "" {
		r.SetText(13, joinOptional(h.Domain.Name, h.Domain.Version))
	}
	r.SetText(14, h.GMT.UTC().Format(gmtLayout))
	if h.DestinationAgencyName != "" || h.OriginatingAgencyName != "" {
		r.SetText(17, Items(h.DestinationAgencyName, h.OriginatingAgencyName))
	}
	return r, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// joinOptional joins a mandatory item and an optional second one with US.
func joinOptional(first, second string) string {
	if second == "" {
		return first
	}
	return Items(first, second)
}

// firstItems returns the items of the first subfield of field n, or nil.
func firstItems(r *Record, n int) []string {
	f, ok := r.Field(n)
	if !ok {
		return nil
	}
	if subs := f.Subfields(); len(subs) > 0 {
		return subs[0]
	}
	return nil
}

// item returns items[i], or "" when there is no such item.
func item(items []string, i int) string {
	if i < len(items) {
		return items[i]
	}
	return ""
}
