package bce

import "net/http"

// getVPC answers GET /v1/vpc/{vpcId} in the shape bce-sdk-go's
// vpc.GetVPCDetail decodes. The VPC must be the caller's and in this
// region; any other is NoSuchObject, as a regional API of one account sees it.
func (s *Service) getVPC(c *call) (any, error) {
	v := s.vpcs[c.id]
	if v == nil || v.AccountID != c.account || v.Region != c.region {
		return nil, errorf(http.StatusNotFound, CodeNoSuchObject, "vpc %s does not exist in region %s", c.id, c.region)
	}
	return vpcResult{VPC: wireVPC{
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
	}}, nil
}
