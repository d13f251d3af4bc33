package targets

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	alicreds "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/peeringkit/peering"
)

// Where the credentials of a target come from, first found first:
//
//  1. Target.Keys, in hand.
//  2. The variables Target.Env names (the file's credentials block).
//  3. The profile Target.Profile names (--profile, the file's profile:), in
//     the provider CLI's own file: ~/.aliyun/config.json as 'aliyun
//     configure' writes it (modes AK, StsToken, RamRoleArn, EcsRamRole,
//     OIDC, ChainableRamRoleArn), ~/.bce/config.json as 'bce configure set'
//     writes it (modes AK, StsToken).
//  4. The provider's usual chain. Baidu: BCE_ACCESS_KEY_ID and
//     BCE_SECRET_ACCESS_KEY (with BCE_SESSION_TOKEN), then the current
//     profile of ~/.bce/config.json. Alibaba: the Alibaba Cloud SDK's own
//     default chain, as the SDK and the aliyun CLI resolve it: the
//     ALIBABA_CLOUD_* variables, OIDC (ALIBABA_CLOUD_OIDC_*), the aliyun
//     CLI's current profile (or ALIBABA_CLOUD_PROFILE), ~/.alibabacloud/
//     credentials, the ECS instance's RAM role from the metadata service
//     (ALIBABA_CLOUD_ECS_METADATA names the role; ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
//     turns it off), ALIBABA_CLOUD_CREDENTIALS_URI.
//
// An Alibaba target of steps 3 and 4 keeps the SDK's provider: Open reads
// its credentials once, to fail early, and the adapter asks it again
// before each request, so that temporary credentials it refreshes (an
// instance's RAM role, an assumed role, OIDC) are used as they change in a
// long run. Baidu's credentials are read once, when the adapter is
// opened: a program that runs for longer than Baidu STS credentials last
// opens it again.

// The Alibaba chain is the SDK's (sdk/auth/credentials): it is what the
// adapters already sign with, it reads the aliyun CLI's file with all its
// modes, and it adds no dependency. Baidu has no such library in Go (the
// bce CLI's reader is internal to it), so its file is read here, as
// github.com/baidubce/bce-cli internal/config reads it.

// bceConfig is ~/.bce/config.json.
type bceConfig struct {
	Current  string       `json:"current"`
	Profiles []bceProfile `json:"profiles"`
}

type bceProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"` // AK (or empty) or StsToken
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
	SecurityToken   string `json:"security_token"`
}

// bceConfigFile is the bce CLI's file, under the home directory.
func bceConfigFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".bce", "config.json")
}

// errNoFile is a profile file that is not there, which the chain passes by.
var errNoFile = errors.New("no such file")

// bceProfileKeys reads profile name (the current one for "") of the bce
// CLI's file.
func bceProfileKeys(name string) (Keys, error) {
	file := bceConfigFile()
	b, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return Keys{}, fmt.Errorf("%s: %w", file, errNoFile)
	}
	if err != nil {
		return Keys{}, err
	}
	var c bceConfig
	if err := json.Unmarshal(b, &c); err != nil {
		return Keys{}, fmt.Errorf("%s: not the bce CLI's configuration: %v", file, err)
	}
	if name == "" {
		name = c.Current
	}
	for _, p := range c.Profiles {
		if p.Name != name {
			continue
		}
		k := Keys{AccessKeyID: strings.TrimSpace(p.AccessKeyID), Secret: strings.TrimSpace(p.SecretAccessKey)}
		switch p.Mode {
		case "", "AK":
		case "StsToken":
			k.Token = strings.TrimSpace(p.SecurityToken)
			if k.Token == "" {
				return Keys{}, fmt.Errorf("%s: profile %s is StsToken but has no security_token", file, name)
			}
		default:
			return Keys{}, fmt.Errorf("%s: profile %s has mode %q; peerctl reads AK and StsToken", file, name, p.Mode)
		}
		if k.AccessKeyID == "" || k.Secret == "" {
			return Keys{}, fmt.Errorf("%s: profile %s lacks access_key_id or secret_access_key", file, name)
		}
		return k, nil
	}
	return Keys{}, fmt.Errorf("%s: no profile named %q", file, name)
}

// alibabaProvider is the SDK's chain, or its aliyun CLI profile reader
// for a named profile.
func alibabaProvider(profile string) alicreds.CredentialsProvider {
	if profile != "" {
		return alicreds.NewCLIProfileCredentialsProviderBuilder().WithProfileName(profile).Build()
	}
	return alicreds.NewDefaultCredentialsProvider()
}

// alibabaKeys asks p for its credentials.
func alibabaKeys(p alicreds.CredentialsProvider) (Keys, error) {
	c, err := p.GetCredentials()
	if err != nil {
		msg := err.Error()
		// The SDK quotes a file it cannot decode whole, keys and all.
		if b, rerr := os.ReadFile(filepath.Join(os.Getenv("HOME"), ".aliyun", "config.json")); rerr == nil && len(b) > 0 {
			msg = strings.ReplaceAll(msg, string(b), "(not valid JSON)")
		}
		return Keys{}, errors.New(msg)
	}
	return Keys{AccessKeyID: c.AccessKeyId, Secret: c.AccessKeySecret, Token: c.SecurityToken}, nil
}

// chain resolves a target that names no variables (steps 3 and 4).
func (t Target) chain() (Keys, error) {
	if t.Provider != peering.Baidu {
		return t.alibabaChain(alibabaProvider(t.Profile))
	}
	std := StandardEnv(t.Provider)
	missing := &CredentialsError{Target: t, Missing: []string{std.AccessKeyIDEnv, std.SecretEnv}}
	if t.Profile == "" {
		if k, err := t.fromEnv(std, false); err == nil {
			return k, nil
		}
	}
	k, err := bceProfileKeys(t.Profile)
	switch {
	case err == nil:
		return k, nil
	case t.Profile == "" && errors.Is(err, errNoFile):
		return Keys{}, missing
	}
	missing.Reason = MaskKeys(err.Error())
	return Keys{}, missing
}

// alibabaChain reads the credentials of an Alibaba target from p (steps 3
// and 4).
func (t Target) alibabaChain(p alicreds.CredentialsProvider) (Keys, error) {
	k, err := alibabaKeys(p)
	if err != nil {
		std := StandardEnv(t.Provider)
		return Keys{}, &CredentialsError{Target: t, Missing: []string{std.AccessKeyIDEnv, std.SecretEnv}, Reason: MaskKeys(err.Error())}
	}
	return k, nil
}
