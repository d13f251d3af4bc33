package aliyunrpc

import (
	"fmt"
	"sync"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
)

// CredentialsProvider is the Alibaba Cloud SDK's source of credentials
// (sdk/auth/credentials): its default chain, an aliyun CLI profile, an ECS
// instance's RAM role, a role to assume. The SDK's providers of temporary
// credentials keep them until shortly before they expire and then fetch
// new ones, so a client that asks before each request signs with
// credentials that are current.
type CredentialsProvider = credentials.CredentialsProvider

// refreshing asks a provider for the credentials of every request.
// Between refreshes the provider answers with the credentials it keeps.
// Every secret and token it hands out is registered with package redact
// before use, as New registers static ones.
type refreshing struct{ p CredentialsProvider }

// providerMu serializes the calls to every provider: the SDK's are not
// safe for concurrent use (a refresh writes the provider's fields
// unguarded), and one provider may serve several clients (VpcPeer's two
// hosts, or an ENS and a VpcPeer adapter). A call that needs no refresh
// takes microseconds.
var providerMu sync.Mutex

// GetCredentials implements credentials.CredentialsProvider.
func (r *refreshing) GetCredentials() (*credentials.Credentials, error) {
	providerMu.Lock()
	defer providerMu.Unlock()
	c, err := r.p.GetCredentials()
	if err != nil {
		return nil, fmt.Errorf("credentials from %s: %w", r.p.GetProviderName(), err)
	}
	if c == nil || c.AccessKeyId == "" || c.AccessKeySecret == "" {
		return nil, fmt.Errorf("credentials from %s: no AccessKey ID or secret", r.p.GetProviderName())
	}
	Credentials{AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken}.register()
	return c, nil
}

// GetProviderName implements credentials.CredentialsProvider.
func (r *refreshing) GetProviderName() string { return r.p.GetProviderName() }
