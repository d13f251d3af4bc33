package baidu

// Input checks that run before any request, so that bad input is an
// InvalidArgument error with nothing sent.

// checkID accepts Baidu resource IDs ("peerconn-9td54fmx143e", "vpc-…", or
// the older UUID form): letters, digits, '-' and '_'. Anything else could
// change the request path.
func checkID(op, what, id string) error {
	if id == "" {
		return invalid(op, "empty %s", what)
	}
	if len(id) > 128 {
		return invalid(op, "%s is %d characters long", what, len(id))
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return invalid(op, "%s %q: only letters, digits, '-' and '_' are allowed", what, id)
		}
	}
	return nil
}

// checkClientToken applies Baidu's rule: printable ASCII, at most 64 characters.
func checkClientToken(op, token string) error {
	if len(token) > 64 {
		return invalid(op, "client token is %d characters long; Baidu allows 64", len(token))
	}
	for i := 0; i < len(token); i++ {
		if c := token[i]; c < 0x20 || c > 0x7e {
			return invalid(op, "client token must be printable ASCII")
		}
	}
	return nil
}

// checkPeerRegion accepts the known regions and the client's own (which an
// explicit endpoint may name outside the known list).
func (c *Client) checkPeerRegion(op, region string) error {
	if region == c.region || knownRegion(region) {
		return nil
	}
	return invalid(op, "unknown peer region %q (known: %v, and this client's %q)", region, regions, c.region)
}
