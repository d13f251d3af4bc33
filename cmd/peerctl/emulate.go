package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/peeringkit/peering/emulator"
	"github.com/peeringkit/peering/emulator/clock"
	"github.com/peeringkit/peering/emulator/fault"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// emulateFlags are the flags of 'peerctl emulate' that need parsing
// beyond what pflag does.
type emulateFlags struct {
	faults     []string
	rateLimits string
	timing     []string
	tls        bool
	caFile     string
	// The regions to serve and seed; nil for the emulator's defaults.
	baiduRegions, vpcPeerRegions, ensNodes []string
}

// emulateManifest is the JSON line 'peerctl emulate' prints: the
// emulator's manifest, and where the CA certificate is with --tls.
type emulateManifest struct {
	emulator.Manifest
	CAFile string `json:"caFile,omitempty"`
}

func (a *app) emulateCommand() *cobra.Command {
	var o emulator.Options
	var f emulateFlags
	cmd := &cobra.Command{
		Use:   "emulate",
		Short: "Serve the emulated Baidu and Alibaba peering APIs until interrupted",
		Long: `Serve the Baidu VPC peering, Alibaba VpcPeer and Alibaba ENS APIs on loopback
from one in-memory world, for other programs and tests to use with no cloud
account.

peerctl prints one JSON line on stdout naming every endpoint (Baidu one per
region; Alibaba one for VpcPeer and ENS), the sandbox accounts with their
keys, and every network (ID, provider, account, region, address blocks),
then serves until SIGINT or SIGTERM. The keys are the emulator's own
throwaway sandbox keys, made up from --seed: they open nothing but this
emulator, which is why printing them is fine.

The world is the sandbox's: --connections connections (default ` + strconv.Itoa(sandboxConnections) + `, as
'peerctl inventory --sandbox') per provider, account and region, on top of
fixture networks free of any peering; --connections 0 gives an empty estate.
--baidu-regions and --vpcpeer-regions choose the regions served and seeded
(any the adapters know; default ` + strings.Join(emulator.DefaultBaiduRegions, ",") + ` and ` + strings.Join(emulator.DefaultVpcPeerRegions, ",") + `),
--ens-nodes the ENS nodes (default ` + strings.Join(emulator.DefaultENSRegions, ",") + `): more regions make an
estate of more targets, one per account and region.

Faults (--fault, repeatable) are comma-separated key=value pairs:
  kind=       one of:
` + wrapList(faultKindNames(), "              ") + `
  rate=       the probability of firing on each matching request (0 to 1), or
  count=      fire on the next N matching requests only
  provider=   baidu, alibaba-vpc or alibaba-ens (default: any)
  operation=  the cloud's operation name, like ListPeerConn or
              ListVpcPeerConnections (default: any)
  latency=, jitter=  for kind=latency; status= for kind=5xx (default 503)

Rate limits (--rate-limits): "documented" (VpcPeer's published quotas;
Baidu and ENS publish none), "off", or a number of calls a minute allowed on
every API of the three clouds, per account and region.

Transition timing (--timing, repeatable): NAME=MIN-MAX or NAME=DURATION,
drawn per connection and transition from a source seeded by --seed. Names
(or all, for every one):
` + wrapList(strings.Join(timingNames(), ", "), "  ") + `

--tls serves HTTPS with a certificate signed by a CA made at start, written
to --ca-file (default: a file in the temporary directory, removed on exit);
the JSON line names the file.

Point a client at an endpoint with an account's keys, for example:

  BCE_ACCESS_KEY_ID=<accessKeyId> BCE_SECRET_ACCESS_KEY=<secret> \
    peerctl inventory --provider baidu --region bj --endpoint <baidu.bj>`,
		Example: `  peerctl emulate --connections 50 --latency 20ms
  peerctl emulate --seed 7 | head -1 | jq .
  peerctl emulate --fault kind=5xx,rate=0.1 --fault kind=throttle,count=3,operation=ListVpcPeerConnections
  peerctl emulate --rate-limits 60 --timing all=1s-10s --timing baidu.deleted=1m
  peerctl emulate --tls --ca-file emulator-ca.pem
  peerctl emulate --connections 20000 --baidu-regions bj,gz,su,hkg --vpcpeer-regions cn-hangzhou,cn-beijing`,
		Args: cobra.NoArgs,
		RunE: failures(func(cmd *cobra.Command, _ []string) error {
			if err := f.apply(&o); err != nil {
				return usageError(err)
			}
			return a.runEmulate(cmd.Context(), o, f)
		}),
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Addr, "addr", "127.0.0.1", "loopback address to listen on (ports are chosen by the system)")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the keys, IDs, generated estate, fault draws and transition times")
	fs.IntVar(&o.Connections, "connections", sandboxConnections, "connections to generate per provider, account and region (0: none)")
	fs.DurationVar(&o.Latency, "latency", 0, "delay added to every request")
	fs.StringArrayVar(&f.faults, "fault", nil, "inject a fault: kind=KIND[,rate=P|count=N][,provider=P][,operation=OP] (repeat for several)")
	fs.StringVar(&f.rateLimits, "rate-limits", "documented", `rate limits: "documented", "off", or calls a minute on every API`)
	fs.StringArrayVar(&f.timing, "timing", nil, "how long a transient status lasts: NAME=MIN-MAX or NAME=DURATION (repeat for several)")
	fs.BoolVar(&f.tls, "tls", false, "serve HTTPS with a generated CA, written to --ca-file")
	fs.StringVar(&f.caFile, "ca-file", "", "with --tls: where to write the CA certificate (PEM)")
	fs.StringSliceVar(&f.baiduRegions, "baidu-regions", nil, "Baidu regions to serve and seed, comma-separated (default "+strings.Join(emulator.DefaultBaiduRegions, ",")+")")
	fs.StringSliceVar(&f.vpcPeerRegions, "vpcpeer-regions", nil, "VpcPeer regions to serve and seed, comma-separated (default "+strings.Join(emulator.DefaultVpcPeerRegions, ",")+")")
	fs.StringSliceVar(&f.ensNodes, "ens-nodes", nil, "ENS nodes to serve and seed, comma-separated (default "+strings.Join(emulator.DefaultENSRegions, ",")+")")
	return cmd
}

// regionList checks a list of regions given to flag: none empty or
// repeated, and each one of known unless known is nil (ENS nodes, which
// the adapter does not list). nil stays nil: the emulator's defaults.
func regionList(flag string, given, known []string) ([]string, error) {
	if given == nil {
		return nil, nil
	}
	if len(given) == 0 {
		return nil, fmt.Errorf("%s: want one or more", flag)
	}
	seen := make(map[string]bool, len(given))
	for _, r := range given {
		switch {
		case r == "":
			return nil, fmt.Errorf("%s: an empty name in %q", flag, strings.Join(given, ","))
		case seen[r]:
			return nil, fmt.Errorf("%s: %q is named twice", flag, r)
		case known != nil && !slices.Contains(known, r):
			return nil, fmt.Errorf("%s: unknown region %q (known: %s)", flag, r, strings.Join(known, " "))
		}
		seen[r] = true
	}
	return given, nil
}

// apply sets the options the parsed flags stand for.
func (f emulateFlags) apply(o *emulator.Options) error {
	if o.Connections < 0 || o.Latency < 0 {
		return fmt.Errorf("--connections and --latency must not be negative")
	}
	for _, spec := range f.faults {
		r, err := parseFault(spec)
		if err != nil {
			return err
		}
		o.Faults = append(o.Faults, r)
	}
	var err error
	if o.BaiduRegions, err = regionList("--baidu-regions", f.baiduRegions, baidu.Regions()); err != nil {
		return err
	}
	if o.VpcPeerRegions, err = regionList("--vpcpeer-regions", f.vpcPeerRegions, alibabavpc.Regions()); err != nil {
		return err
	}
	if o.ENSRegions, err = regionList("--ens-nodes", f.ensNodes, nil); err != nil {
		return err
	}
	switch f.rateLimits {
	case "documented":
	case "off":
		o.NoRateLimits = true
	default:
		n, err := strconv.Atoi(f.rateLimits)
		if err != nil || n <= 0 {
			return fmt.Errorf(`--rate-limits %q: want "documented", "off" or a positive number of calls a minute`, f.rateLimits)
		}
		o.RateLimit = n
	}
	for _, spec := range f.timing {
		if err := setTiming(o, spec); err != nil {
			return err
		}
	}
	if f.caFile != "" && !f.tls {
		return fmt.Errorf("--ca-file needs --tls")
	}
	o.TLS = f.tls
	return nil
}

// parseFault reads one --fault value.
func parseFault(spec string) (fault.Rule, error) {
	var r fault.Rule
	bad := func(format string, args ...any) (fault.Rule, error) {
		return fault.Rule{}, fmt.Errorf("--fault %q: %s", spec, fmt.Sprintf(format, args...))
	}
	for _, kv := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok || v == "" {
			return bad("%q is not key=value", kv)
		}
		var err error
		switch k {
		case "kind":
			r.Kind = fault.Kind(v)
			if !slices.Contains(fault.Kinds(), r.Kind) {
				return bad("unknown kind %q (want one of %s)", v, faultKindNames())
			}
		case "rate":
			r.Probability, err = strconv.ParseFloat(v, 64)
			if err == nil && (r.Probability <= 0 || r.Probability > 1) {
				return bad("rate %s is not in (0, 1]", v)
			}
		case "count":
			r.Count, err = strconv.Atoi(v)
			if err == nil && r.Count <= 0 {
				return bad("count %s is not positive", v)
			}
		case "provider":
			if !slices.Contains([]string{"baidu", "alibaba-vpc", "alibaba-ens"}, v) {
				return bad("unknown provider %q (want baidu, alibaba-vpc or alibaba-ens)", v)
			}
			r.Provider = v
		case "operation":
			r.Operation = v
		case "latency":
			r.Latency, err = time.ParseDuration(v)
		case "jitter":
			r.Jitter, err = time.ParseDuration(v)
		case "status":
			r.Status, err = strconv.Atoi(v)
			if err == nil && (r.Status < 500 || r.Status > 599) {
				return bad("status %s is not a 5xx status", v)
			}
		default:
			return bad("unknown key %q", k)
		}
		if err != nil {
			return bad("%s: %v", k, err)
		}
	}
	switch {
	case r.Kind == "":
		return bad("kind= is required")
	case r.Count == 0 && r.Probability == 0:
		return bad("rate= or count= is required")
	case r.Count > 0 && r.Probability > 0:
		return bad("rate= and count= exclude each other")
	}
	return r, nil
}

// wrapList breaks a comma-separated list into indented lines of at most 80
// columns, for the help text.
func wrapList(list, indent string) string {
	var lines []string
	line := indent
	for _, w := range strings.Fields(list) {
		if len(line)+1+len(w) > 80 && line != indent {
			lines = append(lines, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

func faultKindNames() string {
	names := make([]string, 0, len(fault.Kinds()))
	for _, k := range fault.Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// timingFields names each transition's range in the options, as --timing
// takes it.
func timingFields(o *emulator.Options) map[string]*clock.Range {
	b, al := &o.BaiduTiming, &o.AlibabaTiming
	return map[string]*clock.Range{
		"baidu.creating": &b.Creating, "baidu.starting": &b.Starting, "baidu.updating": &b.Updating,
		"baidu.deleting": &b.Deleting, "baidu.deleted": &b.Deleted,
		"baidu.dns-wait": &b.DNSWait, "baidu.dns-sync": &b.DNSSync, "baidu.dns-closing": &b.DNSClosing,
		"vpcpeer.creating": &al.VpcPeerCreating, "vpcpeer.updating": &al.VpcPeerUpdating,
		"vpcpeer.deleting": &al.VpcPeerDeleting, "vpcpeer.deleted": &al.VpcPeerDeleted,
		"ens.creating": &al.ENSCreating, "ens.deleting": &al.ENSDeleting,
	}
}

func timingNames() []string {
	var o emulator.Options
	names := make([]string, 0, 16)
	for name := range timingFields(&o) {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// setTiming applies one --timing value; "all" sets every transition, and
// later values override earlier ones.
func setTiming(o *emulator.Options, spec string) error {
	name, value, ok := strings.Cut(spec, "=")
	if !ok {
		return fmt.Errorf("--timing %q: want NAME=MIN-MAX or NAME=DURATION", spec)
	}
	r, err := clock.ParseRange(value)
	if err == nil && r.Max == 0 {
		err = fmt.Errorf("a transition lasts more than 0s")
	}
	if err != nil {
		return fmt.Errorf("--timing %q: %w", spec, err)
	}
	fields := timingFields(o)
	if name == "all" {
		for _, p := range fields {
			*p = r
		}
		return nil
	}
	p, ok := fields[name]
	if !ok {
		return fmt.Errorf("--timing %q: unknown transition %q (want all or one of %s)", spec, name, strings.Join(timingNames(), ", "))
	}
	*p = r
	return nil
}

func (a *app) runEmulate(ctx context.Context, o emulator.Options, f emulateFlags) error {
	srv, err := emulator.Start(o)
	if err != nil {
		return usageError(err) // the address is the only thing that can be wrong
	}
	defer srv.Close()
	line := emulateManifest{Manifest: srv.Manifest()}
	if f.tls {
		if line.CAFile, err = writeCA(f.caFile, srv.CACert()); err != nil {
			return err
		}
		if f.caFile == "" {
			defer os.Remove(line.CAFile)
		}
	}
	b, err := json.Marshal(line)
	if err != nil {
		return fmt.Errorf("encoding the manifest: %w", err)
	}
	if _, err := fmt.Fprintf(a.stdout, "%s\n", b); err != nil {
		return fmt.Errorf("writing the manifest: %w", err)
	}
	if a.interactive {
		fmt.Fprintln(a.stderr, "peerctl: emulator serving; press Ctrl-C to stop")
	}
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		return fmt.Errorf("stopping the emulator: %w", err)
	}
	return nil
}

// writeCA writes the CA certificate to path, or to a new file in the
// temporary directory when path is empty, and returns the file's absolute
// path.
func writeCA(path string, pem []byte) (string, error) {
	if path == "" {
		f, err := os.CreateTemp("", "peerctl-emulate-ca-*.pem")
		if err != nil {
			return "", fmt.Errorf("writing the CA certificate: %w", err)
		}
		path = f.Name()
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("writing the CA certificate: %w", err)
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("writing the CA certificate: %w", err)
	}
	if err := os.WriteFile(abs, pem, 0o644); err != nil {
		return "", fmt.Errorf("writing the CA certificate: %w", err)
	}
	return abs, nil
}
