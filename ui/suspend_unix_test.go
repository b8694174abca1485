//go:build unix

package ui

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// A process that leads its session (as under `tmux new-session 'exec
// nashra'`, or a non-interactive sh -c that does) cannot be resumed by a
// shell; one in a process group of its own inside the session (a job of a
// job-control shell) can. The test runs itself as the child, which
// prints what jobControlCanResume says there.
func TestJobControlCanResume(t *testing.T) {
	if os.Getenv("NASHRA_JOBCTL_CHILD") == "1" {
		if jobControlCanResume() {
			os.Stdout.WriteString("resumable\n")
		} else {
			os.Stdout.WriteString("not resumable\n")
		}
		return
	}
	for _, tc := range []struct {
		name string
		attr *syscall.SysProcAttr
		want string
	}{
		{"session leader", &syscall.SysProcAttr{Setsid: true}, "not resumable"},
		{"a job's own process group", &syscall.SysProcAttr{Setpgid: true}, "resumable"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestJobControlCanResume$", "-test.v")
		cmd.Env = append(os.Environ(), "NASHRA_JOBCTL_CHILD=1")
		cmd.SysProcAttr = tc.attr
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: the child failed: %v\n%s", tc.name, err, out)
		}
		var got string
		for _, l := range strings.Split(string(out), "\n") {
			if l == "resumable" || l == "not resumable" {
				got = l
			}
		}
		if got != tc.want {
			t.Errorf("%s: jobControlCanResume says %q, want %q\n%s", tc.name, got, tc.want, out)
		}
	}
}
