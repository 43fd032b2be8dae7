import type { Api } from '../live/api';
import type { SyntheticObject } from './synthetic-cluster';

/**
 * POSTs the object, then PUTs its status subresource when it has one, through the harness's own client (the
 * harness must not depend on the code it measures); a failure names the object. As many run at once as the caller's
 * pool allows, each pair on a kept-alive connection.
 */
export const loadObject = async (api: Api, object: SyntheticObject): Promise<void> => {
  const created = (await api.must('POST', object.path, object.body)) as Record<string, unknown>;
  if (!object.status) return;
  const metadata = created.metadata as { name: string };
  await api.must('PUT', `${object.path}/${encodeURIComponent(metadata.name)}/status`, {
    ...created,
    status: object.status,
  });
};

/** Runs `work` over the items with at most `limit` in flight; the first error stops the run. */
export const pool = async <T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<number> => {
  const iterator = items[Symbol.iterator]();
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      await work(next.value);
      done++;
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return done;
};
