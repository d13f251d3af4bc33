package baidu

import "github.com/peeringkit/peering/normalize"

// The members each reader takes, in the order the API sends them, which
// normalize.Reader.Object finds at once. Each list holds every JSON name
// of its type (a test holds them to the types).
var (
	listFields = []string{"peerConns", "marker", "isTruncated", "nextMarker", "maxKeys"}
	connFields = []string{"peerConnId", "role", "status", "bandwidthInMbps", "bandwithInMbp", "description",
		"localIfId", "localIfName", "localVpcId", "localRegion", "peerVpcId", "peerRegion", "peerAccountId",
		"dnsStatus", "paymentTiming", "createdTime", "expiredTime", "tags", "deleteProtect"}
	tagFields = []string{"tagKey", "tagValue"}
)

// readList decodes a clean list answer into fast, as json.Unmarshal(body,
// fast) would, without its pre-scan and reflection; it returns false,
// having declined, for any page that is not plainly clean (see
// normalize.Reader), which normalize.DecodePage then decodes as before.
func readList(body []byte, fast *listFast) bool {
	r := normalize.NewReader(body)
	r.Object(listFields, func(name string) {
		switch name {
		case "peerConns":
			normalize.Array(r, &fast.PeerConns, readPeerConn)
		case "marker":
			r.String(&fast.Marker)
		case "isTruncated":
			r.Bool(&fast.IsTruncated)
		case "nextMarker":
			r.String(&fast.NextMarker)
		case "maxKeys":
			r.Int(&fast.MaxKeys)
		}
	})
	return r.End()
}

// readPeerConn reads one record of a page for readList.
func readPeerConn(r *normalize.Reader, p *PeerConn) {
	r.Object(connFields, func(name string) {
		switch name {
		case "peerConnId":
			r.String(&p.PeerConnID)
		case "role":
			r.String(&p.Role)
		case "status":
			r.String(&p.Status)
		case "bandwidthInMbps":
			r.Number(&p.BandwidthInMbps)
		case "bandwithInMbp":
			r.Number(&p.BandwithInMbp)
		case "description":
			r.String(&p.Description)
		case "localIfId":
			r.String(&p.LocalIfID)
		case "localIfName":
			r.String(&p.LocalIfName)
		case "localVpcId":
			r.String(&p.LocalVpcID)
		case "localRegion":
			r.String(&p.LocalRegion)
		case "peerVpcId":
			r.String(&p.PeerVpcID)
		case "peerRegion":
			r.String(&p.PeerRegion)
		case "peerAccountId":
			r.String(&p.PeerAccountID)
		case "dnsStatus":
			r.String(&p.DNSStatus)
		case "paymentTiming":
			r.String(&p.PaymentTiming)
		case "createdTime":
			r.String(&p.CreatedTime)
		case "expiredTime":
			r.String(&p.ExpiredTime)
		case "tags":
			normalize.Array(r, &p.Tags, readTag)
		case "deleteProtect":
			// json.Unmarshal sets the bool a pointer holds, making one
			// when it holds none.
			if p.DeleteProtect == nil {
				p.DeleteProtect = new(bool)
			}
			r.Bool(p.DeleteProtect)
		}
	})
}

// readTag reads one tag of a record for readPeerConn.
func readTag(r *normalize.Reader, t *Tag) {
	r.Object(tagFields, func(name string) {
		switch name {
		case "tagKey":
			r.String(&t.TagKey)
		case "tagValue":
			r.String(&t.TagValue)
		}
	})
}
