package testproc

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// TestCPUTime: CPUTime agrees with the kernel's own account of this
// process (getrusage) over 300 ms of busy work, however busy the machine.
func TestCPUTime(t *testing.T) {
	rusage := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	before, err := CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	start := rusage()
	for deadline := time.Now().Add(30 * time.Second); rusage()-start < 300*time.Millisecond && time.Now().Before(deadline); {
	}
	used := rusage() - start
	after, err := CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if d := after - before; d < used-100*time.Millisecond || d > used+time.Second {
		t.Errorf("CPUTime says %s for %s of busy work (getrusage)", d, used)
	}
}

func TestRSSKB(t *testing.T) {
	kb, err := RSSKB(os.Getpid())
	if err != nil || kb <= 0 {
		t.Errorf("RSS of the test = %d kB, %v", kb, err)
	}
}
