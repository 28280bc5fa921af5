// timed_exec OUTPUT COMMAND [ARG...]: runs COMMAND and writes "WALL USER SYSTEM MAXRSS" to
// OUTPUT (seconds with microseconds, peak RSS in KiB), then exits with COMMAND's status.
//
// Why not /usr/bin/time: it prints hundredths of a second, too coarse for sessions of a
// few tens of milliseconds. Why a separate small program and not a fork in the benchmark:
// Linux carries a process's peak RSS across exec, so a child forked from the benchmark
// (which holds the test mailboxes) would report the benchmark's peak, not the command's;
// a fork from this small process starts from its few hundred KiB. It makes only C library
// calls, so it links no C++ runtime to stay that small.
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double Seconds(struct timeval t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: timed_exec OUTPUT COMMAND [ARG...]\n");
    return 64;
  }
  struct timespec began {
  }, ended{};
  clock_gettime(CLOCK_MONOTONIC, &began);
  pid_t pid = fork();
  if (pid < 0) {
    perror("timed_exec: fork");
    return 71;
  }
  if (pid == 0) {
    execv(argv[2], argv + 2);
    perror("timed_exec: exec");
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) < 0) {
    perror("timed_exec: wait4");
    return 71;
  }
  clock_gettime(CLOCK_MONOTONIC, &ended);
  FILE* out = fopen(argv[1], "w");
  if (out == NULL) {
    perror("timed_exec: output");
    return 73;
  }
  double wall = static_cast<double>(ended.tv_sec - began.tv_sec) +
                static_cast<double>(ended.tv_nsec - began.tv_nsec) / 1e9;
  fprintf(out, "%.6f %.6f %.6f %ld\n", wall, Seconds(usage.ru_utime), Seconds(usage.ru_stime),
          usage.ru_maxrss);
  fclose(out);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}
