package conformance_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/conformance"
	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/providers/baidu"
)

// TestRunLiveReadOnly runs the live harness's read-only checks with the
// emulator standing in for the real cloud: no estate, no faults, requests
// counted through the harness's HTTP client.
func TestRunLiveReadOnly(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{Connections: 12, BaiduRegions: []string{"bj"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	accounts := map[conformance.Account]string{conformance.AccountA: "baidu-a", conformance.AccountB: "baidu-b"}
	t.Setenv(conformance.EnvLive, "1")
	t.Setenv(conformance.EnvLiveMutate, "")
	t.Setenv("PEERING_LIVE_EMULATED_REGION", "bj")
	conformance.RunLive(t, conformance.LiveConfig{
		Name:     "EMULATED",
		Required: []string{"PEERING_LIVE_EMULATED_REGION"},
		New: func(ctx context.Context, acct conformance.Account, region string, hc *http.Client) (peering.Peering, error) {
			a, _ := srv.Account(accounts[acct])
			return baidu.New(baidu.Options{
				Credentials: baidu.Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: a.Secret},
				Region:      region,
				Endpoint:    srv.BaiduEndpoint(region),
				AccountID:   a.ID,
				HTTPClient:  hc,
			})
		},
	})
}
