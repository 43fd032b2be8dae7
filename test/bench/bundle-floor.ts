import yauzl from 'yauzl';
import { CORE_SCHEMA, loadAll } from 'js-yaml';

/**
 * The floor of `--bundle`: open the zip, inflate every object file under `yamls/` and parse it with the same YAML
 * parser and schema, keeping nothing. Any bundle reader does at least this much.
 */
export const parseBundleLikeAReader = (zip: string): Promise<number> =>
  new Promise((resolve, reject) => {
    yauzl.open(zip, { lazyEntries: true }, (error, file) => {
      if (error) {
        reject(error);
        return;
      }
      let documents = 0;
      file.on('error', reject);
      file.on('end', () => {
        resolve(documents);
      });
      file.on('entry', (entry: yauzl.Entry) => {
        if (!/\/yamls\/.*\.yaml$/.test(entry.fileName)) {
          file.readEntry();
          return;
        }
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError) {
            reject(streamError);
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            loadAll(Buffer.concat(chunks).toString('utf8'), { schema: CORE_SCHEMA, maxAliases: 0 });
            documents++;
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
