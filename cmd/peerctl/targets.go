package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/redact"
	"github.com/peeringkit/peering/internal/region"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/targets"
)

// loadConfig reads and checks a configuration file; every error is a usage
// error.
func loadConfig(path string) (*targets.Config, error) {
	c, err := targets.Load(path)
	if err != nil {
		return nil, usageError(err)
	}
	return c, nil
}

// targetSpec is one (provider, account, region) to act on and how to reach
// it, from the configuration file, the command line or the sandbox.
type targetSpec = targets.Target

// open builds the adapter client of the target. It sends nothing. Options
// the adapter refuses (InvalidArgument: a region it does not know, a bad
// endpoint) are usage errors, exit status 2, checked before the
// credentials so that a mistyped region is refused even without keys.
// Missing credentials come with a hint of what to set.
func open(s targetSpec) (peering.Peering, error) {
	p, err := s.Open(targets.OpenOptions{})
	var ue *region.UnknownError
	var ce *targets.CredentialsError
	switch {
	case err == nil:
		return p, nil
	case errors.As(err, &ue):
		how := "pass --endpoint"
		if s.FromFile {
			how = "give the target an endpoint (endpoint:, or for Baidu endpoints: {" + ue.Region + ": URL}) at " + s.Origin
		}
		return nil, usageError(errors.New(ue.Explain(how)))
	case errors.As(err, &ce):
		return nil, withHint(err, credentialsHint(ce))
	case peering.Code(err) == peering.InvalidArgument:
		return nil, usageError(withHint(err, "check the region, endpoint and account ID of the target ("+s.Origin+")"))
	}
	return nil, err
}

// credentialsHint says what to set for a target without credentials.
func credentialsHint(e *targets.CredentialsError) string {
	vars := strings.Join(e.Missing, " and ")
	t := e.Target
	file, tool := "~/.aliyun/config.json", "aliyun configure --profile "+t.Profile
	if t.Provider == peering.Baidu {
		file, tool = "~/.bce/config.json", "bce configure set "+t.Profile
	}
	switch {
	case e.Named:
		return fmt.Sprintf("export %s, the variables the target's credentials name (%s)", vars, t.Origin)
	case t.Profile != "":
		return fmt.Sprintf("check profile %s in %s, or make it with '%s' (the profile comes from %s)", t.Profile, file, tool, t.Origin)
	case t.FromFile:
		return fmt.Sprintf("export %s, or give the target a profile: of %s, or name other variables with credentials.accessKeyIdEnv and credentials.secretEnv (%s)", vars, file, t.Origin)
	}
	return fmt.Sprintf("export %s, or pick a profile of %s with --profile (see 'peerctl inventory --help')", vars, file)
}

// failure is what a hint is about: the target, the command ("create",
// "accept", "update", "delete", "get", "wait", "list") and its connection
// ID, and whether the command's own --timeout ended it.
type failure struct {
	spec     targetSpec
	op, id   string
	timeout  time.Duration
	timedOut bool
}

// hintFor says what to do about an error a cloud (or the emulator) returned:
// the rule that refused it, or the next step.
func hintFor(f failure, err error) string {
	s := f.spec
	id := f.id
	if id == "" {
		id = "ID"
	}
	if f.timedOut {
		h := fmt.Sprintf("--timeout (%s) ran out before the %s finished; raise --timeout (0: never give up)", f.timeout, f.op)
		if f.op != "list" && f.op != "get" {
			h += ", or see where the connection stands with 'peerctl get " + id + "'"
		}
		return h
	}
	switch peering.Code(err) {
	case peering.Unauthenticated:
		return "the cloud rejected the credentials; check the access key and secret the target uses (" + s.Origin + ")"
	case peering.PermissionDenied:
		switch f.op {
		case "update", "delete":
			return "on a cross-account connection only the requester's account (the one that created it) may " + f.op +
				" it, and the key needs the VPC peering permissions; 'peerctl get " + id + "' shows the target's role"
		case "renew", "delete-protection":
			return "on a cross-account connection only the account that created it may " + f.op +
				", with a key that has the VPC peering permissions; 'peerctl get " + id + "' shows the target's role"
		case "accept", "reject":
			return "only the accepter's account (the one the connection was offered to) may " + f.op +
				" it, with a key that has the VPC peering permissions; 'peerctl get " + id + "' shows the target's role"
		}
		return "the account's key lacks a VPC peering permission this needs (its RAM or IAM policy); grant it, or use another key"
	case peering.ResourceExhausted:
		return "the cloud is throttling the account, or a quota is reached; retry later, or lower --concurrency"
	case peering.Unavailable, peering.DeadlineExceeded:
		return "the endpoint (" + orPublic(s.Endpoint) + ") failed to answer or timed out; check the network and the endpoint, then retry"
	case peering.NotFound:
		switch f.op {
		case "create":
			return "a network was not found: --local must be a network of the target's account in its region, and --peer one in --peer-region of --peer-account"
		case "list":
			return "the cloud does not know something the listing needs in this account and region; check the target's region and account"
		}
		return "no connection " + id + " in this account and region; check the ID, --region and the credentials ('peerctl inventory' lists what there is)"
	case peering.FailedPrecondition:
		if f.op == "accept" || f.op == "reject" {
			return "only an offer waiting for an answer can be " + f.op + "ed; 'peerctl get " + id + "' shows its status, and 'peerctl wait " + id + " --for pending-acceptance' waits until it can be answered"
		}
		if f.op == "wait" {
			return "the connection reached a status it cannot leave; 'peerctl get " + id + "' shows it"
		}
		if f.op == "delete" && alibabavpc.RoutesExist(err) {
			return "routes still point at the connection; remove them, or run 'peerctl delete " + id + " --force', which deletes them with it ('peerctl routes " + id + "' shows them)"
		}
		return "the connection's status does not allow this now; 'peerctl get " + id + "' shows it, and 'peerctl wait " + id + " --for active' waits for it to settle (or use --wait on the command before)"
	case peering.Unimplemented:
		return string(s.Provider) + " has no such operation"
	}
	return ""
}

// reworded is an error said in the command line's words, still wrapping
// the adapter's for errors.As and peering.Code.
type reworded struct {
	error
	text string
}

func (r reworded) Error() string { return r.text }
func (r reworded) Unwrap() error { return r.error }

// flagWords says an adapter's refusal of the input in the command line's
// words: flag names rather than the Go names of the request fields.
var flagWords = strings.NewReplacer(
	"set CreateRequest.Bandwidth, for example peering.Mbps(100)", "give --bandwidth, for example --bandwidth 100",
	"CreateRequest.Bandwidth", "--bandwidth",
	"-1 (unlimited)", "unlimited",
	"LocalNetworkID", "--local",
	"PeerNetworkID", "--peer",
	"PeerAccountID", "--peer-account",
	"PeerRegion", "--peer-region",
	"Options.AccountID", "--account-id",
	"leave Name nil to keep it", "leave out --name to keep it",
	"leave it nil to keep it", "leave out the flag to keep it",
	"(Name ", "(--name ",
	"the local interface name is CreateOptions.LocalIfName", "name the local interface with --interface-name",
	"CreateOptions.PeerIfName", "a peer interface name",
	"ReservationMonths", "--reservation-months",
	"PaymentTiming", "--payment",
	"remove them (DeleteRoute), or delete with DeleteForce", "remove them, or delete with --force",
)

// refusedInput reports whether err is the adapter refusing its input before
// sending anything (InvalidArgument without an answer from the cloud), and
// returns it as a usage error in the command line's words.
func refusedInput(err error) (error, bool) {
	var pe *peering.Error
	if !errors.As(err, &pe) || pe.Code != peering.InvalidArgument || pe.HTTPStatus != 0 || pe.ProviderCode != "" {
		return nil, false
	}
	return usageError(errors.New(flagWords.Replace(err.Error()))), true
}

// orPublic names an endpoint for a message, without its userinfo or query.
func orPublic(endpoint string) string {
	if endpoint == "" {
		return "the public endpoint"
	}
	return redact.URL(endpoint)
}

// targetFlags are the flags that name one target on the command line, or
// pick one from a configuration file.
type targetFlags struct {
	config   string
	target   string
	provider string
	region   string
	endpoint string
	account  string
	profile  string
	// only is the provider of a provider's own command (peerctl baidu ...),
	// which has no --provider flag; "" for the portable commands.
	only peering.Provider
}

func (f *targetFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "configuration file to take the target from (with --target)")
	fs.StringVar(&f.target, "target", "", "name of the target in the configuration file")
	if f.only != "" {
		f.provider = string(f.only)
	} else {
		fs.StringVar(&f.provider, "provider", "", "provider: baidu, alibaba-vpc or alibaba-ens")
	}
	fs.StringVar(&f.region, "region", "", "region (baidu, alibaba-vpc); picks one of a config target's regions")
	fs.StringVar(&f.endpoint, "endpoint", "", "API endpoint, to reach an emulator or a private endpoint")
	fs.StringVar(&f.account, "account-id", "", "the account's ID (Alibaba: the decimal UID), which sets roles and the default peer account")
	fs.StringVar(&f.profile, "profile", "", "credentials from this profile of the provider CLI's file (~/.aliyun/config.json, ~/.bce/config.json)")
}

// spec resolves the flags into one target. Credentials come from the
// provider's standard environment variables, or those a config names.
func (f *targetFlags) spec() (targetSpec, error) {
	if f.config != "" {
		return f.fromConfig()
	}
	if f.target != "" {
		return targetSpec{}, usagef("--target needs --config")
	}
	p := peering.Provider(f.provider)
	switch p {
	case peering.Baidu, peering.AlibabaVPC:
		if f.region == "" {
			return targetSpec{}, usagef("--region is required for %s", p)
		}
	case peering.AlibabaENS:
		if f.region != "" {
			return targetSpec{}, usagef("alibaba-ens is not regional: drop --region")
		}
	case "":
		return targetSpec{}, usagef("say which cloud: --provider baidu|alibaba-vpc|alibaba-ens (with --region), or --config FILE --target NAME")
	default:
		return targetSpec{}, usagef("unknown provider %q; want baidu, alibaba-vpc or alibaba-ens", f.provider)
	}
	name := string(p)
	if f.region != "" {
		name += "/" + f.region
	}
	return targetSpec{Name: name, Label: f.account, Provider: p, AccountID: f.account, Region: f.region,
		Endpoint: f.endpoint, Profile: f.profile, Origin: "the command line"}, nil
}

func (f *targetFlags) fromConfig() (targetSpec, error) {
	s, err := f.configTarget()
	if err == nil && f.only != "" && s.Provider != f.only {
		return targetSpec{}, usagef("target %s is %s: 'peerctl %s' acts on %s targets only", s.Name, s.Provider, f.only, f.only)
	}
	return s, err
}

func (f *targetFlags) configTarget() (targetSpec, error) {
	if (f.provider != "" && f.only == "") || f.endpoint != "" || f.account != "" || f.profile != "" {
		return targetSpec{}, usagef("with --config, the target's provider, endpoint, account and profile come from the file: drop --provider, --endpoint, --account-id and --profile")
	}
	c, err := loadConfig(f.config)
	if err != nil {
		return targetSpec{}, err
	}
	if f.target == "" {
		if len(c.Entries) != 1 {
			return targetSpec{}, usagef("%s has %d targets: pick one with --target", f.config, len(c.Entries))
		}
		f.target = c.Entries[0].Name
	}
	specs, err := c.Targets(f.target)
	if err != nil {
		return targetSpec{}, usagef("--target: %w", err)
	}
	if len(specs) == 1 && f.region == "" {
		return specs[0], nil
	}
	var regions []string
	for _, s := range specs {
		if s.Region == f.region {
			return s, nil
		}
		regions = append(regions, s.Region)
	}
	if f.region == "" {
		return targetSpec{}, usagef("target %s has several regions (%s): pick one with --region", f.target, strings.Join(regions, ", "))
	}
	return targetSpec{}, usagef("target %s has no region %s (it has %s)", f.target, f.region, strings.Join(regions, ", "))
}

// opFlags are the flags of every command that acts on one connection.
type opFlags struct {
	targetFlags
	timeout time.Duration
}

func (f *opFlags) register(fs *pflag.FlagSet) {
	f.targetFlags.register(fs)
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "give up after this time (0: never)")
}

// do opens the target the flags name and runs op on it within the timeout.
// op's error is given the target's name and a hint of what to do.
func (f *opFlags) do(ctx context.Context, verb string, op func(context.Context, peering.Peering) error) error {
	return f.doTarget(ctx, verb, func(ctx context.Context, _ targetSpec, p peering.Peering) error { return op(ctx, p) })
}

// doTarget is do for an op that also needs the target the flags name.
func (f *opFlags) doTarget(ctx context.Context, verb string, op func(context.Context, targetSpec, peering.Peering) error) error {
	s, err := f.spec()
	if err != nil {
		return err
	}
	p, err := open(s)
	if err != nil {
		return fmt.Errorf("target %s: %w", s.Name, err)
	}
	if f.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.timeout)
		defer cancel()
	}
	if err := op(ctx, s, p); err != nil {
		if ue, ok := refusedInput(err); ok {
			return fmt.Errorf("%s on target %s: %w", verb, s.Name, ue)
		}
		kind, id, _ := strings.Cut(verb, " ")
		id = strings.TrimPrefix(id, "for ")
		timedOut := f.timeout > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded)
		h := hintFor(failure{spec: s, op: kind, id: id, timeout: f.timeout, timedOut: timedOut}, err)
		if alibabavpc.RoutesExist(err) {
			err = reworded{err, flagWords.Replace(err.Error())}
		}
		return withHint(fmt.Errorf("%s on target %s: %w", verb, s.Name, err), h)
	}
	return nil
}
