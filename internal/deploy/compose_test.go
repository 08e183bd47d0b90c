package deploy

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/wegwijzer/wegwijzer/internal/config"
)

// root is the repository, where docker-compose.yml and the Dockerfile are.
const root = "../.."

var portals = []string{"portal-1", "portal-2"}

// load reads a compose file the way `docker compose` does: the schema,
// interpolation from env (and nothing else: not the test's environment,
// not a .env file), YAML anchors and merge keys, references between
// services, networks, volumes, configs and secrets, and the services'
// environment with their env_files. The project name is fixed.
func load(t *testing.T, src []byte, env map[string]string) (*types.Project, error) {
	t.Helper()
	wd, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	return loadIn(wd, src, env)
}

// loadIn loads src as the docker-compose.yml of the folder wd.
func loadIn(wd string, src []byte, env map[string]string) (*types.Project, error) {
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  wd,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(wd, "docker-compose.yml"), Content: src}},
		Environment: types.Mapping(env),
	}, func(o *loader.Options) { o.SetProjectName("wegwijzer-test", true) })
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// env returns a service's environment variable ("" when unset).
func env(s types.ServiceConfig, key string) string {
	if v := s.Environment[key]; v != nil {
		return *v
	}
	return ""
}

// caddyfile is the inline Caddyfile the proxy mounts.
func caddyfile(p *types.Project) (string, error) {
	for _, c := range p.Services["proxy"].Configs {
		if c.Target == "/etc/caddy/Caddyfile" {
			cfg, ok := p.Configs[c.Source]
			if !ok || cfg.Content == "" {
				return "", fmt.Errorf("config %s has no inline content", c.Source)
			}
			return cfg.Content, nil
		}
	}
	return "", fmt.Errorf("the proxy mounts no config at /etc/caddy/Caddyfile")
}

func buildOf(b *types.BuildConfig) string {
	if b == nil {
		return "none"
	}
	return b.Context + ", " + b.Dockerfile
}

// secretPath is where a service finds a secret it mounts.
func secretPath(r types.ServiceSecretConfig) string {
	switch {
	case r.Target == "":
		return "/run/secrets/" + r.Source
	case strings.HasPrefix(r.Target, "/"):
		return r.Target
	}
	return "/run/secrets/" + r.Target
}

var versionKey = regexp.MustCompile(`(?m)^version\s*:`)

// problems lists what is wrong with a loaded project for the portal; raw
// is the file as written.
func problems(p *types.Project, raw []byte) []string {
	var out []string
	bad := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }

	if versionKey.Match(raw) {
		bad("top-level version: key (obsolete in the Compose Specification)")
	}
	for _, name := range append(slices.Clone(portals), "redis", "proxy") {
		if _, ok := p.Services[name]; !ok {
			bad("no service %s", name)
		}
	}
	if len(out) > 0 {
		return out
	}
	p1, p2 := p.Services["portal-1"], p.Services["portal-2"]
	redis, proxy := p.Services["redis"], p.Services["proxy"]

	// Two instances of one image, built from the repository's Dockerfile.
	if p1.Image == "" || p1.Image != p2.Image {
		bad("portal-1 and portal-2 run different images: %q, %q", p1.Image, p2.Image)
	}
	if b := p1.Build; b == nil || b.Context != p.WorkingDir || b.Dockerfile != "Dockerfile" {
		bad("portal-1 is not built from the repository's Dockerfile (build: %s)", buildOf(b))
	}

	// Health checks, for every service.
	checked := func(hc *types.HealthCheckConfig) bool {
		return hc != nil && !hc.Disable && len(hc.Test) > 0 && hc.Test[0] != "NONE"
	}
	for _, name := range p.ServiceNames() {
		if !checked(p.Services[name].HealthCheck) {
			bad("%s has no health check", name)
		}
	}
	for _, name := range portals {
		if hc := p.Services[name].HealthCheck; checked(hc) && !slices.Equal(hc.Test, []string{"CMD", "/wegwijzer", "healthcheck"}) {
			bad("%s health check is %q, want the binary's own: CMD /wegwijzer healthcheck", name, hc.Test)
		}
	}
	if hc := redis.HealthCheck; checked(hc) && !strings.Contains(strings.Join(hc.Test, " "), "redis-cli ping") {
		bad("redis health check %q does not ping", hc.Test)
	}

	// Redis keeps contact requests: AOF, fsync every second, no eviction,
	// on a named volume.
	if redis.Image != "redis:7" {
		bad("redis image is %q, want redis:7", redis.Image)
	}
	flags := map[string]string{}
	for i, a := range redis.Command {
		if strings.HasPrefix(a, "--") && i+1 < len(redis.Command) {
			flags[strings.TrimPrefix(a, "--")] = redis.Command[i+1]
		}
	}
	for k, want := range map[string]string{"appendonly": "yes", "appendfsync": "everysec", "maxmemory-policy": "noeviction"} {
		if flags[k] != want {
			bad("redis command: %s is %q, want %s", k, flags[k], want)
		}
	}
	if !slices.ContainsFunc(redis.Volumes, func(v types.ServiceVolumeConfig) bool {
		_, named := p.Volumes[v.Source]
		return v.Type == types.VolumeTypeVolume && named && v.Target == "/data"
	}) {
		bad("redis /data is not on a named volume")
	}

	// Order of starting.
	for _, name := range portals {
		if d, ok := p.Services[name].DependsOn["redis"]; !ok || d.Condition != types.ServiceConditionHealthy {
			bad("%s does not wait for redis healthy", name)
		}
	}
	for _, name := range portals {
		if d, ok := proxy.DependsOn[name]; !ok || d.Condition != types.ServiceConditionHealthy {
			bad("proxy does not wait for %s healthy", name)
		}
	}

	// One network with a fixed range, which is TRUSTED_PROXIES.
	var subnet string
	if len(p1.Networks) != 1 {
		bad("portal-1 is on %d networks, want 1", len(p1.Networks))
	}
	for name := range p1.Networks {
		if n, ok := p.Networks[name]; ok && len(n.Ipam.Config) == 1 {
			subnet = n.Ipam.Config[0].Subnet
		}
		for _, s := range p.ServiceNames() {
			if _, ok := p.Services[s].Networks[name]; !ok {
				bad("%s is not on the portals' network %s", s, name)
			}
		}
	}
	if _, err := netip.ParsePrefix(subnet); err != nil {
		bad("the portals' network has no fixed subnet (ipam config): %q", subnet)
	}
	for _, name := range portals {
		if got := env(p.Services[name], "TRUSTED_PROXIES"); got != subnet {
			bad("%s TRUSTED_PROXIES is %q, want the network's subnet %q", name, got, subnet)
		}
	}

	// Only the proxy is reachable from outside: HTTP and HTTPS.
	for _, name := range p.ServiceNames() {
		if s := p.Services[name]; name != "proxy" && len(s.Ports) > 0 {
			bad("%s publishes ports %v; only the proxy may", name, s.Ports)
		}
	}
	var targets []string
	for _, port := range proxy.Ports {
		targets = append(targets, fmt.Sprintf("%d/%s", port.Target, port.Protocol))
	}
	if !slices.Contains(targets, "80/tcp") || !slices.Contains(targets, "443/tcp") {
		bad("proxy publishes %v, want 80 and 443", targets)
	}

	// The portals' settings: Redis is the redis service; the portal
	// itself accepts the environment; it gets longer to stop than it
	// takes.
	for _, name := range portals {
		s := p.Services[name]
		u, err := url.Parse(env(s, "REDIS_URL"))
		if err != nil || u.Scheme != "redis" || u.Hostname() != "redis" || (u.Port() != "" && u.Port() != "6379") {
			bad("%s REDIS_URL %q does not point at the redis service", name, env(s, "REDIS_URL"))
		}
		// Set, and empty: an env_file cannot turn it on behind a proxy
		// that passes every header a client sends.
		if v, ok := s.Environment["STAFF_HEADER"]; !ok || v == nil || *v != "" {
			bad("%s STAFF_HEADER is not set empty", name)
		}
		cfg, err := config.Load(func(k string) string { return env(s, k) })
		if err != nil {
			bad("%s environment: the portal would not start: %v", name, err)
			continue
		}
		// Metrics on a port of the compose network, not the public one.
		if cfg.MetricsAddr == "" {
			bad("%s METRICS_ADDR is not set: Prometheus on the network has nothing to scrape", name)
		}
		if s.StopGracePeriod == nil || time.Duration(*s.StopGracePeriod) <= cfg.ShutdownTimeout {
			bad("%s stop_grace_period %v is not longer than SHUTDOWN_TIMEOUT %s", name, s.StopGracePeriod, cfg.ShutdownTimeout)
		}
		// Staff accounts come from a compose secret under ./secrets/.
		if f := cfg.StaffAccountsFile; f != "" {
			i := slices.IndexFunc(s.Secrets, func(r types.ServiceSecretConfig) bool { return secretPath(r) == f })
			if i < 0 {
				bad("%s STAFF_ACCOUNTS_FILE %q is not a secret it mounts", name, f)
			} else if file := p.Secrets[s.Secrets[i].Source].File; filepath.Dir(file) != filepath.Join(p.WorkingDir, "secrets") {
				bad("secret %s is %s, not under ./secrets/ (kept out of git and the image)", s.Secrets[i].Source, file)
			}
		}
		// Every reverse_proxy of the Caddyfile reaches it on the port it
		// listens on.
		_, port, _ := strings.Cut(cfg.ListenAddr, ":")
		cf, _ := caddyfile(p)
		for _, line := range strings.Split(cf, "\n") {
			f := strings.Fields(line)
			if len(f) > 0 && f[0] == "reverse_proxy" && !slices.Contains(f, name+":"+port) {
				bad("the Caddyfile's %q does not proxy to %s:%s (LISTEN_ADDR %s)", strings.TrimSpace(line), name, port, cfg.ListenAddr)
			}
		}
	}

	// The Caddyfile: the site, and the loopback site of the health check.
	cf, err := caddyfile(p)
	if err != nil {
		bad("Caddyfile: %v", err)
	}
	for _, line := range strings.Split(cf, "\n") {
		// A passive health check keeps a portal out for fail_duration
		// after its restart: restarting the other one then leaves none.
		if f := strings.Fields(line); len(f) > 0 && (f[0] == "fail_duration" || f[0] == "max_fails") {
			bad("the Caddyfile has a passive health check (%s), which breaks a rolling restart", f[0])
		}
	}
	if hc := proxy.HealthCheck; err == nil && checked(hc) {
		var u *url.URL
		for _, a := range hc.Test {
			if v, err := url.Parse(a); err == nil && v.Scheme == "http" {
				u = v
			}
		}
		if u == nil || !strings.Contains(cf, "http://:"+u.Port()+" {") || !strings.Contains(cf, "handle "+u.Path+" {") {
			bad("proxy health check %q asks no site of the Caddyfile", hc.Test)
		}
	}
	return out
}

// Caddyfile site address of a loaded project: its first line that opens a
// block and is not the global options.
func siteAddress(t *testing.T, p *types.Project) string {
	t.Helper()
	cf, err := caddyfile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(cf, "\n") {
		if a, ok := strings.CutSuffix(line, " {"); ok && a != "" && !strings.HasPrefix(a, " ") {
			return a
		}
	}
	t.Fatalf("no site in the Caddyfile:\n%s", cf)
	return ""
}

func TestComposeFile(t *testing.T) {
	raw := readFile(t, "docker-compose.yml")
	p, err := load(t, raw, nil)
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	for _, pr := range problems(p, raw) {
		t.Error(pr)
	}
	if got := siteAddress(t, p); got != ":80" {
		t.Errorf("site address %q without SITE_ADDRESS, want :80 (plain HTTP)", got)
	}
	if got := env(p.Services["portal-1"], "BASE_URL"); got != "" {
		t.Errorf("BASE_URL %q without a BASE_URL, want unset", got)
	}
}

// With a real domain: Caddy serves it over HTTPS, the portals know their
// public URL, and a subnet of the operator's choosing is trusted.
func TestComposeFileProduction(t *testing.T) {
	raw := readFile(t, "docker-compose.yml")
	p, err := load(t, raw, map[string]string{
		"SITE_ADDRESS":      "hulp.beekdal.example",
		"BASE_URL":          "https://hulp.beekdal.example",
		"WEGWIJZER_SUBNET":  "10.123.45.0/24",
		"WEGWIJZER_VERSION": "1.4.0",
		"CONTENT_PATH":      "/srv/wegwijzer/content",
	})
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	for _, pr := range problems(p, raw) {
		t.Error(pr)
	}
	if got := siteAddress(t, p); got != "hulp.beekdal.example" {
		t.Errorf("site address %q, want the domain", got)
	}
	for _, name := range portals {
		s := p.Services[name]
		if got := env(s, "BASE_URL"); got != "https://hulp.beekdal.example" {
			t.Errorf("%s BASE_URL %q", name, got)
		}
		if got := env(s, "TRUSTED_PROXIES"); got != "10.123.45.0/24" {
			t.Errorf("%s TRUSTED_PROXIES %q, want WEGWIJZER_SUBNET", name, got)
		}
		if s.Image != "wegwijzer:1.4.0" {
			t.Errorf("%s image %q", name, s.Image)
		}
		if !slices.ContainsFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool {
			return v.Source == "/srv/wegwijzer/content" && v.Target == env(s, "CONTENT_DIR") && v.ReadOnly
		}) {
			t.Errorf("%s does not mount CONTENT_PATH read-only at CONTENT_DIR: %+v", name, s.Volumes)
		}
	}
	if got := p.Services["portal-1"].Build.Args["VERSION"]; got == nil || *got != "1.4.0" {
		t.Errorf("build arg VERSION %v, want WEGWIJZER_VERSION", got)
	}
}

// The optional env file carries secrets and further settings, but cannot
// change what the compose file sets: Compose gives environment: the last
// word.
func TestComposeEnvFile(t *testing.T) {
	raw := readFile(t, "docker-compose.yml")
	wd := t.TempDir()
	if err := os.Mkdir(filepath.Join(wd, "secrets"), 0o700); err != nil {
		t.Fatal(err)
	}
	secret := strings.Repeat("ab", 32)
	envFile := "CSRF_SECRET=" + secret + "\nCONTACT_WEBHOOK_URL=https://zaak.example/in\n" +
		"STAFF_HEADER=X-Remote-User\nTRUSTED_PROXIES=0.0.0.0/0\nREDIS_URL=redis://elsewhere:6379/0\n"
	if err := os.WriteFile(filepath.Join(wd, "secrets", "wegwijzer.env"), []byte(envFile), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := loadIn(wd, raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range problems(p, raw) {
		t.Error(pr)
	}
	s := p.Services["portal-2"]
	if env(s, "CSRF_SECRET") != secret || env(s, "CONTACT_WEBHOOK_URL") != "https://zaak.example/in" {
		t.Errorf("the env file's settings did not arrive: %v", s.Environment)
	}

	// Without it the stack still loads: it is optional.
	if err := os.Remove(filepath.Join(wd, "secrets", "wegwijzer.env")); err != nil {
		t.Fatal(err)
	}
	if _, err := loadIn(wd, raw, nil); err != nil {
		t.Errorf("without secrets/wegwijzer.env: %v", err)
	}
}

// Every check above fails when the file is broken in the way it guards
// against: each case breaks one thing, and the load or the problems must
// say so.
func TestComposeFileBroken(t *testing.T) {
	raw := string(readFile(t, "docker-compose.yml"))
	for _, tc := range []struct {
		name, old, new, want string
		more                 []string // further old, new pairs
	}{
		{"version key", "name: wegwijzer\n", "version: \"3.8\"\nname: wegwijzer\n", "version: key", nil},
		{"unknown key", "    hostname: portal-2\n", "    hostname: portal-2\n    helthcheck: {}\n", "services.portal-2.helthcheck", nil},
		{"bad interpolation", "${SITE_ADDRESS:-:80}", "${SITE_ADDRESS:-:80", "invalid", nil},
		{"no portal-2", "  portal-2:\n    <<: *portal\n    hostname: portal-2\n", "", "no service portal-2",
			[]string{"      portal-2:\n        condition: service_healthy\n", ""}},
		{"other image", "    hostname: portal-2\n", "    hostname: portal-2\n    image: wegwijzer:other\n", "different images", nil},
		{"no build", "    build:\n      context: .\n", "    build:\n      context: ./cmd\n", "not built from the repository's Dockerfile", nil},
		{"portal without health check", "    hostname: portal-2\n", "    hostname: portal-2\n    healthcheck:\n      disable: true\n", "portal-2 has no health check", nil},
		{"portal checked with curl", `test: ["CMD", "/wegwijzer", "healthcheck"]`, `test: ["CMD", "curl", "-f", "http://127.0.0.1:8080/healthz"]`, "want the binary's own", nil},
		{"redis without health check", `test: ["CMD-SHELL", "redis-cli ping | grep -q PONG"]`, `test: ["NONE"]`, "redis has no health check", nil},
		{"proxy without health check", `test: ["CMD", "wget", "-q", "--spider", "http://127.0.0.1:8081/healthz"]`, `test: ["NONE"]`, "proxy has no health check", nil},
		{"proxy checks a port Caddy does not serve", "http://127.0.0.1:8081/healthz", "http://127.0.0.1:9999/healthz", "asks no site of the Caddyfile", nil},
		{"appendonly off", "- --appendonly\n      - \"yes\"", "- --appendonly\n      - \"no\"", "appendonly is \"no\"", nil},
		{"appendfsync always", "- everysec", "- always", "appendfsync is \"always\"", nil},
		{"eviction", "- noeviction", "- allkeys-lru", "maxmemory-policy is \"allkeys-lru\"", nil},
		{"redis 6", "image: redis:7", "image: redis:6", "want redis:7", nil},
		{"redis data in the container", "      - redis-data:/data\n", "      - /data\n", "not on a named volume", nil},
		{"portals start before redis is healthy", "    redis:\n      condition: service_healthy", "    redis:\n      condition: service_started", "portal-1 does not wait for redis healthy", nil},
		{"proxy does not wait for portal-2", "      portal-2:\n        condition: service_healthy\n", "", "proxy does not wait for portal-2 healthy", nil},
		{"trusting everyone", "TRUSTED_PROXIES: *subnet", "TRUSTED_PROXIES: 0.0.0.0/0", "TRUSTED_PROXIES is \"0.0.0.0/0\"", nil},
		{"another subnet", "        - subnet: *subnet", "        - subnet: 10.9.0.0/24", "want the network's subnet \"10.9.0.0/24\"", nil},
		{"no fixed subnet", "    ipam:\n      config:\n        - subnet: *subnet\n", "    driver: bridge\n", "no fixed subnet", nil},
		{"redis published", "    image: redis:7\n", "    image: redis:7\n    ports:\n      - \"6379:6379\"\n", "redis publishes ports", nil},
		{"portal published", "  image: wegwijzer:${WEGWIJZER_VERSION:-local}\n", "  image: wegwijzer:${WEGWIJZER_VERSION:-local}\n  ports:\n    - \"8080:8080\"\n", "portal-1 publishes ports", nil},
		{"no https", "      - \"${HTTPS_PORT:-443}:443\"\n", "", "want 80 and 443", nil},
		{"redis elsewhere", "REDIS_URL: redis://redis:6379/0", "REDIS_URL: redis://localhost:6379/0", "does not point at the redis service", nil},
		{"a setting the portal refuses", "LOG_FORMAT: json", "LOG_FORMAT: xml", "the portal would not start: config: LOG_FORMAT", nil},
		{"killed before SHUTDOWN_TIMEOUT", "stop_grace_period: 20s", "stop_grace_period: 10s", "stop_grace_period", nil},
		{"staff header left to the env_file", "    STAFF_HEADER: \"\"\n", "", "STAFF_HEADER is not set empty", nil},
		{"staff header on", "    STAFF_HEADER: \"\"\n", "    STAFF_HEADER: X-Remote-User\n", "STAFF_HEADER is not set empty", nil},
		{"staff file in the repository", "file: ./secrets/staff.htpasswd", "file: ./staff.htpasswd", "not under ./secrets/", nil},
		{"staff file not mounted", "  secrets:\n    - staff_accounts\n", "", "is not a secret it mounts", nil},
		{"Caddy without portal-2", "reverse_proxy portal-1:8080 portal-2:8080 {\n          lb_policy", "reverse_proxy portal-1:8080 {\n          lb_policy", "does not proxy to portal-2:8080", nil},
		{"portal on another port", `LISTEN_ADDR: ":8080"`, `LISTEN_ADDR: ":8090"`, "does not proxy to portal-1:8090", nil},
		{"passive health check", "          health_uri /healthz\n", "          health_uri /healthz\n          fail_duration 30s\n", "passive health check (fail_duration)", nil},
		{"no Caddyfile", "        target: /etc/caddy/Caddyfile\n", "        target: /etc/caddy/other\n", "mounts no config at /etc/caddy/Caddyfile", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			broken := raw
			edits := append([]string{tc.old, tc.new}, tc.more...)
			for i := 0; i < len(edits); i += 2 {
				b := strings.Replace(broken, edits[i], edits[i+1], 1)
				if b == broken {
					t.Fatalf("%q is not in docker-compose.yml any more; update the case", edits[i])
				}
				broken = b
			}
			p, err := load(t, []byte(broken), nil)
			var got []string
			if err != nil {
				got = []string{err.Error()}
			} else {
				got = problems(p, []byte(broken))
			}
			i := slices.IndexFunc(got, func(s string) bool { return strings.Contains(s, tc.want) })
			if i < 0 {
				t.Fatalf("want a problem with %q, got %q", tc.want, got)
			}
			t.Log(got[i])
		})
	}
}

// With Caddy installed (nothing else needs it), the Caddyfile as
// Compose fills it in is checked by Caddy itself, for plain HTTP and for
// a domain.
func TestCaddyfileValidates(t *testing.T) {
	caddy, err := exec.LookPath("caddy")
	if err != nil {
		t.Skip("caddy is not installed")
	}
	raw := readFile(t, "docker-compose.yml")
	for _, site := range []string{"", "hulp.beekdal.example"} {
		p, err := load(t, raw, map[string]string{"SITE_ADDRESS": site})
		if err != nil {
			t.Fatal(err)
		}
		cf, err := caddyfile(p)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "Caddyfile")
		if err := os.WriteFile(file, []byte(cf), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(caddy, "validate", "--config", file, "--adapter", "caddyfile")
		cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("SITE_ADDRESS=%q: caddy validate: %v\n%s", site, err, out)
		}
	}
}

// The image checks itself with the same command as the compose file.
func TestDockerfileHealthcheck(t *testing.T) {
	df := string(readFile(t, "Dockerfile"))
	df = strings.ReplaceAll(df, "\\\n", " ")
	var hc string
	for _, line := range strings.Split(df, "\n") {
		if strings.HasPrefix(line, "HEALTHCHECK ") {
			hc = line
		}
	}
	if !strings.HasSuffix(strings.TrimSpace(hc), `CMD ["/wegwijzer", "healthcheck"]`) {
		t.Errorf("the Dockerfile's HEALTHCHECK is %q, want the exec form of /wegwijzer healthcheck", hc)
	}
	if !strings.Contains(df, "COPY --from=build /out/wegwijzer /wegwijzer\n") {
		t.Error("the binary is no longer at /wegwijzer in the image")
	}
}

// Secrets stay out of git and out of the image's build context.
func TestSecretsIgnored(t *testing.T) {
	for file, want := range map[string]string{".gitignore": "/secrets/", ".dockerignore": "secrets"} {
		lines := strings.Split(string(readFile(t, file)), "\n")
		if !slices.Contains(lines, want) {
			t.Errorf("%s has no line %q", file, want)
		}
	}
}
