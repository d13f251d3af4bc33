package bce_test

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/peeringkit/peering/emulator/bce"
)

// kinds maps each key of a JSON object to the kind of its value.
func kinds(t *testing.T, raw json.RawMessage) map[string]string {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	out := map[string]string{}
	for k, v := range m {
		switch v.(type) {
		case string:
			out[k] = "string"
		case float64:
			out[k] = "number"
		case bool:
			out[k] = "bool"
		case []any:
			out[k] = "array"
		case nil:
			out[k] = "null"
		default:
			out[k] = "object"
		}
	}
	return out
}

// The emulator's List and Get answers have exactly the fields of the
// documents' examples, with the same JSON types, the bandwidth under its
// real name, and times in the documents' form.
func TestWireShapeMatchesDocuments(t *testing.T) {
	data, err := os.ReadFile("testdata/doc_examples.json")
	require.NoError(t, err)
	var docs struct {
		List map[string]json.RawMessage `json:"list"`
		Get  json.RawMessage            `json:"get"`
	}
	require.NoError(t, json.Unmarshal(data, &docs))
	var docItems []json.RawMessage
	require.NoError(t, json.Unmarshal(docs.List["peerConns"], &docItems))

	// The documented PeerConn: the list item's fields and the get example's,
	// with the misspelt bandwidth renamed and expiredTime a string.
	want := kinds(t, docItems[0])
	maps.Copy(want, kinds(t, docs.Get))
	want["bandwidthInMbps"] = want["bandwithInMbp"]
	delete(want, "bandwithInMbp")
	want["expiredTime"] = "string"

	w := newWorld(t, bce.Config{})
	_, err = w.svc.Seed(acctA.ID, "bj", 3)
	require.NoError(t, err)
	page := rawList(t, w, acctA, "maxKeys=1")
	require.ElementsMatch(t, slices.Collect(maps.Keys(docs.List)), slices.Collect(maps.Keys(page)), "list answer keys")
	var items []json.RawMessage
	require.NoError(t, json.Unmarshal(page["peerConns"], &items))
	require.Equal(t, want, kinds(t, items[0]))

	var item struct {
		ID          string `json:"peerConnId"`
		CreatedTime string `json:"createdTime"`
	}
	require.NoError(t, json.Unmarshal(items[0], &item))
	require.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`, item.CreatedTime)

	resp, err := http.DefaultClient.Do(signed(t, acctA, "GET", w.url["bj"]+"/v1/peerconn/"+item.ID, nil, signOpts{}))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, want, kinds(t, body))
	require.Contains(t, resp.Header.Get("Content-Type"), "application/json")
	require.NotEmpty(t, resp.Header.Get("x-bce-request-id"))
}

// Actions answer 200 with an empty body and a request ID.
func TestActionsAnswerEmpty(t *testing.T) {
	w := newWorld(t, bce.Config{})
	ids, err := w.svc.Seed(acctA.ID, "bj", 1)
	require.NoError(t, err)
	req := signed(t, acctA, "PUT", w.url["bj"]+"/v1/peerconn/"+ids[0]+"/deleteProtect?clientToken=p1", []byte(`{"deleteProtect":true}`), signOpts{})
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Empty(t, body)
	require.NotEmpty(t, resp.Header.Get("x-bce-request-id"))
	require.True(t, w.svc.PeerConns()[0].DeleteProtect)
}
