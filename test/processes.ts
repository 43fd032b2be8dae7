/** Whether a process still exists (signal 0 delivers nothing, it only checks the pid). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
