import { aNode } from '../../test/builders.js';
import { inMaintenanceMode } from './node-maintenance.js';

const maintained = (status: string) => aNode('node-2', { annotations: { 'harvesterhci.io/maintain-status': status } });

describe('inMaintenanceMode', () => {
  it('holds for a node with the maintain-status annotation, whatever its value', () => {
    expect(inMaintenanceMode(maintained('running'))).toBe(true);
    expect(inMaintenanceMode(maintained('completed'))).toBe(true);
    expect(inMaintenanceMode(maintained(''))).toBe(true);
  });

  it('does not hold for a node without it, cordoned or not', () => {
    expect(inMaintenanceMode(aNode('node-2'))).toBe(false);
    expect(inMaintenanceMode(aNode('node-2', { unschedulable: true }))).toBe(false);
  });
});
