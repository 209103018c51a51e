package main

import (
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// faultProxy forwards TCP connections from a loopback listener to target and injects
// faults: it cuts a connection after a random number of bytes, stalls it, or resets it.
// (link, below, is the slow WAN line.)
type faultProxy struct {
	ln     net.Listener
	target string

	mu      sync.Mutex
	rng     *rand.Rand
	cutProb float64 // per connection: probability of a cut at a random offset
	maxCut  int64   // cut offsets are drawn from [1, maxCut] bytes upstream
	stall   float64 // per connection: probability of a stall before the cut

	cuts    atomic.Int64
	upBytes atomic.Int64 // client → server bytes forwarded
	conns   sync.WaitGroup
	closed  atomic.Bool
	live    map[net.Conn]struct{}
}

func newFaultProxy(target string, seed uint64) (*faultProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &faultProxy{ln: ln, target: target, rng: rand.New(rand.NewPCG(seed, seed)), live: map[net.Conn]struct{}{}}
	go p.accept()
	return p, nil
}

func (p *faultProxy) addr() string { return p.ln.Addr().String() }

func (p *faultProxy) setFaults(cutProb float64, maxCut int64, stall float64) {
	p.mu.Lock()
	p.cutProb, p.maxCut, p.stall = cutProb, maxCut, stall
	p.mu.Unlock()
}

func (p *faultProxy) close() {
	p.closed.Store(true)
	p.ln.Close()
	p.mu.Lock()
	for c := range p.live {
		c.Close()
	}
	p.mu.Unlock()
	p.conns.Wait()
}

func (p *faultProxy) track(c net.Conn, add bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if add {
		p.live[c] = struct{}{}
	} else {
		delete(p.live, c)
	}
}

func (p *faultProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		target := p.target
		cut := int64(-1)
		stall := false
		if p.maxCut > 0 && p.rng.Float64() < p.cutProb {
			cut = 1 + p.rng.Int64N(p.maxCut)
			stall = p.rng.Float64() < p.stall
		}
		p.mu.Unlock()
		p.conns.Add(1)
		go p.serve(c, target, cut, stall)
	}
}

func (p *faultProxy) serve(c net.Conn, target string, cut int64, stall bool) {
	defer p.conns.Done()
	up, err := net.Dial("tcp", target)
	if err != nil {
		c.Close()
		return
	}
	p.track(c, true)
	p.track(up, true)
	defer func() { p.track(c, false); p.track(up, false) }()
	done := make(chan struct{}, 2)
	go func() { p.pipe(up, c, cut, stall, true); done <- struct{}{} }()
	go func() { p.pipe(c, up, -1, false, false); done <- struct{}{} }()
	<-done
	// One direction ended: tear the whole connection down (a reset when cut).
	if tc, ok := c.(*net.TCPConn); ok && cut >= 0 {
		tc.SetLinger(0)
	}
	c.Close()
	up.Close()
	<-done
}

// pipe copies src to dst; for the upstream direction it counts bytes and applies a cut.
func (p *faultProxy) pipe(dst, src net.Conn, cut int64, stall, upstream bool) {
	buf := make([]byte, 16<<10)
	var n64 int64
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if cut >= 0 && n64+int64(n) >= cut {
				k := cut - n64
				dst.Write(buf[:k])
				if upstream {
					p.upBytes.Add(k)
				}
				if stall {
					time.Sleep(300 * time.Millisecond) // the link hangs, then drops
				}
				p.cuts.Add(1)
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
			n64 += int64(n)
			if upstream {
				p.upBytes.Add(int64(n))
			}
		}
		if err != nil {
			if err != io.EOF {
				return
			}
			if tc, ok := dst.(*net.TCPConn); ok {
				tc.CloseWrite()
			}
			return
		}
	}
}

// link is a shaped loopback link: each direction carries at most rate bytes per second
// and delays everything by delay (one way), like a slow WAN line.
type link struct {
	ln     net.Listener
	target string
	rate   int
	delay  time.Duration
	bytes  atomic.Int64 // client → server bytes delivered

	mu   sync.Mutex
	next [2]time.Time // per direction: when the line is free again (shared by all connections)
}

func newLink(target string, rate int, delay time.Duration) (*link, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &link{ln: ln, target: target, rate: rate, delay: delay}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go l.serve(c)
		}
	}()
	return l, nil
}

func (l *link) addr() string { return l.ln.Addr().String() }
func (l *link) close()       { l.ln.Close() }

func (l *link) serve(c net.Conn) {
	up, err := net.Dial("tcp", l.target)
	if err != nil {
		c.Close()
		return
	}
	go l.direction(up, c, true)
	l.direction(c, up, false)
}

type segment struct {
	data []byte
	at   time.Time
}

// direction moves src → dst: a reader stamps each segment on arrival; a writer releases
// it after the delay, paced to the rate.
func (l *link) direction(dst, src net.Conn, upstream bool) {
	q := make(chan segment, 4096)
	go func() {
		defer close(q)
		for {
			buf := make([]byte, 16<<10)
			n, err := src.Read(buf)
			if n > 0 {
				q <- segment{buf[:n], time.Now()}
			}
			if err != nil {
				return
			}
		}
	}()
	dir := 0
	if upstream {
		dir = 1
	}
	for s := range q {
		if d := time.Until(s.at.Add(l.delay)); d > 0 {
			time.Sleep(d)
		}
		l.mu.Lock()
		// A line idle for a while starts afresh; a writer that woke late (a loaded
		// machine) keeps its schedule and catches up, so sleep jitter does not slow
		// the simulated line.
		if now := time.Now(); l.next[dir].Before(now.Add(-50 * time.Millisecond)) {
			l.next[dir] = now
		}
		l.next[dir] = l.next[dir].Add(time.Duration(float64(len(s.data)) / float64(l.rate) * float64(time.Second)))
		until := l.next[dir]
		l.mu.Unlock()
		time.Sleep(time.Until(until))
		if _, err := dst.Write(s.data); err != nil {
			break
		}
		if upstream {
			l.bytes.Add(int64(len(s.data)))
		}
	}
	dst.Close()
	src.Close()
}
