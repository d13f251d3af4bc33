package aliyun

import (
	"sort"
	"strings"
)

// idemKey identifies a ClientToken: per account and action, as the clouds
// scope them.
type idemKey struct {
	uid    int64
	action string
	token  string
}

// idemEntry is what the first successful call with a token did.
type idemEntry struct {
	fingerprint string // the call's parameters, to tell a retry from a reuse
	instanceID  string // what a create returned
}

// notFingerprinted are the parameters a retry may change: signing, transport
// and the token itself. DryRun is left out too: a dry run is never recorded,
// and a dry run after the real call should not be refused.
var notFingerprinted = map[string]bool{
	"AccessKeyId": true, "Signature": true, "SignatureMethod": true, "SignatureNonce": true,
	"SignatureType": true, "SignatureVersion": true, "Timestamp": true, "SecurityToken": true,
	"Format": true, "Version": true, "Action": true, "ClientToken": true, "DryRun": true,
}

func fingerprint(p params) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		if !notFingerprinted[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(p[k])
		b.WriteByte(0)
	}
	return b.String()
}

// priorLocked looks up an earlier successful call with the same ClientToken.
// The same parameters replay its result; different ones are refused with
// IdempotentParameterMismatch. The cloud documents neither the refusal nor
// the token's lifetime: this emulator keeps tokens for its whole life.
func (s *Service) priorLocked(c *call) (idemEntry, bool, error) {
	token := c.params.get("ClientToken")
	if token == "" {
		return idemEntry{}, false, nil
	}
	if err := checkClientToken(token); err != nil {
		return idemEntry{}, false, err
	}
	e, ok := s.idempotent[idemKey{c.uid, c.action, token}]
	if !ok {
		return idemEntry{}, false, nil
	}
	if e.fingerprint != fingerprint(c.params) {
		return idemEntry{}, false, newError(400, "IdempotentParameterMismatch",
			"The request uses the same client token as a previous, but non-identical request.")
	}
	return e, true, nil
}

// rememberLocked records a successful call made with a ClientToken.
func (s *Service) rememberLocked(c *call, instanceID string) {
	if token := c.params.get("ClientToken"); token != "" {
		s.idempotent[idemKey{c.uid, c.action, token}] = idemEntry{fingerprint: fingerprint(c.params), instanceID: instanceID}
	}
}
