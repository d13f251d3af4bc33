package aliyun

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"
)

// acs3Algorithm is the one ACS3 algorithm verified. The SDKs also offer
// ACS3-HMAC-SM3 and ACS3-RSA-SHA256, which the emulator refuses.
const acs3Algorithm = "ACS3-HMAC-SHA256"

// acs3Authorization is the Authorization header of an ACS3 request:
// "<algorithm> Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>".
type acs3Authorization struct {
	algorithm     string
	keyID         string
	signedHeaders []string // as listed: lowercase, ';'-separated
	signature     string
	malformed     string // why the header is not of that form; "" when it is
}

// parseACS3Authorization reports whether h claims an ACS3 algorithm and, if
// so, what it says. A header that claims ACS3 but is not of its form comes
// back with malformed set, so that it is refused as ACS3 rather than read
// as a signature v1 request without its parameters.
func parseACS3Authorization(h string) (acs3Authorization, bool) {
	algorithm, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
	if !strings.HasPrefix(algorithm, "ACS3-") {
		return acs3Authorization{}, false
	}
	a := acs3Authorization{algorithm: algorithm}
	seen := map[string]bool{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || seen[k] {
			a.malformed = "expected Credential, SignedHeaders and Signature once each, separated by commas"
			return a, true
		}
		seen[k] = true
		switch k {
		case "Credential":
			a.keyID = v
		case "SignedHeaders":
			a.signedHeaders = strings.Split(v, ";")
		case "Signature":
			a.signature = v
		}
	}
	switch {
	case a.keyID == "":
		a.malformed = "Credential is missing or empty"
	case len(a.signedHeaders) == 0 || slices.Contains(a.signedHeaders, ""):
		a.malformed = "SignedHeaders is missing or has an empty name"
	case a.signature == "":
		a.malformed = "Signature is missing or empty"
	}
	return a, true
}

// acs3Required are the headers an ACS3 request must carry and sign, besides
// x-acs-action and x-acs-version, which dispatch checks first.
var acs3Required = []string{"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"}

// authenticateACS3 checks an ACS3-HMAC-SHA256 request and returns the
// caller's UID: first the Authorization header's form, the algorithm and the
// headers the documents require, then the checks verify shares with
// signature v1.
func (s *Service) authenticateACS3(req *request) (int64, error) {
	a := req.acs3
	if a.malformed != "" {
		return 0, errIncompleteSignature(a.malformed)
	}
	if a.algorithm != acs3Algorithm {
		return 0, newError(400, "InvalidSignatureMethod", "Specified signature method is not supported; of ACS3, only "+acs3Algorithm+" is.")
	}
	for _, name := range acs3Required {
		if req.header.Get(name) == "" {
			return 0, errMissing(name)
		}
	}
	// Every common header present must be signed: an unsigned one could be
	// changed on the way.
	for name := range req.header {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-acs-") && !slices.Contains(a.signedHeaders, l) {
			return 0, errIncompleteSignature("header " + l + " is not in SignedHeaders")
		}
	}
	if !slices.Contains(a.signedHeaders, "host") {
		return 0, errIncompleteSignature("header host is not in SignedHeaders")
	}
	return s.verify(signed{
		keyID:         a.keyID,
		timestamp:     req.header.Get("x-acs-date"),
		nonce:         req.header.Get("x-acs-signature-nonce"),
		securityToken: req.header.Get("x-acs-security-token"),
		matches: func(secret string) (bool, string) {
			// The payload hash is the server's own of the body: a body that
			// differs from the one signed, or from x-acs-content-sha256
			// (itself signed), is a signature mismatch.
			sum := sha256.Sum256(req.body)
			cr := acs3CanonicalRequest(req.method, req.path, req.query, func(name string) []string {
				if name == "host" {
					return []string{req.host}
				}
				return req.header.Values(name)
			}, a.signedHeaders, hex.EncodeToString(sum[:]))
			sts := acs3StringToSign(cr)
			return hmac.Equal([]byte(acs3Sign(secret, sts)), []byte(strings.ToLower(a.signature))), sts
		},
	})
}

func errIncompleteSignature(why string) *apiError {
	return newError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards: "+why+".")
}

// acs3CanonicalRequest is the documents' CanonicalRequest:
//
//	METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedRequestPayload
//
// CanonicalURI is the path with each segment percent-encoded ("/" when
// empty); CanonicalQueryString is the query's pairs, key and value
// percent-encoded, sorted by key, joined by "&" (a parameter with no value
// is "k="); CanonicalHeaders is "name:value\n" for each signed header, by
// name, the values trimmed and, when repeated, sorted and
// joined by ",". header returns a header's values by lowercase name.
func acs3CanonicalRequest(method, path string, query url.Values, header func(name string) []string, signedHeaders []string, payloadHash string) string {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		segs[i] = percentEncode(seg)
	}
	uri := strings.Join(segs, "/")
	if uri == "" {
		uri = "/"
	}

	type pair struct{ k, v string }
	var pairs []pair
	for k, vs := range query {
		for _, v := range vs {
			pairs = append(pairs, pair{k, v})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	qs := make([]string, len(pairs))
	for i, p := range pairs {
		qs[i] = percentEncode(p.k) + "=" + percentEncode(p.v)
	}

	// The documents sort both lists by name; the SDKs send them sorted.
	signedHeaders = slices.Sorted(slices.Values(signedHeaders))
	var hs strings.Builder
	for _, name := range signedHeaders {
		vs := slices.Clone(header(name))
		for i := range vs {
			vs[i] = strings.TrimSpace(vs[i])
		}
		slices.Sort(vs)
		hs.WriteString(name + ":" + strings.Join(vs, ",") + "\n")
	}

	return strings.Join([]string{method, uri, strings.Join(qs, "&"), hs.String(), strings.Join(signedHeaders, ";"), payloadHash}, "\n")
}

// acs3StringToSign is "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical request)).
func acs3StringToSign(canonicalRequest string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	return acs3Algorithm + "\n" + hex.EncodeToString(sum[:])
}

// acs3Sign is hex(HMAC-SHA256(secret, stringToSign)).
func acs3Sign(secret, stringToSign string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(stringToSign))
	return hex.EncodeToString(h.Sum(nil))
}
