import { naming, type Finding } from '../../model/finding.js';
import { nameOf, refOf } from '../../model/kube-object.js';
import { quantityValue } from '../../model/quantity.js';
import { itemsOf, type ClusterSnapshot } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, UPGRADE_DOC } from '../known-issue.js';

/** CDI's importer limit when spec.config.podResourceRequirements sets none (harvester/docs v1-8-x-to-v1-9-x). */
const CDI_DEFAULT_LIMIT = '600M';
/** Harvester's chart sets 2G from v1.7.2 and v1.8.1 (deploy/charts/harvester/values.yaml, cdi.spec.config). */
const FIXED_LIMIT = '2G';
const FIXED_BYTES = 2e9;

const PATCH = `kubectl -n fleet-local patch managedchart harvester --type merge -p '{"spec":{"values":{"cdi":{"spec":{"config":{"podResourceRequirements":{"limits":{"memory":"4G"}}}}}}}}'`;

const limitOf = (memory: string | number | undefined): { text: string; bytes: number | undefined } => {
  if (memory === undefined) return { text: `unset (CDI's default ${CDI_DEFAULT_LIMIT})`, bytes: 6e8 };
  const text = String(memory);
  return { text, bytes: quantityValue(text) };
};

const detect = (snapshot: ClusterSnapshot): Finding[] => {
  const cdi = itemsOf(snapshot, 'cdis').find((item) => nameOf(item) === 'cdi');
  if (!cdi) return [];
  const memory = cdi.spec?.config?.podResourceRequirements?.limits?.memory;
  const limit = limitOf(memory);
  if (limit.bytes !== undefined && limit.bytes >= FIXED_BYTES) return [];
  return [
    {
      check: 'cdi-importer-oom',
      severity: 'warning',
      object: refOf('CDI', cdi),
      message: `the CDI importer's memory limit is ${limit.text}, below the ${FIXED_LIMIT} of v1.7.2 and v1.8.1, so the importer that writes the upgrade image in Phase 1 may be OOM-killed and then crash-loop on its half-written disk`,
      remedy: `Before the upgrade raise the limit: ${PATCH}; check kubectl get cdi cdi -o jsonpath='{.spec.config.podResourceRequirements.limits.memory}'; remove the override once the upgrade is done (${UPGRADE_DOC}v1-8-x-to-v1-9-x).`,
    },
  ];
};

export const cdiImporterOom: KnownIssue = {
  id: 'cdi-importer-oom',
  title: 'The CDI importer has memory to write the upgrade image',
  // The limit that matters is the source cluster's: v1.7.0, v1.7.1 and v1.8.0 charts set none; v1.7.2, v1.7.3 and
  // v1.8.1 on set 2G (commit history of deploy/charts/harvester/values.yaml).
  from: { atLeast: 'v1.7.0-0', below: 'v1.9.0-0' },
  to: { atLeast: 'v1.7.1-0' },
  detection: {
    kind: 'check',
    needs: ['cdis'],
    // harvester/docs v1-7-x-to-v1-7-y, v1-8-x-to-v1-8-y and v1-8-x-to-v1-9-x known issue (harvester#11143,
    // #10056): qemu-img convert -t writeback buffers in memory on slow storage, the importer-prime pod is OOM-killed
    // and its /data PVC keeps a partial image, so every retry fails on space: Phase 1 crash-loops. The CDI CR holds
    // the limit actually in effect (chart value plus ManagedChart override).
    problem: (findings) => naming(findings, 'The CDI importer may run out of memory writing the upgrade image'),
    run: detect,
  },
  sources: [
    `${UPGRADE_DOC}v1-8-x-to-v1-9-x`,
    `${UPGRADE_DOC}v1-8-x-to-v1-8-y`,
    `${UPGRADE_DOC}v1-7-x-to-v1-7-y`,
    `${HARVESTER_ISSUE}11143`,
    `${HARVESTER_ISSUE}10056`,
  ],
  remedy: "Raise the CDI importer's memory limit in the harvester ManagedChart before the upgrade.",
};
