package targets

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/peeringkit/peering"
)

// Help documents the configuration file for people, as 'peerctl inventory
// --help' prints it.
const Help = `Configuration file (--config):

  targets:
    - name: prod-baidu              # names the target in output and errors
      provider: baidu               # baidu, alibaba-vpc or alibaba-ens
      regions: [bj, gz]             # one target per region (not for alibaba-ens)
      accountId: "0123456789abcdef" # optional: fills the account column and roles
      credentials:                  # names of environment variables, never the keys
        accessKeyIdEnv: BCE_PROD_AK
        secretEnv: BCE_PROD_SK
        tokenEnv: BCE_PROD_TOKEN    # optional, for temporary (STS) credentials
    - name: shop
      provider: alibaba-vpc
      regions: [cn-hangzhou, cn-shanghai]
      accountId: "1234567890123456"
      credentials: {accessKeyIdEnv: ALI_SHOP_AK, secretEnv: ALI_SHOP_SK}
    - name: shop-edge
      provider: alibaba-ens         # one target covers every ENS node
      accountId: "1234567890123456"
      credentials: {accessKeyIdEnv: ALI_SHOP_AK, secretEnv: ALI_SHOP_SK}

Instead of credentials, profile: NAME takes a profile of the provider CLI's
own file (~/.aliyun/config.json of 'aliyun configure', any mode: AK,
StsToken, RamRoleArn, EcsRamRole...; ~/.bce/config.json of 'bce configure
set': AK, StsToken). With neither, a target finds its credentials as the
provider's tools do: Baidu from BCE_ACCESS_KEY_ID and BCE_SECRET_ACCESS_KEY,
then the bce CLI's current profile; Alibaba from ALIBABA_CLOUD_ACCESS_KEY_ID
and ALIBABA_CLOUD_ACCESS_KEY_SECRET, then the SDK's chain (the aliyun CLI's
current profile or ALIBABA_CLOUD_PROFILE, ~/.alibabacloud/credentials, the
ECS instance's RAM role). endpoint overrides the API endpoint of a
target (Alibaba: every region; Baidu: its only region); endpoints maps Baidu
regions to endpoints one by one.`

// Config is a configuration file: the targets to act on. Load or Parse
// makes one; its Targets method expands it into one Target per account
// and region.
type Config struct {
	// Entries are the file's targets list, in order.
	Entries []Entry `yaml:"targets"`

	file string // the file's name, for messages
}

// File is the name the configuration was loaded from, as messages give it.
func (c *Config) File() string { return c.file }

// Entry is one entry of the targets list: an account of one provider, in
// one or several regions.
type Entry struct {
	Name        string            `yaml:"name"`
	Provider    string            `yaml:"provider"`
	Regions     []string          `yaml:"regions"`
	AccountID   string            `yaml:"accountId"`
	Endpoint    string            `yaml:"endpoint"`
	Endpoints   map[string]string `yaml:"endpoints"`
	Profile     string            `yaml:"profile"`
	Credentials EnvCredentials    `yaml:"credentials"`

	line  int            // where the entry starts
	lines map[string]int // where each field's value is
}

// EnvCredentials names the environment variables holding a target's
// credentials. The file never holds the credentials themselves.
type EnvCredentials struct {
	AccessKeyIDEnv string `yaml:"accessKeyIdEnv"`
	SecretEnv      string `yaml:"secretEnv"`
	TokenEnv       string `yaml:"tokenEnv"`
}

// knownFields lists the fields of each configuration type, for the message
// about an unknown one.
var knownFields = map[string]string{
	"targets.Config":         "targets",
	"targets.Entry":          "name, provider, regions, accountId, endpoint, endpoints, profile, credentials",
	"targets.EnvCredentials": "accessKeyIdEnv, secretEnv, tokenEnv",
}

// exampleEnv shows, in messages, a variable name for each credentials field.
var exampleEnv = map[string]string{"accessKeyIdEnv": "PROD_AK", "secretEnv": "PROD_SK", "tokenEnv": "PROD_TOKEN"}

var (
	targetName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	envName    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	decimalUID = regexp.MustCompile(`^[0-9]{1,20}$`)
)

// Load reads and checks a configuration file (see the package
// documentation for its format). Every error about the content names the
// file and line, as "peering.yaml:7: ...", and never quotes what looks like
// a key.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, b)
}

// Parse checks a configuration held in memory; file names it in errors.
func Parse(file string, b []byte) (*Config, error) {
	c, err := parse(file, b)
	if err != nil {
		// The messages quote values of the file; a key pasted where a
		// name belongs must not be printed back.
		return nil, errors.New(MaskKeys(err.Error()))
	}
	return c, nil
}

// keyRun is a run of the characters of base64 and hex, in which keys,
// secrets and tokens are written.
var keyRun = regexp.MustCompile(`[A-Za-z0-9+/=]{16,}`)

// looksLikeKey reports whether s holds what looks like an access key, a
// secret or a token rather than a name: 16 or more characters of the base64
// or hex alphabet in a row ('_', '-' and '.' break a run) mixing letters and
// digits. Baidu keys (32 hex digits), Alibaba AccessKey IDs and secrets and
// STS tokens all do; names like BCE_PROD_SK, ALIBABA_CLOUD_ACCESS_KEY_ID,
// cn-hangzhou or a decimal account ID do not.
func looksLikeKey(s string) bool {
	return slices.ContainsFunc(keyRun.FindAllString(s, -1), keyLike)
}

func keyLike(run string) bool {
	return strings.ContainsAny(run, "0123456789") &&
		strings.ContainsFunc(run, func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' })
}

// MaskKeys replaces in text what looks like a key with REDACTED: 16 or more
// characters of the base64 or hex alphabet in a row ('_', '-' and '.'
// break a run) mixing letters and digits, as Baidu keys, Alibaba AccessKey
// IDs and secrets and STS tokens all do, while names like BCE_PROD_SK,
// cn-hangzhou or a decimal account ID do not. Messages quoting what a user
// wrote, or what a credential library said about a file, pass through it.
func MaskKeys(text string) string {
	return keyRun.ReplaceAllStringFunc(text, func(run string) string {
		if keyLike(run) {
			return "REDACTED"
		}
		return run
	})
}

// parse decodes and checks a configuration; file names it in errors.
func parse(file string, b []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty; it needs a targets list", file)
	}
	if err := noSecrets(file, doc.Content[0]); err != nil {
		return nil, err
	}
	// A second, strict pass: yaml.Node.Decode cannot reject unknown fields,
	// only a Decoder can.
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	c := &Config{file: file}
	if err := dec.Decode(c); err != nil {
		return nil, yamlError(file, err)
	}
	if targets := mappingValue(doc.Content[0], "targets"); targets != nil && targets.Kind == yaml.SequenceNode {
		for i, n := range targets.Content {
			if i < len(c.Entries) {
				c.Entries[i].line = n.Line
				c.Entries[i].lines = fieldLines(n)
			}
		}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

var (
	yamlLine     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	notAList     = regexp.MustCompile("^cannot unmarshal !!\\w+ `(.*)` into \\[\\]string$")
)

// yamlError rewrites the YAML library's messages as "file:line: message",
// the form editors and terminals link to.
func yamlError(file string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]string, len(msgs))
	for i, m := range msgs {
		line, text := "", m
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			line, text = ":"+g[1], g[2]
		}
		if g := unknownField.FindStringSubmatch(text); g != nil {
			text = fmt.Sprintf("unknown field %q (known here: %s)", g[1], knownFields[g[2]])
		}
		if g := notAList.FindStringSubmatch(text); g != nil {
			if strings.HasSuffix(g[1], "...") {
				// The YAML library cut a long value to its start: a pasted
				// key, perhaps, of which even the start is not shown.
				text = "want a list, like [a, b], not a single value"
			} else {
				text = fmt.Sprintf("want a list, like [%s], not %q", g[1], g[1])
			}
		}
		out[i] = file + line + ": " + text
	}
	return errors.New(strings.Join(out, "\n"))
}

// secretKeys are field names that would hold a credential itself.
var secretKeys = []string{"accesskeyid", "accesskeysecret", "secretaccesskey", "secret", "secretkey",
	"securitytoken", "sessiontoken", "token", "password", "ak", "sk"}

// noSecrets rejects a credentials block that holds keys rather than naming
// variables, before anything else is said about the file, with a message
// that says why (the strict pass would only call the field unknown).
func noSecrets(file string, n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "credentials" && v.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(v.Content); j += 2 {
					if slices.Contains(secretKeys, strings.ToLower(v.Content[j].Value)) {
						return fmt.Errorf("%s:%d: credentials.%s: credentials do not belong in the file; put them in environment variables and name the variables with accessKeyIdEnv, secretEnv and tokenEnv",
							file, v.Content[j].Line, v.Content[j].Value)
					}
				}
			}
		}
	}
	for _, c := range n.Content {
		if err := noSecrets(file, c); err != nil {
			return err
		}
	}
	return nil
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func fieldLines(n *yaml.Node) map[string]int {
	lines := make(map[string]int)
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			lines[n.Content[i].Value] = n.Content[i+1].Line
		}
	}
	return lines
}

// at returns "file:line" of a field of t, or of t itself.
func (c *Config) at(t *Entry, field string) string {
	if l, ok := t.lines[field]; ok {
		return fmt.Sprintf("%s:%d", c.file, l)
	}
	return fmt.Sprintf("%s:%d", c.file, t.line)
}

// check validates what the types alone cannot.
func (c *Config) check() error {
	if len(c.Entries) == 0 {
		return fmt.Errorf("%s: no targets; add a targets list", c.file)
	}
	names := make(map[string]int)
	for i := range c.Entries {
		t := &c.Entries[i]
		if err := c.checkTarget(t); err != nil {
			return err
		}
		if line, dup := names[t.Name]; dup {
			return c.bad(t, "name", "the name is used twice (also at line %d)", line)
		}
		names[t.Name] = t.line
	}
	return nil
}

// bad returns an error about a field of t ("" for t itself), with its line.
func (c *Config) bad(t *Entry, field, format string, args ...any) error {
	label := ""
	if t.Name != "" {
		label = fmt.Sprintf("target %q: ", t.Name)
	}
	return fmt.Errorf("%s: %s%s", c.at(t, field), label, fmt.Sprintf(format, args...))
}

func (c *Config) checkTarget(t *Entry) error {
	switch {
	case t.Name == "":
		return c.bad(t, "", "target has no name; add name: (letters, digits, '.', '_', '-')")
	case !targetName.MatchString(t.Name):
		return c.bad(t, "name", "the name may hold only letters, digits, '.', '_' and '-', and starts with a letter or digit")
	}
	provider := peering.Provider(t.Provider)
	switch provider {
	case peering.Baidu, peering.AlibabaVPC:
		if len(t.Regions) == 0 {
			example := "[bj, gz]"
			if provider == peering.AlibabaVPC {
				example = "[cn-hangzhou, cn-shanghai]"
			}
			return c.bad(t, "", "%s is regional: add regions, like regions: %s", provider, example)
		}
	case peering.AlibabaENS:
		if len(t.Regions) > 0 {
			return c.bad(t, "regions", "alibaba-ens is not regional: remove regions (one target covers every ENS node)")
		}
	case "":
		return c.bad(t, "", "no provider; add provider: baidu, alibaba-vpc or alibaba-ens")
	default:
		return c.bad(t, "provider", "unknown provider %q; want baidu, alibaba-vpc or alibaba-ens", t.Provider)
	}
	for j, r := range t.Regions {
		if r == "" {
			return c.bad(t, "regions", "empty region name")
		}
		if slices.Contains(t.Regions[:j], r) {
			return c.bad(t, "regions", "region %s is listed twice", r)
		}
	}
	if err := c.checkEndpoints(t, provider); err != nil {
		return err
	}
	if provider != peering.Baidu && t.AccountID != "" && !decimalUID.MatchString(t.AccountID) {
		return c.bad(t, "accountId", "an Alibaba account ID is the decimal UID, like 1234567890123456")
	}
	cr := t.Credentials
	if t.Profile != "" && cr != (EnvCredentials{}) {
		return c.bad(t, "profile", "give profile or credentials, not both")
	}
	if cr == (EnvCredentials{}) {
		return nil // the profile, or the provider's usual chain
	}
	if cr.AccessKeyIDEnv == "" || cr.SecretEnv == "" {
		return c.bad(t, "credentials", "credentials need both accessKeyIdEnv and secretEnv (tokenEnv is optional)")
	}
	// The values are never quoted back: one that is not a name may well be
	// the key itself.
	for _, f := range []struct{ field, value string }{
		{"accessKeyIdEnv", cr.AccessKeyIDEnv}, {"secretEnv", cr.SecretEnv}, {"tokenEnv", cr.TokenEnv},
	} {
		switch {
		case f.value == "":
		case looksLikeKey(f.value):
			return c.bad(t, "credentials", "credentials.%s does not look like an environment variable name but like a key: "+
				"keys do not belong in the file; put it in an environment variable and name the variable here, like %s: %s",
				f.field, f.field, exampleEnv[f.field])
		case !envName.MatchString(f.value):
			return c.bad(t, "credentials", "credentials.%s is not an environment variable name (letters, digits and '_', not starting with a digit), like %s: %s",
				f.field, f.field, exampleEnv[f.field])
		}
	}
	return nil
}

func (c *Config) checkEndpoints(t *Entry, provider peering.Provider) error {
	switch {
	case t.Endpoint != "" && len(t.Endpoints) > 0:
		return c.bad(t, "endpoints", "give endpoint or endpoints, not both")
	case provider != peering.Baidu && len(t.Endpoints) > 0:
		return c.bad(t, "endpoints", "%s has one endpoint for every region: use endpoint", provider)
	case provider == peering.Baidu && t.Endpoint != "" && len(t.Regions) > 1:
		return c.bad(t, "endpoint", "a Baidu endpoint serves one region: use endpoints, like endpoints: {%s: https://...}", t.Regions[0])
	}
	for _, r := range slices.Sorted(maps.Keys(t.Endpoints)) {
		if !slices.Contains(t.Regions, r) {
			return c.bad(t, "endpoints", "endpoint for region %s, which is not in regions", r)
		}
	}
	return nil
}

// Targets expands the configuration into one Target per entry and region
// (one per entry for alibaba-ens), in the file's order, keeping only the
// entries named in entries (all when none is). A name that is not an
// entry's is an error.
func (c *Config) Targets(entries ...string) ([]Target, error) {
	for _, name := range entries {
		if !slices.ContainsFunc(c.Entries, func(t Entry) bool { return t.Name == name }) {
			return nil, fmt.Errorf("no target named %q in %s", name, c.file)
		}
	}
	var out []Target
	for i := range c.Entries {
		t := &c.Entries[i]
		if len(entries) > 0 && !slices.Contains(entries, t.Name) {
			continue
		}
		base := Target{
			Name:      t.Name,
			Label:     t.Name,
			Provider:  peering.Provider(t.Provider),
			AccountID: t.AccountID,
			Endpoint:  t.Endpoint,
			Env:       t.Credentials,
			Profile:   t.Profile,
			Origin:    fmt.Sprintf("%s:%d", c.file, t.line),
			FromFile:  true,
		}
		if len(t.Regions) == 0 {
			out = append(out, base)
			continue
		}
		for _, r := range t.Regions {
			s := base
			s.Name, s.Region = t.Name+"/"+r, r
			if e, ok := t.Endpoints[r]; ok {
				s.Endpoint = e
			}
			out = append(out, s)
		}
	}
	return out, nil
}
