package redistest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// clusterTimeout is how long a new cluster gets to agree on its slots.
const clusterTimeout = 20 * time.Second

// StartCluster runs a Redis Cluster of n primaries (n >= 3, no replicas)
// on loopback ports, made with `redis-cli --cluster create`, and waits
// until every node reports the cluster ok. It returns the nodes'
// addresses; the servers stop when the test ends. Like Start, it skips
// without redis-server or redis-cli, and fails under CI=true.
func StartCluster(t testing.TB, n int) []string {
	t.Helper()
	bin := lookPath(t, "redis-server", "redis-server")
	cli := lookPath(t, "redis-cli", "redis-tools")
	addrs := make([]string, n)
	for i := range addrs {
		// The cluster bus gets a free port of its own: port+10000, the
		// default, may be taken or beyond 65535.
		bus, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		addrs[i] = launch(t, func(port int, dir string) []string {
			return append(serverArgs(port, dir),
				"--cluster-enabled", "yes",
				"--cluster-config-file", filepath.Join(dir, "nodes.conf"),
				"--cluster-port", strconv.Itoa(bus),
				"--cluster-node-timeout", "5000",
			)
		}, bin).addr
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	ctx, cancel := context.WithTimeout(context.Background(), clusterTimeout)
	defer cancel()
	if out, err := exec.CommandContext(ctx, cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("redistest: redis-cli --cluster create: %v\n%s", err, out)
	}
	for _, a := range addrs {
		if err := waitClusterOK(ctx, a, n); err != nil {
			t.Fatalf("redistest: cluster node %s: %v", a, err)
		}
	}
	return addrs
}

// waitClusterOK polls CLUSTER INFO until the node knows all n primaries,
// every slot is assigned and the state is ok.
func waitClusterOK(ctx context.Context, addr string, n int) error {
	c := redis.NewClient(&redis.Options{Addr: addr})
	defer c.Close()
	want := []string{"cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:" + strconv.Itoa(n)}
	var info string
	for {
		info, _ = c.ClusterInfo(ctx).Result()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(info, w)
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready within %s:\n%s", clusterTimeout, info)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// StartSentinel runs one server as primary and one Sentinel watching it
// under the name master, and returns the Sentinel's address. The
// processes stop when the test ends.
func StartSentinel(t testing.TB, master string) (sentinel, primary string) {
	t.Helper()
	bin := lookPath(t, "redis-server", "redis-server")
	primary = Start(t)
	host, port, _ := strings.Cut(primary, ":")
	srv := launch(t, func(p int, dir string) []string {
		// Sentinel reads and rewrites a config file of its own.
		conf := filepath.Join(dir, "sentinel.conf")
		text := fmt.Sprintf("sentinel monitor %s %s %s 1\nsentinel down-after-milliseconds %s 5000\n", master, host, port, master)
		if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return []string{conf, "--sentinel", "--port", strconv.Itoa(p), "--bind", "127.0.0.1", "--dir", dir, "--loglevel", "warning"}
	}, bin)
	return srv.addr, primary
}
