package aliyun

import (
	"slices"
	"strconv"
)

// The VpcPeer tag APIs. Tags are regional: a request names a region, and
// reaches the connections whose requester side is in it. Only the requesting
// account owns a connection's tags; both ends see them on Get and List.

type successResponse struct {
	RequestID string `json:"RequestId"`
	Success   bool   `json:"Success"`
}

type tagResourceJSON struct {
	ResourceID   string `json:"ResourceId"`
	ResourceType string `json:"ResourceType"`
	RegionNo     string `json:"RegionNo"`
	TagKey       string `json:"TagKey"`
	TagValue     string `json:"TagValue"`
}

type listTagResourcesResponse struct {
	RequestID    string            `json:"RequestId"`
	NextToken    string            `json:"NextToken,omitempty"`
	MaxResults   int               `json:"MaxResults"`
	TagResources []tagResourceJSON `json:"TagResources"`
}

const peerResourceType = "PeerConnection"

// tagScope reads what the three tag APIs share: region, resource type and
// resource IDs (required unless optional).
func tagScope(p params, idsRequired bool) (region string, ids []string, err error) {
	if region = p.get("RegionId"); region == "" {
		return "", nil, errMissingParam("RegionId")
	}
	if err := checkResourceType(p); err != nil {
		return "", nil, err
	}
	if ids, err = listParam(p, "ResourceId", errIllegal); err != nil {
		return "", nil, err
	}
	if len(ids) > maxResourceIDs {
		return "", nil, newError(400, "NumberExceed.ResourceIds", "The maximum number of resource IDs is exceeded.")
	}
	if idsRequired && len(ids) == 0 {
		return "", nil, errMissingParam("ResourceId")
	}
	return region, ids, nil
}

// checkResourceType requires ResourceType=PeerConnection, the one type the
// tag and resource group APIs of VpcPeer take.
func checkResourceType(p params) error {
	switch rt := p.get("ResourceType"); rt {
	case "":
		return errMissingParam("ResourceType")
	case peerResourceType:
		return nil
	default:
		return newError(400, "InvalidInstanceType.NotFound", "The instance type is not found: "+rt+"; use PeerConnection.")
	}
}

// ownedLocked finds the caller's connections by ID in a region; every one
// must exist.
func (s *Service) ownedLocked(uid int64, region string, ids []string) ([]*vpcConn, error) {
	out := make([]*vpcConn, 0, len(ids))
	for _, id := range ids {
		conn := s.peers[id]
		if conn == nil || conn.owner != uid || conn.vpc.RegionID != region {
			return nil, newError(400, "InvalidInstanceIds.NotFound", "The instance IDs are not found: "+id+".")
		}
		out = append(out, conn)
	}
	return out, nil
}

func (s *Service) tagResources(c *call) (any, error) {
	region, ids, err := tagScope(c.params, true)
	if err != nil {
		return nil, err
	}
	tp, err := tagParams(c.params, "Tag")
	if err != nil {
		return nil, err
	}
	if len(tp) == 0 {
		return nil, errMissingParam("Tag")
	}
	tags, err := checkTags(tp)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	if _, replay, err := s.priorLocked(c); err != nil || replay {
		return succeeded(c, err)
	}
	conns, err := s.ownedLocked(c.uid, region, ids)
	if err != nil {
		return nil, err
	}
	merged := make([][]Tag, len(conns))
	for i, conn := range conns { // check every resource before changing any
		m := slices.Clone(conn.tags)
		for _, t := range tags {
			if j := slices.IndexFunc(m, func(x Tag) bool { return x.Key == t.Key }); j >= 0 {
				m[j].Value = t.Value
			} else {
				m = append(m, t)
			}
		}
		if len(m) > maxTags {
			return nil, newError(400, "NumberExceed.Tags", "The maximum number of tags is exceeded: "+conn.id+" would have "+strconv.Itoa(len(m))+".")
		}
		merged[i] = m
	}
	for i, conn := range conns {
		conn.tags = merged[i]
	}
	s.rememberLocked(c, "")
	return successResponse{RequestID: c.requestID, Success: true}, nil
}

func (s *Service) untagResources(c *call) (any, error) {
	region, ids, err := tagScope(c.params, true)
	if err != nil {
		return nil, err
	}
	keys, err := listParam(c.params, "TagKey", errIllegal)
	if err != nil {
		return nil, err
	}
	if len(keys) > maxTags {
		return nil, newError(400, "NumberExceed.Tags", "The maximum number of tags is exceeded.")
	}
	all, err := boolParam(c.params, "All")
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 && !all {
		return nil, errMissingParam("TagKey")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	if _, replay, err := s.priorLocked(c); err != nil || replay {
		return succeeded(c, err)
	}
	conns, err := s.ownedLocked(c.uid, region, ids)
	if err != nil {
		return nil, err
	}
	for _, conn := range conns {
		if all {
			conn.tags = nil
			continue
		}
		conn.tags = slices.DeleteFunc(slices.Clone(conn.tags), func(t Tag) bool { return slices.Contains(keys, t.Key) })
	}
	s.rememberLocked(c, "")
	return successResponse{RequestID: c.requestID, Success: true}, nil
}

func succeeded(c *call, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return successResponse{RequestID: c.requestID, Success: true}, nil
}

// listTagResources lists (connection, tag) pairs: the tags of the connections
// named, or of the caller's connections in the region carrying every tag
// given. With tags given, only those tags are listed; a tag given by key
// alone matches every value.
func (s *Service) listTagResources(c *call) (any, error) {
	region, ids, err := tagScope(c.params, false)
	if err != nil {
		return nil, err
	}
	want, err := tagParams(c.params, "Tag")
	if err != nil {
		return nil, err
	}
	for _, t := range want {
		if t.Key == "" {
			return nil, newError(400, "InvalidTagKey", "The tag keys are not valid: a tag key cannot be empty.")
		}
	}
	if len(ids) == 0 && len(want) == 0 {
		return nil, newError(400, "BothEmpty.TagsAndResources", "The specified Tags and ResourcesIds are not allow to both empty.")
	}
	size, sizeSet, err := intParam(c.params, "MaxResults", errIllegal)
	if err != nil {
		return nil, err
	}
	if !sizeSet {
		size = tagDefaultPage
	}
	if size < 1 || size > tagDefaultPage {
		return nil, errIllegal("MaxResults", "the value must be from 1 to 50")
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	parts := append([]string{c.action, strconv.FormatInt(c.uid, 10), region}, ids...)
	for _, t := range want {
		parts = append(parts, "tag", t.Key, strconv.FormatBool(t.hasValue), t.Value)
	}
	scope := scopeOf(parts...)
	var tok pageToken
	if in := c.params.get("NextToken"); in != "" {
		if tok, err = s.decodeToken(in, scope); err != nil {
			return nil, errIllegal("NextToken", "the token was not issued for this query")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.reapLocked(c.now)
	var conns []*vpcConn
	if len(ids) > 0 {
		for _, id := range ids {
			if conn := s.peers[id]; conn != nil && conn.owner == c.uid && conn.vpc.RegionID == region {
				conns = append(conns, conn)
			}
		}
	} else {
		conns = s.peerViews[viewKey{uid: c.uid, region: region}]
	}
	var rows []tagResourceJSON
	for _, conn := range conns {
		if conn.owner != c.uid || conn.vpc.RegionID != region || !hasTags(conn.tags, want) {
			continue
		}
		for _, t := range conn.tags {
			if len(want) > 0 && !slices.ContainsFunc(want, func(w tagParam) bool { return w.Key == t.Key }) {
				continue
			}
			rows = append(rows, tagResourceJSON{ResourceID: conn.id, ResourceType: peerResourceType, RegionNo: region, TagKey: t.Key, TagValue: t.Value})
		}
	}
	items, total := page(rows, nil, tok.offset, int(size))
	resp := listTagResourcesResponse{RequestID: c.requestID, MaxResults: int(size), TagResources: items}
	if resp.TagResources == nil {
		resp.TagResources = []tagResourceJSON{}
	}
	if end := tok.offset + len(items); end < total {
		resp.NextToken = s.encodeToken(pageToken{offset: end}, scope)
	}
	return resp, nil
}
