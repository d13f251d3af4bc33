package alibabavpc

import "github.com/peeringkit/peering/normalize"

// The members each reader takes, in the order the API sends them, which
// normalize.Reader.Object finds at once. Each list holds every JSON name
// of its type (a test holds them to the types).
var (
	listFields = []string{"RequestId", "TotalCount", "MaxResults", "NextToken", "VpcPeerConnects"}
	connFields = []string{"InstanceId", "GmtCreate", "GmtModified", "Name", "Description", "OwnerId",
		"AcceptingOwnerUid", "RegionId", "AcceptingRegionId", "Bandwidth", "Status", "BizStatus",
		"LinkType", "ManagedService", "GmtExpired", "ResourceGroupId", "Vpc", "AcceptingVpc", "Tags"}
	vpcFields = []string{"VpcId", "Ipv4Cidrs", "Ipv6Cidrs"}
)

// readList decodes a clean ListVpcPeerConnections answer into fast, as
// json.Unmarshal(body, fast) would, without its pre-scan and reflection;
// it returns false, having declined, for any page that is not plainly
// clean (see normalize.Reader), which normalize.DecodePage then decodes
// as before.
func readList(body []byte, fast *listFast) bool {
	r := normalize.NewReader(body)
	r.Object(listFields, func(name string) {
		switch name {
		case "RequestId":
			r.String(&fast.RequestID)
		case "TotalCount":
			r.Int64(&fast.TotalCount)
		case "MaxResults":
			r.Int64(&fast.MaxResults)
		case "NextToken":
			r.String(&fast.NextToken)
		case "VpcPeerConnects":
			normalize.Array(r, &fast.VpcPeerConnects, readConnection)
		}
	})
	return r.End()
}

// readConnection reads one record of a page for readList.
func readConnection(r *normalize.Reader, c *VpcPeerConnection) {
	r.Object(connFields, func(name string) {
		switch name {
		case "InstanceId":
			r.String(&c.InstanceID)
		case "GmtCreate":
			r.String(&c.GmtCreate)
		case "GmtModified":
			r.String(&c.GmtModified)
		case "Name":
			r.String(&c.Name)
		case "Description":
			r.String(&c.Description)
		case "OwnerId":
			r.Number(&c.OwnerID)
		case "AcceptingOwnerUid":
			r.Number(&c.AcceptingOwnerUID)
		case "RegionId":
			r.String(&c.RegionID)
		case "AcceptingRegionId":
			r.String(&c.AcceptingRegionID)
		case "Bandwidth":
			r.Number(&c.Bandwidth)
		case "Status":
			r.String(&c.Status)
		case "BizStatus":
			r.String(&c.BizStatus)
		case "LinkType":
			r.String(&c.LinkType)
		case "ManagedService":
			r.String(&c.ManagedService)
		case "GmtExpired":
			r.String(&c.GmtExpired)
		case "ResourceGroupId":
			r.String(&c.ResourceGroupID)
		case "Vpc":
			readVPC(r, &c.Vpc)
		case "AcceptingVpc":
			readVPC(r, &c.AcceptingVpc)
		case "Tags":
			normalize.Array(r, &c.Tags, (*normalize.Reader).Tag)
		}
	})
}

// readVPC reads one end of a connection for readConnection.
func readVPC(r *normalize.Reader, v *VPC) {
	r.Object(vpcFields, func(name string) {
		switch name {
		case "VpcId":
			r.String(&v.VpcID)
		case "Ipv4Cidrs":
			normalize.Array(r, &v.Ipv4Cidrs, (*normalize.Reader).String)
		case "Ipv6Cidrs":
			normalize.Array(r, &v.Ipv6Cidrs, (*normalize.Reader).String)
		}
	})
}
