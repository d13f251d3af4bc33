package docserver

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Item is one connection on a scripted page. The server turns it into the
// API's own record, with the fields the document lists; fields left empty
// get fixed defaults (see each server).
type Item struct {
	ID string
	// Status is the API's own status value ("consult_failed", "Rejected",
	// "Deleting"); "" is the API's active status.
	Status string
	Name   string
	// Network and PeerNetwork are the two ends (VPC or ENS network IDs);
	// "" uses the server's default pair.
	Network, PeerNetwork string
}

// Total is the total count a page announces: VpcPeer's and ENS's
// TotalCount. Baidu's list announces none. The zero Total leaves the field
// out of the answer; [Announce] sends a value, true or not.
type Total struct {
	n   int
	set bool
}

// Announce returns a Total that announces n.
func Announce(n int) Total { return Total{n: n, set: true} }

// Value returns the announced count and whether there is one.
func (t Total) Value() (int, bool) { return t.n, t.set }

// String returns the count, or "absent".
func (t Total) String() string {
	if !t.set {
		return "absent"
	}
	return strconv.Itoa(t.n)
}

// APIError is an error answer in the API's own shape (Baidu: requestId,
// code, message; Alibaba: RequestId, HostId, Code, Message, Recommend, all
// strings).
type APIError struct {
	Status  int // HTTP status
	Code    string
	Message string
}

// Page is a script's answer to one list request.
type Page struct {
	Items []Item
	// Next is the continuation the page hands out: Baidu's nextMarker
	// (isTruncated is Next != ""), VpcPeer's NextToken; "" ends the
	// listing. ENS pages by number and ignores it.
	Next string
	// Total is the TotalCount announced (VpcPeer, ENS).
	Total Total
	// Size is the page size the server says it served (maxKeys,
	// MaxResults, PageSize in the answer); 0 means the size asked for.
	Size int
	// Fail, when set, is answered instead of the page.
	Fail *APIError
}

// Request is a list request as the server read it.
type Request struct {
	// N numbers the list requests the server answered, from 1.
	N int
	// Token is the marker (Baidu) or NextToken (VpcPeer) sent; "" when
	// absent, and always "" for ENS.
	Token string
	// Number is ENS's PageNumber (1 when absent); 1 for the other APIs.
	Number int
	// Size is the page size asked for (maxKeys, MaxResults, PageSize), or
	// the API's documented default when absent. The server has checked it
	// against the documented range.
	Size int
	// Server-side filters, as the API documents them: the connection ID
	// (VpcPeer and ENS InstanceId), the name (VpcPeer and ENS Name) and
	// network IDs matching either end (Baidu vpcId, VpcPeer VpcId, ENS
	// NetworkIds; several match any of them).
	InstanceID string
	Name       string
	Networks   []string
	// Params holds every parameter received (query and form merged).
	Params url.Values

	// ends are the server's default networks of an Item, for filtering.
	ends [2]string
}

// Script decides what each list request returns.
type Script interface {
	Page(Request) Page
}

// ScriptFunc adapts a function to a Script.
type ScriptFunc func(Request) Page

// Page calls f.
func (f ScriptFunc) Page(r Request) Page { return f(r) }

// Pages is a script of fixed pages. The first request gets the first page;
// a request with a token gets the page after the first page that handed
// that token out (so a token that comes back leads where it led the first
// time); an ENS request gets the page of its number, and an empty page
// past the last, announcing the last page's Total.
type Pages []Page

// Page implements Script.
func (ps Pages) Page(r Request) Page {
	if len(ps) == 0 {
		return Page{}
	}
	if r.Token != "" {
		for i, p := range ps {
			if p.Next == r.Token && i+1 < len(ps) {
				return ps[i+1]
			}
		}
		return Page{Fail: badToken(r.Token)}
	}
	if r.Number-1 < len(ps) {
		return ps[r.Number-1]
	}
	return Page{Total: ps[len(ps)-1].Total}
}

// Listing is a script that pages a set of connections as an honest server
// does: it applies the request's server-side filters, then serves Size
// items from the position asked for. With a token API the position is the
// token, which is the ID of the next item (Baidu's marker is a sort key;
// VpcPeer's token is opaque, so any string will do); with ENS it is
// (PageNumber-1) × the size served.
type Listing struct {
	Items []Item
	// Total is what every page announces; Announce(len(Items)) is the
	// honest count (before filtering: see TrueTotal).
	Total Total
	// TrueTotal announces the number of items that pass the request's
	// server-side filters; it overrides Total.
	TrueTotal bool
	// Cap is the most items the server puts on a page whatever was asked;
	// 0 means no cap beyond the documented maximum. A capped page says so
	// in its Size, as the APIs' answers do.
	Cap int
}

// Page implements Script.
func (l Listing) Page(r Request) Page {
	items := make([]Item, 0, len(l.Items))
	for _, it := range l.Items {
		if r.matches(it) {
			items = append(items, it)
		}
	}
	size := r.Size
	if l.Cap > 0 && l.Cap < size {
		size = l.Cap
	}
	start := (r.Number - 1) * size
	if r.Token != "" {
		start = slices.IndexFunc(items, func(it Item) bool { return it.ID == r.Token })
		if start < 0 {
			return Page{Fail: badToken(r.Token)}
		}
	}
	start = min(start, len(items))
	end := min(start+size, len(items))
	p := Page{Items: items[start:end:end], Total: l.Total, Size: size}
	if l.TrueTotal {
		p.Total = Announce(len(items))
	}
	if end < len(items) {
		p.Next = items[end].ID
	}
	return p
}

// matches reports whether it passes r's server-side filters.
func (r Request) matches(it Item) bool {
	if r.InstanceID != "" && it.ID != r.InstanceID {
		return false
	}
	if r.Name != "" && it.Name != r.Name {
		return false
	}
	local, peer := cmp.Or(it.Network, r.ends[0]), cmp.Or(it.PeerNetwork, r.ends[1])
	if len(r.Networks) > 0 && !slices.Contains(r.Networks, local) && !slices.Contains(r.Networks, peer) {
		return false
	}
	return true
}

// Walk is a script of generated pages: page n (1, 2, ...) holds Items(n),
// every page hands out a token never seen before ("page-<n+1>"), ENS
// requests get page PageNumber, and the listing ends after page Last (0:
// never). A walk whose Items repeat is the hostile case of fresh tokens
// over looping content.
type Walk struct {
	Items func(n int) []Item
	Last  int
	Total Total
}

// walkToken is the token a Walk hands out for page n.
func walkToken(n int) string { return "page-" + strconv.Itoa(n) }

// Page implements Script.
func (w Walk) Page(r Request) Page {
	n := r.Number
	if r.Token != "" {
		v, ok := strings.CutPrefix(r.Token, "page-")
		var err error
		if n, err = strconv.Atoi(v); !ok || err != nil || n < 2 {
			return Page{Fail: badToken(r.Token)}
		}
	}
	if w.Last > 0 && n > w.Last {
		return Page{Total: w.Total}
	}
	p := Page{Items: w.Items(n), Total: w.Total}
	if w.Last == 0 || n < w.Last {
		p.Next = walkToken(n + 1)
	}
	return p
}

// badToken is the answer to a token the script never handed out.
func badToken(token string) *APIError {
	return &APIError{Status: 400, Code: "InvalidParameter", Message: fmt.Sprintf("token %q was never handed out", token)}
}

// Active returns items with the given IDs and the API's active status.
func Active(ids ...string) []Item {
	out := make([]Item, len(ids))
	for i, id := range ids {
		out[i] = Item{ID: id}
	}
	return out
}

// IDs returns n IDs in the API's documented form (see BaiduID, VpcPeerID,
// ENSID), numbered from first.
func IDs(id func(int) string, first, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = id(first + i)
	}
	return out
}

// BaiduID returns a Baidu connection ID: "peerconn-" and 12 lowercase
// alphanumerics.
func BaiduID(i int) string { return fmt.Sprintf("peerconn-d%011d", i) }

// VpcPeerID returns a VpcPeer connection ID: "pcc-" and 22 lowercase
// alphanumerics.
func VpcPeerID(i int) string { return fmt.Sprintf("pcc-v%021d", i) }

// ENSID returns an ENS network peer connection ID: "pcc-" and 22 lowercase
// alphanumerics.
func ENSID(i int) string { return fmt.Sprintf("pcc-e%021d", i) }

// Once compares the IDs a listing yielded with those it should have, each
// exactly once, and describes every difference ("pcc-1 yielded 2 times",
// "pcc-2 missing", "pcc-3 not expected"); "" when they agree.
func Once(got, want []string) string {
	count := make(map[string]int, len(got))
	for _, id := range got {
		count[id]++
	}
	wanted := make(map[string]bool, len(want))
	var diffs []string
	for _, id := range want {
		if wanted[id] {
			continue
		}
		wanted[id] = true
		switch n := count[id]; {
		case n == 0:
			diffs = append(diffs, id+" missing")
		case n > 1:
			diffs = append(diffs, fmt.Sprintf("%s yielded %d times", id, n))
		}
	}
	extra := map[string]bool{}
	for _, id := range got {
		if !wanted[id] && !extra[id] {
			extra[id] = true
			diffs = append(diffs, fmt.Sprintf("%s not expected (yielded %d times)", id, count[id]))
		}
	}
	if len(diffs) == 0 {
		return ""
	}
	const show = 8
	if len(diffs) > show {
		diffs = append(diffs[:show], fmt.Sprintf("and %d more differences", len(diffs)-show))
	}
	return fmt.Sprintf("%d yielded, %d wanted: %s", len(got), len(wanted), strings.Join(diffs, "; "))
}
