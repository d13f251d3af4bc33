package bce_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baidubce/bce-sdk-go/auth"
	bcesdk "github.com/baidubce/bce-sdk-go/bce"
	bcehttp "github.com/baidubce/bce-sdk-go/http"
	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

// Test accounts: A and B, with the documents' account IDs.
var (
	acctA = bce.Account{ID: "75c14a239bb24b9e88b695e8e9e47952", AccessKeyID: "akaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", SecretAccessKey: "skaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}
	acctB = bce.Account{ID: "7058ff6052254a679f5714548feda935", AccessKeyID: "akbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", SecretAccessKey: "skbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}
)

// Test VPCs: A has three in bj (two plain, one relay), one relay more, and
// one in gz; B has two in bj (one relay) and one in gz.
var testVPCs = []bce.VPC{
	{ID: "vpc-abj1", Name: "a-bj-1", Region: "bj", AccountID: acctA.ID, CIDR: "192.168.0.0/16", IPv6CIDR: "240c:4081:8002:a100::/56"},
	{ID: "vpc-abj2", Name: "a-bj-2", Region: "bj", AccountID: acctA.ID, CIDR: "10.1.0.0/16"},
	{ID: "vpc-abj3", Name: "a-bj-3", Region: "bj", AccountID: acctA.ID, CIDR: "10.2.0.0/16"},
	{ID: "vpc-arly", Name: "a-relay", Region: "bj", AccountID: acctA.ID, CIDR: "10.3.0.0/16", Relay: true},
	{ID: "vpc-agz1", Name: "a-gz-1", Region: "gz", AccountID: acctA.ID, CIDR: "10.4.0.0/16"},
	{ID: "vpc-bbj1", Name: "b-bj-1", Region: "bj", AccountID: acctB.ID, CIDR: "172.16.0.0/16"},
	{ID: "vpc-brly", Name: "b-relay", Region: "bj", AccountID: acctB.ID, CIDR: "172.17.0.0/16", Relay: true},
	{ID: "vpc-bgz1", Name: "b-gz-1", Region: "gz", AccountID: acctB.ID, CIDR: "172.18.0.0/16"},
}

// world is a service with the test accounts and VPCs, served in bj and gz.
type world struct {
	svc    *bce.Service
	clock  *clock.Clock
	faults *fault.Injector
	url    map[string]string // region -> base URL
}

func newWorld(t *testing.T, cfg bce.Config) *world {
	t.Helper()
	w := &world{clock: clock.New(), faults: fault.New(7), url: map[string]string{}}
	w.clock.Freeze() // only Advance moves time: no status changes behind a test's back
	cfg.Clock, cfg.Faults = w.clock, w.faults
	w.svc = bce.New(cfg)
	w.svc.AddAccount(acctA)
	w.svc.AddAccount(acctB)
	for _, v := range testVPCs {
		require.NoError(t, w.svc.AddVPC(v))
	}
	for _, region := range []string{"bj", "gz"} {
		w.url[region] = httptestServer(t, w.svc.Handler(region))
	}
	return w
}

// httptestServer serves h on loopback until the test ends and returns its
// base URL.
func httptestServer(tb testing.TB, h http.Handler) string {
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv.URL
}

// client is the official SDK's VPC client for an account at a region's
// endpoint, with retries off so that every error surfaces.
func (w *world) client(t *testing.T, a bce.Account, region string) *vpc.Client {
	t.Helper()
	c, err := vpc.NewClient(a.AccessKeyID, a.SecretAccessKey, w.url[region])
	require.NoError(t, err)
	c.Config.Retry = bcesdk.NewNoRetryPolicy()
	return c
}

// serviceError returns the SDK's service error, failing when err is not one.
func serviceError(t *testing.T, err error) *bcesdk.BceServiceError {
	t.Helper()
	var se *bcesdk.BceServiceError
	require.Error(t, err)
	require.True(t, errors.As(err, &se), "not a service error: %v", err)
	return se
}

// requireCode checks an SDK error's code and HTTP status.
func requireCode(t *testing.T, err error, code string, status int) {
	t.Helper()
	se := serviceError(t, err)
	require.Equal(t, code, se.Code, "message: %s", se.Message)
	require.Equal(t, status, se.StatusCode)
	require.NotEmpty(t, se.RequestId)
}

// createArgs returns the arguments of a Postpaid same-region create.
func createArgs(local, peer string) *vpc.CreatePeerConnArgs {
	return &vpc.CreatePeerConnArgs{
		ClientToken:     newToken(),
		BandwidthInMbps: 100,
		LocalVpcId:      local,
		PeerVpcId:       peer,
		PeerRegion:      "bj",
		Billing:         &vpc.Billing{PaymentTiming: vpc.PAYMENT_TIMING_POSTPAID},
	}
}

var tokenSeq atomic.Int64

// newToken returns a clientToken no other request of the test binary uses:
// the create document requires one.
func newToken() string { return fmt.Sprintf("test-token-%d", tokenSeq.Add(1)) }

// create makes a connection through the SDK and returns its ID.
func create(t *testing.T, c *vpc.Client, args *vpc.CreatePeerConnArgs) string {
	t.Helper()
	res, err := c.CreatePeerConn(args)
	require.NoError(t, err)
	require.Regexp(t, `^peerconn-[0-9a-z]{12}$`, res.PeerConnId)
	return res.PeerConnId
}

// status reads a connection's status through the SDK.
func status(t *testing.T, c *vpc.Client, id string) string {
	t.Helper()
	pc, err := c.GetPeerConnDetail(id, "")
	require.NoError(t, err)
	return string(pc.Status)
}

// signOpts is how raw requests are signed.
type signOpts struct {
	timestamp time.Time // zero: now
	expire    int       // 0: 1800
	token     string    // x-bce-security-token
}

// signed builds a request signed by the SDK's own signer, to be tampered
// with or sent as it is.
func signed(t *testing.T, a bce.Account, method, rawURL string, body []byte, o signOpts) *http.Request {
	t.Helper()
	req, err := sign(a, method, rawURL, body, o)
	require.NoError(t, err)
	return req
}

// sign is signed for goroutines, where a test must not stop.
func sign(a bce.Account, method, rawURL string, body []byte, o signOpts) (*http.Request, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	var sr bcehttp.Request
	sr.SetMethod(method)
	sr.SetUri(u.Path)
	params := map[string]string{}
	for k, v := range u.Query() {
		params[k] = v[0]
	}
	sr.SetParams(params)
	sr.SetHeader("Host", u.Host)
	sr.SetHeader("Content-Type", "application/json;charset=utf-8")
	ts := o.timestamp
	if ts.IsZero() {
		ts = time.Now()
	}
	sr.SetHeader("x-bce-date", ts.UTC().Format("2006-01-02T15:04:05Z"))
	if len(body) > 0 {
		sum := md5.Sum(body)
		sr.SetHeader("Content-Md5", base64.StdEncoding.EncodeToString(sum[:]))
		sr.SetHeader("Content-Length", strconv.Itoa(len(body)))
	}
	cred, err := auth.NewBceCredentials(a.AccessKeyID, a.SecretAccessKey)
	if err != nil {
		return nil, err
	}
	cred.SessionToken = o.token // the signer adds and signs x-bce-security-token
	expire := o.expire
	if expire == 0 {
		expire = 1800
	}
	(&auth.BceV1Signer{}).Sign(&sr, cred, &auth.SignOptions{HeadersToSign: auth.DEFAULT_HEADERS_TO_SIGN, Timestamp: ts.Unix(), ExpireSeconds: expire})

	req, err := http.NewRequest(method, rawURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range sr.Headers() {
		if k != "Host" {
			req.Header.Set(k, v)
		}
	}
	return req, nil
}

// call sends a signed request and decodes a 200 answer into out (when not
// nil); any other status is an error. It is safe in goroutines.
func call(a bce.Account, method, rawURL string, body []byte, out any) error {
	req, err := sign(a, method, rawURL, body, signOpts{})
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, rawURL, resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// rawError is an error answer as sent.
type rawError struct {
	status    int
	requestID string
	body      map[string]any
}

// send sends a raw request and decodes an error answer (status 200 gives
// an empty body map).
func send(t *testing.T, req *http.Request) rawError {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	out := rawError{status: resp.StatusCode, requestID: resp.Header.Get("x-bce-request-id"), body: map[string]any{}}
	if len(data) > 0 {
		require.NoError(t, json.Unmarshal(data, &out.body), "body %q", data)
	}
	return out
}

// The longest each transient status lasts with the default timing: a test
// that waits for a transition advances the clock by these.
var (
	creatingFor   = bce.DefaultTiming().Creating.Max
	startingFor   = bce.DefaultTiming().Starting.Max
	updatingFor   = bce.DefaultTiming().Updating.Max
	deletingFor   = bce.DefaultTiming().Deleting.Max
	deletedFor    = bce.DefaultTiming().Deleted.Max
	dnsWaitFor    = bce.DefaultTiming().DNSWait.Max
	dnsSyncFor    = bce.DefaultTiming().DNSSync.Max
	dnsClosingFor = bce.DefaultTiming().DNSClosing.Max
)
