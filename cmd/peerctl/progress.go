package main

import (
	"fmt"
	"io"

	"github.com/peeringkit/peering/inventory"
)

// progressLine redraws one line on a terminal as targets finish.
type progressLine struct {
	w     io.Writer
	drawn bool
}

func (p *progressLine) update(pr inventory.Progress) {
	failed := ""
	if pr.Failed > 0 {
		failed = fmt.Sprintf(", %d failed", pr.Failed)
	}
	// \r returns to the start of the line and \x1b[K clears what is left of
	// a longer previous line.
	fmt.Fprintf(p.w, "\r\x1b[Kinventory: %d/%d targets, %d connections listed%s", pr.Done, pr.Targets, pr.Connections, failed)
	p.drawn = true
}

// clear erases the line, so that what follows starts clean; nil-safe.
func (p *progressLine) clear() {
	if p != nil && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
