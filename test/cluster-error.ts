import { ClusterError } from '../src/cluster/errors.js';

/** The one line a ClusterError thrown by `work` prints, or `no ClusterError`. */
export const clusterErrorLine = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (error instanceof ClusterError) return error.oneLine();
  }
  return 'no ClusterError';
};
