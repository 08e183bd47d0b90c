// Package redisconn reads REDIS_URL and opens the one Redis client every
// store of the portal shares: a single server, a primary watched by
// Sentinel, or a Redis Cluster, each built with redis.NewUniversalClient.
//
// The URL forms:
//
//	redis://[user:password@]host:port[/db]       one server (rediss:// for TLS)
//	unix:///run/redis.sock[?db=0]                one server on a Unix socket
//	redis+sentinel://[user:password@]s1:26379,s2:26379/mymaster[/db]
//	                                             Sentinel; the user and password are the
//	                                             primary's, sentinel_password=... the sentinels'
//	redis://s1:26379?master_name=mymaster&addr=s2:26379
//	                                             Sentinel in go-redis' own form, whose user
//	                                             and password are the sentinels'
//	redis+cluster://[user:password@]n1:7000,n2:7001,n3:7002
//	redis://n1:7000,n2:7001,n3:7002              Cluster: a list of nodes
//	redis://n1:7000?addr=n2:7001&addr=n3:7002    Cluster in go-redis' own form
//
// Every form takes go-redis' options as query parameters in snake case
// (dial_timeout=2s, pool_size=20, ...). A Cluster has database 0 only.
package redisconn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Mode is how the portal reaches Redis.
type Mode string

const (
	Single   Mode = "single"
	Sentinel Mode = "sentinel"
	Cluster  Mode = "cluster"
)

// Default ports, when a host in the URL has none.
const (
	redisPort    = "6379"
	sentinelPort = "26379"
)

// Parse reads a REDIS_URL into the options of redis.NewUniversalClient.
// The options always choose the client Mode says: a Sentinel URL sets
// MasterName, a Cluster URL sets IsClusterMode even with one node.
// Errors never repeat a password.
func Parse(raw string) (*redis.UniversalOptions, Mode, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return nil, "", errors.New("want a URL such as redis://host:6379/0, redis+sentinel://host:26379/mymaster or redis+cluster://host1:7000,host2:7001")
	}
	base, topology, _ := strings.Cut(strings.ToLower(scheme), "+")
	if base != "redis" && base != "rediss" && base != "unix" {
		return nil, "", fmt.Errorf("unknown scheme %q: want redis, rediss, unix, redis+sentinel or redis+cluster", scheme)
	}
	switch topology {
	case "sentinel":
		return parseSentinel(base, rest)
	case "cluster":
		return parseCluster(base, rest)
	case "":
	default:
		return nil, "", fmt.Errorf("unknown scheme %q: want redis+sentinel or redis+cluster", scheme)
	}
	if base == "unix" {
		return parseUnix(raw)
	}
	a, err := split(rest)
	if err != nil {
		return nil, "", err
	}
	q := a.query()
	switch {
	case q.Has("master_name"):
		// go-redis' failover form: the host and addr= are sentinels.
		o, err := redis.ParseFailoverURL(base + "://" + rest)
		if err != nil {
			return nil, "", clean(err)
		}
		u := &redis.UniversalOptions{Addrs: o.SentinelAddrs}
		fill(u, o)
		return u, Sentinel, nil
	case len(a.hosts) > 1 || q.Has("addr"):
		return parseCluster(base, rest)
	}
	o, err := redis.ParseURL(base + "://" + rest)
	if err != nil {
		return nil, "", clean(err)
	}
	u := &redis.UniversalOptions{Addrs: []string{o.Addr}}
	fill(u, o)
	return u, Single, nil
}

// parseSentinel reads redis+sentinel://[user:pass@]s1,s2/master[/db]?...
// by rewriting it into go-redis' failover form.
func parseSentinel(base, rest string) (*redis.UniversalOptions, Mode, error) {
	if base == "unix" {
		return nil, "", errors.New("sentinels are reached over TCP: use redis+sentinel:// or rediss+sentinel://")
	}
	a, err := split(rest)
	if err != nil {
		return nil, "", err
	}
	parts := strings.FieldsFunc(a.path, func(r rune) bool { return r == '/' })
	if len(parts) == 0 || len(parts) > 2 {
		return nil, "", errors.New("redis+sentinel: want the primary's name as the path, e.g. redis+sentinel://host:26379/mymaster or .../mymaster/0")
	}
	q := a.query()
	q.Set("master_name", parts[0])
	if len(parts) == 2 {
		q.Set("db", parts[1])
	}
	// The URL's user and password are the primary's; go-redis takes
	// those as parameters and the URL's own as the sentinels'.
	sentinelUser, sentinelPass := q.Get("sentinel_username"), q.Get("sentinel_password")
	q.Del("sentinel_username")
	q.Del("sentinel_password")
	if user, pass := a.userPassword(); user != "" || pass != "" {
		q.Set("username", user)
		q.Set("password", pass)
	}
	hosts := withPorts(a.hosts, sentinelPort)
	for _, h := range hosts[1:] {
		q.Add("addr", h)
	}
	userinfo := ""
	if sentinelUser != "" || sentinelPass != "" {
		userinfo = url.UserPassword(sentinelUser, sentinelPass).String() + "@"
	}
	o, err := redis.ParseFailoverURL(base + "://" + userinfo + hosts[0] + "?" + q.Encode())
	if err != nil {
		return nil, "", clean(err)
	}
	u := &redis.UniversalOptions{Addrs: o.SentinelAddrs}
	fill(u, o)
	return u, Sentinel, nil
}

// parseCluster reads a list of nodes, from the host list or addr=.
func parseCluster(base, rest string) (*redis.UniversalOptions, Mode, error) {
	if base == "unix" {
		return nil, "", errors.New("cluster nodes are reached over TCP: use redis+cluster:// or rediss+cluster://")
	}
	a, err := split(rest)
	if err != nil {
		return nil, "", err
	}
	if p := strings.Trim(a.path, "/"); p != "" && p != "0" {
		return nil, "", fmt.Errorf("redis cluster: database %q asked, but a Redis Cluster has database 0 only", p)
	}
	q := a.query()
	hosts := withPorts(a.hosts, redisPort)
	for _, h := range hosts[1:] {
		q.Add("addr", h)
	}
	o, err := redis.ParseClusterURL(base + "://" + a.userinfo + hosts[0] + "?" + q.Encode())
	if err != nil {
		return nil, "", clean(err)
	}
	u := &redis.UniversalOptions{Addrs: o.Addrs, IsClusterMode: true}
	fill(u, o)
	return u, Cluster, nil
}

// parseUnix reads unix:///path?db=N. UniversalOptions has no network, so
// a dialer reaches the socket.
func parseUnix(raw string) (*redis.UniversalOptions, Mode, error) {
	o, err := redis.ParseURL(raw)
	if err != nil {
		return nil, "", clean(err)
	}
	u := &redis.UniversalOptions{Addrs: []string{o.Addr}}
	fill(u, o)
	path := o.Addr
	u.Dialer = func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}
	return u, Single, nil
}

// authority is a URL taken apart by hand, because url.Parse does not
// read a list of hosts.
type authority struct {
	userinfo string // with its "@", or ""
	hosts    []string
	path     string
	rawQuery string
}

func split(rest string) (authority, error) {
	var a authority
	rest, a.rawQuery, _ = strings.Cut(rest, "?")
	hostPart := rest
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		hostPart, a.path = rest[:i], rest[i:]
	}
	if i := strings.LastIndexByte(hostPart, '@'); i >= 0 {
		a.userinfo, hostPart = hostPart[:i+1], hostPart[i+1:]
	}
	for h := range strings.SplitSeq(hostPart, ",") {
		if h = strings.TrimSpace(h); h != "" {
			a.hosts = append(a.hosts, h)
		}
	}
	if len(a.hosts) == 0 {
		a.hosts = []string{"localhost"}
	}
	if _, err := url.ParseQuery(a.rawQuery); err != nil {
		return a, fmt.Errorf("unreadable query: %w", err)
	}
	return a, nil
}

func (a authority) query() url.Values {
	q, _ := url.ParseQuery(a.rawQuery)
	return q
}

func (a authority) userPassword() (user, pass string) {
	if a.userinfo == "" {
		return "", ""
	}
	u, err := url.Parse("redis://" + a.userinfo + "x")
	if err != nil || u.User == nil {
		return "", ""
	}
	pass, _ = u.User.Password()
	return u.User.Username(), pass
}

// withPorts gives every host without a port the default one.
func withPorts(hosts []string, port string) []string {
	out := make([]string, len(hosts))
	for i, h := range hosts {
		if _, _, err := net.SplitHostPort(h); err == nil {
			out[i] = h
		} else {
			out[i] = net.JoinHostPort(strings.Trim(h, "[]"), port)
		}
	}
	return out
}

// clean drops go-redis' "redis: " prefix; its messages name options and
// hosts, never passwords.
func clean(err error) error {
	return errors.New(strings.TrimPrefix(err.Error(), "redis: "))
}

// fill copies every field of src (a *redis.Options, *redis.ClusterOptions
// or *redis.FailoverOptions) that UniversalOptions has under the same
// name and type, so each go-redis option in the URL reaches the client.
func fill(dst *redis.UniversalOptions, src any) {
	d := reflect.ValueOf(dst).Elem()
	s := reflect.ValueOf(src).Elem()
	for i := range s.NumField() {
		f := s.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if df := d.FieldByName(f.Name); df.IsValid() && df.CanSet() && df.Type() == f.Type && !s.Field(i).IsZero() {
			df.Set(s.Field(i))
		}
	}
}

// FailFast caps the timeouts so that a page waits at most about a second
// for Redis before it degrades, while shorter settings in the URL win.
func FailFast(o *redis.UniversalOptions) {
	o.DialTimeout = capped(o.DialTimeout, 2*time.Second)
	o.ReadTimeout = capped(o.ReadTimeout, time.Second)
	o.WriteTimeout = capped(o.WriteTimeout, time.Second)
	o.DialerRetries, o.DialerRetryTimeout = 1, 50*time.Millisecond
}

// capped returns d, or limit when d is unset or longer.
func capped(d, limit time.Duration) time.Duration {
	if d <= 0 || d > limit {
		return limit
	}
	return d
}

// Open parses raw, applies FailFast and returns the client, with a line
// for the log that names the mode and addresses but no password.
func Open(raw string) (redis.UniversalClient, string, error) {
	o, mode, err := Parse(raw)
	if err != nil {
		return nil, "", err
	}
	FailFast(o)
	return redis.NewUniversalClient(o), Describe(o, mode), nil
}

// Describe names the mode and addresses, e.g. "cluster of 127.0.0.1:7000,
// 127.0.0.1:7001" or "sentinel mymaster via 10.0.0.5:26379".
func Describe(o *redis.UniversalOptions, mode Mode) string {
	addrs := strings.Join(o.Addrs, ", ")
	switch mode {
	case Sentinel:
		return fmt.Sprintf("sentinel primary %q via %s, db %d", o.MasterName, addrs, o.DB)
	case Cluster:
		return "cluster of " + addrs
	default:
		return fmt.Sprintf("%s, db %d", addrs, o.DB)
	}
}

// ForEachPrimary runs fn on every primary, one at a time: each shard's
// of a Cluster, or the one client otherwise. Commands without a key, such
// as CONFIG GET or SCAN, reach only one node; what must be read
// everywhere is read here.
func ForEachPrimary(ctx context.Context, c redis.UniversalClient, fn func(context.Context, *redis.Client) error) error {
	switch c := c.(type) {
	case *redis.ClusterClient:
		// go-redis calls fn for all primaries at once; callers collect
		// results, so the calls take turns.
		var mu sync.Mutex
		return c.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
			mu.Lock()
			defer mu.Unlock()
			return fn(ctx, node)
		})
	case *redis.Client:
		return fn(ctx, c)
	default:
		return fmt.Errorf("redisconn: unsupported client %T", c)
	}
}
