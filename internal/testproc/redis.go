package testproc

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// RedisUsage is what a Redis database holds: its keys, INFO memory's
// used_memory and used_memory_dataset (used_memory less the server's
// overhead, such as the clients' buffers), and the connected clients,
// whose buffers count in used_memory too.
type RedisUsage struct {
	Keys, Memory, Dataset, Clients int64
}

// Usage reads c's database size and INFO memory and clients.
func Usage(ctx context.Context, c *redis.Client) (RedisUsage, error) {
	n, err := c.DBSize(ctx).Result()
	if err != nil {
		return RedisUsage{}, err
	}
	info, err := c.Info(ctx, "memory", "clients").Result()
	if err != nil {
		return RedisUsage{}, err
	}
	u := RedisUsage{Keys: n, Memory: -1, Dataset: -1, Clients: -1}
	for _, line := range strings.Split(info, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		switch k {
		case "used_memory":
			u.Memory, err = strconv.ParseInt(v, 10, 64)
		case "used_memory_dataset":
			u.Dataset, err = strconv.ParseInt(v, 10, 64)
		case "connected_clients":
			u.Clients, err = strconv.ParseInt(v, 10, 64)
		}
		if err != nil {
			return u, fmt.Errorf("testproc: INFO %s: %w", k, err)
		}
	}
	if u.Memory < 0 {
		return u, errors.New("testproc: no used_memory in INFO memory")
	}
	return u, nil
}
