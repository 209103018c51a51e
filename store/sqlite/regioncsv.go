package sqlite

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rekam-id/rekam/app/enroll"
)

// The two Kemendagri CSV layouts the importer reads, told apart by their header.
var (
	headerShort = []string{"kode", "nama"}                                     // the code implies the parent and level
	headerLong  = []string{"kode", "kode_induk", "tingkat", "nama", "kodepos"} // explicit parent, level, postcode
)

// tingkat maps the level words of the long layout to levels.
var tingkat = map[string]enroll.Level{
	"provinsi": enroll.LevelProvince, "kabupaten": enroll.LevelRegency, "kota": enroll.LevelRegency,
	"kecamatan": enroll.LevelDistrict, "desa": enroll.LevelVillage, "kelurahan": enroll.LevelVillage,
}

// lastByte remembers the last byte read, to tell a file cut in the middle of a line.
type lastByte struct {
	r    io.Reader
	last byte
	n    int64
}

func (l *lastByte) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		l.last, l.n = p[n-1], l.n+int64(n)
	}
	return n, err
}

func lineErr(line int, format string, args ...any) error {
	return enroll.Errorf("import regions", enroll.KindInvalid, "line %d: "+format, append([]any{line}, args...)...)
}

// parseRegions reads and validates a whole region CSV in either layout: every code well
// formed, no duplicates, every parent present in the file, level and parent consistent
// with the code. Errors are KindInvalid and name the line and the problem.
func parseRegions(r io.Reader) ([]enroll.Region, error) {
	tail := &lastByte{r: r}
	br := bufio.NewReaderSize(tail, 64<<10)
	if bom, _ := br.Peek(3); string(bom) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, enroll.Errorf("import regions", enroll.KindInvalid, "the file is empty")
	}
	if err != nil {
		return nil, csvErr(err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	long := false
	switch strings.Join(header, ",") {
	case strings.Join(headerShort, ","):
	case strings.Join(headerLong, ","):
		long = true
	default:
		return nil, lineErr(1, "unknown header %q; want %q or %q", strings.Join(header, ","),
			strings.Join(headerShort, ","), strings.Join(headerLong, ","))
	}
	var out []enroll.Region
	seen := map[string]int{}
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		reg, err := parseRegion(rec, long, line)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[reg.Code]; dup {
			return nil, lineErr(line, "code %s appears again (first on line %d)", rec[0], prev)
		}
		seen[reg.Code] = line
		out = append(out, reg)
		lines = append(lines, line)
	}
	if tail.n > 0 && tail.last != '\n' {
		last := 1
		if len(lines) > 0 {
			last = lines[len(lines)-1]
		}
		return nil, lineErr(last, "the file ends in the middle of a line (truncated?)")
	}
	if len(out) == 0 {
		return nil, enroll.Errorf("import regions", enroll.KindInvalid, "no regions after the header")
	}
	for i, reg := range out {
		if reg.Level > enroll.LevelProvince {
			if _, ok := seen[reg.Parent]; !ok {
				return nil, lineErr(lines[i], "region %s has no parent %s in the file", dotted(reg.Code), dotted(reg.Parent))
			}
		}
	}
	return out, nil
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return lineErr(pe.Line, "column %d: %v", pe.Column, pe.Err)
	}
	return enroll.E("import regions", enroll.KindUnavailable, fmt.Errorf("read file: %w", err))
}

// parseRegion validates one data row.
func parseRegion(rec []string, long bool, line int) (enroll.Region, error) {
	code, err := parseCode(rec[0])
	if err != nil {
		return enroll.Region{}, lineErr(line, "%v", err)
	}
	reg := enroll.Region{Code: code, Parent: enroll.RegionParent(code), Level: enroll.RegionLevel(code)}
	name := rec[1]
	if long {
		name = rec[3]
		if err := checkLong(reg, rec); err != nil {
			return enroll.Region{}, lineErr(line, "%v", err)
		}
		reg.Postal = strings.TrimSpace(rec[4])
	}
	reg.Name = strings.TrimSpace(name)
	if reg.Name == "" {
		return enroll.Region{}, lineErr(line, "region %s has no name", rec[0])
	}
	if !utf8.ValidString(reg.Name) || strings.IndexFunc(reg.Name, unicode.IsControl) >= 0 || len(reg.Name) > 200 {
		return enroll.Region{}, lineErr(line, "region %s has a malformed name %q", rec[0], reg.Name)
	}
	return reg, nil
}

// checkLong checks the explicit parent, level and postcode of the long layout.
func checkLong(reg enroll.Region, rec []string) error {
	parent, err := parseCode(rec[1])
	if strings.TrimSpace(rec[1]) == "" {
		parent, err = "", nil
	}
	if err != nil {
		return fmt.Errorf("kode_induk: %v", err)
	}
	if parent != reg.Parent {
		return fmt.Errorf("kode_induk %q does not match code %s (want %q)", rec[1], rec[0], dotted(reg.Parent))
	}
	word := strings.ToLower(strings.TrimSpace(rec[2]))
	lv, ok := tingkat[word]
	if !ok {
		return fmt.Errorf("unknown tingkat %q", rec[2])
	}
	if lv != reg.Level {
		return fmt.Errorf("tingkat %s does not fit code %s", word, rec[0])
	}
	if word == "kelurahan" && !enroll.IsKelurahan(reg.Code) {
		return fmt.Errorf("kelurahan %s must have a 1xxx suffix", rec[0])
	}
	if word == "desa" && enroll.IsKelurahan(reg.Code) {
		return fmt.Errorf("desa %s has a kelurahan (1xxx) suffix", rec[0])
	}
	if p := strings.TrimSpace(rec[4]); p != "" && (len(p) != 5 || strings.Trim(p, "0123456789") != "") {
		return fmt.Errorf("kodepos %q is not 5 digits", rec[4])
	}
	return nil
}

// parseCode turns a dotted Kemendagri code (PP, PP.KK, PP.KK.CC or PP.KK.CC.DDDD) or the
// same digits without dots into the digits.
func parseCode(s string) (string, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("code %q is malformed (want PP, PP.KK, PP.KK.CC or PP.KK.CC.DDDD)", s)
	var parts []string
	if strings.Contains(s, ".") {
		parts = strings.Split(s, ".")
		if len(parts) > 4 {
			return "", bad
		}
		for i, p := range parts {
			if want := []int{2, 2, 2, 4}[i]; len(p) != want {
				return "", bad
			}
		}
	}
	code := strings.ReplaceAll(s, ".", "")
	if enroll.RegionLevel(code) == 0 || strings.Trim(code, "0123456789") != "" {
		return "", bad
	}
	if strings.Trim(code[:2], "0") == "" {
		return "", fmt.Errorf("code %q: province 00 does not exist", s)
	}
	return code, nil
}

// dotted writes a code without dots in the dotted form.
func dotted(code string) string {
	var parts []string
	for _, n := range []int{2, 2, 2, 4} {
		if len(code) < n {
			break
		}
		parts = append(parts, code[:n])
		code = code[n:]
	}
	return strings.Join(parts, ".")
}
