// Command benchcheck reads `go test -bench` output on standard input, picks out the custom
// metrics that carry a budget id (reported by benchmarks with b.ReportMetric(v, "<id>")),
// and prints one line per budget:
//
//	bench: <id> <value> <unit> (budget <op> <value>)
//
// It exits 1 when a measured value misses its budget, or when a benchmark failed.
// A budget whose benchmark did not run (e.g. reference data absent) is listed as skipped.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// budget is one performance budget of DESIGN.md or an issue.
type budget struct {
	unit  string
	op    string // "<=" (at most), ">=" (at least), "report" (no limit)
	limit float64
}

var budgets = map[string]budget{
	"store.save_enrollment_ms":      {"ms", "<=", 100},
	"store.nik_lookup_100k_ms":      {"ms", "<=", 5},
	"store.name_search_100k_ms":     {"ms", "<=", 50},
	"masterdata.import_national_s":  {"s", "<=", 5},
	"sim.finger_generate_ms":        {"ms", "<=", 50},
	"sbi.capture_roundtrip_ms":      {"ms", "<=", 200},
	"ui.cold_start_s":               {"s", "<=", 1.5},
	"wsq.encode_388x374_ms":         {"ms", "<=", 10},
	"wsq.decode_388x374_ms":         {"ms", "<=", 10},
	"wsq.ratio_fvc":                 {"ratio", ">=", 12},
	"wsq.psnr_fvc_db":               {"dB", ">=", 30},
	"packet.build_seal_ms":          {"ms", "<=", 300},
	"packet.size_kb":                {"KB", "<=", 250},
	"sync.link_utilisation_pct":     {"%", ">=", 90},
	"sync.rss_10k_mb":               {"MB", "<=", 200},
	"afisd.ingest_packets_per_s":    {"packets/s", "report", 0},
	"auth.login_ms":                 {"ms", "range", 0},
	"crypto.save_overhead_pct":      {"%", "<=", 20},
	"finger.quality_ms":             {"ms", "<=", 30},
	"finger.extract_ms":             {"ms", "<=", 40},
	"finger.comparisons_per_s_core": {"comparisons/s", ">=", 20000},
	"finger.eer_db1b_pct":           {"%", "<=", 3},
	"finger.eer_db2b_pct":           {"%", "<=", 3},
	"dedup.10k_s":                   {"s", "<=", 2}, // 10,000 people from the simulator's generator
	"dedup.10k_minutiae_s":          {"s", "<=", 2}, // 10,000 people of synthetic minutiae sets
	"sim.finger_impression_ms":      {"ms", "report", 0},
	"sim.camera_preview_per_s":      {"frames/s", ">=", 15},
	"face.detect_ms":                {"ms", "<=", 30},
}

// ok reports whether v meets b.
func (b budget) ok(v float64) bool {
	switch b.op {
	case "<=":
		return v <= b.limit
	case ">=":
		return v >= b.limit
	case "range": // auth.login_ms: slow enough to resist guessing, fast enough for a desk
		return v >= 200 && v <= 1000
	}
	return true
}

func (b budget) String() string {
	switch b.op {
	case "report":
		return "report only"
	case "range":
		return "200–1000"
	}
	return fmt.Sprintf("%s %g", b.op, b.limit)
}

func main() {
	os.Exit(run(os.Stdin, os.Stdout))
}

func run(in io.Reader, out io.Writer) int {
	got := map[string]float64{}
	failed := false
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "--- FAIL") || strings.HasPrefix(line, "FAIL") {
			failed = true
			fmt.Fprintln(out, line)
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		f := strings.Fields(line)
		for i := 2; i+1 < len(f); i++ {
			if _, ok := budgets[f[i+1]]; ok {
				if v, err := strconv.ParseFloat(f[i], 64); err == nil {
					got[f[i+1]] = v
				}
			}
		}
	}
	ids := make([]string, 0, len(budgets))
	for id := range budgets {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	missed := 0
	for _, id := range ids {
		b := budgets[id]
		v, ok := got[id]
		if !ok {
			fmt.Fprintf(out, "bench: %s skipped %s (budget %s)\n", id, b.unit, b)
			continue
		}
		mark := ""
		if !b.ok(v) {
			mark = "  MISSED"
			missed++
		}
		fmt.Fprintf(out, "bench: %s %s %s (budget %s)%s\n", id, strconv.FormatFloat(v, 'g', 4, 64), b.unit, b, mark)
	}
	if missed > 0 || failed {
		fmt.Fprintf(out, "bench: %d budget(s) missed, benchmark failures: %v\n", missed, failed)
		return 1
	}
	return 0
}
