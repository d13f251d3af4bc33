package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/inventory"
)

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := &progressLine{w: &buf}
	p.update(inventory.Progress{Targets: 4, Done: 1, Connections: 10})
	p.update(inventory.Progress{Targets: 4, Done: 4, Failed: 1, Connections: 25})
	p.clear()
	assert.Equal(t, "\r\x1b[Kinventory: 1/4 targets, 10 connections listed"+
		"\r\x1b[Kinventory: 4/4 targets, 25 connections listed, 1 failed"+
		"\r\x1b[K", buf.String(), "each update redraws the line; clear leaves it empty")

	var none *progressLine
	none.clear() // no terminal, no line: nothing to clear
}

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f), "a file is no terminal")
	assert.False(t, isTerminal(&bytes.Buffer{}))
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, isTerminal(w), "nor is a pipe")
}
