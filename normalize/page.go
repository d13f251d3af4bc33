package normalize

import (
	"encoding/json"
	"errors"
)

// DecodePage decodes body, a page answer, into *ans, in one pass when it
// can. Every adapter reads its list pages through it, so that they share
// one fast path and one fallback.
//
// A's list of records, *records, has a type whose UnmarshalJSON decodes
// it with DecodeRecords and then checks it with check (a record without an
// ID fails the page). Decoding into A alone would scan the list twice,
// once within the answer and once again inside that method. So fast is a
// pointer to a struct that embeds *A, pointing at ans, and holds the
// records in a plain slice, *fastRecords, under the same JSON name, which
// hides A's: body is decoded into fast by one json.Unmarshal, the answer's
// members landing in *ans. When that succeeds, the records are moved into
// *records and checked, and tolerated is false.
//
// When it fails for a reason other than bad syntax (a record has a member
// of the wrong type), *ans is zeroed and body decoded into it, exactly as
// json.Unmarshal(body, ans) would, and tolerated is true: the records were
// read one by one, their Mismatches kept, and any error is that decoding's.
// A syntax error is returned as json.Unmarshal gives it.
//
// A clean page thus gives what decoding into A gives, in one pass; but for
// an answer that repeats the records' member (json.Unmarshal keeps the
// last), whose earlier copies check does not see. check may be nil.
//
// read, when not nil, is the adapter's own decoder of a clean page, built
// on a Reader: it decodes body into fast exactly as json.Unmarshal would,
// or declines, returning false. When it reads the page, json.Unmarshal is
// not called at all (the records are moved and checked as above); when it
// declines, *ans is zeroed, and *fastRecords, which must be empty, has the
// room it came with cleared of what read put there, and the page is
// decoded as it would be without read.
func DecodePage[A, T any](body []byte, ans *A, records *[]T, fast any, fastRecords *[]T, read func(body []byte) bool, check func([]T) error) (tolerated bool, err error) {
	if read != nil {
		room := *fastRecords
		if read(body) {
			return false, moveRecords(records, fastRecords, check)
		}
		// json.Unmarshal decodes into what it finds, in place: the records
		// a declined read left in the room are to be zero again.
		var zero A
		*ans = zero
		clear(room[:cap(room)])
		*fastRecords = room
	}
	err = json.Unmarshal(body, fast)
	if err == nil {
		return false, moveRecords(records, fastRecords, check)
	}
	if syntax := (*json.SyntaxError)(nil); errors.As(err, &syntax) {
		return false, err
	}
	// The error may be anywhere: the tolerant decoding gives the one the
	// answer deserves, if any, or the page with its odd records kept.
	var zero A
	*ans = zero
	return true, json.Unmarshal(body, ans)
}

// moveRecords moves a clean page's records into the answer and checks
// them.
func moveRecords[T any](records, fastRecords *[]T, check func([]T) error) error {
	*records = *fastRecords
	if check == nil {
		return nil
	}
	return check(*records)
}
