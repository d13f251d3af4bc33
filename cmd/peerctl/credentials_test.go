package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// home makes a home directory holding files (path under home -> content).
func home(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	}
	return dir
}

// jsonOf encodes v, for the profile files.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// metadataProxy stands in for the ECS metadata service (100.100.100.200),
// reached through HTTP_PROXY as the SDK's requests honour it: it answers
// the token, role-name and credentials paths with creds for role, and
// records the paths asked.
type metadataProxy struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func newMetadataProxy(t *testing.T, role, id, secret, token string) *metadataProxy {
	mp := &metadataProxy{}
	mp.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mp.mu.Lock()
		mp.paths = append(mp.paths, r.Host+r.URL.Path)
		mp.mu.Unlock()
		switch {
		case r.Host != "100.100.100.200":
			http.Error(w, "not the metadata service", http.StatusBadGateway)
		case r.URL.Path == "/latest/api/token":
			_, _ = w.Write([]byte("metadata-token"))
		case r.URL.Path == "/latest/meta-data/ram/security-credentials/":
			_, _ = w.Write([]byte(role))
		case r.URL.Path == "/latest/meta-data/ram/security-credentials/"+role:
			_ = json.NewEncoder(w).Encode(map[string]string{"Code": "Success", "AccessKeyId": id, "AccessKeySecret": secret,
				"SecurityToken": token, "Expiration": "2099-01-01T00:00:00Z", "LastUpdated": "2025-06-01T00:00:00Z"})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(mp.Close)
	return mp
}

func (mp *metadataProxy) asked() []string {
	mp.mu.Lock()
	defer mp.mu.Unlock()
	return append([]string(nil), mp.paths...)
}

// Credentials come as the clouds' own tools find them: the variables, the
// CLI's profile file with --profile or its current profile (every aliyun
// mode: AK, StsToken, EcsRamRole, RamRoleArn), the instance's RAM role;
// and the configuration can name a profile per target.
func TestCredentialChain(t *testing.T) {
	t.Parallel()
	world := twin(t, 1, 0) // in this process: it can issue STS keys
	ali := func(name string) (id, secret string) {
		a, ok := world.Account(name)
		require.True(t, ok)
		return a.AccessKeyID, a.Secret
	}
	aliA, aliSecret := ali("alibaba-a")
	uid := alibabaUID(t, account(t, world.Manifest(), "alibaba-a"))
	stsID, stsSecret, stsToken := world.Alibaba.IssueSTSToken(uid)
	roleID, roleSecret, roleToken := world.Alibaba.IssueSTSToken(uid)
	baiduA, _ := world.Account("baidu-a")
	const wrongSecret = "Wr0ngS3cretWr0ngS3cretWr0ng"

	aliyunConfig := jsonOf(t, map[string]any{"current": "default", "profiles": []map[string]any{
		{"name": "default", "mode": "AK", "access_key_id": aliA, "access_key_secret": wrongSecret},
		{"name": "shop", "mode": "AK", "access_key_id": aliA, "access_key_secret": aliSecret},
		{"name": "temp", "mode": "StsToken", "access_key_id": stsID, "access_key_secret": stsSecret, "sts_token": stsToken},
		{"name": "temp-no-token", "mode": "StsToken", "access_key_id": stsID, "access_key_secret": stsSecret},
		{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "peerctl-role"},
		{"name": "assume", "mode": "RamRoleArn", "access_key_id": aliA, "access_key_secret": aliSecret,
			"ram_role_arn": "acs:ram::1234567890123456:role/peerctl", "ram_session_name": "peerctl"},
	}})
	bceConfig := jsonOf(t, map[string]any{"current": "prod", "profiles": []map[string]any{
		{"name": "prod", "mode": "AK", "access_key_id": baiduA.AccessKeyID, "secret_access_key": baiduA.Secret, "region": "bj"},
		{"name": "stale", "mode": "AK", "access_key_id": baiduA.AccessKeyID, "secret_access_key": wrongSecret},
		{"name": "odd", "mode": "RamRoleArn", "access_key_id": baiduA.AccessKeyID, "secret_access_key": baiduA.Secret},
	}})
	withFiles := home(t, map[string]string{".aliyun/config.json": aliyunConfig, ".bce/config.json": bceConfig})
	empty := home(t, nil)
	mp := newMetadataProxy(t, "peerctl-role", roleID, roleSecret, roleToken)

	vpc := []string{"inventory", "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", world.AlibabaEndpoint(), "-o", "json"}
	bce := []string{"inventory", "--provider", "baidu", "--region", "bj", "--endpoint", world.BaiduEndpoint("bj"), "-o", "json"}
	cfgFile := filepath.Join(t.TempDir(), "peering.yaml")
	require.NoError(t, os.WriteFile(cfgFile, []byte("targets:\n"+
		"  - {name: shop, provider: alibaba-vpc, regions: [cn-hangzhou], endpoint: "+world.AlibabaEndpoint()+", profile: shop}\n"+
		"  - {name: edge, provider: alibaba-ens, endpoint: "+world.AlibabaEndpoint()+", profile: temp}\n"+
		"  - {name: prod, provider: baidu, regions: [bj], endpoint: "+world.BaiduEndpoint("bj")+", profile: prod}\n"), 0o600))

	tests := []struct {
		name string
		home string
		env  []string
		args []string
		code int
		want string // in stderr
	}{
		{"alibaba: a profile by name", withFiles, nil, append(vpc, "--profile", "shop"), 0, ""},
		{"alibaba: the current profile", withFiles, nil, vpc, 1, "SignatureDoesNotMatch"},
		{"alibaba: ALIBABA_CLOUD_PROFILE", withFiles, []string{"ALIBABA_CLOUD_PROFILE=shop"}, vpc, 0, ""},
		{"alibaba: the variables come first", withFiles, []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + aliA, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + aliSecret}, vpc, 0, ""},
		{"alibaba: StsToken", withFiles, nil, append(vpc, "--profile", "temp"), 0, ""},
		{"alibaba: StsToken without its token", withFiles, nil, append(vpc, "--profile", "temp-no-token"), 1, "The security token is empty"},
		{"alibaba: EcsRamRole from the metadata service", withFiles, []string{"HTTP_PROXY=" + mp.URL, "ALIBABA_CLOUD_ECS_METADATA_DISABLED=false"}, append(vpc, "--profile", "ecs"), 0, ""},
		{"alibaba: the instance's role, with nothing else", empty, []string{"HTTP_PROXY=" + mp.URL, "ALIBABA_CLOUD_ECS_METADATA_DISABLED=false"}, vpc, 0, ""},
		// RamRoleArn asks STS over HTTPS; a proxy that refuses stands in
		// for the internet the test does not reach, to show the mode is read.
		{"alibaba: RamRoleArn reaches for STS", withFiles, []string{"HTTPS_PROXY=http://127.0.0.1:1"}, append(vpc, "--profile", "assume"), 1, "no credentials from profile assume"},
		{"alibaba: no such profile", withFiles, nil, append(vpc, "--profile", "nosuch"), 1, "hint: check profile nosuch in ~/.aliyun/config.json, or make it with 'aliyun configure --profile nosuch'"},
		{"alibaba: nothing anywhere", empty, nil, vpc, 1, "hint: export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or pick a profile of ~/.aliyun/config.json with --profile"},
		{"baidu: the current profile", withFiles, nil, bce, 0, ""},
		{"baidu: a profile by name", withFiles, nil, append(bce, "--profile", "stale"), 1, "Unauthenticated"},
		{"baidu: the variables come first", withFiles, []string{"BCE_ACCESS_KEY_ID=" + baiduA.AccessKeyID, "BCE_SECRET_ACCESS_KEY=" + wrongSecret}, bce, 1, "Unauthenticated"},
		{"baidu: a mode the bce CLI does not write", withFiles, nil, append(bce, "--profile", "odd"), 1, `profile odd has mode "RamRoleArn"; peerctl reads AK and StsToken`},
		{"baidu: nothing anywhere", empty, nil, bce, 1, "hint: export BCE_ACCESS_KEY_ID and BCE_SECRET_ACCESS_KEY, or pick a profile of ~/.bce/config.json with --profile"},
		{"a profile per target in the file", withFiles, nil, []string{"inventory", "--config", cfgFile, "-o", "json"}, 0, ""},
		{"--profile with --config", withFiles, nil, []string{"inventory", "--config", cfgFile, "--profile", "shop"}, 2, "drop --provider, --endpoint, --account-id and --profile"},
		{"--profile with --sandbox", withFiles, nil, []string{"inventory", "--sandbox", "--profile", "shop"}, 2, "--profile does not apply to --sandbox"},
		{"get with a profile", withFiles, nil, []string{"get", "pcc-nosuch00000000000000", "--provider", "alibaba-vpc", "--region", "cn-hangzhou",
			"--endpoint", world.AlibabaEndpoint(), "--profile", "shop"}, 1, "hint: no connection pcc-nosuch00000000000000"},
	}
	t.Run("runs", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				r := peerctl(t, append([]string{"HOME=" + tt.home}, tt.env...), tt.args...)
				assert.Equal(t, tt.code, r.code, "stderr: %s", r.stderr)
				assert.Contains(t, r.stderr, tt.want)
				for _, secret := range []string{aliSecret, wrongSecret, stsSecret, stsToken, roleSecret, roleToken, baiduA.Secret} {
					assert.NotContains(t, r.stdout+r.stderr, secret, "a secret is printed")
				}
			})
		}
	})
	assert.Contains(t, mp.asked(), "100.100.100.200/latest/meta-data/ram/security-credentials/peerctl-role", "the role's credentials came from the metadata service")
}

// A profile file that is not what the CLI writes is reported without
// printing it back, keys included, though the SDK's own message quotes it.
func TestBrokenProfileFilesAreNotEchoed(t *testing.T) {
	t.Parallel()
	const secret = "s3cr+t" // too short to look like a key
	broken := `{"current": "default", "profiles": [{"name": "default", "mode": "AK", "access_key_id": "LTAI5tAbCdEf12345", "access_key_secret": "` + secret + `",}]}`
	h := home(t, map[string]string{".aliyun/config.json": broken, ".bce/config.json": broken})
	for _, args := range [][]string{
		{"inventory", "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", "127.0.0.1:1", "-o", "json"},
		{"inventory", "--provider", "alibaba-vpc", "--region", "cn-hangzhou", "--endpoint", "127.0.0.1:1", "--profile", "default", "-o", "json"},
		{"inventory", "--provider", "baidu", "--region", "bj", "--endpoint", "http://127.0.0.1:1", "-o", "json"},
	} {
		r := peerctl(t, []string{"HOME=" + h}, args...)
		assert.Equal(t, 1, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "no credentials")
		assert.NotContains(t, r.stdout+r.stderr, secret, "%v", args)
		assert.False(t, strings.Contains(r.stderr, "LTAI5tAbCdEf12345"), "%v: the key ID is printed", args)
	}
}

// A target may name a profile or variables, not both.
func TestConfigProfileOrCredentials(t *testing.T) {
	t.Parallel()
	r := peerctl(t, nil, "inventory", "--config", "testdata/config/profile-and-credentials.yaml")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "profile-and-credentials.yaml:5: target \"shop\": give profile or credentials, not both")
}
