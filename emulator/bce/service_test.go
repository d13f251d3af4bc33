package bce_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

func TestAddVPCRejects(t *testing.T) {
	svc := bce.New(bce.Config{})
	svc.AddAccount(acctA)
	require.NoError(t, svc.AddVPC(bce.VPC{ID: "vpc-ok", Region: "bj", AccountID: acctA.ID, CIDR: "10.0.0.0/16"}))
	for _, tc := range []struct {
		name string
		vpc  bce.VPC
	}{
		{"no ID", bce.VPC{Region: "bj", AccountID: acctA.ID, CIDR: "10.0.0.0/16"}},
		{"ID with a slash", bce.VPC{ID: "vpc/1", Region: "bj", AccountID: acctA.ID, CIDR: "10.0.0.0/16"}},
		{"ID taken", bce.VPC{ID: "vpc-ok", Region: "bj", AccountID: acctA.ID, CIDR: "10.1.0.0/16"}},
		{"no region", bce.VPC{ID: "vpc-1", AccountID: acctA.ID, CIDR: "10.0.0.0/16"}},
		{"unknown account", bce.VPC{ID: "vpc-1", Region: "bj", AccountID: acctB.ID, CIDR: "10.0.0.0/16"}},
		{"bad CIDR", bce.VPC{ID: "vpc-1", Region: "bj", AccountID: acctA.ID, CIDR: "10.0.0.0"}},
		{"IPv6 as the CIDR", bce.VPC{ID: "vpc-1", Region: "bj", AccountID: acctA.ID, CIDR: "240c::/56"}},
		{"IPv4 as the IPv6 CIDR", bce.VPC{ID: "vpc-1", Region: "bj", AccountID: acctA.ID, CIDR: "10.0.0.0/16", IPv6CIDR: "10.1.0.0/16"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Error(t, svc.AddVPC(tc.vpc))
		})
	}
	require.Len(t, svc.VPCs(), 1)
}

// Replacing an account retires its old access key.
func TestAddAccountReplaces(t *testing.T) {
	w := newWorld(t, bce.Config{})
	rotated := acctA
	rotated.AccessKeyID, rotated.SecretAccessKey = "ak-rotated", "sk-rotated"
	w.svc.AddAccount(rotated)
	_, err := w.client(t, acctA, "bj").ListPeerConn(nil)
	requireCode(t, err, bce.CodeInvalidAccessKeyID, 403)
	_, err = w.client(t, rotated, "bj").ListPeerConn(nil)
	require.NoError(t, err)
}
