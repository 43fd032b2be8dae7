import type { KubeClient, KubeResponse, RequestOptions } from '../src/cluster/kube-client.js';

/**
 * A KubeClient for unit tests of what the readers send: each request's path is recorded and `answer` gives the
 * body (status 200 unless it says otherwise). The live tier runs the same readers against a real kube-apiserver.
 */
export const recordingClient = (
  answer: (path: string, options?: RequestOptions) => { readonly status?: number; readonly body: unknown },
): { readonly client: KubeClient; readonly paths: string[] } => {
  const paths: string[] = [];
  const client: KubeClient = {
    server: 'https://example.invalid',
    contextName: 'test',
    request: (path, options) => {
      paths.push(path);
      const { status = 200, body } = answer(path, options);
      return Promise.resolve<KubeResponse>({ status, headers: {}, body });
    },
    close: () => undefined,
  };
  return { client, paths };
};
