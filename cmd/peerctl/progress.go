package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
)

// progressLine redraws one line in place on a terminal: an inventory's
// targets as they finish, a wait's status as it polls. It is safe for
// concurrent use, so that a ticker and the work can both redraw it.
type progressLine struct {
	w     io.Writer
	mu    sync.Mutex
	drawn bool
}

// draw replaces the line with text. \r returns to the start of the line
// and \x1b[K clears what is left of a longer previous line.
func (p *progressLine) draw(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r\x1b[K%s", text)
	p.drawn = true
}

// update draws an inventory's progress.
func (p *progressLine) update(pr inventory.Progress) {
	failed := ""
	if pr.Failed > 0 {
		failed = fmt.Sprintf(", %d failed", pr.Failed)
	}
	p.draw(fmt.Sprintf("inventory: %d/%d targets, %d connections listed%s", pr.Done, pr.Targets, pr.Connections, failed))
}

// clear erases the line, so that what follows starts clean; nil-safe.
func (p *progressLine) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// waitText is a wait's progress line: the connection's status as last
// read ("" before the first read), the time waited and the --timeout (0:
// none).
func waitText(id string, c peering.Connection, elapsed, timeout time.Duration) string {
	status := "reading its status"
	if c.Status != "" {
		status = string(c.Status)
		if c.ProviderStatus != "" {
			status += " (" + c.ProviderStatus + ")"
		}
	}
	limit := "no timeout"
	if timeout > 0 {
		limit = "timeout " + timeout.String()
	}
	return fmt.Sprintf("waiting for %s: %s, %s elapsed, %s", id, status, elapsed.Truncate(time.Second), limit)
}

// waitFor is w.Wait, with a progress line on stderr when it is a terminal
// (the status as each poll reads it, the time waited, redrawn every
// second), erased when the wait ends; elsewhere it draws nothing.
func (a *app) waitFor(ctx context.Context, w peering.Waiter, p peering.Peering, id string, timeout time.Duration, want ...peering.Status) (peering.Connection, error) {
	if !a.interactive {
		return w.Wait(ctx, p, id, want...)
	}
	line := &progressLine{w: a.stderr}
	start := time.Now()
	var (
		mu   sync.Mutex
		last peering.Connection
	)
	redraw := func() {
		mu.Lock()
		c := last
		mu.Unlock()
		line.draw(waitText(id, c, time.Since(start), timeout))
	}
	w.Progress = func(c peering.Connection) {
		mu.Lock()
		last = c
		mu.Unlock()
		redraw()
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				redraw()
			}
		}
	}()
	redraw()
	c, err := w.Wait(ctx, p, id, want...)
	close(stop)
	<-stopped
	line.clear()
	return c, err
}
