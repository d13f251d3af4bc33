package normalize

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/peeringkit/peering"
)

// Bandwidth reads a bandwidth in Mbit/s: -1 is unlimited, 0 is not reported,
// a positive value is itself; anything below -1 is an error.
func Bandwidth(mbps int64) (peering.Bandwidth, error) {
	if mbps < -1 {
		return 0, fmt.Errorf("normalize: bandwidth %d Mbit/s is neither -1 (unlimited) nor >= 0", mbps)
	}
	return peering.Bandwidth(mbps), nil
}

// CIDRs parses CIDR blocks into IPv4 and IPv6 prefixes, each masked to its
// network address (a cloud that sends "10.0.0.1/16" means 10.0.0.0/16).
// Empty strings are skipped; anything else that does not parse is an error
// naming the value. Nil slices come back for no blocks.
func CIDRs(blocks []string) (v4, v6 []netip.Prefix, err error) {
	v4, v6, invalid := AppendCIDRs(nil, nil, blocks)
	if len(invalid) > 0 {
		_, _, err := cidr(invalid[0]) // parsed again for the reason it fails
		return nil, nil, err
	}
	return v4, v6, nil
}

// AppendCIDRs is the tolerant form of CIDRs, for a record that is still
// returned when one of its blocks is malformed: it appends each block that
// parses to v4 or v6 by address family, masked as CIDRs does, and returns
// the blocks that do not parse, as given, in invalid, for the caller to
// report. Empty strings are skipped. With nothing to append, v4 and v6
// come back as given, nil included.
func AppendCIDRs(v4, v6 []netip.Prefix, blocks []string) (_, _ []netip.Prefix, invalid []string) {
	for _, s := range blocks {
		p, ok, err := cidr(s)
		switch {
		case err != nil:
			invalid = append(invalid, s)
		case !ok:
		case p.Addr().Is4():
			v4 = append(v4, p)
		default:
			v6 = append(v6, p)
		}
	}
	return v4, v6, invalid
}

// CIDR parses one block as CIDRs does, trimmed and masked (a route's
// destination, say); a blank one is an error too.
func CIDR(s string) (netip.Prefix, error) {
	p, ok, err := cidr(s)
	if err == nil && !ok {
		err = errors.New("normalize: empty CIDR")
	}
	return p, err
}

// cidr parses one block, trimmed and masked; ok is false for a blank one.
func cidr(s string) (p netip.Prefix, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Prefix{}, false, nil
	}
	p, err = netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false, fmt.Errorf("normalize: CIDR %q: %w", s, err)
	}
	return p.Masked(), true, nil
}

// Tag is one tag in either wire shape: Baidu's {"tagKey","tagValue"} and
// Alibaba's {"Key","Value"} both decode into it.
type Tag struct {
	Key   string
	Value string
}

// UnmarshalJSON accepts both wire shapes: the Alibaba one when the
// object has a Key or Value member that is not null, Baidu's otherwise.
func (t *Tag) UnmarshalJSON(b []byte) error {
	// A tag is decoded for every tag of every record of a page: the usual
	// one, an object of plain ASCII strings, is read here directly; any
	// other goes through json.Unmarshal, which also gives the errors.
	if t.unmarshalPlain(b) {
		return nil
	}
	return t.unmarshalAny(b)
}

// unmarshalAny is UnmarshalJSON for any tag, through json.Unmarshal.
func (t *Tag) unmarshalAny(b []byte) error {
	var w struct {
		Key      *string `json:"Key"`
		Value    *string `json:"Value"`
		TagKey   *string `json:"tagKey"`
		TagValue *string `json:"tagValue"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("normalize: tag: %w", err)
	}
	*t = Tag{Key: deref(w.TagKey), Value: deref(w.TagValue)}
	if w.Key != nil || w.Value != nil {
		*t = Tag{Key: deref(w.Key), Value: deref(w.Value)}
	}
	return nil
}

// unmarshalPlain decodes b as UnmarshalJSON does, if b is a JSON object
// whose names are strings of printable ASCII and whose values are all
// strings of valid UTF-8, all without escapes (see Reader.Tag), and
// reports whether it was.
func (t *Tag) unmarshalPlain(b []byte) bool {
	var tag Tag
	r := Reader{b: b}
	if r.Tag(&tag); !r.End() {
		return false
	}
	*t = tag
	return true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Tags turns a tag list into a map; nil when there are none. Tags with an
// empty key are dropped (no cloud accepts them); a repeated key keeps its last value.
func Tags(tags []Tag) map[string]string {
	var m map[string]string
	for _, t := range tags {
		if t.Key == "" {
			continue
		}
		if m == nil {
			m = make(map[string]string, len(tags))
		}
		m[t.Key] = t.Value
	}
	return m
}

// ChinaStandardTime is UTC+8, the zone Baidu's zone-less timestamps are read in
// unless an adapter is configured otherwise.
var ChinaStandardTime = time.FixedZone("CST", 8*60*60)

// zoneless is Baidu's documented timestamp form.
const zoneless = "2006-01-02 15:04:05"

// Time reads a timestamp in any form the clouds send and returns it in UTC:
// ISO 8601 with a zone ("2022-04-24T09:02:36Z", with or without fractional
// seconds or an offset), and the zone-less "2018-08-07 19:46:55" (also with a
// "T"), read in loc (nil means ChinaStandardTime). "" and "null" give the zero
// time; anything else is an error.
func Time(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return time.Time{}, nil
	}
	if loc == nil {
		loc = ChinaStandardTime
	}
	// Baidu's form first, read digit by digit: it is the most common by far
	// in a Baidu listing (two in a record), and a failed ISO parse costs
	// allocations.
	if t, ok := parseZoneless(s, loc); ok {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{zoneless, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04Z"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("normalize: timestamp %q is neither ISO 8601 nor %q", s, zoneless)
}

// parseZoneless reads s as time.ParseInLocation reads it with the layout
// zoneless, or with its "T" form; ok is false for anything else, which the
// layouts then read or reject.
func parseZoneless(s string, loc *time.Location) (t time.Time, ok bool) {
	if len(s) != len(zoneless) || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	var n [6]int // year, month, day, hour, minute, second
	for i, at := range [...]struct{ from, to int }{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}} {
		for _, c := range []byte(s[at.from:at.to]) {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			n[i] = n[i]*10 + int(c-'0')
		}
	}
	year, month, day := n[0], n[1], n[2]
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, n[3], n[4], n[5], 0, loc), true
}

// daysIn is the number of days of month in year.
func daysIn(month, year int) int {
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		return 29
	}
	return [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
}

// ID trims whitespace from an ID (an ENS example ends one with a newline).
func ID(s string) string { return strings.TrimSpace(s) }

// AccountID renders an account ID as a string without losing digits: Alibaba
// sends account IDs as JSON numbers above 2^53, which a float64 would round.
// Decode them with json.Decoder.UseNumber or into json.Number and pass them here.
func AccountID(n json.Number) string {
	s := strings.TrimSpace(n.String())
	// Every record has two: s is returned as it is when it already is the
	// canonical form, rather than a copy made of it.
	var buf [24]byte
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		if string(strconv.AppendInt(buf[:0], i, 10)) == s {
			return s
		}
		return strconv.FormatInt(i, 10)
	}
	if u, err := strconv.ParseUint(s, 10, 64); err == nil {
		if string(strconv.AppendUint(buf[:0], u, 10)) == s {
			return s
		}
		return strconv.FormatUint(u, 10)
	}
	return s
}

// Int reads an integer sent as a JSON number or as a string ("30"), as ENS
// sends its page fields. "" is 0.
func Int(n json.Number) (int64, error) {
	s := strings.TrimSpace(n.String())
	if s == "" {
		return 0, nil
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("normalize: %q is not an integer: %w", s, err)
	}
	return i, nil
}
