import { MAX_DEPTH, ShapeError, soundShape } from './sound-shape.js';

describe('soundShape', () => {
  it('keeps a valid object exactly', () => {
    const pod = {
      metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' }, generation: 2 },
      spec: { containers: [{ name: 'main', resources: { requests: { cpu: '1' } } }], nodeSelector: { a: 'b' } },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [] },
    };
    expect(soundShape(pod)).toEqual(pod);
  });

  it('drops fields of the wrong type, nulls, and non-objects inside lists of objects', () => {
    expect(
      soundShape({
        metadata: { name: 7, labels: { app: 'web', bad: 1 }, ownerReferences: 'x', generation: '2' },
        status: { conditions: [null, 'Ready', { type: 'Ready', status: 'True' }], containerStatuses: '', phase: null },
        spec: { disks: { a: {} } },
      }),
    ).toEqual({
      metadata: { labels: { app: 'web' } },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
      spec: {},
    });
  });

  it("keeps Longhorn's conditions and disks as maps of objects, for Longhorn's kinds only", () => {
    const node = { status: { conditions: { Ready: { type: 'Ready', status: 'True' }, bad: 'x' } } };
    expect(soundShape(node, { mapsOfObjects: true })).toEqual({
      status: { conditions: { Ready: { type: 'Ready', status: 'True' } } },
    });
    expect(soundShape(node)).toEqual({ status: {} });
  });

  const nested = (depth: number): unknown => {
    let value: unknown = 'leaf';
    for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { spec: value } : [value];
    return value;
  };

  it('copies an object nested as deep as the bound allows', () => {
    expect(soundShape(nested(MAX_DEPTH))).toEqual(nested(MAX_DEPTH));
  });

  it('refuses an object nested deeper than the bound, 3,000 levels included, instead of overflowing the stack', () => {
    expect(() => soundShape(nested(MAX_DEPTH + 1))).toThrow(ShapeError);
    expect(() => soundShape(nested(3000))).toThrow(`nested deeper than ${String(MAX_DEPTH)} levels`);
    expect(() => soundShape(nested(20_000))).toThrow(ShapeError);
  });
});
