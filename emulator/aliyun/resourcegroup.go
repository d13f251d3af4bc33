package aliyun

// MoveResourceGroup, VpcPeer 2022-01-01: moves a connection to another of
// the account's resource groups. ResourceId, ResourceType (PeerConnection),
// NewResourceGroupId and RegionId are all required.

// checkResourceGroup refuses a resource group ID that cannot exist. The
// emulator keeps no list of resource groups: any ID of the form rg-<lowercase
// letters and digits> is taken to be one of the caller's.
func checkResourceGroup(id string) error {
	if err := checkID(id, "rg-"); err != nil {
		return newError(400, "OperationFailed.NotExist.ResourceGroup", "The operation failed because the resource group does not exist.")
	}
	return nil
}

func (s *Service) moveResourceGroup(c *call) (any, error) {
	p := c.params
	region := p.get("RegionId")
	if region == "" {
		return nil, errMissingParam("RegionId")
	}
	if err := checkResourceType(p); err != nil {
		return nil, err
	}
	id := p.get("ResourceId")
	if id == "" {
		return nil, errMissingParam("ResourceId")
	}
	rg := p.get("NewResourceGroupId")
	if rg == "" {
		return nil, errMissingParam("NewResourceGroupId")
	}
	if err := checkResourceGroup(rg); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	// A connection is in its requesting account's resource group: the
	// accepting account does not find it here, as with the tag APIs.
	conn := s.peers[id]
	if conn == nil || conn.owner != c.uid || conn.vpc.RegionID != region {
		return nil, newError(400, "ResourceNotFound.VpcPeer", "The specified resource of VpcPeer is not found: "+id+".")
	}
	conn.resourceGroup = rg
	return successResponse{RequestID: c.requestID, Success: true}, nil
}
