package dev.bulklaunch.bench;

/** CPU time (user + system) and peak resident memory of a process, as last read from {@code /proc}. */
record ProcessSample(long cpuTicks, long peakRssKb) {

  static final ProcessSample NONE = new ProcessSample(0, 0);

  /** utime and stime from a {@code /proc/<pid>/stat} line; the command name may hold spaces and parentheses, so fields count from the last ')'. */
  static long cpuTicks(String statLine) {
    String[] fields = fieldsAfterCommand(statLine);
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  // After ")": state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17); index 0 here is field 3.
  private static String[] fieldsAfterCommand(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
    }
    return statLine.substring(close + 1).trim().split("\\s+");
  }

  /**
   * cutime and cstime from a {@code /proc/<pid>/stat} line: the CPU of the children this process has reaped.
   * The kernel adds a child's whole CPU time here when it is waited for, so the difference around one child's
   * run is that child's exact CPU.
   */
  static long reapedChildrenCpuTicks(String statLine) {
    String[] fields = fieldsAfterCommand(statLine);
    return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
  }

  /** VmHWM (peak resident set) in kB from {@code /proc/<pid>/status}, or 0 when absent. */
  static long peakRssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  ProcessSample atLeast(ProcessSample earlier) {
    return new ProcessSample(Math.max(cpuTicks, earlier.cpuTicks), Math.max(peakRssKb, earlier.peakRssKb));
  }
}
