package targets_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/peeringkit/peering"
	"github.com/peeringkit/peering/targets"
)

// No fmt verb prints the secret or the token of Keys.
func TestKeysNeverPrintSecrets(t *testing.T) {
	k := targets.Keys{AccessKeyID: "AKID", Secret: "s3cret-value", Token: "t0ken-value"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"} {
		for _, v := range []any{k, &k, targets.Target{Keys: &k}} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "s3cret", verb)
			assert.NotContains(t, out, "t0ken", verb)
		}
	}
}

// A target without credentials says which variables it read, coded
// Unauthenticated.
func TestMissingCredentials(t *testing.T) {
	tests := []struct {
		name    string
		target  targets.Target
		missing []string
		named   bool
	}{
		{"baidu's usual", targets.Target{Provider: peering.Baidu, Region: "bj"}, []string{"BCE_ACCESS_KEY_ID", "BCE_SECRET_ACCESS_KEY"}, false},
		{"named", targets.Target{Provider: peering.AlibabaENS, Env: targets.EnvCredentials{AccessKeyIDEnv: "TEST_NONE_AK", SecretEnv: "TEST_NONE_SK"}},
			[]string{"TEST_NONE_AK", "TEST_NONE_SK"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("BCE_ACCESS_KEY_ID", "")
			t.Setenv("BCE_SECRET_ACCESS_KEY", "")
			_, err := tt.target.Open(targets.OpenOptions{})
			var ce *targets.CredentialsError
			if assert.ErrorAs(t, err, &ce) {
				assert.Equal(t, tt.missing, ce.Missing)
				assert.Equal(t, tt.named, ce.Named)
			}
			assert.Equal(t, peering.Unauthenticated, peering.Code(err))
		})
	}
}
