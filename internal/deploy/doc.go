// Package deploy holds no code: its test checks the repository's
// docker-compose.yml with compose-go, the Compose Specification's
// reference loader and validator, so the file is read as Docker Compose
// reads it (schema, interpolation, references), and then checks what the
// portal needs from it: two instances of one image behind the proxy,
// Redis with an append-only file and noeviction, health checks, the
// order of starting, TRUSTED_PROXIES equal to the network's range, and
// no published port but the proxy's. No Docker and no network are used.
package deploy
