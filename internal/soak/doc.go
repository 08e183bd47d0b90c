// Package soak holds the portal's soak test, run by `make soak`: real
// Redis and two portal processes on loopback, residents walking the flow,
// chatting and sending contact requests, while Redis is restarted and one
// instance is killed. The package has no code of its own; see
// soak_test.go.
package soak
