package aliyun_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpcpeer"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/aliyun"
	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
)

// Two accounts with UIDs above 2^53, so that any float64 on the way loses
// their last digits (253460731706911258 becomes ...260).
var (
	acctA = aliyun.Account{UID: 253460731706911258, AccessKeyID: "LTAI5tAccountAAAAAAAAAAA", AccessKeySecret: "secretAsecretAsecretAsecretA12"}
	acctB = aliyun.Account{UID: 283117732402484001, AccessKeyID: "LTAI5tAccountBBBBBBBBBBB", AccessKeySecret: "secretBsecretBsecretBsecretB34"}
)

// Fixture VPCs and networks: two of A's in Hangzhou, one of A's in Shanghai,
// and B's in both.
const (
	vpcA1  = "vpc-bp1aaaaaaaaaaaaaaaaa1"
	vpcA2  = "vpc-bp1aaaaaaaaaaaaaaaaa2"
	vpcA3  = "vpc-uf6aaaaaaaaaaaaaaaaa3"
	vpcB1  = "vpc-bp1bbbbbbbbbbbbbbbbb1"
	vpcB2  = "vpc-uf6bbbbbbbbbbbbbbbbb2"
	netA1  = "n-5qaaaaaaaaaaaaaaaaaaaaa1"
	netA2  = "n-5qaaaaaaaaaaaaaaaaaaaaa2"
	netA3  = "n-5qaaaaaaaaaaaaaaaaaaaaa3"
	netA4  = "n-5qaaaaaaaaaaaaaaaaaaaaa4"
	netB1  = "n-5qbbbbbbbbbbbbbbbbbbbbb1"
	hz, sh = "cn-hangzhou", "cn-shanghai"
	xian   = "cn-xian-unicom"
	dg     = "cn-dongguan-9"
)

// env is a service with the fixtures, served over loopback.
type env struct {
	svc    *aliyun.Service
	clock  *clock.Clock
	faults *fault.Injector
	srv    *httptest.Server
	host   string // "127.0.0.1:port", the SDK's Domain
}

func newEnv(t *testing.T) *env { return newEnvWith(t, aliyun.Config{}) }

// newEnvWith is newEnv with a configuration of the test's (its clock and
// faults are the env's own).
func newEnvWith(t *testing.T, cfg aliyun.Config) *env {
	t.Helper()
	e := &env{clock: clock.New(), faults: fault.New(1)}
	// Only Advance moves a frozen clock: no transient status can end between
	// an action and the check after it, however slow the machine.
	e.clock.Freeze()
	cfg.Clock, cfg.Faults = e.clock, e.faults
	e.svc = aliyun.New(cfg)
	e.svc.AddAccount(acctA)
	e.svc.AddAccount(acctB)
	for _, v := range []aliyun.VPC{
		{ID: vpcA1, RegionID: hz, OwnerUID: acctA.UID, IPv4CIDRs: []string{"10.1.0.0/16"}, IPv6CIDRs: []string{"2408:4000:3c5:6e00::/56"}},
		{ID: vpcA2, RegionID: hz, OwnerUID: acctA.UID, IPv4CIDRs: []string{"10.2.0.0/16"}},
		{ID: vpcA3, RegionID: sh, OwnerUID: acctA.UID, IPv4CIDRs: []string{"10.3.0.0/16"}},
		{ID: vpcB1, RegionID: hz, OwnerUID: acctB.UID, IPv4CIDRs: []string{"192.168.0.0/16"}},
		{ID: vpcB2, RegionID: sh, OwnerUID: acctB.UID, IPv4CIDRs: []string{"172.16.0.0/12"}},
	} {
		require.NoError(t, e.svc.AddVPC(v))
	}
	for _, n := range []aliyun.Network{
		{ID: netA1, EnsRegionID: xian, OwnerUID: acctA.UID, IPv4CIDRs: []string{"10.0.0.0/8"}},
		{ID: netA2, EnsRegionID: xian, OwnerUID: acctA.UID, IPv4CIDRs: []string{"192.168.0.0/16"}},
		{ID: netA3, EnsRegionID: xian, OwnerUID: acctA.UID, IPv4CIDRs: []string{"172.16.0.0/16"}},
		{ID: netA4, EnsRegionID: dg, OwnerUID: acctA.UID, IPv4CIDRs: []string{"172.17.0.0/16"}},
		{ID: netB1, EnsRegionID: xian, OwnerUID: acctB.UID, IPv4CIDRs: []string{"10.9.0.0/16"}},
	} {
		require.NoError(t, e.svc.AddNetwork(n))
	}
	e.srv = httptest.NewServer(e.svc.Handler())
	t.Cleanup(e.srv.Close)
	e.host = strings.TrimPrefix(e.srv.URL, "http://")
	return e
}

// addVPC adds a VPC of uid in region under a fresh ID and returns the ID:
// VpcPeer allows one connection per VPC pair, so a test that needs more
// connections than the fixtures' pairs gives each one a VPC of its own.
func (e *env) addVPC(t *testing.T, uid int64, region string) string {
	t.Helper()
	n := len(e.svc.VPCs())
	id := fmt.Sprintf("vpc-t%020d", n)
	require.NoError(t, e.svc.AddVPC(aliyun.VPC{ID: id, RegionID: region, OwnerUID: uid,
		IPv4CIDRs: []string{fmt.Sprintf("10.%d.%d.0/24", 100+n/256%100, n%256)}}))
	return id
}

// vpcClient is the official typed VpcPeer client for an account.
func (e *env) vpcClient(t *testing.T, a aliyun.Account, region string) *vpcpeer.Client {
	t.Helper()
	c, err := vpcpeer.NewClientWithAccessKey(region, a.AccessKeyID, a.AccessKeySecret)
	require.NoError(t, err)
	c.Domain = e.host
	return c
}

// sdkClient is the official generic client, as the ENS adapter uses it.
func (e *env) sdkClient(t *testing.T, a aliyun.Account) *sdk.Client {
	t.Helper()
	c, err := sdk.NewClientWithAccessKey("cn-hangzhou", a.AccessKeyID, a.AccessKeySecret)
	require.NoError(t, err)
	return c
}

// ens calls an ENS action through CommonRequest and decodes the answer with
// UseNumber, as an ENS client must: the SDK leaves the body undecoded.
func (e *env) ens(t *testing.T, c *sdk.Client, action string, q map[string]string) (map[string]any, error) {
	t.Helper()
	return e.common(t, c, "Ens", "2017-11-10", action, q)
}

// common calls an action of any product through CommonRequest, the
// parameters in the query.
func (e *env) common(t *testing.T, c *sdk.Client, product, version, action string, q map[string]string) (map[string]any, error) {
	t.Helper()
	cr := requests.NewCommonRequest()
	cr.Method, cr.Scheme, cr.Domain = "POST", "http", e.host
	cr.Product, cr.Version, cr.ApiName = product, version, action
	for k, v := range q {
		cr.QueryParams[k] = v
	}
	resp, err := c.ProcessCommonRequest(cr)
	if err != nil {
		return nil, err
	}
	return decode(t, resp.GetHttpContentBytes()), nil
}

// createPeer creates a connection through the SDK and returns its ID.
func (e *env) createPeer(t *testing.T, c *vpcpeer.Client, vpc, accRegion, accVpc string, accUID int64, extra map[string]string) string {
	t.Helper()
	req := vpcpeer.CreateCreateVpcPeerConnectionRequest()
	req.VpcId, req.AcceptingRegionId, req.AcceptingVpcId = vpc, accRegion, accVpc
	req.AcceptingAliUid = requests.NewInteger64(accUID)
	for k, v := range extra {
		req.FormParams[k] = v
	}
	resp, err := c.CreateVpcPeerConnection(req)
	require.NoError(t, err)
	require.NotEmpty(t, resp.InstanceId)
	return resp.InstanceId
}

func (e *env) getPeer(t *testing.T, c *vpcpeer.Client, id string) (*vpcpeer.GetVpcPeerConnectionAttributeResponse, error) {
	t.Helper()
	req := vpcpeer.CreateGetVpcPeerConnectionAttributeRequest()
	req.InstanceId = id
	return c.GetVpcPeerConnectionAttribute(req)
}

// mustGet returns a connection as the SDK decodes it.
func (e *env) mustGet(t *testing.T, c *vpcpeer.Client, id string) *vpcpeer.GetVpcPeerConnectionAttributeResponse {
	t.Helper()
	resp, err := e.getPeer(t, c, id)
	require.NoError(t, err)
	return resp
}

// mustStatus asserts a connection's status as the SDK decodes it.
func (e *env) mustStatus(t *testing.T, c *vpcpeer.Client, id, want string) *vpcpeer.GetVpcPeerConnectionAttributeResponse {
	t.Helper()
	resp, err := e.getPeer(t, c, id)
	require.NoError(t, err)
	require.Equal(t, want, resp.Status, "status of %s", id)
	return resp
}

// serverCode returns the cloud's code of an SDK error, failing if it is not
// a server error.
func serverCode(t *testing.T, err error) string {
	t.Helper()
	require.Error(t, err)
	var se *sdkerrors.ServerError
	require.True(t, errors.As(err, &se), "not a server error: %v", err)
	return se.ErrorCode()
}

// creds are what the raw signer signs with.
type creds struct{ id, secret, token string }

func credsOf(a aliyun.Account) creds { return creds{id: a.AccessKeyID, secret: a.AccessKeySecret} }

var nonceSeq atomic.Int64

// rawCall is a request built and signed by the test's own signer, for the
// cases the SDK cannot produce: old timestamps, replayed nonces, bad values.
type rawCall struct {
	method    string            // GET or POST
	version   string            // default VpcPeer's
	action    string            //
	query     map[string]string // API parameters in the query
	form      map[string]string // API parameters in the form body (POST)
	timestamp time.Time         // default now
	nonce     string            // default unique
	omit      []string          // common parameters to leave out
}

// rawResult is an answer: status, and the body decoded with UseNumber.
type rawResult struct {
	status int
	body   map[string]any
	raw    []byte
}

func (r rawResult) code() string {
	c, _ := r.body["Code"].(string)
	return c
}

// testStringToSign and testSign are the test's own signature v1, checked
// against vectors A1 and A2 in TestSignerVectors.
func testStringToSign(method string, p map[string]string) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	enc := func(s string) string {
		return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
	}
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = enc(k) + "=" + enc(p[k])
	}
	return method + "&%2F&" + enc(strings.Join(pairs, "&"))
}

func testSign(method, secret string, p map[string]string) string {
	h := hmac.New(sha1.New, []byte(secret+"&"))
	h.Write([]byte(testStringToSign(method, p)))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// do sends a raw call signed with c.
func (e *env) do(t *testing.T, c creds, rc rawCall) rawResult {
	t.Helper()
	if rc.method == "" {
		rc.method = http.MethodPost
	}
	if rc.version == "" {
		rc.version = "2022-01-01"
	}
	if rc.timestamp.IsZero() {
		rc.timestamp = time.Now()
	}
	if rc.nonce == "" {
		rc.nonce = fmt.Sprintf("nonce-%d-%d", time.Now().UnixNano(), nonceSeq.Add(1))
	}
	query := map[string]string{
		"Format": "JSON", "Version": rc.version, "Action": rc.action, "AccessKeyId": c.id,
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureType": "",
		"SignatureNonce": rc.nonce, "Timestamp": rc.timestamp.UTC().Format("2006-01-02T15:04:05Z"),
	}
	if c.token != "" {
		query["SecurityToken"] = c.token
	}
	for _, k := range rc.omit {
		delete(query, k)
	}
	for k, v := range rc.query {
		query[k] = v
	}
	all := map[string]string{}
	for k, v := range query {
		all[k] = v
	}
	for k, v := range rc.form {
		all[k] = v
	}
	if !contains(rc.omit, "Signature") {
		query["Signature"] = testSign(rc.method, c.secret, all)
	}
	q := url.Values{}
	for k, v := range query {
		q.Set(k, v)
	}
	f := url.Values{}
	for k, v := range rc.form {
		f.Set(k, v)
	}
	req, err := http.NewRequest(rc.method, e.srv.URL+"/?"+q.Encode(), strings.NewReader(f.Encode()))
	require.NoError(t, err)
	if len(rc.form) > 0 {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := e.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResult{status: resp.StatusCode, body: decode(t, b), raw: b}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	require.NoError(t, d.Decode(&m), "body: %s", b)
	return m
}

// requireErrorBody asserts the error shape: exactly the five keys, every
// value a string.
func requireErrorBody(t *testing.T, r rawResult) {
	t.Helper()
	require.Len(t, r.body, 5, "body: %s", r.raw)
	for _, k := range []string{"RequestId", "HostId", "Code", "Message", "Recommend"} {
		v, ok := r.body[k]
		require.True(t, ok, "missing %s in %s", k, r.raw)
		_, isString := v.(string)
		require.True(t, isString, "%s is not a string in %s", k, r.raw)
	}
}

// createParams are valid CreateVpcPeerConnection parameters: A's two
// Hangzhou VPCs.
func createParams() map[string]string {
	return map[string]string{
		"RegionId": hz, "VpcId": vpcA1, "AcceptingAliUid": fmt.Sprint(acctA.UID),
		"AcceptingRegionId": hz, "AcceptingVpcId": vpcA2,
	}
}

func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "\x00" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

// openapiCall is one call through darabonba-openapi's generic client, made
// as the generated Alibaba SDKs make RPC calls: POST /, ACS3-HMAC-SHA256,
// parameters in the query and in a form body. Lists and maps in query and
// body are flattened by the SDK, to X.N and X.N.Key.
type openapiCall struct {
	version string // default VpcPeer's
	action  string
	query   map[string]any
	body    map[string]any
	headers map[string]*string // override the SDK's own, x-acs-date and x-acs-signature-nonce included
}

// openapiConfig is what a darabonba client is made with: credentials, and
// how the request is changed after signing (nil: not at all).
type openapiConfig struct {
	creds
	algorithm string // default ACS3-HMAC-SHA256
	tamper    func(*http.Request)
}

// tamperingClient sends the SDK's requests after tamper has changed them,
// as a party on the way would.
type tamperingClient func(*http.Request)

func (tc tamperingClient) Call(r *http.Request, tr *http.Transport) (*http.Response, error) {
	tc(r)
	return (&http.Client{Transport: tr}).Do(r)
}

// openapiClient is the generic client bound to the emulator.
func (e *env) openapiClient(t *testing.T, oc openapiConfig) *openapi.Client {
	t.Helper()
	cfg := &openapi.Config{
		AccessKeyId:     dara.String(oc.id),
		AccessKeySecret: dara.String(oc.secret),
		Endpoint:        dara.String(e.host),
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String(hz),
	}
	if oc.token != "" {
		cfg.SecurityToken = dara.String(oc.token)
	}
	if oc.algorithm != "" {
		cfg.SignatureAlgorithm = dara.String(oc.algorithm)
	}
	if oc.tamper != nil {
		cfg.HttpClient = tamperingClient(oc.tamper)
	}
	c, err := openapi.NewClient(cfg)
	require.NoError(t, err)
	return c
}

// callOpenAPI makes the call and returns the decoded response body.
func (e *env) callOpenAPI(t *testing.T, c *openapi.Client, oc openapiCall) (map[string]any, error) {
	t.Helper()
	if oc.version == "" {
		oc.version = "2022-01-01"
	}
	params := &openapi.Params{
		Action: dara.String(oc.action), Version: dara.String(oc.version),
		Protocol: dara.String("HTTP"), Pathname: dara.String("/"), Method: dara.String("POST"),
		AuthType: dara.String("AK"), Style: dara.String("RPC"),
		ReqBodyType: dara.String("formData"), BodyType: dara.String("json"),
	}
	req := &openapi.OpenApiRequest{Query: openapiutil.Query(oc.query), Headers: oc.headers}
	if oc.body != nil {
		req.Body = oc.body
	}
	resp, err := c.CallApi(params, req, &dara.RuntimeOptions{})
	if err != nil {
		return nil, err
	}
	body, ok := resp["body"].(map[string]any)
	require.True(t, ok, "response: %v", resp)
	return body, nil
}

// openapiError returns the HTTP status, the cloud's code and the message of
// a darabonba error, failing if it is not a server's answer.
func openapiError(t *testing.T, err error) (status int, code, message string) {
	t.Helper()
	require.Error(t, err)
	var se *tea.SDKError
	require.True(t, errors.As(err, &se), "not an SDK error: %v", err)
	return tea.IntValue(se.StatusCode), tea.StringValue(se.Code), tea.StringValue(se.Message)
}
