// Package loadtest holds the portal's load test, run by `make loadtest`:
// real Redis, the built portal and a floor program (floor/, a bare fiber
// handler with one Redis key and a tiny template: the least a page could
// cost on this machine), each page driven by the same load generator and
// compared with the floor, every answer checked. The package has no code
// of its own; see load_test.go.
package loadtest
