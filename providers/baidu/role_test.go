package baidu

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/emulator"
)

// ends is the portable part of a connection that both accounts' views
// must agree on.
type ends struct {
	Requester, Accepter [3]string // network, region, account
}

func endsOf(c peering.Connection) ends {
	e := func(p peering.Endpoint) [3]string { return [3]string{p.NetworkID, p.Region, p.AccountID} }
	return ends{e(c.Requester), e(c.Accepter)}
}

// twoAccounts makes, between baidu-a and baidu-b, an accepted cross-account
// connection in bj, and for baidu-a a same-account one in bj and one from
// bj to gz, all settled.
type twoAccounts struct {
	srv                 *emulator.Server
	ca, cb              *Client
	a, b                string // account IDs
	cross, same, region string
	fa, fb, gz          []string // fixture VPC IDs
}

func newTwoAccounts(t *testing.T) twoAccounts {
	t.Helper()
	srv := startEmulator(t)
	ctx := testContext(t)
	w := twoAccounts{srv: srv, ca: clientFor(t, srv, "baidu-a", "bj", Options{}), cb: clientFor(t, srv, "baidu-b", "bj", Options{}),
		a: account(t, srv, "baidu-a").ID, b: account(t, srv, "baidu-b").ID}
	for _, f := range []struct {
		into         *[]string
		name, region string
	}{{&w.fa, "baidu-a", "bj"}, {&w.fb, "baidu-b", "bj"}, {&w.gz, "baidu-a", "gz"}} {
		for _, v := range fixtures(t, srv, f.name, f.region) {
			*f.into = append(*f.into, v.ID)
		}
	}
	create := func(req peering.CreateRequest) string {
		t.Helper()
		req.Bandwidth = peering.Mbps(10)
		id, err := w.ca.Create(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.cross = create(peering.CreateRequest{LocalNetworkID: w.fa[0], PeerNetworkID: w.fb[0], PeerAccountID: w.b})
	w.same = create(peering.CreateRequest{LocalNetworkID: w.fa[1], PeerNetworkID: w.fa[2]})
	w.region = create(peering.CreateRequest{LocalNetworkID: w.fa[2], PeerNetworkID: w.gz[0], PeerRegion: "gz"})
	settle(srv)
	if err := w.cb.Accept(ctx, w.cross); err != nil {
		t.Fatal(err)
	}
	settle(srv)
	return w
}

// TestBothViewsAgree reads each connection from every account and region
// that sees it, with Get (on fresh clients, so that each finds the role
// anew) and List: all show the same Requester and Accepter networks,
// regions and accounts, and each its own Role, with its own end's blocks.
func TestBothViewsAgree(t *testing.T) {
	w := newTwoAccounts(t)
	ctx := testContext(t)
	type view struct {
		account, region string
		role            peering.Role
	}
	for _, tc := range []struct {
		name  string
		id    string
		want  ends
		views []view
	}{
		{"across accounts", w.cross, ends{[3]string{w.fa[0], "bj", w.a}, [3]string{w.fb[0], "bj", w.b}},
			[]view{{"baidu-a", "bj", peering.RoleRequester}, {"baidu-b", "bj", peering.RoleAccepter}}},
		{"one account and region", w.same, ends{[3]string{w.fa[1], "bj", w.a}, [3]string{w.fa[2], "bj", w.a}},
			[]view{{"baidu-a", "bj", peering.RoleRequester}}},
		{"across regions", w.region, ends{[3]string{w.fa[2], "bj", w.a}, [3]string{w.gz[0], "gz", w.a}},
			[]view{{"baidu-a", "bj", peering.RoleRequester}, {"baidu-a", "gz", peering.RoleAccepter}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range tc.views {
				for try := range 6 {
					c := clientFor(t, w.srv, v.account, v.region, Options{})
					got := get(t, c, tc.id)
					listed, err := peering.Collect(ctx, c, peering.Filter{IDs: []string{tc.id}})
					if err != nil || len(listed) != 1 {
						t.Fatalf("%s in %s: listed %d, err %v", v.account, v.region, len(listed), err)
					}
					for how, conn := range map[string]peering.Connection{"Get": got, "List": listed[0]} {
						if e := endsOf(conn); e != tc.want || conn.Role != v.role {
							t.Errorf("%s in %s, try %d, %s: ends %v role %s; want %v role %s", v.account, v.region, try, how, e, conn.Role, tc.want, v.role)
						}
						if own, _ := conn.Own(); len(own.IPv4CIDRs) == 0 {
							t.Errorf("%s in %s, %s: own end %+v has no blocks", v.account, v.region, how, own)
						}
					}
				}
			}
		})
	}
}

// recorder serves a handler and keeps the query of every request.
type recorder struct {
	h       http.Handler
	mu      sync.Mutex
	queries []string // "METHOD path?query"
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.queries = append(r.queries, req.Method+" "+req.URL.Path+"?"+req.URL.RawQuery)
	r.mu.Unlock()
	r.h.ServeHTTP(w, req)
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := r.queries
	r.queries = nil
	return q
}

// TestRoleOnTheWire: every call that reads or acts on one end sends role
// (Get, the Get before Update, DNS sync open and close), naming the
// caller's end: acceptor for baidu-b, initiator for baidu-a's own
// connection.
func TestRoleOnTheWire(t *testing.T) {
	w := newTwoAccounts(t)
	ctx := testContext(t)
	rec := &recorder{h: w.srv.Baidu.Handler("bj")}
	hs := httptest.NewServer(rec)
	t.Cleanup(hs.Close)
	clientAt := func(name string) *Client {
		a := account(t, w.srv, name)
		c, err := New(Options{Region: "bj", Endpoint: hs.URL, AccountID: a.ID,
			Credentials: Credentials{AccessKeyID: a.AccessKeyID, SecretAccessKey: a.Secret}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	desc := "described"
	for _, tc := range []struct {
		name, account, id, role string
		call                    func(c *Client, id string) error
	}{
		{"Get, acceptor", "baidu-b", w.cross, roleAcceptor, func(c *Client, id string) error { _, err := c.Get(ctx, id); return err }},
		{"Get, initiator", "baidu-a", w.cross, roleInitiator, func(c *Client, id string) error { _, err := c.Get(ctx, id); return err }},
		{"Update, acceptor", "baidu-b", w.cross, roleAcceptor, func(c *Client, id string) error {
			return c.Update(ctx, id, peering.Update{Description: &desc})
		}},
		{"OpenDNSSync, acceptor", "baidu-b", w.cross, roleAcceptor, func(c *Client, id string) error { return c.OpenDNSSync(ctx, id) }},
		{"OpenDNSSync, one account", "baidu-a", w.same, roleInitiator, func(c *Client, id string) error { return c.OpenDNSSync(ctx, id) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			settle(w.srv)
			c := clientAt(tc.account)
			rec.take()
			if err := tc.call(c, tc.id); err != nil {
				t.Fatal(err)
			}
			sent := rec.take()
			var gets int
			for _, s := range sent {
				method, rest, _ := strings.Cut(s, " ")
				path, raw, _ := strings.Cut(rest, "?")
				q, err := url.ParseQuery(raw)
				if err != nil {
					t.Fatal(err)
				}
				_, dns := q["open"]
				if _, closing := q["close"]; closing {
					dns = true
				}
				switch {
				case method == http.MethodGet && path == "/v1/peerconn/"+tc.id:
					gets++
					if r := q.Get("role"); r != roleInitiator && r != roleAcceptor {
						t.Errorf("%s: no role", s)
					}
				case dns && q.Get("role") != tc.role:
					t.Errorf("%s: role %q, want %q", s, q.Get("role"), tc.role)
				}
			}
			if gets == 0 {
				t.Errorf("no Get of %s among %v", tc.id, sent)
			}
			// Whichever roles were tried, the last Get names the caller's end.
			var last string
			for _, s := range sent {
				if strings.HasPrefix(s, "GET /v1/peerconn/"+tc.id+"?") {
					last = s
				}
			}
			if !strings.Contains(last, "role="+tc.role) {
				t.Errorf("the last Get %q does not name the %s", last, tc.role)
			}
		})
	}
}

// TestRoleLessReadIsWrong shows the emulator catches an adapter that
// forgets role: read without it, as the adapter once did, the acceptor's
// view of a same-region connection comes back from the initiator's end on
// some reads (the seeded draw), with the ends swapped and the wrong Role;
// Get, which sends role, is right every time.
func TestRoleLessReadIsWrong(t *testing.T) {
	w := newTwoAccounts(t)
	ctx := testContext(t)
	want := ends{[3]string{w.fa[0], "bj", w.a}, [3]string{w.fb[0], "bj", w.b}}
	wrong := 0
	for range 16 {
		var p PeerConn
		err := w.cb.do(ctx, &request{op: "Get", api: "GetPeerConn", method: http.MethodGet, path: "/v1/peerconn/" + w.cross,
			decode: decodeInto(&p, nil)})
		if err != nil {
			t.Fatal(err)
		}
		old, err := w.cb.connection("Get", &p, recordRole(&p, ""), true) // trusting the answer as the caller's end
		if err != nil {
			t.Fatal(err)
		}
		if endsOf(old) != want || old.Role != peering.RoleAccepter {
			wrong++
		}
		if conn := get(t, w.cb, w.cross); endsOf(conn) != want || conn.Role != peering.RoleAccepter {
			t.Errorf("Get: ends %v role %s, want %v accepter", endsOf(conn), conn.Role, want)
		}
	}
	if wrong == 0 {
		t.Error("16 role-less reads all showed the caller's end: the emulator would not catch a forgotten role")
	}
}

// fakeEnds serves GET /v1/peerconn/{id} from a record per role, as an API
// more lenient than the emulator might: it answers for either end, to
// either account, and refuses only the roles in refuse (403). The VPC API
// answers for the VPCs in ours, and 404 for others.
type fakeEnds struct {
	byRole map[string]string // role -> record JSON
	refuse map[string]bool
	ours   map[string]bool
	mu     sync.Mutex
	gets   []string // roles asked
	puts   []string // the localIfId of each update
}

func (f *fakeEnds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if vpc, ok := strings.CutPrefix(r.URL.Path, "/v1/vpc/"); ok {
		if !f.ours[vpc] {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"requestId":"r","code":"NoSuchObject","message":"no such VPC"}`))
			return
		}
		_, _ = w.Write([]byte(`{"vpc":{"vpcId":"` + vpc + `","cidr":"10.9.0.0/16"}}`))
		return
	}
	if r.Method == http.MethodPut {
		var body updateBody
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.mu.Lock()
		f.puts = append(f.puts, body.LocalIfID)
		f.mu.Unlock()
		return
	}
	role := r.URL.Query().Get("role")
	f.mu.Lock()
	f.gets = append(f.gets, role)
	f.mu.Unlock()
	if f.refuse[role] || f.byRole[role] == "" {
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"requestId":"r","code":"AccessDenied","message":"not your end"}`))
		return
	}
	_, _ = w.Write([]byte(f.byRole[role]))
}

func (f *fakeEnds) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	g := f.gets
	f.gets = nil
	return g
}

// TestRoleRule runs the rule of role.go against an API that answers more
// than the emulator does, one case per way of telling the caller's end.
func TestRoleRule(t *testing.T) {
	const (
		me    = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		other = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	)
	record := func(role, local, localRegion, peer, peerRegion, peerAccount string) string {
		return `{"peerConnId":"peerconn-x","role":"` + role + `","status":"active","localVpcId":"` + local + `","localRegion":"` + localRegion +
			`","peerVpcId":"` + peer + `","peerRegion":"` + peerRegion + `","peerAccountId":"` + peerAccount + `","localIfId":"qpif-` + role + `"}`
	}
	// A connection from other's vpc-o to my vpc-m, in bj.
	crossIn := map[string]string{
		roleInitiator: record(roleInitiator, "vpc-o", "bj", "vpc-m", "bj", me),
		roleAcceptor:  record(roleAcceptor, "vpc-m", "bj", "vpc-o", "bj", other),
	}
	// A connection from my vpc-m to my vpc-n, in bj.
	same := map[string]string{
		roleInitiator: record(roleInitiator, "vpc-m", "bj", "vpc-n", "bj", me),
		roleAcceptor:  record(roleAcceptor, "vpc-n", "bj", "vpc-m", "bj", me),
	}
	// A connection from my vpc-g in gz to my vpc-m in bj, read in bj.
	region := map[string]string{
		roleInitiator: record(roleInitiator, "vpc-g", "gz", "vpc-m", "bj", me),
		roleAcceptor:  record(roleAcceptor, "vpc-m", "bj", "vpc-g", "gz", me),
	}
	wantCross := ends{[3]string{"vpc-o", "bj", other}, [3]string{"vpc-m", "bj", me}}
	for _, tc := range []struct {
		name      string
		byRole    map[string]string
		refuse    []string
		ours      []string
		account   string // Options.AccountID
		noLookup  bool
		want      ends
		role      peering.Role
		asked     []string // roles of the first Get's requests
		localIfID string
	}{
		{"acceptor, API answers both: peer account tells", crossIn, nil, nil, me, true,
			wantCross, peering.RoleAccepter, []string{roleInitiator, roleAcceptor}, "qpif-acceptor"},
		{"acceptor, API refuses the initiator's end", crossIn, []string{roleInitiator}, nil, "", true,
			ends{[3]string{"vpc-o", "bj", other}, [3]string{"vpc-m", "bj", ""}}, peering.RoleAccepter, []string{roleInitiator, roleAcceptor}, "qpif-acceptor"},
		{"acceptor, no account ID, VPC API tells the initiator's VPC is not mine", crossIn, nil, []string{"vpc-m"}, "", false,
			ends{[3]string{"vpc-o", "bj", other}, [3]string{"vpc-m", "bj", ""}}, peering.RoleAccepter, []string{roleInitiator, roleAcceptor}, "qpif-acceptor"},
		{"one account, VPC API tells", same, nil, []string{"vpc-m", "vpc-n"}, me, false,
			ends{[3]string{"vpc-m", "bj", me}, [3]string{"vpc-n", "bj", me}}, peering.RoleRequester, []string{roleInitiator}, "qpif-initiator"},
		{"one account, no VPC look-ups: both ends asked", same, nil, nil, me, true,
			ends{[3]string{"vpc-m", "bj", me}, [3]string{"vpc-n", "bj", me}}, peering.RoleRequester, []string{roleInitiator, roleAcceptor}, "qpif-initiator"},
		{"across regions: the end in this region", region, nil, nil, me, true,
			ends{[3]string{"vpc-g", "gz", me}, [3]string{"vpc-m", "bj", me}}, peering.RoleAccepter, []string{roleInitiator, roleAcceptor}, "qpif-acceptor"},
		{"no account ID, API answers both for two accounts: Role unknown", crossIn, nil, nil, "", true,
			ends{[3]string{"vpc-o", "bj", ""}, [3]string{"vpc-m", "bj", me}}, peering.RoleUnknown, []string{roleInitiator, roleAcceptor}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeEnds{byRole: tc.byRole, refuse: map[string]bool{}, ours: map[string]bool{}}
			for _, r := range tc.refuse {
				f.refuse[r] = true
			}
			for _, v := range tc.ours {
				f.ours[v] = true
			}
			hs := httptest.NewServer(f)
			t.Cleanup(hs.Close)
			c, err := New(Options{Region: "bj", Endpoint: hs.URL, AccountID: tc.account, NoVPCLookup: tc.noLookup, MaxAttempts: 1,
				Credentials: Credentials{AccessKeyID: "ak", SecretAccessKey: "sk-role-0123456789"}})
			if err != nil {
				t.Fatal(err)
			}
			conn := get(t, c, "peerconn-x")
			if e := endsOf(conn); e != tc.want || conn.Role != tc.role {
				t.Errorf("ends %v role %s, want %v role %s", e, conn.Role, tc.want, tc.role)
			}
			if got := f.asked(); strings.Join(got, ",") != strings.Join(tc.asked, ",") {
				t.Errorf("asked as %v, want %v", got, tc.asked)
			}
			// A found role is remembered: the next Get is one request;
			// an unknown one is looked for again.
			get(t, c, "peerconn-x")
			if n := len(f.asked()); tc.role != peering.RoleUnknown && n != 1 {
				t.Errorf("%d requests for the second Get, want 1", n)
			}
			// Update acts on the end found, or refuses to guess.
			desc := "d"
			err = c.Update(testContext(t), "peerconn-x", peering.Update{Description: &desc})
			switch {
			case tc.localIfID == "":
				wantCode(t, err, peering.FailedPrecondition)
			case err != nil:
				t.Fatal(err)
			default:
				f.mu.Lock()
				puts := f.puts
				f.mu.Unlock()
				if len(puts) != 1 || puts[0] != tc.localIfID {
					t.Errorf("updates of %v, want one of %s", puts, tc.localIfID)
				}
			}
		})
	}
}

// TestConvertPlacesEndsByRole converts one pair of records, as each end
// reads it, and wants the same ends; a view not known to be the caller's
// has no Role and no account on its local end.
func TestConvertPlacesEndsByRole(t *testing.T) {
	c := offlineClient(t, Options{AccountID: "acct-b"})
	for _, tc := range []struct {
		name      string
		p         PeerConn
		end       string
		own       bool
		want      ends
		role      peering.Role
		unparsed  string
		ifName    string
		hasIfName bool
	}{
		{"initiator's record", PeerConn{PeerConnID: "pc", Role: "initiator", LocalVpcID: "vpc-b", LocalRegion: "bj", PeerVpcID: "vpc-a", PeerRegion: "gz", PeerAccountID: "acct-a", LocalIfName: "if-b"},
			roleInitiator, true, ends{[3]string{"vpc-b", "bj", "acct-b"}, [3]string{"vpc-a", "gz", "acct-a"}}, peering.RoleRequester, "", "if-b", true},
		{"acceptor's record", PeerConn{PeerConnID: "pc", Role: "acceptor", LocalVpcID: "vpc-b", LocalRegion: "bj", PeerVpcID: "vpc-a", PeerRegion: "gz", PeerAccountID: "acct-a"},
			roleAcceptor, true, ends{[3]string{"vpc-a", "gz", "acct-a"}, [3]string{"vpc-b", "bj", "acct-b"}}, peering.RoleAccepter, "", "", false},
		{"acceptor's record, not known to be the caller's", PeerConn{PeerConnID: "pc", Role: " Acceptor ", LocalVpcID: "vpc-b", PeerVpcID: "vpc-a", PeerRegion: "gz", PeerAccountID: "acct-a"},
			roleAcceptor, false, ends{[3]string{"vpc-a", "gz", "acct-a"}, [3]string{"vpc-b", "bj", ""}}, peering.RoleUnknown, "", "", false},
		{"a role no one knows", PeerConn{PeerConnID: "pc", Role: "owner", LocalVpcID: "vpc-b", PeerVpcID: "vpc-a", PeerRegion: "bj", PeerAccountID: "acct-a"},
			"", true, ends{[3]string{"vpc-b", "bj", "acct-b"}, [3]string{"vpc-a", "bj", "acct-a"}}, peering.RoleUnknown, "role=owner", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := c.connection("Get", &tc.p, tc.end, tc.own)
			if err != nil {
				t.Fatal(err)
			}
			if e := endsOf(conn); e != tc.want || conn.Role != tc.role {
				t.Errorf("ends %v role %s, want %v role %s", e, conn.Role, tc.want, tc.role)
			}
			if conn.Name != "" {
				t.Errorf("Name = %q: Baidu connections have no name", conn.Name)
			}
			if got, ok := conn.Attributes["localIfName"]; ok != tc.hasIfName || got != tc.ifName {
				t.Errorf("localIfName = %q (%v), want %q (%v)", got, ok, tc.ifName, tc.hasIfName)
			}
			if got := conn.Attributes[peering.UnparsedAttribute]; got != tc.unparsed {
				t.Errorf("Unparsed = %q, want %q", got, tc.unparsed)
			}
		})
	}
}
