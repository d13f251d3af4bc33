package aliyun

import (
	"fmt"
	"net/http"
)

// apiError is an error answer in the clouds' shape. Its status is the HTTP
// status; its code and message go into the body.
type apiError struct {
	status        int
	code, message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func newError(status int, code, message string) *apiError {
	return &apiError{status: status, code: code, message: message}
}

// errorBody is the error document. Every field is a string: the Go SDK asserts
// them to string and panics on anything else.
type errorBody struct {
	RequestID string `json:"RequestId"`
	HostID    string `json:"HostId"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend"`
}

func (p *product) errorBody(requestID string, e *apiError) errorBody {
	return errorBody{
		RequestID: requestID,
		HostID:    p.host,
		Code:      e.code,
		Message:   e.message,
		Recommend: "https://api.aliyun.com/troubleshoot?q=" + e.code + "&product=" + p.name + "&requestId=" + requestID,
	}
}

// writeFaultError is the fault injector's ErrorWriter: throttling and 5xx
// answers in the same shape as the service's own errors.
func writeFaultError(w http.ResponseWriter, status int, code, message string) {
	p := unknownProduct
	if pw, ok := w.(*productWriter); ok && pw.product != nil {
		p = pw.product
	}
	requestID := newRequestID()
	writeJSON(w, status, requestID, p.errorBody(requestID, newError(status, code, message)))
}

// Constructors for the errors several actions share.

func errMissing(name string) *apiError {
	return newError(400, "MissingParameter", fmt.Sprintf("The input parameter %q that is mandatory for processing this request is not supplied.", name))
}

// errMissingParam is VpcPeer's per-parameter form.
func errMissingParam(name string) *apiError {
	return newError(400, "MissingParam."+name, fmt.Sprintf("The parameter %s is mandatory for this request.", name))
}

func errIllegal(name, why string) *apiError {
	return newError(400, "IllegalParam."+name, fmt.Sprintf("The parameter %s is illegal: %s.", name, why))
}

// errInvalid is ENS's InvalidParameter.%s.
func errInvalid(name, why string) *apiError {
	return newError(400, "InvalidParameter."+name, fmt.Sprintf("The specified field %s invalid: %s.", name, why))
}

func errPeerNotFound(id string) *apiError {
	return newError(400, "ResourceNotFound.InstanceId", fmt.Sprintf("The specified resource of %s is not found.", id))
}

func errPeerStatus(id, status string) *apiError {
	return newError(400, "IncorrectStatus.VpcPeer", fmt.Sprintf("The status of %s [%s] is incorrect.", id, status))
}

func errNoPermission(why string) *apiError {
	return newError(400, "Forbidden.NoPermission", "You are not authorized to operate on the specified resource: "+why+".")
}

func errDryRun() *apiError {
	return newError(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.")
}

func errENSNotFound(id string) *apiError {
	return newError(400, "InstanceNotFound.NetworkPeerConnection", fmt.Sprintf("The network peer connection %s does not exist.", id))
}

func errENSStatus(id, status string) *apiError {
	return newError(400, "IncorrectStatus.NetworkPeerConnection", fmt.Sprintf("The status of network peer connection %s [%s] does not allow this operation.", id, status))
}
