// Package afis is the central side of sync protocol v1, used by cmd/afisd, the reference
// central AFIS server: the station registry, resumable packet upload, packet
// verification (station signature, seal, strict ANSI/NIST check), storage of packets on
// disk and metadata in SQLite, status assignment, the status feed, master data, and
// import of packets carried on a drive.
//
// It owns its own SQLite database (modernc.org/sqlite) rather than reusing store/sqlite:
// the central server's schema is not the station's, and the two programs never share a
// file.
package afis
