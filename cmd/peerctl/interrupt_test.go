package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ctrl-C during an inventory prints what was listed, marked incomplete, and
// exits 130.
func TestInventoryInterrupted(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"table", "json"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			// An endpoint that never answers: the listing is under way, and
			// its signal handler installed, once a request has arrived.
			arrived := make(chan struct{}, 1)
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case arrived <- struct{}{}:
				default:
				}
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}))
			t.Cleanup(srv.Close)
			t.Cleanup(func() { close(release) })

			cmd := exec.Command(binary, "inventory", "--provider", "baidu", "--region", "bj", "--endpoint", srv.URL, "-o", format)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "BCE_ACCESS_KEY_ID=test", "BCE_SECRET_ACCESS_KEY=test-secret"}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Start())
			select {
			case <-arrived:
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("the listing never reached the endpoint")
			}
			require.NoError(t, cmd.Process.Signal(os.Interrupt))
			err := cmd.Wait()
			var exit *exec.ExitError
			require.True(t, errors.As(err, &exit), "exit: %v; stderr: %s", err, stderr.String())
			assert.Equal(t, 130, exit.ExitCode(), "stderr: %s", stderr.String())
			assert.Contains(t, stderr.String(), "peerctl: interrupted: the inventory above is incomplete (0 of 1 targets finished)\n")
			if format == "json" {
				var inv struct {
					Incomplete bool `json:"incomplete"`
					Targets    []struct{ Status string }
				}
				require.NoError(t, json.Unmarshal(stdout.Bytes(), &inv), "what was listed is printed: %s", stdout.String())
				assert.True(t, inv.Incomplete)
				require.Len(t, inv.Targets, 1)
				assert.Equal(t, "failed", inv.Targets[0].Status)
				return
			}
			assert.Contains(t, stdout.String(), "0 connections between 0 networks, from 1 target, 1 failed; 0 findings (incomplete: the listing was cut short)\n")
		})
	}
}
