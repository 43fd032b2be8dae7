import { ANY, type KnownIssue, UPGRADE_DOC, VERSION_OBJECT } from '../known-issue.js';
import { isDocumentedPath } from '../releases.js';

export const undocumentedUpgradePath: KnownIssue = {
  id: 'undocumented-upgrade-path',
  title: 'The upgrade path is one Harvester documents',
  from: ANY,
  to: ANY,
  detection: {
    kind: 'check',
    needs: [],
    problem: () => 'The upgrade path is not one Harvester documents',
    run: (_snapshot, path) => {
      const documented = isDocumentedPath(path.from, path.to);
      if (documented === undefined) return { notEvaluated: `the documented paths do not cover ${path.from.text}` };
      if (documented) return [];
      return [
        {
          check: 'undocumented-upgrade-path',
          severity: 'warning',
          object: VERSION_OBJECT(path),
          message: `the upgrade from ${path.from.text} to ${path.to.text} is not among the documented upgrade paths`,
          remedy: `Follow a documented path (${UPGRADE_DOC}index#upgrade-paths).`,
        },
      ];
    },
  },
  sources: [`${UPGRADE_DOC}index#upgrade-paths`],
  remedy: 'Follow a documented upgrade path.',
};
