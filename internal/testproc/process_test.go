package testproc

import (
	"os"
	"testing"
	"time"
)

func TestCPUTime(t *testing.T) {
	before, err := CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); {
	}
	after, err := CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if d := after - before; d < 150*time.Millisecond || d > 5*time.Second {
		t.Errorf("300 ms of busy loop used %s of CPU", d)
	}
}

func TestRSSKB(t *testing.T) {
	kb, err := RSSKB(os.Getpid())
	if err != nil || kb <= 0 {
		t.Errorf("RSS of the test = %d kB, %v", kb, err)
	}
}
