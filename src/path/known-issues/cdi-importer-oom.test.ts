import { aCdi } from '../../../test/kubevirt-builders.js';
import { expectFires, expectQuiet, pathOn, type Scenario } from '../../../test/known-issue-scenarios.js';
import { cdiImporterOom } from './cdi-importer-oom.js';

const withLimit = (from: string, to: string, memory?: string): Scenario => ({
  from,
  to,
  items: { cdis: [aCdi(memory)] },
});

describe('cdi-importer-oom', () => {
  it('fires on v1.8.0, whose CDI sets no importer limit (600M), toward v1.8.1 and v1.9.0', () => {
    expectFires(cdiImporterOom, withLimit('v1.8.0', 'v1.8.1'));
    expectFires(cdiImporterOom, withLimit('v1.8.0', 'v1.9.0'));
    expect(pathOn(cdiImporterOom, withLimit('v1.8.0', 'v1.9.0')).findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'CDI', name: 'cdi' },
        message: expect.stringMatching(
          /^the CDI importer's memory limit is unset \(CDI's default 600M\), below/,
        ) as unknown,
      }),
    ]);
  });

  it('fires on v1.7.1 toward v1.7.2 with a limit below 2G', () => {
    expectFires(cdiImporterOom, withLimit('v1.7.1', 'v1.7.2', '1Gi'));
  });

  it('stays quiet with the 2G limit of v1.8.1 or a raised one', () => {
    expectQuiet(cdiImporterOom, withLimit('v1.8.1', 'v1.9.0', '2G'));
    expectQuiet(cdiImporterOom, withLimit('v1.8.0', 'v1.8.1', '4G'));
  });

  it('does not apply to sources before v1.7', () => {
    expectQuiet(cdiImporterOom, withLimit('v1.6.1', 'v1.7.1'));
  });
});
