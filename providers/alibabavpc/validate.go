package alibabavpc

import (
	"fmt"
	"maps"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/normalize"
)

// The API's documented value rules, checked before any request.
const (
	maxTags        = 20
	maxTagKeyLen   = 128
	maxTagValueLen = 128
	maxNameLen     = 128
	maxDescLen     = 256
)

func invalid(op, format string, args ...any) error {
	return peering.InvalidArgumentf(peering.AlibabaVPC, op, format, args...)
}

// checkCreate validates req and fills in the defaults.
func (c *Client) checkCreate(req peering.CreateRequest) (*createInput, error) {
	const op = "Create"
	in := &createInput{
		region:        c.region,
		vpc:           normalize.ID(req.LocalNetworkID),
		peerVpc:       normalize.ID(req.PeerNetworkID),
		peerRegion:    strings.TrimSpace(req.PeerRegion),
		peerAccount:   strings.TrimSpace(req.PeerAccountID),
		name:          req.Name,
		description:   req.Description,
		resourceGroup: strings.TrimSpace(req.ResourceGroupID),
		tags:          maps.Clone(req.Tags), // read by every attempt: not the caller's map
		token:         req.ClientToken,
	}
	switch {
	case in.vpc == "":
		return nil, invalid(op, "LocalNetworkID (the caller's VPC) is required")
	case in.peerVpc == "":
		return nil, invalid(op, "PeerNetworkID (the accepting VPC) is required")
	case in.vpc == in.peerVpc:
		return nil, invalid(op, "a VPC cannot peer with itself (%s)", in.vpc)
	}
	if in.peerRegion == "" {
		in.peerRegion = c.region
	}
	if in.peerAccount == "" {
		in.peerAccount = c.account
	}
	if in.peerAccount == "" {
		return nil, invalid(op, "PeerAccountID is required when Options.AccountID is not set (the API needs the accepting account)")
	}
	if !isUID(in.peerAccount) {
		return nil, invalid(op, "PeerAccountID %q is not a decimal account UID", in.peerAccount)
	}
	crossRegion := in.peerRegion != c.region
	if b := req.Bandwidth; b != nil {
		switch {
		case !b.Valid() || *b == peering.BandwidthUnknown:
			return nil, invalid(op, "bandwidth %d: want a positive Mbit/s value or -1 (unlimited)", int64(*b))
		case crossRegion && *b == peering.BandwidthUnlimited:
			return nil, invalid(op, "an inter-region connection has a bandwidth limit; -1 (unlimited) is for in-region ones")
		case !crossRegion && *b != peering.BandwidthUnlimited:
			return nil, invalid(op, "bandwidth applies to inter-region connections only; an in-region one is unlimited (-1)")
		case crossRegion:
			in.bandwidth = int64(*b)
		}
	}
	if err := checkText(op, "name", req.Name, 2, maxNameLen, true); err != nil {
		return nil, err
	}
	if err := checkText(op, "description", req.Description, 2, maxDescLen, false); err != nil {
		return nil, err
	}
	if err := checkTags(op, req.Tags); err != nil {
		return nil, err
	}
	switch o := req.ProviderOptions.(type) {
	case nil:
	case CreateOptions:
		in.linkType = o.LinkType
	case *CreateOptions:
		if o != nil {
			in.linkType = o.LinkType
		}
	default:
		return nil, invalid(op, "ProviderOptions of type %T; VpcPeer accepts alibabavpc.CreateOptions", req.ProviderOptions)
	}
	switch in.linkType {
	case "":
	case LinkTypeGold, LinkTypePlatinum:
		if !crossRegion {
			return nil, invalid(op, "link type %s applies to inter-region connections only", in.linkType)
		}
	default:
		return nil, invalid(op, "link type %q: want %s or %s", in.linkType, LinkTypeGold, LinkTypePlatinum)
	}
	if in.token == "" {
		in.token = aliyunrpc.NewClientToken()
	} else if err := aliyunrpc.CheckClientToken(in.token); err != nil {
		return nil, invalid(op, "%v", err)
	}
	return in, nil
}

// checkUpdate validates the fields an Update sets.
func checkUpdate(u peering.Update) error {
	const op = "Update"
	if u.Name != nil {
		if *u.Name == "" {
			return invalid(op, "an empty name cannot be set; leave Name nil to keep it")
		}
		if err := checkText(op, "name", *u.Name, 1, maxNameLen, true); err != nil {
			return err
		}
	}
	if u.Description != nil {
		if *u.Description == "" {
			return invalid(op, "an empty description cannot be set; leave Description nil to keep it")
		}
		if err := checkText(op, "description", *u.Description, 1, maxDescLen, false); err != nil {
			return err
		}
	}
	if u.Bandwidth != nil && *u.Bandwidth <= 0 {
		return invalid(op, "bandwidth %s: the API sets only a positive Mbit/s value", *u.Bandwidth)
	}
	return nil
}

// checkText applies the API's rules for names and descriptions; "" is
// always allowed (not sent).
func checkText(op, what, s string, minLen, maxLen int, letterFirst bool) error {
	if s == "" {
		return nil
	}
	n := utf8.RuneCountInString(s)
	if n < minLen || n > maxLen {
		return invalid(op, "%s %q is %d characters; want %d to %d", what, s, n, minLen, maxLen)
	}
	if r, _ := utf8.DecodeRuneInString(s); letterFirst && !unicode.IsLetter(r) {
		return invalid(op, "%s %q must start with a letter", what, s)
	}
	if hasURLPrefix(s) {
		return invalid(op, "%s %q must not start with http:// or https://", what, s)
	}
	return nil
}

// checkTags applies the API's tag rules.
func checkTags(op string, tags map[string]string) error {
	if len(tags) > maxTags {
		return invalid(op, "%d tags; the API allows at most %d", len(tags), maxTags)
	}
	for k, v := range tags {
		if err := checkTag(k, v); err != nil {
			return invalid(op, "%v", err)
		}
	}
	return nil
}

func checkTag(k, v string) error {
	lk := strings.ToLower(k)
	switch {
	case k == "" || utf8.RuneCountInString(k) > maxTagKeyLen:
		return fmt.Errorf("tag key %q: want 1 to %d characters", k, maxTagKeyLen)
	case strings.HasPrefix(lk, "aliyun") || strings.HasPrefix(lk, "acs:"):
		return fmt.Errorf("tag key %q: keys starting with aliyun or acs: are reserved", k)
	case hasURLPrefix(k) || hasURLPrefix(v):
		return fmt.Errorf("tag %q=%q: must not start with http:// or https://", k, v)
	case utf8.RuneCountInString(v) > maxTagValueLen:
		return fmt.Errorf("tag %q value is longer than %d characters", k, maxTagValueLen)
	}
	return nil
}

func hasURLPrefix(s string) bool {
	ls := strings.ToLower(s)
	return strings.HasPrefix(ls, "http://") || strings.HasPrefix(ls, "https://")
}
