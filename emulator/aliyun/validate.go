package aliyun

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits from the VpcPeer documents.
const (
	maxTags        = 20 // per connection and per request
	maxResourceIDs = 50 // ResourceId.N on the tag APIs
	maxTagLen      = 128
	maxClientToken = 64
)

// checkName applies the VpcPeer Name rules: on create 2 to 128 characters,
// starting with a letter (Chinese included), then letters, digits, "_" and
// "-"; on modify only 1 to 128 characters and no http(s):// prefix.
func checkName(v string, create bool) error {
	n := utf8.RuneCountInString(v)
	if !create {
		if n < 1 || n > 128 {
			return errIllegal("Name", "the name must be 1 to 128 characters long")
		}
		if hasURLPrefix(v) {
			return errIllegal("Name", "the name cannot start with http:// or https://")
		}
		return nil
	}
	if n < 2 || n > 128 {
		return errIllegal("Name", "the name must be 2 to 128 characters long")
	}
	for i, r := range v {
		switch {
		case i == 0 && !unicode.IsLetter(r):
			return errIllegal("Name", "the name must start with a letter")
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '_', r == '-':
		default:
			return errIllegal("Name", fmt.Sprintf("the name cannot contain %q", r))
		}
	}
	return nil
}

// checkDescription applies the VpcPeer Description rules: on create 2 to 256
// characters starting with a letter; on modify 1 to 256; never an http(s)://
// prefix.
func checkDescription(v string, create bool) error {
	n := utf8.RuneCountInString(v)
	minLen := 1
	if create {
		minLen = 2
	}
	if n < minLen || n > 256 {
		return errIllegal("Description", fmt.Sprintf("the description must be %d to 256 characters long", minLen))
	}
	if hasURLPrefix(v) {
		return errIllegal("Description", "the description cannot start with http:// or https://")
	}
	if r, _ := utf8.DecodeRuneInString(v); create && !unicode.IsLetter(r) {
		return errIllegal("Description", "the description must start with a letter")
	}
	return nil
}

func hasURLPrefix(v string) bool {
	l := strings.ToLower(v)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// boolParam reads an optional boolean; absent is false.
func boolParam(p params, name string) (bool, error) {
	switch v := p.get(name); strings.ToLower(v) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	default:
		return false, errIllegal(name, fmt.Sprintf("%q is not true or false", v))
	}
}

// intParam reads an optional integer, reporting whether it was present.
func intParam(p params, name string, illegal func(name, why string) *apiError) (int64, bool, error) {
	v := p.get(name)
	if v == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, true, illegal(name, fmt.Sprintf("%q is not an integer", v))
	}
	return n, true, nil
}

// rangeParam reads an optional integer that must lie in [lo, hi], def
// when absent; out of range, it is illegal(name, why).
func rangeParam(p params, name string, illegal func(name, why string) *apiError, def, lo, hi int64, why string) (int64, error) {
	n, set, err := intParam(p, name, illegal)
	if err != nil {
		return 0, err
	}
	if !set {
		n = def
	}
	if n < lo || n > hi {
		return 0, illegal(name, why)
	}
	return n, nil
}

// pageNumberParam reads PageNumber: from 1, default 1.
func pageNumberParam(p params, illegal func(name, why string) *apiError) (int64, error) {
	return rangeParam(p, "PageNumber", illegal, 1, 1, 1<<30, "the page number must be 1 or more")
}

// checkClientToken applies the ClientToken rule: at most 64 printable ASCII
// characters.
func checkClientToken(v string) error {
	if len(v) > maxClientToken {
		return errIllegal("ClientToken", "the token is longer than 64 characters")
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return errIllegal("ClientToken", "the token must be printable ASCII")
		}
	}
	return nil
}

// listParam reads a repeated parameter in any of the forms clients send:
// "X.1", "X.2"... (the RPC SDKs' repeatList), "X=a,b" (the generated SDKs'
// simple style), "X=[\"a\",\"b\"]" (JSON), or a plain scalar.
func listParam(p params, name string, illegal func(name, why string) *apiError) ([]string, error) {
	type item struct {
		n int
		v string
	}
	var items []item
	prefix := name + "."
	for k, v := range p {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 {
			return nil, illegal(name, fmt.Sprintf("%q is not a valid index", k))
		}
		items = append(items, item{n, v})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].n < items[j].n })
	out := make([]string, 0, len(items))
	for _, it := range items {
		if it.v != "" {
			out = append(out, it.v)
		}
	}
	v := strings.TrimSpace(p.get(name))
	switch {
	case v == "":
	case strings.HasPrefix(v, "["):
		var vs []string
		if err := json.Unmarshal([]byte(v), &vs); err != nil {
			return nil, illegal(name, "the JSON array cannot be parsed")
		}
		out = append(out, vs...)
	default:
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// tagParam is one Tag.N (or Tags.N) pair as sent; hasValue tells an empty
// value from an absent one.
type tagParam struct {
	Tag
	hasKey, hasValue bool
}

// tagParams reads prefix.N.Key and prefix.N.Value, in N order.
func tagParams(p params, prefix string) ([]tagParam, error) {
	byN := map[int]*tagParam{}
	for k, v := range p {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok {
			continue
		}
		idx, field, ok := strings.Cut(rest, ".")
		n, err := strconv.Atoi(idx)
		if !ok || err != nil || n < 1 || (field != "Key" && field != "Value") {
			return nil, errIllegal(prefix, fmt.Sprintf("%q is not %s.N.Key or %s.N.Value", k, prefix, prefix))
		}
		t := byN[n]
		if t == nil {
			t = &tagParam{}
			byN[n] = t
		}
		if field == "Key" {
			t.Key, t.hasKey = v, true
		} else {
			t.Value, t.hasValue = v, true
		}
	}
	ns := make([]int, 0, len(byN))
	for n := range byN {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]tagParam, len(ns))
	for i, n := range ns {
		out[i] = *byN[n]
	}
	if len(out) > maxTags {
		return nil, newError(400, "NumberExceed.Tags", "The maximum number of tags is exceeded.")
	}
	return out, nil
}

// checkTags validates tags to be set: keys present and unique, keys and
// values within the documented rules.
func checkTags(tags []tagParam) ([]Tag, error) {
	out := make([]Tag, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		if !t.hasKey || t.Key == "" {
			return nil, newError(400, "InvalidTagKey", "The tag keys are not valid: a tag key cannot be empty.")
		}
		if err := checkTagKey(t.Key); err != nil {
			return nil, err
		}
		if err := checkTagValue(t.Value); err != nil {
			return nil, err
		}
		if seen[t.Key] {
			return nil, newError(400, "Forbidden.TagKey.Duplicated", "The specified tag key already exists: "+t.Key+".")
		}
		seen[t.Key] = true
		out = append(out, t.Tag)
	}
	return out, nil
}

// checkTagKey: 1 to 128 characters, no aliyun or acs: prefix (reserved for
// system tags), no http(s)://.
func checkTagKey(k string) error {
	if n := utf8.RuneCountInString(k); n < 1 || n > maxTagLen {
		return errIllegal("TagKey", "a tag key must be 1 to 128 characters long")
	}
	if l := strings.ToLower(k); strings.HasPrefix(l, "aliyun") || strings.HasPrefix(l, "acs:") {
		return newError(400, "Forbidden.TagKeys", "The tag key cannot be operated by the request: "+k+".")
	}
	if containsURL(k) {
		return errIllegal("TagKey", "a tag key cannot contain http:// or https://")
	}
	return nil
}

// checkTagValue: 0 to 128 characters, no aliyun or acs: prefix, no
// http(s)://.
func checkTagValue(v string) error {
	if utf8.RuneCountInString(v) > maxTagLen {
		return errIllegal("TagValue", "a tag value must be at most 128 characters long")
	}
	if l := strings.ToLower(v); strings.HasPrefix(l, "aliyun") || strings.HasPrefix(l, "acs:") {
		return errIllegal("TagValue", "a tag value cannot start with aliyun or acs:")
	}
	if containsURL(v) {
		return errIllegal("TagValue", "a tag value cannot contain http:// or https://")
	}
	return nil
}

func containsURL(v string) bool {
	l := strings.ToLower(v)
	return strings.Contains(l, "http://") || strings.Contains(l, "https://")
}
