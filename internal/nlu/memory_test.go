//go:build linux

package nlu_test

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	democontent "github.com/wegwijzer/wegwijzer/content"
	"github.com/wegwijzer/wegwijzer/internal/content"
	"github.com/wegwijzer/wegwijzer/internal/nlu"
	"github.com/wegwijzer/wegwijzer/locales"
)

// BenchmarkTrainMemory loads the demo content and trains its model as
// the portal does at start-up, and reports what that costs:
//
//   - train-ms, train-cpu-ms: the time training takes, and the processor
//     time of all its goroutines (which other work on a busy machine
//     changes less);
//   - content-MB, model-MB: the heap the content keeps, and the model;
//   - allocated-MB: all that training allocates;
//   - peak-MB: the most the heap held above the content while training,
//     garbage not yet collected included (sampled every few ms);
//   - rss-MB, rss-peak-MB: the process's resident memory after training,
//     and the most it ever had;
//   - features, weights: the model's size, over its three classifiers.
//
// Run it alone with -benchtime 1x: the figures are those of one start.
func BenchmarkTrainMemory(b *testing.B) {
	var ms runtime.MemStats
	heap := func() (alloc, total uint64) {
		runtime.GC() // twice: pooled buffers outlive one
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc, ms.TotalAlloc
	}
	for b.Loop() {
		base, _ := heap()
		c, err := content.Load(democontent.Demo, locales.FS)
		if err != nil {
			b.Fatal(err)
		}
		loaded, total0 := heap()
		stop, peak := make(chan struct{}), make(chan uint64)
		go func() {
			most := loaded
			var s runtime.MemStats
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					peak <- most
					return
				case <-tick.C:
					runtime.ReadMemStats(&s)
					most = max(most, s.HeapAlloc)
				}
			}
		}()
		start, cpu0 := time.Now(), cpuTime()
		m, err := c.Model()
		took, cpu := time.Since(start), cpuTime()-cpu0
		close(stop)
		most := <-peak
		if err != nil {
			b.Fatal(err)
		}
		trained, total1 := heap()
		runtime.KeepAlive(c) // the model's heap is what training added to the content's
		features, weights := nlu.Size(m)
		b.ReportMetric(float64(took.Milliseconds()), "train-ms")
		b.ReportMetric(float64(cpu.Milliseconds()), "train-cpu-ms")
		b.ReportMetric(mb(loaded-base), "content-MB")
		b.ReportMetric(mb(trained-loaded), "model-MB")
		b.ReportMetric(mb(total1-total0), "allocated-MB")
		b.ReportMetric(mb(most-loaded), "peak-MB")
		b.ReportMetric(procStatusMB("VmRSS"), "rss-MB")
		b.ReportMetric(procStatusMB("VmHWM"), "rss-peak-MB")
		b.ReportMetric(float64(features), "features")
		b.ReportMetric(float64(weights), "weights")
	}
}

// cpuTime is the processor time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procStatusMB reads a figure in kB from /proc/self/status, in MB.
func procStatusMB(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }
