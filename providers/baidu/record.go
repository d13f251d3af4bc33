package baidu

import (
	"encoding/json"
	"fmt"

	"github.com/peeringkit/peering/normalize"
)

// peerConnList is a page's records as read when one is odd (see
// decodePage). It decodes with normalize.DecodeRecords: a record with a
// member of the wrong type keeps it in Mismatches instead of failing the
// page. A record without an ID is no connection at all: it fails the page
// (errIncomplete, Internal).
type peerConnList []PeerConn

// UnmarshalJSON implements json.Unmarshaler.
func (l *peerConnList) UnmarshalJSON(b []byte) error {
	return decodeRecords(b, (*[]PeerConn)(l), func(p *PeerConn, odd []normalize.Mismatch) { p.Mismatches = odd },
		peerConnID, peerConnMissing)
}

// peerConnID and peerConnMissing check a page's records for their IDs, on
// either path of decodePage.
const peerConnMissing = "record %d of the page has no peerConnId"

func peerConnID(p *PeerConn) string { return p.PeerConnID }

// listFast is a list answer as a clean page decodes, in one pass: the
// members of listResponse, its records in a plain slice (see
// normalize.DecodePage).
type listFast struct {
	*listResponse
	PeerConns []PeerConn `json:"peerConns"`
}

// decodeRecords decodes a list of records with normalize.DecodeRecords,
// keeping odd members by keep, and fails (errIncomplete) on a record whose
// id is empty, with missing's message (given the record's index).
func decodeRecords[T any](b []byte, list *[]T, keep func(*T, []normalize.Mismatch), id func(*T) string, missing string) error {
	if err := normalize.DecodeRecords(b, list, keep); err != nil {
		return err
	}
	return checkIDs(*list, id, missing)
}

// checkIDs is decodeRecords' check of the IDs, for a list decoded whole.
func checkIDs[T any](list []T, id func(*T) string, missing string) error {
	for i := range list {
		if normalize.ID(id(&list[i])) == "" {
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
