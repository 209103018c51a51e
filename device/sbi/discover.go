package sbi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"
	"sync"

	"github.com/rekam-id/rekam/app/enroll"
)

// PortRange is an inclusive range of TCP ports.
type PortRange struct{ First, Last int }

// DefaultPorts is the range SBI device services bind to.
var DefaultPorts = PortRange{First: 4501, Last: 4600}

// discoverWorkers bounds the ports probed at once.
const discoverWorkers = 8

// Discover probes every port of ports on host (a loopback IP address, "127.0.0.1" per
// the spec) with MOSIPDISC, asks each service that answers for its device info
// (MOSIPDINFO), verifies every device's signed info and digital ID, and returns a client
// per verified registration device, ordered by port and device ID.
//
// Ports where nothing listens or something other than an SBI service answers are skipped
// quietly. Devices that answer but fail verification (unsigned, untrusted, tampered, not
// registered, not for registration) are left out, and the returned error, if not nil,
// joins one enroll error per rejected device (KindProtocol, KindNotConnected or
// KindInvalid); the clients that did verify are returned alongside it.
func Discover(ctx context.Context, cfg Config, host string, ports PortRange) ([]*Client, error) {
	const op = "sbi discover"
	if cfg.Roots == nil {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "no trusted device-provider roots configured")
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "host %q is not a loopback IP address", host)
	}
	if ports.First < 1 || ports.Last > 65535 || ports.First > ports.Last {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "port range %d–%d", ports.First, ports.Last)
	}
	cfg = cfg.withDefaults()

	type result struct {
		port    int
		clients []*Client
		errs    []error
	}
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < discoverWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for port := range jobs {
				cs, errs := probe(ctx, cfg, net.JoinHostPort(host, strconv.Itoa(port)))
				results <- result{port, cs, errs}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for p := ports.First; p <= ports.Last; p++ {
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var all []result
	for r := range results {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].port < all[j].port })
	var clients []*Client
	var errs []error
	for _, r := range all {
		clients = append(clients, r.clients...)
		errs = append(errs, r.errs...)
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, transportErr(op, ctx, err))
	}
	return clients, errors.Join(errs...)
}

// probe discovers the devices of the service at addr.
func probe(ctx context.Context, cfg Config, addr string) ([]*Client, []error) {
	ctx, cancel := context.WithTimeout(ctx, cfg.CallTimeout)
	defer cancel()
	base := "http://" + addr
	b, err := callJSON(ctx, cfg, "sbi discover", "MOSIPDISC", base+"/device", discoverRequest{Type: "Biometric Device"})
	if err != nil {
		return nil, nil // nothing there, or not an SBI service
	}
	var found []discoverEntry
	if decodeJSON(b, &found) != nil || len(found) == 0 {
		return nil, nil
	}
	infos, err := fetchInfo(ctx, cfg, base)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", addr, err)}
	}
	var clients []*Client
	var errs []error
	seen := map[string]bool{}
	for _, e := range infos {
		d, err := verifyInfo(cfg, base, e)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", addr, err))
			continue
		}
		if seen[d.DeviceID] {
			errs = append(errs, protoErr("sbi discover", "%s: device ID %s offered twice", addr, d.DeviceID))
			continue
		}
		seen[d.DeviceID] = true
		clients = append(clients, newClient(cfg, d))
	}
	sort.Slice(clients, func(i, j int) bool { return clients[i].info.DeviceID < clients[j].info.DeviceID })
	return clients, errs
}

// newClient returns a client for a verified device.
func newClient(cfg Config, d DeviceInfo) *Client {
	chain := cfg.Chain
	if chain == nil {
		chain = NewChain()
	}
	return &Client{cfg: cfg, chain: chain, info: d, status: statusOf(d.Status)}
}

// Dial returns a client for device deviceID of the service at base (for example
// "http://127.0.0.1:4501"), after verifying its device info. An empty deviceID takes the
// service's only device. Errors as for Client.Refresh, and KindNotFound when the service
// offers no such device.
func Dial(ctx context.Context, cfg Config, base, deviceID string) (*Client, error) {
	const op = "sbi dial"
	if cfg.Roots == nil {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "no trusted device-provider roots configured")
	}
	if _, err := checkLoopback(base); err != nil {
		return nil, enroll.E(op, enroll.KindInvalid, err)
	}
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, cfg.CallTimeout)
	defer cancel()
	infos, err := fetchInfo(ctx, cfg, base)
	if err != nil {
		return nil, err
	}
	if deviceID == "" && len(infos) != 1 {
		return nil, enroll.Errorf(op, enroll.KindInvalid, "%s offers %d devices; name one", base, len(infos))
	}
	for _, e := range infos {
		if id, ok := unsignedDeviceID(e); !ok || (deviceID != "" && id != deviceID) {
			continue
		}
		d, err := verifyInfo(cfg, base, e)
		if err != nil {
			return nil, err
		}
		return newClient(cfg, d), nil
	}
	return nil, enroll.Errorf(op, enroll.KindNotFound, "%s offers no device %q", base, deviceID)
}
