package web

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientIP is the address a request came from, for limits and logs: the
// peer's, or, when the peer is a trusted proxy (TRUSTED_PROXIES), the
// rightmost address in X-Forwarded-For that is not a trusted proxy
// itself. Everything to the left of that was written by the client and
// proves nothing: "spoof, 203.0.113.5" is 203.0.113.5. A hop that is not
// an address ends the walk at the last proxy, so garbage never makes a
// fresh address to count under.
func (s *server) clientIP(c *fiber.Ctx) string {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	peer = peer.Unmap()
	if !s.trustedProxy(peer) {
		return peer.String()
	}
	last := peer
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !s.trustedProxy(a) {
			return a.String()
		}
		last = a
	}
	return last.String()
}

// limitKey is the address a request is counted under for rate limits:
// clientIP, with an IPv6 address widened to its /64, which one household
// or phone gets whole and can change within at will.
func (s *server) limitKey(c *fiber.Ctx) string {
	ip := s.clientIP(c)
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Is6() {
		return ip
	}
	p, _ := a.Prefix(64)
	return p.String()
}

func (s *server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
