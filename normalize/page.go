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
func DecodePage[A, T any](body []byte, ans *A, records *[]T, fast any, fastRecords *[]T, check func([]T) error) (tolerated bool, err error) {
	err = json.Unmarshal(body, fast)
	if err == nil {
		*records = *fastRecords
		if check != nil {
			err = check(*records)
		}
		return false, err
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
