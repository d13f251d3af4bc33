package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/internal/aliyunrpc"
	"github.com/peeringkit/peering/internal/redact"
	"github.com/peeringkit/peering/internal/region"
	"github.com/peeringkit/peering/providers/alibabaens"
	"github.com/peeringkit/peering/providers/alibabavpc"
	"github.com/peeringkit/peering/providers/baidu"
)

// targetSpec is one (provider, account, region) to act on and how to reach
// it, from the configuration file, the command line or the sandbox.
type targetSpec struct {
	name     string // "prod-baidu/bj"; unique within a run
	label    string // the account as people call it: the config entry's name, else its ID
	provider peering.Provider
	account  string // account ID; "" when not given
	region   string // "" for alibaba-ens
	endpoint string // "" for the provider's public endpoint
	env      envs   // where to read the credentials
	keys     *keys  // credentials given directly (the sandbox's only)
	origin   string // where the target was defined, for messages: "peering.yaml:7", "the command line"
	inConfig bool   // defined in a configuration file
}

// envs names the environment variables holding a target's credentials.
type envs struct{ id, secret, token string }

// keys are credentials themselves; only the sandbox has them in hand.
type keys struct{ id, secret, token string }

func envNames(c credentialsConfig) envs {
	return envs{id: c.AccessKeyIDEnv, secret: c.SecretEnv, token: c.TokenEnv}
}

// standardEnvs are the variables each provider's tools read by default.
func standardEnvs(p peering.Provider) envs {
	if p == peering.Baidu {
		return envs{id: baidu.EnvAccessKeyID, secret: baidu.EnvSecretAccessKey, token: baidu.EnvSessionToken}
	}
	return envs{id: aliyunrpc.EnvAccessKeyID, secret: aliyunrpc.EnvAccessKeySecret, token: aliyunrpc.EnvSecurityToken}
}

// credentials returns the target's keys, from its own variables or else the
// provider's standard ones, and says which variable to set when one is
// missing.
func (s targetSpec) credentials() (keys, error) {
	if s.keys != nil {
		return *s.keys, nil
	}
	e, named := s.env, true
	if e == (envs{}) {
		e, named = standardEnvs(s.provider), false
	}
	k := keys{id: strings.TrimSpace(os.Getenv(e.id)), secret: strings.TrimSpace(os.Getenv(e.secret))}
	if e.token != "" {
		k.token = strings.TrimSpace(os.Getenv(e.token))
	}
	var missing []string
	if k.id == "" {
		missing = append(missing, e.id)
	}
	if k.secret == "" {
		missing = append(missing, e.secret)
	}
	if len(missing) == 0 {
		return k, nil
	}
	vars := strings.Join(missing, " and ")
	// Coded like the adapters' errors, so that JSON output and scripts can
	// tell a missing key from a refused one.
	err := &peering.Error{Code: peering.Unauthenticated, Provider: s.provider, Op: "New", Message: "no credentials: " + vars + " not set"}
	switch {
	case named:
		return k, withHint(err, fmt.Sprintf("export %s, the variables the target's credentials name (%s)", vars, s.origin))
	case s.inConfig:
		return k, withHint(err, fmt.Sprintf("export %s, or name other variables with credentials.accessKeyIdEnv and credentials.secretEnv (%s)", vars, s.origin))
	}
	return k, withHint(err, fmt.Sprintf("export %s, or use a config file that names other variables (see 'peerctl inventory --help')", vars))
}

// open builds the adapter client of the target. It sends nothing. Options
// the adapter refuses (InvalidArgument: a region it does not know, a bad
// endpoint) are usage errors, exit status 2, checked before the
// credentials so that a mistyped region is refused even without keys.
func (s targetSpec) open() (peering.Peering, error) {
	if err := s.checkRegion(); err != nil {
		return nil, usageError(err)
	}
	k, err := s.credentials()
	if err != nil {
		return nil, err
	}
	var p peering.Peering
	switch s.provider {
	case peering.Baidu:
		p, err = baidu.New(baidu.Options{
			Credentials: baidu.Credentials{AccessKeyID: k.id, SecretAccessKey: k.secret, SessionToken: k.token},
			Region:      s.region, Endpoint: s.endpoint, AccountID: s.account,
		})
	case peering.AlibabaVPC:
		p, err = alibabavpc.New(alibabavpc.Options{
			Credentials: alibabavpc.Credentials{AccessKeyID: k.id, AccessKeySecret: k.secret, SecurityToken: k.token},
			Region:      s.region, Endpoint: s.endpoint, AccountID: s.account,
		})
	case peering.AlibabaENS:
		p, err = alibabaens.New(alibabaens.Options{
			Credentials: alibabaens.Credentials{AccessKeyID: k.id, AccessKeySecret: k.secret, SecurityToken: k.token},
			Endpoint:    s.endpoint, AccountID: s.account,
		})
	default:
		return nil, fmt.Errorf("unknown provider %q; want baidu, alibaba-vpc or alibaba-ens", s.provider)
	}
	if peering.Code(err) == peering.InvalidArgument {
		return nil, usageError(withHint(err, "check the region, endpoint and account ID of the target ("+s.origin+")"))
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// checkRegion applies the adapter's own region check (its New makes the
// same one), and says a refusal in peerctl's words: how to give an
// endpoint on the command line or in the file, rather than Options.Endpoint.
func (s targetSpec) checkRegion() error {
	var err error
	switch s.provider {
	case peering.Baidu:
		err = baidu.CheckRegion(s.region, s.endpoint)
	case peering.AlibabaVPC:
		err = alibabavpc.CheckRegion(s.region, s.endpoint)
	}
	var ue *region.UnknownError
	if !errors.As(err, &ue) {
		return err
	}
	how := "pass --endpoint"
	if s.inConfig {
		how = "give the target an endpoint (endpoint:, or for Baidu endpoints: {" + ue.Region + ": URL}) at " + s.origin
	}
	return errors.New(ue.Explain(how))
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
		return "the cloud rejected the credentials; check the access key and secret the target uses (" + s.origin + ")"
	case peering.PermissionDenied:
		switch f.op {
		case "update", "delete":
			return "on a cross-account connection only the requester's account (the one that created it) may " + f.op +
				" it, and the key needs the VPC peering permissions; 'peerctl get " + id + "' shows the target's role"
		case "accept", "reject":
			return "only the accepter's account (the one the connection was offered to) may " + f.op +
				" it, with a key that has the VPC peering permissions; 'peerctl get " + id + "' shows the target's role"
		}
		return "the account's key lacks a VPC peering permission this needs (its RAM or IAM policy); grant it, or use another key"
	case peering.ResourceExhausted:
		return "the cloud is throttling the account, or a quota is reached; retry later, or lower --concurrency"
	case peering.Unavailable, peering.DeadlineExceeded:
		return "the endpoint (" + orPublic(s.endpoint) + ") failed to answer or timed out; check the network and the endpoint, then retry"
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
		return "the connection's status does not allow this now; 'peerctl get " + id + "' shows it, and 'peerctl wait " + id + " --for active' waits for it to settle (or use --wait on the command before)"
	case peering.Unimplemented:
		return string(s.provider) + " has no such operation"
	}
	return ""
}

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
}

func (f *targetFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "configuration file to take the target from (with --target)")
	fs.StringVar(&f.target, "target", "", "name of the target in the configuration file")
	fs.StringVar(&f.provider, "provider", "", "provider: baidu, alibaba-vpc or alibaba-ens")
	fs.StringVar(&f.region, "region", "", "region (baidu, alibaba-vpc); picks one of a config target's regions")
	fs.StringVar(&f.endpoint, "endpoint", "", "API endpoint, to reach an emulator or a private endpoint")
	fs.StringVar(&f.account, "account-id", "", "the account's ID (Alibaba: the decimal UID), which sets roles and the default peer account")
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
	return targetSpec{name: name, label: f.account, provider: p, account: f.account, region: f.region,
		endpoint: f.endpoint, origin: "the command line"}, nil
}

func (f *targetFlags) fromConfig() (targetSpec, error) {
	if f.provider != "" || f.endpoint != "" || f.account != "" {
		return targetSpec{}, usagef("with --config, the target's provider, endpoint and account come from the file: drop --provider, --endpoint and --account-id")
	}
	c, err := loadConfig(f.config)
	if err != nil {
		return targetSpec{}, err
	}
	if f.target == "" {
		if len(c.Targets) != 1 {
			return targetSpec{}, usagef("%s has %d targets: pick one with --target", f.config, len(c.Targets))
		}
		f.target = c.Targets[0].Name
	}
	specs, err := c.specs([]string{f.target})
	if err != nil {
		return targetSpec{}, err
	}
	if len(specs) == 1 && f.region == "" {
		return specs[0], nil
	}
	var regions []string
	for _, s := range specs {
		if s.region == f.region {
			return s, nil
		}
		regions = append(regions, s.region)
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
	s, err := f.spec()
	if err != nil {
		return err
	}
	p, err := s.open()
	if err != nil {
		return fmt.Errorf("target %s: %w", s.name, err)
	}
	if f.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.timeout)
		defer cancel()
	}
	if err := op(ctx, p); err != nil {
		if ue, ok := refusedInput(err); ok {
			return fmt.Errorf("%s on target %s: %w", verb, s.name, ue)
		}
		kind, id, _ := strings.Cut(verb, " ")
		id = strings.TrimPrefix(id, "for ")
		timedOut := f.timeout > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded)
		h := hintFor(failure{spec: s, op: kind, id: id, timeout: f.timeout, timedOut: timedOut}, err)
		return withHint(fmt.Errorf("%s on target %s: %w", verb, s.name, err), h)
	}
	return nil
}
