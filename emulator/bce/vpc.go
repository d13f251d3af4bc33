package bce

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// getVPC answers GET /v1/vpc/{vpcId} in the shape bce-sdk-go's
// vpc.GetVPCDetail decodes. The VPC must be the caller's and in this
// region; any other is NoSuchObject, as a regional API of one account sees it.
func (s *Service) getVPC(c *call) (any, error) {
	v := s.vpcs[c.id]
	if v == nil || v.AccountID != c.account || v.Region != c.region {
		return nil, errorf(http.StatusNotFound, CodeNoSuchObject, "vpc %s does not exist in region %s", c.id, c.region)
	}
	return vpcResult{VPC: v.wire()}, nil
}

// listVPC answers GET /v1/vpc in the shape bce-sdk-go's vpc.ListVPC
// decodes: the caller's VPCs of this region in ID order, from marker (the
// ID the page starts at), at most maxKeys (1 to 1000, default 1000) a page,
// narrowed by isDefault and by vpcIds (a comma-separated list). Source: the
// VPC API document "查询VPC列表" (https://cloud.baidu.com/doc/VPC/s/wjwvyub23)
// and bce-sdk-go services/vpc ListVPC.
func (s *Service) listVPC(c *call) (any, error) {
	maxKeys, bad := maxKeysOf(c.query)
	if bad != nil {
		return nil, bad
	}
	isDefault := c.query.Get("isDefault")
	if isDefault != "" && isDefault != "true" && isDefault != "false" {
		return nil, badQuery("isDefault must be true or false, not %q", isDefault)
	}
	var only map[string]bool
	if ids := c.query.Get("vpcIds"); ids != "" {
		only = make(map[string]bool)
		for _, id := range strings.Split(ids, ",") {
			only[strings.TrimSpace(id)] = true
		}
	}
	marker := c.query.Get("marker")
	all := s.vpcIndex[acctRegion{c.account, c.region}]
	pos, _ := slices.BinarySearch(all, marker)
	out := vpcListResult{Marker: marker, MaxKeys: maxKeys, VPCs: []wireVPC{}}
	for ; pos < len(all); pos++ {
		v := s.vpcs[all[pos]]
		if only != nil && !only[v.ID] || isDefault != "" && strconv.FormatBool(v.isDefault) != isDefault {
			continue
		}
		if len(out.VPCs) == maxKeys {
			out.IsTruncated, out.NextMarker = true, v.ID
			break
		}
		out.VPCs = append(out.VPCs, v.wire())
	}
	return out, nil
}

// wire is the VPC as the VPC API shows it.
func (v *vpcRecord) wire() wireVPC {
	return wireVPC{
		VPCID:         v.ID,
		Name:          v.Name,
		Cidr:          v.CIDR,
		Ipv6Cidr:      v.IPv6CIDR,
		CreatedTime:   v.created.UTC().Format(vpcTimeLayout),
		Description:   v.description,
		IsDefault:     v.isDefault,
		Relay:         v.Relay,
		Subnets:       []struct{}{},
		SecondaryCidr: []string{},
		Tags:          []wireTag{},
	}
}

// putVPCLocked stores a VPC and keeps the listing's index sorted.
func (s *Service) putVPCLocked(v *vpcRecord) {
	s.vpcs[v.ID] = v
	k := acctRegion{v.AccountID, v.Region}
	ids := s.vpcIndex[k]
	i, _ := slices.BinarySearch(ids, v.ID)
	s.vpcIndex[k] = slices.Insert(ids, i, v.ID)
	s.putTableLocked(v)
}
