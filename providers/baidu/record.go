package baidu

import (
	"encoding/json"
	"fmt"

	"github.com/peeringkit/peering/normalize"
)

// peerConnList is a page's records. It decodes with
// normalize.DecodeRecords: a record with a member of the wrong type keeps
// it in Mismatches instead of failing the page. A record without an ID is
// no connection at all: it fails the page (errIncomplete, Internal).
type peerConnList []PeerConn

// UnmarshalJSON implements json.Unmarshaler.
func (l *peerConnList) UnmarshalJSON(b []byte) error {
	err := normalize.DecodeRecords(b, (*[]PeerConn)(l), func(p *PeerConn, odd []normalize.Mismatch) { p.Mismatches = odd })
	if err != nil {
		return err
	}
	for i := range *l {
		if normalize.ID((*l)[i].PeerConnID) == "" {
			return fmt.Errorf("%w: record %d of the page has no peerConnId", errIncomplete, i)
		}
	}
	return nil
}

// decodePeerConn decodes one record by the same policy, as Get's answer.
func decodePeerConn(b json.RawMessage, p *PeerConn) error {
	odd, err := normalize.DecodeRecord(b, p)
	p.Mismatches = odd
	return err
}

// UnmarshalJSON decodes a VPC with normalize.DecodeRecord, keeping odd
// members aside in mismatches.
func (v *vpcRecord) UnmarshalJSON(b []byte) error {
	type plain vpcRecord // the same fields, without this method
	odd, err := normalize.DecodeRecord(b, (*plain)(v))
	if err != nil {
		return err
	}
	v.mismatches = odd
	return nil
}
