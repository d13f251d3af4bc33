package bce_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/baidubce/bce-sdk-go/services/vpc"
	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// listVPCs walks bce-sdk-go's ListVPC from the first page and returns the
// IDs and blocks it read, and the pages.
func listVPCs(t *testing.T, c *vpc.Client, args vpc.ListVPCArgs) (ids []string, cidrs map[string]string, pages int) {
	t.Helper()
	cidrs = map[string]string{}
	for {
		r, err := c.ListVPC(&args)
		require.NoError(t, err)
		pages++
		require.Equal(t, args.Marker, r.Marker, "the page says where it started")
		for _, v := range r.VPCs {
			ids = append(ids, v.VPCID)
			cidrs[v.VPCID] = v.Cidr
		}
		if !r.IsTruncated {
			require.Empty(t, r.NextMarker, "no nextMarker on the last page")
			return ids, cidrs, pages
		}
		require.NotEmpty(t, r.NextMarker)
		args.Marker = r.NextMarker
	}
}

// The VPC listing, judged by bce-sdk-go: the caller's VPCs of the
// listener's region only, in pages of maxKeys, narrowed by vpcIds.
func TestListVPC(t *testing.T) {
	w := newWorld(t, bce.Config{})
	for _, tc := range []struct {
		name    string
		account bce.Account
		region  string
		args    vpc.ListVPCArgs
		want    []string
		pages   int
	}{
		{"A in bj", acctA, "bj", vpc.ListVPCArgs{}, []string{"vpc-abj1", "vpc-abj2", "vpc-abj3", "vpc-arly"}, 1},
		{"pages of 1", acctA, "bj", vpc.ListVPCArgs{MaxKeys: 1}, []string{"vpc-abj1", "vpc-abj2", "vpc-abj3", "vpc-arly"}, 4},
		{"pages of 3", acctA, "bj", vpc.ListVPCArgs{MaxKeys: 3}, []string{"vpc-abj1", "vpc-abj2", "vpc-abj3", "vpc-arly"}, 2},
		{"A in gz", acctA, "gz", vpc.ListVPCArgs{}, []string{"vpc-agz1"}, 1},
		{"B in bj", acctB, "bj", vpc.ListVPCArgs{}, []string{"vpc-bbj1", "vpc-brly"}, 1},
		{"vpcIds, another account's left out", acctA, "bj", vpc.ListVPCArgs{VpcIds: "vpc-abj3,vpc-bbj1,vpc-abj1"}, []string{"vpc-abj1", "vpc-abj3"}, 1},
		{"not default", acctA, "bj", vpc.ListVPCArgs{IsDefault: "false"}, []string{"vpc-abj1", "vpc-abj2", "vpc-abj3", "vpc-arly"}, 1},
		{"default", acctA, "bj", vpc.ListVPCArgs{IsDefault: "true"}, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, cidrs, pages := listVPCs(t, w.client(t, tc.account, tc.region), tc.args)
			require.Equal(t, tc.want, ids)
			require.Equal(t, tc.pages, pages)
			for _, v := range testVPCs {
				if c, ok := cidrs[v.ID]; ok {
					require.Equal(t, v.CIDR, c, v.ID)
				}
			}
		})
	}
}

// Bad paging parameters are refused with InvalidURI (BCE's common code for
// a query the service does not accept; the document names none), sent raw (the SDK checks maxKeys itself).
func TestListVPCInvalid(t *testing.T) {
	w := newWorld(t, bce.Config{})
	for _, q := range []string{"maxKeys=0", "maxKeys=1001", "maxKeys=x", "isDefault=yes"} {
		t.Run(q, func(t *testing.T) {
			resp, err := http.DefaultClient.Do(signed(t, acctA, "GET", w.url["bj"]+"/v1/vpc?"+q, nil, signOpts{}))
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, 400, resp.StatusCode, string(body))
			require.Contains(t, string(body), `"code":"InvalidURI"`)
		})
	}
}

// A listing of many VPCs in pages of 1000, in ID order, each once.
func TestListVPCLarge(t *testing.T) {
	w := newWorld(t, bce.Config{})
	var want []string
	for i := range 2500 {
		id := fmt.Sprintf("vpc-x%05d", i)
		want = append(want, id)
		require.NoError(t, w.svc.AddVPC(bce.VPC{ID: id, Region: "gz", AccountID: acctB.ID, CIDR: fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}))
	}
	ids, _, pages := listVPCs(t, w.client(t, acctB, "gz"), vpc.ListVPCArgs{})
	require.Equal(t, 3, pages)
	want = append([]string{"vpc-bgz1"}, want...) // IDs sort: "b" before "x"
	require.True(t, slices.Equal(want, ids), "got %d IDs, from %s to %s", len(ids), ids[0], ids[len(ids)-1])
}
