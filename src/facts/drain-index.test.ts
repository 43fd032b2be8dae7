import { aPdb, aPod, snapshotOf } from '../../test/builders.js';
import { nameOf } from '../model/kube-object.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { budgetsSelecting, podsSelectedBy } from './drain-index.js';

const withSelector = (pdb: PodDisruptionBudget, selector: NonNullable<PodDisruptionBudget['spec']>['selector']) => ({
  ...pdb,
  spec: { ...pdb.spec, selector },
});

describe('budgetsSelecting and podsSelectedBy', () => {
  const web = aPod('web-1', { labels: { app: 'web', tier: 'front' } });
  const webElsewhere = aPod('web-1', { namespace: 'other', labels: { app: 'web', tier: 'front' } });
  const db = aPod('db-0', { labels: { app: 'db' } });
  const bare = aPod('bare');
  const byApp = aPdb('z-web', { matchLabels: { app: 'web' } });
  const byTwoLabels = aPdb('m-web-front', { matchLabels: { tier: 'front', app: 'web' } });
  const wrongValue = aPdb('web-back', { matchLabels: { app: 'web', tier: 'back' } });
  const byExpression = withSelector(aPdb('a-expr'), {
    matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }],
  });
  const everything = withSelector(aPdb('everything'), {});
  const nothing = withSelector(aPdb('nothing'), null);
  const elsewhere = aPdb('web-other', { namespace: 'other', matchLabels: { app: 'web' } });
  const snapshot = snapshotOf({
    pods: [web, webElsewhere, db, bare],
    podDisruptionBudgets: [byApp, byTwoLabels, wrongValue, byExpression, everything, nothing, elsewhere],
  });

  it('finds the budgets of a pod by any selector, by name, within its namespace', () => {
    expect(budgetsSelecting(web, snapshot).map(nameOf)).toEqual(['a-expr', 'everything', 'm-web-front', 'z-web']);
    expect(budgetsSelecting(db, snapshot).map(nameOf)).toEqual(['a-expr', 'everything']);
    expect(budgetsSelecting(bare, snapshot).map(nameOf)).toEqual(['everything']);
    expect(budgetsSelecting(webElsewhere, snapshot).map(nameOf)).toEqual(['web-other']);
  });

  it('finds the pods of a budget within its namespace, in listing order', () => {
    expect(podsSelectedBy(byTwoLabels, snapshot)).toEqual([web]);
    expect(podsSelectedBy(wrongValue, snapshot)).toEqual([]);
    expect(podsSelectedBy(byExpression, snapshot)).toEqual([web, db]);
    expect(podsSelectedBy(everything, snapshot)).toEqual([web, db, bare]);
    expect(podsSelectedBy(nothing, snapshot)).toEqual([]);
    expect(podsSelectedBy(elsewhere, snapshot)).toEqual([webElsewhere]);
  });
});
