package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	alisdk "github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	alierrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/baidubce/bce-sdk-go/bce"
	"github.com/baidubce/bce-sdk-go/services/vpc"

	"github.com/peeringkit/peering"
)

// The peer lister lists the estate the way existing inventory tools do
// (Steampipe's plugins are the pattern): every target at once, each one's
// pages one after another at a page size of 50, through the clouds'
// official SDKs, with no client-side rate limit, and on a throttling answer
// a one-second sleep and the same request again. It lists connections only:
// no address blocks, which the inventory also brings. It is what peerbench
// compares inventory.Collect with, on the same estate in the same run.

// peerPageSize is the page the peer lister asks for.
const peerPageSize = 50

// peerBackoff is how long the peer lister sleeps on a throttling answer.
const peerBackoff = time.Second

// listPeer runs the peer lister over the job's targets, every target at
// once, and reports what each found, as collect does for ours.
func listPeer(ctx context.Context, job collectJob) (*collectReport, error) {
	rep := &collectReport{Targets: make(map[string]targetResult, len(job.Targets))}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	start := time.Now()
	for _, spec := range job.Targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pt := &peerTarget{spec: spec}
			err := pt.list(ctx)
			tr := targetResult{Found: pt.found, Requests: pt.requests, Throttled: pt.throttled, Wall: time.Since(start)}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", spec.Name, err))
				return
			}
			rep.Targets[spec.Name] = tr
			rep.Requests += tr.Requests
			rep.Connections += tr.Found.N
			rep.Listing = max(rep.Listing, tr.Wall)
		}()
	}
	wg.Wait()
	rep.Wall, rep.CPU = time.Since(start), selfCPU()
	if len(errs) > 0 {
		return nil, fmt.Errorf("the peer lister: %d of %d targets failed: %w", len(errs), len(job.Targets), errors.Join(errs...))
	}
	return rep, nil
}

// peerTarget is the peer lister's walk of one target.
type peerTarget struct {
	spec      targetSpec
	found     idSet
	requests  int64
	throttled int
}

func (pt *peerTarget) list(ctx context.Context) error {
	switch pt.spec.Provider {
	case peering.Baidu:
		return pt.listBaidu(ctx)
	case peering.AlibabaVPC:
		return pt.listVpcPeer(ctx)
	case peering.AlibabaENS:
		return pt.listENS(ctx)
	}
	return fmt.Errorf("unknown provider %q", pt.spec.Provider)
}

// call sends one request through send, and while the answer is throttling
// sleeps peerBackoff and sends it again, counting every attempt.
func (pt *peerTarget) call(ctx context.Context, send func() error) error {
	for {
		pt.requests++
		err := send()
		if err == nil || !isThrottling(err) {
			return err
		}
		pt.throttled++
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(peerBackoff):
		}
	}
}

// isThrottling tells the clouds' throttling answers: Baidu's
// RequestRateLimitExceeded (429), Alibaba's Throttling and Throttling.*.
func isThrottling(err error) bool {
	var be *bce.BceServiceError
	if errors.As(err, &be) {
		return be.StatusCode == 429 || be.Code == "RequestRateLimitExceeded"
	}
	var ae *alierrors.ServerError
	if errors.As(err, &ae) {
		return ae.ErrorCode() == "Throttling" || strings.HasPrefix(ae.ErrorCode(), "Throttling.")
	}
	return false
}

// listBaidu walks ListPeerConn (GET /v1/peerconn) by marker through
// bce-sdk-go's VPC client.
func (pt *peerTarget) listBaidu(ctx context.Context) error {
	c, err := vpc.NewClient(pt.spec.AccessKeyID, pt.spec.Secret, pt.spec.Endpoint)
	if err != nil {
		return fmt.Errorf("the Baidu VPC client: %w", err)
	}
	// One request per attempt, so that call counts them and sleeps on
	// throttling itself, as the pattern has it.
	c.Config.Retry = bce.NewNoRetryPolicy()
	// The SDK sets the Timeout of the http.Client it sends with on every
	// request; its shared default client would make that a data race
	// between targets listed at once, so each target has its own.
	c.HTTPClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	args := &vpc.ListPeerConnsArgs{MaxKeys: peerPageSize}
	for {
		var page *vpc.ListPeerConnsResult
		if err := pt.call(ctx, func() (err error) { page, err = c.ListPeerConn(args); return err }); err != nil {
			return fmt.Errorf("listing peering connections after %d: %w", pt.found.N, err)
		}
		for _, p := range page.PeerConns {
			pt.found.add(p.PeerConnId)
		}
		if !page.IsTruncated || page.NextMarker == "" {
			return nil
		}
		args.Marker = page.NextMarker
	}
}

// listVpcPeer walks ListVpcPeerConnections (VpcPeer 2022-01-01) by
// NextToken through the Alibaba SDK's CommonRequest.
func (pt *peerTarget) listVpcPeer(ctx context.Context) error {
	c, err := pt.alibabaClient(pt.spec.Region)
	if err != nil {
		return err
	}
	defer c.Shutdown()
	token := ""
	for {
		q := map[string]string{"RegionId": pt.spec.Region, "MaxResults": strconv.Itoa(peerPageSize)}
		if token != "" {
			q["NextToken"] = token
		}
		var page struct {
			NextToken       string
			VpcPeerConnects []struct{ InstanceId string }
		}
		if err := pt.common(ctx, c, "VpcPeer", "2022-01-01", "ListVpcPeerConnections", q, &page); err != nil {
			return fmt.Errorf("listing VpcPeer connections after %d: %w", pt.found.N, err)
		}
		for _, p := range page.VpcPeerConnects {
			pt.found.add(p.InstanceId)
		}
		if page.NextToken == "" {
			return nil
		}
		token = page.NextToken
	}
}

// listENS walks DescribeNetworkPeerConnections (Ens 2017-11-10) by page
// number through the Alibaba SDK's CommonRequest, until a short page or
// TotalCount, as such tools stop.
func (pt *peerTarget) listENS(ctx context.Context) error {
	c, err := pt.alibabaClient("cn-hangzhou") // ENS is central; the SDK wants a region all the same
	if err != nil {
		return err
	}
	defer c.Shutdown()
	for number := 1; ; number++ {
		q := map[string]string{"PageSize": strconv.Itoa(peerPageSize), "PageNumber": strconv.Itoa(number)}
		var page struct {
			TotalCount          json.Number
			NetworkPeerConnects []struct{ InstanceId string }
		}
		if err := pt.common(ctx, c, "Ens", "2017-11-10", "DescribeNetworkPeerConnections", q, &page); err != nil {
			return fmt.Errorf("listing ENS connections, page %d: %w", number, err)
		}
		for _, p := range page.NetworkPeerConnects {
			pt.found.add(p.InstanceId)
		}
		total, err := page.TotalCount.Int64()
		if err != nil {
			return fmt.Errorf("page %d: TotalCount %q: %w", number, page.TotalCount, err)
		}
		if len(page.NetworkPeerConnects) < peerPageSize || int64(pt.found.N) >= total {
			return nil
		}
	}
}

func (pt *peerTarget) alibabaClient(region string) (*alisdk.Client, error) {
	c, err := alisdk.NewClientWithAccessKey(region, pt.spec.AccessKeyID, pt.spec.Secret)
	if err != nil {
		return nil, fmt.Errorf("the Alibaba SDK client: %w", err)
	}
	return c, nil
}

// common sends one CommonRequest (the emulator is plain HTTP at the
// spec's host:port) and decodes its answer into out.
func (pt *peerTarget) common(ctx context.Context, c *alisdk.Client, product, version, action string, q map[string]string, out any) error {
	return pt.call(ctx, func() error {
		cr := requests.NewCommonRequest()
		cr.Method, cr.Scheme, cr.Domain = "POST", "http", pt.spec.Endpoint
		cr.Product, cr.Version, cr.ApiName = product, version, action
		for k, v := range q {
			cr.QueryParams[k] = v
		}
		resp, err := c.ProcessCommonRequest(cr)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(resp.GetHttpContentBytes(), out); err != nil {
			return fmt.Errorf("decoding %s: %w", action, err)
		}
		return nil
	})
}
