package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/inventory"
	"github.com/peeringkit/peering/providers/alibabavpc"
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

func TestWaitText(t *testing.T) {
	updating := peering.Connection{Status: peering.StatusUpdating, ProviderStatus: "Updating"}
	for _, tt := range []struct {
		c                peering.Connection
		elapsed, timeout time.Duration
		want             string
	}{
		{peering.Connection{}, 0, 2 * time.Minute, "waiting for pcc-a: reading its status, 0s elapsed, timeout 2m0s"},
		{updating, 12*time.Second + 700*time.Millisecond, 2 * time.Minute, "waiting for pcc-a: updating (Updating), 12s elapsed, timeout 2m0s"},
		{peering.Connection{Status: peering.StatusDeleting}, 90 * time.Second, 0, "waiting for pcc-a: deleting, 1m30s elapsed, no timeout"},
	} {
		assert.Equal(t, tt.want, waitText("pcc-a", tt.c, tt.elapsed, tt.timeout))
	}
}

// TestWaitProgressDrawing draws a wait's line on a fake terminal: redrawn
// in place as the status changes, erased at the end; on anything else
// nothing is drawn.
func TestWaitProgressDrawing(t *testing.T) {
	var term bytes.Buffer
	line := &progressLine{w: &term}
	line.draw(waitText("pcc-a", peering.Connection{}, 0, time.Minute))
	line.draw(waitText("pcc-a", peering.Connection{Status: peering.StatusUpdating}, time.Second, time.Minute))
	line.clear()
	line.clear() // a second clear has nothing to erase
	assert.Equal(t, "\r\x1b[Kwaiting for pcc-a: reading its status, 0s elapsed, timeout 1m0s"+
		"\r\x1b[Kwaiting for pcc-a: updating, 1s elapsed, timeout 1m0s"+
		"\r\x1b[K", term.String())

	// waitFor on a connection already there, with and without a terminal.
	world := twin(t, 1, 0)
	acct, _ := world.Account("alibaba-a")
	p, err := alibabavpc.New(alibabavpc.Options{Credentials: alibabavpc.Credentials{AccessKeyID: acct.AccessKeyID, AccessKeySecret: acct.Secret},
		Region: "cn-hangzhou", Endpoint: world.AlibabaEndpoint(), AccountID: acct.ID})
	require.NoError(t, err)
	vpcs := alibabaVPCs(t, world, acct, "cn-hangzhou")
	id, err := p.Create(context.Background(), peering.CreateRequest{LocalNetworkID: vpcs[0], PeerNetworkID: vpcs[1]})
	require.NoError(t, err)
	world.Clock.Advance(time.Minute)
	for _, interactive := range []bool{true, false} {
		var stderr bytes.Buffer
		a := &app{stderr: &stderr, interactive: interactive}
		c, err := a.waitFor(context.Background(), peering.Waiter{}, p, id, time.Minute, peering.StatusActive)
		require.NoError(t, err)
		assert.Equal(t, peering.StatusActive, c.Status)
		if interactive {
			// The line drawn before the first read, perhaps redrawn by the
			// ticker, then erased.
			assert.Regexp(t, `^\r\x1b\[Kwaiting for `+id+`: reading its status, \d+s elapsed, timeout 1m0s(\r\x1b\[K[^\r]+)*\r\x1b\[K$`, stderr.String())
		} else {
			assert.Empty(t, stderr.String())
		}
	}
}

// Piped, a --wait writes no progress line: no carriage return, no escape.
func TestWaitProgressNotOnAPipe(t *testing.T) {
	t.Parallel()
	m, world := briefWorld(t)
	a := account(t, m, "alibaba-a")
	env := []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + a.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + a.Secret}
	at := func(args ...string) []string {
		return append(args, "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", m.Alibaba, "--account-id", a.ID, "--timeout", "30s")
	}
	r := peerctl(t, env, at("create", "--local", alibabaVPC(t, world, a, "cn-hangzhou"), "--peer", alibabaVPC(t, world, a, "cn-shanghai"),
		"--peer-region", "cn-shanghai", "--wait")...)
	require.Equal(t, 0, r.code, r.stderr)
	id := strings.TrimSpace(r.stdout)
	steps := [][]string{
		{"update", id, "--bandwidth", "200", "--wait"},
		{"wait", id},
		{"delete", id, "--wait"},
	}
	stderr := r.stderr
	for _, s := range steps {
		r := peerctl(t, env, at(s...)...)
		require.Equal(t, 0, r.code, r.stderr)
		stderr += r.stderr
	}
	assert.NotContains(t, stderr, "\r")
	assert.NotContains(t, stderr, "\x1b")
	assert.NotContains(t, stderr, "waiting for")
	assert.Contains(t, stderr, "peerctl: deleted "+id+"\n")
}
