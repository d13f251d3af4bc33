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
	return decodeRecords(b, (*[]PeerConn)(l), func(p *PeerConn, odd []normalize.Mismatch) { p.Mismatches = odd },
		func(p *PeerConn) string { return p.PeerConnID }, "record %d of the page has no peerConnId")
}

// decodeRecords decodes a list of records with normalize.DecodeRecords,
// keeping odd members by keep, and fails (errIncomplete) on a record whose
// id is empty, with missing's message (given the record's index).
func decodeRecords[T any](b []byte, list *[]T, keep func(*T, []normalize.Mismatch), id func(*T) string, missing string) error {
	if err := normalize.DecodeRecords(b, list, keep); err != nil {
		return err
	}
	for i := range *list {
		if normalize.ID(id(&(*list)[i])) == "" {
			return fmt.Errorf("%w: "+missing, errIncomplete, i)
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
